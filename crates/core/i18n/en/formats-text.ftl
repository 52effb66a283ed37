# Messages of the formats-text part of importing and exporting: text files of
# otpauth:// links, Google Authenticator's export, and pictures of QR codes.

import-text-not-a-link = This line is not an authenticator link (those start with "otpauth://"). Put one link on each line; to keep a note in the file, start its line with #.
import-text-not-text = This line is not readable text (it is not UTF-8). Save the file as UTF-8 text and import it again, or add this account by hand.

import-google-no-data = This Google Authenticator export link has no "data=" part, which is where the accounts are. Copy the whole link again, or export the accounts again in Google Authenticator (Transfer accounts, then Export accounts).
import-google-not-base64 = The "data=" part of this Google Authenticator export link is damaged or cut short. Copy the whole link again, or scan its QR code again.
import-google-not-an-export = This link does not hold a Google Authenticator export that Safekeep can read: it is damaged or cut short. Export the accounts again in Google Authenticator and import the new QR codes.
import-google-md5 = This account uses the MD5 algorithm, which Safekeep cannot make codes with (it uses SHA1, SHA256 and SHA512). Turn two-factor authentication off and on again at the site, and add the new QR code to Safekeep.
import-google-unknown-algorithm = This account uses an algorithm Safekeep does not know (number { $value } in the export). Add the account by hand with the settings the site shows, or set up two-factor authentication at the site again.
import-google-unknown-digits = This account's code length is not one Safekeep knows (number { $value } in the export). Add the account by hand with the settings the site shows.
import-google-unknown-type = The export does not say whether this account's codes change with time or with a counter (type { $value }). Add the account by hand with the settings the site shows.
import-google-bad-counter = The counter of this account, { $value }, is below zero, so its codes cannot be made. Add the account by hand with the counter the site shows (usually 0).
import-google-missing-batch = This Google Authenticator export is spread over { $size } QR codes, and number { $number } is not in this file. Import that QR code (or its link) too, or its accounts stay behind.

import-qr-not-a-code = This QR code does not hold an authenticator link (one that starts with "otpauth://"), so it was passed over. Use the QR code the site shows when you turn on two-factor authentication, or the export of your authenticator app.
