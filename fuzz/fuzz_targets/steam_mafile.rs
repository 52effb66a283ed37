//! A Steam Guard maFile (Steam Desktop Authenticator, steamguard-cli): a
//! base64 shared secret among fields that are never read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::steam_mafile::SteamMaFile;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = SteamMaFile::detect(data);
    if let Ok(restored) = SteamMaFile::restore(data, None) {
        check_restored(&restored);
    }
});
