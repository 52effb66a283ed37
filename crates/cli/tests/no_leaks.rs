//! No secret and no backup token leaks out of the command line: with known
//! random secrets and tokens, every command runs with the most verbose
//! settings that exist (`RUST_LOG=trace`, `RUST_BACKTRACE=full`,
//! `RUST_LIB_BACKTRACE=1`), on its happy path and its error paths (a wrong
//! password, links containing the secret that are refused, a secret pasted
//! where a link goes, a damaged vault, a damaged backup, broken import
//! files), and afterwards:
//!
//! - no stderr of any run holds a secret or a token;
//! - no stdout does either, except where printing them is the command's
//!   job, and exactly those are left out: `tokens use` (one token, checked
//!   to be exactly that), `tokens list --reveal`, and `export` (all formats
//!   hold secrets or tokens; that is what they are for). `code` prints a
//!   code and is checked like everything else;
//! - no file under the data folder, `HOME`, the XDG folders or `TMPDIR`
//!   (each a private folder here) holds one, the encrypted vault, its
//!   `backups/` and the encrypted backup file included, and nor does the
//!   keychain (which holds the vault key).
//!
//! A secret counts as leaked in base32 in any case, in 16 characters of it
//! in a row (an error that cuts long text short still shows most of it), in
//! hex, as its raw bytes (or 10 of them in a row), or as the start of a
//! `Debug` list of its bytes; a token as the site wrote it or normalized
//! (letters and digits only), in any case.
//!
//! The CLI installs no log subscriber today, so `RUST_LOG` changes nothing
//! (the core's one `tracing::warn!` goes nowhere); it is set so that a
//! subscriber added later is covered. No run may panic.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};

use safekeep_testkit::cli::Env;
use safekeep_testkit::leaks::Needles;
use safekeep_testkit::secrets::{numbered, random_secret, random_tokens};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

/// Whether a run's stdout is checked, or printing secrets is its job.
#[derive(Clone, Copy, PartialEq)]
enum Stdout {
    Checked,
    ItsJob,
}

/// One finished run, bytes as they came.
struct Run {
    what: String,
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    stdout_is: Stdout,
}

impl Run {
    fn ok(&self) -> &Run {
        assert!(
            self.status.success(),
            "{} failed: {}",
            self.what,
            String::from_utf8_lossy(&self.stderr)
        );
        self
    }

    fn fails(&self) -> &Run {
        assert_eq!(
            self.status.code(),
            Some(1),
            "{} should fail with 1: {}",
            self.what,
            String::from_utf8_lossy(&self.stderr)
        );
        self
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// A private world for the CLI: its own HOME, XDG folders and TMPDIR, the
/// most verbose logging, every run kept for the final check.
struct World {
    env: Env,
    /// HOME, the XDG folders and TMPDIR live in here.
    root: tempfile::TempDir,
    /// Files the test hands the CLI (imports), holding secrets on purpose;
    /// outside the checked folders.
    inputs: tempfile::TempDir,
    runs: Vec<Run>,
}

impl World {
    fn new(env: Env) -> World {
        let root = tempfile::tempdir().expect("temp dir");
        for dir in ["home", "config", "cache", "data", "state", "runtime", "tmp"] {
            std::fs::create_dir_all(root.path().join(dir)).expect("make a folder");
        }
        World {
            env,
            root,
            inputs: tempfile::tempdir().expect("temp dir"),
            runs: Vec::new(),
        }
    }

    fn envs(&self) -> Vec<(String, String)> {
        let at = |dir: &str| self.root.path().join(dir).display().to_string();
        let mut envs = self.env.envs();
        envs.extend(
            [
                ("HOME", at("home")),
                ("XDG_CONFIG_HOME", at("config")),
                ("XDG_CACHE_HOME", at("cache")),
                ("XDG_DATA_HOME", at("data")),
                ("XDG_STATE_HOME", at("state")),
                ("XDG_RUNTIME_DIR", at("runtime")),
                ("TMPDIR", at("tmp")),
                ("RUST_LOG", "trace".to_owned()),
                ("RUST_BACKTRACE", "full".to_owned()),
                ("RUST_LIB_BACKTRACE", "1".to_owned()),
            ]
            .map(|(key, value)| (key.to_owned(), value)),
        );
        envs
    }

    /// Runs `safekeep args` with `stdin`, keeps the run for the final check
    /// and returns it.
    fn run(&mut self, args: &[&str], stdin: &str, stdout_is: Stdout) -> &Run {
        let mut child = Command::new(BIN)
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                std::env::var_os("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default(),
            )
            .envs(self.envs())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("safekeep starts");
        let mut input = child.stdin.take().expect("piped stdin");
        let stdin = stdin.to_owned();
        // The child may exit without reading; a broken pipe is fine then.
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(stdin.as_bytes());
        });
        let mut stderr = Vec::new();
        let mut err = child.stderr.take().expect("piped stderr");
        let reader = std::thread::spawn(move || {
            let _ = err.read_to_end(&mut stderr);
            stderr
        });
        let mut stdout = Vec::new();
        child
            .stdout
            .take()
            .expect("piped stdout")
            .read_to_end(&mut stdout)
            .expect("read stdout");
        let status = child.wait().expect("safekeep ends");
        writer.join().expect("stdin writer");
        let stderr = reader.join().expect("stderr reader");
        self.runs.push(Run {
            what: format!("`safekeep {}`", args.join(" ")),
            status,
            stdout,
            stderr,
            stdout_is,
        });
        self.runs.last().expect("just pushed")
    }

