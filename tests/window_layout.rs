//! The window as a desktop user expects it (issue 12): where the keyboard
//! is shows, a new search starts at the top with the exact match first,
//! names stay readable from 360 px up, the search bar sits over the list's
//! column in a wide window, a toast never covers the last row, and dragging
//! the mouse over rows selects no text.
//!
//! What a user sees is read from the page's layout (element rectangles and
//! computed styles) at the window sizes a desktop gives.
//!
//! Scenarios run one at a time (each starts its own X server and app, see
//! [`Display::start_alone`]).

use safekeep_e2e::scenario::{OTHER_SECRET, SECRET, Scenario, TOKENS};
use safekeep_e2e::{App, Display, Launch, Profile};
use serde_json::{Value, json};

/// WebDriver's key codes, as `send_keys` takes them.
const TAB: &str = "\u{E004}";
const HOME: &str = "\u{E011}";
const ARROW_DOWN: &str = "\u{E015}";
const ESCAPE: &str = "\u{E00C}";

/// Accounts in the large vault: several screens of the window.
const SITES: usize = 49;

/// A vault of "Site1" … "Site49" and "GitHub" and "Hub" (a name that is
/// part of another, sorted after it), made with the command line's import
/// as a user with many accounts would; the app started on it.
async fn large_vault(display: &Display, name: &str) -> (Profile, App) {
    let profile = Profile::new(name);
    profile.cli(&["init"], "");
    // Distinct secrets: an import skips an account it already has.
    let letter = |index: usize| char::from(b'A' + (index % 26) as u8);
    let secret = |number: usize| format!("JBSWY3DPEHPK3P{}{}", letter(number / 26), letter(number));
    let mut links: Vec<String> = (1..=SITES)
        .map(|number| {
            safekeep_e2e::steps::uri(
                &format!("Site{number}"),
                &format!("user{number}@example.org"),
                &secret(number),
            )
        })
        .collect();
    links.push(safekeep_e2e::steps::uri(
        "GitHub",
        "me@example.org",
        &secret(60),
    ));
    links.push(safekeep_e2e::steps::uri(
        "Hub",
        "me@example.org",
        &secret(61),
    ));
    let list = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(list.path(), links.join("\n") + "\n").expect("write the links");
    let path = list.path().to_str().expect("a UTF-8 temp path");
    profile.cli(&["import", "--format", "otpauth", path], "");
    let app = App::launch(display, &profile).await;
    let accounts = SITES + 2;
    app.wait_until(&format!("the {accounts} accounts show"), || async {
        app.count_displayed("account-row").await == accounts
    })
    .await;
    (profile, app)
}

/// Runs `script` in the page and returns what it returned.
async fn page(app: &App, script: &str, args: Vec<Value>) -> Value {
    app.client
        .execute(script, args)
        .await
        .unwrap_or_else(|error| panic!("page script failed: {error}\n{script}"))
}

/// Sends `keys` to whatever has the keyboard focus now.
async fn press(app: &App, keys: &str) {
    let focused = app
        .client
        .active_element()
        .await
        .expect("a focused element");
    focused.send_keys(keys).await.expect("send keys");
}

/// How the focused element shows that it has the focus: its outline and
/// box shadow, and what it is.
async fn focus_look(app: &App) -> Value {
    page(
        app,
        "const el = document.activeElement; const s = getComputedStyle(el);\
         return { what: el.dataset.test || el.className || el.tagName,\
                  row: el.dataset.test === 'account-row' ? el.getAttribute('aria-label') : null,\
                  outline: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth),\
                  shadow: s.boxShadow };",
        vec![],
    )
    .await
}

/// Whether a focus look shows a ring: an outline of at least 2 px, or a
/// box shadow.
fn shows_a_ring(look: &Value) -> bool {
    look["outline"].as_f64().unwrap_or(0.0) >= 2.0
        || look["shadow"]
            .as_str()
            .is_some_and(|shadow| shadow != "none")
}

