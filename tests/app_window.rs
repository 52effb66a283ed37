//! The app as a person uses it, in the real window: first run, codes equal
//! to oathtool's, backup tokens used one by one with undo, a restart, search,
//! lock and unlock, bad input that changes nothing, other apps' exports
//! imported (file, QR picture, drop), exports, the recovery sheet saved and
//! printed, and an encrypted backup restored after the data folder and
//! keychain are gone.
//!
//! Scenarios run one at a time (each starts its own X server and app, see
//! [`Display::start_alone`]).

use std::process::Command;

use safekeep_e2e::scenario::{OTHER_SECRET, SECRET, Scenario, THIRD_SECRET, TOKENS};
use safekeep_e2e::steps::{
    add_by_uri, add_tokens, assert_code_is_oathtools, choose_in_open_dialog, close_panels,
    create_vault, digits_only, open_print_view, open_transfer, undo_token_use, uri, use_token,
};
use safekeep_e2e::{ALWAYS_OPEN_WINDOWS, App, Display, Profile, artifacts_dir, now};

/// The backup tokens of the account that holds nothing else.
const PROTON_TOKENS: [&str; 2] = ["1234 5678", "2345 6789"];

#[tokio::test]
async fn first_run_creates_a_keychain_vault_and_shows_oathtools_code() {
    let display = Display::start_alone().await;
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
    assert_code_is_oathtools(&app, "Example", SECRET).await;
    app.screenshot("1-code").await;
    app.quit().await;
}

