//! The vault commands: `init`, and `password set`, `remove` and
//! `ask-at-unlock` for the vault's password slot.

use safekeep_core::i18n::Message;
use safekeep_core::keychain::KeychainError;
use safekeep_core::vault::{CreateError, CreateOptions, KdfParams, Vault, VaultLocation};
use zeroize::Zeroizing;

use super::check_new_password;
use crate::Failure;
use crate::input::Input;
use crate::unlock::{keychain, location};
use crate::words::{language, say};

pub fn init(input: &mut Input, weak_password_ok: bool) -> Result<(), Failure> {
    let location = location()?;
    let given = if input.password_given_on_stdin() {
        Some(new_vault_password(input, weak_password_ok)?)
    } else {
        None
    };
    // Core decides whether the keychain can hold the key; the CLI only asks
    // for a password when core says one is needed, and says why.
    let vault = match create(&location, given.as_deref()) {
        Err(CreateError::PasswordNeeded { keychain: problem }) => {
            say_keychain_unusable(&problem);
            let password = new_vault_password(input, weak_password_ok)?;
            create(&location, Some(&password))?
        }
        created => {
            let vault = created?;
            if !vault.slot_kinds().keychain
                && let Err(problem) = keychain().check_available()
            {
                say_keychain_unusable(&problem);
            }
            vault
        }
    };
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

/// A new vault with the key in the keychain where core finds it usable,
/// and `password` as a second way in (or the only one).
fn create(location: &VaultLocation, password: Option<&String>) -> Result<Vault, CreateError> {
    Vault::create(
        location,
        keychain(),
        CreateOptions {
            keychain: true,
            password: password.map(String::as_str),
            kdf: KdfParams::recommended(),
        },
    )
}

/// The new vault's password, from stdin or the terminal, checked for
/// strength; refused when there is no way to ask.
fn new_vault_password(
    input: &mut Input,
    weak_password_ok: bool,
) -> Result<Zeroizing<String>, Failure> {
    let password = input
        .password(&say("cli-prompt-choose-vault-password", &[]), true)?
        .ok_or_else(|| Failure::said("cli-init-password-needed", &[]))?;
    check_new_password(&password, weak_password_ok)?;
    Ok(password)
}

fn say_keychain_unusable(problem: &KeychainError) {
    let problem = problem.localized(language());
    let note = say("cli-init-no-keychain", &[("problem", problem.into())]);
    eprintln!("safekeep: {note}");
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
