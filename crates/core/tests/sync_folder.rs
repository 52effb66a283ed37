//! A vault in a synced folder, as two computers on one disk see it: each
//! with its own data directory and keychain, both with the same folder
//! (what a sync engine makes of two folders once it has copied the files).

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use safekeep_core::account::Account;
use safekeep_core::keychain::MemoryKeychain;
use safekeep_core::text::Notes;
use safekeep_core::tokens::BatchMode;
use safekeep_core::vault::{
    CreateOptions, DeviceFileProblem, EnableSyncError, JoinError, KdfParams, OpenError,
    OpenOptions, Unlock, Vault, VaultLocation,
};
use safekeep_testkit::syncthing::conflict_copy_of;

const PASSWORD: &str = "correct horse battery staple";

struct World {
    _root: tempfile::TempDir,
    folder: PathBuf,
    a_dir: PathBuf,
    b_dir: PathBuf,
    a_keychain: Arc<MemoryKeychain>,
    b_keychain: Arc<MemoryKeychain>,
}

impl World {
    fn new() -> World {
        let root = tempfile::tempdir().unwrap();
        World {
            folder: root.path().join("Sync"),
            a_dir: root.path().join("a"),
            b_dir: root.path().join("b"),
            a_keychain: Arc::new(MemoryKeychain::new()),
            b_keychain: Arc::new(MemoryKeychain::new()),
            _root: root,
        }
    }

