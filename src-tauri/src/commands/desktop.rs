//! The windows' side of the tray, starting at login and the quick pick:
//! what Settings shows and changes, the two answers to the notice the first
//! close into the tray shows, and the quick pick's search and Enter. The
//! rules are in `crate::tray` and `crate::quick_pick`.

use tauri::{AppHandle, State};

use crate::error::{AppError, ForWindow};
use crate::quick_pick::{self, Handover, MatchView, Taken};
use crate::state::AppState;
use crate::tray::{self, DesktopView};

/// Whether a tray is there, and the two settings that use it.
#[tauri::command]
pub async fn desktop_settings(app: AppHandle) -> DesktopView {
    tray::desktop_view(&app).await
}

/// "Closing the window keeps Safekeep in the tray".
#[tauri::command]
pub async fn set_close_to_tray(
    app: AppHandle,
    state: State<'_, AppState>,
    on: bool,
) -> Result<DesktopView, AppError> {
    tray::set_close_to_tray(&app, on).await.for_window(&state)
}

/// "Start Safekeep when I log in": writes or removes the login entry.
#[tauri::command]
pub async fn set_start_at_login(
    app: AppHandle,
    state: State<'_, AppState>,
    on: bool,
) -> Result<DesktopView, AppError> {
    tray::set_start_at_login(&app, on).await.for_window(&state)
}

/// The notice's "OK": the window goes to the tray, now and from now on
/// without the notice.
#[tauri::command]
pub async fn hide_to_tray(app: AppHandle, state: State<'_, AppState>) -> Result<(), AppError> {
    tray::hide_after_notice(&app).for_window(&state)
}

/// The notice's "Quit Safekeep".
#[tauri::command]
pub fn quit_app(app: AppHandle) {
    app.exit(0);
}

/// The quick pick's shortcut, or `None` to turn it off.
#[tauri::command]
pub async fn set_quick_pick_shortcut(
    app: AppHandle,
    state: State<'_, AppState>,
    shortcut: Option<String>,
) -> Result<DesktopView, AppError> {
    tray::set_quick_pick_shortcut(&app, shortcut)
        .await
        .for_window(&state)
}

/// The accounts the quick pick's search finds (names only).
#[tauri::command]
pub async fn quick_pick_matches(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<MatchView>, AppError> {
    quick_pick::matches(&state, &query).for_window(&state)
}

/// Enter (copy) or Shift+Enter (type) in the quick pick: the account's
/// code or next backup token handed over, then the quick pick hides.
#[tauri::command]
pub async fn quick_pick_take(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    handover: Handover,
) -> Result<Taken, AppError> {
    // Typing waits for the person's modifier keys and for the window typed
    // into; never on the main thread, which must hide the quick pick first.
    tokio::task::block_in_place(|| quick_pick::take(&app, &state, &id, handover)).for_window(&state)
}

/// Escape in the quick pick.
#[tauri::command]
pub fn quick_pick_hide(app: AppHandle) {
    quick_pick::hide(&app);
}

/// The quick pick's page has drawn itself and can take keys.
#[tauri::command]
pub fn quick_pick_ready(app: AppHandle) {
    quick_pick::page_ready(&app);
}
