use std::sync::Arc;

use super::*;
use crate::keychain::MemoryKeychain;
use crate::otp::{Otp, OtpSecret};
use crate::tokens::BatchMode;

const PASSWORD: &str = "correct horse battery staple";
const SECRET_BASE32: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const TOKENS: &str = "ab12-cd34\nef56-gh78\nij90-kl12";

fn cheap_kdf() -> KdfParams {
    KdfParams::with_cost(256, 1, 1)
}

struct Fixture {
    _dir: tempfile::TempDir,
    location: VaultLocation,
    keychain: Arc<MemoryKeychain>,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let location = VaultLocation::new(dir.path().join("data"));
        Fixture {
            _dir: dir,
            location,
            keychain: Arc::new(MemoryKeychain::new()),
        }
    }

    fn create(&self, keychain: bool, password: Option<&str>) -> Vault {
        Vault::create(
            &self.location,
            self.keychain.clone(),
            CreateOptions {
                keychain,
                password,
                kdf: cheap_kdf(),
            },
        )
        .unwrap()
    }

    fn open(&self, unlock: Unlock<'_>) -> Result<Vault, OpenError> {
        Vault::open(
            &self.location,
            self.keychain.clone(),
            unlock,
            OpenOptions::default(),
        )
    }
}

fn add_example_account(vault: &mut Vault) {
    vault
        .update(|contents| {
            let otp = Otp::totp(OtpSecret::from_base32(SECRET_BASE32).unwrap());
            let mut account =
                Account::new("Example", "me@example.org", Some(otp), 1_700_000_000).unwrap();
            account
                .backup_tokens
                .add_batch(TOKENS, BatchMode::Append, 1_700_000_000)
                .unwrap();
            contents.accounts.push(account);
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap();
}

#[test]
fn contents_survive_a_round_trip_through_the_keychain_slot() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    add_example_account(&mut vault);
    let reopened = fixture.open(Unlock::Keychain).unwrap();
    assert_eq!(reopened.contents(), vault.contents());
    assert_eq!(reopened.contents().accounts[0].backup_tokens.total(), 3);
    assert_eq!(reopened.generation(), 2);
}

#[test]
fn a_password_slot_opens_the_same_vault() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, Some(PASSWORD));
    add_example_account(&mut vault);
    let by_password = fixture.open(Unlock::Password(PASSWORD)).unwrap();
    assert_eq!(by_password.contents(), vault.contents());
    assert_eq!(
        Vault::slot_kinds_at(&fixture.location).unwrap(),
        SlotKinds {
            keychain: true,
            password: true
        }
    );
}

#[test]
fn a_wrong_password_is_named_as_such_and_changes_nothing() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(false, Some(PASSWORD));
    add_example_account(&mut vault);
    let before = std::fs::read(fixture.location.vault_file()).unwrap();
    let error = fixture.open(Unlock::Password("wrong")).unwrap_err();
    assert_eq!(error, OpenError::WrongPassword);
    assert!(error.to_string().contains("password is wrong"));
    assert_eq!(
        std::fs::read(fixture.location.vault_file()).unwrap(),
        before
    );
}

#[test]
fn a_password_only_vault_asks_for_its_password() {
    let fixture = Fixture::new();
    fixture.create(false, Some(PASSWORD));
    let error = fixture.open(Unlock::Keychain).unwrap_err();
    assert_eq!(error, OpenError::NeedsPassword);
    assert!(error.password_would_help());
}

#[test]
fn a_missing_keychain_key_points_to_the_password_when_there_is_one() {
    let fixture = Fixture::new();
    let vault = fixture.create(true, Some(PASSWORD));
    fixture
        .keychain
        .remove(&keychain_entry(&vault.header.vault_id))
        .unwrap();
    let error = fixture.open(Unlock::Keychain).unwrap_err();
    assert_eq!(error, OpenError::KeyNotInKeychain { has_password: true });
    assert!(error.password_would_help());
    fixture.open(Unlock::Password(PASSWORD)).unwrap();
}

/// A key in the keychain that does not fit is not called damage to the
/// file: restoring a copy of the file would not help. With a password the
/// way forward is the password, and it still opens everything.
#[test]
fn a_changed_keychain_key_is_named_as_such_and_changes_nothing() {
    for has_password in [true, false] {
        let fixture = Fixture::new();
        let mut vault = fixture.create(true, has_password.then_some(PASSWORD));
        add_example_account(&mut vault);
        let before = std::fs::read(fixture.location.vault_file()).unwrap();
        let entry = keychain_entry(&vault.header.vault_id);
        for changed in [&[7u8; 32][..], b"not a key"] {
            fixture.keychain.store(&entry, changed).unwrap();
            let error = fixture.open(Unlock::Keychain).unwrap_err();
            assert_eq!(error, OpenError::KeychainKeyWrong { has_password });
            assert_eq!(error.password_would_help(), has_password);
            let message = error.to_string();
            assert!(message.contains("keychain entry was changed"), "{message}");
            assert_eq!(
                std::fs::read(fixture.location.vault_file()).unwrap(),
                before
            );
        }
        if has_password {
            let opened = fixture.open(Unlock::Password(PASSWORD)).unwrap();
            assert_eq!(opened.contents(), vault.contents());
        }
    }
}

