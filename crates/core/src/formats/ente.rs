//! Ente Auth's encrypted export (Settings › Data › Export codes ›
//! Encrypted), as Ente documents it (`docs/docs/auth/migration/export.md`
//! in ente-io/ente) and its app writes it. Ente's plain export is a list of
//! `otpauth://` links, read by [`super::otpauth_list`].
//!
//! The file is JSON:
//!
//! ```json
//! {"version": 1,
//!  "kdfParams": {"memLimit": 1073741824, "opsLimit": 4, "salt": "…"},
//!  "encryptedData": "…", "encryptionNonce": "…"}
//! ```
//!
//! The key is libsodium's `crypto_pwhash` of the password: Argon2id v1.3,
//! one lane, 32 bytes, with the memory (in bytes) and passes the file states,
//! which are checked against `crate::kdf_bounds` before anything is derived.
//! The contents are one message of libsodium's secretstream
//! (XChaCha20-Poly1305) under that key, `encryptionNonce` being the stream's
//! header and the message tagged final; inside is Ente's plain export, one
//! link per line, read as [`super::otpauth_list`] reads it. All values are
//! base64 with padding, as libsodium's `bin2base64` writes.

use orion::hazardous::aead::streaming::{
    ABYTES, Nonce, SecretKey, StreamTag, StreamXChaCha20Poly1305,
};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::encrypted::{decode_base64, derive_argon2id};
use super::google::MigrationReader;
use super::json::{starts_like_an_object, without_bom};
use super::otpauth_list::{Strictness, read_lines};
use super::{Format, ImportError, Malformation, Restorable, Restored};

/// The Ente Auth encrypted export format.
pub struct EnteAuth;

/// The newest export version this reader knows.
const VERSION: i64 = 1;

/// libsodium's `crypto_pwhash` always runs Argon2id with one lane.
const ARGON2_LANES: u32 = 1;

/// The length of a secretstream header (`encryptionNonce`).
const HEADER_LEN: usize = 24;

impl Restorable for EnteAuth {
    const FORMAT: Format = Format::EnteAuth;

    fn detect(bytes: &[u8]) -> bool {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Probe {
            #[allow(dead_code)]
            kdf_params: serde::de::IgnoredAny,
            #[allow(dead_code)]
            encrypted_data: String,
            #[allow(dead_code)]
            encryption_nonce: String,
        }
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes) && serde_json::from_slice::<Probe>(bytes).is_ok()
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        let export: Export = serde_json::from_slice(without_bom(bytes))
            .map_err(|error| super::json::json_error(&error, Format::EnteAuth))?;
        if export.version > VERSION {
            return Err(malformed(Malformation::NewerVersion {
                version: export.version,
            }));
        }
        // Bounds first: a forged file is refused before any work, even
        // before the password is asked for.
        let (memory_kib, passes) = crate::kdf_bounds::check_ente_argon2(
            export.kdf_params.mem_limit,
            export.kdf_params.ops_limit,
        )
        .map_err(|bounds| malformed(Malformation::KdfOutOfBounds(bounds)))?;
        let password = password.ok_or(ImportError::PasswordNeeded {
            format: Format::EnteAuth,
        })?;
        let damaged = || malformed(Malformation::EncryptedContentsDamaged);
        let salt = decode_base64(&export.kdf_params.salt).ok_or_else(damaged)?;
        let header: [u8; HEADER_LEN] = decode_base64(&export.encryption_nonce)
            .and_then(|header| header.try_into().ok())
            .ok_or_else(damaged)?;
        let sealed = decode_base64(&export.encrypted_data).ok_or_else(damaged)?;
        if sealed.len() < ABYTES {
            return Err(malformed(Malformation::CutShort));
        }
        let key = derive_argon2id(password, &salt, memory_kib, passes, ARGON2_LANES)
            .ok_or_else(damaged)?;
        let plaintext = open_final_message(key.as_ref(), &header, &sealed)?;
        let mut reader = MigrationReader::new();
        if read_lines(&plaintext, &mut reader, Strictness::EveryLine) == 0 {
            return Err(ImportError::Empty {
                format: Format::EnteAuth,
            });
        }
        reader.finish(Format::EnteAuth)
    }
}

/// Opens the one secretstream message Ente seals its export in. A key that
/// does not open it is a wrong password (a changed file looks the same to
/// Poly1305, and the password is far the likelier cause); a message not
/// tagged final is a stream cut short.
fn open_final_message(
    key: &[u8],
    header: &[u8; HEADER_LEN],
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let damaged = || malformed(Malformation::EncryptedContentsDamaged);
    let key = SecretKey::try_from(key).map_err(|_| damaged())?;
    let nonce = Nonce::try_from(&header[..]).map_err(|_| damaged())?;
    let mut stream = StreamXChaCha20Poly1305::new(&key, &nonce);
    let mut plaintext = Zeroizing::new(vec![0u8; sealed.len() - ABYTES]);
    let tag = stream
        .open_chunk(sealed, None, &mut plaintext)
        .map_err(|_| ImportError::WrongPassword {
            format: Format::EnteAuth,
        })?;
    if tag != StreamTag::Finish {
        return Err(malformed(Malformation::CutShort));
    }
    Ok(plaintext)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Export {
    version: i64,
    kdf_params: KdfParams,
    encrypted_data: String,
    encryption_nonce: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KdfParams {
    mem_limit: u64,
    ops_limit: u64,
    salt: String,
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::EnteAuth,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_ente_encrypted_exports_only() {
        assert!(EnteAuth::detect(
            br#"{"version":1,"kdfParams":{"memLimit":1,"opsLimit":1,"salt":""},"encryptedData":"","encryptionNonce":""}"#
        ));
        assert!(!EnteAuth::detect(
            br#"{"version":1,"salt":"x","content":"y"}"#
        ));
        assert!(!EnteAuth::detect(b"otpauth://totp/x?secret=JBSWY3DP"));
    }

    #[test]
    fn forged_kdf_settings_are_refused_before_the_password_is_asked() {
        let forged = br#"{"version":1,"kdfParams":{"memLimit":68719476736,"opsLimit":4,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="},"encryptedData":"","encryptionNonce":""}"#;
        let error = EnteAuth::restore(forged, None).unwrap_err();
        assert!(
            matches!(
                error,
                ImportError::Malformed {
                    problem: Malformation::KdfOutOfBounds(bounds),
                    ..
                } if bounds.parameter == "memLimit"
            ),
            "{error:?}"
        );
    }
}
