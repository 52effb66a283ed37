//! Other apps' encrypted exports: andOTP (current and first layout),
//! Authenticator Pro / Stratum (current and legacy), Bitwarden's
//! password-protected JSON and TOTP Authenticator, each read back and checked
//! code for code against `oathtool`.
//!
//! Two sources of files, as `IMPORT_FIXTURES.md` records: files built here
//! (the encryption in `safekeep_testkit::app_files`, written from each app's
//! source, not from our readers), and the real exported test files of Aegis's
//! importers (GPL-3.0, under `tests/fixtures/aegis/`, never packaged), each
//! compared with the plain export of the same accounts Aegis ships beside it.
//!
//! `oathtool` must be installed: without it these tests fail rather than skip.

use std::time::{Duration, Instant};

use safekeep_core::account::Account;
use safekeep_core::formats::and_otp::AndOtp;
use safekeep_core::formats::authenticator_pro::AuthenticatorPro;
use safekeep_core::formats::bitwarden::Bitwarden;
use safekeep_core::formats::steam_mafile::SteamMaFile;
use safekeep_core::formats::totp_authenticator::TotpAuthenticator;
use safekeep_core::formats::{self, Format, ImportError, Malformation, Restorable, Restored};
use safekeep_core::otp::{Algorithm, OtpKind};
use safekeep_testkit::app_files::{self, BitwardenKdf, Draw};
use safekeep_testkit::oathtool::{TIMES, oathtool_hotp, oathtool_totp};
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";

/// A real exported test file of Aegis's importers (see the module docs).
fn aegis_fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/aegis/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// What identifies an account's codes: names, kind, settings and secret.
type Summary = (String, String, OtpKind, Algorithm, u8, Vec<u8>);

fn summary(account: &Account) -> Summary {
    let otp = account.otp.as_ref().expect("an imported account has codes");
    (
        account.issuer.to_string(),
        account.label.to_string(),
        otp.kind,
        otp.algorithm,
        otp.digits,
        otp.secret.as_bytes().to_vec(),
    )
}

fn summaries(restored: &Restored) -> Vec<Summary> {
    restored.accounts.iter().map(summary).collect()
}

/// Checks every account's codes against `oathtool`'s at the fixed times
/// (Steam accounts, which `oathtool` cannot make, excepted), and that there
/// is at least one account to check.
fn assert_codes_match_oathtool(restored: &Restored) {
    assert!(!restored.accounts.is_empty());
    for account in &restored.accounts {
        let otp = account.otp.as_ref().unwrap();
        let secret = otp.secret.to_base32().to_string();
        let algorithm = otp.algorithm.as_str();
        for time in TIMES {
            let expected = match otp.kind {
                OtpKind::Totp { period } => {
                    oathtool_totp(&secret, algorithm, otp.digits, period.into(), time)
                }
                OtpKind::Hotp { counter } => oathtool_hotp(&secret, algorithm, otp.digits, counter),
                OtpKind::Steam => continue,
            };
            assert_eq!(
                otp.code_at(time).as_str(),
                expected,
                "{} at {time}",
                account.display_name()
            );
        }
    }
}

/// Asserts that the encrypted `file` asks for a password when given none,
/// is refused as opened by the wrong password, and opens with `password`.
fn assert_needs_the_right_password<F: Restorable>(file: &[u8], password: &str) -> Restored {
    assert_needs_the_right_password_of::<F>(file, password, &["", "wrong", &format!("{password} ")])
}

/// [`assert_needs_the_right_password`] with only the `wrong` passwords
/// given, for files whose key derivation takes seconds in a debug build.
fn assert_needs_the_right_password_of<F: Restorable>(
    file: &[u8],
    password: &str,
    wrong: &[&str],
) -> Restored {
    assert_eq!(
        F::restore(file, None).unwrap_err(),
        ImportError::PasswordNeeded { format: F::FORMAT }
    );
    for &wrong in wrong {
        let error = F::restore(file, Some(wrong)).unwrap_err();
        assert_eq!(error, ImportError::WrongPassword { format: F::FORMAT });
        assert!(
            error.to_string().contains(F::FORMAT.display_name()),
            "{error}"
        );
    }
    // Through detection, as the app and the CLI read a file.
    assert_eq!(formats::detect(file), Some(F::FORMAT));
    formats::restore(file, None, Some(password)).expect("the right password opens it")
}

