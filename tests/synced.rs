//! Two "computers" sharing one synced folder, for the scenarios of issue
//! 15 in the real window: two profiles (data folder and keychain service
//! each) and one folder, which is what a sync program makes of two folders
//! once it has copied the files. Set up through the command line, as a
//! person's other computer would have done it.

use std::path::{Path, PathBuf};

use safekeep_testkit::cli::own_device_file;

use crate::Profile;
use crate::steps::uri;

/// The vault password both computers know; strong enough for the rule.
pub const PASSWORD: &str = "paarse giraf fietst naar Zwolle";
/// The one account's secret.
pub const SECRET: &str = "JBSWY3DPEHPK3PXP";

/// Every computer's file in the synced `folder`, sorted.
pub fn device_files(folder: &Path) -> Vec<PathBuf> {
    let devices = folder.join("safekeep").join("devices");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&devices)
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.retain(|path| path.extension().is_some_and(|ext| ext == "skv"));
    files.sort();
    files
}

/// The device file of `profile`'s computer, by the id `sync status` gives.
pub fn own_file(profile: &Profile, folder: &Path) -> PathBuf {
    own_device_file(&profile.cli_output(&["sync", "status"], ""), folder)
}

/// "Clinic PC" with a vault (password, one account with two tokens) kept
/// in `folder`, and "Laptop" joined to it, both through the command line.
pub fn two_joined_computers(test: &str, folder: &Path) -> (Profile, Profile) {
    let clinic = Profile::new(&format!("{test}-clinic"));
    let laptop = Profile::new(&format!("{test}-laptop"));
    let dir = folder.display().to_string();
    clinic.cli(&["--password-stdin", "init"], &format!("{PASSWORD}\n"));
    clinic.cli(&["add", &uri("Clinic", "me", SECRET)], "");
    clinic.cli(&["tokens", "add", "Clinic"], "aaaa-1111\nbbbb-2222\n");
    clinic.cli(&["sync", "enable", &dir, "--name", "Clinic PC"], "");
    laptop.cli(
        &[
            "--password-stdin",
            "init",
            "--join",
            &dir,
            "--name",
            "Laptop",
        ],
        &format!("{PASSWORD}\n"),
    );
    (clinic, laptop)
}

/// [`two_joined_computers`], each having used both tokens while the other's
/// file was held back (apart), then both files back in the folder.
pub fn two_computers_that_used_the_last_token_apart(folder: &Path) -> (Profile, Profile) {
    let (clinic, laptop) = two_joined_computers("double", folder);
    let files = [own_file(&clinic, folder), own_file(&laptop, folder)];
    assert_eq!(device_files(folder).len(), 2);
    // Apart: each uses both tokens while the other's file is held back.
    for (profile, other) in [(&clinic, &files[1]), (&laptop, &files[0])] {
        let held = std::fs::read(other).unwrap();
        std::fs::remove_file(other).unwrap();
        for _ in 0..2 {
            profile.cli(&["tokens", "use", "Clinic"], "");
        }
        std::fs::write(other, held).unwrap();
    }
    (clinic, laptop)
}
