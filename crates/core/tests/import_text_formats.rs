//! Importing the text formats: lists of `otpauth://` links, Google
//! Authenticator's `otpauth-migration://` export, and pictures of QR codes.
//!
//! Every fixture is built here from the published descriptions of the
//! formats (Google's Key Uri Format; the `MigrationPayload` protocol buffer
//! of Google Authenticator's export; QR codes rendered with `qrcode`), so
//! nothing depends on a file someone once saved. What the readers make of
//! them is checked code-for-code against `oathtool` (OATH Toolkit), an
//! independent implementation, at fixed times and counters. `oathtool` must
//! be installed: without it these tests fail rather than skip.

use data_encoding::{BASE64, BASE64URL_NOPAD};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::prelude::*;
use prost::Message as _;
use safekeep_core::account::Account;
use safekeep_core::formats::google::{GoogleMigration, export_migration_uris};
use safekeep_core::formats::otpauth_list::{self, OtpauthList};
use safekeep_core::formats::qr_image::QrImage;
use safekeep_core::formats::{self, Format, ImportError, Restorable, Restored, merge_into};
use safekeep_core::i18n::{Language, Message};
use safekeep_core::otp::{Algorithm, Otp, OtpKind, OtpSecret};
use safekeep_core::vault::VaultContents;
use safekeep_testkit::oathtool::{oathtool_hotp, oathtool_totp};
use safekeep_testkit::qr::picture_of_qr_codes;
use safekeep_testkit::secrets::base32;

// ---------------------------------------------------------------------------
// The export's protocol buffer, written from its published description
// (`MigrationPayload` in Google Authenticator's `migration.proto`).

#[derive(Clone, PartialEq, prost::Message)]
struct MigrationPayload {
    #[prost(message, repeated, tag = "1")]
    otp_parameters: Vec<OtpParameters>,
    #[prost(int32, tag = "2")]
    version: i32,
    #[prost(int32, tag = "3")]
    batch_size: i32,
    #[prost(int32, tag = "4")]
    batch_index: i32,
    #[prost(int32, tag = "5")]
    batch_id: i32,
}

#[derive(Clone, PartialEq, prost::Message)]
struct OtpParameters {
    #[prost(bytes = "vec", tag = "1")]
    secret: Vec<u8>,
    #[prost(string, tag = "2")]
    name: String,
    #[prost(string, tag = "3")]
    issuer: String,
    /// ALGORITHM_UNSPECIFIED 0, SHA1 1, SHA256 2, SHA512 3, MD5 4.
    #[prost(int32, tag = "4")]
    algorithm: i32,
    /// DIGIT_COUNT_UNSPECIFIED 0, SIX 1, EIGHT 2.
    #[prost(int32, tag = "5")]
    digits: i32,
    /// OTP_TYPE_UNSPECIFIED 0, HOTP 1, TOTP 2.
    #[prost(int32, tag = "6")]
    r#type: i32,
    #[prost(int64, tag = "7")]
    counter: i64,
}

fn entry(
    secret: &[u8],
    name: &str,
    issuer: &str,
    (algorithm, digits, kind): (i32, i32, i32),
    counter: i64,
) -> OtpParameters {
    OtpParameters {
        secret: secret.to_vec(),
        name: name.to_owned(),
        issuer: issuer.to_owned(),
        algorithm,
        digits,
        r#type: kind,
        counter,
    }
}

/// The link as Google Authenticator writes it: standard base64, padded,
/// with `+`, `/` and `=` percent-encoded.
fn migration_link(payload: &MigrationPayload) -> String {
    let data = BASE64.encode(&payload.encode_to_vec());
    format!(
        "otpauth-migration://offline?data={}",
        utf8_percent_encode(&data, NON_ALPHANUMERIC)
    )
}

/// The same link in the URL-safe alphabet without padding, as some
/// third-party tools write it.
fn migration_link_url_safe(payload: &MigrationPayload) -> String {
    let data = BASE64URL_NOPAD.encode(&payload.encode_to_vec());
    format!("otpauth-migration://offline?data={data}")
}

// ---------------------------------------------------------------------------
// Secrets and what the fixtures must read back as.

