//! Password-protected exports of Proton Authenticator, Ente Auth and
//! FreeOTP, and Authy's token files: built here from each app's published
//! format (see IMPORT_FIXTURES.md), read back and checked code for code
//! against `oathtool`, with the wrong password, a cut-short file and another
//! app's file refused in words.
//!
//! The generators seal with the crates the apps' own formats name (AES-GCM,
//! libsodium's secretstream as `dryoc` implements it), never through our
//! readers. Files whose key derivation cost is read from the file use small
//! settings within the bounds; Proton's cost is fixed by Proton, so its
//! files take the real (small) cost.

use safekeep_core::account::Account;
use safekeep_core::formats::authy::Authy;
use safekeep_core::formats::ente::EnteAuth;
use safekeep_core::formats::free_otp::FreeOtp;
use safekeep_core::formats::keepass::KeePass;
use safekeep_core::formats::proton::Proton;
use safekeep_core::formats::{self, Format, ImportError, Malformation, Restorable, Restored};
use safekeep_core::otp::{Algorithm, Otp, OtpKind, OtpSecret};
use safekeep_testkit::oathtool::{TIMES, oathtool_hotp, oathtool_totp};
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";

/// One account as every generator writes it.
struct Case {
    issuer: &'static str,
    label: &'static str,
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    secret: &'static [u8],
}

const CASES: [Case; 4] = [
    Case {
        issuer: "ACME Co",
        label: "alice@example.com",
        kind: OtpKind::Totp { period: 30 },
        algorithm: Algorithm::Sha1,
        digits: 6,
        secret: b"Hello!\xde\xad\xbe\xef",
    },
    Case {
        issuer: "Big Bank",
        label: "bob",
        kind: OtpKind::Totp { period: 60 },
        algorithm: Algorithm::Sha256,
        digits: 8,
        secret: b"12345678901234567890123456789012",
    },
    Case {
        issuer: "Counter Site",
        label: "dave",
        kind: OtpKind::Hotp { counter: 42 },
        algorithm: Algorithm::Sha512,
        digits: 7,
        secret: b"12345678901234567890",
    },
    Case {
        issuer: "Steam",
        label: "gamer",
        kind: OtpKind::Steam,
        algorithm: Algorithm::Sha1,
        digits: 5,
        secret: b"steam shared secret!",
    },
];

impl Case {
    fn base32(&self) -> String {
        OtpSecret::from_bytes(self.secret.to_vec())
            .to_base32()
            .to_string()
    }

    fn otp(&self) -> Otp {
        Otp::new(
            self.kind,
            self.algorithm,
            self.digits,
            OtpSecret::from_bytes(self.secret.to_vec()),
        )
        .unwrap()
    }

    /// The case as an `otpauth://` link (Steam as Ente and others write it).
    fn link(&self) -> String {
        let encode = |text: &str| text.replace(' ', "%20").replace('@', "%40");
        let (kind, parameter) = match self.kind {
            OtpKind::Totp { period } => ("totp", format!("period={period}")),
            OtpKind::Hotp { counter } => ("hotp", format!("counter={counter}")),
            OtpKind::Steam => ("steam", "period=30".to_owned()),
        };
        format!(
            "otpauth://{kind}/{}:{}?secret={}&issuer={}&algorithm={}&digits={}&{parameter}",
            encode(self.issuer),
            encode(self.label),
            self.base32(),
            encode(self.issuer),
            self.algorithm.as_str(),
            self.digits,
        )
    }
}

/// Checks that `account` is `case`, and that its codes are `oathtool`'s
/// (Steam, which oathtool cannot make: our own separately tested Steam
/// generator's).
fn assert_is_case(account: &Account, case: &Case) {
    assert_eq!(account.issuer, case.issuer);
    assert_eq!(account.label, case.label, "{}", case.issuer);
    let otp = account.otp.as_ref().expect("an imported account has codes");
    assert_eq!(otp.kind, case.kind, "{}", case.issuer);
    assert_eq!(otp.secret.as_bytes(), case.secret, "{}", case.issuer);
    assert_eq!(otp.algorithm, case.algorithm, "{}", case.issuer);
    assert_eq!(otp.digits, case.digits, "{}", case.issuer);
    let algorithm = case.algorithm.as_str();
    for time in TIMES {
        let code = otp.code_at(time);
        let expected = match case.kind {
            OtpKind::Totp { period } => {
                oathtool_totp(&case.base32(), algorithm, case.digits, period.into(), time)
            }
            OtpKind::Hotp { counter } => {
                oathtool_hotp(&case.base32(), algorithm, case.digits, counter)
            }
            OtpKind::Steam => case.otp().code_at(time).as_str().to_owned(),
        };
        assert_eq!(code.as_str(), expected, "{} at {time}", case.issuer);
    }
}

fn find<'a>(restored: &'a Restored, issuer: &str) -> &'a Account {
    restored
        .accounts
        .iter()
        .find(|account| account.issuer == issuer)
        .unwrap_or_else(|| panic!("no account {issuer} in {restored:?}"))
}

fn assert_cases(restored: &Restored, cases: &[&Case]) {
    for case in cases {
        assert_is_case(find(restored, case.issuer), case);
    }
    assert_eq!(restored.accounts.len(), cases.len(), "{restored:?}");
}

