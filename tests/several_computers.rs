//! Several computers, one vault, in the real window: Settings moves the
//! vault into a synced folder (chosen in the system's folder dialog), a
//! second computer joins it from its first-run screen with the vault's
//! password, each names the other, and a backup token both used while
//! apart is told once in the window; a password changed on another
//! computer is asked once, and another computer is removed. Two profiles
//! stand in for two computers sharing one folder (`safekeep_e2e::synced`);
//! the real engine's scenarios are in `crates/cli/tests/sync_syncthing.rs`.

use safekeep_e2e::steps::{
    add_by_uri, assert_code_is_oathtools, call_api, choose_in_open_dialog, create_vault,
    create_vault_with_password, open_settings, uri,
};
use safekeep_e2e::synced::{
    PASSWORD, SECRET, device_files, two_computers_that_used_the_last_token_apart,
    two_joined_computers,
};
use safekeep_e2e::{App, Display, Profile};
/// The folder dialog's title, in English.
const FOLDER_DIALOG: &str = "^Choose the folder";

/// Scrolls Settings to its "Several computers" section, for a screenshot.
async fn scroll_to_sync_section(app: &App) {
    app.client
        .execute(
            "document.querySelector(\"[data-test='sync-section']\").scrollIntoView();",
            vec![],
        )
        .await
        .expect("scroll to the section");
}

/// Replaces what the name field holds with `name`.
async fn name_this_computer(app: &App, name: &str) {
    let field = app.find("device-name").await;
    field.clear().await.expect("clear the name field");
    app.type_into("device-name", name).await;
}

#[tokio::test]
async fn a_vault_kept_in_a_folder_from_settings_is_joined_from_another_computers_first_run() {
    let display = Display::start_alone().await;
    let folder = tempfile::tempdir().expect("the synced folder");

    // Computer A: a vault with a password and one account, moved into the
    // folder from Settings.
    let clinic = Profile::new("sync-clinic");
    let app = App::launch(&display, &clinic).await;
    app.click("also-password").await;
    create_vault_with_password(&app, PASSWORD).await;
    add_by_uri(&app, &uri("Clinic", "me", SECRET)).await;
    open_settings(&app).await;
    app.find("sync-section").await;
    choose_in_open_dialog(
        &app,
        &display,
        "keep-in-folder",
        FOLDER_DIALOG,
        folder.path(),
    )
    .await;
    assert_eq!(
        app.text_eventually("sync-folder-chosen").await,
        folder.path().display().to_string()
    );
    name_this_computer(&app, "Clinic PC").await;
    app.screenshot("several_computers-1-move-there").await;
    app.click("enable-sync").await;
    assert_eq!(
        app.text_eventually("sync-folder").await,
        folder.path().display().to_string()
    );
    assert!(app.text_of("this-device").await.contains("Clinic PC"));
    app.find("no-other-devices").await;
    assert!(!app.text_of("sync-body").await.contains("null"));
    app.screenshot("several_computers-2-kept-in-folder").await;
    assert_eq!(device_files(folder.path()).len(), 1, "A's own file");
    assert!(
        !clinic.data_dir.path().join("vault.skv").exists(),
        "the vault moved out of the data folder"
    );
    app.quit().await;

    // Computer B: first run, "Use a vault from a synced folder".
    let laptop = Profile::new("sync-laptop");
    let app = App::launch(&display, &laptop).await;
    app.click("use-synced-vault").await;
    app.find("join-card").await;
    // Without a folder there is nothing to open: said, nothing written.
    app.type_into("join-password", PASSWORD).await;
    app.click("join-vault").await;
    assert!(!app.text_eventually("join-error").await.is_empty());
    choose_in_open_dialog(
        &app,
        &display,
        "choose-sync-folder",
        FOLDER_DIALOG,
        folder.path(),
    )
    .await;
    name_this_computer(&app, "Laptop").await;

    // A wrong password is refused in words, and writes nothing.
    let field = app.find("join-password").await;
    field.clear().await.expect("clear the password field");
    app.type_into("join-password", "not the password at all")
        .await;
    app.click("join-vault").await;
    let refusal = app.text_eventually("join-error").await;
    assert!(refusal.to_lowercase().contains("password"), "{refusal}");
    app.screenshot("several_computers-3-join-wrong-password")
        .await;
    assert_eq!(device_files(folder.path()).len(), 1, "nothing written");
    assert!(
        !laptop.data_dir.path().join("synced-folder.json").exists(),
        "no link written"
    );

    let field = app.find("join-password").await;
    field.clear().await.expect("clear the password field");
    app.type_into("join-password", PASSWORD).await;
    app.click("join-vault").await;
    assert_code_is_oathtools(&app, "Clinic", SECRET).await;
    assert_eq!(device_files(folder.path()).len(), 2, "B's own file too");

    // B names A, with when it was last heard from.
    open_settings(&app).await;
    let others = app.text_eventually("other-devices").await;
    assert!(others.contains("Clinic PC"), "{others}");
    assert!(app.text_of("this-device").await.contains("Laptop"));
    assert!(!app.text_of("sync-body").await.contains("null"));
    scroll_to_sync_section(&app).await;
    app.screenshot("several_computers-4-other-computers").await;
    app.quit().await;

    // And A names B.
    let status = clinic.cli_output(&["sync", "status"], "");
    assert!(status.contains("Laptop"), "{status}");
}

