//! Moving in and out: one module per foreign format, each behind the
//! [`Restorable`] trait, the merge that brings what was read into the
//! vault, and [`export`], which writes the vault out in any format.
//!
//! Every reader takes bytes, not a file or a window, so each format is
//! tested on its own; reading never touches the vault. Merging happens in one
//! vault transaction, so an import is all or nothing.

use std::collections::HashMap;

use crate::account::{Account, display_name_of};
use crate::i18n::{Message, MessageArg};
use crate::otp::Otp;
use crate::vault::VaultContents;
use zeroize::Zeroizing;

pub use export::{Export, ExportFormat, LeftOut, LeftOutReason, export, export_aegis_encrypted};
pub use zip_archive::MAX_ARCHIVE_FILES;

/// The largest file an import reads: 64 MiB. A plain export of 20,000
/// accounts is about 6 MB, and an Aegis export with a custom icon for each
/// of a few hundred accounts a few MB more; a full-resolution phone photo of
/// a QR code is under 30 MB. Bigger is a wrong file or a forged one, and
/// reading it would only take memory and time.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Refuses a file of `size` bytes when it is over [`MAX_IMPORT_BYTES`]:
/// [`restore`] checks the bytes it gets, and callers that read the file
/// themselves check its size before reading it.
pub fn check_import_size(size: u64) -> Result<(), ImportError> {
    if size > MAX_IMPORT_BYTES {
        const MB: u64 = 1024 * 1024;
        return Err(ImportError::TooLarge {
            megabytes: size.div_ceil(MB),
            limit_megabytes: MAX_IMPORT_BYTES / MB,
        });
    }
    Ok(())
}

/// Reads a file the user chose in a dialog (an export, a backup, a QR
/// picture), whole, wiped when dropped since it may hold secrets. A file
/// over [`MAX_IMPORT_BYTES`] is refused before it is read, and one that
/// grows past it while being read is refused too.
pub fn read_chosen_file(path: &std::path::Path) -> Result<Zeroizing<Vec<u8>>, ChosenFileError> {
    use std::io::Read;
    let unreadable = || ChosenFileError::Unreadable {
        name: path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        ),
    };
    let file = std::fs::File::open(path).map_err(|_| unreadable())?;
    let size = file.metadata().map_err(|_| unreadable())?.len();
    check_import_size(size).map_err(ChosenFileError::TooLarge)?;
    let mut bytes = Zeroizing::new(Vec::with_capacity(usize::try_from(size).unwrap_or(0)));
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| unreadable())?;
    check_import_size(bytes.len() as u64).map_err(ChosenFileError::TooLarge)?;
    Ok(bytes)
}

/// Why a file the user chose could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChosenFileError {
    /// It is no longer where it was chosen (moved, renamed or deleted
    /// since), or cannot be read.
    Unreadable {
        /// The file's name, as the dialog showed it.
        name: String,
    },
    /// It is larger than any file Safekeep reads ([`ImportError::TooLarge`]).
    TooLarge(ImportError),
}

impl Message for ChosenFileError {
    fn message_id(&self) -> &'static str {
        match self {
            ChosenFileError::Unreadable { .. } => "chosen-file-unreadable",
            ChosenFileError::TooLarge(error) => error.message_id(),
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            ChosenFileError::Unreadable { name } => vec![("name", name.clone().into())],
            ChosenFileError::TooLarge(error) => error.message_args(),
        }
    }
}
crate::localized_error!(ChosenFileError);

/// A format Safekeep reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Text with one `otpauth://` link per line (Ente Auth's plain export,
    /// and what many apps write).
    OtpauthList,
    /// Google Authenticator's `otpauth-migration://offline?data=…` export.
    GoogleMigration,
    /// A PNG or JPEG picture of one or more QR codes.
    QrImage,
    /// An Aegis vault export, plain or encrypted.
    Aegis,
    /// A 2FAS `.2fas` backup.
    TwoFas,
    /// A Bitwarden JSON export.
    Bitwarden,
    /// An andOTP plain JSON backup.
    AndOtp,
    /// A FreeOTP+ JSON export.
    FreeOtpPlus,
    /// An Authenticator Pro (Stratum) plain backup.
    AuthenticatorPro,
    /// A Bitwarden CSV export.
    BitwardenCsv,
    /// A Proton Authenticator JSON export, plain or password-protected.
    Proton,
    /// A LastPass Authenticator JSON export.
    LastPass,
    /// An Ente Auth encrypted export (its plain one is an otpauth list).
    EnteAuth,
    /// A FreeOTP (2.x) encrypted backup.
    FreeOtp,
    /// A KeePass or KeePassXC database (KDBX 3.1 or 4).
    KeePass,
    /// Authy's token files (SharedPreferences XML from a rooted phone).
    Authy,
    /// A Steam Guard `.maFile` (Steam Desktop Authenticator, steamguard-cli).
    SteamMaFile,
    /// Raivo OTP's export: its password-protected zip archive, or the
    /// export list taken out of it.
    Raivo,
    /// WinAuth's password-protected zip export (its plain text export is an
    /// otpauth list).
    WinAuth,
    /// A TOTP Authenticator (Binary Boolean Apps) encrypted backup.
    TotpAuthenticator,
}