/// Checks that no secret of the cases shows in `text` (Debug output, errors).
fn assert_no_secret_in(text: &str) {
    for case in &CASES {
        assert!(
            !text.contains(&case.base32()),
            "secret of {} in {text}",
            case.issuer
        );
    }
}

/// Asserts that the encrypted `file` asks for a password when given none,
/// also through detection, and that each of `wrong` is refused as wrong,
/// naming no secret.
fn assert_needs_the_right_password<F: Restorable>(file: &[u8], wrong: &[&str]) {
    assert_eq!(formats::detect(file), Some(F::FORMAT));
    let needed = formats::restore(file, None, None).unwrap_err();
    assert_eq!(needed, ImportError::PasswordNeeded { format: F::FORMAT });
    assert!(
        needed.to_string().contains(F::FORMAT.display_name()),
        "{needed}"
    );
    for wrong in wrong {
        let error = F::restore(file, Some(wrong)).unwrap_err();
        assert_eq!(error, ImportError::WrongPassword { format: F::FORMAT });
        assert_no_secret_in(&format!("{error} {error:?}"));
    }
}

/// Asserts that `file` cut short anywhere is refused as `F` in words (never
/// read in part), and that no cut makes a reader panic.
fn assert_cut_short_is_refused<F: Restorable>(file: &[u8], password: &str, cuts: &[usize]) {
    for &cut in cuts {
        let error = F::restore(&file[..cut], Some(password)).unwrap_err();
        assert!(
            matches!(
                error,
                ImportError::Malformed { format, .. } | ImportError::WrongPassword { format }
                    if format == F::FORMAT
            ),
            "cut at {cut}: {error:?}"
        );
        assert!(
            error.to_string().contains(F::FORMAT.display_name()),
            "{error}"
        );
    }
}

/// Checks that `file`, another app's export, read as `format` is refused as
/// damaged or laid out otherwise, naming the format: nothing half read.
fn assert_refused_as(format: Format, file: &[u8]) {
    let error = formats::restore(file, Some(format), Some(PASSWORD)).unwrap_err();
    assert!(
        matches!(error, ImportError::Malformed { format: named, .. } if named == format),
        "{format:?}: {error:?}"
    );
    assert!(error.to_string().contains(format.display_name()), "{error}");
}

fn base64(bytes: &[u8]) -> String {
    data_encoding::BASE64.encode(bytes)
}

// ---------------------------------------------------------------- Proton

/// A Proton Authenticator plain export of every case.
fn proton_plain() -> Value {
    let entries: Vec<Value> = CASES
        .iter()
        .map(|case| {
            let (uri, kind) = match case.kind {
                OtpKind::Steam => (format!("steam://{}", case.base32()), "Steam"),
                _ => (case.link(), "Totp"),
            };
            json!({
                "id": case.label,
                "content": {"uri": uri, "entry_type": kind, "name": case.label},
                "note": null,
            })
        })
        .collect();
    json!({"version": 1, "entries": entries})
}

/// `plain` sealed as Proton Authenticator seals a password-protected export
/// (proton-pass-common's `export_entries_with_password`): Argon2id with
/// Proton's fixed 19 MiB, 2 passes, 1 lane over a 16-byte salt; AES-256-GCM
/// with the associated data `proton.authenticator.export.v1`; `content` is
/// base64 of nonce ‖ ciphertext ‖ tag.
fn proton_encrypted(plain: &Value, password: &str) -> Vec<u8> {
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    let salt: [u8; 16] = *b"proton salt 16 b";
    let nonce: [u8; 12] = *b"proton nonce";
    let params = argon2::Params::new(19 * 1024, 2, 1, Some(32)).unwrap();
    let mut key = [0u8; 32];
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(password.as_bytes(), &salt, &mut key)
        .unwrap();
    let sealed = aes_gcm::Aes256Gcm::new(&key.into())
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: &serde_json::to_vec(plain).unwrap(),
                aad: b"proton.authenticator.export.v1",
            },
        )
        .unwrap();
    let mut frame = nonce.to_vec();
    frame.extend_from_slice(&sealed);
    serde_json::to_vec(&json!({"version": 1, "salt": base64(&salt), "content": base64(&frame)}))
        .unwrap()
}

#[test]
fn proton_encrypted_export_codes_match_oathtool() {
    let file = proton_encrypted(&proton_plain(), PASSWORD);
    assert_eq!(formats::detect(&file), Some(Format::Proton));
    let restored = formats::restore(&file, None, Some(PASSWORD)).unwrap();
    assert_cases(&restored, &CASES.iter().collect::<Vec<_>>());
    assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);
}

