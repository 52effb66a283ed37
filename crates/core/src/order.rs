//! The order every list of accounts is shown in, the one rule for the app
//! and the CLI: pinned accounts first, and within each group either by name
//! in natural order ("Site6" before "Site58", ignoring case) or in the order
//! the user arranged by hand.
//!
//! The vault keeps its accounts in one `Vec`; in [`ListOrder::Custom`] that
//! `Vec`'s order is the user's arrangement, so moving a row only reorders it
//! and nothing else in the file changes.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::account::Account;

/// How the accounts within the pinned and the unpinned group are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListOrder {
    /// By site, then account name, in natural order; a new account falls
    /// into its place. Every vault starts so.
    #[default]
    Name,
    /// As the user arranged them by moving rows; a new account comes last.
    Custom,
}

impl ListOrder {
    /// Whether this is the default, which the vault file leaves out so that
    /// a vault never reordered is written as before.
    pub fn is_name(&self) -> bool {
        *self == ListOrder::Name
    }

    /// How the window and the CLI name this order in their data.
    pub fn name(self) -> &'static str {
        match self {
            ListOrder::Name => "name",
            ListOrder::Custom => "custom",
        }
    }
}

/// A change of where one account stands in the list, as the window asks
/// for it (see [`crate::vault::VaultContents::arrange`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrangement {
    /// Pinned to the top (`true`), or back among the others (`false`).
    Pinned(bool),
    /// Moved to this position in the list, kept within its group.
    MovedTo(usize),
}

/// Compares two names the way people read them: runs of digits by their
/// value ("Site6" < "Site58"), everything else ignoring case. Names equal
/// by that rule ("site" and "Site", "a01" and "a1") are ordered by their
/// exact text, so the order is total and never depends on the input order.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    natural_key(a).cmp(&natural_key(b)).then_with(|| a.cmp(b))
}

/// Orders accounts by name: the name the list shows first (the site, or
/// the account name when there is no site), then the account name.
pub fn by_name(a: &Account, b: &Account) -> Ordering {
    NameKey::of(a).cmp(&NameKey::of(b))
}

/// What [`by_name`] compares, worked out once per account so a sort of
/// thousands does not redo it at every comparison. The fields compare in
/// this order: each name's natural key, then its exact text (as
/// [`natural_cmp`] does), then the id.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct NameKey<'a> {
    site: Vec<Piece>,
    site_text: &'a str,
    label: Vec<Piece>,
    label_text: &'a str,
    id: &'a str,
}

impl<'a> NameKey<'a> {
    fn of(account: &'a Account) -> NameKey<'a> {
        NameKey {
            site: natural_key(account.site_name()),
            site_text: account.site_name(),
            label: natural_key(&account.label),
            label_text: &account.label,
            id: account.id.as_str(),
        }
    }
}

/// The positions in `accounts` in list order under `order`: pinned first,
/// each group by name or as stored.
pub fn list_positions(accounts: &[Account], order: ListOrder) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..accounts.len()).collect();
    if order == ListOrder::Name {
        positions.sort_by_cached_key(|&position| NameKey::of(&accounts[position]));
    }
    // Stable, so each group keeps the order it was given.
    positions.sort_by_key(|&position| !accounts[position].pinned);
    positions
}

/// One piece of a name as natural order compares it.
#[derive(PartialEq, Eq, Debug, Clone)]
enum Piece {
    /// A run of ASCII digits, without its leading zeros.
    Number(String),
    /// Any other character, lower-cased.
    Char(char),
}

impl Ord for Piece {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            // A longer number (without leading zeros) is a larger one.
            (Piece::Number(a), Piece::Number(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
            (Piece::Char(a), Piece::Char(b)) => a.cmp(b),
            // A number sits where its digits do among characters.
            (Piece::Number(_), Piece::Char(c)) => '0'.cmp(c),
            (Piece::Char(c), Piece::Number(_)) => c.cmp(&'0'),
        }
    }
}

impl PartialOrd for Piece {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn natural_key(name: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut chars = name.chars().flat_map(char::to_lowercase).peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_digit() {
            pieces.push(Piece::Char(c));
            continue;
        }
        let mut digits = String::from(c);
        while let Some(&next) = chars.peek().filter(|next| next.is_ascii_digit()) {
            digits.push(next);
            chars.next();
        }
        let value = digits.trim_start_matches('0');
        pieces.push(Piece::Number(value.to_owned()));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        names.sort_by(|a, b| natural_cmp(a, b));
        names
    }

    #[test]
    fn numbers_sort_by_value_and_letters_ignore_case() {
        assert_eq!(
            sorted(&["Site60", "Site58", "site59", "Site6"]),
            ["Site6", "Site58", "site59", "Site60"]
        );
        assert_eq!(sorted(&["b", "A", "a", "B"]), ["A", "a", "B", "b"]);
        assert_eq!(
            sorted(&["x10y2", "x10y10", "x9"]),
            ["x9", "x10y2", "x10y10"]
        );
        assert_eq!(
            sorted(&["Zoo", "10 Bank", "2 Bank"]),
            ["2 Bank", "10 Bank", "Zoo"]
        );
        assert_eq!(
            sorted(&["a18446744073709551617", "a18446744073709551616", "a2"]),
            ["a2", "a18446744073709551616", "a18446744073709551617"]
        );
        assert_eq!(sorted(&["a1", "a01", "a001"]), ["a001", "a01", "a1"]);
        assert_eq!(
            sorted(&["Überweisung", "über", "Apfel"]),
            ["Apfel", "über", "Überweisung"]
        );
    }

    fn name_strategy() -> impl Strategy<Value = String> {
        "[aAbB0-9 ._-]{0,8}"
    }

    proptest! {
        #[test]
        fn accounts_compare_by_site_then_account_name_each_in_natural_order(
            a in name_strategy(), b in name_strategy(), c in name_strategy(), d in name_strategy()
        ) {
            let first = Account::new(&a, &b, None, 0).unwrap();
            let second = Account::new(&c, &d, None, 0).unwrap();
            let expected = natural_cmp(first.site_name(), second.site_name())
                .then_with(|| natural_cmp(&first.label, &second.label))
                .then_with(|| first.id.as_str().cmp(second.id.as_str()));
            prop_assert_eq!(by_name(&first, &second), expected);
        }

        #[test]
        fn natural_order_is_a_total_order(a in name_strategy(), b in name_strategy(), c in name_strategy()) {
            prop_assert_eq!(natural_cmp(&a, &b), natural_cmp(&b, &a).reverse());
            prop_assert_eq!(natural_cmp(&a, &b) == Ordering::Equal, a == b);
            if natural_cmp(&a, &b) != Ordering::Greater && natural_cmp(&b, &c) != Ordering::Greater {
                prop_assert_ne!(natural_cmp(&a, &c), Ordering::Greater);
            }
        }

        #[test]
        fn numbers_compare_by_value(prefix in "[a-z ]{0,4}", m in 0u64..100_000, n in 0u64..100_000) {
            prop_assert_eq!(
                natural_cmp(&format!("{prefix}{m}"), &format!("{prefix}{n}")),
                m.cmp(&n)
            );
        }

        #[test]
        fn case_decides_only_between_names_equal_without_it(a in "[a-zA-Z]{0,6}", b in "[a-zA-Z]{0,6}") {
            let ignoring_case = natural_cmp(&a.to_lowercase(), &b.to_lowercase());
            if ignoring_case != Ordering::Equal {
                prop_assert_eq!(natural_cmp(&a, &b), ignoring_case);
            }
        }
    }
}
