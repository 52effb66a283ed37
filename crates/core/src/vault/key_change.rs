//! A new data key on a synced vault reaching the other computers.
//!
//! Every device file shares the data key, and every change of a key slot
//! makes a new one (see `Vault::rekey`). On a synced vault the computer
//! that changed it writes its own file under the new key at once, but the
//! others' files stay under the old key until each of them catches up: so
//! that computer keeps the keys it replaced ([`DeviceContents::older_keys`])
//! in its own file, and reads their files with them meanwhile.
//!
//! A computer still on an old key finds a file of this vault that none of
//! its keys opens, whose header names a key it does not know (or, in a
//! file from before headers named their key, whose password slot is not
//! its own): the key changed elsewhere ([`KeyChangedElsewhere`]). A file
//! whose header names a key this computer replaced is of a computer that
//! has not caught up, and is said as such
//! ([`super::DeviceFileProblem::NotCaughtUp`]). It keeps working on what it has
//! and writing its own file under its key (which the other computer still
//! reads) until the person enters the vault's password, new or unchanged:
//! the newer file's password slot then gives the new key, and this
//! computer rewrites its own file under it, with that password slot and a
//! new keychain slot of its own. Nothing in the newer file is trusted
//! before that password slot and the file's authentication say it is of
//! this vault; and its key is taken only when the file names this
//! computer's key among those it replaced (or shares such a replaced key
//! with it, when two computers changed the key at once), so an older file
//! can never move a computer back.
//!
//! Two computers that both changed the key while apart are each told so,
//! and either catches up with the other's password. Should each catch up
//! with the other's at once, they end on each other's keys; each then
//! finds its own key in the other's file, and the one whose key id sorts
//! last moves to the other's on its own ([`Vault::settle_crossed_key`]).
//!
//! [`DeviceContents::older_keys`]: super::devices::DeviceContents

use std::collections::BTreeSet;

use zeroize::Zeroizing;

use super::devices::{
    DeviceContents, KeyId, OlderKeys, SyncLink, device_contents, device_files, device_of,
};
use super::format::{self, Key, ParsedFile};
use super::slots::Slot;
use super::{SaveError, UpdateError, Vault, kinds_of, new_keychain_slot, unwrap_password_slot};
use crate::i18n::{Message, MessageArg};
use crate::keychain::KeychainError;
use crate::sync::DeviceId;

/// Another computer changed the vault's password or key, and this one has
/// not caught up yet: until it does, it works on what it has and does not
/// see that computer's changes. Enter the vault's password once
/// ([`Vault::catch_up_with_new_password`]) to catch up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyChangedElsewhere {
    /// The computer whose file is under the newer key (by its file's name).
    pub device: DeviceId,
    /// Its name, as this computer knew it; `None` for a computer it never
    /// read a file of.
    pub name: Option<String>,
    /// Its file.
    pub path: String,
}

impl Message for KeyChangedElsewhere {
    fn message_id(&self) -> &'static str {
        match self.name {
            Some(_) => "sync-key-changed-elsewhere",
            None => "sync-key-changed-elsewhere-unnamed",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match &self.name {
            Some(name) => vec![("name", name.as_str().into())],
            None => Vec::new(),
        }
    }
}

/// Why this computer could not catch up with a key changed elsewhere.
/// Nothing was changed.
#[derive(Clone, Debug, PartialEq)]
pub enum CatchUpError {
    /// No file in the synced folder is under a newer key: this computer is
    /// already in step (or the vault is not synced).
    NothingToCatchUp,
    /// The password opens no file under a newer key that follows this
    /// computer's key.
    WrongPassword,
    /// The password opens the other computer's file, but both computers
    /// changed the key while apart and the change here removed a computer,
    /// which may hold the other's key: that computer catches up with this
    /// one's password instead.
    OtherMustCatchUp,
    /// The keychain refused to keep this computer's new key.
    Keychain(KeychainError),
    /// This computer's file could not be read again or written; or, read
    /// again under the new key, it turned out to be removed from the vault
    /// ([`super::OpenError::RemovedFromSync`] inside).
    Save(SaveError),
}

