//! An andOTP plain JSON backup: a list of entries of every type andOTP
//! makes, including mOTP, which is rejected with a reason.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::and_otp::AndOtp;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = AndOtp::detect(data);
    if let Ok(restored) = AndOtp::restore(data, None) {
        check_restored(&restored);
    }
});
