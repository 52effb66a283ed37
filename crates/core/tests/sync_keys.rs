//! A password or key changed on one computer of a synced vault reaching
//! the others, and a computer removed: each computer with its own data
//! directory and keychain, all with the same folder (what a sync engine
//! makes of their folders once it has copied the files).

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use safekeep_core::account::Account;
use safekeep_core::keychain::MemoryKeychain;
use safekeep_core::sync::DeviceId;
use safekeep_core::tokens::BatchMode;
use safekeep_core::vault::{
    CatchUpError, CreateOptions, DeviceFileProblem, KdfParams, KeyChangedElsewhere, OpenError,
    OpenOptions, RemoveDeviceError, SaveError, SlotError, Unlock, UpdateError, Vault,
    VaultLocation,
};
use safekeep_testkit::syncthing::conflict_copy_of;

const PASSWORD: &str = "correct horse battery staple";
const NEW_PASSWORD: &str = "a new password for the clinic";
const NEWER_PASSWORD: &str = "and yet another one after that";

struct World {
    root: tempfile::TempDir,
    folder: PathBuf,
}

/// One computer: its data directory and its keychain.
struct Computer {
    dir: PathBuf,
    keychain: Arc<MemoryKeychain>,
}

impl Computer {
    fn open(&self) -> Result<Vault, OpenError> {
        self.open_with(Unlock::Keychain)
    }

    fn open_with(&self, unlock: Unlock<'_>) -> Result<Vault, OpenError> {
        Vault::open(
            &VaultLocation::new(&self.dir),
            self.keychain.clone(),
            unlock,
            OpenOptions::default(),
        )
    }

    fn own_file(&self) -> PathBuf {
        VaultLocation::new(&self.dir).vault_file()
    }
}

impl World {
    fn new() -> World {
        let root = tempfile::tempdir().unwrap();
        World {
            folder: root.path().join("Sync"),
            root,
        }
    }

    fn computer(&self, name: &str) -> Computer {
        Computer {
            dir: self.root.path().join(name),
            keychain: Arc::new(MemoryKeychain::new()),
        }
    }

    /// A ("Clinic PC") with a vault (keychain and password) and one account
    /// with six tokens, moved into the folder; B ("Laptop") joined.
    fn pair(&self) -> (Computer, Computer) {
        let a = self.computer("a");
        let mut vault = Vault::create(
            &VaultLocation::new(&a.dir),
            a.keychain.clone(),
            CreateOptions {
                keychain: true,
                password: Some(PASSWORD),
                kdf: KdfParams::cheap_for_tests(),
            },
        )
        .unwrap();
        vault
            .update(|contents| {
                let mut account = Account::new("Site", "me", None, 1).unwrap();
                account
                    .backup_tokens
                    .add_batch(
                        "aaaa-1111 bbbb-2222 cccc-3333 dddd-4444 eeee-5555 ffff-6666",
                        BatchMode::Append,
                        1,
                    )
                    .unwrap();
                contents.accounts.push(account);
                Ok::<_, Infallible>(())
            })
            .unwrap();
        vault.enable_sync(&self.folder, "Clinic PC").unwrap();
        let b = self.join("b", "Laptop", PASSWORD);
        (a, b)
    }

    fn join(&self, dir: &str, name: &str, password: &str) -> Computer {
        let computer = self.computer(dir);
        Vault::join(
            &VaultLocation::new(&computer.dir),
            computer.keychain.clone(),
            &self.folder,
            password,
            name,
        )
        .unwrap();
        computer
    }
}

fn add_account(vault: &mut Vault, issuer: &str) {
    vault
        .update(|contents| {
            contents
                .accounts
                .push(Account::new(issuer, "me", None, 1).unwrap());
            Ok::<_, Infallible>(())
        })
        .unwrap();
}

fn has(vault: &Vault, issuer: &str) -> bool {
    vault
        .contents()
        .accounts
        .iter()
        .any(|account| account.issuer.as_str() == issuer)
}

fn change_password(computer: &Computer, password: &str) {
    computer
        .open()
        .unwrap()
        .set_password(password, KdfParams::cheap_for_tests())
        .unwrap();
}

fn use_token(vault: &mut Vault) -> String {
    vault
        .update(|contents| {
            contents.accounts[0]
                .backup_tokens
                .redeem_next("Site", 10)
                .map(|code| code.as_str().to_owned())
        })
        .unwrap()
}

fn unused(vault: &Vault) -> usize {
    vault.contents().accounts[0].backup_tokens.unused_count()
}

