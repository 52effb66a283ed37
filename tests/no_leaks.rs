//! No secret and no backup token in what the app writes out: the real
//! window, used with a known random secret and known tokens (first run, the
//! account added by its link, its code, tokens pasted, two used through the
//! clipboard and one put back, a refused link holding the secret, the
//! recovery sheet's print view, lock, unlock), with the most verbose
//! settings that exist for the app and the libraries under it
//! (`RUST_LOG=trace`, `RUST_BACKTRACE=full`, `RUST_LIB_BACKTRACE=1`, GLib's
//! `G_MESSAGES_DEBUG=all`, `WEBKIT_DEBUG=all`). Afterwards neither the
//! app's own stdout and stderr (its web processes' included, captured by a
//! wrapper started in its place) nor tauri-driver's and WebKitWebDriver's
//! hold the secret (in base32 in any case, 16 characters of it in a row,
//! hex, or raw bytes) or a token (as the site wrote it or normalized); and
//! no file does under the app's data folder (the encrypted vault and its
//! `backups/` included), its config folder, or the HOME, XDG data, cache
//! and state folders and TMPDIR it was given (where WebKit keeps its
//! storage and caches).
//!
//! The app installs no log subscriber today, so `RUST_LOG` changes nothing
//! in the app itself; it is set so that a subscriber added later is
//! covered. What the window shows is the window's business (the code, the
//! tokens in their panel); only the refused link's error is checked here,
//! since an error must never repeat the secret.

use std::io::Read;
use std::path::{Path, PathBuf};

use safekeep_e2e::scenario::Scenario;
use safekeep_e2e::steps::{
    add_tokens, assert_code_is_oathtools, lock_and_unlock, print_recovery_sheet,
    refused_link_error, undo_token_use, use_token,
};
use safekeep_e2e::{Display, Launch, app_wrapper, shell_quoted, wait_until_closed};

/// A marker the wrapper writes into the output file before it starts the
/// app, with the log setting the app gets: proof the file is the app's.
const MARKER: &str = "safekeep-app starting with RUST_LOG=";

