//! Accessibility of the real window (issue 12): axe-core, injected through
//! WebDriver, finds no WCAG 2.1 A/AA violation on any screen or panel, in
//! light, dark, Dutch and dark Dutch, with the list also at 360 and 1200 px
//! (and the screens of several computers in light English and dark Dutch);
//! a code row reads as one sentence, kept current without chattering;
//! reduced motion stops the countdown ring's motion.
//!
//! axe-core is a test tool (MPL-2.0), installed by scripts/setup.sh with
//! `npm ci` in tests/axe and read from there; it is never shipped.

use std::path::Path;

use safekeep_e2e::scenario::{OTHER_SECRET, SECRET, Scenario, THIRD_SECRET, TOKENS};
use safekeep_e2e::steps::{
    SETTINGS_PANELS, choose_in_open_dialog, close_panels, create_vault_with_password,
    first_run_refuses_a_weak_password, open_from_settings, open_print_view, open_settings,
    use_token,
};
use safekeep_e2e::synced::two_computers_that_used_the_last_token_apart;
use safekeep_e2e::{App, Display, Launch, Profile, now};
use serde_json::{Value, json};

/// zxcvbn scores it 3 or more: accepted as a new password.
const STRONG: &str = "paarse giraf fietst naar Zwolle";

/// The WCAG 2.1 levels A and AA, as axe-core tags its rules.
const WCAG_21_AA: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// How the window looks and speaks in one walk.
struct Look {
    /// Names the walk in failures and screenshots.
    name: &'static str,
    dark: bool,
    /// The system locale the app starts in.
    locale: &'static str,
}

/// axe-core's source, as `npm ci` in tests/axe installed it.
fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error} (scripts/setup.sh installs axe-core: `npm ci` in tests/axe)",
            path.display()
        )
    })
}

/// Turns GTK's animations off in the profile's settings, which WebKitGTK
/// reports as `prefers-reduced-motion: reduce`: what a desktop's "reduce
/// animation" switch does. There is no settings daemon under Xvfb, so GTK
/// reads this file as it does on a desktop without one.
fn ask_for_reduced_motion(profile: &Profile) {
    let dir = profile.config_dir.path().join("gtk-3.0");
    std::fs::create_dir_all(&dir).expect("gtk-3.0 config dir");
    std::fs::write(
        dir.join("settings.ini"),
        "[Settings]\ngtk-enable-animations=false\n",
    )
    .expect("settings.ini");
}

/// The launch for `look`: its locale, and a dark GTK theme when dark.
fn launch_for(look: &Look) -> Launch {
    let mut env = vec![
        ("LANG".to_owned(), look.locale.to_owned()),
        ("LC_ALL".to_owned(), look.locale.to_owned()),
    ];
    if look.dark {
        env.push(("GTK_THEME".to_owned(), "Adwaita:dark".to_owned()));
    }
    Launch {
        env,
        ..Launch::default()
    }
}

/// Whether the page matches the media query `query` now.
async fn matches_media(app: &App, query: &str) -> bool {
    app.client
        .execute(
            "return window.matchMedia(arguments[0]).matches;",
            vec![json!(query)],
        )
        .await
        .expect("matchMedia runs")
        .as_bool()
        .unwrap_or(false)
}

