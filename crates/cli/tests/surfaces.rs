//! The command line's edges: secrets never need to be arguments (and a
//! warning says so when they are), a name from a hostile file never steers
//! the terminal, text and files over the caps are refused clearly, and every
//! file Safekeep writes (vault, lock, copies, exports, backups) is the
//! owner's alone.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use safekeep_testkit::cli::Env;
use safekeep_testkit::secrets::{numbered, random_secret, random_tokens};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

/// The permission bits of `path`.
fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Characters that steer a terminal: ESC, BEL, CSI (C1), and what a lossy
/// reading makes of a stray C1 byte.
fn assert_no_terminal_control(text: &str, what: &str) {
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{fffd}', '\u{202e}'] {
        assert!(
            !text.contains(c),
            "{what} holds U+{:04X}: {text:?}",
            c as u32
        );
    }
}

#[test]
fn an_escape_sequence_in_an_imported_name_never_reaches_the_terminal() {
    let env = Env::with_keychain(BIN, "surfaces-escapes");
    env.run(&["init"]).ok();
    let (secret, _) = random_secret(20);
    // ESC ] 0 ; title BEL retitles a terminal; CSI (0x9B) and ESC [ recolour
    // it; U+202E reverses what follows. One readable entry, one that is
    // refused, so both the list and the "not imported" report are checked.
    let hostile = "%1B%5D0%3Bpwned%07Bank%C2%9B31m%E2%80%AE%1B%5B2J";
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        file.path(),
        format!(
            "otpauth://totp/{hostile}:me?secret={secret}&issuer={hostile}\n\
             otpauth://totp/{hostile}:other?secret=0189&issuer={hostile}\n"
        ),
    )
    .unwrap();
    let out = env.run(&["import", file.path().to_str().unwrap()]);
    out.ok();
    assert!(out.stderr.contains("1 account added"), "{:?}", out.stderr);
    assert!(out.stderr.contains("Not imported"), "{:?}", out.stderr);
    for (text, what) in [
        (&out.stdout, "import's stdout"),
        (&out.stderr, "import's stderr"),
    ] {
        assert_no_terminal_control(text, what);
    }
    assert!(
        out.stderr.contains("]0;pwnedBank31m[2J"),
        "{:?}",
        out.stderr
    );

    let out = env.run(&["list"]);
    out.ok();
    assert!(
        out.stdout.contains("]0;pwnedBank31m[2J"),
        "{:?}",
        out.stdout
    );
    for (text, what) in [
        (&out.stdout, "list's stdout"),
        (&out.stderr, "list's stderr"),
    ] {
        assert_no_terminal_control(text, what);
    }
    let out = env.run(&["code", "pwned"]);
    out.ok();
    assert_no_terminal_control(&out.stdout, "code's stdout");
}

#[test]
fn secrets_come_from_stdin_and_an_argument_gets_a_warning() {
    let env = Env::with_keychain(BIN, "surfaces-secrets");
    env.run(&["init"]).ok();
    let (github, _) = random_secret(20);
    let (bank, _) = random_secret(20);
    let (old, _) = random_secret(20);

    // `add -` reads the link from stdin: no warning.
    let link = format!("otpauth://totp/GitHub:me?secret={github}&issuer=GitHub");
    let out = env.run_with_stdin(&["add", "-"], &format!("{link}\n"));
    out.ok();
    assert!(
        out.stderr.contains("Added GitHub (me)."),
        "{:?}",
        out.stderr
    );
    assert!(!out.stderr.contains("warning"), "{:?}", out.stderr);

    // --secret-stdin, likewise.
    let out = env.run_with_stdin(
        &["add", "--issuer", "Bank", "--label", "me", "--secret-stdin"],
        &format!("{bank}\n"),
    );
    out.ok();
    assert!(!out.stderr.contains("warning"), "{:?}", out.stderr);

    // Stdin without a line to read: a clear refusal, nothing added.
    let before = env.vault_bytes();
    let out = env.run_with_stdin(&["add", "--issuer", "Empty", "--secret-stdin"], "");
    assert!(
        out.fails_with(1)
            .contains("standard input has no secret key")
    );
    assert_eq!(env.vault_bytes(), before);

    // As an argument it still works, with a warning that names the way out.
    let out = env.run(&["add", "--issuer", "Old", "--label", "me", "--secret", &old]);
    out.ok();
    assert!(
        out.stderr.contains("warning") && out.stderr.contains("--secret-stdin"),
        "{:?}",
        out.stderr
    );
    assert!(!out.stderr.contains(&old), "the warning repeats the secret");
    let list = env.run(&["list"]).stdout;
    for name in ["GitHub", "Bank", "Old"] {
        assert!(list.contains(name), "{list}");
    }

    // The token of mark-used/unuse: from stdin (or `-`) quietly, as an
    // argument with a warning.
    let tokens = random_tokens(3);
    env.run_with_stdin(&["tokens", "add", "bank"], &numbered(&tokens))
        .ok();
    let out = env.run_with_stdin(
        &["tokens", "mark-used", "bank"],
        &format!("{}\n", tokens[0]),
    );
    out.ok();
    assert!(!out.stderr.contains("warning"), "{:?}", out.stderr);
    assert!(out.stderr.contains("2 of 3 unused"), "{:?}", out.stderr);
    let out = env.run_with_stdin(
        &["tokens", "unuse", "bank", "-"],
        &format!("{}\n", tokens[0]),
    );
    out.ok();
    assert!(out.stderr.contains("3 of 3 unused"), "{:?}", out.stderr);
    let out = env.run(&["tokens", "mark-used", "bank", &tokens[1]]);
    out.ok();
    assert!(
        out.stderr.contains("warning") && !out.stderr.contains(&tokens[1]),
        "{:?}",
        out.stderr
    );
}

