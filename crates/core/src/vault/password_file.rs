//! Files in the vault format that open with a password alone: what an
//! encrypted backup is.
//!
//! Same bytes as `vault.skv` (magic, authenticated header, AES-256-GCM under
//! a random data key), but with a fresh vault id, generation 0 and one
//! password slot only, so nothing about it lives in any keychain and it
//! opens on any computer with its password.

use super::format::{self, DamagedPart, FormatError, Header};
use super::slots::{KdfParams, KdfProblem};
use super::{VaultContents, password_slot, serialize_contents, unwrap_password_slot};
use crate::kdf_bounds::KdfOutOfBounds;

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
    /// The password slot's KDF settings are outside the bounds; refused
    /// before any derivation.
    KdfOutOfBounds(KdfOutOfBounds),
}

/// Encrypts `contents` into the bytes of a new file that only `password`
/// opens. `password` must not be empty (the caller checks, with its own
/// error). Fails only for KDF settings outside the bounds, which would make
/// a file that no Safekeep opens.
pub(crate) fn seal_with_password(
    contents: &VaultContents,
    password: &str,
    kdf: KdfParams,
) -> Result<Vec<u8>, KdfProblem> {
    let vault_id = uuid::Uuid::new_v4().to_string();
    let data_key = format::random_key();
    let (slot, _) = password_slot(&vault_id, &data_key, password, kdf)?;
    let header = Header {
        slots: vec![slot],
        vault_id,
        generation: 0,
        // A backup opens only with its password anyway.
        password_at_unlock: false,
        device: None,
        key_id: None,
    };
    Ok(format::seal(
        &header,
        &data_key,
        &serialize_contents(contents),
    ))
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
    let (data_key, _) = unwrap_password_slot(&parsed.header, password)?;
    let plaintext = parsed
        .decrypt(&data_key)
        .map_err(|_| PasswordFileError::Damaged(DamagedPart::Contents))?;
    serde_json::from_slice(&plaintext)
        .map_err(|_| PasswordFileError::Damaged(DamagedPart::Contents))
}