#[tokio::test]
async fn backup_tokens_are_used_one_by_one_with_undo_and_survive_a_restart() {
    let display = Display::start_alone().await;
    let (profile, app) = Scenario::made_in_the_window("tokens")
        .account("Therapieland", "j.jansen@example.org", SECRET)
        .launch(&display)
        .await;

    // A new account has no token chip yet; its details lead to the panel.
    add_tokens(&app, &TOKENS).await;
    app.screenshot("2-tokens-added").await;

    let mut handed_out = Vec::new();
    for used in 1..=TOKENS.len() {
        let left = TOKENS.len() - used;
        let token = use_token(&app, &display, left).await;
        assert!(
            TOKENS.contains(&token.as_str()),
            "copied {token:?}, not one of ours"
        );
        assert!(!handed_out.contains(&token), "{token} handed out twice");
        handed_out.push(token);
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

    undo_token_use(&app, 1).await;
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
    let display = Display::start_alone().await;
    let (_profile, app) = Scenario::made_in_the_window("search")
        .account("GitHub", "me", SECRET)
        .account("GitLab", "me", OTHER_SECRET)
        .account("Therapieland", "me", THIRD_SECRET)
        .launch(&display)
        .await;

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
    let display = Display::start_alone().await;
    let (profile, app) = Scenario::made_in_the_window("bad-input")
        .account("Example", "me", SECRET)
        .launch(&display)
        .await;
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
    choose_in_open_dialog(&app, &display, "image-choose", "^Choose ", &blank).await;
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

/// Adds the site the scenarios lean on: Therapieland with the five TOKENS,
/// the first two used.
fn with_therapieland_two_tokens_used(scenario: Scenario) -> Scenario {
    scenario
        .account("Therapieland", "j.jansen@example.org", THIRD_SECRET)
        .tokens("therapieland", &TOKENS)
        .tokens_used("therapieland", 2)
}

/// A vault as a real user has it, made with the command line while the app
/// is open: the app shows what the CLI changed once its window is focused.
/// Also the source of the README's screenshots.
#[tokio::test]
async fn the_app_shows_what_the_command_line_changed() {
    let display = Display::start_alone().await;
    let scenario = Scenario::new("cli-and-app")
        .account("GitHub", "j.jansen", SECRET)
        .account("Google", "j.jansen@gmail.com", OTHER_SECRET);
    let (_profile, app) = with_therapieland_two_tokens_used(scenario)
        .account_without_secret("Proton", "jansen@proton.me")
        .tokens("proton", &PROTON_TOKENS)
        .tokens_used("proton", 1)
        .launch_then_add_with_cli(&display)
        .await;

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

/// The text of the element with that hook right now ("" when there is
/// none): for polling, where the element may be replaced between reads.
async fn text_now(app: &App, hook: &str) -> String {
    let text = app
        .client
        .execute(
            "const el = document.querySelector(`[data-test='${arguments[0]}']`);\
             return el ? el.textContent : '';",
            vec![serde_json::json!(hook)],
        )
        .await
        .expect("text script runs");
    text.as_str().unwrap_or_default().to_owned()
}

/// Imports another app's exports through the window: an Aegis plain file and
/// a picture of Google Authenticator's migration QR code, made by the command
/// line from other vaults; the codes equal oathtool's.
#[tokio::test]
async fn another_apps_exports_are_imported_and_make_oathtools_codes() {
    let display = Display::start_alone().await;
    let files = tempfile::tempdir().expect("temp dir");

    let aegis_source = Scenario::new("aegis-source")
        .account("GitHub", "j.jansen", SECRET)
        .account("Therapieland", "j.jansen@example.org", THIRD_SECRET)
        .profile();
    let aegis_file = files.path().join("aegis-export.json");
    std::fs::write(
        &aegis_file,
        aegis_source.cli_output(&["export", "--format", "aegis", "--yes"], ""),
    )
    .expect("write the Aegis export");

    let google_source = Scenario::new("google-source")
        .account("Google", "j.jansen@gmail.com", OTHER_SECRET)
        .profile();
    let migration = google_source.cli_output(&["export", "--format", "google", "--yes"], "");
    let migration = migration.lines().next().expect("a migration link").trim();
    assert!(migration.starts_with("otpauth-migration://"), "{migration}");
    let qr_file = files.path().join("google-export.png");
    let drawn = Command::new("qrencode")
        .args(["-s", "6", "-o"])
        .arg(&qr_file)
        .arg(migration)
        .status()
        .expect("qrencode runs (apt package qrencode; scripts/setup.sh installs it)");
    assert!(drawn.success(), "qrencode failed");

    let (profile, app) = Scenario::made_in_the_window("import")
        .launch(&display)
        .await;
    app.click("empty-import").await;
    app.find("import-panel").await;
    app.screenshot("import-1-panel").await;
    choose_in_open_dialog(&app, &display, "import-choose", "^Choose ", &aegis_file).await;
    app.find("import-report").await;
    assert_eq!(app.text_of("import-added").await, "Added: 2");
    assert_eq!(app.text_of("import-skipped").await, "Already here: 0");
    app.screenshot("import-2-aegis-report").await;

    // The same file again adds nothing.
    choose_in_open_dialog(&app, &display, "import-choose", "^Choose ", &aegis_file).await;
    app.wait_until("the second import reports duplicates", || async {
        text_now(&app, "import-skipped").await == "Already here: 2"
    })
    .await;
    assert_eq!(app.text_of("import-added").await, "Added: 0");

    close_panels(&app).await;
    open_transfer(&app, "open-import").await;
    choose_in_open_dialog(&app, &display, "import-choose", "^Choose ", &qr_file).await;
    app.find("import-report").await;
    assert_eq!(app.text_of("import-added").await, "Added: 1");
    app.screenshot("import-3-qr-report").await;
    close_panels(&app).await;

    app.wait_until("three accounts are listed", || async {
        app.count_displayed("account-row").await == 3
    })
    .await;
    assert_code_is_oathtools(&app, "GitHub", SECRET).await;
    assert_code_is_oathtools(&app, "Therapieland", THIRD_SECRET).await;
    assert_code_is_oathtools(&app, "Google", OTHER_SECRET).await;

    // No backup yet: one reminder, and dismissing it keeps it away.
    app.find("backup-reminder").await;
    app.screenshot("import-4-list-with-reminder").await;
    app.click("reminder-dismiss").await;
    assert!(!app.is_present("backup-reminder").await);
    app.click("settings").await;
    app.click("close-panel").await;
    app.find("account-row").await;
    assert!(
        !app.is_present("backup-reminder").await,
        "reminded only once"
    );

    // A file dropped on the list is imported (the window leaves drops to
    // the page): the same Aegis file again, so all are already here.
    let aegis_text = std::fs::read_to_string(&aegis_file).expect("the Aegis file");
    app.client
        .execute(
            "const data = new DataTransfer();\
             data.items.add(new File([arguments[0]], 'aegis-export.json', {type: 'application/json'}));\
             for (const type of ['dragover', 'drop']) {\
               document.body.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));\
             }",
            vec![serde_json::json!(aegis_text)],
        )
        .await
        .expect("drop the file");
    app.find("import-panel").await;
    app.wait_until("the dropped file is reported", || async {
        app.is_present("import-skipped").await
            && text_now(&app, "import-skipped").await == "Already here: 2"
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    app.screenshot("import-5-dropped").await;
    app.click("close-panel").await;

    // Exports say they are not encrypted before writing anything.
    open_transfer(&app, "open-export").await;
    app.click("export-aegis").await;
    app.find("export-warning").await;
    assert!(
        std::fs::read_dir(profile.backups_dir()).is_err(),
        "nothing written before the confirmation"
    );
    app.screenshot("export-1-warning").await;
    app.click("export-confirm").await;
    answer_save_dialog(&display, "Return");
    let exported = app.text_eventually("export-written-path").await;
    let exported_text = std::fs::read_to_string(&exported).expect("the export file");
    let parsed: serde_json::Value = serde_json::from_str(&exported_text).expect("Aegis JSON");
    assert_eq!(parsed["db"]["entries"].as_array().map(Vec::len), Some(3));
    app.screenshot("export-2-written").await;
    app.click("sheet-secrets").await;
    app.click("save-sheet").await;
    answer_save_dialog(&display, "Return");
    app.wait_until("the sheet's path shows", || async {
        text_now(&app, "export-written-path")
            .await
            .ends_with(".html")
    })
    .await;
    let sheet =
        std::fs::read_to_string(app.text_of("export-written-path").await).expect("the sheet file");
    assert!(sheet.contains("Therapieland") && sheet.contains("GitHub"));
    app.screenshot("export-3-sheet").await;
    app.quit().await;
}

/// The recovery sheet prints from a window of its own showing the sheet: the
/// unused backup tokens but neither the used ones nor, unless asked, the
/// secret key, with the system print dialog over it. Locking closes it.
#[tokio::test]
async fn the_recovery_sheet_prints_from_a_view_that_locking_closes() {
    let display = Display::start_alone().await;
    let (_profile, app) = with_therapieland_two_tokens_used(Scenario::new("print"))
        .launch(&display)
        .await;
    let view = open_print_view(&app, &display).await;
    // Give the dialog a moment to paint before the picture.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    display.screenshot("print-1-dialog");

    let body = view.read(&app).await;
    assert!(body.contains("Therapieland"), "{body}");
    for unused in &TOKENS[2..] {
        assert!(body.contains(unused), "{unused} is on the sheet: {body}");
    }
    for used in &TOKENS[..2] {
        assert!(!body.contains(used), "used {used} is not on the sheet");
    }
    assert!(
        !body.contains(&THIRD_SECRET[..4]),
        "no secret key unless asked"
    );
    let scripts = app
        .client
        .execute("return document.scripts.length", vec![])
        .await
        .expect("count scripts");
    assert_eq!(
        scripts,
        serde_json::json!(0),
        "the print view runs no script"
    );

    // Cancel printing; the view stays until the app locks.
    view.cancel_printing(&display);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    display.screenshot("print-2-view");
    view.switch_back(&app).await;
    close_panels(&app).await;
    app.click("lock").await;
    app.wait_until("locking closes the print view", || async {
        app.window_count().await == ALWAYS_OPEN_WINDOWS
    })
    .await;
    app.find("unlock").await;
    app.quit().await;
}

/// Answers the system's save dialog as a person would: Return saves under
/// the suggested name in the suggested folder (the profile's backups
/// folder), Escape cancels.
fn answer_save_dialog(display: &Display, key: &str) {
    let dialog = display.wait_for_x_window("^Save the ");
    display.press_key_in(&dialog, key);
}

/// An encrypted backup made in the window restores onto a computer that
/// starts from nothing (data folder and keychain entries gone): the same
/// accounts, the same codes and the same used backup tokens.
#[tokio::test]
async fn an_encrypted_backup_restores_after_the_data_is_gone() {
    let display = Display::start_alone().await;
    let scenario = Scenario::new("backup").account("GitHub", "j.jansen", SECRET);
    let (profile, app) = with_therapieland_two_tokens_used(scenario)
        .launch(&display)
        .await;
    app.click("settings").await;
    assert_eq!(
        app.text_eventually("last-backup").await,
        "Last backup: never"
    );
    app.client
        .execute(
            "document.querySelector(\"[data-test='transfer-section']\").scrollIntoView();",
            vec![],
        )
        .await
        .expect("scroll to the backup section");
    // Let the panel finish sliding in before the picture.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    app.screenshot("backup-1-settings").await;
    app.click("open-backup").await;
    app.type_into("new-password", "correct horse").await;
    app.type_into("repeat-password", "correct horse").await;
    app.screenshot("backup-2-password").await;
    // Cancelling the save dialog writes nothing and keeps the passwords.
    app.click("backup-submit").await;
    answer_save_dialog(&display, "Escape");
    app.wait_until("the dialog closes and the form is ready again", || async {
        app.find("backup-submit")
            .await
            .is_enabled()
            .await
            .unwrap_or(false)
    })
    .await;
    let written_so_far = std::fs::read_dir(profile.backups_dir()).map_or(0, |dir| dir.count());
    assert_eq!(written_so_far, 0, "a cancelled backup writes nothing");
    assert!(!app.is_present("backup-written").await);
    app.click("backup-submit").await;
    let dialog = display.wait_for_x_window("^Save the ");
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    display.screenshot("backup-3-save-dialog");
    display.press_key_in(&dialog, "Return");
    let shown_path = app.text_eventually("backup-written-path").await;
    app.screenshot("backup-4-written").await;
    let backups: Vec<_> = std::fs::read_dir(profile.backups_dir())
        .expect("the backups folder exists")
        .map(|entry| entry.expect("entry").path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(shown_path, backups[0].display().to_string());
    let backup_file = files_copy(&backups[0]);
    close_panels(&app).await;
    app.click("settings").await;
    app.wait_until("settings show the backup's date", || async {
        text_now(&app, "last-backup").await != "Last backup: never"
    })
    .await;
    app.click("close-panel").await;
    app.quit().await;

    // The computer is gone: no vault, no key in the keychain.
    for entry in std::fs::read_dir(profile.data_dir.path()).expect("data dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).expect("remove dir");
        } else {
            std::fs::remove_file(&path).expect("remove file");
        }
    }
    let cleared = Command::new("secret-tool")
        .args(["clear", "service", &profile.keyring_service])
        .status()
        .expect("secret-tool runs");
    assert!(cleared.success());

    let app = App::launch(&display, &profile).await;
    app.find("create-vault").await;
    app.screenshot("backup-5-first-run-again").await;
    create_vault(&app).await;
    open_transfer(&app, "open-restore").await;
    choose_in_open_dialog(
        &app,
        &display,
        "restore-choose",
        "^Choose ",
        backup_file.path(),
    )
    .await;
    app.type_into("restore-password", "wrong password").await;
    app.click("restore-submit").await;
    let wrong = app.text_eventually("restore-error").await;
    assert!(wrong.contains("password"), "{wrong}");
    app.screenshot("backup-6-wrong-password").await;
    app.type_into("restore-password", "correct horse").await;
    app.click("restore-replace").await;
    app.screenshot("backup-7-restore-form").await;
    app.click("restore-submit").await;
    app.find("restore-report").await;
    app.screenshot("backup-8-restored").await;
    close_panels(&app).await;

    app.wait_until("both accounts are back", || async {
        app.count_displayed("account-row").await == 2
    })
    .await;
    assert_code_is_oathtools(&app, "GitHub", SECRET).await;
    assert_code_is_oathtools(&app, "Therapieland", THIRD_SECRET).await;
    let chip = app.text_of("tokens-chip").await;
    assert!(chip.contains("3/5"), "two tokens stay used: {chip}");
    app.click("tokens-chip").await;
    app.wait_until("the panel counts 3 of 5", || async {
        app.text_of("tokens-count").await.starts_with('3')
    })
    .await;
    let used = app
        .client
        .execute(
            "return document.querySelectorAll(\"[data-test='token-row'][data-used='true']\").length;",
            vec![],
        )
        .await
        .expect("count used tokens");
    assert_eq!(used.as_u64(), Some(2), "the same two tokens are used");
    app.screenshot("backup-9-tokens-after-restore").await;
    app.quit().await;
}

/// A copy of the backup outside the profile, as a USB stick would hold it.
fn files_copy(path: &std::path::Path) -> tempfile::NamedTempFile {
    let copy = tempfile::Builder::new()
        .suffix(".skbackup")
        .tempfile()
        .expect("temp file");
    std::fs::copy(path, copy.path()).expect("copy the backup");
    copy
}

/// "Move to a phone": the Export panel shows Google Authenticator transfer
/// QR codes behind a warning, one at a time, and names what Google cannot
/// carry. The QR code read back from the window imports on the command line
/// into a fresh vault that makes the same codes.
#[tokio::test]
async fn move_to_a_phone_shows_google_qr_codes_that_import_elsewhere() {
    let display = Display::start_alone().await;
    let files = tempfile::tempdir().expect("temp dir");
    let (profile, app) = Scenario::new("google-qr")
        .account("GitHub", "j.jansen", SECRET)
        .account("Google", "j.jansen@gmail.com", OTHER_SECRET)
        .account_without_secret("Proton", "jansen@proton.me")
        .tokens("proton", &PROTON_TOKENS)
        .launch(&display)
        .await;
    open_transfer(&app, "open-export").await;
    app.click("export-google").await;
    app.find("google-warning").await;
    assert!(
        !app.is_present("google-qr").await,
        "no QR code before the warning is confirmed"
    );
    app.click("google-confirm").await;
    let image = app.find("google-qr").await;
    assert_eq!(app.text_of("google-qr-count").await, "1 of 1");
    let left_out = app.text_of("google-left-out").await;
    assert!(left_out.contains("Proton"), "left out: {left_out}");
    assert!(
        !left_out.contains("GitHub") && !left_out.contains("Google ("),
        "left out: {left_out}"
    );
    assert!(
        !app.find("google-qr-next")
            .await
            .is_enabled()
            .await
            .expect("next state"),
        "one code: nothing next"
    );
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    app.screenshot("export-4-move-to-phone").await;

    // Read the code back as a phone would.
    let src = image
        .attr("src")
        .await
        .expect("src")
        .expect("the QR image has a src");
    let base64 = src
        .strip_prefix("data:image/svg+xml;base64,")
        .unwrap_or_else(|| panic!("an SVG data URI: {src:.40}"));
    let svg = files.path().join("google-qr.svg");
    let decoded = Command::new("base64")
        .arg("-d")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(base64.as_bytes())?;
            child.wait_with_output()
        })
        .expect("base64 runs");
    assert!(decoded.status.success(), "base64 -d failed");
    std::fs::write(&svg, &decoded.stdout).expect("write the SVG");
    let png = files.path().join("google-qr.png");
    let drawn = Command::new("rsvg-convert")
        .args(["--width", "600", "--background-color", "white", "-o"])
        .arg(&png)
        .arg(&svg)
        .status()
        .expect("rsvg-convert runs (apt package librsvg2-bin; scripts/setup.sh installs it)");
    assert!(drawn.success(), "rsvg-convert failed");
    let read = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sbinary"])
        .arg(&png)
        .output()
        .expect("zbarimg runs (apt package zbar-tools; scripts/setup.sh installs it)");
    assert!(read.status.success(), "zbarimg found no QR code");
    let link = String::from_utf8(read.stdout).expect("utf-8");
    let link = link.trim();
    assert!(link.starts_with("otpauth-migration://"), "{link}");

    // Hiding the codes takes them out of the page.
    app.click("google-hide").await;
    app.find("export-google").await;
    assert!(!app.is_present("google-qr").await, "the code is gone");
    app.quit().await;

    let phone = Scenario::new("google-qr-phone").profile();
    let link_file = files.path().join("migration.txt");
    std::fs::write(&link_file, format!("{link}\n")).expect("write the link");
    phone.cli(&["import", &link_file.display().to_string()], "");
    let at = now().to_string();
    for name in ["github", "google"] {
        let original = profile.cli_output(&["code", name, "--at", &at], "");
        let moved = phone.cli_output(&["code", name, "--at", &at], "");
        assert_eq!(moved, original, "{name}'s codes on the phone");
        assert_eq!(digits_only(&moved).len(), 6, "{name}: {moved}");
    }
    let proton = phone.cli_run(&["code", "proton"], "");
    assert!(!proton.status.success(), "Proton was not carried");
}