#[test]
fn names_over_the_cap_and_files_over_the_import_limit_are_refused_clearly() {
    let env = Env::with_keychain(BIN, "surfaces-caps");
    env.run(&["init"]).ok();
    let before = env.vault_bytes();
    let long = "x".repeat(257);
    let out = env.run(&["add", "--issuer", &long]);
    let message = out.fails_with(1);
    assert!(
        message.contains("257") && message.contains("256") && message.contains("site name"),
        "{message}"
    );
    assert_eq!(env.vault_bytes(), before);

    // A sparse file just over 64 MiB: refused from its size, unread.
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    let out = env.run(&["import", huge.to_str().unwrap()]);
    let message = out.fails_with(1);
    assert!(
        message.contains("65 MB") && message.contains("64 MB"),
        "{message}"
    );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn the_vault_its_lock_and_its_copies_are_the_owners_alone_and_mended_when_not() {
    let env = Env::with_keychain(BIN, "surfaces-modes");
    let data = env.dir.path();
    set_mode(data, 0o755);
    env.run(&["init"]).ok();
    env.run(&["add", "--issuer", "Site"]).ok();
    let lock = data.join("vault.lock");
    let backups = data.join("backups");
    assert_eq!(mode(data), 0o700);
    assert_eq!(mode(&lock), 0o600);
    assert_eq!(mode(&env.vault_file()), 0o600);
    assert_eq!(mode(&backups), 0o700);

    // Loosened behind our back (an older version, a copy, a chmod): mended
    // by the next command, even one that only reads.
    set_mode(data, 0o755);
    set_mode(&backups, 0o755);
    set_mode(&lock, 0o644);
    set_mode(&env.vault_file(), 0o644);
    env.run(&["list"]).ok();
    assert_eq!(mode(data), 0o700);
    assert_eq!(mode(&backups), 0o700);
    assert_eq!(mode(&lock), 0o600);
    assert_eq!(mode(&env.vault_file()), 0o600);
}

#[test]
fn exports_and_backups_written_by_safekeep_are_the_owners_alone() {
    let env = Env::with_keychain(BIN, "surfaces-outputs");
    env.run(&["init"]).ok();
    let (secret, _) = random_secret(20);
    env.run_with_stdin(
        &["add", "-"],
        &format!("otpauth://totp/Site:me?secret={secret}&issuer=Site\n"),
    )
    .ok();
    let dir = tempfile::tempdir().unwrap();
    set_mode(dir.path(), 0o755);

    // --output: made 0600, whole.
    let export = dir.path().join("links.txt");
    let out = env.run(&[
        "export",
        "--format",
        "otpauth",
        "--yes",
        "--output",
        export.to_str().unwrap(),
    ]);
    out.ok();
    assert_eq!(out.stdout, "", "the export went to the file, not stdout");
    assert_eq!(mode(&export), 0o600);
    let written = std::fs::read_to_string(&export).unwrap();
    assert!(written.starts_with("otpauth://") && written.contains(&secret));

    // An existing file is not replaced without --force, and is then
    // replaced by a 0600 one even if it was 0644.
    std::fs::write(&export, "keep me").unwrap();
    set_mode(&export, 0o644);
    let args = [
        "export",
        "--format",
        "aegis",
        "--yes",
        "--output",
        export.to_str().unwrap(),
    ];
    let message = env.run(&args).fails_with(1).to_owned();
    assert!(
        message.contains("already exists") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&export).unwrap(), "keep me");
    let mut forced = args.to_vec();
    forced.push("--force");
    env.run(&forced).ok();
    assert_eq!(mode(&export), 0o600);
    assert!(std::fs::read_to_string(&export).unwrap().contains("\"db\""));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "a temporary file was left: {leftovers:?}"
    );

    // `> FILE`: the shell makes it with the umask (0644 here); Safekeep
    // makes it private before writing a secret into it.
    let redirected = dir.path().join("redirected.txt");
    let file = std::fs::File::create(&redirected).unwrap();
    set_mode(&redirected, 0o644);
    let status = Command::new(BIN)
        .args(["export", "--format", "otpauth", "--yes"])
        .envs(env.envs())
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    assert_eq!(mode(&redirected), 0o600);
    assert!(
        std::fs::read_to_string(&redirected)
            .unwrap()
            .contains(&secret)
    );
    assert!(
        String::from_utf8_lossy(&status.stderr).contains("readable by you only"),
        "{status:?}"
    );

    // backup --output: 0600 too.
    let backup = dir.path().join("vault.skbackup");
    env.run_with_stdin(
        &[
            "backup",
            "--output",
            backup.to_str().unwrap(),
            "--backup-password-stdin",
        ],
        "a long backup passphrase for the test\n",
    )
    .ok();
    assert_eq!(mode(&backup), 0o600);
}
