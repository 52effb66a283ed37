//! The backup-tokens panel keeps its promises in the real window: no unused
//! token reaches the clipboard without being marked used (the ⋯ menu's
//! "Use this one", a revealed list that cannot be copied from), nothing
//! pasted is dropped without being named ("add these too"), "Replace" asks
//! first and can be undone with the old batch's used marks, and the
//! running-low and none-left warnings lead straight to the paste form.
//!
//! Scenarios run one at a time (each starts its own X server and app).

use safekeep_e2e::scenario::{SECRET, Scenario, TOKENS};
use safekeep_e2e::steps::{add_tokens, open_details, undo_token_use, use_token};
use std::time::{Duration, Instant};

use safekeep_e2e::{App, Display, Launch, PATIENCE};
use serde_json::json;

/// One account, Therapieland, added in the window of a vault made there.
fn therapieland(name: &str) -> Scenario {
    Scenario::made_in_the_window(name).account("Therapieland", "j.jansen@example.org", SECRET)
}

/// What each token row holds now, in the order shown: (code as shown,
/// used). With the list revealed, the code is the token itself.
async fn rows(app: &App) -> Vec<(String, bool)> {
    let rows = app
        .client
        .execute(
            "return [...document.querySelectorAll(\"[data-test='token-row']\")]\
                .map((row) => [row.querySelector(\"[data-test='token-code']\").textContent,\
                               row.dataset.used === 'true']);",
            vec![],
        )
        .await
        .expect("read the token rows");
    serde_json::from_value(rows).expect("rows as [code, used] pairs")
}

