//! Key slots: the ways a vault's data key can be unwrapped.
//!
//! Like Aegis, the contents are encrypted once under a random data key, and
//! that key is wrapped once per slot, so the keychain and the password are
//! independent ways in. Changing a slot nevertheless makes a new data key
//! and re-encrypts everything (see `Vault::rekey`): an old password or
//! keychain key must never open today's vault.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use argon2::{Algorithm, Argon2, Params, Version};
use data_encoding::BASE64;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::format::Key;
use crate::kdf_bounds::{self, KdfOutOfBounds};

/// One wrapped copy of the data key.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Slot {
    /// Unwrapped with a random key kept in the OS keychain under the
    /// vault's id.
    Keychain {
        /// The data key, encrypted under the keychain key.
        wrapped: WrappedKey,
        /// Which keychain entry holds the key: `vault-<id>-key-<key id>`,
        /// or `vault-<id>` when absent (vaults as first created). A new
        /// key goes under a new name, so the entry the file on disk needs
        /// is never overwritten before the new file is safely written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key_id: Option<String>,
    },
    /// Unwrapped with a key derived from the user's password.
    Password {
        /// How the key is derived from the password.
        kdf: KdfParams,
        /// The data key, encrypted under the derived key.
        wrapped: WrappedKey,
    },
}

/// A key encrypted with AES-256-GCM under a slot key.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WrappedKey {
    #[serde(with = "base64_bytes")]
    nonce: Vec<u8>,
    #[serde(with = "base64_bytes")]
    ciphertext: Vec<u8>,
}

/// Argon2id settings, stored with the slot so they can be raised later
/// without breaking older vaults.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct KdfParams {
    /// Always `argon2id`; named so other KDFs can be added.
    pub algorithm: String,
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
    #[serde(with = "base64_bytes")]
    salt: Vec<u8>,
}

/// The algorithm label of [`KdfParams::cheap_for_tests`]. Only test and
/// fuzzing builds know it: a release build refuses a file that names it as
/// an unknown algorithm, so it cannot be used to slip under the floor.
#[cfg(any(test, feature = "test-kdf"))]
const TEST_ALGORITHM: &str = "argon2id-cheap-test-only";

/// Why the stored parameters cannot be used to derive a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KdfProblem {
    /// A parameter is outside [`crate::kdf_bounds`]; checked before any
    /// derivation runs.
    OutOfBounds(KdfOutOfBounds),
    /// Not Argon2id, or parameters Argon2 itself rejects: damage or forgery.
    Unusable,
}

impl KdfParams {
    /// The settings used for new password slots: 64 MiB, 3 passes, 1 lane,
    /// around half a second on a two-core laptop. Slow enough to make
    /// guessing expensive, quick enough that nobody switches it off.
    pub fn recommended() -> KdfParams {
        KdfParams::with_cost(
            kdf_bounds::ARGON2_MEMORY_KIB,
            kdf_bounds::ARGON2_ITERATIONS,
            kdf_bounds::ARGON2_PARALLELISM,
        )
    }

    /// Settings that cost next to nothing, under a label only test and
    /// fuzzing builds accept: for tests that derive hundreds of times.
    /// Release builds do not have this function, nor accept what it makes.
    #[cfg(any(test, feature = "test-kdf"))]
    pub fn cheap_for_tests() -> KdfParams {
        KdfParams {
            algorithm: TEST_ALGORITHM.to_owned(),
            ..KdfParams::with_cost(8, 1, 1)
        }
    }

    /// Settings with an explicit cost and a fresh salt.
    fn with_cost(memory_kib: u32, iterations: u32, parallelism: u32) -> KdfParams {
        let mut salt = vec![0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        KdfParams {
            algorithm: "argon2id".to_owned(),
            memory_kib,
            iterations,
            parallelism,
            salt,
        }
    }

    /// Checks the parameters against [`crate::kdf_bounds`] without deriving
    /// anything, so a forged file is refused at no cost.
    pub fn check(&self) -> Result<(), KdfProblem> {
        #[cfg(any(test, feature = "test-kdf"))]
        if self.algorithm == TEST_ALGORITHM {
            // Still capped: a test file must never be costly either.
            return if self.memory_kib <= 1024 && self.iterations <= 2 && self.parallelism <= 4 {
                Ok(())
            } else {
                Err(KdfProblem::Unusable)
            };
        }
        if self.algorithm != "argon2id" {
            return Err(KdfProblem::Unusable);
        }
        kdf_bounds::check_argon2(self.memory_kib, self.iterations, self.parallelism)
            .map_err(KdfProblem::OutOfBounds)
    }

    /// Derives the slot key from `password`, after [`KdfParams::check`]:
    /// parameters read from a forged header never make us allocate
    /// gigabytes.
    pub fn derive(&self, password: &str) -> Result<Key, KdfProblem> {
        self.check()?;
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|_| KdfProblem::Unusable)?;
        let mut key = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(password.as_bytes(), &self.salt, key.as_mut())
            .map_err(|_| KdfProblem::Unusable)?;
        Ok(key)
    }
}