/// Item 2: after a click (no keyboard yet) the arrows move the selection,
/// and the row they reach shows a ring; Home too; Tab reaches buttons that
/// show one, in light and in dark.
#[tokio::test]
async fn keyboard_focus_shows_on_rows_and_buttons_in_light_and_dark() {
    for dark in [false, true] {
        let display = Display::start_alone().await;
        let launch = Launch {
            env: if dark {
                vec![("GTK_THEME".into(), "Adwaita:dark".into())]
            } else {
                Vec::new()
            },
            ..Launch::default()
        };
        let (_profile, app) = Scenario::new("focus")
            .account("GitHub", "me@example.org", SECRET)
            .account("Therapieland", "j.jansen@example.org", OTHER_SECRET)
            .tokens("therapieland", &TOKENS)
            .launch_with(&display, &launch)
            .await;
        // A click copies the first row's code and leaves the focus on it,
        // as a mouse does: from here on, only the keyboard.
        let first = &app.find_all("account-row").await[0];
        first.click().await.expect("click the first row");
        app.find("toast").await;
        press(&app, ARROW_DOWN).await;
        let look = focus_look(&app).await;
        assert!(
            look["row"]
                .as_str()
                .is_some_and(|row| row.starts_with("Therapieland")),
            "ArrowDown moves to the second row: {look}"
        );
        assert!(
            shows_a_ring(&look),
            "the row ArrowDown reached shows it has the focus (dark: {dark}): {look}"
        );
        press(&app, HOME).await;
        let look = focus_look(&app).await;
        assert!(
            look["row"]
                .as_str()
                .is_some_and(|row| row.starts_with("GitHub")),
            "Home goes to the first row: {look}"
        );
        assert!(
            shows_a_ring(&look),
            "the row Home reached shows it has the focus (dark: {dark}): {look}"
        );
        // Tab: into the second row's token chip, then its ⋯ button.
        press(&app, ARROW_DOWN).await;
        for _ in 0..2 {
            press(&app, TAB).await;
            let look = focus_look(&app).await;
            assert!(
                look["row"].is_null(),
                "Tab leaves the row for its buttons: {look}"
            );
            assert!(
                shows_a_ring(&look),
                "a button Tab reached shows a ring (dark: {dark}): {look}"
            );
        }
        app.screenshot(&format!(
            "layout-focus-{}",
            if dark { "dark" } else { "light" }
        ))
        .await;
        app.quit().await;
    }
}

/// The names of the rows a user sees in the list's viewport, top first.
async fn rows_in_view(app: &App) -> Vec<String> {
    let names = page(
        app,
        "const body = document.querySelector('.list-body').getBoundingClientRect();\
         return [...document.querySelectorAll(`[data-test='account-row']`)]\
           .filter((row) => !row.hidden)\
           .map((row) => [row.getBoundingClientRect(), row.querySelector('.row-issuer').textContent])\
           .filter(([rect]) => rect.bottom > body.top + 1 && rect.top < body.bottom - 1)\
           .sort(([a], [b]) => a.top - b.top)\
           .map(([, name]) => name);",
        vec![],
    )
    .await;
    serde_json::from_value(names).expect("a list of names")
}

/// How far the list is scrolled down, in px.
async fn list_scroll_top(app: &App) -> f64 {
    page(
        app,
        "return document.querySelector('.list-body').scrollTop;",
        vec![],
    )
    .await
    .as_f64()
    .expect("a number")
}

