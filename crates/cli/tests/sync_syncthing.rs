//! Issue 15's scenarios with a real sync engine: two "computers", each the
//! `safekeep` CLI with its own data folder, its own D-Bus session and its
//! own gnome-keyring, whose synced folders two Syncthing instances on
//! loopback keep in step (testkit's `SyncthingPair`). "Offline" is
//! Syncthing's folder pause; a wrong clock is libfaketime's.
//!
//! No verdict depends on how fast Syncthing is: each step waits until both
//! instances say they are in sync (timeouts only guard against hanging).
//! Needs syncthing, dbus-daemon, gnome-keyring, oathtool and faketime
//! (scripts/setup.sh), inside scripts/test.sh's dbus wrapper.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use safekeep_testkit::cli::{Env, generation, own_device_file};
use safekeep_testkit::clock::skewed_clock_envs;
use safekeep_testkit::dbus::PrivateKeyring;
use safekeep_testkit::oathtool::oathtool_default_totp;
use safekeep_testkit::process::{Output, run_command};
use safekeep_testkit::syncthing::{Side, SyncthingPair, conflict_copies, syncthing_temporaries};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

/// Only a guard against hanging: no verdict depends on it.
const SYNC_TIMEOUT: Duration = Duration::from_secs(180);

/// Strong enough for the password rule.
const PASSWORD: &str = "paarse giraf fietst naar Zwolle";
const SITE_SECRET: &str = "JBSWY3DPEHPK3PXP";
const LINK: &str = "otpauth://totp/Site:me?secret=JBSWY3DPEHPK3PXP&issuer=Site";
const OTHER_SECRET: &str = "GEZDGNBVGY3TQOJQ";
const OTHER_LINK: &str = "otpauth://totp/Other:me?secret=GEZDGNBVGY3TQOJQ&issuer=Other";
const THIRD_LINK: &str = "otpauth://totp/Third:me?secret=MFRGGZDFMZTWQ2LK&issuer=Third";
const TOKENS: &str = "aaaa-1111\nbbbb-2222\ncccc-3333\ndddd-4444\neeee-5555\nffff-6666\n";

/// One computer: the CLI with its own data folder, keyring and synced
/// folder.
struct Computer {
    env: Env,
    keyring: PrivateKeyring,
    folder: PathBuf,
}

impl Computer {
    fn new(test: &str, folder: PathBuf) -> Computer {
        let keyring = PrivateKeyring::start();
        let mut env = Env::with_keychain(BIN, test);
        env.extra.extend(keyring.envs());
        Computer {
            env,
            keyring,
            folder,
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        self.env.run(args)
    }

    /// What this computer's keyring holds for its keychain service.
    fn keyring_listing(&self) -> String {
        let out = run_command(
            "secret-tool",
            &["search", "--all", "service", &self.env.service],
            &self.keyring.envs(),
            "",
        );
        format!("{}{}", out.stdout, out.stderr)
    }

    /// This computer's device file in its own copy of the folder (each
    /// computer's status names its id).
    fn own_file(&self) -> PathBuf {
        own_device_file(self.run(&["sync", "status"]).ok(), &self.folder)
    }

    fn list(&self) -> String {
        self.run(&["list"]).ok().to_owned()
    }
}

/// Two computers whose folders Syncthing shares; dropped in the order
/// written (the pair first, so nothing writes while the folders go).
struct Computers {
    pair: SyncthingPair,
    a: Computer,
    b: Computer,
    _folders: tempfile::TempDir,
}

impl Computers {
    /// A with a vault (keychain and password), one account with six tokens,
    /// moved into its folder; B joined by password from its own copy of
    /// the folder, once Syncthing brought A's file there.
    fn joined(test: &str) -> Computers {
        let folders = tempfile::tempdir().expect("temp dir");
        let (folder_a, folder_b) = (folders.path().join("a"), folders.path().join("b"));
        let pair = SyncthingPair::start(&folder_a, &folder_b);
        let a = Computer::new(&format!("{test}-a"), folder_a);
        let b = Computer::new(&format!("{test}-b"), folder_b);
        a.env
            .run_with_stdin(&["--password-stdin", "init"], &format!("{PASSWORD}\n"))
            .ok();
        a.env.run_with_stdin(&["add", "-"], LINK).ok();
        a.env
            .run_with_stdin(&["tokens", "add", "Site"], TOKENS)
            .ok();
        let dir_a = a.folder.display().to_string();
        a.run(&["sync", "enable", &dir_a, "--name", "Clinic PC"])
            .ok();
        pair.wait_until_in_sync(SYNC_TIMEOUT);
        let dir_b = b.folder.display().to_string();
        let out = b.env.run_with_stdin(
            &[
                "--password-stdin",
                "init",
                "--join",
                &dir_b,
                "--name",
                "Laptop",
            ],
            &format!("{PASSWORD}\n"),
        );
        out.ok();
        assert!(out.stderr.contains("joined"), "{}", out.stderr);
        pair.wait_until_in_sync(SYNC_TIMEOUT);
        Computers {
            pair,
            a,
            b,
            _folders: folders,
        }
    }

