//! How long making the current code of every account takes: what the app
//! does at each period boundary.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn all_codes(c: &mut Criterion) {
    let mut group = c.benchmark_group("codes");
    for count in [100, 10_000] {
        let accounts = common::accounts(count);
        group.bench_with_input(
            BenchmarkId::new("all-accounts", count),
            &accounts,
            |b, accounts| {
                b.iter(|| {
                    for account in accounts {
                        if let Some(otp) = &account.otp {
                            black_box(otp.code_at(black_box(1_764_000_000)));
                        }
                    }
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, all_codes);
criterion_main!(benches);
