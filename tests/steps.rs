//! Steps of everyday use in the real window, shared by the scenarios that
//! watch the app from outside (its system calls in `no_network.rs`, its
//! output in `no_leaks.rs`): each step does what a person does and waits
//! for the window to show the result, so a scenario is a list of steps.

use std::collections::HashSet;

use fantoccini::wd::WindowHandle;
use safekeep_testkit::oathtool::oathtool_default_totp;
use serde_json::{Value, json};

use crate::{ALWAYS_OPEN_WINDOWS, App, Display, now};

/// An otpauth link as a site's QR code holds it.
pub fn uri(issuer: &str, account: &str, secret: &str) -> String {
    format!("otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}")
}

/// First run: the vault is made with its key in the keychain.
pub async fn create_vault(app: &App) {
    app.click("create-vault").await;
    app.find("empty-state").await;
}

/// First run with a password: "a" is refused as too weak, with the
/// strength meter's verdict and an error; the password fields stay open.
pub async fn first_run_refuses_a_weak_password(app: &App) {
    app.click("also-password").await;
    app.type_into("new-password", "a").await;
    app.text_eventually("password-meter").await;
    app.type_into("repeat-password", "a").await;
    app.click("create-vault").await;
    app.text_eventually("create-error").await;
}

/// First run, its password fields open: makes the vault with `password`
/// and waits for the empty list. Enter in the field submits: a click
/// could land where the button was before the strength meter, answering
/// late on a busy machine, moved it.
pub async fn create_vault_with_password(app: &App, password: &str) {
    app.type_into("new-password", password).await;
    app.type_into("repeat-password", &format!("{password}\u{E007}"))
        .await;
    app.find("empty-state").await;
}

/// Adds an account from its otpauth link and waits until it is listed.
pub async fn add_by_uri(app: &App, link: &str) {
    let before = app.find_all("account-row").await.len();
    app.click("add").await;
    app.click("tab-uri").await;
    app.type_into("uri-input", link).await;
    app.click("uri-submit").await;
    app.wait_until("the new account is listed", || async {
        app.find_all("account-row").await.len() == before + 1
    })
    .await;
}

/// Types a link the app must refuse and returns the error it shows; the
/// add panel is closed again after.
pub async fn refused_link_error(app: &App, link: &str) -> String {
    app.click("add").await;
    app.click("tab-uri").await;
    app.type_into("uri-input", link).await;
    app.click("uri-submit").await;
    let error = app.text_eventually("uri-error").await;
    app.click("close-panel").await;
    error
}

/// The digits of `text`: a code as shown, without its spacing.
pub fn digits_only(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Every listed account's issuer with the digits of its shown code.
pub async fn shown_codes(app: &App) -> Vec<(String, String)> {
    let rows = app
        .client
        .execute(
            "return [...document.querySelectorAll(\"[data-test='account-row']\")].map((row) => [\
               row.querySelector('.row-issuer').textContent,\
               (row.querySelector(\"[data-test='code']\") || {textContent: ''}).textContent]);",
            vec![],
        )
        .await
        .expect("rows script runs");
    serde_json::from_value::<Vec<(String, String)>>(rows)
        .expect("rows")
        .into_iter()
        .map(|(issuer, code)| (issuer, digits_only(&code)))
        .collect()
}

/// Checks that the row of `issuer` shows oathtool's code for `secret`,
/// read between two clock readings: the code must be oathtool's for one of
/// them, whichever side of a period boundary the read fell on.
pub async fn assert_code_is_oathtools(app: &App, issuer: &str, secret: &str) {
    app.wait_until(&format!("{issuer} shows a code"), || async {
        shown_codes(app)
            .await
            .iter()
            .any(|(name, code)| name == issuer && code.len() == 6)
    })
    .await;
    let before = now();
    let codes = shown_codes(app).await;
    let after = now();
    let shown = codes
        .iter()
        .find(|(name, _)| name == issuer)
        .map(|(_, code)| code.clone())
        .unwrap_or_else(|| panic!("no row for {issuer}: {codes:?}"));
    let expected: HashSet<String> = [
        oathtool_default_totp(secret, before),
        oathtool_default_totp(secret, after),
    ]
    .into();
    assert!(
        expected.contains(&shown),
        "{issuer}: shown {shown}, oathtool {expected:?}"
    );
}

/// Opens the details page of the first account in the list, as a user
/// does: its row's ⋯ menu, then Edit.
pub async fn open_details(app: &App) {
    app.click("row-menu").await;
    app.click("menu-edit").await;
    app.find("detail-panel").await;
}

/// Opens the only account's backup tokens from its details and pastes
/// `tokens` as a site lists them; the tokens panel stays open.
pub async fn add_tokens(app: &App, tokens: &[&str]) {
    open_details(app).await;
    app.click("detail-open-tokens").await;
    app.find("tokens-panel").await;
    // With no tokens yet the panel may open on its paste form already;
    // either way, wait for the slide-in to show one of the two.
    app.wait_until(
        "the panel shows its paste form or its add button",
        || async {
            app.count_displayed("tokens-textarea").await
                + app.count_displayed("tokens-add-open").await
                > 0
        },
    )
    .await;
    if app.count_displayed("tokens-textarea").await == 0 {
        app.click("tokens-add-open").await;
    }
    let pasted: Vec<String> = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| format!("{}. {token}", i + 1))
        .collect();
    app.type_into("tokens-textarea", &pasted.join("\n")).await;
    let total = tokens.len().to_string();
    app.wait_until("the preview counts the tokens", || async {
        app.text_of("tokens-preview").await.contains(&total)
    })
    .await;
    app.click("tokens-submit").await;
    app.wait_until("all tokens are unused", || async {
        app.text_of("tokens-count").await.starts_with(&total)
    })
    .await;
}