#[test]
fn proton_encrypted_export_needs_the_right_password_and_all_of_it() {
    let file = proton_encrypted(&proton_plain(), PASSWORD);
    assert_needs_the_right_password::<Proton>(&file, &["", "Correct horse battery staple"]);
    // Cut inside the JSON, and a valid JSON whose sealed frame lost its end.
    assert_cut_short_is_refused::<Proton>(&file, PASSWORD, &[0, 1, 20, file.len() - 2]);
    let mut short: Value = serde_json::from_slice(&file).unwrap();
    short["content"] = json!(base64(b"nonce+tag short"));
    let error = Proton::restore(&serde_json::to_vec(&short).unwrap(), Some(PASSWORD)).unwrap_err();
    assert_eq!(
        error,
        ImportError::Malformed {
            format: Format::Proton,
            problem: Malformation::CutShort
        }
    );
    // Another app's JSON read as Proton is refused as not Proton's layout.
    assert_refused_as(Format::Proton, br#"{"version": 1, "salt": 5}"#);
    let mut newer: Value = serde_json::from_slice(&file).unwrap();
    newer["version"] = json!(2);
    let error = Proton::restore(&serde_json::to_vec(&newer).unwrap(), Some(PASSWORD)).unwrap_err();
    assert_eq!(
        error,
        ImportError::Malformed {
            format: Format::Proton,
            problem: Malformation::NewerVersion { version: 2 }
        }
    );
}

// ---------------------------------------------------------------- Ente Auth

/// Ente Auth's plain export: one link per line, with Ente's own
/// `codeDisplay` parameter, and `otpauth://steam/` for Steam.
fn ente_plain() -> String {
    CASES
        .iter()
        .map(|case| {
            format!(
                "{}&codeDisplay=%7B%22pinned%22%3Afalse%2C%22tags%22%3A%5B%5D%7D\n",
                case.link()
            )
        })
        .collect()
}

/// A small cost within the bounds (Ente's own is 1 GiB × 4 passes, which a
/// test should not spend): 1 MiB, 2 passes.
const ENTE_TEST_MEM_LIMIT: usize = 1 << 20;
const ENTE_TEST_OPS_LIMIT: u64 = 2;

/// `plain` sealed as Ente Auth seals an encrypted export, with libsodium's
/// algorithms as dryoc implements them (independently of the reader's
/// crates): `crypto_pwhash` Argon2id v1.3 of the password over a 16-byte
/// salt, then one secretstream XChaCha20-Poly1305 message tagged final;
/// everything base64 as libsodium's `bin2base64` writes it.
fn ente_encrypted(plain: &str, password: &str) -> Vec<u8> {
    use dryoc::classic::crypto_pwhash::{PasswordHashAlgorithm, crypto_pwhash};
    use dryoc::classic::crypto_secretstream_xchacha20poly1305::{
        Header, Key, State, crypto_secretstream_xchacha20poly1305_init_push,
        crypto_secretstream_xchacha20poly1305_push,
    };
    use dryoc::constants::{
        CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_ABYTES,
        CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_TAG_FINAL,
    };
    let salt = *b"ente salt 16 by.";
    let mut key: Key = [0u8; 32];
    crypto_pwhash(
        &mut key,
        password.as_bytes(),
        &salt,
        ENTE_TEST_OPS_LIMIT,
        ENTE_TEST_MEM_LIMIT,
        PasswordHashAlgorithm::Argon2id13,
    )
    .unwrap();
    let mut state = State::new();
    let mut header: Header = [0u8; 24];
    crypto_secretstream_xchacha20poly1305_init_push(&mut state, &mut header, &key);
    let mut sealed = vec![0u8; plain.len() + CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_ABYTES];
    crypto_secretstream_xchacha20poly1305_push(
        &mut state,
        &mut sealed,
        plain.as_bytes(),
        None,
        CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_TAG_FINAL,
    )
    .unwrap();
    serde_json::to_vec(&json!({
        "version": 1,
        "kdfParams": {
            "memLimit": ENTE_TEST_MEM_LIMIT,
            "opsLimit": ENTE_TEST_OPS_LIMIT,
            "salt": base64(&salt),
        },
        "encryptedData": base64(&sealed),
        "encryptionNonce": base64(&header),
    }))
    .unwrap()
}

#[test]
fn ente_encrypted_export_codes_match_oathtool() {
    let file = ente_encrypted(&ente_plain(), PASSWORD);
    assert_eq!(formats::detect(&file), Some(Format::EnteAuth));
    let restored = formats::restore(&file, None, Some(PASSWORD)).unwrap();
    assert_cases(&restored, &CASES.iter().collect::<Vec<_>>());
    assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);

    // A line that is not a link is named, and the rest still imports.
    let file = ente_encrypted(&format!("{}not a link\n", ente_plain()), PASSWORD);
    let restored = EnteAuth::restore(&file, Some(PASSWORD)).unwrap();
    assert_eq!(restored.accounts.len(), CASES.len());
    assert_eq!(restored.rejected.len(), 1);
    assert_eq!(restored.rejected[0].name, "line 5");
}

