//! `safekeep import --file-password-stdin` with other apps' encrypted
//! exports (issue 13, item 1): andOTP, Authenticator Pro's legacy backup,
//! Bitwarden's password-protected JSON, TOTP Authenticator and SDA's zipped
//! maFiles folder. For each, a wrong password is refused and leaves the vault
//! exactly as it was, and the right one imports an account whose code is
//! oathtool's. The files are built as the apps write them
//! (`safekeep_testkit::app_files`).
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use safekeep_testkit::app_files::{self, BitwardenKdf, Draw};
use safekeep_testkit::cli::Env;
use safekeep_testkit::oathtool::oathtool_default_totp;
use serde_json::json;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const PASSWORD: &str = "the other app's export password";
const AT: u64 = 1_234_567_890;

/// Imports `file` (named `name`) into a fresh vault: first with a wrong
/// password, which must change nothing, then with the right one; then
/// checks the code of the account named `issuer`.
fn assert_imports_with_its_password(
    vault: &str,
    name: &str,
    file: &[u8],
    issuer: &str,
    secret: &str,
) {
    let env = Env::with_keychain(BIN, vault);
    env.run(&["init"]).ok();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, file).unwrap();
    let path = path.to_str().unwrap();
    let before = env.vault_bytes();

    let wrong = env.run_with_stdin(&["import", path, "--file-password-stdin"], "not it\n");
    assert_ne!(wrong.code(), 0, "{name}: a wrong password is refused");
    assert!(
        wrong.stderr.contains("does not open"),
        "{name}: {}",
        wrong.stderr
    );
    assert_eq!(
        env.vault_bytes(),
        before,
        "{name}: not a byte of the vault changed"
    );

    env.run_with_stdin(
        &["import", path, "--file-password-stdin"],
        &format!("{PASSWORD}\n"),
    )
    .ok();
    let code = env.run(&["code", issuer, "--at", &AT.to_string()]);
    assert_eq!(
        code.ok().trim(),
        oathtool_default_totp(secret, AT),
        "{name}"
    );
}

#[test]
fn encrypted_exports_of_other_apps_import_with_their_password() {
    let and_otp = serde_json::to_vec(&json!([
        {"secret": SECRET, "issuer": "AndOTP Site", "label": "me", "digits": 6,
         "type": "TOTP", "algorithm": "SHA1", "period": 30, "tags": []}
    ]))
    .unwrap();
    assert_imports_with_its_password(
        "enc-andotp",
        "otp_accounts.json.aes",
        &app_files::and_otp_encrypted(&and_otp, PASSWORD, 1_000, Draw::Random),
        "AndOTP Site",
        SECRET,
    );

    let authenticator_pro = serde_json::to_vec(&json!({"Authenticators": [
        {"Type": 2, "Issuer": "AuthPro Site", "Username": "me", "Secret": SECRET,
         "Algorithm": 0, "Digits": 6, "Period": 30, "Counter": 0}
    ]}))
    .unwrap();
    assert_imports_with_its_password(
        "enc-authpro",
        "backup.authpro",
        &app_files::authenticator_pro_legacy_encrypted(&authenticator_pro, PASSWORD, Draw::Random),
        "AuthPro Site",
        SECRET,
    );

    let bitwarden = serde_json::to_vec(&json!({"encrypted": false, "items": [
        {"type": 1, "name": "Bitwarden Site", "login": {"username": "me", "totp": SECRET}}
    ]}))
    .unwrap();
    let protected = app_files::bitwarden_password_protected(
        &bitwarden,
        PASSWORD,
        BitwardenKdf::Pbkdf2 { iterations: 5_000 },
        Draw::Random,
    );
    assert_imports_with_its_password(
        "enc-bitwarden",
        "bitwarden_export.json",
        &serde_json::to_vec(&protected).unwrap(),
        "Bitwarden Site",
        SECRET,
    );

    let totp_authenticator = app_files::totp_authenticator_encrypted(
        &json!([{"issuer": "TOTP Auth Site", "name": "me", "base": 32, "key": SECRET,
                 "digits": "6", "period": "30"}]),
        PASSWORD,
    );
    assert_imports_with_its_password(
        "enc-totpauth",
        "backup.bin",
        totp_authenticator.as_bytes(),
        "TOTP Auth Site",
        SECRET,
    );
}

#[test]
fn an_encrypted_sda_ma_files_folder_imports_with_its_passkey() {
    let secret = b"12345678901234567890";
    let ma_file = serde_json::to_vec(&json!({
        "shared_secret": data_encoding::BASE64.encode(secret),
        "account_name": "gamer",
    }))
    .unwrap();
    let zip = app_files::sda_ma_files_zip(
        &[("76561198000000000.maFile", ma_file)],
        Some(PASSWORD),
        Draw::Random,
    );
    let env = Env::with_keychain(BIN, "enc-sda");
    env.run(&["init"]).ok();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("maFiles.zip");
    std::fs::write(&path, &zip).unwrap();
    let path = path.to_str().unwrap();
    let before = env.vault_bytes();
    let wrong = env.run_with_stdin(&["import", path, "--file-password-stdin"], "not it\n");
    assert_ne!(wrong.code(), 0);
    assert_eq!(env.vault_bytes(), before);
    env.run_with_stdin(
        &["import", path, "--file-password-stdin"],
        &format!("{PASSWORD}\n"),
    )
    .ok();
    // The RFC 4226 seed's Steam code at time 0 (see the core's otp tests).
    let code = env.run(&["code", "Steam", "--at", "0"]);
    assert_eq!(code.ok().trim(), "GG5F5");
}