/// Checks that `file`, another app's export, read as `format` is refused as
/// damaged or laid out otherwise, naming the format: nothing half read.
fn assert_refused_as(format: Format, file: &[u8], password: Option<&str>) {
    let error = formats::restore(file, Some(format), password).unwrap_err();
    assert!(
        matches!(error, ImportError::Malformed { format: named, .. } if named == format)
            || error == ImportError::WrongPassword { format },
        "{format:?}: {error:?}"
    );
    assert!(error.to_string().contains(format.display_name()), "{error}");
}

// ---------------------------------------------------------------- andOTP

/// An andOTP plain backup, as `Entry.toJSON` writes it: TOTP of each
/// algorithm, HOTP and Steam.
fn and_otp_plain() -> Vec<u8> {
    let entries = json!([
        {"secret": "JBSWY3DPEHPK3PXP", "issuer": "ACME Co", "label": "alice",
         "digits": 6, "type": "TOTP", "algorithm": "SHA1", "period": 30, "tags": ["Work"]},
        {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA", "issuer": "Big Bank",
         "label": "bob", "digits": 8, "type": "TOTP", "algorithm": "SHA256", "period": 60,
         "tags": []},
        {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "issuer": "Counter 512",
         "label": "erin", "digits": 8, "type": "HOTP", "algorithm": "SHA512", "counter": 10300,
         "tags": []},
        {"secret": "ONZGKYLNEBZWQYLSMVSCA43FMNZGK5BB", "issuer": "Steam", "label": "gamer",
         "digits": 5, "type": "STEAM", "algorithm": "SHA1", "period": 30, "tags": []},
    ]);
    serde_json::to_vec(&entries).unwrap()
}

/// The andOTP backup of [`and_otp_plain`], encrypted with the fewest
/// rounds the reader takes, so the tests derive quickly.
fn and_otp_encrypted() -> Vec<u8> {
    app_files::and_otp_encrypted(&and_otp_plain(), PASSWORD, 1_000, Draw::Random)
}

#[test]
fn and_otp_encrypted_backup_codes_match_oathtool() {
    let plain = AndOtp::restore(&and_otp_plain(), None).unwrap();
    let file = and_otp_encrypted();
    let restored = assert_needs_the_right_password::<AndOtp>(&file, PASSWORD);
    assert_eq!(summaries(&restored), summaries(&plain));
    assert_eq!(restored.accounts[0].tags, ["Work"]);
    assert_codes_match_oathtool(&restored);
}

#[test]
fn and_otp_real_encrypted_backup_opens_as_its_plain_twin() {
    // Aegis's test files: the same accounts, plain and encrypted by andOTP
    // (145,776 rounds), password "test".
    let plain = AndOtp::restore(&aegis_fixture("andotp_plain.json"), None).unwrap();
    assert!(plain.accounts.len() >= 5, "{plain:?}");
    let file = aegis_fixture("andotp_encrypted.bin");
    let restored = assert_needs_the_right_password::<AndOtp>(&file, "test");
    assert_eq!(summaries(&restored), summaries(&plain));
    assert_codes_match_oathtool(&restored);
}

#[test]
fn and_otp_first_layout_opens_when_read_as_and_otp() {
    // No header: nothing tells it from random bytes, so only a file read as
    // andOTP on purpose is tried in this layout.
    let built = app_files::and_otp_encrypted_old(&and_otp_plain(), PASSWORD, Draw::Random);
    let restored = formats::restore(&built, Some(Format::AndOtp), Some(PASSWORD)).unwrap();
    let plain = AndOtp::restore(&and_otp_plain(), None).unwrap();
    assert_eq!(summaries(&restored), summaries(&plain));
    assert_eq!(
        AndOtp::restore(&built, Some("wrong")).unwrap_err(),
        ImportError::WrongPassword {
            format: Format::AndOtp
        }
    );

    // Aegis's old-layout file: andOTP then wrote "issuer:name" as the
    // label, so the secrets and settings are compared, not the names; it
    // predates andOTP's Steam entries, so the plain twin's Steam entry is
    // not in it.
    let real = aegis_fixture("andotp_encrypted_old.bin");
    let restored = formats::restore(&real, Some(Format::AndOtp), Some("test")).unwrap();
    let plain = AndOtp::restore(&aegis_fixture("andotp_plain.json"), None).unwrap();
    let without_names = |restored: &Restored| -> Vec<_> {
        summaries(restored)
            .into_iter()
            .map(|(_, _, kind, algorithm, digits, secret)| (kind, algorithm, digits, secret))
            .collect()
    };
    let mut expected = without_names(&plain);
    expected.retain(|(kind, ..)| *kind != OtpKind::Steam);
    assert_eq!(without_names(&restored), expected);
    assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);
    assert_codes_match_oathtool(&restored);
}