impl Message for CatchUpError {
    fn message_id(&self) -> &'static str {
        match self {
            CatchUpError::NothingToCatchUp => "sync-catch-up-nothing",
            CatchUpError::WrongPassword => "sync-catch-up-wrong-password",
            CatchUpError::OtherMustCatchUp => "sync-catch-up-other-must",
            CatchUpError::Keychain(error) => error.message_id(),
            CatchUpError::Save(error) => error.message_id(),
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            CatchUpError::Keychain(error) => error.message_args(),
            CatchUpError::Save(error) => error.message_args(),
            CatchUpError::NothingToCatchUp
            | CatchUpError::WrongPassword
            | CatchUpError::OtherMustCatchUp => Vec::new(),
        }
    }
}
crate::localized_error!(CatchUpError, KeyChangedElsewhere);

/// A newer data key found in another computer's file, opened with the
/// password, with what this computer takes over from that file.
pub(super) struct NewerKey {
    data_key: Key,
    /// The key the password derives for that file's password slot; `None`
    /// when the key was taken without the password (a crossed key, see
    /// [`Vault::settle_crossed_key`]).
    password_key: Option<Key>,
    /// That file's password slot, copied as it is (it wraps the new data
    /// key for this vault), so every file under one key has the same one.
    password_slot: Slot,
    older_keys: OlderKeys,
    replaced_key_ids: BTreeSet<KeyId>,
    /// The key this computer's own file is under.
    pub(super) own_key: Key,
}

/// Every key a file's key replaced, by id.
pub(super) fn replaced_by(contents: &DeviceContents) -> BTreeSet<KeyId> {
    let mut ids = contents.replaced_key_ids.clone();
    ids.extend(contents.older_keys.0.iter().map(KeyId::of));
    ids
}

/// The newest key, among the other computers' files, that `password`
/// opens and that follows the key of `own` (this computer's own file).
/// `own_key` is that key when this handle knows it; without it (unlocking
/// with a password the own file no longer takes), it is the one of the
/// newer file's older keys that opens `own`.
pub(super) fn find_newer_key(
    link: &SyncLink,
    own: &ParsedFile<'_>,
    own_key: Option<&Key>,
    password: &str,
) -> Result<NewerKey, CatchUpError> {
    let own_slot = super::devices::password_slot(&own.header);
    // Each password slot is derived once: files under one key share it.
    let mut derived: Vec<(Slot, Option<(Key, Key)>)> = Vec::new();
    let mut any_other_key = false;
    let mut best: Option<(NewerKey, BTreeSet<KeyId>)> = None;
    let mut cut_off = false;
    for (name, path) in device_files(link) {
        let Some((device, _)) = device_of(&name) else {
            continue;
        };
        if device == link.device {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path).map(Zeroizing::new) else {
            continue;
        };
        let Ok(parsed) = format::parse(&bytes) else {
            continue;
        };
        if parsed.header.vault_id != own.header.vault_id {
            continue;
        }
        let Some(slot) = super::devices::password_slot(&parsed.header) else {
            continue;
        };
        if Some(slot) == own_slot {
            // Under this computer's own key.
            continue;
        }
        any_other_key = true;
        let keys = match derived.iter().find(|(tried, _)| tried == slot) {
            Some((_, keys)) => keys.clone(),
            None => {
                let keys = unwrap_password_slot(&parsed.header, password).ok();
                derived.push((slot.clone(), keys.clone()));
                keys
            }
        };
        let Some((data_key, password_key)) = keys else {
            continue;
        };
        let Some(contents) = device_contents(&parsed, &data_key) else {
            continue;
        };
        let found_own_key = match own_key {
            Some(key) => Some(key.clone()),
            None => contents
                .older_keys
                .0
                .iter()
                .find(|key| own.decrypt(key).is_ok())
                .cloned(),
        };
        let Some(found_own_key) = found_own_key else {
            continue;
        };
        if *found_own_key == *data_key {
            continue;
        }
        let Some(own_contents) = device_contents(own, &found_own_key) else {
            continue;
        };
        let theirs = replaced_by(&contents);
        let ours = replaced_by(&own_contents);
        // It replaced our key; or both replaced a common one (two
        // computers changed the key at once) and ours did not replace it,
        // unless ours stopped reading a key that theirs still reads: ours
        // removed a computer, which may have caught up with theirs.
        let direct = theirs.contains(&KeyId::of(&found_own_key));
        let sibling = !theirs.is_disjoint(&ours) && !ours.contains(&KeyId::of(&data_key));
        let read_here: BTreeSet<KeyId> = own_contents.older_keys.0.iter().map(KeyId::of).collect();
        let removed_here = contents
            .older_keys
            .0
            .iter()
            .map(KeyId::of)
            .any(|id| own_contents.replaced_key_ids.contains(&id) && !read_here.contains(&id));
        if !direct && sibling && removed_here {
            cut_off = true;
            continue;
        }
        if !direct && !sibling {
            continue;
        }
        let newer_than_best = match &best {
            None => true,
            Some((chosen, _)) => theirs.contains(&KeyId::of(&chosen.data_key)),
        };
        if newer_than_best {
            let candidate = NewerKey {
                data_key,
                password_key: Some(password_key),
                password_slot: slot.clone(),
                older_keys: contents.older_keys.clone(),
                replaced_key_ids: contents.replaced_key_ids.clone(),
                own_key: found_own_key,
            };
            best = Some((candidate, theirs));
        }
    }
    match best {
        Some((newer, _)) => Ok(newer),
        None if cut_off => Err(CatchUpError::OtherMustCatchUp),
        None if any_other_key => Err(CatchUpError::WrongPassword),
        None => Err(CatchUpError::NothingToCatchUp),
    }
}

