# Messages of the formats-apps part of importing and exporting: why an entry of
# an Aegis vault, a 2FAS backup or a Bitwarden export was not imported.

import-aegis-unsupported-type = Aegis keeps this entry as a "{ $kind }" code, which Safekeep cannot make (it makes TOTP, HOTP and Steam codes). Keep using Aegis for this account, or ask the site whether it also offers codes for an ordinary authenticator app.
import-aegis-bad-secret = The secret of this entry is missing or is not base32 text (the letters A to Z and the digits 2 to 7). Open the entry in Aegis, check its secret, and export again.
import-aegis-unsupported-algorithm = This entry uses the algorithm "{ $name }", which Safekeep does not know (it knows SHA1, SHA256 and SHA512). Check the entry's settings in Aegis against what the site says, and export again.
import-aegis-bad-digits = This entry makes codes of { $value } digits, but Safekeep makes codes of 6, 7 or 8 digits. Check the entry's settings in Aegis against what the site says; if the site really uses this length, keep using Aegis for this account.
import-aegis-bad-period = This entry changes its code every { $value } seconds, but the period must be a whole number from 1 to 3600. Check the entry's settings in Aegis against what the site says, and export again.
import-aegis-bad-counter = This counter-based (HOTP) entry has the counter { $value }, which is not a whole number of zero or more. Check the entry's counter in Aegis, and export again.

import-2fas-unsupported-type = 2FAS keeps this service as a "{ $kind }" code, which Safekeep cannot make (it makes TOTP, HOTP and Steam codes). Keep using 2FAS for this account, or ask the site whether it also offers codes for an ordinary authenticator app.
import-2fas-bad-secret = The secret of this service is missing or is not base32 text (the letters A to Z and the digits 2 to 7). Open the service in 2FAS, check its secret, and make a new backup.
import-2fas-unsupported-algorithm = This service uses the algorithm "{ $name }", which Safekeep does not know (it knows SHA1, SHA256 and SHA512). Check the service's settings in 2FAS against what the site says, and make a new backup.
import-2fas-bad-digits = This service makes codes of { $value } digits, but Safekeep makes codes of 6, 7 or 8 digits. Check the service's settings in 2FAS against what the site says; if the site really uses this length, keep using 2FAS for this account.
import-2fas-bad-period = This service changes its code every { $value } seconds, but the period must be a whole number from 1 to 3600. Check the service's settings in 2FAS against what the site says, and make a new backup.
import-2fas-bad-counter = This counter-based (HOTP) service has the counter { $value }, which is not a whole number of zero or more. Check the service's counter in 2FAS, and make a new backup.

# Why an entry of another app's file was not imported, for every app without
# messages of its own above; { $app } is the app's name.
import-entry-unsupported-type = { $app } keeps this entry as a "{ $kind }" code, which Safekeep cannot make (it makes TOTP, HOTP and Steam codes). Keep using { $app } for this account, or ask the site whether it also offers codes for an ordinary authenticator app.
import-entry-bad-secret = The secret of this entry is missing or is not base32 text (the letters A to Z and the digits 2 to 7). Open the entry in { $app }, check its secret, and export again.
import-entry-unsupported-algorithm = This entry uses the algorithm "{ $name }", which Safekeep does not know (it knows SHA1, SHA256 and SHA512). Check the entry's settings in { $app } against what the site says, and export again.
import-entry-bad-digits = This entry makes codes of { $value } digits, but Safekeep makes codes of 6, 7 or 8 digits. Check the entry's settings in { $app } against what the site says; if the site really uses this length, keep using { $app } for this account.
import-entry-bad-period = This entry changes its code every { $value } seconds, but the period must be a whole number from 1 to 3600. Check the entry's settings in { $app } against what the site says, and export again.
import-entry-bad-counter = This counter-based (HOTP) entry has the counter { $value }, which is not a whole number of zero or more. Check the entry's counter in { $app }, and export again.

import-bitwarden-bad-secret = The authenticator key (TOTP) of this item cannot be read: it should be an "otpauth://" link, a "steam://" key or a base32 secret (the letters A to Z and the digits 2 to 7). Open the item in Bitwarden, check its authenticator key, and export again.
