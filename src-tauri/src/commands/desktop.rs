//! The window's side of the tray and of starting at login: what Settings
//! shows and changes, and the two answers to the notice the first close
//! into the tray shows. The rules are in `crate::tray`.

use tauri::{AppHandle, State};

use crate::error::{AppError, ForWindow};
use crate::state::AppState;
use crate::tray::{self, DesktopView};

/// Whether a tray is there, and the two settings that use it.
#[tauri::command]
pub async fn desktop_settings(app: AppHandle) -> DesktopView {
    tray::desktop_view(&app)
}

/// "Closing the window keeps Safekeep in the tray".
#[tauri::command]
pub async fn set_close_to_tray(
    app: AppHandle,
    state: State<'_, AppState>,
    on: bool,
) -> Result<DesktopView, AppError> {
    tray::set_close_to_tray(&app, on).for_window(&state)
}

/// "Start Safekeep when I log in": writes or removes the login entry.
#[tauri::command]
pub async fn set_start_at_login(
    app: AppHandle,
    state: State<'_, AppState>,
    on: bool,
) -> Result<DesktopView, AppError> {
    tray::set_start_at_login(&app, on).for_window(&state)
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