impl Format {
    /// Every format, in the order detection tries them (most specific first).
    pub const ALL: [Format; 20] = [
        Format::QrImage,
        Format::Aegis,
        Format::TwoFas,
        Format::Bitwarden,
        Format::AndOtp,
        Format::FreeOtpPlus,
        Format::AuthenticatorPro,
        Format::BitwardenCsv,
        Format::Proton,
        Format::LastPass,
        Format::EnteAuth,
        Format::Authy,
        Format::FreeOtp,
        Format::KeePass,
        Format::SteamMaFile,
        Format::Raivo,
        Format::WinAuth,
        // Base64 text of whole AES blocks is all that marks it: after every
        // format with a more telling mark.
        Format::TotpAuthenticator,
        Format::GoogleMigration,
        Format::OtpauthList,
    ];

    /// The name used on the command line (`--format`).
    pub fn name(self) -> &'static str {
        match self {
            Format::OtpauthList => "otpauth",
            Format::GoogleMigration => "google",
            Format::QrImage => "qr",
            Format::Aegis => "aegis",
            Format::TwoFas => "2fas",
            Format::Bitwarden => "bitwarden",
            Format::AndOtp => "andotp",
            Format::FreeOtpPlus => "freeotp-plus",
            Format::AuthenticatorPro => "authenticator-pro",
            Format::BitwardenCsv => "bitwarden-csv",
            Format::Proton => "proton",
            Format::LastPass => "lastpass",
            Format::EnteAuth => "ente",
            Format::FreeOtp => "freeotp",
            Format::KeePass => "keepass",
            Format::Authy => "authy",
            Format::SteamMaFile => "mafile",
            Format::Raivo => "raivo",
            Format::WinAuth => "winauth",
            Format::TotpAuthenticator => "totp-authenticator",
        }
    }

    /// The name messages use: the other app's own name where the format
    /// is an app's, so the user knows where to export again.
    pub fn display_name(self) -> &'static str {
        match self {
            Format::OtpauthList => "otpauth",
            Format::GoogleMigration => "Google Authenticator",
            Format::QrImage => "QR",
            Format::Aegis => "Aegis",
            Format::TwoFas => "2FAS",
            Format::Bitwarden => "Bitwarden",
            Format::AndOtp => "andOTP",
            Format::FreeOtpPlus => "FreeOTP+",
            Format::AuthenticatorPro => "Authenticator Pro",
            Format::BitwardenCsv => "Bitwarden CSV",
            Format::Proton => "Proton Authenticator",
            Format::LastPass => "LastPass Authenticator",
            Format::EnteAuth => "Ente Auth",
            Format::FreeOtp => "FreeOTP",
            Format::KeePass => "KeePass",
            Format::Authy => "Authy",
            Format::SteamMaFile => "Steam Desktop Authenticator",
            Format::Raivo => "Raivo OTP",
            Format::WinAuth => "WinAuth",
            Format::TotpAuthenticator => "TOTP Authenticator",
        }
    }

    /// The format named `name` on the command line.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }
}

/// What a reader found in a file: the accounts it could read, and for each
/// entry it could not, why.
#[derive(Debug, Default)]
pub struct Restored {
    /// Accounts read, with their backup tokens and used marks where the
    /// format carries them.
    pub accounts: Vec<Account>,
    /// Entries that could not be read.
    pub rejected: Vec<RejectedEntry>,
}

impl Restored {
    /// Keeps an entry that makes codes as an account, tagged with the group
    /// (or folder) the other app filed it under; names it among the
    /// rejected when a name or the tag is longer than Safekeep keeps.
    pub(crate) fn keep_grouped(
        &mut self,
        names: (&str, &str),
        otp: Otp,
        group: Option<&String>,
        now: i64,
    ) -> Option<&mut Account> {
        self.keep_tagged(
            names,
            otp,
            group.map(std::slice::from_ref).unwrap_or_default(),
            now,
        )
    }

