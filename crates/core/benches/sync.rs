//! Merging the device files of three computers that share one vault of
//! 1,000 accounts with ten backup tokens each (issue 15: under 50 ms), each
//! computer with edits and used tokens of its own; with and without
//! reading the three files' contents back from JSON first.

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safekeep_core::order::ListOrder;
use safekeep_core::sync::{Clock, DeviceId, Replica, merge_all};
use safekeep_core::text::Notes;

const WALL: u64 = 1_800_000_000_000;

/// A computer that joined from `start` and made its own edits: notes on
/// every tenth account from `offset`, and a token used on every fifth.
fn computer(start: &Replica, id: u64, offset: usize) -> Replica {
    let mut replica = start.clone();
    let mut clock = replica.clock_for(DeviceId::from(id));
    replica.name_device(&mut clock, WALL + id, &format!("computer {id}"));
    let lane = replica.lane_of(DeviceId::from(id));
    let (before, order) = replica.accounts_view(lane);
    let mut after = before.clone();
    for (i, account) in after.iter_mut().enumerate() {
        if i % 10 == offset {
            account.notes = Notes::new(&format!("edited on {id}")).unwrap();
        }
        if i % 5 == offset % 5 {
            account
                .backup_tokens
                .redeem_next("site", 1_800_000_000)
                .unwrap();
        }
    }
    replica.record((&before, order), (&after, order), &mut clock, WALL + 1_000);
    replica
}

fn three_computers() -> [Replica; 3] {
    let mut first = Replica::default();
    let mut clock = Clock::new(DeviceId::from(1));
    first.name_device(&mut clock, WALL, "computer 1");
    first.record(
        (&[], ListOrder::Name),
        (&common::accounts(1_000), ListOrder::Name),
        &mut clock,
        WALL,
    );
    [
        computer(&first, 1, 0),
        computer(&first, 2, 3),
        computer(&first, 3, 6),
    ]
}

fn merge_three(c: &mut Criterion) {
    let replicas = three_computers();
    let files: Vec<Vec<u8>> = replicas
        .iter()
        .map(|replica| serde_json::to_vec(replica).unwrap())
        .collect();
    let mut group = c.benchmark_group("sync");
    group.sample_size(20);
    group.bench_function("merge 3 replicas of 1000 accounts x 10 tokens", |b| {
        b.iter(|| black_box(merge_all(replicas.iter())))
    });
    group.bench_function("read and merge 3 device files' contents", |b| {
        b.iter(|| {
            let read: Vec<Replica> = files
                .iter()
                .map(|bytes| serde_json::from_slice(bytes).unwrap())
                .collect();
            black_box(merge_all(read.iter()))
        })
    });
    group.finish();
}

criterion_group!(benches, merge_three);
criterion_main!(benches);
