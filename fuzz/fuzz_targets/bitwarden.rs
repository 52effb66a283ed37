//! A Bitwarden JSON vault export: login items whose authenticator key is an
//! `otpauth://` link, a `steam://` key or a bare base32 secret.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::bitwarden::Bitwarden;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = Bitwarden::detect(data);
    if let Ok(restored) = Bitwarden::restore(data, None) {
        check_restored(&restored);
    }
});