#[test]
fn and_otp_encrypted_file_level_problems_are_reported() {
    let file = and_otp_encrypted();
    // Cut anywhere past the header: GCM's tag cannot tell a damaged file
    // from a wrong password, so it is reported as the password not opening
    // it (whose message says to check it); nothing is ever half read.
    for end in [file.len() - 1, file.len() / 2, 4 + 12 + 12 + 16] {
        assert_eq!(
            AndOtp::restore(&file[..end], Some(PASSWORD)).unwrap_err(),
            ImportError::WrongPassword {
                format: Format::AndOtp
            },
            "cut at {end}"
        );
    }
    // Too short to hold a nonce and a tag: cut short.
    let error = AndOtp::restore(&file[..20], Some(PASSWORD)).unwrap_err();
    assert_eq!(
        error,
        ImportError::Malformed {
            format: Format::AndOtp,
            problem: Malformation::CutShort
        }
    );
    assert!(error.to_string().contains("ends too early"), "{error}");
    // A flipped byte in the ciphertext.
    let mut flipped = file.clone();
    flipped[40] ^= 1;
    assert!(AndOtp::restore(&flipped, Some(PASSWORD)).is_err());
    // Another app's export read as andOTP.
    let bitwarden = br#"{"encrypted": false, "items": [{"name": "x"}]}"#;
    assert_refused_as(Format::AndOtp, bitwarden, Some(PASSWORD));
    // An encrypted andOTP backup is detected by no other reader.
    for format in Format::ALL {
        if format != Format::AndOtp {
            let error = formats::restore(&file, Some(format), Some(PASSWORD));
            assert!(error.is_err(), "{format:?} read an andOTP backup");
        }
    }
}

#[test]
fn and_otp_forged_rounds_are_refused_before_deriving() {
    let mut file = and_otp_encrypted();
    for rounds in [999_u32, 640_001, 0x00ff_ffff] {
        file[..4].copy_from_slice(&rounds.to_be_bytes());
        assert!(!AndOtp::detect(&file), "{rounds} rounds");
        let started = Instant::now();
        let error = AndOtp::restore(&file, Some(PASSWORD)).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        let ImportError::Malformed {
            problem: Malformation::KdfOutOfBounds(bounds),
            ..
        } = error
        else {
            panic!("{rounds}: {error:?}");
        };
        assert_eq!(bounds.value, u64::from(rounds));
        assert_eq!(bounds.parameter, "iterations");
    }
}

#[test]
fn and_otp_encrypted_detection_leaves_text_alone() {
    assert!(AndOtp::detect(&and_otp_encrypted()));
    assert!(AndOtp::detect(&aegis_fixture("andotp_encrypted.bin")));
    let texts: [&[u8]; 5] = [
        b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP and some more text here",
        b"\x00\x00\x00",
        &[0u8; 43],
        br#"{"encrypted": true, "passwordProtected": true, "data": "2.x|y|z"}"#,
        b"AUTHENTICATORPRO\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c",
    ];
    for text in texts {
        assert!(!AndOtp::detect(text), "{:?}", String::from_utf8_lossy(text));
    }
}

// ---------------------------------------------------------------- Authenticator Pro

/// An Authenticator Pro plain backup, as its `Backup` class serialises it:
/// TOTP, HOTP and Steam, one bound to a category.
fn authenticator_pro_plain() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "Authenticators": [
            {"Type": 2, "Issuer": "ACME Co", "Username": "alice", "Secret": "JBSWY3DPEHPK3PXP",
             "Algorithm": 0, "Digits": 6, "Period": 30, "Counter": 0},
            {"Type": 2, "Issuer": "Big Bank", "Username": "bob",
             "Secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA",
             "Algorithm": 1, "Digits": 8, "Period": 60, "Counter": 0},
            {"Type": 1, "Issuer": "Counter 512", "Username": "erin",
             "Secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "Algorithm": 2, "Digits": 8,
             "Period": 30, "Counter": 10300},
            {"Type": 4, "Issuer": "Steam", "Username": "gamer",
             "Secret": "ONZGKYLNEBZWQYLSMVSCA43FMNZGK5BB", "Algorithm": 0, "Digits": 5,
             "Period": 30, "Counter": 0},
        ],
        "Categories": [{"Id": "c1", "Name": "Work"}],
        "AuthenticatorCategories": [{"CategoryId": "c1", "AuthenticatorSecret": "JBSWY3DPEHPK3PXP"}],
    }))
    .unwrap()
}