#[test]
fn a_password_changed_on_one_computer_is_said_on_the_other_until_it_catches_up_once() {
    let world = World::new();
    let (a, b) = world.pair();
    change_password(&a, NEW_PASSWORD);
    let mut on_a = a.open().unwrap();
    add_account(&mut on_a, "After the change");

    // B still opens with its keychain, says what happened, and works on
    // what it has; its own file stays under the old key, which A reads.
    let mut on_b = b.open().unwrap();
    assert_eq!(
        on_b.key_changed_elsewhere(),
        Some(&KeyChangedElsewhere {
            device: on_a.sync_status().unwrap().this_device.device,
            name: Some("Clinic PC".to_owned()),
            path: a.own_file().display().to_string(),
        })
    );
    assert_eq!(
        on_b.sync_status().unwrap().key_changed_elsewhere.as_ref(),
        on_b.key_changed_elsewhere()
    );
    assert!(on_b.device_file_problems().is_empty(), "not a file problem");
    assert!(!has(&on_b, "After the change"));
    let used_on_b = use_token(&mut on_b);
    on_a.reload().unwrap();
    assert_eq!(unused(&on_a), 5, "A reads B's file under the old key");
    assert!(on_a.key_changed_elsewhere().is_none());

    // Once, with the new password.
    on_b.catch_up_with_new_password(NEW_PASSWORD).unwrap();
    assert!(on_b.key_changed_elsewhere().is_none());
    assert!(has(&on_b, "After the change"));
    drop(on_b);
    let mut on_b = b.open().unwrap();
    assert!(on_b.key_changed_elsewhere().is_none(), "asked only once");
    assert!(has(&on_b, "After the change"));
    let used_again = use_token(&mut on_b);
    assert_ne!(used_again, used_on_b);
    add_account(&mut on_b, "From the laptop");
    on_a.reload().unwrap();
    assert!(has(&on_a, "From the laptop"));
    assert_eq!(unused(&on_a), 4);

    // B's own file now takes the new password, and the old one no more.
    assert!(b.open_with(Unlock::Password(NEW_PASSWORD)).is_ok());
    assert_eq!(
        b.open_with(Unlock::Password(PASSWORD)).err(),
        Some(OpenError::WrongPassword)
    );
    assert_eq!(
        a.open_with(Unlock::Password(PASSWORD)).err(),
        Some(OpenError::WrongPassword)
    );
}

#[test]
fn unlocking_with_the_new_password_catches_up_on_its_own() {
    let world = World::new();
    let (a, b) = world.pair();
    change_password(&a, NEW_PASSWORD);
    add_account(&mut a.open().unwrap(), "After the change");
    let on_b = b.open_with(Unlock::Password(NEW_PASSWORD)).unwrap();
    assert!(on_b.key_changed_elsewhere().is_none());
    assert!(has(&on_b, "After the change"));
    drop(on_b);
    let on_b = b.open().unwrap();
    assert!(on_b.key_changed_elsewhere().is_none(), "the keychain too");
    assert!(has(&on_b, "After the change"));
}

#[test]
fn a_wrong_password_changes_nothing() {
    let world = World::new();
    let (a, b) = world.pair();
    change_password(&a, NEW_PASSWORD);
    let before = std::fs::read(b.own_file()).unwrap();
    let mut on_b = b.open().unwrap();
    for wrong in ["not the password", PASSWORD] {
        assert_eq!(
            on_b.catch_up_with_new_password(wrong),
            Err(CatchUpError::WrongPassword),
            "{wrong}"
        );
    }
    assert_eq!(
        b.open_with(Unlock::Password("not the password")).err(),
        Some(OpenError::WrongPassword)
    );
    // The old password still opens B's own file, and catching up with it
    // fails quietly: nothing moved.
    let with_old = b.open_with(Unlock::Password(PASSWORD)).unwrap();
    assert!(with_old.key_changed_elsewhere().is_some());
    assert_eq!(std::fs::read(b.own_file()).unwrap(), before);
    assert!(b.open().unwrap().key_changed_elsewhere().is_some());
    // A computer in step has nothing to catch up with.
    assert_eq!(
        a.open().unwrap().catch_up_with_new_password(NEW_PASSWORD),
        Err(CatchUpError::NothingToCatchUp)
    );
}