/// Uses the next backup token in the open tokens panel and returns it, as
/// it reaches the clipboard; `left` is how many are unused after.
pub async fn use_token(app: &App, display: &Display, left: usize) -> String {
    let previous = display.clipboard();
    app.click("use-token").await;
    app.wait_until("the token reaches the clipboard", || async {
        let now = display.clipboard();
        !now.is_empty() && now != previous
    })
    .await;
    app.wait_until("the count goes down", || async {
        app.text_of("tokens-count")
            .await
            .starts_with(&left.to_string())
    })
    .await;
    display.clipboard()
}

/// Undoes the last token use from its toast; `left` is how many are unused
/// after.
pub async fn undo_token_use(app: &App, left: usize) {
    app.click("toast-undo").await;
    app.wait_until("undo puts the token back", || async {
        app.text_of("tokens-count")
            .await
            .starts_with(&left.to_string())
    })
    .await;
}

/// Closes the open panel, and any panel under it (Settings, under the
/// backup and transfer panels it opens, where Back returns), until the
/// list shows.
pub async fn close_panels(app: &App) {
    while app.count_displayed("close-panel").await > 0 {
        app.click("close-panel").await;
    }
}

/// Opens Settings and waits until its transfer section has read when the
/// last backup was made.
pub async fn open_settings(app: &App) {
    app.click("settings").await;
    app.find("transfer-section").await;
    app.wait_until("the last backup line is filled", || async {
        !app.text_of("last-backup").await.trim().is_empty()
    })
    .await;
}

/// The panels Settings opens: the button's hook, then the panel's.
pub const SETTINGS_PANELS: [(&str, &str); 4] = [
    ("open-backup", "backup-panel"),
    ("open-restore", "restore-panel"),
    ("open-import", "import-panel"),
    ("open-export", "export-panel"),
];

/// Opens Settings unless it is open, then the transfer panel behind `hook`.
pub async fn open_from_settings(app: &App, hook: &str) {
    if app.count_displayed("settings-panel").await == 0 {
        app.click("settings").await;
    }
    app.find("transfer-section").await;
    app.click(hook).await;
}

/// Opens Settings and, in its transfer section, the panel behind the
/// button `hook` ("open-export", "open-import", "open-restore").
pub async fn open_transfer(app: &App, hook: &str) {
    app.click("settings").await;
    app.find("transfer-section").await;
    app.click(hook).await;
}

/// The recovery sheet's print view, open beside the main window with the
/// system print dialog over it.
pub struct PrintView {
    pub main_window: WindowHandle,
    pub print_view: WindowHandle,
    /// The X window id of the system print dialog.
    pub dialog: String,
}

