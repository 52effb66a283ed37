//! The encrypted vault: creating, unlocking, and changing it safely.
//!
//! Every change is a transaction: take the lock, read the file as it is on
//! disk now (another process may have changed it), apply the change, write
//! atomically, release. That is what lets the app and the CLI run at once
//! without ever handing out the same backup token twice.

mod contents;
mod devices;
mod errors;
mod format;
mod key_change;
mod password_file;
mod removal;
mod slots;
mod store;
mod synced;

use std::sync::Arc;

use serde::Serialize;
use zeroize::Zeroizing;

use crate::keychain::{Keychain, KeychainError};

pub use contents::{BackupRecord, RemovedAccount, Settings, Theme, VaultContents};
pub use devices::{DeviceFileProblem, SyncLink};
pub use errors::{CreateError, OpenError, SaveError, SlotError, UpdateError, WriteProblem};
pub use format::{DamagedPart, FORMAT_VERSION};
pub use key_change::{CatchUpError, KeyChangedElsewhere};
pub use removal::RemoveDeviceError;
pub use slots::{KdfParams, KdfProblem};
pub use store::{BACKUPS_KEPT, DATA_DIR_ENV, VaultLocation, make_file_private};
pub use synced::{DeviceStatus, EnableSyncError, JoinError, SyncStatus};

pub(crate) use password_file::{PasswordFileError, open_with_password, seal_with_password};
pub(crate) use store::{create_private_dir, sync_dir, write_synced};

use format::{FormatError, Header, Key};
use slots::{Slot, WrappedKey, binding};

/// How to unlock a vault.
pub enum Unlock<'a> {
    /// With the key kept in the OS keychain.
    Keychain,
    /// With the password of the password slot.
    Password(&'a str),
}

/// The ways a vault can be unlocked, read from its header before unlocking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SlotKinds {
    /// It has a keychain slot.
    pub keychain: bool,
    /// It has a password slot.
    pub password: bool,
    /// It has a password slot and the user asked for the password after a
    /// lock and at start: the keychain slot does not unlock it.
    pub password_at_unlock: bool,
}

impl SlotKinds {
    /// Whether the keychain may unlock it without anything to type: the
    /// app's one-click unlock and unlocking at start, and the CLI's.
    pub fn keychain_unlocks(&self) -> bool {
        self.keychain && !self.password_at_unlock
    }
}

/// How to create a vault.
pub struct CreateOptions<'a> {
    /// Keep a key in the OS keychain (the default: nothing to type), when
    /// this computer has one that works; otherwise the password is needed.
    pub keychain: bool,
    /// Also (or only) protect it with this password.
    pub password: Option<&'a str>,
    /// The password's KDF cost; [`KdfParams::recommended`] outside tests.
    pub kdf: KdfParams,
}

/// Options for opening.
#[derive(Clone, Copy, Debug, Default)]
pub struct OpenOptions {
    /// Open a vault older than the last one this computer saw, because the
    /// user restored it on purpose. Its generation is moved past the old
    /// one on the next save.
    pub accept_rollback: bool,
}

/// An unlocked vault. Holds the data key (wiped on drop) and the contents
/// as of the last read or write.
pub struct Vault {
    location: VaultLocation,
    keychain: Arc<dyn Keychain>,
    header: Header,
    data_key: Key,
    /// The key the password slot derives, when this handle knows it (it
    /// was unlocked with the password, or set it): what lets a change of
    /// the keychain slot re-wrap a new data key for the same password.
    password_key: Option<Key>,
    /// Opened older than the generation the keychain remembers, because
    /// the user accepted that; until the first save moves past it, reads
    /// compare with this handle's own generation only.
    rollback_accepted: bool,
    contents: VaultContents,
    /// For a vault in a synced folder: the files merged into `contents`.
    sync: Option<Box<synced::SyncState>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("location", &self.location)
            .field("generation", &self.header.generation)
            .finish_non_exhaustive()
    }
}

fn keychain_entry(vault_id: &str) -> String {
    format!("vault-{vault_id}")
}

/// The keychain entry a keychain slot's key is kept under.
fn keychain_entry_of(vault_id: &str, key_id: Option<&str>) -> String {
    match key_id {
        None => keychain_entry(vault_id),
        Some(key_id) => format!("vault-{vault_id}-key-{key_id}"),
    }
}

/// Step 1 of [`Vault::rekey`] (and of joining or catching up): a new
/// keychain key stored under a new entry, so the entry the file on disk
/// needs is left as it is, and the slot that wraps `data_key` with it.
/// Returns the slot and the new entry.
fn new_keychain_slot(
    keychain: &dyn Keychain,
    vault_id: &str,
    data_key: &Key,
) -> Result<(Slot, String), KeychainError> {
    let key_id = uuid::Uuid::new_v4().to_string();
    let entry = keychain_entry_of(vault_id, Some(&key_id));
    let keychain_key = format::random_key();
    keychain.store(&entry, keychain_key.as_ref())?;
    let slot = Slot::Keychain {
        wrapped: WrappedKey::wrap(&keychain_key, data_key, &binding(vault_id, KEYCHAIN_KIND)),
        key_id: Some(key_id),
    };
    Ok((slot, entry))
}

