//! One error enum per vault operation; the words are in `i18n/*/vault.ftl`.

use crate::i18n::{Message, MessageArg};
use crate::kdf_bounds::KdfOutOfBounds;
use crate::keychain::KeychainError;

use super::format::DamagedPart;
use super::slots::KdfProblem;
use super::store::VaultLocation;

/// Why a vault could not be created.
#[derive(Clone, Debug, PartialEq)]
pub enum CreateError {
    /// A vault already exists there; creating would destroy it.
    AlreadyExists {
        /// The existing file.
        path: String,
    },
    /// Neither the keychain nor a password was chosen.
    NoWayToUnlock,
    /// The keychain was chosen but cannot be used on this computer, and no
    /// password was chosen: the password is then the only way in.
    PasswordNeeded {
        /// Why the keychain cannot be used.
        keychain: KeychainError,
    },
    /// The password chosen is empty.
    EmptyPassword,
    /// The password's KDF settings are outside the bounds every read
    /// applies, so the vault could never be opened again.
    Kdf(KdfProblem),
    /// The keychain refused to keep the key.
    Keychain(KeychainError),
    /// The new file could not be written.
    Save(SaveError),
    /// The data directory could not be prepared.
    Io {
        /// The data directory.
        path: String,
        /// What the OS said.
        reason: String,
    },
}

impl CreateError {
    pub(super) fn io(location: &VaultLocation, error: &std::io::Error) -> CreateError {
        CreateError::Io {
            path: location.dir().display().to_string(),
            reason: error.to_string(),
        }
    }
}

/// Why a vault could not be opened. The file is never changed by a failed
/// open.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenError {
    /// There is no vault yet.
    NoVault {
        /// Where it was looked for.
        path: String,
    },
    /// A part of the file does not parse or authenticate: it was damaged
    /// (disk, truncated copy) or changed outside Safekeep.
    Damaged {
        /// The vault file.
        path: String,
        /// Which part was wrong.
        part: DamagedPart,
    },
    /// Written by a newer Safekeep than this one.
    NewerVersion {
        /// The file's format version.
        version: u16,
    },
    /// The vault has no keychain slot; it opens only with its password.
    NeedsPassword,
    /// The user asked for the password after a lock and at start, so the
    /// keychain does not unlock the vault.
    PasswordAtUnlock,
    /// A password was given but the vault has no password slot.
    NoPasswordSlot,
    /// The password does not unlock the vault.
    WrongPassword,
    /// The keychain has no key for this vault (it was removed, or the vault
    /// was copied from another computer).
    KeyNotInKeychain {
        /// Whether the password could open it instead.
        has_password: bool,
    },
    /// The keychain holds a key for this vault, but it does not unwrap the
    /// keychain slot: the entry was changed outside Safekeep, or the slot in
    /// the file was damaged. The two cannot be told apart without another
    /// way in, so the message names both.
    KeychainKeyWrong {
        /// Whether the password could open it instead.
        has_password: bool,
    },
    /// The keychain could not be asked.
    Keychain {
        /// What went wrong there.
        error: KeychainError,
        /// Whether the password could open it instead.
        has_password: bool,
    },
    /// The password slot asks for key-derivation settings outside the
    /// bounds: a damaged or forged file. Refused before any derivation.
    KdfOutOfBounds(KdfOutOfBounds),
    /// The file on disk is another vault (another id) than the one this
    /// handle opened: one was copied over it. Nothing was read or written.
    Replaced {
        /// The vault file.
        path: String,
    },
    /// Another process changed the vault's key slots, and with them its
    /// data key, and this handle has no way to the new key (the keychain
    /// lacks it and the password is not known here): unlock again.
    KeyChanged {
        /// The vault file.
        path: String,
    },
    /// The file is older than the newest one this computer (or this open
    /// vault) has seen: an old copy was put back, and tokens used since may
    /// look unused. Checked at open and at every later read.
    RolledBack {
        /// The vault file.
        path: String,
        /// Its generation.
        found: u64,
        /// The newest generation seen here.
        expected: u64,
    },
    /// The file could not be read.
    Io {
        /// The data directory.
        path: String,
        /// What the OS said.
        reason: String,
    },
    /// This computer's vault is in a synced folder, and its file there is
    /// missing: the folder is on a disk that is not connected, or was
    /// moved, or the sync program has not put it back. Nothing was changed.
    SyncedFileMissing {
        /// This computer's device file.
        path: String,
    },
    /// This computer was removed from the synced vault on another
    /// computer: it no longer syncs, and its file there is gone (or no
    /// longer read). Nothing was changed.
    RemovedFromSync {
        /// The synced folder.
        folder: String,
    },
}

