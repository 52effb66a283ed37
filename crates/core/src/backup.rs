//! Encrypted backups of the whole vault, and restoring them.
//!
//! A backup is one file in the vault's own format (magic, authenticated
//! header, AES-256-GCM) with a password slot only and a fresh vault id:
//! nothing of it lives in a keychain, so it opens on any computer with its
//! password. Restoring never loses a used mark: a backup token used on
//! either side stays used (see [`restore_into`]).

use std::io;
use std::path::Path;

use crate::account::{Account, AccountId};
use crate::i18n::{Message, MessageArg};
use crate::otp::{Otp, OtpKind};
use crate::tokens::BackupTokens;
use crate::vault::{
    self, DamagedPart, KdfParams, KdfProblem, PasswordFileError, SaveError, UpdateError, Vault,
    VaultContents,
};

/// Why a backup could not be made, written or opened. A failed backup or
/// restore changes nothing in the vault.
#[derive(Clone, Debug, PartialEq)]
pub enum BackupError {
    /// The backup password is empty.
    EmptyPassword,
    /// The file is not a Safekeep backup (nor any Safekeep file).
    NotABackup,
    /// A part of the backup does not parse or authenticate: the copy was
    /// damaged (disk, truncated transfer) or changed.
    Damaged {
        /// Which part was wrong.
        part: DamagedPart,
    },
    /// Written by a newer Safekeep than this one.
    NewerVersion {
        /// The file's format version.
        version: u16,
    },
    /// The file is a Safekeep vault without a password: it opens only with
    /// the key in the keychain of the computer it was made on.
    NoPassword,
    /// The password does not open the backup (or the key slot was damaged,
    /// which cannot be told apart).
    WrongPassword,
    /// The backup's password hashing settings are outside the bounds (a
    /// forged or damaged file; refused before any work is done), or the
    /// settings asked for to make one are.
    Kdf(KdfProblem),
    /// A file already exists where the backup was to be written.
    Exists {
        /// The existing file.
        path: String,
    },
    /// The backup file could not be written.
    Write {
        /// Where it was to be written.
        path: String,
        /// What the OS said.
        reason: String,
    },
    /// The backup was made but the vault could not record when.
    Save(SaveError),
}

impl Message for BackupError {
    fn message_id(&self) -> &'static str {
        match self {
            BackupError::EmptyPassword => "backup-empty-password",
            BackupError::NotABackup => "backup-not-a-backup",
            BackupError::Damaged { .. } => "backup-damaged",
            BackupError::NewerVersion { .. } => "backup-newer-version",
            BackupError::NoPassword => "backup-no-password",
            BackupError::WrongPassword => "backup-wrong-password",
            BackupError::Kdf(problem) => problem.message_id(),
            BackupError::Exists { .. } => "backup-exists",
            BackupError::Write { .. } => "backup-write-failed",
            BackupError::Save(error) => error.message_id(),
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            BackupError::Damaged { part } => vec![("part", part.name().into())],
            BackupError::NewerVersion { version } => vec![("version", (*version).into())],
            BackupError::Exists { path } => vec![("path", path.as_str().into())],
            BackupError::Write { path, reason } => vec![
                ("path", path.as_str().into()),
                ("reason", reason.as_str().into()),
            ],
            BackupError::Save(error) => error.message_args(),
            BackupError::Kdf(problem) => problem.message_args(),
            BackupError::EmptyPassword
            | BackupError::NotABackup
            | BackupError::NoPassword
            | BackupError::WrongPassword => Vec::new(),
        }
    }
}
crate::localized_error!(BackupError);

impl From<PasswordFileError> for BackupError {
    fn from(error: PasswordFileError) -> Self {
        match error {
            PasswordFileError::NotOurs => BackupError::NotABackup,
            PasswordFileError::Damaged(part) => BackupError::Damaged { part },
            PasswordFileError::NewerVersion(version) => BackupError::NewerVersion { version },
            PasswordFileError::NoPasswordSlot => BackupError::NoPassword,
            PasswordFileError::WrongPassword => BackupError::WrongPassword,
            PasswordFileError::KdfOutOfBounds(bounds) => {
                BackupError::Kdf(KdfProblem::OutOfBounds(bounds))
            }
        }
    }
}

