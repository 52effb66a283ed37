//! Accounts and their codes.

use std::collections::HashMap;

use safekeep_core::account::{Account, AccountId};
use safekeep_core::i18n::Language;
use safekeep_core::otp::{self, Algorithm, EnteredCode, Otp, OtpKind};
use safekeep_core::qr;
use safekeep_core::text::{TextField, TextTooLong};
use serde::Deserialize;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use super::{account, account_mut, now};
use crate::clipboard::copy_and_clear_later;
use crate::error::AppError;
use crate::reveal::Reveal;
use crate::state::AppState;
use crate::views::{AccountView, CodeBatch, Copied, TimedCode};

#[tauri::command]
pub async fn list_accounts(state: State<'_, AppState>) -> Result<Vec<AccountView>, AppError> {
    state.read(|contents| Ok(contents.accounts.iter().map(AccountView::of).collect()))
}

#[tauri::command]
pub async fn codes(state: State<'_, AppState>) -> Result<CodeBatch, AppError> {
    let time = now();
    state.read(|contents| {
        let codes = contents
            .accounts
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
            .collect::<HashMap<_, _>>();
        Ok(CodeBatch {
            generated_at: time,
            codes,
        })
    })
}

#[derive(serde::Serialize)]
pub struct ShownCode {
    code: String,
}

#[tauri::command]
pub async fn hotp_next_code(state: State<'_, AppState>, id: String) -> Result<ShownCode, AppError> {
    let language = state.language();
    let code = state.change(|contents| {
        let account = account_mut(language, contents, &id)?;
        account
            .otp
            .as_mut()
            .and_then(Otp::take_hotp_code)
            .ok_or_else(|| AppError::app("app-no-code", language))
    })?;
    let shown = ShownCode {
        code: code.grouped(),
    };
    state
        .shown_hotp
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(AccountId::from(id.as_str()), code);
    Ok(shown)
}

#[tauri::command]
pub async fn copy_code(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<Copied, AppError> {
    let language = state.language();
    let (code, clear_after) = state.read(|contents| {
        let account = account(language, contents, &id)?;
        let otp = account
            .otp
            .as_ref()
            .ok_or_else(|| AppError::app("app-no-code", language))?;
        let code = match otp.kind {
            OtpKind::Hotp { .. } => state
                .shown_hotp
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&account.id)
                .cloned()
                .ok_or_else(|| AppError::app("app-hotp-not-shown", language))?,
            _ => otp.code_at(now()),
        };
        Ok((code, contents.settings.clipboard_clear_seconds))
    })?;
    copy_and_clear_later(&app, code.as_str(), clear_after, language)
}

fn add_account(state: &AppState, account: Account) -> Result<AccountView, AppError> {
    let language = state.language();
    state.change(|contents| {
        contents
            .add_account(account)
            .map(AccountView::of)
            .map_err(|error| AppError::from_message(&error, language))
    })
}

#[tauri::command]
pub async fn add_account_from_uri(
    state: State<'_, AppState>,
    uri: String,
) -> Result<AccountView, AppError> {
    let uri = Zeroizing::new(uri);
    let parsed = otp::parse_otpauth_uri(uri.trim()).map_err(|e| state.error(&e).under("uri"))?;
    let account = Account::new(
        &parsed.issuer,
        &parsed.label,
        Some(parsed.otp),
        now() as i64,
    )
    .map_err(|e| state.error(&e).under("uri"))?;
    add_account(&state, account).map_err(|e| e.under("uri"))
}

/// A name or notes too long to keep, shown under the field it is about.
fn text_error(language: Language, error: &TextTooLong) -> AppError {
    let field = match error.field {
        TextField::Issuer | TextField::Tag => "issuer",
        TextField::Label => "label",
        TextField::Notes => "notes",
    };
    AppError::from_message(error, language).under(field)
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
    .map_err(|e| state.error(&e))?;
    let account = Account::new(&fields.issuer, &fields.label, otp, now() as i64)
        .map_err(|e| text_error(state.language(), &e))?;
    add_account(&state, account)
}

#[tauri::command]
pub async fn add_accounts_from_image(
    state: State<'_, AppState>,
    bytes: Vec<u8>,
) -> Result<Vec<AccountView>, AppError> {
    let language = state.language();
    let texts = qr::read_qr_codes(&bytes).map_err(|e| state.error(&e).under("image"))?;
    // All or nothing: parse every code before adding any.
    let accounts = texts
        .iter()
        .map(|text| {
            let parsed = otp::parse_otpauth_uri(text)
                .map_err(|e| AppError::from_message(&e, language).under("image"))?;
            Account::new(
                &parsed.issuer,
                &parsed.label,
                Some(parsed.otp),
                now() as i64,
            )
            .map_err(|e| AppError::from_message(&e, language).under("image"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    state.change(|contents| {
        let mut added = Vec::new();
        for account in accounts {
            let view = contents
                .add_account(account)
                .map(AccountView::of)
                .map_err(|e| AppError::from_message(&e, language).under("image"))?;
            added.push(view);
        }
        Ok(added)
    })
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
    let language = state.language();
    state.change(|contents| {
        let account = account_mut(language, contents, &id)?;
        account
            .edit(&fields.issuer, &fields.label, &fields.notes)
            .map_err(|e| text_error(language, &e))?;
        Ok(AccountView::of(account))
    })
}

#[tauri::command]
pub async fn delete_account(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    let id = AccountId::from(id.as_str());
    state.change(|contents| {
        contents.accounts.retain(|account| account.id != id);
        Ok(())
    })
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
    let language = state.language();
    state.reveals.take(
        &Reveal::AccountQr { id: id.clone() },
        grant.as_deref(),
        language,
    )?;
    state.read(|contents| {
        let account = account(language, contents, &id)?;
        let otp = account
            .otp
            .as_ref()
            .ok_or_else(|| AppError::app("app-no-code", language))?;
        let uri = otp::to_otpauth_uri(&account.issuer, &account.label, otp);
        let svg = qr::draw_qr_svg(&uri).map_err(|e| AppError::from_message(&e, language))?;
        Ok(QrSvg { svg })
    })
}
