//! Google Authenticator's export: "Transfer accounts → Export accounts"
//! shows one or more QR codes, each holding a link
//! `otpauth-migration://offline?data=…` whose `data` is a URL-encoded,
//! base64-encoded `MigrationPayload` protocol buffer. An export of many
//! accounts is split over several QR codes ("batches"), which share a batch
//! id and say how many there are and which one each is.
//!
//! The reader takes text holding those links (one per line, or anywhere in a
//! line, as QR scanner apps and notes keep them); it also reads plain
//! `otpauth://` lines in the same text. It accepts base64 in the standard and
//! the URL-safe alphabet, with or without padding, and with `+`, `/` and `=`
//! percent-encoded or not. When a batch of an export is missing, that is
//! reported, so nobody walks away believing every account was moved.
//!
//! [`export_migration_uris`] writes links Google Authenticator scans.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::LazyLock;

use data_encoding::{BASE64, Encoding, Specification};
use percent_encoding::percent_decode_str;
use prost::Message as _;
use zeroize::{Zeroize, Zeroizing};

use super::otpauth_list::{self, Strictness};
use super::{Format, ImportError, Malformation, RejectedEntry, Restorable, Restored};
use crate::account::{Account, display_name_of, has_name};
use crate::i18n::{Message, MessageArg};
use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret};

/// Google Authenticator's export links.
pub struct GoogleMigration;

/// The most accounts [`export_migration_uris`] puts in one link, so that
/// each link's QR code stays small enough for a phone camera to read from a
/// screen (Google Authenticator itself puts about as many in each).
pub const ACCOUNTS_PER_LINK: usize = 10;

/// Exports said to have more batches than this are not checked for missing
/// batches: no real export is that large, and a damaged number must not
/// produce millions of reports.
const MAX_BATCHES: i32 = 1000;

/// The start of every link [`export_migration_uris`] writes.
const LINK_START: &str = "otpauth-migration://offline?data=";

/// The export, as Google Authenticator's `MigrationPayload` message. The
/// enums are kept as plain numbers so that a value this reader does not know
/// is reported for its entry instead of failing the whole link.
#[derive(Clone, PartialEq, prost::Message)]
struct MigrationPayload {
    /// The accounts.
    #[prost(message, repeated, tag = "1")]
    otp_parameters: Vec<OtpParameters>,
    /// The version of the format; Google Authenticator writes 1.
    #[prost(int32, tag = "2")]
    version: i32,
    /// How many links the export is split over.
    #[prost(int32, tag = "3")]
    batch_size: i32,
    /// Which of them this is, from 0.
    #[prost(int32, tag = "4")]
    batch_index: i32,
    /// The same number in every link of one export.
    #[prost(int32, tag = "5")]
    batch_id: i32,
}

/// One account of an export. `Debug` leaves out the secret, and the secret is
/// wiped when the value is dropped.
#[derive(Clone, PartialEq, prost::Message)]
#[prost(skip_debug)]
struct OtpParameters {
    /// The secret's raw bytes.
    #[prost(bytes = "vec", tag = "1")]
    secret: Vec<u8>,
    /// The account name, sometimes `Issuer:account`.
    #[prost(string, tag = "2")]
    name: String,
    /// The site.
    #[prost(string, tag = "3")]
    issuer: String,
    /// 0 unspecified (SHA1), 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5.
    #[prost(int32, tag = "4")]
    algorithm: i32,
    /// 0 unspecified (6), 1 six, 2 eight.
    #[prost(int32, tag = "5")]
    digits: i32,
    /// 0 unspecified, 1 HOTP, 2 TOTP.
    #[prost(int32, tag = "6")]
    kind: i32,
    /// The HOTP counter.
    #[prost(int64, tag = "7")]
    counter: i64,
}

impl Drop for OtpParameters {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

impl fmt::Debug for OtpParameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpParameters")
            .field("secret", &"..")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("kind", &self.kind)
            .field("counter", &self.counter)
            .finish()
    }
}

