# Meldingen van de sleutelhangermodule.
keychain-unavailable = Er is geen sleutelhanger van het systeem bereikbaar ({ $reason }). Start de sleutelhanger van je bureaublad (bijvoorbeeld GNOME Keyring of KWallet) en probeer het opnieuw, of beveilig de kluis in plaats daarvan met een wachtwoord.
keychain-locked = De sleutelhanger van het systeem is vergrendeld. Ontgrendel hem (meld je aan bij je bureaubladsessie of open je sleutelhanger) en probeer het opnieuw.
keychain-failed = De sleutelhanger van het systeem gaf een fout ({ $reason }). Probeer het opnieuw; blijft het misgaan, herstart dan je sleutelhangerdienst.
