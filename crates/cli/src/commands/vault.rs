//! The vault commands: `init`, and `password set`, `remove` and
//! `ask-at-unlock` for the vault's password slot.

use safekeep_core::i18n::Message;
use safekeep_core::vault::{CreateOptions, KdfParams, Vault};

use super::check_new_password;
use crate::Failure;
use crate::input::Input;
use crate::unlock::{keychain, location};
use crate::words::{language, say};

pub fn init(input: &mut Input, weak_password_ok: bool) -> Result<(), Failure> {
    let location = location()?;
    let keychain = keychain();
    let keychain_problem = keychain.check_available().err();
    if let Some(problem) = &keychain_problem {
        let problem = problem.localized(language());
        let note = say("cli-init-no-keychain", &[("problem", problem.into())]);
        eprintln!("safekeep: {note}");
    }
    let password = if input.password_given_on_stdin() || keychain_problem.is_some() {
        match input.password(&say("cli-prompt-choose-vault-password", &[]), true)? {
            Some(password) => Some(password),
            None => {
                return Err(Failure::said("cli-init-password-needed", &[]));
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
        (true, true) => "cli-created-vault-keychain-and-password",
        (true, false) => "cli-created-vault-keychain",
        _ => "cli-created-vault-password",
    };
    let path = location.vault_file().display().to_string();
    eprintln!("{}", say(how, &[("path", path.into())]));
    Ok(())
}

pub fn password_set(
    vault: &mut Vault,
    input: &mut Input,
    new_password_stdin: bool,
    weak_password_ok: bool,
) -> Result<(), Failure> {
    let had_password = vault.slot_kinds().password;
    let prompt = say("cli-prompt-new-vault-password", &[]);
    let Some(password) = input.other_password(new_password_stdin, &prompt, true)? else {
        return Err(Failure::said("cli-new-password-needed", &[]));
    };
    check_new_password(&password, weak_password_ok)?;
    vault.set_password(&password, KdfParams::recommended())?;
    let done = if had_password {
        "cli-password-changed"
    } else {
        "cli-password-added"
    };
    eprintln!("{}", say(done, &[]));
    Ok(())
}

pub fn password_remove(vault: &mut Vault) -> Result<(), Failure> {
    vault.remove_password()?;
    eprintln!("{}", say("cli-password-removed", &[]));
    Ok(())
}

pub fn password_ask_at_unlock(vault: &mut Vault, on: bool) -> Result<(), Failure> {
    vault.set_password_at_unlock(on)?;
    let done = if on {
        "cli-password-at-unlock-on"
    } else {
        "cli-password-at-unlock-off"
    };
    eprintln!("{}", say(done, &[]));
    Ok(())
}
