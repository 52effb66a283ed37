//! Where the vault lives on disk and how it is written: one lock file, an
//! atomic replace, and a few older versions kept in `backups/`.
//!
//! Everything here is the owner's alone: the data folder and `backups/` are
//! 0700, the vault, its copies and the lock file 0600. Modes are not only
//! set when a file or folder is made but checked, and mended, every time the
//! vault is locked (every open and every change), so a folder made by an
//! older version or a file copied in with 0644 is fixed on the next use; a
//! mode that cannot be mended is an error, never ignored. Only a read-only
//! disk is let through, so that the vault still opens there.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Environment variable that moves the data directory (tests set it to a
/// temporary directory; people may point it at an encrypted volume).
pub const DATA_DIR_ENV: &str = "SAFEKEEP_DATA_DIR";
/// How many earlier versions `backups/` keeps.
pub const BACKUPS_KEPT: usize = 5;
const VAULT_FILE: &str = "vault.skv";
const LOCK_FILE: &str = "vault.lock";
const BACKUPS_DIR: &str = "backups";
const TEMP_PREFIX: &str = ".vault.skv.tmp-";

/// The data directory and the files Safekeep keeps in it; when the vault
/// lives in a synced folder, also that folder and this computer's file in
/// it (see [`super::devices`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultLocation {
    dir: PathBuf,
    /// Where the synced vault is, as `synced-folder.json` in the data
    /// directory says; `None` for a vault kept in `vault.skv`.
    synced: Option<super::devices::SyncLink>,
}

