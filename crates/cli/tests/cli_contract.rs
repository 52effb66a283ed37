//! The `safekeep` command line's contract, run as a user would run it:
//! commands, exit codes (0, 1, 2 ambiguous, 3 no tokens left), what goes to
//! stdout (only codes and tokens) and that every error is one line on stderr
//! starting with "safekeep: ". Codes are checked against `oathtool` (and an
//! independent HMAC-SHA1 for Steam). Each test ends by scanning every file
//! in its data directory for the secrets and tokens it handed over.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use safekeep_testkit::cli::Env;
use safekeep_testkit::leaks::{contains_bytes, files_under};
use safekeep_testkit::oathtool::{TIMES, oathtool_default_totp, oathtool_hotp, oathtool_totp};
use safekeep_testkit::secrets::{numbered, random_secret, random_tokens};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

/// What a test gave `safekeep` that must never be written in the clear.
#[derive(Default)]
struct Secrets {
    texts: Vec<String>,
    raw: Vec<Vec<u8>>,
}

impl Secrets {
    fn secret(&mut self, base32: &str, raw: &[u8]) {
        self.texts.push(base32.to_owned());
        self.texts.push(base32.to_lowercase());
        self.raw.push(raw.to_vec());
    }

    fn tokens(&mut self, tokens: &[String]) {
        for token in tokens {
            self.texts.push(token.clone());
            self.texts.push(token.replace('-', ""));
        }
    }

    /// Scans every file under the data directory.
    fn assert_not_on_disk(&self, env: &Env) {
        let files = files_under(env.dir.path());
        assert!(
            files.iter().any(|f| f.ends_with("vault.skv")),
            "no vault file among {files:?}"
        );
        for file in &files {
            let bytes = std::fs::read(file).expect("read a data file");
            for text in &self.texts {
                assert!(
                    !contains_bytes(&bytes, text.as_bytes()),
                    "{} holds a secret or token in the clear ({} characters long)",
                    file.display(),
                    text.len()
                );
            }
            for raw in &self.raw {
                assert!(
                    !contains_bytes(&bytes, raw),
                    "{} holds a secret's raw bytes in the clear",
                    file.display()
                );
            }
        }
    }
}

fn init(env: &Env) {
    let out = env.run(&["init"]);
    out.ok();
    assert!(
        out.stderr.contains("Created the vault at")
            && out.stderr.contains("its key is in your OS keychain"),
        "init should say where the vault is and how it opens: {:?}",
        out.stderr
    );
    assert_eq!(out.stdout, "", "init prints nothing on stdout");
}

/// Runs `code` and returns the one line it printed.
fn code(env: &Env, args: &[&str]) -> String {
    let out = env.run(args);
    let stdout = out.ok();
    assert!(
        stdout.ends_with('\n') && stdout.lines().count() == 1,
        "code prints one line: {stdout:?}"
    );
    stdout.trim_end().to_owned()
}