    fn sync(&self) {
        self.pair.wait_until_in_sync(SYNC_TIMEOUT);
    }

    fn both(&self) -> [&Computer; 2] {
        [&self.a, &self.b]
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

fn used_token(computer: &Computer) -> String {
    computer
        .run(&["tokens", "use", "Site"])
        .ok()
        .trim()
        .to_owned()
}

/// Scenario 1.
#[test]
fn a_computer_joined_by_password_gets_accounts_added_on_the_other_with_the_same_code() {
    let pc = Computers::joined("st-join");
    pc.a.env.run_with_stdin(&["add", "-"], OTHER_LINK).ok();
    pc.sync();
    for at in [1_234_567_890_u64, 2_000_000_000] {
        let at_text = at.to_string();
        for (name, secret) in [("Other", OTHER_SECRET), ("Site", SITE_SECRET)] {
            let code = pc.b.run(&["code", name, "--at", &at_text]).ok().to_owned();
            assert_eq!(
                code.trim(),
                oathtool_default_totp(secret, at),
                "{name} at {at}"
            );
        }
    }
    let status = pc.b.run(&["sync", "status"]).ok().to_owned();
    assert!(status.contains("This computer: Laptop"), "{status}");
    assert!(
        status.contains("Clinic PC") && status.contains("last seen"),
        "{status}"
    );
    // Each computer's key is in its own keyring, none in the session the
    // test itself runs on.
    for computer in pc.both() {
        assert!(
            computer.keyring_listing().contains(&computer.env.service),
            "{}",
            computer.keyring_listing()
        );
        assert!(
            !computer
                .env
                .keychain_listing()
                .contains(&computer.env.service),
            "{}",
            computer.env.keychain_listing()
        );
    }
}

/// Scenario 2.
#[test]
fn tokens_used_on_both_while_paused_all_show_used_and_none_was_handed_out_twice() {
    let pc = Computers::joined("st-tokens");
    pc.pair.pause();
    let mut used: Vec<String> = (0..3).map(|_| used_token(&pc.a)).collect();
    used.extend((0..2).map(|_| used_token(&pc.b)));
    pc.pair.resume();
    pc.sync();
    let distinct: BTreeSet<&String> = used.iter().collect();
    assert_eq!(distinct.len(), 5, "no token was handed out twice: {used:?}");
    for computer in pc.both() {
        let out = computer.run(&["list"]);
        assert!(out.ok().contains("1/6"), "{}", out.stdout);
        assert!(!out.stderr.contains("used twice"), "{}", out.stderr);
    }
}

/// Scenario 3.
#[test]
fn the_last_tokens_used_on_both_while_paused_are_reported_once_on_each_computer() {
    let pc = Computers::joined("st-double");
    for _ in 0..4 {
        used_token(&pc.a);
    }
    pc.sync();
    pc.pair.pause();
    let last_two_on_a: BTreeSet<String> = (0..2).map(|_| used_token(&pc.a)).collect();
    let last_two_on_b: BTreeSet<String> = (0..2).map(|_| used_token(&pc.b)).collect();
    assert_eq!(last_two_on_a, last_two_on_b, "both had the same two left");
    pc.pair.resume();
    pc.sync();
    for computer in pc.both() {
        let first = computer.run(&["list"]);
        assert!(first.ok().contains("0/6"), "{}", first.stdout);
        // One warning per token used on both: each said once.
        assert_eq!(
            first.stderr.matches("may have been used twice").count(),
            2,
            "{}",
            first.stderr
        );
        assert!(first.stderr.contains("Clinic PC") && first.stderr.contains("Laptop"));
        assert!(first.stderr.contains("use another"), "{}", first.stderr);
        let again = computer.run(&["list"]);
        assert!(
            !again.stderr.contains("used twice"),
            "said once: {}",
            again.stderr
        );
    }
    // Nor again once the other computer's "reported" note arrived.
    pc.sync();
    for computer in pc.both() {
        let out = computer.run(&["list"]);
        assert!(
            !out.stderr.contains("used twice"),
            "said once: {}",
            out.stderr
        );
    }
}

/// Scenario 4.
#[test]
fn an_account_removed_on_one_while_pinned_on_the_other_stays_removed_on_both() {
    let pc = Computers::joined("st-remove");
    pc.pair.pause();
    pc.a.run(&["remove", "Site", "--yes"]).ok();
    pc.b.run(&["pin", "Site"]).ok();
    pc.pair.resume();
    pc.sync();
    for computer in pc.both() {
        let list = computer.list();
        assert!(!list.contains("Site"), "resurrected: {list}");
    }
    // Another change on each, synced again: still gone.
    pc.a.env.run_with_stdin(&["add", "-"], OTHER_LINK).ok();
    pc.sync();
    pc.b.run(&["pin", "Other"]).ok();
    pc.sync();
    for computer in pc.both() {
        let list = computer.list();
        assert!(!list.contains("Site"), "resurrected: {list}");
        assert!(list.contains("Other"), "{list}");
    }
}

/// Scenario 5.
#[test]
fn a_clock_an_hour_ahead_does_not_make_a_later_edit_on_the_other_lose() {
    let mut pc = Computers::joined("st-clock");
    pc.a.env.extra.extend(skewed_clock_envs(3600));
    // The skew is real: A's codes are those of an hour from now.
    let before = unix_now();
    let code = pc.a.run(&["code", "Site"]).ok().trim().to_owned();
    let after = unix_now();
    let ahead = [before, after].map(|now| oathtool_default_totp(SITE_SECRET, now + 3600));
    let real = [before, after].map(|now| oathtool_default_totp(SITE_SECRET, now));
    assert!(
        ahead.contains(&code),
        "A's clock is not ahead: {code} vs {ahead:?}"
    );
    assert!(
        !real.contains(&code),
        "A's clock is not ahead: {code} vs {real:?}"
    );

    pc.a.run(&["pin", "Site"]).ok();
    pc.sync();
    assert!(pc.b.list().contains("pinned"), "A's pin arrived");
    // B, later by the real clock, but an hour "before" A's stamp.
    pc.b.run(&["unpin", "Site"]).ok();
    pc.sync();
    for computer in pc.both() {
        let list = computer.list();
        assert!(!list.contains("pinned"), "the skewed edit won: {list}");
    }
}

/// Scenario 6: the device file of A written on both sides while paused.
/// It happens when A's data folder was copied to the other computer (a
/// copy-paste of a whole profile): both then write A's file. Here the copy
/// runs on B's side with B's keyring, opened with the password.
#[test]
fn a_syncthing_conflict_copy_of_a_device_file_is_merged_and_removed() {
    let pc = Computers::joined("st-conflict");
    let a_file = pc.a.own_file();
    let clone_dir = tempfile::tempdir().expect("temp dir");
    copy_dir(pc.a.env.dir.path(), clone_dir.path());
    let link_path = clone_dir.path().join("synced-folder.json");
    let mut link: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&link_path).unwrap()).unwrap();
    link["folder"] = serde_json::Value::String(pc.b.folder.display().to_string());
    std::fs::write(&link_path, serde_json::to_vec(&link).unwrap()).unwrap();
    let mut clone = Env::with_keychain_in(BIN, "st-conflict-clone", clone_dir.path());
    clone.extra.extend(pc.b.keyring.envs());

