//! Where the vault lives on disk and how it is written: one lock file, an
//! atomic replace, and a few older versions kept in `backups/`.

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

/// The data directory and the files Safekeep keeps in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultLocation {
    dir: PathBuf,
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

    /// A vault kept in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> VaultLocation {
        VaultLocation { dir: dir.into() }
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The vault file.
    pub fn vault_file(&self) -> PathBuf {
        self.dir.join(VAULT_FILE)
    }

    /// Where earlier versions are kept.
    pub fn backups_dir(&self) -> PathBuf {
        self.dir.join(BACKUPS_DIR)
    }

    /// Whether a vault file exists here.
    pub fn has_vault(&self) -> bool {
        self.vault_file().exists()
    }

    /// Creates the data directory if needed and takes the exclusive lock,
    /// for making a new vault.
    pub fn lock_new(&self) -> io::Result<VaultLock> {
        fs::create_dir_all(&self.dir)?;
        restrict_permissions(&self.dir, 0o700);
        self.lock()
    }

    /// Takes the exclusive lock that every read-modify-write holds, waiting
    /// for another process (the app, another CLI) to finish first. Never
    /// creates the data directory: one removed or moved while the vault was
    /// open must fail as not found, not come back empty.
    pub fn lock(&self) -> io::Result<VaultLock> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(LOCK_FILE))?;
        file.lock()?;
        Ok(VaultLock { _file: Some(file) })
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
        let file = match OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
        {
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
        let temp_path = self
            .dir
            .join(format!("{TEMP_PREFIX}{}", std::process::id()));
        let result = write_synced(&temp_path, bytes).and_then(|()| {
            if let Some(generation) = previous_generation {
                self.keep_backup(generation)?;
            }
            fs::rename(&temp_path, self.vault_file())?;
            sync_dir(&self.dir)
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
        fs::create_dir_all(&dir)?;
        restrict_permissions(&dir, 0o700);
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

    /// Temporary files of a process killed mid-save (in the data folder) or
    /// mid-re-encryption (in `backups/`); only ever removed with the lock
    /// held, so no live writer loses its file.
    fn remove_stale_temp_files(&self) {
        for dir in [self.dir.clone(), self.backups_dir()] {
            for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
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

fn restrict_permissions(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
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
