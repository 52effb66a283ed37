//! A vault in a synced folder: each computer writes only its own device
//! file, `FOLDER/safekeep/devices/<device-id>.skv`, and reads the merge of
//! every device file there (see [`crate::sync`] for the rules).
//!
//! A device file is a vault file: the same format, the same data key, the
//! same authenticated header (which also names the device, so a file
//! renamed to another device's name is refused). Since no file has two
//! writers, a sync engine never has a conflict to make; conflict copies
//! that appear anyway (an older layout, a copy-paste, a file written on two
//! computers while paused) are merged too, and removed once this
//! computer's own file holds what they held.
//!
//! A file that is half-written (a sync engine still copying it), cut short
//! or not of this vault is never taken for a vault: it is reported
//! ([`DeviceFileProblem`]) and skipped until the next read. So is another
//! device's file older than the newest this computer saw of it: rollback is
//! judged per device file.
//!
//! The data directory keeps `synced-folder.json` (where the folder is and
//! this computer's device id), the lock, and the backups of this
//! computer's own file, none of which is synced.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::contents::{BackupRecord, Settings};
use super::format::{self, FormatError, Key, MAGIC};
use crate::i18n::{Message, MessageArg};
use crate::sync::{DeviceId, DoubleUseKey, Replica};

const LINK_FILE: &str = "synced-folder.json";
const APP_DIR: &str = "safekeep";
const DEVICES_DIR: &str = "devices";
const EXTENSION: &str = ".skv";

/// Where this computer's synced vault is: the folder the user chose and
/// this computer's device id. Kept in the data directory, not synced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncLink {
    /// The folder the sync engine keeps in step (the user's choice).
    pub folder: PathBuf,
    /// This computer.
    pub device: DeviceId,
}

impl SyncLink {
    /// The link kept in the data directory `dir`; `None` when the vault is
    /// not synced. A link file that cannot be read counts as a link to
    /// nowhere, so the vault reports it instead of looking absent (and
    /// `init` never makes a second vault beside it).
    pub(crate) fn read(dir: &Path) -> Option<SyncLink> {
        let text = match fs::read(dir.join(LINK_FILE)) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
            Err(_) => return Some(SyncLink::unreadable(dir)),
        };
        Some(serde_json::from_slice(&text).unwrap_or_else(|_| SyncLink::unreadable(dir)))
    }

    /// A link whose device file is the damaged link file itself: opening
    /// then says that this file is damaged, naming it.
    fn unreadable(dir: &Path) -> SyncLink {
        SyncLink {
            folder: dir.join(LINK_FILE),
            device: DeviceId::from(0),
        }
    }

    /// Writes the link into the data directory `dir`, atomically.
    pub(crate) fn write(&self, dir: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(self).expect("a link always serializes");
        let temp = dir.join(format!(".{LINK_FILE}.tmp-{}", std::process::id()));
        let _ = fs::remove_file(&temp);
        super::write_synced(&temp, &bytes)?;
        fs::rename(&temp, dir.join(LINK_FILE))?;
        super::sync_dir(dir)
    }

    /// `FOLDER/safekeep/devices`.
    pub fn devices_dir(&self) -> PathBuf {
        if self.device == DeviceId::from(0) {
            return self
                .folder
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
        }
        devices_dir_of(&self.folder)
    }

    /// This computer's own device file.
    pub fn own_file(&self) -> PathBuf {
        if self.device == DeviceId::from(0) {
            return self.folder.clone();
        }
        self.devices_dir()
            .join(format!("{}{EXTENSION}", self.device.to_hex()))
    }
}

/// `FOLDER/safekeep/devices`, where every computer's file is.
pub fn devices_dir_of(folder: &Path) -> PathBuf {
    folder.join(APP_DIR).join(DEVICES_DIR)
}

/// The synced folder a person meant when they chose `chosen` to join: a
/// folder dialog makes it easy to go one or two levels too deep, into
/// `FOLDER/safekeep` or `FOLDER/safekeep/devices`, which hold no
/// `safekeep/devices` of their own. A folder that does is taken as it is.
pub fn synced_folder_of_choice(chosen: &Path) -> PathBuf {
    if devices_dir_of(chosen).is_dir() {
        return chosen.to_path_buf();
    }
    let named = |path: &Path, name: &str| path.file_name().is_some_and(|n| n == name);
    let mut folder = chosen;
    if named(folder, DEVICES_DIR)
        && let Some(parent) = folder.parent()
    {
        folder = parent;
    }
    match folder.parent() {
        Some(parent) if named(folder, APP_DIR) && devices_dir_of(parent).is_dir() => {
            parent.to_path_buf()
        }
        _ => chosen.to_path_buf(),
    }
}

