//! A 2FAS backup, plain or encrypted. 2FAS fixes its key derivation at
//! 10,000 PBKDF2 rounds whatever the file says, a few milliseconds, so an
//! encrypted backup is tried with one password only: the seed's, which opens
//! the seeds the fuzzer left intact and is wrong for every other input. The
//! layout of `servicesEncrypted` is checked before any derivation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::two_fas::TwoFas;
use safekeep_fuzz::{SEED_PASSWORD, check_restored};

fuzz_target!(|data: &[u8]| {
    let _ = TwoFas::detect(data);
    match TwoFas::restore(data, None) {
        Ok(restored) => check_restored(&restored),
        Err(_) => {
            if let Ok(restored) = TwoFas::restore(data, Some(SEED_PASSWORD)) {
                check_restored(&restored);
            }
        }
    }
});
