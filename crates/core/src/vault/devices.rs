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
use super::slots::Slot;
use crate::i18n::{Message, MessageArg};
use crate::sync::{DeviceId, DoubleUseKey, Replica};

const LINK_FILE: &str = "synced-folder.json";
const APP_DIR: &str = "safekeep";
const DEVICES_DIR: &str = "devices";
const REMOVED_DIR: &str = "removed";
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

    /// The note another computer leaves, in `FOLDER/safekeep/removed/`,
    /// when it removes `device` from the vault. Not authenticated: it only
    /// words why this computer's own file is gone.
    pub(crate) fn removal_note(&self, device: DeviceId) -> PathBuf {
        self.folder
            .join(APP_DIR)
            .join(REMOVED_DIR)
            .join(device.to_hex())
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
/// newest generation it saw of each other device, the double uses it
/// already reported, and the data keys its key replaced; see
/// `key_change.rs`).
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
    /// Data keys this file's key replaced, still used to read the files of
    /// computers that have not caught up with the new key. Left out of
    /// files that never had one, so they keep their exact bytes.
    #[serde(default, skip_serializing_if = "OlderKeys::is_empty")]
    pub(crate) older_keys: OlderKeys,
    /// Data keys replaced and no longer read with (all caught up, or a
    /// computer that had them was removed), by their [`KeyId`] only: what
    /// lets a computer still on one of them recognise this file's key as
    /// its successor.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub(crate) replaced_key_ids: BTreeSet<KeyId>,
}

/// Replaced data keys (see [`DeviceContents::older_keys`]): wiped when
/// dropped, and never shown by `Debug`.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct OlderKeys(pub(crate) Vec<Key>);

impl OlderKeys {
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for OlderKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OlderKeys({} keys)", self.0.len())
    }
}

impl Serialize for OlderKeys {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The encoded keys go straight into the contents buffer, which is
        // wiped; each temporary encoding is wiped too.
        struct Encoded(Zeroizing<String>);
        impl Serialize for Encoded {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }
        serializer.collect_seq(
            self.0
                .iter()
                .map(|key| Encoded(Zeroizing::new(data_encoding::BASE64.encode(key.as_ref())))),
        )
    }
}

impl<'de> Deserialize<'de> for OlderKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> serde::de::Visitor<'de> for KeysVisitor {
            type Value = OlderKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of base64 keys")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OlderKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(OneKey(key)) = seq.next_element()? {
                    keys.push(key);
                }
                Ok(OlderKeys(keys))
            }
        }
        deserializer.deserialize_seq(KeysVisitor)
    }
}

/// One base64 key, decoded into wiped memory.
struct OneKey(Key);

impl<'de> Deserialize<'de> for OneKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = OneKey;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a base64 key of 32 bytes")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<OneKey, E> {
                let bytes = Zeroizing::new(
                    data_encoding::BASE64
                        .decode(text.as_bytes())
                        .map_err(|_| E::custom("not base64"))?,
                );
                let mut key = Zeroizing::new([0u8; 32]);
                if bytes.len() != key.len() {
                    return Err(E::custom("not a 32-byte key"));
                }
                key.copy_from_slice(&bytes);
                Ok(OneKey(key))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Names a data key without revealing it: the first 16 bytes of a SHA-256
/// of the key under a label of its own, in hex.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct KeyId(String);

impl KeyId {
    pub(crate) fn of(key: &Key) -> KeyId {
        use sha2::Digest;
        let mut hash = sha2::Sha256::new();
        hash.update(b"safekeep-data-key-id-v1\0");
        hash.update(key.as_ref());
        KeyId(data_encoding::HEXLOWER.encode(&hash.finalize()[..16]))
    }
}

/// What `file` holds as a device file, if `key` opens it and it holds one.
pub(crate) fn device_contents(file: &format::ParsedFile<'_>, key: &Key) -> Option<DeviceContents> {
    let plaintext = file.decrypt(key).ok()?;
    serde_json::from_slice(&plaintext).ok()
}

