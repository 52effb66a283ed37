//! What the app holds between commands: where the vault is, the unlocked
//! vault (or nothing when locked), short-lived memory for undo and copy,
//! the idle clock and the reveal grants.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use safekeep_core::account::{Account, AccountId};
use safekeep_core::i18n::{Language, Message};
use safekeep_core::keychain::{Keychain, SystemKeychain};
use safekeep_core::otp::Code;
use safekeep_core::tokens::{HandedOut, ReplacedBatch, TokenCode};
use safekeep_core::vault::{
    OpenError, OpenOptions, RemovedAccount, Settings, Unlock, UpdateError, Vault, VaultContents,
    VaultLocation,
};
use tauri::{AppHandle, Manager};

use crate::chosen::ChosenFiles;
use crate::error::Problem;
use crate::lock::IdleClock;
use crate::reveal::RevealGrants;
use crate::views::{AppStatus, KeychainStatus};

/// How long "Undo" stays possible after using a backup token or deleting an
/// account; a little longer than the toast shows it, so a click at the last
/// moment still works.
pub const UNDO_WINDOW: Duration = Duration::from_secs(15);

/// Something just done to an account, kept so "Undo" can take it back.
struct Undoable<T> {
    account: AccountId,
    what: T,
    at: Instant,
}

/// The last thing of one kind that "Undo" can take back (a backup token
/// handed out, a token list replaced); a newer one takes its place.
pub struct UndoSlot<T>(Mutex<Option<Undoable<T>>>);

impl<T> Default for UndoSlot<T> {
    fn default() -> Self {
        UndoSlot(Mutex::new(None))
    }
}

impl<T> UndoSlot<T> {
    /// Keeps `what`, just done to the account `account`, for Undo.
    pub fn offer(&self, account: &str, what: T) {
        *self.slot() = Some(Undoable {
            account: AccountId::from(account),
            what,
            at: Instant::now(),
        });
    }

    /// What was just done to `account`, while Undo is still possible
    /// ([`UNDO_WINDOW`]); taken, so it is undone once at most.
    pub fn take(&self, account: &str) -> Option<T> {
        let account = AccountId::from(account);
        self.slot()
            .take_if(|done| done.account == account && done.at.elapsed() <= UNDO_WINDOW)
            .map(|done| done.what)
    }

    /// Forgets it (on lock). What it held is dropped here, and with it any
    /// secret: an account's secret and tokens, a token, wipe themselves.
    pub fn forget(&self) {
        *self.slot() = None;
    }

    /// Forgets what it holds if Undo has been possible for `window` already,
    /// so a secret kept for Undo is wiped when Undo ends, not whenever the
    /// next Undo of the same kind or a lock replaces it.
    fn forget_older_than(&self, window: Duration) {
        self.slot().take_if(|done| done.at.elapsed() >= window);
    }

    fn slot(&self) -> MutexGuard<'_, Option<Undoable<T>>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl<T: Send + 'static> UndoSlot<T> {
    /// Keeps `what`, just done to the account `account`, for Undo, and
    /// forgets it when Undo ends ([`UNDO_WINDOW`]). `pick` names this slot
    /// in the app's state, where the timer finds it again.
    pub fn offer_until_expired(
        app: &AppHandle,
        pick: fn(&AppState) -> &UndoSlot<T>,
        account: &str,
        what: T,
    ) {
        pick(&app.state::<AppState>()).offer(account, what);
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(UNDO_WINDOW).await;
            pick(&app.state::<AppState>()).forget_older_than(UNDO_WINDOW);
        });
    }
}