impl WrappedKey {
    /// Encrypts `data_key` under `slot_key`, bound to this vault and slot kind
    /// so a slot cannot be moved to another vault or posed as another kind.
    pub fn wrap(slot_key: &Key, data_key: &Key, binding: &[u8]) -> WrappedKey {
        let mut nonce = vec![0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ciphertext = Aes256Gcm::new(slot_key.as_ref().into())
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: data_key.as_ref(),
                    aad: binding,
                },
            )
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        WrappedKey { nonce, ciphertext }
    }

    /// The data key, or `None` when `slot_key` is wrong or the slot changed.
    pub fn unwrap(&self, slot_key: &Key, binding: &[u8]) -> Option<Key> {
        if self.nonce.len() != 12 {
            return None;
        }
        let plain = Zeroizing::new(
            Aes256Gcm::new(slot_key.as_ref().into())
                .decrypt(
                    Nonce::from_slice(&self.nonce),
                    Payload {
                        msg: &self.ciphertext,
                        aad: binding,
                    },
                )
                .ok()?,
        );
        let mut key = Zeroizing::new([0u8; 32]);
        if plain.len() != key.len() {
            return None;
        }
        key.copy_from_slice(&plain);
        Some(key)
    }
}

/// What ties a wrapped key to its vault and slot kind.
pub fn binding(vault_id: &str, kind: &str) -> Vec<u8> {
    format!("safekeep-slot-v1\0{vault_id}\0{kind}").into_bytes()
}

mod base64_bytes {
    use data_encoding::BASE64;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::BASE64.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        BASE64
            .decode(text.as_bytes())
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::super::format::random_key;
    use super::*;

    #[test]
    fn a_wrapped_key_unwraps_only_with_its_key_and_binding() {
        let slot_key = random_key();
        let data_key = random_key();
        let wrapped = WrappedKey::wrap(&slot_key, &data_key, b"a");
        assert_eq!(*wrapped.unwrap(&slot_key, b"a").unwrap(), *data_key);
        assert!(wrapped.unwrap(&random_key(), b"a").is_none());
        assert!(wrapped.unwrap(&slot_key, b"b").is_none());
    }

    #[test]
    fn the_password_derivation_is_deterministic_per_salt() {
        let params = KdfParams::cheap_for_tests();
        assert_eq!(*params.derive("pw").unwrap(), *params.derive("pw").unwrap());
        assert_ne!(*params.derive("pw").unwrap(), *params.derive("pW").unwrap());
        let other_salt = KdfParams::cheap_for_tests();
        assert_ne!(
            *params.derive("pw").unwrap(),
            *other_salt.derive("pw").unwrap()
        );
    }

    #[test]
    fn forged_parameters_are_refused_instead_of_allocating() {
        let mut params = KdfParams::recommended();
        params.memory_kib = u32::MAX;
        assert!(matches!(
            params.derive("pw"),
            Err(KdfProblem::OutOfBounds(KdfOutOfBounds {
                parameter: "memory_kib",
                ..
            }))
        ));
        params.memory_kib = 8;
        assert!(matches!(
            params.derive("pw"),
            Err(KdfProblem::OutOfBounds(_))
        ));
        let mut params = KdfParams::recommended();
        params.algorithm = "scrypt".into();
        assert_eq!(params.derive("pw").unwrap_err(), KdfProblem::Unusable);
        let mut cheap = KdfParams::cheap_for_tests();
        cheap.memory_kib = 64 * 1024;
        assert_eq!(
            cheap.check(),
            Err(KdfProblem::Unusable),
            "the test label is for cheap settings only"
        );
    }

    #[test]
    fn what_we_write_is_within_our_own_bounds() {
        assert_eq!(KdfParams::recommended().check(), Ok(()));
    }
}
