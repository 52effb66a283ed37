//! Runs the real Safekeep window for end-to-end tests: a private X server
//! (Xvfb), `tauri-driver` in front of WebKitWebDriver on free loopback ports,
//! and a WebDriver session on the built app binary with its own data
//! directory and keychain service.
//!
//! Everything started here is killed when its handle drops, so a failing
//! test leaves no stray X server or app behind.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

pub mod scenario;
pub mod steps;
pub mod synced;
pub mod tray;

/// The windows the app always has, shown or not: the main window and the
/// quick pick (made hidden at start, see src-tauri/src/quick_pick.rs).
pub const ALWAYS_OPEN_WINDOWS: usize = 2;

/// How long to wait for something that should happen "at once": generous,
/// because a loaded two-core CI machine is slow. A verdict never depends on
/// it, only how long a failure takes to show.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The built app, from the workspace's target directory.
pub fn app_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let binary = target.join("debug/safekeep-app");
    assert!(
        binary.exists(),
        "{} is missing: build it first (`cargo build -p safekeep-app`; scripts/test.sh does)",
        binary.display()
    );
    binary
}

/// Where screenshots of each scenario go (a test artifact, not committed).
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../artifacts/e2e");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// The name the running app holds on the session bus, so that a second
/// launch hands over to it (tauri-plugin-single-instance: the identifier in
/// src-tauri/tauri.conf.json, then `.SingleInstance`).
const SINGLE_INSTANCE_NAME: &str = "org.safekeep.desktop.SingleInstance";