/// Opens the recovery sheet's print view from Settings and waits for the
/// system print dialog over it; WebDriver stays on the main window.
pub async fn open_print_view(app: &App, display: &Display) -> PrintView {
    let main_window = app.client.window().await.expect("the main window");
    let before = app.client.windows().await.expect("window handles");
    open_transfer(app, "open-export").await;
    app.click("print-sheet").await;
    app.wait_until("the print view opens", || async {
        app.window_count().await == ALWAYS_OPEN_WINDOWS + 1
    })
    .await;
    let dialog = display.wait_for_x_window("^Print$");
    let print_view = app
        .client
        .windows()
        .await
        .expect("window handles")
        .into_iter()
        .find(|handle| !before.contains(handle))
        .expect("the print view");
    PrintView {
        main_window,
        print_view,
        dialog,
    }
}

impl PrintView {
    /// Points WebDriver at the print view.
    pub async fn switch_to(&self, app: &App) {
        app.client
            .switch_to_window(self.print_view.clone())
            .await
            .expect("switch to the print view");
    }

    /// Points WebDriver at the print view and returns the sheet's text.
    pub async fn read(&self, app: &App) -> String {
        self.switch_to(app).await;
        app.client
            .find(fantoccini::Locator::Css("body"))
            .await
            .expect("the sheet's body")
            .text()
            .await
            .expect("the sheet's text")
    }

    /// Points WebDriver back at the main window.
    pub async fn switch_back(&self, app: &App) {
        app.client
            .switch_to_window(self.main_window.clone())
            .await
            .expect("back to the main window");
    }

    /// Cancels printing as a person does, with Escape in the print dialog;
    /// the view stays open until the app locks.
    pub fn cancel_printing(&self, display: &Display) {
        display.press_key_in(&self.dialog, "Escape");
    }
}

/// Opens the recovery sheet's print view, cancels the system print dialog
/// over it, and returns to the main window with the panels closed; returns
/// the sheet's text. The view stays open until the app locks.
pub async fn print_recovery_sheet(app: &App, display: &Display) -> String {
    let view = open_print_view(app, display).await;
    let sheet = view.read(app).await;
    view.cancel_printing(display);
    view.switch_back(app).await;
    close_panels(app).await;
    sheet
}

/// Locks the vault (which closes a print view) and unlocks it again
/// through the keychain.
pub async fn lock_and_unlock(app: &App) {
    app.click("lock").await;
    app.find("unlock").await;
    app.wait_until("locking closes the print view", || async {
        app.window_count().await == ALWAYS_OPEN_WINDOWS
    })
    .await;
    assert_eq!(
        app.count_displayed("account-row").await,
        0,
        "nothing shows while locked"
    );
    app.click("unlock").await;
    app.wait_until("the account is back", || async {
        app.count_displayed("account-row").await == 1
    })
    .await;
}

/// Calls `ui/api.js`'s `name(...args)` in the current window, as the page
/// would, and returns `{ok: value}` or `{err: {code, message}}`.
pub async fn call_api(app: &App, name: &str, args: Value) -> Value {
    app.client
        .execute_async(
            "const [name, args, done] = arguments;\
             import('/api.js').then((api) => api[name](...args))\
               .then((ok) => done({ ok: ok === undefined ? null : ok }),\
                     (err) => done({ err: { code: err && err.code, message: String(err && err.message || err) } }));",
            vec![json!(name), args],
        )
        .await
        .unwrap_or_else(|error| panic!("calling {name}: {error}"))
}

/// Clicks the button `hook` that opens the system's open dialog, and
/// chooses `path` in it as a person does: Ctrl+L, the path typed, Return.
/// `title` matches the dialog's title ("^Choose " in English).
pub async fn choose_in_open_dialog(
    app: &App,
    display: &Display,
    hook: &str,
    title: &str,
    path: &std::path::Path,
) {
    app.click(hook).await;
    let dialog = display.wait_for_x_window(title);
    display.press_key_in(&dialog, "ctrl+l");
    display.xdotool(&["type", "--delay", "10", &path.display().to_string()]);
    // GTK looks the typed path up before it accepts it, and a Return before
    // then does nothing: press it again while the dialog is still there.
    let started = std::time::Instant::now();
    while display.x_window_shown(title) {
        assert!(
            started.elapsed() < crate::PATIENCE,
            "the open dialog did not take {}",
            path.display()
        );
        display.xdotool(&["key", "Return"]);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
}
