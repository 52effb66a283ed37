//! The encrypted vault: creating, unlocking, and changing it safely.
//!
//! Every change is a transaction: take the lock, read the file as it is on
//! disk now (another process may have changed it), apply the change, write
//! atomically, release. That is what lets the app and the CLI run at once
//! without ever handing out the same backup token twice.

mod errors;
mod format;
mod password_file;
mod slots;
mod store;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::account::{Account, AccountId, AddAccountError};
use crate::keychain::{Keychain, KeychainError};

pub use errors::{CreateError, OpenError, SaveError, SlotError, UpdateError, WriteProblem};
pub use format::{DamagedPart, FORMAT_VERSION};
pub use slots::KdfParams;
pub use store::{BACKUPS_KEPT, DATA_DIR_ENV, VaultLocation, make_file_private};

pub(crate) use password_file::{PasswordFileError, open_with_password, seal_with_password};
pub(crate) use store::{create_private_dir, sync_dir, write_synced};

use format::{FormatError, Header, Key};
use slots::{Slot, WrappedKey, binding};

/// What the vault holds, encrypted: the accounts and the user's settings.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct VaultContents {
    /// Every account, in the order the user sees them.
    pub accounts: Vec<Account>,
    /// Preferences that travel with the vault.
    #[serde(default)]
    pub settings: Settings,
}

impl VaultContents {
    /// The account with this id.
    pub fn account(&self, id: &AccountId) -> Option<&Account> {
        self.accounts.iter().find(|account| account.id == *id)
    }

    /// Adds `account` at the end, unless the same account is already stored.
    pub fn add_account(&mut self, account: Account) -> Result<&Account, AddAccountError> {
        if let Some(existing) = self.accounts.iter().find(|a| a.is_same_as(&account)) {
            return Err(AddAccountError::Duplicate {
                name: existing.display_name(),
            });
        }
        self.accounts.push(account);
        Ok(self.accounts.last().expect("just pushed"))
    }

    /// The account with this id, to change it inside [`Vault::update`].
    pub fn account_mut(&mut self, id: &AccountId) -> Option<&mut Account> {
        self.accounts.iter_mut().find(|account| account.id == *id)
    }
}

/// Preferences kept inside the vault so they follow it to a new computer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// Lock after this many minutes without use; 0 never locks.
    pub auto_lock_minutes: u32,
    /// Clear a copied code from the clipboard after this many seconds; 0 never.
    pub clipboard_clear_seconds: u32,
    /// `None` follows the system locale.
    pub language: Option<crate::i18n::Language>,
    /// When the last encrypted backup was made, in Unix seconds; `None`
    /// before the first one.
    pub last_backup_at: Option<i64>,
    /// Whether an account or its tokens changed since the last backup, for
    /// the reminder to make one. Kept by the vault, not chosen: every save
    /// that changes the accounts sets it, making a backup clears it, and
    /// saves of the preferences alone leave it as it is.
    pub changed_since_backup: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            auto_lock_minutes: 5,
            clipboard_clear_seconds: 30,
            language: None,
            last_backup_at: None,
            changed_since_backup: false,
        }
    }
}

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
}

/// How to create a vault.
pub struct CreateOptions<'a> {
    /// Keep a key in the OS keychain (the default: nothing to type).
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
    contents: VaultContents,
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

fn generation_entry(vault_id: &str) -> String {
    format!("vault-{vault_id}-generation")
}

const KEYCHAIN_KIND: &str = "keychain";
const PASSWORD_KIND: &str = "password";

