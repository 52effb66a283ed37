//! Moving in from the desktop (issue 13, items 5 and 6): a picture of a QR
//! code on the real X clipboard, pasted with Ctrl+V in the real window and
//! read by `safekeep add --from-clipboard`; and a QR code shown in a window
//! of its own, found by "Scan the screen" and by `safekeep add
//! --from-screen`. Each added account must make oathtool's code.
//!
//! Scenarios run one at a time (each starts its own X server and app, see
//! [`Display::start_alone`]).

use std::path::Path;
use std::process::{Command, Output, Stdio};

use safekeep_e2e::scenario::{OTHER_SECRET, SECRET};
use safekeep_e2e::steps::{assert_code_is_oathtools, open_transfer, uri};
use safekeep_e2e::{App, Display, Profile};
use safekeep_testkit::oathtool::oathtool_default_totp;

/// A fixed time for comparing the command line's codes with oathtool's.
const AT: u64 = 1_700_000_000;

/// Draws a PNG of a QR code holding `text` with `qrencode`.
fn qr_png(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("code.png");
    let status = Command::new("qrencode")
        .args(["-s", "6", "-o"])
        .arg(&path)
        .arg(text)
        .status()
        .expect("qrencode runs (apt package qrencode; scripts/setup.sh installs it)");
    assert!(status.success(), "qrencode drew the code");
    path
}

/// Makes `xclip` the owner of the X clipboard, serving `png` as
/// `image/png`, as an image viewer's "Copy image" does.
fn copy_picture(display: &Display, png: &Path) {
    let status = Command::new("xclip")
        .args(["-selection", "clipboard", "-t", "image/png", "-i"])
        .arg(png)
        .env("DISPLAY", &display.name)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("xclip runs (apt package xclip; scripts/setup.sh installs it)");
    assert!(status.success(), "xclip took the clipboard");
}

/// Shows `png` in a window of its own (ImageMagick's `display`) at the
/// right of the screen, beside the app, and waits until it is mapped.
fn show_in_own_window(display: &Display, png: &Path) -> Guarded {
    let viewer = Command::new("display")
        .args(["-geometry", "+900+200"])
        .arg(png)
        .env("DISPLAY", &display.name)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ImageMagick's display runs (apt package imagemagick; scripts/setup.sh)");
    let viewer = Guarded(viewer);
    display.wait_for_x_window("ImageMagick");
    viewer
}

/// A viewer killed when the scenario ends.
struct Guarded(std::process::Child);

impl Drop for Guarded {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the command line on `profile`'s vault on `display`.
fn cli_on_display(profile: &Profile, display: &Display, args: &[&str]) -> Output {
    let binary = safekeep_e2e::app_binary().with_file_name("safekeep");
    Command::new(&binary)
        .args(args)
        .env("SAFEKEEP_DATA_DIR", profile.data_dir.path())
        .env("SAFEKEEP_KEYRING_SERVICE", &profile.keyring_service)
        .env("DISPLAY", &display.name)
        .env("LANG", "en_US.UTF-8")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("{} runs: {error}", binary.display()))
}

/// The code the command line makes for `query` at [`AT`].
fn cli_code(profile: &Profile, query: &str) -> String {
    let at = AT.to_string();
    profile
        .cli_output(&["code", query, "--at", &at], "")
        .trim()
        .to_owned()
}

/// An empty vault made with the command line, and the app on it.
async fn empty_vault(display: &Display, name: &str) -> (Profile, App) {
    let profile = Profile::new(name);
    profile.cli(&["init"], "");
    let app = App::launch(display, &profile).await;
    app.find("empty-state").await;
    (profile, app)
}

