//! Accounts (one per site) and the list of them that the vault holds.

use serde::{Deserialize, Serialize};

use crate::i18n::{Message, MessageArg};
use crate::otp::Otp;
use crate::text::{Name, Notes, TextField, TextTooLong};
use crate::tokens::BackupTokens;

/// A stable identifier for an account, kept across edits and renames.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountId(String);

impl AccountId {
    /// A new random identifier.
    pub fn random() -> AccountId {
        AccountId(uuid::Uuid::new_v4().to_string())
    }

    /// The identifier as text, as the UI passes it back.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for AccountId {
    fn from(value: &str) -> Self {
        AccountId(value.to_owned())
    }
}

/// One site: its code generator (if it uses one), its backup tokens, notes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Account {
    /// Stable identifier.
    pub id: AccountId,
    /// The site or service, e.g. "Therapieland". May be empty.
    pub issuer: Name,
    /// The account name at that site, e.g. an e-mail address. May be empty.
    pub label: Name,
    /// How codes are made; `None` for a site used only with backup tokens.
    pub otp: Option<Otp>,
    /// The site's one-time backup tokens.
    #[serde(default)]
    pub backup_tokens: BackupTokens,
    /// Free text the user keeps with the account.
    #[serde(default)]
    pub notes: Notes,
    /// Free labels for grouping.
    #[serde(default)]
    pub tags: Vec<Name>,
    /// When it was added, in Unix seconds.
    pub created_at: i64,
    /// Whether the user pinned it to the top of the list (see
    /// [`crate::order`]). Left out of the file when not pinned.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pinned: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}

impl Account {
    /// A new account with a fresh id. The names are cleaned and must fit
    /// [`NAME_LIMIT`](crate::text::NAME_LIMIT) (see [`crate::text`]).
    pub fn new(
        issuer: &str,
        label: &str,
        otp: Option<Otp>,
        now: i64,
    ) -> Result<Account, TextTooLong> {
        Ok(Account {
            id: AccountId::random(),
            issuer: Name::new(TextField::Issuer, issuer)?,
            label: Name::new(TextField::Label, label)?,
            otp,
            backup_tokens: BackupTokens::default(),
            notes: Notes::default(),
            tags: Vec::new(),
            created_at: now,
            pinned: false,
        })
    }

    /// A new account that a person typed in by hand: as [`Account::new`],
    /// but it must have a name (see [`has_name`]). The person is there to
    /// give one, and nameless accounts cannot be told apart in a list. A
    /// link or an imported file may hold a nameless entry, which
    /// [`Account::new`] keeps: refusing it would lose a working secret.
    pub fn new_by_hand(
        issuer: &str,
        label: &str,
        otp: Option<Otp>,
        now: i64,
    ) -> Result<Account, ByHandError> {
        if !has_name(issuer, label) {
            return Err(ByHandError::Unnamed);
        }
        Account::new(issuer, label, otp, now).map_err(ByHandError::TooLong)
    }

    /// Changes the names and notes the user edits, all or nothing: when one
    /// is too long, nothing changes.
    pub fn edit(&mut self, issuer: &str, label: &str, notes: &str) -> Result<(), TextTooLong> {
        let issuer = Name::new(TextField::Issuer, issuer)?;
        let label = Name::new(TextField::Label, label)?;
        let notes = Notes::new(notes)?;
        (self.issuer, self.label, self.notes) = (issuer, label, notes);
        Ok(())
    }

    /// Adds a tag, unless the account has it already.
    pub fn add_tag(&mut self, tag: &str) -> Result<(), TextTooLong> {
        let tag = Name::new(TextField::Tag, tag)?;
        if !tag.is_empty() && !self.tags.contains(&tag) {
            self.tags.push(tag);
        }
        Ok(())
    }

    /// How the account is named to the user: "Issuer (label)", or whichever
    /// of the two is set.
    pub fn display_name(&self) -> String {
        display_name_of(&self.issuer, &self.label)
    }

