//! Safekeep beside the window: the tray icon and its menu (Show Safekeep,
//! each pinned account's code or next backup token, Lock, Quit), closing
//! the window into the tray, starting hidden (`--hidden`), and starting at
//! login.
//!
//! On Linux the icon goes through libayatana-appindicator, which shows it
//! only where a StatusNotifierWatcher runs (KDE, most panels; GNOME with the
//! AppIndicator extension). Where none runs there is no icon, so closing the
//! window quits as it always did, and Settings says why.

use safekeep_core::at_hand::{AtHandAction, pinned_at_hand};
use safekeep_core::desktop_settings::DesktopSettings;
use safekeep_core::i18n::{MessageArg, localize};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use tauri::menu::{IsMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Wry};
use tauri_plugin_autostart::ManagerExt;

use crate::error::Problem;
use crate::state::AppState;

const TRAY_ID: &str = "safekeep";
/// The argument that starts the app without showing its window, which the
/// login entry passes.
pub const HIDDEN_ARG: &str = "--hidden";
/// Sent to the window the first time closing it keeps Safekeep in the tray,
/// so the window says where it goes before it goes (ui/views/tray-notice.js).
const CLOSE_NOTICE_EVENT: &str = "close-to-tray-notice";
/// Sent with a message when something chosen in the tray menu failed; the
/// window, shown for it, says what happened.
const TRAY_PROBLEM_EVENT: &str = "tray-problem";
/// Sent to the main window when the tray or the quick pick changed the
/// vault (a backup token used), so its list and an open tokens panel show
/// it at once rather than when the window next gets the focus.
const VAULT_CHANGED_EVENT: &str = "vault-changed-elsewhere";

/// The desktop settings of this computer, kept beside the vault.
pub struct Desktop {
    path: PathBuf,
    settings: Mutex<DesktopSettings>,
}

impl Desktop {
    /// Those of the vault `state` opens.
    pub fn of(state: &AppState) -> Desktop {
        let path = DesktopSettings::path(&state.location);
        Desktop {
            settings: Mutex::new(DesktopSettings::load(&path)),
            path,
        }
    }

    fn settings(&self) -> MutexGuard<'_, DesktopSettings> {
        self.settings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The shortcut that opens the quick pick, if any.
    pub fn quick_pick_shortcut(&self) -> Option<String> {
        self.settings().quick_pick_shortcut.clone()
    }

    /// Applies `change` and keeps the result on disk.
    fn change(&self, change: impl FnOnce(&mut DesktopSettings)) -> Result<(), Problem> {
        let mut settings = self.settings();
        let mut next = settings.clone();
        change(&mut next);
        next.save(&self.path).map_err(|error| {
            Problem::app_with(
                "app-desktop-settings-failed",
                vec![("reason", error.to_string().into())],
            )
        })?;
        *settings = next;
        Ok(())
    }
}

/// What Settings shows about the tray and starting at login.
#[derive(serde::Serialize)]
pub struct DesktopView {
    /// Whether a tray shows Safekeep's icon now.
    pub tray_available: bool,
    pub close_to_tray: bool,
    pub start_at_login: bool,
    /// The quick pick's shortcut ("Ctrl+Alt+K"), or none when turned off.
    pub quick_pick_shortcut: Option<String>,
}

/// The tray and login settings as they are now.
pub async fn desktop_view(app: &AppHandle) -> DesktopView {
    // Read apart from the struct below: a guard taken inside it would live
    // to its end, and the second read would wait on it for ever.
    let settings = app.state::<Desktop>().settings().clone();
    DesktopView {
        tray_available: tray_host_running().await,
        close_to_tray: settings.close_to_tray,
        start_at_login: app.autolaunch().is_enabled().unwrap_or(false),
        quick_pick_shortcut: settings.quick_pick_shortcut,
    }
}

/// Makes `shortcut` the quick pick's (or turns it off with `None`), and
/// keeps it. A shortcut another program holds, or one that is not a
/// shortcut, is refused and the one before stays.
pub async fn set_quick_pick_shortcut(
    app: &AppHandle,
    shortcut: Option<String>,
) -> Result<DesktopView, Problem> {
    let desktop = app.state::<Desktop>();
    let before = desktop.quick_pick_shortcut();
    if let Err(problem) = crate::quick_pick::register(app, shortcut.as_deref()) {
        let _ = crate::quick_pick::register(app, before.as_deref());
        return Err(problem);
    }
    desktop.change(|settings| settings.quick_pick_shortcut = shortcut)?;
    Ok(desktop_view(app).await)
}

