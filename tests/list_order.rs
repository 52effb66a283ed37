//! The list's order in the real window (issue 12, items 7 and 13): names in
//! natural order ("Site6" before "Site58"), pinned accounts on top, rows
//! moved with the keyboard (Alt+↑/↓, said to screen readers) and with the
//! mouse, each surviving a restart of the app on the same vault; and the
//! row's ⋯ menu, whose every entry does what it says.
//!
//! Scenarios run one at a time (each starts its own X server and app, see
//! [`Display::start_alone`]).

use std::time::Duration;

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MOUSE_BUTTON_LEFT, MouseActions, PointerAction,
};
use safekeep_e2e::scenario::{OTHER_SECRET, SECRET};
use safekeep_e2e::steps::{digits_only, uri};
use safekeep_e2e::{App, Display, Profile};
use safekeep_testkit::oathtool::oathtool_default_totp;
use serde_json::json;

/// WebDriver's key codes.
const ALT: char = '\u{E00A}';
const ARROW_UP: char = '\u{E013}';
const ARROW_DOWN: char = '\u{E015}';
const ESCAPE: char = '\u{E00C}';
const SHIFT: char = '\u{E008}';
const F10: char = '\u{E03A}';

/// A vault made with the command line: an account for each of `sites`
/// (backup tokens only: the order is about names), and the app on it.
async fn vault_of(display: &Display, name: &str, sites: &[&str]) -> (Profile, App) {
    let profile = Profile::new(name);
    profile.cli(&["init"], "");
    for site in sites {
        profile.cli(&["add", "--issuer", site, "--label", "me"], "");
    }
    let app = launch(display, &profile, sites.len()).await;
    (profile, app)
}

/// Starts the app on `profile` and waits for its `count` rows.
async fn launch(display: &Display, profile: &Profile, count: usize) -> App {
    let app = App::launch(display, profile).await;
    app.wait_until(&format!("{count} accounts are listed"), || async {
        app.find_all("account-row").await.len() == count
    })
    .await;
    app
}

/// The site names of the rows, top to bottom.
async fn listed(app: &App) -> Vec<String> {
    let names = app
        .client
        .execute(
            "return [...document.querySelectorAll(\"[data-test='account-row']\")]\
               .map((row) => row.querySelector('.row-issuer').textContent);",
            vec![],
        )
        .await
        .expect("the rows are read");
    serde_json::from_value(names).expect("a list of names")
}

/// Waits until the rows read `expected`, top to bottom.
async fn wait_for_order(app: &App, expected: &[&str]) {
    app.wait_until(&format!("the list reads {expected:?}"), || async {
        listed(app).await == expected
    })
    .await;
}

/// Opens the ⋯ menu of `site`'s row and picks the entry `hook`.
async fn pick_from_menu(app: &App, site: &str, hook: &str) {
    open_menu_of(app, site).await;
    app.click(hook).await;
}

/// Opens the ⋯ menu of `site`'s row.
async fn open_menu_of(app: &App, site: &str) {
    app.on_row(
        site,
        "row.querySelector(\"[data-test='row-menu']\").click();",
    )
    .await;
}

/// The `data-test` hook of the focused element, and the site of its row.
async fn focused(app: &App) -> (String, String) {
    let value = app
        .client
        .execute(
            "const el = document.activeElement;\
             const row = el.closest(\"[data-test='account-row']\");\
             return [el.dataset.test || '', row ? row.querySelector('.row-issuer').textContent : ''];",
            vec![],
        )
        .await
        .expect("the focus is read");
    serde_json::from_value(value).expect("two strings")
}

/// Presses `key` with Alt held, on whatever has the focus.
async fn alt(app: &App, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: ALT })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up { value: ALT });
    app.client
        .perform_actions(keys)
        .await
        .expect("keys are pressed");
}

/// Presses one key on whatever has the focus.
async fn press(app: &App, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    app.client
        .perform_actions(keys)
        .await
        .expect("a key is pressed");
}