/// The keychain entry of the header's keychain slot, if it has one.
fn keychain_entry_in(header: &Header) -> Option<String> {
    header.slots.iter().find_map(|slot| match slot {
        Slot::Keychain { key_id, .. } => {
            Some(keychain_entry_of(&header.vault_id, key_id.as_deref()))
        }
        Slot::Password { .. } => None,
    })
}

fn generation_entry(vault_id: &str) -> String {
    format!("vault-{vault_id}-generation")
}

const KEYCHAIN_KIND: &str = "keychain";
const PASSWORD_KIND: &str = "password";

impl Vault {
    /// Creates a new, empty vault at `location`. With the keychain chosen
    /// but not usable on this computer, the vault is protected by the
    /// password alone, and without a password it is refused.
    pub fn create(
        location: &VaultLocation,
        keychain: Arc<dyn Keychain>,
        options: CreateOptions<'_>,
    ) -> Result<Vault, CreateError> {
        // Asked before anything is stored, so that a keychain that is away
        // or locked costs nothing but the choice of a password.
        let keychain_problem = match options.keychain {
            true => keychain.check_available().err(),
            false => None,
        };
        let use_keychain = options.keychain && keychain_problem.is_none();
        match (use_keychain, options.password, keychain_problem) {
            (false, None, Some(problem)) => {
                return Err(CreateError::PasswordNeeded { keychain: problem });
            }
            (false, None, None) => return Err(CreateError::NoWayToUnlock),
            _ => {}
        }
        if options.password.is_some_and(|p| p.is_empty()) {
            return Err(CreateError::EmptyPassword);
        }
        if options.password.is_some() {
            // Before anything is stored in the keychain.
            options.kdf.check().map_err(CreateError::Kdf)?;
        }
        let _lock = location
            .lock_new()
            .map_err(|e| CreateError::io(location, &e))?;
        if location.has_vault() {
            return Err(CreateError::AlreadyExists {
                path: location.vault_file().display().to_string(),
            });
        }
        let vault_id = uuid::Uuid::new_v4().to_string();
        let data_key = format::random_key();
        let mut slots = Vec::new();
        if use_keychain {
            let keychain_key = format::random_key();
            keychain
                .store(&keychain_entry(&vault_id), keychain_key.as_ref())
                .map_err(CreateError::Keychain)?;
            slots.push(Slot::Keychain {
                wrapped: WrappedKey::wrap(
                    &keychain_key,
                    &data_key,
                    &binding(&vault_id, KEYCHAIN_KIND),
                ),
                key_id: None,
            });
        }
        let mut password_key = None;
        if let Some(password) = options.password {
            let (slot, key) = password_slot(&vault_id, &data_key, password, options.kdf)
                .map_err(CreateError::Kdf)?;
            slots.push(slot);
            password_key = Some(key);
        }
        let mut vault = Vault {
            location: location.clone(),
            keychain,
            header: Header {
                vault_id,
                generation: 0,
                slots,
                password_at_unlock: false,
                device: None,
                key_id: None,
            },
            data_key,
            password_key,
            rollback_accepted: false,
            contents: VaultContents::default(),
            sync: None,
        };
        if let Err(error) = vault.write(None) {
            // Do not leave a keychain entry behind for a vault that never was.
            let _ = vault
                .keychain
                .remove(&keychain_entry(&vault.header.vault_id));
            return Err(CreateError::Save(error));
        }
        Ok(vault)
    }

    /// Reads which slots the vault at `location` has, without unlocking it,
    /// so a caller knows whether to ask for a password.
    pub fn slot_kinds_at(location: &VaultLocation) -> Result<SlotKinds, OpenError> {
        let bytes = read_vault_file(location)?;
        let parsed = format::parse(&bytes).map_err(|e| OpenError::from_format(location, e))?;
        Ok(kinds_of(&parsed.header))
    }

    /// Unlocks the vault at `location`.
    ///
    /// For a synced vault whose key another computer changed, unlocking
    /// with the password also catches up with it (see
    /// [`Vault::catch_up_with_new_password`]): the new password opens it
    /// even though this computer's own file still has the old one. Should
    /// catching up fail (a keychain that refuses the new key, a full
    /// disk), the vault still opens as it was, and
    /// [`Vault::key_changed_elsewhere`] still says so.
    pub fn open(
        location: &VaultLocation,
        keychain: Arc<dyn Keychain>,
        unlock: Unlock<'_>,
        options: OpenOptions,
    ) -> Result<Vault, OpenError> {
        let password = match unlock {
            Unlock::Password(password) => Some(password),
            Unlock::Keychain => None,
        };
        let (mut vault, newer) = Vault::open_locked(location, keychain, unlock, options)?;
        // After the shared lock is released: these take the exclusive one.
        let caught_up = match (newer, password) {
            (Some(newer), _) => vault.adopt_newer_key(newer),
            (None, Some(password)) if vault.key_changed_elsewhere().is_some() => {
                vault.catch_up_with_new_password(password)
            }
            (None, _) => Ok(()),
        };
        if let Err(error) = caught_up {
            tracing::warn!(%error, "could not catch up with a key changed on another computer");
        }
        vault.settle_crossed_key();
        vault.absorb_conflict_copies();
        Ok(vault)
    }

