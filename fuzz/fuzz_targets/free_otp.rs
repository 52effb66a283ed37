//! FreeOTP's encrypted backup: a Java object stream of a string map, with
//! a PBKDF2-wrapped master key. Without a password it must always ask for
//! one (never read anything); the seed password is tried only when the file
//! asks for the fewest rounds (see `free_otp_kdf_is_cheap`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::free_otp::FreeOtp;
use safekeep_fuzz::{SEED_PASSWORD, check_restored, free_otp_kdf_is_cheap};

fuzz_target!(|data: &[u8]| {
    let _ = FreeOtp::detect(data);
    assert!(
        FreeOtp::restore(data, None).is_err(),
        "a FreeOTP backup is never read without its password"
    );
    if free_otp_kdf_is_cheap(data) {
        let _ = FreeOtp::restore(data, Some("not the password"));
        if let Ok(restored) = FreeOtp::restore(data, Some(SEED_PASSWORD)) {
            check_restored(&restored);
        }
    }
});