/// RFC 4226's and RFC 6238's seeds, and an 80-bit secret as many sites use.
const SEED_20: &[u8] = b"12345678901234567890";
const SEED_32: &[u8] = b"12345678901234567890123456789012";
const SEED_64: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";
const SEED_10: &[u8] = b"\xde\xad\xbe\xef\x01\x23\x45\x67\x89\xab";

/// One account as a fixture must import it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    issuer: String,
    label: String,
    secret: Vec<u8>,
    algorithm: &'static str,
    digits: u8,
    kind: String,
}

fn expected(
    issuer: &str,
    label: &str,
    secret: &[u8],
    algorithm: Algorithm,
    digits: u8,
    kind: OtpKind,
) -> Expected {
    Expected {
        issuer: issuer.to_owned(),
        label: label.to_owned(),
        secret: secret.to_vec(),
        algorithm: algorithm.as_str(),
        digits,
        kind: format!("{kind:?}"),
    }
}

fn as_expected(account: &Account) -> Expected {
    let otp = account
        .otp
        .as_ref()
        .expect("every imported account has codes");
    expected(
        &account.issuer,
        &account.label,
        otp.secret.as_bytes(),
        otp.algorithm,
        otp.digits,
        otp.kind,
    )
}

/// Checks the accounts read (in any order) and their codes against oathtool.
fn assert_accounts(restored: &Restored, want: &[Expected]) {
    let mut got: Vec<Expected> = restored.accounts.iter().map(as_expected).collect();
    let mut want = want.to_vec();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    for account in &restored.accounts {
        assert_codes_match_oathtool(account);
    }
}

/// Names and reason ids of the rejected entries, sorted.
fn rejected(restored: &Restored) -> Vec<(String, &'static str)> {
    let mut rejected: Vec<_> = restored
        .rejected
        .iter()
        .map(|entry| (entry.name.clone(), entry.reason_id))
        .collect();
    rejected.sort();
    rejected
}

// ---------------------------------------------------------------------------
// oathtool

/// Fixed moments: the epoch, RFC 6238's test times, and one past 2286.
const TIMES: [u64; 6] = [
    0,
    59,
    1_111_111_109,
    1_234_567_890,
    2_000_000_000,
    20_000_000_000,
];

fn assert_codes_match_oathtool(account: &Account) {
    let otp = account
        .otp
        .as_ref()
        .expect("every imported account has codes");
    let name = account.display_name();
    let secret = otp.secret.to_base32();
    let algorithm = otp.algorithm.as_str();
    match otp.kind {
        OtpKind::Totp { period } => {
            for time in TIMES {
                let want = oathtool_totp(&secret, algorithm, otp.digits, period.into(), time);
                assert_eq!(otp.code_at(time).as_str(), want, "{name} at {time}");
            }
        }
        OtpKind::Hotp { counter } => {
            assert_eq!(
                otp.code_at(0).as_str(),
                otp.code_for_counter(counter).as_str()
            );
            for counter in counter..counter.saturating_add(3) {
                let want = oathtool_hotp(&secret, algorithm, otp.digits, counter);
                assert_eq!(
                    otp.code_for_counter(counter).as_str(),
                    want,
                    "{name} at counter {counter}"
                );
            }
        }
        OtpKind::Steam => panic!("no fixture holds a Steam account"),
    }
}

#[test]
fn oathtool_is_installed() {
    // RFC 4226 Appendix D, counter 0.
    assert_eq!(oathtool_hotp(&base32(SEED_20), "SHA1", 6, 0), "755224");
}

// ---------------------------------------------------------------------------
// Fixtures

/// A list of links as people keep them: a byte-order mark, CRLF line ends,
/// notes, blank lines, spaces around links, mixed-case schemes, and two lines
/// that cannot be read.
fn otpauth_list_fixture() -> String {
    format!(
        "\u{feff}# Exported by hand\r\n\
         \r\n\
         \x20 otpauth://totp/ACME%20Co:alice@example.com?secret={alice}&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=30 \t\r\n\
         OTPAUTH://HOTP/Bank:bob?secret={bob}&counter=5\r\n\
         # a note\r\n\
         otpauth://totp/carol?secret={carol}&period=60&digits=7&algorithm=SHA512\r\n\
         otpauth://totp/Broken:dave?secret=JBSW0&issuer=Broken\r\n\
         just some words\r\n",
        alice = base32(SEED_32),
        bob = base32(SEED_20),
        // Lower case, in groups, as sites show it.
        carol = base32(SEED_64)
            .to_lowercase()
            .as_bytes()
            .chunks(4)
            .map(|group| std::str::from_utf8(group).unwrap())
            .collect::<Vec<_>>()
            .join("%20"),
    )
}

