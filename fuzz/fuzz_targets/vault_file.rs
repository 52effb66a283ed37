//! The bytes of a vault file (`vault.skv`) and of an encrypted backup, which
//! share one format: the header parser, the key slots with a wrong key and a
//! wrong password, and, for seeds the fuzzer left intact, the contents.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use safekeep_core::backup::open_backup;
use safekeep_core::keychain::{Keychain, KeychainError};
use safekeep_core::vault::{OpenOptions, Unlock, Vault, VaultLocation};
use safekeep_fuzz::{SEED_PASSWORD, check_exports, make_codes, vault_kdf_is_cheap};
use zeroize::Zeroizing;

/// A keychain that holds the same wrong key under every entry, so every
/// keychain slot is tried with a key and fails to unwrap.
struct WrongKeyKeychain;

impl Keychain for WrongKeyKeychain {
    fn check_available(&self) -> Result<(), KeychainError> {
        Ok(())
    }

    fn load(&self, _entry: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeychainError> {
        Ok(Some(Zeroizing::new(vec![0x5a; 32])))
    }

    fn store(&self, _entry: &str, _secret: &[u8]) -> Result<(), KeychainError> {
        Ok(())
    }

    fn remove(&self, _entry: &str) -> Result<(), KeychainError> {
        Ok(())
    }
}

/// One directory for the whole run: the file is rewritten for each input.
fn location() -> &'static VaultLocation {
    static DIR: OnceLock<(tempfile::TempDir, VaultLocation)> = OnceLock::new();
    let (_, location) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let location = VaultLocation::new(dir.path());
        (dir, location)
    });
    location
}

fuzz_target!(|data: &[u8]| {
    let cheap = vault_kdf_is_cheap(data);
    if cheap {
        let _ = open_backup(data, "not the password");
        if let Ok(contents) = open_backup(data, SEED_PASSWORD) {
            make_codes(&contents.accounts);
            check_exports(&contents.accounts);
        }
    }

    let location = location();
    std::fs::write(location.vault_file(), data).expect("write the vault file");
    let _ = Vault::slot_kinds_at(location);
    let keychain: Arc<dyn Keychain> = Arc::new(WrongKeyKeychain);
    let opened = Vault::open(
        location,
        Arc::clone(&keychain),
        Unlock::Keychain,
        OpenOptions::default(),
    );
    assert!(opened.is_err(), "a wrong keychain key never opens a vault");
    if cheap
        && let Ok(vault) = Vault::open(
            location,
            keychain,
            Unlock::Password(SEED_PASSWORD),
            OpenOptions::default(),
        )
    {
        make_codes(&vault.contents().accounts);
    }
});
