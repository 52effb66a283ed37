//! An older copy of the vault swapped in while a command has the vault
//! open (here `tokens add`, waiting for the pasted list on stdin) is
//! refused when the command reads the file again to save: the vault id and
//! generation are checked on every read, not only at open. Nothing is
//! written: the file stays byte for byte the copy that was swapped in, and
//! the token used since does not come back as unused.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use safekeep_testkit::cli::{Env, generation};
use safekeep_testkit::secrets::{numbered, random_tokens};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

#[test]
fn an_older_copy_swapped_in_while_tokens_add_waits_on_stdin_is_refused() {
    let env = Env::with_keychain(BIN, "rollback-mid-command");
    env.run(&["init"]).ok();
    env.run(&["add", "--issuer", "Beta", "--label", "b"]).ok();
    let tokens = random_tokens(3);
    env.run_with_stdin(&["tokens", "add", "beta"], &numbered(&tokens))
        .ok();
    let old = env.vault_bytes();

    // One token used since: the old copy still shows it unused.
    let used = env.run(&["tokens", "use", "beta"]).ok().trim().to_owned();
    assert!(tokens.contains(&used), "{used} is one of {tokens:?}");
    let newest = generation(&env.vault_bytes());
    assert!(newest > generation(&old));

    let child = env.spawn_waiting(&["tokens", "add", "beta"]);
    child.wait_until_reading_stdin();

    std::fs::write(env.vault_file(), &old).expect("swap the old copy in");
    let out = child.finish(&numbered(&random_tokens(2)));

    let stderr = &out.stderr;
    assert!(
        !out.status.success(),
        "the older copy was accepted: {stderr}"
    );
    assert!(
        stderr.contains("is older than the newest one"),
        "the refusal names the rollback: {stderr}"
    );
    assert!(
        stderr.contains(&format!("version {}, expected {newest}", generation(&old))),
        "{stderr}"
    );
    assert_eq!(out.stdout, "");
    assert_eq!(env.vault_bytes(), old, "the swapped-in copy was written to");

    // Still refused afterwards, at open, by the generation the keychain
    // remembers: the used token never shows as unused.
    let message = env
        .run(&["tokens", "list", "beta"])
        .fails_with(1)
        .to_owned();
    assert!(
        message.contains("is older than the newest one"),
        "{message}"
    );
}
