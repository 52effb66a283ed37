//! Session buses for tests of the keychain: the check that the test runs on
//! one (scripts/test.sh starts it), and a bus configuration with nothing on
//! it, for tests of a keychain that is missing or goes away.

use std::path::{Path, PathBuf};

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