/// Item 3: with the list scrolled down, each new search shows its matches
/// from the top, the exact match first: "site4" puts Site4 above Site40–49,
/// "hub" puts Hub above GitHub (which sorts before it).
#[tokio::test]
async fn a_new_search_starts_at_the_top_with_the_exact_match_first() {
    let display = Display::start_alone().await;
    let (_profile, app) = large_vault(&display, "search-top").await;
    for (query, exact) in [("site4", "Site4"), ("hub", "Hub"), ("Site2", "Site2")] {
        // Esc in the search field clears it, as a user starts over.
        app.find("search")
            .await
            .send_keys(ESCAPE)
            .await
            .expect("press Esc in the search field");
        app.wait_until("the whole list shows again", || async {
            app.count_displayed("account-row").await == SITES + 2
        })
        .await;
        page(
            &app,
            "const body = document.querySelector('.list-body'); body.scrollTop = body.scrollHeight;",
            vec![],
        )
        .await;
        assert!(
            list_scroll_top(&app).await > 0.0,
            "the list scrolls down before the search for {query:?}"
        );
        app.type_into("search", query).await;
        app.wait_until(
            &format!("the search for {query:?} filters the list"),
            || async { app.count_displayed("account-row").await < SITES },
        )
        .await;
        assert_eq!(
            list_scroll_top(&app).await,
            0.0,
            "the search for {query:?} scrolls the list to the top"
        );
        let shown = rows_in_view(&app).await;
        assert_eq!(
            shown.first().map(String::as_str),
            Some(exact),
            "the exact match comes first for {query:?}: {shown:?}"
        );
        assert!(
            shown.len() > 1,
            "the other matches follow the exact one for {query:?}: {shown:?}"
        );
    }
    app.screenshot("layout-search-top").await;
    app.quit().await;
}

/// Whether each element the selector finds shows its whole text (not cut
/// off with an ellipsis): `[text, scrollWidth, clientWidth]` for those that
/// do not.
async fn cut_off(app: &App, selector: &str) -> Vec<Value> {
    let cut = page(
        app,
        "return [...document.querySelectorAll(arguments[0])]\
           .filter((el) => el.getClientRects().length > 0 && el.scrollWidth > el.clientWidth)\
           .map((el) => [el.textContent, el.scrollWidth, el.clientWidth]);",
        vec![json!(selector)],
    )
    .await;
    serde_json::from_value(cut).expect("a list")
}

/// Item 4: "Therapieland" with its backup-token chip shows in full at 440
/// and 360 px, in English and Dutch, and the Add panel's "Enter manually"
/// tab is not cut at 360 px.
#[tokio::test]
async fn names_and_tabs_stay_readable_from_360_px_in_english_and_dutch() {
    for language in ["en_US.UTF-8", "nl_NL.UTF-8"] {
        let display = Display::start_alone().await;
        let launch = Launch {
            env: vec![("LANG".into(), language.into())],
            ..Launch::default()
        };
        let (_profile, app) = Scenario::new("narrow")
            .account("Therapieland", "j.jansen@example.org", SECRET)
            .tokens("therapieland", &TOKENS)
            .tokens_used("therapieland", 2)
            .account("Mijn Overheid", "jan.jansen@example.org", OTHER_SECRET)
            // A site with backup tokens only: its row shows a button
            // where others show a code.
            .account_without_secret("Zorgverzekeraar", "j.jansen@example.org")
            .tokens("zorgverzekeraar", &TOKENS)
            .launch_with(&display, &launch)
            .await;
        app.find("tokens-chip").await;
        for width in [440, 360] {
            app.resize(width, 680).await;
            app.screenshot(&format!("layout-names-{language}-{width}"))
                .await;
            let names = cut_off(&app, ".row-issuer").await;
            assert!(
                names.is_empty(),
                "at {width} px ({language}) these names are cut off: {names:?}"
            );
            let chip = app.text_of("tokens-chip").await;
            assert!(
                chip.contains("3/5"),
                "the chip still says how many are left at {width} px: {chip:?}"
            );
        }
        app.click("add").await;
        app.find("tab-manual").await;
        app.screenshot(&format!("layout-add-tabs-{language}-360"))
            .await;
        let tabs = cut_off(&app, "[role='tablist'], [role='tab'], [role='tab'] *").await;
        assert!(
            tabs.is_empty(),
            "at 360 px ({language}) these tabs are cut off: {tabs:?}"
        );
        app.quit().await;
    }
}