/// The numbers `MigrationPayload` uses for its enums.
mod wire {
    pub const ALGORITHM_UNSPECIFIED: i32 = 0;
    pub const ALGORITHM_SHA1: i32 = 1;
    pub const ALGORITHM_SHA256: i32 = 2;
    pub const ALGORITHM_SHA512: i32 = 3;
    pub const ALGORITHM_MD5: i32 = 4;
    pub const DIGITS_UNSPECIFIED: i32 = 0;
    pub const DIGITS_SIX: i32 = 1;
    pub const DIGITS_EIGHT: i32 = 2;
    pub const TYPE_HOTP: i32 = 1;
    pub const TYPE_TOTP: i32 = 2;
}

impl Restorable for GoogleMigration {
    const FORMAT: Format = Format::GoogleMigration;

    /// True when the bytes (or their UTF-16 text) hold `otpauth-migration://`.
    fn detect(bytes: &[u8]) -> bool {
        const NEEDLE: &[u8] = b"otpauth-migration://";
        let decoded = otpauth_list::utf16_text(bytes);
        let bytes = decoded.as_ref().map_or(bytes, |text| text.as_bytes());
        bytes
            .windows(NEEDLE.len())
            .any(|window| window.eq_ignore_ascii_case(NEEDLE))
    }

    fn restore(bytes: &[u8], _password: Option<&str>) -> Result<Restored, ImportError> {
        let mut reader = MigrationReader::new();
        otpauth_list::read_lines(bytes, &mut reader, Strictness::LinksOnly);
        reader.finish(Self::FORMAT)
    }
}

impl GoogleMigration {
    /// Whether Google Authenticator can take these code settings: TOTP of 30
    /// seconds or HOTP, with 6 or 8 digits. Its export has no field for the
    /// period and no value for 7 digits, and it does not make Steam codes.
    pub fn carries(otp: &Otp) -> bool {
        let digits_fit = matches!(otp.digits, 6 | 8);
        match otp.kind {
            OtpKind::Totp { period } => period == 30 && digits_fit,
            OtpKind::Hotp { counter } => i64::try_from(counter).is_ok() && digits_fit,
            OtpKind::Steam => false,
        }
    }
}

/// Writes `accounts` as Google Authenticator export links, at most
/// [`ACCOUNTS_PER_LINK`] accounts in each, to be shown as QR codes one after
/// the other. The links of one call form one export: they share a random
/// batch id, and each says how many there are and which one it is.
///
/// Only accounts whose codes Google Authenticator can make are written (see
/// [`GoogleMigration::carries`]): Steam accounts, TOTP with a period other
/// than 30 seconds, 7-digit codes, and accounts kept only for their backup
/// tokens are left out, since they would arrive making wrong codes or none.
/// Backup tokens, notes and tags are never carried. No accounts to write
/// gives no links.
pub fn export_migration_uris(accounts: &[Account]) -> Vec<Zeroizing<String>> {
    let carried: Vec<(&Account, &Otp)> = accounts
        .iter()
        .filter_map(|account| Some((account, account.otp.as_ref()?)))
        .filter(|(_, otp)| GoogleMigration::carries(otp))
        .collect();
    let batch_size = i32::try_from(carried.len().div_ceil(ACCOUNTS_PER_LINK)).unwrap_or(i32::MAX);
    // Google Authenticator uses a random id; a non-negative one, so that
    // readers that take it for unsigned agree with those that do not.
    let batch_id = i32::try_from(rand::random::<u32>() >> 1).unwrap_or_default();
    carried
        .chunks(ACCOUNTS_PER_LINK)
        .enumerate()
        .map(|(index, chunk)| {
            let payload = MigrationPayload {
                otp_parameters: chunk
                    .iter()
                    .map(|(account, otp)| parameters_of(account, otp))
                    .collect(),
                version: 1,
                batch_size,
                batch_index: i32::try_from(index).unwrap_or(i32::MAX),
                batch_id,
            };
            link_of(&payload)
        })
        .collect()
}

