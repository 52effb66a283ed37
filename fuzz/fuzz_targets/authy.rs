//! Authy's token files: SharedPreferences XML holding JSON token lists,
//! secrets plain, hex, or sealed with the backups password (1,000 PBKDF2
//! rounds per token, so the password is tried on small inputs only).
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::authy::Authy;
use safekeep_fuzz::{SEED_PASSWORD, check_restored};

fuzz_target!(|data: &[u8]| {
    let _ = Authy::detect(data);
    if let Ok(restored) = Authy::restore(data, None) {
        check_restored(&restored);
    }
    if data.len() <= 4096
        && let Ok(restored) = Authy::restore(data, Some(SEED_PASSWORD))
    {
        check_restored(&restored);
    }
});