fn otpauth_list_expected() -> Vec<Expected> {
    vec![
        expected(
            "ACME Co",
            "alice@example.com",
            SEED_32,
            Algorithm::Sha256,
            8,
            OtpKind::Totp { period: 30 },
        ),
        expected(
            "Bank",
            "bob",
            SEED_20,
            Algorithm::Sha1,
            6,
            OtpKind::Hotp { counter: 5 },
        ),
        expected(
            "",
            "carol",
            SEED_64,
            Algorithm::Sha512,
            7,
            OtpKind::Totp { period: 60 },
        ),
    ]
}

const SHA1: i32 = 1;
const SHA256: i32 = 2;
const SHA512: i32 = 3;
const MD5: i32 = 4;
const SIX: i32 = 1;
const EIGHT: i32 = 2;
const HOTP: i32 = 1;
const TOTP: i32 = 2;

/// The first batch's accounts: unspecified settings (read as SHA1 and six
/// digits), an eight-digit SHA512 account, and an HOTP account whose name
/// carries its issuer.
fn first_batch_entries() -> Vec<OtpParameters> {
    vec![
        entry(
            SEED_20,
            "Example:alice@google.com",
            "Example",
            (0, 0, TOTP),
            0,
        ),
        entry(SEED_64, "bob", "Work", (SHA512, EIGHT, TOTP), 0),
        entry(SEED_10, "Bank: carol", "", (SHA1, SIX, HOTP), 42),
    ]
}

fn first_batch_expected() -> Vec<Expected> {
    vec![
        expected(
            "Example",
            "alice@google.com",
            SEED_20,
            Algorithm::Sha1,
            6,
            OtpKind::Totp { period: 30 },
        ),
        expected(
            "Work",
            "bob",
            SEED_64,
            Algorithm::Sha512,
            8,
            OtpKind::Totp { period: 30 },
        ),
        expected(
            "Bank",
            "carol",
            SEED_10,
            Algorithm::Sha1,
            6,
            OtpKind::Hotp { counter: 42 },
        ),
    ]
}

/// Google Authenticator's export of five accounts in two batches, one link
/// per line: the first as Google writes it, the second in URL-safe base64;
/// one account uses MD5, which cannot be imported.
fn google_fixture() -> String {
    let first = MigrationPayload {
        otp_parameters: first_batch_entries(),
        version: 1,
        batch_size: 2,
        batch_index: 0,
        batch_id: 77,
    };
    let second = MigrationPayload {
        otp_parameters: vec![
            entry(SEED_32, "dave", "Site", (SHA256, SIX, TOTP), 0),
            entry(SEED_20, "old", "Legacy", (MD5, SIX, TOTP), 0),
        ],
        version: 1,
        batch_size: 2,
        batch_index: 1,
        batch_id: 77,
    };
    format!(
        "{}\r\n{}\r\n",
        migration_link(&first),
        migration_link_url_safe(&second)
    )
}

fn google_expected() -> Vec<Expected> {
    let mut want = first_batch_expected();
    want.push(expected(
        "Site",
        "dave",
        SEED_32,
        Algorithm::Sha256,
        6,
        OtpKind::Totp { period: 30 },
    ));
    want
}

/// The first batch alone, as one export of its own (one QR code).
fn single_batch_link() -> String {
    migration_link(&MigrationPayload {
        otp_parameters: first_batch_entries(),
        version: 1,
        batch_size: 1,
        batch_index: 0,
        batch_id: 5,
    })
}

fn alice_link() -> String {
    format!(
        "otpauth://totp/ACME%20Co:alice@example.com?secret={}&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=30",
        base32(SEED_32)
    )
}