/// One account as Google Authenticator stores it.
fn parameters_of(account: &Account, otp: &Otp) -> OtpParameters {
    let issuer = account.issuer.trim();
    let label = account.label.trim();
    // Google Authenticator keeps a scanned link's whole label (`Issuer:name`)
    // as the name; writing it the same way also keeps a colon inside a
    // name from being taken for the separator when it is read back.
    let name = if !issuer.is_empty() {
        format!("{issuer}:{label}")
    } else if label.contains(':') {
        format!(":{label}")
    } else {
        label.to_owned()
    };
    let (kind, counter) = match otp.kind {
        OtpKind::Hotp { counter } => (wire::TYPE_HOTP, i64::try_from(counter).unwrap_or(i64::MAX)),
        OtpKind::Totp { .. } | OtpKind::Steam => (wire::TYPE_TOTP, 0),
    };
    OtpParameters {
        secret: otp.secret.as_bytes().to_vec(),
        name,
        issuer: issuer.to_owned(),
        algorithm: match otp.algorithm {
            Algorithm::Sha1 => wire::ALGORITHM_SHA1,
            Algorithm::Sha256 => wire::ALGORITHM_SHA256,
            Algorithm::Sha512 => wire::ALGORITHM_SHA512,
        },
        digits: if otp.digits == 8 {
            wire::DIGITS_EIGHT
        } else {
            wire::DIGITS_SIX
        },
        kind,
        counter,
    }
}

/// The link for one payload: standard base64 with padding, its `+`, `/` and
/// `=` percent-encoded, as Google Authenticator writes it.
fn link_of(payload: &MigrationPayload) -> Zeroizing<String> {
    // Every buffer holding the secrets is sized up front and wiped, so no
    // reallocation leaves a copy behind.
    let bytes = Zeroizing::new(payload.encode_to_vec());
    let mut base64 = Zeroizing::new(String::with_capacity(BASE64.encode_len(bytes.len())));
    BASE64.encode_append(&bytes, &mut base64);
    let mut link = Zeroizing::new(String::with_capacity(LINK_START.len() + 3 * base64.len()));
    link.push_str(LINK_START);
    for character in base64.chars() {
        match character {
            '+' => link.push_str("%2B"),
            '/' => link.push_str("%2F"),
            '=' => link.push_str("%3D"),
            other => link.push(other),
        }
    }
    link
}

/// Base64 as found in exports: the standard or the URL-safe alphabet, read
/// without padding (which is stripped first) and without checking the unused
/// bits of the last character.
static LENIENT_BASE64: LazyLock<Encoding> = LazyLock::new(|| {
    let mut spec = Specification::new();
    spec.symbols
        .push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    spec.translate.from.push_str("-_");
    spec.translate.to.push_str("+/");
    spec.check_trailing_bits = false;
    spec.encoding()
        .expect("the base64 alphabet is a valid specification")
});

/// The payload of one `otpauth-migration:` link.
fn decode_link(link: &str) -> Result<MigrationPayload, MigrationError> {
    let data = data_parameter(link).ok_or(MigrationError::NoData)?;
    let bytes = decode_base64(data).ok_or(MigrationError::NotBase64)?;
    MigrationPayload::decode(bytes.as_slice()).map_err(|_| MigrationError::NotAnExport)
}

/// The raw (still URL-encoded) value of the link's `data` parameter.
fn data_parameter(link: &str) -> Option<&str> {
    let (_, query) = link.split_once('?')?;
    let query = query.split('#').next().unwrap_or_default();
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim().eq_ignore_ascii_case("data").then_some(value)
    })
}

