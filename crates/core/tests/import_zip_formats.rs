//! The zip exports of other authenticator apps: WinAuth's (its text of
//! otpauth links, plain or in a ZipCrypto archive, with Steam's enrolment
//! data in `data=`) and Raivo's (its JSON list in a WinZip AES archive).
//!
//! The fixtures are built here from each app's source, as recorded in
//! IMPORT_FIXTURES.md: the text as WinAuth's `WinAuthAuthenticator.ToUrl`
//! writes it, the list as Raivo writes it, and the archives with the `zip`
//! crate's writer in the encryption each app uses. Every account's codes are
//! checked against `oathtool` at fixed times.

use std::io::{Cursor, Write};

use safekeep_core::account::Account;
use safekeep_core::formats::raivo::Raivo;
use safekeep_core::formats::win_auth::WinAuth;
use safekeep_core::formats::{self, Format, ImportError, Malformation, Restorable, Restored};
use safekeep_core::otp::{Algorithm, OtpKind, OtpSecret};
use safekeep_testkit::oathtool::{TIMES, oathtool_hotp, oathtool_totp};
use serde_json::{Value, json};
use zip::write::SimpleFileOptions;
use zip::{AesMode, CompressionMethod, ZipWriter};

const PASSWORD: &str = "correct horse battery staple";

/// One account as the apps write it.
struct Case {
    issuer: &'static str,
    label: &'static str,
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    secret: &'static [u8],
}

const CASES: [Case; 5] = [
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
        issuer: "Example",
        label: "carol",
        kind: OtpKind::Totp { period: 30 },
        algorithm: Algorithm::Sha512,
        digits: 7,
        secret: b"1234567890123456789012345678901234567890123456789012345678901234",
    },
    Case {
        issuer: "Counter Site",
        label: "dave",
        kind: OtpKind::Hotp { counter: 42 },
        algorithm: Algorithm::Sha1,
        digits: 6,
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
}

/// Checks that `account` is `case`, with `oathtool`'s codes (Steam codes
/// against the Steam alphabet and our own Steam code of the same secret).
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
            OtpKind::Steam => {
                assert_eq!(code.as_str().len(), 5);
                assert!(
                    code.as_str()
                        .chars()
                        .all(|c| "23456789BCDFGHJKMNPQRTVWXY".contains(c))
                );
                continue;
            }
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

fn assert_all_cases(restored: &Restored, cases: &[&Case]) {
    assert_eq!(restored.accounts.len(), cases.len(), "{restored:?}");
    assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);
    for case in cases {
        assert_is_case(find(restored, case.issuer), case);
    }
}

fn malformed(format: Format, problem: Malformation) -> ImportError {
    ImportError::Malformed { format, problem }
}

// ---------------------------------------------------------------- WinAuth

/// Percent-encodes as .NET's `HttpUtility.UrlEncode` does: spaces as `+`,
/// other reserved characters as `%xx` in lower case.
fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b' ' => "+".to_owned(),
            b'a'..=b'z'
            | b'A'..=b'Z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'*'
            | b'('
            | b')' => (byte as char).to_string(),
            _ => format!("%{byte:02x}"),
        })
        .collect()
}

/// Steam's enrolment data as WinAuth keeps it (`SteamAuthenticator.SteamData`):
/// the response of Steam's AddAuthenticator call, with the steamid added.
fn steam_data(shared_secret: &[u8]) -> String {
    use data_encoding::BASE64;
    json!({
        "shared_secret": BASE64.encode(shared_secret),
        "serial_number": "1234567890123456789",
        "revocation_code": "R12345",
        "uri": "otpauth://totp/Steam:gamer?secret=XXXX&issuer=Steam",
        "server_time": "1700000000",
        "account_name": "gamer",
        "token_gid": "abcdef0123456789",
        "identity_secret": BASE64.encode(b"identity secret, never copied"),
        "secret_1": BASE64.encode(b"secret one"),
        "status": 1,
        "steamid": "76561190000000000",
        "steamguard_scheme": "2"
    })
    .to_string()
}