    /// The site's name for messages such as "no tokens left for …".
    pub fn site_name(&self) -> &str {
        if self.issuer.is_empty() {
            &self.label
        } else {
            &self.issuer
        }
    }

    /// Whether `query` (case-insensitive) appears in the issuer or label.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        self.issuer.to_lowercase().contains(&query) || self.label.to_lowercase().contains(&query)
    }

    /// Whether `query` names this account exactly: the issuer, the label,
    /// or "issuer:label", ignoring case.
    fn is_exactly(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        let issuer = self.issuer.to_lowercase();
        let label = self.label.to_lowercase();
        query == issuer || query == label || query == format!("{issuer}:{label}")
    }
}

impl Account {
    /// Whether `other` is the same account added twice: same site, same
    /// name (ignoring case) and the same secret.
    pub fn is_same_as(&self, other: &Account) -> bool {
        self.issuer.to_lowercase() == other.issuer.to_lowercase()
            && self.label.to_lowercase() == other.label.to_lowercase()
            && self.otp.as_ref().map(|otp| otp.secret.as_bytes())
                == other.otp.as_ref().map(|otp| otp.secret.as_bytes())
    }
}

/// How an account or an entry without a site or account name is shown.
pub const UNNAMED: &str = "(unnamed)";

/// Whether a site and account name name an account: at least one of them
/// is more than blanks.
pub fn has_name(issuer: &str, label: &str) -> bool {
    !issuer.trim().is_empty() || !label.trim().is_empty()
}

/// How an account or an imported entry with this site and account name is
/// named to the user, the one rule for every list, report and message:
/// "Issuer (label)", or whichever of the two is set, or [`UNNAMED`]. Blanks
/// around either are not part of the name.
pub fn display_name_of(issuer: &str, label: &str) -> String {
    let (issuer, label) = (issuer.trim(), label.trim());
    match (issuer.is_empty(), label.is_empty()) {
        (false, false) => format!("{issuer} ({label})"),
        (false, true) => issuer.to_owned(),
        (true, false) => label.to_owned(),
        (true, true) => UNNAMED.to_owned(),
    }
}

/// Why an account typed in by hand was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ByHandError {
    /// Neither a site nor an account name was given.
    Unnamed,
    /// A name is longer than Safekeep keeps.
    TooLong(TextTooLong),
}

impl Message for ByHandError {
    fn message_id(&self) -> &'static str {
        match self {
            ByHandError::Unnamed => "account-unnamed",
            ByHandError::TooLong(error) => error.message_id(),
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            ByHandError::Unnamed => Vec::new(),
            ByHandError::TooLong(error) => error.message_args(),
        }
    }
}
crate::localized_error!(ByHandError);

/// Why an account was not added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddAccountError {
    /// The same account (site, name and secret) is already stored.
    Duplicate {
        /// How the stored account is named.
        name: String,
    },
}

impl Message for AddAccountError {
    fn message_id(&self) -> &'static str {
        "account-duplicate"
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            AddAccountError::Duplicate { name } => vec![("name", name.clone().into())],
        }
    }
}
crate::localized_error!(AddAccountError);

/// Why a query did not pick exactly one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindError {
    /// Nothing matches.
    NoMatch {
        /// What was searched for.
        query: String,
    },
    /// More than one account matches and none is an exact match.
    Ambiguous {
        /// What was searched for.
        query: String,
        /// How each match is named, to pick a longer query from.
        candidates: Vec<String>,
    },
}

impl Message for FindError {
    fn message_id(&self) -> &'static str {
        match self {
            FindError::NoMatch { .. } => "account-no-match",
            FindError::Ambiguous { .. } => "account-ambiguous",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            FindError::NoMatch { query } => vec![("query", query.clone().into())],
            FindError::Ambiguous { query, candidates } => vec![
                ("query", query.clone().into()),
                ("count", candidates.len().into()),
                ("candidates", candidates.join(", ").into()),
            ],
        }
    }
}
crate::localized_error!(FindError);