/// For two computers that each caught up with the other's key at once
/// (both changed the key while apart, then each entered the other's
/// password before seeing the other's catching up): they ended on each
/// other's keys, each reading the other with a key it replaced, and would
/// stay so. Of the two, the key whose id sorts first is kept; this returns
/// it when it is not this computer's: the key of one of `others` (paths),
/// opened with one of `older` (keys this computer replaced), whose file
/// keeps `current` itself among the keys it replaced. Only a computer that
/// holds `current` can write that, so no one who does not already hold
/// this computer's key can move it to another.
pub(super) fn find_crossed_key<'a>(
    others: impl Iterator<Item = &'a std::path::Path>,
    vault_id: &str,
    current: &Key,
    older: &[Key],
) -> Option<NewerKey> {
    let current_id = KeyId::of(current);
    let mut best: Option<NewerKey> = None;
    for path in others {
        let Ok(bytes) = std::fs::read(path).map(Zeroizing::new) else {
            continue;
        };
        let Ok(parsed) = format::parse(&bytes) else {
            continue;
        };
        if parsed.header.vault_id != vault_id {
            continue;
        }
        let Some(slot) = super::devices::password_slot(&parsed.header) else {
            continue;
        };
        let Some((key, contents)) = older
            .iter()
            .find_map(|key| Some((key.clone(), device_contents(&parsed, key)?)))
        else {
            continue;
        };
        let holds_current = contents.older_keys.0.iter().any(|kept| **kept == **current);
        let key_id = KeyId::of(&key);
        let first = key_id < current_id
            && best
                .as_ref()
                .is_none_or(|chosen| key_id < KeyId::of(&chosen.data_key));
        if *key != **current && holds_current && first {
            best = Some(NewerKey {
                data_key: key,
                password_key: None,
                password_slot: slot.clone(),
                older_keys: contents.older_keys.clone(),
                replaced_key_ids: contents.replaced_key_ids.clone(),
                own_key: current.clone(),
            });
        }
    }
    best
}

fn save_error(error: UpdateError<std::convert::Infallible>) -> CatchUpError {
    match error {
        UpdateError::Save(error) => CatchUpError::Save(error),
        UpdateError::Rejected(never) => match never {},
    }
}

impl Vault {
    /// Whether another computer changed the vault's password or key and
    /// this one has not caught up yet: show it, with a way to enter the
    /// password ([`Vault::catch_up_with_new_password`]). `None` when in
    /// step, and for a vault that is not synced.
    pub fn key_changed_elsewhere(&self) -> Option<&KeyChangedElsewhere> {
        self.sync.as_ref().and_then(|sync| sync.newer_key.first())
    }

    /// Catches up with a password or key changed on another computer:
    /// `password` (the vault's password as it is now) opens the newer
    /// file's key, and this computer's own file is rewritten under it, with
    /// that password slot and a new keychain slot of its own. Unlocking
    /// with the password ([`Vault::open`] with [`super::Unlock::Password`])
    /// does the same on its own.
    ///
    /// The order is `Vault::rekey`'s: the new keychain entry first, then
    /// the file written atomically, then the backups re-encrypted, and the
    /// old entry removed last. On any error nothing was changed.
    pub fn catch_up_with_new_password(&mut self, password: &str) -> Result<(), CatchUpError> {
        let Some(link) = self.location.synced().cloned() else {
            return Err(CatchUpError::NothingToCatchUp);
        };
        let _lock = self.lock_and_reread().map_err(save_error)?;
        if self.key_changed_elsewhere().is_none() {
            return Err(CatchUpError::NothingToCatchUp);
        }
        let bytes = super::read_vault_file(&self.location)
            .map_err(|error| CatchUpError::Save(SaveError::Reread(Box::new(error))))?;
        let parsed = format::parse(&bytes).map_err(|error| {
            CatchUpError::Save(SaveError::Reread(Box::new(super::OpenError::from_format(
                &self.location,
                error,
            ))))
        })?;
        let newer = find_newer_key(&link, &parsed, Some(&self.data_key), password)?;
        self.rewrite_under(newer)
    }