#[test]
fn authenticator_pro_encrypted_backup_codes_match_oathtool() {
    let plain = AuthenticatorPro::restore(&authenticator_pro_plain(), None).unwrap();
    let file =
        app_files::authenticator_pro_encrypted(&authenticator_pro_plain(), PASSWORD, Draw::Random);
    let restored =
        assert_needs_the_right_password_of::<AuthenticatorPro>(&file, PASSWORD, &["wrong"]);
    assert_eq!(summaries(&restored), summaries(&plain));
    assert_eq!(restored.accounts[0].tags, ["Work"]);
    assert_codes_match_oathtool(&restored);
}

#[test]
fn authenticator_pro_legacy_backup_codes_match_oathtool() {
    let plain = AuthenticatorPro::restore(&authenticator_pro_plain(), None).unwrap();
    let file = app_files::authenticator_pro_legacy_encrypted(
        &authenticator_pro_plain(),
        PASSWORD,
        Draw::Random,
    );
    let restored = assert_needs_the_right_password::<AuthenticatorPro>(&file, PASSWORD);
    assert_eq!(summaries(&restored), summaries(&plain));
    assert_codes_match_oathtool(&restored);
}

#[test]
fn stratum_real_encrypted_backups_open_as_their_plain_twin() {
    // Aegis's test files: the same accounts, plain and encrypted by
    // Stratum (Argon2id) and by Authenticator Pro's legacy backup, password
    // "test".
    let plain = AuthenticatorPro::restore(&aegis_fixture("stratum_plain.json"), None).unwrap();
    assert!(plain.accounts.len() >= 5, "{plain:?}");
    for name in ["stratum_encrypted.bin", "stratum_encrypted_legacy.bin"] {
        let file = aegis_fixture(name);
        let restored =
            assert_needs_the_right_password_of::<AuthenticatorPro>(&file, "test", &["tset"]);
        assert_eq!(summaries(&restored), summaries(&plain), "{name}");
        assert_codes_match_oathtool(&restored);
    }
}

#[test]
fn authenticator_pro_encrypted_file_level_problems_are_reported() {
    let legacy = app_files::authenticator_pro_legacy_encrypted(
        &authenticator_pro_plain(),
        PASSWORD,
        Draw::Random,
    );
    let current =
        app_files::authenticator_pro_encrypted(&authenticator_pro_plain(), PASSWORD, Draw::Random);
    // Cut inside the header: cut short, before any key derivation.
    for file in [&legacy, &current] {
        for end in [20, 16 + 20, 16 + 16 + 12] {
            let error = AuthenticatorPro::restore(&file[..end], Some(PASSWORD)).unwrap_err();
            assert_eq!(
                error,
                ImportError::Malformed {
                    format: Format::AuthenticatorPro,
                    problem: Malformation::CutShort
                },
                "cut at {end}"
            );
            assert!(error.to_string().contains("ends too early"), "{error}");
        }
    }
    // Cut in the contents: neither GCM's tag nor CBC's padding can tell a
    // damaged file from a wrong password, so it is reported as the
    // password not opening it (whose message says to check it).
    for cut in [
        &legacy[..legacy.len() - 1],
        &legacy[..legacy.len() - 16],
        &current[..current.len() - 1],
    ] {
        assert_eq!(
            AuthenticatorPro::restore(cut, Some(PASSWORD)).unwrap_err(),
            ImportError::WrongPassword {
                format: Format::AuthenticatorPro
            }
        );
    }
    // Another app's export read as Authenticator Pro.
    assert_refused_as(Format::AuthenticatorPro, &and_otp_plain(), Some(PASSWORD));
    // An encrypted backup is read by no other reader.
    for format in Format::ALL {
        if format != Format::AuthenticatorPro {
            assert!(
                formats::restore(&legacy, Some(format), Some(PASSWORD)).is_err(),
                "{format:?}"
            );
        }
    }
}