fn bob_link() -> String {
    format!(
        "otpauth://hotp/Bank:bob?secret={}&counter=5",
        base32(SEED_20)
    )
}

/// A PNG of a Google Authenticator export QR code.
fn qr_migration_fixture() -> Vec<u8> {
    picture_of_qr_codes(&[single_batch_link().as_str()], 4, image::ImageFormat::Png)
}

/// A PNG of two site setup QR codes side by side.
fn qr_two_links_fixture() -> Vec<u8> {
    picture_of_qr_codes(
        &[alice_link().as_str(), bob_link().as_str()],
        4,
        image::ImageFormat::Png,
    )
}

fn qr_two_links_expected() -> Vec<Expected> {
    otpauth_list_expected()[..2].to_vec()
}

/// Every secret of the fixtures in the spellings an error could leak.
fn secret_spellings() -> Vec<String> {
    let mut spellings = Vec::new();
    for secret in [SEED_10, SEED_20, SEED_32, SEED_64] {
        let text = base32(secret);
        spellings.push(text[..16].to_owned());
        spellings.push(text[..16].to_lowercase());
        spellings.push(BASE64.encode(secret)[..12].to_owned());
        spellings.push(
            format!("{:?}", &secret[..6])
                .trim_end_matches(']')
                .to_owned(),
        );
    }
    spellings
}

/// What a reader returned, shown as `Debug` and in words, holds no secret.
fn assert_nothing_leaks(result: &Result<Restored, ImportError>, context: &str) {
    let mut shown = format!("{result:?}");
    match result {
        Ok(restored) => {
            for entry in &restored.rejected {
                shown.push_str(&entry.name);
                shown.push_str(&entry.reason);
                for language in Language::ALL {
                    shown.push_str(&safekeep_core::i18n::localize(
                        language,
                        entry.reason_id,
                        &[],
                    ));
                }
            }
        }
        Err(error) => {
            for language in Language::ALL {
                shown.push_str(&error.localized(language));
            }
        }
    }
    for secret in secret_spellings() {
        assert!(
            !shown.contains(&secret),
            "{context}: secret {secret} in {shown}"
        );
    }
}

// ---------------------------------------------------------------------------
// Reading the fixtures

#[test]
fn an_otpauth_list_imports_code_for_code() {
    let text = otpauth_list_fixture();
    let restored = OtpauthList::restore(text.as_bytes(), None).unwrap();
    assert_accounts(&restored, &otpauth_list_expected());
    assert_eq!(
        rejected(&restored),
        [
            ("Broken (dave)".to_owned(), "otp-secret-invalid-character"),
            ("line 8".to_owned(), "import-text-not-a-link"),
        ]
    );
    assert_nothing_leaks(&Ok(restored), "otpauth list");
}

/// Links as other apps write them, which their own readers accept: Aegis's
/// `otpauth://steam/`, a secret of 17 lower-case characters (no whole number
/// of base32 characters has 1 left over; the last one's bits that do not fill
/// a byte are dropped, as Google Authenticator's and Aegis's decoders do), and
/// Ente Auth's plain export, whose links carry a `codeDisplay` parameter that
/// only Ente reads.
#[test]
fn links_other_apps_write_are_read_as_those_apps_read_them() {
    let text = format!(
        "otpauth://steam/Steam:gamer?secret={steam}&issuer=Steam\n\
         otpauth://totp/Long:erin?secret={long}&issuer=Long\n\
         otpauth://totp/Ente:frank?secret={ente}&issuer=Ente&algorithm=SHA1&digits=6&period=30\
         &codeDisplay=%7B%22pinned%22%3Afalse%2C%22trashed%22%3Afalse%2C%22tags%22%3A%5B%5D%7D\n",
        steam = base32(SEED_20),
        long = base32(SEED_10).to_lowercase() + "q",
        ente = base32(SEED_32),
    );
    assert_eq!(
        base32(SEED_10).len(),
        16,
        "the long secret has 17 characters"
    );
    let restored = OtpauthList::restore(text.as_bytes(), None).unwrap();
    assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);
    let steam = restored.accounts[0].otp.as_ref().unwrap();
    assert_eq!(steam.kind, OtpKind::Steam);
    // The RFC 4226 seed's first truncated value, 1284755224, in Steam's
    // alphabet (see otp/tests.rs, worked out outside Rust).
    assert_eq!(steam.code_at(0).as_str(), "GG5F5");
    assert_accounts(
        &Restored {
            accounts: restored.accounts[1..].to_vec(),
            rejected: Vec::new(),
        },
        &[
            expected(
                "Long",
                "erin",
                SEED_10,
                Algorithm::Sha1,
                6,
                OtpKind::Totp { period: 30 },
            ),
            expected(
                "Ente",
                "frank",
                SEED_32,
                Algorithm::Sha1,
                6,
                OtpKind::Totp { period: 30 },
            ),
        ],
    );
}