#[test]
fn ente_encrypted_export_needs_the_right_password_and_all_of_it() {
    let file = ente_encrypted(&ente_plain(), PASSWORD);
    assert_needs_the_right_password::<EnteAuth>(&file, &["", "correct horse battery stapler"]);
    assert_cut_short_is_refused::<EnteAuth>(&file, PASSWORD, &[0, 1, 40, file.len() - 3]);
    // The sealed message cut inside a valid file: its tag no longer matches.
    let mut cut: Value = serde_json::from_slice(&file).unwrap();
    let sealed = data_encoding::BASE64
        .decode(cut["encryptedData"].as_str().unwrap().as_bytes())
        .unwrap();
    cut["encryptedData"] = json!(base64(&sealed[..sealed.len() - 5]));
    assert_eq!(
        EnteAuth::restore(&serde_json::to_vec(&cut).unwrap(), Some(PASSWORD)).unwrap_err(),
        ImportError::WrongPassword {
            format: Format::EnteAuth
        }
    );
    cut["encryptedData"] = json!(base64(&sealed[..10]));
    assert_eq!(
        EnteAuth::restore(&serde_json::to_vec(&cut).unwrap(), Some(PASSWORD)).unwrap_err(),
        ImportError::Malformed {
            format: Format::EnteAuth,
            problem: Malformation::CutShort
        }
    );
    // Nothing inside: said so, naming Ente.
    let empty = ente_encrypted("\n", PASSWORD);
    let error = EnteAuth::restore(&empty, Some(PASSWORD)).unwrap_err();
    assert_eq!(
        error,
        ImportError::Empty {
            format: Format::EnteAuth
        }
    );
    // Another app's file read as Ente.
    assert_refused_as(
        Format::EnteAuth,
        &proton_encrypted(&proton_plain(), PASSWORD),
    );
}

#[test]
fn ente_forged_kdf_settings_are_refused_before_any_derivation() {
    let file = ente_encrypted(&ente_plain(), PASSWORD);
    for (memory, ops, parameter) in [
        (json!(64u64 << 30), json!(4), "memLimit"),
        (json!(1u64 << 30), json!(1_000_000), "opsLimit"),
        (json!(1u64 << 30), json!(8), "memLimit × opsLimit"),
    ] {
        let mut forged: Value = serde_json::from_slice(&file).unwrap();
        forged["kdfParams"]["memLimit"] = memory;
        forged["kdfParams"]["opsLimit"] = ops;
        let error =
            EnteAuth::restore(&serde_json::to_vec(&forged).unwrap(), Some(PASSWORD)).unwrap_err();
        match &error {
            ImportError::Malformed {
                format: Format::EnteAuth,
                problem: Malformation::KdfOutOfBounds(bounds),
            } => assert_eq!(bounds.parameter, parameter),
            other => panic!("{other:?}"),
        }
        assert!(error.to_string().contains(parameter), "{error}");
    }
    let mut newer: Value = serde_json::from_slice(&file).unwrap();
    newer["version"] = json!(2);
    assert_eq!(
        EnteAuth::restore(&serde_json::to_vec(&newer).unwrap(), Some(PASSWORD)).unwrap_err(),
        ImportError::Malformed {
            format: Format::EnteAuth,
            problem: Malformation::NewerVersion { version: 2 }
        }
    );
}

// ------------------------------------------------ other projects' test files

/// A test file of Aegis's importer tests (beemdevelopment/Aegis, GPL-3.0),
/// kept under `tests/fixtures/aegis/` with its source recorded in
/// IMPORT_FIXTURES.md: real files of the apps, used by tests only and
/// never packaged.
fn aegis_fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aegis")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// An account as Aegis's test vectors (`vectors/VaultEntries.java`) give
/// it, in the other app's words: base32 secret.
struct Vector {
    issuer: &'static str,
    label: &'static str,
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    base32: &'static str,
}

impl Vector {
    fn secret(&self) -> Vec<u8> {
        OtpSecret::from_base32(self.base32)
            .unwrap()
            .as_bytes()
            .to_vec()
    }
}

/// Checks that `restored` holds exactly `vectors`, each making `oathtool`'s
/// codes.
fn assert_vectors(restored: &Restored, vectors: &[Vector]) {
    assert_eq!(restored.accounts.len(), vectors.len(), "{restored:?}");
    for vector in vectors {
        let account = restored
            .accounts
            .iter()
            .find(|account| account.issuer == vector.issuer && account.label == vector.label)
            .unwrap_or_else(|| panic!("no {} ({}) in {restored:?}", vector.issuer, vector.label));
        let otp = account.otp.as_ref().unwrap();
        assert_eq!(otp.kind, vector.kind, "{}", vector.issuer);
        assert_eq!(otp.algorithm, vector.algorithm, "{}", vector.issuer);
        assert_eq!(otp.digits, vector.digits, "{}", vector.issuer);
        assert_eq!(otp.secret.as_bytes(), vector.secret(), "{}", vector.issuer);
        let algorithm = vector.algorithm.as_str();
        for time in TIMES {
            let expected = match vector.kind {
                OtpKind::Totp { period } => {
                    oathtool_totp(vector.base32, algorithm, vector.digits, period.into(), time)
                }
                OtpKind::Hotp { counter } => {
                    oathtool_hotp(vector.base32, algorithm, vector.digits, counter)
                }
                OtpKind::Steam => unreachable!("no Steam vectors here"),
            };
            assert_eq!(
                otp.code_at(time).as_str(),
                expected,
                "{} at {time}",
                vector.issuer
            );
        }
    }
}

// ---------------------------------------------------------------- Authy

/// Aegis's Authy vectors: Authy keeps every account as SHA-1, 30 seconds.
const AUTHY_VECTORS: [Vector; 3] = [
    Vector {
        issuer: "Deno",
        label: "Mason",
        kind: OtpKind::Totp { period: 30 },
        algorithm: Algorithm::Sha1,
        digits: 6,
        base32: "4SJHB4GSD43FZBAI7C2HLRJGPQ",
    },
    Vector {
        issuer: "SPDX",
        label: "James",
        kind: OtpKind::Totp { period: 30 },
        algorithm: Algorithm::Sha1,
        digits: 7,
        base32: "5OM4WOOGPLQEF6UGN3CPEOOLWU",
    },
    Vector {
        issuer: "Airbnb",
        label: "Elijah",
        kind: OtpKind::Totp { period: 30 },
        algorithm: Algorithm::Sha1,
        digits: 8,
        base32: "7ELGJSGXNCCTV3O6LKJWYFV2RA",
    },
];