#[test]
fn codes_match_oathtool_for_links_and_parts_and_list_shows_every_account() {
    let env = Env::with_keychain(BIN, "contract-codes");
    let mut secrets = Secrets::default();
    init(&env);

    // TOTP from a link, SHA1, 6 digits, 30 s; an 80-bit secret as sites use.
    let (github, github_raw) = random_secret(10);
    secrets.secret(&github, &github_raw);
    let link = format!("otpauth://totp/GitHub:me%40example.org?secret={github}&issuer=GitHub");
    let out = env.run(&["add", &link]);
    out.ok();
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("Added GitHub (me@example.org)."),
        "{:?}",
        out.stderr
    );
    for t in TIMES {
        let ours = code(&env, &["code", "github", "--at", &t.to_string()]);
        let theirs = oathtool_default_totp(&github, t);
        assert_eq!(ours, theirs, "GitHub's code at {t}");
    }

    // SHA256, 8 digits, 60 s.
    let (example, example_raw) = random_secret(35);
    secrets.secret(&example, &example_raw);
    let link = format!(
        "otpauth://totp/Example:alice?secret={example}&issuer=Example&algorithm=SHA256&digits=8&period=60"
    );
    env.run(&["add", &link]).ok();
    for t in TIMES {
        let ours = code(&env, &["code", "example", "--at", &t.to_string()]);
        let theirs = oathtool_totp(&example, "SHA256", 8, 60, t);
        assert_eq!(ours, theirs, "Example's SHA256/8/60 code at {t}");
        assert_eq!(ours.len(), 8);
    }

    // HOTP by parts, counter 5: the shown code is spent, the next is 6's.
    let (bank, bank_raw) = random_secret(20);
    secrets.secret(&bank, &bank_raw);
    env.run(&[
        "add",
        "--issuer",
        "Bank",
        "--label",
        "bob",
        "--secret",
        &bank,
        "--hotp",
        "--counter",
        "5",
    ])
    .ok();
    for counter in 5..=7 {
        let ours = code(&env, &["code", "bank"]);
        let theirs = oathtool_hotp(&bank, "SHA1", 6, counter);
        assert_eq!(ours, theirs, "Bank's HOTP code for counter {counter}");
    }

    // Steam by parts, against an independent HMAC-SHA1.
    let (steam, steam_raw) = random_secret(20);
    secrets.secret(&steam, &steam_raw);
    env.run(&[
        "add", "--issuer", "Steam", "--label", "gamer", "--secret", &steam, "--steam",
    ])
    .ok();
    for t in TIMES {
        // The oracle itself agrees with oathtool on an ordinary TOTP code.
        let full = hotp_truncated(&steam_raw, t / 30);
        let six = format!("{:06}", full % 1_000_000);
        assert_eq!(six, oathtool_default_totp(&steam, t));
        assert_eq!(
            code(&env, &["code", "steam", "--at", &t.to_string()]),
            steam_code(full),
            "Steam code at {t}"
        );
    }

    // A site kept only for its backup tokens.
    env.run(&["add", "--issuer", "Therapieland", "--label", "client"])
        .ok();
    let out = env.run(&["code", "therapieland"]);
    let message = out.fails_with(1);
    assert!(message.contains("no code generator"), "{message}");

    let out = env.run(&["list"]);
    let lines = out.lines();
    let rows: Vec<Vec<&str>> = lines
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    // In the app's order: by site name, not in the order they were added.
    let expected: Vec<Vec<&str>> = vec![
        vec!["Bank", "bob", "hotp", "0/0", "backup", "tokens"],
        vec!["Example", "alice", "totp", "0/0", "backup", "tokens"],
        vec![
            "GitHub",
            "me@example.org",
            "totp",
            "0/0",
            "backup",
            "tokens",
        ],
        vec!["Steam", "gamer", "steam", "0/0", "backup", "tokens"],
        vec![
            "Therapieland",
            "client",
            "tokens-only",
            "0/0",
            "backup",
            "tokens",
        ],
    ];
    assert_eq!(rows, expected, "list output:\n{}", out.stdout);
    // Columns line up: each field starts at the same place on every line.
    let starts: Vec<Vec<usize>> = lines.iter().map(|line| field_starts(line)).collect();
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "columns do not line up:\n{}",
        out.stdout
    );

    secrets.assert_not_on_disk(&env);
}

#[test]
fn a_query_names_one_account_or_the_cli_says_why_not() {
    let env = Env::with_keychain(BIN, "contract-queries");
    let mut secrets = Secrets::default();
    init(&env);
    for (issuer, label) in [("GitHub", "work"), ("GitLab", "home"), ("Git", "plain")] {
        let (secret, raw) = random_secret(20);
        secrets.secret(&secret, &raw);
        env.run(&[
            "add", "--issuer", issuer, "--label", label, "--secret", &secret,
        ])
        .ok();
    }
    let before = env.vault_bytes();

    // "gi" matches all three partially and none exactly.
    let out = env.run(&["code", "gi", "--at", "59"]);
    let message = out.fails_with(2);
    assert_eq!(out.stdout, "", "nothing on stdout when ambiguous");
    for name in ["GitHub (work)", "GitLab (home)", "Git (plain)"] {
        assert!(
            message.contains(name),
            "the ambiguous message lists {name}: {message}"
        );
    }
    // Two accounts: both listed, exit 2 for every command that takes a query.
    let out = env.run(&["tokens", "list", "gitl"]);
    out.ok();
    let out = env.run(&["tokens", "use", "github:work"]);
    // Exact "issuer:label" picks one; it has no tokens at all.
    assert_eq!(out.code(), 3, "{:?}", out.stderr);
    let out = env.run(&["tokens", "use", "hub"]);
    assert_eq!(out.code(), 3);
    let out = env.run(&["code", "o", "--at", "59"]);
    let message = out.fails_with(2);
    assert!(
        message.contains("GitHub (work)") && message.contains("GitLab (home)"),
        "{message}"
    );

    // An exact name wins over the partial matches.
    let ours = code(&env, &["code", "git", "--at", "59"]);
    assert_eq!(ours.len(), 6);

    let out = env.run(&["code", "gitea", "--at", "59"]);
    let message = out.fails_with(1);
    assert!(message.contains("No account matches"), "{message}");
    assert!(message.contains("gitea"), "{message}");
    for args in [
        &["tokens", "use", "nothing-like-it"][..],
        &["tokens", "list", "nothing-like-it"],
        &["remove", "--yes", "nothing-like-it"],
    ] {
        env.run(args).fails_with(1);
    }

    assert_eq!(env.vault_bytes(), before, "failed lookups change nothing");
    secrets.assert_not_on_disk(&env);
}

