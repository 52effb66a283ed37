//! Raivo OTP's export list: entries whose every value is a string.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::raivo::Raivo;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = Raivo::detect(data);
    if let Ok(restored) = Raivo::restore(data, None) {
        check_restored(&restored);
    }
});