impl OpenError {
    pub(super) fn io(location: &VaultLocation, error: &std::io::Error) -> OpenError {
        OpenError::Io {
            path: location.dir().display().to_string(),
            reason: error.to_string(),
        }
    }

    /// Whether unlocking with the password is the way forward.
    pub fn password_would_help(&self) -> bool {
        matches!(
            self,
            OpenError::NeedsPassword
                | OpenError::PasswordAtUnlock
                | OpenError::KeyNotInKeychain { has_password: true }
                | OpenError::KeychainKeyWrong { has_password: true }
                | OpenError::Keychain {
                    has_password: true,
                    ..
                }
        )
    }
}

/// Why a change could not be saved. The vault on disk is as it was before.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError {
    /// Writing failed (disk full, read-only, no permission…).
    Io {
        /// The data directory.
        path: String,
        /// What the OS said.
        reason: String,
        /// Which kind of failure, so the message can say what helps.
        problem: WriteProblem,
    },
    /// The vault file or its folder disappeared while the vault was open
    /// (removed, moved, renamed). Nothing is written: saving would make a
    /// new vault holding only what this handle has, beside or instead of
    /// the real one wherever it went.
    VaultGone {
        /// Where the vault file was.
        path: String,
    },
    /// Reading the newest version before changing it failed.
    Reread(Box<OpenError>),
}

/// The kinds of write failure whose remedies differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteProblem {
    /// The disk, or the user's quota on it, is full.
    Full,
    /// The file system is mounted read-only.
    ReadOnly,
    /// Anything else: permissions, an I/O error.
    Other,
}

impl WriteProblem {
    fn of(error: &std::io::Error) -> WriteProblem {
        use std::io::ErrorKind;
        match error.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => WriteProblem::Full,
            ErrorKind::ReadOnlyFilesystem => WriteProblem::ReadOnly,
            _ => WriteProblem::Other,
        }
    }

    fn name(self) -> &'static str {
        match self {
            WriteProblem::Full => "full",
            WriteProblem::ReadOnly => "read-only",
            WriteProblem::Other => "other",
        }
    }
}

impl SaveError {
    /// A failed write, or a vault whose folder was removed meanwhile (the
    /// lock and every file are opened by path, so that shows as not found).
    pub(super) fn io(location: &VaultLocation, error: &std::io::Error) -> SaveError {
        if error.kind() == std::io::ErrorKind::NotFound {
            return SaveError::gone(location);
        }
        SaveError::Io {
            path: location.dir().display().to_string(),
            reason: error.to_string(),
            problem: WriteProblem::of(error),
        }
    }

    pub(super) fn gone(location: &VaultLocation) -> SaveError {
        SaveError::VaultGone {
            path: location.vault_file().display().to_string(),
        }
    }
}

/// Why a change made through [`super::Vault::update`] did not happen.
#[derive(Clone, Debug, PartialEq)]
pub enum UpdateError<E> {
    /// The change itself was refused (e.g. no tokens left); nothing was written.
    Rejected(E),
    /// The change was fine but could not be saved; nothing was written.
    Save(SaveError),
}

