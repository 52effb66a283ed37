//! A LastPass Authenticator JSON export: TOTP accounts with renamed and
//! original names, folders and favourites.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::lastpass::LastPass;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = LastPass::detect(data);
    if let Ok(restored) = LastPass::restore(data, None) {
        check_restored(&restored);
    }
});
