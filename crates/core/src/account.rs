//! Accounts (one per site) and the list of them that the vault holds.

use serde::{Deserialize, Serialize};

use crate::i18n::{Message, MessageArg};
use crate::otp::Otp;
use crate::tokens::BackupTokens;

/// A stable identifier for an account, kept across edits and renames.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    pub issuer: String,
    /// The account name at that site, e.g. an e-mail address. May be empty.
    pub label: String,
    /// How codes are made; `None` for a site used only with backup tokens.
    pub otp: Option<Otp>,
    /// The site's one-time backup tokens.
    #[serde(default)]
    pub backup_tokens: BackupTokens,
    /// Free text the user keeps with the account.
    #[serde(default)]
    pub notes: String,
    /// Free labels for grouping.
    #[serde(default)]
    pub tags: Vec<String>,
    /// When it was added, in Unix seconds.
    pub created_at: i64,
}

impl Account {
    /// A new account with a fresh id.
    pub fn new(issuer: &str, label: &str, otp: Option<Otp>, now: i64) -> Account {
        Account {
            id: AccountId::random(),
            issuer: issuer.trim().to_owned(),
            label: label.trim().to_owned(),
            otp,
            backup_tokens: BackupTokens::default(),
            notes: String::new(),
            tags: Vec::new(),
            created_at: now,
        }
    }

    /// How the account is named to the user: "Issuer (label)", or whichever
    /// of the two is set.
    pub fn display_name(&self) -> String {
        match (self.issuer.is_empty(), self.label.is_empty()) {
            (false, false) => format!("{} ({})", self.issuer, self.label),
            (false, true) => self.issuer.clone(),
            (true, false) => self.label.clone(),
            (true, true) => "(unnamed)".to_owned(),
        }
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
impl std::error::Error for AddAccountError {}

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
impl std::error::Error for FindError {}

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
        Account::new(issuer, label, None, 0)
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
}