/// Why a key slot could not be changed.
#[derive(Clone, Debug, PartialEq)]
pub enum SlotError {
    /// The new password is empty.
    EmptyPassword,
    /// Removing it would leave no way to unlock the vault.
    LastSlot,
    /// Asking for the password at unlock was turned on, but the vault has
    /// no password to ask for.
    NoPasswordToAsk,
    /// The keychain refused to keep the key.
    Keychain(KeychainError),
    /// The new password's KDF settings are outside the bounds.
    Kdf(KdfProblem),
    /// Keeping the password slot under a new data key needs the password,
    /// and this vault was unlocked without it.
    PasswordNeeded,
    /// The vault is in a synced folder, where its password is how other
    /// computers join and catch up with a key change: it cannot be
    /// removed. The slots stay as they are.
    SyncedNeedsPassword,
    /// Another computer changed the vault's key and this one has not caught
    /// up yet: a change here would fork the vault's key. Catch up first.
    CatchUpFirst,
}

fn path_arg(path: &str) -> (&'static str, MessageArg) {
    ("path", path.into())
}

impl Message for CreateError {
    fn message_id(&self) -> &'static str {
        match self {
            CreateError::AlreadyExists { .. } => "vault-create-exists",
            CreateError::NoWayToUnlock => "vault-create-no-way-to-unlock",
            CreateError::PasswordNeeded { .. } => "vault-create-password-needed",
            CreateError::EmptyPassword => "vault-empty-password",
            CreateError::Kdf(problem) => problem.message_id(),
            CreateError::Keychain(error) => error.message_id(),
            CreateError::Save(error) => error.message_id(),
            CreateError::Io { .. } => "vault-io",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            CreateError::AlreadyExists { path } => vec![path_arg(path)],
            CreateError::Kdf(problem) => problem.message_args(),
            CreateError::Keychain(error) => error.message_args(),
            CreateError::Save(error) => error.message_args(),
            CreateError::Io { path, reason } => {
                vec![path_arg(path), ("reason", reason.as_str().into())]
            }
            CreateError::NoWayToUnlock
            | CreateError::PasswordNeeded { .. }
            | CreateError::EmptyPassword => Vec::new(),
        }
    }
}

impl Message for OpenError {
    fn message_id(&self) -> &'static str {
        match self {
            OpenError::NoVault { .. } => "vault-missing",
            OpenError::Damaged { .. } => "vault-damaged",
            OpenError::NewerVersion { .. } => "vault-newer-version",
            OpenError::NeedsPassword => "vault-needs-password",
            OpenError::PasswordAtUnlock => "vault-password-at-unlock",
            OpenError::NoPasswordSlot => "vault-no-password-slot",
            OpenError::WrongPassword => "vault-wrong-password",
            OpenError::KeyNotInKeychain { has_password: true } => "vault-key-missing-use-password",
            OpenError::KeyNotInKeychain {
                has_password: false,
            } => "vault-key-missing",
            OpenError::KeychainKeyWrong { has_password: true } => "vault-key-wrong-use-password",
            OpenError::KeychainKeyWrong {
                has_password: false,
            } => "vault-key-wrong",
            OpenError::Keychain {
                has_password: true, ..
            } => "vault-keychain-use-password",
            OpenError::Keychain {
                has_password: false,
                error,
            } => error.message_id(),
            OpenError::KdfOutOfBounds(bounds) => bounds.message_id(),
            OpenError::Replaced { .. } => "vault-replaced",
            OpenError::KeyChanged { .. } => "vault-key-changed",
            OpenError::RolledBack { .. } => "vault-rolled-back",
            OpenError::Io { .. } => "vault-io",
            OpenError::SyncedFileMissing { .. } => "sync-own-file-missing",
            OpenError::RemovedFromSync { .. } => "sync-this-computer-removed",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            OpenError::NoVault { path }
            | OpenError::SyncedFileMissing { path }
            | OpenError::Replaced { path }
            | OpenError::KeyChanged { path } => vec![path_arg(path)],
            OpenError::RemovedFromSync { folder } => vec![path_arg(folder)],
            OpenError::KdfOutOfBounds(bounds) => bounds.message_args(),
            OpenError::Damaged { path, part } => vec![path_arg(path), ("part", part.name().into())],
            OpenError::NewerVersion { version } => vec![("version", (*version).into())],
            OpenError::Keychain { error, .. } => {
                let mut args = error.message_args();
                let state = if *error == KeychainError::Locked {
                    "locked"
                } else {
                    "failed"
                };
                args.push(("state", state.into()));
                args
            }
            OpenError::RolledBack {
                path,
                found,
                expected,
            } => vec![
                path_arg(path),
                ("found", (*found).into()),
                ("expected", (*expected).into()),
            ],
            OpenError::Io { path, reason } => {
                vec![path_arg(path), ("reason", reason.as_str().into())]
            }
            OpenError::NeedsPassword
            | OpenError::PasswordAtUnlock
            | OpenError::NoPasswordSlot
            | OpenError::WrongPassword
            | OpenError::KeyNotInKeychain { .. }
            | OpenError::KeychainKeyWrong { .. } => Vec::new(),
        }
    }
}

