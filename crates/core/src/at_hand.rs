//! What Safekeep offers outside its window, in the tray menu (the pinned
//! accounts) and the quick pick (the accounts a search finds): each account
//! in list order, with the one thing a login prompt needs from it.

use crate::account::Account;
use crate::vault::VaultContents;

/// One account, as the tray or the quick pick offers it. Holds no secret: a name and
/// what choosing it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AtHand {
    /// The account's id, to act on it.
    pub id: String,
    /// The name the list shows.
    pub name: String,
    /// What choosing it does.
    pub action: AtHandAction,
}

/// What choosing a pinned account outside the window does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtHandAction {
    /// Copies its current timed code.
    CopyCode,
    /// Hands out its next unused backup token (copied and marked used at
    /// once, as the window's "Use backup token" does). For sites with backup
    /// tokens and no code.
    UseBackupToken {
        /// Unused tokens before this one is used.
        left: usize,
    },
    /// Opens the window on it: an HOTP code moves its counter on when it is
    /// shown, so it is taken where it can be seen; and a site whose tokens
    /// are all used needs new ones pasted.
    ShowInWindow,
}

/// The pinned accounts of `contents`, in the order the list shows them.
pub fn pinned_at_hand(contents: &VaultContents) -> Vec<AtHand> {
    contents
        .in_list_order()
        .into_iter()
        .filter(|account| account.pinned)
        .map(at_hand)
        .collect()
}

/// The first `limit` accounts that `query` finds (as the list's search
/// finds them: in the site, the account name or a tag), in list order.
pub fn matching_at_hand(contents: &VaultContents, query: &str, limit: usize) -> Vec<AtHand> {
    contents
        .in_list_order()
        .into_iter()
        .filter(|account| account.matches(query))
        .take(limit)
        .map(at_hand)
        .collect()
}

fn at_hand(account: &Account) -> AtHand {
    AtHand {
        id: account.id.as_str().to_owned(),
        name: account.display_name(),
        action: action_for(account),
    }
}

/// What choosing `account` outside the window does.
pub fn action_for(account: &Account) -> AtHandAction {
    match &account.otp {
        Some(otp) if otp.is_timed() => AtHandAction::CopyCode,
        Some(_) => AtHandAction::ShowInWindow,
        None => match account.backup_tokens.unused_count() {
            0 => AtHandAction::ShowInWindow,
            left => AtHandAction::UseBackupToken { left },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret};
    use crate::tokens::BatchMode;

    fn secret() -> OtpSecret {
        OtpSecret::from_base32("JBSWY3DPEHPK3PXP").unwrap()
    }

    fn pinned(name: &str, otp: Option<Otp>, tokens: &str, used: usize) -> Account {
        let mut account = Account::new(name, "", otp, 0).unwrap();
        if !tokens.is_empty() {
            account
                .backup_tokens
                .add_batch(tokens, BatchMode::Append, 0)
                .unwrap();
        }
        for _ in 0..used {
            account.backup_tokens.redeem_next(name, 1).unwrap();
        }
        account.pinned = true;
        account
    }

    #[test]
    fn pinned_accounts_offer_what_a_login_needs_and_unpinned_ones_stay_out() {
        let mut contents = VaultContents::default();
        let hotp = Otp::new(OtpKind::Hotp { counter: 0 }, Algorithm::Sha1, 6, secret()).unwrap();
        contents
            .add_account(pinned("GitHub", Some(Otp::totp(secret())), "", 0))
            .unwrap();
        contents
            .add_account(pinned("Bank", None, "11111111 22222222 33333333", 1))
            .unwrap();
        contents
            .add_account(pinned("Forum", None, "44444444", 1))
            .unwrap();
        contents
            .add_account(pinned("Yubi", Some(hotp), "", 0))
            .unwrap();
        let mut unpinned = pinned("Mail", Some(Otp::totp(secret())), "", 0);
        unpinned.pinned = false;
        contents.add_account(unpinned).unwrap();

        let offered: Vec<(String, AtHandAction)> = pinned_at_hand(&contents)
            .into_iter()
            .map(|at_hand| (at_hand.name, at_hand.action))
            .collect();
        assert_eq!(
            offered,
            [
                ("Bank".to_owned(), AtHandAction::UseBackupToken { left: 2 }),
                ("Forum".to_owned(), AtHandAction::ShowInWindow),
                ("GitHub".to_owned(), AtHandAction::CopyCode),
                ("Yubi".to_owned(), AtHandAction::ShowInWindow),
            ]
        );
    }

    #[test]
    fn a_search_finds_accounts_in_list_order_up_to_the_limit() {
        let mut contents = VaultContents::default();
        for name in ["GitLab", "Bank", "GitHub", "Gitea"] {
            let mut account = pinned(name, Some(Otp::totp(secret())), "", 0);
            account.pinned = name == "GitHub";
            contents.add_account(account).unwrap();
        }
        let names = |query: &str, limit: usize| -> Vec<String> {
            matching_at_hand(&contents, query, limit)
                .into_iter()
                .map(|at_hand| at_hand.name)
                .collect()
        };
        assert_eq!(names("git", 10), ["GitHub", "Gitea", "GitLab"]);
        assert_eq!(names("git", 2), ["GitHub", "Gitea"]);
        assert_eq!(names("", 10), ["GitHub", "Bank", "Gitea", "GitLab"]);
        assert!(names("nothing", 10).is_empty());
    }
}
