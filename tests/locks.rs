//! A lock locks, and the window reaches only what it must, in the real
//! window: auto-lock runs in Rust while the window is hidden and empties
//! the clipboard; Lock takes back what Safekeep copied (even from a
//! clipboard manager that took it over) and leaves what the user copied;
//! what Safekeep copies is marked as a secret for clipboard managers; the
//! print view may call none of the app's commands; and the commands that
//! return secrets refuse without a grant from the user's click.
//!
//! Scenarios run one at a time (each starts its own X server and app).

use std::time::Duration;

use safekeep_e2e::scenario::{SECRET, Scenario, TOKENS};
use safekeep_e2e::steps::{call_api, open_details, open_print_view, open_transfer};
use safekeep_e2e::{App, Display, Profile};
use serde_json::{Value, json};

/// The three backup tokens GitHub holds.
const GITHUB_TOKENS: &[&str] = TOKENS.split_at(3).0;

/// A vault with one account, GitHub, holding three backup tokens, open in
/// the app.
async fn github_with_tokens(name: &str, display: &Display) -> (Profile, App) {
    Scenario::new(name)
        .account("GitHub", "j.jansen", SECRET)
        .tokens("github", GITHUB_TOKENS)
        .launch(display)
        .await
}

/// The app's own answer to `app_status` (which neither counts as activity
/// nor locks): "unlocked", "locked" or "missing".
async fn vault_state(app: &App) -> String {
    let status = call_api(app, "status", json!([])).await;
    status["ok"]["vault"]
        .as_str()
        .unwrap_or_else(|| panic!("app_status failed: {status}"))
        .to_owned()
}

/// Clicks the only account's code, which copies it, and returns it as the
/// clipboard has it.
async fn copy_the_code(app: &App, display: &Display) -> String {
    app.click("code").await;
    app.wait_until("the code reaches the clipboard", || async {
        let text = display.clipboard();
        text.len() == 6 && text.chars().all(|c| c.is_ascii_digit())
    })
    .await;
    display.clipboard()
}

/// Waits until the clipboard holds no text.
async fn wait_for_empty_clipboard(app: &App, display: &Display, why: &str) {
    app.wait_until(why, || async { display.clipboard().is_empty() })
        .await;
}

/// Auto-lock is the Rust side's: with the window unmapped (the page hidden,
/// its timers stopped) and no input, the app locks after its one minute and
/// takes the copied code off the clipboard. The clipboard's own delay is
/// off, so only the lock can have emptied it; the app is asked whether it
/// is locked before the window is shown again or touched.
#[tokio::test]
async fn a_hidden_window_locks_after_its_idle_minute_and_empties_the_clipboard() {
    let display = Display::start_alone().await;
    let (_profile, app) = github_with_tokens("auto-lock", &display).await;

    app.click("settings").await;
    app.type_into("auto-lock", "1").await;
    app.type_into("clipboard-clear", "0").await;
    app.wait_until("both settings are saved", || async {
        let status = call_api(&app, "status", json!([])).await;
        status["ok"]["settings"]["auto_lock_minutes"] == json!(1)
            && status["ok"]["settings"]["clipboard_clear_seconds"] == json!(0)
    })
    .await;
    app.click("close-panel").await;
    copy_the_code(&app, &display).await;

    let window = display.wait_for_x_window("^Safekeep$");
    display.xdotool(&["windowunmap", "--sync", &window]);
    app.wait_until("the page knows it is hidden", || async {
        app.client
            .execute("return document.hidden", vec![])
            .await
            .is_ok_and(|hidden| hidden == json!(true))
    })
    .await;
    display.screenshot("locks-1-hidden");

    // One idle minute, and ten seconds to spare.
    tokio::time::sleep(Duration::from_secs(70)).await;
    assert_eq!(
        display.clipboard(),
        "",
        "the lock took the code off the clipboard while the window was hidden"
    );
    assert_eq!(
        vault_state(&app).await,
        "locked",
        "Rust locked while the window was hidden"
    );

    display.xdotool(&["windowmap", "--sync", &window]);
    app.find("unlock").await;
    assert_eq!(
        app.count_displayed("account-row").await,
        0,
        "the window shows the unlock screen, no codes"
    );
    app.screenshot("locks-2-locked-while-hidden").await;
    app.quit().await;
}

/// Lock takes back the code Safekeep copied, also when a clipboard manager
/// took it over, and leaves alone what the user copied since; what Safekeep
/// copies carries the `x-kde-passwordManagerHint` target, "secret", that
/// tells clipboard managers to keep it out of their history.
#[tokio::test]
async fn lock_takes_back_our_copy_and_marks_it_secret_for_clipboard_managers() {
    let display = Display::start_alone().await;
    let (_profile, app) = github_with_tokens("lock-clipboard", &display).await;

    copy_the_code(&app, &display).await;
    let targets = display
        .xclip(&["-o", "-selection", "clipboard", "-t", "TARGETS"])
        .expect("the clipboard lists its targets");
    assert!(
        targets
            .lines()
            .any(|target| target == "x-kde-passwordManagerHint"),
        "targets: {targets}"
    );
    assert_eq!(
        display
            .xclip(&[
                "-o",
                "-selection",
                "clipboard",
                "-t",
                "x-kde-passwordManagerHint"
            ])
            .as_deref(),
        Some("secret")
    );
    app.click("lock").await;
    app.find("unlock").await;
    wait_for_empty_clipboard(&app, &display, "Lock empties the clipboard").await;

    // A clipboard manager serves our code now: still ours, still taken back.
    app.click("unlock").await;
    let code = copy_the_code(&app, &display).await;
    display.xclip_takes_over(&code);
    app.click("lock").await;
    app.find("unlock").await;
    wait_for_empty_clipboard(&app, &display, "Lock empties the manager's copy").await;

    // What the user copied after us is theirs: Lock leaves it.
    app.click("unlock").await;
    copy_the_code(&app, &display).await;
    display.xclip_takes_over("the user's own text");
    app.click("lock").await;
    app.find("unlock").await;
    // The lock's clipboard check runs after the window shows the lock
    // screen; give it time to do the wrong thing.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(display.clipboard(), "the user's own text");
    app.quit().await;
}