#[tokio::test]
async fn without_a_password_the_vault_cannot_move_and_settings_say_why() {
    let display = Display::start_alone().await;
    let profile = Profile::new("sync-no-password");
    let app = App::launch(&display, &profile).await;
    create_vault(&app).await;
    open_settings(&app).await;
    let why = app.text_eventually("sync-needs-password").await;
    assert!(why.contains("password"), "{why}");
    let button = app.find("keep-in-folder").await;
    assert!(
        !button.is_enabled().await.expect("read the button"),
        "nothing to choose before there is a password"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_token_two_computers_used_apart_is_told_once_in_the_window() {
    let display = Display::start_alone().await;
    let folder = tempfile::tempdir().expect("the synced folder");
    let (clinic, _laptop) = two_computers_that_used_the_last_token_apart(folder.path());

    let app = App::launch(&display, &clinic).await;
    let notice = app.text_eventually("sync-notice").await;
    assert!(notice.contains("used twice"), "{notice}");
    assert!(notice.contains("Clinic"), "names the site: {notice}");
    assert!(
        !notice.contains("aaaa") && !notice.contains("bbbb"),
        "no token in it"
    );
    app.screenshot("several_computers-5-double-use").await;
    app.click("dismiss-sync-notices").await;
    app.wait_until("the notice is gone", || async {
        app.count_displayed("sync-notice").await == 0
    })
    .await;
    app.quit().await;

    // Once: after a restart there is nothing left to say on this computer.
    let app = App::launch(&display, &clinic).await;
    app.find("account-row").await;
    let left = call_api(&app, "syncNotices", serde_json::json!([])).await;
    assert_eq!(left["ok"]["double_uses"], serde_json::json!([]));
    assert_eq!(app.count_displayed("sync-notice").await, 0);
    app.quit().await;
}

#[tokio::test]
async fn a_password_changed_on_another_computer_is_asked_once_over_the_list() {
    let display = Display::start_alone().await;
    let folder = tempfile::tempdir().expect("the synced folder");
    let (clinic, laptop) = two_joined_computers("catch-up", folder.path());
    let new_password = "een heel ander wachtwoord voor de kliniek";
    clinic.cli(
        &["password", "set", "--new-password-stdin"],
        &format!("{new_password}\n"),
    );
    clinic.cli(&["add", &uri("Later", "me", "GEZDGNBVGY3TQOJQ")], "");

    let app = App::launch(&display, &laptop).await;
    let said = app.text_eventually("key-changed-text").await;
    assert!(said.contains("Clinic PC"), "{said}");
    assert_eq!(
        app.count_displayed("account-row").await,
        1,
        "works on what it has"
    );
    // The old password is not the one now: nothing changes.
    app.type_into("catch-up-password", PASSWORD).await;
    app.click("catch-up").await;
    let refusal = app.text_eventually("catch-up-error").await;
    assert!(refusal.contains("password"), "{refusal}");
    app.screenshot("several_computers-6-password-changed-elsewhere")
        .await;
    let field = app.find("catch-up-password").await;
    field.clear().await.expect("clear the password field");
    app.type_into("catch-up-password", new_password).await;
    app.click("catch-up").await;
    app.wait_until("the banner is gone", || async {
        app.count_displayed("key-changed-elsewhere").await == 0
    })
    .await;
    // In step again: what the other computer added since shows.
    app.wait_until("the account added on the other computer shows", || async {
        app.count_displayed("account-row").await == 2
    })
    .await;
    app.quit().await;

    // Asked once: after a restart there is nothing to catch up with.
    let app = App::launch(&display, &laptop).await;
    app.find("account-row").await;
    let left = call_api(&app, "syncNotices", serde_json::json!([])).await;
    assert_eq!(left["ok"]["key_changed_elsewhere"], serde_json::Value::Null);
    app.quit().await;
}

#[tokio::test]
async fn a_computer_removed_in_settings_is_gone_and_its_key_opens_nothing_new() {
    let display = Display::start_alone().await;
    let folder = tempfile::tempdir().expect("the synced folder");
    let (clinic, laptop) = two_joined_computers("remove", folder.path());
    assert_eq!(device_files(folder.path()).len(), 2);

    let app = App::launch(&display, &clinic).await;
    app.find("account-row").await;
    open_settings(&app).await;
    let others = app.text_eventually("other-devices").await;
    assert!(others.contains("Laptop"), "{others}");
    app.click("remove-device").await;
    app.find("remove-device-form").await;
    // Without the vault's password nothing happens.
    app.type_into("remove-device-password", "not the password at all")
        .await;
    app.click("remove-device-confirm").await;
    let refusal = app.text_eventually("remove-device-error").await;
    assert!(refusal.contains("password"), "{refusal}");
    assert_eq!(device_files(folder.path()).len(), 2, "nothing removed");
    scroll_to_sync_section(&app).await;
    app.screenshot("several_computers-7-remove-a-computer")
        .await;
    let field = app.find("remove-device-password").await;
    field.clear().await.expect("clear the password field");
    app.type_into("remove-device-password", PASSWORD).await;
    app.click("remove-device-confirm").await;
    app.find("no-other-devices").await;
    assert_eq!(device_files(folder.path()).len(), 1, "its file is gone");
    app.quit().await;

    // The removed computer's own keychain no longer opens the vault.
    let output = laptop.cli_run(&["list"], "");
    assert!(!output.status.success(), "the removed computer is out");
    let status = clinic.cli_output(&["sync", "status"], "");
    assert!(!status.contains("Laptop"), "{status}");
}
