//! Moving in from another app's encrypted export (issue 13, item 1), in the
//! real window: an andOTP encrypted backup is chosen in the system's open
//! dialog, the import panel asks for its password, a wrong one is refused
//! in words with nothing added, and the right one imports both accounts,
//! whose codes must be oathtool's.
//!
//! The backup is built as andOTP writes it (`safekeep_testkit::app_files`,
//! from andOTP's source; the core's `import_encrypted_formats` tests check
//! the same reader against andOTP's own files).

use safekeep_e2e::scenario::{OTHER_SECRET, SECRET};
use safekeep_e2e::steps::{
    assert_code_is_oathtools, choose_in_open_dialog, close_panels, open_transfer,
};
use safekeep_e2e::{App, Display, Profile};
use safekeep_testkit::app_files::{self, Draw};

const FILE_PASSWORD: &str = "andOTP backup password";

/// An andOTP encrypted backup (`.json.aes`) of two TOTP accounts, with the
/// fewest PBKDF2 rounds Safekeep reads, so the scenario does not wait on it.
fn and_otp_encrypted_backup() -> Vec<u8> {
    let entries = serde_json::json!([
        {"secret": SECRET, "issuer": "Encrypted Mail", "label": "me@example.com",
         "digits": 6, "type": "TOTP", "algorithm": "SHA1", "period": 30, "tags": []},
        {"secret": OTHER_SECRET, "issuer": "Encrypted Bank", "label": "me",
         "digits": 6, "type": "TOTP", "algorithm": "SHA1", "period": 30, "tags": []},
    ]);
    let plain = serde_json::to_vec(&entries).expect("a list serialises");
    app_files::and_otp_encrypted(&plain, FILE_PASSWORD, 1_000, Draw::Random)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_and_otp_backup_asks_for_its_password_then_imports() {
    let display = Display::start_alone().await;
    let profile = Profile::new("encrypted-import");
    profile.cli(&["init"], "");
    let app = App::launch(&display, &profile).await;
    app.find("empty-state").await;

    let files = tempfile::tempdir().expect("temp dir");
    let backup = files.path().join("otp_accounts.json.aes");
    std::fs::write(&backup, and_otp_encrypted_backup()).expect("write the backup");

    open_transfer(&app, "open-import").await;
    app.find("import-panel").await;
    choose_in_open_dialog(&app, &display, "import-choose", "^Choose ", &backup).await;

    // The panel asks for the file's password, naming nothing imported yet.
    app.find("import-password").await;
    assert!(!app.is_present("import-report").await);
    app.screenshot("encrypted_import-1-password").await;

    // A wrong password: said in words, in the password's form, and nothing
    // is added.
    app.type_into("import-password", "not the password").await;
    app.click("import-submit").await;
    let said = app.text_eventually("import-password-error").await;
    assert!(
        said.contains("does not open this andOTP file"),
        "said: {said}"
    );
    assert!(!app.is_present("import-report").await);
    assert!(!app.is_present("account-row").await, "nothing was added");
    app.screenshot("encrypted_import-2-wrong-password").await;

    // The right password: the report, then both accounts with oathtool's codes.
    app.type_into("import-password", FILE_PASSWORD).await;
    app.click("import-submit").await;
    app.find("import-report").await;
    assert_eq!(app.text_of("import-added").await, "Added: 2");
    assert_eq!(app.text_of("import-skipped").await, "Already here: 0");
    app.screenshot("encrypted_import-3-report").await;
    close_panels(&app).await;

    app.wait_until("both accounts are listed", || async {
        app.count_displayed("account-row").await == 2
    })
    .await;
    assert_code_is_oathtools(&app, "Encrypted Mail", SECRET).await;
    assert_code_is_oathtools(&app, "Encrypted Bank", OTHER_SECRET).await;
    app.quit().await;
}
