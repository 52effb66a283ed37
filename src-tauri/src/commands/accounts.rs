//! Accounts and their codes.

use safekeep_core::account::{Account, AccountId, ByHandError};
use safekeep_core::order::Arrangement;
use safekeep_core::otp::{self, Algorithm, Code, EnteredCode, Otp};
use safekeep_core::qr;
use safekeep_core::text::{TextField, TextTooLong};
use serde::Deserialize;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use super::{account, change_account, gone};
use crate::chosen::FileKind;
use crate::clipboard::copy_and_clear_later;
use crate::error::{AppError, ForWindow, Problem};
use crate::reveal::Reveal;
use crate::state::{AppState, UndoSlot};
use crate::views::{AccountList, AccountView, CodeBatch, Copied};
use safekeep_core::time::now;

#[tauri::command]
pub async fn list_accounts(state: State<'_, AppState>) -> Result<AccountList, AppError> {
    state
        .read(|contents| Ok(AccountList::of(contents)))
        .for_window(&state)
}

/// Pins or unpins the account, or moves it to a place in the list (within
/// its group, making the order the user's own); the list comes back in its
/// new order.
#[tauri::command]
pub async fn arrange_account(
    state: State<'_, AppState>,
    id: String,
    arrangement: Arrangement,
) -> Result<AccountList, AppError> {
    state
        .change(|contents| {
            contents
                .arrange(&AccountId::from(id.as_str()), arrangement)
                .then(|| AccountList::of(contents))
                .ok_or_else(gone)
        })
        .for_window(&state)
}

/// Orders the list by name again, after the user arranged it by hand.
#[tauri::command]
pub async fn sort_accounts_by_name(state: State<'_, AppState>) -> Result<AccountList, AppError> {
    state
        .change(|contents| {
            contents.sort_by_name();
            Ok(AccountList::of(contents))
        })
        .for_window(&state)
}

#[tauri::command]
pub async fn codes(state: State<'_, AppState>) -> Result<CodeBatch, AppError> {
    let time = now().unsigned_abs();
    state
        .read(|contents| Ok(CodeBatch::at(&contents.accounts, time)))
        .for_window(&state)
}

#[derive(serde::Serialize)]
pub struct ShownCode {
    code: String,
}

#[tauri::command]
pub async fn hotp_next_code(state: State<'_, AppState>, id: String) -> Result<ShownCode, AppError> {
    let code = change_account(&state, &id, |account| {
        account
            .otp
            .as_mut()
            .and_then(Otp::take_hotp_code)
            .ok_or_else(|| Problem::app("app-no-code"))
    })
    .for_window(&state)?;
    let shown = ShownCode {
        code: code.grouped(),
    };
    state.show_hotp(&id, code);
    Ok(shown)
}