impl VaultLocation {
    /// The directory named by `SAFEKEEP_DATA_DIR`, else the platform's data
    /// directory for Safekeep (`~/.local/share/safekeep` on Linux). `None`
    /// only when the platform has no home directory at all.
    pub fn from_env() -> Option<VaultLocation> {
        if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|dir| !dir.is_empty()) {
            return Some(VaultLocation::new(dir));
        }
        directories::ProjectDirs::from("", "", "safekeep")
            .map(|dirs| VaultLocation::new(dirs.data_dir()))
    }

    /// A vault kept in `dir`, or in the synced folder that `dir` names.
    pub fn new(dir: impl Into<PathBuf>) -> VaultLocation {
        let dir = dir.into();
        let synced = super::devices::SyncLink::read(&dir);
        VaultLocation { dir, synced }
    }

    /// The synced folder this computer's vault lives in, if it does.
    pub fn synced(&self) -> Option<&super::devices::SyncLink> {
        self.synced.as_ref()
    }

    /// The same location, now in the synced folder `link` names.
    pub(crate) fn with_link(&self, link: super::devices::SyncLink) -> VaultLocation {
        VaultLocation {
            dir: self.dir.clone(),
            synced: Some(link),
        }
    }

    /// The vault file of a vault that is not synced, whether or not this
    /// computer's vault is synced now.
    pub(crate) fn local_vault_file(&self) -> PathBuf {
        self.dir.join(VAULT_FILE)
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The vault file: `vault.skv`, or this computer's device file in the
    /// synced folder.
    pub fn vault_file(&self) -> PathBuf {
        match &self.synced {
            Some(link) => link.own_file(),
            None => self.dir.join(VAULT_FILE),
        }
    }

    /// The folder the vault file is in: the data directory, or the synced
    /// folder's `devices/`. Temporary files go there, so that the final
    /// rename never crosses file systems.
    fn vault_dir(&self) -> PathBuf {
        match &self.synced {
            Some(link) => link.devices_dir(),
            None => self.dir.clone(),
        }
    }

    /// Where earlier versions are kept.
    pub fn backups_dir(&self) -> PathBuf {
        self.dir.join(BACKUPS_DIR)
    }

    /// Whether a vault file exists here (or this computer's vault is in a
    /// synced folder, which counts even while that folder is away).
    pub fn has_vault(&self) -> bool {
        self.synced.is_some() || self.vault_file().exists()
    }

    /// Creates the data directory if needed and takes the exclusive lock,
    /// for making a new vault.
    pub fn lock_new(&self) -> io::Result<VaultLock> {
        create_private_dir(&self.dir)?;
        self.lock()
    }

    /// Takes the exclusive lock that every read-modify-write holds, waiting
    /// for another process (the app, another CLI) to finish first. Never
    /// creates the data directory: one removed or moved while the vault was
    /// open must fail as not found, not come back empty.
    pub fn lock(&self) -> io::Result<VaultLock> {
        let file = private_options().open(self.dir.join(LOCK_FILE))?;
        file.lock()?;
        self.make_private()?;
        Ok(VaultLock { _file: Some(file) })
    }

    /// Mends the modes of the data folder, the lock file, the vault and its
    /// copies in `backups/` (see the module documentation). Called with the
    /// lock held.
    fn make_private(&self) -> io::Result<()> {
        let backups = self.backups_dir();
        let mut paths = vec![
            (self.dir.clone(), DIR_MODE),
            (self.dir.join(LOCK_FILE), FILE_MODE),
            (self.vault_file(), FILE_MODE),
        ];
        if backups.is_dir() {
            paths.push((backups.clone(), DIR_MODE));
            paths.extend(self.backups().into_iter().map(|copy| (copy, FILE_MODE)));
        }
        for (path, mode) in paths {
            make_private(&path, mode)?;
        }
        Ok(())
    }

    /// Takes the shared lock that opening holds: readers do not wait for
    /// each other, but never see the generation of a save still under way
    /// (which would look like a rollback).
    ///
    /// On a read-only disk (one the kernel remounted read-only after errors,
    /// say) the vault must still open, so the user still gets their codes.
    /// The lock file is then opened for reading: `flock` does not care how
    /// a file was opened, so that shared lock still keeps writers out, should
    /// the disk become writable again while we read. Without a lock file
    /// (a vault copied onto read-only media) there is nothing to lock, and
    /// no need: a half-done save cannot be seen even without the lock, since
    /// a save replaces the file by an atomic rename; and the lock's other
    /// job, keeping a save from finishing between our read and the rollback
    /// check, needs a writer, which a read-only disk cannot have. Only a disk
    /// made writable in the middle of this open could let one in, and then
    /// the worst is a false "older copy" refusal that the next try clears.
    pub fn lock_shared(&self) -> io::Result<VaultLock> {
        let path = self.dir.join(LOCK_FILE);
        let file = match private_options().open(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::ReadOnlyFilesystem => {
                match File::open(&path) {
                    Ok(file) => file,
                    Err(missing) if missing.kind() == io::ErrorKind::NotFound => {
                        return Ok(VaultLock { _file: None });
                    }
                    Err(other) => return Err(other),
                }
            }
            Err(error) => return Err(error),
        };
        file.lock_shared()?;
        self.make_private()?;
        Ok(VaultLock { _file: Some(file) })
    }

    /// The earlier versions in `backups/`, newest first.
    pub fn backups(&self) -> Vec<PathBuf> {
        let mut found: Vec<(u64, PathBuf)> = fs::read_dir(self.backups_dir())
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let generation = name
                    .strip_prefix("vault-")?
                    .strip_suffix(".skv")?
                    .parse()
                    .ok()?;
                Some((generation, entry.path()))
            })
            .collect();
        found.sort_by_key(|(generation, _)| std::cmp::Reverse(*generation));
        found.into_iter().map(|(_, path)| path).collect()
    }

    /// Replaces the vault file with `bytes` so that a crash at any moment
    /// leaves either the old or the new file, never a mix: write a temporary
    /// file beside it, flush it to disk, keep the old one in `backups/`,
    /// rename over, and flush the directory so the rename itself survives a
    /// power cut. Call with the [`VaultLock`] held.
    ///
    /// The data directory must exist ([`VaultLocation::lock_new`] makes it):
    /// one removed mid-save fails as not found instead of being made anew.
    pub fn replace_vault(&self, bytes: &[u8], previous_generation: Option<u64>) -> io::Result<()> {
        self.remove_stale_temp_files();
        let temp_path =
            self.vault_dir()
                .join(format!("{}{}", self.temp_prefix(), std::process::id()));
        let result = write_synced(&temp_path, bytes).and_then(|()| {
            if let Some(generation) = previous_generation {
                self.keep_backup(generation)?;
            }
            fs::rename(&temp_path, self.vault_file())?;
            sync_dir(&self.vault_dir())
        });
        if result.is_err() {
            // A full disk must not leave half-written files behind either.
            let _ = fs::remove_file(&temp_path);
        }
        result
    }

    /// Replaces the copy at `path` in `backups/` with `bytes` (the same
    /// version, sealed under a new key), by the same atomic steps as
    /// [`VaultLocation::replace_vault`]. Call with the [`VaultLock`] held;
    /// flush the backups folder afterwards with [`sync_dir`].
    pub(crate) fn replace_backup(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let temp_path = self
            .backups_dir()
            .join(format!("{TEMP_PREFIX}{}", std::process::id()));
        let _ = fs::remove_file(&temp_path);
        let result = write_synced(&temp_path, bytes).and_then(|()| fs::rename(&temp_path, path));
        if result.is_err() {
            let _ = fs::remove_file(&temp_path);
        }
        result
    }

    /// Keeps the current vault file as `backups/vault-<generation>.skv`. A
    /// hard link costs no space or time; a copy is the fallback on file
    /// systems without links.
    fn keep_backup(&self, generation: u64) -> io::Result<()> {
        let current = self.vault_file();
        if !current.exists() {
            return Ok(());
        }
        let dir = self.backups_dir();
        create_private_dir(&dir)?;
        // Pruning first keeps the count at five even if we are killed
        // between the two steps.
        for old in self.backups().into_iter().skip(BACKUPS_KEPT - 1) {
            let _ = fs::remove_file(old);
        }
        let target = dir.join(format!("vault-{generation}.skv"));
        if !target.exists() && fs::hard_link(&current, &target).is_err() {
            fs::copy(&current, &target)?;
        }
        Ok(())
    }

    /// How this computer's temporary files start: in a synced folder they
    /// name the device, so that no computer ever removes another's file
    /// that is still being written (the sync engine may copy it over).
    fn temp_prefix(&self) -> String {
        match &self.synced {
            Some(link) => format!(".{}.skv.tmp-", link.device.to_hex()),
            None => TEMP_PREFIX.to_owned(),
        }
    }

    /// Temporary files of a process killed mid-save (in the data folder) or
    /// mid-re-encryption (in `backups/`); only ever removed with the lock
    /// held, so no live writer loses its file.
    fn remove_stale_temp_files(&self) {
        let own = self.temp_prefix();
        for (dir, prefix) in [
            (self.dir.clone(), TEMP_PREFIX),
            (self.backups_dir(), TEMP_PREFIX),
            (self.vault_dir(), own.as_str()),
        ] {
            for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().starts_with(prefix) {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// Held while a read-modify-write is under way; released on drop. Empty
/// only for a reader on a read-only disk without a lock file.
pub struct VaultLock {
    _file: Option<File>,
}

/// Writes `bytes` to a new file at `path` (never an existing one), readable
/// by the owner only, and flushes it to disk.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Flushes a directory, so a rename in it survives a power cut.
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The mode of our folders: the owner's alone.
const DIR_MODE: u32 = 0o700;
/// The mode of our files: readable and writable by the owner alone.
const FILE_MODE: u32 = 0o600;

/// How the lock file is opened: made 0600 when it is new.
fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options
}

/// Makes `dir` (and its parents, as needed) and then makes it private.
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(dir)?;
    }
    #[cfg(not(unix))]
    fs::create_dir_all(dir)?;
    make_private(dir, DIR_MODE)
}