/// The password Aegis's encrypted Authy file was made with.
const AUTHY_FIXTURE_PASSWORD: &str = "testtest";

#[test]
fn authy_token_files_from_a_phone_codes_match_oathtool() {
    let plain = aegis_fixture("authy_plain.xml");
    assert_eq!(formats::detect(&plain), Some(Format::Authy));
    let restored = formats::restore(&plain, None, None).unwrap();
    assert_vectors(&restored, &AUTHY_VECTORS);
    assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);

    // With Authy's backups password set, the secrets are sealed with it.
    let encrypted = aegis_fixture("authy_encrypted.xml");
    assert_needs_the_right_password::<Authy>(&encrypted, &["", "testtesT"]);
    let restored = Authy::restore(&encrypted, Some(AUTHY_FIXTURE_PASSWORD)).unwrap();
    assert_vectors(&restored, &AUTHY_VECTORS);
}

/// Authy's own tokens file, built here as Authy stores it: the JSON list
/// in a SharedPreferences string, quotes escaped, hex seeds.
fn authy_own_tokens(tokens: &Value) -> Vec<u8> {
    let list = serde_json::to_string(tokens)
        .unwrap()
        .replace('&', "&amp;")
        .replace('"', "&quot;");
    format!(
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    \
         <int name=\"key_version\" value=\"121\" />\n    \
         <string name=\"com.authy.storage.tokens.authy.key\">{list}</string>\n</map>\n"
    )
    .into_bytes()
}

#[test]
fn authys_own_tokens_make_7_digit_codes_every_10_seconds() {
    let seed = "3132333435363738393031323334353637383930";
    let file = authy_own_tokens(&json!([
        {"name": "Twilio", "secretSeed": seed, "digits": 7, "accountType": "authy"},
        {"name": "Coinbase", "secretSeed": seed.to_uppercase()},
        {"name": "Broken", "secretSeed": "not hex", "digits": 7},
    ]));
    assert_eq!(formats::detect(&file), Some(Format::Authy));
    let restored = Authy::restore(&file, None).unwrap();
    let vector = |issuer| Vector {
        issuer,
        label: "",
        kind: OtpKind::Totp { period: 10 },
        algorithm: Algorithm::Sha1,
        digits: 7,
        base32: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    };
    assert_vectors(&restored, &[vector("Twilio"), vector("Coinbase")]);
    assert_eq!(restored.rejected.len(), 1);
    assert_eq!(restored.rejected[0].name, "Broken");
    assert_eq!(restored.rejected[0].reason_id, "import-entry-bad-secret");
    assert!(
        restored.rejected[0].reason.contains("Authy"),
        "{}",
        restored.rejected[0].reason
    );
}

#[test]
fn authy_files_cut_short_damaged_or_of_another_app_are_refused() {
    let plain = aegis_fixture("authy_plain.xml");
    for cut in [0, 60, 200, plain.len() / 2, plain.len() - 8] {
        let error = Authy::restore(&plain[..cut], None).unwrap_err();
        assert!(
            matches!(
                error,
                ImportError::Malformed {
                    format: Format::Authy,
                    ..
                }
            ),
            "cut at {cut}: {error:?}"
        );
        assert!(error.to_string().contains("Authy"), "{error}");
    }
    let error = Authy::restore(&plain[..plain.len() - 8], None).unwrap_err();
    assert_eq!(
        error,
        ImportError::Malformed {
            format: Format::Authy,
            problem: Malformation::CutShort
        }
    );
    assert_refused_as(Format::Authy, &proton_encrypted(&proton_plain(), PASSWORD));
    // Another app's SharedPreferences file is no Authy token file.
    let other = b"<?xml version='1.0' ?>\n<map><string name=\"tokenOrder\">[]</string></map>\n";
    assert_eq!(formats::detect(other), None);
    assert_eq!(
        Authy::restore(other, None).unwrap_err(),
        ImportError::Malformed {
            format: Format::Authy,
            problem: Malformation::NoAccountList
        }
    );
    // A token list that is not JSON names where.
    let broken = b"<map><string name=\"com.authy.storage.tokens.authy.key\">[{</string></map>";
    assert!(matches!(
        Authy::restore(broken, None).unwrap_err(),
        ImportError::Malformed {
            format: Format::Authy,
            ..
        }
    ));
}

// ---------------------------------------------------------------- FreeOTP

