//! Faults around the vault, through the real `safekeep` binary: a full disk,
//! a read-only disk, the data folder removed while a command has the vault
//! open, the keychain's key changed behind Safekeep's back, the keychain
//! daemon gone in the middle of a session, and writers and a reader at once.
//! Each must end in one line that says what happened and what to do, with no
//! partial write and nothing lost. (A key deleted from the keychain between
//! commands is in real_keychain.rs; two `tokens use` at once in
//! concurrent_redeem.rs.)
//!
//! The disks are real: small tmpfs mounts, full or remounted read-only
//! (permissions alone would not do, root ignores them). Mounting needs root,
//! as CI has; elsewhere these tests fail saying so, they never skip. The
//! daemon test runs its own session bus and gnome-keyring, so it can kill
//! them; the others use the Secret Service of scripts/test.sh.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

use safekeep_testkit::cli::{Env, service_name, vault_id};
use safekeep_testkit::dbus::PrivateKeyring;
use safekeep_testkit::leaks::files_under;
use safekeep_testkit::oathtool::oathtool_default_totp;
use safekeep_testkit::process::{Output, WaitingChild, run_command};
use safekeep_testkit::secrets::{numbered, random_bytes, random_tokens};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");
use safekeep_core::keychain::{Keychain, SystemKeychain};

/// A tmpfs of its own, unmounted when dropped.
struct Disk {
    mount: tempfile::TempDir,
}

impl Disk {
    /// Mounts a tmpfs of `size` (as `mount -o size=` takes it).
    fn mount(size: &str) -> Disk {
        let mount = tempfile::tempdir().expect("temp dir");
        let out = run_command(
            "mount",
            &[
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "safekeep-fault-test",
                &mount.path().display().to_string(),
            ],
            &[],
            "",
        );
        assert_eq!(
            out.code(),
            0,
            "the fault tests mount a small tmpfs to play a full or read-only disk, which needs \
             root (CI runs them as root): {}",
            out.stderr
        );
        Disk { mount }
    }

    fn path(&self) -> &Path {
        self.mount.path()
    }

    /// Remounts it read-only, or writable again.
    fn set_read_only(&self, read_only: bool) {
        let options = if read_only {
            "remount,ro"
        } else {
            "remount,rw"
        };
        run_command(
            "mount",
            &["-o", options, &self.path().display().to_string()],
            &[],
            "",
        )
        .ok();
    }

    /// Writes a file until the disk is full; returns it.
    fn fill(&self) -> PathBuf {
        let filler = self.path().join("filler");
        let mut file = std::fs::File::create(&filler).expect("create the filler");
        let chunk = vec![0u8; 4096];
        loop {
            match file.write_all(&chunk).and_then(|()| file.sync_all()) {
                Ok(()) => {}
                Err(error) if error.raw_os_error() == Some(28) => break,
                Err(error) => panic!("filling the disk failed otherwise: {error}"),
            }
        }
        // Partial pages at the end: one more byte must not fit either.
        assert!(
            std::fs::write(self.path().join("probe"), b"x").is_err(),
            "the disk is not full"
        );
        filler
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .args(["-l", &self.path().display().to_string()])
            .status();
    }
}

/// Every file under `dir` (named relative to it) and its bytes: a partial
/// write, a stray temporary file or a new backup all show as a difference.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(&file).expect("read a data file");
            let name = file.strip_prefix(dir).expect("under dir").to_path_buf();
            (name, bytes)
        })
        .collect()
}

/// The first word of each `list` line: the sites, in order.
fn sites(out: &Output) -> Vec<String> {
    out.ok();
    out.first_words()
}

/// A vault with Forum (a code generator and three tokens) in `data`.
fn vault_with_forum(env: &Env) -> Vec<String> {
    vault_with_forum_tokens(env, 3)
}

/// A vault with Forum (a code generator and `count` tokens); the tokens.
fn vault_with_forum_tokens(env: &Env, count: usize) -> Vec<String> {
    env.run(&["init"]).ok();
    env.run(&[
        "add",
        "--issuer",
        "Forum",
        "--label",
        "me",
        "--secret",
        "JBSWY3DPEHPK3PXP",
    ])
    .ok();
    let tokens = random_tokens(count);
    env.run_with_stdin(&["tokens", "add", "forum"], &numbered(&tokens))
        .ok();
    tokens
}

