//! An Aegis vault export, plain or encrypted. Without a password an
//! encrypted vault stops at "password needed" after its JSON is read; the
//! key slots and the contents are tried with a password only when the file
//! asks for a token amount of scrypt work (see `aegis_kdf_is_cheap`), so the
//! fuzzer is not starved by files asking for seconds of it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::aegis::Aegis;
use safekeep_fuzz::{SEED_PASSWORD, aegis_kdf_is_cheap, check_restored};

fuzz_target!(|data: &[u8]| {
    let _ = Aegis::detect(data);
    if let Ok(restored) = Aegis::restore(data, None) {
        check_restored(&restored);
    }
    if aegis_kdf_is_cheap(data) {
        let _ = Aegis::restore(data, Some("not the password"));
        if let Ok(restored) = Aegis::restore(data, Some(SEED_PASSWORD)) {
            check_restored(&restored);
        }
    }
});