/// Waits until the list's polite live region says `expected` (read from
/// the page: WebDriver's element text skips what only screen readers get).
async fn announced(app: &App, expected: &str) {
    app.wait_until(&format!("the list says {expected:?}"), || async {
        let said = app
            .client
            .execute(
                "const region = document.querySelector(\"[data-test='list-announcer']\");\
                 return region.getAttribute('aria-live') === 'polite' ? region.textContent : '';",
                vec![],
            )
            .await
            .expect("the live region is read");
        said == json!(expected)
    })
    .await;
}

#[tokio::test]
async fn names_are_in_natural_order_and_a_pin_moves_a_row_to_the_top_across_a_restart() {
    let display = Display::start_alone().await;
    let (profile, app) = vault_of(
        &display,
        "order-natural",
        &["Site60", "site59", "Site6", "Site58"],
    )
    .await;
    // By character it would be Site58, site59, Site6, Site60.
    wait_for_order(&app, &["Site6", "Site58", "site59", "Site60"]).await;

    pick_from_menu(&app, "Site60", "menu-pin").await;
    wait_for_order(&app, &["Site60", "Site6", "Site58", "site59"]).await;
    announced(&app, "Pinned Site60 to the top.").await;
    let mark = app
        .on_row(
            "Site60",
            "const mark = row.querySelector(\"[data-test='pin-mark'] [role=img]\");\
         return mark && mark.getAttribute('aria-label');",
        )
        .await;
    assert_eq!(
        mark,
        json!("Pinned"),
        "the pinned row shows a named pin mark"
    );
    assert_eq!(app.find_all("pin-mark").await.len(), 1, "only that row");
    // The focus stays on the ⋯ of the row it was picked from.
    assert_eq!(
        focused(&app).await,
        ("row-menu".to_owned(), "Site60".to_owned())
    );
    app.screenshot("list-order-1-pinned").await;

    app.quit().await;
    let app = launch(&display, &profile, 4).await;
    wait_for_order(&app, &["Site60", "Site6", "Site58", "site59"]).await;
    assert_eq!(app.find_all("pin-mark").await.len(), 1);
    let cli = profile.cli_output(&["list"], "");
    assert!(
        cli.lines()
            .next()
            .is_some_and(|line| line.starts_with("Site60") && line.ends_with("pinned")),
        "the command line lists it first, pinned:\n{cli}"
    );

    pick_from_menu(&app, "Site60", "menu-pin").await;
    wait_for_order(&app, &["Site6", "Site58", "site59", "Site60"]).await;
    announced(&app, "Unpinned Site60.").await;
    assert!(app.find_all("pin-mark").await.is_empty());
    app.quit().await;
}

