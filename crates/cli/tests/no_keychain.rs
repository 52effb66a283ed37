//! Without a usable OS keychain Safekeep falls back to a password, says why
//! and says how to give one without a terminal (`--password-stdin`).
//!
//! Three ways the keychain can be missing: no session bus at all (the address
//! points nowhere), a session bus with no Secret Service on it, and a session
//! bus whose gnome-keyring starts on demand but is locked (nobody unlocked a
//! login keyring). Each must lead to the password path, never to a vault that
//! cannot be created or a crash.
//!
//! The nested buses need `dbus-run-session` (package `dbus`); the tests do
//! not need the outer session bus of scripts/test.sh.

use std::path::Path;

use safekeep_testkit::cli::{Env, header_json, service_name};
use safekeep_testkit::dbus::write_bare_session_bus_config;
use safekeep_testkit::process::{Output, run_command};
use safekeep_testkit::secrets::{numbered, random_tokens};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

const PASSWORD: &str = "tr0ub4dor&3 with spaces";

fn with_password(rest: &str) -> String {
    format!("{PASSWORD}\n{rest}")
}

/// Every line of a failing run's stderr is Safekeep's and starts with its
/// name; the last one is the error.
fn assert_safekeep_lines(stderr: &str) {
    assert!(!stderr.is_empty());
    for line in stderr.lines() {
        assert!(
            line.starts_with("safekeep: "),
            "stray stderr line {line:?} in {stderr:?}"
        );
    }
}

fn assert_password_only(vault: &[u8]) {
    let header = header_json(vault);
    assert!(
        header.contains("\"kind\":\"password\"") && !header.contains("\"kind\":\"keychain\""),
        "expected a password-only vault: {header}"
    );
}

#[test]
fn without_a_session_bus_init_asks_for_a_password_and_everything_works_with_it() {
    let env = Env::without_keychain(BIN, "nokc-no-bus");

    // No stdin, no terminal: refused, and told why and how.
    let out = env.run(&["init"]);
    assert_eq!(out.code(), 1, "{:?}", out.stderr);
    assert_safekeep_lines(&out.stderr);
    out.assert_stderr_says(&[
        "keychain cannot be used",
        "password is needed",
        "--password-stdin",
    ]);
    assert!(
        !env.vault_file().exists(),
        "no vault may be created without a way to open it"
    );

    // With the password on stdin: a password-only vault, and it says why.
    let out = env.run_with_stdin(&["init", "--password-stdin"], &with_password(""));
    out.ok();
    out.assert_stderr_says(&["keychain cannot be used", "it opens with your password"]);
    assert!(!out.stderr.contains(PASSWORD));
    assert_password_only(&env.vault_bytes());

    let out = env.run_with_stdin(&["list", "--password-stdin"], &with_password(""));
    out.ok();
    assert!(out.stderr.contains("No accounts yet"), "{:?}", out.stderr);

    // Without the password: a clear refusal that says how.
    let before = env.vault_bytes();
    let out = env.run(&["list"]);
    let message = out.fails_with(1);
    assert!(message.contains("password"), "{message}");
    assert!(message.contains("--password-stdin"), "{message}");
    assert_eq!(env.vault_bytes(), before);

    env.run_with_stdin(
        &[
            "add",
            "--issuer",
            "Clinic",
            "--label",
            "me",
            "--password-stdin",
        ],
        &with_password(""),
    )
    .ok();
    // Password on the first line, the pasted tokens after it.
    let tokens = random_tokens(3);
    let out = env.run_with_stdin(
        &["tokens", "add", "clinic", "--password-stdin"],
        &with_password(&numbered(&tokens)),
    );
    out.ok();
    assert!(
        out.stderr.contains("Added 3 backup tokens"),
        "{:?}",
        out.stderr
    );
    let out = env.run_with_stdin(
        &["tokens", "use", "clinic", "--password-stdin"],
        &with_password(""),
    );
    assert_eq!(out.ok(), format!("{}\n", tokens[0]));

    // A wrong password: says so, changes nothing.
    let before = env.vault_bytes();
    let out = env.run_with_stdin(&["tokens", "use", "clinic", "--password-stdin"], "not it\n");
    let message = out.fails_with(1);
    assert!(message.contains("password is wrong"), "{message}");
    assert_eq!(out.stdout, "", "no token for a wrong password");
    assert_eq!(
        env.vault_bytes(),
        before,
        "a wrong password changed the vault"
    );

    let out = env.run_with_stdin(
        &["tokens", "list", "clinic", "--reveal", "--password-stdin"],
        &with_password(""),
    );
    let lines = out.lines();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("{}  used ", tokens[0])),
        "{lines:?}"
    );
    assert_eq!(lines[1], format!("{}  unused", tokens[1]));
    assert_eq!(lines[2], format!("{}  unused", tokens[2]));
}

