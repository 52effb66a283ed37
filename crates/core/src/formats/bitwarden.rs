//! Bitwarden's JSON vault export (File › Export vault, file format `.json`).
//!
//! The export is `{"encrypted": false, "folders": [..], "items": [..]}`;
//! a login item (`type` 1) has `name`, `folderId` and `login.username` and
//! `login.totp`, the authenticator key. Bitwarden accepts three kinds of
//! authenticator key, and so does this reader:
//!
//! - an `otpauth://` link, with its own settings, issuer and account name
//!   (the item's name and user name stand in for missing ones);
//! - `steam://SECRET`, a Steam Guard key;
//! - a bare base32 secret, for TOTP with SHA1, 6 digits and 30 seconds; the
//!   item's name is the issuer, its user name the account name.
//!
//! A password manager holds far more items than two-factor keys, so items
//! without an authenticator key are passed over silently, not rejected. An
//! item's folder becomes the account's tag; its notes are not taken along (a
//! password manager's notes often hold other secrets that have no business in
//! an authenticator).
//!
//! A password-protected export (`"encrypted": true, "passwordProtected":
//! true`, as Bitwarden's `BitwardenPasswordProtectedImporter` reads it) is
//! opened with the password it was exported with: the key is derived by the
//! account's KDF, which the file states (`kdfType` 0, PBKDF2-SHA256 of
//! `kdfIterations` over the `salt` text; or 1, Argon2id of `kdfIterations`,
//! `kdfMemory` MiB and `kdfParallelism` over SHA-256 of the salt), each
//! checked against `crate::kdf_bounds` before deriving, then stretched by
//! HKDF-expand into an encryption key (`enc`) and a MAC key (`mac`). The
//! `encKeyValidation_DO_NOT_EDIT` and `data` fields are Bitwarden
//! EncStrings, `2.iv|ciphertext|mac` in base64: AES-256-CBC with an
//! HMAC-SHA256 over IV and ciphertext. The validation field's MAC tells a
//! wrong password from a damaged file: a validation that does not verify is
//! a wrong password, and once it verifies, `data` that does not is damage.
//! The decrypted `data` is a plain JSON export, read as one.
//!
//! Account-restricted exports (`"encrypted": true` without a password) are
//! refused with a message to export as plain `.json`: they are sealed with
//! the Bitwarden account's own key, which Safekeep does not hold.

use super::json::{starts_like_an_object, without_bom};
use crate::time::now;
use std::collections::HashMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use zeroize::Zeroizing;

use super::encrypted::{
    CBC_IV_LEN, KEY_LEN, decode_base64, hkdf_sha256_expand, hmac_sha256_matches, open_aes_cbc,
    pbkdf2_sha256_key,
};
use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::i18n::{Message, MessageArg};
use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret, UriError, parse_otpauth_uri};

/// The Bitwarden JSON export format.
pub struct Bitwarden;

impl Restorable for Bitwarden {
    const FORMAT: Format = Format::Bitwarden;

    fn detect(bytes: &[u8]) -> bool {
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes)
            && serde_json::from_slice::<Probe>(bytes).is_ok_and(|probe| match probe.encrypted {
                None => false,
                Some(false) => probe.items.is_some(),
                Some(true) => {
                    probe.items.is_some()
                        || probe.password_protected.is_some()
                        || probe.data.is_some()
                }
            })
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        let bytes = without_bom(bytes);
        // The flag first: the items of an encrypted export are ciphertext.
        let probe: Probe = serde_json::from_slice(bytes).map_err(|error| json_error(&error))?;
        if probe.encrypted == Some(true) {
            if probe.password_protected.is_none() {
                return Err(malformed(Malformation::EncryptedForBitwardenOnly));
            }
            let protected: Protected =
                serde_json::from_slice(bytes).map_err(|error| json_error(&error))?;
            if !protected.password_protected {
                return Err(malformed(Malformation::EncryptedForBitwardenOnly));
            }
            let password = password.ok_or(ImportError::PasswordNeeded {
                format: Format::Bitwarden,
            })?;
            let plain = protected.open(password)?;
            return read_plain(&plain);
        }
        read_plain(bytes)
    }
}

