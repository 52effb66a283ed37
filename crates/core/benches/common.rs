//! Vaults of a given size for the benchmarks: realistic accounts, each with
//! a TOTP secret of 20 bytes and ten backup tokens.

use safekeep_core::account::Account;
use safekeep_core::otp::{Otp, OtpSecret};
use safekeep_core::tokens::BatchMode;

pub fn accounts(count: usize) -> Vec<Account> {
    (0..count)
        .map(|i| {
            let secret: Vec<u8> = (0..20u8)
                .map(|b| b.wrapping_mul(31).wrapping_add(i as u8))
                .collect();
            let otp = Otp::totp(OtpSecret::from_bytes(secret));
            let mut account = Account::new(
                &format!("Site {i}"),
                &format!("user{i}@example.org"),
                Some(otp),
                1_700_000_000,
            )
            .unwrap();
            let tokens: Vec<String> = (0..10).map(|t| format!("{i:05x}-{t:04x}")).collect();
            account
                .backup_tokens
                .add_batch(&tokens.join("\n"), BatchMode::Append, 1_700_000_000)
                .expect("generated tokens parse");
            account
        })
        .collect()
}