/// Runs axe-core over the whole window as it shows now and returns each
/// WCAG 2.1 A/AA violation as a readable paragraph: the rule, its help,
/// and each offending node's selector with what is wrong with it.
async fn axe_violations(app: &App, axe: &str) -> Vec<String> {
    // Injected once per page: its source as the body of a script, which
    // WebDriver runs whatever the page's CSP says; axe sets window.axe.
    let present = app
        .client
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .expect("ask for axe");
    if present != json!(true) {
        app.client
            .execute(&format!("{axe}\nreturn true;"), vec![])
            .await
            .expect("inject axe-core");
    }
    // Panels slide in and fade: measured mid-way, contrast is not what
    // the user reads.
    app.wait_for_animations().await;
    let result = app
        .client
        .execute_async(
            "const [tags, done] = arguments;\
             axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })\
               .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,\
                  nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })) }))))\
               .catch((e) => done({ error: String(e) }));",
            vec![json!(WCAG_21_AA)],
        )
        .await
        .expect("axe runs");
    if let Some(error) = result.get("error") {
        panic!("axe-core failed: {error}");
    }
    result
        .as_array()
        .expect("a list of violations")
        .iter()
        .map(|violation| {
            let nodes: Vec<String> = violation["nodes"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|node| {
                    format!(
                        "    {}\n      {}",
                        node["target"].as_str().unwrap_or("?"),
                        node["summary"]
                            .as_str()
                            .unwrap_or("")
                            .replace('\n', "\n      ")
                    )
                })
                .collect();
            format!(
                "  {} ({}): {}\n{}",
                violation["id"].as_str().unwrap_or("?"),
                violation["impact"].as_str().unwrap_or("?"),
                violation["help"].as_str().unwrap_or("?"),
                nodes.join("\n")
            )
        })
        .collect()
}

/// Every control the user can reach now that has no accessible name, as
/// "tag[data-test] (class)": its name is what aria-labelledby points to,
/// its aria-label, its <label>, the text it shows (hidden parts left out,
/// so an icon-only button needs a label) or its title, as a screen reader
/// finds it. axe-core checks most of this; this also catches controls it
/// does not look at (a focusable row, a tab, a menu item).
async fn unnamed_controls(app: &App) -> Vec<String> {
    let unnamed = app
        .client
        .execute(
            "const hidden = (el) => el.closest('[aria-hidden=true], [inert]');\
             const shown = (node) => node.nodeType === 3 ? node.textContent\
               : node.nodeType !== 1 || node.getAttribute('aria-hidden') === 'true' ? ''\
               : node.tagName === 'IMG' ? (node.getAttribute('alt') || '')\
               : [...node.childNodes].map(shown).join('');\
             const name = (el) => {\
               const by = el.getAttribute('aria-labelledby');\
               if (by) return by.split(/\\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ');\
               if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');\
               if (el.labels && el.labels.length) return [...el.labels].map(shown).join(' ');\
               if (!['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) { const text = shown(el); if (text.trim()) return text; }\
               if (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type)) return el.value;\
               return el.getAttribute('title') || '';\
             };\
             return [...document.querySelectorAll(\"button, a[href], input:not([type=hidden]), select, textarea,\
               [tabindex]:not([tabindex='-1']), [role=button], [role=tab], [role=menuitem], [role=checkbox],\
               [role=radio], [role=switch]\")]\
               .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !hidden(el))\
               .filter((el) => !name(el).trim())\
               .map((el) => `${el.tagName.toLowerCase()}[${el.dataset.test || ''}] (${el.className})`);",
            vec![],
        )
        .await
        .expect("look for unnamed controls");
    serde_json::from_value(unnamed).expect("a list of controls")
}

/// One walk's audits: every screen's violations, reported together at the
/// end so one run shows all that is wrong.
struct Audit {
    look: &'static str,
    axe: String,
    found: Vec<String>,
    screens: usize,
}

impl Audit {
    fn new(look: &Look) -> Audit {
        Audit {
            look: look.name,
            axe: axe_source(),
            found: Vec::new(),
            screens: 0,
        }
    }

    /// Audits what the window shows now as `screen`, once nothing fades or
    /// slides: axe-core judges contrast from the colours of the moment, and
    /// a toast half faded in fails it.
    async fn screen(&mut self, app: &App, screen: &str) {
        app.wait_for_animations().await;
        let mut violations = axe_violations(app, &self.axe).await;
        if !violations.is_empty() {
            // A toast that replaces another starts its fade just after the
            // wait above can end, and its colours of that moment then fail
            // a contrast check that the settled toast passes: a real
            // violation is still there when looked at again.
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            app.wait_for_animations().await;
            violations = axe_violations(app, &self.axe).await;
        }
        violations.extend(
            unnamed_controls(app)
                .await
                .into_iter()
                .map(|control| format!("  no accessible name: {control}")),
        );
        app.screenshot(&format!("a11y-{}-{screen}", self.look))
            .await;
        self.screens += 1;
        if !violations.is_empty() {
            self.found.push(format!(
                "{screen} ({}):\n{}",
                self.look,
                violations.join("\n")
            ));
        }
    }

