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
//! are reported as rejected, with the reason. An encrypted backup starts with
//! the text `AuthenticatorPro` rather than JSON, and is not read here.

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use zeroize::Zeroizing;

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
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes) && serde_json::from_slice::<Probe>(bytes).is_ok()
    }

    fn restore(bytes: &[u8], _password: Option<&str>) -> Result<Restored, ImportError> {
        let backup: Backup = serde_json::from_slice(without_bom(bytes))
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
            let (Some(secret), Some(id)) = (binding.authenticator_secret, binding.category_id)
            else {
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
        assert!(!AuthenticatorPro::detect(b"AuthenticatorPro\x00\x01"));
    }
}
