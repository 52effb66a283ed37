//! Authenticator Pro's (now Stratum's) plain backup (`.authpro` or `.json`,
//! "Backup" without a password), as its `Backup` class serialises it.
//!
//! The file is `{"Authenticators": [..], "Categories": [..],
//! "AuthenticatorCategories": [..], "CustomIcons": [..]}`. Each authenticator
//! has `Type` (a number: 1 HOTP, 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex),
//! `Issuer`, `Username`, the base32 `Secret`, `Algorithm` (0 SHA1, 1 SHA256,
//! 2 SHA512), `Digits`, `Period` and `Counter` (the counter of its next code,
//! as in its own `otpauth://` links). A category has `Id` and `Name`; a
//! binding links a category to an authenticator by its secret, and becomes a
//! tag here.
//!
//! mOTP and Yandex entries (schemes with a PIN, which Safekeep does not make)
//! are reported as rejected, with the reason.
//!
//! An encrypted backup (its `BackupEncryption` classes; Aegis's
//! `StratumImporter` reads the same) holds the plain backup's JSON behind a
//! 16-byte header, which tells the two layouts apart:
//!
//! - `AUTHENTICATORPRO` (current): a 16-byte salt, a 12-byte nonce, then
//!   AES-256-GCM ciphertext and its 16-byte tag, the key Argon2id of the
//!   password with 64 MiB, 3 passes and 4 lanes. The app fixes these
//!   settings and the file does not state them, so nothing read needs
//!   bounds. The tag cannot tell a wrong password from a damaged file: both
//!   are reported as a wrong password, whose message says to check it.
//! - `AuthenticatorPro` (legacy): a 20-byte salt, a 16-byte IV, then
//!   AES-256-CBC ciphertext with PKCS#7 padding, the key PBKDF2-HMAC-SHA1 of
//!   the password with 64,000 rounds. CBC has no tag either: a wrong padding
//!   or contents that are not JSON are reported as a wrong password.
//!
//! A file cut inside its header is reported as cut short.

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use zeroize::Zeroizing;

use super::encrypted::{
    CBC_IV_LEN, KEY_LEN, NONCE_LEN, TAG_LEN, open_aes_cbc, open_aes_gcm, pbkdf2_sha1_key,
};
use super::entry::{EntryError, digits_of, otp_of, whole_setting};
use super::json::{shown_value, starts_like_an_object, without_bom};
use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::otp::{Algorithm, OtpKind};
use crate::time::now;

/// The Authenticator Pro / Stratum plain backup format.
pub struct AuthenticatorPro;

impl Restorable for AuthenticatorPro {
    const FORMAT: Format = Format::AuthenticatorPro;

    fn detect(bytes: &[u8]) -> bool {
        #[derive(Deserialize)]
        struct Probe {
            #[serde(rename = "Authenticators")]
            #[allow(dead_code)]
            authenticators: Vec<IgnoredAny>,
        }
        if Layout::of(bytes).is_some() {
            return true;
        }
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes) && serde_json::from_slice::<Probe>(bytes).is_ok()
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        match Layout::of(bytes) {
            None => read_backup(without_bom(bytes)),
            Some(layout) => {
                let password = password.ok_or(ImportError::PasswordNeeded {
                    format: Format::AuthenticatorPro,
                })?;
                let plain = layout.decrypt(&bytes[HEADER_LEN..], password)?;
                // Contents that are not a backup are what a wrong key makes
                // of a CBC file whose padding happened to come out right.
                match (layout, read_backup(&plain)) {
                    (Layout::Legacy, Err(ImportError::Malformed { .. })) => Err(wrong_password()),
                    (_, read) => read,
                }
            }
        }
    }
}

/// The two encrypted layouts, told apart by their 16-byte header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// `AUTHENTICATORPRO`: Argon2id and AES-256-GCM.
    Current,
    /// `AuthenticatorPro`: PBKDF2-HMAC-SHA1 and AES-256-CBC.
    Legacy,
}

