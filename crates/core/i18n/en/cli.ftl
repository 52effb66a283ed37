# Messages of the command line, safekeep (crates/cli). An error `cli-…`
# says what happened and has a `cli-…-next` saying what to do next; the two
# are joined into one line by cli-error-then-next. The CLI prints
# "safekeep: " before every error, warning and note.

cli-error-then-next = { $what }; { $next }
# A core error (a full sentence that already says what to do) followed by
# the command line's own next step.
cli-sentence-then-next = { $what } { $next }
cli-warning = warning: { $message }
cli-note = note: { $message }

## Asking on the terminal. The CLI adds a space after each prompt.

cli-prompt-vault-password = Vault password:
cli-prompt-choose-vault-password = Choose a vault password:
cli-prompt-new-vault-password = New vault password:
cli-prompt-repeat-password = Repeat the password:
cli-prompt-new-backup-password = New backup password:
cli-prompt-backup-password = Backup password:
cli-prompt-file-password = Password of the { $format } file:
cli-prompt-new-file-password = New password for the exported file:
cli-prompt-secret = { $what } (not shown):
cli-what-backup-token = backup token
cli-what-secret-key = secret key
cli-what-link = otpauth:// link
cli-confirm-choices = {"[y/N]"}
# The answers that mean yes, separated by commas, in lower case.
cli-confirm-yes = y, yes

## Reading what the person gives.

cli-stdin-unreadable = could not read standard input ({ $reason })
cli-stdin-unreadable-next = check what is piped into the command and run it again
cli-stdin-no-password-line = standard input has no line { $line } to read the password from
cli-stdin-no-password-line-next = put one password per line, the vault's first
cli-stdin-no-secret = standard input has no { $what } on line { $line }
cli-stdin-no-secret-next = put it there (after the vault password when --password-stdin is given)
cli-secret-unreadable = could not read the { $what } ({ $reason })
cli-secret-unreadable-next = run the command again, or pipe the { $what } in on standard input
cli-password-unreadable = could not read the password ({ $reason })
cli-password-unreadable-next = run the command again, or pass the password on standard input
cli-passwords-differ = the two passwords differ
cli-passwords-differ-next = run the command again
cli-no-home = no home directory was found for the vault
cli-no-home-next = set SAFEKEEP_DATA_DIR to a folder to keep it in
cli-no-terminal-for-vault-password = (No terminal to ask on: pass the password on the first line of standard input with --password-stdin.)
cli-weak-password-ok = To use it anyway, pass --weak-password-ok.

## The vault: init and password.

cli-init-no-keychain = the OS keychain cannot be used ({ $problem }); the vault will be protected with a password instead.
cli-init-password-needed = a password is needed because the OS keychain cannot be used, and there is no terminal to ask on
cli-init-password-needed-next = pass it on the first line of standard input with --password-stdin
cli-created-vault-keychain-and-password = Created the vault at { $path } (its key is in your OS keychain, and the password opens it too).
cli-created-vault-keychain = Created the vault at { $path } (its key is in your OS keychain).
cli-created-vault-password = Created the vault at { $path } (it opens with your password).
cli-new-password-needed = a new password is needed and there is no terminal to ask on
cli-new-password-needed-next = pass it on standard input with --new-password-stdin (on the line after the vault password if --password-stdin is given too)
cli-password-changed = Changed the vault password.
cli-password-added = Added a password: it opens the vault on another computer and when the OS keychain cannot.
cli-password-removed = Removed the password; the vault opens with the key in your OS keychain.
cli-password-at-unlock-on = The password is now asked after a lock and at start, by the app and by every safekeep command.
cli-password-at-unlock-off = The vault opens with the key in your OS keychain again, without the password.
cli-sync-enabled = This computer's vault is now kept in the synced folder { $path } (its own file there is { $file }). On another computer, run: safekeep init --join { $path }
cli-join-password-needed = joining needs the vault's password, and there is no terminal to ask on
cli-join-password-needed-next = pass it on the first line of standard input with --password-stdin
cli-joined-keychain = This computer ({ $name }) joined the vault in { $path }; from now on its key is in this computer's OS keychain too.
cli-joined-password = This computer ({ $name }) joined the vault in { $path }; it opens with the password (the OS keychain cannot be used here).
cli-sync-not-enabled = this vault is not kept in a synced folder
cli-sync-not-enabled-next = to keep it in one, run: safekeep sync enable <folder>
cli-sync-folder-unusable = the folder { $path } cannot be used ({ $reason })
cli-sync-folder-unusable-next = give the full path of the folder your sync program keeps in step
cli-sync-status-folder = Synced folder: { $path }
cli-sync-status-this = This computer: { $name } ({ $id })
cli-sync-status-alone = No other computer has joined yet.
cli-sync-status-other = { $name } ({ $id }): last seen { $time }
cli-sync-status-other-no-file = { $name } ({ $id }): its file is not in the folder (yet)
cli-sync-status-key-changed = The password or key was changed on { $name }; this computer has not caught up yet (run: safekeep sync catch-up).
cli-sync-catch-up-how = To enter it here, run: safekeep sync catch-up
cli-sync-caught-up = This computer uses the vault's newest password and key, in step with the other computers.
cli-catch-up-password-needed = catching up needs the vault's password as it is now, and there is no terminal to ask on
cli-catch-up-password-needed-next = pass it on the first line of standard input with --password-stdin
cli-sync-remove-password-stdin = Pass it on the first line of standard input with --password-stdin.
cli-sync-removed = Removed { $name } from the vault: its file is deleted and the vault has a new key, which { $name }'s keychain does not open. Your other computers ask for the vault's password once (safekeep sync catch-up).