/// The tokens `tokens list --reveal` shows, in order, and its summary line.
fn revealed_tokens(env: &Env) -> (Vec<String>, String) {
    let out = env.run(&["tokens", "list", "forum", "--reveal"]);
    out.ok();
    (out.first_words(), out.stderr.trim_end().to_owned())
}

/// Every command that writes, as the user would type them.
fn writing_commands(tokens: &[String]) -> Vec<(Vec<String>, String)> {
    let owned = |args: &[&str]| args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    vec![
        (
            owned(&["add", "--issuer", "Other", "--label", "x"]),
            String::new(),
        ),
        (owned(&["tokens", "use", "forum"]), String::new()),
        (
            owned(&["tokens", "add", "forum"]),
            numbered(&random_tokens(2)),
        ),
        (
            owned(&["tokens", "mark-used", "forum"]),
            format!("{}\n", tokens[1]),
        ),
        (owned(&["remove", "--yes", "forum"]), String::new()),
    ]
}

/// Runs each of [`writing_commands`]: each must fail saying `needed` and
/// print nothing; then `check` looks at what it left.
fn refuse_every_change(env: &Env, tokens: &[String], needed: &[&str], check: impl Fn(&[&str])) {
    for (args, stdin) in writing_commands(tokens) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.run_with_stdin(&args, &stdin).fails_saying(1, needed);
        check(&args);
    }
}

#[test]
fn a_full_disk_refuses_each_change_clearly_and_loses_nothing() {
    let disk = Disk::mount("256k");
    let data = disk.path().join("safekeep");
    let env = Env::with_keychain_in(BIN, "fault-full-disk", &data);
    let tokens = vault_with_forum(&env);
    let filler = disk.fill();
    let before = snapshot(&data);

    refuse_every_change(
        &env,
        &tokens,
        &[
            "could not be saved",
            "No space left on device",
            "Nothing was lost",
            "Free some disk space",
        ],
        |args| {
            assert_eq!(
                snapshot(&data),
                before,
                "{args:?} on a full disk changed the data folder (a partial write?)"
            )
        },
    );
    // Reading needs no space.
    assert_eq!(sites(&env.run(&["list"])), ["Forum"]);
    assert_eq!(
        env.run(&["code", "forum", "--at", "59"]).ok().trim().len(),
        6
    );

    // Space again: the same commands work and nothing was lost.
    std::fs::remove_file(filler).expect("free the disk");
    let out = env.run(&["tokens", "use", "forum"]);
    assert_eq!(
        out.ok(),
        format!("{}\n", tokens[0]),
        "the first token, never handed out before"
    );
    env.run(&["add", "--issuer", "Other", "--label", "x"]).ok();
    assert_eq!(sites(&env.run(&["list"])), ["Forum", "Other"]);
    let out = env.run(&["tokens", "list", "forum"]);
    out.ok();
    assert!(out.stderr.contains("2 of 3 unused"), "{:?}", out.stderr);
}

#[test]
fn a_read_only_disk_still_shows_codes_and_refuses_changes_clearly() {
    let disk = Disk::mount("1m");
    let data = disk.path().join("safekeep");
    let env = Env::with_keychain_in(BIN, "fault-read-only", &data);
    let tokens = vault_with_forum(&env);
    let before = snapshot(&data);
    // How a disk with errors ends up: the kernel remounts it read-only.
    disk.set_read_only(true);

    // Codes are what the user needs most; reading must not need writing.
    assert_eq!(sites(&env.run(&["list"])), ["Forum"]);
    assert_eq!(
        env.run(&["code", "forum", "--at", "59"]).ok().trim(),
        oathtool_default_totp("JBSWY3DPEHPK3PXP", 59)
    );
    let out = env.run(&["tokens", "list", "forum"]);
    out.ok();
    assert!(out.stderr.contains("3 of 3 unused"), "{:?}", out.stderr);

    refuse_every_change(
        &env,
        &tokens,
        &[
            "could not be saved",
            "Read-only file system",
            "Nothing was lost",
            "The disk is read-only",
        ],
        |_| {},
    );

    disk.set_read_only(false);
    assert_eq!(snapshot(&data), before, "nothing changed while read-only");

    // A vault copied onto read-only media has no lock file, and none can
    // be made: it still opens.
    std::fs::remove_file(data.join("vault.lock")).expect("remove the lock file");
    disk.set_read_only(true);
    assert_eq!(sites(&env.run(&["list"])), ["Forum"]);
    let message = env
        .run(&["tokens", "use", "forum"])
        .fails_with(1)
        .to_owned();
    assert!(
        message.contains("Read-only file system") && message.contains("Nothing was lost"),
        "{message}"
    );
    disk.set_read_only(false);
    assert!(!data.join("vault.lock").exists());

    assert_eq!(
        env.run(&["tokens", "use", "forum"]).ok(),
        format!("{}\n", tokens[0])
    );
}