    /// A new vault (opened through the keychain) with Acme's codes from
    /// `secret`.
    fn vault_with_acme(&mut self, secret: &str) {
        self.run(&["init"], "", Stdout::Checked).ok();
        let added = link("Acme", "me@example.org", secret);
        self.run(&["add", &added], "", Stdout::Checked).ok();
    }

    /// The folders whose every file is checked.
    fn checked_dirs(&self) -> Vec<PathBuf> {
        vec![
            self.env.dir.path().to_path_buf(),
            self.root.path().to_path_buf(),
        ]
    }

    /// Checks every run and every file; fails naming each leak by what
    /// leaked (which secret or token, in which form) and where.
    fn assert_nothing_leaked(&self, needles: &Needles) {
        let mut leaks = Vec::new();
        for run in &self.runs {
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert!(
                !stderr.contains("panicked"),
                "{} panicked: {stderr}",
                run.what
            );
            let mut outputs = vec![("stderr", &run.stderr)];
            if run.stdout_is == Stdout::Checked {
                outputs.push(("stdout", &run.stdout));
            }
            for (name, output) in outputs {
                for found in needles.found_in(output) {
                    leaks.push(format!("{found} in the {name} of {}", run.what));
                }
            }
        }
        let mut files = 0;
        for dir in self.checked_dirs() {
            let (found, looked_through) = needles.found_in_files_under(&dir);
            leaks.extend(found);
            files += looked_through;
        }
        assert!(
            files > 0,
            "the checked folders hold files (the vault at least)"
        );
        let listing = Command::new("secret-tool")
            .args(["search", "--all", "service", &self.env.service])
            .output()
            .expect("secret-tool runs (apt package libsecret-tools; scripts/setup.sh installs it)");
        for output in [&listing.stdout, &listing.stderr] {
            for found in needles.found_in(output) {
                leaks.push(format!("{found} in the keychain"));
            }
        }
        assert!(leaks.is_empty(), "leaked:\n{}", leaks.join("\n"));
    }
}

fn link(issuer: &str, account: &str, secret: &str) -> String {
    format!("otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}")
}

/// Links a person could paste, each holding `secret` and each refused: a
/// `?` where an `&` belongs (merging the secret into the parameter before
/// it, whose value some errors name), the secret where the type goes (which
/// the error once repeated), a wrong character, a missing slash.
fn refused_links(secret: &str) -> Vec<String> {
    vec![
        format!("otpauth://totp/Acme:me?digits=8?secret={secret}&issuer=Acme"),
        format!("otpauth://totp/Acme:me?period=30?secret={secret}&issuer=Acme"),
        format!("otpauth://totp/Acme:me?algorithm=SHA1?secret={secret}&issuer=Acme"),
        format!("otpauth://hotp/Acme:me?secret={secret}&counter=1?issuer=Acme"),
        format!("otpauth://{secret}/Acme:me?secret={secret}"),
        format!("otpauth://totp/Acme:me?secret={secret}0&issuer=Acme"),
        format!("otpauth:/totp/Acme:me?secret={secret}"),
    ]
}