    /// Keeps an entry that makes codes as an account with the tags the other
    /// app gave it, and gives it back for the reader to add what else its app
    /// records (a pin, say); names it among the rejected, and gives nothing
    /// back, when a name or a tag is longer than Safekeep keeps.
    pub(crate) fn keep_tagged(
        &mut self,
        (issuer, label): (&str, &str),
        otp: Otp,
        tags: &[String],
        now: i64,
    ) -> Option<&mut Account> {
        let read = Account::new(issuer, label, Some(otp), now).and_then(|mut account| {
            for tag in tags {
                account.add_tag(tag)?;
            }
            Ok(account)
        });
        match read {
            Ok(account) => {
                self.accounts.push(account);
                self.accounts.last_mut()
            }
            Err(error) => {
                self.reject((issuer, label), &error);
                None
            }
        }
    }

    /// Names an entry that could not be read, and why.
    pub(crate) fn reject(&mut self, (issuer, label): (&str, &str), reason: &dyn Message) {
        self.rejected
            .push(RejectedEntry::new(display_name_of(issuer, label), reason));
    }

    /// What was read, or [`ImportError::Empty`] when the file held no entry
    /// at all.
    pub(crate) fn unless_empty(self, format: Format) -> Result<Restored, ImportError> {
        if self.accounts.is_empty() && self.rejected.is_empty() {
            return Err(ImportError::Empty { format });
        }
        Ok(self)
    }
}

/// An entry of a file that could not be read, named without its secret.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RejectedEntry {
    /// How the file names the entry (issuer and account), never its secret.
    pub name: String,
    /// Why, as a core message id.
    pub reason_id: &'static str,
    /// The values the reason mentions, to word it in another language.
    #[serde(skip)]
    pub reason_args: Vec<(&'static str, MessageArg)>,
    /// The reason, in English until [`RejectedEntry::word_reason_in`].
    pub reason: String,
}

impl RejectedEntry {
    /// An entry rejected for `reason`. The name comes from the file, so it
    /// is cleaned and shortened like any name shown (see [`crate::text`]).
    pub fn new(name: impl Into<String>, reason: &dyn Message) -> RejectedEntry {
        RejectedEntry {
            name: crate::text::shown_name(&name.into()),
            reason_id: reason.message_id(),
            reason_args: reason.message_args(),
            reason: reason.localized(crate::i18n::Language::En),
        }
    }

    /// Words the reason in `language`, for the app's import report.
    pub fn word_reason_in(&mut self, language: crate::i18n::Language) {
        self.reason = crate::i18n::localize(language, self.reason_id, &self.reason_args);
    }
}

/// One foreign format.
pub trait Restorable {
    /// Which format this is.
    const FORMAT: Format;

    /// Whether `bytes` look like this format: cheap, and true only when
    /// fairly sure, since detection tries the formats in turn.
    fn detect(bytes: &[u8]) -> bool;

    /// Reads every entry. `password` opens encrypted files; an encrypted
    /// file without one fails with [`ImportError::PasswordNeeded`].
    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError>;
}

/// Why a file could not be imported at all. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// No format we read recognises the file.
    UnknownFormat,
    /// The file is of `format` but cannot be read (truncated, damaged,
    /// or a version we do not know).
    Malformed {
        /// The format it claims to be.
        format: Format,
        /// What is wrong with it.
        problem: Malformation,
    },
    /// The file is encrypted and needs its password.
    PasswordNeeded {
        /// The format.
        format: Format,
    },
    /// The password does not open the file.
    WrongPassword {
        /// The format.
        format: Format,
    },
    /// The file holds nothing to import.
    Empty {
        /// The format.
        format: Format,
    },
    /// The file is larger than any export (see [`MAX_IMPORT_BYTES`]).
    TooLarge {
        /// Its size in MiB, rounded up.
        megabytes: u64,
        /// The largest size read, in MiB.
        limit_megabytes: u64,
    },
}

