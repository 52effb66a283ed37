//! A private world for the `safekeep` binary: its own data folder and
//! keychain service per test, and what a vault file's clear header says.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

use crate::dbus::require_session_bus;
use crate::process::{Output, WaitingChild, run_command};

/// The device file, in the synced `folder`, of the computer whose
/// `safekeep sync status` printed `status`: its "This computer: NAME (ID)"
/// line names the file.
pub fn own_device_file(status: &str, folder: &Path) -> PathBuf {
    let id = status
        .lines()
        .find(|line| line.starts_with("This computer"))
        .and_then(|line| line.rsplit_once('('))
        .map(|(_, id)| id.trim_end_matches(')').to_owned())
        .unwrap_or_else(|| panic!("sync status names this computer's id: {status}"));
    folder
        .join("safekeep")
        .join("devices")
        .join(format!("{id}.skv"))
}

/// A unique keychain service name for one test.
pub fn service_name(test: &str) -> String {
    format!("safekeep-test-{}-{test}", std::process::id())
}

/// One test's world: the binary under test, its own data folder and
/// keychain service.
pub struct Env {
    /// The `safekeep` binary (`env!("CARGO_BIN_EXE_safekeep")` in the CLI's
    /// tests).
    pub program: String,
    pub dir: TempDir,
    pub service: String,
    /// Extra variables for every child (e.g. a dead session bus); later
    /// ones win.
    pub extra: Vec<(String, String)>,
    /// Whether the real Secret Service is used, so entries need clearing.
    uses_keychain: bool,
}

impl Env {
    /// A world that uses the session's real Secret Service; fails the test
    /// when there is no session bus.
    pub fn with_keychain(program: &str, test: &str) -> Env {
        require_session_bus();
        Env {
            program: program.to_owned(),
            dir: tempfile::tempdir().expect("temp dir"),
            service: service_name(test),
            extra: Vec::new(),
            uses_keychain: true,
        }
    }

    /// A world in which no Secret Service can be reached: the session bus
    /// address points nowhere.
    pub fn without_keychain(program: &str, test: &str) -> Env {
        Env {
            program: program.to_owned(),
            dir: tempfile::tempdir().expect("temp dir"),
            service: service_name(test),
            extra: vec![(
                "DBUS_SESSION_BUS_ADDRESS".to_owned(),
                "unix:path=/nonexistent".to_owned(),
            )],
            uses_keychain: false,
        }
    }

    /// A world with the real Secret Service whose data folder is `data`
    /// (on a disk of the test's choosing) instead of its own temp dir.
    pub fn with_keychain_in(program: &str, test: &str, data: &Path) -> Env {
        let mut env = Env::with_keychain(program, test);
        env.extra
            .push(("SAFEKEEP_DATA_DIR".to_owned(), data.display().to_string()));
        env
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
        run_command(&self.program, args, &self.envs(), stdin)
    }

    /// Starts `safekeep args` with stdin kept open: see [`WaitingChild`].
    pub fn spawn_waiting(&self, args: &[&str]) -> WaitingChild {
        WaitingChild::spawn(&self.program, args, &self.envs())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clear_header_is_read() {
        let header = br#"{"vault_id":"abc-123","generation": 7}"#;
        let mut file = b"SAFEKEEP\x01\x00".to_vec();
        file.extend_from_slice(&(header.len() as u32).to_le_bytes());
        file.extend_from_slice(header);
        file.extend_from_slice(b"ciphertext");
        assert_eq!(header_json(&file).as_bytes(), header);
        assert_eq!(vault_id(&file), "abc-123");
        assert_eq!(generation(&file), 7);
    }

    /// Each child gets the world's folder and service; an extra variable
    /// added later wins (how `with_keychain_in` moves the data folder).
    #[test]
    fn a_world_gives_each_child_its_folder_and_service() {
        // `env` stands in for the binary: it prints what it was given.
        let mut world = Env::without_keychain("env", "testkit-env");
        let printed = world.run(&[]).ok().to_owned();
        let folder = format!("SAFEKEEP_DATA_DIR={}\n", world.dir.path().display());
        assert!(printed.contains(&folder), "{printed}");
        let service = format!("SAFEKEEP_KEYRING_SERVICE={}\n", service_name("testkit-env"));
        assert!(printed.contains(&service), "{printed}");
        assert!(printed.contains("DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent\n"));
        world
            .extra
            .push(("SAFEKEEP_DATA_DIR".to_owned(), "/elsewhere".to_owned()));
        let printed = world.run(&[]).ok().to_owned();
        assert!(
            printed.contains("SAFEKEEP_DATA_DIR=/elsewhere\n"),
            "{printed}"
        );
    }
}