    /// No screen had a violation, and at least `screens` were audited (so a
    /// walk cut short cannot pass).
    fn assert_clean(self, screens: usize) {
        assert!(
            self.screens >= screens,
            "the walk audited {} screens",
            self.screens
        );
        assert!(
            self.found.is_empty(),
            "WCAG 2.1 AA violations (axe-core) or unnamed controls on {} of {} screens:\n{}",
            self.found.len(),
            self.screens,
            self.found.join("\n\n")
        );
    }
}

async fn walk_and_audit(look: Look) {
    let display = Display::start_alone().await;
    let profile = Profile::new(&format!("a11y-{}", look.name));
    let mut audit = Audit::new(&look);
    let app = App::launch_with(&display, &profile, &launch_for(&look)).await;
    app.find("create-vault").await;
    assert_eq!(
        matches_media(&app, "(prefers-color-scheme: dark)").await,
        look.dark,
        "{}: the window is {}",
        look.name,
        if look.dark { "dark" } else { "light" }
    );
    // The theme setting is System: the window's colours follow the desktop.
    let theme = app
        .client
        .execute("return document.documentElement.dataset.theme;", vec![])
        .await
        .expect("read the theme");
    assert_eq!(
        theme,
        json!(if look.dark { "dark" } else { "light" }),
        "{}: the colours the window paints",
        look.name
    );

    audit.screen(&app, "first-run").await;
    first_run_refuses_a_weak_password(&app).await;
    audit.screen(&app, "first-run-refused").await;
    create_vault_with_password(&app, STRONG).await;
    audit.screen(&app, "empty-list").await;

    app.click("add").await;
    for tab in ["tab-image", "tab-manual", "tab-uri"] {
        app.click(tab).await;
        audit.screen(&app, tab).await;
    }
    app.type_into("uri-input", "otpauth://totp/x?issuer=x")
        .await;
    app.click("uri-submit").await;
    app.text_eventually("uri-error").await;
    audit.screen(&app, "add-refused").await;
    close_panels(&app).await;

    // Locked, the command line (through the keychain) adds the accounts
    // the list shows once unlocked.
    app.click("lock").await;
    app.find("unlock").await;
    audit.screen(&app, "unlock").await;
    app.click("use-password-instead").await;
    app.type_into("unlock-password", "not the password").await;
    app.click("unlock").await;
    app.text_eventually("unlock-error").await;
    audit.screen(&app, "unlock-wrong-password").await;
    let link = |issuer: &str, secret: &str| {
        format!("otpauth://totp/{issuer}:me@example.org?secret={secret}&issuer={issuer}\n")
    };
    profile.cli(&["add", "-"], &link("GitHub", SECRET));
    profile.cli(
        &["add", "-"],
        &format!(
            "otpauth://hotp/Counter:me@example.org?secret={OTHER_SECRET}&issuer=Counter&counter=0\n"
        ),
    );
    profile.cli(&["add", "--issuer", "Therapieland", "--label", "me"], "");
    profile.cli(&["tokens", "add", "github"], &TOKENS.join("\n"));
    profile.cli(&["tokens", "add", "therapieland"], &TOKENS.join("\n"));
    // Every one used: the chip says "none left".
    for _ in TOKENS {
        profile.cli(&["tokens", "use", "therapieland"], "");
    }
    app.type_into("unlock-password", STRONG).await;
    app.click("unlock").await;
    app.wait_until("the three accounts show", || async {
        app.count_displayed("account-row").await == 3
    })
    .await;
    audit.screen(&app, "list").await;
    for (width, height) in [(360, 680), (1200, 760), (440, 680)] {
        app.resize(width, height).await;
        if width != 440 {
            audit.screen(&app, &format!("list-{width}px")).await;
        }
    }
    app.click("hotp-show").await;
    app.wait_until("the counter code shows", || async {
        app.count_displayed("code").await == 2
    })
    .await;
    audit.screen(&app, "list-counter-shown").await;
    app.type_into("search", "no such site").await;
    app.wait_until("no row matches", || async {
        app.count_displayed("account-row").await == 0
    })
    .await;
    audit.screen(&app, "search-no-match").await;
    // Cleared as Backspace does it, so the list hears an input event.
    app.find("search")
        .await
        .send_keys(&"\u{E003}".repeat("no such site".len()))
        .await
        .expect("clear the search");
    app.wait_until("every row is back", || async {
        app.count_displayed("account-row").await == 3
    })
    .await;

    // The first row's ⋯ menu, then its details (Counter's: it has a QR
    // code too).
    app.click("row-menu").await;
    app.find("menu-edit").await;
    audit.screen(&app, "row-menu").await;
    app.click("menu-edit").await;
    app.find("detail-save").await;
    audit.screen(&app, "details").await;
    app.click("show-qr").await;
    app.find("qr-confirm").await;
    audit.screen(&app, "details-qr-warning").await;
    app.click("qr-confirm").await;
    app.find("qr-image").await;
    audit.screen(&app, "details-qr").await;
    close_panels(&app).await;

    // GitHub's tokens, masked, revealed, one used (its Undo toast shows).
    app.click("open-tokens").await;
    app.find("tokens-panel").await;
    app.find("use-token").await;
    audit.screen(&app, "tokens-masked").await;
    app.click("tokens-reveal").await;
    audit.screen(&app, "tokens-revealed").await;
    use_token(&app, &display, 4).await;
    audit.screen(&app, "tokens-used").await;
    app.click("tokens-add-open").await;
    app.type_into("tokens-textarea", "1. uv12-wx34\n2. yz56")
        .await;
    app.wait_until("the preview counts the tokens", || async {
        !app.text_of("tokens-preview").await.trim().is_empty()
    })
    .await;
    audit.screen(&app, "tokens-paste").await;
    app.click("tokens-replace").await;
    app.click("tokens-submit").await;
    app.text_eventually("tokens-replace-ask").await;
    audit.screen(&app, "tokens-replace-ask").await;
    app.click("tokens-replace-confirm").await;
    app.find("toast-undo").await;
    audit.screen(&app, "tokens-replaced-undo").await;
    close_panels(&app).await;

    open_settings(&app).await;
    app.find("about-section").await;
    audit.screen(&app, "settings").await;
    app.click("set-password").await;
    app.text_eventually("password-error").await;
    audit.screen(&app, "settings-password-refused").await;
    app.type_into("new-password", "").await;
    app.type_into("repeat-password", "").await;
    app.click("password-at-unlock").await;
    close_panels(&app).await;
    app.click("lock").await;
    app.find("unlock-password").await;
    audit.screen(&app, "unlock-password-asked").await;
    app.type_into("unlock-password", STRONG).await;
    app.click("unlock").await;
    app.wait_until("the accounts are back", || async {
        app.count_displayed("account-row").await == 3
    })
    .await;
    for (hook, panel) in SETTINGS_PANELS {
        open_from_settings(&app, hook).await;
        app.find(panel).await;
        audit.screen(&app, panel).await;
        close_panels(&app).await;
    }
    open_from_settings(&app, "open-export").await;
    app.click("export-otpauth").await;
    app.find("export-warning").await;
    audit.screen(&app, "export-warning").await;
    close_panels(&app).await;
    open_from_settings(&app, "open-export").await;
    app.click("export-google").await;
    app.find("google-warning").await;
    audit.screen(&app, "export-google-warning").await;
    app.click("google-confirm").await;
    app.find("google-qr").await;
    audit.screen(&app, "export-google-qr").await;
    close_panels(&app).await;
    app.click("row-menu").await;
    app.click("menu-delete").await;
    app.find("delete-confirm").await;
    audit.screen(&app, "delete-confirm").await;
    app.click("delete-confirm").await;
    app.find("toast-undo").await;
    audit.screen(&app, "deleted-undo").await;

    // An import chosen in the system's open dialog, with a line it refuses:
    // the report, as a warning.
    let files = tempfile::tempdir().expect("a temporary folder");
    let list = files.path().join("accounts.txt");
    std::fs::write(
        &list,
        link("Imported", THIRD_SECRET) + "otpauth://totp/broken\n",
    )
    .expect("write the list");
    open_from_settings(&app, "open-import").await;
    let dutch = look.locale.starts_with("nl");
    let dialog_title = if dutch { "^Kies " } else { "^Choose " };
    choose_in_open_dialog(&app, &display, "import-choose", dialog_title, &list).await;
    app.find("import-report").await;
    audit.screen(&app, "import-report").await;
    close_panels(&app).await;

    // A backup written through the system's save dialog: its banner.
    open_from_settings(&app, "open-backup").await;
    app.type_into("new-password", STRONG).await;
    app.type_into("repeat-password", STRONG).await;
    app.click("backup-submit").await;
    let save_title = if dutch {
        "^Versleutelde back-up bewaren"
    } else {
        "^Save the encrypted backup"
    };
    let dialog = display.wait_for_x_window(save_title);
    // GTK takes a Return only once the dialog has settled.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    display.press_key_in(&dialog, "Return");
    let backup = app.text_eventually("backup-written-path").await;
    audit.screen(&app, "backup-written").await;
    close_panels(&app).await;

    // That backup restored (merged): the report.
    open_from_settings(&app, "open-restore").await;
    choose_in_open_dialog(
        &app,
        &display,
        "restore-choose",
        dialog_title,
        Path::new(&backup),
    )
    .await;
    app.type_into("restore-password", STRONG).await;
    app.click("restore-submit").await;
    app.find("restore-report").await;
    audit.screen(&app, "restore-report").await;
    close_panels(&app).await;

    // The recovery sheet's print view, its print dialog cancelled.
    let view = open_print_view(&app, &display).await;
    view.cancel_printing(&display);
    view.switch_to(&app).await;
    audit.screen(&app, "print-view").await;
    view.switch_back(&app).await;
    close_panels(&app).await;
    app.quit().await;
    audit.assert_clean(38);
}

