//! The commands `ui/api.js` calls, one module per area of the window.

pub mod about;
pub mod accounts;
pub mod desktop;
pub mod sync;
pub mod tokens;
pub mod transfer;
pub mod vault;

use safekeep_core::account::{Account, AccountId};
use safekeep_core::vault::VaultContents;

use crate::error::Problem;
use crate::state::AppState;

/// The account `id` names, or the error the window shows when another
/// process removed it meanwhile.
pub fn account<'a>(contents: &'a VaultContents, id: &str) -> Result<&'a Account, Problem> {
    contents.account(&AccountId::from(id)).ok_or_else(gone)
}

/// The error the window shows when the account it named was removed
/// meanwhile by another process.
pub fn gone() -> Problem {
    Problem::app("app-account-gone")
}

/// Changes the account `id`, and only it, in one saved transaction.
pub fn change_account<T>(
    state: &AppState,
    id: &str,
    change: impl FnOnce(&mut Account) -> Result<T, Problem>,
) -> Result<T, Problem> {
    state.change(|contents| change(account_mut(contents, id)?))
}

/// Like [`account`], for changing it inside `AppState::change` when the
/// change needs more of the vault than the account (e.g. its settings).
pub fn account_mut<'a>(
    contents: &'a mut VaultContents,
    id: &str,
) -> Result<&'a mut Account, Problem> {
    contents.account_mut(&AccountId::from(id)).ok_or_else(gone)
}
