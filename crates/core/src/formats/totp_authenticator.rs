//! TOTP Authenticator's (Binary Boolean Apps, `com.authenticator.authservice2`)
//! encrypted backup, as the app writes it and Aegis's
//! `TotpAuthenticatorImporter` reads it.
//!
//! The file is base64 text of AES-256-CBC ciphertext with PKCS#7 padding,
//! under a key that is only SHA-256 of the password and an all-zero IV. A
//! backup made without a password of the user's is sealed with the app's
//! fixed one, `TotpAuthenticator`: that one is tried first, so such a file
//! opens without asking. The plaintext is a JSON object whose first key is
//! itself JSON text: the list of entries (its value is the backup's time).
//!
//! Each entry has `issuer`, `name`, `key` (the secret, in the base that
//! `base` gives: 16, 32 or 64), and `digits` and `period` as text. The app
//! makes TOTP codes with SHA-1 only; Aegis ignores the stored digits and
//! period, but the exporting app records them with each entry, so they are
//! followed here (missing, they are 6 and 30).
//!
//! CBC has no MAC: a wrong password almost always gives a wrong padding,
//! and otherwise contents that are not this JSON; both are reported as a
//! wrong password, whose message says to check it. Base64 text whose
//! decoded length is not whole AES blocks is reported as cut short.
//!
//! Nothing but the whole-file shape tells these backups apart: base64 text
//! of whole AES blocks. Detection therefore comes after every format with a
//! more telling mark.

use data_encoding::HEXLOWER_PERMISSIVE;
use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::encrypted::{CBC_IV_LEN, decode_base64, open_aes_cbc, sha256_key};
use super::entry::{EntryError, whole_setting};
use super::json::shown_value;
use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret};
use crate::time::now;

/// The TOTP Authenticator encrypted backup format.
pub struct TotpAuthenticator;

/// The password the app seals a backup with when the user sets none.
const DEFAULT_PASSWORD: &str = "TotpAuthenticator";
/// The smallest backup: one AES block of ciphertext, as base64.
const AES_BLOCK: usize = 16;

impl Restorable for TotpAuthenticator {
    const FORMAT: Format = Format::TotpAuthenticator;

    fn detect(bytes: &[u8]) -> bool {
        let text = bytes.trim_ascii();
        text.len() >= 24
            && text
                .iter()
                .all(|byte| byte.is_ascii_alphanumeric() || b"+/=\r\n".contains(byte))
            && std::str::from_utf8(text)
                .ok()
                .and_then(decode_base64)
                // At least one block: line breaks and padding alone decode
                // to nothing, which is no backup (found by the fuzzer).
                .is_some_and(|data| !data.is_empty() && data.len() % AES_BLOCK == 0)
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        let ciphertext = std::str::from_utf8(bytes)
            .ok()
            .and_then(decode_base64)
            .ok_or_else(|| malformed(Malformation::EncryptedContentsDamaged))?;
        if ciphertext.is_empty() || ciphertext.len() % AES_BLOCK != 0 {
            return Err(malformed(Malformation::CutShort));
        }
        let entries = match password {
            Some(password) => open(&ciphertext, password).ok_or(ImportError::WrongPassword {
                format: Format::TotpAuthenticator,
            })?,
            // A backup without a password of the user's opens without asking.
            None => open(&ciphertext, DEFAULT_PASSWORD).ok_or(ImportError::PasswordNeeded {
                format: Format::TotpAuthenticator,
            })?,
        };
        let now = now();
        let mut restored = Restored::default();
        for entry in entries {
            let issuer = entry.issuer.as_deref().unwrap_or_default().trim();
            let label = entry.name.as_deref().unwrap_or_default().trim();
            match read_otp(&entry) {
                Ok(otp) => {
                    restored.keep_grouped((issuer, label), otp, None, now);
                }
                Err(error) => {
                    restored.reject(
                        (issuer, label),
                        &error.in_file_of(Format::TotpAuthenticator),
                    );
                }
            }
        }
        restored.unless_empty(Format::TotpAuthenticator)
    }
}

/// The entries of a backup opened with `password`, or `None` when the
/// password does not open it (wrong padding, or not the app's JSON).
fn open(ciphertext: &[u8], password: &str) -> Option<Vec<Entry>> {
    let plain = open_aes_cbc(&sha256_key(password), &[0; CBC_IV_LEN], ciphertext)?;
    let keys: Keys = serde_json::from_slice(&plain).ok()?;
    // The list is the first key, as JSON text; each is tried in turn.
    keys.0
        .iter()
        .find_map(|key| serde_json::from_str::<Vec<Entry>>(key).ok())
}

/// The keys of the plaintext's object, each wiped when dropped: the first
/// holds every secret of the backup as JSON text.
struct Keys(Vec<Zeroizing<String>>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Keys, D::Error> {
        struct KeysVisitor;
        impl<'de> serde::de::Visitor<'de> for KeysVisitor {
            type Value = Keys;
            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some((key, _)) =
                    map.next_entry::<Zeroizing<String>, serde::de::IgnoredAny>()?
                {
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

/// One entry. The secret is wiped when dropped.
#[derive(Deserialize)]
struct Entry {
    issuer: Option<String>,
    name: Option<String>,
    key: Option<Zeroizing<String>>,
    base: Option<Value>,
    digits: Option<Value>,
    period: Option<Value>,
}

fn read_otp(entry: &Entry) -> Result<Otp, EntryError> {
    let text = entry.key.as_ref().ok_or(EntryError::BadSecret)?;
    let text = text.trim();
    let secret = match whole_setting::<u8>(entry.base.as_ref(), 16) {
        Ok(16) => HEXLOWER_PERMISSIVE
            .decode(text.as_bytes())
            .map(OtpSecret::from_bytes)
            .map_err(|_| EntryError::BadSecret)?,
        Ok(32) => OtpSecret::from_base32(text).map_err(|_| EntryError::BadSecret)?,
        Ok(64) => OtpSecret::from_bytes(decode_base64(text).ok_or(EntryError::BadSecret)?),
        _ => {
            let kind = entry.base.as_ref().map_or_else(
                || "null".to_owned(),
                |base| format!("base {}", shown_value(base)),
            );
            return Err(EntryError::UnsupportedType { kind });
        }
    };
    let period = whole_setting(entry.period.as_ref(), 30)
        .map_err(|value| EntryError::BadPeriod { value })?;
    let digits =
        whole_setting(entry.digits.as_ref(), 6).map_err(|value| EntryError::BadDigits { value })?;
    Ok(Otp::new(
        OtpKind::Totp { period },
        Algorithm::Sha1,
        digits,
        secret,
    )?)
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::TotpAuthenticator,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_base64_of_whole_aes_blocks_only() {
        let sixteen = "AAAAAAAAAAAAAAAAAAAAAA==";
        assert!(TotpAuthenticator::detect(sixteen.as_bytes()));
        assert!(TotpAuthenticator::detect(format!("{sixteen}\n").as_bytes()));
        assert!(!TotpAuthenticator::detect(b"AAAAAAAAAAAAAAAAAAAAA=="));
        assert!(!TotpAuthenticator::detect(b"JBSWY3DPEHPK3PXP"));
        assert!(!TotpAuthenticator::detect(
            format!("\r\n{}==\r\n", "\n".repeat(40)).as_bytes()
        ));
        assert!(!TotpAuthenticator::detect(
            b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"
        ));
        assert!(!TotpAuthenticator::detect(
            br#"{"a": "AAAAAAAAAAAAAAAAAAAAAA=="}"#
        ));
    }
}
