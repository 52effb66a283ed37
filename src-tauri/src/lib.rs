//! Safekeep's desktop app: a Tauri window over `safekeep-core`.
//!
//! This crate only translates: window requests into core calls, core results
//! and errors into JSON for `ui/api.js`. Rules about secrets, tokens and files
//! live in the core; if a command here grows an `if` about the domain, it
//! belongs there instead.

mod chosen;
mod clipboard;
mod commands;
mod error;
mod lock;
mod print_view;
mod quick_pick;
mod reveal;
mod state;
mod tray;
mod typing;
mod views;
mod webview;
mod window_focus;

use tauri::Manager;
use tauri_plugin_window_state::StateFlags;

use crate::state::AppState;

/// Starts the app; returns when the last window closes.
pub fn run() {
    // Every command must also be in app_commands.in (the app manifest), or
    // the window may not call it.
    let commands = after_lock_check(tauri::generate_handler![
        commands::about::app_info,
        commands::vault::app_status,
        commands::vault::create_vault,
        commands::vault::unlock,
        commands::vault::accept_older_vault,
        commands::vault::lock,
        commands::vault::save_settings,
        commands::vault::set_password,
        commands::vault::remove_password,
        commands::vault::password_strength,
        commands::vault::set_password_at_unlock,
        commands::sync::sync_status,
        commands::sync::choose_sync_folder,
        commands::sync::enable_sync,
        commands::sync::join_synced_vault,
        commands::sync::sync_notices,
        commands::sync::dismiss_sync_notices,
        commands::sync::catch_up_with_new_password,
        commands::sync::remove_device,
        commands::vault::note_activity,
        commands::vault::grant_reveal,
        commands::accounts::list_accounts,
        commands::accounts::codes,
        commands::accounts::hotp_next_code,
        commands::accounts::copy_code,
        commands::accounts::add_account_from_uri,
        commands::accounts::add_account_manually,
        commands::accounts::add_accounts_from_image,
        commands::accounts::update_account,
        commands::accounts::delete_account,
        commands::accounts::undo_delete_account,
        commands::accounts::arrange_account,
        commands::accounts::sort_accounts_by_name,
        commands::accounts::account_qr_svg,
        commands::tokens::list_tokens,
        commands::tokens::preview_tokens,
        commands::tokens::add_tokens,
        commands::tokens::replace_tokens,
        commands::tokens::undo_replace_tokens,
        commands::tokens::use_backup_token,
        commands::tokens::undo_token_use,
        commands::tokens::set_token_used,
        commands::tokens::copy_token,
        commands::transfer::import_file,
        commands::transfer::import_clipboard_picture,
        commands::transfer::import_screen,
        commands::transfer::choose_file,
        commands::transfer::backup_status,
        commands::transfer::make_backup,
        commands::transfer::restore_backup,
        commands::transfer::export_file,
        commands::transfer::export_aegis_encrypted,
        commands::transfer::print_recovery_sheet,
        commands::transfer::google_export_qr_codes,
        commands::desktop::desktop_settings,
        commands::desktop::set_close_to_tray,
        commands::desktop::set_start_at_login,
        commands::desktop::hide_to_tray,
        commands::desktop::quit_app,
        commands::desktop::set_quick_pick_shortcut,
        commands::desktop::quick_pick_matches,
        commands::desktop::quick_pick_take,
        commands::desktop::quick_pick_hide,
        commands::desktop::quick_pick_ready,
    ]);
    tauri::Builder::default()
        // First, so a second launch focuses the running window instead of
        // opening another one on the same vault.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tray::show_window(app);
        }))
        // Everything but whether the window is shown: a start at login
        // (`--hidden`) stays hidden, and any other start shows it.
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(StateFlags::all() - StateFlags::VISIBLE)
                .build(),
        )
        .plugin(tauri_plugin_global_shortcut::Builder::new().build())
        // The login entry ("Start at login" in Settings) starts it hidden.
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .app_name("Safekeep")
                .arg(tray::HIDDEN_ARG)
                .build(),
        )
        // Only for the save dialog the backup and export commands open; the
        // window is granted none of its commands.
        .plugin(tauri_plugin_dialog::init())
        .manage(print_view::PrintedSheet::default())
        .manage(clipboard::Clipboard::default())
        .register_uri_scheme_protocol(print_view::SCHEME, print_view::serve)
        .on_window_event(|window, event| {
            if window.label() != "main" {
                return;
            }
            match event {
                tauri::WindowEvent::CloseRequested { api, .. }
                    if tray::close_into_tray(window.app_handle()) =>
                {
                    api.prevent_close();
                }
                // Closed, not hidden into the tray: the app ends. Neither
                // the print view (a sheet of secrets on screen) nor the
                // hidden quick pick may keep it running.
                tauri::WindowEvent::Destroyed => {
                    print_view::close(window.app_handle());
                    window.app_handle().exit(0);
                }
                _ => {}
            }
        })
        .setup(|app| {
            let state = AppState::from_env()?;
            // A vault whose key is in the keychain opens without a click, so
            // the first thing on screen is the list of codes (unless the user
            // asked for the password at start).
            state.try_keychain_unlock();
            app.manage(tray::Desktop::of(&state));
            app.manage(state);
            // No tray host is no reason not to start: the window then
            // behaves as it always did.
            if let Err(error) = tray::install(app.handle()) {
                tracing::warn!("no tray icon: {error}");
            }
            quick_pick::install(app.handle())?;
            tauri::async_runtime::spawn(lock::watch(app.handle().clone()));
            // The window is created on about:blank (tauri.conf.json) and
            // gets its page only now, after its WebKit settings.
            if let Some(window) = app.get_webview_window("main") {
                webview::load_quietly(&window, webview::app_page())?;
                if !tray::started_hidden() {
                    window.show()?;
                }
            }
            Ok(())
        })
        .invoke_handler(commands)
        .build(tauri::generate_context!())
        .expect("the Tauri runtime starts")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                clipboard::Clipboard::release(app);
            }
        });
}