#[test]
fn a_password_changed_twice_before_the_other_catches_up_takes_the_newest() {
    let world = World::new();
    let (a, b) = world.pair();
    change_password(&a, NEW_PASSWORD);
    add_account(&mut a.open().unwrap(), "Between");
    change_password(&a, NEWER_PASSWORD);
    add_account(&mut a.open().unwrap(), "After both");
    let mut on_b = b.open().unwrap();
    assert!(on_b.key_changed_elsewhere().is_some());
    assert_eq!(
        on_b.catch_up_with_new_password(NEW_PASSWORD),
        Err(CatchUpError::WrongPassword),
        "no file has that password any more"
    );
    on_b.catch_up_with_new_password(NEWER_PASSWORD).unwrap();
    assert!(has(&on_b, "Between") && has(&on_b, "After both"));
    assert!(b.open().unwrap().key_changed_elsewhere().is_none());
}

#[test]
fn a_third_computer_still_on_the_old_key_is_read_by_the_others_until_it_catches_up() {
    let world = World::new();
    let (a, b) = world.pair();
    let c = world.join("c", "Home desktop", PASSWORD);
    change_password(&a, NEW_PASSWORD);
    b.open()
        .unwrap()
        .catch_up_with_new_password(NEW_PASSWORD)
        .unwrap();
    // C, still on the old key, keeps writing its own file under it.
    let mut on_c = c.open().unwrap();
    assert!(on_c.key_changed_elsewhere().is_some());
    add_account(&mut on_c, "From C");
    for computer in [&a, &b] {
        let vault = computer.open().unwrap();
        assert!(has(&vault, "From C"), "read under the old key");
        assert!(vault.key_changed_elsewhere().is_none());
        assert!(vault.device_file_problems().is_empty());
    }
    on_c.catch_up_with_new_password(NEW_PASSWORD).unwrap();
    assert!(on_c.key_changed_elsewhere().is_none());
    // All on the new key: every computer still reads every other, also
    // after each saved again (when the old key is no longer kept).
    for round in 0..2 {
        for (computer, name) in [(&a, "A"), (&b, "B"), (&c, "C")] {
            add_account(
                &mut computer.open().unwrap(),
                &format!("{name} round {round}"),
            );
        }
    }
    for computer in [&a, &b, &c] {
        let vault = computer.open().unwrap();
        for name in ["A", "B", "C"] {
            assert!(has(&vault, &format!("{name} round 1")), "{name}");
        }
        assert!(vault.key_changed_elsewhere().is_none());
        assert!(vault.device_file_problems().is_empty());
    }
    // The old password opens no computer's file any more.
    for computer in [&a, &b, &c] {
        assert_eq!(
            computer.open_with(Unlock::Password(PASSWORD)).err(),
            Some(OpenError::WrongPassword)
        );
    }
}

#[test]
fn a_computer_joining_later_with_the_new_password_reads_one_still_on_the_old_key() {
    let world = World::new();
    let (a, b) = world.pair();
    change_password(&a, NEW_PASSWORD);
    add_account(&mut b.open().unwrap(), "From B");
    let c = world.join("c", "Home desktop", NEW_PASSWORD);
    let on_c = c.open().unwrap();
    assert!(has(&on_c, "From B"), "B's file under the old key is read");
    assert!(on_c.key_changed_elsewhere().is_none());
}

#[test]
fn a_new_keychain_key_on_one_computer_is_caught_up_with_the_same_password() {
    let world = World::new();
    let (a, b) = world.pair();
    let mut on_a = a.open_with(Unlock::Password(PASSWORD)).unwrap();
    on_a.add_keychain_slot().unwrap();
    add_account(&mut on_a, "After the change");
    let on_b = b.open().unwrap();
    assert!(on_b.key_changed_elsewhere().is_some());
    let on_b = b.open_with(Unlock::Password(PASSWORD)).unwrap();
    assert!(on_b.key_changed_elsewhere().is_none());
    assert!(has(&on_b, "After the change"));
}

#[test]
fn the_password_of_a_synced_vault_cannot_be_removed() {
    let world = World::new();
    let (a, _b) = world.pair();
    let mut on_a = a.open().unwrap();
    let before = std::fs::read(a.own_file()).unwrap();
    assert_eq!(
        on_a.remove_password(),
        Err(UpdateError::Rejected(SlotError::SyncedNeedsPassword))
    );
    assert_eq!(std::fs::read(a.own_file()).unwrap(), before);
}

