//! Files in the vault format that open with a password alone: what an
//! encrypted backup is.
//!
//! Same bytes as `vault.skv` (magic, authenticated header, AES-256-GCM under
//! a random data key), but with a fresh vault id, generation 0 and one
//! password slot only, so nothing about it lives in any keychain and it
//! opens on any computer with its password.

use zeroize::Zeroizing;

use super::format::{self, DamagedPart, FormatError, Header};
use super::slots::KdfParams;
use super::{VaultContents, password_slot, unwrap_password_slot};

/// Why a password-only file did not open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PasswordFileError {
    /// The bytes do not start like a Safekeep file at all.
    NotOurs,
    /// A part does not parse or authenticate.
    Damaged(DamagedPart),
    /// Written by a newer Safekeep.
    NewerVersion(u16),
    /// A Safekeep file without a password slot (a keychain-only vault).
    NoPasswordSlot,
    /// The password does not unwrap the data key.
    WrongPassword,
}

/// Encrypts `contents` into the bytes of a new file that only `password`
/// opens. `password` must not be empty (the caller checks, with its own
/// error).
pub(crate) fn seal_with_password(
    contents: &VaultContents,
    password: &str,
    kdf: KdfParams,
) -> Vec<u8> {
    let vault_id = uuid::Uuid::new_v4().to_string();
    let data_key = format::random_key();
    let header = Header {
        slots: vec![password_slot(&vault_id, &data_key, password, kdf)],
        vault_id,
        generation: 0,
        // A backup opens only with its password anyway.
        password_at_unlock: false,
    };
    let plaintext =
        Zeroizing::new(serde_json::to_vec(contents).expect("vault contents always serialize"));
    format::seal(&header, &data_key, &plaintext)
}

/// Decrypts a file made by [`seal_with_password`] (or any vault file with a
/// password slot). Never panics on damaged or forged bytes.
pub(crate) fn open_with_password(
    bytes: &[u8],
    password: &str,
) -> Result<VaultContents, PasswordFileError> {
    if !bytes.starts_with(format::MAGIC) {
        return Err(PasswordFileError::NotOurs);
    }
    let parsed = format::parse(bytes).map_err(|error| match error {
        FormatError::Damaged(part) => PasswordFileError::Damaged(part),
        FormatError::NewerVersion(version) => PasswordFileError::NewerVersion(version),
    })?;
    let data_key = unwrap_password_slot(&parsed.header, password)?;
    let plaintext = parsed
        .decrypt(&data_key)
        .map_err(|_| PasswordFileError::Damaged(DamagedPart::Contents))?;
    serde_json::from_slice(&plaintext)
        .map_err(|_| PasswordFileError::Damaged(DamagedPart::Contents))
}