#[test]
fn a_google_export_imports_code_for_code() {
    let text = google_fixture();
    let restored = GoogleMigration::restore(text.as_bytes(), None).unwrap();
    assert_accounts(&restored, &google_expected());
    assert_eq!(
        rejected(&restored),
        [("Legacy (old)".to_owned(), "import-google-md5")]
    );
    assert_nothing_leaks(&Ok(restored), "google");
}

#[test]
fn a_google_export_with_a_batch_missing_says_so() {
    let text = google_fixture();
    let first_line = text.lines().next().unwrap();
    let restored = GoogleMigration::restore(first_line.as_bytes(), None).unwrap();
    assert_accounts(&restored, &first_batch_expected());
    assert_eq!(
        rejected(&restored),
        [("QR code 2 of 2".to_owned(), "import-google-missing-batch")]
    );
}

#[test]
fn a_qr_picture_of_an_export_imports_code_for_code() {
    let png = qr_migration_fixture();
    let restored = QrImage::restore(&png, None).unwrap();
    assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);
    assert_accounts(&restored, &first_batch_expected());
}

#[test]
fn a_qr_picture_of_two_links_imports_code_for_code() {
    let png = qr_two_links_fixture();
    let restored = QrImage::restore(&png, None).unwrap();
    assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);
    assert_accounts(&restored, &qr_two_links_expected());

    let jpeg = picture_of_qr_codes(
        &[alice_link().as_str(), bob_link().as_str()],
        8,
        image::ImageFormat::Jpeg,
    );
    assert_eq!(formats::detect(&jpeg), Some(Format::QrImage));
    let restored = QrImage::restore(&jpeg, None).unwrap();
    assert_accounts(&restored, &qr_two_links_expected());
}

#[test]
fn other_qr_codes_in_a_picture_are_reported() {
    let png = picture_of_qr_codes(
        &[
            bob_link().as_str(),
            "https://example.com/setup",
            "WIFI:S:home;T:WPA;P:pw;;",
        ],
        4,
        image::ImageFormat::Png,
    );
    let restored = QrImage::restore(&png, None).unwrap();
    assert_accounts(&restored, &qr_two_links_expected()[1..]);
    assert_eq!(restored.rejected.len(), 2);
    for entry in &restored.rejected {
        assert!(entry.name.starts_with("QR code "), "{}", entry.name);
        assert_eq!(entry.reason_id, "import-qr-not-a-code");
    }
}

#[test]
fn formats_are_detected() {
    let cases: [(Vec<u8>, Format); 4] = [
        (otpauth_list_fixture().into_bytes(), Format::OtpauthList),
        (google_fixture().into_bytes(), Format::GoogleMigration),
        (qr_migration_fixture(), Format::QrImage),
        (qr_two_links_fixture(), Format::QrImage),
    ];
    for (bytes, format) in &cases {
        assert_eq!(formats::detect(bytes), Some(*format));
        // And restoring without naming the format reads it as that format.
        let detected = formats::restore(bytes, None, None).unwrap();
        let named = formats::restore(bytes, Some(*format), None).unwrap();
        assert_eq!(detected.accounts.len(), named.accounts.len());
    }
    // A list with a Google export line in it is a Google export.
    let mixed = format!("{}\n{}\n", alice_link(), single_batch_link());
    assert_eq!(
        formats::detect(mixed.as_bytes()),
        Some(Format::GoogleMigration)
    );
    let restored = formats::restore(mixed.as_bytes(), None, None).unwrap();
    assert_eq!(restored.accounts.len(), 4);
    let restored = formats::restore(mixed.as_bytes(), Some(Format::OtpauthList), None).unwrap();
    assert_eq!(restored.accounts.len(), 4);
}