#[test]
fn a_locked_keychain_is_reported_as_locked() {
    let fixture = Fixture::new();
    fixture.create(true, None);
    fixture.keychain.set_failure(Some(KeychainError::Locked));
    let error = fixture.open(Unlock::Keychain).unwrap_err();
    assert!(
        error.to_string().to_lowercase().contains("locked"),
        "{error}"
    );
    assert!(!error.password_would_help());
}

#[test]
fn creating_over_an_existing_vault_is_refused() {
    let fixture = Fixture::new();
    fixture.create(true, None);
    let error = Vault::create(
        &fixture.location,
        fixture.keychain.clone(),
        CreateOptions {
            keychain: true,
            password: None,
            kdf: cheap_kdf(),
        },
    )
    .unwrap_err();
    assert!(matches!(error, CreateError::AlreadyExists { .. }));
}

#[test]
fn a_vault_without_any_slot_is_refused() {
    let fixture = Fixture::new();
    let result = Vault::create(
        &fixture.location,
        fixture.keychain.clone(),
        CreateOptions {
            keychain: false,
            password: None,
            kdf: cheap_kdf(),
        },
    );
    assert_eq!(result.unwrap_err(), CreateError::NoWayToUnlock);
}

/// Flips each byte of every region and truncates the file at every length:
/// each must fail to open as damaged, leaving the file as it was.
#[test]
fn every_changed_or_truncated_byte_is_detected_and_the_file_left_alone() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, Some(PASSWORD));
    add_example_account(&mut vault);
    let path = fixture.location.vault_file();
    let original = std::fs::read(&path).unwrap();

    let id_at = original
        .windows(vault.header.vault_id.len())
        .position(|w| w == vault.header.vault_id.as_bytes())
        .unwrap();
    let vault_id = id_at..id_at + vault.header.vault_id.len();
    let slot_at = original
        .windows(b"{\"kind\":\"keychain\"".len())
        .position(|w| w == b"{\"kind\":\"keychain\"")
        .unwrap();
    let slot_len = original[slot_at..]
        .windows(2)
        .position(|w| w == b"}}")
        .unwrap();
    let keychain_slot = slot_at..slot_at + slot_len;
    let mut checked_regions = Vec::new();
    for (region, range) in format::regions(&original) {
        for index in range.clone() {
            for flip in [0x01u8, 0x80] {
                let mut changed = original.clone();
                changed[index] ^= flip;
                std::fs::write(&path, &changed).unwrap();
                let error = fixture.open(Unlock::Keychain).unwrap_err();
                // A changed vault id names a keychain entry that does not
                // exist; that cannot be told from a removed key, and the
                // message says both. Likewise a changed keychain slot cannot
                // be told from a changed key in the keychain.
                let expected = matches!(error, OpenError::Damaged { .. })
                    || (region == "version" && matches!(error, OpenError::NewerVersion { .. }))
                    || (vault_id.contains(&index)
                        && matches!(error, OpenError::KeyNotInKeychain { .. }))
                    || (keychain_slot.contains(&index)
                        && error == OpenError::KeychainKeyWrong { has_password: true });
                assert!(expected, "{region} byte {index}: {error:?}");
                assert_eq!(
                    std::fs::read(&path).unwrap(),
                    changed,
                    "open changed the file"
                );
            }
        }
        checked_regions.push(region);
    }
    assert_eq!(
        checked_regions,
        [
            "magic",
            "version",
            "header length",
            "header",
            "nonce",
            "ciphertext",
            "tag"
        ]
    );

    for length in 0..original.len() {
        std::fs::write(&path, &original[..length]).unwrap();
        let error = fixture.open(Unlock::Keychain).unwrap_err();
        assert!(
            matches!(error, OpenError::Damaged { .. }),
            "truncated to {length}: {error:?}"
        );
        assert!(error.to_string().contains("damaged or was changed"));
    }

    std::fs::write(&path, &original).unwrap();
    fixture.open(Unlock::Keychain).unwrap();
}

#[test]
fn a_changed_password_slot_does_not_open_with_the_password() {
    let fixture = Fixture::new();
    fixture.create(false, Some(PASSWORD));
    let path = fixture.location.vault_file();
    let text = std::fs::read(&path).unwrap();
    // Replace the KDF salt's first character: the derived key changes.
    let needle = b"\"salt\":\"";
    let at = text
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap()
        + needle.len();
    let mut changed = text.clone();
    changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
    std::fs::write(&path, &changed).unwrap();
    assert!(fixture.open(Unlock::Password(PASSWORD)).is_err());
}

