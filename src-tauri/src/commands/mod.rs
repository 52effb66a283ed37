//! The commands `ui/api.js` calls, one module per area of the window.

pub mod about;
pub mod accounts;
pub mod tokens;
pub mod transfer;
pub mod vault;

use std::time::{SystemTime, UNIX_EPOCH};

use safekeep_core::account::{Account, AccountId};
use safekeep_core::i18n::Language;
use safekeep_core::vault::VaultContents;

use crate::error::AppError;

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// The account `id` names, or the error the window shows when another
/// process removed it meanwhile.
///
/// Takes the language rather than the state: it runs inside
/// `AppState::read`, which holds the lock `AppState::language` needs.
pub fn account<'a>(
    language: Language,
    contents: &'a VaultContents,
    id: &str,
) -> Result<&'a Account, AppError> {
    contents
        .account(&AccountId::from(id))
        .ok_or_else(|| AppError::app("app-account-gone", language))
}

/// Like [`account`], for changing it inside `AppState::change`.
pub fn account_mut<'a>(
    language: Language,
    contents: &'a mut VaultContents,
    id: &str,
) -> Result<&'a mut Account, AppError> {
    contents
        .account_mut(&AccountId::from(id))
        .ok_or_else(|| AppError::app("app-account-gone", language))
}