/// Percent-decodes and base64-decodes `data`. A space, which is what a `+`
/// becomes when the link went through form decoding, counts as `+`; line
/// breaks are dropped.
fn decode_base64(data: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut symbols = Zeroizing::new(Vec::with_capacity(data.len()));
    symbols.extend(
        percent_decode_str(data)
            .map(|byte| if byte == b' ' { b'+' } else { byte })
            .filter(|byte| !byte.is_ascii_whitespace()),
    );
    while symbols.last() == Some(&b'=') {
        symbols.pop();
    }
    let length = LENIENT_BASE64.decode_len(symbols.len()).ok()?;
    let mut bytes = Zeroizing::new(vec![0; length]);
    let written = LENIENT_BASE64.decode_mut(&symbols, &mut bytes).ok()?;
    bytes.truncate(written);
    Some(bytes)
}

/// Splits an export's name into site and account name: `Issuer:account`
/// names carry the site before the colon when the issuer field is empty
/// (as in the Key Uri Format), and repeat it when it is not.
fn split_name<'a>(issuer: &'a str, name: &'a str) -> (&'a str, &'a str) {
    let issuer = issuer.trim();
    if issuer.is_empty() {
        return match name.split_once(':') {
            Some((prefix, account)) => (prefix.trim(), account.trim_start()),
            None => ("", name),
        };
    }
    let repeated = name
        .get(..issuer.len())
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(issuer))
        && name.as_bytes().get(issuer.len()) == Some(&b':');
    if repeated {
        (issuer, name[issuer.len() + 1..].trim_start())
    } else {
        (issuer, name)
    }
}

/// One entry of an export as an account, or why it cannot be one. The
/// secret is moved out of `parameters`, not copied.
fn read_entry(
    parameters: &mut OtpParameters,
    fallback_name: impl FnOnce() -> String,
    now: i64,
) -> Result<Account, RejectedEntry> {
    let (issuer, label) = split_name(&parameters.issuer, &parameters.name);
    let (issuer, label) = (issuer.to_owned(), label.to_owned());
    let name = if has_name(&issuer, &label) {
        display_name_of(&issuer, &label)
    } else {
        fallback_name()
    };
    let reject = |reason: &dyn Message| RejectedEntry::new(name.clone(), reason);

    let algorithm = match parameters.algorithm {
        wire::ALGORITHM_UNSPECIFIED | wire::ALGORITHM_SHA1 => Algorithm::Sha1,
        wire::ALGORITHM_SHA256 => Algorithm::Sha256,
        wire::ALGORITHM_SHA512 => Algorithm::Sha512,
        wire::ALGORITHM_MD5 => return Err(reject(&MigrationError::Md5)),
        value => return Err(reject(&MigrationError::UnknownAlgorithm { value })),
    };
    let digits = match parameters.digits {
        wire::DIGITS_UNSPECIFIED | wire::DIGITS_SIX => 6,
        wire::DIGITS_EIGHT => 8,
        value => return Err(reject(&MigrationError::UnknownDigits { value })),
    };
    let kind = match parameters.kind {
        wire::TYPE_TOTP => OtpKind::Totp { period: 30 },
        wire::TYPE_HOTP => match u64::try_from(parameters.counter) {
            Ok(counter) => OtpKind::Hotp { counter },
            Err(_) => {
                return Err(reject(&MigrationError::BadCounter {
                    value: parameters.counter,
                }));
            }
        },
        value => return Err(reject(&MigrationError::UnknownType { value })),
    };
    let secret = OtpSecret::from_bytes(std::mem::take(&mut parameters.secret));
    let otp = Otp::new(kind, algorithm, digits, secret).map_err(|error| reject(&error))?;
    Account::new(&issuer, &label, Some(otp), now).map_err(|error| reject(&error))
}

/// Reads links into accounts, for this reader and for the text-list and QR
/// readers: it keeps track of which batches of which export were seen, so
/// missing ones can be reported however the links arrived.
pub(super) struct MigrationReader {
    restored: Restored,
    now: i64,
    /// Per batch id: how many links the export has, and which were read.
    batches: BTreeMap<i32, Batch>,
    /// Export links whose payload was read.
    links_read: usize,
    /// Export links that could not be read, and why the first could not.
    links_unreadable: usize,
    first_link_error: Option<MigrationError>,
}

/// What is known of one export split over several links.
struct Batch {
    size: i32,
    seen: BTreeSet<i32>,
}

