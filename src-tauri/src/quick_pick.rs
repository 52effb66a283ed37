//! The quick pick: a small window that a global shortcut (Ctrl+Alt+K until
//! the user changes it in Settings) opens over whatever has the focus.
//! Typing searches the accounts; Enter copies the chosen one's code or uses
//! its next backup token (marked used at once, as in the window) and hides
//! the quick pick; Shift+Enter types it instead (`crate::typing`); Escape
//! hides it. It shows names only, never a secret.
//!
//! The window is made hidden at start and only shown and hidden after, so
//! the shortcut is answered without building a page.

use safekeep_core::at_hand::{AtHand, AtHandAction, matching_at_hand};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::webview::WebviewWindowBuilder;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

use crate::clipboard::copy_and_clear_later;
use crate::error::{AppError, Problem};
use crate::state::AppState;
use crate::tray::Desktop;
use crate::typing::{self, TypingTarget};

/// The quick pick window's label (its capability: capabilities/quick-pick.json).
pub const LABEL: &str = "quick";
/// Sent to the quick pick each time it is shown, so it starts from an empty
/// search with the keyboard in it.
const OPENED_EVENT: &str = "quick-pick-opened";
/// How many matches it lists: enough to choose among, few enough to read.
const MATCHES_SHOWN: usize = 8;

/// Makes the hidden quick pick window and registers its shortcut. A
/// shortcut another program holds is not fatal: Settings says so.
pub fn install(app: &AppHandle) -> tauri::Result<()> {
    app.manage(QuickPickState::default());
    app.manage(TypingTarget::default());
    let window = WebviewWindowBuilder::new(app, LABEL, crate::webview::blank())
        // Not "Safekeep", which names the main window to the desktop.
        .title("Safekeep quick pick")
        .inner_size(420.0, 340.0)
        .resizable(false)
        .decorations(false)
        .always_on_top(true)
        .skip_taskbar(true)
        .visible(false)
        .center()
        .build()?;
    let page = crate::webview::app_page()
        .join("quick.html")
        .expect("the quick pick's page URL joins");
    crate::webview::load_quietly(&window, page)?;
    let shortcut = app.state::<Desktop>().quick_pick_shortcut();
    if register(app, shortcut.as_deref()).is_err() {
        tracing::warn!("the quick pick's shortcut is not registered; Settings says why");
    }
    Ok(())
}

/// Makes `shortcut` (or none) the one that opens the quick pick, in place
/// of the one before.
pub fn register(app: &AppHandle, shortcut: Option<&str>) -> Result<(), Problem> {
    let shortcuts = app.global_shortcut();
    let _ = shortcuts.unregister_all();
    let Some(text) = shortcut else {
        // global-hotkey 0.8 leaves its X ungrab requests in its connection's
        // buffer, so the key would stay held until the next request that
        // waits for an answer. Unregistering a key we never registered
        // makes one (a keyboard-map lookup) and so sends them.
        let _ = shortcuts.unregister("Ctrl+Alt+Shift+F24");
        return Ok(());
    };
    let problem =
        |id: &'static str| Problem::app_with(id, vec![("shortcut", text.to_owned().into())]);
    let shortcut: Shortcut = text.parse().map_err(|_| problem("app-shortcut-refused"))?;
    // A shortcut that parses and still cannot be grabbed is held by another
    // program (X11 answers the grab with BadAccess); the plugin gives that
    // only as text, so it is not told apart from rarer failures.
    shortcuts
        .on_shortcut(shortcut, |app, _, event| {
            if event.state == ShortcutState::Pressed {
                show(app);
            }
        })
        .map_err(|_| problem("app-shortcut-taken"))
}

/// Whether the quick pick's page has drawn its search, whether it was
/// asked for before that (it is shown only once it can take the keys typed
/// into it, or the first of them would be lost), and whether it is shown.
#[derive(Default)]
pub struct QuickPickState {
    ready: AtomicBool,
    wanted: AtomicBool,
    /// Whether it is shown: between a show and the next hide, a second
    /// press of the shortcut must not take the quick pick itself for the
    /// window to type into.
    shown: AtomicBool,
}

/// The page has drawn itself: shows it now if the shortcut came first.
pub fn page_ready(app: &AppHandle) {
    let page = app.state::<QuickPickState>();
    page.ready.store(true, Ordering::SeqCst);
    if page.wanted.swap(false, Ordering::SeqCst) {
        show(app);
    }
}