#[test]
fn an_unknown_file_is_refused_naming_the_formats_read() {
    let error = formats::restore(b"just some words\n", None, None).unwrap_err();
    assert_eq!(error, ImportError::UnknownFormat);
    for language in Language::ALL {
        let message = error.localized(language);
        for format in Format::ALL {
            assert!(message.contains(format.name()), "{message}");
        }
    }
    assert_eq!(formats::detect(b"just some words\n"), None);
}

#[test]
fn importing_the_same_file_twice_adds_nothing_the_second_time() {
    let files: [(Vec<u8>, usize); 3] = [
        (otpauth_list_fixture().into_bytes(), 3),
        (google_fixture().into_bytes(), 4),
        (qr_migration_fixture(), 3),
    ];
    for (bytes, count) in &files {
        let mut contents = VaultContents::default();
        let first = merge_into(&mut contents, formats::restore(bytes, None, None).unwrap());
        assert_eq!((first.added, first.skipped_duplicates), (*count, 0));
        let second = merge_into(&mut contents, formats::restore(bytes, None, None).unwrap());
        assert_eq!((second.added, second.skipped_duplicates), (0, *count));
        assert_eq!(contents.accounts.len(), *count);
    }
}

// ---------------------------------------------------------------------------
// Round trips

fn any_otp(google: bool) -> BoxedStrategy<Otp> {
    let secret = prop::collection::vec(any::<u8>(), 10..=64).prop_map(OtpSecret::from_bytes);
    let algorithm = prop::sample::select(Algorithm::ALL.to_vec());
    if google {
        let kind = prop_oneof![
            Just(OtpKind::Totp { period: 30 }),
            (0u64..=i64::MAX as u64).prop_map(|counter| OtpKind::Hotp { counter }),
        ];
        (kind, algorithm, prop::sample::select(vec![6u8, 8]), secret)
            .prop_map(|(kind, algorithm, digits, secret)| {
                Otp::new(kind, algorithm, digits, secret).unwrap()
            })
            .boxed()
    } else {
        let kind = prop_oneof![
            (1u32..=3600).prop_map(|period| OtpKind::Totp { period }),
            any::<u64>().prop_map(|counter| OtpKind::Hotp { counter }),
            Just(OtpKind::Steam),
        ];
        (kind, algorithm, 6u8..=8, secret)
            .prop_map(|(kind, algorithm, digits, secret)| {
                Otp::new(kind, algorithm, digits, secret).unwrap()
            })
            .boxed()
    }
}

/// Names with the characters that break naive encoders.
fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ :%+&=?#/.@a-zA-Z0-9éß漢字-]{0,12}",
        Just(String::new()),
        Just("Steam".to_owned()),
    ]
}

fn any_accounts(
    google: bool,
    count: std::ops::Range<usize>,
) -> impl Strategy<Value = Vec<Account>> {
    prop::collection::vec(
        (
            any_name(),
            any_name().prop_filter("a link must name the account", |label| {
                !label.trim().is_empty()
            }),
            any_otp(google),
        )
            .prop_map(|(issuer, label, otp)| Account::new(&issuer, &label, Some(otp), 0).unwrap()),
        count,
    )
}

