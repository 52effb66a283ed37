# Messages of the otp module.

otp-unknown-kind = "{ $name }" is not a kind of code Safekeep knows. Choose time-based (TOTP), counter-based (HOTP) or Steam, as the site says; if it says nothing, it is time-based.
otp-unknown-algorithm = "{ $name }" is not an algorithm Safekeep knows. Choose SHA1, SHA256 or SHA512, as the site says; if it says nothing, it is SHA1.

otp-secret-in-arguments = The secret was given as a command-line argument: other programs on this computer can read it while the command runs, and your shell keeps it in its history (remove that line from the history). Next time leave it out: 'safekeep add -' reads the link, and '--secret-stdin' the secret key, from standard input, without showing it on a terminal.
otp-secret-empty = The secret is empty. Paste or type the secret (also called "key" or "setup key") that the site shows when you turn on two-factor authentication.
otp-secret-invalid-character = Character { $position } of the secret cannot be part of a secret: secrets use only the letters A to Z and the digits 2 to 7. Check that character (a 0 is usually the letter O, a 1 the letter I or L, an 8 the letter B), or copy the secret again.
otp-secret-bad-length = The secret has { $length } { $length ->
        [one] character
       *[other] characters
    } (not counting spaces), which cannot be a complete secret: one is missing or one too many. Copy the whole secret again.

otp-digits-out-of-range = Codes of { $digits } digits are not possible: codes have 6, 7 or 8 digits. Choose the number the site uses; usually that is 6.
otp-period-out-of-range = A code that changes every { $period } seconds is not possible: choose a period from 1 to 3600 seconds, as the site says; usually it is 30.

otp-uri-not-a-link = This is not an authenticator link: those start with "otpauth://". Copy the link behind the QR code again, or add the account by hand with its secret.
otp-uri-wrong-scheme = This is a "{ $scheme }:" link, not an authenticator link (those start with "otpauth://"). Scan the site's QR code or copy its setup link, or add the account by hand with its secret.
otp-uri-malformed = This authenticator link is damaged: it should look like "otpauth://totp/Site:name?secret=...". Copy the whole link again, or add the account by hand with its secret.
otp-uri-unknown-type = This link is for "{ $kind }" codes, which Safekeep cannot make: it knows totp, hotp and steam. Ask the site whether it also offers codes for an ordinary authenticator app.
otp-uri-unknown-type-unnamed = This link is not for a kind of code Safekeep knows: it knows totp, hotp and steam, and the link should start with "otpauth://totp/" or one of the others. Copy the whole link again, or add the account by hand with its secret.
otp-uri-missing-secret = This link has no secret (the "secret=" part is missing). Copy the whole link again, or enter the secret by hand.
otp-uri-unknown-algorithm = This link asks for the algorithm "{ $name }", which Safekeep does not know (it knows SHA1, SHA256 and SHA512). Copy the whole link again, or add the account by hand with the settings the site shows.
otp-uri-bad-digits = This link asks for codes of "{ $value }" digits, but codes have 6, 7 or 8 digits. Copy the whole link again, or add the account by hand with the settings the site shows.
otp-uri-bad-period = This link asks for a new code every "{ $value }" seconds, but that must be a whole number from 1 to 3600. Copy the whole link again, or add the account by hand with the settings the site shows.
otp-uri-hotp-without-counter = This link is for counter-based (HOTP) codes but does not say where the counter stands (the "counter=" part is missing). Copy the whole link again, or add the account by hand with the counter the site shows (usually 0).
otp-uri-bad-counter = The counter in this link, "{ $value }", is not a whole number of zero or more. Copy the whole link again, or add the account by hand with the counter the site shows.
otp-uri-missing-label = This link does not name the account (the part after "otpauth://totp/" is empty). Add the account by hand and give it a name, or copy the whole link again.
otp-uri-invalid-encoding = The "{ $part }" part of this link is not readable text (its %-codes do not form valid UTF-8). Copy the whole link again; if that does not help, add the account by hand.
