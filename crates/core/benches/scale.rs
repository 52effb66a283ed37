//! Work that grows with what a file or a paste holds, at sizes far beyond a
//! real user's: merging 20,000 and 250,000 imported accounts (once into an
//! empty vault, once into a vault that holds them all already), and adding
//! 10,000 pasted backup tokens to an account that holds 8,000. Before these
//! paths were made linear, the CLI's merge of 20,000 Aegis entries took
//! 16.8 s and the token add over 100 s.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use safekeep_core::account::Account;
use safekeep_core::formats::{self, Restored};
use safekeep_core::otp::{Otp, OtpSecret};
use safekeep_core::tokens::{BackupTokens, BatchMode};
use safekeep_core::vault::VaultContents;

/// `count` accounts with distinct names and secrets, without backup tokens
/// (an authenticator export carries none).
fn accounts(count: usize) -> Vec<Account> {
    (0..count)
        .map(|i| {
            let secret: Vec<u8> = (0..20u8)
                .map(|b| b.wrapping_mul(31) ^ (i >> (b % 3 * 8)) as u8)
                .collect();
            let otp = Otp::totp(OtpSecret::from_bytes(secret));
            Account::new(
                &format!("Site {}", i % 1000),
                &format!("user{i}@example.org"),
                Some(otp),
                1_700_000_000,
            )
            .expect("short names")
        })
        .collect()
}

fn restored(accounts: &[Account]) -> Restored {
    Restored {
        accounts: accounts.to_vec(),
        rejected: Vec::new(),
    }
}

fn merge(c: &mut Criterion) {
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    for count in [20_000, 250_000] {
        let imported = accounts(count);
        group.bench_function(format!("{count}-into-empty"), |b| {
            b.iter_batched(
                || (VaultContents::default(), restored(&imported)),
                |(mut contents, restored)| {
                    black_box(formats::merge_into(&mut contents, restored));
                    contents
                },
                BatchSize::LargeInput,
            )
        });
        let full = VaultContents {
            accounts: imported.clone(),
            ..VaultContents::default()
        };
        group.bench_function(format!("{count}-all-already-stored"), |b| {
            b.iter_batched(
                || (full.clone(), restored(&imported)),
                |(mut contents, restored)| {
                    black_box(formats::merge_into(&mut contents, restored));
                    contents
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// `count` distinct tokens shaped like `ab12-cd34`, numbered from `first`.
fn paste(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("{:04x}-{:04x}\n", n / 0x1000 + 0xa000, n % 0x1000))
        .collect()
}

fn token_add(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokens");
    group.sample_size(10);
    let mut stored = BackupTokens::default();
    stored
        .add_batch(&paste(0, 8_000), BatchMode::Append, 1_700_000_000)
        .expect("tokens");
    // Half of the new paste is already stored, so both look-ups are timed.
    let pasted = paste(4_000, 10_000);
    for (name, mode) in [
        ("add-10000-to-8000/append", BatchMode::Append),
        ("add-10000-to-8000/replace", BatchMode::Replace),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || stored.clone(),
                |mut tokens| {
                    let report = tokens
                        .add_batch(&pasted, mode, 1_700_000_100)
                        .expect("tokens");
                    assert_eq!(report.added, 6_000);
                    tokens
                },
                BatchSize::LargeInput,
            )
        });
    }
    let mut other = stored.clone();
    other
        .add_batch(&paste(8_000, 8_000), BatchMode::Append, 1_700_000_100)
        .expect("tokens");
    group.bench_function("merge-used-marks-16000-into-8000", |b| {
        b.iter_batched(
            || stored.clone(),
            |mut tokens| {
                tokens.merge_used_marks(&other);
                tokens
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, merge, token_add);
criterion_main!(benches);
