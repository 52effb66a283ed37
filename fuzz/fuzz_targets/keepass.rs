//! A KeePass or KeePassXC database: our own reader of the header's
//! key-derivation settings, then the `keepass` crate. Without a password it
//! must always ask for one (never read anything); the seed password is
//! tried only when the header asks for the least AES-KDF work (see
//! `keepass_kdf_is_cheap`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::keepass::KeePass;
use safekeep_fuzz::{SEED_PASSWORD, check_restored, keepass_kdf_is_cheap};

fuzz_target!(|data: &[u8]| {
    let _ = KeePass::detect(data);
    assert!(
        KeePass::restore(data, None).is_err(),
        "a KeePass database is never read without its password"
    );
    if keepass_kdf_is_cheap(data) {
        let _ = KeePass::restore(data, Some("not the password"));
        if let Ok(restored) = KeePass::restore(data, Some(SEED_PASSWORD)) {
            check_restored(&restored);
        }
    }
});
