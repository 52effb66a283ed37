//! The backup token commands: `tokens add`, `list`, `use`, `mark-used` and
//! `unuse`.

use safekeep_core::time::{now, utc_minute};
use safekeep_core::tokens::{BatchMode, Keep, RedeemError, TokenStatus};
use safekeep_core::vault::Vault;
use zeroize::Zeroizing;

use super::{change_account, find, warn_argument};
use crate::input::Input;
use crate::output::{print_left_out, print_tokens_added};
use crate::words::say;
use crate::{Failure, exit};

/// The backup token of `mark-used`/`unuse`: the argument (with a warning),
/// else asked without showing it or read from stdin.
pub fn token_from(
    input: &mut Input,
    argument: Option<String>,
) -> Result<Zeroizing<String>, Failure> {
    match argument {
        Some(token) if token != "-" => {
            warn_argument("tokens-token-in-arguments");
            Ok(Zeroizing::new(token))
        }
        _ => input.secret(&say("cli-what-backup-token", &[])),
    }
}

pub fn tokens_add(
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
    print_tokens_added(&report, &site, unused, total, replace);
    print_left_out(&report.left_out, query);
    Ok(())
}

pub fn tokens_list(vault: &Vault, query: &str, reveal: bool) -> Result<(), Failure> {
    let account = find(vault.contents(), query)?;
    let tokens = &account.backup_tokens;
    if tokens.total() == 0 {
        let site = account.site_name();
        let args = [("site", site.into()), ("query", query.into())];
        eprintln!("{}", say("cli-tokens-none-stored", &args));
        return Ok(());
    }
    for token in tokens.iter() {
        let shown = if reveal {
            token.code.as_str().to_owned()
        } else {
            token.code.masked()
        };
        let state = match token.used_at {
            Some(at) => say("cli-token-used-at", &[("time", utc_minute(at).into())]),
            None => say("cli-token-unused", &[]),
        };
        println!("{shown}  {state}");
    }
    let args = [
        ("unused", tokens.unused_count().into()),
        ("total", tokens.total().into()),
    ];
    eprintln!("{}", say("cli-tokens-unused-count", &args));
    Ok(())
}

pub fn tokens_use(vault: &mut Vault, query: &str) -> Result<(), Failure> {
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
    let warning = match status {
        TokenStatus::RunningLow { .. } => Some("cli-tokens-one-left"),
        TokenStatus::Exhausted { .. } => Some("cli-tokens-last-used"),
        _ => None,
    };
    if let Some(id) = warning {
        eprintln!("{}", say(id, &[("site", site.into())]));
    }
    Ok(())
}

fn no_tokens_left(site: &str) -> Failure {
    Failure {
        code: exit::NO_TOKENS_LEFT,
        ..Failure::said("cli-no-tokens-left", &[("site", site.into())])
    }
}

pub fn tokens_mark(vault: &mut Vault, query: &str, token: &str, used: bool) -> Result<(), Failure> {
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
    let id = if used {
        "cli-token-marked-used"
    } else {
        "cli-token-marked-unused"
    };
    let args = [
        ("site", site.into()),
        ("unused", unused.into()),
        ("total", total.into()),
    ];
    eprintln!("{}", say(id, &args));
    Ok(())
}
