//! LastPass Authenticator's JSON export (Settings › Transfer accounts ›
//! Export to file), as the app writes it and Bitwarden Authenticator's
//! `LastPassJsonExport` model reads it.
//!
//! The file is `{"deviceId", "deviceSecret", "localDeviceId", "deviceName",
//! "version", "accounts": [..], "folders": [..]}`. Each account has
//! `issuerName` and `userName` (as the user named them; `originalIssuerName`
//! and `originalUserName` stand in when empty), the base32 `secret`,
//! `timeStep` (seconds), `digits`, `algorithm`, `isFavorite` and
//! `folderData.folderId`, which names a folder by its `id`. Every account is
//! TOTP. The device fields, including `deviceSecret`, are never read.

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use zeroize::Zeroizing;

use super::entry::{EntryError, algorithm_named, digits_of, otp_of, whole_setting};
use super::json::{shown_value, starts_like_an_object, without_bom};
use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::otp::{Otp, OtpKind};
use crate::time::now;

/// The LastPass Authenticator JSON export format.
pub struct LastPass;

impl Restorable for LastPass {
    const FORMAT: Format = Format::LastPass;

    fn detect(bytes: &[u8]) -> bool {
        /// LastPass keys its list `accounts`; what tells it apart is the
        /// names of the fields in each account.
        #[derive(Deserialize)]
        struct Probe {
            accounts: Vec<ProbeAccount>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct ProbeAccount {
            #[allow(dead_code)]
            secret: IgnoredAny,
            #[allow(dead_code)]
            time_step: IgnoredAny,
        }
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes)
            && serde_json::from_slice::<Probe>(bytes).is_ok_and(|probe| !probe.accounts.is_empty())
    }

    fn restore(bytes: &[u8], _password: Option<&str>) -> Result<Restored, ImportError> {
        let export: Export = serde_json::from_slice(without_bom(bytes))
            .map_err(|error| super::json::json_error(&error, Format::LastPass))?;
        let accounts = export.accounts.ok_or(ImportError::Malformed {
            format: Format::LastPass,
            problem: Malformation::NoAccountList,
        })?;
        let folders: HashMap<String, String> = export
            .folders
            .unwrap_or_default()
            .into_iter()
            .filter_map(|folder| Some((shown_value(&folder.id?), folder.name?)))
            .collect();
        let now = now();
        let mut restored = Restored::default();
        for account in accounts {
            let issuer = either(&account.issuer_name, &account.original_issuer_name);
            let label = either(&account.user_name, &account.original_user_name);
            match read_otp(&account) {
                Ok(otp) => {
                    let folder = account
                        .folder_data
                        .as_ref()
                        .and_then(|data| data.folder_id.as_ref())
                        .and_then(|id| folders.get(&shown_value(id)));
                    if let Some(kept) = restored.keep_grouped((issuer, label), otp, folder, now) {
                        kept.pinned = account.is_favorite == Some(true);
                    }
                }
                Err(error) => {
                    restored.reject((issuer, label), &error.in_file_of(Format::LastPass));
                }
            }
        }
        restored.unless_empty(Format::LastPass)
    }
}

#[derive(Deserialize)]
struct Export {
    accounts: Option<Vec<Account>>,
    folders: Option<Vec<Folder>>,
}

#[derive(Deserialize)]
struct Folder {
    id: Option<Value>,
    name: Option<String>,
}

/// One account. The secret is wiped when dropped.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Account {
    issuer_name: Option<String>,
    original_issuer_name: Option<String>,
    user_name: Option<String>,
    original_user_name: Option<String>,
    secret: Option<Zeroizing<String>>,
    time_step: Option<Value>,
    digits: Option<Value>,
    algorithm: Option<String>,
    is_favorite: Option<bool>,
    folder_data: Option<FolderData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FolderData {
    folder_id: Option<Value>,
}

/// The name the user gave, else the one the account came with.
fn either<'a>(chosen: &'a Option<String>, original: &'a Option<String>) -> &'a str {
    [chosen, original]
        .into_iter()
        .filter_map(|name| name.as_deref().map(str::trim))
        .find(|name| !name.is_empty())
        .unwrap_or_default()
}

fn read_otp(account: &Account) -> Result<Otp, EntryError> {
    let period = whole_setting(account.time_step.as_ref(), 30)
        .map_err(|value| EntryError::BadPeriod { value })?;
    let algorithm = algorithm_named(account.algorithm.as_deref())?;
    let digits = digits_of(account.digits.as_ref())?;
    otp_of(
        OtpKind::Totp { period },
        algorithm,
        digits,
        account.secret.as_ref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_lastpass_exports_only() {
        assert!(LastPass::detect(
            br#"{"version":3,"accounts":[{"secret":"JBSWY3DPEHPK3PXP","timeStep":30}]}"#
        ));
        assert!(!LastPass::detect(br#"{"accounts":[]}"#));
        assert!(!LastPass::detect(
            br#"{"accounts":[{"secret":"JBSWY3DPEHPK3PXP"}]}"#
        ));
    }
}