#[test]
fn everyday_commands_and_their_errors_leak_nothing() {
    let (secret, raw) = random_secret(20);
    let tokens = random_tokens(5);
    let mut world = World::new(Env::with_keychain(BIN, "no-leaks-everyday"));
    let checked = Stdout::Checked;

    world.vault_with_acme(&secret);
    world.run(&["list"], "", checked).ok();
    world.run(&["code", "acme"], "", checked).ok();
    world
        .run(&["tokens", "add", "acme"], &numbered(&tokens), checked)
        .ok();
    world.run(&["tokens", "list", "acme"], "", checked).ok();
    world
        .run(&["tokens", "list", "acme", "--reveal"], "", Stdout::ItsJob)
        .ok();
    let used = world
        .run(&["tokens", "use", "acme"], "", Stdout::ItsJob)
        .ok()
        .stdout();
    assert!(
        used.ends_with('\n')
            && used.lines().count() == 1
            && tokens.contains(&used.trim().to_owned()),
        "`tokens use` prints exactly one of the tokens"
    );
    let used = used.trim().to_owned();
    world
        .run(&["tokens", "unuse", "acme", &used], "", checked)
        .ok();
    world
        .run(&["tokens", "mark-used", "acme", &tokens[1]], "", checked)
        .ok();
    world
        .run(&["tokens", "add", "acme"], &numbered(&tokens), checked)
        .ok();

    // Error paths.
    world
        .run(
            &["add", &link("Acme", "me@example.org", &secret)],
            "",
            checked,
        )
        .fails();
    for refused in refused_links(&secret) {
        world.run(&["add", &refused], "", checked).fails();
    }
    world.run(&["add", &secret], "", checked).fails();
    // A character no secret has, padding in the middle, punctuation. (Every
    // length but one character now reads, as other apps' secrets need.)
    for bad in [
        format!("{secret}0"),
        format!("{}={}", &secret[..16], &secret[16..]),
        format!("{secret}!"),
    ] {
        world
            .run(&["add", "--issuer", "Acme", "--secret", &bad], "", checked)
            .fails();
    }
    // Forgot --secret: clap refuses the link-or-flags mix.
    let mixed = world.run(&["add", "--issuer", "Acme", &secret], "", checked);
    assert_ne!(mixed.status.code(), Some(0), "{}", mixed.what);
    let mistyped: String = {
        let mut token = tokens[2].clone().into_bytes();
        token[0] = if token[0] == b'z' { b'y' } else { b'z' };
        String::from_utf8(token).expect("ASCII")
    };
    world
        .run(&["tokens", "mark-used", "acme", &mistyped], "", checked)
        .fails();
    world
        .run(
            &["tokens", "add", "acme"],
            "nothing that looks like a token\n",
            checked,
        )
        .fails();
    world
        .run(&["export", "--format", "otpauth"], "", checked)
        .fails();
    world.run(&["code", "nosuchsite"], "", checked).fails();
    while world
        .run(&["tokens", "use", "acme"], "", Stdout::ItsJob)
        .status
        .success()
    {}
    assert_eq!(world.runs.last().expect("runs").status.code(), Some(3));
    world.run(&["remove", "acme", "--yes"], "", checked).ok();

    world.assert_nothing_leaked(&Needles::new(&[(secret, raw)], &tokens));
}

