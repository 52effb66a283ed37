//! FreeOTP+'s JSON export (Settings › Export › JSON), as FreeOTP+ writes it:
//! its list of legacy FreeOTP `Token` objects serialised by Gson (see
//! `token-data/.../legacy/Token.java` and `SavedTokens.kt` in FreeOTP+'s
//! source). FreeOTP+'s other export, a list of `otpauth://` links, is read
//! by the otpauth list reader.
//!
//! The file is `{"tokens": [..], "tokenOrder": [..]}`. Each token has `type`
//! (`TOTP` or `HOTP`), `algo`, `digits`, `period`, `counter`, and `secret` as
//! a list of Java bytes (-128 to 127); the names are `issuerExt` and `label`,
//! which the user may have renamed to `issuerAlt` and `labelAlt`. FreeOTP+
//! makes Steam codes for a TOTP token whose `issuerExt` is `Steam`, and so
//! does this reader.
//!
//! The HOTP counter is taken as FreeOTP+ means it: the counter of the next
//! code it shows (`getHOTP(counter++)`; on import FreeOTP+ keeps the field as
//! is). FreeOTP's `otpauth://` links write one more than this field and read
//! links back as one less, so the field is NOT a link's counter and is not
//! read as one.

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use zeroize::Zeroizing;

use super::entry::{EntryError, algorithm_named, digits_of, totp_or_hotp};
use super::json::{starts_like_an_object, without_bom};
use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::otp::{Otp, OtpKind, OtpSecret};
use crate::time::now;

/// The FreeOTP+ JSON export format.
pub struct FreeOtpPlus;

impl Restorable for FreeOtpPlus {
    const FORMAT: Format = Format::FreeOtpPlus;

    fn detect(bytes: &[u8]) -> bool {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Probe {
            #[allow(dead_code)]
            tokens: Vec<IgnoredAny>,
            #[allow(dead_code)]
            token_order: Vec<IgnoredAny>,
        }
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes) && serde_json::from_slice::<Probe>(bytes).is_ok()
    }

    fn restore(bytes: &[u8], _password: Option<&str>) -> Result<Restored, ImportError> {
        let export: Export = serde_json::from_slice(without_bom(bytes))
            .map_err(|error| super::json::json_error(&error, Format::FreeOtpPlus))?;
        let tokens = export.tokens.ok_or(ImportError::Malformed {
            format: Format::FreeOtpPlus,
            problem: Malformation::NoAccountList,
        })?;
        let now = now();
        let mut restored = Restored::default();
        for token in tokens {
            let issuer = chosen(token.issuer_alt.as_deref(), token.issuer_ext.as_deref());
            let label = chosen(token.label_alt.as_deref(), token.label.as_deref());
            match read_otp(&token) {
                Ok(otp) => {
                    restored.keep_grouped((issuer, label), otp, None, now);
                }
                Err(error) => {
                    restored.reject((issuer, label), &error.in_file_of(Format::FreeOtpPlus));
                }
            }
        }
        restored.unless_empty(Format::FreeOtpPlus)
    }
}

#[derive(Deserialize)]
struct Export {
    tokens: Option<Vec<Token>>,
}

/// One token. The secret is wiped when dropped.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Token {
    issuer_ext: Option<String>,
    issuer_alt: Option<String>,
    label: Option<String>,
    label_alt: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    algo: Option<String>,
    secret: Option<Zeroizing<Vec<i16>>>,
    digits: Option<Value>,
    counter: Option<Value>,
    period: Option<Value>,
}

/// The name the user chose in FreeOTP+ (`…Alt`), else the one it came with.
fn chosen<'a>(renamed: Option<&'a str>, original: Option<&'a str>) -> &'a str {
    renamed
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .or(original.map(str::trim))
        .unwrap_or_default()
}

fn read_otp(token: &Token) -> Result<Otp, EntryError> {
    let kind_name = token.kind.as_deref().unwrap_or("TOTP");
    let steam = kind_name.trim().eq_ignore_ascii_case("TOTP")
        && token.issuer_ext.as_deref().map(str::trim) == Some("Steam");
    let kind = if steam {
        OtpKind::Steam
    } else {
        totp_or_hotp(kind_name, token.period.as_ref(), token.counter.as_ref())?
    };
    let algorithm = algorithm_named(token.algo.as_deref())?;
    let digits = digits_of(token.digits.as_ref())?;
    let secret = token.secret.as_ref().ok_or(EntryError::BadSecret)?;
    let mut bytes = Zeroizing::new(Vec::with_capacity(secret.len()));
    for &byte in secret.iter() {
        // Java bytes are signed; Gson writes them as -128 to 127.
        let byte = i8::try_from(byte).map_err(|_| EntryError::BadSecret)?;
        bytes.push(byte.to_ne_bytes()[0]);
    }
    if bytes.is_empty() {
        return Err(EntryError::BadSecret);
    }
    let secret = OtpSecret::from_bytes(std::mem::take(&mut *bytes));
    Ok(Otp::new(kind, algorithm, digits, secret)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_freeotp_plus_exports_only() {
        assert!(FreeOtpPlus::detect(br#"{"tokenOrder":[],"tokens":[]}"#));
        assert!(!FreeOtpPlus::detect(br#"{"tokens":[]}"#));
        assert!(!FreeOtpPlus::detect(br#"[{"tokenOrder":[],"tokens":[]}]"#));
    }

    #[test]
    fn java_bytes_and_renamed_names_are_read_as_freeotp_plus_shows_them() {
        let export = br#"{"tokenOrder":["A:me"],"tokens":[
            {"issuerExt":"A","issuerAlt":"Renamed","label":"me","labelAlt":null,
             "type":"TOTP","algo":"SHA1","digits":6,"period":30,"counter":0,
             "secret":[72,101,108,108,111,33,-34,-83,-66,-17]},
            {"issuerExt":"B","label":"x","type":"TOTP","secret":[200]}]}"#;
        let restored = FreeOtpPlus::restore(export, None).unwrap();
        let account = &restored.accounts[0];
        assert_eq!(
            (account.issuer.as_str(), account.label.as_str()),
            ("Renamed", "me")
        );
        let otp = account.otp.as_ref().unwrap();
        assert_eq!(otp.secret.as_bytes(), b"Hello!\xde\xad\xbe\xef");
        assert_eq!(restored.rejected[0].reason_id, "import-entry-bad-secret");
    }
}