/// Item 5: in a wide window the search bar sits over the list's column:
/// same left and right edges.
#[tokio::test]
async fn the_search_bar_lines_up_with_the_list_in_a_wide_window() {
    let display = Display::start_alone().await;
    let (_profile, app) = large_vault(&display, "wide").await;
    app.resize(1200, 760).await;
    let edges = page(
        &app,
        "const edges = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.right)]; };\
         return { search: edges(document.querySelector('.search')),\
                  list: edges(document.querySelector('.accounts')) };",
        vec![],
    )
    .await;
    app.screenshot("layout-wide").await;
    assert_eq!(
        edges["search"], edges["list"],
        "the search bar and the list share one column at 1200 px: {edges}"
    );
    let list_width =
        edges["list"][1].as_i64().unwrap_or(0) - edges["list"][0].as_i64().unwrap_or(0);
    assert!(
        list_width < 1000,
        "the list stays a readable column at 1200 px: {edges}"
    );
    app.quit().await;
}

/// Item 6: with a toast showing and the list scrolled to its end, the last
/// row is clear of the toast, at 440 and at 360 px in Dutch (where the
/// toast's words take the most room).
#[tokio::test]
async fn a_toast_leaves_the_last_row_uncovered() {
    let display = Display::start_alone().await;
    let launch = Launch {
        env: vec![("LANG".into(), "nl_NL.UTF-8".into())],
        ..Launch::default()
    };
    let (_profile, app) = {
        let mut scenario = Scenario::new("toast-room");
        for number in 1..=12 {
            let letter = char::from(b'A' + number as u8);
            scenario = scenario.account(
                &format!("Site{number:02}"),
                &format!("user{number}@example.org"),
                &format!("JBSWY3DPEHPK3P{letter}X"),
            );
        }
        scenario.launch_with(&display, &launch).await
    };
    for width in [440, 360] {
        app.resize(width, 680).await;
        // The copy toast stays 4 s: the page scrolls and measures within a
        // few frames of its appearing, all in one script.
        let overlap = app
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 const rows = document.querySelectorAll(`[data-test='account-row']`);\
                 rows[0].click();\
                 const measure = () => {\
                   const toast = document.querySelector(`[data-test='toast']`);\
                   if (!toast) return requestAnimationFrame(measure);\
                   const body = document.querySelector('.list-body');\
                   requestAnimationFrame(() => {\
                     body.scrollTop = body.scrollHeight;\
                     requestAnimationFrame(() => requestAnimationFrame(() => {\
                       const last = rows[rows.length - 1].getBoundingClientRect();\
                       const t = toast.getBoundingClientRect();\
                       const visibleBottom = Math.min(last.bottom, body.getBoundingClientRect().bottom);\
                       done({ shown: document.body.contains(toast),\
                              overlaps: visibleBottom > t.top && last.top < t.bottom,\
                              last: [last.top, last.bottom], toast: [t.top, t.bottom],\
                              atEnd: body.scrollTop + body.clientHeight >= body.scrollHeight - 1 });\
                     }));\
                   });\
                 };\
                 measure();",
                vec![],
            )
            .await
            .expect("measure the toast");
        app.screenshot(&format!("layout-toast-{width}")).await;
        assert_eq!(
            overlap["shown"],
            json!(true),
            "the toast still shows when measured: {overlap}"
        );
        assert_eq!(
            overlap["atEnd"],
            json!(true),
            "the list is at its end: {overlap}"
        );
        assert_eq!(
            overlap["overlaps"],
            json!(false),
            "at {width} px the toast covers the last row: {overlap}"
        );
        // Wait for the toast to go before the next width.
        app.wait_until("the toast goes", || async {
            !app.is_present("toast").await
        })
        .await;
    }
    app.quit().await;
}