/// Encrypts `contents` into the bytes of a backup file that `password`
/// opens on any computer. Use [`KdfParams::recommended`] outside tests.
pub fn seal_backup(
    contents: &VaultContents,
    password: &str,
    kdf: KdfParams,
) -> Result<Vec<u8>, BackupError> {
    if password.is_empty() {
        return Err(BackupError::EmptyPassword);
    }
    vault::seal_with_password(contents, password, kdf).map_err(BackupError::Kdf)
}

/// Decrypts a backup made by [`seal_backup`]. A vault file that has a
/// password slot opens too (it is the same format). Damaged or forged bytes
/// give an error, never a panic.
pub fn open_backup(bytes: &[u8], password: &str) -> Result<VaultContents, BackupError> {
    Ok(vault::open_with_password(bytes, password)?)
}

/// Makes `dir` (with its parents, as needed) for backups and exports, the
/// owner's alone (0700), or mends the mode of one that exists.
pub fn make_private_folder(dir: &Path) -> Result<(), BackupError> {
    vault::create_private_dir(dir).map_err(|error| BackupError::Write {
        path: dir.display().to_string(),
        reason: error.to_string(),
    })
}

/// Writes `bytes` to `path` so that a crash leaves either no file or the
/// whole one: a temporary file beside it, flushed, then moved into place.
/// Refuses to replace an existing file unless `overwrite`.
pub fn write_backup_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), BackupError> {
    let shown = path.display().to_string();
    let exists = || BackupError::Exists {
        path: shown.clone(),
    };
    let failed = |error: io::Error| BackupError::Write {
        path: shown.clone(),
        reason: error.to_string(),
    };
    if !overwrite && path.symlink_metadata().is_ok() {
        return Err(exists());
    }
    let Some(name) = path.file_name() else {
        return Err(failed(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file name",
        )));
    };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let temp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    // Left by a killed run of this same process id; never someone else's.
    let _ = std::fs::remove_file(&temp);
    let result = vault::write_synced(&temp, bytes)
        .map_err(failed)
        .and_then(|()| {
            if overwrite {
                return std::fs::rename(&temp, path).map_err(failed);
            }
            // A hard link never replaces an existing file, so a file made
            // meanwhile by someone else is not lost.
            match std::fs::hard_link(&temp, path) {
                Ok(()) => Ok(()),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(exists()),
                // File systems without links (FAT on a USB stick).
                Err(_) if path.symlink_metadata().is_ok() => Err(exists()),
                Err(_) => std::fs::rename(&temp, path).map_err(failed),
            }
        })
        .and_then(|()| vault::sync_dir(dir).map_err(failed));
    let _ = std::fs::remove_file(&temp);
    result
}

/// Makes an encrypted backup of the vault's newest contents at `path` and
/// records when in its settings, in one transaction: if the file cannot be
/// written, nothing is recorded. Returns how many accounts it holds.
pub fn back_up(
    vault: &mut Vault,
    path: &Path,
    password: &str,
    kdf: KdfParams,
    overwrite: bool,
    now: i64,
) -> Result<usize, BackupError> {
    if password.is_empty() {
        return Err(BackupError::EmptyPassword);
    }
    // Checked again when the file is moved into place; this early check only
    // spares the key derivation.
    if !overwrite && path.symlink_metadata().is_ok() {
        return Err(BackupError::Exists {
            path: path.display().to_string(),
        });
    }
    vault
        .update(|contents| {
            contents.backup.backed_up(now);
            let bytes = seal_backup(contents, password, kdf)?;
            write_backup_file(path, &bytes, overwrite)?;
            Ok(contents.accounts.len())
        })
        .map_err(|error| match error {
            UpdateError::Rejected(error) => error,
            UpdateError::Save(error) => BackupError::Save(error),
        })
}