impl Message for ImportError {
    fn message_id(&self) -> &'static str {
        match self {
            ImportError::UnknownFormat => "import-unknown-format",
            ImportError::Malformed { problem, .. } => problem.message_id(),
            ImportError::PasswordNeeded { .. } => "import-password-needed",
            ImportError::WrongPassword { .. } => "import-wrong-password",
            ImportError::Empty { .. } => "import-empty",
            ImportError::TooLarge { .. } => "import-too-large",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        let formats = Format::ALL.map(Format::name).join(", ");
        match self {
            ImportError::UnknownFormat => vec![("formats", formats.into())],
            ImportError::Malformed { format, problem } => {
                let mut args = problem.message_args();
                args.push(("format", format.display_name().into()));
                args
            }
            ImportError::PasswordNeeded { format }
            | ImportError::WrongPassword { format }
            | ImportError::Empty { format } => vec![("format", format.display_name().into())],
            ImportError::TooLarge {
                megabytes,
                limit_megabytes,
            } => vec![
                ("size", (*megabytes).into()),
                ("limit", (*limit_megabytes).into()),
            ],
        }
    }
}
crate::localized_error!(ImportError);

/// What is wrong with a file that is of a known format but cannot be read.
/// Each problem is its own message, in the user's language, so a Dutch user
/// reads why in Dutch; none ever quotes the file, which may hold a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Malformation {
    /// The file stops before its end: cut off while copying or downloading.
    CutShort,
    /// The file is not valid JSON at this position.
    NotJson {
        /// The line, counting from 1.
        line: usize,
        /// The column, counting from 1.
        column: usize,
    },
    /// The file is not well-formed XML at this position (an XML format:
    /// Authy's token files).
    NotXml {
        /// The line, counting from 1.
        line: usize,
        /// The column, counting from 1.
        column: usize,
    },
    /// A binary file holds, at this byte, something other than what this
    /// format has there (FreeOTP's Java object stream).
    UnexpectedBytes {
        /// The position, counting from 0.
        offset: usize,
    },
    /// The file is JSON but not laid out as this format at this position.
    UnexpectedLayout {
        /// The line, counting from 1.
        line: usize,
        /// The column, counting from 1.
        column: usize,
    },
    /// The file was written by a newer version of the other app.
    NewerVersion {
        /// The version number the file gives.
        version: i64,
    },
    /// The file has no list of accounts at all.
    NoAccountList,
    /// The contents are encrypted, but there is no password to open them
    /// with (an Aegis vault protected by biometrics only, or no slots).
    NoPasswordSlot,
    /// The password slot asks for key-derivation settings far from what
    /// the other app ever uses (see [`crate::kdf_bounds`]): refused before
    /// any derivation, since only a forged or damaged file asks that.
    KdfOutOfBounds(crate::kdf_bounds::KdfOutOfBounds),
    /// The file names a key derivation the other app did not use when
    /// Safekeep was written (Bitwarden's `kdfType`), so it cannot be opened.
    UnknownKdf {
        /// The number the file gives for it.
        kdf: u64,
    },
    /// The password slot itself is damaged.
    PasswordSlotDamaged,
    /// A file the archive's list names is not in the archive.
    MissingFile {
        /// Its name, as the list gives it.
        name: String,
    },
    /// The encryption header or encrypted contents are damaged: missing
    /// parameters, not base64, the wrong lengths, or a failed check with
    /// a key that was right.
    EncryptedContentsDamaged,
    /// A Bitwarden export encrypted with Bitwarden's own account key,
    /// which only Bitwarden can open.
    EncryptedForBitwardenOnly,
    /// A zip archive's ZipCrypto password check passed but its contents do
    /// not read: that check lets 1 wrong password in 256 through, so this is
    /// a wrong password or damage, which ZipCrypto cannot tell apart.
    WrongPasswordOrDamaged,
    /// The file is not a zip archive, which this format's exports are.
    NotAnArchive,
    /// The zip archive's directory or a file in it is damaged.
    ArchiveDamaged,
    /// The zip archive uses a compression or encryption Safekeep does not
    /// read (only stored and deflated files, ZipCrypto and WinZip AES).
    ArchiveUnsupported,
    /// The zip archive holds no file of the export it should hold.
    NoExportInArchive,
    /// The zip archive's files would unpack to more than
    /// [`MAX_IMPORT_BYTES`]: a zip bomb or a wrong file, refused before
    /// anything is unpacked.
    ArchiveTooLarge {
        /// What its files would unpack to, in MiB, rounded up.
        megabytes: u64,
        /// The most read, in MiB.
        limit_megabytes: u64,
    },
    /// The zip archive lists more files than any export archive holds
    /// ([`zip_archive::MAX_ARCHIVE_FILES`]), refused before they are listed.
    ArchiveTooManyFiles {
        /// How many files it lists (for a ZIP64 archive, as many as fit).
        files: usize,
        /// The most read.
        limit: usize,
    },
    /// The file's only Google Authenticator export links cannot be read.
    ExportLink(google::MigrationError),
    /// The picture cannot be read or holds no QR code.
    Picture(crate::qr::QrReadError),
}

