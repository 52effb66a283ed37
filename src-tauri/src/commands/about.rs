//! What the window shows about the app itself, in Settings' About section:
//! the version and licence Cargo built it with (from the workspace's
//! Cargo.toml, the same the command line's `--version` reports).

use crate::views::AppInfo;

/// The app's version and licence.
#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        licence: env!("CARGO_PKG_LICENSE"),
    }
}
