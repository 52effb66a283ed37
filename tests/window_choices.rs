//! Choices the window offers a desktop user (issue 12), in the real window:
//! a deleted account can be taken back with Undo, whole and in its place,
//! and once Undo has ended (or the app locked) it stays deleted.
//!
//! Scenarios run one at a time (each starts its own X server and app).

use std::time::{Duration, Instant};

use safekeep_e2e::scenario::{OTHER_SECRET, SECRET, Scenario, THIRD_SECRET, TOKENS};
use safekeep_e2e::steps::{
    assert_code_is_oathtools, call_api, choose_in_open_dialog, close_panels, open_transfer,
    shown_codes, uri,
};
use safekeep_e2e::{App, Display, Launch};
use serde_json::json;

/// A little longer than Rust keeps a deleted account for Undo
/// (`UNDO_WINDOW`, 15 s): waited once, generously, rather than polled.
const PAST_UNDO: Duration = Duration::from_secs(20);

/// Three accounts; GitLab, in the middle, holds five backup tokens of which
/// two are used.
fn three_accounts(name: &str) -> Scenario {
    Scenario::new(name)
        .account("GitHub", "j.jansen", SECRET)
        .account("GitLab", "j.jansen", OTHER_SECRET)
        .account("Mastodon", "j.jansen", THIRD_SECRET)
        .tokens("gitlab", &TOKENS)
        .tokens_used("gitlab", 2)
}

/// The listed accounts' site names, top to bottom.
async fn listed(app: &App) -> Vec<String> {
    shown_codes(app)
        .await
        .into_iter()
        .map(|(issuer, _)| issuer)
        .collect()
}

/// Waits until the list shows exactly `expected`, in that order.
async fn wait_for_list(app: &App, what: &str, expected: &[&str]) {
    app.wait_until(what, || async { listed(app).await == expected })
        .await;
}