#[test]
fn the_keychain_daemon_gone_mid_session_is_reported_and_nothing_is_lost() {
    let mut keyring = PrivateKeyring::start();
    let data = tempfile::tempdir().expect("temp dir");
    let mut envs = keyring.envs();
    envs.push((
        "SAFEKEEP_DATA_DIR".to_owned(),
        data.path().display().to_string(),
    ));
    envs.push((
        "SAFEKEEP_KEYRING_SERVICE".to_owned(),
        service_name("fault-daemon-gone"),
    ));
    let run = |args: &[&str], stdin: &str| run_command(BIN, args, &envs, stdin);
    let vault = data.path().join("vault.skv");

    run(&["init"], "").ok();
    run(&["add", "--issuer", "Forum", "--label", "me"], "").ok();
    let tokens = random_tokens(3);
    run(&["tokens", "add", "forum"], &numbered(&tokens)).ok();

    // Opened through the keychain, then the keychain dies: the change in
    // hand is still saved (the key is already unwrapped).
    let child = WaitingChild::spawn(BIN, &["tokens", "add", "forum"], &envs);
    child.wait_until_reading_stdin();
    keyring.kill_daemon();
    let more = random_tokens(2);
    let out = child.finish(&numbered(&more));
    out.ok();
    assert!(out.stderr.contains("5 of 5 unused"), "{:?}", out.stderr);

    // Without it, nothing opens: said clearly, and nothing is written.
    let before = std::fs::read(&vault).expect("vault");
    for args in [&["list"][..], &["tokens", "use", "forum"]] {
        run(args, "").fails_saying(
            1,
            &[
                "No OS keychain could be reached",
                "Start your desktop's keyring",
            ],
        );
        assert_eq!(std::fs::read(&vault).expect("vault"), before);
    }

    // Back again: everything is there, including what was saved without it.
    keyring.start_daemon();
    assert_eq!(
        run(&["tokens", "use", "forum"], "").ok(),
        format!("{}\n", tokens[0])
    );
    let out = run(&["tokens", "list", "forum", "--reveal"], "");
    let expected: Vec<String> = tokens.iter().chain(&more).cloned().collect();
    assert_eq!(out.first_words(), expected);
    assert!(out.stderr.contains("4 of 5 unused"), "{:?}", out.stderr);
}