/// Shows the quick pick in the middle of the screen, with the keyboard in it.
pub fn show(app: &AppHandle) {
    let page = app.state::<QuickPickState>();
    if !page.ready.load(Ordering::SeqCst) {
        page.wanted.store(true, Ordering::SeqCst);
        return;
    }
    if let Some(window) = app.get_webview_window(LABEL) {
        if !page.shown.swap(true, Ordering::SeqCst) {
            app.state::<TypingTarget>().remember_focused_window();
        }
        let _ = window.center();
        crate::window_focus::show_with_keyboard(&window);
        let _ = window.emit_to(LABEL, OPENED_EVENT, ());
    }
}

/// Hides it; the focus goes back where it was.
pub fn hide(app: &AppHandle) {
    app.state::<QuickPickState>()
        .shown
        .store(false, Ordering::SeqCst);
    if let Some(window) = app.get_webview_window(LABEL) {
        let _ = window.hide();
    }
}

/// One match as the quick pick lists it: a name and what Enter does.
#[derive(Serialize)]
pub struct MatchView {
    pub id: String,
    pub name: String,
    /// "copy-code", "use-token" or "open".
    pub action: &'static str,
    /// Unused backup tokens, for "use-token".
    pub left: Option<usize>,
}

impl MatchView {
    fn of(at_hand: AtHand) -> MatchView {
        let (action, left) = match at_hand.action {
            AtHandAction::CopyCode => ("copy-code", None),
            AtHandAction::UseBackupToken { left } => ("use-token", Some(left)),
            AtHandAction::ShowInWindow => ("open", None),
        };
        MatchView {
            id: at_hand.id,
            name: at_hand.name,
            action,
            left,
        }
    }
}

/// The accounts `query` finds, in list order.
pub fn matches(state: &AppState, query: &str) -> Result<Vec<MatchView>, Problem> {
    state.read(|contents| {
        Ok(matching_at_hand(contents, query, MATCHES_SHOWN)
            .into_iter()
            .map(MatchView::of)
            .collect())
    })
}

/// How the quick pick hands over what it takes: Enter copies, Shift+Enter
/// types it into the window that had the keyboard before.
#[derive(Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Handover {
    Copy,
    Type,
}

/// What taking did, for the quick pick to say.
#[derive(Serialize)]
pub struct Taken {
    /// Why the code or token was copied rather than typed, worded for the
    /// window; none when it went as asked (and the quick pick is hidden).
    pub copied_instead: Option<AppError>,
}

/// Does what Enter (or Shift+Enter) does on the account `id`: hands over
/// its code, or its next backup token (marked used first, exactly as the
/// window's "Use backup token" does), and hides the quick pick; or, for an
/// HOTP code or a site with no tokens left, opens the main window.
pub fn take(
    app: &AppHandle,
    state: &AppState,
    id: &str,
    handover: Handover,
) -> Result<Taken, Problem> {
    let action = state.read(|contents| {
        let account = crate::commands::account(contents, id)?;
        Ok(safekeep_core::at_hand::action_for(account))
    })?;
    let mut copied_instead = None;
    match action {
        AtHandAction::CopyCode => {
            let (code, clear_after) = crate::commands::accounts::code_to_hand_over(state, id)?;
            copied_instead = hand_over(app, code.as_str(), clear_after, handover)?;
        }
        AtHandAction::UseBackupToken { .. } => {
            crate::commands::tokens::redeem_next_token_into(
                app,
                state,
                id,
                |token, clear_after| {
                    copied_instead = hand_over(app, token, clear_after, handover)?;
                    Ok(())
                },
            )?;
            crate::tray::tell_the_window_the_vault_changed(app);
        }
        AtHandAction::ShowInWindow => {
            crate::tray::show_window(app);
            hide(app);
        }
    }
    Ok(Taken {
        copied_instead: copied_instead.map(|why| why.word(state.language())),
    })
}

/// Copies `text`, or types it where it was asked to be typed, and hides the
/// quick pick. Where typing cannot be done, or fails, the text is copied
/// instead (a backup token is already marked used: it must reach the
/// person one way or the other), the quick pick stays or comes back, and
/// the returned problem says why.
fn hand_over(
    app: &AppHandle,
    text: &str,
    clear_after: u32,
    handover: Handover,
) -> Result<Option<Problem>, Problem> {
    let why_not_typed = match handover {
        Handover::Copy => None,
        Handover::Type if !typing::typing_possible() => Some(Problem::app("app-type-not-possible")),
        Handover::Type => {
            hide(app);
            match app.state::<TypingTarget>().type_into_previous_window(text) {
                Ok(()) => return Ok(None),
                Err(problem) => {
                    show(app);
                    Some(problem)
                }
            }
        }
    };
    copy_and_clear_later(app, text, clear_after)?;
    if why_not_typed.is_none() {
        hide(app);
    }
    Ok(why_not_typed)
}
