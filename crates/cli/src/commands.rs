//! One function per command: translate arguments into core calls and
//! results into output.

use std::convert::Infallible;
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use safekeep_core::account::{self, Account};
use safekeep_core::backup::{self, BackupError, RestoreMode, RestoreReport};
use safekeep_core::formats::{self, ImportError};
use safekeep_core::i18n::{self, Language, Message, MessageArg, localize};
use safekeep_core::otp::{self, Algorithm, Otp, OtpKind, OtpSecret};
use safekeep_core::password_strength;
use safekeep_core::sheet::{self, SheetOptions};
use safekeep_core::tokens::{BatchMode, Keep, LeftOut, RedeemError, TokenStatus};
use safekeep_core::vault::{self, CreateOptions, KdfParams, UpdateError, Vault, VaultContents};
use zeroize::Zeroizing;

use crate::args::{
    AddArgs, AlgorithmArg, BackupArgs, Cli, Command, ExportArgs, ExportFormat, ImportArgs,
    LanguageArg, PasswordCommand, RestoreArgs, Switch, TokensCommand,
};
use crate::input::Input;
use crate::unlock::{keychain, location, open_vault};
use crate::{Failure, exit};

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

pub fn run(cli: Cli) -> Result<(), Failure> {
    let mut input = Input::new(cli.password_stdin);
    let older = cli.accept_older_vault;
    let weak_ok = cli.weak_password_ok;
    match cli.command {
        Command::Init => init(&mut input, weak_ok),
        Command::Add(args) => add(&mut open_vault(&mut input, older)?, &mut input, args),
        Command::List => list(&open_vault(&mut input, older)?),
        Command::Code { query, at } => code(&mut open_vault(&mut input, older)?, &query, at),
        Command::Remove { query, yes } => remove(&mut open_vault(&mut input, older)?, &query, yes),
        // The vault is opened first in each: its password is the first line
        // of stdin, any other password the next.
        Command::Backup(args) => backup(
            &mut open_vault(&mut input, older)?,
            &mut input,
            &args,
            weak_ok,
        ),
        Command::Restore(args) => restore(&mut open_vault(&mut input, older)?, &mut input, &args),
        Command::Import(args) => import(&mut open_vault(&mut input, older)?, &mut input, &args),
        Command::Export(args) => export(&open_vault(&mut input, older)?, &args),
        Command::Password(command) => {
            let mut vault = open_vault(&mut input, older)?;
            match command {
                PasswordCommand::Set { new_password_stdin } => {
                    password_set(&mut vault, &mut input, new_password_stdin, weak_ok)
                }
                PasswordCommand::Remove => password_remove(&mut vault),
                PasswordCommand::AskAtUnlock { state } => {
                    password_ask_at_unlock(&mut vault, state == Switch::On)
                }
            }
        }
        Command::Tokens(command) => {
            let mut vault = open_vault(&mut input, older)?;
            match command {
                TokensCommand::Add {
                    query,
                    replace,
                    keep_all,
                } => tokens_add(&mut vault, &mut input, &query, replace, keep_all),
                TokensCommand::List { query, reveal } => tokens_list(&vault, &query, reveal),
                TokensCommand::Use { query } => tokens_use(&mut vault, &query),
                TokensCommand::MarkUsed { query, token } => {
                    let token = token_from(&mut input, token)?;
                    tokens_mark(&mut vault, &query, &token, true)
                }
                TokensCommand::Unuse { query, token } => {
                    let token = token_from(&mut input, token)?;
                    tokens_mark(&mut vault, &query, &token, false)
                }
            }
        }
    }
}

/// Refuses a new password the core finds too easy to guess, with its reason,
/// unless the user passed --weak-password-ok.
fn check_new_password(password: &str, weak_password_ok: bool) -> Result<(), Failure> {
    if weak_password_ok {
        return Ok(());
    }
    password_strength::check_new_password(password)
        .map(|_| ())
        .map_err(|error| {
            Failure::new(format!(
                "{error} To use it anyway, pass --weak-password-ok."
            ))
        })
}

