# Messages of the keychain module.
keychain-unavailable = No OS keychain could be reached ({ $reason }). Start your desktop's keyring (for example GNOME Keyring or KWallet) and try again, or protect the vault with a password instead.
keychain-locked = The OS keychain is locked. Unlock it (log in to your desktop session or open your keyring) and try again.
keychain-failed = The OS keychain reported an error ({ $reason }). Try again; if it keeps failing, restart your keyring service.