    /// The vault, and for a synced vault unlocked with a password its own
    /// file no longer takes, the newer key that password opens.
    fn open_locked(
        location: &VaultLocation,
        keychain: Arc<dyn Keychain>,
        unlock: Unlock<'_>,
        options: OpenOptions,
    ) -> Result<(Vault, Option<key_change::NewerKey>), OpenError> {
        if !location.has_vault() {
            return Err(OpenError::NoVault {
                path: location.vault_file().display().to_string(),
            });
        }
        // Held until the generation check is done: a save finishing between
        // our read and the check would otherwise look like a rollback.
        let _lock = location
            .lock_shared()
            .map_err(|e| OpenError::io(location, &e))?;
        let bytes = read_vault_file(location)?;
        let parsed = format::parse(&bytes).map_err(|e| OpenError::from_format(location, e))?;
        let header = parsed.header.clone();
        let password = match unlock {
            Unlock::Password(password) => Some(password),
            Unlock::Keychain => None,
        };
        let (data_key, password_key, newer) =
            match unwrap_data_key(location, &header, keychain.as_ref(), unlock) {
                Ok((data_key, password_key)) => (data_key, password_key, None),
                Err(OpenError::WrongPassword) => {
                    // The password may be the new one, set on another
                    // computer: its file's key then opens this one's.
                    let (Some(link), Some(password)) = (location.synced(), password) else {
                        return Err(OpenError::WrongPassword);
                    };
                    let newer = key_change::find_newer_key(link, &parsed, None, password)
                        .map_err(|_| OpenError::WrongPassword)?;
                    (newer.own_key.clone(), None, Some(newer))
                }
                Err(error) => return Err(error),
            };
        let (contents, sync) = synced::load(location, &parsed, &data_key, None)?;
        let mut vault = Vault {
            location: location.clone(),
            keychain,
            header,
            data_key,
            password_key,
            rollback_accepted: false,
            contents,
            sync,
        };
        vault.rollback_accepted = vault.check_generation(options)?;
        Ok((vault, newer))
    }

    /// Compares the file's generation with the one the keychain remembers.
    /// Without a keychain on this computer there is nothing to compare
    /// with; the vault still opens, as the design allows password-only use.
    /// Returns whether an older file was accepted.
    ///
    /// A keychain that cannot say what it remembers (locked, failing)
    /// refuses the open, unless the user accepts an older vault anyway:
    /// then nothing is compared, and nothing is stored over what the
    /// keychain holds.
    fn check_generation(&self, options: OpenOptions) -> Result<bool, OpenError> {
        let remembered = match self.remembered_generation() {
            Ok(remembered) => remembered,
            Err(_) if options.accept_rollback => return Ok(true),
            Err(error) => return Err(error),
        };
        let Some(remembered) = remembered else {
            self.remember_generation();
            return Ok(false);
        };
        if self.header.generation < remembered && !options.accept_rollback {
            return Err(OpenError::RolledBack {
                path: self.location.vault_file().display().to_string(),
                found: self.header.generation,
                expected: remembered,
            });
        }
        if self.header.generation > remembered {
            self.remember_generation();
        }
        Ok(self.header.generation < remembered)
    }

    /// The newest generation the keychain remembers for this vault.
    ///
    /// `Ok(None)` only when the keychain answered that it has none, or
    /// when this computer has no keychain at all (password-only use):
    /// then there is nothing to compare with, and storing ours loses
    /// nothing. A keychain that is there but locked or failing is an
    /// error: taking it for "none" would let the next save overwrite the
    /// newest generation with an older one, and so hide a rollback.
    fn remembered_generation(&self) -> Result<Option<u64>, OpenError> {
        let stored = match self.keychain.load(&self.generation_entry()) {
            Ok(stored) => stored,
            Err(KeychainError::Unavailable { .. }) => return Ok(None),
            Err(error) => {
                return Err(OpenError::Keychain {
                    error,
                    has_password: false,
                });
            }
        };
        // An entry that is not a number was not written by us: as good as
        // none, and the next save writes a proper one.
        Ok(stored
            .as_deref()
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .and_then(|text| text.trim().parse().ok()))
    }

    /// Best effort: a keychain that is away only weakens rollback detection,
    /// it must not stop the user from using their vault.
    fn remember_generation(&self) {
        let entry = self.generation_entry();
        if let Err(error) = self
            .keychain
            .store(&entry, self.header.generation.to_string().as_bytes())
        {
            tracing::warn!(%error, "could not remember the vault generation in the keychain");
        }
    }

    /// The contents as of the last read or write.
    pub fn contents(&self) -> &VaultContents {
        &self.contents
    }

    /// Where this vault lives.
    pub fn location(&self) -> &VaultLocation {
        &self.location
    }

    /// How many times this vault has been saved.
    pub fn generation(&self) -> u64 {
        self.header.generation
    }

    /// Which ways of unlocking the vault has.
    pub fn slot_kinds(&self) -> SlotKinds {
        kinds_of(&self.header)
    }