#[test]
fn no_password_or_key_shows_in_what_a_catch_up_says() {
    let world = World::new();
    let (a, b) = world.pair();
    change_password(&a, NEW_PASSWORD);
    let mut on_b = b.open().unwrap();
    let error = on_b.catch_up_with_new_password(PASSWORD).unwrap_err();
    let notice = on_b.key_changed_elsewhere().unwrap().clone();
    let shown = format!("{error} {error:?} {notice} {notice:?} {on_b:?}");
    for secret in [PASSWORD, NEW_PASSWORD] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(notice.to_string().contains("Clinic PC"), "{notice}");
    let _ = Path::new(&notice.path);
}

fn device_of(computer: &Computer) -> DeviceId {
    computer
        .open()
        .unwrap()
        .sync_status()
        .unwrap()
        .this_device
        .device
}

#[test]
fn a_removed_computer_s_keychain_key_opens_no_file_written_after_its_removal() {
    let world = World::new();
    let (a, b) = world.pair();
    let c = world.join("c", "Home desktop", PASSWORD);
    let b_file = b.own_file();
    let b_before = std::fs::read(&b_file).unwrap();
    let laptop = device_of(&b);

    let mut on_a = a.open().unwrap();
    let found = on_a.sync_status().unwrap().find_other("laptop").unwrap();
    assert_eq!(found, laptop);
    on_a.remove_device(laptop, Some(PASSWORD)).unwrap();
    assert!(!b_file.exists(), "its file is deleted");
    let names: Vec<String> = on_a
        .sync_status()
        .unwrap()
        .others
        .into_iter()
        .map(|other| other.name)
        .collect();
    assert_eq!(names, ["Home desktop"], "gone from the list");
    add_account(&mut on_a, "After the removal");

    // The removed computer learns it was removed.
    assert!(matches!(b.open(), Err(OpenError::RemovedFromSync { .. })));

    // C catches up with the same password, and reads what A wrote.
    let mut on_c = c.open().unwrap();
    assert!(on_c.key_changed_elsewhere().is_some());
    assert!(!has(&on_c, "After the removal"));
    on_c.catch_up_with_new_password(PASSWORD).unwrap();
    assert!(has(&on_c, "After the removal"));
    add_account(&mut on_c, "From C after");

    // The laptop, offline meanwhile, writes its file again with its
    // keychain key: it opens nothing written since, and what it writes is
    // read by no one.
    std::fs::write(&b_file, &b_before).unwrap();
    let mut on_b = b.open().unwrap();
    assert!(!has(&on_b, "After the removal") && !has(&on_b, "From C after"));
    assert!(on_b.key_changed_elsewhere().is_some());
    add_account(&mut on_b, "From the removed laptop");
    for computer in [&a, &c] {
        let vault = computer.open().unwrap();
        assert!(!has(&vault, "From the removed laptop"));
        assert!(has(&vault, "After the removal") && has(&vault, "From C after"));
        assert_eq!(
            vault.device_file_problems(),
            [DeviceFileProblem::RemovedComputer {
                path: b_file.display().to_string()
            }]
        );
        assert!(vault.key_changed_elsewhere().is_none());
    }
    // Even with the password it catches up only to learn it was removed.
    let caught_up = on_b.catch_up_with_new_password(PASSWORD);
    assert!(
        matches!(&caught_up, Err(CatchUpError::Save(SaveError::Reread(error)))
            if matches!(**error, OpenError::RemovedFromSync { .. })),
        "{caught_up:?}"
    );
    assert!(matches!(b.open(), Err(OpenError::RemovedFromSync { .. })));
}

#[test]
fn removing_a_computer_needs_the_password_and_never_this_computer() {
    let world = World::new();
    let (a, b) = world.pair();
    let laptop = device_of(&b);
    let a_before = std::fs::read(a.own_file()).unwrap();
    let mut on_a = a.open().unwrap();
    let status = on_a.sync_status().unwrap();
    assert_eq!(
        on_a.remove_device(laptop, None),
        Err(UpdateError::Rejected(RemoveDeviceError::PasswordNeeded))
    );
    assert_eq!(
        on_a.remove_device(laptop, Some("not the password")),
        Err(UpdateError::Rejected(RemoveDeviceError::WrongPassword))
    );
    assert_eq!(
        on_a.remove_device(status.this_device.device, Some(PASSWORD)),
        Err(UpdateError::Rejected(RemoveDeviceError::ThisComputer))
    );
    assert_eq!(
        status.find_other("Clinic PC"),
        Err(RemoveDeviceError::ThisComputer)
    );
    assert_eq!(
        status.find_other("Nobody"),
        Err(RemoveDeviceError::NoSuchComputer {
            name: "Nobody".to_owned()
        })
    );
    assert_eq!(std::fs::read(a.own_file()).unwrap(), a_before);
    assert!(b.own_file().exists());
    assert!(b.open().unwrap().key_changed_elsewhere().is_none());
    // Unlocked with the password, the handle needs nothing more.
    let mut with_password = a.open_with(Unlock::Password(PASSWORD)).unwrap();
    with_password.remove_device(laptop, None).unwrap();
    assert!(matches!(b.open(), Err(OpenError::RemovedFromSync { .. })));
}

