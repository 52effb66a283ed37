//! 2FAS Authenticator's backup file (`.2fas`), plain or encrypted with a
//! password, as the Android and iOS apps write it.
//!
//! A backup is a JSON object with `schemaVersion` (4 today), a `services`
//! list and a `groups` list. Each service has its `name`, its base32 `secret`,
//! and under `otp` the `account`, `issuer`, `digits`, `period`, `algorithm`,
//! `counter` and `tokenType` (`TOTP`, `HOTP` or `STEAM`); `groupId` names its
//! group and `order.position` its place in the list.
//!
//! An encrypted backup leaves `services` empty and puts the services list, as
//! JSON, in `servicesEncrypted`, written as `base64(ciphertext + tag) : base64(salt)
//! : base64(iv)`. The key is PBKDF2-HMAC-SHA256 of the password (UTF-8) and
//! the salt, 10,000 rounds, 256 bits; the cipher AES-256-GCM with a 96-bit IV.
//! (The backup's `reference` field is the same key over a fixed text, which
//! 2FAS checks first; the services' own authentication tag tells a wrong
//! password just as surely, so it is not needed here.) Nothing in this scheme
//! comes from the file but the salt, so a file cannot ask for more work.
//!
//! The service's `name` (what 2FAS shows, and the user may have changed) is
//! the issuer, else `otp.issuer`; `otp.account` (else `otp.label`) the
//! account name; the group the tag. Missing settings take 2FAS's defaults:
//! TOTP, SHA1, 6 digits, 30 seconds, counter 0.

use super::json::{
    entry_name, now, shown, shown_value, starts_like_an_object, whole_number, without_bom,
};
use std::collections::HashMap;

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use data_encoding::BASE64_NOPAD;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use sha2::Sha256;
use zeroize::Zeroizing;

use super::{Format, ImportError, Malformation, RejectedEntry, Restorable, Restored};
use crate::account::Account;
use crate::i18n::{Message, MessageArg};
use crate::otp::{Algorithm, Otp, OtpError, OtpKind, OtpSecret};

/// The 2FAS backup format.
pub struct TwoFas;

/// The newest schema this reader knows; 2FAS itself refuses newer ones.
const SCHEMA_VERSION: i64 = 4;

/// PBKDF2 rounds of an encrypted backup: fixed by 2FAS, not read from the file.
const PBKDF2_ROUNDS: u32 = 10_000;

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

impl Restorable for TwoFas {
    const FORMAT: Format = Format::TwoFas;

    fn detect(bytes: &[u8]) -> bool {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Probe {
            #[allow(dead_code)]
            schema_version: IgnoredAny,
            services: Option<IgnoredAny>,
            services_encrypted: Option<IgnoredAny>,
        }
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes)
            && serde_json::from_slice::<Probe>(bytes)
                .is_ok_and(|probe| probe.services.is_some() || probe.services_encrypted.is_some())
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        let backup: Backup =
            serde_json::from_slice(without_bom(bytes)).map_err(|error| json_error(&error))?;
        if backup.schema_version > SCHEMA_VERSION {
            return Err(malformed(Malformation::NewerVersion {
                version: backup.schema_version,
            }));
        }
        let encrypted = backup
            .services_encrypted
            .as_deref()
            .filter(|text| !text.trim().is_empty());
        let services = match encrypted {
            Some(text) => {
                let password = password.ok_or(ImportError::PasswordNeeded {
                    format: Format::TwoFas,
                })?;
                let plaintext = decrypt_services(text, password)?;
                serde_json::from_slice(&plaintext).map_err(|error| json_error(&error))?
            }
            None => backup
                .services
                .ok_or_else(|| malformed(Malformation::NoAccountList))?,
        };
        let groups: HashMap<String, String> = backup
            .groups
            .unwrap_or_default()
            .into_iter()
            .filter_map(|group| Some((group.id?.trim().to_ascii_lowercase(), group.name?)))
            .collect();
        read_services(services, &groups)
    }
}