/// Aegis's vectors as FreeOTP 2 keeps them: every setting FreeOTP has, and
/// HOTP counters as FreeOTP stores them (the next code's counter).
const FREE_OTP_VECTORS: [Vector; 6] = [
    Vector {
        issuer: "Deno",
        label: "Mason",
        kind: OtpKind::Totp { period: 30 },
        algorithm: Algorithm::Sha1,
        digits: 6,
        base32: "4SJHB4GSD43FZBAI7C2HLRJGPQ",
    },
    Vector {
        issuer: "SPDX",
        label: "James",
        kind: OtpKind::Totp { period: 20 },
        algorithm: Algorithm::Sha256,
        digits: 7,
        base32: "5OM4WOOGPLQEF6UGN3CPEOOLWU",
    },
    Vector {
        issuer: "Airbnb",
        label: "Elijah",
        kind: OtpKind::Totp { period: 50 },
        algorithm: Algorithm::Sha512,
        digits: 8,
        base32: "7ELGJSGXNCCTV3O6LKJWYFV2RA",
    },
    Vector {
        issuer: "Issuu",
        label: "James",
        kind: OtpKind::Hotp { counter: 1 },
        algorithm: Algorithm::Sha1,
        digits: 6,
        base32: "YOOMIXWS5GN6RTBPUFFWKTW5M4",
    },
    Vector {
        issuer: "Air Canada",
        label: "Benjamin",
        kind: OtpKind::Hotp { counter: 50 },
        algorithm: Algorithm::Sha256,
        digits: 7,
        base32: "KUVJJOM753IHTNDSZVCNKL7GII",
    },
    Vector {
        issuer: "WWE",
        label: "Mason",
        kind: OtpKind::Hotp { counter: 10_300 },
        algorithm: Algorithm::Sha512,
        digits: 8,
        base32: "5VAML3X35THCEBVRLV24CGBKOY",
    },
];

/// The password Aegis's FreeOTP backups were made with.
const FREE_OTP_FIXTURE_PASSWORD: &str = "test";

#[test]
fn free_otp_backups_codes_match_oathtool() {
    // Backups made on Android 6, 7.1, 8.1 and 14: PBKDF2 with SHA-1 on the
    // older, SHA-512 on the newer, and both DER layouts of the nonce.
    for name in [
        "freeotp_v2_api23.xml",
        "freeotp_v2_api25.xml",
        "freeotp_v2_api27.xml",
        "freeotp_v2_api34.xml",
    ] {
        let file = aegis_fixture(name);
        assert_eq!(formats::detect(&file), Some(Format::FreeOtp), "{name}");
        let restored = formats::restore(&file, None, Some(FREE_OTP_FIXTURE_PASSWORD)).unwrap();
        assert_vectors(&restored, &FREE_OTP_VECTORS);
        assert!(
            restored.rejected.is_empty(),
            "{name}: {:?}",
            restored.rejected
        );
    }
}

#[test]
fn free_otp_backup_needs_the_right_password_and_all_of_it() {
    let file = aegis_fixture("freeotp_v2_api34.xml");
    assert_needs_the_right_password::<FreeOtp>(&file, &["", "Test"]);
    assert_cut_short_is_refused::<FreeOtp>(
        &file,
        FREE_OTP_FIXTURE_PASSWORD,
        &[0, 3, 30, file.len() / 2, file.len() - 1],
    );
    assert_eq!(
        FreeOtp::restore(&file[..file.len() - 1], Some(FREE_OTP_FIXTURE_PASSWORD)).unwrap_err(),
        ImportError::Malformed {
            format: Format::FreeOtp,
            problem: Malformation::CutShort
        }
    );
    // A damaged marker is placed, in words.
    let mut damaged = file.clone();
    damaged[4] = 0x42;
    let error = FreeOtp::restore(&damaged, Some(FREE_OTP_FIXTURE_PASSWORD)).unwrap_err();
    assert_eq!(
        error,
        ImportError::Malformed {
            format: Format::FreeOtp,
            problem: Malformation::UnexpectedBytes { offset: 4 }
        }
    );
    assert!(error.to_string().contains("byte 4"), "{error}");
    // Another app's file read as FreeOTP.
    assert_refused_as(Format::FreeOtp, &aegis_fixture("authy_plain.xml"));
}