/// A password-protected export's envelope. The fields are ciphertext,
/// salt and KDF settings: nothing secret in the clear.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Protected {
    password_protected: bool,
    salt: String,
    kdf_type: u8,
    kdf_iterations: u64,
    kdf_memory: Option<u64>,
    kdf_parallelism: Option<u64>,
    #[serde(rename = "encKeyValidation_DO_NOT_EDIT")]
    key_validation: String,
    data: String,
}

/// Bitwarden's `KdfType`.
const KDF_PBKDF2_SHA256: u8 = 0;
const KDF_ARGON2ID: u8 = 1;

impl Protected {
    /// The plain export inside, or why not.
    fn open(&self, password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
        let damaged = || malformed(Malformation::EncryptedContentsDamaged);
        // Parsed before any derivation, so a damaged file costs nothing.
        let validation = EncString::parse(&self.key_validation).ok_or_else(damaged)?;
        let data = EncString::parse(&self.data).ok_or_else(damaged)?;
        let keys = self.derive_keys(password)?;
        match validation.open(&keys) {
            Err(Opening::MacMismatch) => {
                return Err(ImportError::WrongPassword {
                    format: Format::Bitwarden,
                });
            }
            Err(Opening::BadPadding) => return Err(damaged()),
            Ok(_) => {}
        }
        data.open(&keys).map_err(|_| damaged())
    }

    /// The encryption and MAC keys, from a KDF whose settings are checked
    /// against the bounds first.
    fn derive_keys(&self, password: &str) -> Result<StretchedKeys, ImportError> {
        let out_of_bounds = |bounds| malformed(Malformation::KdfOutOfBounds(bounds));
        let master = match self.kdf_type {
            KDF_PBKDF2_SHA256 => {
                let rounds = crate::kdf_bounds::check_bitwarden_pbkdf2(self.kdf_iterations)
                    .map_err(out_of_bounds)?;
                pbkdf2_sha256_key(password, self.salt.as_bytes(), rounds)
            }
            KDF_ARGON2ID => {
                use argon2::{Algorithm, Argon2, Params, Version};
                use sha2::Digest;
                let (memory_kib, passes, lanes) = crate::kdf_bounds::check_bitwarden_argon2(
                    self.kdf_memory.unwrap_or(0),
                    self.kdf_iterations,
                    self.kdf_parallelism.unwrap_or(0),
                )
                .map_err(out_of_bounds)?;
                let params = Params::new(memory_kib, passes, lanes, Some(KEY_LEN))
                    .map_err(|_| malformed(Malformation::EncryptedContentsDamaged))?;
                let salt = sha2::Sha256::digest(self.salt.as_bytes());
                let mut key = Zeroizing::new([0u8; KEY_LEN]);
                Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
                    .hash_password_into(password.as_bytes(), &salt, &mut key[..])
                    .map_err(|_| malformed(Malformation::EncryptedContentsDamaged))?;
                key
            }
            other => {
                return Err(malformed(Malformation::UnknownKdf {
                    kdf: u64::from(other),
                }));
            }
        };
        Ok(StretchedKeys {
            encryption: hkdf_sha256_expand(&master, b"enc"),
            mac: hkdf_sha256_expand(&master, b"mac"),
        })
    }
}

/// The two keys Bitwarden stretches a derived key into.
struct StretchedKeys {
    encryption: Zeroizing<[u8; KEY_LEN]>,
    mac: Zeroizing<[u8; KEY_LEN]>,
}

/// An EncString of type 2 (`AesCbc256_HmacSha256_B64`), the only type an
/// export is sealed with: `2.` then base64 IV, ciphertext and MAC joined by
/// `|`.
struct EncString {
    iv: [u8; CBC_IV_LEN],
    ciphertext: Vec<u8>,
    mac: Vec<u8>,
}

/// Why an EncString does not open.
enum Opening {
    /// The MAC does not verify: the wrong key, or changed bytes.
    MacMismatch,
    /// The MAC verifies but the padding is wrong: not as Bitwarden seals.
    BadPadding,
}