#[test]
fn every_save_uses_a_fresh_nonce() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    let path = fixture.location.vault_file();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..10 {
        vault
            .update(|_| Ok::<(), std::convert::Infallible>(()))
            .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let nonce = format::regions(&bytes)
            .into_iter()
            .find(|(name, _)| *name == "nonce")
            .unwrap()
            .1;
        assert!(seen.insert(bytes[nonce].to_vec()), "nonce reused");
    }
}

#[test]
fn an_older_copy_put_back_is_reported_until_accepted() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    let path = fixture.location.vault_file();
    let old_copy = std::fs::read(&path).unwrap();
    add_example_account(&mut vault);
    add_example_account(&mut vault);
    std::fs::write(&path, &old_copy).unwrap();

    let error = fixture.open(Unlock::Keychain).unwrap_err();
    assert!(
        matches!(
            error,
            OpenError::RolledBack {
                found: 1,
                expected: 3,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("older than the newest"));

    let mut accepted = Vault::open(
        &fixture.location,
        fixture.keychain.clone(),
        Unlock::Keychain,
        OpenOptions {
            accept_rollback: true,
        },
    )
    .unwrap();
    assert!(accepted.contents().accounts.is_empty());
    accepted
        .update(|_| Ok::<(), std::convert::Infallible>(()))
        .unwrap();
    assert_eq!(accepted.generation(), 4);
    fixture.open(Unlock::Keychain).unwrap();
}

#[test]
fn a_rejected_change_writes_nothing() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    add_example_account(&mut vault);
    let before = std::fs::read(fixture.location.vault_file()).unwrap();
    let result = vault.update(|contents| {
        contents.accounts.clear();
        Err::<(), _>("refused")
    });
    assert_eq!(result, Err(UpdateError::Rejected("refused")));
    assert_eq!(
        std::fs::read(fixture.location.vault_file()).unwrap(),
        before
    );
    assert_eq!(vault.contents().accounts.len(), 1);
}

#[test]
fn a_change_applies_to_what_another_handle_saved_meanwhile() {
    let fixture = Fixture::new();
    let mut first = fixture.create(true, None);
    let mut second = fixture.open(Unlock::Keychain).unwrap();
    add_example_account(&mut first);
    let site = "Example";
    let token_from_second = second
        .update(|contents| contents.accounts[0].backup_tokens.redeem_next(site, 1))
        .unwrap();
    let token_from_first = first
        .update(|contents| contents.accounts[0].backup_tokens.redeem_next(site, 2))
        .unwrap();
    assert_ne!(token_from_first.as_str(), token_from_second.as_str());
    assert_eq!(first.contents().accounts[0].backup_tokens.unused_count(), 1);
}

#[test]
fn a_failed_save_leaves_the_vault_and_the_handle_as_they_were() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    add_example_account(&mut vault);
    let before = std::fs::read(fixture.location.vault_file()).unwrap();
    // A directory where the temporary file must go makes the write fail
    // the way a full disk does: before anything is renamed.
    let blocker = fixture
        .location
        .dir()
        .join(format!(".vault.skv.tmp-{}", std::process::id()));
    let result = vault.update(|contents| {
        std::fs::create_dir_all(blocker.join("x")).unwrap();
        contents.accounts.clear();
        Ok::<(), std::convert::Infallible>(())
    });
    let Err(UpdateError::Save(error @ SaveError::Io { .. })) = result else {
        panic!("expected a save error, got {result:?}");
    };
    assert!(error.to_string().contains("Nothing was lost"), "{error}");
    assert_eq!(
        std::fs::read(fixture.location.vault_file()).unwrap(),
        before
    );
    assert_eq!(vault.contents().accounts.len(), 1);
}

/// A vault whose file or folder went away while it was open: the change
/// is refused as such, and nothing comes back in its place (a fresh folder
/// with a vault of only this handle's contents would hide where the real
/// one went).
#[test]
fn a_vault_removed_while_open_is_not_saved_anew() {
    for remove_folder in [true, false] {
        let fixture = Fixture::new();
        let mut vault = fixture.create(true, None);
        add_example_account(&mut vault);
        if remove_folder {
            std::fs::remove_dir_all(fixture.location.dir()).unwrap();
        } else {
            std::fs::remove_file(fixture.location.vault_file()).unwrap();
        }
        let result = vault.update(|contents| {
            contents.accounts.clear();
            Ok::<(), std::convert::Infallible>(())
        });
        let Err(UpdateError::Save(error @ SaveError::VaultGone { .. })) = result else {
            panic!("expected the vault to be gone, got {result:?}");
        };
        assert!(error.to_string().contains("disappeared"), "{error}");
        assert_eq!(fixture.location.dir().exists(), !remove_folder);
        assert!(!fixture.location.has_vault());
        assert_eq!(vault.contents().accounts.len(), 1);
    }
}