/// Waits (at most [`PATIENCE`]) until no app holds [`SINGLE_INSTANCE_NAME`]
/// on the session bus. The bus lets go of a killed app's name only when it
/// notices the app is gone; an app launched before then hands over to the
/// one a scenario before just ended, and quits.
fn wait_until_no_app_is_on_the_bus() {
    let started = Instant::now();
    loop {
        let asked = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
            ])
            .arg(format!("string:{SINGLE_INSTANCE_NAME}"))
            .output()
            .expect("dbus-send runs (apt package dbus; scripts/setup.sh installs it)");
        let reply = String::from_utf8_lossy(&asked.stdout);
        if reply.contains("boolean false") {
            return;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "an app of an earlier scenario still holds {SINGLE_INSTANCE_NAME}: {reply}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The main window's X name, exactly: the quick pick's ("Safekeep quick
/// pick") starts the same way.
const MAIN_WINDOW_NAME: &str = "^Safekeep$";

/// A child process killed on drop.
struct Guarded(Child);

/// A terminal on a test's display, from [`Display::terminal_writing_to`].
pub struct Terminal {
    child: Guarded,
    /// Its X window.
    pub id: String,
}

impl Terminal {
    /// Ends what was typed with Ctrl+D (the line as it is, without a line
    /// break), then Ctrl+D again to end the input, and waits (at most
    /// [`PATIENCE`]) until the terminal has closed: the file is complete.
    pub fn finish_input(mut self, display: &Display) {
        display.xdotool(&["windowfocus", "--sync", &self.id]);
        display.xdotool(&["key", "ctrl+d", "ctrl+d"]);
        let started = Instant::now();
        while self
            .child
            .0
            .try_wait()
            .expect("the terminal's status")
            .is_none()
        {
            assert!(
                started.elapsed() < PATIENCE,
                "the terminal did not end its input"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Held by the display of a WebDriver scenario while it runs, so that the
/// scenarios of one test file run one at a time: two WebKit instances at
/// once on a two-core machine only make failures slower.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A private X server.
pub struct Display {
    _server: Guarded,
    /// `:N`, for `DISPLAY`.
    pub name: String,
    /// Set by [`Display::start_alone`]; dropped after the server.
    _alone: Option<tokio::sync::MutexGuard<'static, ()>>,
}

impl Display {
    /// Waits until no other scenario of this test file has a display, then
    /// starts one; the next waits until this one is dropped.
    pub async fn start_alone() -> Display {
        let alone = ONE_AT_A_TIME.lock().await;
        Display {
            _alone: Some(alone),
            ..Display::start()
        }
    }

    /// Starts Xvfb on a free display number, which it reports on stdout.
    pub fn start() -> Display {
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
                // An X server resets when its last client leaves; a client
                // that connects meanwhile (the app starting while an
                // xdotool call ends) is refused, and GTK fails to start.
                "-noreset",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (apt package xvfb; scripts/setup.sh installs it)");
        let stdout = server.stdout.take().expect("piped stdout");
        let server = Guarded(server);
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("Xvfb reports its display");
        let number = line.trim().to_owned();
        assert!(!number.is_empty(), "Xvfb did not start");
        Display {
            name: format!(":{number}"),
            _server: server,
            _alone: None,
        }
    }

    /// A picture of the whole screen, other windows and system dialogs
    /// included (WebDriver sees only web content), into the artifacts.
    pub fn screenshot(&self, name: &str) {
        let path = artifacts_dir().join(format!("{name}.png"));
        let status = Command::new("import")
            .args(["-window", "root"])
            .arg(&path)
            .env("DISPLAY", &self.name)
            .status()
            .expect(
                "ImageMagick's import runs (apt package imagemagick; scripts/setup.sh installs it)",
            );
        assert!(status.success(), "screenshot of {}", self.name);
    }

    /// What the CLIPBOARD selection holds, as another X client sees it
    /// ("" when it holds no text).
    pub fn clipboard(&self) -> String {
        self.xclip(&["-o", "-selection", "clipboard"])
            .unwrap_or_default()
    }

    /// `xclip` on this display: its stdout, or `None` when it fails (an
    /// empty clipboard, or no such target).
    pub fn xclip(&self, args: &[&str]) -> Option<String> {
        let output = Command::new("xclip")
            .args(args)
            .env("DISPLAY", &self.name)
            .output()
            .expect("xclip runs (apt package xclip; scripts/setup.sh installs it)");
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Runs `xdotool` with these arguments on this display.
    pub fn xdotool(&self, args: &[&str]) {
        xdotool(&self.name, args);
    }

    /// The X window id of the first shown window whose name matches
    /// `pattern`, waiting for it to appear.
    pub fn wait_for_x_window(&self, pattern: &str) -> String {
        wait_for_x_search(
            &self.name,
            &["--name", pattern],
            &format!("no window named {pattern} appeared"),
        )
    }

    /// Whether a window whose name matches `pattern` is shown now.
    pub fn x_window_shown(&self, pattern: &str) -> bool {
        let output = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", pattern])
            .env("DISPLAY", &self.name)
            .output()
            .expect("xdotool runs (apt package xdotool; scripts/setup.sh installs it)");
        !output.stdout.is_empty()
    }

    /// Opens a terminal (xterm) whose shell copies what is typed into it to
    /// `file`, gives it the keyboard, and waits until it has it.
    pub fn terminal_writing_to(&self, file: &Path) -> Terminal {
        static OPENED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let number = OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let title = format!("safekeep-test-terminal-{number}");
        let child = Command::new("xterm")
            .args(["-T", &title, "-e", "sh", "-c", "cat > \"$0\""])
            .arg(file)
            .env("DISPLAY", &self.name)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xterm runs (apt package xterm; scripts/setup.sh installs it)");
        let child = Guarded(child);
        let id = self.wait_for_x_window(&title);
        self.xdotool(&["windowfocus", "--sync", &id]);
        Terminal { child, id }
    }

    /// Focuses the X window `id` and presses `key` in it, as a person would.
    pub fn press_key_in(&self, id: &str, key: &str) {
        self.xdotool(&["windowfocus", "--sync", id]);
        self.xdotool(&["key", key]);
    }

    /// Makes `xclip` the clipboard's owner, serving `text`, as a clipboard
    /// manager does when it takes over what an app copied, or as the user
    /// copying something else does. It serves until someone else owns or
    /// clears the clipboard.
    pub fn xclip_takes_over(&self, text: &str) {
        use std::io::Write;
        let mut child = Command::new("xclip")
            .args(["-i", "-selection", "clipboard"])
            .env("DISPLAY", &self.name)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xclip runs (apt package xclip; scripts/setup.sh installs it)");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write to xclip");
        // xclip forks a server and its first process exits.
        assert!(child.wait().expect("xclip exits").success());
    }
}

/// Two distinct free loopback ports. Both listeners are held until both
/// ports are read: picked one after the other, the kernel may hand out the
/// same port twice, and tauri-driver and WebKitWebDriver then cannot both
/// listen (every session request fails).
fn two_free_ports() -> (u16, u16) {
    let listen = || TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    let (first, second) = (listen(), listen());
    let port = |listener: &TcpListener| listener.local_addr().expect("its address").port();
    (port(&first), port(&second))
}

/// One vault's worth of app: its data directory and keychain service stay
/// the same across app restarts, like a real user's. Its own XDG config
/// folder names its own Documents folder (in `user-dirs.dirs`, as a desktop
/// session does), so backups and exports the app writes there stay out of
/// the real home.
pub struct Profile {
    pub data_dir: tempfile::TempDir,
    pub keyring_service: String,
    pub config_dir: tempfile::TempDir,
}

impl Profile {
    pub fn new(name: &str) -> Profile {
        let config_dir = tempfile::tempdir().expect("temp dir");
        let documents = config_dir.path().join("Documents");
        std::fs::create_dir_all(&documents).expect("documents dir");
        std::fs::write(
            config_dir.path().join("user-dirs.dirs"),
            format!("XDG_DOCUMENTS_DIR=\"{}\"\n", documents.display()),
        )
        .expect("user-dirs.dirs");
        Profile {
            data_dir: tempfile::tempdir().expect("temp dir"),
            keyring_service: format!("safekeep-e2e-{}-{name}", std::process::id()),
            config_dir,
        }
    }

    /// Runs the `safekeep` command line (built beside the app) on this
    /// profile's vault, `stdin` on its standard input; fails the test when
    /// it fails.
    pub fn cli(&self, args: &[&str], stdin: &str) {
        self.cli_output(args, stdin);
    }

    /// [`Profile::cli`], returning what it printed.
    pub fn cli_output(&self, args: &[&str], stdin: &str) -> String {
        let output = self.cli_run(args, stdin);
        assert!(output.status.success(), "safekeep {args:?} failed");
        String::from_utf8(output.stdout).expect("utf-8")
    }

    /// Runs the command line as [`Profile::cli`] does, whether it succeeds
    /// or not, and returns how it ended and what it printed.
    pub fn cli_run(&self, args: &[&str], stdin: &str) -> std::process::Output {
        use std::io::Write;
        let binary = app_binary().with_file_name("safekeep");
        let mut child = Command::new(&binary)
            .args(args)
            .env("SAFEKEEP_DATA_DIR", self.data_dir.path())
            .env("SAFEKEEP_KEYRING_SERVICE", &self.keyring_service)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("{} runs: {error}", binary.display()));
        child
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(stdin.as_bytes())
            .expect("write the CLI's stdin");
        child.wait_with_output().expect("safekeep exits")
    }

    /// Where the app writes backups and exports: "Safekeep backups" in the
    /// profile's Documents folder.
    pub fn backups_dir(&self) -> PathBuf {
        self.config_dir.path().join("Documents/Safekeep backups")
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = Command::new("secret-tool")
            .args(["clear", "service", &self.keyring_service])
            .status();
    }
}

/// How [`App::launch_with`] starts the app, beyond what [`App::launch`]
/// does: for scenarios that watch the app from outside (its system calls,
/// its output).
#[derive(Default)]
pub struct Launch {
    /// A program started in the app's place, with the app's arguments; it
    /// must end by exec-ing the app (see [`app_wrapper`]).
    pub wrapper: Option<PathBuf>,
    /// More environment for tauri-driver, which WebKitWebDriver and so the
    /// app inherit.
    pub env: Vec<(String, String)>,
    /// Where tauri-driver's stdout and stderr go (WebKitWebDriver's stderr
    /// with them) instead of nowhere.
    pub driver_output: Option<PathBuf>,
}

/// Writes `path`, an executable shell script that runs `prelude` (shell
/// lines, e.g. to note the environment the app gets), then
/// `command... <the app> <its arguments>` in its own place (exec, so the
/// process WebKitWebDriver started and later ends is that command), with
/// stdout and stderr appended to `output`.
pub fn app_wrapper(path: &Path, prelude: &str, command: &[&str], output: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let app = app_binary().display().to_string();
    let words: Vec<String> = command
        .iter()
        .copied()
        .chain([app.as_str()])
        .map(shell_quoted)
        .collect();
    let script = format!(
        "#!/bin/sh\n{prelude}\nexec {} \"$@\" >>{} 2>&1\n",
        words.join(" "),
        shell_quoted(&output.display().to_string())
    );
    std::fs::write(path, script).expect("write the app wrapper");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .expect("make the app wrapper executable");
}

/// `word` as one word for sh, whatever it holds.
pub fn shell_quoted(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// A running app window under WebDriver control.
pub struct App {
    pub client: Client,
    _driver: Guarded,
}

impl App {
    /// Starts tauri-driver (which starts WebKitWebDriver, which starts the
    /// app) and opens a session on the app's window.
    pub async fn launch(display: &Display, profile: &Profile) -> App {
        App::launch_with(display, profile, &Launch::default()).await
    }

    /// [`App::launch`], the app started as `launch` says.
    pub async fn launch_with(display: &Display, profile: &Profile, launch: &Launch) -> App {
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "run scripts/test.sh: the app needs a session bus with gnome-keyring"
        );
        wait_until_no_app_is_on_the_bus();
        let (port, native_port) = two_free_ports();
        let (stdout, stderr) = match &launch.driver_output {
            Some(path) => {
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .expect("open the driver's output file");
                let copy = file.try_clone().expect("a second handle on it");
                (Stdio::from(file), Stdio::from(copy))
            }
            None => (Stdio::null(), Stdio::null()),
        };
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display.name)
            .env("SAFEKEEP_DATA_DIR", profile.data_dir.path())
            .env("SAFEKEEP_KEYRING_SERVICE", &profile.keyring_service)
            .env("XDG_CONFIG_HOME", profile.config_dir.path())
            .env("LANG", "en_US.UTF-8")
            .envs(launch.env.iter().map(|(key, value)| (key, value)))
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .expect(
                "tauri-driver runs (`cargo install tauri-driver --locked`; scripts/setup.sh does)",
            );
        let driver = Guarded(driver);
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < PATIENCE,
                "tauri-driver did not listen on {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": launch.wrapper.clone().unwrap_or_else(app_binary) }),
        );
        // tauri-driver listens before WebKitWebDriver behind it is ready, so
        // the first request can be cut off; that is start-up, not a verdict.
        // A session request can also go unanswered (seen once on a machine
        // busy with a release build): bounded, it is one more failed attempt,
        // not a test run that hangs until CI's time is up.
        let address = format!("http://127.0.0.1:{port}");
        let mut attempts = 0;
        let client = loop {
            attempts += 1;
            let mut builder = ClientBuilder::new(HttpConnector::new());
            builder.capabilities(capabilities.clone());
            let session = builder.connect(&address);
            let failure = match tokio::time::timeout(PATIENCE * 2, session).await {
                Ok(Ok(client)) => break client,
                Ok(Err(error)) => error.to_string(),
                Err(_) => format!("no answer within {:?}", PATIENCE * 2),
            };
            assert!(
                attempts < 5 || started.elapsed() < PATIENCE,
                "no WebDriver session on the app after {attempts} attempts: {failure}"
            );
            eprintln!("WebDriver session attempt {attempts} failed: {failure}");
            tokio::time::sleep(Duration::from_secs(1)).await;
        };
        App {
            client,
            _driver: driver,
        }
    }

    /// The element with `data-test="<hook>"`, waiting for it to appear.
    pub async fn find(&self, hook: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(&format!("[data-test='{hook}']")))
            .await
        {
            Ok(element) => element,
            Err(error) => {
                self.screenshot("failure").await;
                let open = self.open_dialogs().await;
                panic!(
                    "[data-test={hook}] never appeared: {error} (open dialogs: {open}; \
                     see artifacts/e2e/failure.png)"
                )
            }
        }
    }

    /// The hooks of the dialogs open now, to say where a test got lost.
    async fn open_dialogs(&self) -> String {
        self.client
            .execute(
                "return [...document.querySelectorAll('[role=dialog]')]\
                   .map((el) => el.dataset.test || el.className).join(', ') || 'none';",
                vec![],
            )
            .await
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_else(|| "unknown".to_owned())
    }

    /// Every element with `data-test="<hook>"` now.
    pub async fn find_all(&self, hook: &str) -> Vec<Element> {
        let locator = format!("[data-test='{hook}']");
        let mut attempts = 0;
        loop {
            attempts += 1;
            match self.client.find_all(Locator::Css(&locator)).await {
                Ok(elements) => return elements,
                // An element removed while WebKitWebDriver makes handles
                // for what it found (a toast that just expired) answers
                // "stale": the page changed under the query; ask again.
                Err(error) if error.is_stale_element_reference() && attempts < 5 => {}
                Err(error) => panic!("query for [data-test={hook}] fails: {error}"),
            }
        }
    }

    /// Whether an element with that hook is on screen now.
    pub async fn is_present(&self, hook: &str) -> bool {
        !self.find_all(hook).await.is_empty()
    }

    /// How many windows the app has open now (the main window, and a
    /// print view while one is open).
    /// How many windows the app has open, the hidden quick pick
    /// ([`ALWAYS_OPEN_WINDOWS`]) included.
    pub async fn window_count(&self) -> usize {
        self.client
            .windows()
            .await
            .map_or(0, |windows| windows.len())
    }

    /// Waits until `check` holds, failing with `what` after [`PATIENCE`].
    pub async fn wait_until<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let started = Instant::now();
        while !check().await {
            if started.elapsed() > PATIENCE {
                self.screenshot("failure").await;
                panic!("timed out waiting until {what} (see artifacts/e2e/failure.png)");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The visible text of the element with that hook.
    pub async fn text_of(&self, hook: &str) -> String {
        self.find(hook).await.text().await.expect("element text")
    }

    /// The text of the element with that hook once it has any: messages
    /// arrive a moment after the click that causes them.
    pub async fn text_eventually(&self, hook: &str) -> String {
        let started = Instant::now();
        loop {
            let text = self.text_of(hook).await;
            if !text.trim().is_empty() {
                return text;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "[data-test={hook}] stayed empty"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// How many elements with that hook are displayed: laid out, not
    /// hidden and not transparent. Counted in the page, because the
    /// WebDriver "is displayed" answer counts rows a filter has hidden.
    pub async fn count_displayed(&self, hook: &str) -> usize {
        let script = "return [...document.querySelectorAll(`[data-test='${arguments[0]}']`)]\
            .filter((el) => el.getClientRects().length > 0)\
            .filter((el) => { const s = getComputedStyle(el);\
                return s.visibility !== 'hidden' && Number(s.opacity) > 0; })\
            .length;";
        let count = self
            .client
            .execute(script, vec![json!(hook)])
            .await
            .expect("count script runs");
        count.as_u64().unwrap_or(0) as usize
    }

    /// Clicks the element with that hook, once the page has stopped moving:
    /// WebDriver clicks at the point where the element is when asked, and a
    /// panel still sliding in can put that point on something else. The
    /// element is first scrolled wholly into its scrolling area, as a user
    /// scrolls to what they click: WebDriver scrolls only the window, so a
    /// button half cut off by a panel's edge (where a toast may sit) would
    /// take the click on whatever lies over its middle.
    pub async fn click(&self, hook: &str) {
        let element = self.find(hook).await;
        self.wait_for_animations().await;
        let reference = serde_json::to_value(&element).expect("an element reference");
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'nearest' });",
                vec![reference],
            )
            .await
            .expect("scroll the element into view");
        if let Err(error) = element.click().await {
            self.screenshot("failure").await;
            panic!("clicking [data-test={hook}]: {error} (see artifacts/e2e/failure.png)");
        }
    }

    /// Runs `script` in the page with `row` bound to the account row whose
    /// site name is `site` (undefined when there is none), and returns what
    /// the script returns.
    pub async fn on_row(&self, site: &str, script: &str) -> Value {
        let script = format!(
            "const row = [...document.querySelectorAll(\"[data-test='account-row']\")]\
               .find((row) => row.querySelector('.row-issuer').textContent === arguments[0]);\
             {script}"
        );
        self.client
            .execute(&script, vec![json!(site)])
            .await
            .expect("the row script runs")
    }

    /// Resizes the window to `width` × `height` and waits until the page has
    /// that width (a window manager, or none, may take a moment).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize the window");
        self.wait_until(&format!("the page is {width} px wide"), || async {
            self.client
                .execute("return window.innerWidth;", vec![])
                .await
                .expect("read the width")
                == json!(width)
        })
        .await;
    }

    /// Types `text` into the element with that hook, replacing what it held.
    pub async fn type_into(&self, hook: &str, text: &str) {
        let field = self.find(hook).await;
        field.clear().await.expect("clear field");
        if !text.is_empty() {
            // WebKitWebDriver drops "\n"; the WebDriver Enter key makes a
            // new line in a textarea, as typing would.
            let keys = text.replace('\n', "\u{E007}");
            field.send_keys(&keys).await.expect("type into field");
        }
    }

    /// Waits until every animation that ends has ended (a spinner that
    /// never ends does not count), then one more frame.
    pub async fn wait_for_animations(&self) {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 const ending = document.getAnimations()\
                   .filter((a) => a.playState === 'running' && a.effect\
                     && Number.isFinite(a.effect.getComputedTiming().endTime));\
                 Promise.all(ending.map((a) => a.finished.catch(() => null)))\
                   .then(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .expect("animations finish");
    }

    /// Saves a screenshot once the window has painted the current DOM (two
    /// animation frames: the DOM can change before the window repaints).
    pub async fn screenshot(&self, name: &str) {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .expect("animation frames");
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(artifacts_dir().join(format!("{name}.png")), png).expect("save screenshot");
    }

    /// Ends the session, which quits the app.
    pub async fn quit(self) {
        let App { client, _driver } = self;
        client.close().await.expect("close the session");
        drop(_driver);
    }
}

/// The app started the way a user starts it: no WebDriver, so WebKit keeps
/// the settings `src-tauri/src/webview.rs` gives a real user's window (a
/// window under automation keeps compositing on, and behaves differently).
/// Driven from outside like a person does it, with X input events
/// (`xdotool`), and read the way `bench/compare.py` reads it: the window's
/// pixels from the X server.
pub struct PlainWindow {
    app: Guarded,
    display: String,
    /// Where the app's stderr goes.
    errors: PathBuf,
    /// The X id of the app's top-level window.
    pub id: String,
}

impl PlainWindow {
    /// Starts the app on `display` with the profile's vault and waits until
    /// its window is mapped.
    pub fn launch(display: &Display, profile: &Profile) -> PlainWindow {
        PlainWindow::launch_with(display, profile, &[])
    }

    /// [`PlainWindow::launch`], the app given `args`.
    pub fn launch_with(display: &Display, profile: &Profile, args: &[&str]) -> PlainWindow {
        let mut window = PlainWindow::start(display, profile, args);
        window.id = wait_for_x_search(
            &display.name,
            &[
                "--pid",
                &window.pid().to_string(),
                "--name",
                MAIN_WINDOW_NAME,
            ],
            "the app mapped no window named Safekeep",
        );
        window
    }

    /// Starts the app on `display` with the profile's vault and `args`,
    /// without waiting for a window (with `--hidden` none is mapped); its
    /// [`id`](Self::id) is empty until [`PlainWindow::wait_until_shown`].
    pub fn start(display: &Display, profile: &Profile, args: &[&str]) -> PlainWindow {
        PlainWindow::start_under(display, profile, &[], args)
    }

    /// [`PlainWindow::start`], the app run by the command `wrapper` (its
    /// program and first arguments; the app's path and `args` follow), which
    /// must end by exec'ing the app, so the process is the app's.
    pub fn start_under(
        display: &Display,
        profile: &Profile,
        wrapper: &[&str],
        args: &[&str],
    ) -> PlainWindow {
        wait_until_no_app_is_on_the_bus();
        PlainWindow::spawn(display, profile, wrapper, args)
    }

    /// [`PlainWindow::start`] while another app runs on the same bus, as a
    /// second launch from the desktop's menu does: it hands over to the
    /// running one and ends.
    pub fn start_beside_the_running_one(
        display: &Display,
        profile: &Profile,
        args: &[&str],
    ) -> PlainWindow {
        PlainWindow::spawn(display, profile, &[], args)
    }

    fn spawn(display: &Display, profile: &Profile, wrapper: &[&str], args: &[&str]) -> PlainWindow {
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "run scripts/test.sh: the app needs a session bus with gnome-keyring"
        );
        let binary = app_binary();
        // What the app says on stderr (a panic's message), for the failure
        // messages of the test that started it.
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let number = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let errors_path = artifacts_dir().join(format!(
            "plain-window-{}-{number}.stderr",
            std::process::id()
        ));
        let errors = std::fs::File::create(&errors_path).expect("a file for the app's stderr");
        let mut command = match wrapper.split_first() {
            Some((program, first)) => {
                let mut command = Command::new(program);
                command.args(first).arg(&binary);
                command
            }
            None => Command::new(&binary),
        };
        let app = command
            .args(args)
            .env("DISPLAY", &display.name)
            .env("GDK_BACKEND", "x11")
            .env("SAFEKEEP_DATA_DIR", profile.data_dir.path())
            .env("SAFEKEEP_KEYRING_SERVICE", &profile.keyring_service)
            .env("XDG_CONFIG_HOME", profile.config_dir.path())
            .env("LANG", "en_US.UTF-8")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(errors)
            .spawn()
            .expect("the app starts");
        PlainWindow {
            app: Guarded(app),
            display: display.name.clone(),
            errors: errors_path,
            id: String::new(),
        }
    }

    /// How the app ended, if it has, and what it said on stderr.
    pub fn ended(&mut self) -> Option<(std::process::ExitStatus, String)> {
        let status = self.app.0.try_wait().expect("the app's status")?;
        Some((
            status,
            std::fs::read_to_string(&self.errors).unwrap_or_default(),
        ))
    }

    /// The app's process id.
    pub fn pid(&self) -> u32 {
        self.app.0.id()
    }

    /// Whether the app's window is mapped now.
    pub fn shown(&self) -> bool {
        let output = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--pid", &self.pid().to_string()])
            .args(["--name", MAIN_WINDOW_NAME])
            .env("DISPLAY", &self.display)
            .output()
            .expect("xdotool runs (apt package xdotool; scripts/setup.sh installs it)");
        !output.stdout.is_empty()
    }

    /// Waits until the app's window is mapped, and keeps its X id.
    pub fn wait_until_shown(&mut self) {
        self.id = wait_for_x_search(
            &self.display,
            &["--pid", &self.pid().to_string(), "--name", MAIN_WINDOW_NAME],
            "the app's window was not shown",
        );
    }

    /// Waits (at most [`PATIENCE`]) until the app's window is no longer
    /// mapped.
    pub fn wait_until_hidden(&self) {
        let started = Instant::now();
        while self.shown() {
            assert!(
                started.elapsed() < PATIENCE,
                "the app's window is still shown"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs `xdotool` with these arguments on the window's display.
    pub fn xdotool(&self, args: &[&str]) {
        xdotool(&self.display, args);
    }

    /// Gives the window the keyboard (there is no window manager to do it)
    /// and presses `keys` in turn, as xdotool names them ("slash", "Tab").
    pub fn press(&self, keys: &[&str]) {
        self.xdotool(&["windowfocus", "--sync", &self.id]);
        for key in keys {
            self.xdotool(&["key", "--window", &self.id, key]);
        }
    }

    /// Asks the window to close the way a window manager does when the user
    /// clicks its close button ([`close_as_a_window_manager_does`]).
    pub fn close_as_a_window_manager_does(&self) {
        close_as_a_window_manager_does(&self.display, &self.id);
    }

    /// Waits (at most [`PATIENCE`]) until the app has ended by itself, and
    /// says how it ended.
    pub fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.app.0.try_wait().expect("the app's status") {
                return status;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "the app still runs {PATIENCE:?} after it was asked to end"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Moves the pointer to (x, y) in the window.
    pub fn point_at(&self, x: u32, y: u32) {
        self.xdotool(&[
            "mousemove",
            "--window",
            &self.id,
            &x.to_string(),
            &y.to_string(),
        ]);
    }

    /// Turns the mouse wheel `clicks` notches towards the user (button 5:
    /// scroll down) wherever the pointer is.
    pub fn wheel_down(&self, clicks: u32) {
        for _ in 0..clicks {
            self.xdotool(&["click", "5"]);
        }
    }

    /// The pixels of `area` of the window, as the X server holds them now.
    pub fn grab(&self, area: Area) -> Pixels {
        let output = Command::new("import")
            .args(["-window", &self.id, "-crop"])
            .arg(format!(
                "{}x{}+{}+{}",
                area.width, area.height, area.x, area.y
            ))
            .args(["+repage", "-depth", "8", "rgb:-"])
            .env("DISPLAY", &self.display)
            .output()
            .expect(
                "ImageMagick's import runs (apt package imagemagick; scripts/setup.sh installs it)",
            );
        let expected = (area.width * area.height * 3) as usize;
        assert!(
            output.status.success() && output.stdout.len() == expected,
            "import read {} bytes of {area:?}, not {expected}: {}",
            output.stdout.len(),
            String::from_utf8_lossy(&output.stderr)
        );
        Pixels {
            width: area.width as usize,
            rgb: output.stdout,
        }
    }

    /// `area` once it has stopped changing (two reads in a row with the
    /// same ink, so a hover highlight fading does not count) and
    /// is drawn ([`Pixels::is_drawn`]): after a launch, a key or the
    /// wheel, whatever loading, animation or repaint follows has finished.
    pub fn settled(&self, area: Area) -> Pixels {
        let started = Instant::now();
        let mut last = self.grab(area);
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let now = self.grab(area);
            if now.ink() == last.ink() && now.is_drawn() {
                return now;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "{area:?} of the window kept changing, or stayed (nearly) blank \
                 (last read drawn: {}, lines changed since the one before: {})",
                now.is_drawn(),
                now.ink()
                    .iter()
                    .zip(last.ink())
                    .filter(|(a, b)| *a != b)
                    .count()
            );
            last = now;
        }
    }
}

/// A rectangle of a window, in pixels from its top left corner.
#[derive(Clone, Copy, Debug)]
pub struct Area {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// Pixels read from the X server, 8-bit RGB, row after row.
#[derive(PartialEq, Eq)]
pub struct Pixels {
    width: usize,
    rgb: Vec<u8>,
}

impl Pixels {
    fn height(&self) -> usize {
        self.rgb.len() / (3 * self.width)
    }

    /// Which pixels of line `y` are ink (text, icons, outlines: darker than
    /// mid-grey), ignoring the light backgrounds that hover and selection
    /// change under a still pointer.
    fn ink_line(&self, y: usize) -> Vec<bool> {
        self.rgb[y * 3 * self.width..(y + 1) * 3 * self.width]
            .chunks(3)
            .map(|p| (u32::from(p[0]) * 3 + u32::from(p[1]) * 6 + u32::from(p[2])) < 1280)
            .collect()
    }

    /// Every line's ink: what stays when light backgrounds fade in or out.
    fn ink(&self) -> Vec<Vec<bool>> {
        (0..self.height()).map(|y| self.ink_line(y)).collect()
    }

    /// Whether this looks like drawn text on a light background: ink on at
    /// least a tenth of the lines (a screen of account rows has it on about
    /// half, of masked backup tokens on a sixth), yet on under half of the
    /// pixels (a window not painted yet reads as black).
    fn is_drawn(&self) -> bool {
        let lines: Vec<Vec<bool>> = (0..self.height()).map(|y| self.ink_line(y)).collect();
        let inked_lines = lines.iter().filter(|line| line.contains(&true)).count();
        let inked_pixels: usize = lines
            .iter()
            .map(|line| line.iter().filter(|&&ink| ink).count())
            .sum();
        inked_lines * 10 >= lines.len() && inked_pixels * 2 < lines.len() * self.width
    }

    /// How many pixels the content moved up from `before` to `self`: the
    /// shift under which the most inked lines agree, 0 when it did not
    /// move. Only ink is compared, so a row that lights up under the
    /// pointer does not count as movement, and blank lines, which agree
    /// under any shift, do not count at all.
    pub fn moved_up_from(&self, before: &Pixels) -> usize {
        assert_eq!(
            (self.width, self.height()),
            (before.width, before.height()),
            "compare like areas"
        );
        let height = self.height();
        let after: Vec<Vec<bool>> = (0..height).map(|y| self.ink_line(y)).collect();
        let earlier: Vec<Vec<bool>> = (0..height).map(|y| before.ink_line(y)).collect();
        let blank = |line: &[bool]| !line.contains(&true);
        // A shift must leave at least a quarter of the area to compare.
        (0..height * 3 / 4)
            .map(|shift| {
                let inked: Vec<usize> = (0..height - shift)
                    .filter(|&y| !(blank(&after[y]) && blank(&earlier[y + shift])))
                    .collect();
                let agreeing = inked
                    .iter()
                    .filter(|&&y| after[y] == earlier[y + shift])
                    .count();
                (agreeing as f64 / inked.len().max(1) as f64, shift)
            })
            .fold(
                (0.0, 0),
                |best, next| if next.0 > best.0 { next } else { best },
            )
            .1
    }
}

/// Asks the X window `id` on `display` to close the way a window manager
/// does when the user clicks its close button: a `WM_DELETE_WINDOW` client
/// message (ICCCM 4.2.8.1), which the app handles like any close. Not
/// `xdotool windowclose`, which destroys the window under the app.
pub fn close_as_a_window_manager_does(display: &str, id: &str) {
    use x11rb::protocol::xproto::{AtomEnum, ClientMessageEvent, ConnectionExt, EventMask};
    let (x, _) = x11rb::connect(Some(display)).expect("connect to the X server");
    let atom = |name: &str| {
        x.intern_atom(false, name.as_bytes())
            .expect("ask for an atom")
            .reply()
            .unwrap_or_else(|error| panic!("the atom {name}: {error}"))
            .atom
    };
    let (protocols, delete) = (atom("WM_PROTOCOLS"), atom("WM_DELETE_WINDOW"));
    let window: u32 = id.parse().expect("xdotool gives window ids in decimal");
    // A window manager sends the message only to a window that asks
    // for it; otherwise it would kill the client.
    let asked = x
        .get_property(false, window, protocols, AtomEnum::ATOM, 0, 32)
        .expect("ask for the window's WM_PROTOCOLS")
        .reply()
        .expect("the window's WM_PROTOCOLS");
    assert!(
        asked
            .value32()
            .is_some_and(|mut atoms| atoms.any(|a| a == delete)),
        "the window does not take WM_DELETE_WINDOW"
    );
    let message = ClientMessageEvent::new(
        32,
        window,
        protocols,
        [delete, x11rb::CURRENT_TIME, 0, 0, 0],
    );
    x.send_event(false, window, EventMask::NO_EVENT, message)
        .expect("send the message")
        .check()
        .expect("the X server takes the message");
}

/// Runs `xdotool` with these arguments on `display`; it must succeed.
fn xdotool(display: &str, args: &[&str]) {
    let status = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .status()
        .expect("xdotool runs (apt package xdotool; scripts/setup.sh installs it)");
    assert!(status.success(), "xdotool {args:?}");
}

/// The X id of the first shown window that `xdotool search --onlyvisible`
/// finds with `criteria` on `display`, waiting (at most [`PATIENCE`]) for
/// it to appear: a window can exist before it is mapped, and only a mapped
/// one takes the keyboard focus. `failure` says what never appeared.
fn wait_for_x_search(display: &str, criteria: &[&str], failure: &str) -> String {
    let started = Instant::now();
    loop {
        // A search that finds nothing fails, which here only means "not
        // yet": only its stdout counts.
        let output = Command::new("xdotool")
            .args(["search", "--onlyvisible"])
            .args(criteria)
            .env("DISPLAY", display)
            .output()
            .expect("xdotool runs (apt package xdotool; scripts/setup.sh installs it)");
        if let Some(id) = String::from_utf8_lossy(&output.stdout).lines().next() {
            return id.to_owned();
        }
        assert!(started.elapsed() < PATIENCE, "{failure}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn tauri_driver() -> PathBuf {
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// Waits until no process has `path` open: until every process that
/// writes it (an app started through [`app_wrapper`] and all it started,
/// or a tracer writing its log) has ended, so the file is complete.
pub fn wait_until_closed(path: &Path) {
    let path = path.canonicalize().expect("the file exists");
    let started = Instant::now();
    loop {
        let holders: Vec<String> = std::fs::read_dir("/proc")
            .expect("/proc")
            .filter_map(Result::ok)
            .filter(|process| {
                std::fs::read_dir(process.path().join("fd")).is_ok_and(|fds| {
                    fds.filter_map(Result::ok)
                        .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target == path))
                })
            })
            .map(|process| process.file_name().to_string_lossy().into_owned())
            .collect();
        if holders.is_empty() {
            return;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "processes {holders:?} still have {} open",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}