/// How a backup is restored into the vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RestoreMode {
    /// Add what the backup has to what the vault has: new accounts are
    /// appended, accounts both have get the union of their backup tokens and
    /// used marks, the vault's settings are kept.
    Merge,
    /// The vault becomes the backup. Accounts only the vault had are gone;
    /// but a token the vault had marked used stays used.
    Replace,
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RestoreReport {
    /// The mode used.
    pub mode: RestoreMode,
    /// Accounts the backup held.
    pub in_backup: usize,
    /// Accounts of the backup the vault did not have.
    pub added: usize,
    /// Accounts both had (same site, name and secret).
    pub matched: usize,
    /// Accounts only the vault had: kept by a merge, removed by a replace.
    pub only_in_vault: usize,
    /// Backup tokens the backup shows unused but the vault had marked used;
    /// they stay used.
    pub kept_used: usize,
    /// Backup tokens the backup added to accounts both had (merge only).
    pub tokens_added: usize,
}

/// Restores `restored` (what [`open_backup`] read) into `contents`; call it
/// inside [`Vault::update`] so the restore is all or nothing.
///
/// Accounts are matched with [`Account::is_same_as`]. Used marks always win:
/// a token used in either copy is used afterwards, since the earlier of the
/// two times, and an HOTP counter never goes back.
pub fn restore_into(
    contents: &mut VaultContents,
    restored: VaultContents,
    mode: RestoreMode,
) -> RestoreReport {
    let mut report = RestoreReport {
        mode,
        in_backup: restored.accounts.len(),
        added: 0,
        matched: 0,
        only_in_vault: 0,
        kept_used: 0,
        tokens_added: 0,
    };
    match mode {
        RestoreMode::Merge => {
            let mut seen = vec![false; contents.accounts.len()];
            for mut account in restored.accounts {
                match contents
                    .accounts
                    .iter()
                    .position(|a| a.is_same_as(&account))
                {
                    Some(index) => {
                        if let Some(seen) = seen.get_mut(index) {
                            *seen = true;
                        }
                        let stored = &mut contents.accounts[index];
                        report.matched += 1;
                        report.kept_used +=
                            count_kept_used(&account.backup_tokens, &stored.backup_tokens);
                        let before = stored.backup_tokens.total();
                        stored
                            .backup_tokens
                            .merge_used_marks(&account.backup_tokens);
                        report.tokens_added += stored.backup_tokens.total() - before;
                        keep_higher_counter(&mut stored.otp, account.otp.as_ref());
                    }
                    None => {
                        // An account whose secret changed keeps its id in
                        // both copies; ids must stay unique.
                        if contents.accounts.iter().any(|a| a.id == account.id) {
                            account.id = AccountId::random();
                        }
                        contents.accounts.push(account);
                        report.added += 1;
                    }
                }
            }
            report.only_in_vault = seen.iter().filter(|seen| !**seen).count();
        }
        RestoreMode::Replace => {
            let current = std::mem::replace(contents, restored);
            let mut seen = vec![false; current.accounts.len()];
            for account in &mut contents.accounts {
                match current.accounts.iter().position(|a| a.is_same_as(account)) {
                    Some(index) => {
                        seen[index] = true;
                        report.matched += 1;
                        let old: &Account = &current.accounts[index];
                        report.kept_used +=
                            keep_used_marks(&mut account.backup_tokens, &old.backup_tokens);
                        account
                            .backup_tokens
                            .adopt_later_replacement(&old.backup_tokens);
                        keep_higher_counter(&mut account.otp, old.otp.as_ref());
                    }
                    None => report.added += 1,
                }
            }
            report.only_in_vault = seen.iter().filter(|seen| !**seen).count();
            contents.backup.keep_later_backup(&current.backup);
        }
    }
    report
}

/// Marks used in `target` every token `used_in` has used, where `target`
/// has that token; tokens only `used_in` has are not brought back. Returns
/// how many tokens this turned from unused to used.
fn keep_used_marks(target: &mut BackupTokens, used_in: &BackupTokens) -> usize {
    let unused_before = target.unused_count();
    for token in used_in.iter() {
        if let Some(used_at) = token.used_at {
            // Not found means the backup does not have that token: fine.
            let _ = target.mark_used(token.code.as_str(), used_at);
        }
    }
    unused_before - target.unused_count()
}