/// The screens of several computers (issue 15): a new computer's card that
/// joins a synced vault, and its refusal; over the list, a password changed
/// on the other computer, and a backup token both used; Settings with the
/// other computers, and the form that removes one.
async fn audit_several_computers(look: Look) {
    let display = Display::start_alone().await;
    let folder = tempfile::tempdir().expect("the synced folder");
    let (clinic, laptop) = two_computers_that_used_the_last_token_apart(folder.path());
    let mut audit = Audit::new(&look);

    let third = Profile::new(&format!("a11y-sync-{}", look.name));
    let app = App::launch_with(&display, &third, &launch_for(&look)).await;
    app.click("use-synced-vault").await;
    app.find("join-card").await;
    audit.screen(&app, "join-card").await;
    app.click("join-vault").await;
    app.text_eventually("join-error").await;
    audit.screen(&app, "join-refused").await;
    app.quit().await;

    let app = App::launch_with(&display, &clinic, &launch_for(&look)).await;
    app.find("sync-notice").await;
    audit.screen(&app, "token-used-twice").await;
    open_settings(&app).await;
    app.find("other-devices").await;
    audit.screen(&app, "other-computers").await;
    app.click("remove-device").await;
    app.find("remove-device-form").await;
    audit.screen(&app, "remove-a-computer").await;
    app.quit().await;

    // Any command on the clinic's computer tells the double use too: the
    // password changes after the window has shown it.
    clinic.cli(
        &["password", "set", "--new-password-stdin"],
        "een heel ander wachtwoord voor de kliniek\n",
    );
    let app = App::launch_with(&display, &laptop, &launch_for(&look)).await;
    app.find("key-changed-elsewhere").await;
    audit.screen(&app, "password-changed-elsewhere").await;
    app.quit().await;
    audit.assert_clean(6);
}