fn same_accounts(read: &[Account], written: &[Account]) -> Result<(), TestCaseError> {
    let read: Vec<Expected> = read.iter().map(as_expected).collect();
    let written: Vec<Expected> = written.iter().map(as_expected).collect();
    prop_assert_eq!(read, written);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn an_otpauth_list_round_trips(accounts in any_accounts(false, 0..12)) {
        let mut with_tokens_only = accounts.clone();
        with_tokens_only.push(Account::new("Tokens", "only", None, 0).unwrap());
        let text = otpauth_list::export(&with_tokens_only);
        prop_assert_eq!(text.lines().count(), accounts.len());
        match OtpauthList::restore(text.as_bytes(), None) {
            Ok(restored) => {
                prop_assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);
                same_accounts(&restored.accounts, &accounts)?;
            }
            Err(error) => {
                prop_assert!(accounts.is_empty(), "{}", error);
                prop_assert_eq!(error, ImportError::Empty { format: Format::OtpauthList });
            }
        }
    }

    #[test]
    fn a_google_export_round_trips(accounts in any_accounts(true, 1..30)) {
        let links = export_migration_uris(&accounts);
        prop_assert_eq!(links.len(), accounts.len().div_ceil(10));
        let text: String = links.iter().map(|link| format!("{}\n", link.as_str())).collect();
        let restored = GoogleMigration::restore(text.as_bytes(), None).unwrap();
        prop_assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);
        same_accounts(&restored.accounts, &accounts)?;
    }
}

fn account(
    issuer: &str,
    label: &str,
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    seed: u8,
) -> Account {
    let secret: Vec<u8> = (0..20)
        .map(|byte: u8| byte.wrapping_mul(31).wrapping_add(seed))
        .collect();
    let otp = Otp::new(kind, algorithm, digits, OtpSecret::from_bytes(secret)).unwrap();
    Account::new(issuer, label, Some(otp), 0).unwrap()
}

#[test]
fn twenty_five_accounts_go_to_google_in_three_links_and_come_back() {
    let accounts: Vec<Account> = (0..25u8)
        .map(|n| {
            let kind = if n % 5 == 4 {
                OtpKind::Hotp {
                    counter: u64::from(n) * 1000,
                }
            } else {
                OtpKind::Totp { period: 30 }
            };
            let algorithm = Algorithm::ALL[usize::from(n) % 3];
            let digits = if n % 2 == 0 { 6 } else { 8 };
            account(
                &format!("Site {n}"),
                &format!("user{n}@example.com"),
                kind,
                algorithm,
                digits,
                n,
            )
        })
        .collect();
    let mut with_others = accounts.clone();
    with_others.push(account(
        "Steam",
        "gamer",
        OtpKind::Steam,
        Algorithm::Sha1,
        5,
        99,
    ));
    with_others.push(account(
        "Slow",
        "x",
        OtpKind::Totp { period: 60 },
        Algorithm::Sha1,
        6,
        98,
    ));
    with_others.push(Account::new("Tokens", "only", None, 0).unwrap());

    let links = export_migration_uris(&with_others);
    assert_eq!(links.len(), 3);
    let mut batch_id = None;
    for (index, link) in links.iter().enumerate() {
        let data = link
            .strip_prefix("otpauth-migration://offline?data=")
            .expect("Google's link form");
        let data = percent_encoding::percent_decode_str(data)
            .decode_utf8()
            .unwrap();
        let payload =
            MigrationPayload::decode(BASE64.decode(data.as_bytes()).unwrap().as_slice()).unwrap();
        assert_eq!(payload.version, 1);
        assert_eq!(payload.batch_size, 3);
        assert_eq!(payload.batch_index, i32::try_from(index).unwrap());
        assert_eq!(*batch_id.get_or_insert(payload.batch_id), payload.batch_id);
        assert_eq!(payload.otp_parameters.len(), if index < 2 { 10 } else { 5 });
        // Small enough for a phone to scan from a screen.
        let code = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M)
            .unwrap();
        // Version 30 at most: 137 modules a side, which a phone camera
        // reads from a screen.
        assert!(
            code.width() <= 137,
            "link {index} needs a {}-module QR code",
            code.width()
        );
    }

    let text: String = links
        .iter()
        .map(|link| format!("{}\n", link.as_str()))
        .collect();
    let restored = formats::restore(text.as_bytes(), None, None).unwrap();
    assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);
    same_accounts(&restored.accounts, &accounts).unwrap();
    for account in &restored.accounts {
        assert_codes_match_oathtool(account);
    }

    // The QR code of one link, scanned, reads back too (and says the other
    // two are missing).
    let png = picture_of_qr_codes(&[links[2].as_str()], 4, image::ImageFormat::Png);
    let restored = QrImage::restore(&png, None).unwrap();
    same_accounts(&restored.accounts, &accounts[20..]).unwrap();
    assert_eq!(
        rejected(&restored),
        [
            ("QR code 1 of 3".to_owned(), "import-google-missing-batch"),
            ("QR code 2 of 3".to_owned(), "import-google-missing-batch"),
        ]
    );
}

