# Meldingen van de capture-module: afbeeldingen van het klembord en het scherm.
capture-no-clipboard = Het klembord is niet bereikbaar: er is hier geen grafische sessie. Sla de afbeelding op in een bestand en importeer dat.
capture-no-picture-on-clipboard = Er staat geen afbeelding op het klembord. Kopieer de afbeelding van de QR-code (bijvoorbeeld met rechtsklikken, Afbeelding kopiëren) en probeer het opnieuw, of plak de link.
capture-no-display = Er is hier geen scherm om te scannen (geen X-display). Voer dit uit in je bureaubladsessie, of maak een schermafbeelding van de QR-code en importeer dat bestand.
capture-wayland-only = Safekeep kan het scherm alleen scannen onder X11, en dit is een Wayland-sessie. Maak een schermafbeelding van de QR-code met het schermafbeeldingsprogramma van je bureaublad en plak die hier (Ctrl+V) of importeer het bestand.
capture-screen-unreadable = Het scherm kon niet worden vastgelegd. Maak een schermafbeelding van de QR-code met het schermafbeeldingsprogramma van je bureaublad en plak die hier (Ctrl+V) of importeer het bestand.
capture-unsupported = Het scherm scannen kan niet op dit systeem. Maak een schermafbeelding van de QR-code en plak die hier (Ctrl+V) of importeer het bestand.