/// Item 16: a mouse drag across rows selects no text, and a click on a row
/// still copies its code.
#[tokio::test]
async fn dragging_over_rows_selects_no_text() {
    use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
    let display = Display::start_alone().await;
    let (_profile, app) = Scenario::new("no-select")
        .account("GitHub", "me@example.org", SECRET)
        .account("Therapieland", "j.jansen@example.org", OTHER_SECRET)
        .tokens("therapieland", &TOKENS)
        .launch(&display)
        .await;
    let names = page(
        &app,
        "return [...document.querySelectorAll('.row-issuer, .row-label')].map((el) => {\
           const r = el.getBoundingClientRect(); return [Math.round(r.left + 2), Math.round(r.top + r.height / 2)]; });",
        vec![],
    )
    .await;
    let point = |index: usize| {
        (
            names[index][0].as_f64().expect("x"),
            names[index][1].as_f64().expect("y"),
        )
    };
    let (from, to) = (point(0), point(names.as_array().map_or(0, Vec::len) - 1));
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: from.0,
            y: from.1,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveTo {
            duration: Some(std::time::Duration::from_millis(200)),
            x: to.0 + 200.0,
            y: to.1,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    app.client
        .perform_actions(drag)
        .await
        .expect("drag the mouse over the rows");
    let selected = page(&app, "return window.getSelection().toString();", vec![]).await;
    assert_eq!(
        selected,
        json!(""),
        "dragging over the rows selected their text"
    );
    let user_select = page(
        &app,
        "return getComputedStyle(document.querySelector(`[data-test='account-row']`)).webkitUserSelect;",
        vec![],
    )
    .await;
    assert_eq!(user_select, json!("none"), "rows are not text-selectable");
    // A click on a row still copies its code.
    let first = &app.find_all("account-row").await[0];
    first.click().await.expect("click the first row");
    app.find("toast").await;
    app.quit().await;
}

/// The rings of the first and last rows and the first row's code: what
/// [`only_rows_on_screen_count_down_and_a_row_scrolled_in_catches_up`]
/// compares.
async fn rings(app: &App) -> Value {
    page(
        app,
        "const rows = [...document.querySelectorAll('[data-test=account-row]')];\
         const ring = (row) => row.querySelector('.ring-fill').getAttribute('stroke-dashoffset');\
         return { first: ring(rows[0]), last: ring(rows[rows.length - 1]),\
                  code: rows[0].querySelector('[data-test=code]').textContent };",
        vec![],
    )
    .await
}

/// Each second only the rows on screen redraw their ring (what that saves
/// is measured in docs/BENCHMARKS.md, not here): while the first row's ring
/// moves, the last row's, far below, keeps what it was drawn with. Scrolled
/// into view, the last row catches up at once.
#[tokio::test]
async fn only_rows_on_screen_count_down_and_a_row_scrolled_in_catches_up() {
    let display = Display::start_alone().await;
    let (_profile, app) = large_vault(&display, "countdown-on-screen").await;
    // A new code redraws every row; start again when one came in between.
    let mut tries = 0;
    let (drawn, moved) = loop {
        tries += 1;
        let drawn = rings(&app).await;
        app.wait_until("the first row's ring moves on", || async {
            rings(&app).await["first"] != drawn["first"]
        })
        .await;
        let moved = rings(&app).await;
        if moved["code"] == drawn["code"] || tries == 3 {
            break (drawn, moved);
        }
    };
    assert_eq!(
        moved["code"], drawn["code"],
        "no new code came while the ring moved"
    );
    assert_eq!(
        moved["last"], drawn["last"],
        "the last row, off screen, was not redrawn"
    );
    page(
        &app,
        "const rows = document.querySelectorAll('[data-test=account-row]');\
         rows[rows.length - 1].scrollIntoView();",
        vec![],
    )
    .await;
    app.wait_until("the last row catches up once on screen", || async {
        rings(&app).await["last"] != drawn["last"]
    })
    .await;
    app.quit().await;
}