    /// Re-reads the file, to pick up changes another process made.
    ///
    /// Like every read of an open vault, it refuses a file that is another
    /// vault, or older than the newest this handle or this computer has
    /// seen (see [`Vault::read_checked`]); the handle then keeps what it had.
    pub fn reload(&mut self) -> Result<(), OpenError> {
        self.read_checked(false)?;
        self.settle_crossed_key();
        self.absorb_conflict_copies();
        Ok(())
    }

    /// Like [`Vault::reload`], but decrypts only when the file changed since
    /// this handle last read or wrote it. Every save moves the generation
    /// on, so an unchanged header means unchanged contents; the window asks
    /// at every code change and on focus, and a large vault should not be
    /// decrypted each time for nothing. Returns whether it re-read.
    pub fn reload_if_changed(&mut self) -> Result<bool, OpenError> {
        let read = self.read_checked(true)?;
        if read {
            self.settle_crossed_key();
            self.absorb_conflict_copies();
        }
        Ok(read)
    }

    /// Reads the file on disk into this handle, after checking that it is
    /// still this vault (same id) and not older than what this handle last
    /// read or wrote, nor than the generation the keychain remembers. Any
    /// older file that decrypts would otherwise be taken as it is: an old
    /// copy swapped in while a command waits for input would bring used
    /// tokens back as unused, and the next save would make that stick.
    ///
    /// A file another process re-keyed (a password or keychain change) is
    /// followed when this handle can open the new key: through the
    /// keychain, or with the password it knows. Otherwise the handle must
    /// be unlocked again, and says so. Returns whether it re-read; with
    /// `only_if_changed`, an unchanged header is not decrypted again.
    fn read_checked(&mut self, only_if_changed: bool) -> Result<bool, OpenError> {
        let bytes = read_vault_file(&self.location)?;
        let parsed =
            format::parse(&bytes).map_err(|e| OpenError::from_format(&self.location, e))?;
        if only_if_changed && parsed.header == self.header && !self.others_changed() {
            return Ok(false);
        }
        let path = || self.location.vault_file().display().to_string();
        if parsed.header.vault_id != self.header.vault_id {
            return Err(OpenError::Replaced { path: path() });
        }
        let mut floor = self.header.generation;
        if !self.rollback_accepted
            && let Some(remembered) = self.remembered_generation()?
        {
            floor = floor.max(remembered);
        }
        if parsed.header.generation < floor {
            return Err(OpenError::RolledBack {
                path: path(),
                found: parsed.header.generation,
                expected: floor,
            });
        }
        let (data_key, password_key) = if parsed.header.slots == self.header.slots {
            (self.data_key.clone(), self.password_key.clone())
        } else {
            self.follow_new_key(&parsed.header)?
        };
        let (contents, sync) =
            synced::load(&self.location, &parsed, &data_key, self.sync.as_deref())?;
        self.header = parsed.header.clone();
        self.data_key = data_key;
        self.password_key = password_key;
        self.contents = contents;
        self.sync = sync;
        Ok(true)
    }

    /// The data key of a header whose slots changed since this handle read
    /// it: another process changed the password or the keychain key, and
    /// with it the data key. The keychain opens it when the header has a
    /// keychain slot whose key is there; else the password this handle
    /// knows, when it still fits.
    fn follow_new_key(&self, header: &Header) -> Result<(Key, Option<Key>), OpenError> {
        let changed = || OpenError::KeyChanged {
            path: self.location.vault_file().display().to_string(),
        };
        let password_key = self.password_key.as_ref().and_then(|key| {
            let (_, wrapped) = password_slot_of(header)?;
            let data_key = wrapped.unwrap(key, &binding(&header.vault_id, PASSWORD_KIND))?;
            Some((data_key, key.clone()))
        });
        if let Some((data_key, key)) = password_key {
            return Ok((data_key, Some(key)));
        }
        match unwrap_data_key(
            &self.location,
            header,
            self.keychain.as_ref(),
            Unlock::Keychain,
        ) {
            Ok((data_key, _)) => Ok((data_key, None)),
            Err(OpenError::Keychain { error, .. }) => Err(OpenError::Keychain {
                error,
                has_password: false,
            }),
            Err(_) => Err(changed()),
        }
    }

    /// Applies `change` to the newest contents on disk and saves, all under
    /// the lock. If `change` fails nothing is written.
    pub fn update<T, E>(
        &mut self,
        change: impl FnOnce(&mut VaultContents) -> Result<T, E>,
    ) -> Result<T, UpdateError<E>> {
        self.update_with_header(|contents, _| change(contents))
    }

    /// The start of every change: the exclusive lock, then the file as it
    /// is on disk now, checked like every read (same vault, no older
    /// generation). The lock is held until the returned guard is dropped.
    fn lock_and_reread<E>(&mut self) -> Result<store::VaultLock, UpdateError<E>> {
        let lock = self
            .location
            .lock()
            .map_err(|e| UpdateError::Save(SaveError::io(&self.location, &e)))?;
        self.read_checked(false).map_err(|error| {
            UpdateError::Save(match error {
                // It was there when this handle opened it.
                OpenError::NoVault { .. } | OpenError::SyncedFileMissing { .. } => {
                    SaveError::gone(&self.location)
                }
                other => SaveError::Reread(Box::new(other)),
            })
        })?;
        Ok(lock)
    }

