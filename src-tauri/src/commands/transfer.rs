//! Moving accounts in and out: importing another app's export, encrypted
//! backups and restoring them, plain exports and the recovery sheet.
//!
//! Where a file the app writes (backup, export, sheet) goes is chosen in the
//! system's save dialog, opened from here rather than from the window, so
//! the window needs no file system or dialog permission. It starts in
//! "Safekeep backups" in the user's Documents folder (the home folder when
//! there is none; never a shared temporary folder) with a dated name that is
//! free. That folder is the user's alone (0700). Files the app reads come
//! from the window's file input as bytes.

use std::path::{Path, PathBuf};

use safekeep_core::backup::{self, RestoreMode, RestoreReport};
use safekeep_core::capture;
use safekeep_core::formats::{self, Export, ExportFormat, Format, ImportReport, LeftOut};
use safekeep_core::i18n::{Language, localize};
use safekeep_core::qr;
use safekeep_core::sheet::{self, SheetOptions};
use safekeep_core::vault::KdfParams;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

use crate::chosen::{self, ChosenFile, FileKind};
use crate::error::{AppError, ForWindow, Problem};
use crate::reveal::Reveal;
use crate::state::AppState;
use safekeep_core::time::{self, now};

/// The folder the backups and exports are written to.
const FOLDER_NAME: &str = "Safekeep backups";

/// A file the app wrote for the user.
#[derive(Serialize)]
pub struct WrittenFile {
    /// Where it is, to show in the window.
    pub path: String,
    /// How many accounts it holds.
    pub accounts: usize,
}

/// An unencrypted export the app wrote, and what it does not hold: the
/// window names each account left out and why, and says when backup tokens
/// stayed behind.
#[derive(Serialize)]
pub struct ExportedFile {
    #[serde(flatten)]
    pub file: WrittenFile,
    /// The accounts the file does not hold, in the vault's order, and why.
    pub left_out: Vec<LeftOut>,
    /// Some account has backup tokens, and the format has no place for them.
    pub tokens_left_out: bool,
}

impl ExportedFile {
    /// What `export`, written to `path`, holds and leaves out.
    fn of(path: &Path, export: Export) -> ExportedFile {
        ExportedFile {
            file: WrittenFile {
                path: path.display().to_string(),
                accounts: export.carried,
            },
            left_out: export.left_out,
            tokens_left_out: export.tokens_left_out,
        }
    }
}

/// Whether a backup is due, for the reminder.
#[derive(Serialize)]
pub struct BackupStatus {
    /// When the last backup was made (Unix seconds), if ever.
    pub last_backup_at: Option<i64>,
    /// The accounts or their tokens changed since the last backup (or there
    /// never was one and there are accounts).
    pub changed_since: bool,
}

/// The backups folder; `None` without a home folder. Never the system's
/// temporary folder: other users can list it, and it is emptied at boot.
pub(crate) fn folder() -> Option<PathBuf> {
    directories::UserDirs::new().map(|dirs| {
        dirs.document_dir()
            .unwrap_or_else(|| dirs.home_dir())
            .join(FOLDER_NAME)
    })
}

/// A path in `dir` that does not exist yet: `stem-date.ext`, then
/// `stem-date-2.ext` and so on.
fn fresh_path(dir: &Path, stem: &str, extension: &str) -> PathBuf {
    let date = time::utc_date(now());
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            dir.join(format!("{stem}-{date}{suffix}.{extension}"))
        })
        .find(|path| path.symlink_metadata().is_err())
        .expect("some numbered name is free")
}

/// Makes the backups folder, or mends its mode; says so when there is no
/// home folder to make it in.
fn make_folder() -> Result<PathBuf, Problem> {
    let dir = folder().ok_or_else(|| Problem::app("app-no-home-folder"))?;
    backup::make_private_folder(&dir)?;
    Ok(dir)
}

