//! What the vault holds, encrypted: the accounts, the preferences the user
//! chooses, and the vault's own record of its backups, which no one chooses.
//!
//! The two are apart so that saving preferences can never reset the backup
//! record. On disk they share the `settings` object, as they always have, so
//! every vault and backup written before (or after) opens the same.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::account::{Account, AccountId, AddAccountError};
use crate::order::{self, Arrangement, ListOrder};

/// What the vault holds, encrypted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VaultContents {
    /// Every account. In [`ListOrder::Custom`] this is the order the user
    /// arranged; lists show them through [`VaultContents::in_list_order`].
    pub accounts: Vec<Account>,
    /// How the list orders the accounts within the pinned and unpinned
    /// groups. Kept apart from [`Settings`], which the window saves whole:
    /// only moving a row and "Sort by name" change it.
    pub order: ListOrder,
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

    /// Every account in the order lists show them (see [`crate::order`]).
    pub fn in_list_order(&self) -> Vec<&Account> {
        order::list_positions(&self.accounts, self.order)
            .into_iter()
            .map(|position| &self.accounts[position])
            .collect()
    }

    /// Pins the account with this id to the top of the list, or unpins it.
    /// `None` when no account has that id.
    pub fn set_pinned(&mut self, id: &AccountId, pinned: bool) -> Option<&Account> {
        let account = self.account_mut(id)?;
        account.pinned = pinned;
        Some(account)
    }

    /// Moves the account with this id to `position` in the list order,
    /// kept within its group (pinned or not), and makes the order
    /// [`ListOrder::Custom`], starting from the order the list showed.
    /// Returns the position it ended at; `None` when no account has that id.
    pub fn move_account(&mut self, id: &AccountId, position: usize) -> Option<usize> {
        let positions = order::list_positions(&self.accounts, self.order);
        let from = positions
            .iter()
            .position(|&stored| self.accounts[stored].id == *id)?;
        let pinned = self.accounts.iter().filter(|a| a.pinned).count();
        let group = if self.accounts[positions[from]].pinned {
            0..pinned
        } else {
            pinned..self.accounts.len()
        };
        let to = position.clamp(group.start, group.end - 1);
        let mut slots: Vec<Option<Account>> = std::mem::take(&mut self.accounts)
            .into_iter()
            .map(Some)
            .collect();
        let mut listed: Vec<Account> = positions
            .into_iter()
            .map(|stored| slots[stored].take().expect("each position once"))
            .collect();
        let moved = listed.remove(from);
        listed.insert(to, moved);
        self.accounts = listed;
        self.order = ListOrder::Custom;
        Some(to)
    }

    /// Pins, unpins or moves the account with this id, as
    /// [`VaultContents::set_pinned`] and [`VaultContents::move_account`] do;
    /// `false` when no account has that id.
    pub fn arrange(&mut self, id: &AccountId, arrangement: Arrangement) -> bool {
        match arrangement {
            Arrangement::Pinned(pinned) => self.set_pinned(id, pinned).is_some(),
            Arrangement::MovedTo(position) => self.move_account(id, position).is_some(),
        }
    }

    /// Orders the list by name again, as before any move; the next move
    /// starts from the name order.
    pub fn sort_by_name(&mut self) {
        self.order = ListOrder::Name;
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
    #[serde(skip_serializing_if = "ListOrder::is_name")]
    order: ListOrder,
    settings: StoredSettings<&'a Settings, &'a BackupRecord>,
}

/// Like [`StoredRef`], owned, to read into.
#[derive(Deserialize)]
struct Stored {
    accounts: Vec<Account>,
    #[serde(default)]
    order: ListOrder,
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
            order: self.order,
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
            order: stored.order,
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

    fn contents_of(names: &[(&str, bool)]) -> VaultContents {
        let mut contents = VaultContents::default();
        for (name, pinned) in names {
            let mut account = Account::new(name, "", None, 0).unwrap();
            account.pinned = *pinned;
            contents.accounts.push(account);
        }
        contents
    }

    fn listed(contents: &VaultContents) -> Vec<String> {
        contents
            .in_list_order()
            .iter()
            .map(|account| account.issuer.to_string())
            .collect()
    }

    fn id_of(contents: &VaultContents, issuer: &str) -> AccountId {
        contents
            .accounts
            .iter()
            .find(|account| *account.issuer == *issuer)
            .unwrap()
            .id
            .clone()
    }

    #[test]
    fn the_list_is_in_natural_order_by_site_then_account_name() {
        let mut contents = contents_of(&[("Site60", false), ("site59", false), ("Site6", false)]);
        contents
            .accounts
            .push(Account::new("", "Site7", None, 0).unwrap());
        contents
            .accounts
            .push(Account::new("Site6", "b", None, 0).unwrap());
        contents
            .accounts
            .push(Account::new("Site6", "A", None, 0).unwrap());
        let shown: Vec<String> = contents
            .in_list_order()
            .iter()
            .map(|account| account.display_name())
            .collect();
        assert_eq!(
            shown,
            [
                "Site6",
                "Site6 (A)",
                "Site6 (b)",
                "Site7",
                "site59",
                "Site60"
            ]
        );
    }

