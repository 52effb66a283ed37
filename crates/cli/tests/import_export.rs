//! Plain exports and imports through the command line: what one vault
//! exports (otpauth links, Aegis, Google migration links), a fresh vault
//! imports, making the same codes; a second import reports duplicates; no
//! export is written without a confirmation; and the printable recovery
//! sheet holds the unused tokens, never the used ones, and a secret only
//! when asked.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use safekeep_testkit::cli::Env;
use safekeep_testkit::process::Output;
use safekeep_testkit::secrets::{numbered, random_secret, random_tokens};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

const TIMES: [u64; 4] = [59, 1_111_111_109, 1_234_567_890, 2_000_000_000];

/// What the source vault holds.
struct Source {
    env: Env,
    /// Every base32 secret added.
    secrets: Vec<String>,
    /// Therapieland's backup tokens.
    tokens: Vec<String>,
}

/// A vault with a TOTP (SHA1, 30 s), a TOTP (SHA256, 8 digits, 60 s), an
/// HOTP at counter 5, a Steam account and a site with backup tokens only.
fn source(test: &str) -> Source {
    let env = Env::with_keychain(BIN, test);
    env.run(&["init"]).ok();
    let (github, _) = random_secret(20);
    let (bank, _) = random_secret(32);
    let (old, _) = random_secret(10);
    let (steam, _) = random_secret(20);
    env.run(&[
        "add",
        &format!("otpauth://totp/GitHub:me%40example.org?secret={github}&issuer=GitHub"),
    ])
    .ok();
    env.run(&[
        "add",
        "--issuer",
        "Bank",
        "--label",
        "me",
        "--secret",
        &bank,
        "--algorithm",
        "sha256",
        "--digits",
        "8",
        "--period",
        "60",
    ])
    .ok();
    env.run(&[
        "add",
        "--issuer",
        "Old",
        "--label",
        "me",
        "--secret",
        &old,
        "--hotp",
        "--counter",
        "5",
    ])
    .ok();
    env.run(&[
        "add", "--issuer", "Steam", "--label", "me", "--secret", &steam, "--steam",
    ])
    .ok();
    env.run(&["add", "--issuer", "Therapieland", "--label", "me"])
        .ok();
    let tokens = random_tokens(5);
    env.run_with_stdin(&["tokens", "add", "therapieland"], &numbered(&tokens))
        .ok();
    Source {
        env,
        secrets: vec![github, bank, old, steam],
        tokens,
    }
}

fn code(env: &Env, query: &str, at: u64) -> String {
    env.run(&["code", query, "--at", &at.to_string()])
        .ok()
        .trim()
        .to_owned()
}

/// Asserts that `a` and `b` make the same codes for the time-based
/// `queries`, and the same next code for the HOTP account `hotp`.
fn assert_same_codes(a: &Env, b: &Env, queries: &[&str], hotp: Option<&str>) {
    for query in queries {
        for t in TIMES {
            assert_eq!(code(a, query, t), code(b, query, t), "{query} at {t}");
        }
    }
    if let Some(query) = hotp {
        assert_eq!(code(a, query, 0), code(b, query, 0), "{query}'s next code");
    }
}

/// Runs `export --format <format> --yes` and returns stdout.
fn export(env: &Env, format: &str, extra: &[&str]) -> Output {
    let mut args = vec!["export", "--format", format, "--yes"];
    args.extend_from_slice(extra);
    let out = env.run(&args);
    out.ok();
    out
}

/// Writes `text` to a file in a temporary folder and imports it into `env`.
fn import(env: &Env, text: &str, extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export");
    std::fs::write(&file, text).unwrap();
    let mut args = vec!["import"];
    args.extend_from_slice(extra);
    args.push(file.to_str().unwrap());
    env.run(&args)
}

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_no_secret(source: &Source, text: &str, what: &str) {
    let compact = without_whitespace(text);
    for secret in &source.secrets {
        assert!(
            !compact.contains(secret.as_str()) && !compact.contains(&secret.to_lowercase()),
            "{what} holds a secret"
        );
    }
}

