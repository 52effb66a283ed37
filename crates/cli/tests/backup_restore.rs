//! Encrypted backups through the command line: a backup restored into a new
//! vault on a wiped computer makes the same codes and knows the same used
//! tokens; a wrong password changes nothing; a merge keeps used marks as a
//! union; a replace keeps tokens used here used; an existing file is never
//! written over without --force; and passwords on stdin come one per line,
//! the vault's first.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use std::path::{Path, PathBuf};

use safekeep_testkit::cli::Env;
use safekeep_testkit::leaks::{contains_bytes, files_under};
use safekeep_testkit::process::{Output, run_command};
use safekeep_testkit::secrets::{numbered, random_secret, random_tokens};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

const BACKUP_PASSWORD: &str = "backup pässword 7";
const TIMES: [u64; 4] = [59, 1_111_111_109, 1_234_567_890, 2_000_000_000];

fn stdin_password(password: &str) -> String {
    format!("{password}\n")
}

/// A folder outside the data directory for the backup files.
fn backup_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn init(env: &Env) {
    env.run(&["init"]).ok();
}

fn backup(env: &Env, file: &Path) {
    let out = env.run_with_stdin(
        &["backup", file.to_str().unwrap(), "--backup-password-stdin"],
        &stdin_password(BACKUP_PASSWORD),
    );
    out.ok();
    assert_eq!(out.stdout, "", "backup prints nothing on stdout");
    assert!(
        out.stderr.contains("Wrote an encrypted backup of"),
        "{:?}",
        out.stderr
    );
}

fn restore(env: &Env, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["restore", file.to_str().unwrap(), "--backup-password-stdin"];
    args.extend_from_slice(extra);
    env.run_with_stdin(&args, &stdin_password(BACKUP_PASSWORD))
}

fn codes(env: &Env, query: &str) -> Vec<String> {
    TIMES
        .iter()
        .map(|t| {
            env.run(&["code", query, "--at", &t.to_string()])
                .ok()
                .trim()
                .to_owned()
        })
        .collect()
}

/// `tokens list --reveal`: every token with "unused" or when it was used.
fn token_list(env: &Env, query: &str) -> Vec<String> {
    env.run(&["tokens", "list", query, "--reveal"]).lines()
}

fn token_state(env: &Env, query: &str, token: &str) -> String {
    let lines = token_list(env, query);
    let line = lines
        .iter()
        .find(|line| line.starts_with(&format!("{token} ")))
        .unwrap_or_else(|| panic!("{token} is not listed: {lines:?}"));
    if line.ends_with("unused") {
        "unused".to_owned()
    } else {
        assert!(line.contains(" used "), "{line}");
        "used".to_owned()
    }
}

fn add_site_with_tokens(env: &Env, issuer: &str, tokens: &[String]) -> (String, Vec<u8>) {
    let (secret, raw) = random_secret(20);
    let link = format!("otpauth://totp/{issuer}:me%40example.org?secret={secret}&issuer={issuer}");
    env.run(&["add", &link]).ok();
    env.run_with_stdin(&["tokens", "add", issuer], &numbered(tokens))
        .ok();
    (secret, raw)
}

/// Removes the data directory's files and the test's keychain entries: a
/// new computer, as far as Safekeep can tell.
fn wipe(env: &Env) {
    for entry in std::fs::read_dir(env.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
    run_command("secret-tool", &["clear", "service", &env.service], &[], "");
    assert!(
        !env.keychain_listing().contains("vault-"),
        "the keychain entries were not removed: {}",
        env.keychain_listing()
    );
}

#[test]
fn a_backup_restored_on_a_wiped_computer_makes_the_same_codes_and_knows_the_used_tokens() {
    let env = Env::with_keychain(BIN, "backup-roundtrip");
    let files = backup_dir();
    let file = files.path().join("safekeep.backup");
    init(&env);
    let tokens = random_tokens(5);
    let (secret, raw) = add_site_with_tokens(&env, "Therapieland", &tokens);
    let used = env
        .run(&["tokens", "use", "therapieland"])
        .ok()
        .trim()
        .to_owned();
    assert_eq!(used, tokens[0]);
    env.run(&["tokens", "mark-used", "therapieland", &tokens[3]])
        .ok();
    let codes_before = codes(&env, "therapieland");
    let tokens_before = token_list(&env, "therapieland");

    backup(&env, &file);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"SAFEKEEP"));
    let mut needles: Vec<&[u8]> = vec![secret.as_bytes(), &raw, BACKUP_PASSWORD.as_bytes()];
    needles.extend(tokens.iter().map(|t| t.as_bytes()));
    for needle in needles {
        assert!(
            !contains_bytes(&bytes, needle),
            "the backup holds a secret, token or password in the clear"
        );
    }

    wipe(&env);
    assert!(files_under(env.dir.path()).is_empty());
    init(&env);
    assert_eq!(env.run(&["list"]).ok(), "", "the new vault starts empty");

    let out = restore(&env, &file, &[]);
    out.ok();
    assert!(
        out.stderr.contains("Restored 1 account from") && out.stderr.contains("1 added"),
        "{:?}",
        out.stderr
    );
    assert_eq!(codes(&env, "therapieland"), codes_before);
    assert_eq!(token_list(&env, "therapieland"), tokens_before);
    assert_eq!(token_state(&env, "therapieland", &tokens[0]), "used");
    assert_eq!(token_state(&env, "therapieland", &tokens[3]), "used");
    // The next token handed out is the first one never used.
    let next = env
        .run(&["tokens", "use", "therapieland"])
        .ok()
        .trim()
        .to_owned();
    assert_eq!(next, tokens[1]);
}

