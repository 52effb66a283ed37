//! "Type it for me": Shift+Enter in the quick pick types the code, or the
//! backup token, into the window that had the keyboard before the quick
//! pick opened, as if the person had typed it (X11's XTest, through
//! `enigo`). It happens only on that key, never on a timer.
//!
//! Typing works where X11 reaches the window typed into: an X11 session.
//! In a Wayland session XTest reaches only X11 programs, so typing is not
//! offered there: the quick pick copies instead and says so.
//!
//! `enigo` writes the text it types into its `log` records at debug level;
//! the app installs no `log` logger (tests/no_leaks.rs runs it with
//! `RUST_LOG=trace`), and one added later must leave `enigo` out.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use enigo::{Enigo, Keyboard, Settings};
use x11rb::CURRENT_TIME;
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConnectionExt, EventMask, InputFocus, KeyButMask, Window,
};
use x11rb::rust_connection::RustConnection;

use crate::error::Problem;

/// How long typing waits for the person to let go of Shift (and any other
/// modifier): typed under a held Shift, "123456" would arrive as "!@#$%^".
const MODIFIERS_PATIENCE: Duration = Duration::from_secs(3);
/// How long typing waits for the window typed into to have the keyboard
/// again, after the quick pick hides.
const FOCUS_PATIENCE: Duration = Duration::from_secs(2);

/// The window that had the keyboard when the quick pick opened, managed by
/// Tauri.
#[derive(Default)]
pub struct TypingTarget(Mutex<Option<PreviousWindow>>);

/// A window to give the keyboard back to.
#[derive(Clone, Copy)]
struct PreviousWindow {
    window: Window,
    /// Whether a window manager hands out the focus (`_NET_ACTIVE_WINDOW`):
    /// it is then asked to, rather than bypassed.
    through_window_manager: bool,
}

/// Whether typing can reach other programs' windows in this session.
pub fn typing_possible() -> bool {
    let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some()
        || std::env::var("XDG_SESSION_TYPE").is_ok_and(|session| session == "wayland");
    !wayland && std::env::var_os("DISPLAY").is_some()
}

impl TypingTarget {
    /// Notes which window has the keyboard now, before the quick pick takes
    /// it. Without X11 there is none to note, and typing is not offered.
    pub fn remember_focused_window(&self) {
        let focused = if typing_possible() {
            focused_window().ok().flatten()
        } else {
            None
        };
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = focused;
    }

    /// Gives the keyboard back to the window noted when the quick pick
    /// opened, once the person has let go of every modifier, and types
    /// `text` into it. Blocks for up to a few seconds: call it off the main
    /// thread, after the quick pick is hidden.
    pub fn type_into_previous_window(&self, text: &str) -> Result<(), Problem> {
        let target = (*self.0.lock().unwrap_or_else(|p| p.into_inner()))
            .ok_or_else(|| Problem::app("app-type-no-window"))?;
        let problem =
            |reason: String| Problem::app_with("app-type-failed", vec![("reason", reason.into())]);
        let (connection, screen) =
            x11rb::connect(None).map_err(|error| problem(error.to_string()))?;
        let root = connection.setup().roots[screen].root;
        wait_for_modifiers_released(&connection, root);
        give_focus_back(&connection, root, target).map_err(problem)?;
        let mut keyboard =
            Enigo::new(&Settings::default()).map_err(|error| problem(error.to_string()))?;
        keyboard
            .text(text)
            .map_err(|error| problem(error.to_string()))
    }
}

/// The window that has the keyboard: the window manager's active window
/// where one keeps it, else X's input focus (there is no window manager).
fn focused_window() -> Result<Option<PreviousWindow>, String> {
    let (connection, screen) = x11rb::connect(None).map_err(|error| error.to_string())?;
    let root = connection.setup().roots[screen].root;
    if let Some(active) = active_window(&connection, root)? {
        return Ok(Some(PreviousWindow {
            window: active,
            through_window_manager: true,
        }));
    }
    let focus = connection
        .get_input_focus()
        .map_err(|error| error.to_string())?
        .reply()
        .map_err(|error| error.to_string())?
        .focus;
    // None (0) and PointerRoot (1) are no window to give the focus back to.
    Ok((focus > 1 && focus != root).then_some(PreviousWindow {
        window: focus,
        through_window_manager: false,
    }))
}

/// The `_NET_ACTIVE_WINDOW` atom; with `only_if_exists`, 0 when no window
/// manager ever made it (there is none to keep an active window).
fn active_window_atom(connection: &RustConnection, only_if_exists: bool) -> Result<u32, String> {
    Ok(connection
        .intern_atom(only_if_exists, b"_NET_ACTIVE_WINDOW")
        .map_err(|error| error.to_string())?
        .reply()
        .map_err(|error| error.to_string())?
        .atom)
}

/// The window manager's `_NET_ACTIVE_WINDOW`, if it keeps one.
fn active_window(connection: &RustConnection, root: Window) -> Result<Option<Window>, String> {
    let active = active_window_atom(connection, true)?;
    if active == 0 {
        return Ok(None);
    }
    let reply = connection
        .get_property(false, root, active, AtomEnum::WINDOW, 0, 1)
        .map_err(|error| error.to_string())?
        .reply()
        .map_err(|error| error.to_string())?;
    Ok(reply
        .value32()
        .and_then(|mut values| values.next())
        .filter(|&window| window != 0))
}

/// Waits (at most [`MODIFIERS_PATIENCE`]) until no modifier key is held.
fn wait_for_modifiers_released(connection: &RustConnection, root: Window) {
    let modifiers = KeyButMask::SHIFT
        | KeyButMask::CONTROL
        | KeyButMask::MOD1
        | KeyButMask::MOD4
        | KeyButMask::MOD5;
    let started = Instant::now();
    while started.elapsed() < MODIFIERS_PATIENCE {
        let held = connection
            .query_pointer(root)
            .ok()
            .and_then(|cookie| cookie.reply().ok())
            .is_some_and(|pointer| pointer.mask.intersects(modifiers));
        if !held {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Gives the keyboard to `target` and waits (at most [`FOCUS_PATIENCE`])
/// until it has it: typed a moment too early, the first characters would
/// go nowhere.
fn give_focus_back(
    connection: &RustConnection,
    root: Window,
    target: PreviousWindow,
) -> Result<(), String> {
    let failed = |error: &dyn std::fmt::Display| error.to_string();
    if target.through_window_manager {
        let active = active_window_atom(connection, false)?;
        // Source 2, "a pager": the person asked for this window, so the
        // window manager's focus-stealing prevention should let it pass.
        let message =
            ClientMessageEvent::new(32, target.window, active, [2, CURRENT_TIME, 0, 0, 0]);
        connection
            .send_event(
                false,
                root,
                EventMask::SUBSTRUCTURE_REDIRECT | EventMask::SUBSTRUCTURE_NOTIFY,
                message,
            )
            .map_err(|e| failed(&e))?;
    } else {
        connection
            .set_input_focus(InputFocus::PARENT, target.window, CURRENT_TIME)
            .map_err(|e| failed(&e))?;
    }
    connection.flush().map_err(|e| failed(&e))?;
    let started = Instant::now();
    loop {
        let focused = if target.through_window_manager {
            active_window(connection, root)?
        } else {
            Some(
                connection
                    .get_input_focus()
                    .map_err(|e| failed(&e))?
                    .reply()
                    .map_err(|e| failed(&e))?
                    .focus,
            )
        };
        if focused == Some(target.window) {
            return Ok(());
        }
        if started.elapsed() > FOCUS_PATIENCE {
            return Err("the window typed into did not take the keyboard back".to_owned());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
