//! Google Authenticator's export as text: `otpauth-migration://` links
//! anywhere in the lines, base64 in either alphabet, percent-encoded or not,
//! split in batches, mixed with plain `otpauth://` lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::google::GoogleMigration;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = GoogleMigration::detect(data);
    if let Ok(restored) = GoogleMigration::restore(data, None) {
        check_restored(&restored);
    }
});