// ---------------------------------------------------------------------------
// Robustness: no input makes a reader panic, and nothing it says leaks a
// secret.

fn restore_each_way(bytes: &[u8], context: &str) {
    let _ = OtpauthList::detect(bytes);
    let _ = GoogleMigration::detect(bytes);
    let _ = QrImage::detect(bytes);
    let _ = formats::detect(bytes);
    for result in [
        OtpauthList::restore(bytes, None),
        GoogleMigration::restore(bytes, None),
        QrImage::restore(bytes, None),
    ] {
        assert_nothing_leaks(&result, context);
    }
    let _ = formats::restore(bytes, None, None);
}

/// `bytes` cut short at `cuts` places, and with one bit flipped at `flips`
/// places, each fed to every reader.
fn damage(bytes: &[u8], cuts: usize, flips: usize, name: &str) {
    let step = |count: usize| (bytes.len() / count.max(1)).max(1);
    for length in (0..bytes.len()).step_by(step(cuts)) {
        restore_each_way(&bytes[..length], &format!("{name} cut at {length}"));
    }
    for (n, position) in (0..bytes.len()).step_by(step(flips)).enumerate() {
        let mut flipped = bytes.to_vec();
        flipped[position] ^= 1 << (n % 8);
        restore_each_way(&flipped, &format!("{name} flipped at {position}"));
    }
}

#[test]
fn damaged_text_fixtures_never_panic_or_leak() {
    let list = otpauth_list_fixture().into_bytes();
    damage(&list, list.len(), list.len(), "otpauth list");
    let google = google_fixture().into_bytes();
    damage(&google, google.len(), google.len(), "google");
}

#[test]
fn damaged_qr_pictures_never_panic_or_leak() {
    damage(&qr_migration_fixture(), 24, 24, "qr export");
    damage(&qr_two_links_fixture(), 24, 24, "qr links");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        restore_each_way(&bytes, "arbitrary bytes");
    }

    #[test]
    fn arbitrary_links_never_panic(
        payload in prop::collection::vec(any::<u8>(), 0..512),
        tail in "[a-zA-Z0-9%:/?&=+# -]{0,80}",
        prefix in prop::sample::select(vec!["", "\u{feff}", "# note\r\n", "\u{0}"]),
    ) {
        let links = [
            format!("{prefix}otpauth-migration://offline?data={}", BASE64.encode(&payload)),
            format!("{prefix}otpauth-migration://offline?data={}{tail}", BASE64URL_NOPAD.encode(&payload)),
            format!("{prefix}otpauth://totp/{tail}"),
            format!("{prefix}otpauth://hotp/x?{tail}"),
        ];
        for link in links {
            restore_each_way(link.as_bytes(), "arbitrary link");
        }
    }

    #[test]
    fn arbitrary_payloads_never_panic(
        entries in prop::collection::vec(
            (
                prop::collection::vec(any::<u8>(), 0..40),
                "\\PC{0,12}",
                "\\PC{0,12}",
                -2i32..8,
                -2i32..5,
                -2i32..5,
                any::<i64>(),
            ),
            0..6,
        ),
        batch in (any::<i32>(), -3i32..2000, any::<i32>()),
    ) {
        let payload = MigrationPayload {
            otp_parameters: entries
                .into_iter()
                .map(|(secret, name, issuer, algorithm, digits, kind, counter)| OtpParameters {
                    secret,
                    name,
                    issuer,
                    algorithm,
                    digits,
                    r#type: kind,
                    counter,
                })
                .collect(),
            version: batch.0,
            batch_size: batch.1,
            batch_index: batch.2,
            batch_id: 1,
        };
        let link = migration_link(&payload);
        let result = GoogleMigration::restore(link.as_bytes(), None);
        prop_assert!(matches!(result, Ok(_) | Err(ImportError::Empty { .. })), "{:?}", result);
        let _ = formats::restore(link.as_bytes(), None, None);
    }
}