impl MigrationReader {
    /// A reader that has read nothing yet.
    pub(super) fn new() -> MigrationReader {
        MigrationReader {
            restored: Restored::default(),
            now: crate::time::now(),
            batches: BTreeMap::new(),
            links_read: 0,
            links_unreadable: 0,
            first_link_error: None,
        }
    }

    /// Reads an `otpauth://` link; `name` names it if its label cannot.
    pub(super) fn read_link(&mut self, name: &str, link: &str) {
        match otpauth_list::read_link(link, name, self.now) {
            Ok(account) => self.restored.accounts.push(account),
            Err(rejected) => self.restored.rejected.push(rejected),
        }
    }

    /// Reads an `otpauth-migration:` link; `name` says where it was found
    /// (`line 3`, `QR code 2`).
    pub(super) fn read_migration_link(&mut self, name: &str, link: &str) {
        let mut payload = match decode_link(link) {
            Ok(payload) => payload,
            Err(error) => {
                self.links_unreadable += 1;
                self.restored
                    .rejected
                    .push(RejectedEntry::new(name, &error));
                self.first_link_error.get_or_insert(error);
                return;
            }
        };
        self.links_read += 1;
        if payload.batch_size > 1 && (0..payload.batch_size).contains(&payload.batch_index) {
            let batch = self.batches.entry(payload.batch_id).or_insert(Batch {
                size: payload.batch_size,
                seen: BTreeSet::new(),
            });
            batch.size = batch.size.max(payload.batch_size);
            batch.seen.insert(payload.batch_index);
        }
        for (index, parameters) in payload.otp_parameters.iter_mut().enumerate() {
            let fallback = || format!("{name}, entry {}", index + 1);
            match read_entry(parameters, fallback, self.now) {
                Ok(account) => self.restored.accounts.push(account),
                Err(rejected) => self.restored.rejected.push(rejected),
            }
        }
    }

    /// Reports an entry that could not be read.
    pub(super) fn reject(&mut self, entry: RejectedEntry) {
        self.restored.rejected.push(entry);
    }

    /// What was read, with the missing batches of each export reported.
    /// For a Google export whose links all fail to read, the file is
    /// [`ImportError::Malformed`]; with nothing in it at all, it is
    /// [`ImportError::Empty`].
    pub(super) fn finish(mut self, format: Format) -> Result<Restored, ImportError> {
        let only_unreadable_links = self.links_read == 0
            && self.restored.accounts.is_empty()
            && self.restored.rejected.len() == self.links_unreadable;
        if format == Format::GoogleMigration
            && only_unreadable_links
            && let Some(error) = &self.first_link_error
        {
            return Err(ImportError::Malformed {
                format,
                problem: Malformation::ExportLink(error.clone()),
            });
        }
        for batch in self.batches.values() {
            if batch.size > MAX_BATCHES {
                continue;
            }
            for index in (0..batch.size).filter(|index| !batch.seen.contains(index)) {
                let missing = MigrationError::MissingBatch {
                    number: index + 1,
                    size: batch.size,
                };
                let name = format!("QR code {} of {}", index + 1, batch.size);
                self.restored
                    .rejected
                    .push(RejectedEntry::new(name, &missing));
            }
        }
        self.restored.unless_empty(format)
    }
}

/// Why a Google Authenticator export link, or one of its accounts, could not
/// be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrationError {
    /// The link has no `data=` parameter.
    NoData,
    /// The `data=` parameter is not base64 (cut short, or damaged).
    NotBase64,
    /// The data is not a `MigrationPayload` (cut short, or damaged).
    NotAnExport,
    /// The account uses MD5, which Safekeep cannot make codes with.
    Md5,
    /// The account's algorithm number is not one Google Authenticator defines.
    UnknownAlgorithm {
        /// The number in the export.
        value: i32,
    },
    /// The account's code-length number is not one Google Authenticator defines.
    UnknownDigits {
        /// The number in the export.
        value: i32,
    },
    /// The account is neither TOTP nor HOTP (or does not say which).
    UnknownType {
        /// The number in the export.
        value: i32,
    },
    /// The HOTP counter is below zero.
    BadCounter {
        /// The counter in the export.
        value: i64,
    },
    /// The export is split over `size` links and link `number` was not read.
    MissingBatch {
        /// Which link is missing, counting from 1.
        number: i32,
        /// How many links the export has.
        size: i32,
    },
}