    fn update_with_header<T, E>(
        &mut self,
        change: impl FnOnce(&mut VaultContents, &mut Header) -> Result<T, E>,
    ) -> Result<T, UpdateError<E>> {
        self.update_reporting_with_header(&[], change)
    }

    /// [`Vault::update`] that also remembers, for a synced vault, that
    /// these double uses were reported.
    fn update_reporting<T, E>(
        &mut self,
        reported: &[crate::sync::DoubleUseKey],
        change: impl FnOnce(&mut VaultContents) -> Result<T, E>,
    ) -> Result<T, UpdateError<E>> {
        self.update_reporting_with_header(reported, |contents, _| change(contents))
    }

    fn update_reporting_with_header<T, E>(
        &mut self,
        reported: &[crate::sync::DoubleUseKey],
        change: impl FnOnce(&mut VaultContents, &mut Header) -> Result<T, E>,
    ) -> Result<T, UpdateError<E>> {
        let _lock = self.lock_and_reread()?;
        let previous = self.header.generation;
        let mut contents = self.contents.clone();
        let mut header = self.header.clone();
        let value = change(&mut contents, &mut header).map_err(UpdateError::Rejected)?;
        if contents.accounts != self.contents.accounts {
            contents.backup.note_change();
        }
        let old_sync = self.sync.clone();
        let contents = self.record_synced(contents, reported);
        let old_contents = std::mem::replace(&mut self.contents, contents);
        let old_header = std::mem::replace(&mut self.header, header);
        if let Err(error) = self.write(Some(previous)) {
            self.contents = old_contents;
            self.header = old_header;
            self.sync = old_sync;
            return Err(UpdateError::Save(error));
        }
        self.after_synced_save();
        Ok(value)
    }

    /// Encrypts and writes the contents with the next generation. Call with
    /// the lock held.
    fn write(&mut self, previous: Option<u64>) -> Result<(), SaveError> {
        // The caller read the file under the same lock, so a keychain that
        // cannot be read was already refused there; it failing only now
        // must still not make us overwrite the newest generation it holds.
        let remembered = self.remembered_generation();
        let stored = remembered.as_ref().ok().copied().flatten();
        // Moving past the remembered generation is what makes an accepted
        // rollback stop being reported after one save.
        let next = self.header.generation.max(stored.unwrap_or(0)) + 1;
        let mut header = self.header.clone();
        header.generation = next;
        header.name_key(&self.data_key);
        let bytes = format::seal(&header, &self.data_key, &self.plaintext());
        self.location
            .replace_vault(&bytes, previous)
            .map_err(|e| SaveError::io(&self.location, &e))?;
        self.header = header;
        self.rollback_accepted = false;
        if remembered.is_ok() {
            self.remember_generation();
        }
        Ok(())
    }

    /// Adds a password slot, or replaces the password of the existing one.
    /// Makes a new data key (see [`Vault::rekey`]): the old password, and
    /// every older copy of the file, no longer open today's vault.
    pub fn set_password(
        &mut self,
        password: &str,
        kdf: KdfParams,
    ) -> Result<(), UpdateError<SlotError>> {
        if password.is_empty() {
            return Err(UpdateError::Rejected(SlotError::EmptyPassword));
        }
        if let Err(problem) = kdf.check() {
            return Err(UpdateError::Rejected(SlotError::Kdf(problem)));
        }
        self.rekey(|kinds| {
            Ok(NewSlots {
                keychain: kinds.keychain,
                password: PasswordSlotChange::Set(password, kdf),
            })
        })
    }

    /// Removes the password slot. Refused when it is the only way in, and
    /// for a vault in a synced folder, where the password is how other
    /// computers join and catch up with a key change. Makes a new data
    /// key, so the removed password opens nothing new.
    pub fn remove_password(&mut self) -> Result<(), UpdateError<SlotError>> {
        if self.is_synced() {
            return Err(UpdateError::Rejected(SlotError::SyncedNeedsPassword));
        }
        self.rekey(|kinds| {
            if !kinds.keychain {
                return Err(SlotError::LastSlot);
            }
            Ok(NewSlots {
                keychain: true,
                password: PasswordSlotChange::Remove,
            })
        })
    }

    /// Turns "ask for my password after a lock and at start" on or off.
    /// Turning it on needs a password slot: otherwise the vault could not
    /// be unlocked at all.
    pub fn set_password_at_unlock(&mut self, on: bool) -> Result<(), UpdateError<SlotError>> {
        self.update_with_header(|_, header| {
            if on && !kinds_of(header).password {
                return Err(SlotError::NoPasswordToAsk);
            }
            header.password_at_unlock = on;
            Ok(())
        })
    }

    /// Adds a keychain slot, or replaces its key, e.g. after a vault made on
    /// a machine without a keychain was moved to one that has it. Makes a
    /// new data key; a password slot is kept for the same password, which
    /// this handle must know (it was unlocked with it, or set it).
    pub fn add_keychain_slot(&mut self) -> Result<(), UpdateError<SlotError>> {
        self.rekey(|kinds| {
            Ok(NewSlots {
                keychain: true,
                password: if kinds.password {
                    PasswordSlotChange::Keep
                } else {
                    PasswordSlotChange::Remove
                },
            })
        })
    }