impl Message for Malformation {
    fn message_id(&self) -> &'static str {
        match self {
            Malformation::CutShort => "import-malformed-cut-short",
            Malformation::NotJson { .. } => "import-malformed-not-json",
            Malformation::NotXml { .. } => "import-malformed-not-xml",
            Malformation::UnexpectedBytes { .. } => "import-malformed-unexpected-bytes",
            Malformation::UnexpectedLayout { .. } => "import-malformed-layout",
            Malformation::NewerVersion { .. } => "import-malformed-newer-version",
            Malformation::NoAccountList => "import-malformed-no-account-list",
            Malformation::NoPasswordSlot => "import-malformed-no-password-slot",
            Malformation::KdfOutOfBounds(bounds) => bounds.message_id(),
            Malformation::UnknownKdf { .. } => "import-malformed-unknown-kdf",
            Malformation::PasswordSlotDamaged => "import-malformed-password-slot-damaged",
            Malformation::MissingFile { .. } => "import-malformed-missing-file",
            Malformation::EncryptedContentsDamaged => "import-malformed-encrypted-damaged",
            Malformation::EncryptedForBitwardenOnly => "import-malformed-bitwarden-encrypted",
            Malformation::WrongPasswordOrDamaged => "import-malformed-wrong-password-or-damaged",
            Malformation::NotAnArchive => "import-malformed-not-an-archive",
            Malformation::ArchiveDamaged => "import-malformed-archive-damaged",
            Malformation::ArchiveUnsupported => "import-malformed-archive-unsupported",
            Malformation::NoExportInArchive => "import-malformed-no-export-in-archive",
            Malformation::ArchiveTooLarge { .. } => "import-malformed-archive-too-large",
            Malformation::ArchiveTooManyFiles { .. } => "import-malformed-archive-too-many-files",
            Malformation::ExportLink(error) => error.message_id(),
            Malformation::Picture(error) => error.message_id(),
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            Malformation::NotJson { line, column }
            | Malformation::NotXml { line, column }
            | Malformation::UnexpectedLayout { line, column } => {
                vec![("line", (*line).into()), ("column", (*column).into())]
            }
            Malformation::NewerVersion { version } => vec![("version", (*version).into())],
            Malformation::UnexpectedBytes { offset } => vec![("offset", (*offset).into())],
            Malformation::ArchiveTooLarge {
                megabytes,
                limit_megabytes,
            } => vec![
                ("size", (*megabytes).into()),
                ("limit", (*limit_megabytes).into()),
            ],
            Malformation::ArchiveTooManyFiles { files, limit } => {
                vec![("files", (*files).into()), ("limit", (*limit).into())]
            }
            Malformation::KdfOutOfBounds(bounds) => bounds.message_args(),
            Malformation::UnknownKdf { kdf } => vec![("kdf", (*kdf).into())],
            Malformation::MissingFile { name } => vec![("name", name.clone().into())],
            Malformation::ExportLink(error) => error.message_args(),
            Malformation::Picture(error) => error.message_args(),
            Malformation::CutShort
            | Malformation::NoAccountList
            | Malformation::NoPasswordSlot
            | Malformation::PasswordSlotDamaged
            | Malformation::EncryptedContentsDamaged
            | Malformation::EncryptedForBitwardenOnly
            | Malformation::WrongPasswordOrDamaged
            | Malformation::NotAnArchive
            | Malformation::ArchiveDamaged
            | Malformation::ArchiveUnsupported
            | Malformation::NoExportInArchive => Vec::new(),
        }
    }
}

