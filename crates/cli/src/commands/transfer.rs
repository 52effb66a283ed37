//! Moving accounts in and out: `backup` and `restore` (encrypted), `import`
//! of another app's export, and `export` (plain, or the recovery sheet),
//! with where the written bytes go.

use std::convert::Infallible;
use std::io::Write;
use std::path::Path;

use safekeep_core::backup::{self, BackupError, RestoreMode, RestoreReport};
use safekeep_core::formats::{self, ImportError};
use safekeep_core::i18n::Language;
use safekeep_core::sheet::SheetOptions;
use safekeep_core::time::now;
use safekeep_core::vault::{self, KdfParams, Vault, VaultContents};
use zeroize::Zeroizing;

use super::{check_new_password, save_failure};
use crate::Failure;
use crate::args::{BackupArgs, ExportArgs, ExportFormat, ImportArgs, LanguageArg, RestoreArgs};
use crate::input::Input;
use crate::output::{print_import_report, print_restore_report, report_export, shown};
use crate::words::{self, say};

fn backup_failure(error: BackupError) -> Failure {
    match error {
        BackupError::Exists { .. } => Failure::advised(&error, "cli-replace-with-force"),
        error => error.into(),
    }
}

pub fn backup(
    vault: &mut Vault,
    input: &mut Input,
    args: &BackupArgs,
    weak_password_ok: bool,
) -> Result<(), Failure> {
    let Some(path) = args.file.as_ref().or(args.output.as_ref()) else {
        return Err(Failure::said("cli-backup-no-file", &[]));
    };
    if !args.force && path.symlink_metadata().is_ok() {
        return Err(backup_failure(BackupError::Exists { path: shown(path) }));
    }
    let prompt = say("cli-prompt-new-backup-password", &[]);
    let Some(password) = input.other_password(args.backup_password_stdin, &prompt, true)? else {
        return Err(Failure::said("cli-backup-password-needed", &[]));
    };
    check_new_password(&password, weak_password_ok)?;
    let accounts = backup::back_up(
        vault,
        path,
        &password,
        KdfParams::recommended(),
        args.force,
        now(),
    )
    .map_err(backup_failure)?;
    let args = [("accounts", accounts.into()), ("file", shown(path).into())];
    eprintln!("{}", say("cli-backup-written", &args));
    Ok(())
}

pub fn restore(vault: &mut Vault, input: &mut Input, args: &RestoreArgs) -> Result<(), Failure> {
    let bytes = read_file(&args.file, "cli-backup-unreadable")?;
    let prompt = say("cli-prompt-backup-password", &[]);
    let Some(password) = input.other_password(args.backup_password_stdin, &prompt, false)? else {
        return Err(Failure::said("cli-restore-password-needed", &[]));
    };
    let restored = backup::open_backup(&bytes, &password)?;
    let mode = if args.replace {
        RestoreMode::Replace
    } else {
        RestoreMode::Merge
    };
    if mode == RestoreMode::Replace && !args.yes {
        // What the replace would remove, on a copy, to ask before doing it.
        let mut preview = vault.contents().clone();
        let removed = backup::restore_into(&mut preview, restored.clone(), mode).only_in_vault;
        let args = [("count", removed.into())];
        if removed > 0 && !Input::confirm(&say("cli-confirm-replace", &args)) {
            return Err(Failure::said("cli-not-restored", &args));
        }
    }
    let report = vault
        .update(|contents| {
            Ok::<RestoreReport, Infallible>(backup::restore_into(contents, restored, mode))
        })
        .map_err(save_failure)?;
    print_restore_report(&report, &args.file);
    Ok(())
}

pub fn import(vault: &mut Vault, input: &mut Input, args: &ImportArgs) -> Result<(), Failure> {
    // A file larger than any export is refused before it is read.
    if let Ok(metadata) = std::fs::metadata(&args.file) {
        formats::check_import_size(metadata.len()).map_err(import_failure)?;
    }
    let bytes = read_file(&args.file, "cli-file-unreadable")?;
    let restored = match formats::restore(&bytes, args.format, None) {
        Err(ImportError::PasswordNeeded { format }) => {
            let args_format = [("format", format.name().into())];
            let prompt = say("cli-prompt-file-password", &args_format);
            let Some(password) = input.other_password(args.file_password_stdin, &prompt, false)?
            else {
                return Err(Failure::said("cli-file-password-needed", &args_format));
            };
            formats::restore(&bytes, Some(format), Some(password.as_str()))
        }
        other => other,
    }
    .map_err(import_failure)?;
    let report = merge_restored(vault, restored)?;
    print_import_report(report, &shown(&args.file));
    Ok(())
}

/// Adds what an import read to the vault, all or nothing; saves nothing
/// when it read no account.
pub(super) fn merge_restored(
    vault: &mut Vault,
    restored: formats::Restored,
) -> Result<formats::ImportReport, Failure> {
    if restored.accounts.is_empty() {
        return Ok(formats::ImportReport {
            rejected: restored.rejected,
            ..formats::ImportReport::default()
        });
    }
    vault
        .update(|contents| Ok::<_, Infallible>(formats::merge_into(contents, restored)))
        .map_err(save_failure)
}

fn import_failure(error: ImportError) -> Failure {
    match error {
        ImportError::UnknownFormat => Failure::advised(&error, "cli-import-tokens-instead"),
        error => error.into(),
    }
}