/// How many tokens unused in `theirs` are used in `ours`.
fn count_kept_used(theirs: &BackupTokens, ours: &BackupTokens) -> usize {
    let mut copy = theirs.clone();
    keep_used_marks(&mut copy, ours)
}

/// An HOTP counter only moves forward: codes below it were already shown.
fn keep_higher_counter(target: &mut Option<Otp>, other: Option<&Otp>) {
    if let (
        Some(Otp {
            kind: OtpKind::Hotp { counter },
            ..
        }),
        Some(Otp {
            kind: OtpKind::Hotp { counter: theirs },
            ..
        }),
    ) = (target.as_mut(), other)
    {
        *counter = (*counter).max(*theirs);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::i18n::Language;
    use crate::keychain::MemoryKeychain;
    use crate::otp::{Algorithm, OtpSecret};
    use crate::tokens::BatchMode;
    use crate::vault::{CreateOptions, VaultLocation};

    const PASSWORD: &str = "a backup password";
    const SECRET: &str = "KRUGS4ZANFZSAYJAONSWG4TFOQQGWZLZ";
    const TOKENS: [&str; 3] = ["qw12-er34", "ty56-ui78", "op90-as12"];

    /// A new vault at `location` that opens through a (memory) keychain.
    fn keychain_vault(location: &VaultLocation) -> Vault {
        Vault::create(
            location,
            Arc::new(MemoryKeychain::new()),
            CreateOptions {
                keychain: true,
                password: None,
                kdf: KdfParams::cheap_for_tests(),
            },
        )
        .unwrap()
    }

    /// Saves one change to `vault`.
    fn change(vault: &mut Vault, change: impl FnOnce(&mut VaultContents)) {
        vault
            .update(|contents| {
                change(contents);
                Ok::<(), std::convert::Infallible>(())
            })
            .unwrap();
    }

    /// Backs `vault` up to `path` (never over a file) at `now`.
    fn back_up_at(vault: &mut Vault, path: &Path, now: i64) -> Result<usize, BackupError> {
        back_up(
            vault,
            path,
            PASSWORD,
            KdfParams::cheap_for_tests(),
            false,
            now,
        )
    }

    fn account(issuer: &str, tokens: &[&str]) -> Account {
        let otp = Otp::totp(OtpSecret::from_base32(SECRET).unwrap());
        let mut account = Account::new(issuer, "me@example.org", Some(otp), 1_700_000_000).unwrap();
        if !tokens.is_empty() {
            account
                .backup_tokens
                .add_batch(&tokens.join("\n"), BatchMode::Append, 1_700_000_000)
                .unwrap();
        }
        account
    }

    fn example() -> VaultContents {
        let mut contents = VaultContents::default();
        contents.accounts.push(account("Example", &TOKENS));
        contents.settings.auto_lock_minutes = 17;
        contents
    }

    fn used(tokens: &BackupTokens) -> Vec<String> {
        tokens
            .iter()
            .filter(|t| t.is_used())
            .map(|t| t.code.as_str().to_owned())
            .collect()
    }

    #[test]
    fn a_backup_opens_with_its_password_and_holds_everything() {
        let mut contents = example();
        contents.accounts[0]
            .backup_tokens
            .mark_used(TOKENS[1], 1_700_000_100)
            .unwrap();
        let bytes = seal_backup(&contents, PASSWORD, KdfParams::cheap_for_tests()).unwrap();
        assert!(bytes.starts_with(b"SAFEKEEP"));
        assert_eq!(open_backup(&bytes, PASSWORD).unwrap(), contents);
    }

    #[test]
    fn each_backup_has_its_own_vault_id_and_a_password_slot_only() {
        let contents = example();
        let header = |bytes: &[u8]| {
            let len = u32::from_le_bytes(bytes[10..14].try_into().unwrap()) as usize;
            String::from_utf8(bytes[14..14 + len].to_vec()).unwrap()
        };
        let a = header(&seal_backup(&contents, PASSWORD, KdfParams::cheap_for_tests()).unwrap());
        let b = header(&seal_backup(&contents, PASSWORD, KdfParams::cheap_for_tests()).unwrap());
        assert_ne!(a, b);
        assert!(a.contains("\"kind\":\"password\""), "{a}");
        assert!(!a.contains("keychain"), "{a}");
    }

    #[test]
    fn a_wrong_or_empty_password_is_refused() {
        let bytes = seal_backup(&example(), PASSWORD, KdfParams::cheap_for_tests()).unwrap();
        assert_eq!(
            open_backup(&bytes, "a backup passworD"),
            Err(BackupError::WrongPassword)
        );
        assert_eq!(open_backup(&bytes, ""), Err(BackupError::WrongPassword));
        assert_eq!(
            seal_backup(&example(), "", KdfParams::cheap_for_tests()),
            Err(BackupError::EmptyPassword)
        );
    }

    #[test]
    fn every_changed_or_truncated_byte_gives_an_error_not_a_panic() {
        let bytes = seal_backup(&example(), PASSWORD, KdfParams::cheap_for_tests()).unwrap();
        for index in 0..bytes.len() {
            for flip in [0x01u8, 0x80] {
                let mut changed = bytes.clone();
                changed[index] ^= flip;
                let result = std::panic::catch_unwind(|| open_backup(&changed, PASSWORD));
                let result = result.unwrap_or_else(|_| panic!("byte {index} ^ {flip:#x} panicked"));
                assert!(result.is_err(), "byte {index} ^ {flip:#x} still opened");
            }
        }
        for length in 0..bytes.len() {
            assert!(
                open_backup(&bytes[..length], PASSWORD).is_err(),
                "truncated to {length}"
            );
        }
    }

    #[test]
    fn the_file_holds_no_secret_token_or_name_in_the_clear() {
        let bytes = seal_backup(&example(), PASSWORD, KdfParams::cheap_for_tests()).unwrap();
        let raw = OtpSecret::from_base32(SECRET).unwrap();
        let mut needles: Vec<Vec<u8>> = vec![
            SECRET.as_bytes().to_vec(),
            SECRET.to_lowercase().into_bytes(),
            raw.as_bytes().to_vec(),
            b"Example".to_vec(),
            b"me@example.org".to_vec(),
            PASSWORD.as_bytes().to_vec(),
        ];
        for token in TOKENS {
            needles.push(token.as_bytes().to_vec());
            needles.push(token.replace('-', "").into_bytes());
        }
        for needle in needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                "the backup holds {} bytes of plaintext",
                needle.len()
            );
        }
    }

    #[test]
    fn other_files_are_named_for_what_they_are() {
        assert_eq!(
            open_backup(b"otpauth://totp/x?secret=JBSWY3DP", PASSWORD),
            Err(BackupError::NotABackup)
        );
        assert_eq!(open_backup(&[], PASSWORD), Err(BackupError::NotABackup));

        let dir = tempfile::tempdir().unwrap();
        let location = VaultLocation::new(dir.path());
        keychain_vault(&location);
        let vault_file = std::fs::read(location.vault_file()).unwrap();
        assert_eq!(
            open_backup(&vault_file, PASSWORD),
            Err(BackupError::NoPassword)
        );
    }

    #[test]
    fn every_error_is_worded_in_every_language() {
        let errors = [
            BackupError::EmptyPassword,
            BackupError::NotABackup,
            BackupError::Damaged {
                part: DamagedPart::Contents,
            },
            BackupError::NewerVersion { version: 9 },
            BackupError::NoPassword,
            BackupError::WrongPassword,
            BackupError::Exists { path: "/x".into() },
            BackupError::Write {
                path: "/x".into(),
                reason: "disk full".into(),
            },
        ];
        for error in errors {
            for language in Language::ALL {
                let text = error.localized(language);
                assert_ne!(text, error.message_id(), "{language:?} lacks {error:?}");
                assert!(!text.contains('{'), "{text}");
            }
        }
    }

    #[test]
    fn merging_keeps_used_marks_from_both_sides_and_the_settings() {
        let mut contents = example();
        contents.accounts[0]
            .backup_tokens
            .mark_used(TOKENS[0], 1_700_000_500)
            .unwrap();
        let mut backup = example();
        backup.settings.auto_lock_minutes = 1;
        backup.accounts[0]
            .backup_tokens
            .mark_used(TOKENS[1], 1_700_000_100)
            .unwrap();
        backup.accounts[0]
            .backup_tokens
            .add_batch("zx98-cv76", BatchMode::Append, 1_700_000_000)
            .unwrap();
        backup.accounts.push(account("Other", &["mn34-bv56"]));

        let report = restore_into(&mut contents, backup, RestoreMode::Merge);
        assert_eq!(report.added, 1);
        assert_eq!(report.matched, 1);
        assert_eq!(report.only_in_vault, 0);
        assert_eq!(report.kept_used, 1);
        assert_eq!(report.tokens_added, 1);
        assert_eq!(contents.accounts.len(), 2);
        assert_eq!(contents.settings.auto_lock_minutes, 17);
        let tokens = &contents.accounts[0].backup_tokens;
        assert_eq!(used(tokens), [TOKENS[0], TOKENS[1]]);
        assert_eq!(tokens.total(), 4);
    }

    #[test]
    fn merging_an_account_with_a_changed_secret_gives_it_a_new_id() {
        let mut contents = example();
        let mut backup = contents.clone();
        backup.accounts[0].otp = Some(Otp::totp(
            OtpSecret::from_base32("JBSWY3DPEHPK3PXP").unwrap(),
        ));
        restore_into(&mut contents, backup, RestoreMode::Merge);
        assert_eq!(contents.accounts.len(), 2);
        assert_ne!(contents.accounts[0].id, contents.accounts[1].id);
    }

    #[test]
    fn replacing_keeps_tokens_used_here_used_but_drops_the_rest() {
        let mut contents = example();
        contents.accounts[0]
            .backup_tokens
            .mark_used(TOKENS[2], 1_700_000_500)
            .unwrap();
        contents.accounts[0]
            .backup_tokens
            .add_batch("gone-1234", BatchMode::Append, 1_700_000_000)
            .unwrap();
        contents.accounts[0]
            .backup_tokens
            .mark_used("gone-1234", 1_700_000_600)
            .unwrap();
        contents.accounts.push(account("Only here", &[]));
        let mut backup = example();
        backup.settings.auto_lock_minutes = 1;
        backup.accounts.push(account("Only there", &[]));

        let report = restore_into(&mut contents, backup, RestoreMode::Replace);
        assert_eq!(report.matched, 1);
        assert_eq!(report.added, 1);
        assert_eq!(report.only_in_vault, 1);
        assert_eq!(report.kept_used, 1);
        let names: Vec<&str> = contents.accounts.iter().map(|a| a.site_name()).collect();
        assert_eq!(names, ["Example", "Only there"]);
        assert_eq!(contents.settings.auto_lock_minutes, 1);
        let tokens = &contents.accounts[0].backup_tokens;
        assert_eq!(used(tokens), [TOKENS[2]]);
        assert_eq!(
            tokens.total(),
            3,
            "a token only the old vault had is not brought back"
        );
        let used_at = tokens.iter().find(|t| t.is_used()).unwrap().used_at;
        assert_eq!(used_at, Some(1_700_000_500));
    }

    #[test]
    fn restoring_a_backup_older_than_a_new_batch_never_revives_the_old_one() {
        let mut contents = example();
        let backup = example();
        contents.accounts[0]
            .backup_tokens
            .add_batch("new1-2345\nnew6-7890", BatchMode::Replace, 1_700_000_900)
            .unwrap();
        for mode in [RestoreMode::Merge, RestoreMode::Replace] {
            let mut restored = contents.clone();
            restore_into(&mut restored, backup.clone(), mode);
            let codes: Vec<&str> = restored.accounts[0]
                .backup_tokens
                .iter()
                .map(|token| token.code.as_str())
                .collect();
            assert_eq!(codes, ["new1-2345", "new6-7890"], "{mode:?}");
        }
    }

    #[test]
    fn an_hotp_counter_never_goes_back() {
        let hotp = |counter| {
            let secret = OtpSecret::from_base32(SECRET).unwrap();
            Otp::new(OtpKind::Hotp { counter }, Algorithm::Sha1, 6, secret).unwrap()
        };
        let counter =
            |contents: &VaultContents| match contents.accounts[0].otp.as_ref().unwrap().kind {
                OtpKind::Hotp { counter } => counter,
                _ => unreachable!(),
            };
        for mode in [RestoreMode::Merge, RestoreMode::Replace] {
            let mut contents = example();
            contents.accounts[0].otp = Some(hotp(9));
            let mut backup = example();
            backup.accounts[0].otp = Some(hotp(4));
            restore_into(&mut contents, backup, mode);
            assert_eq!(counter(&contents), 9, "{mode:?}");
        }
    }

    #[test]
    fn a_backup_file_never_replaces_an_existing_file_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("safekeep.backup");
        write_backup_file(&path, b"one", false).unwrap();
        assert_eq!(
            write_backup_file(&path, b"two", false),
            Err(BackupError::Exists {
                path: path.display().to_string()
            })
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_backup_file(&path, b"three", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
        let missing = dir.path().join("no such folder").join("b");
        assert!(matches!(
            write_backup_file(&missing, b"x", false),
            Err(BackupError::Write { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn backup_files_and_the_backups_folder_are_the_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        let home = tempfile::tempdir().unwrap();
        let folder = home.path().join("Documents").join("Safekeep backups");
        make_private_folder(&folder).unwrap();
        assert_eq!(mode(&folder), 0o700);
        // One made by an older version with the umask's 0755 is mended.
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        make_private_folder(&folder).unwrap();
        assert_eq!(mode(&folder), 0o700);

        let path = folder.join("export.txt");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_backup_file(&path, b"new", true).unwrap();
        assert_eq!(mode(&path), 0o600, "a replaced file is the owner's alone");
        let fresh = folder.join("backup.skbackup");
        write_backup_file(&fresh, b"x", false).unwrap();
        assert_eq!(mode(&fresh), 0o600);
    }

    #[test]
    fn backing_up_records_when_and_the_backup_restores() {
        let dir = tempfile::tempdir().unwrap();
        let mut vault = keychain_vault(&VaultLocation::new(dir.path().join("data")));
        change(&mut vault, |contents| *contents = example());
        let path = dir.path().join("backup.skb");
        assert_eq!(back_up_at(&mut vault, &path, 1_800_000_000), Ok(1));
        assert_eq!(
            vault.contents().backup.last_backup_at(),
            Some(1_800_000_000)
        );
        let generation = vault.generation();
        assert!(matches!(
            back_up_at(&mut vault, &path, 1_800_000_001),
            Err(BackupError::Exists { .. })
        ));
        assert_eq!(
            vault.generation(),
            generation,
            "a refused backup saves nothing"
        );
        let restored = open_backup(&std::fs::read(&path).unwrap(), PASSWORD).unwrap();
        assert_eq!(&restored, vault.contents());
    }

    #[test]
    fn only_changed_accounts_make_a_backup_due_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut vault = keychain_vault(&VaultLocation::new(dir.path().join("data")));
        let due = |vault: &Vault| vault.contents().backup.changed_since_backup();
        change(&mut vault, |contents| *contents = example());
        assert!(due(&vault), "adding accounts");
        let path = dir.path().join("backup.skb");
        back_up_at(&mut vault, &path, 1_800_000_000).unwrap();
        assert!(!due(&vault), "a backup was just made");
        let restored = open_backup(&std::fs::read(&path).unwrap(), PASSWORD).unwrap();
        assert!(!restored.backup.changed_since_backup());

        change(&mut vault, |contents| {
            contents.settings.auto_lock_minutes = 2
        });
        assert!(!due(&vault), "changing a preference");
        change(&mut vault, |contents| {
            contents.accounts[0]
                .backup_tokens
                .redeem_next("Example", 1_800_000_100)
                .unwrap();
        });
        assert!(due(&vault), "using a backup token");
    }
}