#[tauri::command]
pub async fn copy_code(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<Copied, AppError> {
    copy_current_code(&app, &state, &id).for_window(&state)
}

/// Copies the code of the account `id` (clearing it later as the settings
/// say): from the window's Copy and from the tray.
pub(crate) fn copy_current_code(
    app: &AppHandle,
    state: &AppState,
    id: &str,
) -> Result<Copied, Problem> {
    let (code, clear_after) = code_to_hand_over(state, id)?;
    copy_and_clear_later(app, code.as_str(), clear_after)
}

/// The code of the account `id` as copying or typing hands it over, and
/// how long a copy of it stays on the clipboard.
pub(crate) fn code_to_hand_over(state: &AppState, id: &str) -> Result<(Code, u32), Problem> {
    state.read(|contents| {
        let code = state.code_to_copy(account(contents, id)?, now().unsigned_abs())?;
        Ok((code, contents.settings.clipboard_clear_seconds))
    })
}

/// Adds `accounts`, all or nothing.
fn add_accounts(state: &AppState, accounts: Vec<Account>) -> Result<Vec<AccountView>, Problem> {
    state.change(|contents| {
        accounts
            .into_iter()
            .map(|account| Ok(AccountView::of(contents.add_account(account)?)))
            .collect()
    })
}

/// The account an otpauth:// link describes.
fn account_from_link(link: &str) -> Result<Account, Problem> {
    let parsed = otp::parse_otpauth_uri(link)?;
    Ok(Account::new(
        &parsed.issuer,
        &parsed.label,
        Some(parsed.otp),
        now(),
    )?)
}

#[tauri::command]
pub async fn add_account_from_uri(
    state: State<'_, AppState>,
    uri: String,
) -> Result<AccountView, AppError> {
    let uri = Zeroizing::new(uri);
    account_from_link(uri.trim())
        .and_then(|account| add_accounts(&state, vec![account]))
        .map(|mut added| added.remove(0))
        .map_err(|problem| problem.under("uri"))
        .for_window(&state)
}

/// A name or notes too long to keep, shown under the field it is about.
fn text_error(error: TextTooLong) -> Problem {
    let field = match error.field {
        TextField::Issuer | TextField::Tag => "issuer",
        TextField::Label => "label",
        TextField::Notes => "notes",
    };
    Problem::from(error).under(field)
}

/// Why "Enter manually" refused the names, shown under the field to fix.
fn by_hand_error(error: ByHandError) -> Problem {
    match error {
        ByHandError::Unnamed => Problem::from(error).under("issuer"),
        ByHandError::TooLong(error) => text_error(error),
    }
}

/// The fields of "Enter manually".
#[derive(Deserialize)]
pub struct ManualFields {
    issuer: String,
    label: String,
    secret: Zeroizing<String>,
    kind: String,
    algorithm: Algorithm,
    digits: u8,
    period: u32,
    counter: u64,
}

#[tauri::command]
pub async fn add_account_manually(
    state: State<'_, AppState>,
    fields: ManualFields,
) -> Result<AccountView, AppError> {
    let otp = EnteredCode {
        kind: &fields.kind,
        secret: &fields.secret,
        algorithm: fields.algorithm,
        digits: fields.digits,
        period: fields.period,
        counter: fields.counter,
    }
    .into_otp()
    .for_window(&state)?;
    Account::new_by_hand(&fields.issuer, &fields.label, otp, now())
        .map_err(by_hand_error)
        .and_then(|account| add_accounts(&state, vec![account]))
        .map(|mut added| added.remove(0))
        .for_window(&state)
}

#[tauri::command]
pub async fn add_accounts_from_image(
    state: State<'_, AppState>,
    bytes: Option<Vec<u8>>,
) -> Result<Vec<AccountView>, AppError> {
    let added = || {
        let bytes = state.chosen.bytes(FileKind::Image, bytes)?;
        let texts = qr::read_qr_codes(&bytes)?;
        // All or nothing: parse every code before adding any.
        let accounts = texts
            .iter()
            .map(|text| account_from_link(text))
            .collect::<Result<Vec<_>, _>>()?;
        add_accounts(&state, accounts)
    };
    added()
        .map_err(|problem| problem.under("image"))
        .for_window(&state)
}

/// The editable fields of an account.
#[derive(Deserialize)]
pub struct AccountFields {
    issuer: String,
    label: String,
    notes: String,
}

#[tauri::command]
pub async fn update_account(
    state: State<'_, AppState>,
    id: String,
    fields: AccountFields,
) -> Result<AccountView, AppError> {
    change_account(&state, &id, |account| {
        account
            .edit(&fields.issuer, &fields.label, &fields.notes)
            .map_err(text_error)?;
        Ok(AccountView::of(account))
    })
    .for_window(&state)
}

/// Deletes the account, and keeps it (secret, tokens, place in the list)
/// for [`undo_delete_account`] while Undo is possible. One already gone
/// (deleted elsewhere) is no error, and there is nothing to undo.
#[tauri::command]
pub async fn delete_account(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<(), AppError> {
    let removed = state
        .change(|contents| Ok(contents.remove_account(&AccountId::from(id.as_str()))))
        .for_window(&state)?;
    removed
        .into_iter()
        .for_each(|removed| UndoSlot::offer_until_expired(&app, |s| &s.removed, &id, removed));
    Ok(())
}

/// Puts the account just deleted back, whole and where it stood.
#[tauri::command]
pub async fn undo_delete_account(
    state: State<'_, AppState>,
    id: String,
) -> Result<AccountView, AppError> {
    let undo = || {
        let removed = state
            .removed
            .take(&id)
            .ok_or_else(|| Problem::app("app-undo-delete-expired"))?;
        state.change(|contents| Ok(AccountView::of(contents.restore_removed(removed)?)))
    };
    undo().for_window(&state)
}

#[derive(serde::Serialize)]
pub struct QrSvg {
    svg: Zeroizing<String>,
}

/// The account's otpauth link (its secret) as a QR code; needs a grant for
/// it (see `crate::reveal`).
#[tauri::command]
pub async fn account_qr_svg(
    state: State<'_, AppState>,
    id: String,
    grant: Option<String>,
) -> Result<QrSvg, AppError> {
    let reveal = Reveal::AccountQr { id: id.clone() };
    state
        .reveals
        .take(&reveal, grant.as_deref())
        .for_window(&state)?;
    state
        .read(|contents| {
            let account = account(contents, &id)?;
            let otp = account
                .otp
                .as_ref()
                .ok_or_else(|| Problem::app("app-no-code"))?;
            let uri = otp::to_otpauth_uri(&account.issuer, &account.label, otp);
            Ok(QrSvg {
                svg: qr::draw_qr_svg(&uri)?,
            })
        })
        .for_window(&state)
}
