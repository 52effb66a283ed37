//! The app as a person uses it, in the real window: first run, codes equal
//! to oathtool's, backup tokens used one by one with undo, a restart, search,
//! lock and unlock, and bad input that changes nothing.
//!
//! Scenarios run one at a time (each starts its own X server and app): two
//! WebKit instances at once on a two-core machine only make failures slower.

use std::collections::HashSet;
use std::process::Command;

use safekeep_e2e::{App, Display, Profile, artifacts_dir, now, oathtool_totp};

static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const TOKENS: [&str; 5] = [
    "ab12-cd34",
    "ef56-gh78",
    "ij90-kl12",
    "mn34-op56",
    "qr78-st90",
];

fn uri(issuer: &str, account: &str, secret: &str) -> String {
    format!("otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}")
}

async fn create_vault(app: &App) {
    app.click("create-vault").await;
    app.find("empty-state").await;
}

async fn add_by_uri(app: &App, link: &str) {
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

fn digits_only(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

#[tokio::test]
async fn first_run_creates_a_keychain_vault_and_shows_oathtools_code() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let display = Display::start();
    let profile = Profile::new("first-run");
    let app = App::launch(&display, &profile).await;

    app.find("create-vault").await;
    app.screenshot("1-first-run").await;
    create_vault(&app).await;
    assert!(profile.data_dir.path().join("vault.skv").exists());
    let stored = Command::new("secret-tool")
        .args(["search", "--all", "service", &profile.keyring_service])
        .output()
        .expect("secret-tool runs");
    assert!(
        String::from_utf8_lossy(&stored.stdout).contains("vault-"),
        "the vault key is in the real keychain"
    );

    add_by_uri(&app, &uri("Example", "me@example.org", SECRET)).await;
    // Read between two clock readings: the code must be oathtool's for one
    // of them, whichever side of a period boundary the read fell on.
    let before = now();
    let shown = digits_only(&app.text_of("code").await);
    let after = now();
    let expected: HashSet<String> =
        [oathtool_totp(SECRET, before), oathtool_totp(SECRET, after)].into();
    assert!(
        expected.contains(&shown),
        "shown {shown}, oathtool {expected:?}"
    );
    app.screenshot("1-code").await;
    app.quit().await;
}

#[tokio::test]
async fn backup_tokens_are_used_one_by_one_with_undo_and_survive_a_restart() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let display = Display::start();
    let profile = Profile::new("tokens");
    let app = App::launch(&display, &profile).await;
    create_vault(&app).await;
    add_by_uri(&app, &uri("Therapieland", "j.jansen@example.org", SECRET)).await;

    // A new account has no token chip yet; its details lead to the panel.
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
    let pasted: Vec<String> = TOKENS
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{}. {t}", i + 1))
        .collect();
    app.type_into("tokens-textarea", &pasted.join("\n")).await;
    app.wait_until("the preview counts 5 tokens", || async {
        app.text_of("tokens-preview").await.contains('5')
    })
    .await;
    app.click("tokens-submit").await;
    app.wait_until("5 of 5 are unused", || async {
        let count = app.text_of("tokens-count").await;
        count.contains('5') && !count.contains('4')
    })
    .await;
    app.screenshot("2-tokens-added").await;

    let mut handed_out = Vec::new();
    for used in 1..=TOKENS.len() {
        let previous = display.clipboard();
        app.click("use-token").await;
        app.wait_until("the token reaches the clipboard", || async {
            let now = display.clipboard();
            !now.is_empty() && now != previous
        })
        .await;
        let token = display.clipboard();
        assert!(
            TOKENS.contains(&token.as_str()),
            "copied {token:?}, not one of ours"
        );
        assert!(!handed_out.contains(&token), "{token} handed out twice");
        handed_out.push(token);
        let left = TOKENS.len() - used;
        app.wait_until("the count goes down", || async {
            app.text_of("tokens-count")
                .await
                .starts_with(&left.to_string())
        })
        .await;
        if left <= 1 {
            assert!(
                app.is_present("tokens-banner").await,
                "generate-more warning at {left} left"
            );
        }
    }
    app.screenshot("2-tokens-exhausted").await;
    assert!(
        app.text_of("tokens-banner").await.contains("Therapieland"),
        "the banner says where to generate more"
    );

    app.click("toast-undo").await;
    app.wait_until("undo puts the last token back", || async {
        app.text_of("tokens-count").await.starts_with('1')
    })
    .await;
    app.quit().await;

    // Quit and start again: same vault, opened through the keychain.
    let app = App::launch(&display, &profile).await;
    app.find("account-row").await;
    app.click("open-tokens").await;
    app.wait_until("the count survived the restart", || async {
        app.text_of("tokens-count").await.starts_with('1')
    })
    .await;
    let mut used_rows = 0;
    for row in app.find_all("token-row").await {
        if row.attr("data-used").await.expect("attribute").as_deref() == Some("true") {
            used_rows += 1;
        }
    }
    assert_eq!(used_rows, 4, "the four used tokens are still used");
    app.screenshot("3-after-restart").await;
    app.quit().await;
}

