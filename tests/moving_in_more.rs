//! Moving in from a password-protected zip (issue 13): WinAuth's export, a
//! text of otpauth links in a ZipCrypto archive, made here with Info-ZIP's
//! `zip -P` (the same encryption WinAuth's SharpZipLib writes), chosen in the
//! real window's open dialog. The window asks for the file's password, says
//! so when it is wrong and keeps the form for another try, and with the
//! right one shows the report; every added account makes oathtool's code.
//!
//! Scenarios run one at a time (each starts its own X server and app, see
//! [`Display::start_alone`]).

use std::process::Command;

use safekeep_e2e::scenario::{OTHER_SECRET, SECRET};
use safekeep_e2e::steps::{assert_code_is_oathtools, choose_in_open_dialog, open_transfer};
use safekeep_e2e::{App, Display, Profile};

#[tokio::test(flavor = "multi_thread")]
async fn a_win_auth_zip_opens_with_its_password_in_the_window() {
    let display = Display::start_alone().await;
    let files = tempfile::tempdir().expect("temp dir");
    let text = files.path().join("export.txt");
    std::fs::write(
        &text,
        format!(
            "otpauth://totp/Zipped:alice?secret={SECRET}&digits=6&issuer=Zipped\r\n\
             otpauth://totp/Packed:bob?secret={OTHER_SECRET}&digits=6&issuer=Packed\r\n"
        ),
    )
    .expect("write the text");
    let archive = files.path().join("export.zip");
    let password = "winauth export password";
    let zipped = Command::new("zip")
        .args(["-j", "-q", "-P", password])
        .arg(&archive)
        .arg(&text)
        .status()
        .expect("zip runs (apt package zip; scripts/setup.sh installs it)");
    assert!(zipped.success(), "zip failed");

    let profile = Profile::new("winauth-zip");
    profile.cli(&["init"], "");
    let app = App::launch(&display, &profile).await;
    app.find("empty-state").await;
    open_transfer(&app, "open-import").await;
    choose_in_open_dialog(&app, &display, "import-choose", "^Choose ", &archive).await;

    // Encrypted: the window asks for the file's password.
    app.find("import-password").await;
    app.screenshot("moving_in_more-1-password").await;
    // A wrong one is said to be wrong (or, ZipCrypto being what it is, wrong
    // or damaged), and the form stays for another try.
    app.type_into("import-password", "not the password").await;
    app.click("import-submit").await;
    let said = app.text_eventually("import-password-error").await;
    assert!(said.contains("password"), "{said}");
    assert!(!app.is_present("import-report").await);

    app.find("import-password")
        .await
        .clear()
        .await
        .expect("clear the field");
    app.type_into("import-password", password).await;
    app.click("import-submit").await;
    app.find("import-report").await;
    assert_eq!(app.text_of("import-added").await, "Added: 2");
    app.screenshot("moving_in_more-2-report").await;

    assert_code_is_oathtools(&app, "Zipped", SECRET).await;
    assert_code_is_oathtools(&app, "Packed", OTHER_SECRET).await;
}
