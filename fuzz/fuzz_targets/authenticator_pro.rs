//! An Authenticator Pro (Stratum) backup: the plain JSON (numbered types
//! and algorithms, categories bound to authenticators by their secret), and
//! the two encrypted layouts behind their 16-byte headers. Their key
//! derivations are fixed by the app (Argon2id of 64 MiB, PBKDF2 of 64,000
//! rounds) and far too slow to run per input, so decryption is not fuzzed
//! (the tests open real and built files); what is checked is that a header
//! always asks for a password, and that one too short for its salt, nonce
//! and tag is refused as cut short before any derivation runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::authenticator_pro::AuthenticatorPro;
use safekeep_core::formats::{Format, ImportError, Malformation, Restorable};
use safekeep_fuzz::{SEED_PASSWORD, check_restored};

fuzz_target!(|data: &[u8]| {
    let _ = AuthenticatorPro::detect(data);
    let header = data.get(..16);
    let encrypted = header == Some(b"AUTHENTICATORPRO") || header == Some(b"AuthenticatorPro");
    match AuthenticatorPro::restore(data, None) {
        Ok(restored) => {
            assert!(!encrypted, "an encrypted backup never reads without a password");
            check_restored(&restored);
        }
        Err(error) => assert_eq!(
            encrypted,
            error
                == ImportError::PasswordNeeded {
                    format: Format::AuthenticatorPro
                }
        ),
    }
    // Header, salt, nonce or IV, and the least ciphertext: 16 + 16 + 12 +
    // 16 (current) or 16 + 20 + 16 + 16 (legacy) bytes.
    let least = if header == Some(b"AUTHENTICATORPRO") { 60 } else { 68 };
    if encrypted && data.len() < least {
        assert_eq!(
            AuthenticatorPro::restore(data, Some(SEED_PASSWORD)).unwrap_err(),
            ImportError::Malformed {
                format: Format::AuthenticatorPro,
                problem: Malformation::CutShort
            }
        );
    }
});