#[tokio::test]
async fn search_narrows_the_list_and_the_vault_locks_and_unlocks() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let display = Display::start();
    let profile = Profile::new("search");
    let app = App::launch(&display, &profile).await;
    create_vault(&app).await;
    add_by_uri(&app, &uri("GitHub", "me", SECRET)).await;
    add_by_uri(&app, &uri("GitLab", "me", "GEZDGNBVGY3TQOJQ")).await;
    add_by_uri(&app, &uri("Therapieland", "me", "MFRGGZDFMZTWQ2LK")).await;

    // Type to search: keys typed on the list (not in the field) search.
    app.click("lock").await;
    app.click("unlock").await;
    app.find("account-row").await;
    app.client
        .active_element()
        .await
        .expect("something has focus")
        .send_keys("git")
        .await
        .expect("type on the list");
    assert_eq!(
        app.find("search")
            .await
            .prop("value")
            .await
            .expect("value")
            .as_deref(),
        Some("git"),
        "typing on the list goes into the search field"
    );
    app.wait_until("two rows match 'git'", || async {
        app.count_displayed("account-row").await == 2
    })
    .await;
    app.type_into("search", "therap").await;
    app.wait_until("one row matches 'therap'", || async {
        app.count_displayed("account-row").await == 1
    })
    .await;
    app.screenshot("4-search").await;

    app.click("lock").await;
    app.find("unlock").await;
    assert!(
        app.count_displayed("account-row").await == 0,
        "nothing shows while locked"
    );
    app.screenshot("4-locked").await;
    app.click("unlock").await;
    app.type_into("search", "").await;
    app.wait_until("all three accounts are back", || async {
        app.count_displayed("account-row").await == 3
    })
    .await;
    app.quit().await;
}

#[tokio::test]
async fn a_malformed_link_and_a_picture_without_a_code_show_errors_and_change_nothing() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let display = Display::start();
    let profile = Profile::new("bad-input");
    let app = App::launch(&display, &profile).await;
    create_vault(&app).await;
    add_by_uri(&app, &uri("Example", "me", SECRET)).await;
    let vault_file = profile.data_dir.path().join("vault.skv");
    let before = std::fs::read(&vault_file).expect("vault");

    app.click("add").await;
    app.click("tab-uri").await;
    app.type_into("uri-input", "otpauth://totp/Broken?issuer=Broken")
        .await;
    app.click("uri-submit").await;
    let error = app.text_eventually("uri-error").await;
    assert!(
        error.contains("secret"),
        "the error names what is missing: {error}"
    );
    app.screenshot("5-bad-link").await;

    let blank = artifacts_dir().join("no-qr-code.png");
    let made = Command::new("convert")
        .args([
            "-size",
            "120x120",
            "xc:white",
            &format!("png32:{}", blank.display()),
        ])
        .status()
        .expect("ImageMagick's convert runs (apt package imagemagick)");
    assert!(made.success());
    app.click("tab-image").await;
    app.find("image-input")
        .await
        .send_keys(&blank.display().to_string())
        .await
        .expect("choose the picture");
    let error = app.text_eventually("image-error").await;
    assert!(
        error.contains("QR"),
        "the error says no QR code was found: {error}"
    );
    app.screenshot("5-bad-image").await;

    assert_eq!(
        std::fs::read(&vault_file).expect("vault"),
        before,
        "nothing was written"
    );
    app.quit().await;
}

