//! What the core's integration tests share that needs the core's own types.
//! Everything else they share is in safekeep-testkit, which cannot name
//! them (see its Cargo.toml).

use std::sync::Arc;

use safekeep_core::keychain::MemoryKeychain;
use safekeep_core::vault::{CreateOptions, KdfParams, Vault, VaultLocation};

/// A new vault at `location` that opens with `password` only, its key
/// derived with the cheap test-only KDF (these tests derive it many times).
pub fn password_only_vault(
    location: &VaultLocation,
    keychain: Arc<MemoryKeychain>,
    password: &str,
) -> Vault {
    Vault::create(
        location,
        keychain,
        CreateOptions {
            keychain: false,
            password: Some(password),
            kdf: KdfParams::cheap_for_tests(),
        },
    )
    .expect("create the vault")
}
