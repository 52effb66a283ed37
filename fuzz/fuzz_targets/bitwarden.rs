//! A Bitwarden JSON vault export: login items whose authenticator key is an
//! `otpauth://` link, a `steam://` key or a bare base32 secret; and a
//! password-protected export, whose KDF settings the file states. Such an
//! export is tried with the seed's password only when it asks for the
//! cheapest settings Bitwarden allows (PBKDF2 of 5,000 rounds, as the seed
//! does), so the fuzzer does not spend its time deriving keys. Without a
//! password, a password-protected export must ask for one or be refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::bitwarden::Bitwarden;
use safekeep_core::formats::{Format, ImportError, Restorable};
use safekeep_fuzz::{SEED_PASSWORD, check_restored};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let _ = Bitwarden::detect(data);
    match Bitwarden::restore(data, None) {
        Ok(restored) => check_restored(&restored),
        Err(ImportError::PasswordNeeded { format }) => {
            assert_eq!(format, Format::Bitwarden);
            let text = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
            // The reader skips the fields it does not use without checking
            // their escapes (serde's IgnoredAny), so a file with a lone
            // surrogate in one of them still asks for its password (seed
            // `invalid_escape_in_an_unread_field.json`); a full parse then
            // refuses it, and there is nothing more to check.
            let Ok(file) = serde_json::from_slice::<Value>(text) else {
                return;
            };
            assert_eq!(file["passwordProtected"], Value::Bool(true));
            let cheap = file["kdfType"] == 0 && file["kdfIterations"].as_u64() <= Some(5_000);
            if cheap {
                if let Ok(restored) = Bitwarden::restore(data, Some(SEED_PASSWORD)) {
                    check_restored(&restored);
                }
            }
        }
        Err(_) => {}
    }
});