/// What a device file holds, encrypted: the shared replica, and what
/// belongs to this computer alone (its settings, its backup reminder, the
/// newest generation it saw of each other device, and the double uses it
/// already reported).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct DeviceContents {
    pub(crate) replica: Replica,
    #[serde(default)]
    pub(crate) settings: Settings,
    #[serde(default)]
    pub(crate) backup: BackupRecord,
    #[serde(default)]
    pub(crate) seen: BTreeMap<DeviceId, u64>,
    #[serde(default)]
    pub(crate) reported: BTreeSet<DoubleUseKey>,
}

/// Another computer's file (or a conflict copy), read and decrypted.
pub(crate) struct OtherFile {
    pub(crate) path: PathBuf,
    pub(crate) device: DeviceId,
    pub(crate) generation: u64,
    /// A sync engine's conflict copy: merged, then removed.
    pub(crate) conflict_copy: bool,
    pub(crate) contents: DeviceContents,
}

/// Why a file in the synced folder was skipped. The file is left as it is
/// and read again next time; the vault opens with the other files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeviceFileProblem {
    /// The file starts like a vault file but ends early or does not
    /// authenticate: the sync engine is still copying it, or it was cut
    /// short. It is skipped until it is whole.
    Incomplete {
        /// The file.
        path: String,
    },
    /// The file is not a device file of this vault (another vault's, or no
    /// vault at all, or renamed from another device's name).
    Foreign {
        /// The file.
        path: String,
    },
    /// The file is older than the newest this computer saw of that
    /// device: an old copy was put back. Tokens used since could look
    /// unused, so it is not read.
    RolledBack {
        /// The file.
        path: String,
        /// Its generation.
        found: u64,
        /// The newest generation seen of that device.
        expected: u64,
    },
    /// Written by a newer Safekeep on that computer.
    NewerVersion {
        /// The file.
        path: String,
        /// Its format version.
        version: u16,
    },
    /// The file could not be read (permissions, a disk error).
    Unreadable {
        /// The file.
        path: String,
        /// What the OS said.
        reason: String,
    },
}

impl Message for DeviceFileProblem {
    fn message_id(&self) -> &'static str {
        match self {
            DeviceFileProblem::Incomplete { .. } => "sync-file-incomplete",
            DeviceFileProblem::Foreign { .. } => "sync-file-foreign",
            DeviceFileProblem::RolledBack { .. } => "sync-file-rolled-back",
            DeviceFileProblem::NewerVersion { .. } => "sync-file-newer",
            DeviceFileProblem::Unreadable { .. } => "sync-file-unreadable",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            DeviceFileProblem::Incomplete { path } | DeviceFileProblem::Foreign { path } => {
                vec![("path", path.as_str().into())]
            }
            DeviceFileProblem::RolledBack {
                path,
                found,
                expected,
            } => vec![
                ("path", path.as_str().into()),
                ("found", (*found).into()),
                ("expected", (*expected).into()),
            ],
            DeviceFileProblem::NewerVersion { path, version } => vec![
                ("path", path.as_str().into()),
                ("version", (*version).into()),
            ],
            DeviceFileProblem::Unreadable { path, reason } => vec![
                ("path", path.as_str().into()),
                ("reason", reason.as_str().into()),
            ],
        }
    }
}
crate::localized_error!(DeviceFileProblem);

/// A file name of the devices folder: whose it is and whether it is a
/// conflict copy. `None` for what is not a device file (temporary files
/// start with a dot and are never read).
fn device_of(name: &str) -> Option<(DeviceId, bool)> {
    if name.starts_with('.') || !name.ends_with(EXTENSION) {
        return None;
    }
    let device = DeviceId::from_hex(name.get(..16)?)?;
    Some((device, name.len() != 16 + EXTENSION.len()))
}

