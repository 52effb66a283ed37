//! Proton Authenticator's plain JSON export (Settings › Export, without a
//! password), as the Proton Authenticator apps write it.
//!
//! The file is `{"version": 1, "entries": [..]}`; each entry has an `id`, a
//! `content` with `uri`, `entry_type` (`Totp` or `Steam`) and `name`, and a
//! `note`. The `uri` carries every setting: an `otpauth://` link, or for
//! Steam `steam://SECRET`. The link's issuer and account name are used; the
//! entry's `name` (what Proton shows) stands in for a missing account name,
//! and its note becomes the account's notes.
//!
//! An export protected with a password is `{"version": 1, "salt": ..,
//! "content": ..}` instead: the plain export above, sealed with AES-256-GCM
//! (`content` is base64 of nonce ‖ ciphertext ‖ tag, with the associated
//! data `proton.authenticator.export.v1`) under a key Argon2id derives from
//! the password and the base64 `salt`. Proton fixes the Argon2id cost in its
//! code (19 MiB, 2 passes, 1 lane, the OWASP minimum) and the file does not
//! state it, so nothing read from the file sets how much work opening it
//! takes. This follows Proton's own reader in proton-pass-common
//! (`authenticator` crate, `import_entries_with_password`).

use serde::Deserialize;
use serde::de::IgnoredAny;
use zeroize::Zeroizing;

use super::encrypted::{
    NONCE_LEN, TAG_LEN, decode_base64, derive_argon2id, open_aes_gcm_frame, read_encrypted,
};
use super::json::{starts_like_an_object, without_bom};
use super::{Format, ImportError, Malformation, RejectedEntry, Restorable, Restored};
use crate::account::{Account, display_name_of};
use crate::i18n::Message;
use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret, UriError, parse_otpauth_uri};
use crate::text::Notes;
use crate::time::now;

/// The Proton Authenticator plain export format.
pub struct Proton;

/// The newest export version this reader knows.
const VERSION: i64 = 1;

impl Restorable for Proton {
    const FORMAT: Format = Format::Proton;

    fn detect(bytes: &[u8]) -> bool {
        #[derive(Deserialize)]
        struct Probe {
            #[allow(dead_code)]
            version: i64,
            #[allow(dead_code)]
            entries: Vec<IgnoredAny>,
        }
        #[derive(Deserialize)]
        struct EncryptedProbe {
            #[allow(dead_code)]
            version: i64,
            #[allow(dead_code)]
            salt: String,
            #[allow(dead_code)]
            content: String,
        }
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes)
            && (serde_json::from_slice::<Probe>(bytes).is_ok()
                || serde_json::from_slice::<EncryptedProbe>(bytes).is_ok())
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        let export: Export = serde_json::from_slice(without_bom(bytes))
            .map_err(|error| super::json::json_error(&error, Format::Proton))?;
        if export.version > VERSION {
            return Err(malformed(Malformation::NewerVersion {
                version: export.version,
            }));
        }
        if export.entries.is_none()
            && let (Some(salt), Some(content)) = (&export.salt, &export.content)
        {
            let plain: Export = read_encrypted(Format::Proton, password, |password| {
                decrypt(salt, content, password)
            })?;
            return read_plain(plain);
        }
        read_plain(export)
    }
}

/// The associated data Proton seals its password-protected exports with.
const ENCRYPTED_EXPORT_AAD: &[u8] = b"proton.authenticator.export.v1";

/// Proton's fixed Argon2id cost for password-protected exports (see the
/// module documentation): 19 MiB, 2 passes, 1 lane.
const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
const ARGON2_ITERATIONS: u32 = 2;
const ARGON2_PARALLELISM: u32 = 1;