/// The app's state, managed by Tauri.
pub struct AppState {
    pub location: VaultLocation,
    pub keychain: Arc<dyn Keychain>,
    vault: Mutex<Option<Vault>>,
    /// The backup token just handed out, to put back on Undo.
    pub redeemed: UndoSlot<TokenCode>,
    /// The token list just replaced by a new batch; Undo puts it back (a
    /// core operation that refuses if the list changed since).
    pub replaced: UndoSlot<ReplacedBatch>,
    /// The account just deleted, with its place in the list, to put back on
    /// Undo.
    pub removed: UndoSlot<RemovedAccount>,
    /// HOTP codes shown since unlocking, so "copy" copies what is on screen.
    pub shown_hotp: Mutex<HashMap<AccountId, Code>>,
    /// When the user last did something, for auto-lock.
    pub idle: IdleClock,
    /// What the user has just confirmed they want to see.
    pub reveals: RevealGrants,
    /// The files last chosen in the open dialog, read when used.
    pub chosen: ChosenFiles,
    /// Woken when the vault is unlocked, locked or changed, so the tray
    /// menu shows the pinned accounts as they are now (`crate::tray`).
    pub vault_changed: tokio::sync::Notify,
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
            redeemed: UndoSlot::default(),
            replaced: UndoSlot::default(),
            removed: UndoSlot::default(),
            shown_hotp: Mutex::new(HashMap::new()),
            idle: IdleClock::default(),
            reveals: RevealGrants::default(),
            chosen: ChosenFiles::default(),
            vault_changed: tokio::sync::Notify::new(),
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
        self.vault_changed.notify_one();
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
        self.redeemed.forget();
        self.replaced.forget();
        self.removed.forget();
        self.chosen.forget();
        self.shown_hotp
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        self.vault_changed.notify_one();
    }

    /// Runs `act` on the unlocked vault, holding its lock until it returns;
    /// refuses while locked.
    pub fn unlocked<T>(
        &self,
        act: impl FnOnce(&mut Vault) -> Result<T, Problem>,
    ) -> Result<T, Problem> {
        let mut guard = self.vault();
        let vault = guard.as_mut().ok_or_else(|| Problem::app("app-locked"))?;
        act(vault)
    }

    /// Runs `read` on the unlocked vault's contents, first picking up what
    /// another process (the CLI) saved meanwhile.
    pub fn read<T>(
        &self,
        read: impl FnOnce(&VaultContents) -> Result<T, Problem>,
    ) -> Result<T, Problem> {
        self.unlocked(|vault| {
            vault.reload_if_changed()?;
            // The command line may have changed the setting meanwhile.
            self.idle
                .set_limit(Some(vault.contents().settings.auto_lock_minutes));
            read(vault.contents())
        })
    }

    /// Applies `change` in one locked transaction on the newest contents.
    pub fn change<T>(
        &self,
        change: impl FnOnce(&mut VaultContents) -> Result<T, Problem>,
    ) -> Result<T, Problem> {
        self.unlocked(|vault| {
            let changed = vault.update(change).map_err(|error| match error {
                UpdateError::Rejected(problem) => problem,
                UpdateError::Save(error) => error.into(),
            });
            // Settings and restored backups can change the auto-lock delay.
            self.idle
                .set_limit(Some(vault.contents().settings.auto_lock_minutes));
            self.vault_changed.notify_one();
            changed
        })
    }

    /// The code "copy" puts on the clipboard: a timed code's current one;
    /// for HOTP the code on screen, since showing one moved the counter on.
    pub fn code_to_copy(&self, account: &Account, now: u64) -> Result<Code, Problem> {
        let otp = account
            .otp
            .as_ref()
            .ok_or_else(|| Problem::app("app-no-code"))?;
        if otp.is_timed() {
            return Ok(otp.code_at(now));
        }
        self.shown_hotp
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&account.id)
            .cloned()
            .ok_or_else(|| Problem::app("app-hotp-not-shown"))
    }

    /// Remembers the HOTP code just shown for `account`, so "copy" copies
    /// what is on screen.
    pub fn show_hotp(&self, account: &str, code: Code) {
        self.shown_hotp
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(AccountId::from(account), code);
    }

    /// Offers Undo for a picked token the copy marked used; copying a used
    /// one again spent nothing, so there is nothing to undo.
    pub fn offer_undo_of(app: &AppHandle, account: &str, handed_out: HandedOut) {
        if handed_out.marked_used {
            UndoSlot::offer_until_expired(app, |s| &s.redeemed, account, handed_out.code);
        }
    }

    /// What the window shows first: whether there is a vault and it is
    /// unlocked, how it unlocks, the keychain, the language and settings.
    pub fn status(&self) -> AppStatus {
        let language = self.language();
        let (vault_state, slots, settings, synced) = match self.vault().as_ref() {
            Some(vault) => (
                "unlocked",
                Some(vault.slot_kinds()),
                vault.contents().settings.clone(),
                vault.is_synced(),
            ),
            None if self.location.has_vault() => (
                "locked",
                Vault::slot_kinds_at(&self.location).ok(),
                Settings::default(),
                false,
            ),
            None => ("missing", None, Settings::default(), false),
        };
        // Asking the keychain costs a D-Bus round trip; only the first-run
        // and unlock screens need the answer.
        let problem = match vault_state {
            "unlocked" => None,
            _ => self
                .keychain
                .check_available()
                .err()
                .map(|error| error.localized(language)),
        };
        AppStatus {
            vault: vault_state,
            keychain: KeychainStatus {
                available: problem.is_none(),
                problem,
            },
            slots,
            language,
            settings,
            data_dir: self.location.dir().display().to_string(),
            synced,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_undo_keeps_is_forgotten_once_its_window_has_passed() {
        let slot = UndoSlot::default();
        slot.offer("a", String::from("kept"));
        slot.forget_older_than(Duration::from_secs(3600));
        assert_eq!(
            slot.take("a").as_deref(),
            Some("kept"),
            "still in its window"
        );

        slot.offer("a", String::from("kept"));
        slot.forget_older_than(Duration::ZERO);
        assert!(
            slot.slot().is_none(),
            "dropped (and so wiped) when it expires"
        );
        assert_eq!(slot.take("a"), None);
    }

    #[test]
    fn undo_takes_back_only_what_was_done_to_that_account_and_only_once() {
        let slot = UndoSlot::default();
        slot.offer("a", 1);
        assert_eq!(slot.take("b"), None);
        assert_eq!(slot.take("a"), Some(1));
        assert_eq!(slot.take("a"), None);
    }
}
