//! When Safekeep ends normally, its window closed the way a window manager
//! closes it, it takes back the code it copied, even from a clipboard
//! manager that took it over, and leaves what the user copied since.
//!
//! The app is started directly, not through WebDriver: closing the last
//! window of a WebDriver session makes WebKitWebDriver kill the app before
//! its own exit runs, so a WebDriver test never reaches that path.
//!
//! Whether the clipboard still "holds our code" after quit is asked the
//! way any other program asks: `xclip -o`. When the app itself owns the
//! clipboard, its copy ends with the process anyway; the round that can
//! fail is the one where another program (here `xclip`, as a clipboard
//! manager would) serves the code: only the app's quit can take it back.

use std::time::{Duration, Instant};

use safekeep_e2e::scenario::{SECRET, Scenario};
use safekeep_e2e::{Area, Display, PATIENCE, PlainWindow, Profile};

/// The app's own delay before it takes a copied code back (the default
/// setting): a round must end well within it, or that delay, not the quit,
/// could have emptied the clipboard.
const CLEAR_DELAY: Duration = Duration::from_secs(30);

/// The top bar and the first row's names, clear of its code and countdown
/// ring (which change every second): drawn once the vault is open.
const FIRST_ROW: Area = Area {
    x: 56,
    y: 0,
    width: 180,
    height: 200,
};

/// Starts the app, copies the first account's code with the keyboard
/// (Home selects the first row, Enter copies its code) and waits until
/// the clipboard holds it. Returns the window, the code and when it was
/// copied.
fn launch_and_copy(display: &Display, profile: &Profile) -> (PlainWindow, String, Instant) {
    let window = PlainWindow::launch(display, profile);
    window.settled(FIRST_ROW);
    let started = Instant::now();
    let mut pressed: Option<Instant> = None;
    loop {
        // On a loaded machine the first keys can arrive before the window
        // takes keyboard input; copying the code again is harmless, so the
        // keys are pressed again until a code is on the clipboard.
        if pressed.is_none_or(|at| at.elapsed() > Duration::from_secs(3)) {
            window.press(&["Home", "Return"]);
            pressed = Some(Instant::now());
        }
        let text = display.clipboard();
        if text.len() == 6 && text.chars().all(|c| c.is_ascii_digit()) {
            return (window, text, Instant::now());
        }
        if started.elapsed() > PATIENCE {
            display.screenshot("quit-failure");
            panic!("Enter did not copy a code (see artifacts/e2e/quit-failure.png)");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Closes the window as a window manager does and waits until the app
/// has ended by itself, successfully.
fn quit(mut window: PlainWindow, copied_at: Instant) {
    window.close_as_a_window_manager_does();
    let status = window.wait_for_exit();
    assert!(status.success(), "the app ended with {status}");
    assert!(
        copied_at.elapsed() < CLEAR_DELAY,
        "the round took {:?}: the clipboard's own delay may have cleared it; \
         this round proves nothing on so slow a machine",
        copied_at.elapsed()
    );
}

/// Waits (at most [`PATIENCE`]) until no program serves text on the
/// clipboard; the X server drops an ended app's ownership a moment after
/// the process is gone.
fn wait_for_empty_clipboard(display: &Display, why: &str) {
    let started = Instant::now();
    while !display.clipboard().is_empty() {
        assert!(started.elapsed() < PATIENCE, "{why}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Three quits of the same app on one vault: with the code still the
/// app's own, with a clipboard manager serving it, and with the user's
/// own text copied after it.
#[test]
fn quitting_takes_the_code_off_the_clipboard_but_leaves_the_users_text() {
    let display = Display::start();
    // One TOTP account, made with the command line.
    let profile = Scenario::new("quit")
        .account("GitHub", "j.jansen", SECRET)
        .profile();

    // The app still owns the clipboard with our code.
    let (window, _, copied_at) = launch_and_copy(&display, &profile);
    quit(window, copied_at);
    wait_for_empty_clipboard(&display, "the code stayed on the clipboard after quit");

    // A clipboard manager took the code over: the app's quit must take it
    // back, the manager would serve it for ever.
    let (window, code, copied_at) = launch_and_copy(&display, &profile);
    display.xclip_takes_over(&code);
    assert_eq!(display.clipboard(), code, "xclip serves the code");
    quit(window, copied_at);
    wait_for_empty_clipboard(
        &display,
        "the clipboard manager's copy of the code stayed on the clipboard after quit",
    );

    // The user copied something else after the code: it is theirs, and
    // the app is gone, so what the clipboard holds now is final.
    let (window, _, copied_at) = launch_and_copy(&display, &profile);
    display.xclip_takes_over("the user's own text");
    quit(window, copied_at);
    assert_eq!(display.clipboard(), "the user's own text");
}