#[test]
fn backup_tokens_are_added_handed_out_once_replaced_and_marked() {
    let env = Env::with_keychain(BIN, "contract-tokens");
    let mut secrets = Secrets::default();
    init(&env);
    env.run(&["add", "--issuer", "Therapieland", "--label", "client"])
        .ok();

    // Pasted as the site shows them, numbered, with a repeat.
    let tokens = random_tokens(5);
    secrets.tokens(&tokens);
    let paste = format!("{}{}\n", numbered(&tokens), tokens[1]);
    let out = env.run_with_stdin(&["tokens", "add", "therapie"], &paste);
    out.ok();
    assert_eq!(out.stdout, "", "tokens add never prints tokens");
    assert!(
        out.stderr.contains("Added 5 backup tokens to Therapieland")
            && out.stderr.contains("5 of 5 unused"),
        "{:?}",
        out.stderr
    );

    // Masked by default, in full with --reveal, in the site's order.
    let out = env.run(&["tokens", "list", "therapie"]);
    assert_eq!(out.lines(), vec!["••••-••••  unused"; 5]);
    for token in &tokens {
        assert!(!out.stdout.contains(token.as_str()) && !out.stderr.contains(token.as_str()));
    }
    let out = env.run(&["tokens", "list", "therapie", "--reveal"]);
    let expected: Vec<String> = tokens.iter().map(|t| format!("{t}  unused")).collect();
    assert_eq!(out.lines(), expected);

    // Pasting the same list again adds nothing and says so.
    let out = env.run_with_stdin(&["tokens", "add", "therapie"], &numbered(&tokens));
    out.ok();
    assert!(
        out.stderr.contains("Added 0 backup tokens") && out.stderr.contains("5 already stored"),
        "{:?}",
        out.stderr
    );

    // mark-used in another spelling; `use` skips it.
    let typed = tokens[0].to_uppercase().replace('-', "");
    let out = env.run(&["tokens", "mark-used", "therapie", &typed]);
    out.ok();
    assert!(out.stderr.contains("4 of 5 unused"), "{:?}", out.stderr);
    // Given on stdin, as a token should be: no warning, one error line.
    let out = env.run_with_stdin(&["tokens", "mark-used", "therapie"], "zzzz-zzzz\n");
    out.fails_with(1);
    let out = env.run_with_stdin(&["tokens", "unuse", "therapie", "-"], "zzzz-zzzz\n");
    out.fails_with(1);

    // Each unused token once, in order, on stdout alone.
    let mut handed = Vec::new();
    for _ in 0..4 {
        let out = env.run(&["tokens", "use", "therapie"]);
        let stdout = out.ok().to_owned();
        assert_eq!(stdout.lines().count(), 1, "{stdout:?}");
        handed.push(stdout.trim_end().to_owned());
    }
    assert_eq!(handed, tokens[1..].to_vec());
    let out = env.run(&["tokens", "use", "therapie"]);
    assert_eq!(out.code(), 3, "{:?}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "safekeep: no unused backup tokens left for Therapieland; generate new ones on the site and add them with 'safekeep tokens add'\n"
    );

    // unuse gives one back; it is handed out again, and then none again.
    let out = env.run(&["tokens", "unuse", "therapie", &tokens[2]]);
    out.ok();
    assert!(out.stderr.contains("1 of 5 unused"), "{:?}", out.stderr);
    assert_eq!(
        env.run(&["tokens", "use", "therapie"]).ok().trim_end(),
        tokens[2]
    );
    assert_eq!(env.run(&["tokens", "use", "therapie"]).code(), 3);

    // "Generate more": --replace drops the old batch; a pasted token that
    // was stored keeps its used mark.
    let fresh = random_tokens(3);
    secrets.tokens(&fresh);
    let mut paste = numbered(&fresh);
    paste.push_str(&format!("4. {}\n", tokens[3]));
    let out = env.run_with_stdin(&["tokens", "add", "therapie", "--replace"], &paste);
    out.ok();
    assert!(
        out.stderr
            .contains("Replaced 4 old backup tokens of Therapieland with 3 new ones")
            && out.stderr.contains("3 of 4 unused"),
        "{:?}",
        out.stderr
    );
    let out = env.run(&["tokens", "list", "therapie", "--reveal"]);
    let lines = out.lines();
    assert_eq!(lines.len(), 4, "{lines:?}");
    for (line, token) in lines.iter().zip(&fresh) {
        assert_eq!(line, &format!("{token}  unused"));
    }
    assert!(
        lines[3].starts_with(&format!("{}  used ", tokens[3])) && lines[3].ends_with(" UTC"),
        "{lines:?}"
    );
    let handed: Vec<String> = (0..3)
        .map(|_| {
            env.run(&["tokens", "use", "therapie"])
                .ok()
                .trim_end()
                .to_owned()
        })
        .collect();
    assert_eq!(handed, fresh);
    assert_eq!(env.run(&["tokens", "use", "therapie"]).code(), 3);

    // A paste with no tokens changes nothing, even with --replace.
    let before = env.vault_bytes();
    let out = env.run_with_stdin(&["tokens", "add", "therapie", "--replace"], "\n\n");
    out.fails_with(1);
    assert_eq!(env.vault_bytes(), before);

    let out = env.run(&["list"]);
    assert_eq!(
        out.lines()[0].split_whitespace().collect::<Vec<_>>(),
        [
            "Therapieland",
            "client",
            "tokens-only",
            "0/4",
            "backup",
            "tokens"
        ]
    );
    secrets.assert_not_on_disk(&env);
}

