//! Tests of the Syncthing harness itself: two real instances on loopback
//! carry a file across, keep it back while paused, leave a conflict copy
//! when both sides wrote the same file while paused, and pick up again after
//! one was killed, even mid-transfer, and hold no socket beyond loopback.
//! File contents are compared, never printed.

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

/// The IP sockets process `pid` holds, each as (local address, remote
/// address) in /proc/net's hexadecimal form; unix and netlink sockets
/// (which cannot leave the machine) are left out.
fn ip_sockets_of(pid: u32) -> Vec<(String, String)> {
    let mut by_inode = std::collections::HashMap::new();
    for table in ["tcp", "tcp6", "udp", "udp6"] {
        let text = std::fs::read_to_string(format!("/proc/{pid}/net/{table}"))
            .unwrap_or_else(|e| panic!("cannot read /proc/{pid}/net/{table}: {e}"));
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            by_inode.insert(
                fields[9].to_owned(),
                (fields[1].to_owned(), fields[2].to_owned()),
            );
        }
    }
    let mut sockets = Vec::new();
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd")).expect("list its files") {
        let Ok(target) = std::fs::read_link(entry.expect("an fd").path()) else {
            continue; // closed while this looked
        };
        let target = target.display().to_string();
        if let Some(inode) = target
            .strip_prefix("socket:[")
            .and_then(|rest| rest.strip_suffix(']'))
            && let Some(addresses) = by_inode.get(inode)
        {
            sockets.push(addresses.clone());
        }
    }
    sockets
}

/// Whether a /proc/net address (`HEXIP:HEXPORT`) is on loopback: 127.x.x.x,
/// ::1, or 127.x.x.x mapped into IPv6.
fn is_loopback(address: &str) -> bool {
    let ip = address.split(':').next().unwrap_or_default();
    match ip.len() {
        8 => ip.ends_with("7F"),
        32 => {
            ip == "00000000000000000000000001000000"
                || (ip.starts_with("0000000000000000FFFF0000") && ip.ends_with("7F"))
        }
        _ => false,
    }
}

/// Whether a /proc/net address is "none": the remote end of a listener.
fn is_unset(address: &str) -> bool {
    address.chars().all(|c| c == '0' || c == ':')
}

#[test]
fn the_instances_hold_no_socket_beyond_loopback() {
    let (_dir, a, b) = two_folders();
    let pair = SyncthingPair::start(&a, &b);
    write(&a.join("file.bin"), &random_bytes(1_000));
    pair.wait_until_in_sync(SYNC_TIMEOUT);
    for side in [Side::A, Side::B] {
        let pid = pair.process_id(side).expect("it runs");
        let sockets = ip_sockets_of(pid);
        // Its REST listener, its sync listener, the connection to the other
        // and the harness's own REST calls, at least.
        assert!(sockets.len() >= 3, "{side:?} holds only {sockets:?}");
        for (local, remote) in &sockets {
            assert!(
                is_loopback(local) && (is_loopback(remote) || is_unset(remote)),
                "{side:?} holds a socket beyond loopback: {local} -> {remote}"
            );
        }
    }
}

#[test]
fn loopback_is_told_from_the_rest() {
    assert!(is_loopback("0100007F:1F90"));
    assert!(is_loopback("0000000000000000FFFF00000100007F:1F90"));
    assert!(is_loopback("00000000000000000000000001000000:1F90"));
    assert!(
        !is_loopback("00000000:1F90"),
        "0.0.0.0 listens on every interface"
    );
    assert!(!is_loopback("0101A8C0:1F90"), "192.168.1.1");
    assert!(!is_loopback("00000000000000000000000000000000:1F90"));
    assert!(is_unset("00000000:0000"));
    assert!(!is_unset("0100007F:1F90"));
}
