//! Google Authenticator's `MigrationPayload` protocol buffer, fed as the
//! `data` of an export link so the bytes reach the decoder unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::google::GoogleMigration;
use safekeep_fuzz::{check_restored, migration_link};

fuzz_target!(|data: &[u8]| {
    let link = migration_link(data);
    assert!(
        GoogleMigration::detect(link.as_bytes()),
        "an export link is detected"
    );
    if let Ok(restored) = GoogleMigration::restore(link.as_bytes(), None) {
        check_restored(&restored);
    }
});
