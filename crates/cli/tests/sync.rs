//! Two computers, one vault, through the CLI: two data folders and two
//! keychain services (two "computers") sharing one folder, which stands in
//! for what a sync engine makes of two folders once it has copied the
//! files. "Offline" is a device file held back from the folder.
//!
//! Needs the real Secret Service: run through scripts/test.sh (or its
//! dbus-run-session wrapper).

use std::path::PathBuf;

use safekeep_testkit::cli::{Env, own_device_file};
use safekeep_testkit::clock::skewed_clock_envs;
use safekeep_testkit::oathtool::oathtool_default_totp;
use safekeep_testkit::syncthing::conflict_copy_of;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

/// Strong enough for the password rule.
const PASSWORD: &str = "paarse giraf fietst naar Zwolle";
const LINK: &str = "otpauth://totp/Site:me?secret=JBSWY3DPEHPK3PXP&issuer=Site";
const TOKENS: &str = "aaaa-1111\nbbbb-2222\ncccc-3333\ndddd-4444\neeee-5555\nffff-6666\n";

struct Computers {
    a: Env,
    b: Env,
    folder: tempfile::TempDir,
}

impl Computers {
    /// A with a vault (keychain and password) and one account with six
    /// tokens, moved into the folder; B joined by password.
    fn joined(test: &str) -> Computers {
        let a = Env::with_keychain(BIN, &format!("{test}-a"));
        let b = Env::with_keychain(BIN, &format!("{test}-b"));
        let folder = tempfile::tempdir().unwrap();
        a.run_with_stdin(&["--password-stdin", "init"], &format!("{PASSWORD}\n"))
            .ok();
        a.run(&["add", LINK]).ok();
        a.run_with_stdin(&["tokens", "add", "Site"], TOKENS).ok();
        let dir = folder.path().display().to_string();
        let out = a.run(&["sync", "enable", &dir, "--name", "Clinic PC"]);
        out.ok();
        assert!(out.stderr.contains("init --join"), "{}", out.stderr);
        let out = b.run_with_stdin(
            &[
                "--password-stdin",
                "init",
                "--join",
                &dir,
                "--name",
                "Laptop",
            ],
            &format!("{PASSWORD}\n"),
        );
        out.ok();
        assert!(out.stderr.contains("joined"), "{}", out.stderr);
        Computers { a, b, folder }
    }