## Accounts: add, list, code, pin, remove.

cli-add-name-flags = Give --issuer or --label, or an otpauth:// link (and --secret for codes).
cli-added-account = Added { $name }.
cli-list-empty = No accounts yet. Add one with 'safekeep add <otpauth-link>'.
cli-list-pinned = pinned
cli-list-tokens = { $unused }/{ $total } backup tokens
cli-no-code = { $name } has no code generator, only backup tokens
cli-no-code-next = use 'safekeep tokens use'
cli-confirm-remove = Remove { $name } and its backup tokens?
cli-not-removed = not removed
cli-not-removed-next = confirm on a terminal, or pass --yes
cli-pinned = Pinned { $name }: it comes first in every list.
cli-unpinned = Unpinned { $name }.
cli-removed-account = Removed { $name }.
cli-account-gone = the account was removed by another Safekeep window or command meanwhile
cli-account-gone-next = see 'safekeep list' and run the command again

## Backup tokens.

cli-tokens-none-stored = { $site } has no backup tokens; add them with 'safekeep tokens add { $query }'
cli-token-used-at = used { $time }
cli-token-unused = unused
cli-tokens-unused-count = { $unused } of { $total } unused.
cli-tokens-one-left = Only 1 backup token left for { $site }. Generate new ones on the site and add them with 'safekeep tokens add'.
cli-tokens-last-used = That was the last backup token for { $site }. Generate new ones on the site and add them with 'safekeep tokens add'.
cli-no-tokens-left = no unused backup tokens left for { $site }
cli-no-tokens-left-next = generate new ones on the site and add them with 'safekeep tokens add'
cli-token-marked-used = Marked the token used. { $site }: { $unused } of { $total } unused.
cli-token-marked-unused = Marked the token unused. { $site }: { $unused } of { $total } unused.
cli-tokens-skipped-stored = { $count } already stored
cli-tokens-skipped-repeated = { $count } repeated in the list
cli-tokens-skipped = (skipped { $what })
cli-tokens-added = Added { $added } backup tokens to { $site }{ $skipped }. { $unused } of { $total } unused.
cli-tokens-replaced = Replaced { $dropped } old backup tokens of { $site } with { $added } new ones{ $skipped }. { $unused } of { $total } unused.
cli-left-out-line = line { $line }

## Backup and restore.

