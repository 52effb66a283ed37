//! andOTP's backups, plain (Backups › Backup (plain)) and encrypted
//! (Backup (encrypted), `.json.aes`), as andOTP writes them (`Entry.toJSON`
//! and `EncryptionHelper` in andOTP's source) and Aegis reads them.
//!
//! An encrypted backup is binary: the PBKDF2 round count (four bytes, big
//! endian), a 12-byte salt, a 12-byte AES-GCM nonce, then the plain backup
//! encrypted with AES-256-GCM under PBKDF2-HMAC-SHA1(password, salt, rounds)
//! and its 16-byte tag. andOTP draws the rounds at random; the file states
//! them, so they are checked against `crate::kdf_bounds` before deriving,
//! and a round count within those bounds is how such a file is recognised.
//! GCM's tag cannot tell a wrong password from a damaged file: both are
//! reported as a wrong password (the message says to check it), and only a
//! file too short to hold the header and a tag is reported as cut short.
//!
//! andOTP's first encrypted backups (before version 0.6.3) have no header:
//! the nonce, then the contents under SHA-256(password). Nothing in such a
//! file tells it from random bytes, so it is not detected; read as andOTP on
//! purpose (`--format andotp`), a file whose header does not open is tried
//! in that old layout too, as Aegis offers it.
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

use super::encrypted::{NONCE_LEN, TAG_LEN, open_aes_gcm, pbkdf2_sha1_key, sha256_key};
use super::entry::{EntryError, algorithm_named, digits_of, otp_of, totp_or_hotp};
use super::json::{is_list_of, without_bom};
use super::{Format, ImportError, Malformation, Restorable, Restored};
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
            || Header::of(bytes).is_some_and(|header| header.is_plausible())
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        // Text is a plain backup (or not andOTP's at all, which reading it
        // says); binary is an encrypted one: a header in andOTP's layout, or
        // bytes that are not UTF-8, as ciphertext of any length never is.
        let encrypted = Header::of(bytes).is_some_and(|header| header.is_plausible())
            || std::str::from_utf8(bytes).is_err();
        if !encrypted {
            return read_entries(without_bom(bytes));
        }
        let password = password.ok_or(ImportError::PasswordNeeded {
            format: Format::AndOtp,
        })?;
        read_entries(&decrypt(bytes, password)?)
    }
}

/// The header of an encrypted backup: the PBKDF2 rounds, salt and nonce.
struct Header<'a> {
    rounds: u32,
    salt: &'a [u8],
    nonce: [u8; NONCE_LEN],
}

const ROUNDS_LEN: usize = 4;
const SALT_LEN: usize = 12;
const HEADER_LEN: usize = ROUNDS_LEN + SALT_LEN + NONCE_LEN;

impl<'a> Header<'a> {
    /// The header of `bytes`, when they are long enough to hold one and a tag.
    fn of(bytes: &'a [u8]) -> Option<Header<'a>> {
        if bytes.len() < HEADER_LEN + TAG_LEN {
            return None;
        }
        let rounds = u32::from_be_bytes(bytes[..ROUNDS_LEN].try_into().ok()?);
        let salt = &bytes[ROUNDS_LEN..ROUNDS_LEN + SALT_LEN];
        let nonce = bytes[ROUNDS_LEN + SALT_LEN..HEADER_LEN].try_into().ok()?;
        Some(Header {
            rounds,
            salt,
            nonce,
        })
    }

    /// Whether the rounds are within what andOTP writes: its first byte is
    /// then zero, which no text file starts with.
    fn is_plausible(&self) -> bool {
        crate::kdf_bounds::check_and_otp_pbkdf2(self.rounds).is_ok()
    }
}

/// The plain backup inside an encrypted one: in the current layout, or in
/// andOTP's first one when the current one does not open.
fn decrypt(bytes: &[u8], password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    // The shortest file of either layout holds a nonce and a tag.
    let Some(tag_start) = bytes
        .len()
        .checked_sub(TAG_LEN)
        .filter(|&start| start >= NONCE_LEN)
    else {
        return Err(cut_short());
    };
    let tag: [u8; TAG_LEN] = bytes[tag_start..].try_into().map_err(|_| cut_short())?;
    let mut out_of_bounds = None;
    if let Some(header) = Header::of(bytes) {
        match crate::kdf_bounds::check_and_otp_pbkdf2(header.rounds) {
            Ok(()) => {
                let key = pbkdf2_sha1_key(password, header.salt, header.rounds);
                let sealed = bytes[HEADER_LEN..tag_start].to_vec();
                if let Some(plain) = open_aes_gcm(&key[..], &header.nonce, &tag, sealed) {
                    return Ok(plain);
                }
            }
            Err(bounds) => out_of_bounds = Some(bounds),
        }
    }
    let nonce: [u8; NONCE_LEN] = bytes[..NONCE_LEN].try_into().map_err(|_| cut_short())?;
    let sealed = bytes[NONCE_LEN..tag_start].to_vec();
    if let Some(plain) = open_aes_gcm(&sha256_key(password)[..], &nonce, &tag, sealed) {
        return Ok(plain);
    }
    match out_of_bounds {
        // A header in andOTP's layout (its first byte zero, as every round
        // count andOTP writes has) that asks for too many or too few rounds
        // is named as such; an old backup's random nonce rarely looks so.
        Some(bounds) if bytes[0] == 0 => Err(ImportError::Malformed {
            format: Format::AndOtp,
            problem: Malformation::KdfOutOfBounds(bounds),
        }),
        _ => Err(ImportError::WrongPassword {
            format: Format::AndOtp,
        }),
    }
}

fn cut_short() -> ImportError {
    ImportError::Malformed {
        format: Format::AndOtp,
        problem: Malformation::CutShort,
    }
}

/// Reads the entries of a plain backup.
fn read_entries(text: &[u8]) -> Result<Restored, ImportError> {
    let entries: Vec<Entry> = serde_json::from_slice(without_bom(text))
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