/// Runs `safekeep args` as the only client of its own new session bus
/// (`dbus-run-session [--config-file=…] -- safekeep …`), with a private
/// keyring home so a gnome-keyring started on demand touches nothing real.
fn run_on_own_bus(
    data: &Path,
    home: &Path,
    config: Option<&str>,
    args: &[&str],
    stdin: &str,
) -> Output {
    let mut bus_args: Vec<String> = Vec::new();
    if let Some(config) = config {
        bus_args.push(format!("--config-file={config}"));
    }
    bus_args.push("--".to_owned());
    bus_args.push(BIN.to_owned());
    bus_args.extend(args.iter().map(|a| (*a).to_owned()));
    let bus_args: Vec<&str> = bus_args.iter().map(String::as_str).collect();
    let runtime = home.join("runtime");
    let data_home = home.join("data");
    for dir in [&runtime, &data_home] {
        std::fs::create_dir_all(dir).expect("make dir");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        }
    }
    let envs = vec![
        ("SAFEKEEP_DATA_DIR".to_owned(), data.display().to_string()),
        (
            "SAFEKEEP_KEYRING_SERVICE".to_owned(),
            service_name("nokc-own-bus"),
        ),
        ("XDG_RUNTIME_DIR".to_owned(), runtime.display().to_string()),
        ("XDG_DATA_HOME".to_owned(), data_home.display().to_string()),
        // No display: a keyring prompt cannot be shown, only refused.
        ("DISPLAY".to_owned(), String::new()),
        ("WAYLAND_DISPLAY".to_owned(), String::new()),
    ];
    run_command("dbus-run-session", &bus_args, &envs, stdin)
}

/// Only Safekeep's lines: dbus-daemon and an activated gnome-keyring talk on
/// the same stderr.
fn safekeep_lines(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|line| line.starts_with("safekeep: ") || line.starts_with("Created the vault"))
        .map(|line| format!("{line}\n"))
        .collect()
}

fn assert_falls_back_to_a_password(config: Option<&str>, what: &str) {
    let data = tempfile::tempdir().expect("temp dir");
    let home = tempfile::tempdir().expect("temp dir");
    let vault = data.path().join("vault.skv");

    let out = run_on_own_bus(data.path(), home.path(), config, &["init"], "");
    let said = safekeep_lines(&out.stderr);
    assert_eq!(
        out.code(),
        1,
        "{what}: init without a password must fail: {:?}",
        out.stderr
    );
    assert!(
        said.contains("keychain cannot be used") && said.contains("--password-stdin"),
        "{what}: init must say the keychain cannot be used and to pass a password with \
         --password-stdin; it said {:?}",
        out.stderr
    );
    assert!(
        !vault.exists(),
        "{what}: a vault was created without a way to open it"
    );

    let out = run_on_own_bus(
        data.path(),
        home.path(),
        config,
        &["init", "--password-stdin"],
        &with_password(""),
    );
    let said = safekeep_lines(&out.stderr);
    assert_eq!(
        out.code(),
        0,
        "{what}: init --password-stdin must create a password-only vault; it said {:?}",
        out.stderr
    );
    assert!(said.contains("keychain cannot be used"), "{what}: {said:?}");
    assert!(
        said.contains("it opens with your password"),
        "{what}: {said:?}"
    );
    assert_password_only(&std::fs::read(&vault).expect("the vault exists"));

    let out = run_on_own_bus(
        data.path(),
        home.path(),
        config,
        &["list", "--password-stdin"],
        &with_password(""),
    );
    assert_eq!(out.code(), 0, "{what}: {:?}", out.stderr);
    assert!(
        out.stderr.contains("No accounts yet"),
        "{what}: {:?}",
        out.stderr
    );
}

#[test]
fn a_session_bus_without_a_secret_service_leads_to_the_password() {
    // No services to start: nothing owns org.freedesktop.secrets, and
    // nothing can be activated for it.
    let dir = tempfile::tempdir().expect("temp dir");
    let config = write_bare_session_bus_config(dir.path());
    let config = config.display().to_string();
    assert_falls_back_to_a_password(Some(&config), "a bus with no Secret Service");
}

#[test]
fn a_locked_gnome_keyring_started_on_demand_leads_to_the_password() {
    // The standard session bus starts gnome-keyring when asked for the
    // Secret Service; with no login keyring unlocked it is locked and any
    // unlock would need a prompt that cannot be shown.
    assert_falls_back_to_a_password(None, "a locked gnome-keyring started on demand");
}