#[test]
fn otpauth_links_exported_import_into_a_fresh_vault_with_the_same_codes_and_a_second_import_skips_them()
 {
    let source = source("export-otpauth");
    let out = export(&source.env, "otpauth", &[]);
    let links = out.stdout.clone();
    assert_eq!(
        links.lines().count(),
        4,
        "one link per account with a secret"
    );
    assert!(links.lines().all(|line| line.starts_with("otpauth://")));
    assert!(out.stderr.contains("NOT encrypted"), "{:?}", out.stderr);
    assert!(
        out.stderr.contains("Exported 4 accounts") && out.stderr.contains("1 account left out"),
        "{:?}",
        out.stderr
    );

    let fresh = Env::with_keychain(BIN, "import-otpauth");
    fresh.run(&["init"]).ok();
    let out = import(&fresh, &links, &[]);
    out.ok();
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("4 accounts added") && out.stderr.contains("0 already in the vault"),
        "{:?}",
        out.stderr
    );
    assert!(
        out.stderr.contains("GitHub (me@example.org)"),
        "{:?}",
        out.stderr
    );
    assert_no_secret(&source, &out.stderr, "the import report");
    assert_same_codes(
        &source.env,
        &fresh,
        &["github", "bank", "steam"],
        Some("old"),
    );

    // The same file again: nothing added, every account named as skipped.
    let list_before = fresh.run(&["list"]).lines();
    let out = import(&fresh, &links, &["--format", "otpauth"]);
    out.ok();
    assert!(
        out.stderr.contains("0 accounts added")
            && out.stderr.contains("4 already in the vault skipped"),
        "{:?}",
        out.stderr
    );
    assert!(
        out.stderr.contains("Skipped, already in the vault"),
        "{:?}",
        out.stderr
    );
    assert_eq!(fresh.run(&["list"]).lines(), list_before);
}

#[test]
fn an_import_names_the_entries_it_could_not_read_and_adds_the_rest() {
    let env = Env::with_keychain(BIN, "import-rejected");
    env.run(&["init"]).ok();
    let (secret, _) = random_secret(20);
    let text = format!("otpauth://totp/Good:me?secret={secret}&issuer=Good\nthis is not a link\n");
    let out = import(&env, &text, &[]);
    out.ok();
    assert!(out.stderr.contains("1 account added"), "{:?}", out.stderr);
    assert!(out.stderr.contains("1 not readable"), "{:?}", out.stderr);
    assert!(
        out.stderr.contains("Not imported: line 2"),
        "{:?}",
        out.stderr
    );
    assert!(!without_whitespace(&out.stderr).contains(&secret));

    // Nothing Safekeep reads: says so, and where token lists go.
    let out = import(&env, "hello there\n", &[]);
    let line = out.fails_with(1);
    assert!(line.contains("tokens add"), "{line}");
    assert_eq!(env.run(&["list"]).lines().len(), 1);
}

#[test]
fn google_migration_links_carry_the_accounts_google_can_use() {
    let source = source("export-google");
    let out = export(&source.env, "google", &[]);
    let links = out.stdout.clone();
    assert!(!links.is_empty());
    assert!(
        links
            .lines()
            .all(|line| line.starts_with("otpauth-migration://offline?data=")),
        "{links}"
    );
    // A 60-second TOTP and Steam cannot travel to Google Authenticator.
    assert!(
        out.stderr.contains("Exported 2 accounts") && out.stderr.contains("3 accounts left out"),
        "{:?}",
        out.stderr
    );

    let fresh = Env::with_keychain(BIN, "import-google");
    fresh.run(&["init"]).ok();
    let out = import(&fresh, &links, &[]);
    out.ok();
    assert!(out.stderr.contains("2 accounts added"), "{:?}", out.stderr);
    assert_same_codes(&source.env, &fresh, &["github"], Some("old"));
}