/// Takes group and other permissions away from `path` if it has any. A path
/// that is not there, or a read-only disk, is left as it is; any other
/// failure is an error that names the path.
pub(crate) fn make_private(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = match fs::metadata(path) {
            Ok(metadata) => metadata.permissions().mode() & 0o777,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(error),
        };
        if current & 0o077 == 0 {
            return Ok(());
        }
        match fs::set_permissions(path, fs::Permissions::from_mode(mode)) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == io::ErrorKind::ReadOnlyFilesystem => Ok(()),
            Err(error) => Err(io::Error::new(
                error.kind(),
                format!(
                    "{} can be read by other users (mode {current:o}) and could not be made private to you ({error}); change its owner or mode, or move the vault with SAFEKEEP_DATA_DIR",
                    path.display()
                ),
            )),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

/// Takes group and other permissions away from an open file (standard
/// output redirected to one, say) if it has any. Returns whether it did.
pub fn make_file_private(file: &File) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = file.metadata()?;
        if !metadata.is_file() || metadata.permissions().mode() & 0o077 == 0 {
            return Ok(false);
        }
        file.set_permissions(fs::Permissions::from_mode(FILE_MODE))?;
        Ok(true)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_keeps_the_last_five_versions() {
        let dir = tempfile::tempdir().unwrap();
        let location = VaultLocation::new(dir.path());
        let _lock = location.lock().unwrap();
        location.replace_vault(b"v1", None).unwrap();
        for generation in 1..=7u64 {
            location
                .replace_vault(format!("v{}", generation + 1).as_bytes(), Some(generation))
                .unwrap();
        }
        assert_eq!(fs::read(location.vault_file()).unwrap(), b"v8");
        let backups = location.backups();
        assert_eq!(backups.len(), BACKUPS_KEPT);
        assert_eq!(fs::read(&backups[0]).unwrap(), b"v7");
        assert_eq!(fs::read(&backups[4]).unwrap(), b"v3");
    }

    #[test]
    fn a_stale_temp_file_is_cleaned_up_on_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let location = VaultLocation::new(dir.path());
        fs::write(dir.path().join(format!("{TEMP_PREFIX}1")), b"half").unwrap();
        location.replace_vault(b"v1", None).unwrap();
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["vault.skv".to_owned()]);
    }

    #[test]
    fn the_lock_is_exclusive_between_handles() {
        let dir = tempfile::tempdir().unwrap();
        let location = VaultLocation::new(dir.path());
        let held = location.lock().unwrap();
        let other = File::options()
            .write(true)
            .open(dir.path().join(LOCK_FILE))
            .unwrap();
        assert!(other.try_lock().is_err());
        drop(held);
        assert!(other.try_lock().is_ok());
    }

    /// What the read-only fallback of `lock_shared` rests on: a shared lock
    /// taken through a handle opened for reading only still keeps a writer
    /// out until it is released.
    #[test]
    fn a_shared_lock_through_a_read_only_handle_keeps_writers_out() {
        let dir = tempfile::tempdir().unwrap();
        let location = VaultLocation::new(dir.path());
        drop(location.lock_new().unwrap());
        let reader = File::open(dir.path().join(LOCK_FILE)).unwrap();
        reader.lock_shared().unwrap();
        let writer = File::options()
            .write(true)
            .open(dir.path().join(LOCK_FILE))
            .unwrap();
        assert!(writer.try_lock().is_err(), "a writer got past a reader");
        // Readers still do not wait for each other.
        let second = location.lock_shared().unwrap();
        drop(second);
        drop(reader);
        assert!(writer.try_lock().is_ok());
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn a_new_data_folder_and_its_files_are_the_owners_alone() {
        let root = tempfile::tempdir().unwrap();
        let location = VaultLocation::new(root.path().join("data"));
        let lock = location.lock_new().unwrap();
        location.replace_vault(b"v1", None).unwrap();
        location.replace_vault(b"v2", Some(1)).unwrap();
        drop(lock);
        assert_eq!(mode(location.dir()), 0o700);
        assert_eq!(mode(&location.dir().join(LOCK_FILE)), 0o600);
        assert_eq!(mode(&location.vault_file()), 0o600);
        assert_eq!(mode(&location.backups_dir()), 0o700);
        assert_eq!(mode(&location.backups()[0]), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn wrong_modes_are_mended_at_every_open_and_change() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let location = VaultLocation::new(root.path().join("data"));
        drop(location.lock_new().unwrap());
        location.replace_vault(b"v1", None).unwrap();
        location.replace_vault(b"v2", Some(1)).unwrap();
        let loosen = |path: &Path, mode: u32| {
            fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap()
        };
        let files = [
            location.dir().join(LOCK_FILE),
            location.vault_file(),
            location.backups()[0].clone(),
        ];
        for take in [VaultLocation::lock_shared, VaultLocation::lock] {
            loosen(location.dir(), 0o755);
            loosen(&location.backups_dir(), 0o775);
            for file in &files {
                loosen(file, 0o644);
            }
            drop(take(&location).unwrap());
            assert_eq!(mode(location.dir()), 0o700);
            assert_eq!(mode(&location.backups_dir()), 0o700);
            for file in &files {
                assert_eq!(mode(file), 0o600, "{}", file.display());
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_open_file_is_made_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.txt");
        let file = File::create(&path).unwrap();
        file.set_permissions(fs::Permissions::from_mode(0o644))
            .unwrap();
        assert!(make_file_private(&file).unwrap());
        assert_eq!(mode(&path), 0o600);
        assert!(!make_file_private(&file).unwrap(), "already private");
    }

    #[test]
    fn a_removed_data_folder_is_not_made_anew_by_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let location = VaultLocation::new(dir.path().join("data"));
        drop(location.lock_new().unwrap());
        location.replace_vault(b"v1", None).unwrap();
        fs::remove_dir_all(location.dir()).unwrap();

        let error = location.lock().err().expect("locking a removed folder");
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        let error = location.replace_vault(b"v2", Some(1)).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(!location.dir().exists(), "the data folder came back");
    }
}