#[tokio::test]
async fn no_wcag_violations_on_the_several_computers_screens() {
    audit_several_computers(Look {
        name: "sync-light",
        dark: false,
        locale: "en_US.UTF-8",
    })
    .await;
}

#[tokio::test]
async fn no_wcag_violations_on_the_several_computers_screens_in_dark_dutch() {
    audit_several_computers(Look {
        name: "sync-dark-dutch",
        dark: true,
        locale: "nl_NL.UTF-8",
    })
    .await;
}

#[tokio::test]
async fn no_wcag_violations_on_any_screen_in_light() {
    walk_and_audit(Look {
        name: "light",
        dark: false,
        locale: "en_US.UTF-8",
    })
    .await;
}

#[tokio::test]
async fn no_wcag_violations_on_any_screen_in_dark() {
    walk_and_audit(Look {
        name: "dark",
        dark: true,
        locale: "en_US.UTF-8",
    })
    .await;
}

/// First run on a computer without a usable keychain, where a password is
/// the only way in (a session bus that is not there).
#[tokio::test]
async fn no_wcag_violations_on_first_run_without_a_keychain() {
    let look = Look {
        name: "no-keychain",
        dark: false,
        locale: "en_US.UTF-8",
    };
    let display = Display::start_alone().await;
    let profile = Profile::new("a11y-no-keychain");
    let mut launch = launch_for(&look);
    launch.env.push((
        "DBUS_SESSION_BUS_ADDRESS".into(),
        "unix:path=/nonexistent/safekeep-a11y".into(),
    ));
    let app = App::launch_with(&display, &profile, &launch).await;
    app.find("keychain-problem").await;
    let mut audit = Audit::new(&look);
    audit.screen(&app, "first-run-no-keychain").await;
    app.quit().await;
    audit.assert_clean(1);
}