#[test]
fn an_old_conflict_copy_under_a_key_no_longer_read_is_not_taken_for_a_key_change() {
    let world = World::new();
    let (a, b) = world.pair();
    let b_file = b.own_file();
    let old = std::fs::read(&b_file).unwrap();
    change_password(&a, NEW_PASSWORD);
    b.open()
        .unwrap()
        .catch_up_with_new_password(NEW_PASSWORD)
        .unwrap();
    // Each saves again once all are on the new key: the old one is no
    // longer kept.
    for computer in [&a, &b, &a] {
        add_account(&mut computer.open().unwrap(), "Again");
    }
    let copy = conflict_copy_of(&b_file);
    std::fs::write(&copy, old).unwrap();
    let on_a = a.open().unwrap();
    assert!(on_a.key_changed_elsewhere().is_none());
    assert_eq!(
        on_a.device_file_problems(),
        [DeviceFileProblem::Incomplete {
            path: copy.display().to_string()
        }]
    );
}

#[test]
fn a_computer_joining_after_a_removal_takes_the_new_key_though_the_password_opens_old_files() {
    let world = World::new();
    let (a, b) = world.pair();
    let c = world.join("c", "Home desktop", PASSWORD);
    let laptop = device_of(&b);
    let mut on_a = a.open().unwrap();
    on_a.remove_device(laptop, Some(PASSWORD)).unwrap();
    add_account(&mut on_a, "After the removal");
    // C has not caught up: its file, under the old key, still has a
    // password slot for the same password. A says so, as a file not read
    // (not as a key changed elsewhere: A's key is the newest).
    assert!(c.open().unwrap().key_changed_elsewhere().is_some());
    let not_caught_up = [DeviceFileProblem::NotCaughtUp {
        path: c.own_file().display().to_string(),
    }];
    let on_a = a.open().unwrap();
    assert!(on_a.key_changed_elsewhere().is_none());
    assert_eq!(on_a.device_file_problems(), not_caught_up);
    for name in ["d", "e", "f"] {
        let joined = world.join(name, name, PASSWORD);
        let vault = joined.open().unwrap();
        assert!(vault.key_changed_elsewhere().is_none(), "{name}");
        assert!(has(&vault, "After the removal"), "{name}");
        assert_eq!(vault.device_file_problems(), not_caught_up, "{name}");
    }
    // Once C caught up, every computer reads it again.
    c.open()
        .unwrap()
        .catch_up_with_new_password(PASSWORD)
        .unwrap();
    add_account(&mut c.open().unwrap(), "From C");
    for computer in [&a, &c] {
        let vault = computer.open().unwrap();
        assert!(vault.device_file_problems().is_empty());
        assert!(has(&vault, "From C") && has(&vault, "After the removal"));
    }
}

#[test]
fn a_computer_behind_a_key_change_must_catch_up_before_changing_the_key_itself() {
    let world = World::new();
    let (a, b) = world.pair();
    let c = world.join("c", "Home desktop", PASSWORD);
    change_password(&a, NEW_PASSWORD);
    let before = std::fs::read(b.own_file()).unwrap();
    let mut on_b = b.open_with(Unlock::Password(PASSWORD)).unwrap();
    assert_eq!(
        on_b.set_password(NEWER_PASSWORD, KdfParams::cheap_for_tests()),
        Err(UpdateError::Rejected(SlotError::CatchUpFirst))
    );
    assert_eq!(
        on_b.add_keychain_slot(),
        Err(UpdateError::Rejected(SlotError::CatchUpFirst))
    );
    let home = device_of(&c);
    assert_eq!(
        on_b.remove_device(home, None),
        Err(UpdateError::Rejected(RemoveDeviceError::CatchUpFirst))
    );
    assert_eq!(std::fs::read(b.own_file()).unwrap(), before);
    on_b.catch_up_with_new_password(NEW_PASSWORD).unwrap();
    on_b.set_password(NEWER_PASSWORD, KdfParams::cheap_for_tests())
        .unwrap();
    let mut on_a = a.open().unwrap();
    assert!(on_a.key_changed_elsewhere().is_some());
    on_a.catch_up_with_new_password(NEWER_PASSWORD).unwrap();
    assert!(on_a.key_changed_elsewhere().is_none());
}