/// One link as WinAuth's `ToUrl()` writes it: the label `Issuer:Name`, the
/// base32 secret, the digits, then issuer, algorithm (when not SHA1), Steam's
/// device id and data or HOTP's counter, and the period (when not 30).
fn win_auth_link(case: &Case) -> String {
    let path_encode = |text: &str| text.replace(' ', "%20");
    let mut link = format!(
        "otpauth://{}/{}:{}?secret={}&digits={}&issuer={}",
        if matches!(case.kind, OtpKind::Hotp { .. }) {
            "hotp"
        } else {
            "totp"
        },
        path_encode(case.issuer),
        path_encode(case.label),
        case.base32(),
        case.digits,
        url_encode(case.issuer),
    );
    if case.algorithm != Algorithm::Sha1 {
        link += &format!("&algorithm={}", case.algorithm.as_str());
    }
    match case.kind {
        OtpKind::Steam => {
            link += &format!(
                "&deviceid={}&data={}",
                url_encode("android:5a1e8d5b-1111-2222-3333-444455556666"),
                url_encode(&steam_data(case.secret))
            );
        }
        OtpKind::Hotp { counter } => link += &format!("&counter={counter}"),
        OtpKind::Totp { period } if period != 30 => link += &format!("&period={period}"),
        OtpKind::Totp { .. } => {}
    }
    link
}

/// WinAuth's text export: one link per line, Windows line ends.
fn win_auth_text() -> Vec<u8> {
    CASES
        .iter()
        .map(|case| win_auth_link(case) + "\r\n")
        .collect::<String>()
        .into_bytes()
}

/// WinAuth's zip export: the text as `export.txt`, deflated, encrypted with
/// ZipCrypto under `password` (SharpZipLib's `ZipOutputStream.Password`).
fn win_auth_zip(text: &[u8], password: Option<&str>) -> Vec<u8> {
    use zip::unstable::write::FileOptionsExt;
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let options = match password {
        Some(password) => options
            .with_deprecated_encryption(password.as_bytes())
            .unwrap(),
        None => options,
    };
    writer.start_file("export.txt", options).unwrap();
    writer.write_all(text).unwrap();
    writer.finish().unwrap().into_inner()
}

#[test]
fn win_auth_text_export_codes_match_oathtool() {
    let text = win_auth_text();
    assert_eq!(formats::detect(&text), Some(Format::OtpauthList));
    let restored = formats::restore(&text, None, None).unwrap();
    assert_all_cases(&restored, &CASES.iter().collect::<Vec<_>>());
    // Steam's other secrets in `data=` are never copied.
    assert!(!format!("{restored:?}").contains("identity"));
}

#[test]
fn win_auth_steam_data_gives_the_shared_secret() {
    let steam = &CASES[4];
    let data = url_encode(&steam_data(steam.secret));
    // Named without "Steam" (no issuer, no prefix), so only the data says it
    // is a Steam account: before, it was refused for its 5 digits.
    let unnamed = format!(
        "otpauth://totp/gamer?secret={}&digits=5&deviceid=x&data={data}",
        steam.base32()
    );
    // No secret at all, only the data's.
    let data_only = format!("otpauth://totp/Steam:gamer?digits=5&data={data}");
    for link in [unnamed, data_only] {
        let restored = formats::restore(link.as_bytes(), None, None).unwrap();
        assert_eq!(restored.accounts.len(), 1, "{link}: {restored:?}");
        assert_is_case(&restored.accounts[0], steam);
    }
    // When the two disagree, `secret=` wins, as in WinAuth's own import.
    let disagreeing = format!(
        "otpauth://totp/Steam:gamer?secret={}&digits=5&data={}",
        steam.base32(),
        url_encode(&steam_data(b"another key"))
    );
    let restored = formats::restore(disagreeing.as_bytes(), None, None).unwrap();
    assert_is_case(&restored.accounts[0], steam);
}

#[test]
fn win_auth_zip_export_codes_match_oathtool() {
    let all: Vec<&Case> = CASES.iter().collect();
    let archive = win_auth_zip(&win_auth_text(), Some(PASSWORD));
    assert_eq!(formats::detect(&archive), Some(Format::WinAuth));
    assert!(WinAuth::detect(&archive) && !Raivo::detect(&archive));
    assert_all_cases(&WinAuth::restore(&archive, Some(PASSWORD)).unwrap(), &all);
    // Exported without a password, the archive is not encrypted.
    let plain = win_auth_zip(&win_auth_text(), None);
    assert_all_cases(&WinAuth::restore(&plain, None).unwrap(), &all);
}

