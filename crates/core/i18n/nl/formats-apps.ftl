# Meldingen van het formats-apps-deel van importeren en exporteren: waarom een
# invoer uit een Aegis-kluis, een 2FAS-back-up of een Bitwarden-export niet is
# geïmporteerd.

import-aegis-unsupported-type = Aegis bewaart deze invoer als een "{ $kind }"-code, en die kan Safekeep niet maken (het maakt TOTP-, HOTP- en Steam-codes). Blijf Aegis voor dit account gebruiken, of vraag de site of die ook codes voor een gewone authenticator-app aanbiedt.
import-aegis-bad-secret = De geheime sleutel van deze invoer ontbreekt of is geen base32-tekst (de letters A tot en met Z en de cijfers 2 tot en met 7). Open de invoer in Aegis, controleer de geheime sleutel en exporteer opnieuw.
import-aegis-unsupported-algorithm = Deze invoer gebruikt het algoritme "{ $name }", dat Safekeep niet kent (het kent SHA1, SHA256 en SHA512). Vergelijk de instellingen van de invoer in Aegis met wat de site aangeeft en exporteer opnieuw.
import-aegis-bad-digits = Deze invoer maakt codes van { $value } cijfers, maar Safekeep maakt codes van 6, 7 of 8 cijfers. Vergelijk de instellingen van de invoer in Aegis met wat de site aangeeft; gebruikt de site echt deze lengte, blijf dan Aegis voor dit account gebruiken.
import-aegis-bad-period = Deze invoer maakt elke { $value } seconden een nieuwe code, maar de periode moet een heel getal van 1 tot en met 3600 zijn. Vergelijk de instellingen van de invoer in Aegis met wat de site aangeeft en exporteer opnieuw.
import-aegis-bad-counter = Deze invoer met een teller (HOTP) heeft de tellerstand { $value }, en dat is geen heel getal van nul of meer. Controleer de teller van de invoer in Aegis en exporteer opnieuw.

import-2fas-unsupported-type = 2FAS bewaart deze dienst als een "{ $kind }"-code, en die kan Safekeep niet maken (het maakt TOTP-, HOTP- en Steam-codes). Blijf 2FAS voor dit account gebruiken, of vraag de site of die ook codes voor een gewone authenticator-app aanbiedt.
import-2fas-bad-secret = De geheime sleutel van deze dienst ontbreekt of is geen base32-tekst (de letters A tot en met Z en de cijfers 2 tot en met 7). Open de dienst in 2FAS, controleer de geheime sleutel en maak een nieuwe back-up.
import-2fas-unsupported-algorithm = Deze dienst gebruikt het algoritme "{ $name }", dat Safekeep niet kent (het kent SHA1, SHA256 en SHA512). Vergelijk de instellingen van de dienst in 2FAS met wat de site aangeeft en maak een nieuwe back-up.
import-2fas-bad-digits = Deze dienst maakt codes van { $value } cijfers, maar Safekeep maakt codes van 6, 7 of 8 cijfers. Vergelijk de instellingen van de dienst in 2FAS met wat de site aangeeft; gebruikt de site echt deze lengte, blijf dan 2FAS voor dit account gebruiken.
import-2fas-bad-period = Deze dienst maakt elke { $value } seconden een nieuwe code, maar de periode moet een heel getal van 1 tot en met 3600 zijn. Vergelijk de instellingen van de dienst in 2FAS met wat de site aangeeft en maak een nieuwe back-up.
import-2fas-bad-counter = Deze dienst met een teller (HOTP) heeft de tellerstand { $value }, en dat is geen heel getal van nul of meer. Controleer de teller van de dienst in 2FAS en maak een nieuwe back-up.

# Waarom een invoer uit het bestand van een andere app niet is geïmporteerd,
# voor elke app zonder eigen meldingen hierboven; { $app } is de naam van de app.
import-entry-unsupported-type = { $app } bewaart deze invoer als een "{ $kind }"-code, en die kan Safekeep niet maken (het maakt TOTP-, HOTP- en Steam-codes). Blijf { $app } voor dit account gebruiken, of vraag de site of die ook codes voor een gewone authenticator-app aanbiedt.
import-entry-bad-secret = De geheime sleutel van deze invoer ontbreekt of is geen base32-tekst (de letters A tot en met Z en de cijfers 2 tot en met 7). Open de invoer in { $app }, controleer de geheime sleutel en exporteer opnieuw.
import-entry-unsupported-algorithm = Deze invoer gebruikt het algoritme "{ $name }", dat Safekeep niet kent (het kent SHA1, SHA256 en SHA512). Vergelijk de instellingen van de invoer in { $app } met wat de site aangeeft en exporteer opnieuw.
import-entry-bad-digits = Deze invoer maakt codes van { $value } cijfers, maar Safekeep maakt codes van 6, 7 of 8 cijfers. Vergelijk de instellingen van de invoer in { $app } met wat de site aangeeft; gebruikt de site echt deze lengte, blijf dan { $app } voor dit account gebruiken.
import-entry-bad-period = Deze invoer maakt elke { $value } seconden een nieuwe code, maar de periode moet een heel getal van 1 tot en met 3600 zijn. Vergelijk de instellingen van de invoer in { $app } met wat de site aangeeft en exporteer opnieuw.
import-entry-bad-counter = Deze invoer met een teller (HOTP) heeft de tellerstand { $value }, en dat is geen heel getal van nul of meer. Controleer de teller van de invoer in { $app } en exporteer opnieuw.

import-bitwarden-bad-secret = De authenticatorsleutel (TOTP) van dit item kan niet worden gelezen: het hoort een "otpauth://"-link, een "steam://"-sleutel of een base32-geheim te zijn (de letters A tot en met Z en de cijfers 2 tot en met 7). Open het item in Bitwarden, controleer de authenticatorsleutel en exporteer opnieuw.
