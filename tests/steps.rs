//! Steps of everyday use in the real window, shared by the scenarios that
//! watch the app from outside (its system calls in `no_network.rs`, its
//! output in `no_leaks.rs`): each step does what a person does and waits
//! for the window to show the result, so a scenario is a list of steps.

use std::collections::HashSet;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{App, Display, PATIENCE, now, oathtool_totp};

/// An otpauth link as a site's QR code holds it.
pub fn uri(issuer: &str, account: &str, secret: &str) -> String {
    format!("otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}")
}

/// First run: the vault is made with its key in the keychain.
pub async fn create_vault(app: &App) {
    app.click("create-vault").await;
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

fn digits_only(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Checks that the only account's code is oathtool's for `secret`, read
/// between two clock readings (either side of a period boundary counts).
pub async fn assert_code_is_oathtools(app: &App, secret: &str) {
    let before = now();
    let shown = digits_only(&app.text_of("code").await);
    let after = now();
    let expected: HashSet<String> =
        [oathtool_totp(secret, before), oathtool_totp(secret, after)].into();
    assert!(
        expected.contains(&shown),
        "shown {shown}, oathtool {expected:?}"
    );
}

/// Opens the only account's backup tokens from its details and pastes
/// `tokens` as a site lists them; the tokens panel stays open.
pub async fn add_tokens(app: &App, tokens: &[&str]) {
    app.click("open-details").await;
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

/// Opens the recovery sheet's print view from Settings, cancels the system
/// print dialog over it, and returns to the main window with the panel
/// closed; returns the sheet's text. The view stays open until the app
/// locks.
pub async fn print_recovery_sheet(app: &App, display: &Display) -> String {
    let main_window = app.client.window().await.expect("the main window");
    app.click("settings").await;
    app.find("transfer-section").await;
    app.click("open-export").await;
    app.click("print-sheet").await;
    app.wait_until("the print view opens", || async {
        app.client
            .windows()
            .await
            .map_or(0, |windows| windows.len())
            == 2
    })
    .await;
    let dialog = wait_for_x_window(display, "^Print$");
    let print_view = app
        .client
        .windows()
        .await
        .expect("window handles")
        .into_iter()
        .find(|handle| *handle != main_window)
        .expect("the print view");
    app.client
        .switch_to_window(print_view)
        .await
        .expect("switch to the print view");
    let body = app
        .client
        .find(fantoccini::Locator::Css("body"))
        .await
        .expect("the sheet's body")
        .text()
        .await
        .expect("the sheet's text");
    press_key_in(display, &dialog, "Escape");
    app.client
        .switch_to_window(main_window)
        .await
        .expect("back to the main window");
    app.click("close-panel").await;
    body
}

/// Locks the vault (which closes a print view) and unlocks it again
/// through the keychain.
pub async fn lock_and_unlock(app: &App) {
    app.click("lock").await;
    app.find("unlock").await;
    app.wait_until("locking leaves one window", || async {
        app.client
            .windows()
            .await
            .map_or(0, |windows| windows.len())
            == 1
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

/// The X window id of the first shown window whose name matches `pattern`,
/// waiting for it to appear (a window can exist before it is mapped, and
/// only a mapped one takes the keyboard focus).
pub fn wait_for_x_window(display: &Display, pattern: &str) -> String {
    let started = Instant::now();
    loop {
        let output = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", pattern])
            .env("DISPLAY", &display.name)
            .output()
            .expect("xdotool runs (apt package xdotool; scripts/setup.sh installs it)");
        let found = String::from_utf8_lossy(&output.stdout);
        if let Some(id) = found.lines().next() {
            return id.to_owned();
        }
        assert!(
            started.elapsed() < PATIENCE,
            "no window named {pattern} appeared"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Focuses the X window `id` and presses `key` in it, as a person would.
pub fn press_key_in(display: &Display, id: &str, key: &str) {
    for args in [vec!["windowfocus", "--sync", id], vec!["key", key]] {
        let status = Command::new("xdotool")
            .args(&args)
            .env("DISPLAY", &display.name)
            .status()
            .expect("xdotool runs");
        assert!(status.success(), "xdotool {args:?}");
    }
}
