//! The command line speaks Dutch when the locale or `--language` asks for
//! it: its own errors (what happened, then what to do next), the core's
//! errors and its reports. English is the contract (cli_contract.rs); this
//! proves the other language is really used, not English in disguise.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use safekeep_testkit::cli::Env;

const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

fn dutch_locale(env: &mut Env) {
    env.extra
        .push(("LC_ALL".to_owned(), "nl_NL.UTF-8".to_owned()));
}

#[test]
fn a_failing_command_says_in_dutch_what_happened_and_what_to_do() {
    let mut env = Env::with_keychain(BIN, "dutch-locale");
    dutch_locale(&mut env);
    let out = env.run(&["init"]);
    out.ok();
    assert!(
        out.stderr.starts_with("De kluis is gemaakt op "),
        "{:?}",
        out.stderr
    );

    // The CLI's own error, paired with its next step, on one line.
    let line = env.run(&["add"]).fails_with(1).to_owned();
    assert_eq!(
        line,
        "safekeep: Een account heeft een naam nodig: geef de site, je accountnaam bij die site, \
         of allebei. Geef --issuer of --label op, of een otpauth://-link (en --secret voor codes)."
    );

    // A core error, worded by the core in the same language.
    let line = env.run(&["code", "gitea"]).fails_with(1).to_owned();
    assert!(line.contains("Geen account past bij “gitea”"), "{line}");

    // A report on stderr.
    let out = env.run(&["list"]);
    out.ok();
    assert!(out.stderr.contains("Nog geen accounts"), "{:?}", out.stderr);
}

#[test]
fn the_language_flag_wins_over_the_locale() {
    let mut env = Env::with_keychain(BIN, "dutch-flag");
    env.run(&["init"]).ok();

    // An English locale (pinned by common::Env), Dutch asked for.
    let line = env
        .run(&["--language", "nl", "code", "gitea"])
        .fails_with(1)
        .to_owned();
    assert!(line.contains("Geen account past bij"), "{line}");

    // A Dutch locale, English asked for: the words of the contract.
    dutch_locale(&mut env);
    let line = env
        .run(&["code", "gitea", "--language", "en"])
        .fails_with(1)
        .to_owned();
    assert!(line.contains("No account matches"), "{line}");
}
