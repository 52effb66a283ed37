//! Authy's token files, which Authy never exports: a rooted phone yields them
//! from `/data/data/com.authy.authy/shared_prefs/`. Read as Aegis's
//! `AuthyImporter` reads them, which follows the app's own storage.
//!
//! Each is a SharedPreferences XML file ([`super::shared_prefs`]) whose
//! string entry holds a JSON list of tokens:
//!
//! - `com.authy.storage.tokens.authenticator.xml`, entry
//!   `com.authy.storage.tokens.authenticator.key`: the accounts added from a
//!   site's QR code. Each has `digits`, `name`, `originalName`,
//!   `originalIssuer`, `accountType` and either `decryptedSecret` (base32) or,
//!   when the user set Authy's backups password, `encryptedSecret` (base64)
//!   and `salt`: AES-256-CBC with a zero IV and PKCS#7 padding, under
//!   PBKDF2-HMAC-SHA1 of the backups password over the salt's text, 1 000
//!   rounds (fixed in Authy's code), giving the base32 secret. All are TOTP,
//!   SHA-1, 30 seconds.
//! - `com.authy.storage.tokens.authy.xml`, entry
//!   `com.authy.storage.tokens.authy.key`: Authy's own tokens (Twilio,
//!   Coinbase and other Authy-powered sites). Each has `secretSeed` (hex),
//!   `digits` (7 for most) and `name`; their codes change every 10 seconds,
//!   Authy's own period, which differs from the TOTP default.
//!
//! Names follow Authy's meaning as Aegis reads it: the issuer is
//! `originalIssuer`, else what comes before `:` in `originalName`, else what
//! comes before ` - ` in `name`, else the `accountType` capitalised; the
//! account name is `name` without that issuer and separator. An Authy token
//! is named only by its `name`, taken as its site.

use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::encrypted::{decode_base64, open_aes_cbc, pbkdf2_sha1_key};
use super::entry::{EntryError, digits_of};
use super::shared_prefs::{looks_like_shared_prefs, string_entries};
use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret};
use crate::time::now;

/// Authy's token files.
pub struct Authy;

/// The entry holding the accounts added from QR codes.
const AUTHENTICATOR_KEY: &str = "com.authy.storage.tokens.authenticator.key";
/// The entry holding Authy's own tokens.
const AUTHY_KEY: &str = "com.authy.storage.tokens.authy.key";

/// Authy's own tokens change every 10 seconds.
const AUTHY_TOKEN_PERIOD: u32 = 10;
/// Authy's own tokens are 7 digits unless they say otherwise.
const AUTHY_TOKEN_DIGITS: u8 = 7;
/// PBKDF2 rounds of Authy's backups password, fixed in Authy's code.
const BACKUP_PASSWORD_ROUNDS: u32 = 1000;

impl Restorable for Authy {
    const FORMAT: Format = Format::Authy;

    fn detect(bytes: &[u8]) -> bool {
        const MARK: &[u8] = b"com.authy.storage.tokens.";
        looks_like_shared_prefs(bytes) && bytes.windows(MARK.len()).any(|window| window == MARK)
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        let mut tokens = Vec::new();
        let mut found = false;
        for (name, value) in string_entries(bytes, Format::Authy)? {
            let kind = match name.as_str() {
                AUTHENTICATOR_KEY => TokenKind::Authenticator,
                AUTHY_KEY => TokenKind::Authy,
                _ => continue,
            };
            found = true;
            let list: Vec<Token> = serde_json::from_str(&value)
                .map_err(|error| super::json::json_error(&error, Format::Authy))?;
            tokens.extend(list.into_iter().map(|token| (kind, token)));
        }
        if !found {
            return Err(ImportError::Malformed {
                format: Format::Authy,
                problem: Malformation::NoAccountList,
            });
        }
        let backup_key = BackupPassword::new(password, &tokens)?;
        let now = now();
        let mut restored = Restored::default();
        for (kind, token) in &tokens {
            let (issuer, label) = match kind {
                TokenKind::Authenticator => authenticator_names(token),
                TokenKind::Authy => (text(&token.name).to_owned(), String::new()),
            };
            let read = match kind {
                TokenKind::Authenticator => authenticator_otp(token, &backup_key)?,
                TokenKind::Authy => authy_otp(token),
            };
            match read {
                Ok(otp) => {
                    restored.keep_tagged((&issuer, &label), otp, &[], now);
                }
                Err(error) => restored.reject((&issuer, &label), &error.in_file_of(Format::Authy)),
            }
        }
        restored.unless_empty(Format::Authy)
    }
}

