//! The mouse wheel scrolls the account list, a panel and Settings in the
//! window a user gets: the app started directly, not through WebDriver (a
//! window under automation keeps WebKit's compositing on, and wheel
//! scrolling broke only without it). Wheel notches are X button events
//! (`xdotool click 5`); what moved is read from the window's pixels, as
//! `bench/compare.py` reads them.
//!
//! Each check first shows that its area stays put while nothing happens,
//! so "it moved" is the wheel's doing.

use safekeep_e2e::{Area, Display, PlainWindow, Profile};

/// Enough accounts to fill several screens of the 440×680 window.
const ACCOUNTS: usize = 50;
/// Enough backup tokens on the first account to overflow its panel.
const TOKENS: usize = 40;
/// Wheel notches per check: about half a screen (WebKitGTK scrolls by
/// roughly the cube root of the area's height squared per notch), so what
/// was on screen before is still partly there to compare with.
const NOTCHES: u32 = 3;
/// The least movement that counts as scrolling: far more than any
/// repaint could fake, far less than three notches scroll.
const AT_LEAST_PX: usize = 60;

/// The issuer names' column of the list, below the top bar and clear of
/// the codes and countdown rings, which change every second.
const LIST_NAMES: Area = Area {
    x: 56,
    y: 120,
    width: 180,
    height: 540,
};
/// The middle of an open panel's body, below its header.
const PANEL_BODY: Area = Area {
    x: 24,
    y: 120,
    width: 360,
    height: 520,
};
/// Where the pointer rests for the wheel: over the list, or the panel.
const POINTER: (u32, u32) = (200, 400);

/// `name` and two digits, so the list sorts as it reads.
fn site(number: usize) -> String {
    format!("Site {number:02}")
}

/// A vault of [`ACCOUNTS`] TOTP accounts, the first with [`TOKENS`]
/// backup tokens, made with the command line as a user could.
fn large_vault(profile: &Profile) {
    profile.cli(&["init"], "");
    let links: Vec<String> = (1..=ACCOUNTS)
        .map(|number| {
            let name = site(number);
            // Distinct secrets: an import skips an account it already has.
            let letter = |index: usize| char::from(b'A' + (index % 26) as u8);
            let secret = format!("JBSWY3DPEHPK3P{}{}", letter(number / 26), letter(number));
            safekeep_e2e::steps::uri(
                &name.replace(' ', "%20"),
                &format!("user{number:02}@example.org"),
                &secret,
            )
        })
        .collect();
    let list = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(list.path(), links.join("\n") + "\n").expect("write the links");
    let path = list.path().to_str().expect("a UTF-8 temp path");
    profile.cli(&["import", "--format", "otpauth", path], "");
    let tokens: Vec<String> = (0..TOKENS)
        .map(|index| format!("{:04}-{:04}", index * 7 + 1000, index * 13 + 2000))
        .collect();
    profile.cli(&["tokens", "add", &site(1)], &(tokens.join("\n") + "\n"));
}

/// Whether the wheel over `area` scrolls it: `area` settles, stays put
/// through a second look, then moves up by at least [`AT_LEAST_PX`] after
/// [`NOTCHES`] notches. `None` when it does, else what happened.
fn wheel_scrolls(
    window: &PlainWindow,
    display: &Display,
    what: &str,
    area: Area,
) -> Option<String> {
    window.point_at(POINTER.0, POINTER.1);
    let before = window.settled(area);
    let untouched = window.settled(area);
    let still = untouched.moved_up_from(&before);
    assert_eq!(still, 0, "{what} moved {still} px with no wheel notch");
    display.screenshot(&format!("wheel-scroll-{what}-before"));
    window.wheel_down(NOTCHES);
    let after = window.settled(area);
    let moved = after.moved_up_from(&before);
    display.screenshot(&format!("wheel-scroll-{what}-after"));
    eprintln!("{what}: {NOTCHES} wheel notches moved it {moved} px");
    (moved < AT_LEAST_PX).then(|| format!("{what} moved {moved} px after {NOTCHES} wheel notches"))
}

/// One scenario for the three places, so the vault is made and the app
/// started once; every place is checked before the verdict.
#[test]
fn the_wheel_scrolls_the_list_a_panel_and_settings_without_webdriver() {
    let display = Display::start();
    let profile = Profile::new("wheel");
    large_vault(&profile);
    let window = PlainWindow::launch(&display, &profile);
    let mut failures = Vec::new();

    // The vault opens through the keychain straight to the list.
    failures.extend(wheel_scrolls(&window, &display, "list", LIST_NAMES));

    // The first row (Site 01) has the keyboard at start; Tab reaches its
    // backup-token chip, Enter opens the tokens panel.
    window.press(&["Home", "Tab", "Return"]);
    failures.extend(wheel_scrolls(&window, &display, "tokens-panel", PANEL_BODY));

    // Esc closes the panel; "/" goes to the search field, and the top
    // bar's Add, Lock and Settings follow it.
    window.press(&["Escape", "slash", "Tab", "Tab", "Tab", "Return"]);
    failures.extend(wheel_scrolls(&window, &display, "settings", PANEL_BODY));

    assert!(
        failures.is_empty(),
        "the wheel did not scroll: {} (see artifacts/e2e/wheel-scroll-*.png)",
        failures.join("; ")
    );
}