    #[test]
    fn pinned_accounts_come_first_each_group_in_its_own_order() {
        let mut contents = contents_of(&[
            ("Site10", false),
            ("Site9", true),
            ("Site2", false),
            ("Site1", true),
        ]);
        assert_eq!(listed(&contents), ["Site1", "Site9", "Site2", "Site10"]);
        let id = id_of(&contents, "Site10");
        assert_eq!(contents.set_pinned(&id, true).unwrap().issuer, "Site10");
        assert_eq!(listed(&contents), ["Site1", "Site9", "Site10", "Site2"]);
        contents.set_pinned(&id, false);
        assert_eq!(listed(&contents), ["Site1", "Site9", "Site2", "Site10"]);
        assert!(
            contents
                .set_pinned(&AccountId::from("gone"), true)
                .is_none()
        );
        // As the window asks for it.
        let arrangement: Arrangement = serde_json::from_str(r#"{"pinned":true}"#).unwrap();
        assert!(contents.arrange(&id, arrangement));
        assert_eq!(listed(&contents), ["Site1", "Site9", "Site10", "Site2"]);
        assert!(!contents.arrange(&AccountId::from("gone"), arrangement));
    }

    #[test]
    fn a_move_makes_the_order_custom_from_what_the_list_showed() {
        let mut contents = contents_of(&[("C", false), ("A", false), ("B", false), ("D", false)]);
        let d = id_of(&contents, "D");
        assert_eq!(contents.move_account(&d, 1), Some(1));
        assert_eq!(contents.order, ListOrder::Custom);
        assert_eq!(listed(&contents), ["A", "D", "B", "C"]);
        // The arrangement is the stored order; a new account comes last.
        contents
            .add_account(Account::new("AA", "", None, 0).unwrap())
            .unwrap();
        assert_eq!(listed(&contents), ["A", "D", "B", "C", "AA"]);
        let a = id_of(&contents, "A");
        assert_eq!(contents.move_account(&a, 99), Some(4));
        assert_eq!(listed(&contents), ["D", "B", "C", "AA", "A"]);
        contents.sort_by_name();
        assert_eq!(listed(&contents), ["A", "AA", "B", "C", "D"]);
        assert_eq!(contents.move_account(&AccountId::from("gone"), 0), None);
        let arrangement: Arrangement = serde_json::from_str(r#"{"moved_to":0}"#).unwrap();
        assert!(contents.arrange(&d, arrangement));
        assert_eq!(listed(&contents), ["D", "A", "AA", "B", "C"]);
    }

    #[test]
    fn a_move_stays_within_its_group() {
        let mut contents = contents_of(&[("P1", true), ("P2", true), ("U1", false), ("U2", false)]);
        let u2 = id_of(&contents, "U2");
        assert_eq!(contents.move_account(&u2, 0), Some(2));
        assert_eq!(listed(&contents), ["P1", "P2", "U2", "U1"]);
        let p1 = id_of(&contents, "P1");
        assert_eq!(contents.move_account(&p1, 3), Some(1));
        assert_eq!(listed(&contents), ["P2", "P1", "U2", "U1"]);
        // Pinning keeps the arrangement: it joins the pinned group in place.
        contents.set_pinned(&u2, true);
        assert_eq!(listed(&contents), ["P2", "P1", "U2", "U1"]);
    }

    #[test]
    fn the_order_and_pins_survive_saving_and_an_old_vault_reads_the_same() {
        let mut contents = contents_of(&[("B", true), ("A", false)]);
        let a = id_of(&contents, "A");
        contents.move_account(&a, 5);
        let written = serde_json::to_string(&contents).unwrap();
        let read: VaultContents = serde_json::from_str(&written).unwrap();
        assert_eq!(read, contents);
        assert_eq!(listed(&read), ["B", "A"]);

        // Written before pins and the order existed: nothing pinned, by name,
        // and written back exactly as it was.
        let unpinned = contents_of(&[("B", false), ("A", false)]);
        let before = serde_json::to_string(&unpinned).unwrap();
        assert!(!before.contains("pinned") && !before.contains("order"));
        let read: VaultContents = serde_json::from_str(&before).unwrap();
        assert_eq!(read.order, ListOrder::Name);
        assert!(read.accounts.iter().all(|account| !account.pinned));
        assert_eq!(serde_json::to_string(&read).unwrap(), before);
    }

    /// A vault with one account, as written before pins and the list
    /// order existed.
    const ACCOUNT_WRITTEN_BEFORE: &str = r#"{"accounts":[{"id":"4f1c0d3e-9a7b-4c2d-8e6f-0a1b2c3d4e5f","issuer":"GitHub","label":"me","otp":null,"backup_tokens":[],"notes":"","tags":[],"created_at":1800000000}],"settings":{"auto_lock_minutes":5,"clipboard_clear_seconds":30,"language":null,"last_backup_at":null,"changed_since_backup":false}}"#;

    #[test]
    fn a_vault_written_before_pins_reads_unpinned_by_name_and_is_written_the_same() {
        let contents: VaultContents = serde_json::from_str(ACCOUNT_WRITTEN_BEFORE).unwrap();
        assert_eq!(contents.order, ListOrder::Name);
        assert!(!contents.accounts[0].pinned);
        assert_eq!(
            serde_json::to_string(&contents).unwrap(),
            ACCOUNT_WRITTEN_BEFORE
        );
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