pub fn export(
    vault: &Vault,
    input: &mut Input,
    args: &ExportArgs,
    language: Option<LanguageArg>,
) -> Result<(), Failure> {
    let contents = vault.contents();
    let sheet = args.format == ExportFormat::Sheet;
    if args.include_secrets && !sheet {
        return Err(Failure::said("cli-include-secrets-sheet-only", &[]));
    }
    if args.format == ExportFormat::AegisEncrypted {
        return export_encrypted(vault, input, args);
    }
    let risk = if sheet && !args.include_secrets {
        say("cli-export-risk-tokens", &[])
    } else {
        say("cli-export-risk-codes", &[])
    };
    let risk = [("risk", risk.into())];
    if !args.yes && !Input::confirm(&say("cli-confirm-export", &risk)) {
        return Err(Failure::said("cli-not-exported", &risk));
    }
    let accounts = &contents.accounts;
    if let Some(path) = &args.output
        && !args.force
        && path.symlink_metadata().is_ok()
    {
        return Err(output_exists(path));
    }
    let format = match args.format {
        ExportFormat::Otpauth => formats::ExportFormat::OtpauthList,
        ExportFormat::Aegis | ExportFormat::AegisEncrypted => formats::ExportFormat::AegisPlain,
        ExportFormat::Google => formats::ExportFormat::GoogleMigration,
        ExportFormat::Sheet => formats::ExportFormat::RecoverySheet {
            options: SheetOptions {
                include_secrets: args.include_secrets,
            },
            language: sheet_language(language, contents),
            printed_at: now(),
        },
    };
    let export = formats::export(format, accounts);
    let text = join_lines(&[export.text.as_str()]);
    let text = text.as_bytes();
    match &args.output {
        Some(path) => write_output(path, text, args.force)?,
        None => write_stdout(text)?,
    }
    report_export(args.format, &export);
    Ok(())
}

/// `export --format aegis-encrypted`: nothing is written in the clear, so
/// there is nothing to confirm; the file's password is asked twice (or read
/// from stdin) and must pass the backup password's strength rule, which core
/// enforces for this export whatever --weak-password-ok says.
fn export_encrypted(vault: &Vault, input: &mut Input, args: &ExportArgs) -> Result<(), Failure> {
    if let Some(path) = &args.output
        && !args.force
        && path.symlink_metadata().is_ok()
    {
        return Err(output_exists(path));
    }
    let prompt = say("cli-prompt-new-file-password", &[]);
    let Some(password) = input.other_password(args.file_password_stdin, &prompt, true)? else {
        return Err(Failure::said("cli-export-password-needed", &[]));
    };
    let export = formats::export_aegis_encrypted(&vault.contents().accounts, &password)?;
    let text = join_lines(&[export.text.as_str()]);
    match &args.output {
        Some(path) => write_output(path, text.as_bytes(), args.force)?,
        None => write_stdout(text.as_bytes())?,
    }
    report_export(args.format, &export);
    Ok(())
}

fn output_exists(path: &Path) -> Failure {
    Failure::said("cli-output-exists", &[("file", shown(path).into())])
}

/// Writes an export to the file `--output` names: readable by the owner
/// only, whole or not at all, and over an existing file only with --force.
fn write_output(path: &Path, bytes: &[u8], force: bool) -> Result<(), Failure> {
    backup::write_backup_file(path, bytes, force).map_err(|error| match error {
        BackupError::Exists { .. } => output_exists(path),
        BackupError::Write { reason, .. } => Failure::said(
            "cli-output-unwritable",
            &[("file", shown(path).into()), ("reason", reason.into())],
        ),
        other => other.into(),
    })
}

/// Writes an export to standard output. When that is a file (`> FILE`)
/// others may read, it is first made readable by the owner only: the shell
/// created it with the umask's mode (often 0644), and an export is secrets
/// in the clear.
fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let file = std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .map(std::fs::File::from);
        let private = file.and_then(|file| vault::make_file_private(&file));
        match private {
            Ok(true) => eprintln!("safekeep: {}", say("cli-stdout-made-private", &[])),
            Ok(false) => {}
            Err(error) => {
                return Err(Failure::said(
                    "cli-stdout-not-private",
                    &[("reason", error.to_string().into())],
                ));
            }
        }
    }
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::said("cli-stdout-unwritable", &[("reason", e.to_string().into())]))
}

/// `lines` one after the other, each ended by a newline if it has none, in
/// a buffer sized up front: growing it would leave unwiped copies of the
/// secrets behind.
fn join_lines(lines: &[&str]) -> Zeroizing<String> {
    let mut joined = Zeroizing::new(String::with_capacity(
        lines.iter().map(|line| line.len() + 1).sum(),
    ));
    for line in lines.iter().filter(|line| !line.is_empty()) {
        joined.push_str(line);
        if !line.ends_with('\n') {
            joined.push('\n');
        }
    }
    joined
}

/// The sheet's language: asked for, else the vault's setting, else the
/// locale in the environment.
fn sheet_language(asked: Option<LanguageArg>, contents: &VaultContents) -> Language {
    match asked {
        Some(asked) => asked.language(),
        None => contents
            .settings
            .language
            .unwrap_or_else(words::locale_language),
    }
}

/// Reads a file the user named; it may hold secrets, so it is wiped after.
/// `unreadable` is the error to give when it cannot be read.
fn read_file(path: &Path, unreadable: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    std::fs::read(path).map(Zeroizing::new).map_err(|e| {
        Failure::said(
            unreadable,
            &[
                ("file", shown(path).into()),
                ("reason", e.to_string().into()),
            ],
        )
    })
}