/// Why a service of a 2FAS backup was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TwoFasEntryError {
    /// A kind of code (`tokenType`) Safekeep does not make.
    UnsupportedType {
        /// The type as the file names it.
        kind: String,
    },
    /// The secret is missing or is not base32 text.
    BadSecret,
    /// The hash algorithm is not SHA1, SHA256 or SHA512.
    UnsupportedAlgorithm {
        /// The algorithm as the file names it.
        name: String,
    },
    /// The code length is not 6, 7 or 8 digits.
    BadDigits {
        /// The length as the file gives it.
        value: String,
    },
    /// The period is not a whole number of seconds from 1 to 3600.
    BadPeriod {
        /// The period as the file gives it.
        value: String,
    },
    /// A HOTP service's counter is not a whole number of zero or more.
    BadCounter {
        /// The counter as the file gives it.
        value: String,
    },
}

impl Message for TwoFasEntryError {
    fn message_id(&self) -> &'static str {
        match self {
            TwoFasEntryError::UnsupportedType { .. } => "import-2fas-unsupported-type",
            TwoFasEntryError::BadSecret => "import-2fas-bad-secret",
            TwoFasEntryError::UnsupportedAlgorithm { .. } => "import-2fas-unsupported-algorithm",
            TwoFasEntryError::BadDigits { .. } => "import-2fas-bad-digits",
            TwoFasEntryError::BadPeriod { .. } => "import-2fas-bad-period",
            TwoFasEntryError::BadCounter { .. } => "import-2fas-bad-counter",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            TwoFasEntryError::UnsupportedType { kind } => vec![("kind", kind.as_str().into())],
            TwoFasEntryError::BadSecret => Vec::new(),
            TwoFasEntryError::UnsupportedAlgorithm { name } => {
                vec![("name", name.as_str().into())]
            }
            TwoFasEntryError::BadDigits { value }
            | TwoFasEntryError::BadPeriod { value }
            | TwoFasEntryError::BadCounter { value } => vec![("value", value.as_str().into())],
        }
    }
}

crate::localized_error!(TwoFasEntryError);
impl std::error::Error for TwoFasEntryError {}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Backup {
    schema_version: i64,
    services: Option<Vec<Service>>,
    services_encrypted: Option<String>,
    groups: Option<Vec<Group>>,
}

#[derive(Deserialize)]
struct Group {
    id: Option<String>,
    name: Option<String>,
}

/// One service. The secret is wiped when dropped; `otp.link`, which repeats
/// it, is never read.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Service {
    name: Option<String>,
    secret: Option<Zeroizing<String>>,
    otp: Option<ServiceOtp>,
    order: Option<Order>,
    group_id: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServiceOtp {
    account: Option<String>,
    label: Option<String>,
    issuer: Option<String>,
    digits: Option<Value>,
    period: Option<Value>,
    algorithm: Option<String>,
    counter: Option<Value>,
    token_type: Option<String>,
}

#[derive(Deserialize)]
struct Order {
    position: Option<Value>,
}

/// Decrypts `servicesEncrypted` into the JSON text of the services list.
fn decrypt_services(text: &str, password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let mut parts = text.trim().split(':');
    let (Some(data), Some(salt), Some(iv), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(damaged());
    };
    let data = decode_base64(data).ok_or_else(damaged)?;
    let salt = decode_base64(salt).ok_or_else(damaged)?;
    let iv = decode_base64(iv).ok_or_else(damaged)?;
    let iv: [u8; NONCE_LEN] = iv.try_into().map_err(|_| damaged())?;
    let Some(tag_start) = data.len().checked_sub(TAG_LEN) else {
        return Err(damaged());
    };

    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), &salt, PBKDF2_ROUNDS, &mut key[..]);
    let cipher = Aes256Gcm::new_from_slice(&key[..]).map_err(|_| damaged())?;
    let tag = Tag::clone_from_slice(&data[tag_start..]);
    let mut plaintext = Zeroizing::new(data);
    plaintext.truncate(tag_start);
    cipher
        .decrypt_in_place_detached(Nonce::from_slice(&iv), b"", &mut plaintext[..], &tag)
        .map_err(|_| ImportError::WrongPassword {
            format: Format::TwoFas,
        })?;
    Ok(plaintext)
}

