//! The vault commands: `init`, and `password set`, `remove` and
//! `ask-at-unlock` for the vault's password slot.

use safekeep_core::vault::{CreateOptions, KdfParams, Vault};

use super::check_new_password;
use crate::Failure;
use crate::input::Input;
use crate::unlock::{keychain, location};

pub fn init(input: &mut Input, weak_password_ok: bool) -> Result<(), Failure> {
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

pub fn password_set(
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

pub fn password_remove(vault: &mut Vault) -> Result<(), Failure> {
    vault.remove_password()?;
    eprintln!("Removed the password; the vault opens with the key in your OS keychain.");
    Ok(())
}

pub fn password_ask_at_unlock(vault: &mut Vault, on: bool) -> Result<(), Failure> {
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