/// Waits until `count` accounts are listed.
async fn wait_for_rows(app: &App, count: usize) {
    app.wait_until(&format!("{count} accounts are listed"), || async {
        app.find_all("account-row").await.len() == count
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_qr_picture_pasted_from_the_x_clipboard_is_added() {
    let display = Display::start_alone().await;
    let (_profile, app) = empty_vault(&display, "paste").await;
    let pictures = tempfile::tempdir().expect("temp dir");

    // Ctrl+V on the list: the picture is read in Rust and its account added.
    copy_picture(
        &display,
        &qr_png(pictures.path(), &uri("Pasted", "me", SECRET)),
    );
    let window = display.wait_for_x_window("^Safekeep$");
    display.press_key_in(&window, "ctrl+v");
    wait_for_rows(&app, 1).await;
    assert_code_is_oathtools(&app, "Pasted", SECRET).await;

    // Ctrl+V on the Add panel, away from its text fields.
    copy_picture(
        &display,
        &qr_png(pictures.path(), &uri("Panel", "me", OTHER_SECRET)),
    );
    app.click("add").await;
    app.click("tab-image").await;
    display.press_key_in(&window, "ctrl+v");
    wait_for_rows(&app, 2).await;
    assert_code_is_oathtools(&app, "Panel", OTHER_SECRET).await;

    // Text on the clipboard: the panel says there is no picture, and
    // nothing is added.
    display.xclip_takes_over("just some text");
    app.click("add").await;
    app.click("tab-image").await;
    display.press_key_in(&window, "ctrl+v");
    let said = app.text_eventually("image-error").await;
    assert!(said.contains("no picture"), "said: {said}");
    assert_eq!(app.find_all("account-row").await.len(), 2);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_command_line_adds_the_clipboards_picture() {
    let display = Display::start_alone().await;
    let profile = Profile::new("cli-paste");
    profile.cli(&["init"], "");
    let pictures = tempfile::tempdir().expect("temp dir");

    display.xclip_takes_over("not a picture");
    let refused = cli_on_display(&profile, &display, &["add", "--from-clipboard"]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("The clipboard holds no picture"), "{said}");

    copy_picture(
        &display,
        &qr_png(pictures.path(), &uri("Clipped", "me", SECRET)),
    );
    let added = cli_on_display(&profile, &display, &["add", "--from-clipboard"]);
    let said = String::from_utf8_lossy(&added.stderr);
    assert!(added.status.success(), "{said}");
    assert!(said.contains("Imported from the clipboard"), "{said}");
    assert_eq!(
        cli_code(&profile, "Clipped"),
        oathtool_default_totp(SECRET, AT)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_qr_code_on_the_screen_is_found_by_the_window_and_the_command_line() {
    let display = Display::start_alone().await;
    let (_profile, app) = empty_vault(&display, "scan").await;
    let pictures = tempfile::tempdir().expect("temp dir");
    let _viewer = show_in_own_window(
        &display,
        &qr_png(pictures.path(), &uri("Onscreen", "me", SECRET)),
    );

    app.click("add").await;
    app.click("tab-image").await;
    app.screenshot("moving_in-image-tab").await;
    app.click("scan-screen").await;
    wait_for_rows(&app, 1).await;
    assert_code_is_oathtools(&app, "Onscreen", SECRET).await;
    // The window came back after the capture.
    assert!(display.x_window_shown("^Safekeep$"));
    display.screenshot("moving_in-after-scan");
    app.quit().await;

    let profile = Profile::new("cli-scan");
    profile.cli(&["init"], "");
    let added = cli_on_display(&profile, &display, &["add", "--from-screen"]);
    let said = String::from_utf8_lossy(&added.stderr);
    assert!(added.status.success(), "{said}");
    assert!(said.contains("Imported from the screen"), "{said}");
    assert_eq!(
        cli_code(&profile, "Onscreen"),
        oathtool_default_totp(SECRET, AT)
    );
}

#[test]
fn without_a_display_the_command_line_says_what_to_do_instead() {
    let profile = Profile::new("no-display");
    profile.cli(&["init"], "");
    let binary = safekeep_e2e::app_binary().with_file_name("safekeep");
    let output = Command::new(&binary)
        .args(["add", "--from-screen"])
        .env("SAFEKEEP_DATA_DIR", profile.data_dir.path())
        .env("SAFEKEEP_KEYRING_SERVICE", &profile.keyring_service)
        .env_remove("DISPLAY")
        .env("WAYLAND_DISPLAY", "wayland-0")
        .env("LANG", "en_US.UTF-8")
        .stdin(Stdio::null())
        .output()
        .expect("safekeep runs");
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("Wayland"), "{said}");
    assert!(said.contains("screenshot"), "{said}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_aegis_export_from_the_window_opens_with_its_password() {
    let display = Display::start_alone().await;
    let profile = Profile::new("aegis-encrypted");
    profile.cli(&["init"], "");
    profile.cli(&["add", &uri("Exported", "me", SECRET)], "");
    let app = App::launch(&display, &profile).await;
    wait_for_rows(&app, 1).await;
    open_transfer(&app, "open-export").await;

    // A weak password is refused before any dialog opens.
    app.type_into("new-password", "password1").await;
    app.type_into("repeat-password", "password1").await;
    app.click("export-aegis-encrypted").await;
    app.text_eventually("export-error").await;
    assert!(!app.is_present("export-encrypted-written").await);

    let password = "violet kettle marches quietly 1987";
    for hook in ["new-password", "repeat-password"] {
        app.find(hook).await.clear().await.expect("clear the field");
        app.type_into(hook, password).await;
    }
    app.click("export-aegis-encrypted").await;
    let dialog = display.wait_for_x_window("^Save the ");
    display.press_key_in(&dialog, "Return");
    let shown_path = app.text_eventually("export-encrypted-written-path").await;
    app.screenshot("moving_in-encrypted-export").await;
    let written = std::fs::read_to_string(&shown_path).expect("the export was written");
    assert!(!written.contains(SECRET) && !written.contains("Exported"));
    app.quit().await;

    let phone = Profile::new("aegis-encrypted-phone");
    phone.cli(&["init"], "");
    phone.cli(
        &["import", &shown_path, "--file-password-stdin"],
        &format!("{password}\n"),
    );
    assert_eq!(
        cli_code(&phone, "Exported"),
        oathtool_default_totp(SECRET, AT)
    );
}
