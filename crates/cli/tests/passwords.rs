//! New passwords through the CLI: `safekeep password set/remove/ask-at-unlock`,
//! and the strength rule every new password meets (`init`, `password set`,
//! `backup`): one that is too easy to guess is refused with the reason and a
//! mention of `--weak-password-ok`, which lets it through.
//!
//! Needs the real Secret Service for the keychain cases: run through
//! scripts/test.sh (or its dbus-run-session wrapper).

use safekeep_testkit::cli::{Env, header_json};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

/// Strong enough for the rule (zxcvbn score 3 or more).
const STRONG: &str = "paarse giraf fietst naar Zwolle";

fn assert_refused_as_weak(message: &str) {
    assert!(
        message.contains("too easy to guess"),
        "the refusal must give the reason: {message}"
    );
    assert!(
        message.contains("--weak-password-ok"),
        "the refusal must name --weak-password-ok: {message}"
    );
}

#[test]
fn password_set_refuses_a_weak_password_and_the_vault_honours_ask_at_unlock() {
    let env = Env::with_keychain(BIN, "passwords-set");
    env.run(&["init"]).ok();
    env.run(&["add", "--issuer", "Forum", "--label", "me"]).ok();
    let before = env.vault_bytes();

    let out = env.run_with_stdin(&["password", "set", "--new-password-stdin"], "a\n");
    assert_refused_as_weak(out.fails_with(1));
    assert_eq!(
        env.vault_bytes(),
        before,
        "a refused password wrote nothing"
    );

    let out = env.run_with_stdin(
        &[
            "password",
            "set",
            "--new-password-stdin",
            "--weak-password-ok",
        ],
        "a\n",
    );
    out.ok();
    assert!(out.stderr.contains("Added a password"), "{}", out.stderr);
    assert!(header_json(&env.vault_bytes()).contains("\"kind\":\"password\""));

    let out = env.run_with_stdin(
        &["password", "set", "--new-password-stdin"],
        &format!("{STRONG}\n"),
    );
    out.ok();
    assert!(
        out.stderr.contains("Changed the vault password"),
        "{}",
        out.stderr
    );

    // Ask for the password at unlock: the keychain no longer opens it, in
    // the CLI either.
    env.run(&["password", "ask-at-unlock", "on"]).ok();
    assert!(header_json(&env.vault_bytes()).contains("\"password_at_unlock\":true"));
    let message = env.run(&["list"]).fails_with(1).to_owned();
    assert!(
        message.contains("ask for your password after a lock and at start"),
        "{message}"
    );
    assert!(message.contains("--password-stdin"), "{message}");
    let out = env.run_with_stdin(&["--password-stdin", "list"], &format!("{STRONG}\n"));
    assert!(out.ok().starts_with("Forum"), "{}", out.stdout);

    // Removing the password: the keychain opens it again, with one click.
    env.run_with_stdin(
        &["--password-stdin", "password", "remove"],
        &format!("{STRONG}\n"),
    )
    .ok();
    let header = header_json(&env.vault_bytes());
    assert!(!header.contains("\"kind\":\"password\""), "{header}");
    assert!(!header.contains("password_at_unlock"), "{header}");
    assert!(env.run(&["list"]).ok().starts_with("Forum"));
}

#[test]
fn init_refuses_a_weak_password_and_the_only_password_cannot_be_removed() {
    let env = Env::without_keychain(BIN, "passwords-init");
    let out = env.run_with_stdin(&["init", "--password-stdin"], "a\n");
    assert!(
        out.code() == 1,
        "init with a weak password must fail: {out:?}"
    );
    assert_refused_as_weak(out.stderr.lines().last().unwrap_or_default());
    assert!(!env.vault_file().exists(), "nothing was created");

    env.run_with_stdin(&["init", "--password-stdin", "--weak-password-ok"], "a\n")
        .ok();
    assert!(env.vault_file().exists());

    // No keychain slot: the password is the only way in.
    let before = env.vault_bytes();
    let message = env
        .run_with_stdin(&["--password-stdin", "password", "remove"], "a\n")
        .fails_with(1)
        .to_owned();
    assert!(message.contains("only way to unlock"), "{message}");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn backup_refuses_a_weak_password_unless_told_otherwise() {
    let env = Env::with_keychain(BIN, "passwords-backup");
    env.run(&["init"]).ok();
    let file = env.dir.path().join("weak.skbackup");
    let file = file.to_str().unwrap();

    let out = env.run_with_stdin(&["backup", file, "--backup-password-stdin"], "a\n");
    assert_refused_as_weak(out.fails_with(1));
    assert!(
        !std::path::Path::new(file).exists(),
        "no backup was written"
    );

    env.run_with_stdin(
        &[
            "backup",
            file,
            "--backup-password-stdin",
            "--weak-password-ok",
        ],
        "a\n",
    )
    .ok();
    assert!(std::path::Path::new(file).exists());
}
