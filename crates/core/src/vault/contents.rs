//! What the vault holds, encrypted: the accounts, the preferences the user
//! chooses, and the vault's own record of its backups, which no one chooses.
//!
//! The two are apart so that saving preferences can never reset the backup
//! record. On disk they share the `settings` object, as they always have, so
//! every vault and backup written before (or after) opens the same.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::account::{Account, AccountId, AddAccountError};

/// What the vault holds, encrypted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VaultContents {
    /// Every account, in the order the user sees them.
    pub accounts: Vec<Account>,
    /// Preferences that travel with the vault.
    pub settings: Settings,
    /// When the last backup was made and whether it is due; kept by the
    /// vault and by making backups (see [`BackupRecord`]).
    pub backup: BackupRecord,
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

    /// The account with this id, to change it inside [`super::Vault::update`].
    pub fn account_mut(&mut self, id: &AccountId) -> Option<&mut Account> {
        self.accounts.iter_mut().find(|account| account.id == *id)
    }

    /// Removes the account with this id and hands it back whole, with
    /// where it stood, so [`VaultContents::restore_removed`] can undo it;
    /// `None` when it is already gone (removed elsewhere), which is not an
    /// error.
    pub fn remove_account(&mut self, id: &AccountId) -> Option<RemovedAccount> {
        let position = self.accounts.iter().position(|account| account.id == *id)?;
        Some(RemovedAccount {
            account: self.accounts.remove(position),
            position,
        })
    }

    /// Puts an account [`VaultContents::remove_account`] took out back where
    /// it stood (or at the end, if the list has since become shorter), with
    /// its id, secret, tokens and used marks as they were. Refused when the
    /// same account was stored again meanwhile: two copies would hand out
    /// the same backup tokens.
    pub fn restore_removed(
        &mut self,
        removed: RemovedAccount,
    ) -> Result<&Account, AddAccountError> {
        let RemovedAccount { account, position } = removed;
        if let Some(existing) = self
            .accounts
            .iter()
            .find(|stored| stored.id == account.id || stored.is_same_as(&account))
        {
            return Err(AddAccountError::Duplicate {
                name: existing.display_name(),
            });
        }
        let position = position.min(self.accounts.len());
        self.accounts.insert(position, account);
        Ok(&self.accounts[position])
    }

    /// Whether to remind the user to make a backup: there is something to
    /// lose, and it was never backed up or changed since the last backup.
    pub fn backup_due(&self) -> bool {
        !self.accounts.is_empty()
            && (self.backup.last_backup_at.is_none() || self.backup.changed_since_backup)
    }
}

/// An account just removed from the vault, with the place it had in the
/// list, kept (in memory only) so the removal can be undone. Its secret and
/// tokens are wiped from memory when it is dropped, as every account's are.
#[derive(Debug)]
pub struct RemovedAccount {
    account: Account,
    position: usize,
}

impl RemovedAccount {
    /// The account as it was removed.
    pub fn account(&self) -> &Account {
        &self.account
    }
}

/// Preferences kept inside the vault so they follow it to a new computer.
/// The user chooses them; the window saves them whole.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// Lock after this many minutes without use; 0 never locks.
    pub auto_lock_minutes: u32,
    /// Clear a copied code from the clipboard after this many seconds; 0 never.
    pub clipboard_clear_seconds: u32,
    /// `None` follows the system locale.
    pub language: Option<crate::i18n::Language>,
    /// Light or dark, or as the system says. Not written while it follows
    /// the system, so a vault that never chose one is written as before.
    #[serde(skip_serializing_if = "Theme::follows_system")]
    pub theme: Theme,
}

/// The window's colours.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Light or dark as the desktop prefers (`prefers-color-scheme`).
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Whether this is the system's choice, the default.
    pub fn follows_system(&self) -> bool {
        *self == Theme::System
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            auto_lock_minutes: 5,
            clipboard_clear_seconds: 30,
            language: None,
            theme: Theme::System,
        }
    }
}

