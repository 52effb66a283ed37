//! The window without a mouse (issue 12): a first-time user makes the
//! vault, adds an account, pastes and uses a backup token, locks and
//! unlocks with key presses alone, sent to whatever has the focus as a
//! keyboard sends them, never a click. At each stop the focused control
//! shows a focus ring (WCAG 2.4.7).

use safekeep_e2e::scenario::{SECRET, TOKENS};
use safekeep_e2e::steps::uri;
use safekeep_e2e::{App, Display, Profile};
use serde_json::{Value, json};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const ARROW_DOWN: &str = "\u{E015}";

/// Presses `keys` where the focus is, as the keyboard does.
async fn press(app: &App, keys: &str) {
    app.client
        .active_element()
        .await
        .expect("something has the focus")
        .send_keys(keys)
        .await
        .expect("press keys");
}

/// The focused control: its hook (or tag and text), whether it matches
/// `selector`, and whether a ring shows it has the focus: `:focus-visible`
/// with a drawn outline (a style, a width of 2 px or more, a colour that
/// is not transparent) or a box shadow.
async fn focused(app: &App, selector: &str) -> Value {
    app.client
        .execute(
            "const el = document.activeElement; const s = getComputedStyle(el);\
             const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2\
               && !/rgba\\(.*, 0\\)$|transparent/.test(s.outlineColor);\
             return { what: el.dataset.test || `${el.tagName} ${el.textContent.trim().slice(0, 30)}`,\
                      matches: el.matches(arguments[0]),\
                      ring: el.matches(':focus-visible') && (outline || s.boxShadow !== 'none') };",
            vec![json!(selector)],
        )
        .await
        .expect("read the focus")
}

/// Presses Tab until the control `selector` has the focus (at most 40
/// times) and checks that it shows a focus ring.
async fn tab_to(app: &App, selector: &str) {
    let mut path = Vec::new();
    for _ in 0..40 {
        let now = focused(app, selector).await;
        if now["matches"] == json!(true) {
            assert_eq!(
                now["ring"],
                json!(true),
                "{selector} has the focus but shows no ring: {now}"
            );
            return;
        }
        path.push(now["what"].as_str().unwrap_or("?").to_owned());
        press(app, TAB).await;
    }
    app.screenshot("failure").await;
    panic!("Tab never reached {selector}; it went through {path:?}");
}

/// The control `selector` has the focus now, and shows it.
async fn assert_focus_on(app: &App, selector: &str) {
    app.wait_until(&format!("{selector} has the focus"), || async {
        focused(app, selector).await["matches"] == json!(true)
    })
    .await;
    let now = focused(app, selector).await;
    assert_eq!(
        now["ring"],
        json!(true),
        "{selector} has the focus but shows no ring: {now}"
    );
}

#[tokio::test]
async fn first_run_add_use_a_token_lock_and_unlock_with_the_keyboard_alone() {
    let display = Display::start_alone().await;
    let profile = Profile::new("keyboard-only");
    let app = App::launch(&display, &profile).await;
    app.find("create-vault").await;

    // First run: the vault, its key in the keychain.
    tab_to(&app, "[data-test='create-vault']").await;
    press(&app, ENTER).await;
    app.find("empty-state").await;

    // The empty list offers "Add an account" first; the panel opens on
    // the link field.
    assert_focus_on(&app, "[data-test='empty-state'] .button.primary").await;
    press(&app, ENTER).await;
    assert_focus_on(&app, "[data-test='uri-input']").await;
    press(&app, &uri("GitHub", "me@example.org", SECRET)).await;
    press(&app, ENTER).await;
    app.wait_until("the account is listed", || async {
        app.count_displayed("account-row").await == 1
    })
    .await;
    assert_focus_on(&app, "[data-test='account-row']").await;
    app.screenshot("keyboard-only-added").await;

    // Its ⋯ menu, Edit, then its backup tokens: pasted, then one used.
    tab_to(&app, "[data-test='row-menu']").await;
    press(&app, ENTER).await;
    assert_focus_on(&app, "[data-test='menu-copy']").await;
    press(&app, ARROW_DOWN).await;
    assert_focus_on(&app, "[data-test='menu-edit']").await;
    press(&app, ENTER).await;
    app.find("detail-save").await;
    tab_to(&app, "[data-test='detail-open-tokens']").await;
    press(&app, ENTER).await;
    assert_focus_on(&app, "[data-test='tokens-textarea']").await;
    let pasted: Vec<String> = TOKENS
        .iter()
        .enumerate()
        .map(|(i, token)| format!("{}. {token}", i + 1))
        .collect();
    press(&app, &pasted.join(ENTER)).await;
    tab_to(&app, "[data-test='tokens-submit']").await;
    press(&app, ENTER).await;
    assert_focus_on(&app, "[data-test='use-token']").await;
    app.wait_until("five tokens are unused", || async {
        app.text_of("tokens-count").await.starts_with('5')
    })
    .await;
    let before = display.clipboard();
    press(&app, ENTER).await;
    app.wait_until("a token reaches the clipboard", || async {
        let now = display.clipboard();
        !now.is_empty() && now != before
    })
    .await;
    assert!(
        TOKENS.contains(&display.clipboard().as_str()),
        "the clipboard holds a token"
    );
    app.wait_until("four are left", || async {
        app.text_of("tokens-count").await.starts_with('4')
    })
    .await;
    // The focus stays where it was, for the next token or Undo.
    assert_focus_on(&app, "[data-test='use-token']").await;
    app.screenshot("keyboard-only-token-used").await;

    // Escape back to the list, where the ⋯ whose menu opened the panels
    // has the focus again.
    press(&app, ESCAPE).await;
    app.wait_until("the list shows, no panel", || async {
        app.count_displayed("close-panel").await == 0
    })
    .await;
    assert_focus_on(&app, "[data-test='row-menu']").await;

    // Lock from the top bar, and unlock.
    tab_to(&app, "[data-test='lock']").await;
    press(&app, ENTER).await;
    app.find("unlock").await;
    app.wait_until("no row shows while locked", || async {
        app.count_displayed("account-row").await == 0
    })
    .await;
    tab_to(&app, "[data-test='unlock']").await;
    press(&app, ENTER).await;
    app.wait_until("the account is back", || async {
        app.count_displayed("account-row").await == 1
    })
    .await;
    assert_focus_on(&app, "[data-test='account-row']").await;
    app.screenshot("keyboard-only-unlocked").await;
    app.quit().await;
}
