//! Encrypted files of other authenticator apps (Aegis, 2FAS, andOTP,
//! Authenticator Pro, Bitwarden, TOTP Authenticator, Proton, Ente…): the one
//! way such a file is opened (ask for the password, decrypt, read the JSON
//! inside as a plain file's), and the primitives they are sealed with, each
//! from a well-kept crate: AES-256-GCM, AES-256-CBC with PKCS#7 padding,
//! PBKDF2 with HMAC-SHA1 or HMAC-SHA256, the Argon2id key derivation of those
//! that use it, and the lenient base64 their ciphertexts come in.
//!
//! The key derivations' parameters stay with each reader, because that is
//! where they come from: a setting read from the file (Aegis's scrypt,
//! andOTP's PBKDF2 rounds, Bitwarden's KDF) is checked against
//! `crate::kdf_bounds` before any derivation runs; settings fixed in the
//! exporting app (2FAS's PBKDF2 rounds, Authenticator Pro's Argon2id) are
//! fixed in the reader and nothing in the file sets them.

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

/// A 256-bit key from `password` by PBKDF2-HMAC-SHA512 (FreeOTP on newer
/// phones), after the rounds were checked against `crate::kdf_bounds`.
pub(super) fn pbkdf2_sha512_key(
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

/// AES-256-CBC's initialisation vector: one 128-bit block.
pub(super) const CBC_IV_LEN: usize = 16;

/// Decrypts `ciphertext` with AES-256-CBC and removes its PKCS#7 padding,
/// in a buffer that is wiped when dropped; `None` when the padding is wrong.
/// CBC has no tag: a wrong key gives a wrong padding 255 times in 256, and
/// otherwise garbage, which only the reader's own check (a MAC, or the
/// plaintext failing to parse) can tell from the right contents.
pub(super) fn open_aes_cbc(
    key: &[u8; KEY_LEN],
    iv: &[u8; CBC_IV_LEN],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    use aes::cipher::block_padding::Pkcs7;
    use aes::cipher::{BlockDecryptMut, KeyIvInit};
    let mut plaintext = Zeroizing::new(ciphertext.to_vec());
    let length = cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into())
        .decrypt_padded_mut::<Pkcs7>(&mut plaintext[..])
        .ok()?
        .len();
    plaintext.truncate(length);
    Some(plaintext)
}

/// A 256-bit key from `password` by PBKDF2-HMAC-SHA1, as Java's
/// `PBKDF2WithHmacSHA1` and .NET's `Rfc2898DeriveBytes` derive it (andOTP,
/// Authenticator Pro's legacy backup, Steam Desktop Authenticator). The
/// caller bounds `rounds` when the file sets them.
pub(super) fn pbkdf2_sha1_key(
    password: &str,
    salt: &[u8],
    rounds: u32,
) -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), salt, rounds, &mut key[..]);
    key
}

/// A 256-bit key from `password` by PBKDF2-HMAC-SHA256 (2FAS, Bitwarden).
/// The caller bounds `rounds` when the file sets them.
pub(super) fn pbkdf2_sha256_key(
    password: &str,
    salt: &[u8],
    rounds: u32,
) -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), salt, rounds, &mut key[..]);
    key
}

/// HKDF-SHA256's expand step alone (RFC 5869 §2.3), with `prk` taken as
/// the pseudorandom key as it is: how Bitwarden stretches a derived key
/// into its encryption and MAC keys.
pub(super) fn hkdf_sha256_expand(prk: &[u8; KEY_LEN], info: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    hkdf::Hkdf::<sha2::Sha256>::from_prk(prk)
        .expect("a 32-byte key is a valid PRK")
        .expand(info, &mut key[..])
        .expect("32 bytes is a valid length");
    key
}

/// Whether `tag` is the HMAC-SHA256 of `parts`, one after the other, under
/// `key`, compared in constant time.
pub(super) fn hmac_sha256_matches(key: &[u8; KEY_LEN], parts: &[&[u8]], tag: &[u8]) -> bool {
    use hmac::Mac;
    let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(key)
        .expect("HMAC takes a key of any length");
    for part in parts {
        mac.update(part);
    }
    mac.verify_slice(tag).is_ok()
}

/// A key that is only the SHA-256 of the password, with no salt and no
/// work: how andOTP's first encrypted backups and TOTP Authenticator key
/// their files. Weak, but it is the apps' choice, and reading such a file
/// makes it no weaker.
pub(super) fn sha256_key(password: &str) -> Zeroizing<[u8; KEY_LEN]> {
    use sha2::Digest;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    key.copy_from_slice(&sha2::Sha256::digest(password.as_bytes()));
    key
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
