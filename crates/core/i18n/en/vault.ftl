# Messages of the vault module.
vault-create-exists = A vault already exists at { $path }. Open it instead; to start over, move that file away first.
vault-create-no-way-to-unlock = A vault needs a way to unlock it. Keep its key in the OS keychain, set a password, or both.
vault-create-password-needed = No OS keychain is available, so the vault needs a password. Choose one you can remember.
vault-empty-password = The password is empty. Choose a password you can remember; it opens the vault where the keychain cannot, for example a copy of the vault file on another computer.
vault-io = Safekeep could not use its data folder { $path } ({ $reason }). Check that the folder exists and that you may write to it.
vault-missing = There is no vault yet at { $path }. Create one first ('safekeep init', or start the app).
vault-damaged = The vault file { $path } is damaged or was changed outside Safekeep (its { $part } is wrong), so it was not opened. The file was left as it is. Restore the newest copy from the “backups” folder next to it.
kdf-out-of-bounds = This file asks for password hashing ({ $kdf }) with { $parameter } = { $value }, outside what Safekeep accepts ({ $min } to { $max }). Only a damaged or forged file asks for that, so it was refused before any work was done, and nothing was changed. Use another copy of the file, or make it again with the app that wrote it.
kdf-unusable = These password-hashing settings cannot be used (an unknown method, or values Argon2 itself refuses), so nothing was changed. Use the recommended settings.
vault-key-changed = The vault file { $path } was locked with a new key by another Safekeep window or command (its password or keychain key was changed), so this window cannot read it any more and saved nothing. Unlock the vault again.
vault-replaced = The vault file { $path } is now a different vault than the one Safekeep opened (another vault was copied over it), so nothing was read from it or written to it. Put the right file back, or unlock the vault again to use the one that is there now.
vault-newer-version = This vault was written by a newer version of Safekeep (format { $version }). Update Safekeep to open it.
vault-needs-password = This vault is protected by a password only. Enter its password to open it.
vault-password-at-unlock = You asked Safekeep to ask for your password after a lock and at start, so the OS keychain does not open this vault. Enter the vault password to open it.
vault-no-password-slot = This vault has no password; it opens with the key in your OS keychain.
vault-wrong-password = The password is wrong. Check it (and the Caps Lock key) and try again.
vault-key-missing-use-password = The key for this vault is not in your OS keychain (it was removed, the vault was copied from another computer, or the vault file was damaged or changed). Open it with its password instead.
vault-key-missing = The key for this vault is not in your OS keychain (it was removed, the vault was copied from another computer, or the vault file was damaged or changed), and the vault has no password. It can only be opened where its key is; restore an encrypted backup instead.
vault-key-wrong-use-password = The key in your OS keychain does not open this vault: its keychain entry was changed outside Safekeep, or the vault file was damaged. The file was left as it is. Open it with its password instead.
vault-key-wrong = The key in your OS keychain does not open this vault: its keychain entry was changed outside Safekeep, or the vault file was damaged. The file was left as it is. If the file was damaged, restore the newest copy from the “backups” folder next to it; if the entry was changed, put its old value back or restore an encrypted backup.
vault-keychain-use-password = { $state ->
    [locked] The OS keychain is locked.
   *[other] The OS keychain could not be used ({ $reason }).
} Open the vault with its password instead, or unlock the keychain and try again.
vault-rolled-back = The vault file { $path } is older than the newest one Safekeep saved on this computer (version { $found }, expected { $expected }). An old copy may have been put back, so backup tokens used since may show as unused. If you restored it on purpose, open it with “accept older vault”; otherwise restore the newest copy from the “backups” folder.
vault-save-failed = The change could not be saved in { $path } ({ $reason }). Nothing was lost: the vault is as it was before. { $problem ->
    [full] Free some disk space, then try again.
    [read-only] The disk is read-only, so codes still show but nothing can be changed. Make it writable again (a disk the system made read-only after errors needs checking first), then try again.
   *[other] Free some disk space or check the folder's permissions, then try again.
}
vault-gone = The vault file { $path } disappeared while Safekeep had it open (its folder was removed or moved), so this change was not saved. Safekeep wrote nothing and made no new, empty vault. Put the folder back where it was, or restore an encrypted backup, then try again.
vault-last-slot = This is the only way to unlock the vault, so it cannot be removed. Add another way first.
vault-slot-password-needed = Changing the keychain key makes a new vault key, and the password has to be kept for it, but this vault was unlocked without its password. Lock it, unlock it with the password, and try again.
vault-slot-synced-needs-password = This vault is kept in a synced folder, and its password is how your other computers join it and follow a change of its key, so it cannot be removed. Nothing was changed; to use another password, change it instead.
vault-slot-catch-up-first = The vault's password or key was changed on another computer, and this one has not caught up yet: a change made here now would split the vault in two. Nothing was changed; enter the vault's password once to catch up, then try again.
sync-key-changed-elsewhere = The vault's password or key was changed on { $name }. Enter the vault's password once on this computer (the new one, if it was changed) to keep it in sync; until then this computer keeps working with what it has, but does not see what changes on { $name }. If the password was changed on this computer too while the two were apart, enter the one set on { $name }: that one is kept, with what changed on both computers.
sync-key-changed-elsewhere-unnamed = The vault's password or key was changed on another computer. Enter the vault's password once on this computer (the new one, if it was changed) to keep it in sync; until then this computer keeps working with what it has, but does not see what changes there. If the password was changed on this computer too while the two were apart, enter the one set on the other computer: that one is kept, with what changed on both computers.
sync-catch-up-nothing = This computer already uses the vault's newest key: there is nothing to catch up with. Nothing was changed.
sync-catch-up-wrong-password = This password does not open the file written with the vault's new key. Nothing was changed; enter the vault's password as it was last set on the other computer, and try again.
sync-catch-up-other-must = This password opens the other computer's file, but the vault's key was changed on both computers while they were apart, and the change here removed a computer, which may know the other computer's key. Nothing was changed; on the other computer, enter the vault's password as it is on this computer: it then catches up with this one.
sync-file-incomplete = The file { $path } in the synced folder is incomplete: your sync program may still be copying it, or it was cut short. Safekeep skipped it and reads it again next time; if this stays, let the sync finish on the computer that wrote it.
sync-file-foreign = The file { $path } in the synced folder is not a device file of this vault. Safekeep skipped it. If you put it there, move it out of the folder.
sync-file-rolled-back = The file { $path } in the synced folder is older than the newest Safekeep saw from that computer (version { $found }, expected { $expected }). An old copy may have been put back, so Safekeep skipped it. Let that computer open Safekeep once to write its file again.
sync-file-newer = The file { $path } in the synced folder was written by a newer Safekeep (file format { $version }). Safekeep skipped it. Update Safekeep on this computer.
sync-file-not-caught-up = The file { $path } in the synced folder is under a key this vault no longer uses (a computer was removed since), so that computer has not caught up yet. Safekeep does not read it until it has: on that computer, enter the vault's password once.
sync-file-removed-computer = The file { $path } in the synced folder is of a computer that was removed from this vault. Safekeep does not read it; delete it from the folder.
sync-this-computer-removed = This computer was removed from the vault in the synced folder { $path } on another computer, so it no longer syncs and its file there is not read. Nothing was changed. To use the vault here again, make an encrypted backup of what you need on a computer that still syncs, then set this computer up anew and join the folder with the vault's password.
sync-remove-not-synced = This vault is not kept in a synced folder, so there is no other computer to remove.
sync-remove-this-computer = That is this computer. A computer can remove another one, not itself; to remove this one, do it from another computer that shares the vault.
sync-remove-no-such-computer = No other computer of this vault is named { $name }. Check the names and ids the list of computers shows, and try again.
sync-remove-ambiguous = More than one computer of this vault is named { $name }. Give its id as the list of computers shows it instead.
sync-remove-password-needed = Removing a computer gives the vault a new key, which the password must keep opening, and this vault was unlocked without its password. Enter the vault's password and try again. Nothing was changed.
sync-file-unreadable = The file { $path } in the synced folder could not be read ({ $reason }). Safekeep skipped it and tries again next time; check the folder's permissions.
sync-enable-password-needed = To keep the vault in a synced folder it needs a password: that is how another computer opens it to join (your keychain stays on this computer). Add one in Settings › Password (or with “safekeep password set”), then try again.
sync-enable-already = This vault is already kept in the synced folder { $path }.
sync-enable-folder-in-use = The folder { $path } already holds a synced Safekeep vault. To use that vault on this computer, join it from a computer without a vault (“Use a vault from a synced folder” when Safekeep first starts, or “safekeep init --join”); nothing was moved.
sync-io = The synced folder { $path } could not be written ({ $reason }). Nothing was moved; check that the folder exists and that you may write there.
sync-join-has-vault = This computer already has a vault ({ $path }). Joining another one would hide it; back it up and remove it first, or use this computer's vault.
sync-join-nothing = There is no Safekeep vault in { $path } to join yet. Keep the vault in that folder on the other computer first (Settings › Several computers, or “safekeep sync enable”), and let your sync program copy it here.
sync-join-no-password-slot = The vault in that folder has no password, so this computer cannot open it: the key is in the other computer's keychain only. Add a password there (Settings › Password, or “safekeep password set”), let the folder sync, and try again.
sync-own-file-missing = This computer's file in the synced folder is not there: { $path }. If the folder is on a disk or stick that is not connected, connect it; if your sync program has not put it back yet, wait for it, then try again. Nothing was changed.
vault-password-at-unlock-needs-password = Safekeep can only ask for your password at unlock when the vault has one. Set a password first.