fn read_services(
    mut services: Vec<Service>,
    groups: &HashMap<String, String>,
) -> Result<Restored, ImportError> {
    // 2FAS shows its services in this order; a stable sort keeps the file's
    // order among equal or missing positions.
    services.sort_by_key(|service| {
        service
            .order
            .as_ref()
            .and_then(|order| order.position.as_ref())
            .and_then(Value::as_i64)
            .unwrap_or(i64::MAX)
    });
    let now = now();
    let mut restored = Restored::default();
    for service in services {
        let otp_fields = service.otp.as_ref();
        let issuer = non_empty(service.name.as_deref())
            .or_else(|| non_empty(otp_fields.and_then(|otp| otp.issuer.as_deref())))
            .unwrap_or_default();
        let label = non_empty(otp_fields.and_then(|otp| otp.account.as_deref()))
            .or_else(|| non_empty(otp_fields.and_then(|otp| otp.label.as_deref())))
            .unwrap_or_default();
        match read_otp(&service) {
            Ok(otp) => {
                let group = service
                    .group_id
                    .as_deref()
                    .and_then(|id| groups.get(&id.trim().to_ascii_lowercase()));
                let read = Account::new(issuer, label, Some(otp), now).and_then(|mut account| {
                    if let Some(group) = group {
                        account.add_tag(group)?;
                    }
                    Ok(account)
                });
                match read {
                    Ok(account) => restored.accounts.push(account),
                    Err(error) => restored
                        .rejected
                        .push(RejectedEntry::new(entry_name(issuer, label), &error)),
                }
            }
            Err(error) => restored
                .rejected
                .push(RejectedEntry::new(entry_name(issuer, label), &error)),
        }
    }
    if restored.accounts.is_empty() && restored.rejected.is_empty() {
        return Err(ImportError::Empty {
            format: Format::TwoFas,
        });
    }
    Ok(restored)
}

fn read_otp(service: &Service) -> Result<Otp, TwoFasEntryError> {
    let default = ServiceOtp::default();
    let fields = service.otp.as_ref().unwrap_or(&default);
    let kind_name = fields
        .token_type
        .as_deref()
        .map(str::trim)
        .unwrap_or("TOTP")
        .to_ascii_uppercase();
    let kind = match kind_name.as_str() {
        "TOTP" => OtpKind::Totp {
            period: match &fields.period {
                None | Some(Value::Null) => 30,
                Some(value) => whole_number(value)
                    .and_then(|period| u32::try_from(period).ok())
                    .ok_or_else(|| TwoFasEntryError::BadPeriod {
                        value: shown_value(value),
                    })?,
            },
        },
        "HOTP" => OtpKind::Hotp {
            counter: match &fields.counter {
                None | Some(Value::Null) => 0,
                Some(value) => whole_number(value).ok_or_else(|| TwoFasEntryError::BadCounter {
                    value: shown_value(value),
                })?,
            },
        },
        "STEAM" => OtpKind::Steam,
        _ => {
            return Err(TwoFasEntryError::UnsupportedType {
                kind: shown(&kind_name),
            });
        }
    };
    let algorithm = match fields.algorithm.as_deref().map(str::trim) {
        None | Some("") => Algorithm::Sha1,
        Some(name) => name
            .parse()
            .map_err(|_| TwoFasEntryError::UnsupportedAlgorithm { name: shown(name) })?,
    };
    let digits = match &fields.digits {
        None | Some(Value::Null) => 6,
        Some(value) => whole_number(value)
            .and_then(|digits| u8::try_from(digits).ok())
            .ok_or_else(|| TwoFasEntryError::BadDigits {
                value: shown_value(value),
            })?,
    };
    let secret = service.secret.as_ref().ok_or(TwoFasEntryError::BadSecret)?;
    let secret = OtpSecret::from_base32(secret).map_err(|_| TwoFasEntryError::BadSecret)?;
    Otp::new(kind, algorithm, digits, secret).map_err(|error| match error {
        OtpError::DigitsOutOfRange { digits } => TwoFasEntryError::BadDigits {
            value: digits.to_string(),
        },
        OtpError::PeriodOutOfRange { period } => TwoFasEntryError::BadPeriod {
            value: period.to_string(),
        },
        OtpError::Secret(_) => TwoFasEntryError::BadSecret,
    })
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::TwoFas,
        problem,
    }
}