    /// Changes the key slots as `plan` says, given the slots on disk, under
    /// a new data key; re-encrypts the vault and every copy in `backups/`
    /// under it, and gives the keychain slot a new key under a new entry.
    ///
    /// The order is what keeps a crash at any point from locking the user
    /// out, and the keychain from ever holding only a key that opens
    /// neither file:
    ///
    /// 1. The new keychain key is stored under a *new* entry name; the
    ///    entry the file on disk needs is left as it is. A crash here leaves
    ///    the old file, still opened by the old entry (the new entry opens
    ///    nothing and stays behind unused).
    /// 2. The new file is written atomically (temporary file, fsync,
    ///    rename, fsync of the folder). A crash before the rename is case 1;
    ///    after it, the new file opens with the new entry, already durable.
    /// 3. Every copy in `backups/` (the old file just kept there included)
    ///    is re-encrypted under the new key and slots, each by the same
    ///    atomic replace, or removed when it cannot be. A crash here leaves
    ///    some copies under the old key, which only the old password or old
    ///    entry opens; they are pruned by the next saves as usual.
    /// 4. Only then is the old entry removed.
    ///
    /// In a synced folder only this computer's own file is rewritten; the
    /// old data key is kept in it, to read the other computers' files
    /// until each catches up with the new key (see `key_change.rs`).
    fn rekey<'a>(
        &mut self,
        plan: impl FnOnce(SlotKinds) -> Result<NewSlots<'a>, SlotError>,
    ) -> Result<(), UpdateError<SlotError>> {
        self.rekey_synced(plan, ReplacedKey::StillRead, |_, _| {})
    }

    /// [`Vault::rekey`], saying what becomes of the replaced key on a
    /// synced vault, and with `before_write` to change this computer's
    /// synced state in the same save (it runs with the lock held, after
    /// the file was read again; a vault that is not synced skips it).
    fn rekey_synced<'a>(
        &mut self,
        plan: impl FnOnce(SlotKinds) -> Result<NewSlots<'a>, SlotError>,
        replaced: ReplacedKey,
        before_write: impl FnOnce(&mut synced::SyncState, &VaultContents),
    ) -> Result<(), UpdateError<SlotError>> {
        let _lock = self.lock_and_reread()?;
        if self.key_changed_elsewhere().is_some() {
            return Err(UpdateError::Rejected(SlotError::CatchUpFirst));
        }
        let new_slots = plan(kinds_of(&self.header)).map_err(UpdateError::Rejected)?;
        let vault_id = self.header.vault_id.clone();
        let data_key = format::random_key();
        let mut slots = Vec::new();
        let mut password_key = None;
        match new_slots.password {
            PasswordSlotChange::Remove => {}
            PasswordSlotChange::Set(password, kdf) => {
                let (slot, key) = password_slot(&vault_id, &data_key, password, kdf)
                    .map_err(|problem| UpdateError::Rejected(SlotError::Kdf(problem)))?;
                slots.push(slot);
                password_key = Some(key);
            }
            PasswordSlotChange::Keep => {
                let (Some(key), Some((kdf, _))) =
                    (self.password_key.clone(), password_slot_of(&self.header))
                else {
                    return Err(UpdateError::Rejected(SlotError::PasswordNeeded));
                };
                slots.push(Slot::Password {
                    kdf: kdf.clone(),
                    wrapped: WrappedKey::wrap(&key, &data_key, &binding(&vault_id, PASSWORD_KIND)),
                });
                password_key = Some(key);
            }
        }
        let mut new_entry = None;
        if new_slots.keychain {
            // Step 1.
            let (slot, entry) = new_keychain_slot(self.keychain.as_ref(), &vault_id, &data_key)
                .map_err(|error| UpdateError::Rejected(SlotError::Keychain(error)))?;
            slots.push(slot);
            new_entry = Some(entry);
        }
        if slots.is_empty() {
            return Err(UpdateError::Rejected(SlotError::LastSlot));
        }

        // Step 2.
        let old_sync = self.sync.clone();
        if let Some(sync) = self.sync.as_mut() {
            before_write(sync, &self.contents);
            match replaced {
                ReplacedKey::StillRead => sync.own.older_keys.0.push(self.data_key.clone()),
                ReplacedKey::NoLongerRead => sync.stop_reading_older_keys(&self.data_key),
            }
        }
        self.switch_to_key(data_key, password_key, slots, new_entry, old_sync)
            .map_err(UpdateError::Save)
    }

    /// Steps 2 to 4 of [`Vault::rekey`], once step 1 stored `new_entry` (if
    /// any) and `slots` wrap `data_key`: writes this computer's file under
    /// `data_key` and `slots`, then re-encrypts the backups and removes the
    /// keychain entry the old file needed. When the write fails, the handle
    /// is as before (`old_sync` is its synced state from before the caller
    /// changed it for this write) and `new_entry` is removed.
    fn switch_to_key(
        &mut self,
        data_key: Key,
        password_key: Option<Key>,
        slots: Vec<Slot>,
        new_entry: Option<String>,
        old_sync: Option<Box<synced::SyncState>>,
    ) -> Result<(), SaveError> {
        let old_entry = keychain_entry_in(&self.header);
        let old_data_key = std::mem::replace(&mut self.data_key, data_key);
        let old_password_key = std::mem::replace(&mut self.password_key, password_key);
        let old_header = self.header.clone();
        self.header.slots = slots;
        // Without a password there is nothing to ask for; a password set
        // later starts with the one-click unlock again.
        if !kinds_of(&self.header).password {
            self.header.password_at_unlock = false;
        }
        if let Err(error) = self.write(Some(old_header.generation)) {
            self.data_key = old_data_key;
            self.password_key = old_password_key;
            self.header = old_header;
            self.sync = old_sync;
            if let Some(entry) = new_entry {
                // Nothing on disk names it.
                let _ = self.keychain.remove(&entry);
            }
            return Err(error);
        }

        // Step 3.
        self.reencrypt_backups(&old_data_key);

        // Step 4.
        if let Some(old_entry) = old_entry
            && let Err(error) = self.keychain.remove(&old_entry)
        {
            tracing::warn!(%error, "could not remove the old keychain key of the vault");
        }
        Ok(())
    }

    /// Step 3 of [`Vault::rekey`]: each copy in `backups/` that `old_key`
    /// opens is sealed again under this handle's key and slots, keeping its
    /// own generation and contents; any other (a copy from before an
    /// earlier change that a crash left behind, or a damaged one) is
    /// removed, as it could only be opened with a key that is retired.
    fn reencrypt_backups(&self, old_key: &Key) {
        for path in self.location.backups() {
            let rewritten = std::fs::read(&path)
                .ok()
                .map(Zeroizing::new)
                .and_then(|bytes| {
                    let parsed = format::parse(&bytes).ok()?;
                    if parsed.header.vault_id != self.header.vault_id {
                        return None;
                    }
                    let plaintext = parsed.decrypt(old_key).ok()?;
                    let header = Header {
                        generation: parsed.header.generation,
                        ..self.header.clone()
                    };
                    Some(format::seal(&header, &self.data_key, &plaintext))
                });
            let result = match rewritten {
                Some(bytes) => self.location.replace_backup(&path, &bytes),
                None => Err(std::io::Error::other("not opened by the old key")),
            };
            if result.is_err() && std::fs::remove_file(&path).is_err() {
                tracing::warn!(
                    "an older copy in the backups folder could not be re-encrypted or removed"
                );
            }
        }
        let _ = sync_dir(&self.location.backups_dir());
    }
}