// ---------------------------------------------------------------- Bitwarden

/// A plain Bitwarden JSON export with the three kinds of authenticator key
/// Bitwarden takes, a folder and an item without one.
fn bitwarden_plain() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "encrypted": false,
        "folders": [{"id": "f1", "name": "Work"}],
        "items": [
            {"type": 1, "name": "ACME Co", "folderId": "f1",
             "login": {"username": "alice", "password": "not kept",
                       "totp": "otpauth://totp/ACME%20Co:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"}},
            {"type": 1, "name": "Big Bank", "login": {"username": "bob",
             "totp": "otpauth://totp/Big%20Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&algorithm=SHA256&digits=8&period=60"}},
            {"type": 1, "name": "Bare", "login": {"username": "carol", "totp": "GEZDGNBVGY3TQOJQ"}},
            {"type": 1, "name": "Steam", "login": {"username": "gamer", "totp": "steam://ONZGKYLNEBZWQYLSMVSCA43FMNZGK5BB"}},
            {"type": 1, "name": "Just a password", "login": {"username": "dave", "password": "x"}},
        ],
    }))
    .unwrap()
}

/// [`bitwarden_plain`] exported password protected, with the fewest PBKDF2
/// rounds Bitwarden allows.
fn bitwarden_protected(kdf: BitwardenKdf) -> Vec<u8> {
    let export =
        app_files::bitwarden_password_protected(&bitwarden_plain(), PASSWORD, kdf, Draw::Random);
    serde_json::to_vec_pretty(&export).unwrap()
}

const CHEAP_PBKDF2: BitwardenKdf = BitwardenKdf::Pbkdf2 { iterations: 5_000 };

#[test]
fn bitwarden_password_protected_export_codes_match_oathtool() {
    let plain = Bitwarden::restore(&bitwarden_plain(), None).unwrap();
    assert_eq!(plain.accounts.len(), 4);
    let argon2 = BitwardenKdf::Argon2id {
        iterations: 2,
        memory_mib: 16,
        parallelism: 1,
    };
    for kdf in [CHEAP_PBKDF2, argon2] {
        let file = bitwarden_protected(kdf);
        let restored = assert_needs_the_right_password::<Bitwarden>(&file, PASSWORD);
        assert_eq!(summaries(&restored), summaries(&plain), "{kdf:?}");
        assert_eq!(restored.accounts[0].tags, ["Work"]);
        assert_codes_match_oathtool(&restored);
    }
}

#[test]
fn bitwarden_password_protected_damage_is_told_from_a_wrong_password() {
    let file: Value = serde_json::from_slice(&bitwarden_protected(CHEAP_PBKDF2)).unwrap();
    let damaged = |field: &str, change: &dyn Fn(&str) -> String| {
        let mut copy = file.clone();
        copy[field] = json!(change(file[field].as_str().unwrap()));
        serde_json::to_vec(&copy).unwrap()
    };
    let contents_damaged = ImportError::Malformed {
        format: Format::Bitwarden,
        problem: Malformation::EncryptedContentsDamaged,
    };
    // The data's ciphertext changed: the validation proves the password
    // right, so the data's MAC failing is damage, not the password.
    let flipped = damaged("data", &|text| {
        let (head, tail) = text.split_at(10);
        let swapped = if tail.starts_with('A') { "B" } else { "A" };
        format!("{head}{swapped}{}", &tail[1..])
    });
    let error = Bitwarden::restore(&flipped, Some(PASSWORD)).unwrap_err();
    assert_eq!(error, contents_damaged);
    assert!(error.to_string().contains("damaged"), "{error}");
    // Cut short inside the data, or not an EncString at all.
    let cut = damaged("data", &|text| text[..text.len() - 8].to_owned());
    assert_eq!(
        Bitwarden::restore(&cut, Some(PASSWORD)).unwrap_err(),
        contents_damaged
    );
    let mangled = damaged("encKeyValidation_DO_NOT_EDIT", &|_| {
        "2.not|base64|!".to_owned()
    });
    assert_eq!(
        Bitwarden::restore(&mangled, Some(PASSWORD)).unwrap_err(),
        contents_damaged
    );
    // The file cut off: its JSON ends too early.
    let bytes = bitwarden_protected(CHEAP_PBKDF2);
    let error = Bitwarden::restore(&bytes[..bytes.len() - 3], Some(PASSWORD)).unwrap_err();
    assert!(error.to_string().contains("ends too early"), "{error}");
    // Another app's export read as Bitwarden.
    assert_refused_as(Format::Bitwarden, &and_otp_plain(), Some(PASSWORD));
}

