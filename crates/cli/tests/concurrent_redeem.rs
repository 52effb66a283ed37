//! Two `safekeep tokens use` processes at once never hand out the same
//! backup token: 40 tokens, two threads each redeeming 20 in a row, every
//! process racing the other thread's processes for the vault lock.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use std::collections::BTreeSet;
use std::sync::{Arc, Barrier};

use safekeep_testkit::cli::Env;
use safekeep_testkit::process::Output;
use safekeep_testkit::secrets::{numbered, random_tokens};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

const TOKENS: usize = 40;
const PER_THREAD: usize = 20;

#[test]
fn two_processes_at_once_never_hand_out_a_token_twice() {
    let env = Arc::new(Env::with_keychain(BIN, "concurrent-redeem"));
    env.run(&["init"]).ok();
    env.run(&["add", "--issuer", "Mail", "--label", "me@example.org"])
        .ok();
    let tokens = random_tokens(TOKENS);
    let out = env.run_with_stdin(&["tokens", "add", "mail"], &numbered(&tokens));
    out.ok();
    assert!(out.stderr.contains("40 of 40 unused"), "{:?}", out.stderr);

    let start = Arc::new(Barrier::new(2));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let env = Arc::clone(&env);
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                (0..PER_THREAD)
                    .map(|_| env.run(&["tokens", "use", "mail"]))
                    .collect::<Vec<Output>>()
            })
        })
        .collect();
    let outputs: Vec<Output> = workers
        .into_iter()
        .flat_map(|worker| worker.join().expect("worker thread"))
        .collect();

    // First what matters most: no token twice, none made up.
    let handed: Vec<String> = outputs
        .iter()
        .filter(|out| out.code() == 0)
        .map(|out| {
            assert_eq!(
                out.stdout.lines().count(),
                1,
                "one token per run: {:?}",
                out.stdout
            );
            out.stdout.trim_end().to_owned()
        })
        .collect();
    let distinct: BTreeSet<&String> = handed.iter().collect();
    assert_eq!(
        distinct.len(),
        handed.len(),
        "a token was handed out twice: {handed:?}"
    );
    let added: BTreeSet<&String> = tokens.iter().collect();
    assert!(
        distinct.is_subset(&added),
        "a token that was never added: {handed:?}"
    );

    // Then that every run succeeded, so all 40 came out.
    let failures: Vec<String> = outputs
        .iter()
        .filter(|out| out.code() != 0)
        .map(|out| format!("exit {}: {}", out.code(), out.stderr.trim_end()))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} concurrent `tokens use` runs failed:\n{}",
        failures.len(),
        outputs.len(),
        failures.join("\n")
    );
    assert_eq!(distinct, added, "every added token was handed out once");

    let out = env.run(&["tokens", "use", "mail"]);
    assert_eq!(out.code(), 3, "{:?}", out.stderr);
    assert_eq!(out.stdout, "");

    let out = env.run(&["tokens", "list", "mail"]);
    out.ok();
    assert!(out.stderr.contains("0 of 40 unused"), "{:?}", out.stderr);
    assert_eq!(out.lines().len(), TOKENS);
    assert!(
        out.lines().iter().all(|line| line.contains("  used ")),
        "{}",
        out.stdout
    );
}