impl Vault {
    /// Creates a new, empty vault at `location`.
    pub fn create(
        location: &VaultLocation,
        keychain: Arc<dyn Keychain>,
        options: CreateOptions<'_>,
    ) -> Result<Vault, CreateError> {
        if !options.keychain && options.password.is_none() {
            return Err(CreateError::NoWayToUnlock);
        }
        if options.password.is_some_and(|p| p.is_empty()) {
            return Err(CreateError::EmptyPassword);
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
        if options.keychain {
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
            });
        }
        if let Some(password) = options.password {
            slots.push(password_slot(&vault_id, &data_key, password, options.kdf));
        }
        let mut vault = Vault {
            location: location.clone(),
            keychain,
            header: Header {
                vault_id,
                generation: 0,
                slots,
            },
            data_key,
            contents: VaultContents::default(),
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
    pub fn open(
        location: &VaultLocation,
        keychain: Arc<dyn Keychain>,
        unlock: Unlock<'_>,
        options: OpenOptions,
    ) -> Result<Vault, OpenError> {
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
        let data_key = unwrap_data_key(location, &header, keychain.as_ref(), unlock)?;
        let contents = decrypt_contents(location, &parsed, &data_key)?;
        let vault = Vault {
            location: location.clone(),
            keychain,
            header,
            data_key,
            contents,
        };
        vault.check_generation(options)?;
        Ok(vault)
    }

    /// Compares the file's generation with the one the keychain remembers.
    /// Without a reachable keychain there is nothing to compare with; the
    /// vault still opens, as the design allows password-only use.
    fn check_generation(&self, options: OpenOptions) -> Result<(), OpenError> {
        let Some(remembered) = self.remembered_generation() else {
            self.remember_generation();
            return Ok(());
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
        Ok(())
    }

    fn remembered_generation(&self) -> Option<u64> {
        let stored = self
            .keychain
            .load(&generation_entry(&self.header.vault_id))
            .ok()??;
        std::str::from_utf8(&stored).ok()?.trim().parse().ok()
    }

    /// Best effort: a keychain that is away only weakens rollback detection,
    /// it must not stop the user from using their vault.
    fn remember_generation(&self) {
        let entry = generation_entry(&self.header.vault_id);
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
    pub fn reload(&mut self) -> Result<(), OpenError> {
        let bytes = read_vault_file(&self.location)?;
        let parsed =
            format::parse(&bytes).map_err(|e| OpenError::from_format(&self.location, e))?;
        let contents = decrypt_contents(&self.location, &parsed, &self.data_key)?;
        self.header = parsed.header.clone();
        self.contents = contents;
        Ok(())
    }

    /// Like [`Vault::reload`], but decrypts only when the file changed since
    /// this handle last read or wrote it. Every save moves the generation
    /// on, so an unchanged header means unchanged contents; the window asks
    /// at every code change and on focus, and a large vault should not be
    /// decrypted each time for nothing. Returns whether it re-read.
    pub fn reload_if_changed(&mut self) -> Result<bool, OpenError> {
        let bytes = read_vault_file(&self.location)?;
        let parsed =
            format::parse(&bytes).map_err(|e| OpenError::from_format(&self.location, e))?;
        if parsed.header == self.header {
            return Ok(false);
        }
        let contents = decrypt_contents(&self.location, &parsed, &self.data_key)?;
        self.header = parsed.header.clone();
        self.contents = contents;
        Ok(true)
    }

    /// Applies `change` to the newest contents on disk and saves, all under
    /// the lock. If `change` fails nothing is written.
    pub fn update<T, E>(
        &mut self,
        change: impl FnOnce(&mut VaultContents) -> Result<T, E>,
    ) -> Result<T, UpdateError<E>> {
        self.update_with_header(|contents, _| change(contents))
    }

    fn update_with_header<T, E>(
        &mut self,
        change: impl FnOnce(&mut VaultContents, &mut Header) -> Result<T, E>,
    ) -> Result<T, UpdateError<E>> {
        let _lock = self
            .location
            .lock()
            .map_err(|e| UpdateError::Save(SaveError::io(&self.location, &e)))?;
        self.reload().map_err(|error| {
            UpdateError::Save(match error {
                // It was there when this handle opened it.
                OpenError::NoVault { .. } => SaveError::gone(&self.location),
                other => SaveError::Reread(Box::new(other)),
            })
        })?;
        let previous = self.header.generation;
        let mut contents = self.contents.clone();
        let mut header = self.header.clone();
        let value = change(&mut contents, &mut header).map_err(UpdateError::Rejected)?;
        if contents.accounts != self.contents.accounts {
            contents.settings.changed_since_backup = true;
        }
        let old_contents = std::mem::replace(&mut self.contents, contents);
        let old_header = std::mem::replace(&mut self.header, header);
        if let Err(error) = self.write(Some(previous)) {
            self.contents = old_contents;
            self.header = old_header;
            return Err(UpdateError::Save(error));
        }
        Ok(value)
    }

    /// Encrypts and writes the contents with the next generation. Call with
    /// the lock held.
    fn write(&mut self, previous: Option<u64>) -> Result<(), SaveError> {
        let remembered = self.remembered_generation().unwrap_or(0);
        // Moving past the remembered generation is what makes an accepted
        // rollback stop being reported after one save.
        let next = self.header.generation.max(remembered) + 1;
        let mut header = self.header.clone();
        header.generation = next;
        let plaintext = Zeroizing::new(
            serde_json::to_vec(&self.contents).expect("vault contents always serialize"),
        );
        let bytes = format::seal(&header, &self.data_key, &plaintext);
        self.location
            .replace_vault(&bytes, previous)
            .map_err(|e| SaveError::io(&self.location, &e))?;
        self.header = header;
        self.remember_generation();
        Ok(())
    }

    /// Adds a password slot, or replaces the password of the existing one.
    pub fn set_password(
        &mut self,
        password: &str,
        kdf: KdfParams,
    ) -> Result<(), UpdateError<SlotError>> {
        if password.is_empty() {
            return Err(UpdateError::Rejected(SlotError::EmptyPassword));
        }
        let data_key = self.data_key.clone();
        self.update_with_header(|_, header| -> Result<(), SlotError> {
            let slot = password_slot(&header.vault_id, &data_key, password, kdf);
            header
                .slots
                .retain(|slot| !matches!(slot, Slot::Password { .. }));
            header.slots.push(slot);
            Ok(())
        })
    }

    /// Removes the password slot. Refused when it is the only way in.
    pub fn remove_password(&mut self) -> Result<(), UpdateError<SlotError>> {
        self.update_with_header(|_, header| {
            if !kinds_of(header).keychain {
                return Err(SlotError::LastSlot);
            }
            header
                .slots
                .retain(|slot| !matches!(slot, Slot::Password { .. }));
            Ok(())
        })
    }

    /// Adds a keychain slot, e.g. after a vault made on a machine without
    /// a keychain was moved to one that has it.
    pub fn add_keychain_slot(&mut self) -> Result<(), UpdateError<SlotError>> {
        let data_key = self.data_key.clone();
        let keychain = Arc::clone(&self.keychain);
        self.update_with_header(|_, header| {
            let keychain_key = format::random_key();
            keychain
                .store(&keychain_entry(&header.vault_id), keychain_key.as_ref())
                .map_err(SlotError::Keychain)?;
            header
                .slots
                .retain(|slot| !matches!(slot, Slot::Keychain { .. }));
            header.slots.push(Slot::Keychain {
                wrapped: WrappedKey::wrap(
                    &keychain_key,
                    &data_key,
                    &binding(&header.vault_id, KEYCHAIN_KIND),
                ),
            });
            Ok(())
        })
    }
}

fn kinds_of(header: &Header) -> SlotKinds {
    SlotKinds {
        keychain: header
            .slots
            .iter()
            .any(|s| matches!(s, Slot::Keychain { .. })),
        password: header
            .slots
            .iter()
            .any(|s| matches!(s, Slot::Password { .. })),
    }
}

fn password_slot(vault_id: &str, data_key: &Key, password: &str, kdf: KdfParams) -> Slot {
    // Only parameters read from a forged file can fail to derive; ours are
    // made by `KdfParams` and always valid.
    let slot_key = kdf
        .derive(password)
        .expect("freshly made KDF parameters are valid");
    Slot::Password {
        wrapped: WrappedKey::wrap(&slot_key, data_key, &binding(vault_id, PASSWORD_KIND)),
        kdf,
    }
}

fn read_vault_file(location: &VaultLocation) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    match std::fs::read(location.vault_file()) {
        Ok(bytes) => Ok(Zeroizing::new(bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(OpenError::NoVault {
            path: location.vault_file().display().to_string(),
        }),
        Err(error) => Err(OpenError::io(location, &error)),
    }
}

fn unwrap_data_key(
    location: &VaultLocation,
    header: &Header,
    keychain: &dyn Keychain,
    unlock: Unlock<'_>,
) -> Result<Key, OpenError> {
    let damaged = || OpenError::Damaged {
        path: location.vault_file().display().to_string(),
        part: DamagedPart::Slot,
    };
    let has_password = kinds_of(header).password;
    match unlock {
        Unlock::Keychain => {
            let wrapped = header
                .slots
                .iter()
                .find_map(|slot| match slot {
                    Slot::Keychain { wrapped } => Some(wrapped),
                    Slot::Password { .. } => None,
                })
                .ok_or(OpenError::NeedsPassword)?;
            let stored = keychain
                .load(&keychain_entry(&header.vault_id))
                .map_err(|error| OpenError::Keychain {
                    error,
                    has_password,
                })?
                .ok_or(OpenError::KeyNotInKeychain { has_password })?;
            // Not "damaged": the file may be fine and the entry changed, and
            // restoring a backup of the file would then not help.
            let key_wrong = OpenError::KeychainKeyWrong { has_password };
            let slot_key = key_from_bytes(&stored).ok_or(key_wrong.clone())?;
            wrapped
                .unwrap(&slot_key, &binding(&header.vault_id, KEYCHAIN_KIND))
                .ok_or(key_wrong)
        }
        Unlock::Password(password) => {
            unwrap_password_slot(header, password).map_err(|error| match error {
                PasswordFileError::NoPasswordSlot => OpenError::NoPasswordSlot,
                PasswordFileError::WrongPassword => OpenError::WrongPassword,
                PasswordFileError::NotOurs
                | PasswordFileError::Damaged(_)
                | PasswordFileError::NewerVersion(_) => damaged(),
            })
        }
    }
}

/// The data key from the header's password slot. A slot whose KDF
/// parameters cannot be used was damaged or forged.
fn unwrap_password_slot(header: &Header, password: &str) -> Result<Key, PasswordFileError> {
    let (kdf, wrapped) = header
        .slots
        .iter()
        .find_map(|slot| match slot {
            Slot::Password { kdf, wrapped } => Some((kdf, wrapped)),
            Slot::Keychain { .. } => None,
        })
        .ok_or(PasswordFileError::NoPasswordSlot)?;
    let slot_key = kdf
        .derive(password)
        .ok_or(PasswordFileError::Damaged(DamagedPart::Slot))?;
    wrapped
        .unwrap(&slot_key, &binding(&header.vault_id, PASSWORD_KIND))
        .ok_or(PasswordFileError::WrongPassword)
}

fn key_from_bytes(bytes: &[u8]) -> Option<Key> {
    let mut key = Zeroizing::new([0u8; 32]);
    if bytes.len() != key.len() {
        return None;
    }
    key.copy_from_slice(bytes);
    Some(key)
}

fn decrypt_contents(
    location: &VaultLocation,
    parsed: &format::ParsedFile<'_>,
    data_key: &Key,
) -> Result<VaultContents, OpenError> {
    let plaintext = parsed
        .decrypt(data_key)
        .map_err(|e| OpenError::from_format(location, e))?;
    // Authenticated but unparseable contents mean a bug or a newer writer,
    // not tampering; the message is the same "damaged" one either way.
    serde_json::from_slice(&plaintext).map_err(|_| OpenError::Damaged {
        path: location.vault_file().display().to_string(),
        part: DamagedPart::Contents,
    })
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
