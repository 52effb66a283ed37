//! A Proton Authenticator plain export: entries whose `uri` is an
//! `otpauth://` link or a `steam://` key, with notes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::proton::Proton;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = Proton::detect(data);
    if let Ok(restored) = Proton::restore(data, None) {
        check_restored(&restored);
    }
});