#[tokio::test]
async fn rows_move_with_the_keyboard_and_the_mouse_and_keep_their_place() {
    let display = Display::start_alone().await;
    let sites = ["Site1", "Site2", "Site3", "Site4", "Site5"];
    let (profile, app) = vault_of(&display, "order-move", &sites).await;
    wait_for_order(&app, &sites).await;

    // Keyboard: Alt+↑ twice on the focused Site5 row.
    app.on_row("Site5", "row.focus();").await;
    alt(&app, ARROW_UP).await;
    wait_for_order(&app, &["Site1", "Site2", "Site3", "Site5", "Site4"]).await;
    alt(&app, ARROW_UP).await;
    wait_for_order(&app, &["Site1", "Site2", "Site5", "Site3", "Site4"]).await;
    announced(&app, "Moved Site5 to position 3 of 5.").await;
    assert_eq!(
        focused(&app).await,
        ("account-row".to_owned(), "Site5".to_owned()),
        "the moved row keeps the focus, so it can move on"
    );
    alt(&app, ARROW_DOWN).await;
    wait_for_order(&app, &["Site1", "Site2", "Site3", "Site5", "Site4"]).await;
    announced(&app, "Moved Site5 to position 4 of 5.").await;

    // Mouse: press on Site1, drag it to just below Site3's middle, let go.
    let points = app.on_row("Site1",
        "const box = (el) => el.getBoundingClientRect();\
         const rows = [...document.querySelectorAll(\"[data-test='account-row']\")];\
         const start = box(row.querySelector('.badge'));\
         const third = box(rows[2]);\
         return [start.left + start.width / 2, start.top + start.height / 2, third.top + third.height / 2 + 8];",
    )
    .await;
    let [x, from_y, to_y]: [f64; 3] = serde_json::from_value(points).expect("three numbers");
    let step = Duration::from_millis(50);
    let mut mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: x.round(),
            y: from_y.round(),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    for fraction in [0.1, 0.3, 0.6, 1.0] {
        mouse = mouse.then(PointerAction::MoveTo {
            duration: Some(step),
            x: x.round(),
            y: (from_y + (to_y - from_y) * fraction).round(),
        });
    }
    let mouse = mouse.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    app.client
        .perform_actions(mouse)
        .await
        .expect("the mouse drags");
    wait_for_order(&app, &["Site2", "Site3", "Site1", "Site5", "Site4"]).await;
    announced(&app, "Moved Site1 to position 3 of 5.").await;
    assert!(
        !app.is_present("toast").await || !app.text_of("toast").await.contains("Copied"),
        "letting go after a drag copies nothing"
    );
    app.screenshot("list-order-2-moved").await;

    // Both moves are in the vault: after a restart, and for the CLI.
    app.quit().await;
    let app = launch(&display, &profile, 5).await;
    wait_for_order(&app, &["Site2", "Site3", "Site1", "Site5", "Site4"]).await;
    let cli: Vec<String> = profile
        .cli_output(&["list"], "")
        .lines()
        .map(|line| line.split_whitespace().next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(cli, ["Site2", "Site3", "Site1", "Site5", "Site4"]);

    // Settings says the order is the user's own, and sorts by name again.
    app.click("settings").await;
    app.client
        .execute(
            "document.querySelector(\"[data-test='list-order']\").scrollIntoView();",
            vec![],
        )
        .await
        .expect("Settings scrolls to the list order");
    assert_eq!(
        app.text_eventually("list-order").await,
        "Pinned accounts first, then in the order you arranged."
    );
    app.screenshot("list-order-3-settings-custom").await;
    app.click("sort-by-name").await;
    wait_for_order(&app, &sites).await;
    assert_eq!(
        app.text_of("list-order").await,
        "Pinned accounts first, then by name (Site6 before Site58)."
    );
    app.quit().await;
}

#[tokio::test]
async fn a_row_dragged_to_the_lists_edge_scrolls_it_and_lands_out_of_sight() {
    let display = Display::start_alone().await;
    let sites: Vec<String> = (1..=30).map(|number| format!("Site{number}")).collect();
    let names: Vec<&str> = sites.iter().map(String::as_str).collect();
    let (_profile, app) = vault_of(&display, "order-scroll", &names).await;
    wait_for_order(&app, &names).await;

    // Site30 at the bottom of the scrolled list; Site1 far out of sight.
    let points = app
        .on_row(
            "Site30",
            "row.scrollIntoView({ block: 'end' });\
         const list = document.querySelector('.list-body').getBoundingClientRect();\
         const badge = row.querySelector('.badge').getBoundingClientRect();\
         return [badge.left + badge.width / 2, badge.top + badge.height / 2, list.top + 8,\
                 document.querySelector('.list-body').scrollTop];",
        )
        .await;
    let [x, from_y, edge_y, scrolled]: [f64; 4] =
        serde_json::from_value(points).expect("four numbers");
    assert!(
        scrolled > 1000.0,
        "the list starts scrolled down: {scrolled}"
    );
    let mut mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: x.round(),
            y: from_y.round(),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    // Held at the top edge, each move of the pointer scrolls the list up.
    for step in 0..120 {
        mouse = mouse.then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(10)),
            x: x.round() + f64::from(step % 2),
            y: edge_y.round(),
        });
    }
    let mouse = mouse.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    app.client
        .perform_actions(mouse)
        .await
        .expect("the mouse drags");
    let mut expected = vec!["Site30"];
    expected.extend(&names[..29]);
    wait_for_order(&app, &expected).await;
    announced(&app, "Moved Site30 to position 1 of 30.").await;
    app.quit().await;
}

