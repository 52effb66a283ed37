//! A Steam Guard account file (`.maFile`), as Steam Desktop Authenticator
//! (SDA) and steamguard-cli write it: one JSON object per Steam account.
//!
//! The object holds what Steam's mobile authenticator enrolment returned:
//! `shared_secret` (base64; the key of the Steam Guard codes),
//! `account_name`, and much that an authenticator has no business keeping:
//! `identity_secret` (which confirms trades), `revocation_code`, the login
//! `Session` and device fields. Only `shared_secret` and `account_name` are
//! read; the rest is never looked at, so never copied.
//!
//! The account becomes a Steam account (5 characters from Steam's alphabet,
//! every 30 seconds) with issuer `Steam`. SDA's encrypted maFiles are base64
//! text, not JSON, and are not read here; neither is SDA's `manifest.json`,
//! which lists maFiles without holding any secret.

use data_encoding::BASE64_NOPAD;
use serde::Deserialize;
use serde::de::IgnoredAny;
use zeroize::Zeroizing;

use super::entry::EntryError;
use super::json::{starts_like_an_object, without_bom};
use super::{Format, ImportError, Restorable, Restored};
use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret};
use crate::time::now;

/// The Steam Guard maFile format.
pub struct SteamMaFile;

impl Restorable for SteamMaFile {
    const FORMAT: Format = Format::SteamMaFile;

    fn detect(bytes: &[u8]) -> bool {
        #[derive(Deserialize)]
        struct Probe {
            #[allow(dead_code)]
            shared_secret: IgnoredAny,
            #[allow(dead_code)]
            account_name: IgnoredAny,
        }
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes) && serde_json::from_slice::<Probe>(bytes).is_ok()
    }

    fn restore(bytes: &[u8], _password: Option<&str>) -> Result<Restored, ImportError> {
        let file: MaFile = serde_json::from_slice(without_bom(bytes))
            .map_err(|error| super::json::json_error(&error, Format::SteamMaFile))?;
        let label = file.account_name.as_deref().unwrap_or_default().trim();
        let mut restored = Restored::default();
        match read_otp(file.shared_secret.as_ref()) {
            Ok(otp) => {
                restored.keep_grouped(("Steam", label), otp, None, now());
            }
            Err(error) => {
                restored.reject(("Steam", label), &error.in_file_of(Format::SteamMaFile));
            }
        }
        Ok(restored)
    }
}

/// The two fields read. The secret is wiped when dropped.
#[derive(Deserialize)]
struct MaFile {
    shared_secret: Option<Zeroizing<String>>,
    account_name: Option<String>,
}

/// The Steam code generator of a base64 `shared_secret`, decoded into
/// memory that is wiped when dropped.
fn read_otp(shared_secret: Option<&Zeroizing<String>>) -> Result<Otp, EntryError> {
    let text = shared_secret.ok_or(EntryError::BadSecret)?;
    let mut compact = Zeroizing::new(Vec::with_capacity(text.len()));
    compact.extend(text.bytes().filter(|byte| !byte.is_ascii_whitespace()));
    while compact.last() == Some(&b'=') {
        compact.pop();
    }
    let length = BASE64_NOPAD
        .decode_len(compact.len())
        .map_err(|_| EntryError::BadSecret)?;
    let mut bytes = Zeroizing::new(vec![0; length]);
    let written = BASE64_NOPAD
        .decode_mut(&compact, &mut bytes)
        .map_err(|_| EntryError::BadSecret)?;
    bytes.truncate(written);
    if bytes.is_empty() {
        return Err(EntryError::BadSecret);
    }
    let secret = OtpSecret::from_bytes(std::mem::take(&mut *bytes));
    Ok(Otp::new(OtpKind::Steam, Algorithm::Sha1, 5, secret)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_mafiles_only() {
        assert!(SteamMaFile::detect(
            br#"{"shared_secret":"AAAA","account_name":"x","identity_secret":"BBBB"}"#
        ));
        assert!(!SteamMaFile::detect(br#"{"shared_secret":"AAAA"}"#));
        assert!(!SteamMaFile::detect(b"c29tZSBlbmNyeXB0ZWQgdGV4dA=="));
    }

    #[test]
    fn shared_secrets_must_be_base64() {
        assert!(read_otp(Some(&Zeroizing::new("not base64!".to_owned()))).is_err());
        assert!(read_otp(Some(&Zeroizing::new("==".to_owned()))).is_err());
        assert!(read_otp(None).is_err());
        let otp = read_otp(Some(&Zeroizing::new("aGVs\nbG8=".to_owned()))).unwrap();
        assert_eq!(otp.secret.as_bytes(), b"hello");
    }
}