#[test]
fn bitwarden_kdf_settings_are_bounded_before_deriving() {
    let file: Value = serde_json::from_slice(&bitwarden_protected(CHEAP_PBKDF2)).unwrap();
    let with = |changes: Value| {
        let mut copy = file.clone();
        for (key, value) in changes.as_object().unwrap() {
            copy[key] = value.clone();
        }
        serde_json::to_vec(&copy).unwrap()
    };
    for (changes, parameter) in [
        (json!({"kdfIterations": 4_294_967_295_u64}), "kdfIterations"),
        (json!({"kdfIterations": 1}), "kdfIterations"),
        (
            json!({"kdfType": 1, "kdfIterations": 3, "kdfMemory": 4096, "kdfParallelism": 4}),
            "kdfMemory",
        ),
        (
            json!({"kdfType": 1, "kdfIterations": 3, "kdfMemory": 64, "kdfParallelism": 64}),
            "kdfParallelism",
        ),
        (json!({"kdfType": 1, "kdfIterations": 3}), "kdfMemory"),
    ] {
        let started = Instant::now();
        let error = Bitwarden::restore(&with(changes.clone()), Some(PASSWORD)).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        let ImportError::Malformed {
            problem: Malformation::KdfOutOfBounds(bounds),
            ..
        } = error
        else {
            panic!("{changes}: {error:?}");
        };
        assert_eq!(bounds.parameter, parameter, "{changes}");
    }
    let error = Bitwarden::restore(&with(json!({"kdfType": 7})), Some(PASSWORD)).unwrap_err();
    assert_eq!(
        error,
        ImportError::Malformed {
            format: Format::Bitwarden,
            problem: Malformation::UnknownKdf { kdf: 7 }
        }
    );
    assert!(error.to_string().contains('7'), "{error}");
}