impl EncString {
    fn parse(text: &str) -> Option<EncString> {
        let body = text.trim().strip_prefix("2.")?;
        let mut parts = body.split('|');
        let (Some(iv), Some(ciphertext), Some(mac), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Some(EncString {
            iv: decode_base64(iv)?.try_into().ok()?,
            ciphertext: decode_base64(ciphertext)?,
            mac: decode_base64(mac)?,
        })
    }

    fn open(&self, keys: &StretchedKeys) -> Result<Zeroizing<Vec<u8>>, Opening> {
        if !hmac_sha256_matches(&keys.mac, &[&self.iv, &self.ciphertext], &self.mac) {
            return Err(Opening::MacMismatch);
        }
        open_aes_cbc(&keys.encryption, &self.iv, &self.ciphertext).ok_or(Opening::BadPadding)
    }
}

/// Reads a plain JSON export (also what a password-protected one holds).
fn read_plain(bytes: &[u8]) -> Result<Restored, ImportError> {
    let probe: Probe = serde_json::from_slice(bytes).map_err(|error| json_error(&error))?;
    if probe.encrypted == Some(true) {
        return Err(malformed(Malformation::EncryptedForBitwardenOnly));
    }
    let export: Export = serde_json::from_slice(bytes).map_err(|error| json_error(&error))?;
    let items = export
        .items
        .ok_or_else(|| malformed(Malformation::NoAccountList))?;
    let folders: HashMap<String, String> = export
        .folders
        .unwrap_or_default()
        .into_iter()
        .filter_map(|folder| Some((folder.id?, folder.name?)))
        .collect();
    read_items(items, &folders)
}

/// Why an item of a Bitwarden export was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BitwardenEntryError {
    /// The authenticator key is a link that cannot be read; the link's own
    /// error says why.
    BadLink(UriError),
    /// The authenticator key is neither a link nor a base32 secret.
    BadSecret,
}

impl Message for BitwardenEntryError {
    fn message_id(&self) -> &'static str {
        match self {
            BitwardenEntryError::BadLink(error) => error.message_id(),
            BitwardenEntryError::BadSecret => "import-bitwarden-bad-secret",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            BitwardenEntryError::BadLink(error) => error.message_args(),
            BitwardenEntryError::BadSecret => Vec::new(),
        }
    }
}

crate::localized_error!(BitwardenEntryError);

/// Just enough of an export to tell what it is.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Probe {
    encrypted: Option<bool>,
    items: Option<Vec<IgnoredAny>>,
    password_protected: Option<IgnoredAny>,
    data: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct Export {
    items: Option<Vec<Item>>,
    folders: Option<Vec<Folder>>,
}

#[derive(Deserialize)]
struct Folder {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    name: Option<String>,
    folder_id: Option<String>,
    login: Option<Login>,
}

/// The parts of a login we read: never its password.
#[derive(Deserialize)]
struct Login {
    username: Option<String>,
    totp: Option<Zeroizing<String>>,
}

fn read_items(
    items: Vec<Item>,
    folders: &HashMap<String, String>,
) -> Result<Restored, ImportError> {
    let now = now();
    let mut restored = Restored::default();
    for item in items {
        let Some(login) = &item.login else {
            continue;
        };
        let Some(totp) = login
            .totp
            .as_ref()
            .map(|totp| totp.trim())
            .filter(|totp| !totp.is_empty())
        else {
            continue;
        };
        let name = item.name.as_deref().unwrap_or_default().trim();
        let username = login.username.as_deref().unwrap_or_default().trim();
        let folder = item.folder_id.as_ref().and_then(|id| folders.get(id));
        keep_item(&mut restored, (name, username), totp, folder, now);
    }
    restored.unless_empty(Format::Bitwarden)
}

/// Keeps a login item whose authenticator key is `totp` as an account, or
/// names it among the rejected: the item's name and user name stand in for
/// what a link leaves out. The JSON and CSV exports share this.
pub(super) fn keep_item(
    restored: &mut Restored,
    (name, username): (&str, &str),
    totp: &str,
    folder: Option<&String>,
    now: i64,
) {
    match read_totp(totp) {
        Ok((otp, names)) => {
            let (issuer, label) = match &names {
                Some((issuer, label)) => (
                    if issuer.trim().is_empty() {
                        name
                    } else {
                        issuer.as_str()
                    },
                    if label.trim().is_empty() {
                        username
                    } else {
                        label.as_str()
                    },
                ),
                None => (name, username),
            };
            restored.keep_grouped((issuer, label), otp, folder, now);
        }
        Err(error) => restored.reject((name, username), &error),
    }
}

