//! Text with one `otpauth://` link per line (UTF-8, or UTF-16 with its
//! byte-order mark): Ente Auth's plain export and what many apps write.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::otpauth_list::OtpauthList;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = OtpauthList::detect(data);
    if let Ok(restored) = OtpauthList::restore(data, None) {
        check_restored(&restored);
    }
});