/// Runs `commands` after the idle check (`lock::before_command`). Tauri
/// has refused what the capability does not allow (any window but the main
/// one) before this runs.
fn after_lock_check<F>(commands: F) -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static
where
    F: Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static,
{
    move |invoke| {
        lock::before_command(
            invoke.message.webview_ref().app_handle(),
            invoke.message.command(),
        );
        commands(invoke)
    }
}

#[cfg(test)]
mod tests {
    /// The commands of the app manifest (build.rs).
    const APP_COMMANDS: &[&str] = include!("../app_commands.in");

    use std::collections::BTreeSet;

    /// The commands `capability` grants, checking it names only `window`.
    fn granted(capability: &str, window: &str) -> BTreeSet<String> {
        let capability: serde_json::Value =
            serde_json::from_str(capability).expect("the capability is JSON");
        assert_eq!(capability["windows"], serde_json::json!([window]));
        capability["permissions"]
            .as_array()
            .expect("a list of permissions")
            .iter()
            .filter_map(|permission| permission.as_str()?.strip_prefix("allow-"))
            .map(|command| command.replace('-', "_"))
            .collect()
    }

    #[test]
    fn each_window_is_granted_its_own_commands_and_no_command_is_left_out() {
        let main = granted(include_str!("../capabilities/main-window.json"), "main");
        let quick = granted(include_str!("../capabilities/quick-pick.json"), "quick");
        // The quick pick unlocks, searches and takes; it cannot read a
        // code, a token list, a secret, or change anything else.
        let quick_only = [
            "quick_pick_hide",
            "quick_pick_matches",
            "quick_pick_ready",
            "quick_pick_take",
        ];
        let shared = ["app_status", "unlock"];
        assert_eq!(
            quick,
            quick_only
                .iter()
                .chain(&shared)
                .map(|c| c.to_string())
                .collect()
        );
        assert!(quick_only.iter().all(|command| !main.contains(*command)));
        let all: BTreeSet<String> = main.union(&quick).cloned().collect();
        let commands: BTreeSet<String> = APP_COMMANDS.iter().map(|c| c.to_string()).collect();
        assert_eq!(all, commands);
    }
}