/// Runs the `safekeep` command line on the same vault as the app.
fn cli(profile: &Profile, args: &[&str], stdin: &str) {
    use std::io::Write;
    let binary = safekeep_e2e::app_binary().with_file_name("safekeep");
    let mut child = Command::new(&binary)
        .args(args)
        .env("SAFEKEEP_DATA_DIR", profile.data_dir.path())
        .env("SAFEKEEP_KEYRING_SERVICE", &profile.keyring_service)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("{} runs: {error}", binary.display()));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    assert!(
        child.wait().expect("safekeep exits").success(),
        "safekeep {args:?} failed"
    );
}

/// A vault as a real user has it, made with the command line while the app
/// is open: the app shows what the CLI changed once its window is focused.
/// Also the source of the README's screenshots.
#[tokio::test]
async fn the_app_shows_what_the_command_line_changed() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let display = Display::start();
    let profile = Profile::new("cli-and-app");
    cli(&profile, &["init"], "");
    let app = App::launch(&display, &profile).await;
    app.find("empty-state").await;

    cli(&profile, &["add", &uri("GitHub", "j.jansen", SECRET)], "");
    cli(
        &profile,
        &[
            "add",
            &uri("Google", "j.jansen@gmail.com", "GEZDGNBVGY3TQOJQ"),
        ],
        "",
    );
    cli(
        &profile,
        &[
            "add",
            &uri("Therapieland", "j.jansen@example.org", "MFRGGZDFMZTWQ2LK"),
        ],
        "",
    );
    cli(
        &profile,
        &["tokens", "add", "therapieland"],
        &TOKENS.join("\n"),
    );
    cli(&profile, &["tokens", "use", "therapieland"], "");
    cli(&profile, &["tokens", "use", "therapieland"], "");
    cli(
        &profile,
        &["add", "--issuer", "Proton", "--label", "jansen@proton.me"],
        "",
    );
    cli(
        &profile,
        &["tokens", "add", "proton"],
        "1234 5678\n2345 6789",
    );
    cli(&profile, &["tokens", "use", "proton"], "");

    // Focus is what tells the app to look again; WebDriver gives it by
    // switching to the window.
    let window = app.client.window().await.expect("window handle");
    app.client
        .switch_to_window(window)
        .await
        .expect("focus the window");
    app.client
        .execute("window.dispatchEvent(new Event('focus'));", vec![])
        .await
        .expect("focus event");
    app.wait_until(
        "the four accounts made on the command line show",
        || async { app.count_displayed("account-row").await == 4 },
    )
    .await;
    let mut chips = Vec::new();
    for chip in app.find_all("tokens-chip").await {
        chips.push(chip.text().await.expect("chip text"));
    }
    assert!(
        chips.iter().any(|c| c.contains("3/5")),
        "Therapieland 3/5: {chips:?}"
    );
    assert!(
        chips.iter().any(|c| c.contains("1/2")),
        "Proton 1/2, running low: {chips:?}"
    );
    app.screenshot("main-window").await;

    let mut therapieland_chip = None;
    for chip in app.find_all("tokens-chip").await {
        if chip.text().await.expect("chip text").contains("3/5") {
            therapieland_chip = Some(chip);
        }
    }
    therapieland_chip
        .expect("Therapieland's 3/5 chip")
        .click()
        .await
        .expect("open its tokens");
    app.wait_until("the panel counts 3 of 5", || async {
        app.text_of("tokens-count").await.starts_with('3')
    })
    .await;
    app.screenshot("tokens-panel").await;
    app.quit().await;
}
