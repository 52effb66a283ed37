//! The zip exports: WinAuth's archive of otpauth links and Raivo's archive
//! of its JSON list, through the one zip opener (`formats/zip_archive.rs`)
//! with its bounds. Beyond the account checks: only a file that starts like
//! a zip archive is detected as either; a file is asked for a password only
//! when none was given, and refused as a wrong one only when one was; and
//! every error has words, with all its values, in every language.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::raivo::Raivo;
use safekeep_core::formats::win_auth::WinAuth;
use safekeep_core::formats::{ImportError, Restorable, Restored};
use safekeep_core::i18n::{Language, Message};
use safekeep_fuzz::{SEED_PASSWORD, check_restored};

fn check(result: Result<Restored, ImportError>, password: Option<&str>) {
    match result {
        Ok(restored) => check_restored(&restored),
        Err(error) => {
            match error {
                ImportError::PasswordNeeded { .. } => {
                    assert!(password.is_none(), "a password was given")
                }
                ImportError::WrongPassword { .. } => {
                    assert!(password.is_some(), "no password was given")
                }
                _ => {}
            }
            for language in Language::ALL {
                let text = error.localized(language);
                let id = error.message_id();
                assert!(text != id, "{id} has words in {language:?}");
                assert!(!text.contains("{$"), "{id} gets all its values");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let is_zip = data.starts_with(b"PK\x03\x04");
    if WinAuth::detect(data) {
        assert!(is_zip, "only a zip archive is WinAuth's zip export");
    }
    let raivo_detected = Raivo::detect(data);
    for password in [None, Some(SEED_PASSWORD)] {
        check(WinAuth::restore(data, password), password);
        if is_zip || raivo_detected {
            check(Raivo::restore(data, password), password);
        }
    }
});