cli-backup-no-file = no backup file was named
cli-backup-no-file-next = name the backup file to write, e.g. --output FILE
cli-replace-with-force = To replace it, pass --force.
cli-backup-password-needed = a backup password is needed and there is no terminal to ask on
cli-backup-password-needed-next = pass it on standard input with --backup-password-stdin (on the line after the vault password if --password-stdin is given too)
cli-backup-written = Wrote an encrypted backup of { $accounts ->
    [one] 1 account
   *[other] { $accounts } accounts
} to { $file }. It opens with the backup password on any computer; keep that password somewhere else than the file.
cli-backup-unreadable = could not read the backup { $file } ({ $reason })
cli-backup-unreadable-next = check the file name
cli-restore-password-needed = the backup's password is needed and there is no terminal to ask on
cli-restore-password-needed-next = pass it on standard input with --backup-password-stdin (on the line after the vault password if --password-stdin is given too)
cli-confirm-replace = Replacing removes { $count ->
    [one] 1 account
   *[other] { $count } accounts
} that the backup does not have. Replace?
cli-not-restored = not restored: --replace would remove { $count ->
    [one] 1 account
   *[other] { $count } accounts
} that the backup does not have
cli-not-restored-next = confirm on a terminal, pass --yes, or restore without --replace to merge
cli-restored-merged = Restored { $in_backup ->
    [one] 1 account
   *[other] { $in_backup } accounts
} from { $file } into the vault: { $added } added, { $matched } already here (backup tokens and used marks combined, { $tokens_added ->
    [one] 1 backup token
   *[other] { $tokens_added } backup tokens
} added), { $only_here } only in this vault kept.
cli-restored-replaced = Replaced the vault's accounts with the { $in_backup ->
    [one] 1 account
   *[other] { $in_backup } accounts
} of { $file }: { $removed ->
    [one] 1 account
   *[other] { $removed } accounts
} that were only in this vault removed.
cli-restored-kept-used = { $count ->
    [one] 1 backup token used since the backup stays used.
   *[other] { $count } backup tokens used since the backup stay used.
}

## Import.

cli-file-unreadable = could not read the file { $file } ({ $reason })
cli-file-unreadable-next = check the file name
cli-file-password-needed = this { $format } file is encrypted and there is no terminal to ask for its password on
cli-file-password-needed-next = pass it on standard input with --file-password-stdin (on the line after the vault password if --password-stdin is given too)
cli-export-password-needed = the encrypted export needs a password and there is no terminal to ask on
cli-export-password-needed-next = pass it on standard input with --file-password-stdin (on the line after the vault password if --password-stdin is given too)
cli-import-tokens-instead = For a plain list of backup tokens for one site, use 'safekeep tokens add <site> < FILE'.
cli-source-clipboard = the clipboard
cli-source-screen = the screen
cli-imported = Imported from { $file }: { $added ->
    [one] 1 account
   *[other] { $added } accounts
} added, { $skipped } already in the vault skipped, { $rejected } not readable.
cli-imported-added = Added: { $names }.
cli-imported-skipped = Skipped, already in the vault (their backup tokens were merged, used marks kept): { $names }.
cli-import-rejected = Not imported: { $name }: { $reason }

## Export.

cli-include-secrets-sheet-only = --include-secrets is only for --format sheet
cli-include-secrets-sheet-only-next = the other formats always hold the secrets, so leave it out
cli-export-risk-tokens = anyone who reads it can use your backup tokens
cli-export-risk-codes = anyone who reads it can make your codes
cli-confirm-export = This file is NOT encrypted: { $risk }. Write it?
cli-not-exported = not exported: this file is NOT encrypted, { $risk }
cli-not-exported-next = confirm on a terminal, or pass --yes
cli-output-exists = { $file } already exists, so nothing was written
cli-output-exists-next = choose another file name, or pass --force to replace it
cli-output-unwritable = could not write { $file } ({ $reason })
cli-output-unwritable-next = check that the folder exists, that you may write there and that the disk has space
cli-stdout-made-private = standard output is a file other users could read; it is now readable by you only.
cli-stdout-not-private = standard output is a file other users can read, and it could not be made private ({ $reason }); nothing was written
cli-stdout-not-private-next = use --output FILE instead
cli-stdout-unwritable = could not write to standard output ({ $reason })
cli-stdout-unwritable-next = check that the disk has space, and run the command again
cli-exported-sheet = Wrote a printable recovery sheet. It is NOT encrypted: print it, then delete the file.
cli-exported-as-otpauth = as otpauth links
cli-exported-as-google = as Google Authenticator migration links
cli-exported-as-aegis = as an Aegis plain export
cli-exported-as-aegis-encrypted = as an Aegis export encrypted with its own password
cli-export-left-out-no-secret = they have no secret, only backup tokens
cli-export-left-out-google = Google Authenticator cannot make their codes, or they have only backup tokens
cli-export-left-out = ({ $count ->
    [one] 1 account
   *[other] { $count } accounts
} left out: { $why })
cli-exported = Exported { $count ->
    [one] 1 account
   *[other] { $count } accounts
} { $how }{ $left_out }. It is NOT encrypted: keep it safe, and delete it when you no longer need it.
cli-export-tokens-not-included = Backup tokens are not part of this format; 'safekeep backup' keeps them, encrypted, and 'safekeep export --format sheet' prints them.
