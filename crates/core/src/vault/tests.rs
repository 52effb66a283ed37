use std::sync::Arc;

use super::*;
use crate::account::Account;
use crate::keychain::MemoryKeychain;
use crate::otp::{Otp, OtpSecret};
use crate::tokens::BatchMode;
use safekeep_testkit::leaks::Needles;

const PASSWORD: &str = "correct horse battery staple";
const SECRET_BASE32: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const TOKENS: &str = "ab12-cd34\nef56-gh78\nij90-kl12";

fn cheap_kdf() -> KdfParams {
    KdfParams::cheap_for_tests()
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
            password: true,
            password_at_unlock: false,
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

#[test]
fn without_a_usable_keychain_the_password_is_the_only_way_in_and_required() {
    let fixture = Fixture::new();
    fixture
        .keychain
        .set_failure(Some(KeychainError::Unavailable {
            reason: "no secret service".into(),
        }));
    let create = |password| {
        Vault::create(
            &fixture.location,
            fixture.keychain.clone(),
            CreateOptions {
                keychain: true,
                password,
                kdf: cheap_kdf(),
            },
        )
    };
    let error = create(None).unwrap_err();
    assert!(
        matches!(error, CreateError::PasswordNeeded { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("password"), "{error}");
    assert!(!fixture.location.has_vault(), "nothing was written");
    let vault = create(Some(PASSWORD)).unwrap();
    let kinds = vault.slot_kinds();
    assert!(kinds.password && !kinds.keychain, "{kinds:?}");
    fixture.keychain.set_failure(None);
    assert_eq!(
        fixture.open(Unlock::Password(PASSWORD)).unwrap().contents(),
        vault.contents()
    );
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
fn asking_for_the_password_at_unlock_stops_the_keychain_from_opening_the_vault() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    add_example_account(&mut vault);
    // Without a password there is nothing to ask for.
    assert_eq!(
        vault.set_password_at_unlock(true),
        Err(UpdateError::Rejected(SlotError::NoPasswordToAsk))
    );
    vault.set_password(PASSWORD, cheap_kdf()).unwrap();
    vault.set_password_at_unlock(true).unwrap();

    // Readable before unlocking, by the app and the CLI alike.
    let kinds = Vault::slot_kinds_at(&fixture.location).unwrap();
    assert!(kinds.password_at_unlock && kinds.keychain && kinds.password);
    assert!(!kinds.keychain_unlocks());
    let error = fixture.open(Unlock::Keychain).unwrap_err();
    assert_eq!(error, OpenError::PasswordAtUnlock);
    assert!(error.password_would_help());
    let by_password = fixture.open(Unlock::Password(PASSWORD)).unwrap();
    assert_eq!(by_password.contents(), vault.contents());

    // Off again: one click (the keychain) opens it.
    vault.set_password_at_unlock(false).unwrap();
    assert!(
        Vault::slot_kinds_at(&fixture.location)
            .unwrap()
            .keychain_unlocks()
    );
    fixture.open(Unlock::Keychain).unwrap();

    // Removing the password turns it off: a later password does not bring
    // it back unasked.
    vault.set_password_at_unlock(true).unwrap();
    vault.remove_password().unwrap();
    assert!(!vault.slot_kinds().password_at_unlock);
    fixture.open(Unlock::Keychain).unwrap();
    vault.set_password(PASSWORD, cheap_kdf()).unwrap();
    assert!(vault.slot_kinds().keychain_unlocks());
}

#[test]
fn a_copy_with_the_password_request_taken_out_does_not_open() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, Some(PASSWORD));
    add_example_account(&mut vault);
    vault.set_password_at_unlock(true).unwrap();
    let path = fixture.location.vault_file();
    let bytes = std::fs::read(&path).unwrap();
    let flag = b",\"password_at_unlock\":true";
    let at = bytes
        .windows(flag.len())
        .position(|window| window == flag)
        .expect("the flag is in the header");
    // Blanked out with spaces: same length, still valid JSON, only the
    // header's meaning changed.
    let mut edited = bytes.clone();
    edited[at..at + flag.len()].fill(b' ');
    std::fs::write(&path, &edited).unwrap();
    assert!(
        Vault::slot_kinds_at(&fixture.location)
            .unwrap()
            .keychain_unlocks()
    );
    // The keychain unwraps the data key, but the header is authenticated.
    assert!(matches!(
        fixture.open(Unlock::Keychain).unwrap_err(),
        OpenError::Damaged { .. }
    ));
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
    let tokens: Vec<&str> = TOKENS.lines().collect();
    let needles = Needles::new(&[(SECRET_BASE32.to_owned(), secret_bytes)], &tokens)
        .with_text("the password", PASSWORD);
    let (leaks, files) = needles.found_in_files_under(fixture.location.dir());
    assert!(leaks.is_empty(), "held in the clear: {leaks:?}");
    assert!(files >= 2, "vault and at least one backup");
    let debug = format!("{vault:?} {:?}", vault.contents());
    assert!(
        needles.found_in(debug.as_bytes()).is_empty(),
        "Debug leaks {:?}",
        needles.found_in(debug.as_bytes())
    );
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
fn a_backup_is_due_once_there_is_something_to_lose_that_no_backup_holds() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    assert!(!vault.contents().backup_due(), "nothing to lose yet");
    add_example_account(&mut vault);
    assert!(vault.contents().backup_due(), "never backed up");
    let backup = fixture.location.dir().join("backup.skbackup");
    crate::backup::back_up(
        &mut vault,
        &backup,
        PASSWORD,
        cheap_kdf(),
        false,
        1_800_000_000,
    )
    .unwrap();
    assert!(!vault.contents().backup_due(), "just backed up");
    vault
        .update(|contents| {
            contents.settings.auto_lock_minutes = 2;
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap();
    assert!(!vault.contents().backup_due(), "a preference is not data");
    vault
        .update(|contents| {
            contents.accounts[0]
                .backup_tokens
                .redeem_next("Example", 1_800_000_100)
        })
        .unwrap();
    assert!(vault.contents().backup_due(), "a token used since");
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

/// The slot changes that must each make a new data key.
#[derive(Clone, Copy, Debug)]
enum SlotChange {
    SetPassword,
    RemovePassword,
    ReplaceKeychainKey,
}

impl SlotChange {
    const ALL: [SlotChange; 3] = [
        SlotChange::SetPassword,
        SlotChange::RemovePassword,
        SlotChange::ReplaceKeychainKey,
    ];

    fn apply(self, vault: &mut Vault) {
        match self {
            SlotChange::SetPassword => vault.set_password("a new password", cheap_kdf()),
            SlotChange::RemovePassword => vault.remove_password(),
            SlotChange::ReplaceKeychainKey => vault.add_keychain_slot(),
        }
        .unwrap();
    }
}

/// What someone could have kept from before a slot change: the file (or a
/// copy of it in backups/), the password, and the keychain key.
struct OldSecrets {
    data_key: Key,
    keychain_key: Zeroizing<Vec<u8>>,
    password_key: Key,
}

fn read_file(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Every way into `bytes` that the old secrets could give: the old data key
/// directly, the old password through the file's own password slot (the
/// attack of the issue: derive from an old copy, use on today's file), and
/// the old keychain key through its keychain slot.
fn opened_by_old_secrets(bytes: &[u8], old: &OldSecrets) -> Vec<&'static str> {
    let parsed = format::parse(bytes).unwrap();
    let header = &parsed.header;
    let mut ways = Vec::new();
    if parsed.decrypt(&old.data_key).is_ok() {
        ways.push("the old data key");
    }
    if unwrap_password_slot(header, PASSWORD).is_ok() {
        ways.push("the old password");
    }
    if let Some((_, wrapped)) = password_slot_of(header)
        && let Some(key) =
            wrapped.unwrap(&old.password_key, &binding(&header.vault_id, PASSWORD_KIND))
        && parsed.decrypt(&key).is_ok()
    {
        ways.push("the key derived from the old password");
    }
    let keychain_key = key_from_bytes(&old.keychain_key).unwrap();
    for slot in &header.slots {
        if let Slot::Keychain { wrapped, .. } = slot
            && let Some(key) =
                wrapped.unwrap(&keychain_key, &binding(&header.vault_id, KEYCHAIN_KIND))
            && parsed.decrypt(&key).is_ok()
        {
            ways.push("the old keychain key");
        }
    }
    ways
}

/// The issue's attack, for each kind of slot change: a copy kept from
/// before it (in backups/ or anywhere), with its old password or old
/// keychain key, must not open today's vault; and every copy left in
/// backups/ opens with today's key only.
#[test]
fn no_old_password_keychain_key_or_copy_opens_the_vault_after_a_slot_change() {
    for change in SlotChange::ALL {
        let fixture = Fixture::new();
        let mut vault = fixture.create(true, Some(PASSWORD));
        add_example_account(&mut vault);
        add_example_account(&mut vault);
        let path = fixture.location.vault_file();
        let old_file = read_file(&path);
        let old_header = format::parse(&old_file).unwrap().header;
        let old_entry = keychain_entry_in(&old_header).unwrap();
        let old = OldSecrets {
            data_key: vault.data_key.clone(),
            keychain_key: fixture.keychain.load(&old_entry).unwrap().unwrap(),
            password_key: unwrap_password_slot(&old_header, PASSWORD).unwrap().1,
        };
        assert_eq!(
            opened_by_old_secrets(&old_file, &old).len(),
            4,
            "the check itself finds every way into the old file"
        );
        assert!(!fixture.location.backups().is_empty());

        change.apply(&mut vault);
        add_example_account(&mut vault);

        let current = read_file(&path);
        let mut ways = opened_by_old_secrets(&current, &old);
        if matches!(change, SlotChange::ReplaceKeychainKey) {
            // The password did not change, so it still opens: as itself,
            // never through the old data key or the old keychain key.
            assert_eq!(
                ways,
                ["the old password", "the key derived from the old password"],
                "{change:?}"
            );
            ways.clear();
        }
        assert!(
            ways.is_empty(),
            "{change:?}: today's vault opens with {ways:?}"
        );
        assert_eq!(
            fixture.keychain.load(&old_entry).unwrap(),
            None,
            "{change:?}: the old keychain key is still kept"
        );

        // Every copy in backups/ opens with today's key, and only with it.
        let backups = fixture.location.backups();
        assert!(
            !backups.is_empty(),
            "{change:?}: the copies were all dropped"
        );
        for backup in backups {
            let bytes = read_file(&backup);
            let parsed = format::parse(&bytes).unwrap();
            assert!(
                parsed.decrypt(&vault.data_key).is_ok(),
                "{change:?}: {} is not under today's key",
                backup.display()
            );
            let mut ways = opened_by_old_secrets(&bytes, &old);
            if matches!(change, SlotChange::ReplaceKeychainKey) {
                ways.retain(|way| !way.contains("old password"));
            }
            assert!(
                ways.is_empty(),
                "{change:?}: {} opens with {ways:?}",
                backup.display()
            );
        }

        // Today's ways in still work, for this handle and a new one.
        let reopened = fixture.open(Unlock::Keychain).unwrap();
        assert_eq!(reopened.contents(), vault.contents());
        match change {
            SlotChange::SetPassword => {
                fixture.open(Unlock::Password("a new password")).unwrap();
            }
            SlotChange::RemovePassword => assert_eq!(
                fixture.open(Unlock::Password(PASSWORD)).unwrap_err(),
                OpenError::NoPasswordSlot
            ),
            SlotChange::ReplaceKeychainKey => {
                fixture.open(Unlock::Password(PASSWORD)).unwrap();
            }
        }
    }
}

/// Step 1 of the re-key stores the new keychain key under a new entry,
/// leaving the one the file on disk needs alone; a write that then fails
/// leaves the old file, still opened by the old entry and the old
/// password, and takes the unused new entry away again.
#[test]
fn a_slot_change_that_cannot_be_written_leaves_the_old_vault_and_its_keys() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, Some(PASSWORD));
    add_example_account(&mut vault);
    let before = read_file(&fixture.location.vault_file());
    let blocker = fixture
        .location
        .dir()
        .join(format!(".vault.skv.tmp-{}", std::process::id()));
    // A file cannot be created where a non-empty directory is.
    std::fs::create_dir_all(blocker.join("x")).unwrap();
    let error = vault
        .set_password("a new password", cheap_kdf())
        .unwrap_err();
    assert!(
        matches!(error, UpdateError::Save(SaveError::Io { .. })),
        "{error:?}"
    );
    std::fs::remove_dir_all(&blocker).unwrap();
    assert_eq!(read_file(&fixture.location.vault_file()), before);
    assert_eq!(fixture.keychain.entry_count(), 2, "key and generation only");
    fixture.open(Unlock::Keychain).unwrap();
    fixture.open(Unlock::Password(PASSWORD)).unwrap();
    // The handle still has the old key, and saves with it.
    add_example_account(&mut vault);
    fixture.open(Unlock::Password(PASSWORD)).unwrap();
}

/// Killed after the new file is written but before the old keychain entry
/// is removed (played by a keychain that refuses removals), the new file
/// opens with the new entry, and the old entry opens nothing of it.
#[test]
fn a_slot_change_stopped_before_the_old_entry_is_removed_opens_with_the_new_key() {
    struct KeepsEverything(MemoryKeychain);
    impl Keychain for KeepsEverything {
        fn check_available(&self) -> Result<(), KeychainError> {
            self.0.check_available()
        }
        fn load(&self, entry: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeychainError> {
            self.0.load(entry)
        }
        fn store(&self, entry: &str, secret: &[u8]) -> Result<(), KeychainError> {
            self.0.store(entry, secret)
        }
        fn remove(&self, _: &str) -> Result<(), KeychainError> {
            Err(KeychainError::Failed {
                reason: "killed".into(),
            })
        }
    }
    let fixture = Fixture::new();
    let keychain = Arc::new(KeepsEverything(MemoryKeychain::new()));
    let mut vault = Vault::create(
        &fixture.location,
        keychain.clone(),
        CreateOptions {
            keychain: true,
            password: None,
            kdf: cheap_kdf(),
        },
    )
    .unwrap();
    add_example_account(&mut vault);
    let old_entry = keychain_entry(&vault.header.vault_id);
    let old_key = keychain.load(&old_entry).unwrap().unwrap();
    vault.add_keychain_slot().unwrap();
    assert!(keychain.load(&old_entry).unwrap().is_some(), "left behind");
    let opened = Vault::open(
        &fixture.location,
        keychain.clone(),
        Unlock::Keychain,
        OpenOptions::default(),
    )
    .unwrap();
    assert_eq!(opened.contents(), vault.contents());
    let bytes = read_file(&fixture.location.vault_file());
    let header = format::parse(&bytes).unwrap().header;
    let Some(Slot::Keychain { wrapped, .. }) = header.slots.first() else {
        panic!("a keychain slot");
    };
    let old_key = key_from_bytes(&old_key).unwrap();
    assert!(
        wrapped
            .unwrap(&old_key, &binding(&header.vault_id, KEYCHAIN_KIND))
            .is_none()
    );
}

/// A handle unlocked with the keychain does not know the password, and a
/// new data key cannot be wrapped for it: refused, nothing written.
#[test]
fn replacing_the_keychain_key_without_knowing_the_password_is_refused() {
    let fixture = Fixture::new();
    fixture.create(true, Some(PASSWORD));
    let mut by_keychain = fixture.open(Unlock::Keychain).unwrap();
    let before = read_file(&fixture.location.vault_file());
    assert_eq!(
        by_keychain.add_keychain_slot(),
        Err(UpdateError::Rejected(SlotError::PasswordNeeded))
    );
    assert_eq!(read_file(&fixture.location.vault_file()), before);
    fixture.open(Unlock::Keychain).unwrap();
    let mut by_password = fixture.open(Unlock::Password(PASSWORD)).unwrap();
    by_password.add_keychain_slot().unwrap();
    fixture.open(Unlock::Keychain).unwrap();
    fixture.open(Unlock::Password(PASSWORD)).unwrap();
}

/// Another handle (the app, while the CLI changed the password) follows a
/// new data key through the keychain; one that cannot reach the new key
/// says to unlock again, and writes nothing.
#[test]
fn another_handle_follows_a_new_key_or_asks_to_unlock_again() {
    let fixture = Fixture::new();
    let mut changer = fixture.create(true, Some(PASSWORD));
    let mut by_keychain = fixture.open(Unlock::Keychain).unwrap();
    let mut by_password = fixture.open(Unlock::Password(PASSWORD)).unwrap();
    changer.set_password("a new password", cheap_kdf()).unwrap();
    add_example_account(&mut changer);

    assert!(by_keychain.reload_if_changed().unwrap());
    assert_eq!(by_keychain.contents(), changer.contents());
    add_example_account(&mut by_keychain);

    // Its password is gone, and the keychain entry it could use is, too,
    // when the keychain slot was the one thing left.
    let before = read_file(&fixture.location.vault_file());
    fixture
        .keychain
        .remove(&keychain_entry_in(&by_keychain.header).unwrap())
        .unwrap();
    let error = by_password
        .update(|_| Ok::<(), std::convert::Infallible>(()))
        .unwrap_err();
    let UpdateError::Save(SaveError::Reread(error)) = error else {
        panic!("{error:?}");
    };
    assert!(matches!(*error, OpenError::KeyChanged { .. }), "{error:?}");
    assert!(
        error.to_string().contains("Unlock the vault again"),
        "{error}"
    );
    assert_eq!(read_file(&fixture.location.vault_file()), before);
}

/// A handle that knows the password follows a new key made for a keychain
/// change elsewhere, with that password.
#[test]
fn a_handle_that_knows_the_password_follows_a_keychain_change() {
    let fixture = Fixture::new();
    let mut changer = fixture.create(true, Some(PASSWORD));
    let mut other = fixture.open(Unlock::Password(PASSWORD)).unwrap();
    changer.add_keychain_slot().unwrap();
    fixture
        .keychain
        .set_failure(Some(KeychainError::Unavailable {
            reason: "gone".into(),
        }));
    add_example_account(&mut other);
    fixture.keychain.set_failure(None);
    changer.reload().unwrap();
    assert_eq!(changer.contents(), other.contents());
}

/// Every read of an open vault checks the id and the generation, not only
/// the open: an older copy, or another vault, swapped in under an open
/// handle is refused by reload, reload_if_changed and update alike, and
/// nothing is written.
#[test]
fn every_read_refuses_an_older_copy_or_another_vault() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    add_example_account(&mut vault);
    let path = fixture.location.vault_file();
    let old_copy = read_file(&path);
    vault
        .update(|contents| contents.accounts[0].backup_tokens.redeem_next("Example", 5))
        .unwrap();
    let seen = vault.contents().clone();

    std::fs::write(&path, &old_copy).unwrap();
    let rolled_back = |error: &OpenError| {
        matches!(
            error,
            OpenError::RolledBack {
                found: 2,
                expected: 3,
                ..
            }
        )
    };
    let error = vault.reload().unwrap_err();
    assert!(rolled_back(&error), "{error:?}");
    let error = vault.reload_if_changed().unwrap_err();
    assert!(rolled_back(&error), "{error:?}");
    let error = vault
        .update(|contents| contents.accounts[0].backup_tokens.redeem_next("Example", 6))
        .unwrap_err();
    let UpdateError::Save(SaveError::Reread(error)) = error else {
        panic!("{error:?}");
    };
    assert!(rolled_back(&error), "{error:?}");
    assert!(
        error.to_string().contains("older than the newest"),
        "{error}"
    );
    assert_eq!(read_file(&path), old_copy, "something was written");
    assert_eq!(vault.contents(), &seen, "the handle took the old copy");

    // Another vault copied over it.
    let other = Fixture::new();
    other.create(true, None);
    let other_bytes = read_file(&other.location.vault_file());
    std::fs::write(&path, &other_bytes).unwrap();
    let error = vault.reload().unwrap_err();
    assert!(matches!(error, OpenError::Replaced { .. }), "{error:?}");
    assert_eq!(read_file(&path), other_bytes);
}

/// An older copy that another process saved past is refused too, even when
/// this handle never saw the newer one: the keychain remembers it.
#[test]
fn a_read_refuses_a_copy_older_than_what_another_handle_saved() {
    let fixture = Fixture::new();
    let mut first = fixture.create(true, None);
    let mut second = fixture.open(Unlock::Keychain).unwrap();
    add_example_account(&mut first);
    let middle = read_file(&fixture.location.vault_file());
    add_example_account(&mut first);
    std::fs::write(fixture.location.vault_file(), &middle).unwrap();
    let error = second.reload_if_changed().unwrap_err();
    assert!(
        matches!(
            error,
            OpenError::RolledBack {
                found: 2,
                expected: 3,
                ..
            }
        ),
        "{error:?}"
    );
}

/// A keychain that is there but fails to say which generation it
/// remembers is an error, not "none remembered": otherwise the save that
/// follows would overwrite the newest generation with an older one.
#[test]
fn a_keychain_read_error_is_not_taken_for_no_generation() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(false, Some(PASSWORD));
    add_example_account(&mut vault);
    add_example_account(&mut vault);
    let entry = generation_entry(&vault.header.vault_id);
    assert_eq!(
        fixture.keychain.load(&entry).unwrap().unwrap().as_slice(),
        b"3"
    );

    fixture.keychain.set_failure(Some(KeychainError::Failed {
        reason: "dbus timeout".into(),
    }));
    let error = fixture.open(Unlock::Password(PASSWORD)).unwrap_err();
    assert!(
        matches!(
            error,
            OpenError::Keychain {
                error: KeychainError::Failed { .. },
                ..
            }
        ),
        "{error:?}"
    );
    let error = vault.reload().unwrap_err();
    assert!(matches!(error, OpenError::Keychain { .. }), "{error:?}");

    // A computer without any keychain still opens a password-only vault.
    fixture
        .keychain
        .set_failure(Some(KeychainError::Unavailable {
            reason: "no session bus".into(),
        }));
    fixture.open(Unlock::Password(PASSWORD)).unwrap();
    fixture.keychain.set_failure(None);
    assert_eq!(
        fixture.keychain.load(&entry).unwrap().unwrap().as_slice(),
        b"3"
    );
}

/// Restoring a backup, even replacing everything, takes its contents only:
/// the backup's password never becomes a way into the vault, and the
/// vault's key is not the backup's.
#[test]
fn restoring_a_backup_never_adopts_its_password_or_key() {
    use crate::backup::{RestoreMode, open_backup, restore_into, seal_backup};
    const BACKUP_PASSWORD: &str = "the backup's own password";
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    add_example_account(&mut vault);
    let backup = seal_backup(vault.contents(), BACKUP_PASSWORD, cheap_kdf()).unwrap();
    let restored = open_backup(&backup, BACKUP_PASSWORD).unwrap();
    vault
        .update(|contents| {
            restore_into(contents, restored, RestoreMode::Replace);
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap();
    assert_eq!(
        fixture.open(Unlock::Password(BACKUP_PASSWORD)).unwrap_err(),
        OpenError::NoPasswordSlot
    );
    let backup_header = format::parse(&backup).unwrap().header;
    let (backup_key, _) = unwrap_password_slot(&backup_header, BACKUP_PASSWORD).unwrap();
    let current = read_file(&fixture.location.vault_file());
    assert!(
        format::parse(&current)
            .unwrap()
            .decrypt(&backup_key)
            .is_err()
    );
}

#[test]
fn the_contents_are_serialized_into_a_buffer_that_never_grew() {
    let fixture = Fixture::new();
    let mut vault = fixture.create(true, None);
    for _ in 0..20 {
        add_example_account(&mut vault);
    }
    let buffer = serialize_contents(vault.contents());
    assert_eq!(buffer.len(), buffer.capacity());
    assert_eq!(
        buffer.as_slice(),
        serde_json::to_vec(vault.contents()).unwrap()
    );
}

/// A header written before device files existed (no `device` field) reads
/// as a plain vault's, and a plain vault's header is still written without
/// it: `vault.skv` keeps its exact bytes when sync is not used.
#[test]
fn a_header_from_before_device_files_reads_and_is_written_the_same() {
    let before = r#"{"vault_id":"4f1c0d3e-9a7b-4c2d-8e6f-0a1b2c3d4e5f","generation":7,"slots":[]}"#;
    let header: format::Header = serde_json::from_str(before).unwrap();
    assert_eq!(header.device, None);
    assert_eq!(serde_json::to_string(&header).unwrap(), before);
}

#[test]
fn every_synced_folder_message_is_worded_in_every_language() {
    let path = "/home/me/Sync/safekeep/devices/00000000000000ab.skv".to_owned();
    let messages: Vec<Box<dyn crate::i18n::Message>> = vec![
        Box::new(DeviceFileProblem::Incomplete { path: path.clone() }),
        Box::new(DeviceFileProblem::Foreign { path: path.clone() }),
        Box::new(DeviceFileProblem::RolledBack {
            path: path.clone(),
            found: 3,
            expected: 9,
        }),
        Box::new(DeviceFileProblem::NewerVersion {
            path: path.clone(),
            version: 2,
        }),
        Box::new(DeviceFileProblem::Unreadable {
            path: path.clone(),
            reason: "Permission denied".to_owned(),
        }),
        Box::new(EnableSyncError::PasswordSlotNeeded),
        Box::new(EnableSyncError::AlreadySynced {
            folder: path.clone(),
        }),
        Box::new(EnableSyncError::FolderInUse { path: path.clone() }),
        Box::new(EnableSyncError::Io {
            path: path.clone(),
            reason: "No space left".to_owned(),
        }),
        Box::new(JoinError::AlreadyHasVault { path: path.clone() }),
        Box::new(JoinError::NothingToJoin { path: path.clone() }),
        Box::new(JoinError::NoPasswordSlot),
        Box::new(JoinError::WrongPassword),
        Box::new(SlotError::SyncedNeedsPassword),
        Box::new(SlotError::CatchUpFirst),
        Box::new(RemoveDeviceError::CatchUpFirst),
        Box::new(KeyChangedElsewhere {
            device: crate::sync::DeviceId::from(0xab),
            name: Some("Clinic PC".to_owned()),
            path: path.clone(),
        }),
        Box::new(KeyChangedElsewhere {
            device: crate::sync::DeviceId::from(0xab),
            name: None,
            path: path.clone(),
        }),
        Box::new(CatchUpError::NothingToCatchUp),
        Box::new(DeviceFileProblem::RemovedComputer { path: path.clone() }),
        Box::new(DeviceFileProblem::NotCaughtUp { path: path.clone() }),
        Box::new(OpenError::RemovedFromSync {
            folder: path.clone(),
        }),
        Box::new(RemoveDeviceError::NotSynced),
        Box::new(RemoveDeviceError::ThisComputer),
        Box::new(RemoveDeviceError::NoSuchComputer {
            name: "Laptop".to_owned(),
        }),
        Box::new(RemoveDeviceError::AmbiguousName {
            name: "Laptop".to_owned(),
        }),
        Box::new(RemoveDeviceError::PasswordNeeded),
        Box::new(CatchUpError::WrongPassword),
        Box::new(OpenError::SyncedFileMissing { path: path.clone() }),
    ];
    for message in &messages {
        crate::i18n::assert_worded_in_every_language(message.as_ref());
    }
}

#[test]
fn the_keys_a_key_change_replaced_are_kept_by_id_only_once_every_computer_caught_up() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("Sync");
    let password = "correct horse battery staple";
    let a_keychain = Arc::new(MemoryKeychain::new());
    let b_keychain = Arc::new(MemoryKeychain::new());
    let mut a = Vault::create(
        &VaultLocation::new(root.path().join("a")),
        a_keychain.clone(),
        CreateOptions {
            keychain: true,
            password: Some(password),
            kdf: KdfParams::cheap_for_tests(),
        },
    )
    .unwrap();
    a.enable_sync(&folder, "A").unwrap();
    let mut b = Vault::join(
        &VaultLocation::new(root.path().join("b")),
        b_keychain,
        &folder,
        password,
        "B",
    )
    .unwrap();
    let older = |vault: &Vault| vault.sync.as_ref().unwrap().own.older_keys.0.len();
    let replaced = |vault: &Vault| vault.sync.as_ref().unwrap().own.replaced_key_ids.len();
    let save = |vault: &mut Vault| {
        vault
            .update(|_| Ok::<_, std::convert::Infallible>(()))
            .unwrap()
    };
    a.set_password("a new password", KdfParams::cheap_for_tests())
        .unwrap();
    save(&mut a);
    assert_eq!(
        (older(&a), replaced(&a)),
        (1, 0),
        "B is still on the old key"
    );
    b.reload().unwrap();
    b.catch_up_with_new_password("a new password").unwrap();
    save(&mut a);
    assert_eq!((older(&a), replaced(&a)), (0, 1), "kept by id only");
    save(&mut b);
    assert_eq!((older(&b), replaced(&b)), (0, 1));
    // Both still read each other.
    a.update(|contents| {
        contents
            .accounts
            .push(Account::new("From A", "me", None, 1).unwrap());
        Ok::<_, std::convert::Infallible>(())
    })
    .unwrap();
    b.reload().unwrap();
    assert_eq!(b.contents().accounts.len(), 1);
    assert!(b.key_changed_elsewhere().is_none() && b.device_file_problems().is_empty());
}
