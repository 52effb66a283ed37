//! The decrypted contents of a vault: the JSON every open reads after the
//! authentication tag checked out. What it accepts must make codes without
//! panicking and must save and read back unchanged, or one save would lock
//! the user out of their own vault.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::vault::VaultContents;
use safekeep_fuzz::make_codes;

fuzz_target!(|data: &[u8]| {
    let Ok(contents) = serde_json::from_slice::<VaultContents>(data) else {
        return;
    };
    make_codes(&contents.accounts);
    for account in &contents.accounts {
        let tokens = &account.backup_tokens;
        assert!(tokens.unused_count() <= tokens.total());
        let _ = tokens.status();
    }
    let saved = serde_json::to_vec(&contents).expect("vault contents always serialize");
    let read_back: VaultContents =
        serde_json::from_slice(&saved).expect("saved contents read back");
    assert!(read_back == contents, "saved contents read back unchanged");
});