#[test]
fn a_wrong_backup_password_or_another_file_fails_clearly_and_changes_nothing() {
    let env = Env::with_keychain(BIN, "backup-wrong-password");
    let files = backup_dir();
    let file = files.path().join("safekeep.backup");
    init(&env);
    let tokens = random_tokens(3);
    add_site_with_tokens(&env, "Example", &tokens);
    backup(&env, &file);
    env.run(&["tokens", "use", "example"]).ok();
    let vault_before = env.vault_bytes();

    let out = env.run_with_stdin(
        &["restore", file.to_str().unwrap(), "--backup-password-stdin"],
        "not the password\n",
    );
    let line = out.fails_with(1);
    assert!(
        line.contains("password does not open this backup"),
        "{line}"
    );
    assert_eq!(out.stdout, "");

    let not_a_backup = files.path().join("links.txt");
    std::fs::write(&not_a_backup, "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n").unwrap();
    let out = env.run_with_stdin(
        &[
            "restore",
            not_a_backup.to_str().unwrap(),
            "--backup-password-stdin",
        ],
        &stdin_password(BACKUP_PASSWORD),
    );
    let line = out.fails_with(1);
    assert!(line.contains("not a Safekeep backup"), "{line}");

    // No password line and no terminal: says how to give it.
    let out = env.run(&["restore", file.to_str().unwrap()]);
    let line = out.fails_with(1);
    assert!(line.contains("--backup-password-stdin"), "{line}");

    let missing = files.path().join("missing.backup");
    let out = restore(&env, &missing, &[]);
    let line = out.fails_with(1);
    assert!(line.contains("could not read the backup"), "{line}");

    assert_eq!(
        env.vault_bytes(),
        vault_before,
        "a failed restore changed the vault"
    );
}

#[test]
fn a_merge_keeps_used_marks_from_both_sides() {
    let env = Env::with_keychain(BIN, "backup-merge");
    let files = backup_dir();
    let file = files.path().join("safekeep.backup");
    init(&env);
    let tokens = random_tokens(5);
    add_site_with_tokens(&env, "Example", &tokens);
    // Used before the backup: the backup knows it.
    env.run(&["tokens", "mark-used", "example", &tokens[0]])
        .ok();
    backup(&env, &file);
    // Used after the backup: only the vault knows it.
    env.run(&["tokens", "mark-used", "example", &tokens[1]])
        .ok();
    // Marked unused here by mistake after the backup: the backup says used.
    env.run(&["tokens", "unuse", "example", &tokens[0]]).ok();
    assert_eq!(token_state(&env, "example", &tokens[0]), "unused");

    let out = restore(&env, &file, &[]);
    out.ok();
    assert!(
        out.stderr.contains("1 already here") && out.stderr.contains("0 added"),
        "{:?}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("1 backup token used since the backup stays used"),
        "{:?}",
        out.stderr
    );
    assert_eq!(token_state(&env, "example", &tokens[0]), "used");
    assert_eq!(token_state(&env, "example", &tokens[1]), "used");
    assert_eq!(token_state(&env, "example", &tokens[2]), "unused");
    assert_eq!(
        env.run(&["list"]).lines().len(),
        1,
        "a merge does not duplicate the account"
    );
    let next = env
        .run(&["tokens", "use", "example"])
        .ok()
        .trim()
        .to_owned();
    assert_eq!(next, tokens[2]);
}

