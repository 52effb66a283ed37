//! A Bitwarden CSV export: RFC 4180 rows (quotes, escaped quotes, line
//! breaks in values) whose `login_totp` is a link, a `steam://` key or a bare
//! secret.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::bitwarden_csv::BitwardenCsv;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = BitwardenCsv::detect(data);
    if let Ok(restored) = BitwardenCsv::restore(data, None) {
        check_restored(&restored);
    }
});
