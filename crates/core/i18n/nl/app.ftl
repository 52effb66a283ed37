# Meldingen over de toestand van de desktop-app (hier verwoord, zodat alle teksten op één plek staan).
app-locked = Safekeep is vergrendeld. Ontgrendel het om verder te gaan.
app-account-gone = Dit account staat niet meer in de kluis (het is verwijderd in een ander Safekeep-venster of via de opdrachtregel). De lijst is bijgewerkt.
app-token-gone = Dit back-uptoken staat niet meer in de lijst (de lijst is elders gewijzigd). De lijst is bijgewerkt; probeer het opnieuw.
app-undo-expired = Ongedaan maken kan niet meer: de code blijft als gebruikt gemarkeerd. Je kunt hem in de codelijst als ongebruikt markeren.
app-undo-replace-expired = Het vervangen kan niet meer ongedaan worden gemaakt: de nieuwe tokens blijven. Plak de oude tokens opnieuw als je ze nog nodig hebt.
app-undo-delete-expired = Ongedaan maken kan niet meer: het account blijft verwijderd. Voeg het opnieuw toe vanaf de site, of zet een back-up terug waarin het staat.
app-hotp-not-shown = Toon eerst de code en kopieer hem dan.
app-reveal-not-granted = Safekeep toont geheimen alleen direct nadat je het bevestigt. Klik nog een keer op de knop die ze toont.
app-no-code = Dit account heeft geen code, alleen back-uptokens.
app-clipboard-failed = Het klembord kon niet worden gebruikt ({ $reason }). Selecteer de code en kopieer hem met de hand.
app-print-view-failed = De afdrukweergave kon niet worden geopend. Bewaar het herstelblad als bestand en druk het af vanuit een webbrowser.
app-no-home-folder = Er is geen thuismap gevonden om back-ups en exports in te bewaren. Zet de omgevingsvariabele HOME op je thuismap en start Safekeep opnieuw.
app-save-backup = Versleutelde back-up bewaren
app-save-export = Onversleutelde export bewaren
app-save-sheet = Herstelblad bewaren
