//! The [`Vault`] of a computer whose vault lives in a synced folder: what
//! its reads merge, what its changes write, and how a computer moves its
//! vault into a folder or joins one (see `devices.rs` for the files).
//!
//! Everything else about the vault (the lock, the atomic save, backups,
//! the per-file rollback check of this computer's own file) is the same
//! code as for `vault.skv`.

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::devices::{
    DeviceContents, DeviceFileProblem, FolderRead, KeyId, OlderKeys, ReadKeys, SyncLink,
    device_contents, password_slot, read_others,
};
use super::format::{self, Header, Key, ParsedFile};
use super::key_change::KeyChangedElsewhere;
use super::slots::Slot;
use super::{
    DamagedPart, OpenError, OpenOptions, Unlock, UpdateError, Vault, VaultContents, VaultLocation,
    kinds_of, new_keychain_slot, serialize_contents, unwrap_password_slot,
};
use crate::i18n::{Message, MessageArg};
use crate::keychain::Keychain;
use crate::sync::{
    DeviceId, DoubleUse, DoubleUseKey, Replica, double_uses, merge_all, wall_millis,
};

/// What a synced vault handle knows besides the merged view.
#[derive(Clone)]
pub(super) struct SyncState {
    link: SyncLink,
    /// This computer's own file as last read or written.
    pub(super) own: DeviceContents,
    /// The merge of the own file and every other file read.
    merged: Replica,
    /// The other files read, without their contents.
    others: Vec<OtherSummary>,
    /// Files skipped at the last read.
    problems: Vec<DeviceFileProblem>,
    /// Double uses not yet reported on this computer.
    double_uses: Vec<DoubleUse>,
    /// Files under a newer data key than this computer's: another computer
    /// changed the password or the key, and this one has not caught up.
    pub(super) newer_key: Vec<KeyChangedElsewhere>,
    /// Every computer in the list has its file here, each read with this
    /// computer's current key: the keys it replaced are no longer needed
    /// to read anything, and the next save keeps only their ids.
    all_on_current_key: bool,
    /// Another computer's file, read with a key this computer replaced,
    /// keeps this computer's current key among the keys it replaced: each
    /// caught up with the other's key at once (see
    /// [`Vault::settle_crossed_key`]).
    pub(super) crossed_key: bool,
    /// The names, sizes and times of the folder's files at the last read,
    /// to tell whether another computer's file changed.
    fingerprint: Vec<(PathBuf, u64, Option<std::time::SystemTime>)>,
}

#[derive(Clone)]
struct OtherSummary {
    path: PathBuf,
    device: DeviceId,
    generation: u64,
    conflict_copy: bool,
    modified: Option<std::time::SystemTime>,
}

/// One computer in [`SyncStatus`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceStatus {
    /// Its id.
    pub device: DeviceId,
    /// The name it gave itself.
    pub name: String,
    /// When its file last changed here (Unix seconds): when this computer
    /// last heard from it. `None` for this computer and for a computer
    /// whose file is not (yet) in the folder.
    pub last_seen: Option<i64>,
}

/// Which computers share the vault, as this one sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncStatus {
    /// The synced folder.
    pub folder: PathBuf,
    /// This computer.
    pub this_device: DeviceStatus,
    /// The others, by name.
    pub others: Vec<DeviceStatus>,
    /// Files skipped at the last read.
    pub problems: Vec<DeviceFileProblem>,
    /// Another computer changed the vault's password or key, and this one
    /// has not caught up yet (see [`Vault::catch_up_with_new_password`]).
    pub key_changed_elsewhere: Option<KeyChangedElsewhere>,
}

/// Why the vault could not be moved into a synced folder. Nothing moved.
#[derive(Clone, Debug, PartialEq)]
pub enum EnableSyncError {
    /// The vault has no password slot: another computer could never open
    /// it to join.
    PasswordSlotNeeded,
    /// The vault is already in a synced folder.
    AlreadySynced {
        /// That folder.
        folder: String,
    },
    /// The folder already holds a synced vault's files: join it instead.
    FolderInUse {
        /// The devices folder.
        path: String,
    },
    /// The folder could not be prepared or written.
    Io {
        /// The folder.
        path: String,
        /// What the OS said.
        reason: String,
    },
}

