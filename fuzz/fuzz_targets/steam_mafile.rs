//! A Steam Guard maFile (Steam Desktop Authenticator, steamguard-cli): a
//! base64 shared secret among fields that are never read; and SDA's maFiles
//! folder as a zip, plain or encrypted. Its PBKDF2 (50,000 rounds per
//! maFile, fixed by SDA) is too slow to run per input, so encrypted archives
//! are not opened here (the tests open built ones); what is checked is that
//! no archive reads without a password when its manifest says encrypted,
//! and that whatever reads makes codes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::steam_mafile::SteamMaFile;
use safekeep_core::formats::{Format, ImportError, Restorable};
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = SteamMaFile::detect(data);
    match SteamMaFile::restore(data, None) {
        Ok(restored) => check_restored(&restored),
        Err(ImportError::PasswordNeeded { format }) => {
            assert_eq!(format, Format::SteamMaFile);
            assert!(data.starts_with(b"PK\x03\x04"), "only a zipped folder asks");
        }
        Err(_) => {}
    }
});