#[tokio::test]
async fn no_wcag_violations_on_any_screen_in_dark_dutch() {
    walk_and_audit(Look {
        name: "dark-dutch",
        dark: true,
        locale: "nl_NL.UTF-8",
    })
    .await;
}

#[tokio::test]
async fn no_wcag_violations_on_any_screen_in_dutch() {
    walk_and_audit(Look {
        name: "dutch",
        dark: false,
        locale: "nl_NL.UTF-8",
    })
    .await;
}

/// How a language says "12 seconds left".
type SecondsLeft = fn(u64) -> String;

/// The TOTP period of the scenarios' accounts.
const PERIOD: u64 = 30;

/// Waits until the current period has at least `from` and at most `to`
/// seconds left, so what a check watches does not straddle a new code.
async fn wait_for_seconds_left(from: u64, to: u64) {
    while !(from..=to).contains(&(PERIOD - now() % PERIOD)) {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// WebDriver's "Get Computed Label" of an element: its accessible name as
/// the browser's accessibility tree computes it, what a screen reader is
/// given (fantoccini has no call for it).
#[derive(Debug)]
struct ComputedLabel(fantoccini::elements::Element);

impl fantoccini::wd::WebDriverCompatibleCommand for ComputedLabel {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/element/{}/computedlabel",
            session_id.unwrap_or_default(),
            self.0.element_id()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::GET, None)
    }
}

/// The first row's accessible name, as the accessibility tree has it.
async fn first_row_computed_label(app: &App) -> Value {
    let row = app.find("account-row").await;
    app.client
        .issue_cmd(ComputedLabel(row))
        .await
        .expect("WebDriver computes the row's label")
}

/// Gives the first row the focus, from the search field as the arrow
/// keys do (arriving is what names it), and returns
/// its name, the code it shows, and the seconds left of the period then.
async fn focus_first_row(app: &App) -> (String, String, u64) {
    let read = app
        .client
        .execute(
            "const row = document.querySelector(\"[data-test='account-row']\");\
             document.querySelector(\"[data-test='search']\").focus();\
             row.focus();\
             const left = Math.ceil(30 - (Date.now() / 1000) % 30);\
             return [row.getAttribute('aria-label'),\
                     row.querySelector(\"[data-test='code']\").textContent, left];",
            vec![],
        )
        .await
        .expect("focus the row");
    serde_json::from_value::<(String, String, u64)>(read).expect("name, code, seconds")
}

