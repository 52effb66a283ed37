//! An Authenticator Pro (Stratum) plain backup: numbered types and
//! algorithms, categories bound to authenticators by their secret.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::authenticator_pro::AuthenticatorPro;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = AuthenticatorPro::detect(data);
    if let Ok(restored) = AuthenticatorPro::restore(data, None) {
        check_restored(&restored);
    }
});