/// The data folder moved away (as a person tidying up, or a sync tool,
/// would) while `tokens add` has the vault open and waits for its input;
/// then only the vault file. Moved rather than deleted so the test can put
/// it back and show that nothing in it was touched: to Safekeep both look
/// the same, the path no longer leads to the vault.
#[test]
fn the_data_folder_removed_while_a_command_has_the_vault_open_is_not_made_anew() {
    for folder in [true, false] {
        let env = Env::with_keychain(
            BIN,
            if folder {
                "fault-folder-removed"
            } else {
                "fault-file-removed"
            },
        );
        let data = env.dir.path().to_path_buf();
        let tokens = vault_with_forum(&env);
        let before = snapshot(&data);

        let child = env.spawn_waiting(&["tokens", "add", "forum"]);
        child.wait_until_reading_stdin();
        let aside = tempfile::tempdir_in(data.parent().expect("a parent")).expect("temp dir");
        let moved = aside.path().join("safekeep");
        if folder {
            std::fs::rename(&data, &moved).expect("move the data folder away");
        } else {
            std::fs::create_dir(&moved).expect("make dir");
            std::fs::rename(env.vault_file(), moved.join("vault.skv"))
                .expect("move the vault file away");
        }
        let out = child.finish(&numbered(&random_tokens(2)));
        out.fails_saying(
            1,
            &[
                "disappeared while Safekeep had it open",
                "was not saved",
                "made no new, empty vault",
                "Put the folder back",
            ],
        );
        if folder {
            assert!(!data.exists(), "the data folder was made anew");
            assert_eq!(snapshot(&moved), before, "the moved folder was written to");
            std::fs::rename(&moved, &data).expect("put the folder back");
        } else {
            let mut left = before.clone();
            left.remove(Path::new("vault.skv"));
            assert_eq!(
                snapshot(&data),
                left,
                "a vault was made anew, or a temp file left"
            );
            std::fs::rename(moved.join("vault.skv"), env.vault_file())
                .expect("put the vault file back");
        }

        // Back in place: everything is there as it was.
        assert_eq!(snapshot(&data), before);
        let (listed, summary) = revealed_tokens(&env);
        assert_eq!(listed, tokens);
        assert_eq!(summary, "3 of 3 unused.");
    }
}

/// The key of the vault's keychain slot replaced behind Safekeep's back:
/// while a command has the vault open, then between commands, with 32
/// other bytes and with something that is not a key at all. The file is
/// fine, so the message must not send the user to the backups of the file
/// (they would not open either); with the old key back everything is there.
#[test]
fn a_keychain_key_changed_behind_our_back_is_named_and_nothing_is_lost() {
    let env = Env::with_keychain(BIN, "fault-key-changed");
    let tokens = vault_with_forum(&env);
    let keychain = SystemKeychain::with_service(env.service.clone());
    let entry = format!("vault-{}", vault_id(&env.vault_bytes()));
    let key = keychain
        .load(&entry)
        .expect("the keychain answers")
        .expect("the vault's key is there");

    // Already unwrapped: the change in hand is still saved.
    let child = env.spawn_waiting(&["tokens", "add", "forum"]);
    child.wait_until_reading_stdin();
    keychain
        .store(&entry, &random_bytes(32))
        .expect("change the key");
    let more = random_tokens(2);
    let out = child.finish(&numbered(&more));
    out.ok();
    assert!(out.stderr.contains("5 of 5 unused"), "{:?}", out.stderr);

    let before = snapshot(env.dir.path());
    for changed in [random_bytes(32), b"not a key".to_vec()] {
        keychain.store(&entry, &changed).expect("change the key");
        for args in [
            &["list"][..],
            &["tokens", "use", "forum"],
            &["add", "--issuer", "Other"],
        ] {
            env.run(args).fails_saying(
                1,
                &[
                    "key in your OS keychain does not open this vault",
                    "keychain entry was changed outside Safekeep",
                    "put its old value back",
                ],
            );
            assert_eq!(snapshot(env.dir.path()), before, "{args:?} wrote something");
        }
    }

    keychain.store(&entry, &key).expect("put the key back");
    let (listed, summary) = revealed_tokens(&env);
    let expected: Vec<String> = tokens.iter().chain(&more).cloned().collect();
    assert_eq!(listed, expected);
    assert_eq!(summary, "5 of 5 unused.");
}

/// With a password too, a changed key leads to the password, which opens
/// everything.
#[test]
fn a_keychain_key_changed_behind_our_back_leads_to_the_password() {
    let env = Env::with_keychain(BIN, "fault-key-changed-password");
    let password = "correct horse battery staple";
    env.run_with_stdin(&["init", "--password-stdin"], &format!("{password}\n"))
        .ok();
    env.run(&["add", "--issuer", "Forum", "--label", "me"]).ok();
    let keychain = SystemKeychain::with_service(env.service.clone());
    let entry = format!("vault-{}", vault_id(&env.vault_bytes()));
    keychain
        .store(&entry, &random_bytes(32))
        .expect("change the key");
    let before = env.vault_bytes();

    let out = env.run(&["list"]);
    let message = out.fails_with(1);
    assert!(
        message.contains("does not open this vault")
            && message.contains("Open it with its password instead")
            && message.contains("--password-stdin"),
        "{message}"
    );
    assert_eq!(env.vault_bytes(), before);

    let out = env.run_with_stdin(&["list", "--password-stdin"], &format!("{password}\n"));
    assert_eq!(sites(&out), ["Forum"]);
}

