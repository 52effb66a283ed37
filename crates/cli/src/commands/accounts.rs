//! The account commands: `add`, `list`, `code`, `pin`, `unpin` and `remove`.

use std::convert::Infallible;

use safekeep_core::account::{Account, ByHandError};
use safekeep_core::capture;
use safekeep_core::otp::{self, Algorithm, Otp, OtpKind, OtpSecret};
use safekeep_core::time::now;
use safekeep_core::vault::{UpdateError, Vault};
use zeroize::Zeroizing;

use super::transfer::merge_restored;
use super::{change_account, find, save_failure, warn_argument};
use crate::Failure;
use crate::args::{AddArgs, AlgorithmArg};
use crate::input::Input;
use crate::output::{print_account_table, print_import_report};
use crate::words::say;

fn otp_from_args(args: &AddArgs, input: &mut Input) -> Result<Option<Otp>, Failure> {
    let secret = if args.secret_stdin {
        input.secret(&say("cli-what-secret-key", &[]))?
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

pub fn add(vault: &mut Vault, input: &mut Input, args: AddArgs) -> Result<(), Failure> {
    if args.from_clipboard || args.from_screen {
        return add_captured(vault, args.from_screen);
    }
    let account = match &args.uri {
        Some(uri) => {
            let link = if uri == "-" {
                input.secret(&say("cli-what-link", &[]))?
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
            // Named first, so a missing name is said before a secret is asked.
            let mut account = Account::new_by_hand(&issuer, &label, None, now()).map_err(
                |error| match error {
                    ByHandError::Unnamed => Failure::advised(&error, "cli-add-name-flags"),
                    error => error.into(),
                },
            )?;
            account.otp = otp_from_args(&args, input)?;
            account
        }
    };
    let name = account.display_name();
    vault
        .update(|contents| contents.add_account(account).map(|_| ()))
        .map_err(|error| match error {
            UpdateError::Rejected(duplicate) => Failure::from(duplicate),
            UpdateError::Save(error) => error.into(),
        })?;
    eprintln!("{}", say("cli-added-account", &[("name", name.into())]));
    Ok(())
}

/// `add --from-clipboard` and `add --from-screen`: the accounts of every QR
/// code in the clipboard's picture or on the screen, reported as an import.
fn add_captured(vault: &mut Vault, from_screen: bool) -> Result<(), Failure> {
    let (captured, source) = if from_screen {
        (capture::screen_picture(), "cli-source-screen")
    } else {
        (capture::clipboard_picture(), "cli-source-clipboard")
    };
    // The pixels are wiped as soon as their codes are read.
    let restored = captured?.restore()?;
    let report = merge_restored(vault, restored)?;
    print_import_report(report, &say(source, &[]));
    Ok(())
}

pub fn list(vault: &Vault) -> Result<(), Failure> {
    let accounts = vault.contents().in_list_order();
    if accounts.is_empty() {
        eprintln!("{}", say("cli-list-empty", &[]));
        return Ok(());
    }
    print_account_table(&accounts);
    Ok(())
}

/// `pin` and `unpin`: keeps the account at the top of every list, or not.
pub fn set_pinned(vault: &mut Vault, query: &str, pinned: bool) -> Result<(), Failure> {
    let name = change_account(vault, query, |account| {
        account.pinned = pinned;
        Ok(account.display_name())
    })?;
    let said = if pinned { "cli-pinned" } else { "cli-unpinned" };
    eprintln!("{}", say(said, &[("name", name.into())]));
    Ok(())
}

pub fn code(vault: &mut Vault, query: &str, at: Option<u64>) -> Result<(), Failure> {
    let account = find(vault.contents(), query)?;
    let Some(otp) = &account.otp else {
        return Err(Failure::said(
            "cli-no-code",
            &[("name", account.display_name().into())],
        ));
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

pub fn remove(vault: &mut Vault, query: &str, yes: bool) -> Result<(), Failure> {
    let account = find(vault.contents(), query)?;
    let name = account.display_name();
    let id = account.id.clone();
    let question = say("cli-confirm-remove", &[("name", name.as_str().into())]);
    if !yes && !Input::confirm(&question) {
        return Err(Failure::said("cli-not-removed", &[]));
    }
    vault
        .update(|contents| {
            contents.remove_account(&id);
            Ok::<(), Infallible>(())
        })
        .map_err(save_failure)?;
    eprintln!("{}", say("cli-removed-account", &[("name", name.into())]));
    Ok(())
}
