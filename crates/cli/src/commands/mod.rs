//! One function per command: translate arguments into core calls, and
//! hand the results to [`crate::output`] to print. This module owns the
//! dispatch from a parsed [`Cli`] to the command's function, and the steps
//! several commands share (finding an account, changing it in one locked
//! transaction, refusing a weak new password); each area of commands has its
//! own module, as `src-tauri/src/commands/` does for the app.

mod accounts;
mod sync;
mod tokens;
mod transfer;
mod vault;

use std::convert::Infallible;

use safekeep_core::account::{self, Account};
use safekeep_core::password_strength;
use safekeep_core::vault::{UpdateError, Vault, VaultContents};

use crate::args::{Cli, Command, PasswordCommand, Switch, SyncCommand, TokensCommand};
use crate::input::Input;
use crate::unlock::open_vault;
use crate::words::say;
use crate::{Failure, exit};

pub fn run(cli: Cli) -> Result<(), Failure> {
    let mut input = Input::new(cli.password_stdin);
    let older = cli.accept_older_vault;
    let language = cli.language;
    let weak_ok = cli.weak_password_ok;
    match cli.command {
        Command::Init { join: None, .. } => vault::init(&mut input, weak_ok),
        Command::Init {
            join: Some(folder),
            name,
        } => sync::join(&mut input, &folder, name),
        Command::Sync(SyncCommand::Enable { dir, name }) => {
            sync::enable(&mut open_vault(&mut input, older)?, &dir, name)
        }
        Command::Sync(SyncCommand::Status) => sync::status(&open_vault(&mut input, older)?),
        Command::Sync(SyncCommand::CatchUp) => sync::catch_up(&mut input, older),
        Command::Sync(SyncCommand::Remove { computer }) => {
            sync::remove(&mut input, older, &computer)
        }
        Command::Add(args) => accounts::add(&mut open_vault(&mut input, older)?, &mut input, args),
        Command::List => accounts::list(&open_vault(&mut input, older)?),
        Command::Code { query, at } => {
            accounts::code(&mut open_vault(&mut input, older)?, &query, at)
        }
        Command::Pin { query } => {
            accounts::set_pinned(&mut open_vault(&mut input, older)?, &query, true)
        }
        Command::Unpin { query } => {
            accounts::set_pinned(&mut open_vault(&mut input, older)?, &query, false)
        }
        Command::Remove { query, yes } => {
            accounts::remove(&mut open_vault(&mut input, older)?, &query, yes)
        }
        // The vault is opened first in each: its password is the first line
        // of stdin, any other password the next.
        Command::Backup(args) => transfer::backup(
            &mut open_vault(&mut input, older)?,
            &mut input,
            &args,
            weak_ok,
        ),
        Command::Restore(args) => {
            transfer::restore(&mut open_vault(&mut input, older)?, &mut input, &args)
        }
        Command::Import(args) => {
            transfer::import(&mut open_vault(&mut input, older)?, &mut input, &args)
        }
        Command::Export(args) => {
            transfer::export(&open_vault(&mut input, older)?, &mut input, &args, language)
        }
        Command::Password(command) => {
            let mut vault = open_vault(&mut input, older)?;
            match command {
                PasswordCommand::Set { new_password_stdin } => {
                    vault::password_set(&mut vault, &mut input, new_password_stdin, weak_ok)
                }
                PasswordCommand::Remove => vault::password_remove(&mut vault),
                PasswordCommand::AskAtUnlock { state } => {
                    vault::password_ask_at_unlock(&mut vault, state == Switch::On)
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
                } => tokens::tokens_add(&mut vault, &mut input, &query, replace, keep_all),
                TokensCommand::List { query, reveal } => {
                    tokens::tokens_list(&vault, &query, reveal)
                }
                TokensCommand::Use { query } => tokens::tokens_use(&mut vault, &query),
                TokensCommand::MarkUsed { query, token } => {
                    let token = tokens::token_from(&mut input, token)?;
                    tokens::tokens_mark(&mut vault, &query, &token, true)
                }
                TokensCommand::Unuse { query, token } => {
                    let token = tokens::token_from(&mut input, token)?;
                    tokens::tokens_mark(&mut vault, &query, &token, false)
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
        .map_err(|error| Failure::advised(&error, "cli-weak-password-ok"))
}

/// Says on stderr that a secret came as a command-line argument, where other
/// programs (`/proc/*/cmdline`) and the shell history see it.
fn warn_argument(message_id: &str) {
    let message = say(message_id, &[]);
    eprintln!(
        "safekeep: {}",
        say("cli-warning", &[("message", message.into())])
    );
}

fn save_failure(error: UpdateError<Infallible>) -> Failure {
    match error {
        UpdateError::Save(error) => error.into(),
        UpdateError::Rejected(never) => match never {},
    }
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
            None => Err(Failure::said("cli-account-gone", &[])),
        },
    );
    match result {
        Ok(value) => Ok(value),
        Err(UpdateError::Rejected(failure)) => Err(failure),
        Err(UpdateError::Save(error)) => Err(error.into()),
    }
}
