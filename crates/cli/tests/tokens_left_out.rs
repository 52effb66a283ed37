//! `safekeep tokens add` never drops a pasted piece without a word: what the
//! recogniser leaves out is listed on stderr, line by line with why, with
//! the command that adds it anyway (`--keep-all`), and stdout stays empty.
//! Printing the pieces on stderr is that output's job: they are the user's
//! own paste, and may be tokens the user needs.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use safekeep_testkit::cli::Env;
use safekeep_testkit::secrets::random_tokens;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

/// 40 numbered lines, 12 of them one character longer than the rest: the
/// paste issue 10 found stored as 28 tokens without a word.
fn forty_with_twelve_longer() -> (String, Vec<String>, Vec<(usize, String)>) {
    let mut tokens = random_tokens(40);
    let mut longer = Vec::new();
    for (i, token) in tokens.iter_mut().enumerate() {
        if i % 3 == 1 && i < 36 {
            token.push('7');
            longer.push((i + 1, token.clone()));
        }
    }
    let paste: String = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| format!("{}. {token}\n", i + 1))
        .collect();
    (paste, tokens, longer)
}

#[test]
fn left_out_pieces_are_named_on_stderr_and_keep_all_adds_them() {
    let env = Env::with_keychain(BIN, "tokens-left-out");
    env.run(&["init"]).ok();
    env.run(&["add", "--issuer", "Therapieland", "--label", "client"])
        .ok();
    let (paste, tokens, longer) = forty_with_twelve_longer();
    assert_eq!(longer.len(), 12);

    let out = env.run_with_stdin(&["tokens", "add", "therapie"], &paste);
    assert_eq!(out.ok(), "", "stdout stays empty");
    assert!(
        out.stderr
            .contains("Added 28 backup tokens to Therapieland. 28 of 28 unused."),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("Left out, not added (12):"),
        "{}",
        out.stderr
    );
    for (line, piece) in &longer {
        assert!(
            out.stderr.contains(&format!(
                "  line {line}: {piece}  (shaped unlike the other tokens)"
            )),
            "line {line} is named: {}",
            out.stderr
        );
    }
    assert!(
        out.stderr.contains(
            "If these are tokens too, add them anyway with: safekeep tokens add --keep-all therapie"
        ),
        "{}",
        out.stderr
    );

    // Doing as told adds the twelve; the 28 already stored are not doubled.
    let out = env.run_with_stdin(&["tokens", "add", "--keep-all", "therapie"], &paste);
    assert_eq!(out.ok(), "");
    assert!(
        out.stderr.contains("Added 12 backup tokens")
            && out.stderr.contains("28 already stored")
            && out.stderr.contains("40 of 40 unused"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("Left out"), "{}", out.stderr);
    let stored = env.run(&["tokens", "list", "therapie", "--reveal"]);
    let mut stored: Vec<String> = stored
        .lines()
        .iter()
        .map(|line| line.trim_end_matches("  unused").to_owned())
        .collect();
    stored.sort();
    let mut expected = tokens.clone();
    expected.sort();
    assert_eq!(stored, expected);
}

#[test]
fn a_paste_that_leaves_nothing_out_says_nothing_more() {
    let env = Env::with_keychain(BIN, "tokens-nothing-left-out");
    env.run(&["init"]).ok();
    env.run(&["add", "--issuer", "Therapieland", "--label", "client"])
        .ok();
    let tokens = random_tokens(5);
    let paste = format!("Your backup codes\n{}\n", tokens.join("\n"));
    let out = env.run_with_stdin(&["tokens", "add", "therapie"], &paste);
    assert_eq!(out.ok(), "");
    assert_eq!(
        out.stderr,
        "Added 5 backup tokens to Therapieland. 5 of 5 unused.\n"
    );
}