/// The encrypted services are not as 2FAS writes them.
fn damaged() -> ImportError {
    malformed(Malformation::EncryptedContentsDamaged)
}

fn json_error(error: &serde_json::Error) -> ImportError {
    super::json::json_error(error, Format::TwoFas)
}

/// Decodes base64 with or without padding, ignoring line breaks.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let compact: Vec<u8> = text
        .bytes()
        .filter(|byte| !byte.is_ascii_whitespace())
        .collect();
    let unpadded = compact
        .strip_suffix(b"==")
        .or_else(|| compact.strip_suffix(b"="));
    BASE64_NOPAD.decode(unpadded.unwrap_or(&compact)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded_in_every_language;

    #[test]
    fn detects_plain_and_encrypted_backups_only() {
        assert!(TwoFas::detect(br#"{"services":[],"schemaVersion":4}"#));
        assert!(TwoFas::detect(
            b"\xef\xbb\xbf {\"servicesEncrypted\":\"a:b:c\",\"schemaVersion\":4}"
        ));
        assert!(!TwoFas::detect(br#"{"services":[]}"#));
        assert!(!TwoFas::detect(br#"{"schemaVersion":4}"#));
        assert!(!TwoFas::detect(br#"[{"services":[],"schemaVersion":4}]"#));
        assert!(!TwoFas::detect(b"\x89PNG"));
    }

    #[test]
    fn a_damaged_encrypted_field_is_malformed_not_a_wrong_password() {
        for text in [
            "",
            "a:b",
            "a:b:c:d",
            "!!:AA:AA",
            "AAAA:AAAA:AAAA",
            "AA:AAAA:AAAAAAAAAAAAAAAA",
        ] {
            let error = decrypt_services(text, "pw").unwrap_err();
            assert!(
                matches!(error, ImportError::Malformed { .. }),
                "{text}: {error:?}"
            );
        }
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let messages = [
            TwoFasEntryError::UnsupportedType {
                kind: "YANDEX".to_owned(),
            },
            TwoFasEntryError::BadSecret,
            TwoFasEntryError::UnsupportedAlgorithm {
                name: "SHA224".to_owned(),
            },
            TwoFasEntryError::BadDigits {
                value: "10".to_owned(),
            },
            TwoFasEntryError::BadPeriod {
                value: "0".to_owned(),
            },
            TwoFasEntryError::BadCounter {
                value: "-1".to_owned(),
            },
        ];
        for message in messages {
            assert_worded_in_every_language(&message);
            let args = message.message_args();
            let all_text = args.iter().all(|(_, a)| matches!(a, MessageArg::Text(_)));
            assert!(all_text, "values are shown as text");
        }
    }

    #[test]
    fn missing_settings_take_the_2fas_defaults() {
        let backup = br#"{"schemaVersion":4,"services":[
            {"name":"Site","secret":"JBSWY3DPEHPK3PXP"},
            {"name":"Counter","secret":"JBSWY3DPEHPK3PXP","otp":{"tokenType":"HOTP"}}]}"#;
        let restored = TwoFas::restore(backup, None).unwrap();
        let kinds: Vec<_> = restored
            .accounts
            .iter()
            .map(|account| {
                let otp = account.otp.as_ref().unwrap();
                (otp.kind, otp.algorithm, otp.digits)
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (OtpKind::Totp { period: 30 }, Algorithm::Sha1, 6),
                (OtpKind::Hotp { counter: 0 }, Algorithm::Sha1, 6)
            ]
        );
    }
}