    /// The device file of a computer, by the id its status gives.
    fn file_of(&self, env: &Env) -> PathBuf {
        own_device_file(env.run(&["sync", "status"]).ok(), self.folder.path())
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

fn unused_count(env: &Env) -> String {
    env.run(&["list"]).ok().to_owned()
}

#[test]
fn a_computer_joins_by_password_and_sees_the_same_codes_and_new_accounts() {
    let pc = Computers::joined("sync-join");
    let at = ["code", "Site", "--at", "1234567890"];
    assert_eq!(pc.b.run(&at).ok(), pc.a.run(&at).ok());
    pc.a.run(&[
        "add",
        "otpauth://totp/Other:me?secret=GEZDGNBVGY3TQOJQ&issuer=Other",
    ])
    .ok();
    let other = ["code", "Other", "--at", "1234567890"];
    assert_eq!(pc.b.run(&other).ok(), pc.a.run(&other).ok());
    let status = pc.b.run(&["sync", "status"]).ok().to_owned();
    assert!(status.contains("This computer: Laptop"), "{status}");
    assert!(
        status.contains("Clinic PC") && status.contains("last seen"),
        "{status}"
    );
    // The vault left A's data folder: it is the device file now.
    assert!(!pc.a.vault_file().exists());
}

#[test]
fn sync_enable_without_a_password_says_why_it_is_needed() {
    let a = Env::with_keychain(BIN, "sync-no-password");
    let folder = tempfile::tempdir().unwrap();
    a.run(&["init"]).ok();
    let dir = folder.path().display().to_string();
    let message = a.run(&["sync", "enable", &dir]).fails_with(1).to_owned();
    assert!(message.contains("needs a password"), "{message}");
    assert!(message.contains("safekeep password set"), "{message}");
    assert!(a.vault_file().exists(), "nothing moved");
}

#[test]
fn tokens_used_on_both_offline_computers_all_show_used_once_both_files_are_there() {
    let pc = Computers::joined("sync-tokens");
    let (a_file, b_file) = (pc.file_of(&pc.a), pc.file_of(&pc.b));
    // B offline: A does not see B's file, B does not see A's.
    let held_b = std::fs::read(&b_file).unwrap();
    std::fs::remove_file(&b_file).unwrap();
    let mut used = std::collections::BTreeSet::new();
    for _ in 0..3 {
        used.insert(pc.a.run(&["tokens", "use", "Site"]).ok().trim().to_owned());
    }
    let held_a = std::fs::read(&a_file).unwrap();
    std::fs::remove_file(&a_file).unwrap();
    std::fs::write(&b_file, held_b).unwrap();
    for _ in 0..2 {
        used.insert(pc.b.run(&["tokens", "use", "Site"]).ok().trim().to_owned());
    }
    std::fs::write(&a_file, held_a).unwrap();
    assert_eq!(used.len(), 5, "no token was handed out twice: {used:?}");
    for env in [&pc.a, &pc.b] {
        let list = unused_count(env);
        assert!(list.contains("1/6"), "{list}");
        let out = env.run(&["list"]);
        assert!(!out.stderr.contains("used twice"), "{}", out.stderr);
    }
}

#[test]
fn the_last_tokens_used_on_both_are_reported_once_on_each_computer() {
    let pc = Computers::joined("sync-double");
    let (a_file, b_file) = (pc.file_of(&pc.a), pc.file_of(&pc.b));
    let held_b = std::fs::read(&b_file).unwrap();
    std::fs::remove_file(&b_file).unwrap();
    for _ in 0..4 {
        pc.a.run(&["tokens", "use", "Site"]).ok();
    }
    let held_a = std::fs::read(&a_file).unwrap();
    std::fs::remove_file(&a_file).unwrap();
    std::fs::write(&b_file, held_b).unwrap();
    for _ in 0..2 {
        pc.b.run(&["tokens", "use", "Site"]).ok();
    }
    std::fs::write(&a_file, held_a).unwrap();
    for env in [&pc.a, &pc.b] {
        let first = env.run(&["list"]);
        first.ok();
        assert_eq!(
            first.stderr.matches("may have been used twice").count(),
            1,
            "{}",
            first.stderr
        );
        assert!(first.stderr.contains("use another"), "{}", first.stderr);
        let again = env.run(&["list"]);
        assert!(
            !again.stderr.contains("used twice"),
            "said once: {}",
            again.stderr
        );
    }
}

#[test]
fn a_removal_on_one_computer_stays_removed_though_the_other_edited_it_meanwhile() {
    let pc = Computers::joined("sync-remove");
    let a_file = pc.file_of(&pc.a);
    let before_removal = std::fs::read(&a_file).unwrap();
    pc.a.run(&["remove", "Site", "--yes"]).ok();
    let removed = std::fs::read(&a_file).unwrap();
    // B, without A's removal, pins the account.
    std::fs::write(&a_file, before_removal).unwrap();
    pc.b.run(&["pin", "Site"]).ok();
    std::fs::write(&a_file, removed).unwrap();
    for env in [&pc.a, &pc.b] {
        let list = env.run(&["list"]).ok().to_owned();
        assert!(!list.contains("Site"), "resurrected: {list}");
    }
}

#[test]
fn a_clock_an_hour_ahead_does_not_make_a_later_edit_lose() {
    let mut pc = Computers::joined("sync-clock");
    // A's clock an hour ahead, by libfaketime; it took if A's codes are
    // those of an hour from now.
    pc.a.extra.extend(skewed_clock_envs(3600));
    let before = unix_now();
    let code = pc.a.run(&["code", "Site"]).ok().trim().to_owned();
    let after = unix_now();
    let ahead = [before, after].map(|now| oathtool_default_totp("JBSWY3DPEHPK3PXP", now + 3600));
    let real = [before, after].map(|now| oathtool_default_totp("JBSWY3DPEHPK3PXP", now));
    assert!(
        ahead.contains(&code) && !real.contains(&code),
        "A's clock is not ahead: {code}"
    );
    pc.a.run(&["pin", "Site"]).ok();
    // B, an instant later by the real clock, after reading A's file.
    pc.b.run(&["unpin", "Site"]).ok();
    for env in [&pc.a, &pc.b] {
        let list = env.run(&["list"]).ok().to_owned();
        assert!(!list.contains("pinned"), "the skewed edit won: {list}");
    }
}

#[test]
fn a_conflict_copy_is_merged_and_removed() {
    let pc = Computers::joined("sync-conflict");
    let b_file = pc.file_of(&pc.b);
    let older = std::fs::read(&b_file).unwrap();
    pc.b.run(&["pin", "Site"]).ok();
    // The sync engine kept B's newer file as a conflict copy and put the
    // older one in its place.
    let copy = conflict_copy_of(&b_file);
    std::fs::rename(&b_file, &copy).unwrap();
    std::fs::write(&b_file, older).unwrap();
    let list = pc.a.run(&["list"]).ok().to_owned();
    assert!(list.contains("pinned"), "the copy was merged: {list}");
    // A saved its own file with what the copy held, then removed the copy.
    assert!(!copy.exists(), "the merged copy was tidied away");
    // A's own file holds what the copy held. (B itself would now refuse
    // its own file as rolled back: the older bytes put back above are
    // exactly what that check is for.)
    let list = pc.a.run(&["list"]).ok().to_owned();
    assert!(list.contains("pinned"), "{list}");
}

#[test]
fn a_truncated_device_file_is_reported_and_skipped() {
    let pc = Computers::joined("sync-truncated");
    let b_file = pc.file_of(&pc.b);
    let whole = std::fs::read(&b_file).unwrap();
    std::fs::write(&b_file, &whole[..whole.len() / 2]).unwrap();
    let out = pc.a.run(&["list"]);
    assert!(out.ok().contains("Site"), "the vault still opens");
    assert!(out.stderr.contains("is incomplete"), "{}", out.stderr);
    assert!(
        out.stderr.contains(&b_file.display().to_string()),
        "{}",
        out.stderr
    );
    std::fs::write(&b_file, whole).unwrap();
    let out = pc.a.run(&["list"]);
    out.ok();
    assert!(!out.stderr.contains("incomplete"), "{}", out.stderr);
}

#[test]
fn a_password_changed_on_one_computer_is_said_on_the_other_until_it_catches_up_once() {
    let pc = Computers::joined("sync-password");
    let new = "een heel ander wachtwoord voor de kliniek";
    pc.a.run_with_stdin(
        &["password", "set", "--new-password-stdin"],
        &format!("{new}\n"),
    )
    .ok();
    pc.a.run(&[
        "add",
        "otpauth://totp/Other:me?secret=GEZDGNBVGY3TQOJQ&issuer=Other",
    ])
    .ok();

    // B works on what it has, and says once per command what happened.
    let out = pc.b.run(&["list"]);
    assert!(out.ok().contains("Site") && !out.stdout.contains("Other"));
    assert_eq!(
        out.stderr.matches("was changed on Clinic PC").count(),
        1,
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("run: safekeep sync catch-up"),
        "{}",
        out.stderr
    );
    let status = pc.b.run(&["sync", "status"]).ok().to_owned();
    assert!(status.contains("has not caught up yet"), "{status}");
    pc.b.run(&["tokens", "use", "Site"]).ok();
    assert!(unused_count(&pc.a).contains("5/6"), "A reads B's file");

    // A wrong password, or the old one, changes nothing.
    let catch_up = ["--password-stdin", "sync", "catch-up"];
    let wrong = pc.b.run_with_stdin(&catch_up, "not the password\n");
    assert!(
        wrong.fails_with(1).contains("password is wrong"),
        "{}",
        wrong.stderr
    );
    let old = pc.b.run_with_stdin(&catch_up, &format!("{PASSWORD}\n"));
    assert!(old.fails_with(1).contains("new key"), "{}", old.stderr);
    assert!(pc.b.run(&["list"]).stderr.contains("was changed on"));

    let out = pc.b.run_with_stdin(&catch_up, &format!("{new}\n"));
    out.ok();
    assert!(out.stderr.contains("newest password"), "{}", out.stderr);
    let out = pc.b.run(&["list"]);
    assert!(out.ok().contains("Other"), "{}", out.stdout);
    assert_eq!(out.stderr, "", "asked once");
    let at = ["code", "Other", "--at", "1234567890"];
    assert_eq!(pc.b.run(&at).ok(), pc.a.run(&at).ok());
    pc.b.run(&["tokens", "use", "Site"]).ok();
    assert!(unused_count(&pc.a).contains("4/6"));
    let status = pc.b.run(&["sync", "status"]).ok().to_owned();
    assert!(!status.contains("caught up"), "{status}");
    // B's own file takes the new password now, not the old one.
    pc.b.run_with_stdin(&["--password-stdin", "list"], &format!("{new}\n"))
        .ok();
    pc.b.run_with_stdin(&["--password-stdin", "list"], &format!("{PASSWORD}\n"))
        .fails_with(1);
}

#[test]
fn the_password_of_a_synced_vault_cannot_be_removed() {
    let pc = Computers::joined("sync-password-remove");
    let message = pc.a.run(&["password", "remove"]).fails_with(1).to_owned();
    assert!(message.contains("cannot be removed"), "{message}");
    pc.b.run_with_stdin(&["--password-stdin", "list"], &format!("{PASSWORD}\n"))
        .ok();
}

#[test]
fn a_removed_computer_is_gone_learns_it_was_removed_and_the_others_catch_up() {
    let pc = Computers::joined("sync-remove-computer");
    let c = Env::with_keychain(BIN, "sync-remove-computer-c");
    let dir = pc.folder.path().display().to_string();
    c.run_with_stdin(
        &[
            "--password-stdin",
            "init",
            "--join",
            &dir,
            "--name",
            "Home desktop",
        ],
        &format!("{PASSWORD}\n"),
    )
    .ok();
    let b_file = pc.file_of(&pc.b);
    let password = format!("{PASSWORD}\n");

    // The password is needed, and this computer cannot remove itself.
    let message =
        pc.a.run(&["sync", "remove", "Laptop"])
            .fails_with(1)
            .to_owned();
    assert!(message.contains("--password-stdin"), "{message}");
    let message =
        pc.a.run_with_stdin(
            &["--password-stdin", "sync", "remove", "Clinic PC"],
            &password,
        )
        .fails_with(1)
        .to_owned();
    assert!(message.contains("That is this computer"), "{message}");
    assert!(b_file.exists(), "nothing was changed");

    let out =
        pc.a.run_with_stdin(&["--password-stdin", "sync", "remove", "laptop"], &password);
    out.ok();
    assert!(out.stderr.contains("Removed Laptop"), "{}", out.stderr);
    assert!(!b_file.exists(), "its file is deleted");
    let status = pc.a.run(&["sync", "status"]).ok().to_owned();
    assert!(!status.contains("Laptop"), "{status}");
    assert!(status.contains("Home desktop"), "{status}");
    pc.a.run(&[
        "add",
        "otpauth://totp/Other:me?secret=GEZDGNBVGY3TQOJQ&issuer=Other",
    ])
    .ok();

    let message = pc.b.run(&["list"]).fails_with(1).to_owned();
    assert!(message.contains("was removed from the vault"), "{message}");

    let out = c.run(&["list"]);
    assert!(!out.ok().contains("Other"), "{}", out.stdout);
    assert!(
        out.stderr.contains("changed on Clinic PC"),
        "{}",
        out.stderr
    );
    c.run_with_stdin(&["--password-stdin", "sync", "catch-up"], &password)
        .ok();
    let out = c.run(&["list"]);
    assert!(out.ok().contains("Other"), "{}", out.stdout);
    assert_eq!(out.stderr, "");
}