/// The rows with their codes in full, revealing the list first when it is
/// masked (after a change the list may come back masked).
async fn revealed_rows(app: &App) -> Vec<(String, bool)> {
    let button = app.find("tokens-reveal").await;
    let pressed = button.attr("aria-pressed").await.expect("aria-pressed");
    if pressed.as_deref() != Some("true") {
        button.click().await.expect("reveal the tokens");
    }
    let started = Instant::now();
    loop {
        let rows = rows(app).await;
        if !rows.is_empty() && rows.iter().all(|(code, _)| !code.contains('•')) {
            return rows;
        }
        assert!(started.elapsed() < PATIENCE, "the list was never revealed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens the ⋯ menu of the row showing `code` and picks the item `item`.
async fn pick_from_menu(app: &App, code: &str, item: &str) {
    let position = revealed_rows(app)
        .await
        .iter()
        .position(|(shown, _)| shown == code)
        .unwrap_or_else(|| panic!("no row shows {code}"));
    let menus = app.find_all("token-menu").await;
    menus[position].click().await.expect("open the row's menu");
    app.click(item).await;
}

/// Waits until the panel says "`unused` of `total` unused", in any language.
async fn wait_for_count(app: &App, unused: usize, total: usize) {
    let expected = vec![unused.to_string(), total.to_string()];
    app.wait_until(&format!("the panel says {unused} of {total}"), || async {
        let text = app.text_of("tokens-count").await;
        let numbers: Vec<String> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|number| !number.is_empty())
            .map(str::to_owned)
            .collect();
        numbers == expected
    })
    .await;
}

#[tokio::test]
async fn a_token_copied_from_its_menu_is_marked_used_and_never_handed_out_again() {
    let display = Display::start_alone().await;
    let (_profile, app) = therapieland("tokens-menu").launch(&display).await;
    add_tokens(&app, &TOKENS).await;
    revealed_rows(&app).await;

    // Selecting everything and copying puts no unused token on the
    // clipboard: revealed unused codes are not selectable, and the copy is
    // refused with a word on how to copy one.
    let unselectable = app
        .client
        .execute(
            "const code = document.querySelector(\".token-row:not(.is-used) [data-test='token-code']\");\
             return getComputedStyle(code).webkitUserSelect || getComputedStyle(code).userSelect;",
            vec![],
        )
        .await
        .expect("read the style");
    assert_eq!(unselectable, json!("none"), "revealed unused codes");
    let menu = app.find_all("token-menu").await.remove(0);
    menu.send_keys("\u{E009}a\u{E000}")
        .await
        .expect("select all");
    menu.send_keys("\u{E009}c\u{E000}").await.expect("copy");
    app.wait_until("the copy is refused with a word", || async {
        app.is_present("toast").await && app.text_of("toast").await.contains("Use this one")
    })
    .await;
    let clipboard = display.clipboard();
    assert!(
        TOKENS.iter().all(|token| !clipboard.contains(token)),
        "an unused token reached the clipboard: {clipboard:?}"
    );
    app.screenshot("tokens-menu-1-copy-refused").await;

    // "Use this one" copies the picked token and marks it used, with Undo.
    pick_from_menu(&app, TOKENS[2], "token-use-this").await;
    app.wait_until("the picked token reaches the clipboard", || async {
        display.clipboard() == TOKENS[2]
    })
    .await;
    wait_for_count(&app, 4, 5).await;
    assert!(
        revealed_rows(&app)
            .await
            .contains(&(TOKENS[2].to_owned(), true)),
        "the picked token is marked used"
    );
    app.screenshot("tokens-menu-2-used-this-one").await;
    undo_token_use(&app, 5).await;
    app.wait_until("undo marks it unused again", || async {
        rows(&app).await.iter().all(|(_, used)| !used)
    })
    .await;

    // Picked again and kept: "Use backup token" then hands out another one.
    pick_from_menu(&app, TOKENS[0], "token-use-this").await;
    app.wait_until("the picked token reaches the clipboard", || async {
        display.clipboard() == TOKENS[0]
    })
    .await;
    wait_for_count(&app, 4, 5).await;
    let next = use_token(&app, &display, 3).await;
    assert_eq!(next, TOKENS[1], "the next token, not the one picked");

    // A used token may be copied again; that spends nothing.
    pick_from_menu(&app, TOKENS[0], "token-copy").await;
    app.wait_until("the used token is copied", || async {
        display.clipboard() == TOKENS[0]
    })
    .await;
    wait_for_count(&app, 3, 5).await;
    app.quit().await;
}

#[tokio::test]
async fn pieces_a_paste_leaves_out_are_named_and_can_be_added_too() {
    let display = Display::start_alone().await;
    // In Dutch and dark, to see that look too; the checks use numbers only.
    let launch = Launch {
        env: vec![
            ("LANG".into(), "nl_NL.UTF-8".into()),
            ("GTK_THEME".into(), "Adwaita:dark".into()),
        ],
        ..Launch::default()
    };
    let (_profile, app) = therapieland("tokens-left-out")
        .launch_with(&display, &launch)
        .await;
    open_details(&app).await;
    app.click("detail-open-tokens").await;
    app.find("tokens-textarea").await;
    // Three of the site's tokens are a character longer than the rest.
    let pasted = [
        "1. ab12-cd34",
        "2. ef56-gh78",
        "3. ij90-kl12x",
        "4. mn34-op56",
        "5. qr78-st90y",
        "6. uv12-wx34",
        "7. yz56-ab78z",
        "8. cd90-ef12",
    ];
    app.type_into("tokens-textarea", &pasted.join("\n")).await;
    app.wait_until("the preview names the left-out pieces", || async {
        app.count_displayed("tokens-left-out-piece").await == 3
    })
    .await;
    assert!(app.text_of("tokens-preview").await.starts_with('5'));
    let named: Vec<String> = {
        let mut named = Vec::new();
        for piece in app.find_all("tokens-left-out-piece").await {
            named.push(piece.text().await.expect("piece text"));
        }
        named
    };
    for (line, piece) in [(3, "ij90-kl12x"), (5, "qr78-st90y"), (7, "yz56-ab78z")] {
        assert!(
            named
                .iter()
                .any(|shown| shown.contains(piece) && shown.contains(&line.to_string())),
            "{piece} on line {line} is named: {named:?}"
        );
    }
    app.screenshot("tokens-left-out-1-named-nl-dark").await;

    app.click("tokens-add-left-out").await;
    wait_for_count(&app, 8, 8).await;
    app.wait_until("all eight are stored, in the site's order", || async {
        let codes: Vec<String> = revealed_rows(&app)
            .await
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        let expected: Vec<&str> = pasted.iter().map(|line| &line[3..]).collect();
        codes == expected
    })
    .await;
    app.screenshot("tokens-left-out-2-added-nl-dark").await;
    app.quit().await;
}

#[tokio::test]
async fn replace_asks_first_and_undo_brings_the_old_batch_back_with_its_used_marks() {
    let display = Display::start_alone().await;
    let (_profile, app) = therapieland("tokens-replace").launch(&display).await;
    add_tokens(&app, &TOKENS).await;
    use_token(&app, &display, 4).await;
    use_token(&app, &display, 3).await;
    let mut old_batch = revealed_rows(&app).await;
    old_batch.sort();

    app.click("tokens-add-open").await;
    app.click("tokens-replace").await;
    let new_batch = [
        "zz11-yy22",
        "xx33-ww44",
        "vv55-uu66",
        "tt77-ss88",
        "rr99-qq00",
        "pp12-oo34",
    ];
    app.type_into("tokens-textarea", &new_batch.join("\n"))
        .await;
    app.wait_until("the preview counts the new tokens", || async {
        app.text_of("tokens-preview").await.starts_with('6')
    })
    .await;
    app.click("tokens-submit").await;
    let question = app.text_eventually("tokens-replace-ask").await;
    assert!(
        question.contains("3 unused") && question.contains('5'),
        "names the 3 unused of 5 it drops: {question}"
    );
    // Nothing has changed while it asks.
    wait_for_count(&app, 3, 5).await;
    app.screenshot("tokens-replace-1-asks").await;

    app.click("tokens-replace-confirm").await;
    wait_for_count(&app, 6, 6).await;
    let toast = app.text_eventually("toast").await;
    assert!(
        toast.contains("Replaced 5 old tokens with 6 new ones"),
        "{toast}"
    );
    app.screenshot("tokens-replace-2-replaced").await;

    app.click("toast-undo").await;
    wait_for_count(&app, 3, 5).await;
    app.wait_until("the old batch is back, used marks and all", || async {
        let mut now = revealed_rows(&app).await;
        now.sort();
        now == old_batch
    })
    .await;
    app.screenshot("tokens-replace-3-undone").await;
    app.quit().await;
}

#[tokio::test]
async fn the_last_tokens_warn_and_lead_to_the_paste_form() {
    let display = Display::start_alone().await;
    let (_profile, app) = therapieland("tokens-low").launch(&display).await;
    add_tokens(&app, &TOKENS[..2]).await;
    use_token(&app, &display, 1).await;

    // One left: a warning, with a button to paste new ones.
    let banner = app.find("tokens-banner").await;
    let class = banner
        .attr("class")
        .await
        .expect("class")
        .unwrap_or_default();
    assert!(class.contains("banner-warning"), "a warning: {class}");
    app.screenshot("tokens-low-1-one-left").await;
    app.click("tokens-banner-paste").await;
    app.wait_until("the paste form opens", || async {
        app.count_displayed("tokens-textarea").await == 1
    })
    .await;
    let append_checked = app
        .find("tokens-append")
        .await
        .prop("checked")
        .await
        .expect("checked");
    assert_eq!(append_checked.as_deref(), Some("true"), "one still works");
    app.click("tokens-add-cancel").await;

    // None left: the big button opens the form on "Replace them", since the
    // site's "Generate more" is what the user just pressed.
    use_token(&app, &display, 0).await;
    app.click("use-token").await;
    app.wait_until("the paste form opens", || async {
        app.count_displayed("tokens-textarea").await == 1
    })
    .await;
    let replace_checked = app
        .find("tokens-replace")
        .await
        .prop("checked")
        .await
        .expect("checked");
    assert_eq!(replace_checked.as_deref(), Some("true"));
    app.screenshot("tokens-low-2-none-left").await;
    app.quit().await;
}