#[test]
fn write_failures_name_what_helps() {
    let location = VaultLocation::new("/data");
    let message = |kind: std::io::ErrorKind| {
        SaveError::io(&location, &std::io::Error::from(kind)).to_string()
    };
    assert!(
        message(std::io::ErrorKind::StorageFull).ends_with("Free some disk space, then try again.")
    );
    assert!(
        message(std::io::ErrorKind::QuotaExceeded)
            .ends_with("Free some disk space, then try again.")
    );
    assert!(message(std::io::ErrorKind::ReadOnlyFilesystem).contains("The disk is read-only"));
    assert!(
        message(std::io::ErrorKind::PermissionDenied).contains("check the folder's permissions")
    );
    assert!(message(std::io::ErrorKind::NotFound).contains("disappeared"));
}

#[test]
fn a_password_can_be_added_changed_and_removed() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    assert_eq!(
        fixture.open(Unlock::Password(PASSWORD)).unwrap_err(),
        OpenError::NoPasswordSlot
    );
    vault.set_password(PASSWORD, cheap_kdf()).unwrap();
    fixture.open(Unlock::Password(PASSWORD)).unwrap();
    vault.set_password("new", cheap_kdf()).unwrap();
    assert_eq!(
        fixture.open(Unlock::Password(PASSWORD)).unwrap_err(),
        OpenError::WrongPassword
    );
    fixture.open(Unlock::Password("new")).unwrap();
    vault.remove_password().unwrap();
    assert!(!vault.slot_kinds().password);
    fixture.open(Unlock::Keychain).unwrap();
}

#[test]
fn the_only_password_of_a_password_only_vault_cannot_be_removed() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(false, Some(PASSWORD));
    assert_eq!(
        vault.remove_password(),
        Err(UpdateError::Rejected(SlotError::LastSlot))
    );
    vault.add_keychain_slot().unwrap();
    fixture.open(Unlock::Keychain).unwrap();
    vault.remove_password().unwrap();
}

#[test]
fn neither_secret_nor_tokens_appear_in_any_file_or_debug_output() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, Some(PASSWORD));
    add_example_account(&mut vault);
    add_example_account(&mut vault);
    let secret_bytes = data_encoding::BASE32_NOPAD
        .decode(SECRET_BASE32.as_bytes())
        .unwrap();
    let mut needles: Vec<Vec<u8>> = vec![SECRET_BASE32.into(), secret_bytes, PASSWORD.into()];
    needles.extend(TOKENS.lines().map(|t| t.as_bytes().to_vec()));
    let mut files = 0;
    for entry in walk(fixture.location.dir()) {
        let bytes = std::fs::read(&entry).unwrap();
        files += 1;
        for needle in &needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                "{} holds a secret in the clear",
                entry.display()
            );
        }
    }
    assert!(files >= 2, "vault and at least one backup");
    let debug = format!("{vault:?} {:?}", vault.contents());
    for needle in &needles {
        assert!(
            !debug.contains(std::str::from_utf8(needle).unwrap_or("\u{0}")),
            "Debug leaks"
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn the_same_account_is_not_added_twice() {
    let mut contents = VaultContents::default();
    let otp = Otp::totp(OtpSecret::from_base32(SECRET_BASE32).unwrap());
    let account = Account::new("Example", "me", Some(otp.clone()), 0).unwrap();
    contents.add_account(account.clone()).unwrap();
    let again = Account::new("EXAMPLE", "Me", Some(otp), 0).unwrap();
    let error = contents.add_account(again).unwrap_err();
    assert!(error.to_string().contains("Example (me)"), "{error}");
    let other_secret = Otp::totp(OtpSecret::from_base32("GEZDGNBV").unwrap());
    contents
        .add_account(Account::new("Example", "me", Some(other_secret), 0).unwrap())
        .unwrap();
    assert_eq!(contents.accounts.len(), 2);
}

#[test]
fn reloading_decrypts_only_what_another_handle_changed() {
    let fixture = Fixture::new();
    let mut first = fixture.create(true, None);
    let mut second = fixture.open(Unlock::Keychain).unwrap();
    assert!(!second.reload_if_changed().unwrap(), "nothing changed yet");
    add_example_account(&mut first);
    assert!(
        second.reload_if_changed().unwrap(),
        "the other handle saved"
    );
    assert_eq!(second.contents(), first.contents());
    assert!(!second.reload_if_changed().unwrap(), "already up to date");
    assert!(
        !first.reload_if_changed().unwrap(),
        "its own save is no change"
    );
}