/// Starts `work` on a thread of its own, which first waits for the others
/// at `start`; `work` gets the world and the count of writers done.
fn racer<T: Send + 'static>(
    env: &Arc<Env>,
    start: &Arc<Barrier>,
    done: &Arc<AtomicUsize>,
    work: impl FnOnce(&Env, &AtomicUsize) -> T + Send + 'static,
) -> std::thread::JoinHandle<T> {
    let (env, start, done) = (Arc::clone(env), Arc::clone(start), Arc::clone(done));
    std::thread::spawn(move || {
        start.wait();
        work(&env, &done)
    })
}

/// One process adding accounts, one redeeming tokens and one listing, all
/// at once, each command a process of its own racing the others for the
/// lock. No change may undo another's (each is a read-modify-write), and
/// the reader must never see a half-done save or mistake a save that
/// finished during its read for an older copy put back.
#[test]
fn writers_and_a_reader_at_once_lose_nothing_and_see_no_half_save() {
    const ROUNDS: usize = 10;
    let env = Arc::new(Env::with_keychain(BIN, "fault-writers-reader"));
    let tokens = vault_with_forum_tokens(&env, ROUNDS);
    let start = Arc::new(Barrier::new(3));
    let writers_done = Arc::new(AtomicUsize::new(0));

    let adder = racer(&env, &start, &writers_done, |env, done| {
        for n in 0..ROUNDS {
            env.run(&["add", "--issuer", &format!("Site{n}"), "--label", "x"])
                .ok();
        }
        done.fetch_add(1, Ordering::SeqCst);
    });
    let redeemer = racer(&env, &start, &writers_done, |env, done| {
        let handed: Vec<String> = (0..ROUNDS)
            .map(|_| {
                env.run(&["tokens", "use", "forum"])
                    .ok()
                    .trim_end()
                    .to_owned()
            })
            .collect();
        done.fetch_add(1, Ordering::SeqCst);
        handed
    });
    let reader = racer(&env, &start, &writers_done, |env, done| {
        // (accounts, Forum's unused tokens) as each `list` saw them.
        let mut seen = Vec::new();
        loop {
            let last = done.load(Ordering::SeqCst) == 2;
            let out = env.run(&["list"]);
            let lines = out.ok().lines().map(str::to_owned).collect::<Vec<_>>();
            let forum = lines
                .iter()
                .find(|l| l.starts_with("Forum"))
                .expect("Forum listed");
            let unused: usize = forum
                .split_whitespace()
                .find_map(|field| field.split_once('/'))
                .and_then(|(unused, _)| unused.parse().ok())
                .expect("unused/total");
            seen.push((lines.len(), unused));
            if last {
                return seen;
            }
        }
    });
    adder.join().expect("adder");
    let handed = redeemer.join().expect("redeemer");
    let seen = reader.join().expect("reader");

    assert_eq!(handed, tokens, "each token once, in order");
    for pair in seen.windows(2) {
        assert!(
            pair[1].0 >= pair[0].0 && pair[1].1 <= pair[0].1,
            "a later `list` saw an older vault: {seen:?}"
        );
    }
    assert_eq!(seen.last(), Some(&(ROUNDS + 1, 0)), "{seen:?}");
    let mut listed = sites(&env.run(&["list"]));
    listed.sort();
    let mut expected: Vec<String> = (0..ROUNDS).map(|n| format!("Site{n}")).collect();
    expected.push("Forum".to_owned());
    expected.sort();
    assert_eq!(listed, expected, "an account added by one writer was lost");
    let (_, summary) = revealed_tokens(&env);
    assert_eq!(summary, format!("0 of {ROUNDS} unused."));
}