/// The first word of each line of `safekeep list`, and whether it ends
/// with the pin mark.
fn listed(env: &Env) -> Vec<(String, bool)> {
    env.run(&["list"])
        .lines()
        .iter()
        .map(|line| {
            let first = line.split_whitespace().next().unwrap_or("").to_owned();
            (first, line.trim_end().ends_with("pinned"))
        })
        .collect()
}

#[test]
fn list_is_in_natural_order_and_pinned_accounts_come_first() {
    let env = Env::with_keychain(BIN, "contract-order");
    init(&env);
    for site in ["Site60", "site59", "Site6", "Site58"] {
        env.run(&["add", "--issuer", site, "--label", "me"]).ok();
    }
    let names = |listed: Vec<(String, bool)>| -> Vec<String> {
        listed.into_iter().map(|(name, _)| name).collect()
    };
    assert_eq!(names(listed(&env)), ["Site6", "Site58", "site59", "Site60"]);

    let out = env.run(&["pin", "site60"]);
    out.ok();
    assert!(
        out.stderr.contains("Pinned Site60 (me)"),
        "{:?}",
        out.stderr
    );
    assert_eq!(
        listed(&env),
        [
            ("Site60".to_owned(), true),
            ("Site6".to_owned(), false),
            ("Site58".to_owned(), false),
            ("site59".to_owned(), false),
        ]
    );
    env.run(&["pin", "site58"]).ok();
    assert_eq!(names(listed(&env)), ["Site58", "Site60", "Site6", "site59"]);

    env.run(&["unpin", "site60"]).ok();
    assert_eq!(names(listed(&env)), ["Site58", "Site6", "site59", "Site60"]);
    // Ambiguous or unknown: the usual exit codes, nothing changes.
    let before = env.vault_bytes();
    env.run(&["pin", "site"]).fails_with(2);
    env.run(&["unpin", "nothing-like-it"]).fails_with(1);
    assert_eq!(env.vault_bytes(), before);

    let out = env.run(&["--language", "nl", "unpin", "site58"]);
    out.ok();
    assert!(
        out.stderr.contains("Site58 (me) is niet meer vastgezet"),
        "{:?}",
        out.stderr
    );
}