/// Another computer's file (or a conflict copy), read and decrypted.
pub(crate) struct OtherFile {
    pub(crate) path: PathBuf,
    pub(crate) device: DeviceId,
    pub(crate) generation: u64,
    /// A sync engine's conflict copy: merged, then removed.
    pub(crate) conflict_copy: bool,
    /// Read with a key this computer's key replaced: that computer has not
    /// caught up yet.
    pub(crate) under_older_key: bool,
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
    /// The file is under a key this vault no longer reads with (a computer
    /// was removed since): that computer has not caught up with the new
    /// key. It is read again once it has.
    NotCaughtUp {
        /// The file.
        path: String,
    },
    /// The file is of a computer removed from this vault: it is not read.
    RemovedComputer {
        /// The file.
        path: String,
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
            DeviceFileProblem::RemovedComputer { .. } => "sync-file-removed-computer",
            DeviceFileProblem::NotCaughtUp { .. } => "sync-file-not-caught-up",
            DeviceFileProblem::Unreadable { .. } => "sync-file-unreadable",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            DeviceFileProblem::Incomplete { path }
            | DeviceFileProblem::Foreign { path }
            | DeviceFileProblem::RemovedComputer { path }
            | DeviceFileProblem::NotCaughtUp { path } => {
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
pub(crate) fn device_of(name: &str) -> Option<(DeviceId, bool)> {
    if name.starts_with('.') || !name.ends_with(EXTENSION) {
        return None;
    }
    let device = DeviceId::from_hex(name.get(..16)?)?;
    Some((device, name.len() != 16 + EXTENSION.len()))
}

/// The keys a device file may be under, as far as this computer knows.
pub(crate) struct ReadKeys<'a> {
    /// This computer's data key.
    pub(crate) current: &'a Key,
    /// The keys it replaced, still read with.
    pub(crate) older: &'a [Key],
    /// The ids of keys replaced and no longer read with: a file under one
    /// of them is of a computer that has not caught up.
    pub(crate) replaced: &'a BTreeSet<KeyId>,
    /// This computer's own password slot. A file of this vault that no key
    /// here opens, and whose password slot is another, was written under a
    /// key this computer has not caught up with; with the same slot it is
    /// under the same key, so it is only incomplete. (Only for files from
    /// before headers named their key.)
    pub(crate) own_password_slot: Option<&'a Slot>,
}

/// What [`read_others`] found.
#[derive(Default)]
pub(crate) struct FolderRead {
    /// The files read.
    pub(crate) files: Vec<OtherFile>,
    /// The files skipped, and why.
    pub(crate) problems: Vec<DeviceFileProblem>,
    /// Files of this vault under a newer key than this computer has: their
    /// path and device (taken from the file's name and its header, neither
    /// authenticated; used only to say so, never to read anything).
    pub(crate) newer_key: Vec<(PathBuf, DeviceId)>,
    /// Files of this vault under a key replaced and no longer read with
    /// (taken from the header, not authenticated): their computer has not
    /// caught up.
    pub(crate) replaced_key: Vec<(PathBuf, DeviceId)>,
}

/// Every `.skv` file in the devices folder other than `own`'s own file
/// (its conflict copies included), each read, checked and decrypted; and
/// what was wrong with those that were skipped. `seen` is the newest
/// generation this computer saw of each device.
pub(crate) fn read_others(
    link: &SyncLink,
    vault_id: &str,
    keys: &ReadKeys<'_>,
    seen: &BTreeMap<DeviceId, u64>,
) -> FolderRead {
    let mut read = FolderRead::default();
    for (name, path) in device_files(link) {
        let shown = path.display().to_string();
        let Some((device, conflict_copy)) = device_of(&name) else {
            read.problems
                .push(DeviceFileProblem::Foreign { path: shown });
            continue;
        };
        if device == link.device && !conflict_copy {
            continue;
        }
        match read_one(&path, device, conflict_copy, vault_id, keys, seen) {
            Ok(file) => read.files.push(file),
            Err(Skipped::Problem(problem)) => read.problems.push(problem),
            Err(Skipped::NewerKey) => read.newer_key.push((path, device)),
            Err(Skipped::ReplacedKey) => read.replaced_key.push((path, device)),
        }
    }
    read
}

/// The names and paths of the `.skv` files in the devices folder (not the
/// temporary ones), sorted.
pub(crate) fn device_files(link: &SyncLink) -> Vec<(String, PathBuf)> {
    let mut entries: Vec<(String, PathBuf)> = fs::read_dir(link.devices_dir())
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| Some((entry.file_name().into_string().ok()?, entry.path())))
        .filter(|(name, _)| name.ends_with(EXTENSION) && !name.starts_with('.'))
        .collect();
    entries.sort();
    entries
}

/// Why [`read_one`] skipped a file.
enum Skipped {
    /// Something to show (see [`DeviceFileProblem`]).
    Problem(DeviceFileProblem),
    /// Under a key this computer has not caught up with.
    NewerKey,
    /// Under a key this computer replaced and no longer reads with.
    ReplacedKey,
}

fn read_one(
    path: &Path,
    device: DeviceId,
    conflict_copy: bool,
    vault_id: &str,
    keys: &ReadKeys<'_>,
    seen: &BTreeMap<DeviceId, u64>,
) -> Result<OtherFile, Skipped> {
    let shown = || path.display().to_string();
    let bytes = fs::read(path).map(Zeroizing::new).map_err(|error| {
        Skipped::Problem(DeviceFileProblem::Unreadable {
            path: shown(),
            reason: error.to_string(),
        })
    })?;
    // A file cut short before its magic is still "incomplete", not foreign.
    let starts_like_ours =
        bytes.len() < MAGIC.len() && MAGIC.starts_with(&bytes) || bytes.starts_with(MAGIC);
    let incomplete = || Skipped::Problem(DeviceFileProblem::Incomplete { path: shown() });
    let parsed = format::parse(&bytes).map_err(|error| {
        Skipped::Problem(match error {
            FormatError::NewerVersion(version) => DeviceFileProblem::NewerVersion {
                path: shown(),
                version,
            },
            FormatError::Damaged(_) if starts_like_ours => {
                DeviceFileProblem::Incomplete { path: shown() }
            }
            FormatError::Damaged(_) => DeviceFileProblem::Foreign { path: shown() },
        })
    })?;
    let header = &parsed.header;
    if header.vault_id != vault_id || header.device.as_deref() != Some(&device.to_hex()) {
        return Err(Skipped::Problem(DeviceFileProblem::Foreign {
            path: shown(),
        }));
    }
    if !conflict_copy
        && let Some(&expected) = seen.get(&device)
        && header.generation < expected
    {
        return Err(Skipped::Problem(DeviceFileProblem::RolledBack {
            path: shown(),
            found: header.generation,
            expected,
        }));
    }
    // AES-GCM authenticates: a key that is not the file's just fails.
    let (plaintext, under_older_key) = match parsed.decrypt(keys.current) {
        Ok(plaintext) => (plaintext, false),
        Err(_) => {
            let older = keys.older.iter().find_map(|key| parsed.decrypt(key).ok());
            match older {
                Some(plaintext) => (plaintext, true),
                None => return Err(not_opened(header, conflict_copy, keys, shown())),
            }
        }
    };
    let contents: DeviceContents = serde_json::from_slice(&plaintext).map_err(|_| incomplete())?;
    Ok(OtherFile {
        path: path.to_path_buf(),
        device,
        generation: header.generation,
        conflict_copy,
        under_older_key,
        contents,
    })
}

/// Why no key here opens a device file whose header is of this vault (the
/// header is not authenticated yet: this only says which it looks like).
fn not_opened(
    header: &format::Header,
    conflict_copy: bool,
    keys: &ReadKeys<'_>,
    path: String,
) -> Skipped {
    let incomplete = Skipped::Problem(DeviceFileProblem::Incomplete { path: path.clone() });
    if conflict_copy {
        // A key change shows in the computer's own file; a conflict copy
        // that no key opens is an old one.
        return incomplete;
    }
    match &header.key_id {
        Some(id) if keys.replaced.contains(id) => Skipped::ReplacedKey,
        Some(id) if *id == KeyId::of(keys.current) => incomplete,
        Some(_) => Skipped::NewerKey,
        None if password_slot(header) != keys.own_password_slot => Skipped::NewerKey,
        None => incomplete,
    }
}

/// The password slot of a header, if it has one.
pub(crate) fn password_slot(header: &format::Header) -> Option<&Slot> {
    header
        .slots
        .iter()
        .find(|slot| matches!(slot, Slot::Password { .. }))
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

    #[test]
    fn a_device_file_from_before_key_changes_reads_and_is_written_the_same() {
        let before = r#"{"replica":{}}"#;
        let contents: DeviceContents = serde_json::from_str(before).unwrap();
        assert!(contents.older_keys.is_empty() && contents.replaced_key_ids.is_empty());
        let written = serde_json::to_string(&contents).unwrap();
        assert!(
            !written.contains("older_keys") && !written.contains("replaced_key_ids"),
            "{written}"
        );
        let again: DeviceContents = serde_json::from_str(&written).unwrap();
        assert_eq!(again, contents);
    }

    #[test]
    fn older_keys_are_kept_whole_and_never_shown_by_debug() {
        let key = format::random_key();
        let contents = DeviceContents {
            older_keys: OlderKeys(vec![key.clone()]),
            replaced_key_ids: [KeyId::of(&format::random_key())].into(),
            ..DeviceContents::default()
        };
        let written = serde_json::to_string(&contents).unwrap();
        let encoded = data_encoding::BASE64.encode(key.as_ref());
        assert!(written.contains(&encoded));
        let again: DeviceContents = serde_json::from_str(&written).unwrap();
        assert_eq!(again, contents);
        let shown = format!("{contents:?}");
        assert!(!shown.contains(&encoded), "{shown}");
        assert!(!shown.contains(&format!("{:?}", key.as_ref())), "{shown}");
        assert!(shown.contains("OlderKeys(1 keys)"), "{shown}");
        assert!(
            !shown.contains(&data_encoding::HEXLOWER.encode(key.as_ref())),
            "{shown}"
        );
        // A key id names a key without being it.
        assert_ne!(
            KeyId::of(&key).0,
            data_encoding::HEXLOWER.encode(&key[..16])
        );
        let not_a_key = written.replace(&encoded, "AAAA");
        assert!(serde_json::from_str::<DeviceContents>(&not_a_key).is_err());
    }
}
