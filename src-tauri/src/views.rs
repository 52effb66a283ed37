//! The shapes the window receives, as documented in `ui/api.js`. Building
//! them reads the core's state; it decides nothing.

use safekeep_core::account::Account;
use safekeep_core::i18n::Language;
use safekeep_core::otp::{self, Algorithm, Otp};
use safekeep_core::password_strength::{self, Strength};
use safekeep_core::tokens::{BackupToken, TokenStatus};
use safekeep_core::vault::{Settings, SlotKinds, VaultContents};
use serde::Serialize;

#[derive(Serialize)]
pub struct KeychainStatus {
    pub available: bool,
    pub problem: Option<String>,
}

#[derive(Serialize)]
pub struct AppStatus {
    pub vault: &'static str,
    pub keychain: KeychainStatus,
    pub slots: Option<SlotKinds>,
    pub language: Language,
    /// The vault's preferences; their defaults while it is locked or
    /// missing, so the window never needs defaults of its own.
    pub settings: Settings,
    pub data_dir: String,
    /// Whether the unlocked vault is kept in a synced folder: the window
    /// then looks for other computers' changes while it is in view.
    pub synced: bool,
}

/// The strength meter under a new-password field.
#[derive(Serialize)]
pub struct PasswordStrengthView {
    pub score: u8,
    pub acceptable: bool,
    pub weakness: Option<String>,
    pub advice: Vec<String>,
}

impl PasswordStrengthView {
    pub fn of(strength: &Strength, language: Language) -> PasswordStrengthView {
        let (weakness, advice) = password_strength::describe(strength, language);
        PasswordStrengthView {
            score: strength.score,
            acceptable: strength.acceptable(),
            weakness,
            advice,
        }
    }
}

#[derive(Serialize)]
pub struct TokenSummary {
    pub unused: usize,
    pub total: usize,
    pub state: &'static str,
}

impl TokenSummary {
    pub fn of(account: &Account) -> TokenSummary {
        let tokens = &account.backup_tokens;
        let state = match tokens.status() {
            TokenStatus::NoTokens => "no_tokens",
            TokenStatus::Plenty { .. } => "plenty",
            TokenStatus::RunningLow { .. } => "running_low",
            TokenStatus::Exhausted { .. } => "exhausted",
        };
        TokenSummary {
            unused: tokens.unused_count(),
            total: tokens.total(),
            state,
        }
    }
}

#[derive(Serialize)]
pub struct AccountView {
    pub id: String,
    pub issuer: String,
    pub label: String,
    /// How the window names the account: the site, else the account name.
    pub name: String,
    pub kind: &'static str,
    /// Whether the code changes with time (and so comes with `codes`).
    pub timed: bool,
    pub digits: u8,
    pub period: Option<u32>,
    pub algorithm: Option<Algorithm>,
    pub notes: String,
    pub tokens: TokenSummary,
    pub pinned: bool,
}

impl AccountView {
    pub fn of(account: &Account) -> AccountView {
        let otp = account.otp.as_ref();
        AccountView {
            id: account.id.as_str().to_owned(),
            issuer: account.issuer.to_string(),
            label: account.label.to_string(),
            name: account.site_name().to_owned(),
            kind: otp::kind_name(otp),
            timed: otp.is_some_and(Otp::is_timed),
            digits: otp.map_or(0, |otp| otp.digits),
            period: otp.and_then(|otp| otp.period()),
            algorithm: otp.map(|otp| otp.algorithm),
            notes: account.notes.to_string(),
            tokens: TokenSummary::of(account),
            pinned: account.pinned,
        }
    }
}

/// Every account in the order the list shows them (the core's order: the
/// window keeps it), and whether that order is by name or the user's own.
#[derive(Serialize)]
pub struct AccountList {
    pub order: &'static str,
    pub accounts: Vec<AccountView>,
}

impl AccountList {
    pub fn of(contents: &VaultContents) -> AccountList {
        AccountList {
            order: contents.order.name(),
            accounts: contents
                .in_list_order()
                .into_iter()
                .map(AccountView::of)
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct TimedCode {
    pub current: String,
    pub next: String,
    pub valid_until: u64,
    pub period: u32,
}

#[derive(Serialize)]
pub struct CodeBatch {
    pub generated_at: u64,
    pub codes: std::collections::HashMap<String, TimedCode>,
}

impl CodeBatch {
    /// The current and next code of every account with a timed code, at
    /// `time`; HOTP codes are shown only on request.
    pub fn at(accounts: &[Account], time: u64) -> CodeBatch {
        let codes = accounts
            .iter()
            .filter_map(|account| {
                let otp = account.otp.as_ref()?;
                let period = otp.period()?;
                let seconds_left = otp.seconds_left(time)?;
                Some((
                    account.id.as_str().to_owned(),
                    TimedCode {
                        current: otp.code_at(time).grouped(),
                        next: otp.code_at(time + u64::from(period)).grouped(),
                        valid_until: time + u64::from(seconds_left),
                        period,
                    },
                ))
            })
            .collect();
        CodeBatch {
            generated_at: time,
            codes,
        }
    }
}

#[derive(Serialize)]
pub struct TokenRow {
    pub index: usize,
    pub masked: String,
    pub code: Option<String>,
    pub used_at: Option<i64>,
    pub batch: u32,
}

impl TokenRow {
    /// Every token of `account`, in list order.
    pub fn all(account: &Account, reveal: bool) -> Vec<TokenRow> {
        account
            .backup_tokens
            .iter()
            .enumerate()
            .map(|(index, token)| TokenRow::of(index, token, reveal))
            .collect()
    }

    pub fn of(index: usize, token: &BackupToken, reveal: bool) -> TokenRow {
        TokenRow {
            index,
            masked: token.code.masked(),
            code: reveal.then(|| token.code.as_str().to_owned()),
            used_at: token.used_at,
            batch: token.batch,
        }
    }
}

#[derive(Serialize)]
pub struct TokenUse {
    pub account: AccountView,
    pub unused: usize,
    pub total: usize,
    pub state: &'static str,
}

impl TokenUse {
    pub fn of(account: &Account) -> TokenUse {
        let summary = TokenSummary::of(account);
        TokenUse {
            unused: summary.unused,
            total: summary.total,
            state: summary.state,
            account: AccountView::of(account),
        }
    }
}

/// What copying one picked token did: an unused one is marked used (and
/// can be undone like "Use backup token"), a used one is only copied.
#[derive(Serialize)]
pub struct TokenCopy {
    pub marked_used: bool,
    pub clear_after_seconds: u32,
    pub tokens: TokenUse,
}

#[derive(Serialize)]
pub struct Copied {
    pub clear_after_seconds: u32,
}

/// The About section's facts about the app.
#[derive(Serialize)]
pub struct AppInfo {
    /// The version, as `safekeep --version` prints it.
    pub version: &'static str,
    /// The SPDX licence expression.
    pub licence: &'static str,
}
