//! Ente Auth's encrypted export: JSON with Argon2id parameters and a
//! secretstream message. Without a password it must always ask for one
//! (never read anything); the seed password is tried only when the file asks
//! for the least Argon2 work (see `ente_kdf_is_cheap`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::ente::EnteAuth;
use safekeep_fuzz::{SEED_PASSWORD, check_restored, ente_kdf_is_cheap};

fuzz_target!(|data: &[u8]| {
    let _ = EnteAuth::detect(data);
    assert!(
        EnteAuth::restore(data, None).is_err(),
        "an Ente export is never read without its password"
    );
    if ente_kdf_is_cheap(data) {
        let _ = EnteAuth::restore(data, Some("not the password"));
        if let Ok(restored) = EnteAuth::restore(data, Some(SEED_PASSWORD)) {
            check_restored(&restored);
        }
    }
});