#[tokio::test]
async fn each_entry_of_the_row_menu_does_what_it_says() {
    let display = Display::start_alone().await;
    let profile = Profile::new("row-menu");
    profile.cli(&["init"], "");
    for link in [
        uri("GitHub", "me@example.org", SECRET),
        uri("Bank", "me", OTHER_SECRET),
    ] {
        profile.cli(&["add", "-"], &format!("{link}\n"));
    }
    profile.cli(&["add", "--issuer", "Therapieland", "--label", "me"], "");
    let app = launch(&display, &profile, 3).await;
    wait_for_order(&app, &["Bank", "GitHub", "Therapieland"]).await;

    // A real menu: role=menu, the first entry focused, arrows move, Escape
    // closes it and gives the focus back to ⋯.
    open_menu_of(&app, "GitHub").await;
    app.find("menu-copy").await;
    let menu = app
        .client
        .execute(
            "const menu = document.querySelector('[role=menu]');\
             return [...menu.querySelectorAll('[role=menuitem]')].map((item) => item.dataset.test);",
            vec![],
        )
        .await
        .expect("the menu is read");
    assert_eq!(
        menu,
        json!([
            "menu-copy",
            "menu-edit",
            "menu-show-qr",
            "menu-pin",
            "menu-delete"
        ])
    );
    assert_eq!(focused(&app).await.0, "menu-copy");
    press(&app, ARROW_DOWN).await;
    assert_eq!(focused(&app).await.0, "menu-edit");
    press(&app, ESCAPE).await;
    app.wait_until("the menu closes", || async {
        !app.is_present("menu-edit").await
    })
    .await;
    assert_eq!(
        focused(&app).await,
        ("row-menu".to_owned(), "GitHub".to_owned())
    );

    // The menu key (Shift+F10) on a focused row opens the same menu.
    app.on_row("Bank", "row.focus();").await;
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: SHIFT })
        .then(KeyAction::Down { value: F10 })
        .then(KeyAction::Up { value: F10 })
        .then(KeyAction::Up { value: SHIFT });
    app.client
        .perform_actions(keys)
        .await
        .expect("Shift+F10 is pressed");
    app.find("menu-copy").await;
    assert_eq!(focused(&app).await.0, "menu-copy");
    press(&app, ESCAPE).await;
    assert_eq!(
        focused(&app).await,
        ("row-menu".to_owned(), "Bank".to_owned())
    );

    // Copy code: GitHub's code, as oathtool makes it, is on the clipboard.
    pick_from_menu(&app, "GitHub", "menu-copy").await;
    app.wait_until("GitHub's code is on the clipboard", || async {
        let copied = digits_only(&display.clipboard());
        let now = safekeep_e2e::now();
        [now, now.saturating_sub(2)]
            .iter()
            .any(|&time| copied == oathtool_default_totp(SECRET, time))
    })
    .await;

    // Edit: the details page.
    pick_from_menu(&app, "GitHub", "menu-edit").await;
    app.find("detail-save").await;
    app.click("close-panel").await;

    // Show QR: the details page's QR warning; the QR after confirming there.
    pick_from_menu(&app, "GitHub", "menu-show-qr").await;
    app.find("detail-panel").await;
    assert_eq!(
        focused(&app).await.0,
        "qr-confirm",
        "the warning comes first"
    );
    assert!(!app.is_present("qr-image").await);
    app.click("qr-confirm").await;
    app.find("qr-image").await;
    app.click("close-panel").await;

    // Pin, then the entry offers Unpin.
    pick_from_menu(&app, "GitHub", "menu-pin").await;
    wait_for_order(&app, &["GitHub", "Bank", "Therapieland"]).await;
    open_menu_of(&app, "GitHub").await;
    assert_eq!(app.text_of("menu-pin").await, "Unpin");
    press(&app, ESCAPE).await;

    // A site with backup tokens only: its first entry opens its tokens.
    pick_from_menu(&app, "Therapieland", "menu-tokens").await;
    app.find("tokens-panel").await;
    app.click("close-panel").await;

    // Delete: the details page's confirmation, then the row is gone.
    pick_from_menu(&app, "Bank", "menu-delete").await;
    app.click("delete-confirm").await;
    wait_for_order(&app, &["GitHub", "Therapieland"]).await;
    app.quit().await;
}