/// What changes in the window over `seconds` while nobody touches it, as
/// a MutationObserver sees it: how many changes were made to the row's
/// name, inside a live region, or outside anything hidden from assistive
/// technology; and how many inside hidden things (the ring's steps).
async fn changes_over(app: &App, seconds: u64) -> serde_json::Value {
    app.client
        .execute_async(
            "const [ms, done] = arguments;\
             const row = document.querySelector(\"[data-test='account-row']\");\
             const live = '[aria-live], [role=status], [role=alert], [role=log], [role=timer], [role=marquee]';\
             const seen = { rowName: 0, inLiveRegion: 0, heard: [], hidden: 0 };\
             const element = (node) => node.nodeType === 1 ? node : node.parentElement;\
             const observer = new MutationObserver((records) => { for (const r of records) {\
               const el = element(r.target);\
               if (r.target === row && r.attributeName === 'aria-label') seen.rowName += 1;\
               if (el.closest(live)) seen.inLiveRegion += 1;\
               if (el.closest('[aria-hidden=true]')) seen.hidden += 1;\
               else if (r.attributeName !== 'class') seen.heard.push(\
                 (el.dataset.test || el.className.baseVal || el.className) + ' ' + (r.attributeName || r.type));\
             } });\
             observer.observe(document.body, { subtree: true, attributes: true, characterData: true, childList: true });\
             setTimeout(() => { observer.disconnect(); done(seen); }, ms);",
            vec![json!(seconds * 1000)],
        )
        .await
        .expect("watch the window")
}

/// A code row reads as one sentence, in English and in Dutch: "GitHub,
/// me@example.org, code 946 264, 12 seconds left"; the countdown does
/// not chatter: while the row has the focus its name stays the same from
/// second to second, nothing inside a live region changes, and all that
/// the countdown changes is hidden from assistive technology. Arriving on
/// the row again names the seconds left then.
#[tokio::test]
async fn a_code_row_reads_as_one_sentence_and_the_countdown_does_not_chatter() {
    let languages: [(&str, SecondsLeft); 2] = [
        ("en_US.UTF-8", |s| format!("{s} seconds left")),
        ("nl_NL.UTF-8", |s| format!("nog {s} seconden")),
    ];
    for (locale, left_words) in languages {
        let display = Display::start_alone().await;
        let launch = launch_for(&Look {
            name: "row",
            dark: false,
            locale,
        });
        let (_profile, app) = Scenario::new("row-sentence")
            .account("GitHub", "me@example.org", SECRET)
            .launch_with(&display, &launch)
            .await;
        app.wait_until("the code shows", || async {
            app.text_of("code")
                .await
                .chars()
                .any(|c| c.is_ascii_digit())
        })
        .await;
        wait_for_seconds_left(12, 27).await;
        let (name, code, left) = focus_first_row(&app).await;
        let said = [left, left + 1]
            .map(|s| format!("GitHub, me@example.org, code {code}, {}", left_words(s)));
        assert!(
            said.contains(&name),
            "{locale}: the row is named {name:?}, not one of {said:?}"
        );
        assert_eq!(
            code.chars().filter(char::is_ascii_digit).count(),
            6,
            "{code}"
        );
        assert_eq!(
            first_row_computed_label(&app).await,
            json!(name),
            "{locale}: what a screen reader is given"
        );

        let ring_in_live_region = app
            .client
            .execute(
                "return [...document.querySelectorAll('.ring, [data-test=code], .next')]\
                   .some((el) => el.closest('[aria-live], [role=status], [role=alert], [role=timer], [role=log]'));",
                vec![],
            )
            .await
            .expect("ask for live regions");
        assert_eq!(
            ring_in_live_region,
            json!(false),
            "the countdown is inside a live region"
        );
        let seen = changes_over(&app, 4).await;
        assert_eq!(
            seen["rowName"], 0,
            "{locale}: the focused row's name changed: {seen}"
        );
        assert_eq!(
            seen["inLiveRegion"], 0,
            "{locale}: a live region changed: {seen}"
        );
        assert_eq!(
            seen["heard"],
            json!([]),
            "{locale}: the countdown changed what is read: {seen}"
        );
        assert!(
            // It steps at least every 3 s outside the last seconds.
            seen["hidden"].as_u64().unwrap_or(0) >= 1,
            "{locale}: the ring stepped while watched: {seen}"
        );

        // Away and back: the name says the seconds left now.
        let (again, code_again, left_again) = focus_first_row(&app).await;
        assert!(left_again < left, "time went on: {left} then {left_again}");
        let said = [left_again, left_again + 1].map(|s| {
            format!(
                "GitHub, me@example.org, code {code_again}, {}",
                left_words(s)
            )
        });
        assert!(
            said.contains(&again),
            "{locale}: back on the row, it is named {again:?}, not one of {said:?}"
        );
        app.screenshot(&format!("a11y-row-sentence-{locale}")).await;
        app.quit().await;
    }
}

