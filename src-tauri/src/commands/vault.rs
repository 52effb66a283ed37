//! Creating, unlocking and locking the vault, and its settings and slots.

use std::sync::Arc;

use safekeep_core::password_strength;
use safekeep_core::vault::{CreateOptions, KdfParams, OpenOptions, Settings, Unlock, Vault};
use tauri::State;
use zeroize::Zeroizing;

use crate::error::AppError;
use crate::reveal::Reveal;
use crate::state::AppState;
use crate::views::{AppStatus, KeychainStatus, PasswordStrengthView};

fn status_of(state: &AppState) -> AppStatus {
    let language = state.language();
    let (vault_state, slots, settings) = match state.vault().as_ref() {
        Some(vault) => (
            "unlocked",
            Some(vault.slot_kinds()),
            Some(vault.contents().settings.clone()),
        ),
        None if state.location.has_vault() => {
            ("locked", Vault::slot_kinds_at(&state.location).ok(), None)
        }
        None => ("missing", None, None),
    };
    // Asking the keychain costs a D-Bus round trip; only the first-run and
    // unlock screens need the answer.
    let keychain = if vault_state == "unlocked" {
        KeychainStatus {
            available: true,
            problem: None,
        }
    } else {
        match state.keychain.check_available() {
            Ok(()) => KeychainStatus {
                available: true,
                problem: None,
            },
            Err(error) => KeychainStatus {
                available: false,
                problem: Some(state.error(&error).message),
            },
        }
    };
    AppStatus {
        vault: vault_state,
        keychain,
        slots,
        language,
        settings,
        data_dir: state.location.dir().display().to_string(),
    }
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
    Ok(status_of(&state))
}

#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    password: Option<String>,
) -> Result<AppStatus, AppError> {
    let password = password.map(Zeroizing::new).filter(|p| !p.is_empty());
    if let Some(password) = &password {
        require_strong(&state, password)?;
    }
    let vault = Vault::create(
        &state.location,
        Arc::clone(&state.keychain),
        CreateOptions {
            keychain: true,
            password: password.as_deref().map(String::as_str),
            kdf: KdfParams::recommended(),
        },
    )
    .map_err(|error| state.error(&error))?;
    state.keep_unlocked(vault);
    Ok(status_of(&state))
}

/// Refuses a new password the core finds too easy to guess, with its reason,
/// under the password field.
pub fn require_strong(state: &AppState, password: &str) -> Result<(), AppError> {
    password_strength::check_new_password(password)
        .map(|_| ())
        .map_err(|error| state.error(&error).under("password"))
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
    state
        .unlock(unlock, options)
        .map_err(|error| state.error(&error))?;
    Ok(status_of(state))
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
    Ok(status_of(&state))
}

/// The window reports that the user pressed a key or moved the pointer
/// (at most every few seconds); see `crate::lock`. Counting it is done
/// before any command runs, so there is nothing left to do here.
#[tauri::command]
pub fn note_activity() {}

/// Gives the window a one-time grant to see `reveal`, from the click that
/// confirms it; see `crate::reveal`.
#[tauri::command]
pub fn grant_reveal(state: State<'_, AppState>, reveal: Reveal) -> Result<String, AppError> {
    if state.vault().is_none() {
        return Err(AppError::app("app-locked", state.language()));
    }
    Ok(state.reveals.grant(reveal))
}

#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<AppStatus, AppError> {
    state.change(|contents| {
        contents.settings = settings;
        Ok(())
    })?;
    Ok(status_of(&state))
}

#[tauri::command]
pub async fn set_password(
    state: State<'_, AppState>,
    password: String,
) -> Result<AppStatus, AppError> {
    let password = Zeroizing::new(password);
    require_strong(&state, &password)?;
    let language = state.language();
    let mut guard = state.vault();
    let vault = guard
        .as_mut()
        .ok_or_else(|| AppError::app("app-locked", language))?;
    vault
        .set_password(&password, KdfParams::recommended())
        // Not `state.error`: it would take the vault lock this guard holds.
        .map_err(|error| AppError::from_message(&error, language))?;
    drop(guard);
    Ok(status_of(&state))
}

#[tauri::command]
pub async fn remove_password(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
    let language = state.language();
    let mut guard = state.vault();
    let vault = guard
        .as_mut()
        .ok_or_else(|| AppError::app("app-locked", language))?;
    vault
        .remove_password()
        .map_err(|error| AppError::from_message(&error, language))?;
    drop(guard);
    Ok(status_of(&state))
}

/// Turns "ask for my password after a lock and at start" on or off.
#[tauri::command]
pub async fn set_password_at_unlock(
    state: State<'_, AppState>,
    on: bool,
) -> Result<AppStatus, AppError> {
    let language = state.language();
    let mut guard = state.vault();
    let vault = guard
        .as_mut()
        .ok_or_else(|| AppError::app("app-locked", language))?;
    vault
        .set_password_at_unlock(on)
        .map_err(|error| AppError::from_message(&error, language))?;
    drop(guard);
    Ok(status_of(&state))
}