/// Why this computer could not join a synced vault. Nothing was written.
#[derive(Clone, Debug, PartialEq)]
pub enum JoinError {
    /// This computer already has a vault; joining would hide it.
    AlreadyHasVault {
        /// Its file.
        path: String,
    },
    /// The folder holds no device file that opens: nothing to join.
    NothingToJoin {
        /// The devices folder.
        path: String,
    },
    /// No device file there has a password slot: only a password lets a
    /// new computer in, since the other computers' keychains stay on them.
    NoPasswordSlot,
    /// The password does not open the vault there.
    WrongPassword,
    /// The new file or the link could not be written.
    Io {
        /// The folder.
        path: String,
        /// What the OS said.
        reason: String,
    },
    /// Joined, but opening the result failed.
    Open(OpenError),
}

fn io_args(path: &str, reason: &str) -> Vec<(&'static str, MessageArg)> {
    vec![("path", path.into()), ("reason", reason.into())]
}

impl Message for EnableSyncError {
    fn message_id(&self) -> &'static str {
        match self {
            EnableSyncError::PasswordSlotNeeded => "sync-enable-password-needed",
            EnableSyncError::AlreadySynced { .. } => "sync-enable-already",
            EnableSyncError::FolderInUse { .. } => "sync-enable-folder-in-use",
            EnableSyncError::Io { .. } => "sync-io",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            EnableSyncError::PasswordSlotNeeded => Vec::new(),
            EnableSyncError::AlreadySynced { folder } => vec![("path", folder.as_str().into())],
            EnableSyncError::FolderInUse { path } => vec![("path", path.as_str().into())],
            EnableSyncError::Io { path, reason } => io_args(path, reason),
        }
    }
}

impl Message for JoinError {
    fn message_id(&self) -> &'static str {
        match self {
            JoinError::AlreadyHasVault { .. } => "sync-join-has-vault",
            JoinError::NothingToJoin { .. } => "sync-join-nothing",
            JoinError::NoPasswordSlot => "sync-join-no-password-slot",
            JoinError::WrongPassword => "vault-wrong-password",
            JoinError::Io { .. } => "sync-io",
            JoinError::Open(error) => error.message_id(),
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            JoinError::AlreadyHasVault { path } | JoinError::NothingToJoin { path } => {
                vec![("path", path.as_str().into())]
            }
            JoinError::NoPasswordSlot | JoinError::WrongPassword => Vec::new(),
            JoinError::Io { path, reason } => io_args(path, reason),
            JoinError::Open(error) => error.message_args(),
        }
    }
}
crate::localized_error!(EnableSyncError, JoinError);

/// The contents of a file just parsed and decrypted: a plain vault's, or a
/// device file's merged with every other file in the folder.
pub(super) fn load(
    location: &VaultLocation,
    parsed: &ParsedFile<'_>,
    data_key: &Key,
    previous: Option<&SyncState>,
) -> Result<(VaultContents, Option<Box<SyncState>>), OpenError> {
    let plaintext = parsed
        .decrypt(data_key)
        .map_err(|e| OpenError::from_format(location, e))?;
    let damaged = || OpenError::Damaged {
        path: location.vault_file().display().to_string(),
        part: DamagedPart::Contents,
    };
    let Some(link) = location.synced() else {
        let contents = serde_json::from_slice(&plaintext).map_err(|_| damaged())?;
        return Ok((contents, None));
    };
    if parsed.header.device.as_deref() != Some(link.device.to_hex().as_str()) {
        return Err(OpenError::Replaced {
            path: location.vault_file().display().to_string(),
        });
    }
    let own: DeviceContents = serde_json::from_slice(&plaintext).map_err(|_| damaged())?;
    let mut seen = own.seen.clone();
    if let Some(previous) = previous {
        for other in previous.others.iter().filter(|o| !o.conflict_copy) {
            let entry = seen.entry(other.device).or_insert(0);
            *entry = (*entry).max(other.generation);
        }
    }
    let fingerprint = fingerprint(link);
    let keys = ReadKeys {
        current: data_key,
        older: &own.older_keys.0,
        replaced: &own.replaced_key_ids,
        own_password_slot: password_slot(&parsed.header),
    };
    let read = read_others(link, &parsed.header.vault_id, &keys, &seen);
    let crossed_key = read.files.iter().any(|file| {
        file.under_older_key
            && !file.conflict_copy
            && file
                .contents
                .older_keys
                .0
                .iter()
                .any(|key| **key == **data_key)
    });
    let mut state = SyncState::new(link.clone(), own, read, fingerprint);
    state.crossed_key = crossed_key;
    if state.merged.is_removed(link.device) {
        return Err(OpenError::RemovedFromSync {
            folder: link.folder.display().to_string(),
        });
    }
    let view = state.view();
    Ok((view, Some(Box::new(state))))
}