/// Turns "closing the window keeps Safekeep in the tray" on or off.
pub async fn set_close_to_tray(app: &AppHandle, on: bool) -> Result<DesktopView, Problem> {
    app.state::<Desktop>()
        .change(|settings| settings.close_to_tray = on)?;
    Ok(desktop_view(app).await)
}

/// Writes or removes the login entry, which starts Safekeep `--hidden`.
pub async fn set_start_at_login(app: &AppHandle, on: bool) -> Result<DesktopView, Problem> {
    let autostart = app.autolaunch();
    let done = if on {
        autostart.enable()
    } else {
        autostart.disable()
    };
    done.map_err(|error| {
        Problem::app_with(
            "app-autostart-failed",
            vec![("reason", error.to_string().into())],
        )
    })?;
    Ok(desktop_view(app).await)
}

/// Whether the library that draws the icon can be loaded. Tauri's own
/// loader panics without it, which would end the app before its window
/// shows: the .deb depends on the library, but a copied binary or an
/// AppImage may still meet a system without it.
#[cfg(target_os = "linux")]
fn tray_library_present() -> bool {
    static PRESENT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *PRESENT.get_or_init(|| {
        // The names, in the order, that Tauri's loader (libappindicator-sys)
        // tries.
        ["libayatana-appindicator3.so.1", "libappindicator3.so.1"]
            .iter()
            // SAFETY: loading runs the library's initialisers; these are
            // the libraries Tauri loads next anyway, and ours is dropped
            // (unloaded) before Tauri loads its own handle.
            .any(|name| unsafe { libloading::Library::new(name) }.is_ok())
    })
}

#[cfg(not(target_os = "linux"))]
fn tray_library_present() -> bool {
    true
}

/// Whether a tray host is registered with the session's
/// StatusNotifierWatcher, so an icon there can be seen and clicked.
pub async fn tray_host_running() -> bool {
    if !tray_library_present() {
        return false;
    }
    let Ok(bus) = zbus::Connection::session().await else {
        return false;
    };
    let Ok(watcher) = zbus::Proxy::new(
        &bus,
        "org.kde.StatusNotifierWatcher",
        "/StatusNotifierWatcher",
        "org.kde.StatusNotifierWatcher",
    )
    .await
    else {
        return false;
    };
    watcher
        .get_property::<bool>("IsStatusNotifierHostRegistered")
        .await
        .unwrap_or(false)
}

/// Whether this launch asked to start without a window (the login entry).
pub fn started_hidden() -> bool {
    std::env::args().any(|arg| arg == HIDDEN_ARG)
}

/// Decides what the window's close button does: `true` when the window
/// hides into the tray (the first time after the window has said so), and
/// `false` when closing goes on to quit.
pub fn close_into_tray(app: &AppHandle) -> bool {
    let settings = app.state::<Desktop>().settings().clone();
    // The close button is answered on the main thread, outside the async
    // runtime: asking the bus there is a blocking wait of a moment.
    if !settings.close_to_tray || !tauri::async_runtime::block_on(tray_host_running()) {
        return false;
    }
    if settings.tray_notice_seen {
        hide_window(app);
    } else {
        show_window(app);
        let _ = app.emit(CLOSE_NOTICE_EVENT, ());
    }
    true
}

/// The user read where a closed window goes: hides it, and the notice is
/// not shown again.
pub fn hide_after_notice(app: &AppHandle) -> Result<(), Problem> {
    app.state::<Desktop>()
        .change(|settings| settings.tray_notice_seen = true)?;
    hide_window(app);
    Ok(())
}

fn hide_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.hide();
    }
}

/// Brings the window back: shown, unminimised and focused.
pub fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        crate::window_focus::show_with_keyboard(&window);
    }
}

/// Tells the main window that the vault changed outside it.
pub fn tell_the_window_the_vault_changed(app: &AppHandle) {
    let _ = app.emit_to("main", VAULT_CHANGED_EVENT, ());
}

/// Puts the icon in the tray, and keeps its menu in step with the vault.
pub fn install(app: &AppHandle) -> tauri::Result<()> {
    if !tray_library_present() {
        tracing::warn!("no tray icon: libayatana-appindicator3 is not installed");
        return Ok(());
    }
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Safekeep")
        .menu(&menu(app)?)
        .show_menu_on_left_click(true)
        .on_menu_event(on_menu_event);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        loop {
            state.vault_changed.notified().await;
            if let Some(tray) = app.tray_by_id(TRAY_ID) {
                let _ = menu(&app).map(|menu| tray.set_menu(Some(menu)));
            }
        }
    });
    Ok(())
}

