//! Backup tokens: listing, adding a pasted batch, using one, undo.

use std::time::Instant;

use safekeep_core::account::AccountId;
use safekeep_core::tokens::{AddReport, BatchMode};
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use super::{account, account_mut, now};
use crate::clipboard::copy_and_clear_later;
use crate::error::AppError;
use crate::reveal::Reveal;
use crate::state::{AppState, Redeemed, UNDO_WINDOW};
use crate::views::{Copied, TokenRow, TokenUse};

/// The account's tokens, masked; in plain text with `reveal`, which needs a
/// grant for them (see `crate::reveal`).
#[tauri::command]
pub async fn list_tokens(
    state: State<'_, AppState>,
    id: String,
    reveal: bool,
    grant: Option<String>,
) -> Result<Vec<TokenRow>, AppError> {
    let language = state.language();
    if reveal {
        let tokens = Reveal::Tokens { id: id.clone() };
        state.reveals.take(&tokens, grant.as_deref(), language)?;
    }
    state.read(|contents| {
        let account = account(language, contents, &id)?;
        Ok(account
            .backup_tokens
            .iter()
            .enumerate()
            .map(|(index, token)| TokenRow::of(index, token, reveal))
            .collect())
    })
}

#[tauri::command]
pub async fn preview_tokens(
    state: State<'_, AppState>,
    id: String,
    text: String,
) -> Result<AddReport, AppError> {
    let text = Zeroizing::new(text);
    let language = state.language();
    state.read(|contents| {
        let account = account(language, contents, &id)?;
        Ok(account.backup_tokens.preview(&text, BatchMode::Append))
    })
}

#[tauri::command]
pub async fn add_tokens(
    state: State<'_, AppState>,
    id: String,
    text: String,
    mode: BatchMode,
) -> Result<AddReport, AppError> {
    let text = Zeroizing::new(text);
    let language = state.language();
    state.change(|contents| {
        let account = account_mut(language, contents, &id)?;
        account
            .backup_tokens
            .add_batch(&text, mode, now() as i64)
            .map_err(|e| AppError::from_message(&e, language))
    })
}

#[tauri::command]
pub async fn use_backup_token(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<TokenUse, AppError> {
    let language = state.language();
    let (token, token_use, clear_after) = state.change(|contents| {
        let clear_after = contents.settings.clipboard_clear_seconds;
        let account = account_mut(language, contents, &id)?;
        let site = account.site_name().to_owned();
        let token = account
            .backup_tokens
            .redeem_next(&site, now() as i64)
            .map_err(|e| AppError::from_message(&e, language))?;
        Ok((token, TokenUse::of(account), clear_after))
    })?;
    // The token is marked used before it reaches the clipboard: a crash in
    // between loses one token, never hands one out twice.
    copy_and_clear_later(&app, token.as_str(), clear_after, language)?;
    *state.redeemed.lock().unwrap_or_else(|p| p.into_inner()) = Some(Redeemed {
        account: AccountId::from(id.as_str()),
        token,
        at: Instant::now(),
    });
    Ok(token_use)
}

#[tauri::command]
pub async fn undo_token_use(state: State<'_, AppState>, id: String) -> Result<TokenUse, AppError> {
    let language = state.language();
    let account_id = AccountId::from(id.as_str());
    let redeemed = state
        .redeemed
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take_if(|r| r.account == account_id && r.at.elapsed() <= UNDO_WINDOW)
        .ok_or_else(|| AppError::app("app-undo-expired", language))?;
    state.change(|contents| {
        let account = account_mut(language, contents, &id)?;
        account
            .backup_tokens
            .mark_unused(redeemed.token.as_str())
            .map_err(|_| AppError::app("app-token-gone", language))?;
        Ok(TokenUse::of(account))
    })
}

#[tauri::command]
pub async fn set_token_used(
    state: State<'_, AppState>,
    id: String,
    index: usize,
    used: bool,
) -> Result<Vec<TokenRow>, AppError> {
    let language = state.language();
    state.change(|contents| {
        let account = account_mut(language, contents, &id)?;
        let tokens = &mut account.backup_tokens;
        let code = tokens
            .iter()
            .nth(index)
            .map(|token| token.code.clone())
            .ok_or_else(|| AppError::app("app-token-gone", language))?;
        let result = if used {
            tokens.mark_used(code.as_str(), now() as i64)
        } else {
            tokens.mark_unused(code.as_str())
        };
        result.map_err(|_| AppError::app("app-token-gone", language))?;
        Ok(tokens
            .iter()
            .enumerate()
            .map(|(index, token)| TokenRow::of(index, token, false))
            .collect())
    })
}

#[tauri::command]
pub async fn copy_token(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    index: usize,
) -> Result<Copied, AppError> {
    let language = state.language();
    let (code, clear_after) = state.read(|contents| {
        let account = account(language, contents, &id)?;
        let code = account
            .backup_tokens
            .iter()
            .nth(index)
            .map(|token| token.code.clone())
            .ok_or_else(|| AppError::app("app-token-gone", language))?;
        Ok((code, contents.settings.clipboard_clear_seconds))
    })?;
    copy_and_clear_later(&app, code.as_str(), clear_after, language)
}
