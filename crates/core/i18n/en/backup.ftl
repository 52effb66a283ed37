# Messages of the backup part of importing and exporting.

# Encrypted backups (crates/core/src/backup.rs).
backup-empty-password = The backup password is empty. Choose a password for the backup; it is the only way to open it on another computer.
backup-not-a-backup = This file is not a Safekeep backup. Choose the file that Safekeep's backup made; to bring in another app's export, use import instead.
backup-damaged = This backup is damaged or was changed (its { $part } is wrong), so it was not restored and nothing was changed. Try another copy of the backup.
backup-newer-version = This backup was made by a newer version of Safekeep (format { $version }). Update Safekeep to restore it.
backup-no-password = This file is a Safekeep vault without a password, not a backup: it opens only on the computer whose keychain holds its key. Make a backup on that computer and restore that file instead.
backup-wrong-password = The password does not open this backup. Check it (and the Caps Lock key) and try again; if you are sure it is right, the file may be damaged, so try another copy.
backup-exists = { $path } already exists, so the backup was not written over it. Choose another file name, or choose to replace that file.
backup-write-failed = The backup could not be written to { $path } ({ $reason }). Check that the folder exists, that you may write there and that the disk has space, then try again.

# The printable recovery sheet (crates/core/src/sheet.rs).
sheet-title = Safekeep recovery sheet
sheet-generated = Generated on { $date } — keep this in a safe place.
sheet-account = Account: { $label }
sheet-tokens-heading = Unused backup tokens
sheet-tokens-hint = Each token works once. Tick it off when you have used it.
sheet-tokens-none-left = All backup tokens of this site are used. Generate new ones on the site and add them to Safekeep.
sheet-tokens-none = Safekeep has no backup tokens for this site.
sheet-secret-heading = Secret key
sheet-secret-hint = Type this key, or scan the QR code, into an authenticator app to make codes for this site again.
sheet-secret-warning = Anyone who sees this page can make your codes. Keep it locked away and do not photograph it.
sheet-secret-settings = { $kind }, { $algorithm }, { $digits } digits{ $period ->
    [0] {""}
   *[other] , a new code every { $period } seconds
}
sheet-empty = Nothing to print: no account has backup tokens yet.