// Two computers that change the key while apart (both offline, or their
// sync engine paused): each writes its file under a new key of its own that
// replaced the same old one. What each had meanwhile is the other's file as
// it was before the split, which these tests put back in its place.

const PASSWORD_ON_B: &str = "the laptop's own new password";

/// A's and B's files as they are now; `put_back` restores one of them.
struct Snapshot(Vec<(PathBuf, Vec<u8>)>);

impl Snapshot {
    fn of(computers: &[&Computer]) -> Snapshot {
        Snapshot(
            computers
                .iter()
                .map(|c| (c.own_file(), std::fs::read(c.own_file()).unwrap()))
                .collect(),
        )
    }

    fn put_back(&self) {
        for (path, bytes) in &self.0 {
            std::fs::write(path, bytes).unwrap();
        }
    }
}

/// Both change the password while apart (A to `on_a`, B to `on_b`), each
/// adding an account and using a token; then both files are in the folder.
fn both_change_the_password_apart(a: &Computer, b: &Computer, on_a: &str, on_b: &str) {
    let before = Snapshot::of(&[a]);
    change_password(a, on_a);
    let mut vault = a.open().unwrap();
    add_account(&mut vault, "From A apart");
    use_token(&mut vault);
    drop(vault);
    let a_after = Snapshot::of(&[a]);
    // B meanwhile has only A's file from before the split.
    before.put_back();
    change_password(b, on_b);
    let mut vault = b.open().unwrap();
    add_account(&mut vault, "From B apart");
    use_token(&mut vault);
    drop(vault);
    a_after.put_back();
}

/// The key id a device file's header names (the header is JSON in the
/// clear, after 14 bytes of magic, version and length).
fn key_id_of(file: &Path) -> String {
    let bytes = std::fs::read(file).unwrap();
    let len = u32::from_le_bytes(bytes[10..14].try_into().unwrap()) as usize;
    let header: serde_json::Value = serde_json::from_slice(&bytes[14..14 + len]).unwrap();
    header["key_id"].as_str().unwrap().to_owned()
}

/// Both computers see everything made on either side, use one key (every
/// file opens with `password` and no other), and neither says anything
/// more, also after each saved again.
fn assert_converged(computers: &[&Computer], password: &str, old_passwords: &[&str]) {
    for round in 0..2 {
        for (index, computer) in computers.iter().enumerate() {
            add_account(
                &mut computer.open().unwrap(),
                &format!("{index} round {round}"),
            );
        }
    }
    let keys: Vec<_> = computers
        .iter()
        .map(|computer| {
            let vault = computer.open().unwrap();
            assert!(
                vault.key_changed_elsewhere().is_none(),
                "{:?}",
                computer.dir
            );
            assert!(
                vault.device_file_problems().is_empty(),
                "{:?}",
                computer.dir
            );
            for name in ["From A apart", "From B apart"] {
                assert!(has(&vault, name), "{name} on {:?}", computer.dir);
            }
            for index in 0..computers.len() {
                assert!(has(&vault, &format!("{index} round 1")));
            }
            assert_eq!(unused(&vault), 4, "both tokens used on both");
            computer.open_with(Unlock::Password(password)).unwrap();
            for old in old_passwords {
                assert_eq!(
                    computer.open_with(Unlock::Password(old)).err(),
                    Some(OpenError::WrongPassword),
                    "{old} on {:?}",
                    computer.dir
                );
            }
            key_id_of(&computer.own_file())
        })
        .collect();
    assert!(keys.windows(2).all(|pair| pair[0] == pair[1]), "one key");
}