    pc.pair.pause();
    pc.a.run(&["pin", "Site"]).ok();
    clone
        .run_with_stdin(
            &["--password-stdin", "add", "-"],
            &format!("{PASSWORD}\n{OTHER_LINK}"),
        )
        .ok();
    pc.pair.resume();
    pc.sync();
    let copies = conflict_copies(&pc.a.folder);
    assert_eq!(
        copies.len(),
        1,
        "Syncthing made one conflict copy: {copies:?}"
    );
    let a_name = a_file.file_stem().unwrap().to_string_lossy().into_owned();
    assert!(
        copies[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&a_name),
        "{copies:?}"
    );

    // Whichever version Syncthing kept under the name, both edits are in.
    for computer in pc.both() {
        let list = computer.list();
        assert!(list.contains("pinned") && list.contains("Other"), "{list}");
    }
    pc.sync();
    for computer in pc.both() {
        assert_eq!(conflict_copies(&computer.folder), Vec::<PathBuf>::new());
        let list = computer.list();
        assert!(list.contains("pinned") && list.contains("Other"), "{list}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("list the data folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Scenario 7: the password changed on A. B says so and keeps working on
/// what it has (A still reads B's file under the old key); B is given the
/// new password once, and then works as before, asking no more.
#[test]
fn a_password_changed_on_one_computer_is_asked_once_on_the_other_which_then_works() {
    let pc = Computers::joined("st-password");
    let new = "een heel ander wachtwoord voor de kliniek";
    pc.a.env
        .run_with_stdin(
            &["password", "set", "--new-password-stdin"],
            &format!("{new}\n"),
        )
        .ok();
    pc.a.env.run_with_stdin(&["add", "-"], OTHER_LINK).ok();
    pc.sync();

    let out = pc.b.run(&["list"]);
    assert!(out.ok().contains("Site"), "{}", out.stdout);
    assert!(!out.stdout.contains("Other"), "{}", out.stdout);
    assert_eq!(
        out.stderr.matches("was changed on Clinic PC").count(),
        1,
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("safekeep sync catch-up"),
        "{}",
        out.stderr
    );
    let used_before = used_token(&pc.b);
    pc.sync();
    assert!(pc.a.list().contains("5/6"), "A reads B's file");

    // Once, with the new password.
    let out = pc.b.env.run_with_stdin(
        &["--password-stdin", "sync", "catch-up"],
        &format!("{new}\n"),
    );
    out.ok();
    let out = pc.b.run(&["list"]);
    assert!(out.ok().contains("Other"), "{}", out.stdout);
    assert_eq!(out.stderr, "", "asked once");

    // B works, and A sees what B does.
    pc.b.env.run_with_stdin(&["add", "-"], THIRD_LINK).ok();
    let used_after = used_token(&pc.b);
    assert_ne!(used_after, used_before);
    let b_file = pc.b.own_file();
    let before_sync = generation(&std::fs::read(&b_file).unwrap());
    pc.sync();
    let list = pc.a.list();
    assert!(list.contains("Third") && list.contains("4/6"), "{list}");
    for computer in pc.both() {
        let out = computer.run(&["list"]);
        assert!(out.ok().contains("Third"), "{}", out.stdout);
        assert_eq!(out.stderr, "", "nothing more to say");
    }
    // The old password opens neither computer's file any more; the new
    // one opens both.
    for computer in pc.both() {
        computer
            .env
            .run_with_stdin(&["--password-stdin", "list"], &format!("{PASSWORD}\n"))
            .fails_with(1);
        computer
            .env
            .run_with_stdin(&["--password-stdin", "list"], &format!("{new}\n"))
            .ok();
    }
    assert_eq!(
        generation(&std::fs::read(&b_file).unwrap()),
        before_sync,
        "a refused password wrote nothing"
    );
}

/// Scenario 8: Syncthing killed while it copies A's file to B.
#[test]
fn a_file_half_copied_when_syncthing_is_killed_is_never_taken_for_a_vault() {
    let mut pc = Computers::joined("st-killed");
    let a_file_on_b = pc.b.folder.join(
        pc.a.own_file()
            .strip_prefix(&pc.a.folder)
            .expect("in A's folder"),
    );
    let old = std::fs::read(&a_file_on_b).unwrap();
    // About 3 MiB of tokens at 64 KiB/s: the kill surely lands midway.
    pc.pair.limit_receive_rate(Side::B, 64);
    let many: String = (0..20_000)
        .map(|i| format!("{}\n", 10_000_000 + i))
        .collect();
    pc.a.env
        .run_with_stdin(&["tokens", "add", "Site"], &many)
        .ok();
    pc.pair.rescan(Side::A);
    let temporary = pc.pair.wait_until_receiving(Side::B, SYNC_TIMEOUT);
    pc.pair.kill(Side::B);
    assert!(temporary.exists(), "the transfer was cut short");
    assert_eq!(
        std::fs::read(&a_file_on_b).unwrap(),
        old,
        "A's old file stays"
    );

    // B works on what it has, and takes nothing of the half-copied file.
    let out = pc.b.run(&["list"]);
    assert!(out.ok().contains("6/6"), "{}", out.stdout);
    assert_eq!(out.stderr, "", "the temporary file is no device file");
    assert_eq!(syncthing_temporaries(&pc.b.folder), [temporary]);

    pc.pair.restart(Side::B);
    pc.pair.limit_receive_rate(Side::B, 0);
    pc.sync();
    let out = pc.b.run(&["list"]);
    assert!(out.ok().contains("20006/20006"), "{}", out.stdout);
    assert_eq!(out.stderr, "");
}

/// Removing a computer (issue 15's "remove one"): Syncthing brings the
/// deletion of its file to it, and it says it was removed instead of
/// syncing; the computer that removed it goes on alone.
#[test]
fn a_computer_removed_on_the_other_says_so_once_syncthing_brought_the_deletion() {
    let pc = Computers::joined("st-remove-computer");
    let b_file = pc.b.own_file();
    let b_file_on_a = pc.a.folder.join(b_file.strip_prefix(&pc.b.folder).unwrap());
    assert!(b_file_on_a.exists());
    let out = pc.a.env.run_with_stdin(
        &["--password-stdin", "sync", "remove", "Laptop"],
        &format!("{PASSWORD}\n"),
    );
    out.ok();
    assert!(out.stderr.contains("Removed Laptop"), "{}", out.stderr);
    assert!(!b_file_on_a.exists());
    pc.a.env.run_with_stdin(&["add", "-"], OTHER_LINK).ok();
    pc.sync();

    assert!(!b_file.exists(), "the deletion reached the laptop");
    let message = pc.b.run(&["list"]).fails_with(1).to_owned();
    assert!(message.contains("was removed from the vault"), "{message}");
    let status = pc.a.run(&["sync", "status"]).ok().to_owned();
    assert!(!status.contains("Laptop"), "{status}");
    assert!(status.contains("No other computer"), "{status}");
    let out = pc.a.run(&["list"]);
    assert!(out.ok().contains("Other"), "{}", out.stdout);
    assert_eq!(out.stderr, "");
}
