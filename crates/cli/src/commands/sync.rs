//! The synced-folder commands: `sync enable`, `sync status`, `sync
//! catch-up`, `sync remove` and `init --join`. The rules (what moves where, which files
//! count, which key is newer) are core's.

use std::path::Path;

use safekeep_core::sync::default_device_name;
use safekeep_core::time::utc_minute;
use safekeep_core::vault::{
    JoinError, OpenOptions, RemoveDeviceError, SyncStatus, Unlock, UpdateError, Vault,
};

use crate::Failure;
use crate::input::Input;
use crate::unlock::{keychain, location, open_vault, report_sync_news};
use crate::words::say;

pub fn enable(vault: &mut Vault, folder: &Path, name: Option<String>) -> Result<(), Failure> {
    let folder = absolute(folder)?;
    let name = name.unwrap_or_else(default_device_name);
    vault.enable_sync(&folder, &name)?;
    let path = folder.display().to_string();
    let file = vault.location().vault_file().display().to_string();
    eprintln!(
        "{}",
        say(
            "cli-sync-enabled",
            &[("path", path.into()), ("file", file.into())]
        )
    );
    Ok(())
}

pub fn join(input: &mut Input, folder: &Path, name: Option<String>) -> Result<(), Failure> {
    let folder = absolute(folder)?;
    let location = location()?;
    let name = name.unwrap_or_else(default_device_name);
    let Some(password) = input.password(&say("cli-prompt-vault-password", &[]), false)? else {
        return Err(Failure::said("cli-join-password-needed", &[]));
    };
    let vault =
        Vault::join(&location, keychain(), &folder, &password, &name).map_err(
            |error| match error {
                JoinError::Open(error) => Failure::from(error),
                other => Failure::from(other),
            },
        )?;
    let how = if vault.slot_kinds().keychain {
        "cli-joined-keychain"
    } else {
        "cli-joined-password"
    };
    let path = folder.display().to_string();
    eprintln!(
        "{}",
        say(how, &[("name", name.into()), ("path", path.into())])
    );
    let mut vault = vault;
    report_sync_news(&mut vault);
    Ok(())
}

/// Unlocks with the password as it is now, which catches up with a key
/// changed on another computer; says what came of it.
pub fn catch_up(input: &mut Input, accept_older_vault: bool) -> Result<(), Failure> {
    let location = location()?;
    let Some(password) = input.password(&say("cli-prompt-vault-password", &[]), false)? else {
        return Err(Failure::said("cli-catch-up-password-needed", &[]));
    };
    let options = OpenOptions {
        accept_rollback: accept_older_vault,
    };
    let mut vault = Vault::open(&location, keychain(), Unlock::Password(&password), options)?;
    if !vault.is_synced() {
        return Err(Failure::said("cli-sync-not-enabled", &[]));
    }
    // Unlocking did it, unless the password also opens this computer's
    // own file: then this says why it could not.
    if vault.key_changed_elsewhere().is_some() {
        vault.catch_up_with_new_password(&password)?;
    }
    report_sync_news(&mut vault);
    eprintln!("{}", say("cli-sync-caught-up", &[]));
    Ok(())
}

/// Removes another computer; asks for the vault's password when the vault
/// was opened without it (core needs it for the new key).
pub fn remove(input: &mut Input, accept_older_vault: bool, computer: &str) -> Result<(), Failure> {
    let mut vault = open_vault(input, accept_older_vault)?;
    let Some(status) = vault.sync_status() else {
        return Err(Failure::said("cli-sync-not-enabled", &[]));
    };
    let device = status.find_other(computer)?;
    let name = status
        .others
        .iter()
        .find(|other| other.device == device)
        .map(|other| other.name.clone())
        .unwrap_or_else(|| device.to_hex());
    match vault.remove_device(device, None) {
        Err(UpdateError::Rejected(RemoveDeviceError::PasswordNeeded)) => {
            let Some(password) = input.password(&say("cli-prompt-vault-password", &[]), false)?
            else {
                return Err(Failure::advised(
                    &RemoveDeviceError::PasswordNeeded,
                    "cli-sync-remove-password-stdin",
                ));
            };
            vault.remove_device(device, Some(&password))?;
        }
        done => done?,
    }
    eprintln!("{}", say("cli-sync-removed", &[("name", name.into())]));
    Ok(())
}

pub fn status(vault: &Vault) -> Result<(), Failure> {
    // Skipped files were already said when the vault was opened.
    let Some(SyncStatus {
        folder,
        this_device,
        others,
        key_changed_elsewhere,
        ..
    }) = vault.sync_status()
    else {
        return Err(Failure::said("cli-sync-not-enabled", &[]));
    };
    println!(
        "{}",
        say(
            "cli-sync-status-folder",
            &[("path", folder.display().to_string().into())]
        )
    );
    println!(
        "{}",
        say(
            "cli-sync-status-this",
            &[
                ("name", this_device.name.into()),
                ("id", this_device.device.to_hex().into())
            ]
        )
    );
    if others.is_empty() {
        println!("{}", say("cli-sync-status-alone", &[]));
    }
    for other in others {
        let line = match other.last_seen {
            Some(when) => say(
                "cli-sync-status-other",
                &[
                    ("name", other.name.into()),
                    ("id", other.device.to_hex().into()),
                    ("time", utc_minute(when).into()),
                ],
            ),
            None => say(
                "cli-sync-status-other-no-file",
                &[
                    ("name", other.name.into()),
                    ("id", other.device.to_hex().into()),
                ],
            ),
        };
        println!("{line}");
    }
    if let Some(changed) = key_changed_elsewhere {
        let name = changed.name.unwrap_or_else(|| changed.device.to_hex());
        println!(
            "{}",
            say("cli-sync-status-key-changed", &[("name", name.into())])
        );
    }
    Ok(())
}

/// The folder as an absolute path: the link in the data directory must
/// not depend on where the command was run.
fn absolute(folder: &Path) -> Result<std::path::PathBuf, Failure> {
    std::path::absolute(folder).map_err(|error| {
        Failure::said(
            "cli-sync-folder-unusable",
            &[
                ("path", folder.display().to_string().into()),
                ("reason", error.to_string().into()),
            ],
        )
    })
}