fn init(input: &mut Input, weak_password_ok: bool) -> Result<(), Failure> {
    let location = location()?;
    let keychain = keychain();
    let keychain_problem = keychain.check_available().err();
    if let Some(problem) = &keychain_problem {
        eprintln!(
            "safekeep: the OS keychain cannot be used ({problem}); the vault will be protected with a password instead."
        );
    }
    let password = if input.password_given_on_stdin() || keychain_problem.is_some() {
        match input.password("Choose a vault password: ", true)? {
            Some(password) => Some(password),
            None => {
                return Err(Failure::new(
                    "a password is needed because the OS keychain cannot be used, and there is no terminal to ask on; pass it on the first line of standard input with --password-stdin",
                ));
            }
        }
    } else {
        None
    };
    if let Some(password) = &password {
        check_new_password(password, weak_password_ok)?;
    }
    let vault = Vault::create(
        &location,
        keychain,
        CreateOptions {
            keychain: keychain_problem.is_none(),
            password: password.as_deref().map(String::as_str),
            kdf: KdfParams::recommended(),
        },
    )?;
    let kinds = vault.slot_kinds();
    let how = match (kinds.keychain, kinds.password) {
        (true, true) => "its key is in your OS keychain, and the password opens it too",
        (true, false) => "its key is in your OS keychain",
        _ => "it opens with your password",
    };
    eprintln!(
        "Created the vault at {} ({how}).",
        location.vault_file().display()
    );
    Ok(())
}

/// Says on stderr that a secret came as a command-line argument, where other
/// programs (`/proc/*/cmdline`) and the shell history see it.
fn warn_argument(message_id: &str) {
    eprintln!(
        "safekeep: warning: {}",
        i18n::localize(Language::En, message_id, &[])
    );
}

/// The backup token of `mark-used`/`unuse`: the argument (with a warning),
/// else asked without showing it or read from stdin.
fn token_from(input: &mut Input, argument: Option<String>) -> Result<Zeroizing<String>, Failure> {
    match argument {
        Some(token) if token != "-" => {
            warn_argument("tokens-token-in-arguments");
            Ok(Zeroizing::new(token))
        }
        _ => input.secret("backup token"),
    }
}

fn otp_from_args(args: &AddArgs, input: &mut Input) -> Result<Option<Otp>, Failure> {
    let secret = if args.secret_stdin {
        input.secret("secret key")?
    } else if let Some(secret) = &args.secret {
        warn_argument("otp-secret-in-arguments");
        Zeroizing::new(secret.clone())
    } else {
        return Ok(None);
    };
    let secret = OtpSecret::from_base32(&secret)?;
    let kind = if args.steam {
        OtpKind::Steam
    } else if args.hotp {
        OtpKind::Hotp {
            counter: args.counter,
        }
    } else {
        OtpKind::Totp {
            period: args.period,
        }
    };
    let algorithm = match args.algorithm {
        AlgorithmArg::Sha1 => Algorithm::Sha1,
        AlgorithmArg::Sha256 => Algorithm::Sha256,
        AlgorithmArg::Sha512 => Algorithm::Sha512,
    };
    Ok(Some(Otp::new(kind, algorithm, args.digits, secret)?))
}

fn add(vault: &mut Vault, input: &mut Input, args: AddArgs) -> Result<(), Failure> {
    let account = match &args.uri {
        Some(uri) => {
            let link = if uri == "-" {
                input.secret("otpauth:// link")?
            } else {
                warn_argument("otp-secret-in-arguments");
                Zeroizing::new(uri.clone())
            };
            let parsed = otp::parse_otpauth_uri(link.trim())?;
            Account::new(&parsed.issuer, &parsed.label, Some(parsed.otp), now())?
        }
        None => {
            let issuer = args.issuer.clone().unwrap_or_default();
            let label = args.label.clone().unwrap_or_default();
            if issuer.trim().is_empty() && label.trim().is_empty() {
                return Err(Failure::new(
                    "give an otpauth:// link, or at least --issuer or --label (and --secret for codes)",
                ));
            }
            Account::new(&issuer, &label, otp_from_args(&args, input)?, now())?
        }
    };
    let name = account.display_name();
    vault
        .update(|contents| contents.add_account(account).map(|_| ()))
        .map_err(|error| match error {
            UpdateError::Rejected(duplicate) => Failure::from(duplicate),
            UpdateError::Save(error) => error.into(),
        })?;
    eprintln!("Added {name}.");
    Ok(())
}

fn save_failure(error: UpdateError<Infallible>) -> Failure {
    match error {
        UpdateError::Save(error) => error.into(),
        UpdateError::Rejected(never) => match never {},
    }
}