fn fingerprint(link: &SyncLink) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut found: Vec<_> = std::fs::read_dir(link.devices_dir())
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let metadata = entry.metadata().ok()?;
            Some((entry.path(), metadata.len(), metadata.modified().ok()))
        })
        .collect();
    found.sort();
    found
}

impl SyncState {
    fn new(
        link: SyncLink,
        own: DeviceContents,
        read: FolderRead,
        fingerprint: Vec<(PathBuf, u64, Option<std::time::SystemTime>)>,
    ) -> SyncState {
        let FolderRead {
            mut files,
            mut problems,
            mut newer_key,
            replaced_key,
        } = read;
        // A removed computer's file is never merged, whatever it holds: the
        // removal is known from the files that are merged (it is final, so
        // none of them can undo it).
        let all = merge_all(
            std::iter::once(&own.replica).chain(files.iter().map(|f| &f.contents.replica)),
        );
        let removed = |device: DeviceId| device != link.device && all.is_removed(device);
        let mut removed_files = Vec::new();
        files.retain(|file| {
            let keep = !removed(file.device);
            if !keep {
                removed_files.push(file.path.clone());
            }
            keep
        });
        newer_key.retain(|(path, device)| {
            let keep = !removed(*device);
            if !keep {
                removed_files.push(path.clone());
            }
            keep
        });
        for (path, device) in replaced_key {
            if removed(device) {
                removed_files.push(path);
            } else {
                problems.push(DeviceFileProblem::NotCaughtUp {
                    path: path.display().to_string(),
                });
            }
        }
        let merged = if removed_files.is_empty() {
            all
        } else {
            merge_all(
                std::iter::once(&own.replica).chain(files.iter().map(|f| &f.contents.replica)),
            )
        };
        let all_read = problems.is_empty();
        problems.extend(
            removed_files
                .into_iter()
                .map(|path| DeviceFileProblem::RemovedComputer {
                    path: path.display().to_string(),
                }),
        );
        let double_uses = double_uses(&merged, &own.reported);
        let all_on_current_key = newer_key.is_empty()
            && all_read
            && files.iter().all(|file| !file.under_older_key)
            && merged
                .devices()
                .iter()
                .filter(|(device, _)| *device != link.device)
                .all(|(device, _)| {
                    files
                        .iter()
                        .any(|file| file.device == *device && !file.conflict_copy)
                });
        let newer_key = newer_key
            .into_iter()
            .map(|(path, device)| KeyChangedElsewhere {
                device,
                name: merged
                    .devices()
                    .into_iter()
                    .find(|(id, _)| *id == device)
                    .map(|(_, name)| name),
                path: path.display().to_string(),
            })
            .collect();
        let others = files
            .iter()
            .map(|file| OtherSummary {
                modified: std::fs::metadata(&file.path)
                    .and_then(|m| m.modified())
                    .ok(),
                path: file.path.clone(),
                device: file.device,
                generation: file.generation,
                conflict_copy: file.conflict_copy,
            })
            .collect();
        SyncState {
            link,
            own,
            merged,
            others,
            problems,
            double_uses,
            newer_key,
            all_on_current_key,
            crossed_key: false,
            fingerprint,
        }
    }

    /// The other computers' own files read at the last read (not conflict
    /// copies, not removed computers').
    pub(super) fn other_files(&self) -> impl Iterator<Item = &Path> {
        self.others
            .iter()
            .filter(|other| !other.conflict_copy)
            .map(|other| other.path.as_path())
    }

    /// The accounts and settings every command works on.
    fn view(&self) -> VaultContents {
        let lane = self.merged.lane_of(self.link.device);
        let (accounts, order) = self.merged.accounts_view(lane);
        VaultContents {
            accounts,
            order,
            settings: self.own.settings.clone(),
            backup: self.own.backup,
        }
    }