const HEADER_LEN: usize = 16;
/// The current layout's Argon2id, as `BackupEncryption` fixes it.
const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
const ARGON2_PASSES: u32 = 3;
const ARGON2_LANES: u32 = 4;
const CURRENT_SALT_LEN: usize = 16;
/// The legacy layout's PBKDF2, as `LegacyBackupEncryption` fixes it.
const LEGACY_ROUNDS: u32 = 64_000;
const LEGACY_SALT_LEN: usize = 20;

impl Layout {
    fn of(bytes: &[u8]) -> Option<Layout> {
        match bytes.get(..HEADER_LEN)? {
            b"AUTHENTICATORPRO" => Some(Layout::Current),
            b"AuthenticatorPro" => Some(Layout::Legacy),
            _ => None,
        }
    }

    /// The plain backup in `body` (what follows the header).
    fn decrypt(self, body: &[u8], password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
        match self {
            Layout::Current => {
                let min = CURRENT_SALT_LEN + NONCE_LEN + TAG_LEN;
                if body.len() < min {
                    return Err(cut_short());
                }
                let (salt, rest) = body.split_at(CURRENT_SALT_LEN);
                let (nonce, sealed) = rest.split_at(NONCE_LEN);
                let (ciphertext, tag) = sealed.split_at(sealed.len() - TAG_LEN);
                let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| cut_short())?;
                let tag: [u8; TAG_LEN] = tag.try_into().map_err(|_| cut_short())?;
                let key = argon2id_key(password, salt)?;
                open_aes_gcm(&key[..], &nonce, &tag, ciphertext.to_vec()).ok_or_else(wrong_password)
            }
            Layout::Legacy => {
                if body.len() < LEGACY_SALT_LEN + CBC_IV_LEN + CBC_IV_LEN {
                    return Err(cut_short());
                }
                let (salt, rest) = body.split_at(LEGACY_SALT_LEN);
                let (iv, ciphertext) = rest.split_at(CBC_IV_LEN);
                let iv: [u8; CBC_IV_LEN] = iv.try_into().map_err(|_| cut_short())?;
                let key = pbkdf2_sha1_key(password, salt, LEGACY_ROUNDS);
                open_aes_cbc(&key, &iv, ciphertext).ok_or_else(wrong_password)
            }
        }
    }
}

/// The current layout's key: Argon2id with the app's fixed settings.
fn argon2id_key(password: &str, salt: &[u8]) -> Result<Zeroizing<[u8; KEY_LEN]>, ImportError> {
    use argon2::{Algorithm, Argon2, Params, Version};
    let params = Params::new(
        ARGON2_MEMORY_KIB,
        ARGON2_PASSES,
        ARGON2_LANES,
        Some(KEY_LEN),
    )
    .expect("the app's fixed settings are valid");
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, &mut key[..])
        .map_err(|_| cut_short())?;
    Ok(key)
}

fn wrong_password() -> ImportError {
    ImportError::WrongPassword {
        format: Format::AuthenticatorPro,
    }
}

fn cut_short() -> ImportError {
    ImportError::Malformed {
        format: Format::AuthenticatorPro,
        problem: Malformation::CutShort,
    }
}