#[test]
fn a_replace_makes_the_vault_the_backup_but_tokens_used_here_stay_used() {
    let env = Env::with_keychain(BIN, "backup-replace");
    let files = backup_dir();
    let file = files.path().join("safekeep.backup");
    init(&env);
    let tokens = random_tokens(4);
    add_site_with_tokens(&env, "Example", &tokens);
    backup(&env, &file);
    env.run(&["add", "--issuer", "Later", "--label", "me"]).ok();
    env.run(&["tokens", "mark-used", "example", &tokens[2]])
        .ok();
    let vault_before = env.vault_bytes();

    // Replacing would remove "Later": not without a confirmation.
    let out = restore(&env, &file, &["--replace"]);
    let line = out.fails_with(1);
    assert!(
        line.contains("--yes") && line.contains("1 account"),
        "{line}"
    );
    assert_eq!(env.vault_bytes(), vault_before);

    let out = restore(&env, &file, &["--replace", "--yes"]);
    out.ok();
    assert!(
        out.stderr.contains("Replaced the vault's accounts"),
        "{:?}",
        out.stderr
    );
    let list = env.run(&["list"]).lines();
    assert_eq!(list.len(), 1, "{list:?}");
    assert!(list[0].starts_with("Example"), "{list:?}");
    assert_eq!(token_state(&env, "example", &tokens[2]), "used");
    assert_eq!(token_state(&env, "example", &tokens[0]), "unused");
}

#[test]
fn a_backup_never_writes_over_an_existing_file_unless_forced() {
    let env = Env::with_keychain(BIN, "backup-overwrite");
    let files = backup_dir();
    let file: PathBuf = files.path().join("precious.txt");
    std::fs::write(&file, "precious").unwrap();
    init(&env);
    add_site_with_tokens(&env, "Example", &random_tokens(2));

    let out = env.run_with_stdin(
        &["backup", file.to_str().unwrap(), "--backup-password-stdin"],
        &stdin_password(BACKUP_PASSWORD),
    );
    let line = out.fails_with(1);
    assert!(
        line.contains("already exists") && line.contains("--force"),
        "{line}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");

    let out = env.run_with_stdin(
        &[
            "backup",
            file.to_str().unwrap(),
            "--backup-password-stdin",
            "--force",
        ],
        &stdin_password(BACKUP_PASSWORD),
    );
    out.ok();
    assert!(std::fs::read(&file).unwrap().starts_with(b"SAFEKEEP"));
    let names: Vec<_> = std::fs::read_dir(files.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "a temporary file was left: {names:?}");
}

#[test]
fn passwords_on_stdin_come_one_per_line_the_vaults_first() {
    let env = Env::without_keychain(BIN, "backup-two-passwords");
    let files = backup_dir();
    let file = files.path().join("safekeep.backup");
    let vault_password = "the vault password";
    env.run_with_stdin(
        &["init", "--password-stdin"],
        &stdin_password(vault_password),
    )
    .ok();
    let tokens = random_tokens(2);
    env.run_with_stdin(
        &[
            "add",
            "--password-stdin",
            "--issuer",
            "Example",
            "--label",
            "me",
        ],
        &stdin_password(vault_password),
    )
    .ok();
    env.run_with_stdin(
        &["tokens", "add", "example", "--password-stdin"],
        &format!("{vault_password}\n{}", numbered(&tokens)),
    )
    .ok();

    let out = env.run_with_stdin(
        &[
            "backup",
            file.to_str().unwrap(),
            "--password-stdin",
            "--backup-password-stdin",
        ],
        &format!("{vault_password}\n{BACKUP_PASSWORD}\n"),
    );
    out.ok();

    // Only the second line opens the backup.
    let out = env.run_with_stdin(
        &[
            "restore",
            file.to_str().unwrap(),
            "--password-stdin",
            "--backup-password-stdin",
        ],
        &format!("{vault_password}\n{vault_password}\n"),
    );
    let line = out.fails_with(1);
    assert!(
        line.contains("password does not open this backup"),
        "{line}"
    );

    // A missing second line is named, not taken as an empty password.
    let out = env.run_with_stdin(
        &[
            "restore",
            file.to_str().unwrap(),
            "--password-stdin",
            "--backup-password-stdin",
        ],
        &stdin_password(vault_password),
    );
    let line = out.fails_with(1);
    assert!(line.contains("no line 2"), "{line}");

    let out = env.run_with_stdin(
        &[
            "restore",
            file.to_str().unwrap(),
            "--password-stdin",
            "--backup-password-stdin",
        ],
        &format!("{vault_password}\n{BACKUP_PASSWORD}\n"),
    );
    out.ok();
    assert!(out.stderr.contains("1 already here"), "{:?}", out.stderr);
}
