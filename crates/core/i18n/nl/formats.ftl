# Meldingen bij importeren en exporteren (de formatenmodule).
import-unknown-format = Safekeep herkent dit bestand niet. Het leest: { $formats }. Exporteer vanuit je andere app in een van deze formaten, of kies het formaat zelf.
import-malformed = Dit { $format }-bestand kan niet worden gelezen ({ $detail }). Exporteer het opnieuw vanuit de andere app en probeer dat bestand.
import-password-needed = Dit { $format }-bestand is versleuteld. Voer het wachtwoord in dat je bij het exporteren hebt gekozen.
import-wrong-password = Het wachtwoord opent dit { $format }-bestand niet. Controleer het en probeer het opnieuw.
import-empty = Dit { $format }-bestand bevat geen accounts om te importeren.