#[test]
fn an_aegis_plain_export_imports_into_a_fresh_vault_with_the_same_codes() {
    let source = source("export-aegis");
    let out = export(&source.env, "aegis", &[]);
    let json = out.stdout.clone();
    assert!(json.trim_start().starts_with('{'), "{json}");

    let fresh = Env::with_keychain(BIN, "import-aegis");
    fresh.run(&["init"]).ok();
    let out = import(&fresh, &json, &["--format", "aegis"]);
    out.ok();
    assert!(out.stderr.contains("4 accounts added"), "{:?}", out.stderr);
    assert_same_codes(
        &source.env,
        &fresh,
        &["github", "bank", "steam"],
        Some("old"),
    );
}

#[test]
fn no_export_is_written_without_yes_when_there_is_no_terminal_to_ask() {
    let source = source("export-refused");
    for format in ["otpauth", "aegis", "google", "sheet"] {
        let out = source.env.run(&["export", "--format", format]);
        let line = out.fails_with(1);
        assert!(
            line.contains("NOT encrypted") && line.contains("--yes"),
            "{format}: {line}"
        );
        assert_eq!(out.stdout, "", "{format} wrote something");
    }
    let out = source.env.run(&[
        "export",
        "--format",
        "otpauth",
        "--include-secrets",
        "--yes",
    ]);
    let line = out.fails_with(1);
    assert!(line.contains("only for --format sheet"), "{line}");
    assert_eq!(out.stdout, "");
}

#[test]
fn the_recovery_sheet_holds_the_unused_tokens_only_and_secrets_only_when_asked() {
    let source = source("export-sheet");
    let env = &source.env;
    let first = env
        .run(&["tokens", "use", "therapieland"])
        .ok()
        .trim()
        .to_owned();
    env.run(&["tokens", "mark-used", "therapieland", &source.tokens[3]])
        .ok();
    assert_eq!(first, source.tokens[0]);

    let out = export(env, "sheet", &[]);
    let html = &out.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("Therapieland"));
    for (index, token) in source.tokens.iter().enumerate() {
        let used = index == 0 || index == 3;
        assert_eq!(
            html.contains(token.as_str()),
            !used,
            "token {index} (used: {used}) on the sheet"
        );
    }
    assert_no_secret(&source, html, "the sheet without --include-secrets");
    assert!(!html.contains("<svg"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(html.contains("page-break-after"));

    let out = export(env, "sheet", &["--include-secrets", "--language", "nl"]);
    let html = &out.stdout;
    let compact = without_whitespace(html);
    for secret in &source.secrets {
        assert!(compact.contains(secret.as_str()), "a secret is missing");
    }
    assert!(html.contains("<svg"));
    assert!(html.contains("Ongebruikte back-uptokens"), "not in Dutch");
    assert!(!html.contains(source.tokens[0].as_str()));
}

#[test]
fn a_failed_import_leaves_the_vault_exactly_as_it_was() {
    let env = Env::with_keychain(BIN, "failed-import");
    env.run(&["init"]).ok();
    env.run(&[
        "add",
        "otpauth://totp/Kept:me?secret=JBSWY3DPEHPK3PXP&issuer=Kept",
    ])
    .ok();
    let before = env.vault_bytes();

    let unknown = import(&env, "nothing any authenticator writes", &[]);
    assert!(unknown.one_line_error().contains("does not recognise"));
    let broken_aegis = import(
        &env,
        r#"{"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 3, "entries": "broken"}}"#,
        &["--format", "aegis"],
    );
    assert_ne!(broken_aegis.code(), 0, "a damaged Aegis file is refused");
    let encrypted_bitwarden = import(&env, r#"{"encrypted": true, "items": []}"#, &[]);
    assert_ne!(
        encrypted_bitwarden.code(),
        0,
        "an encrypted Bitwarden export is refused"
    );

    assert_eq!(env.vault_bytes(), before, "not a byte of the vault changed");
    assert_eq!(env.run(&["list"]).ok().lines().count(), 1);
}