fn kind_name(account: &Account) -> &'static str {
    match account.otp.as_ref().map(|otp| &otp.kind) {
        None => "tokens-only",
        Some(OtpKind::Totp { .. }) => "totp",
        Some(OtpKind::Hotp { .. }) => "hotp",
        Some(OtpKind::Steam) => "steam",
    }
}

fn list(vault: &Vault) -> Result<(), Failure> {
    let accounts = &vault.contents().accounts;
    if accounts.is_empty() {
        eprintln!("No accounts yet. Add one with 'safekeep add <otpauth-link>'.");
        return Ok(());
    }
    let issuer_width = accounts
        .iter()
        .map(|a| a.issuer.chars().count())
        .max()
        .unwrap_or(0);
    let label_width = accounts
        .iter()
        .map(|a| a.label.chars().count())
        .max()
        .unwrap_or(0);
    for account in accounts {
        let tokens = &account.backup_tokens;
        println!(
            "{:issuer_width$}  {:label_width$}  {:11}  {}/{} backup tokens",
            account.issuer,
            account.label,
            kind_name(account),
            tokens.unused_count(),
            tokens.total(),
        );
    }
    Ok(())
}

fn find<'a>(contents: &'a VaultContents, query: &str) -> Result<&'a Account, Failure> {
    account::find_one(&contents.accounts, query).map_err(|error| {
        let code = match error {
            account::FindError::Ambiguous { .. } => exit::AMBIGUOUS,
            account::FindError::NoMatch { .. } => 1,
        };
        Failure {
            code,
            ..Failure::from(error)
        }
    })
}

/// Runs `change` on the account `query` names, inside one locked
/// transaction, so the account is looked up in the newest saved state.
fn change_account<T>(
    vault: &mut Vault,
    query: &str,
    change: impl FnOnce(&mut Account) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let id = find(vault.contents(), query)?.id.clone();
    let result = vault.update(
        |contents| match contents.accounts.iter_mut().find(|a| a.id == id) {
            Some(account) => change(account),
            None => Err(Failure::new(
                "the account was removed by another Safekeep window or command meanwhile",
            )),
        },
    );
    match result {
        Ok(value) => Ok(value),
        Err(UpdateError::Rejected(failure)) => Err(failure),
        Err(UpdateError::Save(error)) => Err(error.into()),
    }
}

fn code(vault: &mut Vault, query: &str, at: Option<u64>) -> Result<(), Failure> {
    let account = find(vault.contents(), query)?;
    let Some(otp) = &account.otp else {
        return Err(Failure::new(format!(
            "{} has no code generator, only backup tokens; use 'safekeep tokens use'",
            account.display_name()
        )));
    };
    let time = at.unwrap_or_else(|| now().max(0) as u64);
    if !matches!(otp.kind, OtpKind::Hotp { .. }) {
        println!("{}", otp.code_at(time));
        return Ok(());
    }
    let code = change_account(vault, query, |account| {
        Ok(account.otp.as_mut().and_then(Otp::take_hotp_code))
    })?;
    if let Some(code) = code {
        println!("{code}");
    }
    Ok(())
}

fn remove(vault: &mut Vault, query: &str, yes: bool) -> Result<(), Failure> {
    let account = find(vault.contents(), query)?;
    let name = account.display_name();
    let id = account.id.clone();
    if !yes && !Input::confirm(&format!("Remove {name} and its backup tokens?")) {
        return Err(Failure::new(
            "not removed (confirm on a terminal, or pass --yes)",
        ));
    }
    vault
        .update(|contents| {
            contents.accounts.retain(|account| account.id != id);
            Ok::<(), Infallible>(())
        })
        .map_err(save_failure)?;
    eprintln!("Removed {name}.");
    Ok(())
}

