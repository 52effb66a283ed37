//! New passwords and "ask for my password after a lock and at start", in the
//! real window: the strength meter under every new-password field shows as
//! the user types, a too-weak password is refused with the reason (first run
//! and Settings), and with the setting on a lock really locks: the unlock
//! screen asks for the password with no one-click keychain button, after a
//! lock and after a restart, and only the right password opens the vault.

use safekeep_e2e::scenario::SECRET;
use safekeep_e2e::steps::{add_by_uri, uri};
use safekeep_e2e::{App, Display, Profile};

/// zxcvbn scores it 3 or more: accepted.
const STRONG: &str = "paarse giraf fietst naar Zwolle";

/// Waits for the meter under the new-password field to show a verdict and
/// returns it ("true" when the password is strong enough).
async fn meter_verdict(app: &App) -> String {
    app.wait_until("the strength meter shows", || async {
        app.count_displayed("password-meter").await == 1
    })
    .await;
    let meter = app.find("password-meter").await;
    meter
        .attr("data-acceptable")
        .await
        .expect("read the meter")
        .expect("the meter has a verdict")
}

async fn meter_text(app: &App) -> String {
    app.text_eventually("password-meter").await
}

fn vault_header(profile: &Profile) -> String {
    let bytes = std::fs::read(profile.data_dir.path().join("vault.skv")).expect("vault file");
    let length = u32::from_le_bytes([bytes[10], bytes[11], bytes[12], bytes[13]]) as usize;
    String::from_utf8_lossy(&bytes[14..14 + length]).into_owned()
}

/// The unlock screen asks for the password, and has no one-click keychain
/// button; nothing of the vault shows.
async fn assert_asks_for_the_password(app: &App) {
    app.find("unlock-password").await;
    assert!(
        !app.is_present("use-keychain-instead").await,
        "the one-click keychain unlock must be gone"
    );
    assert_eq!(app.count_displayed("account-row").await, 0);
}

async fn unlock_with(app: &App, password: &str) {
    app.type_into("unlock-password", password).await;
    app.click("unlock").await;
}

#[tokio::test]
async fn a_weak_password_is_refused_and_the_password_is_asked_after_lock_and_restart() {
    let display = Display::start_alone().await;
    let profile = Profile::new("password-lock");
    let app = App::launch(&display, &profile).await;

    // First run with a password: the meter shows as it is typed, and a
    // very weak one is refused with the reason.
    app.click("also-password").await;
    app.type_into("new-password", "a").await;
    assert_eq!(meter_verdict(&app).await, "false");
    app.type_into("repeat-password", "a").await;
    app.screenshot("password-1-first-run-weak").await;
    app.click("create-vault").await;
    let refusal = app.text_eventually("create-error").await;
    assert!(refusal.contains("too easy to guess"), "{refusal}");
    assert!(
        !profile.data_dir.path().join("vault.skv").exists(),
        "a refused password creates nothing"
    );
    app.screenshot("password-2-first-run-refused").await;

    app.type_into("new-password", STRONG).await;
    app.wait_until("the meter says the strong password will do", || async {
        meter_verdict(&app).await == "true"
    })
    .await;
    let said = meter_text(&app).await;
    assert!(
        said.starts_with("Strong") || said.starts_with("Good"),
        "{said}"
    );
    app.type_into("repeat-password", STRONG).await;
    app.screenshot("password-3-first-run-strong").await;
    app.click("create-vault").await;
    app.find("empty-state").await;
    add_by_uri(&app, &uri("Example", "me@example.org", SECRET)).await;

    // Settings: the same meter and refusal when changing the password.
    app.click("settings").await;
    app.type_into("new-password", "password").await;
    assert_eq!(meter_verdict(&app).await, "false");
    let said = meter_text(&app).await;
    assert!(said.contains("most common passwords"), "{said}");
    app.type_into("repeat-password", "password").await;
    app.click("set-password").await;
    let refusal = app.text_eventually("password-error").await;
    assert!(refusal.contains("too easy to guess"), "{refusal}");
    app.screenshot("password-4-settings-refused").await;

    // Turn on "ask for my password after a lock and at start".
    app.type_into("new-password", "").await;
    app.type_into("repeat-password", "").await;
    app.click("password-at-unlock").await;
    app.wait_until("the vault header records the choice", || async {
        vault_header(&profile).contains("\"password_at_unlock\":true")
    })
    .await;
    app.screenshot("password-5-settings-ask").await;
    app.click("close-panel").await;

    // Lock: the password is asked, no one-click unlock.
    app.click("lock").await;
    assert_asks_for_the_password(&app).await;
    app.screenshot("password-6-locked").await;
    unlock_with(&app, STRONG).await;
    app.wait_until("the account is back", || async {
        app.count_displayed("account-row").await == 1
    })
    .await;
    app.quit().await;

    // Restart: the same, and a wrong password does not open it.
    let app = App::launch(&display, &profile).await;
    assert_asks_for_the_password(&app).await;
    app.screenshot("password-7-restarted").await;
    unlock_with(&app, "not the password").await;
    let error = app.text_eventually("unlock-error").await;
    assert!(error.contains("password is wrong"), "{error}");
    assert_eq!(app.count_displayed("account-row").await, 0);
    unlock_with(&app, STRONG).await;
    app.wait_until("the right password opens the vault", || async {
        app.count_displayed("account-row").await == 1
    })
    .await;
    app.quit().await;
}
