//! Rough edges of the window a new user meets (issue 12), in the real
//! window: a Dutch window shows no English on any screen or panel, nor in
//! the messages Rust words for it, also after a lock; a restore file gone
//! since it was chosen is explained in our words.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use safekeep_e2e::scenario::{OTHER_SECRET, SECRET, Scenario, TOKENS};
use safekeep_e2e::steps::{
    add_by_uri, add_tokens, choose_in_open_dialog, close_panels, open_details, open_transfer, uri,
    use_token,
};
use safekeep_e2e::{App, Display, Launch, Profile};
use serde_json::{Value, json};

/// zxcvbn scores it 3 or more: accepted as a new password.
const STRONG: &str = "paarse giraf fietst naar Zwolle";

/// A phrase shorter than this can be the same word in both languages
/// ("Safekeep", "otpauth://"), so it proves nothing.
const SHORTEST_PHRASE: usize = 14;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the repository")
        .to_path_buf()
}

/// The app started with the system language set to `locale`.
fn in_locale(locale: &str) -> Launch {
    Launch {
        env: vec![
            ("LANG".to_owned(), locale.to_owned()),
            ("LC_ALL".to_owned(), locale.to_owned()),
        ],
        ..Launch::default()
    }
}

/// The runs of literal text in a message, cut at its placeholders
/// (`{name}` in the window's JSON, `{ $name }` and variant keys in Fluent).
fn literal_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    let mut depth = 0usize;
    for character in text.chars() {
        match character {
            '{' => {
                depth += 1;
                runs.push(std::mem::take(&mut run));
            }
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => run.push(character),
            _ => {}
        }
    }
    runs.push(run);
    runs.into_iter()
        .map(|run| {
            // A Fluent variant key (`[one]`, `*[other]`) is no text.
            let run = run.trim().trim_start_matches('*');
            let run = match run.strip_prefix('[') {
                Some(rest) => rest.split_once(']').map_or("", |(_, text)| text),
                None => run,
            };
            run.trim().to_owned()
        })
        .filter(|run| run.chars().count() >= SHORTEST_PHRASE && run.contains(' '))
        .collect()
}

/// Every string leaf of the window's catalogue, keyed by its path.
fn json_leaves(value: &Value, path: &str, leaves: &mut Vec<(String, String)>) {
    match value {
        Value::String(text) => leaves.push((path.to_owned(), text.clone())),
        Value::Object(map) => {
            for (key, child) in map {
                json_leaves(child, &format!("{path}.{key}"), leaves);
            }
        }
        _ => {}
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read the catalogue"))
        .expect("the catalogue is JSON")
}

/// The text of every Fluent file in `dir`, one message value a line.
fn fluent_text(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).expect("the Fluent folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|ext| ext == "ftl") {
            for line in std::fs::read_to_string(&path).expect("ftl").lines() {
                if line.trim_start().starts_with('#') {
                    continue;
                }
                // `id = value`, or a continuation line of the value.
                let value = match line.split_once(" = ") {
                    Some((id, value)) if !id.starts_with(char::is_whitespace) => value,
                    _ => line,
                };
                text.push_str(value);
                text.push('\n');
            }
        }
    }
    text
}

/// Phrases only the English catalogues have: the window's (ui/i18n) and
/// the core's (crates/core/i18n, the messages Rust words for the window).
fn english_only_phrases() -> Vec<String> {
    let root = repository();
    let mut english = Vec::new();
    json_leaves(&read_json(&root.join("ui/i18n/en.json")), "", &mut english);
    let mut dutch = Vec::new();
    json_leaves(&read_json(&root.join("ui/i18n/nl.json")), "", &mut dutch);
    let dutch_fluent = fluent_text(&root.join("crates/core/i18n/nl"));
    let all_dutch: String = dutch
        .iter()
        .map(|(_, text)| text.as_str())
        .chain([dutch_fluent.as_str()])
        .collect::<Vec<_>>()
        .join("\n");
    let mut phrases: HashSet<String> = english
        .iter()
        .flat_map(|(_, text)| literal_runs(text))
        .collect();
    for line in fluent_text(&root.join("crates/core/i18n/en")).lines() {
        phrases.extend(literal_runs(line));
    }
    let mut phrases: Vec<String> = phrases
        .into_iter()
        .filter(|phrase| !all_dutch.contains(phrase.as_str()))
        .collect();
    phrases.sort();
    assert!(phrases.len() > 200, "the catalogues were read: {phrases:?}");
    phrases
}

