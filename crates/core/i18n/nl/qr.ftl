# Meldingen van de QR-module.
qr-not-an-image = Dit bestand is geen afbeelding die Safekeep kan lezen. Kies een PNG- of JPEG-schermafbeelding van de QR-code.
qr-too-large = Deze afbeelding is te groot ({ $width } × { $height } pixels); Safekeep leest afbeeldingen tot { $limit } miljoen pixels, en tot 20000 pixels breed of hoog. Maak een schermafbeelding van alleen de QR-code en probeer die.
qr-none-found = Er staat geen QR-code in deze afbeelding. Kies een afbeelding waarin de QR-code scherp en helemaal te zien is, of plak de link.
qr-unreadable = Er is een QR-code gevonden, maar die kon niet worden gelezen. Probeer een scherpere of grotere afbeelding, of plak de link.
qr-too-long = De link van dit account is te lang voor een QR-code. Zet het over met de link of het geheim.