/// Reads another app's export (format detected unless given) and adds what
/// it holds, all or nothing. An encrypted file without `password` fails with
/// `import-password-needed` under the "password" field.
#[tauri::command]
// Async, so an encrypted file's key derivation runs off the window's thread.
pub async fn import_file(
    state: State<'_, AppState>,
    bytes: Option<Vec<u8>>,
    format: Option<Format>,
    password: Option<String>,
) -> Result<ImportReport, AppError> {
    let password = password.map(Zeroizing::new);
    let import = || {
        let bytes = state.chosen.bytes(FileKind::Import, bytes)?;
        let restored = formats::restore(&bytes, format, password.as_deref().map(String::as_str))?;
        state.change(|contents| Ok(formats::merge_into(contents, restored)))
    };
    let mut report = import().for_window(&state)?;
    report.word_reasons_in(state.language());
    Ok(report)
}

/// Adds the accounts of every QR code in the clipboard's picture (Ctrl+V on
/// the Add panel or the list), with the same report as a QR picture file.
/// The clipboard is read here, never by the page.
#[tauri::command]
// Async: reading the clipboard can wait on its owner, off the main thread.
pub async fn import_clipboard_picture(
    state: State<'_, AppState>,
) -> Result<ImportReport, AppError> {
    import_captured(&state, capture::clipboard_picture())
}

/// Adds the accounts of every QR code on the screen ("Scan the screen"),
/// captured once with the window hidden, so it never covers the code.
#[tauri::command]
pub async fn import_screen(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<ImportReport, AppError> {
    let captured = with_window_hidden(&app, capture::screen_picture);
    import_captured(&state, captured)
}

/// How long the window takes to leave the screen once hidden: the window
/// manager unmaps it and a compositor may fade it out (about 150 to 250 ms
/// on GNOME and KDE); the screen is captured after that.
const HIDING_TIME: std::time::Duration = std::time::Duration::from_millis(300);

/// Runs `capture` with the main window off the screen, then brings the
/// window back, focused, whatever `capture` returned.
fn with_window_hidden<T>(app: &AppHandle, capture: impl FnOnce() -> T) -> T {
    let window = app.get_webview_window("main");
    if let Some(window) = &window {
        let _ = window.hide();
        std::thread::sleep(HIDING_TIME);
    }
    let captured = capture();
    if let Some(window) = &window {
        crate::window_focus::show_with_keyboard(window);
    }
    captured
}

/// Reads the QR codes of a captured picture (dropped, wiped, as soon as
/// they are read) and adds their accounts, all or nothing.
fn import_captured(
    state: &AppState,
    captured: Result<capture::Captured, capture::CaptureError>,
) -> Result<ImportReport, AppError> {
    let import = || {
        let restored = captured?.restore()?;
        state.change(|contents| Ok(formats::merge_into(contents, restored)))
    };
    let mut report = import()
        .map_err(|problem: Problem| problem.under("image"))
        .for_window(state)?;
    report.word_reasons_in(state.language());
    Ok(report)
}

/// Asks for a file of `kind` with the system's open dialog and remembers
/// it for the command that uses it (which reads it then); `None` when the
/// user cancels.
#[tauri::command]
pub async fn choose_file(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: FileKind,
) -> Result<Option<ChosenFile>, AppError> {
    Ok(chosen::choose(&app, &state, kind))
}

/// What the save dialog offers for one kind of file.
struct SaveChoice {
    /// Fluent id of the dialog's title.
    title: &'static str,
    /// The start of the suggested name, before the date.
    stem: &'static str,
    extension: &'static str,
}

const BACKUP_FILE: SaveChoice = SaveChoice {
    title: "app-save-backup",
    stem: "safekeep-backup",
    extension: "skbackup",
};

/// Asks the user where to save, starting in the backups folder with a free
/// dated name; `None` when they cancel. Blocks until the dialog closes, so
/// call it from an async command (off the main thread, where the dialog
/// runs). The dialog has already asked before replacing an existing file.
fn choose_save_path(
    app: &AppHandle,
    state: &AppState,
    choice: &SaveChoice,
) -> Result<Option<PathBuf>, AppError> {
    let dir = make_folder().for_window(state)?;
    let suggested = fresh_path(&dir, choice.stem, choice.extension);
    let name = suggested
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut dialog = app
        .dialog()
        .file()
        .set_title(localize(state.language(), choice.title, &[]))
        .set_directory(&dir)
        .set_file_name(name)
        .add_filter(choice.extension, &[choice.extension]);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    Ok(dialog
        .blocking_save_file()
        .and_then(|chosen| chosen.into_path().ok()))
}

/// When the last backup was made and whether the vault changed since.
#[tauri::command]
pub fn backup_status(state: State<'_, AppState>) -> Result<BackupStatus, AppError> {
    state
        .read(|contents| {
            Ok(BackupStatus {
                last_backup_at: contents.backup.last_backup_at(),
                changed_since: contents.backup_due(),
            })
        })
        .for_window(&state)
}

/// Writes an encrypted backup that `password` opens on any computer where
/// the user chooses and records when; `None` when they cancel.
#[tauri::command]
pub async fn make_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    password: String,
) -> Result<Option<WrittenFile>, AppError> {
    let password = Zeroizing::new(password);
    // Before the save dialog: a refused password should not cost a choice.
    super::vault::require_strong(&password).for_window(&state)?;
    let Some(path) = choose_save_path(&app, &state, &BACKUP_FILE)? else {
        return Ok(None);
    };
    let kdf = KdfParams::recommended();
    let accounts = state
        .unlocked(|vault| Ok(backup::back_up(vault, &path, &password, kdf, true, now())?))
        .for_window(&state)?;
    Ok(Some(WrittenFile {
        path: path.display().to_string(),
        accounts,
    }))
}