#[tokio::test]
async fn the_apps_output_holds_no_secret_and_no_token_with_all_logging_on() {
    let raw = random_bytes(20);
    let secret = base32(&raw);
    let tokens = ["kq3m-7xpt", "w9rd-c2vn", "h6yb-4fgz"];

    let files = tempfile::tempdir().expect("temp dir");
    let app_output = files.path().join("app-output.txt");
    let driver_output = files.path().join("driver-output.txt");
    let wrapper = files.path().join("safekeep-app-logged");
    app_wrapper(
        &wrapper,
        &format!(
            "echo \"{MARKER}$RUST_LOG\" >> {}",
            shell_quoted(&app_output.display().to_string())
        ),
        &[],
        &app_output,
    );
    // The app's own HOME, data, cache and state folders and TMPDIR, to look
    // through afterwards (its config folder is the profile's).
    let home = tempfile::tempdir().expect("temp dir");
    let mut env: Vec<(String, String)> = [
        ("RUST_LOG", "trace"),
        ("RUST_BACKTRACE", "full"),
        ("RUST_LIB_BACKTRACE", "1"),
        ("G_MESSAGES_DEBUG", "all"),
        ("WEBKIT_DEBUG", "all"),
    ]
    .map(|(key, value)| (key.to_owned(), value.to_owned()))
    .to_vec();
    for (key, dir) in [
        ("HOME", "home"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("TMPDIR", "tmp"),
    ] {
        let path = home.path().join(dir);
        std::fs::create_dir_all(&path).expect("make a folder");
        env.push((key.to_owned(), path.display().to_string()));
    }
    let launch = Launch {
        wrapper: Some(wrapper),
        env,
        driver_output: Some(driver_output.clone()),
    };

    let display = Display::start();
    let (profile, app) = Scenario::made_in_the_window("no-leaks")
        .account("Therapieland", "j.jansen@example.org", &secret)
        .launch_with(&display, &launch)
        .await;
    assert_code_is_oathtools(&app, "Therapieland", &secret).await;
    add_tokens(&app, &tokens).await;
    assert_eq!(use_token(&app, &display, 2).await, tokens[0]);
    assert_eq!(use_token(&app, &display, 1).await, tokens[1]);
    undo_token_use(&app, 2).await;
    app.click("close-panel").await;
    let refused = refused_link_error(&app, &format!("otpauth://{secret}/x?secret={secret}")).await;
    let needles = Needles::new(&secret, &raw, &tokens);
    assert_eq!(
        needles.found_in(refused.as_bytes()),
        Vec::<&str>::new(),
        "the error shown for a refused link: {refused}"
    );
    let sheet = print_recovery_sheet(&app, &display).await;
    assert!(
        sheet.contains(tokens[1]),
        "the sheet shows the unused tokens"
    );
    lock_and_unlock(&app).await;
    app.quit().await;
    wait_until_closed(&app_output);

    let app_text = std::fs::read(&app_output).expect("the app's output");
    assert!(
        String::from_utf8_lossy(&app_text).contains(&format!("{MARKER}trace")),
        "the app ran through the wrapper, with RUST_LOG=trace"
    );
    let driver_text = std::fs::read(&driver_output).expect("the drivers' output");
    println!(
        "checked {} bytes of app output and {} of driver output",
        app_text.len(),
        driver_text.len()
    );
    let mut leaks = Vec::new();
    for (whose, text) in [("the app's", &app_text), ("the drivers'", &driver_text)] {
        for found in needles.found_in(text) {
            leaks.push(format!("{found} in {whose} output"));
        }
    }
    let mut files = Vec::new();
    for dir in [
        home.path(),
        profile.data_dir.path(),
        profile.config_dir.path(),
    ] {
        files.extend(files_under(dir));
    }
    assert!(
        files.iter().any(|file| file.ends_with("vault.skv")),
        "the vault is among the files looked through: {files:?}"
    );
    println!("looked through {} files", files.len());
    for file in &files {
        let bytes = std::fs::read(file).expect("read a file");
        for found in needles.found_in(&bytes) {
            leaks.push(format!("{found} in {}", file.display()));
        }
    }
    assert!(leaks.is_empty(), "leaked:\n{}", leaks.join("\n"));
}

/// What must never show: the secret and the tokens, in the forms a leak
/// could take.
struct Needles(Vec<(String, Vec<u8>, bool)>);

impl Needles {
    fn new(secret: &str, raw: &[u8], tokens: &[&str]) -> Needles {
        let mut needles = vec![
            (
                "the secret in base32".to_owned(),
                secret.as_bytes().to_vec(),
                true,
            ),
            (
                "the secret in hex".to_owned(),
                raw.iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
                    .into_bytes(),
                true,
            ),
            ("the secret's raw bytes".to_owned(), raw.to_vec(), false),
        ];
        for window in secret.as_bytes().windows(16) {
            needles.push((
                "16 base32 characters of the secret in a row".to_owned(),
                window.to_vec(),
                true,
            ));
        }
        for (n, token) in tokens.iter().enumerate() {
            let normalized: String = token.chars().filter(char::is_ascii_alphanumeric).collect();
            needles.push((
                format!("token {} as stored", n + 1),
                token.as_bytes().to_vec(),
                true,
            ));
            needles.push((
                format!("token {} normalized", n + 1),
                normalized.into_bytes(),
                true,
            ));
        }
        Needles(needles)
    }

    /// What of it is in `haystack`, each named once.
    fn found_in(&self, haystack: &[u8]) -> Vec<&str> {
        let folded = haystack.to_ascii_lowercase();
        let mut found: Vec<&str> = self
            .0
            .iter()
            .filter(|(_, needle, any_case)| {
                let (haystack, needle) = if *any_case {
                    (folded.as_slice(), needle.to_ascii_lowercase())
                } else {
                    (haystack, needle.clone())
                };
                haystack
                    .windows(needle.len())
                    .any(|window| window == needle)
            })
            .map(|(name, _, _)| name.as_str())
            .collect();
        found.dedup();
        found
    }
}

/// Every regular file under `dir`, recursively (not following links).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read a folder") {
            let entry = entry.expect("folder entry");
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    files
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut file| file.read_exact(&mut bytes))
        .expect("read /dev/urandom");
    bytes
}

/// RFC 4648 base32 without padding, as sites show secrets.
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// The check must be able to fail: each form is found where it is.
#[test]
fn the_leak_check_finds_every_form() {
    let raw = random_bytes(20);
    let secret = base32(&raw);
    let tokens = ["kq3m-7xpt"];
    let needles = Needles::new(&secret, &raw, &tokens);
    for text in [
        secret.to_lowercase().into_bytes(),
        format!("kind \"{}…\"", &secret[2..30]).into_bytes(),
        raw.iter()
            .map(|b| format!("{b:02X}"))
            .collect::<String>()
            .into_bytes(),
        [b"x".as_slice(), &raw].concat(),
        b"copied KQ3M7XPT".to_vec(),
        b"token kq3m-7xpt".to_vec(),
    ] {
        assert!(!needles.found_in(&text).is_empty(), "{text:?}");
    }
    assert!(needles.found_in(b"Therapieland 123456 kq3m").is_empty());
}
