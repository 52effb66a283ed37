//! Session buses for tests of the keychain: the check that the test runs on
//! one (scripts/test.sh starts it), a bus configuration with nothing on
//! it, for tests of a keychain that is missing or goes away, and a private
//! session with a keyring of its own, for a test's second computer.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::{DEADLINE, run_command};

/// A session bus with no service directories: nothing owns
/// org.freedesktop.secrets and nothing can be started for it, so a keyring
/// a test kills stays gone.
pub const BARE_SESSION_BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

/// Writes [`BARE_SESSION_BUS_CONFIG`] into `dir`; its path, for
/// `dbus-daemon --config-file=` or `dbus-run-session --config-file=`.
pub fn write_bare_session_bus_config(dir: &Path) -> PathBuf {
    let path = dir.join("bare-session.conf");
    std::fs::write(&path, BARE_SESSION_BUS_CONFIG).expect("write the bus config");
    path
}

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

/// The password of a [`PrivateKeyring`]'s login keyring.
const PRIVATE_KEYRING_PASSWORD: &str = "private keyring";

/// A session bus of its own with an unlocked gnome-keyring on it, both
/// children of the test and killed when dropped: one computer's D-Bus
/// session and keychain, so two "computers" in one test share no secret.
/// Give [`envs`](Self::envs) to every program that computer runs.
pub struct PrivateKeyring {
    home: tempfile::TempDir,
    bus: Child,
    address: String,
    /// `None` while killed ([`PrivateKeyring::kill_daemon`]).
    daemon: Option<Child>,
}

impl PrivateKeyring {
    /// Starts the bus and the keyring; returns once the Secret Service
    /// answers on that bus.
    pub fn start() -> PrivateKeyring {
        let home = tempfile::tempdir().expect("temp dir");
        for dir in ["runtime", "data"] {
            std::fs::create_dir(home.path().join(dir)).expect("make dir");
        }
        let runtime = home.path().join("runtime");
        run_command("chmod", &["0700", &runtime.display().to_string()], &[], "").ok();
        // No <servicedir>: nothing else is started on this bus, so the
        // keyring below is the only Secret Service there.
        let config = write_bare_session_bus_config(home.path());
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--print-address=1", "--nofork"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon runs (package dbus)");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().expect("piped"))
            .read_line(&mut address)
            .expect("dbus-daemon prints its address");
        let mut keyring = PrivateKeyring {
            home,
            bus,
            address: address.trim().to_owned(),
            daemon: None,
        };
        keyring.start_daemon();
        keyring
    }

    /// The variables that put a program on this session and keyring.
    pub fn envs(&self) -> Vec<(String, String)> {
        envs_of(&self.address, self.home.path())
    }

    /// Starts gnome-keyring with its login keyring unlocked (again, after
    /// [`PrivateKeyring::kill_daemon`]), and waits until the Secret Service
    /// answers on the bus.
    pub fn start_daemon(&mut self) {
        let runtime = self.home.path().join("runtime");
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets", "--foreground"])
            .arg(format!(
                "--control-directory={}",
                runtime.join("keyring").display()
            ))
            .envs(self.envs())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon runs (package gnome-keyring)");
        daemon
            .stdin
            .take()
            .expect("piped")
            .write_all(PRIVATE_KEYRING_PASSWORD.as_bytes())
            .expect("unlock the keyring");
        self.daemon = Some(daemon);
        self.wait_until_answering(true);
    }

    /// Kills gnome-keyring, as a crash or a logout of the keyring would,
    /// and waits until the bus says nobody provides the Secret Service.
    /// Nothing starts it again on this bus but [`PrivateKeyring::start_daemon`].
    pub fn kill_daemon(&mut self) {
        let mut daemon = self.daemon.take().expect("the daemon runs");
        daemon.kill().expect("kill gnome-keyring");
        daemon.wait().expect("reap gnome-keyring");
        self.wait_until_answering(false);
    }

    /// Waits until the Secret Service on the bus answers (`true`), or
    /// until nobody provides it any more (`false`).
    fn wait_until_answering(&self, answering: bool) {
        let started = Instant::now();
        loop {
            let out = run_command(
                "secret-tool",
                &["search", "--all", "service", "none-such"],
                &self.envs(),
                "",
            );
            if (out.code() == 0) == answering {
                return;
            }
            let problem = if answering {
                "the private gnome-keyring never answered"
            } else {
                "the private gnome-keyring stayed on the bus"
            };
            assert!(started.elapsed() < DEADLINE, "{problem}: {out:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn envs_of(address: &str, home: &Path) -> Vec<(String, String)> {
    vec![
        ("DBUS_SESSION_BUS_ADDRESS".to_owned(), address.to_owned()),
        (
            "XDG_RUNTIME_DIR".to_owned(),
            home.join("runtime").display().to_string(),
        ),
        (
            "XDG_DATA_HOME".to_owned(),
            home.join("data").display().to_string(),
        ),
    ]
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        if let Some(mut daemon) = self.daemon.take() {
            let _ = daemon.kill();
            let _ = daemon.wait();
        }
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}