/// Restores a backup file's bytes: "merge" adds to what is here, "replace"
/// makes the vault the backup; used backup tokens stay used either way.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    bytes: Option<Vec<u8>>,
    password: String,
    mode: RestoreMode,
) -> Result<RestoreReport, AppError> {
    let password = Zeroizing::new(password);
    let restore = || {
        let bytes = state.chosen.bytes(FileKind::Backup, bytes)?;
        let restored = backup::open_backup(&bytes, &password)?;
        state.change(|contents| Ok(backup::restore_into(contents, restored, mode)))
    };
    restore().for_window(&state)
}

/// What to export.
#[derive(Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportKind {
    /// One otpauth:// link per line.
    Otpauth,
    /// An unencrypted Aegis vault.
    Aegis,
    /// The printable recovery sheet (HTML).
    Sheet,
}

impl ExportKind {
    fn save_choice(self) -> SaveChoice {
        match self {
            ExportKind::Otpauth => SaveChoice {
                title: "app-save-export",
                stem: "safekeep-export",
                extension: "txt",
            },
            ExportKind::Aegis => SaveChoice {
                title: "app-save-export",
                stem: "safekeep-export-aegis",
                extension: "json",
            },
            ExportKind::Sheet => SaveChoice {
                title: "app-save-sheet",
                stem: "safekeep-recovery-sheet",
                extension: "html",
            },
        }
    }

    /// The core's format for this choice; the sheet is worded in
    /// `language` and dated today.
    fn format(self, include_secrets: bool, language: Language) -> ExportFormat {
        match self {
            ExportKind::Otpauth => ExportFormat::OtpauthList,
            ExportKind::Aegis => ExportFormat::AegisPlain,
            ExportKind::Sheet => ExportFormat::RecoverySheet {
                options: SheetOptions { include_secrets },
                language,
                printed_at: now(),
            },
        }
    }
}

/// Writes an unencrypted export (or the recovery sheet) where the user
/// chooses; `None` when they cancel. `include_secrets` only concerns the
/// sheet: the other exports are made of secrets.
#[tauri::command]
pub async fn export_file(
    app: AppHandle,
    state: State<'_, AppState>,
    format: ExportKind,
    include_secrets: bool,
) -> Result<Option<ExportedFile>, AppError> {
    let Some(path) = choose_save_path(&app, &state, &format.save_choice())? else {
        return Ok(None);
    };
    let format = format.format(include_secrets, state.language());
    let write = || {
        let export = state.read(|contents| Ok(formats::export(format, &contents.accounts)))?;
        backup::write_backup_file(&path, export.text.as_bytes(), true)?;
        Ok::<_, Problem>(export)
    };
    let export = write().for_window(&state)?;
    Ok(Some(ExportedFile::of(&path, export)))
}

