//! What the app holds between commands: where the vault is, the unlocked
//! vault (or nothing when locked), short-lived memory for undo and copy,
//! the idle clock and the reveal grants.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use safekeep_core::account::AccountId;
use safekeep_core::i18n::{Language, Message};
use safekeep_core::keychain::{Keychain, SystemKeychain};
use safekeep_core::otp::Code;
use safekeep_core::tokens::{ReplacedBatch, TokenCode};
use safekeep_core::vault::{
    OpenError, OpenOptions, Unlock, UpdateError, Vault, VaultContents, VaultLocation,
};

use crate::error::AppError;
use crate::lock::IdleClock;
use crate::reveal::RevealGrants;

/// How long "Undo" stays possible after using a backup token; a little
/// longer than the toast shows it, so a click at the last moment still works.
pub const UNDO_WINDOW: Duration = Duration::from_secs(15);

/// A backup token just handed out, kept so it can be put back.
pub struct Redeemed {
    pub account: AccountId,
    pub token: TokenCode,
    pub at: Instant,
}

/// A token list just replaced by a new batch, kept so "Undo" can put the
/// old batch back (a core operation that refuses if the list changed since).
pub struct Replaced {
    pub account: AccountId,
    pub batch: ReplacedBatch,
    pub at: Instant,
}

/// The app's state, managed by Tauri.
pub struct AppState {
    pub location: VaultLocation,
    pub keychain: Arc<dyn Keychain>,
    vault: Mutex<Option<Vault>>,
    pub redeemed: Mutex<Option<Redeemed>>,
    pub replaced: Mutex<Option<Replaced>>,
    /// HOTP codes shown since unlocking, so "copy" copies what is on screen.
    pub shown_hotp: Mutex<HashMap<AccountId, Code>>,
    /// When the user last did something, for auto-lock.
    pub idle: IdleClock,
    /// What the user has just confirmed they want to see.
    pub reveals: RevealGrants,
    system_language: Language,
    /// The language the user chose, kept from the last unlocked vault: the
    /// choice lives inside the encrypted vault, and the unlock screen of a
    /// Dutch window must word a wrong password in Dutch too.
    language_while_locked: Mutex<Option<Language>>,
}

impl AppState {
    /// The vault where `SAFEKEEP_DATA_DIR` or the platform says, the keychain
    /// under `SAFEKEEP_KEYRING_SERVICE` or `safekeep`.
    pub fn from_env() -> Result<AppState, Box<dyn std::error::Error>> {
        let location = VaultLocation::from_env()
            .ok_or("no home directory for the vault; set SAFEKEEP_DATA_DIR")?;
        let locale = sys_locale::get_locale().unwrap_or_default();
        Ok(AppState {
            location,
            keychain: Arc::new(SystemKeychain::from_env()),
            vault: Mutex::new(None),
            redeemed: Mutex::new(None),
            replaced: Mutex::new(None),
            shown_hotp: Mutex::new(HashMap::new()),
            idle: IdleClock::default(),
            reveals: RevealGrants::default(),
            system_language: Language::from_locale(&locale),
            language_while_locked: Mutex::new(None),
        })
    }

    /// The unlocked vault, or `None` when locked or missing.
    pub fn vault(&self) -> MutexGuard<'_, Option<Vault>> {
        self.vault
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The language to word messages in: the user's choice (while locked,
    /// the one the vault held when it was locked), else the system's.
    pub fn language(&self) -> Language {
        let chosen = match self.vault().as_ref() {
            Some(vault) => vault.contents().settings.language,
            None => *self.language_while_locked(),
        };
        chosen.unwrap_or(self.system_language)
    }

    fn language_while_locked(&self) -> MutexGuard<'_, Option<Language>> {
        self.language_while_locked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Words a core error in the user's language.
    pub fn error(&self, error: &dyn Message) -> AppError {
        AppError::from_message(error, self.language())
    }

    /// Opens the vault and keeps it; a failure leaves the app locked.
    pub fn unlock(&self, unlock: Unlock<'_>, options: OpenOptions) -> Result<(), OpenError> {
        let vault = Vault::open(&self.location, Arc::clone(&self.keychain), unlock, options)?;
        self.keep_unlocked(vault);
        Ok(())
    }

    /// Keeps a vault just opened or created, and starts its idle clock.
    pub fn keep_unlocked(&self, vault: Vault) {
        self.idle.touch();
        self.idle
            .set_limit(Some(vault.contents().settings.auto_lock_minutes));
        *self.vault() = Some(vault);
    }

    /// Best effort at start-up; the unlock screen explains any failure when
    /// the user tries again.
    pub fn try_keychain_unlock(&self) {
        let keychain_unlocks =
            Vault::slot_kinds_at(&self.location).is_ok_and(|kinds| kinds.keychain_unlocks());
        if keychain_unlocks {
            let _ = self.unlock(Unlock::Keychain, OpenOptions::default());
        }
    }

    /// Drops the vault, and with it the data key and every decrypted secret
    /// (they are wiped on drop), plus the undo and HOTP memory and any
    /// reveal grant. The rest of locking is `lock::lock_app`.
    pub fn lock(&self) {
        if let Some(vault) = self.vault().take() {
            *self.language_while_locked() = vault.contents().settings.language;
        }
        self.idle.set_limit(None);
        self.reveals.forget_all();
        *self.redeemed.lock().unwrap_or_else(|p| p.into_inner()) = None;
        *self.replaced.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.shown_hotp
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// Runs `read` on the unlocked vault's contents, first picking up what
    /// another process (the CLI) saved meanwhile.
    pub fn read<T>(
        &self,
        read: impl FnOnce(&VaultContents) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let language = self.language();
        let mut guard = self.vault();
        let vault = guard
            .as_mut()
            .ok_or_else(|| AppError::app("app-locked", language))?;
        vault
            .reload_if_changed()
            .map_err(|e| AppError::from_message(&e, language))?;
        // The command line may have changed the setting meanwhile.
        self.idle
            .set_limit(Some(vault.contents().settings.auto_lock_minutes));
        read(vault.contents())
    }

    /// Applies `change` in one locked transaction on the newest contents.
    pub fn change<T>(
        &self,
        change: impl FnOnce(&mut VaultContents) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let language = self.language();
        let mut guard = self.vault();
        let vault = guard
            .as_mut()
            .ok_or_else(|| AppError::app("app-locked", language))?;
        let changed = vault.update(change).map_err(|error| match error {
            UpdateError::Rejected(error) => error,
            UpdateError::Save(error) => AppError::from_message(&error, language),
        });
        // Settings and restored backups can change the auto-lock delay.
        self.idle
            .set_limit(Some(vault.contents().settings.auto_lock_minutes));
        changed
    }
}
