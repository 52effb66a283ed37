//! The `otpauth://` link parser: what QR codes, pasted links and most
//! importers go through. A link it reads must make codes and must write back
//! (`to_otpauth_uri`) to a link that reads as the same values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::account::Account;
use safekeep_core::otp::{parse_otpauth_uri, to_otpauth_uri};
use safekeep_fuzz::make_codes;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(link) = parse_otpauth_uri(text) else {
        return;
    };
    // Names longer than an account keeps are refused, with an error.
    if let Ok(account) = Account::new(&link.issuer, &link.label, Some(link.otp.clone()), 0) {
        make_codes(&[account]);
    }
    // The format reserves leading whitespace in the account name for the
    // optional spaces after `Issuer:`, so such a name cannot come back.
    if link.label.starts_with(char::is_whitespace) {
        return;
    }
    let written = to_otpauth_uri(&link.issuer, &link.label, &link.otp);
    let read_back = parse_otpauth_uri(&written).expect("a written link reads back");
    assert!(
        read_back == link,
        "a written link reads back as the same values (issuer {:?}, label {:?} became {:?}, {:?}; same settings: {})",
        link.issuer,
        link.label,
        read_back.issuer,
        read_back.label,
        read_back.otp == link.otp
    );
});
