//! A TOTP Authenticator encrypted backup: base64 of AES-256-CBC under
//! SHA-256 of the password, tried with the app's fixed password when none is
//! given and with the seed's. Both derivations are a single hash, so every
//! input is tried. A file detected as this format is whole AES blocks, so
//! without a password it must open or ask for one, never be called damaged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::totp_authenticator::TotpAuthenticator;
use safekeep_core::formats::{Format, ImportError, Restorable};
use safekeep_fuzz::{SEED_PASSWORD, check_restored};

fuzz_target!(|data: &[u8]| {
    let detected = TotpAuthenticator::detect(data);
    match TotpAuthenticator::restore(data, None) {
        Ok(restored) => check_restored(&restored),
        Err(error) => assert!(
            !detected
                || error
                    == ImportError::PasswordNeeded {
                        format: Format::TotpAuthenticator
                    }
                || error
                    == ImportError::Empty {
                        format: Format::TotpAuthenticator
                    },
            "a detected backup was refused without a password: {error:?}"
        ),
    }
    if let Ok(restored) = TotpAuthenticator::restore(data, Some(SEED_PASSWORD)) {
        check_restored(&restored);
    }
});
