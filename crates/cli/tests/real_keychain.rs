//! The vault's keychain slot against the real Secret Service (gnome-keyring
//! on a private session bus, as scripts/test.sh sets up): the default vault
//! is created and reopened through it, its entry is really there, and losing
//! that entry is reported clearly without touching the vault file. Also
//! `SystemKeychain` itself: store, load, replace, remove.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use safekeep_testkit::cli::{Env, generation, service_name, vault_id};
use safekeep_testkit::dbus::require_session_bus;
use safekeep_testkit::process::run_command;
use safekeep_testkit::secrets::random_bytes;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");
use safekeep_core::keychain::{Keychain, SystemKeychain};

#[test]
fn the_default_vault_lives_in_the_secret_service_and_reopens_through_it() {
    let env = Env::with_keychain(BIN, "real-default");
    let out = env.run(&["init"]);
    out.ok();
    assert!(
        out.stderr.contains("its key is in your OS keychain"),
        "{:?}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("password"),
        "no password was asked for: {:?}",
        out.stderr
    );

    let id = vault_id(&env.vault_bytes());
    let listing = env.keychain_listing();
    assert!(
        listing.contains(&format!("attribute.username = vault-{id}\n")),
        "`secret-tool search --all service {}` does not show the vault's key entry vault-{id}:\n{listing}",
        env.service
    );
    assert!(
        listing.contains(&format!("attribute.service = {}", env.service)),
        "{listing}"
    );

    // Every later command reopens it from the keychain, no password.
    env.run(&["add", "--issuer", "Forum", "--label", "me"]).ok();
    let out = env.run(&["list"]);
    assert_eq!(out.lines().len(), 1, "{}", out.stdout);
    assert!(out.stdout.starts_with("Forum"), "{}", out.stdout);
    // The generation is remembered beside the key.
    let listing = env.keychain_listing();
    assert!(
        listing.contains(&format!("attribute.username = vault-{id}-generation\n")),
        "the generation entry is missing:\n{listing}"
    );
    assert!(generation(&env.vault_bytes()) >= 2);
}

#[test]
fn a_key_removed_from_the_keychain_is_reported_and_the_vault_left_alone() {
    let env = Env::with_keychain(BIN, "real-key-removed");
    env.run(&["init"]).ok();
    env.run(&["add", "--issuer", "Forum", "--label", "me"]).ok();
    let id = vault_id(&env.vault_bytes());
    let before = env.vault_bytes();

    env.clear_keychain_entry(&format!("vault-{id}"));
    assert!(
        !env.keychain_listing()
            .contains(&format!("attribute.username = vault-{id}\n")),
        "secret-tool clear did not remove the entry"
    );

    for args in [
        &["list"][..],
        &["tokens", "use", "forum"],
        &["add", "--issuer", "Other"],
    ] {
        env.run(args)
            .fails_saying(1, &["key for this vault is not in your OS keychain"]);
        assert_eq!(env.vault_bytes(), before, "{args:?} changed the vault file");
    }
    // With a password on stdin there is no password slot to use.
    let out = env.run_with_stdin(&["list", "--password-stdin"], "guess\n");
    let message = out.fails_with(1);
    assert!(message.contains("no password"), "{message}");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn a_vault_with_a_password_too_opens_with_it_when_the_key_is_gone() {
    let env = Env::with_keychain(BIN, "real-password-too");
    let password = "correct horse battery staple";
    let out = env.run_with_stdin(&["init", "--password-stdin"], &format!("{password}\n"));
    out.ok();
    assert!(
        out.stderr
            .contains("its key is in your OS keychain, and the password opens it too"),
        "{:?}",
        out.stderr
    );
    // The keychain opens it without the password.
    env.run(&["add", "--issuer", "Forum", "--label", "me"]).ok();
    let id = vault_id(&env.vault_bytes());
    env.clear_keychain_entry(&format!("vault-{id}"));
    let before = env.vault_bytes();

    // Without the password: says the key is gone and how to give it.
    let out = env.run(&["list"]);
    let message = out.fails_with(1);
    assert!(message.contains("not in your OS keychain"), "{message}");
    assert!(message.contains("--password-stdin"), "{message}");
    assert_eq!(env.vault_bytes(), before);

    let out = env.run_with_stdin(&["list", "--password-stdin"], &format!("{password}\n"));
    let stdout = out.ok();
    assert!(stdout.starts_with("Forum"), "{stdout}");
    assert!(!out.stderr.contains(password) && !out.stdout.contains(password));

    let out = env.run_with_stdin(&["list", "--password-stdin"], "wrong\n");
    let message = out.fails_with(1);
    assert!(message.contains("password is wrong"), "{message}");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn system_keychain_stores_loads_replaces_and_removes_through_the_secret_service() {
    require_session_bus();
    let service = service_name("real-system-keychain");
    let keychain = SystemKeychain::with_service(service.clone());
    assert_eq!(keychain.service(), service);
    keychain
        .check_available()
        .expect("the Secret Service of scripts/test.sh is available");
    let entry = "direct-entry";
    keychain
        .remove(entry)
        .expect("removing a missing entry is fine");
    assert_eq!(keychain.load(entry).expect("load"), None);

    // Every byte value survives, including NUL and invalid UTF-8.
    let secret: Vec<u8> = (0..=255u8).chain(random_bytes(32)).collect();
    keychain.store(entry, &secret).expect("store");
    assert_eq!(stored(&keychain, entry), secret.as_slice());
    let listing = attributes_listed(&service);
    assert!(
        listing.contains(&format!("attribute.username = {entry}")),
        "secret-tool does not see the entry: {listing:?}"
    );

    // Storing again replaces, it does not add a second entry.
    keychain.store(entry, b"second").expect("store again");
    assert_eq!(stored(&keychain, entry), b"second");
    let listing = attributes_listed(&service);
    assert_eq!(
        listing
            .matches(&format!("attribute.username = {entry}\n"))
            .count(),
        1,
        "{listing:?}"
    );

    // Another service does not see it.
    let other = SystemKeychain::with_service(format!("{service}-other"));
    assert_eq!(other.load(entry).expect("load"), None);

    keychain.remove(entry).expect("remove");
    assert_eq!(keychain.load(entry).expect("load"), None);
    keychain.remove(entry).expect("removing twice is fine");
    let listing = attributes_listed(&service);
    assert!(!listing.contains(entry), "{listing:?}");
}

/// The attributes `secret-tool` lists for `service` (it prints them on
/// stderr, the secrets on stdout).
fn attributes_listed(service: &str) -> String {
    run_command(
        "secret-tool",
        &["search", "--all", "service", service],
        &[],
        "",
    )
    .stderr
}

/// What `keychain` holds under `entry`, which must be there.
fn stored(keychain: &SystemKeychain, entry: &str) -> Vec<u8> {
    keychain
        .load(entry)
        .expect("load")
        .expect("stored")
        .to_vec()
}