/// The vault's record of its backups, for the reminder to make one. Not a
/// preference: only the vault (a save that changes the accounts) and making
/// a backup change it, so its fields are read through methods.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct BackupRecord {
    /// When the last encrypted backup was made, in Unix seconds; `None`
    /// before the first one.
    last_backup_at: Option<i64>,
    /// Whether an account or its tokens changed since the last backup.
    changed_since_backup: bool,
}

impl BackupRecord {
    /// When the last encrypted backup was made, in Unix seconds; `None`
    /// before the first one.
    pub fn last_backup_at(&self) -> Option<i64> {
        self.last_backup_at
    }

    /// Whether an account or its tokens changed since the last backup.
    pub fn changed_since_backup(&self) -> bool {
        self.changed_since_backup
    }

    /// A backup holding everything was made at `now`.
    pub(crate) fn backed_up(&mut self, now: i64) {
        self.last_backup_at = Some(now);
        self.changed_since_backup = false;
    }

    /// The accounts or their tokens changed.
    pub(crate) fn note_change(&mut self) {
        self.changed_since_backup = true;
    }

    /// Keeps the later of the two last backups: a restore must not make the
    /// vault forget a backup made after the one restored.
    pub(crate) fn keep_later_backup(&mut self, other: &BackupRecord) {
        self.last_backup_at = self.last_backup_at.max(other.last_backup_at);
    }
}

/// The contents as the vault file (and a backup file) stores them: the
/// preferences and the backup record side by side in one `settings` object.
#[derive(Serialize)]
struct StoredRef<'a> {
    accounts: &'a [Account],
    settings: StoredSettings<&'a Settings, &'a BackupRecord>,
}

/// Like [`StoredRef`], owned, to read into.
#[derive(Deserialize)]
struct Stored {
    accounts: Vec<Account>,
    #[serde(default)]
    settings: StoredSettings<Settings, BackupRecord>,
}

#[derive(Default, Serialize, Deserialize)]
struct StoredSettings<P, B> {
    #[serde(flatten)]
    preferences: P,
    #[serde(flatten)]
    backup: B,
}