/// With reduced motion asked for (GTK's animations off, which WebKitGTK
/// reports as `prefers-reduced-motion: reduce`), the countdown ring holds
/// still from second to second, and a panel opens without sliding.
#[tokio::test]
async fn reduced_motion_stops_the_ring_and_the_panels() {
    let display = Display::start_alone().await;
    let scenario = Scenario::new("reduced-motion").account("GitHub", "me@example.org", SECRET);
    let profile = scenario.profile();
    ask_for_reduced_motion(&profile);
    let app = App::launch(&display, &profile).await;
    app.find("code").await;
    assert!(
        matches_media(&app, "(prefers-reduced-motion: reduce)").await,
        "the window is told to reduce motion"
    );
    let ring = || async {
        app.client
            .execute(
                "const s = getComputedStyle(document.querySelector('.ring-fill'));\
                 return [s.strokeDashoffset, s.transitionDuration, s.animationName];",
                vec![],
            )
            .await
            .expect("read the ring")
    };
    // Well into a period, where a moving ring is far from full.
    wait_for_seconds_left(8, 24).await;
    let before = ring().await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let after = ring().await;
    assert_eq!(before, after, "the ring moved");
    assert_eq!(
        before,
        json!(["0px", "0s", "none"]),
        "the ring is held full and still"
    );

    app.find_all("add").await[0]
        .click()
        .await
        .expect("open the add panel");
    app.find("tab-uri").await;
    let moving = app
        .client
        .execute(
            "return document.getAnimations().filter((a) => a.playState === 'running').length;",
            vec![],
        )
        .await
        .expect("count animations");
    assert_eq!(moving, json!(0), "the panel slides in");
    app.quit().await;
}

/// A button made busy while its action runs is disabled, and WebKit moves
/// the keyboard focus off a disabled button to the page itself; seen as
/// Use backup token leaving a keyboard user nowhere on a busy machine.
/// Once the action ends, the focus is back on the button.
#[tokio::test]
async fn a_button_busy_for_a_moment_gives_the_keyboard_focus_back() {
    let display = Display::start_alone().await;
    let (_profile, app) = Scenario::new("busy-focus")
        .account("GitHub", "me@example.org", SECRET)
        .tokens("github", &TOKENS)
        .launch(&display)
        .await;
    app.click("open-tokens").await;
    app.find("use-token").await;
    // The window's own busy(), on the focused button, with frames drawn
    // while it is busy as a slow action has them.
    let focus = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const button = document.querySelector(\"[data-test='use-token']\");\
             const frame = () => new Promise((go) => requestAnimationFrame(() => go()));\
             import('./forms.js').then(async ({ busy }) => {\
               button.focus();\
               busy(button, true);\
               await frame(); await frame();\
               const whileBusy = document.activeElement === button;\
               busy(button, false);\
               done({ whileBusy, after: document.activeElement === button });\
             }).catch((e) => done({ error: String(e) }));",
            vec![],
        )
        .await
        .expect("run busy()");
    assert_eq!(
        focus["whileBusy"],
        json!(false),
        "WebKit keeps the focus on a disabled button, so this proves nothing: {focus}"
    );
    assert_eq!(
        focus["after"],
        json!(true),
        "the button does not get the focus back: {focus}"
    );
    app.quit().await;
}