/// Reads `bytes` as `format`, or as whichever format recognises them.
pub fn restore(
    bytes: &[u8],
    format: Option<Format>,
    password: Option<&str>,
) -> Result<Restored, ImportError> {
    check_import_size(bytes.len() as u64)?;
    let format = match format {
        Some(format) => format,
        None => detect(bytes).ok_or(ImportError::UnknownFormat)?,
    };
    match format {
        Format::OtpauthList => otpauth_list::OtpauthList::restore(bytes, password),
        Format::GoogleMigration => google::GoogleMigration::restore(bytes, password),
        Format::QrImage => qr_image::QrImage::restore(bytes, password),
        Format::Aegis => aegis::Aegis::restore(bytes, password),
        Format::TwoFas => two_fas::TwoFas::restore(bytes, password),
        Format::Bitwarden => bitwarden::Bitwarden::restore(bytes, password),
        Format::AndOtp => and_otp::AndOtp::restore(bytes, password),
        Format::FreeOtpPlus => free_otp_plus::FreeOtpPlus::restore(bytes, password),
        Format::AuthenticatorPro => authenticator_pro::AuthenticatorPro::restore(bytes, password),
        Format::BitwardenCsv => bitwarden_csv::BitwardenCsv::restore(bytes, password),
        Format::Proton => proton::Proton::restore(bytes, password),
        Format::LastPass => lastpass::LastPass::restore(bytes, password),
        Format::EnteAuth => ente::EnteAuth::restore(bytes, password),
        Format::FreeOtp => free_otp::FreeOtp::restore(bytes, password),
        Format::KeePass => keepass::KeePass::restore(bytes, password),
        Format::Authy => authy::Authy::restore(bytes, password),
        Format::SteamMaFile => steam_mafile::SteamMaFile::restore(bytes, password),
        Format::Raivo => raivo::Raivo::restore(bytes, password),
        Format::WinAuth => win_auth::WinAuth::restore(bytes, password),
        Format::TotpAuthenticator => {
            totp_authenticator::TotpAuthenticator::restore(bytes, password)
        }
    }
}

/// The format `bytes` are in, trying the most specific first.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    Format::ALL.into_iter().find(|format| match format {
        Format::OtpauthList => otpauth_list::OtpauthList::detect(bytes),
        Format::GoogleMigration => google::GoogleMigration::detect(bytes),
        Format::QrImage => qr_image::QrImage::detect(bytes),
        Format::Aegis => aegis::Aegis::detect(bytes),
        Format::TwoFas => two_fas::TwoFas::detect(bytes),
        Format::Bitwarden => bitwarden::Bitwarden::detect(bytes),
        Format::AndOtp => and_otp::AndOtp::detect(bytes),
        Format::FreeOtpPlus => free_otp_plus::FreeOtpPlus::detect(bytes),
        Format::AuthenticatorPro => authenticator_pro::AuthenticatorPro::detect(bytes),
        Format::BitwardenCsv => bitwarden_csv::BitwardenCsv::detect(bytes),
        Format::Proton => proton::Proton::detect(bytes),
        Format::LastPass => lastpass::LastPass::detect(bytes),
        Format::EnteAuth => ente::EnteAuth::detect(bytes),
        Format::FreeOtp => free_otp::FreeOtp::detect(bytes),
        Format::KeePass => keepass::KeePass::detect(bytes),
        Format::Authy => authy::Authy::detect(bytes),
        Format::SteamMaFile => steam_mafile::SteamMaFile::detect(bytes),
        Format::Raivo => raivo::Raivo::detect(bytes),
        Format::WinAuth => win_auth::WinAuth::detect(bytes),
        Format::TotpAuthenticator => totp_authenticator::TotpAuthenticator::detect(bytes),
    })
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Accounts added.
    pub added: usize,
    /// Accounts already stored (same site, name and secret); their backup
    /// tokens were merged, used marks kept (used wins).
    pub skipped_duplicates: usize,
    /// Entries the file held that could not be read.
    pub rejected: Vec<RejectedEntry>,
    /// How each added account is named, in the file's order, for the CLI's
    /// report (the window shows the list instead).
    #[serde(skip)]
    pub added_names: Vec<String>,
    /// How each account already stored is named, in the file's order.
    #[serde(skip)]
    pub skipped_names: Vec<String>,
}

impl ImportReport {
    /// Words every rejected entry's reason in `language`, for the app's
    /// import report.
    pub fn word_reasons_in(&mut self, language: crate::i18n::Language) {
        for rejected in &mut self.rejected {
            rejected.word_reason_in(language);
        }
    }
}

/// Adds what was read to `contents`: new accounts are appended; an account
/// already stored keeps its place and gains the imported backup tokens,
/// where a token used on either side stays used.
pub fn merge_into(contents: &mut VaultContents, restored: Restored) -> ImportReport {
    let mut report = ImportReport {
        rejected: restored.rejected,
        ..ImportReport::default()
    };
    // Accounts by lower-cased site and name, so each imported one is
    // compared with the few stored accounts of that name rather than all of
    // them: a 10,000-entry import would otherwise take seconds. Secrets are
    // compared only among those few and never copied into the index.
    let mut by_name: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (index, account) in contents.accounts.iter().enumerate() {
        by_name.entry(name_key(account)).or_default().push(index);
    }
    for imported in restored.accounts {
        let key = name_key(&imported);
        let stored = by_name.get(&key).and_then(|candidates| {
            candidates
                .iter()
                .copied()
                .find(|&index| contents.accounts[index].is_same_as(&imported))
        });
        match stored {
            Some(index) => {
                contents.accounts[index]
                    .backup_tokens
                    .merge_used_marks(&imported.backup_tokens);
                report.skipped_duplicates += 1;
                report.skipped_names.push(imported.display_name());
            }
            None => {
                report.added_names.push(imported.display_name());
                by_name
                    .entry(key)
                    .or_default()
                    .push(contents.accounts.len());
                contents.accounts.push(imported);
                report.added += 1;
            }
        }
    }
    report
}

