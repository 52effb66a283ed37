//! Safekeep beside the window (issue 14), in the real app on a real session
//! bus: its tray icon's menu, driven as a panel drives it (a tray host of
//! the test's own, `tests/tray_host.py`), closing into the tray, starting
//! hidden, and the login entry.
//!
//! Scenarios run one at a time (`Display::start_alone`): a session bus has
//! one tray host, and each scenario starts its own.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use safekeep_e2e::scenario::{SECRET, Scenario, TOKENS};
use safekeep_e2e::steps::{open_details, open_settings};
use safekeep_e2e::tray::{TrayHost, grab_key};
use safekeep_e2e::{Display, Launch, PATIENCE, PlainWindow, close_as_a_window_manager_does, now};
use safekeep_testkit::oathtool::oathtool_default_totp;
use x11rb::protocol::xproto::ModMask;

/// GitHub with a code and Bank with backup tokens only, both pinned, and
/// Mail, not pinned.
fn pinned_accounts(name: &str) -> Scenario {
    Scenario::new(name)
        .account("GitHub", "j.jansen", SECRET)
        .account("Mail", "j.jansen", SECRET)
        .account_without_secret("Bank", "j.jansen")
        .tokens("bank", &TOKENS)
}

/// Waits until the clipboard holds `wanted(text)`, and returns the text.
fn clipboard_when(display: &Display, what: &str, wanted: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let text = display.clipboard();
        if wanted(&text) {
            return text;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the clipboard never held {what}: {text:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// oathtool's codes for [`SECRET`] at `before` and now: a code taken in
/// between is one of them, whichever side of a period boundary it fell on.
fn oathtools_codes_since(before: u64) -> HashSet<String> {
    [
        oathtool_default_totp(SECRET, before),
        oathtool_default_totp(SECRET, now()),
    ]
    .into()
}

/// Waits for a code on the clipboard and checks it is oathtool's for
/// [`SECRET`] at `before` or now, whichever side of a period boundary the
/// copy fell on; `who` copied it.
fn assert_oathtools_code_copied(display: &Display, before: u64, who: &str) {
    let copied = clipboard_when(display, "a code", |text| text.len() == 6);
    let expected = oathtools_codes_since(before);
    assert!(
        expected.contains(&copied),
        "{who} copied {copied}, oathtool says {expected:?}"
    );
}

#[tokio::test]
async fn the_tray_menu_copies_a_pinned_code_and_hands_out_a_backup_token_marked_used() {
    let display = Display::start_alone().await;
    let scenario = pinned_accounts("tray-menu");
    let profile = scenario.profile();
    profile.cli(&["pin", "GitHub"], "");
    profile.cli(&["pin", "Bank"], "");
    let tray = TrayHost::start();
    let _window = PlainWindow::launch(&display, &profile);
    let item = tray.wait_for_item();

    // Pinned accounts only, in the list's order, each with what a login
    // prompt needs from it; Mail, not pinned, is not offered.
    let labels = item.wait_for_label("GitHub (j.jansen): copy code");
    assert_eq!(
        labels,
        [
            "Show Safekeep",
            "Bank (j.jansen): use a backup token (5 left)",
            "GitHub (j.jansen): copy code",
            "Lock",
            "Quit Safekeep",
        ]
    );

    let before = now();
    item.click("GitHub (j.jansen): copy code");
    assert_oathtools_code_copied(&display, before, "the tray");

    // A backup token leaves marked used, as the window's "Use backup token".
    item.click("Bank (j.jansen): use a backup token (5 left)");
    clipboard_when(&display, "the first backup token", |text| text == TOKENS[0]);
    // The command line lists tokens in order, masked: the first is used.
    let listed = profile.cli_output(&["tokens", "list", "Bank"], "");
    let first = listed.lines().next().unwrap_or_default();
    assert!(
        first.contains(" used ") && listed.matches(" unused").count() == 4,
        "the token the tray handed out is not marked used: {listed}"
    );
    // The menu follows the vault.
    item.wait_for_label("Bank (j.jansen): use a backup token (4 left)");

    // Locked, the pinned names (inside the encrypted vault) leave the menu.
    item.click("Lock");
    assert_eq!(
        item.wait_for_label("Locked: unlock to see pinned accounts (disabled)"),
        [
            "Show Safekeep",
            "Locked: unlock to see pinned accounts (disabled)",
            "Lock (disabled)",
            "Quit Safekeep",
        ]
    );
}

#[tokio::test]
async fn closing_hides_into_the_tray_after_saying_so_and_tray_quit_ends_every_process() {
    let display = Display::start_alone().await;
    let tray = TrayHost::start();
    let (_profile, app) = Scenario::new("tray-close")
        .account("GitHub", "j.jansen", SECRET)
        .launch(&display)
        .await;
    let item = tray.wait_for_item();
    let window = display.wait_for_x_window("Safekeep");

    // The first close says where the window goes before it goes.
    close_as_a_window_manager_does(&display.name, &window);
    app.find("tray-notice").await;
    assert!(display.x_window_shown("Safekeep"), "the notice is not seen");
    app.click("tray-notice-hide").await;
    wait_until_hidden(&display);

    // The tray brings it back, and from now on closing hides it at once.
    item.click("Show Safekeep");
    display.wait_for_x_window("Safekeep");
    close_as_a_window_manager_does(&display.name, &window);
    wait_until_hidden(&display);
    assert!(
        !app.is_present("tray-notice").await,
        "the notice came again"
    );

    // Quit in the tray ends the app and every process it started.
    let pid = window_pid(&display, &window);
    let family = descendants(pid);
    assert!(
        !family.is_empty(),
        "the app has no WebKit processes: is {pid} the app?"
    );
    item.click("Quit Safekeep");
    let started = Instant::now();
    while [pid].iter().chain(&family).any(|&p| alive(p)) {
        assert!(
            started.elapsed() < PATIENCE,
            "processes of the app still run after Quit: {:?}",
            [pid]
                .iter()
                .chain(&family)
                .filter(|&&p| alive(p))
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test]
async fn started_hidden_the_app_shows_no_window_until_asked() {
    let display = Display::start_alone().await;
    let profile = Scenario::new("tray-hidden")
        .account("GitHub", "j.jansen", SECRET)
        .profile();
    let tray = TrayHost::start();
    let mut app = PlainWindow::start(&display, &profile, &["--hidden"]);
    let item = tray.wait_for_item();
    // The tray answered from the app's main loop: the app is up, and any
    // window it meant to show has been shown by now.
    item.wait_for_label("Pin an account to copy its code from here (disabled)");
    assert!(!app.shown(), "--hidden showed the window");

    // Launching Safekeep again, as from the desktop's menu, shows it.
    let mut second = PlainWindow::start_beside_the_running_one(&display, &profile, &[]);
    app.wait_until_shown();
    assert_eq!(
        second.wait_for_exit().code(),
        Some(0),
        "the second launch did not hand over to the first"
    );
}

/// Runs the app where the tray's library cannot be loaded: a private mount
/// namespace in which every copy of it reads as empty, as on a system
/// without the package.
const WITHOUT_TRAY_LIBRARY: [&str; 6] = [
    "unshare",
    "--mount",
    "sh",
    "-ec",
    "for lib in /usr/lib/*/libayatana-appindicator3.so.1 /usr/lib/*/libappindicator3.so.1; do \
       [ -e \"$lib\" ] && mount --bind /dev/null \"$(readlink -f \"$lib\")\"; \
     done; exec \"$@\"",
    "without-tray-library",
];

#[tokio::test]
async fn without_the_tray_library_the_app_starts_and_closing_quits() {
    let hidden = std::process::Command::new(WITHOUT_TRAY_LIBRARY[0])
        .args(&WITHOUT_TRAY_LIBRARY[1..])
        .args([
            "sh",
            "-ec",
            "for lib in /usr/lib/*/libayatana-appindicator3.so.1; do \
               test ! -s \"$(readlink -f \"$lib\")\"; \
             done",
        ])
        .status()
        .expect("unshare runs (util-linux)");
    assert!(
        hidden.success(),
        "the tray library could not be hidden: unshare --mount needs root"
    );
    let display = Display::start_alone().await;
    // A tray host runs: only the missing library keeps the icon away.
    let _tray = TrayHost::start();
    let profile = Scenario::new("tray-no-library")
        .account("GitHub", "j.jansen", SECRET)
        .profile();
    let mut app = PlainWindow::start_under(&display, &profile, &WITHOUT_TRAY_LIBRARY, &[]);
    app.wait_until_shown();
    // With no icon to come back from, closing quits, as it did before the
    // tray.
    app.close_as_a_window_manager_does();
    assert_eq!(
        app.wait_for_exit().code(),
        Some(0),
        "the app did not quit cleanly on close without a tray"
    );
}

#[tokio::test]
async fn start_at_login_writes_and_removes_a_login_entry_that_starts_hidden() {
    let display = Display::start_alone().await;
    let home = tempfile::tempdir().expect("a home folder");
    std::fs::create_dir(home.path().join(".config")).expect("~/.config");
    let launch = Launch {
        env: vec![("HOME".into(), home.path().display().to_string())],
        ..Launch::default()
    };
    let (_profile, app) = Scenario::new("tray-login")
        .account("GitHub", "j.jansen", SECRET)
        .launch_with(&display, &launch)
        .await;
    open_settings(&app).await;
    // No tray runs here: Settings says what closing does then.
    assert_eq!(
        app.text_eventually("tray-status").await,
        "No tray is running on this desktop, so Safekeep has no icon there and closing \
         the window quits it. On GNOME, the AppIndicator extension adds a tray."
    );

    let entry = home.path().join(".config/autostart/Safekeep.desktop");
    app.click("start-at-login").await;
    app.wait_until("the login entry is written", || async { entry.exists() })
        .await;
    let written = std::fs::read_to_string(&entry).expect("read the login entry");
    let exec = written
        .lines()
        .find_map(|line| line.strip_prefix("Exec="))
        .unwrap_or_else(|| panic!("no Exec line: {written}"));
    assert!(
        exec.ends_with(" --hidden") && exec.contains("safekeep-app"),
        "the login entry does not start Safekeep hidden: {exec}"
    );

    app.click("start-at-login").await;
    app.wait_until("the login entry is removed", || async { !entry.exists() })
        .await;
}

fn wait_until_hidden(display: &Display) {
    let started = Instant::now();
    while display.x_window_shown("Safekeep") {
        assert!(started.elapsed() < PATIENCE, "the window is still shown");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The process that owns the X window `id`.
fn window_pid(display: &Display, id: &str) -> u32 {
    let output = std::process::Command::new("xdotool")
        .args(["getwindowpid", id])
        .env("DISPLAY", &display.name)
        .output()
        .expect("xdotool runs");
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("the window's process id")
}

/// Every process below `pid`, children first.
fn descendants(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut parents = vec![pid];
    while let Some(parent) = parents.pop() {
        for entry in std::fs::read_dir("/proc").expect("read /proc").flatten() {
            let Some(child) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // "pid (comm) state ppid ...": comm may hold spaces and brackets.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|ppid| ppid.parse::<u32>().ok());
            if ppid == Some(parent) {
                found.push(child);
                parents.push(child);
            }
        }
    }
    found
}

/// Whether the process `pid` still runs (a zombie has ended).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(')')
            .is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z'))
    })
}

/// The keysym of the letter k, and of j.
const K: u32 = 0x6b;
const J: u32 = 0x6a;

/// Presses Ctrl+Alt+K until the quick pick is shown (the app may still be
/// starting), and returns its X window.
fn open_quick_pick(display: &Display, app: &mut PlainWindow) -> String {
    show_quick_pick(display).unwrap_or_else(|| {
        panic!(
            "Ctrl+Alt+K never showed the quick pick (see artifacts/e2e/quick-pick-never-shown.png); the app ended: {:?}",
            app.ended()
        )
    })
}

/// Presses Ctrl+Alt+K until the quick pick is shown and has the keyboard,
/// and returns its X window; `None` (and a screenshot) if it never shows.
fn show_quick_pick(display: &Display) -> Option<String> {
    let started = Instant::now();
    loop {
        display.xdotool(&["key", "ctrl+alt+k"]);
        if display.x_window_shown("Safekeep quick pick") {
            let window = display.wait_for_x_window("Safekeep quick pick");
            wait_for_focus(display, &window);
            return Some(window);
        }
        if started.elapsed() > PATIENCE {
            display.screenshot("quick-pick-never-shown");
            return None;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// Waits until the X keyboard focus is on `window` (the app gives it the
/// focus when it shows it), so keys pressed next reach it.
fn wait_for_focus(display: &Display, window: &str) {
    let started = Instant::now();
    loop {
        let focused = std::process::Command::new("xdotool")
            .arg("getwindowfocus")
            .env("DISPLAY", &display.name)
            .output()
            .expect("xdotool runs");
        let focused = String::from_utf8_lossy(&focused.stdout).trim().to_owned();
        if focused == window {
            return;
        }
        if started.elapsed() > PATIENCE {
            display.screenshot("quick-pick-failure");
            let raw = std::process::Command::new("xdotool")
                .args(["getwindowfocus", "-f"])
                .env("DISPLAY", &display.name)
                .output()
                .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
                .unwrap_or_default();
            panic!("the quick pick ({window}) never got the keyboard: X gives it to {raw:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Types `text` into the quick pick and presses `key` (Return or Escape),
/// as a person does, until the quick pick hides: both keys hide it, so one
/// still shown means the keys came before WebKit took the keyboard (seen on
/// a loaded machine), and typing again is what a person would do. Nothing
/// was taken then, so nothing is taken twice.
fn type_and_press(display: &Display, text: &str, key: &str) {
    let started = Instant::now();
    loop {
        display.xdotool(&["key", "ctrl+a", "BackSpace"]);
        display.xdotool(&["type", "--delay", "30", text]);
        display.xdotool(&["key", key]);
        let pressed = Instant::now();
        while pressed.elapsed() < Duration::from_secs(3) {
            if !display.x_window_shown("Safekeep quick pick") {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if started.elapsed() > PATIENCE {
            display.screenshot("quick-pick-failure");
            panic!(
                "the quick pick never took {text:?} and {key} (see artifacts/e2e/quick-pick-failure.png)"
            );
        }
    }
}

/// Types `text` into the quick pick and presses Enter.
fn pick(display: &Display, text: &str) {
    type_and_press(display, text, "Return");
}

#[tokio::test]
async fn the_shortcut_opens_the_quick_pick_and_enter_takes_the_top_match() {
    let display = Display::start_alone().await;
    let profile = pinned_accounts("quick-pick").profile();
    let mut app = PlainWindow::start(&display, &profile, &["--hidden"]);

    // Started hidden: the shortcut shows the quick pick, typed into at once.
    open_quick_pick(&display, &mut app);
    let before = now();
    pick(&display, "git");
    assert_oathtools_code_copied(&display, before, "the quick pick");
    wait_until_gone(&display, "Safekeep quick pick");
    assert!(!app.shown(), "the main window came up");

    // A site with only backup tokens: Enter hands out the next one, used.
    open_quick_pick(&display, &mut app);
    pick(&display, "bank");
    clipboard_when(&display, "the first backup token", |text| text == TOKENS[0]);
    wait_until_gone(&display, "Safekeep quick pick");
    let listed = profile.cli_output(&["tokens", "list", "Bank"], "");
    assert!(
        listed.lines().next().unwrap_or_default().contains(" used ")
            && listed.matches(" unused").count() == 4,
        "the token the quick pick handed out is not marked used: {listed}"
    );

    // Escape hides it and takes nothing: the clipboard keeps the token.
    open_quick_pick(&display, &mut app);
    type_and_press(&display, "git", "Escape");
    assert_eq!(display.clipboard(), TOKENS[0], "Escape took something");
}

/// Waits until a program (the app, started by the test) holds Ctrl+Alt+K.
fn wait_until_the_shortcut_is_held(display: &Display) {
    let started = Instant::now();
    while grab_key(&display.name, ModMask::CONTROL | ModMask::M1, K).is_some() {
        assert!(
            started.elapsed() < PATIENCE,
            "the app never took Ctrl+Alt+K"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test]
async fn a_token_used_through_the_quick_pick_shows_used_at_once_in_the_open_tokens_panel() {
    let display = Display::start_alone().await;
    let (profile, app) = Scenario::new("quick-pick-panel")
        .account_without_secret("Bank", "j.jansen")
        .tokens("bank", &TOKENS)
        .launch(&display)
        .await;
    open_details(&app).await;
    app.click("detail-open-tokens").await;
    app.wait_until("the panel counts five unused", || async {
        app.text_of("tokens-count").await.starts_with('5')
    })
    .await;

    // From anywhere: the shortcut, "bank", Enter. The window is not
    // focused again, yet its open panel follows.
    show_quick_pick(&display).expect("Ctrl+Alt+K shows the quick pick");
    pick(&display, "bank");
    clipboard_when(&display, "the first backup token", |text| text == TOKENS[0]);
    app.wait_until("the open panel counts the token used", || async {
        app.text_of("tokens-count").await.starts_with('4')
    })
    .await;
    let listed = profile.cli_output(&["tokens", "list", "Bank"], "");
    assert!(
        listed.lines().next().unwrap_or_default().contains(" used ")
            && listed.matches(" unused").count() == 4,
        "the command line does not agree: {listed}"
    );
}

/// Opens a terminal with the keyboard, then the quick pick; chooses what
/// `query` finds with Shift+Enter, and returns what the terminal received.
fn typed_by_the_quick_pick(display: &Display, app: &mut PlainWindow, query: &str) -> String {
    let folder = tempfile::tempdir().expect("a folder for what is typed");
    let file = folder.path().join("typed");
    // Until the app holds the shortcut, Ctrl+Alt+K would reach the
    // terminal as a character of its own.
    wait_until_the_shortcut_is_held(display);
    let terminal = display.terminal_writing_to(&file);
    open_quick_pick(display, app);
    type_and_press(display, query, "shift+Return");
    terminal.finish_input(display);
    std::fs::read_to_string(&file).expect("the terminal wrote its input")
}

#[tokio::test]
async fn shift_enter_types_the_code_or_token_into_the_window_that_had_the_keyboard() {
    let display = Display::start_alone().await;
    let profile = pinned_accounts("quick-pick-type").profile();
    // The app's output, with every log on, is kept: the library that types
    // logs what it types, and none of it may come out.
    let output = tempfile::NamedTempFile::new().expect("a file for the app's output");
    let output_path = output.path().display().to_string();
    let verbose = [
        "env",
        "RUST_LOG=trace",
        "G_MESSAGES_DEBUG=all",
        "sh",
        "-c",
        "exec \"$@\" >>\"$0\" 2>&1",
        &output_path,
    ];
    let mut app = PlainWindow::start_under(&display, &profile, &verbose, &["--hidden"]);

    let before = now();
    let typed = typed_by_the_quick_pick(&display, &mut app, "git");
    let expected = oathtools_codes_since(before);
    assert!(
        expected.contains(&typed),
        "the quick pick typed {typed:?}, oathtool says {expected:?}"
    );
    assert!(
        !display.x_window_shown("Safekeep quick pick"),
        "the quick pick stayed"
    );

    // A site with backup tokens only: typing one marks it used, as copying
    // it does, and the clipboard is left alone.
    let clipboard = display.clipboard();
    let typed = typed_by_the_quick_pick(&display, &mut app, "bank");
    if typed != TOKENS[0] {
        display.screenshot("quick-pick-typing-failure");
        panic!(
            "the quick pick typed {typed:?}, not the first token; the clipboard holds {:?}",
            display.clipboard()
        );
    }
    let listed = profile.cli_output(&["tokens", "list", "Bank"], "");
    assert!(
        listed.lines().next().unwrap_or_default().contains(" used ")
            && listed.matches(" unused").count() == 4,
        "the token the quick pick typed is not marked used: {listed}"
    );
    assert_eq!(display.clipboard(), clipboard, "typing also copied");
    assert!(!app.shown(), "the main window came up");
    let said = std::fs::read_to_string(output.path()).expect("the app's output");
    assert!(
        !said.contains(TOKENS[0]) && !said.contains(&TOKENS[0].replace('-', "")),
        "the typed token is in the app's output"
    );
}

#[tokio::test]
async fn the_shortcut_is_held_while_on_and_released_when_turned_off_and_a_taken_one_is_reported() {
    let display = Display::start_alone().await;
    let ctrl_alt = ModMask::CONTROL | ModMask::M1;
    // Another program holds Ctrl+Alt+J from the start.
    let other = grab_key(&display.name, ctrl_alt, J).expect("Ctrl+Alt+J is free");
    let (_profile, app) = Scenario::new("quick-pick-setting")
        .account("GitHub", "j.jansen", SECRET)
        .launch(&display)
        .await;
    // On (the default): the app holds Ctrl+Alt+K, so no one else can.
    assert!(
        grab_key(&display.name, ctrl_alt, K).is_none(),
        "the app does not hold Ctrl+Alt+K"
    );

    open_settings(&app).await;
    // Its keys never reach the window (the other program has them), so the
    // shortcut is typed, as a person would then.
    app.type_into("quick-pick-shortcut", "Ctrl+Alt+J\n").await;
    let note = app.text_eventually("quick-pick-note").await;
    assert!(
        note.contains("Ctrl+Alt+J is already used by another program"),
        "a taken shortcut was not reported: {note:?}"
    );
    assert!(
        grab_key(&display.name, ctrl_alt, K).is_none(),
        "the shortcut before was lost"
    );
    drop(other);

    // Off: the app lets go of the key, so pressing it reaches nothing of ours.
    app.click("quick-pick-off").await;
    app.wait_until("the key is let go", || async {
        grab_key(&display.name, ctrl_alt, K).is_some()
    })
    .await;
}

fn wait_until_gone(display: &Display, name: &str) {
    let started = Instant::now();
    while display.x_window_shown(name) {
        assert!(started.elapsed() < PATIENCE, "{name} is still shown");
        std::thread::sleep(Duration::from_millis(100));
    }
}