#[test]
fn both_changed_the_password_apart_each_says_so_and_one_entry_of_either_password_joins_them() {
    for (catching_up, password, other) in [
        ("b", NEW_PASSWORD, PASSWORD_ON_B),
        ("a", PASSWORD_ON_B, NEW_PASSWORD),
    ] {
        let world = World::new();
        let (a, b) = world.pair();
        both_change_the_password_apart(&a, &b, NEW_PASSWORD, PASSWORD_ON_B);
        let on_a = a.open().unwrap();
        let on_b = b.open().unwrap();
        assert_eq!(
            on_a.key_changed_elsewhere().and_then(|n| n.name.as_deref()),
            Some("Laptop")
        );
        assert_eq!(
            on_b.key_changed_elsewhere().and_then(|n| n.name.as_deref()),
            Some("Clinic PC")
        );
        assert!(!has(&on_a, "From B apart") && !has(&on_b, "From A apart"));
        let said = on_b.key_changed_elsewhere().unwrap().to_string();
        assert!(
            said.contains("changed on this computer too")
                && said.contains("enter the one set on Clinic PC"),
            "{said}"
        );
        drop((on_a, on_b));
        let computer = if catching_up == "a" { &a } else { &b };
        let mut vault = computer.open().unwrap();
        // Its own new password is not the other's.
        assert_eq!(
            vault.catch_up_with_new_password(other),
            Err(CatchUpError::WrongPassword)
        );
        vault.catch_up_with_new_password(password).unwrap();
        assert!(vault.key_changed_elsewhere().is_none());
        drop(vault);
        assert_converged(&[&a, &b], password, &[PASSWORD, other]);
    }
}

#[test]
fn both_set_the_same_new_password_apart_and_both_unlock_with_it_before_seeing_the_other() {
    let world = World::new();
    let (a, b) = world.pair();
    both_change_the_password_apart(&a, &b, NEW_PASSWORD, NEW_PASSWORD);
    // Each unlocks with the password it knows, which catches up with the
    // other's key, before the sync engine brings the other's new file.
    let split = Snapshot::of(&[&a, &b]);
    let on_a = a.open_with(Unlock::Password(NEW_PASSWORD)).unwrap();
    assert!(on_a.key_changed_elsewhere().is_none());
    drop(on_a);
    let a_caught_up = Snapshot::of(&[&a]);
    Snapshot(vec![split.0[0].clone()]).put_back();
    let on_b = b.open_with(Unlock::Password(NEW_PASSWORD)).unwrap();
    assert!(on_b.key_changed_elsewhere().is_none());
    drop(on_b);
    a_caught_up.put_back();
    assert_converged(&[&a, &b], NEW_PASSWORD, &[PASSWORD]);
}

#[test]
fn both_changed_the_password_apart_and_each_entered_the_other_s_at_once() {
    // The key kept is random (the keys are), so either computer may be
    // the one that moves; each looks first in turn.
    for round in 0..4 {
        let world = World::new();
        let (a, b) = world.pair();
        both_change_the_password_apart(&a, &b, NEW_PASSWORD, PASSWORD_ON_B);
        let split = Snapshot::of(&[&a, &b]);
        a.open()
            .unwrap()
            .catch_up_with_new_password(PASSWORD_ON_B)
            .unwrap();
        let a_caught_up = Snapshot::of(&[&a]);
        Snapshot(vec![split.0[0].clone()]).put_back();
        b.open()
            .unwrap()
            .catch_up_with_new_password(NEW_PASSWORD)
            .unwrap();
        a_caught_up.put_back();
        assert_ne!(
            key_id_of(&a.own_file()),
            key_id_of(&b.own_file()),
            "crossed"
        );
        // Each reads the other with a key it replaced, and the other's file
        // holds its key: of the two, one is kept, and the computer on the
        // other moves to it on its own, with its edits, when it next reads
        // the folder. Neither asks for anything.
        let order = if round % 2 == 0 { [&a, &b] } else { [&b, &a] };
        for computer in order {
            let vault = computer.open().unwrap();
            assert!(vault.key_changed_elsewhere().is_none());
            assert!(vault.device_file_problems().is_empty());
        }
        assert_eq!(
            key_id_of(&a.own_file()),
            key_id_of(&b.own_file()),
            "one key"
        );
        let password = if a.open_with(Unlock::Password(NEW_PASSWORD)).is_ok() {
            NEW_PASSWORD
        } else {
            PASSWORD_ON_B
        };
        let other = if password == NEW_PASSWORD {
            PASSWORD_ON_B
        } else {
            NEW_PASSWORD
        };
        assert_converged(&[&a, &b], password, &[PASSWORD, other]);
    }
}

