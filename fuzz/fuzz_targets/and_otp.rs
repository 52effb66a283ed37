//! An andOTP backup: the plain JSON list of entries of every type andOTP
//! makes (mOTP is rejected with a reason), and the encrypted backup, whose
//! PBKDF2 rounds the file states. An encrypted input is tried with the
//! seed's password only when it asks for the fewest rounds the reader takes
//! (as the seed does), so the fuzzer does not spend its time deriving keys;
//! without a password, any input that is not text must ask for one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::and_otp::AndOtp;
use safekeep_core::formats::{Format, ImportError, Restorable};
use safekeep_fuzz::{SEED_PASSWORD, check_restored};

fuzz_target!(|data: &[u8]| {
    let _ = AndOtp::detect(data);
    match AndOtp::restore(data, None) {
        Ok(restored) => check_restored(&restored),
        Err(ImportError::PasswordNeeded { format }) => {
            assert_eq!(format, Format::AndOtp);
            let cheap = data
                .get(..4)
                .is_some_and(|rounds| u32::from_be_bytes(rounds.try_into().unwrap()) <= 1_000);
            if cheap {
                if let Ok(restored) = AndOtp::restore(data, Some(SEED_PASSWORD)) {
                    check_restored(&restored);
                }
            }
        }
        Err(_) => assert!(
            std::str::from_utf8(data).is_ok(),
            "binary input is taken as encrypted and asks for a password"
        ),
    }
});
