//! Raivo OTP's export list (`raivo-otp-export.json`), as Raivo (iOS) writes
//! it inside the password-protected ZIP of Settings › Export OTPs. Both the
//! archive (opened with its password by [`super::zip_archive`]; Raivo
//! encrypts it with WinZip AES) and the JSON taken out of it are read.
//!
//! The file is a JSON array with one object per entry, every value a string:
//! `kind` (`TOTP` or `HOTP`), `algorithm`, `timer` (the period), `digits`,
//! `counter`, `issuer`, `account`, the base32 `secret`, `pinned`
//! (`"true"`/`"false"`), and `iconType`/`iconValue`, which only Raivo uses.
//! Missing settings take Raivo's defaults: SHA1, 6 digits, 30 seconds,
//! counter 0.

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use zeroize::Zeroizing;

use super::entry::{EntryError, algorithm_named, digits_of, otp_of, totp_or_hotp};
use super::json::{is_list_of, without_bom};
use super::zip_archive::{base_name, is_zip, lists_file, read_files};
use super::{Format, ImportError, Restorable, Restored};
use crate::otp::Otp;
use crate::time::now;

/// The Raivo OTP export format.
pub struct Raivo;

impl Restorable for Raivo {
    const FORMAT: Format = Format::Raivo;

    fn detect(bytes: &[u8]) -> bool {
        /// Every Raivo entry has a secret, a kind and a timer; andOTP's have
        /// a `type` instead.
        #[derive(Deserialize)]
        struct Probe {
            #[allow(dead_code)]
            secret: IgnoredAny,
            #[allow(dead_code)]
            kind: IgnoredAny,
            #[allow(dead_code)]
            timer: IgnoredAny,
        }
        is_list_of::<Probe>(without_bom(bytes)) || lists_file(bytes, Format::Raivo, is_export_list)
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        if is_zip(bytes) {
            let lists = read_files(bytes, Format::Raivo, password, is_export_list)?;
            // Raivo writes one list; a hand-made archive with the list in two
            // folders is read as the first.
            return read_list(&lists[0]);
        }
        read_list(bytes)
    }
}

/// The name Raivo gives its export list inside the archive.
const EXPORT_LIST: &str = "raivo-otp-export.json";

fn is_export_list(path: &str) -> bool {
    base_name(path).eq_ignore_ascii_case(EXPORT_LIST)
}

/// Reads the JSON export list.
fn read_list(bytes: &[u8]) -> Result<Restored, ImportError> {
    let entries: Vec<Entry> = serde_json::from_slice(without_bom(bytes))
        .map_err(|error| super::json::json_error(&error, Format::Raivo))?;
    let now = now();
    let mut restored = Restored::default();
    for entry in entries {
        let issuer = entry.issuer.as_deref().unwrap_or_default().trim();
        let label = entry.account.as_deref().unwrap_or_default().trim();
        match read_otp(&entry) {
            Ok(otp) => {
                if let Some(kept) = restored.keep_grouped((issuer, label), otp, None, now) {
                    kept.pinned = entry.pinned.as_deref().map(str::trim) == Some("true");
                }
            }
            Err(error) => restored.reject((issuer, label), &error.in_file_of(Format::Raivo)),
        }
    }
    restored.unless_empty(Format::Raivo)
}

/// One entry. The secret is wiped when dropped. `kind` and `timer`, which
/// Raivo always writes, are required, so that another app's list (andOTP's,
/// say) read as Raivo's is refused rather than half read.
#[derive(Deserialize)]
struct Entry {
    kind: String,
    algorithm: Option<String>,
    timer: Value,
    digits: Option<Value>,
    counter: Option<Value>,
    issuer: Option<String>,
    account: Option<String>,
    secret: Option<Zeroizing<String>>,
    pinned: Option<String>,
}

fn read_otp(entry: &Entry) -> Result<Otp, EntryError> {
    let kind = totp_or_hotp(&entry.kind, Some(&entry.timer), entry.counter.as_ref())?;
    let algorithm = algorithm_named(entry.algorithm.as_deref())?;
    let digits = digits_of(entry.digits.as_ref())?;
    otp_of(kind, algorithm, digits, entry.secret.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_raivo_lists_only() {
        assert!(Raivo::detect(
            br#"[{"kind":"TOTP","timer":"30","secret":"JBSWY3DPEHPK3PXP"}]"#
        ));
        assert!(!Raivo::detect(
            br#"[{"type":"TOTP","secret":"JBSWY3DPEHPK3PXP"}]"#
        ));
        assert!(!Raivo::detect(b"[]"));
    }
}