#[derive(Clone, Copy)]
enum TokenKind {
    /// An account added from a site's QR code.
    Authenticator,
    /// One of Authy's own tokens.
    Authy,
}

/// One token of either list. Its secrets are wiped when dropped.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Token {
    name: Option<String>,
    original_name: Option<String>,
    original_issuer: Option<String>,
    account_type: Option<String>,
    digits: Option<Value>,
    decrypted_secret: Option<Zeroizing<String>>,
    encrypted_secret: Option<String>,
    salt: Option<String>,
    secret_seed: Option<Zeroizing<String>>,
}

fn text(value: &Option<String>) -> &str {
    value.as_deref().map_or("", str::trim)
}

/// The issuer and account name of an account added from a QR code, as
/// Authy means them (see the module documentation).
fn authenticator_names(token: &Token) -> (String, String) {
    let name = text(&token.name);
    let original_issuer = text(&token.original_issuer);
    let original_name = text(&token.original_name);
    let (issuer, separator) = if !original_issuer.is_empty() {
        (original_issuer.to_owned(), "")
    } else if let Some((issuer, _)) = original_name.split_once(':') {
        (issuer.trim().to_owned(), ":")
    } else if let Some((issuer, _)) = name.split_once(" - ") {
        (issuer.trim().to_owned(), " - ")
    } else {
        let mut kind = text(&token.account_type).chars();
        let capitalised = kind
            .next()
            .map(|first| first.to_uppercase().chain(kind).collect())
            .unwrap_or_default();
        (capitalised, "")
    };
    let label = if issuer.is_empty() {
        name.to_owned()
    } else {
        name.replacen(&format!("{issuer}{separator}"), "", 1)
    };
    let label = label
        .trim_start()
        .strip_prefix(':')
        .unwrap_or(&label)
        .trim();
    (issuer, label.to_owned())
}

/// The key of Authy's backups password, derived per token from its salt;
/// `None` when no token is encrypted. Asking for the password happens
/// before any token is read, so a file is all read or not at all.
struct BackupPassword<'a> {
    password: Option<&'a str>,
}

impl<'a> BackupPassword<'a> {
    fn new(password: Option<&'a str>, tokens: &[(TokenKind, Token)]) -> Result<Self, ImportError> {
        let encrypted = tokens
            .iter()
            .any(|(_, token)| token.decrypted_secret.is_none() && token.encrypted_secret.is_some());
        if encrypted && password.is_none() {
            return Err(ImportError::PasswordNeeded {
                format: Format::Authy,
            });
        }
        Ok(BackupPassword { password })
    }

    /// The base32 secret sealed in `encrypted` with `salt`. A wrong
    /// password shows as bad padding or a secret that is not base32 text;
    /// either refuses the whole file, since one password seals them all.
    fn open(&self, encrypted: &str, salt: &str) -> Result<Zeroizing<String>, ImportError> {
        let wrong = ImportError::WrongPassword {
            format: Format::Authy,
        };
        let password = self.password.ok_or(ImportError::PasswordNeeded {
            format: Format::Authy,
        })?;
        let ciphertext = decode_base64(encrypted).ok_or(ImportError::Malformed {
            format: Format::Authy,
            problem: Malformation::EncryptedContentsDamaged,
        })?;
        let key = pbkdf2_sha1_key(password, salt.as_bytes(), BACKUP_PASSWORD_ROUNDS);
        let plaintext = open_aes_cbc(&key, &[0u8; 16], &ciphertext).ok_or(wrong.clone())?;
        let secret = std::str::from_utf8(&plaintext).map_err(|_| wrong.clone())?;
        if OtpSecret::from_base32(secret).is_err() {
            return Err(wrong);
        }
        Ok(Zeroizing::new(secret.to_owned()))
    }
}