    /// Records the change from `before` to `after` (both views) as this
    /// computer's edits; its own file then holds everything merged.
    fn record(&mut self, before: &VaultContents, after: &VaultContents, reported: &[DoubleUseKey]) {
        let mut replica = self.merged.clone();
        let mut clock = replica.clock_for(self.link.device);
        replica.record(
            (&before.accounts, before.order),
            (&after.accounts, after.order),
            &mut clock,
            wall_millis(),
        );
        let mut seen = self.own.seen.clone();
        for other in self.others.iter().filter(|o| !o.conflict_copy) {
            let entry = seen.entry(other.device).or_insert(0);
            *entry = (*entry).max(other.generation);
        }
        let mut reported_now: BTreeSet<DoubleUseKey> = self.own.reported.clone();
        reported_now.extend(reported.iter().cloned());
        let (older_keys, replaced_key_ids) = self.keys_to_keep();
        self.own = DeviceContents {
            replica: replica.clone(),
            settings: after.settings.clone(),
            backup: after.backup,
            seen,
            reported: reported_now,
            older_keys,
            replaced_key_ids,
        };
        self.double_uses = double_uses(&replica, &self.own.reported);
        self.merged = replica;
    }

    /// Keeps the replaced keys, `current` among them, by id only: files
    /// under them are no longer read.
    pub(super) fn stop_reading_older_keys(&mut self, current: &Key) {
        let own = &mut self.own;
        own.replaced_key_ids
            .extend(own.older_keys.0.iter().map(KeyId::of));
        own.replaced_key_ids.insert(KeyId::of(current));
        own.older_keys = OlderKeys::default();
    }

    /// Records, as this computer's edit, that `device` was removed from the
    /// vault; this computer's own file then holds everything merged.
    pub(super) fn record_removal(&mut self, device: DeviceId, view: &VaultContents) {
        self.record(view, view, &[]);
        let mut clock = self.merged.clock_for(self.link.device);
        self.merged.remove_device(&mut clock, wall_millis(), device);
        self.own.replica = self.merged.clone();
        self.others.retain(|other| other.device != device);
    }

    /// The replaced keys the next save keeps: once every computer is on
    /// this computer's key, the older ones are kept by id only.
    fn keys_to_keep(&self) -> (OlderKeys, BTreeSet<KeyId>) {
        let mut ids = self.own.replaced_key_ids.clone();
        if !self.all_on_current_key {
            return (self.own.older_keys.clone(), ids);
        }
        ids.extend(self.own.older_keys.0.iter().map(KeyId::of));
        (OlderKeys::default(), ids)
    }

    /// Removes the conflict copies this computer's own file now holds.
    fn tidy_conflict_copies(&mut self) {
        for copy in self.others.iter().filter(|o| o.conflict_copy) {
            if let Err(error) = std::fs::remove_file(&copy.path) {
                tracing::warn!(%error, "a merged conflict copy could not be removed");
            }
        }
        self.others.retain(|o| !o.conflict_copy);
    }
}

impl Vault {
    /// The keychain entry that remembers the newest generation of this
    /// computer's vault file: per device file in a synced folder.
    pub(super) fn generation_entry(&self) -> String {
        match self.location.synced() {
            Some(link) => format!(
                "vault-{}-device-{}-generation",
                self.header.vault_id,
                link.device.to_hex()
            ),
            None => super::generation_entry(&self.header.vault_id),
        }
    }

    /// Whether another computer's file changed since the last read.
    pub(super) fn others_changed(&self) -> bool {
        self.sync
            .as_ref()
            .is_some_and(|sync| fingerprint(&sync.link) != sync.fingerprint)
    }

    /// The plaintext of this computer's vault file.
    pub(super) fn plaintext(&self) -> zeroize::Zeroizing<Vec<u8>> {
        match &self.sync {
            Some(sync) => serialize_contents(&sync.own),
            None => serialize_contents(&self.contents),
        }
    }

    /// For a synced vault: turns the change a command made to the view into
    /// this computer's edits, and gives the view they make.
    pub(super) fn record_synced(
        &mut self,
        after: VaultContents,
        reported: &[DoubleUseKey],
    ) -> VaultContents {
        match &mut self.sync {
            Some(sync) => {
                sync.record(&self.contents, &after, reported);
                sync.view()
            }
            None => after,
        }
    }