    /// The catching up that unlocking with the password found to do (see
    /// [`Vault::open`]).
    pub(super) fn adopt_newer_key(&mut self, newer: NewerKey) -> Result<(), CatchUpError> {
        let _lock = self.lock_and_reread().map_err(save_error)?;
        if *self.data_key == *newer.data_key {
            // Another window or command caught up meanwhile.
            return Ok(());
        }
        if *self.data_key != *newer.own_key {
            return Err(CatchUpError::NothingToCatchUp);
        }
        self.rewrite_under(newer)
    }

    /// Settles a crossed key (see [`find_crossed_key`]): when the other
    /// computer's key is the one kept, this computer moves to it, as in a
    /// catch-up, without asking for anything: it already holds that key
    /// (it replaced it), and the other computer's file holds this one's.
    /// Its own file, rewritten under that key, brings its edits to the
    /// other computer. The other computer, whose key is kept, does
    /// nothing: it reads this one under its key once it moved. Best
    /// effort: on any error it is tried again at the next read.
    pub(super) fn settle_crossed_key(&mut self) {
        // Looked for first without the lock: the computer whose key is
        // kept finds nothing to do, and takes no lock for it.
        if self.crossed_key().is_none() {
            return;
        }
        let settled = self
            .lock_and_reread()
            .map_err(save_error)
            .and_then(|_lock| match self.crossed_key() {
                Some(newer) => self.rewrite_under(newer),
                None => Ok(()),
            });
        if let Err(error) = settled {
            tracing::warn!(%error, "could not settle on one key with another computer");
        }
    }

    /// The other computer's key this one moves to, from the last read.
    fn crossed_key(&self) -> Option<NewerKey> {
        let sync = self.sync.as_ref().filter(|sync| sync.crossed_key)?;
        find_crossed_key(
            sync.other_files(),
            &self.header.vault_id,
            &self.data_key,
            &sync.own.older_keys.0,
        )
    }

    /// Rewrites this computer's own file under `newer`'s key. Call with
    /// the lock held, right after reading the file again.
    fn rewrite_under(&mut self, newer: NewerKey) -> Result<(), CatchUpError> {
        let vault_id = self.header.vault_id.clone();
        let mut slots = vec![newer.password_slot.clone()];
        let mut new_entry = None;
        if kinds_of(&self.header).keychain {
            // Step 1 of `rekey`.
            let (slot, entry) =
                new_keychain_slot(self.keychain.as_ref(), &vault_id, &newer.data_key)
                    .map_err(CatchUpError::Keychain)?;
            slots.push(slot);
            new_entry = Some(entry);
        }
        let old_sync = self.sync.clone();
        if let Some(sync) = self.sync.as_mut() {
            let own = &mut sync.own;
            let mut replaced = own.replaced_key_ids.clone();
            replaced.extend(newer.replaced_key_ids.iter().cloned());
            let mut older: Vec<Key> = Vec::new();
            for key in own
                .older_keys
                .0
                .iter()
                .chain(std::iter::once(&self.data_key))
                .chain(newer.older_keys.0.iter())
            {
                let done = replaced.contains(&KeyId::of(key))
                    || **key == *newer.data_key
                    || older.iter().any(|kept| **kept == **key);
                if !done {
                    older.push(key.clone());
                }
            }
            own.older_keys = OlderKeys(older);
            own.replaced_key_ids = replaced;
        }
        // Steps 2 to 4 of `rekey`.
        self.switch_to_key(
            newer.data_key.clone(),
            newer.password_key.clone(),
            slots,
            new_entry,
            old_sync,
        )
        .map_err(CatchUpError::Save)?;
        // The files under the new key merge now; they may say that this
        // computer was removed meanwhile.
        match self.read_checked(false) {
            Ok(_) => Ok(()),
            Err(error @ super::OpenError::RemovedFromSync { .. }) => {
                Err(CatchUpError::Save(SaveError::Reread(Box::new(error))))
            }
            Err(error) => {
                tracing::warn!(%error, "the synced folder could not be read again after catching up");
                Ok(())
            }
        }
    }
}
