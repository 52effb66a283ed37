//! Creating, unlocking and locking the vault, and its settings and slots.

use std::sync::Arc;

use safekeep_core::password_strength;
use safekeep_core::vault::{CreateOptions, KdfParams, OpenOptions, Settings, Unlock, Vault};
use tauri::State;
use zeroize::Zeroizing;

use crate::error::{AppError, ForWindow, Problem};
use crate::reveal::Reveal;
use crate::state::AppState;
use crate::views::{AppStatus, PasswordStrengthView};

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
    Ok(state.status())
}

#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    password: Option<String>,
) -> Result<AppStatus, AppError> {
    let password = password.map(Zeroizing::new).filter(|p| !p.is_empty());
    let password = password.as_deref().map(String::as_str);
    let create = || {
        password.map_or(Ok(()), require_strong)?;
        // Without a usable keychain, core makes the password the only way
        // in, and refuses without one.
        let options = CreateOptions {
            keychain: true,
            password,
            kdf: KdfParams::recommended(),
        };
        Ok::<_, Problem>(Vault::create(
            &state.location,
            Arc::clone(&state.keychain),
            options,
        )?)
    };
    let vault = create().for_window(&state)?;
    state.keep_unlocked(vault);
    Ok(state.status())
}

/// Refuses a new password the core finds too easy to guess, with its reason,
/// under the password field.
pub fn require_strong(password: &str) -> Result<(), Problem> {
    password_strength::check_new_password(password)
        .map(|_| ())
        .map_err(|error| Problem::from(error).under("password"))
}

/// How strong a password being chosen is, for the meter under the field;
/// called as the user types. The candidate is wiped after measuring and
/// never logged.
#[tauri::command]
pub async fn password_strength(
    state: State<'_, AppState>,
    candidate: String,
) -> Result<PasswordStrengthView, AppError> {
    let candidate = Zeroizing::new(candidate);
    let strength = password_strength::measure(&candidate);
    Ok(PasswordStrengthView::of(&strength, state.language()))
}

fn unlock_with(
    state: &AppState,
    password: Option<String>,
    options: OpenOptions,
) -> Result<AppStatus, AppError> {
    let password = password.map(Zeroizing::new);
    let unlock = match &password {
        Some(password) => Unlock::Password(password),
        None => Unlock::Keychain,
    };
    state.unlock(unlock, options).for_window(state)?;
    Ok(state.status())
}

#[tauri::command]
pub async fn unlock(
    state: State<'_, AppState>,
    password: Option<String>,
) -> Result<AppStatus, AppError> {
    unlock_with(&state, password, OpenOptions::default())
}

#[tauri::command]
pub async fn accept_older_vault(
    state: State<'_, AppState>,
    password: Option<String>,
) -> Result<AppStatus, AppError> {
    unlock_with(
        &state,
        password,
        OpenOptions {
            accept_rollback: true,
        },
    )
}

#[tauri::command]
pub async fn lock(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<AppStatus, AppError> {
    crate::lock::lock_app(&app);
    Ok(state.status())
}

/// The window reports that the user pressed a key or moved the pointer
/// (at most every few seconds); see `crate::lock`. Counting it is done
/// before any command runs, so there is nothing left to do here.
#[tauri::command]
pub fn note_activity() {}

/// Gives the window a one-time grant to see `reveal`, from the click that
/// confirms it; see `crate::reveal`. Refused while locked.
#[tauri::command]
pub fn grant_reveal(state: State<'_, AppState>, reveal: Reveal) -> Result<String, AppError> {
    state
        .unlocked(|_| Ok(state.reveals.grant(reveal)))
        .for_window(&state)
}

#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<AppStatus, AppError> {
    state
        .change(|contents| {
            contents.settings = settings;
            Ok(())
        })
        .for_window(&state)?;
    Ok(state.status())
}

#[tauri::command]
pub async fn set_password(
    state: State<'_, AppState>,
    password: String,
) -> Result<AppStatus, AppError> {
    let password = Zeroizing::new(password);
    require_strong(&password)
        .and_then(|()| {
            state.unlocked(|vault| Ok(vault.set_password(&password, KdfParams::recommended())?))
        })
        .for_window(&state)?;
    Ok(state.status())
}

#[tauri::command]
pub async fn remove_password(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
    state
        .unlocked(|vault| Ok(vault.remove_password()?))
        .for_window(&state)?;
    Ok(state.status())
}

/// Turns "ask for my password after a lock and at start" on or off.
#[tauri::command]
pub async fn set_password_at_unlock(
    state: State<'_, AppState>,
    on: bool,
) -> Result<AppStatus, AppError> {
    state
        .unlocked(|vault| Ok(vault.set_password_at_unlock(on)?))
        .for_window(&state)?;
    Ok(state.status())
}