/// Fails if the window shows any of `phrases`: in its text, or in the
/// names and hints it gives controls (aria-label, title, placeholder, alt).
async fn assert_no_english(app: &App, phrases: &[String], screen: &str) {
    let script = "const phrases = arguments[0];\
        const texts = [document.title, document.body.innerText];\
        for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {\
          for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {\
            if (el.hasAttribute(name)) texts.push(el.getAttribute(name));\
          }\
        }\
        const shown = texts.join('\\n').replace(/\\s+/g, ' ');\
        return { lang: document.documentElement.lang, found: phrases.filter((p) => shown.includes(p)) };";
    let answer = app
        .client
        .execute(script, vec![json!(phrases)])
        .await
        .expect("the search runs");
    app.screenshot(&format!("dutch-{screen}")).await;
    assert_eq!(answer["lang"], "nl", "{screen}: the window is Dutch");
    let found = answer["found"].as_array().expect("a list");
    assert!(found.is_empty(), "{screen} shows English: {found:?}");
}

/// Opens Settings unless it is open, then the transfer panel behind `hook`.
async fn open_from_settings(app: &App, hook: &str) {
    if app.count_displayed("settings-panel").await == 0 {
        app.click("settings").await;
    }
    app.find("transfer-section").await;
    app.click(hook).await;
}

#[tokio::test]
async fn every_screen_and_message_of_a_dutch_window_is_dutch() {
    let phrases = english_only_phrases();
    let display = Display::start_alone().await;
    let profile = Profile::new("dutch-window");
    let app = App::launch_with(&display, &profile, &in_locale("nl_NL.UTF-8")).await;

    // First run, with the password, its meter and a refusal Rust words.
    app.find("create-vault").await;
    assert_no_english(&app, &phrases, "first-run").await;
    app.click("also-password").await;
    app.type_into("new-password", "a").await;
    app.text_eventually("password-meter").await;
    app.type_into("repeat-password", "a").await;
    app.click("create-vault").await;
    app.text_eventually("create-error").await;
    assert_no_english(&app, &phrases, "first-run-refused").await;
    app.type_into("new-password", STRONG).await;
    app.type_into("repeat-password", STRONG).await;
    app.click("create-vault").await;
    app.find("empty-state").await;
    assert_no_english(&app, &phrases, "empty-list").await;

    // The add panel's three tabs, and a link Rust refuses.
    app.click("add").await;
    for tab in ["tab-image", "tab-manual", "tab-uri"] {
        app.click(tab).await;
        assert_no_english(&app, &phrases, tab).await;
    }
    app.type_into("uri-input", "otpauth://totp/x?issuer=x")
        .await;
    app.click("uri-submit").await;
    app.text_eventually("uri-error").await;
    assert_no_english(&app, &phrases, "add-refused").await;
    close_panels(&app).await;
    add_by_uri(&app, &uri("GitHub", "j.jansen", SECRET)).await;
    assert_no_english(&app, &phrases, "list").await;

    // Details, then its backup tokens: pasted, one used (with its toast).
    open_details(&app).await;
    app.find("detail-save").await;
    assert_no_english(&app, &phrases, "details").await;
    close_panels(&app).await;
    add_tokens(&app, &TOKENS).await;
    use_token(&app, &display, 4).await;
    assert_no_english(&app, &phrases, "tokens-panel").await;
    close_panels(&app).await;

    // Settings and every panel it opens, with the refusals they word.
    app.click("settings").await;
    app.find("transfer-section").await;
    app.wait_until("the last backup line is filled", || async {
        !app.text_of("last-backup").await.trim().is_empty()
    })
    .await;
    assert_no_english(&app, &phrases, "settings").await;
    open_from_settings(&app, "open-backup").await;
    app.type_into("new-password", STRONG).await;
    app.type_into("repeat-password", "something else").await;
    app.click("backup-submit").await;
    app.text_eventually("backup-error").await;
    assert_no_english(&app, &phrases, "backup").await;
    close_panels(&app).await;
    open_from_settings(&app, "open-restore").await;
    app.click("restore-submit").await;
    app.text_eventually("restore-error").await;
    assert_no_english(&app, &phrases, "restore").await;
    close_panels(&app).await;
    open_from_settings(&app, "open-import").await;
    let export = tempfile::Builder::new()
        .suffix(".txt")
        .tempfile()
        .expect("an export file");
    let broken = "otpauth://totp/Broken:x?issuer=Broken";
    let links = format!("{}\n{broken}\n", uri("GitLab", "j.jansen", OTHER_SECRET));
    std::fs::write(export.path(), links).expect("write the export");
    choose_in_open_dialog(&app, &display, "import-choose", "^Kies ", export.path()).await;
    app.wait_until("the import reports", || async {
        app.count_displayed("import-report").await + app.count_displayed("import-error").await > 0
    })
    .await;
    assert_no_english(&app, &phrases, "import").await;
    close_panels(&app).await;
    open_from_settings(&app, "open-export").await;
    app.click("export-otpauth").await;
    app.find("export-warning").await;
    assert_no_english(&app, &phrases, "export").await;
    close_panels(&app).await;

    // Locked: the unlock screen, and a wrong password.
    app.click("lock").await;
    app.find("unlock").await;
    assert_no_english(&app, &phrases, "unlock").await;
    app.click("use-password-instead").await;
    app.type_into("unlock-password", "not the password").await;
    app.click("unlock").await;
    app.text_eventually("unlock-error").await;
    assert_no_english(&app, &phrases, "wrong-password").await;
    app.quit().await;
}

