//! Backup tokens: listing, adding or replacing a pasted batch (with undo),
//! using the next one or a picked one (with undo).

use std::time::Instant;

use safekeep_core::account::AccountId;
use safekeep_core::tokens::{AddReport, BatchMode, Keep};
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use super::{account, account_mut, now};
use crate::clipboard::copy_and_clear_later;
use crate::error::AppError;
use crate::reveal::Reveal;
use crate::state::{AppState, Redeemed, Replaced, UNDO_WINDOW};
use crate::views::{TokenCopy, TokenRow, TokenUse};

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
    mode: BatchMode,
    keep: Keep,
) -> Result<AddReport, AppError> {
    let text = Zeroizing::new(text);
    let language = state.language();
    state.read(|contents| {
        let account = account(language, contents, &id)?;
        Ok(account.backup_tokens.preview_pasted(&text, keep, mode))
    })
}

#[tauri::command]
pub async fn add_tokens(
    state: State<'_, AppState>,
    id: String,
    text: String,
    keep: Keep,
) -> Result<AddReport, AppError> {
    let text = Zeroizing::new(text);
    let language = state.language();
    state.change(|contents| {
        let account = account_mut(language, contents, &id)?;
        account
            .backup_tokens
            .add_pasted(&text, keep, BatchMode::Append, now() as i64)
            .map_err(|e| AppError::from_message(&e, language))
    })
}

/// Replaces the stored tokens with a new batch (after "Generate more" on
/// the site) and keeps the old batch for [`undo_replace_tokens`].
#[tauri::command]
pub async fn replace_tokens(
    state: State<'_, AppState>,
    id: String,
    text: String,
    keep: Keep,
) -> Result<AddReport, AppError> {
    let text = Zeroizing::new(text);
    let language = state.language();
    let (report, batch) = state.change(|contents| {
        let account = account_mut(language, contents, &id)?;
        account
            .backup_tokens
            .replace_batch(&text, keep, now() as i64)
            .map_err(|e| AppError::from_message(&e, language))
    })?;
    *state.replaced.lock().unwrap_or_else(|p| p.into_inner()) = Some(Replaced {
        account: AccountId::from(id.as_str()),
        batch,
        at: Instant::now(),
    });
    Ok(report)
}

#[tauri::command]
pub async fn undo_replace_tokens(
    state: State<'_, AppState>,
    id: String,
) -> Result<TokenUse, AppError> {
    let language = state.language();
    let account_id = AccountId::from(id.as_str());
    let replaced = state
        .replaced
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take_if(|r| r.account == account_id && r.at.elapsed() <= UNDO_WINDOW)
        .ok_or_else(|| AppError::app("app-undo-replace-expired", language))?;
    state.change(|contents| {
        let account = account_mut(language, contents, &id)?;
        account
            .backup_tokens
            .undo_replace(&replaced.batch)
            .map_err(|e| AppError::from_message(&e, language))?;
        Ok(TokenUse::of(account))
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

/// Copies the token the person picked from the list. An unused one is
/// marked used in the same transaction (with the same Undo as "Use backup
/// token"), so no token leaves unmarked.
#[tauri::command]
pub async fn copy_token(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    index: usize,
) -> Result<TokenCopy, AppError> {
    let language = state.language();
    let (handed_out, tokens, clear_after) = state.change(|contents| {
        let clear_after = contents.settings.clipboard_clear_seconds;
        let account = account_mut(language, contents, &id)?;
        let handed_out = account
            .backup_tokens
            .hand_out(index, now() as i64)
            .map_err(|e| AppError::from_message(&e, language))?;
        Ok((handed_out, TokenUse::of(account), clear_after))
    })?;
    // Marked before it reaches the clipboard, as in `use_backup_token`.
    let copied = copy_and_clear_later(&app, handed_out.code.as_str(), clear_after, language)?;
    if handed_out.marked_used {
        *state.redeemed.lock().unwrap_or_else(|p| p.into_inner()) = Some(Redeemed {
            account: AccountId::from(id.as_str()),
            token: handed_out.code,
            at: Instant::now(),
        });
    }
    Ok(TokenCopy {
        marked_used: handed_out.marked_used,
        clear_after_seconds: copied.clear_after_seconds,
        tokens,
    })
}
