//! A FreeOTP+ JSON export: FreeOTP tokens with their secrets as signed Java
//! bytes, renamed names, and Steam as a TOTP token of issuer `Steam`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::free_otp_plus::FreeOtpPlus;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = FreeOtpPlus::detect(data);
    if let Ok(restored) = FreeOtpPlus::restore(data, None) {
        check_restored(&restored);
    }
});