/// The reported case: the system speaks English, the user chose Dutch in
/// Settings, and after a lock the wrong-password error came in English,
/// because the choice is inside the (now locked) vault.
#[tokio::test]
async fn dutch_chosen_in_settings_stays_dutch_on_the_unlock_screen() {
    let phrases = english_only_phrases();
    let display = Display::start_alone().await;
    let profile = Profile::new("dutch-chosen");
    profile.cli(&["--password-stdin", "init"], &format!("{STRONG}\n"));
    let app = App::launch_with(&display, &profile, &in_locale("en_US.UTF-8")).await;
    app.find("empty-state").await;

    app.click("settings").await;
    app.find("language").await;
    app.client
        .execute(
            "const select = document.querySelector(\"[data-test='language']\");\
             select.value = 'nl'; select.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await
        .expect("choose Dutch");
    app.wait_until("the window turns Dutch", || async {
        app.client
            .execute("return document.documentElement.lang;", vec![])
            .await
            .is_ok_and(|lang| lang == "nl")
    })
    .await;
    close_panels(&app).await;

    app.click("lock").await;
    app.click("use-password-instead").await;
    app.type_into("unlock-password", "not the password").await;
    app.click("unlock").await;
    app.text_eventually("unlock-error").await;
    assert_no_english(&app, &phrases, "wrong-password-after-lock").await;
    app.quit().await;
}

/// The window's English text at `key` ("transfer.fileGone"), `{name}`
/// filled in: what the user must see, from the catalogue itself.
fn english_text(key: &str, name: &str) -> String {
    let catalogue = read_json(&repository().join("ui/i18n/en.json"));
    let pointer = format!("/{}", key.replace('.', "/"));
    catalogue
        .pointer(&pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{key} is in en.json"))
        .replace("{name}", name)
}

/// A backup file moved or deleted after it was chosen: the browser's own
/// "The object can not be found here." showed; now our words say what
/// happened and what to do.
#[tokio::test]
async fn a_restore_file_gone_since_it_was_chosen_is_explained() {
    let display = Display::start_alone().await;
    let (_profile, app) = Scenario::new("restore-gone").launch(&display).await;
    open_transfer(&app, "open-restore").await;
    let backup = tempfile::Builder::new()
        .suffix(".skbackup")
        .tempfile()
        .expect("a backup file");
    std::fs::write(backup.path(), b"a backup").expect("write it");
    choose_in_open_dialog(&app, &display, "restore-choose", "^Choose ", backup.path()).await;
    let name = backup
        .path()
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    backup.close().expect("the file is deleted");
    app.type_into("restore-password", "correct horse").await;
    app.click("restore-submit").await;
    let shown = app.text_eventually("restore-error").await;
    app.screenshot("restore-file-gone").await;
    assert!(
        shown.contains(&name) && shown.contains("moved, renamed or deleted after you chose it"),
        "{shown}"
    );
    app.quit().await;
}

/// Waits until Settings shows again, and nothing over it.
async fn assert_back_in_settings(app: &App, from: &str) {
    app.wait_until(&format!("Back from {from} shows Settings"), || async {
        app.count_displayed("settings-panel").await == 1
            && app.count_displayed("close-panel").await == 1
    })
    .await;
}

/// Back (the arrow) and Escape from a panel Settings opened return to
/// Settings, not to the list; Back from Settings then shows the list.
#[tokio::test]
async fn back_and_escape_from_a_settings_panel_return_to_settings() {
    let display = Display::start_alone().await;
    let (_profile, app) = Scenario::new("back-to-settings")
        .account("GitHub", "j.jansen", SECRET)
        .launch(&display)
        .await;
    for (hook, panel) in [
        ("open-backup", "backup-panel"),
        ("open-restore", "restore-panel"),
        ("open-import", "import-panel"),
        ("open-export", "export-panel"),
    ] {
        open_from_settings(&app, hook).await;
        app.find(panel).await;
        app.click("close-panel").await;
        assert_back_in_settings(&app, panel).await;

        app.click(hook).await;
        app.find(panel).await;
        // Pressed where the focus is, as the keyboard does.
        app.client
            .execute(
                "(document.activeElement || document.body).dispatchEvent(\
                   new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));",
                vec![],
            )
            .await
            .expect("press Escape");
        assert_back_in_settings(&app, panel).await;
    }
    app.click("close-panel").await;
    app.wait_until("Back from Settings shows the list", || async {
        app.count_displayed("close-panel").await == 0
    })
    .await;
    assert_eq!(app.count_displayed("account-row").await, 1);
    app.quit().await;
}

/// The vault password was described as what opens a backup elsewhere,
/// while Make backup asks for a backup password of its own: first run,
/// Settings' password section and the backup panel each say in one
/// sentence which password is which and when each is asked.
#[tokio::test]
async fn each_password_screen_says_which_password_is_which() {
    let display = Display::start_alone().await;
    let profile = Profile::new("two-passwords");
    let app = App::launch(&display, &profile).await;
    app.click("also-password").await;
    let first_run = app.text_eventually("passwords-which").await;
    assert_eq!(first_run, english_text("firstRun.passwordReason", ""));
    assert!(first_run.contains("backup password"), "{first_run}");
    app.click("also-password").await;
    app.click("create-vault").await;
    app.find("empty-state").await;

    app.click("settings").await;
    let settings = app.text_eventually("passwords-which").await;
    assert_eq!(settings, english_text("password.which", ""));
    open_from_settings(&app, "open-backup").await;
    app.find("backup-panel").await;
    let backup = app.text_eventually("passwords-which").await;
    app.screenshot("two-passwords-backup").await;
    assert_eq!(backup, english_text("backup.passwordsWhich", ""));
    assert!(backup.contains("vault password"), "{backup}");
    app.quit().await;
}

/// Settings has an About section: the version, the same the command line
/// reports (both from the workspace's Cargo.toml), the licence, and that
/// Safekeep works offline.
#[tokio::test]
async fn settings_about_shows_the_version_the_command_line_reports() {
    let display = Display::start_alone().await;
    let (profile, app) = Scenario::new("about").launch(&display).await;
    let cli_version = profile.cli_output(&["--version"], "");
    let version = cli_version
        .trim()
        .strip_prefix("safekeep ")
        .unwrap_or_else(|| panic!("`safekeep --version` says {cli_version:?}"));
    assert_eq!(version, env!("CARGO_PKG_VERSION"));

    app.click("settings").await;
    app.find("about-section").await;
    let shown = app.text_eventually("about-version").await;
    assert_eq!(shown, format!("Version {version}"));
    let licence = app.text_eventually("about-licence").await;
    assert!(licence.contains(env!("CARGO_PKG_LICENSE")), "{licence}");
    let offline = app.text_of("about-offline").await;
    assert!(
        offline.contains("works offline: Safekeep never connects to the network"),
        "{offline}"
    );
    app.screenshot("about").await;
    app.quit().await;
}
