# Meldingen van de kluismodule.
vault-create-exists = Er bestaat al een kluis op { $path }. Open die; wil je opnieuw beginnen, verplaats dat bestand dan eerst.
vault-create-no-way-to-unlock = Een kluis heeft een manier nodig om hem te openen. Bewaar de sleutel in de sleutelhanger van het systeem, kies een wachtwoord, of allebei.
vault-empty-password = Het wachtwoord is leeg. Kies een wachtwoord dat je kunt onthouden; je hebt het nodig om een back-up op een andere computer te openen.
vault-io = Safekeep kon zijn gegevensmap { $path } niet gebruiken ({ $reason }). Controleer of de map bestaat en of je erin mag schrijven.
vault-missing = Er is nog geen kluis op { $path }. Maak er eerst een aan ('safekeep init', of start de app).
vault-damaged = Het kluisbestand { $path } is beschadigd of buiten Safekeep gewijzigd (het onderdeel { $part } klopt niet), dus het is niet geopend. Het bestand is ongemoeid gelaten. Zet de nieuwste kopie uit de map “backups” ernaast terug.
vault-newer-version = Deze kluis is geschreven door een nieuwere versie van Safekeep (formaat { $version }). Werk Safekeep bij om hem te openen.
vault-needs-password = Deze kluis is alleen met een wachtwoord beveiligd. Voer het wachtwoord in om hem te openen.
vault-password-at-unlock = Je hebt Safekeep gevraagd om na vergrendelen en bij het starten om je wachtwoord te vragen, dus de sleutelhanger van het systeem opent deze kluis niet. Voer het wachtwoord van de kluis in om hem te openen.
vault-no-password-slot = Deze kluis heeft geen wachtwoord; hij opent met de sleutel in de sleutelhanger van je systeem.
vault-wrong-password = Het wachtwoord klopt niet. Controleer het (en de Caps Lock-toets) en probeer het opnieuw.
vault-key-missing-use-password = De sleutel van deze kluis staat niet in de sleutelhanger van je systeem (hij is verwijderd, de kluis komt van een andere computer, of het kluisbestand is beschadigd of gewijzigd). Open de kluis in plaats daarvan met het wachtwoord.
vault-key-missing = De sleutel van deze kluis staat niet in de sleutelhanger van je systeem (hij is verwijderd, de kluis komt van een andere computer, of het kluisbestand is beschadigd of gewijzigd), en de kluis heeft geen wachtwoord. Hij opent alleen waar de sleutel is; zet anders een versleutelde back-up terug.
vault-key-wrong-use-password = De sleutel in de sleutelhanger van je systeem opent deze kluis niet: het item in de sleutelhanger is buiten Safekeep gewijzigd, of het kluisbestand is beschadigd. Het bestand is ongemoeid gelaten. Open de kluis in plaats daarvan met het wachtwoord.
vault-key-wrong = De sleutel in de sleutelhanger van je systeem opent deze kluis niet: het item in de sleutelhanger is buiten Safekeep gewijzigd, of het kluisbestand is beschadigd. Het bestand is ongemoeid gelaten. Is het bestand beschadigd, zet dan de nieuwste kopie uit de map “backups” ernaast terug; is het item gewijzigd, zet dan de oude waarde terug of zet een versleutelde back-up terug.
vault-keychain-use-password = { $state ->
    [locked] De sleutelhanger van het systeem is vergrendeld.
   *[other] De sleutelhanger van het systeem kon niet worden gebruikt ({ $reason }).
} Open de kluis in plaats daarvan met het wachtwoord, of ontgrendel de sleutelhanger en probeer het opnieuw.
vault-rolled-back = Het kluisbestand { $path } is ouder dan het nieuwste dat Safekeep op deze computer heeft opgeslagen (versie { $found }, verwacht { $expected }). Misschien is een oude kopie teruggezet, waardoor sindsdien gebruikte back-uptokens als ongebruikt kunnen verschijnen. Heb je hem bewust teruggezet, open hem dan met “oudere kluis accepteren”; zet anders de nieuwste kopie uit de map “backups” terug.
vault-save-failed = De wijziging kon niet worden opgeslagen in { $path } ({ $reason }). Er is niets verloren: de kluis is zoals hij was. { $problem ->
    [full] Maak schijfruimte vrij en probeer het opnieuw.
    [read-only] De schijf is alleen-lezen: codes zijn nog te zien, maar er kan niets worden gewijzigd. Maak hem weer beschrijfbaar (een schijf die het systeem na fouten alleen-lezen heeft gemaakt, moet eerst worden gecontroleerd) en probeer het opnieuw.
   *[other] Maak schijfruimte vrij of controleer de rechten van de map en probeer het opnieuw.
}
vault-gone = Het kluisbestand { $path } verdween terwijl Safekeep het open had (de map is verwijderd of verplaatst), dus deze wijziging is niet opgeslagen. Safekeep heeft niets geschreven en geen nieuwe, lege kluis gemaakt. Zet de map terug waar hij stond, of zet een versleutelde back-up terug, en probeer het opnieuw.
vault-last-slot = Dit is de enige manier om de kluis te openen, dus hij kan niet worden verwijderd. Voeg eerst een andere manier toe.
vault-password-at-unlock-needs-password = Safekeep kan alleen om je wachtwoord vragen als de kluis er een heeft. Stel eerst een wachtwoord in.
