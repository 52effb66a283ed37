//! How long opening and saving a vault takes as it grows, and what the
//! password's deliberate Argon2id cost adds on its own.

mod common;

use std::convert::Infallible;
use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use safekeep_core::keychain::MemoryKeychain;
use safekeep_core::vault::{CreateOptions, KdfParams, OpenOptions, Unlock, Vault, VaultLocation};

fn vault_with(count: usize) -> (tempfile::TempDir, VaultLocation, Arc<MemoryKeychain>, Vault) {
    let dir = tempfile::tempdir().expect("temp dir");
    let location = VaultLocation::new(dir.path());
    let keychain = Arc::new(MemoryKeychain::new());
    let mut vault = Vault::create(
        &location,
        keychain.clone(),
        CreateOptions {
            keychain: true,
            password: None,
            kdf: KdfParams::recommended(),
        },
    )
    .expect("create");
    let accounts = common::accounts(count);
    vault
        .update(|contents| {
            contents.accounts = accounts;
            Ok::<(), Infallible>(())
        })
        .expect("fill");
    (dir, location, keychain, vault)
}

fn open_and_save(c: &mut Criterion) {
    let mut group = c.benchmark_group("vault");
    group.sample_size(20);
    for count in [100, 1_000, 10_000] {
        let (_dir, location, keychain, mut vault) = vault_with(count);
        group.bench_with_input(BenchmarkId::new("open", count), &count, |b, _| {
            b.iter(|| {
                let opened = Vault::open(
                    &location,
                    keychain.clone(),
                    Unlock::Keychain,
                    OpenOptions::default(),
                )
                .expect("open");
                black_box(opened.contents().accounts.len())
            })
        });
        // A save is a whole transaction: lock, re-read, encrypt, write,
        // fsync, rename, fsync the directory, keep a backup.
        group.bench_with_input(BenchmarkId::new("save", count), &count, |b, _| {
            b.iter(|| vault.update(|_| Ok::<(), Infallible>(())).expect("save"))
        });
    }
    group.finish();
}

fn password_cost(c: &mut Criterion) {
    let mut group = c.benchmark_group("kdf");
    group.sample_size(10);
    let params = KdfParams::recommended();
    group.bench_function("argon2id-64MiB-t3", |b| {
        b.iter(|| black_box(params.derive("correct horse")))
    });
    group.finish();
}

criterion_group!(benches, open_and_save, password_cost);
criterion_main!(benches);
