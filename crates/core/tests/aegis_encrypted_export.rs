//! The encrypted Aegis export (issue 13, item 4): read back by our own Aegis
//! importer, and opened a second, independent way written here directly
//! against the `scrypt` and `aes-gcm` crates from Aegis' published layout
//! (never calling our reader), so a mistake shared by our writer and reader
//! cannot hide. Each account makes oathtool's codes after the round trip.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use data_encoding::{BASE64, HEXLOWER};
use safekeep_core::account::Account;
use safekeep_core::formats::aegis::Aegis;
use safekeep_core::formats::{self, Format, ImportError, LeftOutReason, Restorable};
use safekeep_core::otp::{Algorithm, Otp, OtpKind, OtpSecret};
use safekeep_testkit::oathtool::{oathtool_hotp, oathtool_totp};
use serde_json::Value;

const PASSWORD: &str = "violet kettle marches quietly 1987";
const TIME: u64 = 1_700_000_000;

fn otp(kind: OtpKind, algorithm: Algorithm, digits: u8, secret: &str) -> Otp {
    Otp::new(
        kind,
        algorithm,
        digits,
        OtpSecret::from_base32(secret).unwrap(),
    )
    .unwrap()
}

fn accounts() -> Vec<Account> {
    let mut accounts = vec![
        Account::new(
            "GitHub",
            "me@example.org",
            Some(otp(
                OtpKind::Totp { period: 30 },
                Algorithm::Sha1,
                6,
                "JBSWY3DPEHPK3PXP",
            )),
            0,
        )
        .unwrap(),
        Account::new(
            "Bank",
            "me",
            Some(otp(
                OtpKind::Totp { period: 60 },
                Algorithm::Sha256,
                8,
                "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            )),
            0,
        )
        .unwrap(),
        Account::new(
            "Old",
            "me",
            Some(otp(
                OtpKind::Hotp { counter: 5 },
                Algorithm::Sha1,
                6,
                "MFRGGZDFMZTWQ2LK",
            )),
            0,
        )
        .unwrap(),
        Account::new("Tokens Only", "me", None, 0).unwrap(),
    ];
    accounts[0].add_tag("Work").unwrap();
    accounts[1].pinned = true;
    accounts
}

/// oathtool's code for each account with a code generator, in order.
fn oathtool_codes() -> Vec<String> {
    vec![
        oathtool_totp("JBSWY3DPEHPK3PXP", "SHA1", 6, 30, TIME),
        oathtool_totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "SHA256", 8, 60, TIME),
        oathtool_hotp("MFRGGZDFMZTWQ2LK", "SHA1", 6, 5),
    ]
}

fn hex(value: &Value) -> Vec<u8> {
    HEXLOWER.decode(value.as_str().unwrap().as_bytes()).unwrap()
}

/// Opens `ciphertext` with AES-256-GCM, as Aegis does: nonce and tag apart.
fn open(key: &[u8], nonce: &[u8], tag: &[u8], mut ciphertext: Vec<u8>) -> Option<Vec<u8>> {
    Aes256Gcm::new_from_slice(key)
        .unwrap()
        .decrypt_in_place_detached(
            Nonce::from_slice(nonce),
            b"",
            &mut ciphertext,
            Tag::from_slice(tag),
        )
        .ok()?;
    Some(ciphertext)
}

/// The vault contents of an encrypted Aegis file, opened straight from its
/// published layout; `None` when the password does not open the slot.
fn open_independently(file: &Value, password: &str) -> Option<Value> {
    let slot = &file["header"]["slots"][0];
    assert_eq!(slot["type"], 1, "a password slot");
    // Aegis' own settings: N = 2^15, r = 8, p = 1, a 32-byte salt.
    assert_eq!(
        (&slot["n"], &slot["r"], &slot["p"]),
        (&32768.into(), &8.into(), &1.into())
    );
    let salt = hex(&slot["salt"]);
    assert_eq!(salt.len(), 32);
    let params = scrypt::Params::new(15, 8, 1, 32).unwrap();
    let mut slot_key = [0u8; 32];
    scrypt::scrypt(password.as_bytes(), &salt, &params, &mut slot_key).unwrap();
    let master_key = open(
        &slot_key,
        &hex(&slot["key_params"]["nonce"]),
        &hex(&slot["key_params"]["tag"]),
        hex(&slot["key"]),
    )?;
    assert_eq!(master_key.len(), 32);
    let db = BASE64
        .decode(file["db"].as_str().unwrap().as_bytes())
        .unwrap();
    let params = &file["header"]["params"];
    let contents = open(
        &master_key,
        &hex(&params["nonce"]),
        &hex(&params["tag"]),
        db,
    )
    .expect("the master key opens the contents");
    Some(serde_json::from_slice(&contents).unwrap())
}

#[test]
fn the_encrypted_export_opens_independently_as_aegis_lays_it_out() {
    let export = formats::export_aegis_encrypted(&accounts(), PASSWORD).unwrap();
    let file: Value = serde_json::from_str(&export.text).unwrap();
    assert_eq!(file["version"], 1);
    assert!(file["db"].is_string(), "the contents are encrypted");
    assert!(!export.text.contains("JBSWY3DPEHPK3PXP"));
    assert!(!export.text.contains("GitHub"));

    let contents = open_independently(&file, PASSWORD).expect("the password opens it");
    assert_eq!(contents["version"], 3);
    let entries = contents["entries"].as_array().unwrap();
    let secrets: Vec<&str> = entries
        .iter()
        .map(|entry| entry["info"]["secret"].as_str().unwrap())
        .collect();
    assert_eq!(
        secrets,
        [
            "JBSWY3DPEHPK3PXP",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "MFRGGZDFMZTWQ2LK"
        ]
    );
    assert_eq!(entries[1]["favorite"], true);
    assert!(open_independently(&file, "not the password").is_none());
}

#[test]
fn the_encrypted_export_reads_back_with_our_aegis_importer_and_makes_oathtools_codes() {
    let original = accounts();
    let export = formats::export_aegis_encrypted(&original, PASSWORD).unwrap();
    assert_eq!(export.carried, 3);
    assert_eq!(export.left_out.len(), 1);
    assert_eq!(export.left_out[0].reason, LeftOutReason::NoCode);

    let bytes = export.text.as_bytes();
    assert_eq!(formats::detect(bytes), Some(Format::Aegis));
    assert_eq!(
        Aegis::restore(bytes, None).unwrap_err(),
        ImportError::PasswordNeeded {
            format: Format::Aegis
        }
    );
    assert_eq!(
        Aegis::restore(bytes, Some("not the password")).unwrap_err(),
        ImportError::WrongPassword {
            format: Format::Aegis
        }
    );
    let restored = Aegis::restore(bytes, Some(PASSWORD)).unwrap();
    assert!(restored.rejected.is_empty());
    assert_eq!(restored.accounts.len(), 3);
    for ((read, original), expected) in restored
        .accounts
        .iter()
        .zip(&original)
        .zip(oathtool_codes())
    {
        assert_eq!(read.issuer, original.issuer);
        assert_eq!(read.label, original.label);
        assert_eq!(read.otp, original.otp);
        assert_eq!(read.tags, original.tags);
        assert_eq!(read.pinned, original.pinned);
        let otp = read.otp.as_ref().unwrap();
        let code = match otp.kind {
            OtpKind::Hotp { counter } => otp.code_for_counter(counter),
            _ => otp.code_at(TIME),
        };
        assert_eq!(code.to_string(), expected, "{}", read.issuer);
    }
}

#[test]
fn a_weak_password_is_refused_as_for_a_backup() {
    let refused = formats::export_aegis_encrypted(&accounts(), "password1");
    assert!(refused.is_err());
}

#[test]
fn each_export_has_its_own_salt_and_keys() {
    let first: Value = serde_json::from_str(
        &formats::export_aegis_encrypted(&accounts(), PASSWORD)
            .unwrap()
            .text,
    )
    .unwrap();
    let second: Value = serde_json::from_str(
        &formats::export_aegis_encrypted(&accounts(), PASSWORD)
            .unwrap()
            .text,
    )
    .unwrap();
    let slot = |file: &Value, field: &str| file["header"]["slots"][0][field].clone();
    assert_ne!(slot(&first, "salt"), slot(&second, "salt"));
    assert_ne!(slot(&first, "key"), slot(&second, "key"));
    assert_ne!(
        first["header"]["params"]["nonce"],
        second["header"]["params"]["nonce"]
    );
}
