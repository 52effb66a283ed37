# Messages of the desktop app's own state (worded here so all wording lives in one place).
app-locked = Safekeep is locked. Unlock it to continue.
app-account-gone = This account is no longer in the vault (it was removed from another Safekeep window or the command line). The list has been refreshed.
app-token-gone = This backup token is no longer in the list (the list was changed elsewhere). The list has been refreshed; try again.
app-undo-expired = It is too late to undo: the token stays marked as used. You can mark it unused in the token list.
app-undo-replace-expired = It is too late to undo the replacement: the new tokens stay. Paste the old tokens again if you still need them.
app-undo-delete-expired = It is too late to undo: the account stays deleted. Add it again from the site, or restore a backup that holds it.
app-hotp-not-shown = Show the code first, then copy it.
app-reveal-not-granted = Safekeep shows secrets only right after you confirm. Click the button that shows them again.
app-no-code = This account has no code, only backup tokens.
app-clipboard-failed = The clipboard could not be used ({ $reason }). Select the code and copy it by hand.
app-print-view-failed = The print view could not be opened. Save the recovery sheet as a file instead and print it from a web browser.
app-no-home-folder = No home folder was found to keep backups and exports in. Set the HOME environment variable to your home folder and start Safekeep again.
app-save-backup = Save the encrypted backup
app-save-export = Save the unencrypted export
app-save-sheet = Save the recovery sheet