impl Serialize for VaultContents {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StoredRef {
            accounts: &self.accounts,
            settings: StoredSettings {
                preferences: &self.settings,
                backup: &self.backup,
            },
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for VaultContents {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = Stored::deserialize(deserializer)?;
        Ok(VaultContents {
            accounts: stored.accounts,
            settings: stored.settings.preferences,
            backup: stored.settings.backup,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    /// The contents of a vault written before the backup record had a type
    /// of its own: all five in one `settings` object.
    const WRITTEN_BEFORE: &str = r#"{"accounts":[],"settings":{"auto_lock_minutes":7,"clipboard_clear_seconds":0,"language":"nl","last_backup_at":1800000000,"changed_since_backup":true}}"#;

    #[test]
    fn a_vault_written_before_the_split_reads_the_same_and_is_written_the_same() {
        let contents: VaultContents = serde_json::from_str(WRITTEN_BEFORE).unwrap();
        assert_eq!(
            contents.settings,
            Settings {
                auto_lock_minutes: 7,
                clipboard_clear_seconds: 0,
                language: Some(Language::Nl),
                theme: Theme::System,
            }
        );
        assert_eq!(contents.backup.last_backup_at(), Some(1_800_000_000));
        assert!(contents.backup.changed_since_backup());
        assert_eq!(serde_json::to_string(&contents).unwrap(), WRITTEN_BEFORE);
    }

    #[test]
    fn a_chosen_theme_is_kept_and_one_never_chosen_follows_the_system() {
        let before: VaultContents = serde_json::from_str(WRITTEN_BEFORE).unwrap();
        assert_eq!(before.settings.theme, Theme::System);
        let mut dark = before.clone();
        dark.settings.theme = Theme::Dark;
        let written = serde_json::to_string(&dark).unwrap();
        assert!(written.contains(r#""theme":"dark""#), "{written}");
        let read: VaultContents = serde_json::from_str(&written).unwrap();
        assert_eq!(read, dark);
    }

    #[test]
    fn missing_settings_or_fields_take_their_defaults() {
        let bare: VaultContents = serde_json::from_str(r#"{"accounts":[]}"#).unwrap();
        assert_eq!(bare, VaultContents::default());
        let some: VaultContents =
            serde_json::from_str(r#"{"accounts":[],"settings":{"auto_lock_minutes":0}}"#).unwrap();
        assert_eq!(some.settings.auto_lock_minutes, 0);
        assert_eq!(some.settings.clipboard_clear_seconds, 30);
        assert_eq!(some.backup, BackupRecord::default());
    }

    fn account_with_tokens(issuer: &str, secret: &str) -> Account {
        let secret = crate::otp::OtpSecret::from_base32(secret).unwrap();
        let mut account =
            Account::new(issuer, "me", Some(crate::otp::Otp::totp(secret)), 0).unwrap();
        let tokens = &mut account.backup_tokens;
        tokens
            .add_batch("ab12-cd34 ef56-gh78", crate::tokens::BatchMode::Append, 1)
            .unwrap();
        tokens.redeem_next(issuer, 2).unwrap();
        account
    }

    fn three_accounts() -> VaultContents {
        let mut contents = VaultContents::default();
        for (issuer, secret) in [("A", "GEZDGNBV"), ("B", "MFRGGZDF"), ("C", "JBSWY3DP")] {
            contents
                .add_account(account_with_tokens(issuer, secret))
                .unwrap();
        }
        contents
    }

    #[test]
    fn a_removed_account_comes_back_whole_where_it_stood() {
        let mut contents = three_accounts();
        let before = contents.clone();
        let middle = before.accounts[1].id.clone();
        let removed = contents.remove_account(&middle).expect("it was there");
        assert_eq!(removed.account(), &before.accounts[1]);
        assert_eq!(contents.accounts.len(), 2);
        assert!(contents.account(&middle).is_none());
        contents.restore_removed(removed).unwrap();
        assert_eq!(
            contents, before,
            "same place, secret, tokens and used marks"
        );
    }

    #[test]
    fn removing_an_account_already_gone_is_no_error() {
        let mut contents = three_accounts();
        assert!(contents.remove_account(&AccountId::from("gone")).is_none());
        assert_eq!(contents.accounts.len(), 3);
    }

    #[test]
    fn a_removed_account_returns_at_the_end_of_a_list_grown_shorter() {
        let mut contents = three_accounts();
        let last = contents.accounts[2].id.clone();
        let removed = contents.remove_account(&last).unwrap();
        let first = contents.accounts[0].id.clone();
        contents.remove_account(&first).unwrap();
        assert_eq!(contents.restore_removed(removed).unwrap().id, last);
        assert_eq!(contents.accounts.len(), 2);
        assert_eq!(contents.accounts[1].id, last);
    }

    #[test]
    fn a_removed_account_stored_again_meanwhile_is_not_put_back_twice() {
        let mut contents = three_accounts();
        let first = contents.accounts[0].clone();
        let removed = contents.remove_account(&first.id).unwrap();
        contents
            .add_account(account_with_tokens("A", "GEZDGNBV"))
            .unwrap();
        assert_eq!(
            contents.restore_removed(removed).unwrap_err(),
            AddAccountError::Duplicate {
                name: first.display_name()
            }
        );
        assert_eq!(contents.accounts.len(), 3);
    }

    #[test]
    fn a_backup_clears_the_change_and_a_restore_keeps_the_later_backup() {
        let mut record = BackupRecord::default();
        record.note_change();
        record.backed_up(100);
        assert_eq!(
            (record.last_backup_at(), record.changed_since_backup()),
            (Some(100), false)
        );
        let mut older = BackupRecord::default();
        older.backed_up(50);
        older.keep_later_backup(&record);
        assert_eq!(older.last_backup_at(), Some(100));
        record.keep_later_backup(&BackupRecord::default());
        assert_eq!(record.last_backup_at(), Some(100));
    }
}
