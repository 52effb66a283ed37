//! How long reading and merging a large import takes: a 10,000-entry
//! otpauth list and a 1,000-entry Aegis export (plain, so no KDF is timed).

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safekeep_core::formats::{self, Format, aegis, otpauth_list};
use safekeep_core::vault::VaultContents;

fn imports(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);

    let list = otpauth_list::export(&common::accounts(10_000));
    group.bench_function("otpauth-list-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(list.as_bytes(), Some(Format::OtpauthList), None)
                .expect("our own export reads back");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    let aegis_file = aegis::export_plain(&common::accounts(1_000));
    group.bench_function("aegis-plain-1000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(aegis_file.as_bytes(), Some(Format::Aegis), None)
                .expect("our own export reads back");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });
    group.finish();
}

criterion_group!(benches, imports);
criterion_main!(benches);
