//! Several computers, one vault: keeping the vault in a folder a sync
//! program keeps in step, joining the vault there from a new computer, the
//! other computers (and removing one), catching up with a password or key
//! changed on another computer, and what the merge has to tell the person
//! (a backup token two computers used). The rules are core's (`safekeep_core::sync`,
//! `Vault::enable_sync`, `Vault::join`); this only carries them over.

use std::sync::Arc;

use safekeep_core::i18n::Message;
use safekeep_core::sync::{DeviceId, default_device_name};
use safekeep_core::vault::{DeviceStatus, RemoveDeviceError, SyncStatus, UpdateError, Vault};
use serde::Serialize;
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use crate::chosen::{self, ChosenFile, FileKind};
use crate::error::{AppError, ForWindow, Problem};
use crate::state::AppState;
use crate::views::AppStatus;

/// Whether and where the vault is synced, and the computers sharing it.
#[derive(Serialize)]
pub struct SyncView {
    /// Whether this computer's vault is kept in a synced folder.
    pub synced: bool,
    /// That folder.
    pub folder: Option<String>,
    /// This computer's name as the others see it; before syncing, the name
    /// it would get (its host name), for the window to offer.
    pub this_device: String,
    /// The other computers, by name.
    pub others: Vec<OtherDevice>,
    /// Files of the folder skipped at the last read, each worded.
    pub problems: Vec<String>,
}

/// Another computer sharing the vault.
#[derive(Serialize)]
pub struct OtherDevice {
    pub id: String,
    pub name: String,
    /// When its file last changed here (Unix seconds); `None` when its file
    /// is not in the folder (yet).
    pub last_seen: Option<i64>,
}

impl OtherDevice {
    fn of(device: &DeviceStatus) -> OtherDevice {
        OtherDevice {
            id: device.device.to_hex(),
            name: device.name.clone(),
            last_seen: device.last_seen,
        }
    }
}

impl SyncView {
    fn of(status: Option<SyncStatus>, state: &AppState) -> SyncView {
        let language = state.language();
        match status {
            Some(status) => SyncView {
                synced: true,
                folder: Some(status.folder.display().to_string()),
                this_device: status.this_device.name,
                others: status.others.iter().map(OtherDevice::of).collect(),
                problems: status
                    .problems
                    .iter()
                    .map(|problem| problem.localized(language))
                    .collect(),
            },
            None => SyncView {
                synced: false,
                folder: None,
                this_device: default_device_name(),
                others: Vec::new(),
                problems: Vec::new(),
            },
        }
    }
}

/// How the vault is synced, as the Settings panel shows it; not synced
/// while the vault is locked or missing (the first-run screen asks this
/// for the name to offer).
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncView, AppError> {
    // Its own statement: the guard must be gone before `unlocked` locks.
    let unlocked = state.vault().is_some();
    let status = if unlocked {
        state
            .unlocked(|vault| {
                vault.reload_if_changed()?;
                Ok(vault.sync_status())
            })
            .for_window(&state)?
    } else {
        None
    };
    Ok(SyncView::of(status, &state))
}

/// Asks for the synced folder in the system's folder dialog, and remembers
/// it for [`enable_sync`] or [`join_synced_vault`]; `None` when cancelled.
#[tauri::command]
pub async fn choose_sync_folder(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ChosenFile>, AppError> {
    Ok(chosen::choose(&app, &state, FileKind::SyncFolder))
}

/// Moves this computer's vault into the chosen folder, this computer named
/// `device_name` for the others.
#[tauri::command]
pub async fn enable_sync(
    state: State<'_, AppState>,
    device_name: String,
) -> Result<AppStatus, AppError> {
    state
        .chosen
        .path(FileKind::SyncFolder)
        .and_then(|folder| {
            state.unlocked(|vault| Ok(vault.enable_sync(&folder, device_name.trim())?))
        })
        .for_window(&state)?;
    state.vault_changed.notify_one();
    Ok(state.status())
}

/// Joins the vault in the chosen folder from this computer, which has no
/// vault yet: opened with its password, then kept unlocked.
#[tauri::command]
pub async fn join_synced_vault(
    state: State<'_, AppState>,
    password: String,
    device_name: String,
) -> Result<AppStatus, AppError> {
    let password = Zeroizing::new(password);
    let vault = state
        .chosen
        .path(FileKind::SyncFolder)
        .and_then(|folder| {
            Ok(Vault::join(
                &state.location,
                Arc::clone(&state.keychain),
                &folder,
                &password,
                device_name.trim(),
            )?)
        })
        .for_window(&state)?;
    state.keep_unlocked(vault);
    Ok(state.status())
}

/// What a synced vault has to tell the person over the list, worded.
#[derive(Serialize)]
pub struct SyncNotices {
    /// Each backup token that two computers used; shown until
    /// [`dismiss_sync_notices`].
    pub double_uses: Vec<String>,
    /// The vault's password or key was changed on another computer, and
    /// this one has not caught up ([`catch_up_with_new_password`]).
    pub key_changed_elsewhere: Option<String>,
}

/// What the merge found that the person must hear: see [`SyncNotices`].
#[tauri::command]
pub async fn sync_notices(state: State<'_, AppState>) -> Result<SyncNotices, AppError> {
    let language = state.language();
    state
        .unlocked(|vault| {
            vault.reload_if_changed()?;
            Ok(SyncNotices {
                double_uses: vault
                    .double_uses()
                    .iter()
                    .map(|double_use| double_use.localized(language))
                    .collect(),
                key_changed_elsewhere: vault
                    .key_changed_elsewhere()
                    .map(|change| change.localized(language)),
            })
        })
        .for_window(&state)
}

/// Takes up the vault's new key, which another computer's password or key
/// change made, with the vault's (new) password.
#[tauri::command]
pub async fn catch_up_with_new_password(
    state: State<'_, AppState>,
    password: String,
) -> Result<AppStatus, AppError> {
    let password = Zeroizing::new(password);
    state
        .unlocked(|vault| Ok(vault.catch_up_with_new_password(&password)?))
        .for_window(&state)?;
    state.vault_changed.notify_one();
    Ok(state.status())
}

/// Removes the other computer `device` (its id, as [`sync_status`] gives
/// it): its file, and a new key its keychain does not open. `password` is
/// the vault's, which the new key must stay wrapped for.
#[tauri::command]
pub async fn remove_device(
    state: State<'_, AppState>,
    device: String,
    password: Option<String>,
) -> Result<SyncView, AppError> {
    let password = password.map(Zeroizing::new);
    let status = state
        .unlocked(|vault| {
            let device = DeviceId::from_hex(&device)
                .ok_or(RemoveDeviceError::NoSuchComputer { name: device })?;
            vault.remove_device(device, password.as_deref().map(String::as_str))?;
            Ok(vault.sync_status())
        })
        .for_window(&state)?;
    state.vault_changed.notify_one();
    Ok(SyncView::of(status, &state))
}

/// The person read the notices: they are not shown again on this computer.
#[tauri::command]
pub async fn dismiss_sync_notices(state: State<'_, AppState>) -> Result<(), AppError> {
    state
        .unlocked(|vault| {
            vault
                .mark_double_uses_reported()
                .map_err(|error| match error {
                    UpdateError::Save(error) => Problem::from(error),
                    UpdateError::Rejected(never) => match never {},
                })
        })
        .for_window(&state)
}
