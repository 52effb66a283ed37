//! Encrypted files of other authenticator apps (Aegis, 2FAS, Proton, Ente…):
//! the one way such a file is opened (ask for the password, decrypt, read the
//! JSON inside as a plain file's), the AES-256-GCM most of them seal their
//! contents with, the Argon2id key derivation of those that use it, and the
//! lenient base64 their ciphertexts come in.
//!
//! The key derivations stay with each reader, because that is where their
//! parameters come from: Aegis's scrypt settings are read from the file and
//! checked against `crate::kdf_bounds` before any derivation runs; 2FAS's
//! PBKDF2 rounds are fixed in its reader and nothing in the file sets them.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use data_encoding::BASE64_NOPAD;
use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use super::{Format, ImportError};

/// AES-256-GCM as both apps use it: 256-bit keys, 96-bit nonces, 128-bit tags.
pub(super) const KEY_LEN: usize = 32;
pub(super) const NONCE_LEN: usize = 12;
pub(super) const TAG_LEN: usize = 16;

/// Opens the encrypted contents of a `format` file: asks for the password
/// when none was given, lets `decrypt` turn it into the plaintext (or say
/// why not), and reads that plaintext as JSON. The plaintext is wiped when
/// read.
pub(super) fn read_encrypted<T: DeserializeOwned>(
    format: Format,
    password: Option<&str>,
    decrypt: impl FnOnce(&str) -> Result<Zeroizing<Vec<u8>>, ImportError>,
) -> Result<T, ImportError> {
    let password = password.ok_or(ImportError::PasswordNeeded { format })?;
    let plaintext = decrypt(password)?;
    serde_json::from_slice(&plaintext).map_err(|error| super::json::json_error(&error, format))
}

/// Decrypts `ciphertext` (its tag apart) with AES-256-GCM and no associated
/// data, in a buffer that is wiped when dropped; `None` when the key does not
/// open it, which a wrong key and a damaged file look alike to.
pub(super) fn open_aes_gcm(
    key: &[u8],
    nonce: &[u8; NONCE_LEN],
    tag: &[u8; TAG_LEN],
    ciphertext: Vec<u8>,
) -> Option<Zeroizing<Vec<u8>>> {
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    let mut plaintext = Zeroizing::new(ciphertext);
    cipher
        .decrypt_in_place_detached(
            Nonce::from_slice(nonce),
            b"",
            &mut plaintext[..],
            Tag::from_slice(tag),
        )
        .ok()?;
    Some(plaintext)
}

/// Opens a frame laid out as `nonce ‖ ciphertext ‖ tag` with AES-256-GCM
/// and the associated data `aad`, as Proton Authenticator seals its
/// password-protected exports; `None` when the key does not open it or the
/// frame is too short to hold a nonce and a tag.
pub(super) fn open_aes_gcm_frame(
    key: &[u8],
    frame: &[u8],
    aad: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let (nonce, rest) = frame.split_first_chunk::<NONCE_LEN>()?;
    let (ciphertext, tag) = rest.split_last_chunk::<TAG_LEN>()?;
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    let mut plaintext = Zeroizing::new(ciphertext.to_vec());
    cipher
        .decrypt_in_place_detached(
            Nonce::from_slice(nonce),
            aad,
            &mut plaintext[..],
            Tag::from_slice(tag),
        )
        .ok()?;
    Some(plaintext)
}

/// Decrypts AES-256-CBC with PKCS#7 padding, in a buffer that is wiped
/// when dropped; `None` when the padding is wrong after decryption, which is
/// what a wrong key almost always gives (CBC has no tag to tell).
pub(super) fn open_aes_256_cbc(
    key: &[u8; KEY_LEN],
    iv: &[u8; 16],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    use aes::cipher::{BlockDecryptMut, KeyIvInit, block_padding::Pkcs7};
    let mut plaintext = Zeroizing::new(ciphertext.to_vec());
    let length = cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into())
        .decrypt_padded_mut::<Pkcs7>(&mut plaintext)
        .ok()?
        .len();
    plaintext.truncate(length);
    Some(plaintext)
}

/// Derives a 256-bit key from `password` with PBKDF2-HMAC-SHA1 (Authy),
/// with a round count fixed in the reader, never read from the file.
pub(super) fn derive_pbkdf2_sha1(
    password: &str,
    salt: &[u8],
    rounds: u32,
) -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), salt, rounds, key.as_mut());
    key
}

/// Derives a 256-bit key from `password` with PBKDF2-HMAC-SHA512 (FreeOTP
/// on newer phones), after the rounds were checked against
/// `crate::kdf_bounds`.
pub(super) fn derive_pbkdf2_sha512(
    password: &str,
    salt: &[u8],
    rounds: u32,
) -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password.as_bytes(), salt, rounds, key.as_mut());
    key
}

/// Derives a 256-bit key from `password` with Argon2id v1.3, as libsodium's
/// `crypto_pwhash` (Ente) and Proton Authenticator do. The parameters must
/// already be checked against `crate::kdf_bounds` (or be fixed in our code);
/// `None` when Argon2 itself refuses them (a salt of the wrong size, say).
pub(super) fn derive_argon2id(
    password: &str,
    salt: &[u8],
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
) -> Option<Zeroizing<[u8; KEY_LEN]>> {
    use argon2::{Algorithm, Argon2, Params, Version};
    let params = Params::new(memory_kib, iterations, parallelism, Some(KEY_LEN)).ok()?;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, key.as_mut())
        .ok()?;
    Some(key)
}

/// Encrypts `plaintext` in place with AES-256-GCM under a fresh random
/// nonce and no associated data, as [`open_aes_gcm`] opens it: gives the
/// nonce and the tag, which both apps store apart from the ciphertext.
pub(super) fn seal_aes_gcm(
    key: &[u8; KEY_LEN],
    plaintext: &mut [u8],
) -> ([u8; NONCE_LEN], [u8; TAG_LEN]) {
    use rand::RngCore;
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let cipher = Aes256Gcm::new(key.into());
    let tag = cipher
        .encrypt_in_place_detached(Nonce::from_slice(&nonce), b"", plaintext)
        .expect("AES-GCM seals anything under 64 GiB");
    (nonce, tag.into())
}

/// Decodes base64 with or without padding, ignoring line breaks.
pub(super) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let compact: Vec<u8> = text
        .bytes()
        .filter(|byte| !byte.is_ascii_whitespace())
        .collect();
    let unpadded = compact
        .strip_suffix(b"==")
        .or_else(|| compact.strip_suffix(b"="));
    BASE64_NOPAD.decode(unpadded.unwrap_or(&compact)).ok()
}
