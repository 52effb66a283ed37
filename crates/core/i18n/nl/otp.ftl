# Messages of the otp module.

otp-unknown-kind = "{ $name }" is geen soort code die Safekeep kent. Kies tijdgebonden (TOTP), tellergebonden (HOTP) of Steam, zoals de site zegt; zegt die niets, dan is het tijdgebonden.
otp-unknown-algorithm = "{ $name }" is geen algoritme dat Safekeep kent. Kies SHA1, SHA256 of SHA512, zoals de site aangeeft; zegt de site niets, dan is het SHA1.

otp-secret-in-arguments = Het geheim is als argument op de opdrachtregel gegeven: andere programma's op deze computer kunnen het lezen zolang de opdracht loopt, en je shell bewaart het in de geschiedenis (haal die regel daar weg). Laat het de volgende keer weg: 'safekeep add -' leest de link, en '--secret-stdin' de geheime sleutel, van standaardinvoer, zonder het op een terminal te tonen.
otp-secret-empty = De geheime sleutel is leeg. Plak of typ de geheime sleutel (ook "sleutel" of "instelcode" genoemd) die de site toont wanneer je tweestapsverificatie aanzet.
otp-secret-invalid-character = Teken { $position } van de geheime sleutel kan niet in een geheime sleutel staan: daarin komen alleen de letters A tot en met Z en de cijfers 2 tot en met 7 voor. Controleer dat teken (een 0 is meestal de letter O, een 1 de letter I of L, een 8 de letter B) of kopieer de sleutel opnieuw.
otp-secret-bad-length = De geheime sleutel heeft { $length } { $length ->
        [one] teken
       *[other] tekens
    } (spaties niet meegeteld), en dat kan geen volledige sleutel zijn: er ontbreekt er een of er is er een te veel. Kopieer de hele sleutel opnieuw.

otp-digits-out-of-range = Codes van { $digits } cijfers zijn niet mogelijk: codes hebben 6, 7 of 8 cijfers. Kies het aantal dat de site gebruikt; meestal is dat 6.
otp-period-out-of-range = Een code die elke { $period } seconden verandert, is niet mogelijk: kies een periode van 1 tot en met 3600 seconden, zoals de site aangeeft; meestal is dat 30.

otp-uri-not-a-link = Dit is geen authenticatorlink: die beginnen met "otpauth://". Kopieer de link achter de QR-code opnieuw, of voeg het account met de hand toe met de geheime sleutel.
otp-uri-wrong-scheme = Dit is een "{ $scheme }:"-link, geen authenticatorlink (die beginnen met "otpauth://"). Scan de QR-code van de site of kopieer de instellink, of voeg het account met de hand toe met de geheime sleutel.
otp-uri-malformed = Deze authenticatorlink is beschadigd: hij hoort eruit te zien als "otpauth://totp/Site:naam?secret=...". Kopieer de hele link opnieuw, of voeg het account met de hand toe met de geheime sleutel.
otp-uri-unknown-type = Deze link is voor "{ $kind }"-codes, en die kan Safekeep niet maken: het kent totp, hotp en steam. Vraag de site of die ook codes voor een gewone authenticator-app aanbiedt.
otp-uri-unknown-type-unnamed = Deze link is niet voor een soort code die Safekeep kent: het kent totp, hotp en steam, en de link hoort te beginnen met "otpauth://totp/" of een van de andere. Kopieer de hele link opnieuw, of voeg het account met de hand toe met de geheime sleutel.
otp-uri-missing-secret = Deze link bevat geen geheime sleutel (het deel "secret=" ontbreekt). Kopieer de hele link opnieuw, of voer de geheime sleutel met de hand in.
otp-uri-unknown-algorithm = Deze link vraagt om het algoritme "{ $name }", dat Safekeep niet kent (het kent SHA1, SHA256 en SHA512). Kopieer de hele link opnieuw, of voeg het account met de hand toe met de instellingen die de site toont.
otp-uri-bad-digits = Deze link vraagt om codes van "{ $value }" cijfers, maar codes hebben 6, 7 of 8 cijfers. Kopieer de hele link opnieuw, of voeg het account met de hand toe met de instellingen die de site toont.
otp-uri-bad-period = Deze link vraagt om elke "{ $value }" seconden een nieuwe code, maar dat moet een heel getal van 1 tot en met 3600 zijn. Kopieer de hele link opnieuw, of voeg het account met de hand toe met de instellingen die de site toont.
otp-uri-hotp-without-counter = Deze link is voor codes met een teller (HOTP), maar zegt niet waar de teller staat (het deel "counter=" ontbreekt). Kopieer de hele link opnieuw, of voeg het account met de hand toe met de tellerstand die de site toont (meestal 0).
otp-uri-bad-counter = De teller in deze link, "{ $value }", is geen heel getal van nul of meer. Kopieer de hele link opnieuw, of voeg het account met de hand toe met de tellerstand die de site toont.
otp-uri-missing-label = Deze link noemt het account niet (het deel na "otpauth://totp/" is leeg). Voeg het account met de hand toe en geef het een naam, of kopieer de hele link opnieuw.
otp-uri-invalid-encoding = Het deel "{ $part }" van deze link is geen leesbare tekst (de %-codes vormen geen geldige UTF-8). Kopieer de hele link opnieuw; helpt dat niet, voeg het account dan met de hand toe.