/// A row's value read in the page: `read` is a script expression over
/// `row`, the row of the account named `issuer`.
async fn of_row(app: &App, issuer: &str, read: &str) -> String {
    app.on_row(issuer, &format!("return row ? String({read}) : '';"))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Deletes the account named `issuer` from its details page (⋯ → Edit), confirming,
/// and returns its id; the toast with Undo shows after.
async fn delete_from_details(app: &App, issuer: &str) -> String {
    let id = of_row(app, issuer, "row.dataset.id").await;
    assert!(!id.is_empty(), "{issuer} is listed");
    of_row(
        app,
        issuer,
        "row.querySelector(\"[data-test='row-menu']\").click()",
    )
    .await;
    app.click("menu-edit").await;
    app.find("detail-panel").await;
    app.click("delete-account").await;
    app.click("delete-confirm").await;
    app.wait_until(&format!("{issuer} is gone from the list"), || async {
        !listed(app).await.iter().any(|name| name == issuer)
    })
    .await;
    id
}

#[tokio::test]
async fn undo_puts_a_deleted_account_back_whole_and_in_its_place() {
    let display = Display::start_alone().await;
    let scenario = three_accounts("delete-undo");
    let (profile, app) = scenario.launch(&display).await;
    let order = ["GitHub", "GitLab", "Mastodon"];
    wait_for_list(&app, "the three accounts show", &order).await;

    delete_from_details(&app, "GitLab").await;
    wait_for_list(&app, "GitLab is deleted", &["GitHub", "Mastodon"]).await;
    assert!(
        app.text_of("toast").await.contains("GitLab"),
        "the toast names what was deleted"
    );
    app.screenshot("delete-undo-toast").await;
    app.click("toast-undo").await;

    wait_for_list(&app, "GitLab is back in its place", &order).await;
    assert_code_is_oathtools(&app, "GitLab", OTHER_SECRET).await;
    let chip = of_row(
        &app,
        "GitLab",
        "row.querySelector(\"[data-test='tokens-chip']\").textContent",
    )
    .await;
    assert!(
        chip.contains("3/5"),
        "the tokens and their used marks: {chip}"
    );

    // Put back in the vault, not only in the window.
    app.quit().await;
    let app = safekeep_e2e::App::launch(&display, &profile).await;
    wait_for_list(&app, "after a restart, all three in order", &order).await;
    let used = profile.cli_output(&["tokens", "list", "gitlab"], "");
    assert_eq!(
        used.lines().filter(|line| line.contains("  used ")).count(),
        2,
        "two tokens still used: {used}"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_deleted_account_stays_deleted_once_undo_ends_or_the_app_locks() {
    let display = Display::start_alone().await;
    let (profile, app) = three_accounts("delete-expires").launch(&display).await;

    // Locking drops what Undo kept.
    let gitlab = delete_from_details(&app, "GitLab").await;
    app.click("lock").await;
    app.find("unlock").await;
    app.click("unlock").await;
    wait_for_list(&app, "unlocked without GitLab", &["GitHub", "Mastodon"]).await;
    let undo = call_api(&app, "undoDeleteAccount", json!([gitlab])).await;
    assert_eq!(
        undo["err"]["code"],
        json!("app-undo-delete-expired"),
        "{undo}"
    );

    // Undo ends by itself: the toast goes, and Rust lets it go too.
    let deleted_at = Instant::now();
    let github = delete_from_details(&app, "GitHub").await;
    app.wait_until("the toast with Undo goes away", || async {
        app.count_displayed("toast-undo").await == 0
    })
    .await;
    tokio::time::sleep(PAST_UNDO.saturating_sub(deleted_at.elapsed())).await;
    let undo = call_api(&app, "undoDeleteAccount", json!([github])).await;
    assert_eq!(
        undo["err"]["code"],
        json!("app-undo-delete-expired"),
        "{undo}"
    );
    wait_for_list(&app, "only Mastodon is left", &["Mastodon"]).await;

    app.quit().await;
    let app = safekeep_e2e::App::launch(&display, &profile).await;
    wait_for_list(&app, "after a restart, only Mastodon", &["Mastodon"]).await;
    app.quit().await;
}

/// The page's background colour as the window draws it.
async fn page_background(app: &App) -> String {
    app.client
        .execute(
            "return getComputedStyle(document.body).backgroundColor;",
            vec![],
        )
        .await
        .expect("style script runs")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Whether the desktop asks for dark colours, as the page sees it.
async fn desktop_prefers_dark(app: &App) -> bool {
    app.client
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            vec![],
        )
        .await
        .expect("media script runs")
        .as_bool()
        .unwrap_or_default()
}

/// `--surface` of each theme (ui/styles/tokens.css), the body's background.
const LIGHT: &str = "rgb(255, 255, 255)";
const DARK: &str = "rgb(27, 29, 33)";

/// Chooses a theme in Settings ("system", "light", "dark"), as picking it
/// in the list does, and closes Settings once the window shows `expected`.
async fn choose_theme(app: &App, theme: &str, expected: &str) {
    app.click("settings").await;
    app.find("theme").await;
    app.client
        .execute(
            "const select = document.querySelector(\"[data-test='theme']\");\
             select.value = arguments[0]; select.dispatchEvent(new Event('change'));",
            vec![json!(theme)],
        )
        .await
        .expect("choose the theme");
    app.wait_until(&format!("the {theme} theme colours the page"), || async {
        page_background(app).await == expected
    })
    .await;
    app.click("close-panel").await;
}

#[tokio::test]
async fn a_chosen_theme_colours_the_window_and_survives_a_restart() {
    let display = Display::start_alone().await;
    let (profile, app) = Scenario::new("theme-chosen")
        .account("GitHub", "j.jansen", SECRET)
        .launch(&display)
        .await;
    assert!(!desktop_prefers_dark(&app).await, "Xvfb's desktop is light");
    assert_eq!(
        page_background(&app).await,
        LIGHT,
        "System, on a light desktop"
    );

    choose_theme(&app, "dark", DARK).await;
    app.screenshot("theme-dark").await;
    app.quit().await;

    let app = App::launch(&display, &profile).await;
    app.find("account-row").await;
    assert_eq!(page_background(&app).await, DARK, "dark after a restart");
    choose_theme(&app, "system", LIGHT).await;
    app.quit().await;
}

#[tokio::test]
async fn the_system_theme_follows_a_dark_desktop() {
    let display = Display::start_alone().await;
    // GTK's dark variant is what a desktop's dark style sets; WebKitGTK
    // answers prefers-color-scheme from it.
    let dark_desktop = Launch {
        env: vec![("GTK_THEME".to_owned(), "Adwaita:dark".to_owned())],
        ..Launch::default()
    };
    let (_profile, app) = Scenario::new("theme-system")
        .account("GitHub", "j.jansen", SECRET)
        .launch_with(&display, &dark_desktop)
        .await;
    assert!(
        desktop_prefers_dark(&app).await,
        "the desktop asks for dark"
    );
    assert_eq!(
        page_background(&app).await,
        DARK,
        "System, on a dark desktop"
    );
    choose_theme(&app, "light", LIGHT).await;
    app.screenshot("theme-light-on-dark-desktop").await;
    app.quit().await;
}

/// The texts of the elements with that hook, in page order.
async fn texts_of_all(app: &App, hook: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for element in app.find_all(hook).await {
        texts.push(element.text().await.expect("element text"));
    }
    texts
}

/// Whether the element with that hook is inside the window's height, where
/// the user sees it without scrolling.
async fn in_view(app: &App, hook: &str) -> bool {
    app.client
        .execute(
            "const box = document.querySelector(`[data-test='${arguments[0]}']`).getBoundingClientRect();\
             return box.top >= 0 && box.bottom <= innerHeight;",
            vec![json!(hook)],
        )
        .await
        .expect("layout script runs")
        .as_bool()
        .unwrap_or_default()
}

#[tokio::test]
async fn an_export_names_what_it_left_out_and_why() {
    let display = Display::start_alone().await;
    let (_profile, app) = Scenario::new("export-left-out")
        .account("GitHub", "j.jansen", SECRET)
        .account_without_secret("Proton", "jansen@proton.me")
        .tokens("proton", &TOKENS)
        .launch(&display)
        .await;

    // A file: otpauth links hold codes only.
    open_transfer(&app, "open-export").await;
    app.click("export-otpauth").await;
    app.click("export-confirm").await;
    display.press_key_in(&display.wait_for_x_window("^Save the "), "Return");
    let exported = app.text_eventually("export-written-path").await;
    let links = std::fs::read_to_string(&exported).expect("the export file");
    assert_eq!(links.lines().count(), 1, "{links}");
    assert!(
        app.text_of("export-written")
            .await
            .starts_with("Exported 1 account/"),
        "the count is what the file holds"
    );
    let named = texts_of_all(&app, "export-left-out-name").await;
    assert_eq!(named.len(), 1, "{named:?}");
    assert!(
        named[0].starts_with("Proton") && named[0].contains("only backup tokens"),
        "{named:?}"
    );
    assert!(
        app.text_of("export-left-out-tokens")
            .await
            .contains("Backup tokens are not exported"),
        "the tokens stayed behind, and the window says so"
    );
    assert!(
        in_view(&app, "export-left-out").await,
        "the report is brought into view"
    );
    app.screenshot("export-left-out").await;

    // The QR codes for a phone say the same.
    app.click("export-google").await;
    app.click("google-confirm").await;
    app.find("google-qr").await;
    let named = texts_of_all(&app, "google-left-out-name").await;
    assert_eq!(named.len(), 1, "{named:?}");
    assert!(named[0].contains("only backup tokens"), "{named:?}");
    app.find("google-left-out-tokens").await;
    app.quit().await;
}

/// How many browser file controls the page holds now.
async fn file_inputs(app: &App) -> u64 {
    app.client
        .execute(
            "return document.querySelectorAll('input[type=file]').length;",
            vec![],
        )
        .await
        .expect("count script runs")
        .as_u64()
        .unwrap_or(u64::MAX)
}

#[tokio::test]
async fn pictures_and_backups_are_chosen_in_the_system_open_dialog() {
    let display = Display::start_alone().await;
    let (_profile, app) = Scenario::new("open-dialog").launch(&display).await;
    let files = tempfile::Builder::new()
        .prefix("open-dialog")
        .tempdir()
        .expect("a folder for the picture");
    let picture = files.path().join("github-qr.png");
    let drawn = std::process::Command::new("qrencode")
        .args(["-s", "6", "-o"])
        .arg(&picture)
        .arg(uri("GitHub", "j.jansen", SECRET))
        .status()
        .expect("qrencode runs (apt package qrencode)");
    assert!(drawn.success(), "qrencode failed");

    app.click("add").await;
    app.click("tab-image").await;
    assert_eq!(file_inputs(&app).await, 0, "the QR picture tab");
    app.screenshot("open-dialog-image-tab").await;
    choose_in_open_dialog(&app, &display, "image-choose", "^Choose ", &picture).await;
    wait_for_list(&app, "the picture's account is added", &["GitHub"]).await;
    assert_code_is_oathtools(&app, "GitHub", SECRET).await;

    open_transfer(&app, "open-import").await;
    assert_eq!(file_inputs(&app).await, 0, "the import panel");
    close_panels(&app).await;
    open_transfer(&app, "open-restore").await;
    assert_eq!(file_inputs(&app).await, 0, "the restore panel");
    let not_a_backup = files.path().join("old.skbackup");
    std::fs::write(&not_a_backup, b"not a backup").expect("write it");
    choose_in_open_dialog(&app, &display, "restore-choose", "^Choose ", &not_a_backup).await;
    assert_eq!(app.text_of("restore-choose-name").await, "old.skbackup");
    app.screenshot("open-dialog-restore-chosen").await;
    app.quit().await;
}