fn name_key(account: &Account) -> (String, String) {
    (account.issuer.to_lowercase(), account.label.to_lowercase())
}

pub mod aegis;
pub mod and_otp;
pub mod authenticator_pro;
pub mod authy;
pub mod bitwarden;
pub mod bitwarden_csv;
mod encrypted;
pub mod ente;
mod entry;
mod export;
pub mod free_otp;
pub mod free_otp_plus;
pub mod google;
mod java_map;
mod json;
pub mod keepass;
pub mod lastpass;
pub mod otpauth_list;
pub mod proton;
pub mod qr_image;
pub mod raivo;
mod shared_prefs;
pub mod steam_mafile;
pub mod totp_authenticator;
pub mod two_fas;
pub mod win_auth;
mod zip_archive;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::{Otp, OtpSecret};
    use crate::tokens::BatchMode;

    fn account(issuer: &str, label: &str, secret: &str) -> Account {
        let otp = Otp::totp(OtpSecret::from_base32(secret).unwrap());
        Account::new(issuer, label, Some(otp), 0).unwrap()
    }

    #[test]
    fn every_malformation_is_worded_in_every_language_with_its_values() {
        use crate::i18n::Language;
        let problems = [
            Malformation::CutShort,
            Malformation::NotJson {
                line: 3,
                column: 17,
            },
            Malformation::NotXml {
                line: 2,
                column: 31,
            },
            Malformation::UnexpectedBytes { offset: 523 },
            Malformation::UnexpectedLayout { line: 4, column: 9 },
            Malformation::NewerVersion { version: 7 },
            Malformation::NoAccountList,
            Malformation::NoPasswordSlot,
            Malformation::KdfOutOfBounds(
                crate::kdf_bounds::check_aegis_scrypt(1 << 30, 8, 1).unwrap_err(),
            ),
            Malformation::UnknownKdf { kdf: 7 },
            Malformation::PasswordSlotDamaged,
            Malformation::MissingFile {
                name: "76561198000000000.maFile".to_owned(),
            },
            Malformation::EncryptedContentsDamaged,
            Malformation::EncryptedForBitwardenOnly,
            Malformation::WrongPasswordOrDamaged,
            Malformation::NotAnArchive,
            Malformation::ArchiveDamaged,
            Malformation::ArchiveUnsupported,
            Malformation::NoExportInArchive,
            Malformation::ArchiveTooLarge {
                megabytes: 900,
                limit_megabytes: 64,
            },
            Malformation::ArchiveTooManyFiles {
                files: 5000,
                limit: 1000,
            },
            Malformation::ExportLink(google::MigrationError::NotBase64),
            Malformation::Picture(crate::qr::QrReadError::NoQrCode),
        ];
        for problem in problems {
            let error = ImportError::Malformed {
                format: Format::Aegis,
                problem: problem.clone(),
            };
            let english = error.localized(Language::En);
            let dutch = error.localized(Language::Nl);
            assert_ne!(
                english,
                error.message_id(),
                "{problem:?} has no English words"
            );
            assert_ne!(dutch, error.message_id(), "{problem:?} has no Dutch words");
            assert_ne!(english, dutch, "{problem:?} is English in Dutch");
            for text in [&english, &dutch] {
                assert!(!text.contains("{ $"), "{text}");
                for (_, value) in problem.message_args() {
                    let shown = match value {
                        MessageArg::Text(text) => text,
                        MessageArg::Number(number) => number.to_string(),
                    };
                    assert!(text.contains(&shown), "{text} lacks {shown}");
                }
            }
        }
    }

    #[test]
    fn merging_adds_new_accounts_once_and_merges_tokens_of_known_ones() {
        let mut contents = VaultContents::default();
        let mut stored = account("Site", "me", "JBSWY3DPEHPK3PXP");
        stored
            .backup_tokens
            .add_batch("ab12-cd34\nef56-gh78", BatchMode::Append, 0)
            .unwrap();
        contents.accounts.push(stored);

        let mut same_with_a_used_token = account("SITE", "Me", "JBSWY3DPEHPK3PXP");
        same_with_a_used_token
            .backup_tokens
            .add_batch("ab12-cd34\nij90-kl12", BatchMode::Append, 0)
            .unwrap();
        same_with_a_used_token
            .backup_tokens
            .mark_used("ab12-cd34", 5)
            .unwrap();
        let restored = Restored {
            accounts: vec![
                same_with_a_used_token,
                account("Site", "me", "GEZDGNBVGY3TQOJQ"),
                account("Other", "me", "GEZDGNBVGY3TQOJQ"),
                account("other", "ME", "GEZDGNBVGY3TQOJQ"),
            ],
            rejected: Vec::new(),
        };
        let report = merge_into(&mut contents, restored);
        assert_eq!((report.added, report.skipped_duplicates), (2, 2));
        assert_eq!(report.added_names, ["Site (me)", "Other (me)"]);
        assert_eq!(report.skipped_names, ["SITE (Me)", "other (ME)"]);
        assert_eq!(
            contents.accounts.len(),
            3,
            "a different secret is another account"
        );
        let tokens = &contents.accounts[0].backup_tokens;
        assert_eq!(tokens.total(), 3, "the new token joined the stored ones");
        assert_eq!(
            tokens.unused_count(),
            2,
            "a token used in the import stays used"
        );
    }

    #[test]
    fn a_file_over_the_import_limit_is_refused_before_it_is_read() {
        let limit = usize::try_from(MAX_IMPORT_BYTES).unwrap();
        let huge = vec![b' '; limit + 1];
        let error = restore(&huge, None, None).unwrap_err();
        assert_eq!(
            error,
            ImportError::TooLarge {
                megabytes: 65,
                limit_megabytes: 64
            }
        );
        for language in crate::i18n::Language::ALL {
            let message = error.localized(language);
            assert!(
                message.contains("65") && message.contains("64"),
                "{message}"
            );
        }
        assert!(check_import_size(MAX_IMPORT_BYTES).is_ok());
    }

    #[test]
    fn a_chosen_file_is_read_whole_or_refused_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.txt");
        std::fs::write(&path, b"otpauth://totp/A?secret=JBSWY3DP").unwrap();
        assert_eq!(
            read_chosen_file(&path).unwrap().as_slice(),
            b"otpauth://totp/A?secret=JBSWY3DP"
        );

        // Moved since it was chosen: named, in our words.
        std::fs::remove_file(&path).unwrap();
        let gone = read_chosen_file(&path).unwrap_err();
        assert_eq!(
            gone,
            ChosenFileError::Unreadable {
                name: "export.txt".to_owned()
            }
        );
        assert!(gone.to_string().contains("export.txt"), "{gone}");

        // Too large: refused from its size, before reading (a sparse file).
        let big = dir.path().join("big.png");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_IMPORT_BYTES + 1)
            .unwrap();
        assert!(matches!(
            read_chosen_file(&big),
            Err(ChosenFileError::TooLarge(ImportError::TooLarge { .. }))
        ));
    }

    #[test]
    fn an_entry_with_an_over_long_name_is_named_as_not_imported() {
        let long = "x".repeat(crate::text::NAME_LIMIT + 1);
        let text = format!(
            "otpauth://totp/{long}:me?secret=JBSWY3DPEHPK3PXP&issuer={long}\n\
             otpauth://totp/Fine:me?secret=GEZDGNBVGY3TQOJQ&issuer=Fine\n"
        );
        let restored = restore(text.as_bytes(), None, None).unwrap();
        assert_eq!(restored.accounts.len(), 1);
        assert_eq!(restored.accounts[0].issuer, "Fine");
        assert_eq!(restored.rejected.len(), 1);
        let rejected = &restored.rejected[0];
        assert_eq!(rejected.reason_id, "text-too-long-issuer");
        assert!(rejected.reason.contains("257"), "{}", rejected.reason);
        assert!(rejected.name.chars().count() <= crate::text::NAME_LIMIT);
    }

    #[test]
    fn a_rejected_entry_is_worded_in_the_users_language() {
        let reason = ImportError::Empty {
            format: Format::Aegis,
        };
        let mut rejected = RejectedEntry::new("Site (me)", &reason);
        let english = rejected.reason.clone();
        rejected.word_reason_in(crate::i18n::Language::Nl);
        assert_ne!(rejected.reason, english);
        assert!(rejected.reason.contains("Aegis"), "{}", rejected.reason);
        assert_eq!(rejected.reason, reason.localized(crate::i18n::Language::Nl));
    }
}