const AEGIS_ENCRYPTED_FILE: SaveChoice = SaveChoice {
    title: "app-save-export",
    stem: "safekeep-export-aegis-encrypted",
    extension: "json",
};

/// Writes the accounts as an Aegis vault encrypted with `password` where the
/// user chooses (Aegis asks for the password on import); `None` when they
/// cancel. The password must be as strong as a backup's.
#[tauri::command]
pub async fn export_aegis_encrypted(
    app: AppHandle,
    state: State<'_, AppState>,
    password: String,
) -> Result<Option<ExportedFile>, AppError> {
    let password = Zeroizing::new(password);
    // Before the save dialog: a refused password should not cost a choice.
    super::vault::require_strong(&password).for_window(&state)?;
    let Some(path) = choose_save_path(&app, &state, &AEGIS_ENCRYPTED_FILE)? else {
        return Ok(None);
    };
    let write = || {
        let export = state.read(|contents| {
            Ok(formats::export_aegis_encrypted(
                &contents.accounts,
                &password,
            )?)
        })?;
        backup::write_backup_file(&path, export.text.as_bytes(), true)?;
        Ok::<_, Problem>(export)
    };
    let export = write().for_window(&state)?;
    Ok(Some(ExportedFile::of(&path, export)))
}

/// Shows the recovery sheet in the print view and opens the print dialog.
/// `include_secrets` adds each account's secret key as text and QR code.
#[tauri::command]
pub fn print_recovery_sheet(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    include_secrets: bool,
) -> Result<(), AppError> {
    let language = state.language();
    let options = SheetOptions { include_secrets };
    let html = state
        .read(|contents| {
            Ok(sheet::recovery_sheet_html(
                contents,
                options,
                language,
                now(),
            ))
        })
        .for_window(&state)?;
    crate::print_view::open(&app, html, language)
        .map_err(|_| Problem::app("app-print-view-failed"))
        .for_window(&state)
}

/// Google Authenticator's "Transfer accounts" QR codes, to move the accounts
/// to a phone.
#[derive(Serialize)]
pub struct GoogleQrCodes {
    /// The export links drawn as SVG QR codes, to be scanned in order.
    pub codes: Vec<Zeroizing<String>>,
    /// How many accounts the codes hold.
    pub carried: usize,
    /// The accounts Google Authenticator cannot take, and why (backup
    /// tokens only; Steam, periods other than 30 seconds, 7 digits).
    pub left_out: Vec<LeftOut>,
    /// Some account has backup tokens, which the codes cannot carry.
    pub tokens_left_out: bool,
}

/// Draws the vault as Google Authenticator export QR codes. Like the plain
/// exports they are NOT encrypted: the window shows them behind a warning,
/// and needs a grant for them (see `crate::reveal`).
#[tauri::command]
pub fn google_export_qr_codes(
    state: State<'_, AppState>,
    grant: Option<String>,
) -> Result<GoogleQrCodes, AppError> {
    state
        .reveals
        .take(&Reveal::GoogleExport, grant.as_deref())
        .for_window(&state)?;
    let export = state
        .read(|contents| {
            Ok(formats::export(
                ExportFormat::GoogleMigration,
                &contents.accounts,
            ))
        })
        .for_window(&state)?;
    let codes = export
        .lines()
        .map(qr::draw_qr_svg)
        .collect::<Result<Vec<_>, _>>()
        .for_window(&state)?;
    Ok(GoogleQrCodes {
        codes,
        carried: export.carried,
        left_out: export.left_out,
        tokens_left_out: export.tokens_left_out,
    })
}