    /// Computer A with a vault (keychain and password) and one account.
    fn a_with_vault(&self, password: Option<&str>) -> Vault {
        let mut vault = Vault::create(
            &VaultLocation::new(&self.a_dir),
            self.a_keychain.clone(),
            CreateOptions {
                keychain: true,
                password,
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
        vault
    }

    fn synced_pair(&self) -> (Vault, Vault) {
        let mut a = self.a_with_vault(Some(PASSWORD));
        a.enable_sync(&self.folder, "Clinic PC").unwrap();
        let b = Vault::join(
            &VaultLocation::new(&self.b_dir),
            self.b_keychain.clone(),
            &self.folder,
            PASSWORD,
            "Laptop",
        )
        .unwrap();
        (a, b)
    }

    fn open_a(&self) -> Result<Vault, OpenError> {
        open(&self.a_dir, self.a_keychain.clone())
    }

    fn devices(&self) -> PathBuf {
        self.folder.join("safekeep").join("devices")
    }
}

fn open(dir: &Path, keychain: Arc<MemoryKeychain>) -> Result<Vault, OpenError> {
    Vault::open(
        &VaultLocation::new(dir),
        keychain,
        Unlock::Keychain,
        OpenOptions::default(),
    )
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
fn a_vault_moves_into_the_folder_and_a_second_computer_joins_by_password() {
    let world = World::new();
    let (a, b) = world.synced_pair();
    assert!(!world.a_dir.join("vault.skv").exists(), "moved, not copied");
    assert_eq!(std::fs::read_dir(world.devices()).unwrap().count(), 2);
    assert_eq!(b.contents().accounts, a.contents().accounts);
    // Reopened from scratch, each with its own keychain and nothing typed.
    let a = world.open_a().unwrap();
    let b = open(&world.b_dir, world.b_keychain.clone()).unwrap();
    assert_eq!(b.contents().accounts, a.contents().accounts);
    let status = b.sync_status().unwrap();
    assert_eq!(status.this_device.name, "Laptop");
    assert_eq!(status.others.len(), 1);
    assert_eq!(status.others[0].name, "Clinic PC");
    assert!(status.others[0].last_seen.is_some());
}

#[test]
fn moving_into_a_folder_needs_a_password_slot() {
    let world = World::new();
    let mut a = world.a_with_vault(None);
    assert_eq!(
        a.enable_sync(&world.folder, "A"),
        Err(EnableSyncError::PasswordSlotNeeded)
    );
    assert!(world.a_dir.join("vault.skv").exists());
    assert!(!world.devices().exists());
}

#[test]
fn joining_with_a_wrong_password_or_nothing_there_writes_nothing() {
    let world = World::new();
    let location = VaultLocation::new(&world.b_dir);
    let nothing = Vault::join(&location, world.b_keychain.clone(), &world.folder, "x", "B");
    assert!(matches!(nothing, Err(JoinError::NothingToJoin { .. })));
    let mut a = world.a_with_vault(Some(PASSWORD));
    a.enable_sync(&world.folder, "A").unwrap();
    let wrong = Vault::join(
        &location,
        world.b_keychain.clone(),
        &world.folder,
        "no",
        "B",
    );
    assert!(matches!(wrong, Err(JoinError::WrongPassword)));
    assert_eq!(std::fs::read_dir(world.devices()).unwrap().count(), 1);
    assert!(!location.has_vault());
}

#[test]
fn an_account_added_on_one_computer_appears_on_the_other() {
    let world = World::new();
    let (mut a, mut b) = world.synced_pair();
    b.update(|contents| {
        contents
            .accounts
            .push(Account::new("Other", "me", None, 1).unwrap());
        Ok::<_, Infallible>(())
    })
    .unwrap();
    a.reload().unwrap();
    let names: Vec<String> = a
        .contents()
        .accounts
        .iter()
        .map(|x| x.display_name())
        .collect();
    assert_eq!(names, ["Site (me)", "Other (me)"]);
}

#[test]
fn tokens_used_on_both_computers_show_used_on_both_and_none_twice() {
    let world = World::new();
    let (mut a, mut b) = world.synced_pair();
    // Online: each change reads the other's file first.
    let mut taken = std::collections::BTreeSet::new();
    for _ in 0..3 {
        assert!(taken.insert(use_token(&mut a)));
    }
    for _ in 0..2 {
        assert!(taken.insert(use_token(&mut b)));
    }
    a.reload().unwrap();
    b.reload().unwrap();
    assert_eq!((unused(&a), unused(&b)), (1, 1));
    assert!(a.double_uses().is_empty());
}

#[test]
fn tokens_used_offline_on_both_are_merged_and_a_double_use_is_said_once() {
    let world = World::new();
    let (mut a, mut b) = world.synced_pair();
    // B goes offline: its file is held back while A uses tokens, and A's
    // file is held back while B uses them.
    let b_file = own_file(&world, &b);
    let a_file = own_file(&world, &a);
    let held_b = std::fs::read(&b_file).unwrap();
    std::fs::remove_file(&b_file).unwrap();
    for _ in 0..4 {
        use_token(&mut a);
    }
    let a_bytes = std::fs::read(&a_file).unwrap();
    std::fs::remove_file(&a_file).unwrap();
    std::fs::write(&b_file, &held_b).unwrap();
    for _ in 0..2 {
        use_token(&mut b);
    }
    std::fs::write(&a_file, &a_bytes).unwrap();
    a.reload().unwrap();
    b.reload().unwrap();
    // Six tokens: A took the first four, B starts at the fourth (its own
    // run), so one token was used on both and one is left.
    assert_eq!((unused(&a), unused(&b)), (1, 1));
    assert_eq!(a.double_uses().len(), 1);
    assert_eq!(a.double_uses()[0].devices, ["Clinic PC", "Laptop"]);
    a.mark_double_uses_reported().unwrap();
    assert!(a.double_uses().is_empty());
    assert!(
        world.open_a().unwrap().double_uses().is_empty(),
        "said once"
    );
    assert_eq!(b.double_uses().len(), 1, "and once on the other computer");
}

fn own_file(world: &World, vault: &Vault) -> PathBuf {
    let _ = world;
    vault.location().vault_file()
}

#[test]
fn a_removal_on_one_computer_wins_over_a_notes_edit_on_the_other() {
    let world = World::new();
    let (mut a, mut b) = world.synced_pair();
    let a_file = own_file(&world, &a);
    let held = std::fs::read(&a_file).unwrap();
    // B edits notes without having seen A's removal.
    a.update(|contents| {
        contents.accounts.clear();
        Ok::<_, Infallible>(())
    })
    .unwrap();
    let removed = std::fs::read(&a_file).unwrap();
    std::fs::write(&a_file, &held).unwrap();
    b.update(|contents| {
        contents.accounts[0].notes = Notes::new("new notes").unwrap();
        Ok::<_, Infallible>(())
    })
    .unwrap();
    std::fs::write(&a_file, &removed).unwrap();
    b.reload().unwrap();
    a.reload().unwrap();
    assert!(a.contents().accounts.is_empty());
    assert!(b.contents().accounts.is_empty(), "nothing is resurrected");
}

#[test]
fn a_half_written_file_is_never_taken_for_a_vault() {
    let world = World::new();
    let (a, b) = world.synced_pair();
    let b_file = own_file(&world, &b);
    let whole = std::fs::read(&b_file).unwrap();
    drop(b);
    for cut in [3, 20, whole.len() / 2, whole.len() - 1] {
        std::fs::write(&b_file, &whole[..cut]).unwrap();
        let a = world.open_a().unwrap();
        assert_eq!(
            a.device_file_problems(),
            [DeviceFileProblem::Incomplete {
                path: b_file.display().to_string()
            }],
            "cut at {cut}"
        );
        assert_eq!(a.contents().accounts.len(), 1, "the vault still opens");
    }
    std::fs::write(&b_file, b"not a vault at all").unwrap();
    let a_again = world.open_a().unwrap();
    assert!(matches!(
        a_again.device_file_problems(),
        [DeviceFileProblem::Foreign { .. }]
    ));
    // Once whole again, it is read.
    std::fs::write(&b_file, &whole).unwrap();
    assert!(world.open_a().unwrap().device_file_problems().is_empty());
    drop(a);
}

#[test]
fn a_conflict_copy_is_merged_and_then_removed() {
    let world = World::new();
    let (mut a, b) = world.synced_pair();
    let b_file = own_file(&world, &b);
    let before = std::fs::read(&b_file).unwrap();
    drop(b);
    let mut b = open(&world.b_dir, world.b_keychain.clone()).unwrap();
    b.update(|contents| {
        contents.accounts[0].notes = Notes::new("in the copy").unwrap();
        Ok::<_, Infallible>(())
    })
    .unwrap();
    // The sync engine kept B's new file as a conflict copy and put the
    // older one back in its place.
    let copy = conflict_copy_of(&b_file);
    std::fs::rename(&b_file, &copy).unwrap();
    std::fs::write(&b_file, &before).unwrap();
    // A read merges it, saves A's own file with it, and only then removes it.
    let a_file = a.location().vault_file();
    let a_generation = a.generation();
    a.reload().unwrap();
    assert_eq!(&*a.contents().accounts[0].notes, "in the copy");
    assert!(a.generation() > a_generation, "A's own file was saved");
    assert!(!copy.exists(), "removed once A's own file holds it");
    drop(a);
    let a = world.open_a().unwrap();
    assert_eq!(a.location().vault_file(), a_file);
    assert_eq!(&*a.contents().accounts[0].notes, "in the copy");
}

#[test]
fn rollback_is_judged_per_device_file() {
    let world = World::new();
    let (mut a, mut b) = world.synced_pair();
    let b_file = own_file(&world, &b);
    let old_b = std::fs::read(&b_file).unwrap();
    use_token(&mut b);
    // A reads B's newer file and writes, remembering B's generation.
    a.update(|_| Ok::<_, Infallible>(())).unwrap();
    std::fs::write(&b_file, &old_b).unwrap();
    let a = world.open_a().unwrap();
    assert!(matches!(
        a.device_file_problems(),
        [DeviceFileProblem::RolledBack { .. }]
    ));
    assert_eq!(unused(&a), 5, "the use stays: A's own file holds it");
    // A's own file put back to an older copy is refused, as vault.skv is.
    let a_file = own_file(&world, &a);
    let old_a = std::fs::read(&a_file).unwrap();
    let mut a = a;
    a.update(|_| Ok::<_, Infallible>(())).unwrap();
    std::fs::write(&a_file, &old_a).unwrap();
    assert!(matches!(world.open_a(), Err(OpenError::RolledBack { .. })));
}

#[test]
fn a_device_file_renamed_to_another_device_is_foreign() {
    let world = World::new();
    let (a, b) = world.synced_pair();
    let b_file = own_file(&world, &b);
    let a_bytes = std::fs::read(own_file(&world, &a)).unwrap();
    drop(b);
    std::fs::write(&b_file, &a_bytes).unwrap();
    let a = world.open_a().unwrap();
    assert!(matches!(
        a.device_file_problems(),
        [DeviceFileProblem::Foreign { .. }]
    ));
}

#[test]
fn settings_stay_with_each_computer() {
    let world = World::new();
    let (mut a, mut b) = world.synced_pair();
    a.update(|contents| {
        contents.settings.auto_lock_minutes = 1;
        Ok::<_, Infallible>(())
    })
    .unwrap();
    b.reload().unwrap();
    assert_eq!(b.contents().settings.auto_lock_minutes, 5);
    assert_eq!(
        world
            .open_a()
            .unwrap()
            .contents()
            .settings
            .auto_lock_minutes,
        1
    );
}

#[test]
fn a_missing_synced_folder_is_said_as_such_and_no_second_vault_is_made() {
    let world = World::new();
    let (a, _b) = world.synced_pair();
    drop(a);
    let away = world.folder.with_file_name("Sync-unplugged");
    std::fs::rename(&world.folder, &away).unwrap();
    assert!(matches!(
        world.open_a(),
        Err(OpenError::SyncedFileMissing { .. })
    ));
    let again = Vault::create(
        &VaultLocation::new(&world.a_dir),
        world.a_keychain.clone(),
        CreateOptions {
            keychain: true,
            password: None,
            kdf: KdfParams::cheap_for_tests(),
        },
    );
    assert!(again.is_err(), "init must not hide the synced vault");
    std::fs::rename(&away, &world.folder).unwrap();
    assert!(world.open_a().is_ok());
}
