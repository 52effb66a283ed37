//! mOTP (Mobile-OTP: a PIN and MD5, 10-second codes) is a kind of code
//! Safekeep does not make. Wherever an mOTP entry can appear in a file
//! Safekeep reads, it is named among the entries not imported, with a reason
//! that says mOTP is not supported, and the file's other entries import:
//! never silently lost, never the whole file refused for it.
//!
//! Each file here holds one everyday TOTP entry and one mOTP entry, written
//! the way that app writes mOTP (or, for formats built on `otpauth://`
//! links, as the `otpauth://motp/` link the mOTP apps share).

use std::io::{Cursor, Write};

use safekeep_core::formats::{self, Format, Restored};
use serde_json::json;

/// The everyday entry's secret, and the mOTP entry's (mOTP apps show a hex
/// or base32 seed; Aegis writes base32).
const SECRET: &str = "JBSWY3DPEHPK3PXP";
const MOTP_LINK: &str = "otpauth://motp/MOTP%20Site:grace?secret=JBSWY3DPEHPK3PXP&issuer=MOTP%20Site&period=10&digits=6&algorithm=MD5";
const TOTP_LINK: &str = "otpauth://totp/Fine:frank?secret=JBSWY3DPEHPK3PXP&issuer=Fine";

/// Checks that `bytes`, read as `format` (detected, not named), give the
/// everyday account and name the mOTP entry as not supported.
fn assert_motp_named_as_not_supported(format: Format, bytes: &[u8]) {
    assert_eq!(formats::detect(bytes), Some(format), "{format:?}");
    let restored =
        formats::restore(bytes, None, None).unwrap_or_else(|error| panic!("{format:?}: {error:?}"));
    assert_motp_rejected(format, &restored);
}

fn assert_motp_rejected(format: Format, restored: &Restored) {
    assert_eq!(restored.accounts.len(), 1, "{format:?}: {restored:?}");
    assert_eq!(restored.rejected.len(), 1, "{format:?}: {restored:?}");
    let rejected = &restored.rejected[0];
    assert!(
        rejected.reason_id.ends_with("unsupported-type")
            || rejected.reason_id == "otp-uri-unknown-type",
        "{format:?}: {}",
        rejected.reason_id
    );
    assert!(
        rejected.reason.to_lowercase().contains("motp"),
        "{format:?}: {}",
        rejected.reason
    );
    assert!(
        rejected.reason.contains("cannot make"),
        "{format:?}: {}",
        rejected.reason
    );
    assert!(!rejected.reason.contains(SECRET), "{}", rejected.reason);
}

#[test]
fn motp_links_in_text_are_named_as_not_supported() {
    let text = format!("{TOTP_LINK}\n{MOTP_LINK}\n");
    assert_motp_named_as_not_supported(Format::OtpauthList, text.as_bytes());
}

#[test]
fn motp_links_in_a_win_auth_zip_are_named_as_not_supported() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file("export.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    write!(writer, "{TOTP_LINK}\r\n{MOTP_LINK}\r\n").unwrap();
    let archive = writer.finish().unwrap().into_inner();
    assert_motp_named_as_not_supported(Format::WinAuth, &archive);
}

#[test]
fn aegis_motp_entries_are_named_as_not_supported() {
    let entry = |kind: &str, issuer: &str, info: serde_json::Value| {
        json!({"type": kind, "uuid": uuid::Uuid::new_v4().to_string(), "name": "me",
               "issuer": issuer, "note": "", "info": info, "groups": []})
    };
    let file = json!({
        "version": 1,
        "header": {"slots": null, "params": null},
        "db": {"version": 3, "groups": [], "entries": [
            entry("totp", "Fine", json!({"secret": SECRET, "algo": "SHA1", "digits": 6, "period": 30})),
            entry("motp", "MOTP Site", json!({"secret": SECRET, "algo": "MD5", "digits": 6, "period": 10, "pin": "1234"})),
        ]},
    });
    assert_motp_named_as_not_supported(Format::Aegis, &serde_json::to_vec(&file).unwrap());
}

#[test]
fn and_otp_motp_entries_are_named_as_not_supported() {
    let file = json!([
        {"secret": SECRET, "issuer": "Fine", "label": "frank", "digits": 6,
         "type": "TOTP", "algorithm": "SHA1", "period": 30, "tags": []},
        {"secret": SECRET, "issuer": "MOTP Site", "label": "grace", "digits": 6,
         "type": "MOTP", "algorithm": "MD5", "period": 10, "pin": "1234", "tags": []},
    ]);
    assert_motp_named_as_not_supported(Format::AndOtp, &serde_json::to_vec(&file).unwrap());
}

#[test]
fn authenticator_pro_motp_entries_are_named_as_not_supported() {
    // Authenticator Pro's AuthenticatorType: 1 HOTP, 2 TOTP, 3 mOTP, 4 Steam,
    // 5 Yandex.
    let entry = |kind: u8, issuer: &str, pin: Option<&str>| {
        json!({"Type": kind, "Icon": null, "Issuer": issuer, "Username": "me",
               "Secret": SECRET, "Pin": pin, "Algorithm": 0, "Digits": 6, "Period": 30,
               "Counter": 0, "Ranking": 0, "CopyCount": 0})
    };
    let file = json!({
        "Authenticators": [entry(2, "Fine", None), entry(3, "MOTP Site", Some("1234"))],
        "Categories": [], "AuthenticatorCategories": [], "CustomIcons": [],
    });
    assert_motp_named_as_not_supported(
        Format::AuthenticatorPro,
        &serde_json::to_vec(&file).unwrap(),
    );
}

#[test]
fn motp_links_in_bitwarden_exports_are_named_as_not_supported() {
    let item = |name: &str, totp: &str| {
        json!({"id": uuid::Uuid::new_v4().to_string(), "organizationId": null,
               "folderId": null, "type": 1, "reprompt": 0, "name": name, "notes": null,
               "favorite": false,
               "login": {"uris": [], "username": "me", "password": "hunter2", "totp": totp},
               "collectionIds": null})
    };
    let file = json!({"encrypted": false, "folders": [],
                      "items": [item("Fine", TOTP_LINK), item("MOTP Site", MOTP_LINK)]});
    assert_motp_named_as_not_supported(Format::Bitwarden, &serde_json::to_vec(&file).unwrap());

    let csv = format!(
        "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\r\n\
         ,,login,Fine,,,0,,me,hunter2,{TOTP_LINK}\r\n\
         ,,login,MOTP Site,,,0,,me,hunter2,{MOTP_LINK}\r\n"
    );
    assert_motp_named_as_not_supported(Format::BitwardenCsv, csv.as_bytes());
}

#[test]
fn motp_links_in_proton_exports_are_named_as_not_supported() {
    let entry = |id: &str, uri: &str, name: &str| json!({"id": id, "content": {"uri": uri, "entry_type": "Totp", "name": name}, "note": null});
    let file = json!({"version": 1, "entries": [
        entry("1", TOTP_LINK, "frank"),
        entry("2", MOTP_LINK, "grace"),
    ]});
    assert_motp_named_as_not_supported(Format::Proton, &serde_json::to_vec(&file).unwrap());
}