    /// After a save: the conflict copies are now held by this computer's
    /// own file, and are removed.
    pub(super) fn after_synced_save(&mut self) {
        if let Some(sync) = &mut self.sync {
            sync.tidy_conflict_copies();
            sync.fingerprint = fingerprint(&sync.link);
        }
    }

    /// For a synced vault that just read a sync engine's conflict copies:
    /// saves this computer's own file, which then holds what they held, and
    /// removes them. Best effort: a read-only disk, say, leaves them to be
    /// merged again next time, which loses nothing.
    pub(super) fn absorb_conflict_copies(&mut self) {
        let has_copies = self
            .sync
            .as_ref()
            .is_some_and(|sync| sync.others.iter().any(|o| o.conflict_copy));
        if has_copies
            && let Err(UpdateError::Save(error)) = self.update(|_| Ok::<(), Infallible>(()))
        {
            tracing::warn!(%error, "merged conflict copies could not be saved yet");
        }
    }

    /// Whether this vault lives in a synced folder.
    pub fn is_synced(&self) -> bool {
        self.sync.is_some()
    }

    /// Backup tokens that two computers used, not yet reported on this
    /// computer. Show each once, then call
    /// [`Vault::mark_double_uses_reported`].
    pub fn double_uses(&self) -> &[DoubleUse] {
        self.sync.as_ref().map_or(&[], |sync| &sync.double_uses)
    }

    /// Files of the synced folder skipped at the last read (half-written,
    /// foreign, older than seen), to show to the person.
    pub fn device_file_problems(&self) -> &[DeviceFileProblem] {
        self.sync.as_ref().map_or(&[], |sync| &sync.problems)
    }

    /// Remembers, in this computer's own file, that the double uses
    /// [`Vault::double_uses`] gives were shown, so they are not shown again.
    pub fn mark_double_uses_reported(&mut self) -> Result<(), UpdateError<Infallible>> {
        let keys: Vec<DoubleUseKey> = self.double_uses().iter().map(|d| d.key.clone()).collect();
        if keys.is_empty() {
            return Ok(());
        }
        self.update_reporting(&keys, |_| Ok(()))
    }

    /// Which computers share this vault; `None` when it is not synced.
    pub fn sync_status(&self) -> Option<SyncStatus> {
        let sync = self.sync.as_ref()?;
        let this = sync.link.device;
        let mut others: Vec<DeviceStatus> = sync
            .merged
            .devices()
            .into_iter()
            .filter(|(device, _)| *device != this)
            .map(|(device, name)| DeviceStatus {
                device,
                name,
                last_seen: sync
                    .others
                    .iter()
                    .filter(|o| o.device == device && !o.conflict_copy)
                    .filter_map(|o| o.modified)
                    .filter_map(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|since| since.as_secs() as i64)
                    .max(),
            })
            .collect();
        others.sort_by(|a, b| a.name.cmp(&b.name).then(a.device.cmp(&b.device)));
        Some(SyncStatus {
            folder: sync.link.folder.clone(),
            this_device: DeviceStatus {
                device: this,
                name: sync.merged.device_name(this),
                last_seen: None,
            },
            others,
            problems: sync.problems.clone(),
            key_changed_elsewhere: sync.newer_key.first().cloned(),
        })
    }

