# Meldingen van de kluismodule.
vault-create-exists = Er bestaat al een kluis op { $path }. Open die; wil je opnieuw beginnen, verplaats dat bestand dan eerst.
vault-create-no-way-to-unlock = Een kluis heeft een manier nodig om hem te openen. Bewaar de sleutel in de sleutelhanger van het systeem, kies een wachtwoord, of allebei.
vault-create-password-needed = Er is geen sleutelhanger van het systeem beschikbaar, dus de kluis heeft een wachtwoord nodig. Kies er een dat je kunt onthouden.
vault-empty-password = Het wachtwoord is leeg. Kies een wachtwoord dat je kunt onthouden; het opent de kluis waar de sleutelhanger dat niet kan, bijvoorbeeld een kopie van het kluisbestand op een andere computer.
vault-io = Safekeep kon zijn gegevensmap { $path } niet gebruiken ({ $reason }). Controleer of de map bestaat en of je erin mag schrijven.
vault-missing = Er is nog geen kluis op { $path }. Maak er eerst een aan ('safekeep init', of start de app).
vault-damaged = Het kluisbestand { $path } is beschadigd of buiten Safekeep gewijzigd (het onderdeel { $part } klopt niet), dus het is niet geopend. Het bestand is ongemoeid gelaten. Zet de nieuwste kopie uit de map “backups” ernaast terug.
kdf-out-of-bounds = Dit bestand vraagt om wachtwoord-hashing ({ $kdf }) met { $parameter } = { $value }, buiten wat Safekeep accepteert ({ $min } tot { $max }). Alleen een beschadigd of vervalst bestand vraagt daarom, dus het is geweigerd voordat er werk werd gedaan, en er is niets gewijzigd. Gebruik een andere kopie van het bestand, of maak het opnieuw met de app die het schreef.
kdf-unusable = Deze instellingen voor wachtwoord-hashing zijn onbruikbaar (een onbekende methode, of waarden die Argon2 zelf weigert), dus er is niets gewijzigd. Gebruik de aanbevolen instellingen.
vault-key-changed = Het kluisbestand { $path } is door een ander Safekeep-venster of -commando met een nieuwe sleutel vergrendeld (het wachtwoord of de sleutel in de sleutelhanger is gewijzigd), dus dit venster kan het niet meer lezen en heeft niets opgeslagen. Ontgrendel de kluis opnieuw.
vault-replaced = Het kluisbestand { $path } is nu een andere kluis dan de kluis die Safekeep opende (er is een andere kluis overheen gekopieerd), dus er is niets uit gelezen of in geschreven. Zet het juiste bestand terug, of ontgrendel de kluis opnieuw om de kluis te gebruiken die er nu staat.
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
vault-slot-password-needed = Een nieuwe sleutel in de sleutelhanger maakt een nieuwe kluissleutel, en het wachtwoord moet daarvoor behouden blijven, maar deze kluis is zonder wachtwoord ontgrendeld. Vergrendel hem, ontgrendel hem met het wachtwoord en probeer het opnieuw.
vault-slot-synced = Deze kluis staat in een gesynchroniseerde map met andere computers, en die delen allemaal zijn sleutel. Het wachtwoord of de sleutelhangersleutel veranderen kan daar in deze versie nog niet. Er is niets veranderd.
sync-file-incomplete = Het bestand { $path } in de gesynchroniseerde map is onvolledig: je synchronisatieprogramma kopieert het misschien nog, of het is afgebroken. Safekeep heeft het overgeslagen en leest het de volgende keer opnieuw; blijft dit zo, laat de synchronisatie dan afmaken op de computer die het schreef.
sync-file-foreign = Het bestand { $path } in de gesynchroniseerde map is geen apparaatbestand van deze kluis. Safekeep heeft het overgeslagen. Heb je het daar neergezet, haal het dan uit de map.
sync-file-rolled-back = Het bestand { $path } in de gesynchroniseerde map is ouder dan het nieuwste dat Safekeep van die computer zag (versie { $found }, verwacht { $expected }). Misschien is een oude kopie teruggezet, dus Safekeep heeft het overgeslagen. Open Safekeep één keer op die computer, zodat die zijn bestand opnieuw schrijft.
sync-file-newer = Het bestand { $path } in de gesynchroniseerde map is geschreven door een nieuwere Safekeep (bestandsformaat { $version }). Safekeep heeft het overgeslagen. Werk Safekeep op deze computer bij.
sync-file-unreadable = Het bestand { $path } in de gesynchroniseerde map kon niet worden gelezen ({ $reason }). Safekeep heeft het overgeslagen en probeert het de volgende keer opnieuw; controleer de rechten van de map.
sync-enable-password-needed = Om de kluis in een gesynchroniseerde map te bewaren heeft hij een wachtwoord nodig: daarmee opent een andere computer hem om mee te doen (je sleutelhanger blijft op deze computer). Stel er een in met “safekeep password set” en probeer het opnieuw.
sync-enable-already = Deze kluis staat al in de gesynchroniseerde map { $path }.
sync-enable-folder-in-use = In de map { $path } staat al een gesynchroniseerde Safekeep-kluis. Wil je die kluis op deze computer gebruiken, doe dan mee (“safekeep init --join”) op een computer zonder kluis; er is niets verplaatst.
sync-io = Er kon niet worden geschreven in de gesynchroniseerde map { $path } ({ $reason }). Er is niets verplaatst; controleer of de map bestaat en of je er mag schrijven.
sync-join-has-vault = Deze computer heeft al een kluis ({ $path }). Meedoen met een andere zou die verbergen; maak er een back-up van en verwijder hem eerst, of gebruik de kluis van deze computer.
sync-join-nothing = In { $path } staat nog geen Safekeep-kluis om mee te doen. Zet de kluis eerst op de andere computer in die map (“safekeep sync enable”) en laat je synchronisatieprogramma hem hierheen kopiëren.
sync-join-no-password-slot = De kluis in die map heeft geen wachtwoord, dus deze computer kan hem niet openen: de sleutel staat alleen in de sleutelhanger van de andere computer. Stel daar een wachtwoord in (“safekeep password set”), laat de map synchroniseren en probeer het opnieuw.
sync-own-file-missing = Het bestand van deze computer in de gesynchroniseerde map is er niet: { $path }. Staat de map op een schijf of stick die niet is aangesloten, sluit die dan aan; heeft je synchronisatieprogramma het nog niet teruggezet, wacht daar dan op en probeer het opnieuw. Er is niets veranderd.
vault-password-at-unlock-needs-password = Safekeep kan alleen om je wachtwoord vragen als de kluis er een heeft. Stel eerst een wachtwoord in.