/// What the menu item with this id does.
enum MenuAction {
    Show,
    CopyCode(String),
    UseBackupToken(String),
    Lock,
    Quit,
}

impl MenuAction {
    fn id(&self) -> String {
        match self {
            MenuAction::Show => "show".into(),
            MenuAction::CopyCode(account) => format!("copy:{account}"),
            MenuAction::UseBackupToken(account) => format!("token:{account}"),
            MenuAction::Lock => "lock".into(),
            MenuAction::Quit => "quit".into(),
        }
    }

    fn from_id(id: &str) -> Option<MenuAction> {
        match id.split_once(':') {
            Some(("copy", account)) => Some(MenuAction::CopyCode(account.into())),
            Some(("token", account)) => Some(MenuAction::UseBackupToken(account.into())),
            _ => match id {
                "show" => Some(MenuAction::Show),
                "lock" => Some(MenuAction::Lock),
                "quit" => Some(MenuAction::Quit),
                _ => None,
            },
        }
    }
}

/// The menu for the vault as it is now: while locked only Show and Quit,
/// since the names of the pinned accounts are inside the encrypted vault.
fn menu(app: &AppHandle) -> tauri::Result<Menu<Wry>> {
    let state = app.state::<AppState>();
    let language = state.language();
    let words = |id: &str, args: &[(&'static str, MessageArg)]| localize(language, id, args);
    let item = |action: MenuAction, text: String, enabled: bool| {
        MenuItem::with_id(app, action.id(), text, enabled, None::<&str>)
    };
    let pinned = state.read(|contents| Ok(pinned_at_hand(contents))).ok();
    let mut items: Vec<Box<dyn IsMenuItem<Wry>>> = vec![
        Box::new(item(MenuAction::Show, words("tray-show", &[]), true)?),
        Box::new(PredefinedMenuItem::separator(app)?),
    ];
    match &pinned {
        None => items.push(Box::new(item(
            MenuAction::Show,
            words("tray-locked", &[]),
            false,
        )?)),
        Some(pinned) if pinned.is_empty() => {
            items.push(Box::new(item(
                MenuAction::Show,
                words("tray-no-pins", &[]),
                false,
            )?));
        }
        Some(pinned) => {
            for at_hand in pinned {
                let name: MessageArg = at_hand.name.clone().into();
                let (action, text) = match at_hand.action {
                    AtHandAction::CopyCode => (
                        MenuAction::CopyCode(at_hand.id.clone()),
                        words("tray-copy-code", &[("name", name)]),
                    ),
                    AtHandAction::UseBackupToken { left } => (
                        MenuAction::UseBackupToken(at_hand.id.clone()),
                        words("tray-use-token", &[("name", name), ("left", left.into())]),
                    ),
                    AtHandAction::ShowInWindow => {
                        (MenuAction::Show, words("tray-open", &[("name", name)]))
                    }
                };
                items.push(Box::new(item(action, text, true)?));
            }
        }
    }
    items.push(Box::new(PredefinedMenuItem::separator(app)?));
    items.push(Box::new(item(
        MenuAction::Lock,
        words("tray-lock", &[]),
        pinned.is_some(),
    )?));
    items.push(Box::new(item(
        MenuAction::Quit,
        words("tray-quit", &[]),
        true,
    )?));
    let items: Vec<&dyn IsMenuItem<Wry>> = items.iter().map(|item| item.as_ref()).collect();
    Menu::with_items(app, &items)
}

fn on_menu_event(app: &AppHandle, event: MenuEvent) {
    let Some(action) = MenuAction::from_id(event.id().as_ref()) else {
        return;
    };
    let done = match action {
        MenuAction::Show => {
            show_window(app);
            Ok(())
        }
        MenuAction::Lock => {
            crate::lock::lock_app(app);
            Ok(())
        }
        MenuAction::Quit => {
            app.exit(0);
            Ok(())
        }
        MenuAction::CopyCode(account) => {
            crate::commands::accounts::copy_current_code(app, &app.state(), &account).map(drop)
        }
        MenuAction::UseBackupToken(account) => {
            crate::commands::tokens::redeem_next_token(app, &app.state(), &account)
                .map(|_| tell_the_window_the_vault_changed(app))
        }
    };
    // Choosing from the tray is using the app: the auto-lock counts from it.
    app.state::<AppState>().idle.touch();
    if let Err(problem) = done {
        let language = app.state::<AppState>().language();
        show_window(app);
        let _ = app.emit(TRAY_PROBLEM_EVENT, problem.word(language));
    }
}