/// Reads a plain backup's JSON.
fn read_backup(bytes: &[u8]) -> Result<Restored, ImportError> {
    let backup: Backup = serde_json::from_slice(bytes)
        .map_err(|error| super::json::json_error(&error, Format::AuthenticatorPro))?;
    let authenticators = backup.authenticators.ok_or(ImportError::Malformed {
        format: Format::AuthenticatorPro,
        problem: Malformation::NoAccountList,
    })?;
    let category_names: HashMap<String, String> = backup
        .categories
        .unwrap_or_default()
        .into_iter()
        .filter_map(|category| Some((category.id?, category.name?)))
        .collect();
    // Tags by the secret they are bound to, as Authenticator Pro binds them.
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for binding in backup.authenticator_categories.unwrap_or_default() {
        let (Some(secret), Some(id)) = (binding.authenticator_secret, binding.category_id) else {
            continue;
        };
        if let Some(name) = category_names.get(&id) {
            tags.entry(secret.to_string())
                .or_default()
                .push(name.clone());
        }
    }
    let now = now();
    let mut restored = Restored::default();
    for authenticator in authenticators {
        let issuer = authenticator.issuer.as_deref().unwrap_or_default().trim();
        let label = authenticator.username.as_deref().unwrap_or_default().trim();
        match read_otp(&authenticator) {
            Ok(otp) => {
                let tags = authenticator
                    .secret
                    .as_ref()
                    .and_then(|secret| tags.get(secret.as_str()))
                    .map_or(&[][..], Vec::as_slice);
                restored.keep_tagged((issuer, label), otp, tags, now);
            }
            Err(error) => {
                restored.reject((issuer, label), &error.in_file_of(Format::AuthenticatorPro));
            }
        }
    }
    restored.unless_empty(Format::AuthenticatorPro)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Backup {
    authenticators: Option<Vec<Authenticator>>,
    categories: Option<Vec<Category>>,
    authenticator_categories: Option<Vec<Binding>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Category {
    id: Option<String>,
    name: Option<String>,
}

/// A category's binding to an authenticator. The secret is wiped when dropped.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Binding {
    category_id: Option<String>,
    authenticator_secret: Option<Zeroizing<String>>,
}

/// One authenticator. The secret is wiped when dropped; `Pin` (of mOTP and
/// Yandex entries) is never read.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Authenticator {
    #[serde(rename = "Type")]
    kind: Option<Value>,
    issuer: Option<String>,
    username: Option<String>,
    secret: Option<Zeroizing<String>>,
    algorithm: Option<Value>,
    digits: Option<Value>,
    period: Option<Value>,
    counter: Option<Value>,
}

fn read_otp(authenticator: &Authenticator) -> Result<crate::otp::Otp, EntryError> {
    let kind_number = whole_setting::<u8>(authenticator.kind.as_ref(), 2);
    let kind = match kind_number {
        Ok(1) => OtpKind::Hotp {
            counter: whole_setting(authenticator.counter.as_ref(), 0)
                .map_err(|value| EntryError::BadCounter { value })?,
        },
        Ok(2) => OtpKind::Totp {
            period: whole_setting(authenticator.period.as_ref(), 30)
                .map_err(|value| EntryError::BadPeriod { value })?,
        },
        Ok(4) => OtpKind::Steam,
        Ok(3) => return Err(unsupported("mOTP")),
        Ok(5) => return Err(unsupported("Yandex")),
        _ => {
            let kind = authenticator
                .kind
                .as_ref()
                .map_or_else(|| "null".to_owned(), shown_value);
            return Err(EntryError::UnsupportedType { kind });
        }
    };
    let algorithm = match whole_setting::<u8>(authenticator.algorithm.as_ref(), 0) {
        Ok(0) => Algorithm::Sha1,
        Ok(1) => Algorithm::Sha256,
        Ok(2) => Algorithm::Sha512,
        _ => {
            let name = authenticator
                .algorithm
                .as_ref()
                .map_or_else(|| "null".to_owned(), shown_value);
            return Err(EntryError::UnsupportedAlgorithm { name });
        }
    };
    let digits = digits_of(authenticator.digits.as_ref())?;
    otp_of(kind, algorithm, digits, authenticator.secret.as_ref())
}

fn unsupported(kind: &str) -> EntryError {
    EntryError::UnsupportedType {
        kind: kind.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_authenticator_pro_backups_only() {
        assert!(AuthenticatorPro::detect(
            br#"{"Authenticators":[],"Categories":[]}"#
        ));
        assert!(!AuthenticatorPro::detect(br#"{"authenticators":{}}"#));
        // Encrypted backups, by their header alone.
        assert!(AuthenticatorPro::detect(b"AUTHENTICATORPRO\x00\x01"));
        assert!(AuthenticatorPro::detect(b"AuthenticatorPro\x00\x01"));
        assert!(!AuthenticatorPro::detect(b"AuthenticatorPr"));
        assert!(!AuthenticatorPro::detect(b"authenticatorpro\x00\x01"));
    }
}
