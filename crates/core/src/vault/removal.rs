//! Removing a computer from a synced vault (a lost or stolen laptop, one
//! given away).
//!
//! That computer's keychain slot lives only in its own file, but its
//! keychain holds a key to the data key every file shares: so removing it
//! makes a new data key, as a password change does, except that the
//! replaced keys are no longer read with (a file under them could be that
//! computer's). Its removal is recorded in the shared replica, where it is
//! final: its file, should it come back from an offline computer, is never
//! merged again; its file is deleted; and the other computers catch up
//! with the new key by the password, as after a password change (see
//! `key_change.rs`). The removed computer, at its next open, is told so.

use super::devices::{device_files, device_of};
use super::{
    NewSlots, PasswordSlotChange, ReplacedKey, SlotError, UpdateError, Vault, unwrap_password_slot,
};
use crate::i18n::{Message, MessageArg};
use crate::keychain::KeychainError;
use crate::sync::DeviceId;

use super::synced::SyncStatus;

/// Why a computer could not be removed. Nothing was changed.
#[derive(Clone, Debug, PartialEq)]
pub enum RemoveDeviceError {
    /// This vault is not in a synced folder.
    NotSynced,
    /// That is this computer: stop syncing it instead.
    ThisComputer,
    /// No computer of this vault has that name or id.
    NoSuchComputer {
        /// What was asked for.
        name: String,
    },
    /// More than one computer has that name: give its id.
    AmbiguousName {
        /// The name.
        name: String,
    },
    /// Removing a computer makes a new data key, which the password slot
    /// must keep wrapping, and this vault was unlocked without its
    /// password: give it.
    PasswordNeeded,
    /// The password given is not the vault's.
    WrongPassword,
    /// The keychain refused to keep this computer's new key.
    Keychain(KeychainError),
    /// Another computer changed the vault's key and this one has not caught
    /// up yet (see [`Vault::catch_up_with_new_password`]): catch up first.
    CatchUpFirst,
}

impl Message for RemoveDeviceError {
    fn message_id(&self) -> &'static str {
        match self {
            RemoveDeviceError::NotSynced => "sync-remove-not-synced",
            RemoveDeviceError::ThisComputer => "sync-remove-this-computer",
            RemoveDeviceError::NoSuchComputer { .. } => "sync-remove-no-such-computer",
            RemoveDeviceError::AmbiguousName { .. } => "sync-remove-ambiguous",
            RemoveDeviceError::PasswordNeeded => "sync-remove-password-needed",
            RemoveDeviceError::WrongPassword => "vault-wrong-password",
            RemoveDeviceError::Keychain(error) => error.message_id(),
            RemoveDeviceError::CatchUpFirst => "vault-slot-catch-up-first",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            RemoveDeviceError::NoSuchComputer { name }
            | RemoveDeviceError::AmbiguousName { name } => vec![("name", name.as_str().into())],
            RemoveDeviceError::Keychain(error) => error.message_args(),
            RemoveDeviceError::NotSynced
            | RemoveDeviceError::ThisComputer
            | RemoveDeviceError::PasswordNeeded
            | RemoveDeviceError::CatchUpFirst
            | RemoveDeviceError::WrongPassword => Vec::new(),
        }
    }
}
crate::localized_error!(RemoveDeviceError);

impl SyncStatus {
    /// The other computer named `name_or_id`: its id (as `sync status`
    /// shows it), or its name, ignoring case.
    pub fn find_other(&self, name_or_id: &str) -> Result<DeviceId, RemoveDeviceError> {
        let wanted = name_or_id.trim();
        if let Some(device) = DeviceId::from_hex(wanted) {
            if device == self.this_device.device {
                return Err(RemoveDeviceError::ThisComputer);
            }
            if self.others.iter().any(|other| other.device == device) {
                return Ok(device);
            }
        }
        let named: Vec<DeviceId> = self
            .others
            .iter()
            .filter(|other| other.name.to_lowercase() == wanted.to_lowercase())
            .map(|other| other.device)
            .collect();
        match named.as_slice() {
            [device] => Ok(*device),
            [] if self.this_device.name.to_lowercase() == wanted.to_lowercase() => {
                Err(RemoveDeviceError::ThisComputer)
            }
            [] => Err(RemoveDeviceError::NoSuchComputer {
                name: wanted.to_owned(),
            }),
            _ => Err(RemoveDeviceError::AmbiguousName {
                name: wanted.to_owned(),
            }),
        }
    }
}

impl Vault {
    /// Removes the computer `device` from this synced vault: records its
    /// removal (final, merged like the rest), moves this computer to a new
    /// data key that its keychain key does not open, and deletes its file.
    /// The other computers say that the key changed here and catch up with
    /// the password ([`Vault::catch_up_with_new_password`]); the removed
    /// one says it was removed.
    ///
    /// The password slot keeps the same password under the new key, so
    /// this handle must know it: unlocked with it, or given as `password`
    /// (otherwise [`RemoveDeviceError::PasswordNeeded`]).
    pub fn remove_device(
        &mut self,
        device: DeviceId,
        password: Option<&str>,
    ) -> Result<(), UpdateError<RemoveDeviceError>> {
        let rejected = |error| Err(UpdateError::Rejected(error));
        let Some(status) = self.sync_status() else {
            return rejected(RemoveDeviceError::NotSynced);
        };
        if device == status.this_device.device {
            return rejected(RemoveDeviceError::ThisComputer);
        }
        if !status.others.iter().any(|other| other.device == device) {
            return rejected(RemoveDeviceError::NoSuchComputer {
                name: device.to_hex(),
            });
        }
        if self.password_key.is_none() {
            let Some(password) = password else {
                return rejected(RemoveDeviceError::PasswordNeeded);
            };
            match unwrap_password_slot(&self.header, password) {
                Ok((data_key, password_key)) if *data_key == *self.data_key => {
                    self.password_key = Some(password_key);
                }
                _ => return rejected(RemoveDeviceError::WrongPassword),
            }
        }
        self.rekey_synced(
            |kinds| {
                Ok(NewSlots {
                    keychain: kinds.keychain,
                    password: PasswordSlotChange::Keep,
                })
            },
            ReplacedKey::NoLongerRead,
            |sync, view| sync.record_removal(device, view),
        )
        .map_err(|error| match error {
            UpdateError::Save(error) => UpdateError::Save(error),
            UpdateError::Rejected(SlotError::Keychain(error)) => {
                UpdateError::Rejected(RemoveDeviceError::Keychain(error))
            }
            UpdateError::Rejected(SlotError::CatchUpFirst) => {
                UpdateError::Rejected(RemoveDeviceError::CatchUpFirst)
            }
            UpdateError::Rejected(_) => UpdateError::Rejected(RemoveDeviceError::PasswordNeeded),
        })?;
        // This computer's own file records the removal first; only then is
        // the removed computer's file deleted (a crash between the two
        // leaves a file that is no longer read, and named as such).
        let link = self
            .location
            .synced()
            .cloned()
            .expect("a synced vault has a link");
        for (name, path) in device_files(&link) {
            if device_of(&name).is_some_and(|(owner, _)| owner == device)
                && let Err(error) = std::fs::remove_file(&path)
            {
                tracing::warn!(%error, "the removed computer's file could not be deleted");
            }
        }
        let note = link.removal_note(device);
        let noted = note
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&note, b""));
        if let Err(error) = noted {
            tracing::warn!(%error, "the note for the removed computer could not be written");
        }
        if let Err(error) = self.read_checked(false) {
            tracing::warn!(%error, "the synced folder could not be read again after the removal");
        }
        Ok(())
    }
}
