# Meldingen van het formats-text-deel van importeren en exporteren:
# tekstbestanden met otpauth://-links, de export van Google Authenticator en
# afbeeldingen van QR-codes.

import-text-not-a-link = Deze regel is geen authenticatorlink (die beginnen met "otpauth://"). Zet op elke regel één link; wil je een notitie in het bestand houden, begin die regel dan met #.
import-text-not-text = Deze regel is geen leesbare tekst (het is geen UTF-8). Sla het bestand op als UTF-8-tekst en importeer het opnieuw, of voeg dit account met de hand toe.

import-google-no-data = Deze exportlink van Google Authenticator heeft geen "data="-deel, en daarin staan de accounts. Kopieer de hele link opnieuw, of exporteer de accounts opnieuw in Google Authenticator (Accounts overzetten, dan Accounts exporteren).
import-google-not-base64 = Het "data="-deel van deze exportlink van Google Authenticator is beschadigd of afgekapt. Kopieer de hele link opnieuw, of scan de QR-code opnieuw.
import-google-not-an-export = Deze link bevat geen export van Google Authenticator die Safekeep kan lezen: hij is beschadigd of afgekapt. Exporteer de accounts opnieuw in Google Authenticator en importeer de nieuwe QR-codes.
import-google-md5 = Dit account gebruikt het algoritme MD5, waarmee Safekeep geen codes kan maken (het gebruikt SHA1, SHA256 en SHA512). Zet tweestapsverificatie bij de site uit en weer aan, en voeg de nieuwe QR-code toe aan Safekeep.
import-google-unknown-algorithm = Dit account gebruikt een algoritme dat Safekeep niet kent (nummer { $value } in de export). Voeg het account met de hand toe met de instellingen die de site toont, of stel tweestapsverificatie bij de site opnieuw in.
import-google-unknown-digits = De codelengte van dit account kent Safekeep niet (nummer { $value } in de export). Voeg het account met de hand toe met de instellingen die de site toont.
import-google-unknown-type = De export zegt niet of de codes van dit account met de tijd of met een teller veranderen (type { $value }). Voeg het account met de hand toe met de instellingen die de site toont.
import-google-bad-counter = De teller van dit account, { $value }, is kleiner dan nul, dus de codes kunnen niet worden gemaakt. Voeg het account met de hand toe met de tellerstand die de site toont (meestal 0).
import-google-missing-batch = Deze export van Google Authenticator is verdeeld over { $size } QR-codes, en nummer { $number } zit niet in dit bestand. Importeer die QR-code (of de link ervan) ook, anders blijven de accounts daarin achter.

import-qr-not-a-code = Deze QR-code bevat geen authenticatorlink (een link die begint met "otpauth://") en is daarom overgeslagen. Gebruik de QR-code die de site toont wanneer je tweestapsverificatie aanzet, of de export van je authenticator-app.
