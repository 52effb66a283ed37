//! Bitwarden's JSON vault export (File › Export vault, file format `.json`).
//!
//! The export is `{"encrypted": false, "folders": [..], "items": [..]}`;
//! a login item (`type` 1) has `name`, `folderId` and `login.username` and
//! `login.totp`, the authenticator key. Bitwarden accepts three kinds of
//! authenticator key, and so does this reader:
//!
//! - an `otpauth://` link, with its own settings, issuer and account name
//!   (the item's name and user name stand in for missing ones);
//! - `steam://SECRET`, a Steam Guard key;
//! - a bare base32 secret, for TOTP with SHA1, 6 digits and 30 seconds; the
//!   item's name is the issuer, its user name the account name.
//!
//! A password manager holds far more items than two-factor keys, so items
//! without an authenticator key are passed over silently, not rejected. An
//! item's folder becomes the account's tag; its notes are not taken along (a
//! password manager's notes often hold other secrets that have no business in
//! an authenticator).
//!
//! Encrypted exports (`"encrypted": true`, account-restricted or password
//! protected) are refused with a message to export as plain `.json`:
//! Safekeep does not hold the Bitwarden account key they need.

use super::json::{starts_like_an_object, without_bom};
use crate::time::now;
use std::collections::HashMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use zeroize::Zeroizing;

use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::i18n::{Message, MessageArg};
use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret, UriError, parse_otpauth_uri};

/// The Bitwarden JSON export format.
pub struct Bitwarden;

impl Restorable for Bitwarden {
    const FORMAT: Format = Format::Bitwarden;

    fn detect(bytes: &[u8]) -> bool {
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes)
            && serde_json::from_slice::<Probe>(bytes).is_ok_and(|probe| match probe.encrypted {
                None => false,
                Some(false) => probe.items.is_some(),
                Some(true) => {
                    probe.items.is_some()
                        || probe.password_protected.is_some()
                        || probe.data.is_some()
                }
            })
    }

    fn restore(bytes: &[u8], _password: Option<&str>) -> Result<Restored, ImportError> {
        let bytes = without_bom(bytes);
        // The flag first: the items of an encrypted export are ciphertext.
        let probe: Probe = serde_json::from_slice(bytes).map_err(|error| json_error(&error))?;
        if probe.encrypted == Some(true) {
            return Err(malformed(Malformation::EncryptedForBitwardenOnly));
        }
        let export: Export = serde_json::from_slice(bytes).map_err(|error| json_error(&error))?;
        let items = export
            .items
            .ok_or_else(|| malformed(Malformation::NoAccountList))?;
        let folders: HashMap<String, String> = export
            .folders
            .unwrap_or_default()
            .into_iter()
            .filter_map(|folder| Some((folder.id?, folder.name?)))
            .collect();
        read_items(items, &folders)
    }
}

/// Why an item of a Bitwarden export was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BitwardenEntryError {
    /// The authenticator key is a link that cannot be read; the link's own
    /// error says why.
    BadLink(UriError),
    /// The authenticator key is neither a link nor a base32 secret.
    BadSecret,
}

impl Message for BitwardenEntryError {
    fn message_id(&self) -> &'static str {
        match self {
            BitwardenEntryError::BadLink(error) => error.message_id(),
            BitwardenEntryError::BadSecret => "import-bitwarden-bad-secret",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            BitwardenEntryError::BadLink(error) => error.message_args(),
            BitwardenEntryError::BadSecret => Vec::new(),
        }
    }
}

crate::localized_error!(BitwardenEntryError);

/// Just enough of an export to tell what it is.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Probe {
    encrypted: Option<bool>,
    items: Option<Vec<IgnoredAny>>,
    password_protected: Option<IgnoredAny>,
    data: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct Export {
    items: Option<Vec<Item>>,
    folders: Option<Vec<Folder>>,
}

#[derive(Deserialize)]
struct Folder {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    name: Option<String>,
    folder_id: Option<String>,
    login: Option<Login>,
}

/// The parts of a login we read: never its password.
#[derive(Deserialize)]
struct Login {
    username: Option<String>,
    totp: Option<Zeroizing<String>>,
}

fn read_items(
    items: Vec<Item>,
    folders: &HashMap<String, String>,
) -> Result<Restored, ImportError> {
    let now = now();
    let mut restored = Restored::default();
    for item in items {
        let Some(login) = &item.login else {
            continue;
        };
        let Some(totp) = login
            .totp
            .as_ref()
            .map(|totp| totp.trim())
            .filter(|totp| !totp.is_empty())
        else {
            continue;
        };
        let name = item.name.as_deref().unwrap_or_default().trim();
        let username = login.username.as_deref().unwrap_or_default().trim();
        let folder = item.folder_id.as_ref().and_then(|id| folders.get(id));
        keep_item(&mut restored, (name, username), totp, folder, now);
    }
    restored.unless_empty(Format::Bitwarden)
}

