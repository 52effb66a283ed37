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

use super::json::{shown, starts_like_an_object, without_bom};
use crate::time::now;
use std::collections::HashMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use zeroize::Zeroizing;

use super::encrypted::{
    NONCE_LEN, TAG_LEN, decode_base64, open_aes_gcm, pbkdf2_sha256_key, read_encrypted,
};
use super::entry::{EntryError, otp_of, whole_setting};
use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::otp::{Algorithm, Otp, OtpKind};

/// The 2FAS backup format.
pub struct TwoFas;

/// The newest schema this reader knows; 2FAS itself refuses newer ones.
const SCHEMA_VERSION: i64 = 4;

/// PBKDF2 rounds of an encrypted backup: fixed by 2FAS, not read from the file.
const PBKDF2_ROUNDS: u32 = 10_000;

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
            Some(text) => read_encrypted(Format::TwoFas, password, |password| {
                decrypt_services(text, password)
            })?,
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
    let tag: [u8; TAG_LEN] = data[tag_start..].try_into().map_err(|_| damaged())?;
    let mut ciphertext = data;
    ciphertext.truncate(tag_start);

    let key = pbkdf2_sha256_key(password, &salt, PBKDF2_ROUNDS);
    open_aes_gcm(&key[..], &iv, &tag, ciphertext).ok_or(ImportError::WrongPassword {
        format: Format::TwoFas,
    })
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
                restored.keep_grouped((issuer, label), otp, group, now);
            }
            Err(error) => restored.reject((issuer, label), &error.in_file_of(Format::TwoFas)),
        }
    }
    restored.unless_empty(Format::TwoFas)
}

fn read_otp(service: &Service) -> Result<Otp, EntryError> {
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
            period: whole_setting(fields.period.as_ref(), 30)
                .map_err(|value| EntryError::BadPeriod { value })?,
        },
        "HOTP" => OtpKind::Hotp {
            counter: whole_setting(fields.counter.as_ref(), 0)
                .map_err(|value| EntryError::BadCounter { value })?,
        },
        "STEAM" => OtpKind::Steam,
        _ => {
            return Err(EntryError::UnsupportedType {
                kind: shown(&kind_name),
            });
        }
    };
    let algorithm = match fields.algorithm.as_deref().map(str::trim) {
        None | Some("") => Algorithm::Sha1,
        Some(name) => name
            .parse()
            .map_err(|_| EntryError::UnsupportedAlgorithm { name: shown(name) })?,
    };
    let digits = whole_setting(fields.digits.as_ref(), 6)
        .map_err(|value| EntryError::BadDigits { value })?;
    otp_of(kind, algorithm, digits, service.secret.as_ref())
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

#[cfg(test)]
mod tests {
    use super::*;

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