impl Message for MigrationError {
    fn message_id(&self) -> &'static str {
        match self {
            MigrationError::NoData => "import-google-no-data",
            MigrationError::NotBase64 => "import-google-not-base64",
            MigrationError::NotAnExport => "import-google-not-an-export",
            MigrationError::Md5 => "import-google-md5",
            MigrationError::UnknownAlgorithm { .. } => "import-google-unknown-algorithm",
            MigrationError::UnknownDigits { .. } => "import-google-unknown-digits",
            MigrationError::UnknownType { .. } => "import-google-unknown-type",
            MigrationError::BadCounter { .. } => "import-google-bad-counter",
            MigrationError::MissingBatch { .. } => "import-google-missing-batch",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            MigrationError::UnknownAlgorithm { value }
            | MigrationError::UnknownDigits { value }
            | MigrationError::UnknownType { value } => vec![("value", (*value).into())],
            MigrationError::BadCounter { value } => vec![("value", (*value).into())],
            MigrationError::MissingBatch { number, size } => {
                vec![("number", (*number).into()), ("size", (*size).into())]
            }
            MigrationError::NoData
            | MigrationError::NotBase64
            | MigrationError::NotAnExport
            | MigrationError::Md5 => Vec::new(),
        }
    }
}
crate::localized_error!(MigrationError);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded_in_every_language;

    fn parameters(
        name: &str,
        issuer: &str,
        algorithm: i32,
        digits: i32,
        kind: i32,
    ) -> OtpParameters {
        OtpParameters {
            secret: b"12345678901234567890".to_vec(),
            name: name.to_owned(),
            issuer: issuer.to_owned(),
            algorithm,
            digits,
            kind,
            counter: 0,
        }
    }

    fn payload(entries: Vec<OtpParameters>, size: i32, index: i32, id: i32) -> MigrationPayload {
        MigrationPayload {
            otp_parameters: entries,
            version: 1,
            batch_size: size,
            batch_index: index,
            batch_id: id,
        }
    }

    fn restore(text: &str) -> Result<Restored, ImportError> {
        GoogleMigration::restore(text.as_bytes(), None)
    }

    #[test]
    fn names_split_like_the_key_uri_format() {
        assert_eq!(split_name("", "Site:me"), ("Site", "me"));
        assert_eq!(split_name("", "Site: me"), ("Site", "me"));
        assert_eq!(split_name("", ":a:b"), ("", "a:b"));
        assert_eq!(split_name("", "me"), ("", "me"));
        assert_eq!(split_name("Site", "site:me"), ("Site", "me"));
        assert_eq!(split_name("Site", "Other:me"), ("Site", "Other:me"));
        assert_eq!(split_name("A:B", "A:B:me"), ("A:B", "me"));
        assert_eq!(split_name("Site", "me"), ("Site", "me"));
        assert_eq!(split_name("Säte", "S"), ("Säte", "S"));
    }

    #[test]
    fn every_base64_spelling_is_read() {
        let bytes: Vec<u8> = (0..=255).collect();
        let standard = BASE64.encode(&bytes);
        let url_safe = data_encoding::BASE64URL_NOPAD.encode(&bytes);
        let encoded: String =
            percent_encoding::utf8_percent_encode(&standard, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let form = standard.replace('+', " ");
        for data in [
            &standard,
            &url_safe,
            &encoded,
            &form,
            &format!("{standard}\n"),
        ] {
            assert_eq!(decode_base64(data).as_deref(), Some(&bytes), "{data}");
        }
        assert_eq!(decode_base64("A"), None);
        assert_eq!(decode_base64("AB*C"), None);
    }

    #[test]
    fn entries_are_read_with_their_settings() {
        let mut hotp = parameters("Bank:me", "", 0, 0, wire::TYPE_HOTP);
        hotp.counter = 7;
        let link = link_of(&payload(
            vec![
                parameters(
                    "me",
                    "Site",
                    wire::ALGORITHM_SHA512,
                    wire::DIGITS_EIGHT,
                    wire::TYPE_TOTP,
                ),
                hotp,
            ],
            1,
            0,
            5,
        ));
        let restored = restore(&link).unwrap();
        assert!(restored.rejected.is_empty());
        let [site, bank] = &restored.accounts[..] else {
            panic!("two accounts expected");
        };
        assert_eq!((site.issuer.as_str(), site.label.as_str()), ("Site", "me"));
        let otp = site.otp.as_ref().unwrap();
        assert_eq!(
            (otp.kind, otp.algorithm, otp.digits),
            (OtpKind::Totp { period: 30 }, Algorithm::Sha512, 8)
        );
        assert_eq!((bank.issuer.as_str(), bank.label.as_str()), ("Bank", "me"));
        let otp = bank.otp.as_ref().unwrap();
        assert_eq!(
            (otp.kind, otp.algorithm, otp.digits),
            (OtpKind::Hotp { counter: 7 }, Algorithm::Sha1, 6)
        );
        assert_eq!(otp.secret.as_bytes(), b"12345678901234567890");
    }

    #[test]
    fn unusable_entries_are_reported_by_name_and_the_rest_imports() {
        let mut negative = parameters("neg", "", 1, 1, wire::TYPE_HOTP);
        negative.counter = -3;
        let mut empty = parameters("", "", 1, 1, wire::TYPE_TOTP);
        empty.secret.clear();
        let link = link_of(&payload(
            vec![
                parameters("md5", "Old", wire::ALGORITHM_MD5, 1, wire::TYPE_TOTP),
                parameters("alg", "", 9, 1, wire::TYPE_TOTP),
                parameters("dig", "", 1, 3, wire::TYPE_TOTP),
                parameters("typ", "", 1, 1, 0),
                negative,
                empty,
                parameters("fine", "", 1, 1, wire::TYPE_TOTP),
            ],
            0,
            0,
            0,
        ));
        let restored = restore(&format!("Exported:\n  {}  \n", link.as_str())).unwrap();
        assert_eq!(restored.accounts.len(), 1);
        let rejected: Vec<_> = restored
            .rejected
            .iter()
            .map(|entry| (entry.name.as_str(), entry.reason_id))
            .collect();
        assert_eq!(
            rejected,
            [
                ("Old (md5)", "import-google-md5"),
                ("alg", "import-google-unknown-algorithm"),
                ("dig", "import-google-unknown-digits"),
                ("typ", "import-google-unknown-type"),
                ("neg", "import-google-bad-counter"),
                ("line 2, entry 6", "otp-secret-empty"),
            ]
        );
    }

    #[test]
    fn missing_batches_are_reported() {
        let first = link_of(&payload(
            vec![parameters("a", "", 1, 1, wire::TYPE_TOTP)],
            3,
            0,
            42,
        ));
        let third = link_of(&payload(
            vec![parameters("c", "", 1, 1, wire::TYPE_TOTP)],
            3,
            2,
            42,
        ));
        let restored = restore(&format!("{}\n{}\n", first.as_str(), third.as_str())).unwrap();
        assert_eq!(restored.accounts.len(), 2);
        assert_eq!(restored.rejected.len(), 1);
        assert_eq!(restored.rejected[0].name, "QR code 2 of 3");
        assert!(restored.rejected[0].reason.contains('3'));
    }

    #[test]
    fn unreadable_links_make_the_file_malformed_unless_others_read() {
        let good = link_of(&payload(
            vec![parameters("a", "", 1, 1, wire::TYPE_TOTP)],
            0,
            0,
            0,
        ));
        for (text, detail) in [
            ("otpauth-migration://offline", MigrationError::NoData),
            (
                "otpauth-migration://offline?data=A",
                MigrationError::NotBase64,
            ),
            (
                "otpauth-migration://offline?data=CgUKAQ",
                MigrationError::NotAnExport,
            ),
        ] {
            assert_eq!(
                restore(text).unwrap_err(),
                ImportError::Malformed {
                    format: Format::GoogleMigration,
                    problem: Malformation::ExportLink(detail.clone())
                },
                "{text}"
            );
            let restored = restore(&format!("{}\n{text}", good.as_str())).unwrap();
            assert_eq!(restored.accounts.len(), 1);
            assert_eq!(restored.rejected[0].name, "line 2");
            assert_eq!(restored.rejected[0].reason_id, detail.message_id());
        }
        assert_eq!(
            restore("otpauth-migration://offline?data=").unwrap_err(),
            ImportError::Empty {
                format: Format::GoogleMigration
            }
        );
        assert_eq!(
            restore("nothing").unwrap_err(),
            ImportError::Empty {
                format: Format::GoogleMigration
            }
        );
    }

    #[test]
    fn export_splits_into_batches_and_leaves_out_what_google_cannot_make() {
        let secret = || OtpSecret::from_bytes(b"12345678901234567890".to_vec());
        let mut accounts: Vec<Account> = (0..23)
            .map(|n| {
                Account::new("Site", &format!("user{n}"), Some(Otp::totp(secret())), 0).unwrap()
            })
            .collect();
        for kind in [OtpKind::Steam, OtpKind::Totp { period: 60 }] {
            let otp = Otp::new(kind, Algorithm::Sha1, 6, secret()).unwrap();
            accounts.push(Account::new("Skipped", "x", Some(otp), 0).unwrap());
        }
        let seven = Otp::new(OtpKind::Totp { period: 30 }, Algorithm::Sha1, 7, secret()).unwrap();
        accounts.push(Account::new("Skipped", "seven", Some(seven), 0).unwrap());
        accounts.push(Account::new("Tokens", "only", None, 0).unwrap());

        let links = export_migration_uris(&accounts);
        assert_eq!(links.len(), 3);
        let payloads: Vec<MigrationPayload> = links
            .iter()
            .map(|link| decode_link(link).unwrap())
            .collect();
        for (index, payload) in payloads.iter().enumerate() {
            assert_eq!(payload.version, 1);
            assert_eq!(payload.batch_size, 3);
            assert_eq!(payload.batch_index, i32::try_from(index).unwrap());
            assert_eq!(payload.batch_id, payloads[0].batch_id);
            assert!(payload.batch_id >= 0);
            assert!(links[index].starts_with(LINK_START));
            assert!(!links[index][LINK_START.len()..].contains(['+', '/', '=']));
        }
        let counts: Vec<usize> = payloads.iter().map(|p| p.otp_parameters.len()).collect();
        assert_eq!(counts, [10, 10, 3]);
        assert!(export_migration_uris(&accounts[23..]).is_empty());
    }

    #[test]
    fn debug_output_leaves_out_secrets() {
        let entry = parameters("me", "Site", 1, 1, 2);
        let shown = format!("{:?}", payload(vec![entry], 1, 0, 0));
        assert!(
            !shown.contains("49, 50") && !shown.contains("12345"),
            "{shown}"
        );
        assert!(shown.contains("Site"));
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let errors = [
            MigrationError::NoData,
            MigrationError::NotBase64,
            MigrationError::NotAnExport,
            MigrationError::Md5,
            MigrationError::UnknownAlgorithm { value: 9 },
            MigrationError::UnknownDigits { value: 7 },
            MigrationError::UnknownType { value: 0 },
            MigrationError::BadCounter { value: -4 },
            MigrationError::MissingBatch { number: 2, size: 3 },
        ];
        for error in errors {
            assert_worded_in_every_language(&error);
        }
    }
}
