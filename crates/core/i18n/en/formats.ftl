# Messages of importing and exporting (the formats module).
import-unknown-format = Safekeep does not recognise this file. It reads: { $formats }. Export from your other app in one of these, or choose the format yourself.
import-password-needed = This { $format } file is encrypted. Enter the password you chose when you exported it.
import-wrong-password = The password does not open this { $format } file. Check it and try again.
import-empty = This { $format } file holds no accounts to import.
import-too-large = This file is { $size } MB; Safekeep imports files of up to { $limit } MB, more than any authenticator export needs. Check that you chose the export file; for a picture, take a screenshot of just the QR code.
chosen-file-unreadable = Safekeep could not read { $name }: the file was moved, renamed or deleted after you chose it. Choose it again where it is now.
# Why a file of a known format cannot be read: one message per problem.
import-malformed-cut-short = This { $format } file ends too early: it may have been cut off while copying or downloading. Export it again from the other app and import the new file.
import-malformed-not-json = This { $format } file is damaged: it is not valid JSON (line { $line }, column { $column }). Export it again from the other app and import the new file, unchanged.
import-malformed-not-xml = This { $format } file is damaged: it is not valid XML (line { $line }, column { $column }). Copy it from the phone again and import the new file, unchanged.
import-malformed-unexpected-bytes = This { $format } file is damaged: at byte { $offset } it holds something { $format } does not write there. Make a new backup in { $format } and import that file, unchanged.
import-malformed-layout = This { $format } file is not laid out the way { $format } writes it (line { $line }, column { $column }). Export it again from { $format } and import that file, or choose another format.
import-malformed-newer-version = This { $format } file was written by a newer version of { $format } (version { $version }) than Safekeep can read. Update Safekeep, or export the accounts from { $format } in a plain format such as otpauth links.
import-malformed-no-account-list = This { $format } file has no list of accounts in it. Export the accounts again from { $format } and import that file.
import-malformed-no-password-slot = This { $format } file is encrypted without a password (for example with biometrics only), so it cannot be opened here. In { $format }, set a password, export again, and import that file.
import-malformed-password-slot-damaged = The password part of this { $format } file is damaged, so it cannot be opened. Export it again from { $format } and import the new file.
import-malformed-missing-file = This { $format } archive lists { $name }, but that file is not in it. Zip the whole folder again, with every file the list names, and import the new archive.
import-malformed-encrypted-damaged = The encrypted part of this { $format } file is damaged or was changed, so it cannot be read. Export it again from { $format } and import the new file.
import-malformed-bitwarden-encrypted = This Bitwarden export is encrypted with your Bitwarden account's own key, which only Bitwarden can open. In Bitwarden, export the vault again as ".json (Encrypted)" with the export type "Password protected" and a password of your choice, and import that file.
import-malformed-unknown-kdf = This { $format } file is encrypted with a key derivation (number { $kdf }) that Safekeep does not know, perhaps from a newer version of { $format }. Update Safekeep, or export the accounts from { $format } in a plain format and delete that file afterwards.
import-malformed-wrong-password-or-damaged = This { $format } archive does not open with this password, or it is damaged: its old ZIP encryption cannot tell the two apart. Type the password again; if it is right, export again from { $format } and import the new file.
import-malformed-not-an-archive = This file is not a ZIP archive, while { $format } exports are. Choose the .zip file { $format } made, or choose another format.
import-malformed-archive-damaged = This { $format } ZIP archive is damaged, so its contents cannot be read. Export it again from { $format } and import the new file, unchanged.
import-malformed-archive-unsupported = This { $format } ZIP archive is packed or encrypted in a way Safekeep does not read (it reads stored and deflated files, with ZipCrypto or AES encryption). Export it again from { $format } with its usual settings, or unpack it with another tool and import the file inside.
import-malformed-no-export-in-archive = This ZIP archive holds no { $format } export. Check that you chose the archive { $format } made, not another one.
import-malformed-archive-too-large = This { $format } ZIP archive would unpack to { $size } MB, while Safekeep reads exports of up to { $limit } MB: it is not an export, or it was made to fill memory. Nothing was unpacked. Check that you chose the export { $format } made.
import-malformed-archive-too-many-files = This { $format } ZIP archive lists { $files } files, while an export holds only a few (Safekeep reads up to { $limit }). Nothing was unpacked. Check that you chose the export { $format } made.
