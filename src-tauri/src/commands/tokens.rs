//! Backup tokens: listing, adding or replacing a pasted batch (with undo),
//! using the next one or a picked one (with undo).

use safekeep_core::tokens::{AddReport, BackupTokens, BatchMode, Keep, ReplacedBatch, TokenCode};
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use super::{account, account_mut, change_account};
use crate::clipboard::copy_and_clear_later;
use crate::error::{AppError, ForWindow, Problem};
use crate::reveal::Reveal;
use crate::state::{AppState, UndoSlot};
use crate::views::{TokenCopy, TokenRow, TokenUse};
use safekeep_core::time::now;

/// The account's tokens, masked; in plain text with `reveal`, which needs a
/// grant for them (see `crate::reveal`).
#[tauri::command]
pub async fn list_tokens(
    state: State<'_, AppState>,
    id: String,
    reveal: bool,
    grant: Option<String>,
) -> Result<Vec<TokenRow>, AppError> {
    let tokens = Reveal::Tokens { id: id.clone() };
    state
        .reveals
        .take_when(reveal, &tokens, grant.as_deref())
        .for_window(&state)?;
    state
        .read(|contents| Ok(TokenRow::all(account(contents, &id)?, reveal)))
        .for_window(&state)
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
    state
        .read(|contents| {
            let account = account(contents, &id)?;
            Ok(account.backup_tokens.preview_pasted(&text, keep, mode))
        })
        .for_window(&state)
}

#[tauri::command]
pub async fn add_tokens(
    state: State<'_, AppState>,
    id: String,
    text: String,
    keep: Keep,
) -> Result<AddReport, AppError> {
    let text = Zeroizing::new(text);
    change_account(&state, &id, |account| {
        let tokens = &mut account.backup_tokens;
        Ok(tokens.add_pasted(&text, keep, BatchMode::Append, now())?)
    })
    .for_window(&state)
}

/// Replaces the stored tokens with a new batch (after "Generate more" on
/// the site) and keeps the old batch for [`undo_replace_tokens`].
#[tauri::command]
pub async fn replace_tokens(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    text: String,
    keep: Keep,
) -> Result<AddReport, AppError> {
    let text = Zeroizing::new(text);
    let (report, batch) = change_account(&state, &id, |account| {
        Ok(account.backup_tokens.replace_batch(&text, keep, now())?)
    })
    .for_window(&state)?;
    UndoSlot::offer_until_expired(&app, |s| &s.replaced, &id, batch);
    Ok(report)
}

#[tauri::command]
pub async fn undo_replace_tokens(
    state: State<'_, AppState>,
    id: String,
) -> Result<TokenUse, AppError> {
    let undo =
        |tokens: &mut BackupTokens, replaced: ReplacedBatch| Ok(tokens.undo_replace(&replaced)?);
    undo_on_tokens(
        &state,
        &state.replaced,
        &id,
        "app-undo-replace-expired",
        undo,
    )
}

/// Takes back what `slot` keeps for the account `id` with `undo`, in one
/// transaction; refused with `expired` when Undo is no longer possible.
fn undo_on_tokens<T>(
    state: &AppState,
    slot: &UndoSlot<T>,
    id: &str,
    expired: &'static str,
    undo: impl FnOnce(&mut BackupTokens, T) -> Result<(), Problem>,
) -> Result<TokenUse, AppError> {
    let change = || {
        let done = slot.take(id).ok_or_else(|| Problem::app(expired))?;
        change_account(state, id, |account| {
            undo(&mut account.backup_tokens, done)?;
            Ok(TokenUse::of(account))
        })
    };
    change().for_window(state)
}

#[tauri::command]
pub async fn use_backup_token(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<TokenUse, AppError> {
    redeem_next_token(&app, &state, &id).for_window(&state)
}

/// Hands out the next unused backup token of the account `id`: marks it
/// used, copies it and offers Undo. From the window and from the tray.
pub(crate) fn redeem_next_token(
    app: &AppHandle,
    state: &AppState,
    id: &str,
) -> Result<TokenUse, Problem> {
    redeem_next_token_into(app, state, id, |token, clear_after| {
        copy_and_clear_later(app, token, clear_after).map(drop)
    })
}

/// [`redeem_next_token`], the token handed over by `hand_over(token,
/// clear_after_seconds)` (the clipboard, or typing it for the quick pick).
pub(crate) fn redeem_next_token_into(
    app: &AppHandle,
    state: &AppState,
    id: &str,
    hand_over: impl FnOnce(&str, u32) -> Result<(), Problem>,
) -> Result<TokenUse, Problem> {
    let (token, token_use, clear_after) = state.change(|contents| {
        let clear_after = contents.settings.clipboard_clear_seconds;
        let account = account_mut(contents, id)?;
        let site = account.site_name().to_owned();
        let token = account.backup_tokens.redeem_next(&site, now())?;
        Ok((token, TokenUse::of(account), clear_after))
    })?;
    // The token is marked used before it is handed over: a crash in
    // between loses one token, never hands one out twice.
    hand_over(token.as_str(), clear_after)?;
    UndoSlot::offer_until_expired(app, |s| &s.redeemed, id, token);
    Ok(token_use)
}

#[tauri::command]
pub async fn undo_token_use(state: State<'_, AppState>, id: String) -> Result<TokenUse, AppError> {
    let undo = |tokens: &mut BackupTokens, token: TokenCode| {
        tokens
            .mark_unused(token.as_str())
            .map_err(|_| Problem::app("app-token-gone"))
    };
    undo_on_tokens(&state, &state.redeemed, &id, "app-undo-expired", undo)
}

#[tauri::command]
pub async fn set_token_used(
    state: State<'_, AppState>,
    id: String,
    index: usize,
    used: bool,
) -> Result<Vec<TokenRow>, AppError> {
    change_account(&state, &id, |account| {
        account
            .backup_tokens
            .set_used_at(index, used, now())
            .map_err(|_| Problem::app("app-token-gone"))?;
        Ok(TokenRow::all(account, false))
    })
    .for_window(&state)
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
    let (handed_out, tokens, clear_after) = state
        .change(|contents| {
            let clear_after = contents.settings.clipboard_clear_seconds;
            let account = account_mut(contents, &id)?;
            let handed_out = account.backup_tokens.hand_out(index, now())?;
            Ok((handed_out, TokenUse::of(account), clear_after))
        })
        .for_window(&state)?;
    // Marked before it reaches the clipboard, as in `use_backup_token`.
    let copied =
        copy_and_clear_later(&app, handed_out.code.as_str(), clear_after).for_window(&state)?;
    let marked_used = handed_out.marked_used;
    AppState::offer_undo_of(&app, &id, handed_out);
    Ok(TokenCopy {
        marked_used,
        clear_after_seconds: copied.clear_after_seconds,
        tokens,
    })
}