/// What becomes of the data key a new one replaces, on a synced vault.
#[derive(Clone, Copy)]
enum ReplacedKey {
    /// Kept to read the other computers' files until they catch up.
    StillRead,
    /// Kept by id only (see `key_change.rs`), with every older key: a
    /// computer that had them was removed.
    NoLongerRead,
}

/// What [`Vault::rekey`] makes of the slots.
struct NewSlots<'a> {
    /// Whether the vault keeps (or gets) a keychain slot; it always gets a
    /// new key.
    keychain: bool,
    /// What becomes of the password slot.
    password: PasswordSlotChange<'a>,
}

/// What [`Vault::rekey`] does with the password slot.
enum PasswordSlotChange<'a> {
    /// No password slot afterwards.
    Remove,
    /// A password slot for this password, with these KDF settings.
    Set(&'a str, KdfParams),
    /// A password slot for the same password as now.
    Keep,
}

/// The contents as JSON, in a buffer that is wiped when dropped and never
/// grows: a first pass counts the bytes, so no reallocation leaves a copy
/// of the plaintext behind in freed memory.
pub(crate) fn serialize_contents(contents: &impl Serialize) -> Zeroizing<Vec<u8>> {
    /// Counts what is written and keeps nothing.
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    serde_json::to_writer(&mut counter, contents).expect("vault contents always serialize");
    let mut buffer = Zeroizing::new(Vec::with_capacity(counter.0));
    serde_json::to_writer(&mut *buffer, contents).expect("vault contents always serialize");
    debug_assert_eq!(buffer.len(), buffer.capacity(), "the buffer grew");
    buffer
}

fn kinds_of(header: &Header) -> SlotKinds {
    let password = header
        .slots
        .iter()
        .any(|s| matches!(s, Slot::Password { .. }));
    SlotKinds {
        keychain: header
            .slots
            .iter()
            .any(|s| matches!(s, Slot::Keychain { .. })),
        password,
        // The flag alone, without a password slot, would lock the user out.
        password_at_unlock: password && header.password_at_unlock,
    }
}

/// A password slot wrapping `data_key`, and the key it derived from the
/// password. Fails only for settings outside [`crate::kdf_bounds`]: a file
/// made with them could not be opened again.
fn password_slot(
    vault_id: &str,
    data_key: &Key,
    password: &str,
    kdf: KdfParams,
) -> Result<(Slot, Key), KdfProblem> {
    let slot_key = kdf.derive(password)?;
    let slot = Slot::Password {
        wrapped: WrappedKey::wrap(&slot_key, data_key, &binding(vault_id, PASSWORD_KIND)),
        kdf,
    };
    Ok((slot, slot_key))
}