/// Reads an authenticator key as Bitwarden does; gives the issuer and account
/// name when it is a link that has them.
fn read_totp(totp: &str) -> Result<(Otp, Option<(String, String)>), BitwardenEntryError> {
    if let Some(secret) = strip_prefix_ignoring_case(totp, "steam://") {
        let secret = OtpSecret::from_base32(secret).map_err(|_| BitwardenEntryError::BadSecret)?;
        let otp = Otp::new(OtpKind::Steam, Algorithm::Sha1, 5, secret)
            .map_err(|_| BitwardenEntryError::BadSecret)?;
        return Ok((otp, None));
    }
    if totp.contains("://") {
        let link = parse_otpauth_uri(totp).map_err(BitwardenEntryError::BadLink)?;
        return Ok((link.otp, Some((link.issuer, link.label))));
    }
    let secret = OtpSecret::from_base32(totp).map_err(|_| BitwardenEntryError::BadSecret)?;
    let otp = Otp::new(OtpKind::Totp { period: 30 }, Algorithm::Sha1, 6, secret)
        .map_err(|_| BitwardenEntryError::BadSecret)?;
    Ok((otp, None))
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::Bitwarden,
        problem,
    }
}

fn json_error(error: &serde_json::Error) -> ImportError {
    super::json::json_error(error, Format::Bitwarden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn detects_plain_and_encrypted_exports_only() {
        assert!(Bitwarden::detect(br#"{"encrypted":false,"items":[]}"#));
        assert!(Bitwarden::detect(
            br#"{"encrypted":true,"passwordProtected":true,"salt":"x","data":"2.x"}"#
        ));
        assert!(Bitwarden::detect(
            br#"{"encrypted":true,"encKeyValidation_DO_NOT_EDIT":"2.x","items":[]}"#
        ));
        assert!(!Bitwarden::detect(br#"{"items":[]}"#));
        assert!(!Bitwarden::detect(br#"{"encrypted":"no","items":[]}"#));
        assert!(!Bitwarden::detect(br#"{"encrypted":false}"#));
        assert!(!Bitwarden::detect(br#"{"encrypted":false,"items":{}}"#));
        assert!(!Bitwarden::detect(
            b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"
        ));
    }

    #[test]
    fn authenticator_keys_are_read_as_bitwarden_reads_them() {
        let (otp, names) = read_totp("jbsw y3dp ehpk 3pxp").unwrap();
        assert_eq!(otp.kind, OtpKind::Totp { period: 30 });
        assert_eq!((otp.algorithm, otp.digits), (Algorithm::Sha1, 6));
        assert_eq!(otp.secret.as_bytes(), b"Hello!\xde\xad\xbe\xef");
        assert_eq!(names, None);

        let (otp, _) = read_totp("STEAM://JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(otp.kind, OtpKind::Steam);

        let (otp, names) =
            read_totp("otpauth://hotp/Site:me?secret=JBSWY3DPEHPK3PXP&counter=3").unwrap();
        assert_eq!(otp.kind, OtpKind::Hotp { counter: 3 });
        assert_eq!(names, Some(("Site".to_owned(), "me".to_owned())));

        assert_eq!(
            read_totp("not a secret!").unwrap_err(),
            BitwardenEntryError::BadSecret
        );
        assert_eq!(
            read_totp("steam://").unwrap_err(),
            BitwardenEntryError::BadSecret
        );
        assert!(matches!(
            read_totp("https://example.com/?secret=JBSWY3DPEHPK3PXP"),
            Err(BitwardenEntryError::BadLink(UriError::WrongScheme { .. }))
        ));
        // A multi-byte character where the prefix would end must not panic.
        assert!(read_totp("stéam://x").is_err());
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let message = BitwardenEntryError::BadSecret;
        let english = message.localized(Language::En);
        let dutch = message.localized(Language::Nl);
        assert_ne!(english, message.message_id());
        assert_ne!(dutch, message.message_id());
        assert_ne!(english, dutch);
        let link = BitwardenEntryError::BadLink(UriError::MissingSecret);
        assert_eq!(link.message_id(), "otp-uri-missing-secret");
    }
}
