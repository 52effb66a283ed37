//! Shared by the CLI's integration tests: a private data directory and
//! keychain service per test, running the real `safekeep` binary with a
//! generous deadline, and small oracles (random secrets and tokens).
//!
//! Each test file uses a different part of this module.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

/// How long any one child process may take before the test gives up on it.
/// Only a guard against hanging forever (a keychain prompt nobody answers):
/// no verdict depends on it. Password commands run Argon2 with 64 MiB in a
/// debug build, several seconds each on a loaded machine.
pub const DEADLINE: Duration = Duration::from_secs(300);

/// Fails the test, loudly, when there is no session bus to find the Secret
/// Service on. Never skips: a test that cannot check must not pass.
pub fn require_session_bus() {
    let address = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default();
    assert!(
        !address.is_empty(),
        "DBUS_SESSION_BUS_ADDRESS is unset. run scripts/test.sh: needs a session bus with gnome-keyring \
         (dbus-run-session + `echo -n pw | gnome-keyring-daemon --unlock --components=secrets`)"
    );
}

/// A unique keychain service name for one test.
pub fn service_name(test: &str) -> String {
    format!("safekeep-test-{}-{test}", std::process::id())
}

/// What a finished `safekeep` run left behind.
#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// The command line, for failure messages.
    pub what: String,
}

impl Output {
    /// The exit code; a child killed by a signal fails the test here.
    pub fn code(&self) -> i32 {
        self.status
            .code()
            .unwrap_or_else(|| panic!("{} was killed by a signal: {self:?}", self.what))
    }

    /// Asserts success and returns stdout.
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code(),
            0,
            "{} failed.\nstdout: {}\nstderr: {}",
            self.what,
            self.stdout,
            self.stderr
        );
        &self.stdout
    }

    /// Asserts the exit code is `code` (not 0) and that stderr is exactly
    /// one line starting with "safekeep: "; returns that line.
    pub fn fails_with(&self, code: i32) -> &str {
        assert_eq!(
            self.code(),
            code,
            "{}: wrong exit code.\nstdout: {}\nstderr: {}",
            self.what,
            self.stdout,
            self.stderr
        );
        assert_ne!(code, 0, "use ok() for success");
        self.one_line_error()
    }

    /// Asserts that stderr is exactly one line, starting with "safekeep: ".
    pub fn one_line_error(&self) -> &str {
        assert!(
            self.stderr.ends_with('\n') && self.stderr.lines().count() == 1,
            "{}: an error must be exactly one line on stderr, got {:?}",
            self.what,
            self.stderr
        );
        assert!(
            self.stderr.starts_with("safekeep: "),
            "{}: an error must start with \"safekeep: \", got {:?}",
            self.what,
            self.stderr
        );
        self.stderr.trim_end()
    }

    /// Stdout's lines, trimmed of trailing spaces.
    pub fn lines(&self) -> Vec<String> {
        self.stdout
            .lines()
            .map(|line| line.trim_end().to_owned())
            .collect()
    }
}