#[test]
fn a_computer_removed_on_one_while_the_other_changed_the_password_apart_stays_removed() {
    let world = World::new();
    let (a, b) = world.pair();
    let c = world.join("c", "Home desktop", PASSWORD);
    let home = device_of(&c);
    let before = Snapshot::of(&[&a]);
    let mut on_a = a.open().unwrap();
    on_a.remove_device(home, Some(PASSWORD)).unwrap();
    add_account(&mut on_a, "From A apart");
    use_token(&mut on_a);
    drop(on_a);
    let a_after = Snapshot::of(&[&a]);
    before.put_back();
    change_password(&b, PASSWORD_ON_B);
    let mut on_b = b.open().unwrap();
    add_account(&mut on_b, "From B apart");
    use_token(&mut on_b);
    drop(on_b);
    a_after.put_back();
    let mut on_b = b.open().unwrap();
    assert!(on_b.key_changed_elsewhere().is_some());
    on_b.catch_up_with_new_password(PASSWORD).unwrap();
    drop(on_b);
    assert_converged(&[&a, &b], PASSWORD, &[PASSWORD_ON_B]);
    assert!(matches!(c.open(), Err(OpenError::RemovedFromSync { .. })));
}

#[test]
fn a_computer_removed_on_one_side_never_gets_the_key_kept_when_the_other_side_changed_it_apart() {
    // A removes C (say, stolen) while apart from B and C; meanwhile B
    // changed the password, and C caught up with it, so C's keychain
    // holds B's new key. That key must not become the vault's.
    let world = World::new();
    let (a, b) = world.pair();
    let c = world.join("c", "Home desktop", PASSWORD);
    let home = device_of(&c);
    let notes = world.folder.join("safekeep").join("removed");
    let before = Snapshot::of(&[&a, &c]);
    let mut on_a = a.open().unwrap();
    on_a.remove_device(home, Some(PASSWORD)).unwrap();
    add_account(&mut on_a, "From A apart");
    use_token(&mut on_a);
    drop(on_a);
    let a_after = Snapshot::of(&[&a]);
    let notes_aside = world.root.path().join("notes aside");
    std::fs::rename(&notes, &notes_aside).unwrap();
    before.put_back();
    change_password(&b, PASSWORD_ON_B);
    let mut on_b = b.open().unwrap();
    add_account(&mut on_b, "From B apart");
    use_token(&mut on_b);
    drop(on_b);
    c.open()
        .unwrap()
        .catch_up_with_new_password(PASSWORD_ON_B)
        .unwrap();
    let key_on_c = key_id_of(&c.own_file());
    // Together again: A's removal deleted C's file and left its note.
    a_after.put_back();
    std::fs::remove_file(c.own_file()).unwrap();
    std::fs::rename(&notes_aside, &notes).unwrap();

    let mut on_a = a.open().unwrap();
    assert!(on_a.key_changed_elsewhere().is_some());
    let a_file = std::fs::read(a.own_file()).unwrap();
    let refused = on_a.catch_up_with_new_password(PASSWORD_ON_B);
    assert_eq!(refused, Err(CatchUpError::OtherMustCatchUp));
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("on the other computer")
    );
    assert_eq!(
        std::fs::read(a.own_file()).unwrap(),
        a_file,
        "nothing moved"
    );
    assert!(
        a.open_with(Unlock::Password(PASSWORD_ON_B)).is_err(),
        "nor by unlocking"
    );
    assert_eq!(
        std::fs::read(a.own_file()).unwrap(),
        a_file,
        "nothing moved"
    );
    drop(on_a);
    let mut on_b = b.open().unwrap();
    assert!(on_b.key_changed_elsewhere().is_some());
    on_b.catch_up_with_new_password(PASSWORD).unwrap();
    drop(on_b);
    assert_converged(&[&a, &b], PASSWORD, &[PASSWORD_ON_B]);
    assert_ne!(key_id_of(&a.own_file()), key_on_c);
    assert!(matches!(c.open(), Err(OpenError::RemovedFromSync { .. })));
}

#[test]
fn a_file_under_a_replaced_key_that_does_not_hold_this_computer_s_key_never_moves_it() {
    // Whichever way the two keys sort (they are random: several rounds),
    // a computer behind never pulls the one that changed the key back.
    for _ in 0..6 {
        let world = World::new();
        let (a, b) = world.pair();
        change_password(&a, NEW_PASSWORD);
        let key = key_id_of(&a.own_file());
        add_account(&mut b.open().unwrap(), "From B behind");
        let on_a = a.open().unwrap();
        assert!(has(&on_a, "From B behind"));
        drop(on_a);
        assert_eq!(key_id_of(&a.own_file()), key);
        assert!(a.open_with(Unlock::Password(NEW_PASSWORD)).is_ok());
        assert!(b.open().unwrap().key_changed_elsewhere().is_some());
    }
}