#[test]
fn bitwarden_export_written_by_an_independent_implementation_opens() {
    // Written by `fixtures/built/bitwarden_password_protected.py` with
    // Python's `cryptography`, not by our test kit, so the test kit and the
    // reader cannot share a misreading of Bitwarden's format.
    let path = format!(
        "{}/tests/fixtures/built/bitwarden_password_protected.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = std::fs::read(&path).unwrap();
    let restored = assert_needs_the_right_password::<Bitwarden>(&file, PASSWORD);
    assert_eq!(restored.accounts.len(), 1);
    assert_eq!(restored.accounts[0].issuer.to_string(), "Python Site");
    assert_codes_match_oathtool(&restored);
}

// ---------------------------------------------------------------- TOTP Authenticator

/// TOTP Authenticator's entries: a secret in each base it writes, digits
/// and period as text.
fn totp_authenticator_entries() -> Value {
    json!([
        {"issuer": "ACME Co", "name": "alice", "base": 32, "key": "JBSWY3DPEHPK3PXP",
         "digits": "6", "period": "30", "isFavorite": false, "totpCode": ""},
        {"issuer": "Hex Site", "name": "bob", "base": 16,
         "key": "E49270F0D21F365C8408F8B475C5267C", "digits": "8", "period": "60"},
        {"issuer": "Base64 Site", "name": "carol", "base": 64,
         "key": "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", "digits": "7", "period": "30"},
        {"issuer": "Odd Base", "name": "dave", "base": 8, "key": "1234"},
    ])
}

#[test]
fn totp_authenticator_backup_codes_match_oathtool() {
    let file = app_files::totp_authenticator_encrypted(&totp_authenticator_entries(), PASSWORD);
    let restored = assert_needs_the_right_password::<TotpAuthenticator>(file.as_bytes(), PASSWORD);
    let names: Vec<_> = summaries(&restored)
        .into_iter()
        .map(|(issuer, label, kind, algorithm, digits, _)| (issuer, label, kind, algorithm, digits))
        .collect();
    let totp = |period| OtpKind::Totp { period };
    assert_eq!(
        names,
        [
            (
                "ACME Co".into(),
                "alice".into(),
                totp(30),
                Algorithm::Sha1,
                6
            ),
            (
                "Hex Site".into(),
                "bob".into(),
                totp(60),
                Algorithm::Sha1,
                8
            ),
            (
                "Base64 Site".into(),
                "carol".into(),
                totp(30),
                Algorithm::Sha1,
                7
            ),
        ]
    );
    assert_eq!(
        restored.accounts[2].otp.as_ref().unwrap().secret.as_bytes(),
        b"12345678901234567890"
    );
    assert_codes_match_oathtool(&restored);
    // A base the app never writes is named, not lost.
    assert_eq!(restored.rejected.len(), 1);
    assert_eq!(restored.rejected[0].name, "Odd Base (dave)");
}

#[test]
fn totp_authenticator_backup_without_a_password_of_its_own_opens_at_once() {
    // The app seals a backup with its fixed password when the user sets none.
    let file =
        app_files::totp_authenticator_encrypted(&totp_authenticator_entries(), "TotpAuthenticator");
    assert_eq!(
        formats::detect(file.as_bytes()),
        Some(Format::TotpAuthenticator)
    );
    let restored = formats::restore(file.as_bytes(), None, None).unwrap();
    assert_eq!(restored.accounts.len(), 3);
}

#[test]
fn totp_authenticator_real_backup_opens_as_its_twin() {
    // Aegis's test file, password "Testtest1": the first three accounts of
    // Aegis's andOTP twin, names lower-cased by the app. It stores each
    // entry's digits and period, which this reader follows (Aegis does not);
    // it makes SHA-1 codes only.
    let file = aegis_fixture("totp_authenticator.bin");
    let restored = assert_needs_the_right_password::<TotpAuthenticator>(&file, "Testtest1");
    let twin = AndOtp::restore(&aegis_fixture("andotp_plain.json"), None).unwrap();
    assert_eq!(restored.accounts.len(), 3);
    for account in &restored.accounts {
        let otp = account.otp.as_ref().unwrap();
        let original = twin
            .accounts
            .iter()
            .find(|other| other.otp.as_ref().unwrap().secret.as_bytes() == otp.secret.as_bytes())
            .expect("the same secret in the twin");
        let original_otp = original.otp.as_ref().unwrap();
        assert_eq!(account.issuer.to_string(), original.issuer.to_string());
        assert_eq!(
            account.label.to_string(),
            original.label.to_string().to_lowercase()
        );
        assert_eq!(
            (otp.kind, otp.digits),
            (original_otp.kind, original_otp.digits)
        );
        assert_eq!(otp.algorithm, Algorithm::Sha1);
    }
    assert_codes_match_oathtool(&restored);
}

#[test]
fn totp_authenticator_file_level_problems_are_reported() {
    let file = app_files::totp_authenticator_encrypted(&totp_authenticator_entries(), PASSWORD);
    // Cut inside an AES block: cut short, said before trying any password.
    let cut = &file[..file.len() - 8];
    let error = TotpAuthenticator::restore(cut.as_bytes(), Some(PASSWORD)).unwrap_err();
    assert!(error.to_string().contains("ends too early"), "{error}");
    // Cut at a block's end: CBC has no MAC, so this reads as the password
    // not opening the file (whose message says to check it).
    let whole_blocks =
        data_encoding::BASE64.encode(&data_encoding::BASE64.decode(file.as_bytes()).unwrap()[..32]);
    assert_eq!(
        TotpAuthenticator::restore(whole_blocks.as_bytes(), Some(PASSWORD)).unwrap_err(),
        ImportError::WrongPassword {
            format: Format::TotpAuthenticator
        }
    );
    // Another app's export read as TOTP Authenticator.
    let error = formats::restore(
        &and_otp_plain(),
        Some(Format::TotpAuthenticator),
        Some(PASSWORD),
    )
    .unwrap_err();
    assert!(
        matches!(
            error,
            ImportError::Malformed {
                format: Format::TotpAuthenticator,
                ..
            }
        ),
        "{error:?}"
    );
    // Plain text formats are not taken for it.
    for text in [
        "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
        "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8",
        "JBSWY3DPEHPK3PXP",
    ] {
        assert!(!TotpAuthenticator::detect(text.as_bytes()), "{text}");
    }
}

// ---------------------------------------------------------------- Steam Desktop Authenticator

/// Two maFiles as SDA writes them (base64 `shared_secret`, and the
/// `identity_secret` an authenticator must not keep).
fn sda_ma_files() -> Vec<(&'static str, Vec<u8>)> {
    let ma_file = |secret: &[u8], name: &str| {
        serde_json::to_vec(&json!({
            "shared_secret": data_encoding::BASE64.encode(secret),
            "account_name": name,
            "identity_secret": "aWRlbnRpdHkgc2VjcmV0IG5vdCB0byBrZWVw",
            "revocation_code": "R12345",
            "Session": {"SteamID": 76_561_198_000_000_000_u64},
        }))
        .unwrap()
    };
    vec![
        (
            "76561198000000000.maFile",
            ma_file(b"12345678901234567890", "gamer"),
        ),
        (
            "76561198000000001.maFile",
            ma_file(b"steam shared secret!", "other"),
        ),
    ]
}

/// Checks the two accounts of [`sda_ma_files`]: Steam codes, the first
/// against the known vector of its secret.
fn assert_sda_accounts(restored: &Restored) {
    let names: Vec<_> = restored
        .accounts
        .iter()
        .map(|account| (account.issuer.to_string(), account.label.to_string()))
        .collect();
    assert_eq!(
        names,
        [
            ("Steam".into(), "gamer".into()),
            ("Steam".into(), "other".into())
        ]
    );
    let otp = restored.accounts[0].otp.as_ref().unwrap();
    assert_eq!(otp.kind, OtpKind::Steam);
    // The RFC 4226 seed at time 0 (see otp/tests.rs).
    assert_eq!(otp.code_at(0).as_str(), "GG5F5");
    let debug = format!("{restored:?}");
    assert!(
        !debug.contains("aWRlbnRpdHkgc2VjcmV0") && !debug.contains("R12345"),
        "{debug}"
    );
}

#[test]
fn sda_zipped_ma_files_folder_is_read_plain_or_encrypted() {
    let plain = app_files::sda_ma_files_zip(&sda_ma_files(), None, Draw::Random);
    assert_eq!(formats::detect(&plain), Some(Format::SteamMaFile));
    assert_sda_accounts(&formats::restore(&plain, None, None).unwrap());

    let encrypted = app_files::sda_ma_files_zip(&sda_ma_files(), Some(PASSWORD), Draw::Random);
    let restored =
        assert_needs_the_right_password_of::<SteamMaFile>(&encrypted, PASSWORD, &["wrong"]);
    assert_sda_accounts(&restored);
}

#[test]
fn sda_zipped_folder_problems_are_reported() {
    let encrypted = app_files::sda_ma_files_zip(&sda_ma_files(), Some(PASSWORD), Draw::Random);
    // Cut short: the archive's directory is at its end.
    let error = formats::restore(
        &encrypted[..encrypted.len() - 10],
        Some(Format::SteamMaFile),
        Some(PASSWORD),
    )
    .unwrap_err();
    assert!(error.to_string().contains("ends too early"), "{error}");
    assert!(!SteamMaFile::detect(&encrypted[..encrypted.len() - 10]));

    // A maFile the manifest lists but the archive lacks is named.
    let only_one = app_files::sda_ma_files_zip(&sda_ma_files()[..1], None, Draw::Random);
    let mut files = sda_ma_files();
    files.truncate(1);
    let manifest_lists_two = {
        // Rebuild with a manifest naming a second file that is not there.
        use std::io::Write;
        let mut zip = zip_writer();
        let options = zip_options();
        zip.start_file("maFiles/76561198000000000.maFile", options)
            .unwrap();
        zip.write_all(&files[0].1).unwrap();
        zip.start_file("maFiles/manifest.json", options).unwrap();
        zip.write_all(
            br#"{"encrypted": false, "entries": [
            {"filename": "76561198000000000.maFile"}, {"filename": "76561198000000009.maFile"}]}"#,
        )
        .unwrap();
        zip.finish().unwrap().into_inner()
    };
    assert_eq!(
        formats::restore(&only_one, None, None)
            .unwrap()
            .accounts
            .len(),
        1
    );
    let error = formats::restore(&manifest_lists_two, None, None).unwrap_err();
    assert_eq!(
        error,
        ImportError::Malformed {
            format: Format::SteamMaFile,
            problem: Malformation::MissingFile {
                name: "76561198000000009.maFile".into()
            }
        }
    );
    assert!(
        error.to_string().contains("76561198000000009.maFile"),
        "{error}"
    );
}

fn zip_writer() -> zip::ZipWriter<std::io::Cursor<Vec<u8>>> {
    zip::ZipWriter::new(std::io::Cursor::new(Vec::new()))
}

fn zip_options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
}
