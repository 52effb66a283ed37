//! Tests of the Syncthing harness itself: two real instances on loopback
//! carry a file across, keep it back while paused, leave a conflict copy
//! when both sides wrote the same file while paused, and pick up again after
//! one was killed, even mid-transfer. File contents are compared, never
//! printed.

use safekeep_testkit::secrets::random_bytes;
use safekeep_testkit::syncthing::{Side, SyncthingPair, conflict_copies, syncthing_temporaries};
use std::path::Path;
use std::time::Duration;

/// Only a guard against hanging: no verdict depends on it.
const SYNC_TIMEOUT: Duration = Duration::from_secs(60);

/// The two shared folders, A's and B's, in a temporary folder of their own.
fn two_folders() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    (dir, a, b)
}

fn write(path: &Path, contents: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the parent");
    std::fs::write(path, contents).expect("write the file");
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Asserts that `relative` holds `expected` under both folders, without
/// printing either.
fn assert_both_hold(pair: &SyncthingPair, relative: &str, expected: &[u8]) {
    for side in [Side::A, Side::B] {
        let found = read(&pair.folder(side).join(relative));
        assert!(
            found == expected,
            "{relative} on {side:?} differs from what was written ({} bytes, expected {})",
            found.len(),
            expected.len()
        );
    }
}

/// The processes whose command line mentions `text`.
fn processes_mentioning(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("list /proc") {
        let path = entry.expect("a /proc entry").path();
        // Processes come and go while this looks; one that went is not one.
        if let Ok(command_line) = std::fs::read(path.join("cmdline")) {
            let command_line = String::from_utf8_lossy(&command_line).replace('\0', " ");
            if command_line.contains(text) {
                found.push(format!("{}: {command_line}", path.display()));
            }
        }
    }
    found
}

/// `side`'s Syncthing home, which every one of its processes names.
fn home(pair: &SyncthingPair, side: Side) -> String {
    let log = pair.log_path(side);
    log.parent()
        .expect("the log is in the home")
        .display()
        .to_string()
}

#[test]
fn a_file_written_on_either_side_appears_identical_on_the_other() {
    let (_dir, a, b) = two_folders();
    let pair = SyncthingPair::start(&a, &b);
    assert_ne!(pair.device_id(Side::A), pair.device_id(Side::B));

    let from_a = random_bytes(300_000);
    write(&a.join("safekeep/devices/a.skv"), &from_a);
    pair.wait_until_in_sync(SYNC_TIMEOUT);
    assert_both_hold(&pair, "safekeep/devices/a.skv", &from_a);

    let from_b = random_bytes(1_000);
    write(&b.join("safekeep/devices/b.skv"), &from_b);
    pair.wait_until_in_sync(SYNC_TIMEOUT);
    assert_both_hold(&pair, "safekeep/devices/b.skv", &from_b);
    assert_both_hold(&pair, "safekeep/devices/a.skv", &from_a);
}

#[test]
fn while_paused_nothing_travels_and_after_resume_it_does() {
    let (_dir, a, b) = two_folders();
    let pair = SyncthingPair::start(&a, &b);
    pair.pause();

    let written = random_bytes(10_000);
    write(&a.join("while-paused.bin"), &written);
    // Unpaused, A's watcher (1 s) and rescans (5 s) would carry it across
    // within seconds on loopback. The wait can only give a broken pause
    // time to show, never fail a working one.
    std::thread::sleep(Duration::from_secs(8));
    assert!(
        !b.join("while-paused.bin").exists(),
        "the file reached B while sync was paused"
    );
    assert_eq!(
        pair.folder_status(Side::A)["localFiles"],
        0,
        "A looked while paused"
    );

    pair.resume();
    pair.wait_until_in_sync(SYNC_TIMEOUT);
    assert_both_hold(&pair, "while-paused.bin", &written);
}

#[test]
fn the_same_file_written_on_both_sides_while_paused_leaves_one_conflict_copy() {
    let (_dir, a, b) = two_folders();
    let pair = SyncthingPair::start(&a, &b);
    let original = random_bytes(5_000);
    write(&a.join("safekeep/devices/shared.skv"), &original);
    pair.wait_until_in_sync(SYNC_TIMEOUT);

    pair.pause();
    let on_a = random_bytes(6_000);
    let on_b = random_bytes(7_000);
    write(&a.join("safekeep/devices/shared.skv"), &on_a);
    write(&b.join("safekeep/devices/shared.skv"), &on_b);
    pair.resume();
    pair.wait_until_in_sync(SYNC_TIMEOUT);

    let copies_a = conflict_copies(&a);
    let copies_b = conflict_copies(&b);
    assert_eq!(copies_a.len(), 1, "A's conflict copies: {copies_a:?}");
    assert_eq!(copies_b.len(), 1, "B's conflict copies: {copies_b:?}");
    let name = copies_a[0].strip_prefix(&a).expect("under A").to_owned();
    assert_eq!(copies_b[0].strip_prefix(&b).expect("under B"), name);
    assert_eq!(name.parent(), Some(Path::new("safekeep/devices")));
    let file_name = name.file_name().expect("a name").to_string_lossy();
    assert!(
        file_name.starts_with("shared.sync-conflict-") && file_name.ends_with(".skv"),
        "{file_name}"
    );

    let winner = read(&a.join("safekeep/devices/shared.skv"));
    let loser = read(&copies_a[0]);
    assert_both_hold(&pair, "safekeep/devices/shared.skv", &winner);
    assert_both_hold(&pair, &name.to_string_lossy(), &loser);
    let both_kept = (winner == on_a && loser == on_b) || (winner == on_b && loser == on_a);
    assert!(
        both_kept,
        "the file and its conflict copy must be A's and B's versions"
    );
}

#[test]
fn a_killed_instance_restarted_picks_up_what_it_missed() {
    let (_dir, a, b) = two_folders();
    let mut pair = SyncthingPair::start(&a, &b);
    let first = random_bytes(2_000);
    write(&a.join("first.bin"), &first);
    pair.wait_until_in_sync(SYNC_TIMEOUT);

    let (home_a, home_b) = (home(&pair, Side::A), home(&pair, Side::B));
    pair.kill(Side::B);
    assert!(!pair.is_running(Side::B));
    assert_eq!(
        processes_mentioning(&home_b),
        Vec::<String>::new(),
        "B survived its kill"
    );
    let changed = random_bytes(3_000);
    let second = random_bytes(4_000);
    write(&a.join("first.bin"), &changed);
    write(&a.join("second.bin"), &second);
    pair.rescan(Side::A);
    assert!(read(&b.join("first.bin")) == first, "B changed while dead");
    assert!(!b.join("second.bin").exists(), "B received while dead");

    pair.restart(Side::B);
    assert!(pair.is_running(Side::B));
    pair.wait_until_in_sync(SYNC_TIMEOUT);
    assert_both_hold(&pair, "first.bin", &changed);
    assert_both_hold(&pair, "second.bin", &second);

    // Both down at once, a file written meanwhile, both back.
    pair.kill(Side::A);
    pair.kill(Side::B);
    let third = random_bytes(5_000);
    write(&b.join("third.bin"), &third);
    pair.restart(Side::A);
    pair.restart(Side::B);
    pair.wait_until_in_sync(SYNC_TIMEOUT);
    assert_both_hold(&pair, "third.bin", &third);

    drop(pair);
    for home in [home_a, home_b] {
        assert_eq!(
            processes_mentioning(&home),
            Vec::<String>::new(),
            "left running"
        );
    }
}

#[test]
fn a_transfer_killed_midway_leaves_only_a_temporary_file_and_finishes_after_restart() {
    let (_dir, a, b) = two_folders();
    let mut pair = SyncthingPair::start(&a, &b);
    // 3 MiB at 64 KiB/s: about 50 s, so the kill surely lands midway.
    pair.limit_receive_rate(Side::B, 64);
    let large = random_bytes(3 * 1024 * 1024);
    write(&a.join("safekeep/devices/large.skv"), &large);
    pair.rescan(Side::A);
    let temporary = pair.wait_until_receiving(Side::B, SYNC_TIMEOUT);
    assert_eq!(
        temporary.file_name().expect("a name"),
        ".syncthing.large.skv.tmp"
    );

    pair.kill(Side::B);
    assert!(
        !b.join("safekeep/devices/large.skv").exists(),
        "a killed transfer must not leave the file under its own name"
    );
    assert_eq!(syncthing_temporaries(&b), [temporary]);

    pair.restart(Side::B);
    pair.limit_receive_rate(Side::B, 0);
    pair.wait_until_in_sync(SYNC_TIMEOUT);
    assert_both_hold(&pair, "safekeep/devices/large.skv", &large);
    assert_eq!(syncthing_temporaries(&b), Vec::<std::path::PathBuf>::new());
}