#[test]
fn remove_wants_a_yes_and_bad_links_change_nothing() {
    let env = Env::with_keychain(BIN, "contract-remove");
    let mut secrets = Secrets::default();
    init(&env);
    let (secret, raw) = random_secret(20);
    secrets.secret(&secret, &raw);
    env.run(&[
        "add",
        &format!("otpauth://totp/Shop:me?secret={secret}&issuer=Shop"),
    ])
    .ok();
    let tokens = random_tokens(2);
    secrets.tokens(&tokens);
    env.run_with_stdin(&["tokens", "add", "shop"], &numbered(&tokens))
        .ok();

    let (other, other_raw) = random_secret(20);
    secrets.secret(&other, &other_raw);
    let before = env.vault_bytes();
    for bad in [
        "not a link".to_owned(),
        "https://example.org/setup".to_owned(),
        format!(
            "otpauth://totp/Bad:me?secret={}0189&issuer=Bad",
            &other[..8]
        ),
        format!("otpauth://sms/Bad:me?secret={other}"),
        "otpauth://totp/Bad:me?issuer=Bad".to_owned(),
        format!("otpauth://totp/Bad:me?secret={other}&digits=12"),
        format!("otpauth://totp/Bad:me?secret={other}&algorithm=MD5"),
        format!("otpauth://hotp/Bad:me?secret={other}"),
        format!("otpauth://totp/Bad:me?secret={other}&period=0"),
    ] {
        let out = env.run_with_stdin(&["add", "-"], &format!("{bad}\n"));
        assert_ne!(out.code(), 0, "{bad} was accepted");
        let message = out.one_line_error();
        assert!(
            !message.contains(&other),
            "the error repeats the secret: {message}"
        );
        assert_eq!(
            env.vault_bytes(),
            before,
            "a refused link changed the vault: {bad}"
        );
    }
    let out = env.run_with_stdin(&["add", "--issuer", "Bad", "--secret-stdin"], "0189\n");
    out.fails_with(1);
    let out = env.run(&["add", "--digits", "6"]);
    out.fails_with(1);
    assert_eq!(env.vault_bytes(), before);

    // No terminal and no --yes: refused, nothing removed.
    let out = env.run(&["remove", "shop"]);
    let message = out.fails_with(1);
    assert!(message.contains("--yes"), "{message}");
    assert_eq!(env.vault_bytes(), before);
    assert_eq!(env.run(&["list"]).lines().len(), 1);

    let out = env.run(&["remove", "shop", "--yes"]);
    out.ok();
    assert!(
        out.stderr.contains("Removed Shop (me)."),
        "{:?}",
        out.stderr
    );
    let out = env.run(&["list"]);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("No accounts yet"), "{:?}", out.stderr);
    env.run(&["code", "shop"]).fails_with(1);

    // A second init refuses to overwrite.
    let before = env.vault_bytes();
    let message = env.run(&["init"]).fails_with(1).to_owned();
    assert!(message.contains("already exists"), "{message}");
    assert_eq!(env.vault_bytes(), before);

    secrets.assert_not_on_disk(&env);
}

/// Where each space-separated field of `line` starts.
fn field_starts(line: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        if c != ' ' && previous == ' ' {
            starts.push(i);
        }
        previous = c;
    }
    starts
}

/// HOTP's dynamic truncation (RFC 4226 5.3) of HMAC-SHA1(key, counter),
/// before it is cut down to digits.
fn hotp_truncated(key: &[u8], counter: u64) -> u32 {
    let mac = hmac_sha1(key, &counter.to_be_bytes());
    let offset = usize::from(mac[19] & 0x0f);
    u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]) & 0x7fff_ffff
}

/// Steam Guard's five characters from the truncated value.
fn steam_code(mut full: u32) -> String {
    const ALPHABET: &[u8] = b"23456789BCDFGHJKMNPQRTVWXY";
    (0..5)
        .map(|_| {
            let c = ALPHABET[(full % 26) as usize] as char;
            full /= 26;
            c
        })
        .collect()
}

fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..20].copy_from_slice(&sha1(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(message);
    let mut outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&sha1(&inner));
    sha1(&outer)
}

/// FIPS 180-4 SHA-1, small and slow; only an oracle for the test.
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut padded = data.to_vec();
    padded.push(0x80);
    while padded.len() % 64 != 56 {
        padded.push(0);
    }
    padded.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for chunk in padded.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                chunk[4 * i],
                chunk[4 * i + 1],
                chunk[4 * i + 2],
                chunk[4 * i + 3],
            ]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, word) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let temp = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*word);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = temp;
        }
        for (state, value) in h.iter_mut().zip([a, b, c, d, e]) {
            *state = state.wrapping_add(value);
        }
    }
    let mut out = [0u8; 20];
    for (i, word) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[test]
fn the_sha1_oracle_matches_the_standard_vectors() {
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    assert_eq!(
        hex(&sha1(b"abc")),
        "a9993e364706816aba3e25717850c26c9cd0d89d"
    );
    assert_eq!(hex(&sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    // RFC 4226 appendix D: HOTP of "12345678901234567890", counters 0 and 1.
    assert_eq!(
        hotp_truncated(b"12345678901234567890", 0) % 1_000_000,
        755_224
    );
    assert_eq!(
        hotp_truncated(b"12345678901234567890", 1) % 1_000_000,
        287_082
    );
}
