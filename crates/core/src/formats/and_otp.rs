//! andOTP's plain JSON backup (Backups › Backup (plain)), as andOTP writes
//! it (`Entry.toJSON` in andOTP's source) and Aegis reads it.
//!
//! The file is a JSON array with one object per entry: the base32 `secret`,
//! `issuer`, `label`, `digits`, `type` (`TOTP`, `HOTP`, `STEAM` or `MOTP`),
//! `algorithm`, `period` (TOTP and Steam), `counter` (HOTP) and `tags`, a
//! list of names; `thumbnail`, `last_used` and `used_frequency` only matter to
//! andOTP. Backups from before andOTP had an `issuer` field put both names in
//! `label` as `issuer - account`, and are split the way Aegis splits them.
//!
//! mOTP entries (a PIN-based scheme andOTP makes and Safekeep does not) are
//! reported as rejected, with the reason. Missing settings take andOTP's
//! defaults: SHA1, 6 digits, 30 seconds, counter 0.

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use zeroize::Zeroizing;

use super::entry::{EntryError, algorithm_named, digits_of, otp_of, totp_or_hotp};
use super::json::{is_list_of, without_bom};
use super::{Format, ImportError, Restorable, Restored};
use crate::otp::{Otp, OtpKind};
use crate::time::now;

/// The andOTP plain backup format.
pub struct AndOtp;

impl Restorable for AndOtp {
    const FORMAT: Format = Format::AndOtp;

    fn detect(bytes: &[u8]) -> bool {
        /// Every andOTP entry has a secret and a type; no other list of
        /// objects Safekeep reads has both.
        #[derive(Deserialize)]
        struct Probe {
            #[allow(dead_code)]
            secret: IgnoredAny,
            #[serde(rename = "type")]
            #[allow(dead_code)]
            kind: IgnoredAny,
        }
        is_list_of::<Probe>(without_bom(bytes))
    }

    fn restore(bytes: &[u8], _password: Option<&str>) -> Result<Restored, ImportError> {
        let entries: Vec<Entry> = serde_json::from_slice(without_bom(bytes))
            .map_err(|error| super::json::json_error(&error, Format::AndOtp))?;
        let now = now();
        let mut restored = Restored::default();
        for entry in entries {
            let (issuer, label) = names(&entry);
            match read_otp(&entry) {
                Ok(otp) => {
                    restored.keep_tagged((issuer, label), otp, &entry.tags, now);
                }
                Err(error) => {
                    restored.reject((issuer, label), &error.in_file_of(Format::AndOtp));
                }
            }
        }
        restored.unless_empty(Format::AndOtp)
    }
}

/// One entry. The secret is wiped when dropped. `type`, which andOTP always
/// writes, is required, so that another app's list (Raivo's, say) read as
/// andOTP's is refused rather than half read.
#[derive(Deserialize)]
struct Entry {
    secret: Option<Zeroizing<String>>,
    issuer: Option<String>,
    label: Option<String>,
    digits: Option<Value>,
    #[serde(rename = "type")]
    kind: String,
    algorithm: Option<String>,
    period: Option<Value>,
    counter: Option<Value>,
    #[serde(default)]
    tags: Vec<String>,
}

/// The issuer and account name: the fields when the entry has an issuer,
/// else the old `issuer - account` label split at its first ` - `.
fn names(entry: &Entry) -> (&str, &str) {
    let label = entry.label.as_deref().unwrap_or_default().trim();
    match entry.issuer.as_deref() {
        Some(issuer) => (issuer.trim(), label),
        None => match label.split_once(" - ") {
            Some((issuer, label)) => (issuer.trim(), label.trim()),
            None => ("", label),
        },
    }
}

fn read_otp(entry: &Entry) -> Result<Otp, EntryError> {
    let kind = if entry.kind.trim().eq_ignore_ascii_case("STEAM") {
        // Steam codes always change every 30 seconds, whatever the entry says.
        OtpKind::Steam
    } else {
        totp_or_hotp(&entry.kind, entry.period.as_ref(), entry.counter.as_ref())?
    };
    let algorithm = algorithm_named(entry.algorithm.as_deref())?;
    let digits = digits_of(entry.digits.as_ref())?;
    otp_of(kind, algorithm, digits, entry.secret.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_lists_of_andotp_entries_only() {
        assert!(AndOtp::detect(
            br#" [{"secret":"JBSWY3DPEHPK3PXP","type":"TOTP","label":"x"}]"#
        ));
        assert!(!AndOtp::detect(b"[]"));
        assert!(!AndOtp::detect(br#"[{"secret":"JBSWY3DPEHPK3PXP"}]"#));
        assert!(!AndOtp::detect(
            br#"{"secret":"JBSWY3DPEHPK3PXP","type":"TOTP"}"#
        ));
        assert!(!AndOtp::detect(b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"));
    }

    #[test]
    fn old_labels_are_split_into_issuer_and_account() {
        let backup = br#"[
            {"secret":"JBSWY3DPEHPK3PXP","type":"TOTP","label":"Site - me"},
            {"secret":"JBSWY3DPEHPK3PXP","type":"TOTP","label":"A - b","issuer":""}]"#;
        let restored = AndOtp::restore(backup, None).unwrap();
        let names: Vec<_> = restored
            .accounts
            .iter()
            .map(|account| (account.issuer.as_str(), account.label.as_str()))
            .collect();
        assert_eq!(names, [("Site", "me"), ("", "A - b")]);
    }
}