/// Every `.skv` file in the devices folder other than `own`'s own file
/// (its conflict copies included), each read, checked and decrypted; and
/// what was wrong with those that were skipped. `seen` is the newest
/// generation this computer saw of each device.
pub(crate) fn read_others(
    link: &SyncLink,
    vault_id: &str,
    data_key: &Key,
    seen: &BTreeMap<DeviceId, u64>,
) -> (Vec<OtherFile>, Vec<DeviceFileProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut entries: Vec<(String, PathBuf)> = fs::read_dir(link.devices_dir())
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| Some((entry.file_name().into_string().ok()?, entry.path())))
        .collect();
    entries.sort();
    for (name, path) in entries {
        let shown = path.display().to_string();
        let Some((device, conflict_copy)) = device_of(&name) else {
            if name.ends_with(EXTENSION) && !name.starts_with('.') {
                problems.push(DeviceFileProblem::Foreign { path: shown });
            }
            continue;
        };
        if device == link.device && !conflict_copy {
            continue;
        }
        match read_one(&path, device, conflict_copy, vault_id, data_key, seen) {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    (files, problems)
}

fn read_one(
    path: &Path,
    device: DeviceId,
    conflict_copy: bool,
    vault_id: &str,
    data_key: &Key,
    seen: &BTreeMap<DeviceId, u64>,
) -> Result<OtherFile, DeviceFileProblem> {
    let shown = || path.display().to_string();
    let bytes =
        fs::read(path)
            .map(Zeroizing::new)
            .map_err(|error| DeviceFileProblem::Unreadable {
                path: shown(),
                reason: error.to_string(),
            })?;
    // A file cut short before its magic is still "incomplete", not foreign.
    let starts_like_ours =
        bytes.len() < MAGIC.len() && MAGIC.starts_with(&bytes) || bytes.starts_with(MAGIC);
    let incomplete = || DeviceFileProblem::Incomplete { path: shown() };
    let parsed = format::parse(&bytes).map_err(|error| match error {
        FormatError::NewerVersion(version) => DeviceFileProblem::NewerVersion {
            path: shown(),
            version,
        },
        FormatError::Damaged(_) if starts_like_ours => incomplete(),
        FormatError::Damaged(_) => DeviceFileProblem::Foreign { path: shown() },
    })?;
    let header = &parsed.header;
    if header.vault_id != vault_id || header.device.as_deref() != Some(&device.to_hex()) {
        return Err(DeviceFileProblem::Foreign { path: shown() });
    }
    if !conflict_copy
        && let Some(&expected) = seen.get(&device)
        && header.generation < expected
    {
        return Err(DeviceFileProblem::RolledBack {
            path: shown(),
            found: header.generation,
            expected,
        });
    }
    let plaintext = parsed.decrypt(data_key).map_err(|_| incomplete())?;
    let contents: DeviceContents = serde_json::from_slice(&plaintext).map_err(|_| incomplete())?;
    Ok(OtherFile {
        path: path.to_path_buf(),
        device,
        generation: header.generation,
        conflict_copy,
        contents,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_choice_one_or_two_levels_too_deep_is_taken_for_the_synced_folder() {
        let sync = tempfile::tempdir().unwrap();
        let devices = super::devices_dir_of(sync.path());
        std::fs::create_dir_all(&devices).unwrap();
        let app_dir = devices.parent().unwrap();
        for chosen in [sync.path(), app_dir, devices.as_path()] {
            assert_eq!(super::synced_folder_of_choice(chosen), sync.path());
        }
        // A folder of the person's own that happens to be called
        // "safekeep" and holds the layout is the synced folder itself.
        let own = sync
            .path()
            .join("safekeep")
            .join("safekeep")
            .join("devices");
        std::fs::create_dir_all(&own).unwrap();
        let named_safekeep = sync.path().join("safekeep");
        assert_eq!(
            super::synced_folder_of_choice(&named_safekeep),
            named_safekeep
        );
        // Anything else is left as chosen, for join to say what is wrong.
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(
            super::synced_folder_of_choice(elsewhere.path()),
            elsewhere.path()
        );
    }

    use super::*;

    #[test]
    fn device_files_and_conflict_copies_are_told_apart_from_the_rest() {
        let id = DeviceId::from(0xabc);
        let hex = id.to_hex();
        assert_eq!(device_of(&format!("{hex}.skv")), Some((id, false)));
        assert_eq!(
            device_of(&format!("{hex}.sync-conflict-20261206-101010-ABCDEFG.skv")),
            Some((id, true))
        );
        assert_eq!(device_of(&format!(".{hex}.skv.tmp-12")), None);
        assert_eq!(device_of(&format!(".syncthing.{hex}.skv.tmp")), None);
        assert_eq!(device_of("notes.txt"), None);
        assert_eq!(device_of("vault.skv"), None);
    }
}