fn tokens_add(
    vault: &mut Vault,
    input: &mut Input,
    query: &str,
    replace: bool,
    keep_all: bool,
) -> Result<(), Failure> {
    let pasted = input.data()?;
    let mode = if replace {
        BatchMode::Replace
    } else {
        BatchMode::Append
    };
    let keep = if keep_all {
        Keep::All
    } else {
        Keep::Recognised
    };
    let time = now();
    let (report, site, unused, total) = change_account(vault, query, |account| {
        let report = account
            .backup_tokens
            .add_pasted(&pasted, keep, mode, time)?;
        let tokens = &account.backup_tokens;
        Ok((
            report,
            account.site_name().to_owned(),
            tokens.unused_count(),
            tokens.total(),
        ))
    })?;
    let mut skipped = Vec::new();
    if report.already_stored > 0 {
        skipped.push(format!("{} already stored", report.already_stored));
    }
    if report.repeated_in_paste > 0 {
        skipped.push(format!("{} repeated in the list", report.repeated_in_paste));
    }
    let skipped = if skipped.is_empty() {
        String::new()
    } else {
        format!(" (skipped {})", skipped.join(", "))
    };
    if replace {
        eprintln!(
            "Replaced {} old backup tokens of {site} with {} new ones{skipped}. {unused} of {total} unused.",
            report.dropped, report.added
        );
    } else {
        eprintln!(
            "Added {} backup tokens to {site}{skipped}. {unused} of {total} unused.",
            report.added
        );
    }
    print_left_out(&report.left_out, query);
    Ok(())
}