impl Message for SaveError {
    fn message_id(&self) -> &'static str {
        match self {
            SaveError::Io { .. } => "vault-save-failed",
            SaveError::VaultGone { .. } => "vault-gone",
            SaveError::Reread(error) => error.message_id(),
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            SaveError::Io {
                path,
                reason,
                problem,
            } => vec![
                path_arg(path),
                ("reason", reason.as_str().into()),
                ("problem", problem.name().into()),
            ],
            SaveError::VaultGone { path } => vec![path_arg(path)],
            SaveError::Reread(error) => error.message_args(),
        }
    }
}

impl<E: Message> Message for UpdateError<E> {
    fn message_id(&self) -> &'static str {
        match self {
            UpdateError::Rejected(error) => error.message_id(),
            UpdateError::Save(error) => error.message_id(),
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            UpdateError::Rejected(error) => error.message_args(),
            UpdateError::Save(error) => error.message_args(),
        }
    }
}

impl Message for SlotError {
    fn message_id(&self) -> &'static str {
        match self {
            SlotError::EmptyPassword => "vault-empty-password",
            SlotError::LastSlot => "vault-last-slot",
            SlotError::NoPasswordToAsk => "vault-password-at-unlock-needs-password",
            SlotError::Keychain(error) => error.message_id(),
            SlotError::Kdf(problem) => problem.message_id(),
            SlotError::PasswordNeeded => "vault-slot-password-needed",
            SlotError::SyncedNeedsPassword => "vault-slot-synced-needs-password",
            SlotError::CatchUpFirst => "vault-slot-catch-up-first",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            SlotError::Keychain(error) => error.message_args(),
            SlotError::Kdf(problem) => problem.message_args(),
            SlotError::EmptyPassword
            | SlotError::LastSlot
            | SlotError::PasswordNeeded
            | SlotError::SyncedNeedsPassword
            | SlotError::CatchUpFirst
            | SlotError::NoPasswordToAsk => Vec::new(),
        }
    }
}

impl Message for KdfProblem {
    fn message_id(&self) -> &'static str {
        match self {
            KdfProblem::OutOfBounds(bounds) => bounds.message_id(),
            KdfProblem::Unusable => "kdf-unusable",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            KdfProblem::OutOfBounds(bounds) => bounds.message_args(),
            KdfProblem::Unusable => Vec::new(),
        }
    }
}

crate::localized_error!(CreateError, OpenError, SaveError, SlotError, KdfProblem);

impl<E: Message> std::fmt::Display for UpdateError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::i18n::write_english(self, f)
    }
}
impl<E: Message + std::fmt::Debug> std::error::Error for UpdateError<E> {}