/// The plain export inside a password-protected one.
fn decrypt(salt: &str, content: &str, password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let damaged = || malformed(Malformation::EncryptedContentsDamaged);
    let salt = decode_base64(salt).ok_or_else(damaged)?;
    let frame = decode_base64(content).ok_or_else(damaged)?;
    if frame.len() < NONCE_LEN + TAG_LEN {
        return Err(malformed(Malformation::CutShort));
    }
    let key = derive_argon2id(
        password,
        &salt,
        ARGON2_MEMORY_KIB,
        ARGON2_ITERATIONS,
        ARGON2_PARALLELISM,
    )
    .ok_or_else(damaged)?;
    // A wrong key and a changed file look alike to AES-GCM; the password is
    // far the likelier cause, and the user can act on it.
    open_aes_gcm_frame(key.as_ref(), &frame, ENCRYPTED_EXPORT_AAD).ok_or(
        ImportError::WrongPassword {
            format: Format::Proton,
        },
    )
}

/// Reads the entries of a plain export (or of the one inside an encrypted
/// export).
fn read_plain(export: Export) -> Result<Restored, ImportError> {
    if export.version > VERSION {
        return Err(malformed(Malformation::NewerVersion {
            version: export.version,
        }));
    }
    let entries = export
        .entries
        .ok_or_else(|| malformed(Malformation::NoAccountList))?;
    let now = now();
    let mut restored = Restored::default();
    for entry in entries {
        let content = entry.content.unwrap_or_default();
        let name = content.name.as_deref().unwrap_or_default().trim();
        let uri = content.uri.as_ref().map_or("", |uri| uri.trim());
        let read = read_uri(uri)
            .map_err(|error| RejectedEntry::new(display_name_of("", name), &error as &dyn Message));
        let account = read.and_then(|(otp, issuer, label)| {
            let label = if label.trim().is_empty() {
                name
            } else {
                &label
            };
            let rejected =
                |error: &dyn Message| RejectedEntry::new(display_name_of(&issuer, label), error);
            let mut account =
                Account::new(&issuer, label, Some(otp), now).map_err(|e| rejected(&e))?;
            account.notes =
                Notes::new(entry.note.as_deref().unwrap_or_default()).map_err(|e| rejected(&e))?;
            Ok(account)
        });
        match account {
            Ok(account) => restored.accounts.push(account),
            Err(rejected) => restored.rejected.push(rejected),
        }
    }
    restored.unless_empty(Format::Proton)
}

#[derive(Deserialize)]
struct Export {
    version: i64,
    entries: Option<Vec<Entry>>,
    /// Of a password-protected export: the Argon2id salt, base64.
    salt: Option<String>,
    /// Of a password-protected export: the sealed plain export, base64.
    content: Option<String>,
}

#[derive(Deserialize)]
struct Entry {
    content: Option<Content>,
    note: Option<String>,
}

/// What an entry holds. The link (with its secret) is wiped when dropped.
#[derive(Default, Deserialize)]
struct Content {
    uri: Option<Zeroizing<String>>,
    name: Option<String>,
}

/// The code generator, issuer and account name of an entry's `uri`.
fn read_uri(uri: &str) -> Result<(Otp, String, String), UriError> {
    let steam_secret = uri
        .get(.."steam://".len())
        .filter(|scheme| scheme.eq_ignore_ascii_case("steam://"))
        .map(|_| &uri["steam://".len()..]);
    if let Some(secret) = steam_secret {
        let secret = OtpSecret::from_base32(secret).map_err(UriError::BadSecret)?;
        let otp = Otp::new(OtpKind::Steam, Algorithm::Sha1, 5, secret)
            .map_err(|_| UriError::MissingSecret)?;
        return Ok((otp, "Steam".to_owned(), String::new()));
    }
    let link = parse_otpauth_uri(uri)?;
    Ok((link.otp, link.issuer, link.label))
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::Proton,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_proton_exports_only() {
        assert!(Proton::detect(br#"{"version":1,"entries":[]}"#));
        assert!(Proton::detect(br#"{"version":1,"salt":"x","content":"y"}"#));
        assert!(!Proton::detect(br#"{"version":1,"salt":"x"}"#));
        assert!(!Proton::detect(br#"{"entries":[]}"#));
    }

    #[test]
    fn steam_entries_are_read_from_their_steam_uri() {
        let (otp, issuer, _) = read_uri("steam://JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!((otp.kind, issuer.as_str()), (OtpKind::Steam, "Steam"));
        assert!(read_uri("steam://").is_err());
        assert!(read_uri("stéam://x").is_err());
    }
}