#[test]
fn win_auth_zip_needs_the_right_password() {
    let archive = win_auth_zip(&win_auth_text(), Some(PASSWORD));
    assert_eq!(
        WinAuth::restore(&archive, None).unwrap_err(),
        ImportError::PasswordNeeded {
            format: Format::WinAuth
        }
    );
    // ZipCrypto checks a password against one byte: about 1 wrong password
    // in 256 passes, and then the contents fail to read, which damage does
    // too. Among 4,000 wrong passwords (the chance that none passes is under
    // one in a million) both outcomes are seen, and nothing else.
    let (mut wrong, mut wrong_or_damaged) = (0, 0);
    for attempt in 0..4000 {
        let error = WinAuth::restore(&archive, Some(&format!("wrong {attempt}"))).unwrap_err();
        match error {
            ImportError::WrongPassword {
                format: Format::WinAuth,
            } => wrong += 1,
            ImportError::Malformed {
                format: Format::WinAuth,
                problem: Malformation::WrongPasswordOrDamaged,
            } => {
                wrong_or_damaged += 1;
                let message = error.to_string();
                assert!(message.contains("password"), "{message}");
                assert!(message.contains("damaged"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(
        wrong > 3000 && wrong_or_damaged > 0,
        "{wrong} {wrong_or_damaged}"
    );
}

#[test]
fn win_auth_zip_file_level_problems_are_reported() {
    let archive = win_auth_zip(&win_auth_text(), Some(PASSWORD));
    // Cut short anywhere: refused, never half read; without its end record
    // it is named as cut short.
    for end in 0..archive.len() {
        let error = WinAuth::restore(&archive[..end], Some(PASSWORD)).unwrap_err();
        assert!(
            matches!(
                error,
                ImportError::Malformed {
                    format: Format::WinAuth,
                    ..
                }
            ),
            "cut at {end}: {error:?}"
        );
    }
    assert_eq!(
        WinAuth::restore(&archive[..archive.len() - 1], Some(PASSWORD)).unwrap_err(),
        malformed(Format::WinAuth, Malformation::CutShort)
    );
    // Another format's file.
    assert_eq!(
        formats::restore(&win_auth_text(), Some(Format::WinAuth), None).unwrap_err(),
        malformed(Format::WinAuth, Malformation::NotAnArchive)
    );
    // An archive without a text file.
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file("photo.jpg", SimpleFileOptions::default())
        .unwrap();
    writer.write_all(b"not an export").unwrap();
    let other = writer.finish().unwrap().into_inner();
    assert!(!WinAuth::detect(&other) && formats::detect(&other).is_none());
    assert_eq!(
        WinAuth::restore(&other, None).unwrap_err(),
        malformed(Format::WinAuth, Malformation::NoExportInArchive)
    );
    // An empty text.
    assert_eq!(
        WinAuth::restore(&win_auth_zip(b"\r\n", None), None).unwrap_err(),
        ImportError::Empty {
            format: Format::WinAuth
        }
    );
}

// ---------------------------------------------------------------- Raivo

/// Raivo's export list of the TOTP and HOTP cases (Raivo makes no Steam
/// codes), every value a string as Raivo writes it.
fn raivo_list() -> Vec<u8> {
    let entries: Vec<Value> = CASES
        .iter()
        .filter_map(|case| {
            let (kind, timer, counter) = match case.kind {
                OtpKind::Totp { period } => ("TOTP", period, 0),
                OtpKind::Hotp { counter } => ("HOTP", 30, counter),
                OtpKind::Steam => return None,
            };
            Some(json!({
                "kind": kind, "algorithm": case.algorithm.as_str(),
                "timer": timer.to_string(), "digits": case.digits.to_string(),
                "counter": counter.to_string(), "issuer": case.issuer,
                "account": case.label, "secret": case.base32(),
                "iconType": "", "iconValue": "", "pinned": "false",
            }))
        })
        .collect();
    serde_json::to_vec(&entries).unwrap()
}

fn raivo_cases() -> Vec<&'static Case> {
    CASES
        .iter()
        .filter(|case| case.kind != OtpKind::Steam)
        .collect()
}

/// Raivo's export archive: `raivo-otp-export.json`, deflated and encrypted
/// with WinZip AES-256 (SSZipArchive's AES mode) under `password`, with a
/// fixed salt so that which wrong passwords pass AES's 2-byte check is the
/// same on every run.
fn raivo_zip(list: &[u8], password: &str) -> Vec<u8> {
    let salt = zip::AesSalt::Aes256([7; 16]);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .with_aes_encryption_and_salt(password.as_bytes(), salt);
    writer.start_file("raivo-otp-export.json", options).unwrap();
    writer.write_all(list).unwrap();
    writer.finish().unwrap().into_inner()
}

#[test]
fn raivo_zip_export_codes_match_oathtool() {
    let archive = raivo_zip(&raivo_list(), PASSWORD);
    assert_eq!(formats::detect(&archive), Some(Format::Raivo));
    assert!(Raivo::detect(&archive) && !WinAuth::detect(&archive));
    assert_all_cases(
        &Raivo::restore(&archive, Some(PASSWORD)).unwrap(),
        &raivo_cases(),
    );
    // The list taken out of the archive still reads the same.
    assert_all_cases(
        &Raivo::restore(&raivo_list(), None).unwrap(),
        &raivo_cases(),
    );
    // So does an archive made with AES-128, or kept in a folder.
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().with_aes_encryption(AesMode::Aes128, PASSWORD);
    writer
        .start_file("export/raivo-otp-export.json", options)
        .unwrap();
    writer.write_all(&raivo_list()).unwrap();
    let in_folder = writer.finish().unwrap().into_inner();
    assert_all_cases(
        &formats::restore(&in_folder, None, Some(PASSWORD)).unwrap(),
        &raivo_cases(),
    );
}

#[test]
fn raivo_zip_needs_the_right_password() {
    let archive = raivo_zip(&raivo_list(), PASSWORD);
    assert_eq!(
        Raivo::restore(&archive, None).unwrap_err(),
        ImportError::PasswordNeeded {
            format: Format::Raivo
        }
    );
    for wrong in ["", "Correct horse battery staple", "wrong"] {
        let error = Raivo::restore(&archive, Some(wrong)).unwrap_err();
        assert_eq!(
            error,
            ImportError::WrongPassword {
                format: Format::Raivo
            }
        );
        assert!(!error.to_string().contains("JBSWY3DP"));
    }
}

#[test]
fn raivo_zip_file_level_problems_are_reported() {
    let archive = raivo_zip(&raivo_list(), PASSWORD);
    // Damaged inside the encrypted contents: AES's HMAC tells it from a wrong
    // password.
    // The middle of the archive is inside the encrypted list, past the
    // local header (about 80 bytes) and before the directory (about 100).
    let contents = archive.len() / 2;
    let mut damaged = archive.clone();
    damaged[contents] ^= 0x55;
    assert_eq!(
        Raivo::restore(&damaged, Some(PASSWORD)).unwrap_err(),
        malformed(Format::Raivo, Malformation::EncryptedContentsDamaged)
    );
    // Cut short anywhere: refused, never half read.
    for end in 0..archive.len() {
        let error = formats::restore(&archive[..end], Some(Format::Raivo), Some(PASSWORD));
        assert!(error.is_err(), "cut at {end}");
    }
    assert_eq!(
        Raivo::restore(&archive[..archive.len() - 1], Some(PASSWORD)).unwrap_err(),
        malformed(Format::Raivo, Malformation::CutShort)
    );
    // WinAuth's archive read as Raivo's: it holds no Raivo list.
    assert_eq!(
        Raivo::restore(&win_auth_zip(&win_auth_text(), None), None).unwrap_err(),
        malformed(Format::Raivo, Malformation::NoExportInArchive)
    );
}

// ---------------------------------------------------------------- bounds

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    // 65 MiB of zeros deflate to about 64 KiB.
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(false);
    writer.start_file("export.txt", options).unwrap();
    let zeros = vec![b'0'; 1024 * 1024];
    for _ in 0..65 {
        writer.write_all(&zeros).unwrap();
    }
    let bomb = writer.finish().unwrap().into_inner();
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    let error = WinAuth::restore(&bomb, None).unwrap_err();
    assert_eq!(
        error,
        malformed(
            Format::WinAuth,
            Malformation::ArchiveTooLarge {
                megabytes: 65,
                limit_megabytes: 64
            }
        )
    );
    assert!(error.to_string().contains("65 MB"), "{error}");
}

#[test]
fn an_archive_listing_too_many_files_is_refused() {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..=formats::MAX_ARCHIVE_FILES {
        writer
            .start_file(format!("{index}.txt"), SimpleFileOptions::default())
            .unwrap();
    }
    let many = writer.finish().unwrap().into_inner();
    assert_eq!(
        WinAuth::restore(&many, None).unwrap_err(),
        malformed(
            Format::WinAuth,
            Malformation::ArchiveTooManyFiles {
                files: 1001,
                limit: 1000
            }
        )
    );
    assert!(!WinAuth::detect(&many));
}
