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
//! every 30 seconds) with issuer `Steam`.
//!
//! SDA keeps its maFiles in a folder with a `manifest.json`, and when the
//! user sets a passkey it encrypts each maFile: base64 text of AES-256-CBC
//! (PKCS#7) under PBKDF2-HMAC-SHA1(passkey, salt, 50,000 rounds), the salt
//! and IV of each file written in the manifest's entry for it
//! (`encryption_salt`, `encryption_iv`, `filename`), not in the file. An
//! encrypted maFile alone can therefore not be opened, and an import reads
//! one file; so the folder is read as a zip of it (`maFiles.zip`, as a file
//! manager's "Compress" makes it), plain or encrypted: the manifest is found
//! anywhere in the archive and its maFiles beside it. steamguard-cli's
//! `LegacySdaCompatible` scheme is the same; its newer Argon2id scheme is
//! not read. CBC has no MAC: a wrong passkey gives a wrong padding or a
//! maFile that is not JSON, both reported as a wrong password. A maFile the
//! manifest lists but the archive lacks is named in the error. The archive
//! is opened, bounded and inflated by `zip_archive`, as every zip is.

use data_encoding::BASE64_NOPAD;
use serde::Deserialize;
use serde::de::IgnoredAny;
use zeroize::Zeroizing;

use super::encrypted::{CBC_IV_LEN, decode_base64, open_aes_cbc, pbkdf2_sha1_key};
use super::entry::EntryError;
use super::json::{starts_like_an_object, without_bom};
use super::zip_archive::{base_name, is_zip, lists_file, read_files};
use super::{Format, ImportError, Malformation, Restorable, Restored};
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
        if is_zip(bytes) {
            return lists_file(bytes, Format::SteamMaFile, is_manifest);
        }
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes) && serde_json::from_slice::<Probe>(bytes).is_ok()
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        if is_zip(bytes) {
            return restore_folder(bytes, password);
        }
        let mut restored = Restored::default();
        keep_ma_file(&mut restored, without_bom(bytes), now())?;
        Ok(restored)
    }
}

/// SDA's `FileEncryptor`: PBKDF2 rounds, fixed in the app.
const SDA_PBKDF2_ROUNDS: u32 = 50_000;

/// Reads one maFile's JSON into `restored`.
fn keep_ma_file(restored: &mut Restored, json: &[u8], now: i64) -> Result<(), ImportError> {
    let file: MaFile = serde_json::from_slice(json)
        .map_err(|error| super::json::json_error(&error, Format::SteamMaFile))?;
    let label = file.account_name.as_deref().unwrap_or_default().trim();
    match read_otp(file.shared_secret.as_ref()) {
        Ok(otp) => {
            restored.keep_grouped(("Steam", label), otp, None, now);
        }
        Err(error) => {
            restored.reject(("Steam", label), &error.in_file_of(Format::SteamMaFile));
        }
    }
    Ok(())
}

/// SDA's `manifest.json`: whether the maFiles are encrypted, and for each
/// its file name and, when encrypted, its salt and IV.
#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    encrypted: bool,
    entries: Vec<ManifestEntry>,
}

#[derive(Deserialize)]
struct ManifestEntry {
    filename: String,
    encryption_iv: Option<String>,
    encryption_salt: Option<String>,
}

/// Whether a path in an archive is SDA's manifest.
fn is_manifest(path: &str) -> bool {
    base_name(path) == "manifest.json"
}

/// Reads a zipped maFiles folder through `zip_archive`, which bounds the
/// archive and every file in it before inflating anything.
fn restore_folder(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
    let manifests = read_files(bytes, Format::SteamMaFile, password, is_manifest)?;
    let manifest_bytes = manifests
        .first()
        .ok_or_else(|| malformed(Malformation::NoAccountList))?;
    let manifest: Manifest = serde_json::from_slice(without_bom(manifest_bytes))
        .map_err(|error| super::json::json_error(&error, Format::SteamMaFile))?;
    let passkey = match (manifest.encrypted, password) {
        (false, _) => None,
        (true, Some(password)) => Some(password),
        (true, None) => {
            return Err(ImportError::PasswordNeeded {
                format: Format::SteamMaFile,
            });
        }
    };
    let now = now();
    let mut restored = Restored::default();
    for entry in &manifest.entries {
        // A name from the file is matched as a file name only, never a path.
        let name = entry.filename.trim();
        if name.is_empty() || name.contains(['/', '\\']) {
            return Err(malformed(Malformation::NoAccountList));
        }
        let missing = || {
            malformed(Malformation::MissingFile {
                name: super::json::shown(name),
            })
        };
        let files = match read_files(bytes, Format::SteamMaFile, password, |path| {
            base_name(path) == name
        }) {
            Err(ImportError::Malformed {
                problem: Malformation::NoExportInArchive,
                ..
            }) => return Err(missing()),
            other => other?,
        };
        let contents = files.first().ok_or_else(missing)?;
        match passkey {
            None => keep_ma_file(&mut restored, without_bom(contents), now)?,
            Some(passkey) => {
                let plain = decrypt_ma_file(entry, contents, passkey)?;
                keep_ma_file(&mut restored, &plain, now).map_err(|_| wrong_password())?;
            }
        }
    }
    restored.unless_empty(Format::SteamMaFile)
}

/// An encrypted maFile's JSON, with the salt and IV its manifest entry gives.
fn decrypt_ma_file(
    entry: &ManifestEntry,
    contents: &[u8],
    password: &str,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let damaged = || malformed(Malformation::EncryptedContentsDamaged);
    let salt =
        decode_base64(entry.encryption_salt.as_deref().ok_or_else(damaged)?).ok_or_else(damaged)?;
    let iv: [u8; CBC_IV_LEN] = decode_base64(entry.encryption_iv.as_deref().ok_or_else(damaged)?)
        .and_then(|iv| iv.try_into().ok())
        .ok_or_else(damaged)?;
    let text = std::str::from_utf8(contents).map_err(|_| damaged())?;
    let ciphertext = decode_base64(text).ok_or_else(damaged)?;
    if ciphertext.is_empty() || ciphertext.len() % CBC_IV_LEN != 0 {
        return Err(malformed(Malformation::CutShort));
    }
    let key = pbkdf2_sha1_key(password, &salt, SDA_PBKDF2_ROUNDS);
    open_aes_cbc(&key, &iv, &ciphertext).ok_or_else(wrong_password)
}

fn wrong_password() -> ImportError {
    ImportError::WrongPassword {
        format: Format::SteamMaFile,
    }
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::SteamMaFile,
        problem,
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
