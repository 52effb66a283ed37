# Meldingen bij importeren en exporteren (de formatenmodule).
import-unknown-format = Safekeep herkent dit bestand niet. Het leest: { $formats }. Exporteer vanuit je andere app in een van deze formaten, of kies het formaat zelf.
import-password-needed = Dit { $format }-bestand is versleuteld. Voer het wachtwoord in dat je bij het exporteren hebt gekozen.
import-wrong-password = Het wachtwoord opent dit { $format }-bestand niet. Controleer het en probeer het opnieuw.
import-too-large = Dit bestand is { $size } MB; Safekeep importeert bestanden tot { $limit } MB, meer dan een export van een authenticator-app nodig heeft. Controleer of je het exportbestand hebt gekozen; maak bij een afbeelding een schermafbeelding van alleen de QR-code.
chosen-file-unreadable = Safekeep kon { $name } niet lezen: het bestand is verplaatst, hernoemd of verwijderd nadat je het koos. Kies het opnieuw op de plek waar het nu staat.
import-empty = Dit { $format }-bestand bevat geen accounts om te importeren.
# Waarom een bestand van een bekend formaat niet te lezen is: één melding per probleem.
import-malformed-cut-short = Dit { $format }-bestand houdt te vroeg op: het is misschien afgebroken tijdens het kopiëren of downloaden. Exporteer het opnieuw vanuit de andere app en importeer het nieuwe bestand.
import-malformed-not-json = Dit { $format }-bestand is beschadigd: het is geen geldige JSON (regel { $line }, kolom { $column }). Exporteer het opnieuw vanuit de andere app en importeer het nieuwe bestand zonder het te wijzigen.
import-malformed-not-xml = Dit { $format }-bestand is beschadigd: het is geen geldige XML (regel { $line }, kolom { $column }). Kopieer het opnieuw van de telefoon en importeer het nieuwe bestand zonder het te wijzigen.
import-malformed-unexpected-bytes = Dit { $format }-bestand is beschadigd: op byte { $offset } staat iets wat { $format } daar niet schrijft. Maak een nieuwe back-up in { $format } en importeer dat bestand zonder het te wijzigen.
import-malformed-layout = Dit { $format }-bestand is niet opgebouwd zoals { $format } het schrijft (regel { $line }, kolom { $column }). Exporteer het opnieuw vanuit { $format } en importeer dat bestand, of kies een ander formaat.
import-malformed-newer-version = Dit { $format }-bestand is geschreven door een nieuwere versie van { $format } (versie { $version }) dan Safekeep kan lezen. Werk Safekeep bij, of exporteer de accounts uit { $format } in een eenvoudig formaat zoals otpauth-links.
import-malformed-no-account-list = Dit { $format }-bestand bevat geen lijst met accounts. Exporteer de accounts opnieuw vanuit { $format } en importeer dat bestand.
import-malformed-no-password-slot = Dit { $format }-bestand is versleuteld zonder wachtwoord (bijvoorbeeld alleen met biometrie) en kan hier dus niet worden geopend. Stel in { $format } een wachtwoord in, exporteer opnieuw en importeer dat bestand.
import-malformed-password-slot-damaged = Het wachtwoordgedeelte van dit { $format }-bestand is beschadigd, dus het kan niet worden geopend. Exporteer het opnieuw vanuit { $format } en importeer het nieuwe bestand.
import-malformed-encrypted-damaged = Het versleutelde deel van dit { $format }-bestand is beschadigd of gewijzigd en kan dus niet worden gelezen. Exporteer het opnieuw vanuit { $format } en importeer het nieuwe bestand.
import-malformed-bitwarden-encrypted = Deze Bitwarden-export is versleuteld met de eigen sleutel van je Bitwarden-account, die alleen Bitwarden kan openen. Exporteer de kluis in Bitwarden opnieuw als ".json (Encrypted)" met het exporttype "Password protected" en een wachtwoord naar keuze, en importeer dat bestand.
import-malformed-unknown-kdf = Dit { $format }-bestand is versleuteld met een sleutelafleiding (nummer { $kdf }) die Safekeep niet kent, misschien van een nieuwere versie van { $format }. Werk Safekeep bij, of exporteer de accounts vanuit { $format } in een onversleuteld formaat en verwijder dat bestand daarna.
