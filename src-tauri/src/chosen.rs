//! Files the user chooses in the system's open dialog (a QR picture, an
//! export to import, a backup to restore): the dialog runs from Rust and
//! Rust reads the file when it is used, so the window needs no access to the
//! file system, and a file moved since it was chosen gets our own words.
//! Each kind remembers the last file chosen until another one or a lock.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use safekeep_core::formats;
use safekeep_core::i18n::localize;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

use crate::error::Problem;
use crate::state::AppState;

/// What a file is chosen for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// A picture of a QR code, to add the accounts it holds.
    Image,
    /// Another app's export, to import.
    Import,
    /// An encrypted Safekeep backup, to restore.
    Backup,
    /// The folder a sync program keeps in step between computers, to keep
    /// the vault in or to join the vault there (a folder, not a file).
    SyncFolder,
}

impl FileKind {
    /// Fluent id of the dialog's title.
    fn title(self) -> &'static str {
        match self {
            FileKind::Image => "app-open-image",
            FileKind::Import => "app-open-import",
            FileKind::Backup => "app-open-backup",
            FileKind::SyncFolder => "app-choose-sync-folder",
        }
    }

    /// The file types the dialog offers; every file for an import, whose
    /// format is recognised from its contents.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Image => &["png", "jpg", "jpeg", "PNG", "JPG", "JPEG"],
            FileKind::Import | FileKind::SyncFolder => &[],
            FileKind::Backup => &["skbackup"],
        }
    }
}

impl FileKind {
    /// Where the dialog opens: where Safekeep writes backups for a backup,
    /// the pictures folder for a picture (screenshots land there), the
    /// downloads folder for an export, Syncthing's default folder (`~/Sync`)
    /// for a synced folder; the home folder when there is none.
    fn start_folder(self) -> Option<PathBuf> {
        let dirs = directories::UserDirs::new()?;
        let home = dirs.home_dir().to_path_buf();
        let folder = match self {
            FileKind::Backup => crate::commands::transfer::folder(),
            FileKind::Image => dirs.picture_dir().map(PathBuf::from),
            FileKind::Import => dirs.download_dir().map(PathBuf::from),
            FileKind::SyncFolder => Some(home.join("Sync")),
        };
        Some(folder.filter(|folder| folder.is_dir()).unwrap_or(home))
    }
}

/// The file just chosen, as the window shows it.
#[derive(Serialize)]
pub struct ChosenFile {
    /// Its name, without the folder.
    pub name: String,
    /// Where it is, whole: a synced folder is known by its path.
    pub path: String,
}

/// The last file chosen of each kind.
#[derive(Default)]
pub struct ChosenFiles(Mutex<HashMap<FileKind, PathBuf>>);

impl ChosenFiles {
    fn files(&self) -> MutexGuard<'_, HashMap<FileKind, PathBuf>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Remembers `path` as the file of `kind`, and names it for the window.
    fn remember(&self, kind: FileKind, path: PathBuf) -> ChosenFile {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let shown = path.display().to_string();
        self.files().insert(kind, path);
        ChosenFile { name, path: shown }
    }

    /// The chosen folder or file of `kind`, to use now.
    pub fn path(&self, kind: FileKind) -> Result<PathBuf, Problem> {
        self.files()
            .get(&kind)
            .cloned()
            .ok_or_else(|| Problem::app("app-no-file-chosen"))
    }

    /// Forgets every chosen file (on lock).
    pub fn forget(&self) {
        self.files().clear();
    }

    /// The bytes to use for `kind`: those the window passed (a file dropped
    /// on it), else the chosen file's, read now (within the import size
    /// cap); a file moved since it was chosen is refused in our words.
    pub fn bytes(
        &self,
        kind: FileKind,
        dropped: Option<Vec<u8>>,
    ) -> Result<Zeroizing<Vec<u8>>, Problem> {
        if let Some(bytes) = dropped {
            return Ok(Zeroizing::new(bytes));
        }
        Ok(formats::read_chosen_file(&self.path(kind)?)?)
    }
}

/// Asks the user for a file of `kind` with the system's open dialog, over
/// the main window, and remembers it; `None` when they cancel.
pub fn choose(app: &AppHandle, state: &AppState, kind: FileKind) -> Option<ChosenFile> {
    let mut dialog = app
        .dialog()
        .file()
        .set_title(localize(state.language(), kind.title(), &[]));
    if !kind.extensions().is_empty() {
        dialog = dialog.add_filter(kind.extensions()[0], kind.extensions());
    }
    if let Some(folder) = kind.start_folder() {
        dialog = dialog.set_directory(folder);
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let picked = match kind {
        FileKind::SyncFolder => dialog.blocking_pick_folder(),
        _ => dialog.blocking_pick_file(),
    };
    let path = picked?.into_path().ok()?;
    Some(state.chosen.remember(kind, path))
}
