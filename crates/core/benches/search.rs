//! How long searching a large vault takes: the app's search box and the
//! CLI's account argument both keep the accounts whose site or name contains
//! the query, ignoring case (`Account::matches`, `account::find_one`).

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use safekeep_core::account;

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    for count in [100, 10_000] {
        let accounts = common::accounts(count);
        // A partial query that keeps some accounts ("site 42", "site 420",
        // "site 4200", ...), as typing in the search box does.
        group.bench_with_input(
            BenchmarkId::new("filter", count),
            &accounts,
            |b, accounts| {
                b.iter(|| {
                    accounts
                        .iter()
                        .filter(|a| a.matches(black_box("site 42")))
                        .count()
                })
            },
        );
        // The CLI's lookup of one account by its exact name: a full scan
        // plus the exact-name tie break.
        let last = format!("Site {}", count - 1);
        group.bench_with_input(
            BenchmarkId::new("find-one", count),
            &accounts,
            |b, accounts| {
                b.iter(|| {
                    account::find_one(accounts, black_box(&last))
                        .expect("the last account is found")
                        .label
                        .len()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
