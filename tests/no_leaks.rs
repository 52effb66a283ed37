//! No secret and no backup token in what the app writes out: the real
//! window, used with a known random secret and known tokens (first run, the
//! account added by its link, its code, tokens pasted, two used through the
//! clipboard and one put back, a refused link holding the secret, the
//! recovery sheet's print view, lock, unlock), with the most verbose
//! settings that exist for the app and the libraries under it
//! (`RUST_LOG=trace`, `RUST_BACKTRACE=full`, `RUST_LIB_BACKTRACE=1`, GLib's
//! `G_MESSAGES_DEBUG=all`, `WEBKIT_DEBUG=all`). Afterwards neither the
//! app's own stdout and stderr (its web processes' included, captured by a
//! wrapper started in its place) nor tauri-driver's and WebKitWebDriver's
//! hold the secret or a token in any form the test kit's `Needles` knows
//! (the secret in base32 in any case, 16 characters of it in a row, hex,
//! raw bytes, 10 of them in a row, or a `Debug` list of them; a token as
//! the site wrote it or normalized); and
//! no file does under the app's data folder (the encrypted vault and its
//! `backups/` included), its config folder, or the HOME, XDG data, cache
//! and state folders and TMPDIR it was given (where WebKit keeps its
//! storage and caches).
//!
//! The app installs no log subscriber today, so `RUST_LOG` changes nothing
//! in the app itself; it is set so that a subscriber added later is
//! covered. What the window shows is the window's business (the code, the
//! tokens in their panel); only the refused link's error is checked here,
//! since an error must never repeat the secret.

use safekeep_e2e::scenario::Scenario;
use safekeep_e2e::steps::{
    add_tokens, assert_code_is_oathtools, lock_and_unlock, print_recovery_sheet,
    refused_link_error, undo_token_use, use_token,
};
use safekeep_e2e::{Display, Launch, app_wrapper, shell_quoted, wait_until_closed};
use safekeep_testkit::leaks::{Needles, files_under};
use safekeep_testkit::secrets::random_secret;

/// A marker the wrapper writes into the output file before it starts the
/// app, with the log setting the app gets: proof the file is the app's.
const MARKER: &str = "safekeep-app starting with RUST_LOG=";

#[tokio::test]
async fn the_apps_output_holds_no_secret_and_no_token_with_all_logging_on() {
    let (secret, raw) = random_secret(20);
    let tokens = ["kq3m-7xpt", "w9rd-c2vn", "h6yb-4fgz"];

    let files = tempfile::tempdir().expect("temp dir");
    let app_output = files.path().join("app-output.txt");
    let driver_output = files.path().join("driver-output.txt");
    let wrapper = files.path().join("safekeep-app-logged");
    app_wrapper(
        &wrapper,
        &format!(
            "echo \"{MARKER}$RUST_LOG\" >> {}",
            shell_quoted(&app_output.display().to_string())
        ),
        &[],
        &app_output,
    );
    // The app's own HOME, data, cache and state folders and TMPDIR, to look
    // through afterwards (its config folder is the profile's).
    let home = tempfile::tempdir().expect("temp dir");
    let mut env: Vec<(String, String)> = [
        ("RUST_LOG", "trace"),
        ("RUST_BACKTRACE", "full"),
        ("RUST_LIB_BACKTRACE", "1"),
        ("G_MESSAGES_DEBUG", "all"),
        ("WEBKIT_DEBUG", "all"),
    ]
    .map(|(key, value)| (key.to_owned(), value.to_owned()))
    .to_vec();
    for (key, dir) in [
        ("HOME", "home"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("TMPDIR", "tmp"),
    ] {
        let path = home.path().join(dir);
        std::fs::create_dir_all(&path).expect("make a folder");
        env.push((key.to_owned(), path.display().to_string()));
    }
    let launch = Launch {
        wrapper: Some(wrapper),
        env,
        driver_output: Some(driver_output.clone()),
    };

    let display = Display::start();
    let (profile, app) = Scenario::made_in_the_window("no-leaks")
        .account("Therapieland", "j.jansen@example.org", &secret)
        .launch_with(&display, &launch)
        .await;
    assert_code_is_oathtools(&app, "Therapieland", &secret).await;
    add_tokens(&app, &tokens).await;
    assert_eq!(use_token(&app, &display, 2).await, tokens[0]);
    assert_eq!(use_token(&app, &display, 1).await, tokens[1]);
    undo_token_use(&app, 2).await;
    app.click("close-panel").await;
    let refused = refused_link_error(&app, &format!("otpauth://{secret}/x?secret={secret}")).await;
    let needles = Needles::new(&[(secret.clone(), raw)], &tokens);
    assert_eq!(
        needles.found_in(refused.as_bytes()),
        Vec::<&str>::new(),
        "the error shown for a refused link: {refused}"
    );
    let sheet = print_recovery_sheet(&app, &display).await;
    assert!(
        sheet.contains(tokens[1]),
        "the sheet shows the unused tokens"
    );
    lock_and_unlock(&app).await;
    app.quit().await;
    wait_until_closed(&app_output);

    let app_text = std::fs::read(&app_output).expect("the app's output");
    assert!(
        String::from_utf8_lossy(&app_text).contains(&format!("{MARKER}trace")),
        "the app ran through the wrapper, with RUST_LOG=trace"
    );
    let driver_text = std::fs::read(&driver_output).expect("the drivers' output");
    println!(
        "checked {} bytes of app output and {} of driver output",
        app_text.len(),
        driver_text.len()
    );
    let mut leaks = Vec::new();
    for (whose, text) in [("the app's", &app_text), ("the drivers'", &driver_text)] {
        for found in needles.found_in(text) {
            leaks.push(format!("{found} in {whose} output"));
        }
    }
    let mut files = Vec::new();
    for dir in [
        home.path(),
        profile.data_dir.path(),
        profile.config_dir.path(),
    ] {
        files.extend(files_under(dir));
    }
    assert!(
        files.iter().any(|file| file.ends_with("vault.skv")),
        "the vault is among the files looked through: {files:?}"
    );
    println!("looked through {} files", files.len());
    for file in &files {
        let bytes = std::fs::read(file).expect("read a file");
        for found in needles.found_in(&bytes) {
            leaks.push(format!("{found} in {}", file.display()));
        }
    }
    assert!(leaks.is_empty(), "leaked:\n{}", leaks.join("\n"));
}
