# Messages of importing and exporting (the formats module).
import-unknown-format = Safekeep does not recognise this file. It reads: { $formats }. Export from your other app in one of these, or choose the format yourself.
import-malformed = This { $format } file cannot be read ({ $detail }). Export it again from the other app and try that file.
import-password-needed = This { $format } file is encrypted. Enter the password you chose when you exported it.
import-wrong-password = The password does not open this { $format } file. Check it and try again.
import-empty = This { $format } file holds no accounts to import.
