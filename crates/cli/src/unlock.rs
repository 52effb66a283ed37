//! Finding and unlocking the vault: the keychain first, the password when
//! the keychain cannot help and the vault has one.

use std::sync::Arc;

use safekeep_core::i18n::Message;
use safekeep_core::keychain::{Keychain, SystemKeychain};
use safekeep_core::vault::{OpenError, OpenOptions, Unlock, UpdateError, Vault, VaultLocation};

use crate::Failure;
use crate::input::Input;
use crate::words::{core_error_and_next, say};

/// Where the vault is, from `SAFEKEEP_DATA_DIR` or the platform default.
pub fn location() -> Result<VaultLocation, Failure> {
    VaultLocation::from_env().ok_or_else(|| Failure::said("cli-no-home", &[]))
}

/// The OS keychain, under `SAFEKEEP_KEYRING_SERVICE` if set.
pub fn keychain() -> Arc<dyn Keychain> {
    Arc::new(SystemKeychain::from_env())
}

/// Opens the vault, asking for the password only when it is needed.
pub fn open_vault(input: &mut Input, accept_older_vault: bool) -> Result<Vault, Failure> {
    let location = location()?;
    let keychain = keychain();
    let options = OpenOptions {
        accept_rollback: accept_older_vault,
    };
    let mut vault = open_unreported(input, &location, keychain, options)?;
    report_sync_news(&mut vault);
    Ok(vault)
}

/// Says on stderr, once, what the merge of a synced folder found: a key
/// changed on another computer that this one has not caught up with,
/// files it skipped (half-written, foreign, older than seen) and backup
/// tokens that two computers used; the latter are then remembered as said.
pub fn report_sync_news(vault: &mut Vault) {
    let language = crate::words::language();
    if let Some(changed) = vault.key_changed_elsewhere() {
        let message = core_error_and_next(changed, "cli-sync-catch-up-how", &[]);
        eprintln!(
            "safekeep: {}",
            say("cli-note", &[("message", message.into())])
        );
    }
    for problem in vault.device_file_problems() {
        let message = problem.localized(language);
        eprintln!(
            "safekeep: {}",
            say("cli-warning", &[("message", message.into())])
        );
    }
    if vault.double_uses().is_empty() {
        return;
    }
    for double_use in vault.double_uses() {
        let message = double_use.localized(language);
        eprintln!(
            "safekeep: {}",
            say("cli-warning", &[("message", message.into())])
        );
    }
    if let Err(UpdateError::Save(error)) = vault.mark_double_uses_reported() {
        tracing_note(&error);
    }
}

fn open_unreported(
    input: &mut Input,
    location: &VaultLocation,
    keychain: Arc<dyn Keychain>,
    options: OpenOptions,
) -> Result<Vault, Failure> {
    let kinds = Vault::slot_kinds_at(location)?;
    // With "ask for my password at unlock" on, the CLI asks too: a terminal
    // is one keystroke away from a locked app.
    let keychain_error = if kinds.keychain_unlocks() && !input.password_given_on_stdin() {
        match Vault::open(location, Arc::clone(&keychain), Unlock::Keychain, options) {
            Ok(vault) => return Ok(vault),
            Err(error) if error.password_would_help() => Some(error),
            Err(error) => return Err(error.into()),
        }
    } else {
        None
    };
    let Some(password) = input.password(&say("cli-prompt-vault-password", &[]), false)? else {
        let error = keychain_error.unwrap_or(if kinds.password_at_unlock {
            OpenError::PasswordAtUnlock
        } else {
            OpenError::NeedsPassword
        });
        return Err(Failure::advised(
            &error,
            "cli-no-terminal-for-vault-password",
        ));
    };
    if let Some(error) = keychain_error {
        tracing_note(&error);
    }
    Ok(Vault::open(
        location,
        keychain,
        Unlock::Password(&password),
        options,
    )?)
}

/// Says a note on stderr: why a password was needed although the vault
/// has a keychain slot, or why a double use could not be remembered.
fn tracing_note(error: &dyn Message) {
    let message = error.localized(crate::words::language());
    eprintln!(
        "safekeep: {}",
        say("cli-note", &[("message", message.into())])
    );
}