/// The print view's page is local (`safekeep-sheet://`) and Tauri's IPC is
/// injected into it, but no capability names it: Tauri refuses every
/// command it sends, and its `lock` changes nothing. The same call from the
/// main window works.
#[tokio::test]
async fn the_print_view_may_call_none_of_the_apps_commands() {
    let display = Display::start_alone().await;
    let (_profile, app) = github_with_tokens("print-view-ipc", &display).await;
    let view = open_print_view(&app, &display).await;
    view.cancel_printing(&display);
    view.switch_to(&app).await;

    let invoke = "const [command, done] = arguments;\
        const ipc = window.__TAURI_INTERNALS__;\
        if (!ipc) { done({ noIpc: true }); return; }\
        setTimeout(() => done({ timeout: true }), 10000);\
        ipc.invoke(command, {}).then((ok) => done({ ok }), (err) => done({ err: String(err && err.message || err) }));";
    for command in ["list_accounts", "lock"] {
        let answer = app
            .client
            .execute_async(invoke, vec![json!(command)])
            .await
            .expect("the script runs in the print view");
        let refusal = answer["err"]
            .as_str()
            .unwrap_or_else(|| panic!("{command} from the print view was not refused: {answer}"));
        assert!(refusal.contains("not allowed"), "{command}: {refusal}");
    }

    view.switch_back(&app).await;
    assert_eq!(
        vault_state(&app).await,
        "unlocked",
        "the print view's lock did nothing"
    );
    let accounts = app
        .client
        .execute_async(invoke, vec![json!("list_accounts")])
        .await
        .expect("the script runs in the main window");
    assert_eq!(
        accounts["ok"]["accounts"][0]["issuer"],
        json!("GitHub"),
        "the main window may: {accounts}"
    );
    app.click("close-panel").await;
    app.quit().await;
}

/// The commands that return secrets (an account's QR code, Google transfer
/// codes, tokens in plain text) refuse a call without a grant, with a made
/// up one and with one for something else; the user's click on the button
/// that confirms shows each.
#[tokio::test]
async fn secrets_reach_the_window_only_after_the_users_click() {
    let display = Display::start_alone().await;
    let (profile, app) = github_with_tokens("reveal", &display).await;

    let accounts = call_api(&app, "listAccounts", json!([])).await;
    let id = accounts["ok"]["accounts"][0]["id"]
        .as_str()
        .expect("the account id");
    let tokens_grant = call_api(&app, "grantReveal", json!([{"what": "tokens", "id": id}])).await;
    let tokens_grant = tokens_grant["ok"].as_str().expect("a grant").to_owned();
    let refused = [
        ("accountQrSvg", json!([id])),
        ("accountQrSvg", json!([id, "made-up"])),
        ("accountQrSvg", json!([id, tokens_grant])),
        ("listTokens", json!([id, true])),
        ("googleExportQrCodes", json!([])),
        ("googleExportQrCodes", json!([tokens_grant])),
    ];
    for (name, args) in refused {
        let answer = call_api(&app, name, args.clone()).await;
        assert_eq!(
            answer["err"]["code"],
            json!("app-reveal-not-granted"),
            "{name}({args}) answered {answer}"
        );
    }
    // The masked list needs no grant, and holds no token.
    let masked = call_api(&app, "listTokens", json!([id])).await;
    assert_eq!(masked["ok"][0]["code"], Value::Null, "{masked}");
    // The tokens grant, not used up by the refusals above, works once.
    let shown = call_api(&app, "listTokens", json!([id, true, tokens_grant])).await;
    assert_eq!(shown["ok"][0]["code"], json!(GITHUB_TOKENS[0]), "{shown}");
    let again = call_api(&app, "listTokens", json!([id, true, tokens_grant])).await;
    assert_eq!(again["err"]["code"], json!("app-reveal-not-granted"));

    // The user's clicks.
    open_details(&app).await;
    app.click("show-qr").await;
    app.click("qr-confirm").await;
    app.find("qr-image").await;
    app.screenshot("locks-3-qr-after-click").await;
    app.click("detail-open-tokens").await;
    app.find("tokens-panel").await;
    app.click("tokens-reveal").await;
    app.wait_until("the tokens show in plain text", || async {
        let mut texts = Vec::new();
        for code in app.find_all("token-code").await {
            texts.push(code.text().await.unwrap_or_default());
        }
        GITHUB_TOKENS
            .iter()
            .all(|token| texts.iter().any(|text| text == token))
    })
    .await;
    app.screenshot("locks-4-tokens-after-click").await;
    app.quit().await;

    let app = App::launch(&display, &profile).await;
    app.find("account-row").await;
    open_transfer(&app, "open-export").await;
    app.click("export-google").await;
    app.click("google-confirm").await;
    app.find("google-qr").await;
    app.quit().await;
}
