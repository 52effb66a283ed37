# Meldingen van het back-upgedeelte van importeren en exporteren.

# Versleutelde back-ups (crates/core/src/backup.rs).
backup-empty-password = Het back-upwachtwoord is leeg. Kies een wachtwoord voor de back-up; alleen daarmee open je hem op een andere computer.
backup-not-a-backup = Dit bestand is geen back-up van Safekeep. Kies het bestand dat de back-up van Safekeep heeft gemaakt; gebruik importeren om een export van een andere app binnen te halen.
backup-damaged = Deze back-up is beschadigd of gewijzigd (het onderdeel { $part } klopt niet), dus hij is niet teruggezet en er is niets veranderd. Probeer een andere kopie van de back-up.
backup-newer-version = Deze back-up is gemaakt door een nieuwere versie van Safekeep (formaat { $version }). Werk Safekeep bij om hem terug te zetten.
backup-no-password = Dit bestand is een kluis van Safekeep zonder wachtwoord, geen back-up: hij opent alleen op de computer waarvan de sleutelhanger de sleutel heeft. Maak op die computer een back-up en zet dat bestand terug.
backup-wrong-password = Het wachtwoord opent deze back-up niet. Controleer het (en de Caps Lock-toets) en probeer het opnieuw; weet je zeker dat het klopt, dan is het bestand misschien beschadigd, dus probeer een andere kopie.
backup-exists = { $path } bestaat al, dus de back-up is er niet overheen geschreven. Kies een andere bestandsnaam, of kies ervoor dat bestand te vervangen.
backup-write-failed = De back-up kon niet worden geschreven naar { $path } ({ $reason }). Controleer of de map bestaat, of je erin mag schrijven en of de schijf ruimte heeft, en probeer het opnieuw.

# Het afdrukbare herstelblad (crates/core/src/sheet.rs).
sheet-title = Herstelblad van Safekeep
sheet-generated = Gemaakt op { $date } — bewaar dit op een veilige plek.
sheet-account = Account: { $label }
sheet-tokens-heading = Ongebruikte back-uptokens
sheet-tokens-hint = Elk token werkt één keer. Vink het af als je het hebt gebruikt.
sheet-tokens-none-left = Alle back-uptokens van deze site zijn gebruikt. Maak op de site nieuwe aan en voeg ze toe aan Safekeep.
sheet-tokens-none = Safekeep heeft geen back-uptokens voor deze site.
sheet-secret-heading = Geheime sleutel
sheet-secret-hint = Typ deze sleutel, of scan de QR-code, in een authenticator-app om weer codes voor deze site te maken.
sheet-secret-warning = Iedereen die deze pagina ziet, kan jouw codes maken. Berg hem veilig op en maak er geen foto van.
sheet-secret-settings = { $kind }, { $algorithm }, { $digits } cijfers{ $period ->
    [0] {""}
   *[other] , elke { $period } seconden een nieuwe code
}
sheet-empty = Niets om af te drukken: nog geen enkel account heeft back-uptokens.