/// Runs `program args` with `envs`, `stdin` written to its standard input
/// (then closed), stdout and stderr captured. Kills it and fails the test
/// after [`DEADLINE`].
pub fn run_command(program: &str, args: &[&str], envs: &[(String, String)], stdin: &str) -> Output {
    let what = format!(
        "`{} {}`",
        program.rsplit('/').next().unwrap_or(program),
        args.join(" ")
    );
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in envs {
        command.env(key, value);
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let mut input = child.stdin.take().expect("stdin is piped");
    let stdin = stdin.to_owned();
    // The child may exit without reading; a broken pipe is fine then.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let out_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = out.read_to_end(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = err.read_to_end(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {DEADLINE:?} (a keychain prompt waiting?)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    writer.join().expect("stdin writer");
    // Lossy: `secret-tool search` prints raw secrets; safekeep prints UTF-8.
    let stdout = String::from_utf8_lossy(&out_reader.join().expect("stdout reader")).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned();
    Output {
        status,
        stdout,
        stderr,
        what,
    }
}

/// One test's world: its own data directory and keychain service.
pub struct Env {
    pub dir: TempDir,
    pub service: String,
    /// Extra variables for every child (e.g. a dead session bus).
    pub extra: Vec<(String, String)>,
    /// Whether the real Secret Service is used, so entries need clearing.
    uses_keychain: bool,
}

impl Env {
    /// A world that uses the session's real Secret Service; fails the test
    /// when there is no session bus.
    pub fn with_keychain(test: &str) -> Env {
        require_session_bus();
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            service: service_name(test),
            extra: Vec::new(),
            uses_keychain: true,
        }
    }

    /// A world in which no Secret Service can be reached: the session bus
    /// address points nowhere.
    pub fn without_keychain(test: &str) -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            service: service_name(test),
            extra: vec![(
                "DBUS_SESSION_BUS_ADDRESS".to_owned(),
                "unix:path=/nonexistent".to_owned(),
            )],
            uses_keychain: false,
        }
    }

    /// The variables every child gets. The locale is pinned to English,
    /// which the tests' expectations are written in, whatever the machine
    /// running them speaks; a test that wants another sets `extra`.
    pub fn envs(&self) -> Vec<(String, String)> {
        let mut envs = vec![
            (
                "SAFEKEEP_DATA_DIR".to_owned(),
                self.dir.path().display().to_string(),
            ),
            ("SAFEKEEP_KEYRING_SERVICE".to_owned(), self.service.clone()),
            ("LC_ALL".to_owned(), "C.UTF-8".to_owned()),
        ];
        envs.extend(self.extra.iter().cloned());
        envs
    }

    /// Runs `safekeep args` with nothing on stdin.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, "")
    }

    /// Runs `safekeep args` with `stdin`.
    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        run_command(BIN, args, &self.envs(), stdin)
    }

    pub fn vault_file(&self) -> PathBuf {
        self.dir.path().join("vault.skv")
    }

    pub fn vault_bytes(&self) -> Vec<u8> {
        std::fs::read(self.vault_file()).expect("the vault file exists")
    }

    /// `secret-tool search --all service <ours>`: what the Secret Service
    /// holds for this test (stdout and stderr together; secret-tool prints
    /// attributes on stderr).
    pub fn keychain_listing(&self) -> String {
        let out = run_command(
            "secret-tool",
            &["search", "--all", "service", &self.service],
            &[],
            "",
        );
        format!("{}{}", out.stdout, out.stderr)
    }

    /// Removes one entry behind Safekeep's back.
    pub fn clear_keychain_entry(&self, username: &str) {
        run_command(
            "secret-tool",
            &["clear", "service", &self.service, "username", username],
            &[],
            "",
        )
        .ok();
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if self.uses_keychain {
            // Best effort: leave the test keyring as we found it.
            let _ = Command::new("secret-tool")
                .args(["clear", "service", &self.service])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// The vault file's header, which is JSON in the clear (authenticated, not
/// encrypted): `SAFEKEEP`, u16 version, u32 length, header.
pub fn header_json(vault: &[u8]) -> String {
    assert!(
        vault.len() > 14 && &vault[..8] == b"SAFEKEEP",
        "not a vault file"
    );
    let len = u32::from_le_bytes([vault[10], vault[11], vault[12], vault[13]]) as usize;
    String::from_utf8(vault[14..14 + len].to_vec()).expect("the header is JSON")
}

fn json_field<'a>(header: &'a str, name: &str) -> &'a str {
    let key = format!("\"{name}\":");
    let start = header
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in the header {header}"))
        + key.len();
    let rest = header[start..].trim_start();
    let end = rest.find([',', '}']).expect("field ends");
    rest[..end].trim().trim_matches('"')
}

/// The vault id, which names its keychain entries.
pub fn vault_id(vault: &[u8]) -> String {
    json_field(&header_json(vault), "vault_id").to_owned()
}

/// How many times the vault was saved.
pub fn generation(vault: &[u8]) -> u64 {
    json_field(&header_json(vault), "generation")
        .parse()
        .expect("generation is a number")
}

/// `n` random bytes from the OS.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .expect("read /dev/urandom");
    bytes
}

/// A random secret of `bytes` bytes, in base32 without padding (as sites
/// show them), and its raw bytes.
pub fn random_secret(bytes: usize) -> (String, Vec<u8>) {
    let raw = random_bytes(bytes);
    (base32(&raw), raw)
}

/// RFC 4648 base32, no padding.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// `n` distinct random backup tokens shaped like `ab12-cd34`.
pub fn random_tokens(n: usize) -> Vec<String> {
    const CHARS: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut seen = BTreeSet::new();
    let mut tokens = Vec::new();
    while tokens.len() < n {
        let bytes = random_bytes(8);
        let chars: String = bytes
            .iter()
            .map(|b| CHARS[*b as usize % CHARS.len()] as char)
            .collect();
        let token = format!("{}-{}", &chars[..4], &chars[4..]);
        if seen.insert(token.clone()) {
            tokens.push(token);
        }
    }
    tokens
}

/// The tokens as a site lists them: "1. ab12-cd34", one per line.
pub fn numbered(tokens: &[String]) -> String {
    tokens
        .iter()
        .enumerate()
        .map(|(i, token)| format!("{}. {token}\n", i + 1))
        .collect()
}

/// Every regular file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Whether `needle` occurs in `haystack`.
pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// `oathtool args`, its one line of output.
pub fn oathtool(args: &[&str]) -> String {
    let out = Command::new("oathtool")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run oathtool ({e}); install the `oathtool` package (scripts/setup.sh does)"
            )
        });
    assert!(
        out.status.success(),
        "oathtool {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("ASCII")
        .trim()
        .to_owned()
}