    /// Moves this vault into `folder`, synced by the user's sync engine, as
    /// this computer's device file, named `device_name` for the others.
    /// The vault must have a password slot: it is what lets another
    /// computer join. `vault.skv` is kept in `backups/` and removed.
    ///
    /// The order keeps a crash at any point from losing the vault: the
    /// device file is written first; then the link in the data directory,
    /// from which on the device file is the vault; only then does
    /// `vault.skv` move into `backups/`.
    pub fn enable_sync(&mut self, folder: &Path, device_name: &str) -> Result<(), EnableSyncError> {
        if let Some(link) = self.location.synced() {
            return Err(EnableSyncError::AlreadySynced {
                folder: link.folder.display().to_string(),
            });
        }
        if !kinds_of(&self.header).password {
            return Err(EnableSyncError::PasswordSlotNeeded);
        }
        let devices = super::devices::devices_dir_of(folder);
        let io = |error: std::io::Error| EnableSyncError::Io {
            path: devices.display().to_string(),
            reason: error.to_string(),
        };
        let _lock = self.location.lock().map_err(io)?;
        let in_use = std::fs::read_dir(&devices)
            .into_iter()
            .flatten()
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().ends_with(".skv"));
        if in_use {
            return Err(EnableSyncError::FolderInUse {
                path: devices.display().to_string(),
            });
        }
        super::create_private_dir(&devices).map_err(io)?;
        let link = SyncLink {
            folder: folder.to_path_buf(),
            device: DeviceId::random(),
        };
        let mut own = DeviceContents {
            settings: self.contents.settings.clone(),
            backup: self.contents.backup,
            ..DeviceContents::default()
        };
        let mut clock = own.replica.clock_for(link.device);
        let now = wall_millis();
        own.replica.name_device(&mut clock, now, device_name);
        own.replica.record(
            (&[], crate::order::ListOrder::Name),
            (&self.contents.accounts, self.contents.order),
            &mut clock,
            now,
        );
        let synced_location = self.location.with_link(link.clone());
        let mut header = self.header.clone();
        header.device = Some(link.device.to_hex());
        header.generation += 1;
        header.name_key(&self.data_key);
        let bytes = format::seal(&header, &self.data_key, &serialize_contents(&own));
        synced_location.replace_vault(&bytes, None).map_err(io)?;
        link.write(self.location.dir()).map_err(io)?;
        // From here on the device file is the vault.
        let old_file = self.location.local_vault_file();
        let previous = self.header.generation;
        let old_location = std::mem::replace(&mut self.location, synced_location);
        self.header = header;
        let state = SyncState::new(link, own, FolderRead::default(), Vec::new());
        self.contents = state.view();
        self.sync = Some(Box::new(state));
        self.remember_generation();
        if let Err(error) = old_location.keep_local_copy(previous, &old_file) {
            tracing::warn!(%error, "the old vault file could not be moved to the backups");
        }
        Ok(())
    }

    /// Joins the synced vault in `folder` from this computer: opens it with
    /// its password, then writes this computer's own device file with the
    /// same data key, its password slot and a new keychain slot for this
    /// computer (when the keychain works here), and the link in the data
    /// directory of `location`. Returns the vault, open.
    pub fn join(
        location: &VaultLocation,
        keychain: Arc<dyn Keychain>,
        folder: &Path,
        password: &str,
        device_name: &str,
    ) -> Result<Vault, JoinError> {
        if location.has_vault() {
            return Err(JoinError::AlreadyHasVault {
                path: location.vault_file().display().to_string(),
            });
        }
        let folder = &super::devices::synced_folder_of_choice(folder);
        let devices = super::devices::devices_dir_of(folder);
        let io = |error: std::io::Error| JoinError::Io {
            path: devices.display().to_string(),
            reason: error.to_string(),
        };
        let nothing = || JoinError::NothingToJoin {
            path: devices.display().to_string(),
        };
        let mut names: Vec<PathBuf> = std::fs::read_dir(&devices)
            .map_err(|_| nothing())?
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                name.ends_with(".skv") && !name.starts_with('.')
            })
            .collect();
        names.sort();
        // Every file whose password slot the password opens; of those, the
        // one under the newest key: a computer that has not caught up with
        // a key change (or a removal) may still have a file that the same
        // password opens, under a key no longer read.
        let mut found: Vec<(Header, Key, DeviceContents)> = Vec::new();
        let mut derived: Vec<(Slot, Option<Key>)> = Vec::new();
        let mut any_password_slot = false;
        let mut any_vault = false;
        for path in &names {
            let Ok(bytes) = std::fs::read(path).map(zeroize::Zeroizing::new) else {
                continue;
            };
            let Ok(parsed) = format::parse(&bytes) else {
                continue;
            };
            any_vault = true;
            let Some(slot) = password_slot(&parsed.header) else {
                continue;
            };
            let data_key = match derived.iter().find(|(tried, _)| tried == slot) {
                Some((_, key)) => key.clone(),
                None => {
                    let key = unwrap_password_slot(&parsed.header, password)
                        .ok()
                        .map(|(data_key, _)| data_key);
                    derived.push((slot.clone(), key.clone()));
                    key
                }
            };
            let Some(data_key) = data_key else {
                any_password_slot = true;
                continue;
            };
            let contents = device_contents(&parsed, &data_key);
            let same_vault = found
                .first()
                .is_none_or(|(first, _, _)| first.vault_id == parsed.header.vault_id);
            if let Some(contents) = contents
                && same_vault
            {
                found.push((parsed.header.clone(), data_key, contents));
            }
        }
        let mut newest: Option<usize> = None;
        for (index, (_, _, contents)) in found.iter().enumerate() {
            let newer = newest.is_none_or(|chosen| {
                super::key_change::replaced_by(contents).contains(&KeyId::of(&found[chosen].1))
            });
            if newer {
                newest = Some(index);
            }
        }
        let Some((source, data_key, source_contents)) =
            newest.map(|index| found.swap_remove(index))
        else {
            return Err(match (any_vault, any_password_slot) {
                (false, _) => nothing(),
                (true, true) => JoinError::WrongPassword,
                (true, false) => JoinError::NoPasswordSlot,
            });
        };
        let link = SyncLink {
            folder: folder.to_path_buf(),
            device: DeviceId::random(),
        };
        // The keys the source file's key replaced read the computers that
        // have not caught up with it yet.
        let keys = ReadKeys {
            current: &data_key,
            older: &source_contents.older_keys.0,
            replaced: &source_contents.replaced_key_ids,
            own_password_slot: password_slot(&source),
        };
        let read = read_others(&link, &source.vault_id, &keys, &Default::default());
        let mut own = DeviceContents {
            replica: merge_all(read.files.iter().map(|f| &f.contents.replica)),
            older_keys: source_contents.older_keys.clone(),
            replaced_key_ids: source_contents.replaced_key_ids.clone(),
            ..DeviceContents::default()
        };
        let mut clock = own.replica.clock_for(link.device);
        own.replica
            .name_device(&mut clock, wall_millis(), device_name);
        // The same password slot (it wraps the same data key for the same
        // vault id), and a keychain slot of this computer's own.
        let mut slots: Vec<Slot> = source
            .slots
            .iter()
            .filter(|slot| matches!(slot, Slot::Password { .. }))
            .cloned()
            .collect();
        let mut new_entry = None;
        if keychain.check_available().is_ok()
            && let Ok((slot, entry)) =
                new_keychain_slot(keychain.as_ref(), &source.vault_id, &data_key)
        {
            slots.push(slot);
            new_entry = Some(entry);
        }
        let header = Header {
            vault_id: source.vault_id.clone(),
            generation: 1,
            slots,
            password_at_unlock: false,
            device: Some(link.device.to_hex()),
            key_id: Some(KeyId::of(&data_key)),
        };
        let synced_location = location.with_link(link.clone());
        let written = super::create_private_dir(location.dir()).and_then(|()| {
            let _lock = synced_location.lock()?;
            let bytes = format::seal(&header, &data_key, &serialize_contents(&own));
            synced_location.replace_vault(&bytes, None)?;
            link.write(location.dir())
        });
        if let Err(error) = written {
            if let Some(entry) = new_entry {
                let _ = keychain.remove(&entry);
            }
            let _ = std::fs::remove_file(link.own_file());
            return Err(io(error));
        }
        let unlock = match new_entry {
            Some(_) => Unlock::Keychain,
            None => Unlock::Password(password),
        };
        let synced_location = VaultLocation::new(location.dir());
        Vault::open(&synced_location, keychain, unlock, OpenOptions::default())
            .map_err(JoinError::Open)
    }
}

impl VaultLocation {
    /// Keeps the old `vault.skv` as `backups/vault-<generation>.skv` and
    /// removes it, once the vault moved into a synced folder.
    fn keep_local_copy(&self, generation: u64, file: &Path) -> std::io::Result<()> {
        let dir = self.backups_dir();
        super::create_private_dir(&dir)?;
        let target = dir.join(format!("vault-{generation}.skv"));
        if !target.exists() {
            std::fs::rename(file, &target)?;
        } else {
            std::fs::remove_file(file)?;
        }
        super::sync_dir(&dir)?;
        super::sync_dir(self.dir())
    }
}