/// Names, on stderr, every piece of the paste that was not added, and how to
/// add them anyway. Printing them is the point: they may be tokens the
/// person needs, and they only go to the terminal that pasted them.
fn print_left_out(left_out: &[LeftOut], query: &str) {
    if left_out.is_empty() {
        return;
    }
    let english = |id, args: &[(&'static str, MessageArg)]| localize(Language::En, id, args);
    eprintln!(
        "{}",
        english(
            "tokens-left-out-heading",
            &[("count", left_out.len().into())]
        )
    );
    for piece in left_out {
        eprintln!(
            "  line {}: {}  ({})",
            piece.line,
            piece.piece.as_str(),
            piece.reason.localized(Language::En)
        );
    }
    eprintln!(
        "{}",
        english(
            "tokens-left-out-hint",
            &[("query", shell_word(query).into())]
        )
    );
}

/// `query` as one word a shell reads back unchanged, for a command line we
/// suggest.
fn shell_word(query: &str) -> String {
    if !query.is_empty()
        && query
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.@+".contains(c))
    {
        query.to_owned()
    } else {
        format!("'{}'", query.replace('\'', "'\\''"))
    }
}

fn tokens_list(vault: &Vault, query: &str, reveal: bool) -> Result<(), Failure> {
    let account = find(vault.contents(), query)?;
    let tokens = &account.backup_tokens;
    if tokens.total() == 0 {
        eprintln!(
            "{} has no backup tokens; add them with 'safekeep tokens add {query}'",
            account.site_name()
        );
        return Ok(());
    }
    for token in tokens.iter() {
        let shown = if reveal {
            token.code.as_str().to_owned()
        } else {
            token.code.masked()
        };
        match token.used_at {
            Some(at) => println!("{shown}  used {}", format_time(at)),
            None => println!("{shown}  unused"),
        }
    }
    eprintln!("{} of {} unused.", tokens.unused_count(), tokens.total());
    Ok(())
}

fn tokens_use(vault: &mut Vault, query: &str) -> Result<(), Failure> {
    let time = now();
    let (token, site, status) = change_account(vault, query, |account| {
        let site = account.site_name().to_owned();
        match account.backup_tokens.redeem_next(&site, time) {
            Ok(token) => Ok((token, site, account.backup_tokens.status())),
            // The exact wording and exit code are part of the CLI contract.
            Err(RedeemError::NoneLeft { .. } | RedeemError::NoTokens { .. }) => {
                Err(no_tokens_left(&site))
            }
        }
    })?;
    println!("{}", token.as_str());
    match status {
        TokenStatus::RunningLow { .. } => eprintln!(
            "Only 1 backup token left for {site}. Generate new ones on the site and add them with 'safekeep tokens add'."
        ),
        TokenStatus::Exhausted { .. } => eprintln!(
            "That was the last backup token for {site}. Generate new ones on the site and add them with 'safekeep tokens add'."
        ),
        _ => {}
    }
    Ok(())
}

fn no_tokens_left(site: &str) -> Failure {
    Failure {
        message: format!(
            "no unused backup tokens left for {site}; generate new ones on the site and add them with 'safekeep tokens add'"
        ),
        code: exit::NO_TOKENS_LEFT,
    }
}

fn tokens_mark(vault: &mut Vault, query: &str, token: &str, used: bool) -> Result<(), Failure> {
    let time = now();
    let (site, unused, total) = change_account(vault, query, |account| {
        if used {
            account.backup_tokens.mark_used(token, time)?;
        } else {
            account.backup_tokens.mark_unused(token)?;
        }
        Ok((
            account.site_name().to_owned(),
            account.backup_tokens.unused_count(),
            account.backup_tokens.total(),
        ))
    })?;
    let state = if used { "used" } else { "unused" };
    eprintln!("Marked the token {state}. {site}: {unused} of {total} unused.");
    Ok(())
}

/// "1 account", "2 accounts".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Where a file the user named is, in full, for messages.
fn shown(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Reads a file the user named; it may hold secrets, so it is wiped after.
fn read_file(path: &Path, what: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    std::fs::read(path).map(Zeroizing::new).map_err(|e| {
        Failure::new(format!(
            "could not read the {what} {} ({e}); check the file name",
            shown(path)
        ))
    })
}

fn backup_failure(error: BackupError) -> Failure {
    match error {
        BackupError::Exists { .. } => Failure::new(format!("{error} To replace it, pass --force.")),
        error => error.into(),
    }
}

fn backup(
    vault: &mut Vault,
    input: &mut Input,
    args: &BackupArgs,
    weak_password_ok: bool,
) -> Result<(), Failure> {
    let Some(path) = args.file.as_ref().or(args.output.as_ref()) else {
        return Err(Failure::new(
            "name the backup file to write, e.g. --output FILE",
        ));
    };
    if !args.force && path.symlink_metadata().is_ok() {
        return Err(backup_failure(BackupError::Exists { path: shown(path) }));
    }
    let Some(password) =
        input.other_password(args.backup_password_stdin, "New backup password: ", true)?
    else {
        return Err(Failure::new(
            "a backup password is needed and there is no terminal to ask on; pass it on standard input with --backup-password-stdin (on the line after the vault password if --password-stdin is given too)",
        ));
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
    eprintln!(
        "Wrote an encrypted backup of {} to {}. It opens with the backup password on any computer; keep that password somewhere else than the file.",
        count(accounts, "account"),
        shown(path)
    );
    Ok(())
}

fn password_set(
    vault: &mut Vault,
    input: &mut Input,
    new_password_stdin: bool,
    weak_password_ok: bool,
) -> Result<(), Failure> {
    let had_password = vault.slot_kinds().password;
    let Some(password) = input.other_password(new_password_stdin, "New vault password: ", true)?
    else {
        return Err(Failure::new(
            "a new password is needed and there is no terminal to ask on; pass it on standard input with --new-password-stdin (on the line after the vault password if --password-stdin is given too)",
        ));
    };
    check_new_password(&password, weak_password_ok)?;
    vault.set_password(&password, KdfParams::recommended())?;
    if had_password {
        eprintln!("Changed the vault password.");
    } else {
        eprintln!(
            "Added a password: it opens the vault on another computer and when the OS keychain cannot."
        );
    }
    Ok(())
}

fn password_remove(vault: &mut Vault) -> Result<(), Failure> {
    vault.remove_password()?;
    eprintln!("Removed the password; the vault opens with the key in your OS keychain.");
    Ok(())
}

fn password_ask_at_unlock(vault: &mut Vault, on: bool) -> Result<(), Failure> {
    vault.set_password_at_unlock(on)?;
    if on {
        eprintln!(
            "The password is now asked after a lock and at start, by the app and by every safekeep command."
        );
    } else {
        eprintln!("The vault opens with the key in your OS keychain again, without the password.");
    }
    Ok(())
}

fn restore(vault: &mut Vault, input: &mut Input, args: &RestoreArgs) -> Result<(), Failure> {
    let bytes = read_file(&args.file, "backup")?;
    let Some(password) =
        input.other_password(args.backup_password_stdin, "Backup password: ", false)?
    else {
        return Err(Failure::new(
            "the backup's password is needed and there is no terminal to ask on; pass it on standard input with --backup-password-stdin (on the line after the vault password if --password-stdin is given too)",
        ));
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
        if removed > 0
            && !Input::confirm(&format!(
                "Replacing removes {} that the backup does not have. Replace?",
                count(removed, "account")
            ))
        {
            return Err(Failure::new(format!(
                "not restored: --replace would remove {} that the backup does not have (confirm on a terminal, pass --yes, or restore without --replace to merge)",
                count(removed, "account")
            )));
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

fn print_restore_report(report: &RestoreReport, file: &Path) {
    let from = shown(file);
    match report.mode {
        RestoreMode::Merge => eprintln!(
            "Restored {} from {from} into the vault: {} added, {} already here (backup tokens and used marks combined, {} added), {} only in this vault kept.",
            count(report.in_backup, "account"),
            report.added,
            report.matched,
            count(report.tokens_added, "backup token"),
            report.only_in_vault,
        ),
        RestoreMode::Replace => eprintln!(
            "Replaced the vault's accounts with the {} of {from}: {} that were only in this vault removed.",
            count(report.in_backup, "account"),
            count(report.only_in_vault, "account"),
        ),
    }
    if report.kept_used > 0 {
        let verb = if report.kept_used == 1 {
            "stays"
        } else {
            "stay"
        };
        eprintln!(
            "{} used since the backup {verb} used.",
            count(report.kept_used, "backup token")
        );
    }
}

fn import(vault: &mut Vault, input: &mut Input, args: &ImportArgs) -> Result<(), Failure> {
    // A file larger than any export is refused before it is read.
    if let Ok(metadata) = std::fs::metadata(&args.file) {
        formats::check_import_size(metadata.len()).map_err(import_failure)?;
    }
    let bytes = read_file(&args.file, "file")?;
    let restored = match formats::restore(&bytes, args.format, None) {
        Err(ImportError::PasswordNeeded { format }) => {
            let prompt = format!("Password of the {} file: ", format.name());
            let Some(password) = input.other_password(args.file_password_stdin, &prompt, false)?
            else {
                return Err(Failure::new(format!(
                    "this {} file is encrypted and there is no terminal to ask for its password on; pass it on standard input with --file-password-stdin (on the line after the vault password if --password-stdin is given too)",
                    format.name()
                )));
            };
            formats::restore(&bytes, Some(format), Some(password.as_str()))
        }
        other => other,
    }
    .map_err(import_failure)?;
    let report = if restored.accounts.is_empty() {
        formats::ImportReport {
            rejected: restored.rejected,
            ..formats::ImportReport::default()
        }
    } else {
        vault
            .update(|contents| Ok::<_, Infallible>(formats::merge_into(contents, restored)))
            .map_err(save_failure)?
    };
    let (added, skipped, rejected) = (report.added_names, report.skipped_names, report.rejected);
    eprintln!(
        "Imported from {}: {} added, {} already in the vault skipped, {} not readable.",
        shown(&args.file),
        count(added.len(), "account"),
        skipped.len(),
        rejected.len()
    );
    if !added.is_empty() {
        eprintln!("Added: {}.", added.join(", "));
    }
    if !skipped.is_empty() {
        eprintln!(
            "Skipped, already in the vault (their backup tokens were merged, used marks kept): {}.",
            skipped.join(", ")
        );
    }
    for entry in &rejected {
        eprintln!("Not imported: {}: {}", entry.name, entry.reason);
    }
    Ok(())
}

fn import_failure(error: ImportError) -> Failure {
    match error {
        ImportError::UnknownFormat => Failure::new(format!(
            "{error} For a plain list of backup tokens for one site, use 'safekeep tokens add <site> < FILE'."
        )),
        error => error.into(),
    }
}

fn export(vault: &Vault, args: &ExportArgs) -> Result<(), Failure> {
    let contents = vault.contents();
    let sheet = args.format == ExportFormat::Sheet;
    if args.include_secrets && !sheet {
        return Err(Failure::new(
            "--include-secrets is only for --format sheet; the other formats always hold the secrets",
        ));
    }
    let risk = if sheet && !args.include_secrets {
        "anyone who reads it can use your backup tokens"
    } else {
        "anyone who reads it can make your codes"
    };
    if !args.yes && !Input::confirm(&format!("This file is NOT encrypted: {risk}. Write it?")) {
        return Err(Failure::new(format!(
            "not exported: this file is NOT encrypted, {risk} (confirm on a terminal, or pass --yes)"
        )));
    }
    let accounts = &contents.accounts;
    if let Some(path) = &args.output
        && !args.force
        && path.symlink_metadata().is_ok()
    {
        return Err(output_exists(path));
    }
    let text = match args.format {
        ExportFormat::Otpauth => formats::otpauth_list::export(accounts),
        ExportFormat::Aegis => formats::aegis::export_plain(accounts),
        ExportFormat::Google => {
            let links = formats::google::export_migration_uris(accounts);
            let joined: Vec<&str> = links.iter().map(|link| link.as_str()).collect();
            join_lines(&joined)
        }
        ExportFormat::Sheet => {
            let language = sheet_language(args.language, contents);
            let options = SheetOptions {
                include_secrets: args.include_secrets,
            };
            sheet::recovery_sheet_html(contents, options, language, now())
        }
    };
    let text = join_lines(&[text.as_str()]);
    let text = text.as_bytes();
    match &args.output {
        Some(path) => write_output(path, text, args.force)?,
        None => write_stdout(text)?,
    }
    report_export(args, accounts);
    Ok(())
}

fn output_exists(path: &Path) -> Failure {
    Failure::new(format!(
        "{} already exists, so nothing was written; choose another file name, or pass --force to replace it",
        shown(path)
    ))
}

/// Writes an export to the file `--output` names: readable by the owner
/// only, whole or not at all, and over an existing file only with --force.
fn write_output(path: &Path, bytes: &[u8], force: bool) -> Result<(), Failure> {
    backup::write_backup_file(path, bytes, force).map_err(|error| match error {
        BackupError::Exists { .. } => output_exists(path),
        BackupError::Write { reason, .. } => Failure::new(format!(
            "could not write {} ({reason}); check that the folder exists, that you may write there and that the disk has space",
            shown(path)
        )),
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
            Ok(true) => eprintln!(
                "safekeep: standard output is a file other users could read; it is now readable by you only."
            ),
            Ok(false) => {}
            Err(error) => {
                return Err(Failure::new(format!(
                    "standard output is a file other users can read, and it could not be made private ({error}); nothing was written. Use --output FILE instead"
                )));
            }
        }
    }
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::new(format!("could not write to standard output ({e})")))
}

/// Says on stderr what went into an export and what did not.
fn report_export(args: &ExportArgs, accounts: &[Account]) {
    let has_code = |account: &&Account| account.otp.is_some();
    let (exported, what, left_out_because) = match args.format {
        ExportFormat::Sheet => {
            eprintln!(
                "Wrote a printable recovery sheet. It is NOT encrypted: print it, then delete the file."
            );
            return;
        }
        ExportFormat::Otpauth => (
            accounts.iter().filter(has_code).count(),
            "as otpauth links",
            "they have no secret, only backup tokens",
        ),
        ExportFormat::Google => (
            accounts
                .iter()
                .filter(|account| {
                    account
                        .otp
                        .as_ref()
                        .is_some_and(formats::google::GoogleMigration::carries)
                })
                .count(),
            "as Google Authenticator migration links",
            "Google Authenticator cannot make their codes, or they have only backup tokens",
        ),
        ExportFormat::Aegis => (
            accounts.iter().filter(has_code).count(),
            "as an Aegis plain export",
            "they have no secret, only backup tokens",
        ),
    };
    let left_out = accounts.len() - exported;
    let left_out = if left_out > 0 {
        format!(
            " ({} left out: {left_out_because})",
            count(left_out, "account")
        )
    } else {
        String::new()
    };
    eprintln!(
        "Exported {} {what}{left_out}. It is NOT encrypted: keep it safe, and delete it when you no longer need it.",
        count(exported, "account")
    );
    if accounts
        .iter()
        .any(|account| !account.backup_tokens.is_empty())
    {
        eprintln!(
            "Backup tokens are not part of this format; 'safekeep backup' keeps them, encrypted, and 'safekeep export --format sheet' prints them."
        );
    }
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
        Some(LanguageArg::En) => Language::En,
        Some(LanguageArg::Nl) => Language::Nl,
        None => contents.settings.language.unwrap_or_else(|| {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|name| std::env::var(name).ok())
                .find(|value| !value.is_empty())
                .unwrap_or_default();
            Language::from_locale(&locale)
        }),
    }
}

/// A Unix time as "2026-11-25 14:02 UTC": the CLI has no time zone
/// database, and a plain UTC stamp is unambiguous in scroll-back.
fn format_time(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let seconds = unix.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        seconds / 3600,
        seconds % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::format_time;

    #[test]
    fn times_are_printed_as_utc_dates() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_764_079_320), "2025-11-25 14:02 UTC");
        assert_eq!(format_time(951_782_400), "2000-02-29 00:00 UTC");
    }
}
