//! A tray host of the test's own (`tests/tray_host.py`): the
//! StatusNotifierWatcher a desktop panel runs, on the test's session bus,
//! and a panel's clicks in the menu of the tray item that registers with it
//! (through `com.canonical.dbusmenu`, as a panel does).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Guarded, PATIENCE};

/// Debian's python3-dbus-next is for Debian's Python.
const PYTHON: &str = "/usr/bin/python3";

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tray_host.py")
}

/// A running tray host; the tray is gone when it is dropped.
pub struct TrayHost {
    _watcher: Guarded,
    registered: tempfile::NamedTempFile,
}

impl TrayHost {
    /// Starts the watcher and waits until it owns its bus name, so an app
    /// started from now on finds a tray.
    pub fn start() -> TrayHost {
        let registered = tempfile::NamedTempFile::new().expect("a temp file");
        let mut watcher = Command::new(PYTHON)
            .arg(script())
            .arg("watch")
            .arg(registered.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the tray host (apt package python3-dbus-next)");
        let stdout = watcher.stdout.take().expect("piped stdout");
        let watcher = Guarded(watcher);
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the tray host reports");
        assert_eq!(line.trim(), "ready", "the tray host did not start");
        TrayHost {
            _watcher: watcher,
            registered,
        }
    }

    /// The first tray item that registered, waiting (at most [`PATIENCE`])
    /// for one.
    pub fn wait_for_item(&self) -> TrayItem {
        let started = Instant::now();
        loop {
            let registered =
                std::fs::read_to_string(self.registered.path()).expect("read the tray's items");
            if let Some((name, path)) = registered.lines().next().and_then(|l| l.split_once(' ')) {
                return TrayItem {
                    name: name.to_owned(),
                    path: path.to_owned(),
                };
            }
            assert!(
                started.elapsed() < PATIENCE,
                "no tray item registered with the tray"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// An app's icon in the tray.
pub struct TrayItem {
    name: String,
    path: String,
}

impl TrayItem {
    /// The labels of its menu as a panel shows them, a disabled entry
    /// followed by " (disabled)".
    pub fn labels(&self) -> Vec<String> {
        let output = Command::new(PYTHON)
            .arg(script())
            .args(["labels", &self.name, &self.path])
            .output()
            .expect("python3 runs the tray host");
        assert!(
            output.status.success(),
            "reading the tray menu failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout)
            .expect("utf-8")
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// Waits (at most [`PATIENCE`]) until the menu holds `label`, and
    /// returns the whole menu.
    pub fn wait_for_label(&self, label: &str) -> Vec<String> {
        let started = Instant::now();
        loop {
            let labels = self.labels();
            if labels.iter().any(|shown| shown == label) {
                return labels;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "the tray menu never showed {label:?}: {labels:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks the menu entry labelled `label`, as a person does in a panel.
    pub fn click(&self, label: &str) {
        let output = Command::new(PYTHON)
            .arg(script())
            .args(["click", &self.name, &self.path, label])
            .output()
            .expect("python3 runs the tray host");
        assert!(
            output.status.success(),
            "clicking {label:?} in the tray menu failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Whether a program other than the test holds `modifiers`+`key` (x11rb
/// ModMask bits and a keysym) as a global shortcut on `display`: the X
/// server lets one client grab a key combination at a time, so the test's
/// own grab fails exactly when another holds it. The test's grab, if it
/// succeeds, is kept while the returned connection lives, so the test can
/// also play "another program that holds it"; `None` when another holds it.
pub fn grab_key(
    display: &str,
    modifiers: x11rb::protocol::xproto::ModMask,
    keysym: u32,
) -> Option<x11rb::rust_connection::RustConnection> {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, GrabMode};
    let (x, screen) = x11rb::connect(Some(display)).expect("connect to the X server");
    let root = x.setup().roots[screen].root;
    let (min, max) = (x.setup().min_keycode, x.setup().max_keycode);
    let mapping = x
        .get_keyboard_mapping(min, max - min + 1)
        .expect("ask for the keyboard map")
        .reply()
        .expect("the keyboard map");
    let per = usize::from(mapping.keysyms_per_keycode);
    let keycode = mapping
        .keysyms
        .chunks(per)
        .position(|syms| syms.contains(&keysym))
        .map(|index| min + u8::try_from(index).expect("a keycode"))
        .expect("the key is on the keyboard");
    let grabbed = x
        .grab_key(
            false,
            root,
            modifiers,
            keycode,
            GrabMode::ASYNC,
            GrabMode::ASYNC,
        )
        .expect("send the grab")
        .check();
    grabbed.ok().map(|()| x)
}