/// Keeps a login item whose authenticator key is `totp` as an account, or
/// names it among the rejected: the item's name and user name stand in for
/// what a link leaves out. The JSON and CSV exports share this.
pub(super) fn keep_item(
    restored: &mut Restored,
    (name, username): (&str, &str),
    totp: &str,
    folder: Option<&String>,
    now: i64,
) {
    match read_totp(totp) {
        Ok((otp, names)) => {
            let (issuer, label) = match &names {
                Some((issuer, label)) => (
                    if issuer.trim().is_empty() {
                        name
                    } else {
                        issuer.as_str()
                    },
                    if label.trim().is_empty() {
                        username
                    } else {
                        label.as_str()
                    },
                ),
                None => (name, username),
            };
            restored.keep_grouped((issuer, label), otp, folder, now);
        }
        Err(error) => restored.reject((name, username), &error),
    }
}

/// Reads an authenticator key as Bitwarden does; gives the issuer and account
/// name when it is a link that has them.
fn read_totp(totp: &str) -> Result<(Otp, Option<(String, String)>), BitwardenEntryError> {
    if let Some(secret) = strip_prefix_ignoring_case(totp, "steam://") {
        let secret = OtpSecret::from_base32(secret).map_err(|_| BitwardenEntryError::BadSecret)?;
        let otp = Otp::new(OtpKind::Steam, Algorithm::Sha1, 5, secret)
            .map_err(|_| BitwardenEntryError::BadSecret)?;
        return Ok((otp, None));
    }
    if totp.contains("://") {
        let link = parse_otpauth_uri(totp).map_err(BitwardenEntryError::BadLink)?;
        return Ok((link.otp, Some((link.issuer, link.label))));
    }
    let secret = OtpSecret::from_base32(totp).map_err(|_| BitwardenEntryError::BadSecret)?;
    let otp = Otp::new(OtpKind::Totp { period: 30 }, Algorithm::Sha1, 6, secret)
        .map_err(|_| BitwardenEntryError::BadSecret)?;
    Ok((otp, None))
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::Bitwarden,
        problem,
    }
}

fn json_error(error: &serde_json::Error) -> ImportError {
    super::json::json_error(error, Format::Bitwarden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn detects_plain_and_encrypted_exports_only() {
        assert!(Bitwarden::detect(br#"{"encrypted":false,"items":[]}"#));
        assert!(Bitwarden::detect(
            br#"{"encrypted":true,"passwordProtected":true,"salt":"x","data":"2.x"}"#
        ));
        assert!(Bitwarden::detect(
            br#"{"encrypted":true,"encKeyValidation_DO_NOT_EDIT":"2.x","items":[]}"#
        ));
        assert!(!Bitwarden::detect(br#"{"items":[]}"#));
        assert!(!Bitwarden::detect(br#"{"encrypted":"no","items":[]}"#));
        assert!(!Bitwarden::detect(br#"{"encrypted":false}"#));
        assert!(!Bitwarden::detect(br#"{"encrypted":false,"items":{}}"#));
        assert!(!Bitwarden::detect(
            b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"
        ));
    }

    #[test]
    fn authenticator_keys_are_read_as_bitwarden_reads_them() {
        let (otp, names) = read_totp("jbsw y3dp ehpk 3pxp").unwrap();
        assert_eq!(otp.kind, OtpKind::Totp { period: 30 });
        assert_eq!((otp.algorithm, otp.digits), (Algorithm::Sha1, 6));
        assert_eq!(otp.secret.as_bytes(), b"Hello!\xde\xad\xbe\xef");
        assert_eq!(names, None);

        let (otp, _) = read_totp("STEAM://JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(otp.kind, OtpKind::Steam);

        let (otp, names) =
            read_totp("otpauth://hotp/Site:me?secret=JBSWY3DPEHPK3PXP&counter=3").unwrap();
        assert_eq!(otp.kind, OtpKind::Hotp { counter: 3 });
        assert_eq!(names, Some(("Site".to_owned(), "me".to_owned())));

        assert_eq!(
            read_totp("not a secret!").unwrap_err(),
            BitwardenEntryError::BadSecret
        );
        assert_eq!(
            read_totp("steam://").unwrap_err(),
            BitwardenEntryError::BadSecret
        );
        assert!(matches!(
            read_totp("https://example.com/?secret=JBSWY3DPEHPK3PXP"),
            Err(BitwardenEntryError::BadLink(UriError::WrongScheme { .. }))
        ));
        // A multi-byte character where the prefix would end must not panic.
        assert!(read_totp("stéam://x").is_err());
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let message = BitwardenEntryError::BadSecret;
        let english = message.localized(Language::En);
        let dutch = message.localized(Language::Nl);
        assert_ne!(english, message.message_id());
        assert_ne!(dutch, message.message_id());
        assert_ne!(english, dutch);
        let link = BitwardenEntryError::BadLink(UriError::MissingSecret);
        assert_eq!(link.message_id(), "otp-uri-missing-secret");
    }
}
