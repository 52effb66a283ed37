//! An older copy of the vault put back in place (a rollback, which could
//! make used backup tokens look unused) is reported, naming both
//! generations, until the user accepts it on purpose; one accepted change
//! moves the vault past the newest generation seen and ends the warnings.
//!
//! Needs the real Secret Service (the newest generation is remembered
//! there): run through scripts/test.sh.

use safekeep_testkit::cli::{Env, generation};
use safekeep_testkit::secrets::{numbered, random_tokens};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

#[test]
fn an_older_copy_is_refused_until_accepted_and_one_accepted_change_ends_it() {
    let env = Env::with_keychain(BIN, "rollback");
    env.run(&["init"]).ok();
    env.run(&["add", "--issuer", "Alpha", "--label", "a"]).ok();
    let old = env.vault_bytes();
    let old_generation = generation(&old);

    // Two more changes: one token used since, which the old copy forgets.
    env.run(&["add", "--issuer", "Beta", "--label", "b"]).ok();
    let tokens = random_tokens(2);
    env.run_with_stdin(&["tokens", "add", "beta"], &numbered(&tokens))
        .ok();
    let newest_generation = generation(&env.vault_bytes());
    assert!(
        newest_generation >= old_generation + 2,
        "two changes, two generations: {old_generation} then {newest_generation}"
    );

    std::fs::write(env.vault_file(), &old).expect("put the old copy back");

    let expected = format!("version {old_generation}, expected {newest_generation}");
    for args in [
        &["list"][..],
        &["code", "alpha", "--at", "59"],
        &["tokens", "list", "alpha"],
        &["tokens", "use", "alpha"],
        &["add", "--issuer", "Gamma"],
        &["remove", "--yes", "alpha"],
    ] {
        let out = env.run(args);
        let message = out.fails_with(1);
        assert!(
            message.contains("is older than the newest one"),
            "{args:?} must report the rollback: {message}"
        );
        assert!(
            message.contains(&expected),
            "{args:?} must name both generations ({expected}): {message}"
        );
        assert!(message.contains("accept older vault"), "{message}");
        assert_eq!(out.stdout, "");
        assert_eq!(
            env.vault_bytes(),
            old,
            "{args:?} changed the rolled-back file"
        );
    }

    // Accepted on purpose: it opens, as it was.
    let out = env.run(&["--accept-older-vault", "list"]);
    let lines = out.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("Alpha"), "{lines:?}");
    assert_eq!(env.vault_bytes(), old, "opening changes nothing");
    // Still refused without the flag: looking is not accepting.
    env.run(&["list"]).fails_with(1);

    // One accepted change moves it past the newest generation seen...
    env.run(&[
        "add",
        "--issuer",
        "Gamma",
        "--label",
        "c",
        "--accept-older-vault",
    ])
    .ok();
    let after = generation(&env.vault_bytes());
    assert!(
        after > newest_generation,
        "the accepted change must move the generation past {newest_generation}, it is {after}"
    );

    // ...and plain commands work again.
    let out = env.run(&["list"]);
    assert_eq!(out.first_words(), ["Alpha", "Gamma"]);
    env.run(&["add", "--issuer", "Delta"]).ok();
    env.run(&["tokens", "list", "alpha"]).ok();
}
