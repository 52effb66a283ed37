//! Settings of the desktop app on this computer that must be known while the
//! vault is locked, and so cannot live in it: whether closing the window
//! keeps Safekeep in the tray, whether the user has been told so once, and
//! the shortcut that opens the quick pick.
//!
//! They are no secret and belong to one computer, not to the vault (a vault
//! restored or moved to another computer does not take them along). They
//! live in `desktop.json` beside the vault. A missing or unreadable file
//! gives the defaults: losing these two choices costs the user one click,
//! never an account, so reading them never fails.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::vault::VaultLocation;

/// The file's name in the data folder.
const FILE_NAME: &str = "desktop.json";

/// The desktop app's own settings on this computer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DesktopSettings {
    /// Closing the window hides it while a tray shows Safekeep's icon, so
    /// the tray menu stays at hand; without a tray, closing quits as ever.
    pub close_to_tray: bool,
    /// Whether the user has seen, once, where a closed window went.
    pub tray_notice_seen: bool,
    /// The shortcut that opens the quick pick from anywhere, as Tauri's
    /// global-shortcut plugin writes it ("Ctrl+Alt+K"); `None` turns it off.
    pub quick_pick_shortcut: Option<String>,
}

/// The quick pick's shortcut until the user changes it.
pub const DEFAULT_QUICK_PICK_SHORTCUT: &str = "Ctrl+Alt+K";

impl Default for DesktopSettings {
    fn default() -> Self {
        // On, as Ente Auth and most tray apps do: a user who wanted the tray
        // started the app with it, and the first close says where it went.
        DesktopSettings {
            close_to_tray: true,
            tray_notice_seen: false,
            quick_pick_shortcut: Some(DEFAULT_QUICK_PICK_SHORTCUT.to_owned()),
        }
    }
}

impl DesktopSettings {
    /// Where they are kept for the vault at `location`.
    pub fn path(location: &VaultLocation) -> PathBuf {
        location.dir().join(FILE_NAME)
    }

    /// The settings kept at `path`, or the defaults when there are none or
    /// the file cannot be read as them.
    pub fn load(path: &Path) -> DesktopSettings {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Keeps them at `path`, whole or not at all: written to a new file in
    /// the same folder and renamed over the old one.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        crate::vault::create_private_dir(dir)?;
        let bytes = serde_json::to_vec_pretty(self)?;
        let temporary = dir.join(format!(".{FILE_NAME}.{}.tmp", uuid::Uuid::new_v4()));
        crate::vault::write_synced(&temporary, &bytes)?;
        if let Err(error) = std::fs::rename(&temporary, path) {
            let _ = std::fs::remove_file(&temporary);
            return Err(error);
        }
        crate::vault::sync_dir(dir)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_damaged_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert_eq!(DesktopSettings::load(&path), DesktopSettings::default());
        std::fs::write(&path, b"{\"close_to_tray\": tru").unwrap();
        assert_eq!(DesktopSettings::load(&path), DesktopSettings::default());
        assert!(DesktopSettings::default().close_to_tray);
    }

    #[test]
    fn saved_settings_are_read_back_and_unknown_fields_keep_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join(FILE_NAME);
        let chosen = DesktopSettings {
            close_to_tray: false,
            tray_notice_seen: true,
            quick_pick_shortcut: None,
        };
        chosen.save(&path).unwrap();
        assert_eq!(DesktopSettings::load(&path), chosen);
        std::fs::write(&path, br#"{"tray_notice_seen": true, "later": 1}"#).unwrap();
        assert_eq!(
            DesktopSettings::load(&path),
            DesktopSettings {
                tray_notice_seen: true,
                ..DesktopSettings::default()
            }
        );
    }
}