/// The header's password slot: its KDF settings and wrapped key.
fn password_slot_of(header: &Header) -> Option<(&KdfParams, &WrappedKey)> {
    header.slots.iter().find_map(|slot| match slot {
        Slot::Password { kdf, wrapped } => Some((kdf, wrapped)),
        Slot::Keychain { .. } => None,
    })
}

fn read_vault_file(location: &VaultLocation) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    match std::fs::read(location.vault_file()) {
        Ok(bytes) => Ok(Zeroizing::new(bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let path = location.vault_file().display().to_string();
            Err(match location.synced() {
                Some(link) if link.removal_note(link.device).exists() => {
                    OpenError::RemovedFromSync {
                        folder: link.folder.display().to_string(),
                    }
                }
                Some(_) => OpenError::SyncedFileMissing { path },
                None => OpenError::NoVault { path },
            })
        }
        Err(error) => Err(OpenError::io(location, &error)),
    }
}

/// The data key, and the password slot's key when it was the password
/// that unlocked it.
fn unwrap_data_key(
    location: &VaultLocation,
    header: &Header,
    keychain: &dyn Keychain,
    unlock: Unlock<'_>,
) -> Result<(Key, Option<Key>), OpenError> {
    let damaged = || OpenError::Damaged {
        path: location.vault_file().display().to_string(),
        part: DamagedPart::Slot,
    };
    let kinds = kinds_of(header);
    let has_password = kinds.password;
    match unlock {
        Unlock::Keychain if kinds.password_at_unlock => Err(OpenError::PasswordAtUnlock),
        Unlock::Keychain => {
            let (wrapped, key_id) = header
                .slots
                .iter()
                .find_map(|slot| match slot {
                    Slot::Keychain { wrapped, key_id } => Some((wrapped, key_id.as_deref())),
                    Slot::Password { .. } => None,
                })
                .ok_or(OpenError::NeedsPassword)?;
            let stored = keychain
                .load(&keychain_entry_of(&header.vault_id, key_id))
                .map_err(|error| OpenError::Keychain {
                    error,
                    has_password,
                })?
                .ok_or(OpenError::KeyNotInKeychain { has_password })?;
            // Not "damaged": the file may be fine and the entry changed, and
            // restoring a backup of the file would then not help.
            let key_wrong = OpenError::KeychainKeyWrong { has_password };
            let slot_key = key_from_bytes(&stored).ok_or(key_wrong.clone())?;
            let data_key = wrapped
                .unwrap(&slot_key, &binding(&header.vault_id, KEYCHAIN_KIND))
                .ok_or(key_wrong)?;
            Ok((data_key, None))
        }
        Unlock::Password(password) => unwrap_password_slot(header, password)
            .map(|(data_key, password_key)| (data_key, Some(password_key)))
            .map_err(|error| match error {
                PasswordFileError::NoPasswordSlot => OpenError::NoPasswordSlot,
                PasswordFileError::WrongPassword => OpenError::WrongPassword,
                PasswordFileError::KdfOutOfBounds(bounds) => OpenError::KdfOutOfBounds(bounds),
                PasswordFileError::NotOurs
                | PasswordFileError::Damaged(_)
                | PasswordFileError::NewerVersion(_) => damaged(),
            }),
    }
}

/// The data key from the header's password slot, and the key derived from
/// the password. KDF settings outside [`crate::kdf_bounds`] are refused
/// before any derivation runs; others that cannot be used were damaged or
/// forged.
fn unwrap_password_slot(header: &Header, password: &str) -> Result<(Key, Key), PasswordFileError> {
    let (kdf, wrapped) = password_slot_of(header).ok_or(PasswordFileError::NoPasswordSlot)?;
    let slot_key = kdf.derive(password).map_err(|problem| match problem {
        KdfProblem::OutOfBounds(bounds) => PasswordFileError::KdfOutOfBounds(bounds),
        KdfProblem::Unusable => PasswordFileError::Damaged(DamagedPart::Slot),
    })?;
    let data_key = wrapped
        .unwrap(&slot_key, &binding(&header.vault_id, PASSWORD_KIND))
        .ok_or(PasswordFileError::WrongPassword)?;
    Ok((data_key, slot_key))
}

fn key_from_bytes(bytes: &[u8]) -> Option<Key> {
    let mut key = Zeroizing::new([0u8; 32]);
    if bytes.len() != key.len() {
        return None;
    }
    key.copy_from_slice(bytes);
    Some(key)
}

impl OpenError {
    fn from_format(location: &VaultLocation, error: FormatError) -> OpenError {
        match error {
            FormatError::Damaged(part) => OpenError::Damaged {
                path: location.vault_file().display().to_string(),
                part,
            },
            FormatError::NewerVersion(version) => OpenError::NewerVersion { version },
        }
    }
}

impl From<KeychainError> for CreateError {
    fn from(error: KeychainError) -> Self {
        CreateError::Keychain(error)
    }
}

#[cfg(test)]
mod tests;