/// The code generator of an account added from a QR code: TOTP, SHA-1,
/// 30 seconds, the digits it gives. The outer error refuses the whole file
/// (a wrong backups password), the inner one this entry.
fn authenticator_otp(
    token: &Token,
    backup_key: &BackupPassword,
) -> Result<Result<Otp, EntryError>, ImportError> {
    let opened;
    let secret = match (
        &token.decrypted_secret,
        &token.encrypted_secret,
        &token.salt,
    ) {
        (Some(secret), _, _) => secret,
        (None, Some(encrypted), Some(salt)) => {
            opened = backup_key.open(encrypted, salt)?;
            &opened
        }
        _ => return Ok(Err(EntryError::BadSecret)),
    };
    Ok(digits_of(token.digits.as_ref()).and_then(|digits| {
        let secret = OtpSecret::from_base32(secret).map_err(|_| EntryError::BadSecret)?;
        Ok(Otp::new(
            OtpKind::Totp { period: 30 },
            Algorithm::Sha1,
            digits,
            secret,
        )?)
    }))
}

/// The code generator of one of Authy's own tokens: its hex seed, SHA-1,
/// Authy's 10-second period and the digits it gives (7 when it gives none).
fn authy_otp(token: &Token) -> Result<Otp, EntryError> {
    let digits = super::entry::whole_setting(token.digits.as_ref(), AUTHY_TOKEN_DIGITS)
        .map_err(|value| EntryError::BadDigits { value })?;
    let seed = token.secret_seed.as_ref().ok_or(EntryError::BadSecret)?;
    let bytes = Zeroizing::new(
        data_encoding::HEXLOWER_PERMISSIVE
            .decode(seed.trim().as_bytes())
            .map_err(|_| EntryError::BadSecret)?,
    );
    Ok(Otp::new(
        OtpKind::Totp {
            period: AUTHY_TOKEN_PERIOD,
        },
        Algorithm::Sha1,
        digits,
        OtpSecret::from_bytes(bytes.to_vec()),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(name: &str, original_name: &str, original_issuer: &str, kind: &str) -> Token {
        let some = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        Token {
            name: some(name),
            original_name: some(original_name),
            original_issuer: some(original_issuer),
            account_type: some(kind),
            digits: None,
            decrypted_secret: None,
            encrypted_secret: None,
            salt: None,
            secret_seed: None,
        }
    }

    #[test]
    fn names_follow_authys_meaning() {
        let cases = [
            (
                token("Deno: Mason", "Deno:Mason", "Deno", "authenticator"),
                ("Deno", "Mason"),
            ),
            (
                token("GitHub: me", "GitHub:me", "", "authenticator"),
                ("GitHub", "me"),
            ),
            (
                token("Shop - alice", "", "", "authenticator"),
                ("Shop", "alice"),
            ),
            (token("alice", "", "", "dropbox"), ("Dropbox", "alice")),
            (token("alice", "", "", ""), ("", "alice")),
        ];
        for (token, (issuer, label)) in cases {
            assert_eq!(
                authenticator_names(&token),
                (issuer.to_owned(), label.to_owned())
            );
        }
    }

    #[test]
    fn detects_authy_token_files_only() {
        assert!(Authy::detect(
            b"<?xml version='1.0' ?>\n<map><string name=\"com.authy.storage.tokens.authy.key\">[]</string></map>"
        ));
        assert!(!Authy::detect(
            b"<map><string name=\"tokenOrder\">[]</string></map>"
        ));
        assert!(!Authy::detect(br#"{"com.authy.storage.tokens.": 1}"#));
    }
}