#[test]
fn free_otp_forged_rounds_are_refused_before_any_derivation() {
    // The master key's JSON with 9,000,000 rounds, its string's length in
    // the stream put right.
    let file = aegis_fixture("freeotp_v2_api23.xml");
    let start = file
        .windows(b"{\"mAlgorithm\"".len())
        .position(|window| window == b"{\"mAlgorithm\"")
        .unwrap();
    let length = usize::from(u16::from_be_bytes([file[start - 2], file[start - 1]]));
    let master = String::from_utf8(file[start..start + length].to_vec()).unwrap();
    let forged_master = master.replace("\"mIterations\":100000", "\"mIterations\":9000000");
    assert_ne!(master, forged_master, "the fixture states its rounds");
    let mut forged = file[..start - 2].to_vec();
    forged.extend_from_slice(&u16::try_from(forged_master.len()).unwrap().to_be_bytes());
    forged.extend_from_slice(forged_master.as_bytes());
    forged.extend_from_slice(&file[start + length..]);
    for password in [None, Some(FREE_OTP_FIXTURE_PASSWORD)] {
        let error = FreeOtp::restore(&forged, password).unwrap_err();
        match &error {
            ImportError::Malformed {
                format: Format::FreeOtp,
                problem: Malformation::KdfOutOfBounds(bounds),
            } => {
                assert_eq!(bounds.parameter, "mIterations");
                assert_eq!(bounds.value, 9_000_000);
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn free_otp_settings_left_out_take_free_otps_defaults() {
    // A backup whose token names no algorithm, digits or period: FreeOTP
    // then means SHA-1, 6 digits, 30 seconds.
    let file = aegis_fixture("freeotp_v2_null_algo.xml");
    let restored = FreeOtp::restore(&file, Some(FREE_OTP_FIXTURE_PASSWORD)).unwrap();
    assert_vectors(&restored, &FREE_OTP_VECTORS[..1]);
}

// ---------------------------------------------------------------- KeePass

/// A test database of keepass-rs (MIT), kept under
/// `tests/fixtures/keepass-rs/`.
fn keepass_rs_fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keepass-rs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A KeePass entry to write: its title, user name and other fields.
type KeePassEntry<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
/// Fields of an entry, as name and value.
type Fields<'a> = Vec<(&'a str, &'a str)>;

/// A KDBX 4 database as KeePass and KeePassXC write it (through the
/// `keepass` crate's writer), AES-KDF at a cheap 1,000 rounds: each entry
/// is a title, a user name and its other fields, protected as KeePassXC
/// protects its `otp` field. With `recycled`, the last entry is in the
/// recycle bin.
fn keepass_database(entries: &[KeePassEntry], recycled: bool) -> Vec<u8> {
    use keepass::config::KdfConfig;
    use keepass::{Database, DatabaseKey};
    let mut database = Database::new();
    database.config.kdf_config = KdfConfig::Aes { rounds: 1_000 };
    let bin = {
        let mut root = database.root_mut();
        let (last, rest) = entries.split_last().unwrap();
        for (title, user, fields) in rest.iter().chain(if recycled { None } else { Some(last) }) {
            let mut entry = root.add_entry();
            entry.set_unprotected("Title", *title);
            entry.set_unprotected("UserName", *user);
            for (name, value) in *fields {
                entry.set_protected(*name, *value);
            }
        }
        recycled.then(|| {
            let mut bin = root.add_group();
            bin.name = "Recycle Bin".to_owned();
            let (title, user, fields) = last;
            let mut entry = bin.add_entry();
            entry.set_unprotected("Title", *title);
            entry.set_unprotected("UserName", *user);
            for (name, value) in *fields {
                entry.set_protected(*name, *value);
            }
            bin.id().uuid()
        })
    };
    database.meta.recyclebin_uuid = bin;
    let mut bytes = Vec::new();
    database
        .save(&mut bytes, DatabaseKey::new().with_password(PASSWORD))
        .unwrap();
    bytes
}

/// Every case in each layout KeePass, KeePassXC and their plug-ins write,
/// a plain password entry, and (in the recycle bin) a deleted one.
fn keepass_cases() -> Vec<u8> {
    let links: Vec<String> = CASES.iter().map(Case::link).collect();
    let acme = CASES[0].base32();
    let mut entries: Vec<(&str, &str, Fields)> = CASES
        .iter()
        .zip(&links)
        .map(|(case, link)| (case.issuer, case.label, vec![("otp", link.as_str())]))
        .collect();
    entries[0].2 = vec![("TimeOtp-Secret-Base32", acme.as_str())];
    entries.push(("Email", "me", vec![("Password", "hunter2")]));
    entries.push(("Deleted", "me", vec![("otp", links[0].as_str())]));
    let borrowed: Vec<KeePassEntry> = entries
        .iter()
        .map(|(title, user, fields)| (*title, *user, fields.as_slice()))
        .collect();
    keepass_database(&borrowed, true)
}

#[test]
fn keepass_databases_codes_match_oathtool() {
    let file = keepass_cases();
    assert_eq!(formats::detect(&file), Some(Format::KeePass));
    let restored = formats::restore(&file, None, Some(PASSWORD)).unwrap();
    // The password entry and the deleted one are passed over without a word.
    assert_cases(&restored, &CASES.iter().collect::<Vec<_>>());
    assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);

    // keepass-rs's KeePassXC databases (Argon2d, 64 MiB): the otp link of
    // "this entry has totp", SHA-1 and SHA-512.
    let restored = KeePass::restore(
        &keepass_rs_fixture("test_db_kdbx4_with_totp_entry.kdbx"),
        Some("test"),
    )
    .unwrap();
    assert_vectors(
        &restored,
        &[Vector {
            issuer: "KeePassXC",
            label: "none",
            kind: OtpKind::Totp { period: 30 },
            algorithm: Algorithm::Sha1,
            digits: 6,
            base32: "JBSWY3DPEHPK3PXP",
        }],
    );
}

#[test]
fn keepass_entries_whose_codes_cannot_be_read_are_named() {
    let file = keepass_database(
        &[
            (
                "Fine",
                "me",
                &[("TOTP Seed", "JBSWY3DPEHPK3PXP"), ("TOTP Settings", "30;6")],
            ),
            ("Broken", "me", &[("TOTP Seed", "not base32!")]),
            ("Mobile", "me", &[("otp", "key=JBSWY3DPEHPK3PXP&type=Motp")]),
        ],
        false,
    );
    let restored = KeePass::restore(&file, Some(PASSWORD)).unwrap();
    assert_eq!(restored.accounts.len(), 1);
    let rejected: Vec<(&str, &str)> = restored
        .rejected
        .iter()
        .map(|entry| (entry.name.as_str(), entry.reason_id))
        .collect();
    assert_eq!(
        rejected,
        [
            ("Broken (me)", "import-entry-bad-secret"),
            ("Mobile (me)", "import-entry-unsupported-type")
        ]
    );
    assert!(
        restored.rejected[1].reason.contains("KeePass"),
        "{}",
        restored.rejected[1].reason
    );
}

#[test]
fn keepass_database_needs_the_right_password_and_all_of_it() {
    let file = keepass_cases();
    assert_needs_the_right_password::<KeePass>(&file, &["", "Correct horse battery staple"]);
    assert_cut_short_is_refused::<KeePass>(
        &file,
        PASSWORD,
        &[12, 40, 200, file.len() / 2, file.len() - 1],
    );
    // Not a KeePass database at all.
    assert_refused_as(Format::KeePass, &aegis_fixture("freeotp_v2_api23.xml"));
}

#[test]
fn keepass_kdbx3_databases_open_and_say_when_they_hold_no_codes() {
    // keepass-rs's KDBX 3.1 database (AES-KDF, its rounds in the old
    // header field): ordinary password entries only.
    let file = keepass_rs_fixture("test_db_with_password.kdbx");
    assert_eq!(formats::detect(&file), Some(Format::KeePass));
    assert_eq!(
        KeePass::restore(&file, Some("demopass")).unwrap_err(),
        ImportError::Empty {
            format: Format::KeePass
        }
    );
    assert_eq!(
        KeePass::restore(&file, Some("demopasS")).unwrap_err(),
        ImportError::WrongPassword {
            format: Format::KeePass
        }
    );
}

/// `file` with its header's KDF parameter `name` (an 8-byte value) set to
/// `value`, the rest unchanged: a forged header.
fn with_kdf_parameter(file: &[u8], name: &[u8], value: u64) -> Vec<u8> {
    let mut key = (name.len() as u32).to_le_bytes().to_vec();
    key.extend_from_slice(name);
    key.extend_from_slice(&8u32.to_le_bytes());
    let at = file
        .windows(key.len())
        .position(|window| window == key)
        .expect("the header names the parameter")
        + key.len();
    let mut forged = file.to_vec();
    forged[at..at + 8].copy_from_slice(&value.to_le_bytes());
    forged
}

#[test]
fn keepass_forged_kdf_settings_are_refused_before_any_derivation() {
    let argon2 = keepass_rs_fixture("test_db_kdbx4_with_totp_entry.kdbx");
    let aes = keepass_cases();
    for (file, name, value, parameter) in [
        (&argon2, &b"M"[..], 64u64 << 30, "M"),
        (&argon2, &b"I"[..], 1_000_000, "I"),
        (&aes, &b"R"[..], u64::MAX, "R"),
    ] {
        let forged = with_kdf_parameter(file, name, value);
        for password in [None, Some(PASSWORD)] {
            match KeePass::restore(&forged, password).unwrap_err() {
                ImportError::Malformed {
                    format: Format::KeePass,
                    problem: Malformation::KdfOutOfBounds(bounds),
                } => assert_eq!(bounds.parameter, parameter),
                other => panic!("{other:?}"),
            }
        }
    }
}

// ---------------------------------------------------------------- detection

#[test]
fn each_new_format_is_detected_as_itself_and_steals_no_other() {
    let files: Vec<(&str, Format, Vec<u8>)> = vec![
        (
            "proton encrypted",
            Format::Proton,
            proton_encrypted(&proton_plain(), PASSWORD),
        ),
        (
            "proton plain",
            Format::Proton,
            serde_json::to_vec(&proton_plain()).unwrap(),
        ),
        (
            "ente encrypted",
            Format::EnteAuth,
            ente_encrypted(&ente_plain(), PASSWORD),
        ),
        ("ente plain", Format::OtpauthList, ente_plain().into_bytes()),
        ("authy", Format::Authy, aegis_fixture("authy_plain.xml")),
        (
            "authy encrypted",
            Format::Authy,
            aegis_fixture("authy_encrypted.xml"),
        ),
        (
            "authy own tokens",
            Format::Authy,
            authy_own_tokens(&json!([{"name": "Twilio", "secretSeed": "00"}])),
        ),
        (
            "freeotp",
            Format::FreeOtp,
            aegis_fixture("freeotp_v2_api27.xml"),
        ),
    ];
    for (name, format, bytes) in &files {
        assert_eq!(formats::detect(bytes), Some(*format), "{name}");
        assert_eq!(
            EnteAuth::detect(bytes),
            *format == Format::EnteAuth,
            "{name}"
        );
        assert_eq!(Authy::detect(bytes), *format == Format::Authy, "{name}");
        assert_eq!(FreeOtp::detect(bytes), *format == Format::FreeOtp, "{name}");
        assert_eq!(Proton::detect(bytes), *format == Format::Proton, "{name}");
        assert_eq!(KeePass::detect(bytes), *format == Format::KeePass, "{name}");
    }
    let others: [&[u8]; 6] = [
        b"",
        b"{}",
        b"<map></map>",
        b"\xac\xed\x00\x05",
        br#"{"version": 1, "kdfParams": {}}"#,
        b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
    ];
    for bytes in others {
        assert!(!EnteAuth::detect(bytes) && !Authy::detect(bytes) && !FreeOtp::detect(bytes));
        assert!(!KeePass::detect(bytes));
    }
}