#[test]
fn transfers_and_damaged_files_leak_nothing() {
    let (secret, raw) = random_secret(20);
    let (imported, imported_raw) = random_secret(32);
    let tokens = random_tokens(4);
    let mut world = World::new(Env::with_keychain(BIN, "no-leaks-transfers"));
    let checked = Stdout::Checked;
    world.vault_with_acme(&secret);
    world
        .run(&["tokens", "add", "acme"], &numbered(&tokens), checked)
        .ok();

    // An otpauth list with one good link and refused ones holding its secret.
    let list = world.inputs.path().join("links.txt");
    let mut lines = vec![link("Imported", "you@example.org", &imported)];
    lines.extend(refused_links(&imported));
    lines.push(imported.clone());
    std::fs::write(&list, lines.join("\n") + "\n").expect("write the list");
    world
        .run(&["import", &list.display().to_string()], "", checked)
        .ok();
    // Aegis JSON cut short and broken, with the secret inside.
    let aegis = format!(
        r#"{{"version": 1, "header": {{"slots": null, "params": null}}, "db": {{"version": 2, "entries": [{{"type": "totp", "name": "you", "issuer": "Imported", "info": {{"secret": "{imported}", "algo": "SHA1", "digits": 6, "period": 30}}}}]}}}}"#
    );
    for (name, text) in [
        ("aegis-cut.json", aegis[..aegis.len() - 20].to_owned()),
        ("aegis-broken.json", aegis.replace("\"algo\"", "algo")),
    ] {
        let file = world.inputs.path().join(name);
        std::fs::write(&file, text).expect("write the file");
        world
            .run(
                &["import", "--format", "aegis", &file.display().to_string()],
                "",
                checked,
            )
            .fails();
    }
    // Read, but its one entry is refused and reported.
    let file = world.inputs.path().join("aegis-bad-secret.json");
    std::fs::write(&file, aegis.replace(&imported, &format!("{imported}0"))).expect("write");
    let report = world.run(
        &["import", "--format", "aegis", &file.display().to_string()],
        "",
        checked,
    );
    assert!(
        String::from_utf8_lossy(&report.stderr).contains("Not imported"),
        "{}",
        report.what
    );

    for format in ["otpauth", "aegis", "google"] {
        world
            .run(&["export", "--format", format, "--yes"], "", Stdout::ItsJob)
            .ok();
    }
    world
        .run(
            &["export", "--format", "sheet", "--include-secrets", "--yes"],
            "",
            Stdout::ItsJob,
        )
        .ok();

    // The encrypted backup file sits in the checked HOME.
    let backup = world.root.path().join("home/safekeep.skbackup");
    let backup_arg = backup.display().to_string();
    let password = "backup pässword 7\n";
    world
        .run(
            &["backup", &backup_arg, "--backup-password-stdin"],
            password,
            checked,
        )
        .ok();
    world
        .run(
            &["restore", &backup_arg, "--backup-password-stdin"],
            "not the password\n",
            checked,
        )
        .fails();
    world
        .run(
            &["restore", &backup_arg, "--backup-password-stdin"],
            password,
            checked,
        )
        .ok();
    let damaged = world.inputs.path().join("damaged.skbackup");
    let mut bytes = std::fs::read(&backup).expect("the backup");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    std::fs::write(&damaged, &bytes).expect("write the damaged copy");
    world
        .run(
            &[
                "restore",
                &damaged.display().to_string(),
                "--backup-password-stdin",
            ],
            password,
            checked,
        )
        .fails();

    world.assert_nothing_leaked(&Needles::new(
        &[(secret, raw), (imported, imported_raw)],
        &tokens,
    ));
}

#[test]
fn a_wrong_password_and_a_damaged_vault_leak_nothing() {
    let (secret, raw) = random_secret(20);
    let tokens = random_tokens(3);
    let mut world = World::new(Env::without_keychain(BIN, "no-leaks-password"));
    let checked = Stdout::Checked;
    let password = "vault pässword\n";
    world.run(&with_password(&["init"]), password, checked).ok();
    let added = link("Acme", "me@example.org", &secret);
    world
        .run(&with_password(&["add", &added]), password, checked)
        .ok();
    world
        .run(
            &with_password(&["tokens", "add", "acme"]),
            &format!("{password}{}", numbered(&tokens)),
            checked,
        )
        .ok();
    world
        .run(&with_password(&["code", "acme"]), password, checked)
        .ok();
    world
        .run(&with_password(&["list"]), "wrong pässword\n", checked)
        .fails();
    // No terminal and no password given: refused, saying how.
    world.run(&["list"], "", checked).fails();

    let vault = world.env.vault_file();
    let original = std::fs::read(&vault).expect("the vault");
    let mut flipped = original.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x01;
    std::fs::write(&vault, &flipped).expect("damage the vault");
    world
        .run(&with_password(&["code", "acme"]), password, checked)
        .fails();
    std::fs::write(&vault, &original[..original.len() / 2]).expect("cut the vault short");
    world
        .run(&with_password(&["code", "acme"]), password, checked)
        .fails();

    world.assert_nothing_leaked(&Needles::new(&[(secret, raw)], &tokens));
}

/// `args` after `--password-stdin`.
fn with_password<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--password-stdin"];
    all.extend_from_slice(args);
    all
}