/// Finds the one account `query` means: an exact name wins over partial
/// matches, so "Git" can still pick "Git" when "GitHub" exists too.
pub fn find_one<'a>(accounts: &'a [Account], query: &str) -> Result<&'a Account, FindError> {
    let matches: Vec<&Account> = accounts
        .iter()
        .filter(|a| a.matches(query) || a.is_exactly(query))
        .collect();
    let exact: Vec<&Account> = matches
        .iter()
        .copied()
        .filter(|a| a.is_exactly(query))
        .collect();
    match (matches.as_slice(), exact.as_slice()) {
        ([], _) => Err(FindError::NoMatch {
            query: query.to_owned(),
        }),
        ([only], _) | (_, [only]) => Ok(only),
        (many, _) => Err(FindError::Ambiguous {
            query: query.to_owned(),
            candidates: many.iter().map(|a| a.display_name()).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(issuer: &str, label: &str) -> Account {
        Account::new(issuer, label, None, 0).unwrap()
    }

    #[test]
    fn an_edited_name_is_cleaned_exactly_as_a_new_one() {
        for raw in ["  Site  ", "Si\u{1b}te", "a\tb\n", "\u{202e}evil"] {
            let new = account(raw, raw);
            let mut edited = account("x", "y");
            edited.edit(raw, raw, "").unwrap();
            assert_eq!((&edited.issuer, &edited.label), (&new.issuer, &new.label));
        }
    }

    #[test]
    fn a_query_matches_issuer_or_label_ignoring_case() {
        let a = account("GitHub", "me@example.org");
        assert!(a.matches("github"));
        assert!(a.matches("EXAMPLE"));
        assert!(!a.matches("gitlab"));
    }

    #[test]
    fn an_exact_name_wins_over_partial_matches() {
        let accounts = vec![account("Git", "a"), account("GitHub", "b")];
        assert_eq!(find_one(&accounts, "git").unwrap().issuer, "Git");
        assert_eq!(find_one(&accounts, "hub").unwrap().issuer, "GitHub");
    }

    #[test]
    fn several_partial_matches_are_listed() {
        let accounts = vec![account("GitHub", "work"), account("GitHub", "home")];
        let error = find_one(&accounts, "git").unwrap_err();
        assert!(matches!(&error, FindError::Ambiguous { candidates, .. } if candidates.len() == 2));
        assert!(error.to_string().contains("GitHub (work)"));
        assert_eq!(find_one(&accounts, "github:home").unwrap().label, "home");
        assert!(matches!(
            find_one(&accounts, "nope"),
            Err(FindError::NoMatch { .. })
        ));
    }

    #[test]
    fn one_rule_names_accounts_and_entries() {
        assert_eq!(display_name_of("GitHub", "me"), "GitHub (me)");
        assert_eq!(display_name_of(" GitHub ", "\t"), "GitHub");
        assert_eq!(display_name_of("", " me "), "me");
        assert_eq!(display_name_of(" ", ""), UNNAMED);
        assert_eq!(account("GitHub", "me").display_name(), "GitHub (me)");
    }

    #[test]
    fn an_account_typed_by_hand_needs_a_name_one_from_a_link_does_not() {
        assert_eq!(
            Account::new_by_hand(" ", "", None, 0),
            Err(ByHandError::Unnamed)
        );
        assert!(Account::new_by_hand("", "me", None, 0).is_ok());
        assert!(Account::new_by_hand("Site", "", None, 0).is_ok());
        let long = "x".repeat(crate::text::NAME_LIMIT + 1);
        assert!(matches!(
            Account::new_by_hand(&long, "", None, 0),
            Err(ByHandError::TooLong(_))
        ));
        assert!(account("", "").display_name() == UNNAMED);
        assert_ne!(
            ByHandError::Unnamed.localized(crate::i18n::Language::Nl),
            ByHandError::Unnamed.localized(crate::i18n::Language::En)
        );
    }
}
