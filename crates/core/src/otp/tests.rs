use super::*;
use crate::i18n::{Language, assert_worded_in_every_language};
use proptest::prelude::*;

const RFC_SEED_SHA1: &[u8] = b"12345678901234567890";
const RFC_SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
const RFC_SEED_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

/// RFC 4226 Appendix D: the truncated 31-bit values for counters 0 to 9;
/// the HOTP codes are their last six digits.
const RFC4226_TRUNCATED: [u32; 10] = [
    1284755224, 1094287082, 137359152, 1726969429, 1640338314, 868254676, 1918287922, 82162583,
    673399871, 645520489,
];

fn otp(kind: OtpKind, algorithm: Algorithm, digits: u8, secret: &[u8]) -> Otp {
    Otp::new(
        kind,
        algorithm,
        digits,
        OtpSecret::from_bytes(secret.to_vec()),
    )
    .unwrap()
}

#[test]
fn rfc4226_hotp_vectors() {
    let expected = [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489",
    ];
    for (counter, code) in expected.iter().enumerate() {
        let counter = counter as u64;
        let mut hotp = otp(OtpKind::Hotp { counter }, Algorithm::Sha1, 6, RFC_SEED_SHA1);
        assert_eq!(hotp.code_at(0).as_str(), *code, "counter {counter}");
        assert_eq!(
            hotp.code_at(999_999).as_str(),
            *code,
            "time must not matter"
        );
        assert_eq!(hotp.code_for_counter(counter).as_str(), *code);
        assert_eq!(
            format!("{:06}", RFC4226_TRUNCATED[counter as usize] % 1_000_000),
            *code,
            "the table itself is consistent"
        );
        hotp.advance_counter();
        assert_eq!(
            hotp.kind,
            OtpKind::Hotp {
                counter: counter + 1
            }
        );
    }
}

#[test]
fn rfc6238_totp_vectors() {
    let table: [(u64, &str, &str, &str); 6] = [
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ];
    let mut checked = 0;
    for (time, sha1, sha256, sha512) in table {
        for (algorithm, seed, code) in [
            (Algorithm::Sha1, RFC_SEED_SHA1, sha1),
            (Algorithm::Sha256, RFC_SEED_SHA256, sha256),
            (Algorithm::Sha512, RFC_SEED_SHA512, sha512),
        ] {
            let totp = otp(OtpKind::Totp { period: 30 }, algorithm, 8, seed);
            assert_eq!(totp.code_at(time).as_str(), code, "{algorithm} at {time}");
            checked += 1;
        }
    }
    assert_eq!(checked, 18);
}

/// Steam's encoding written out independently of totp-rs: five symbols,
/// least significant first, from the RFC 4226 truncated value.
fn steam_reference(mut value: u32) -> String {
    const ALPHABET: &[u8; 26] = b"23456789BCDFGHJKMNPQRTVWXY";
    (0..5)
        .map(|_| {
            let symbol = ALPHABET[(value % 26) as usize] as char;
            value /= 26;
            symbol
        })
        .collect()
}

#[test]
fn steam_codes_match_an_independent_reference() {
    let steam = otp(OtpKind::Steam, Algorithm::Sha512, 8, RFC_SEED_SHA1);
    assert_eq!((steam.algorithm, steam.digits), (Algorithm::Sha1, 5));
    for (step, truncated) in RFC4226_TRUNCATED.into_iter().enumerate() {
        let expected = steam_reference(truncated);
        let time = step as u64 * 30;
        assert_eq!(steam.code_at(time).as_str(), expected, "step {step}");
        assert_eq!(steam.code_at(time + 29).as_str(), expected, "step {step}");
    }
    // 1284755224 in base 26, least significant digit first, worked out outside Rust.
    assert_eq!(steam_reference(RFC4226_TRUNCATED[0]), "GG5F5");
}

#[test]
fn periods_and_countdown() {
    let totp = otp(OtpKind::Totp { period: 30 }, Algorithm::Sha1, 6, b"key");
    assert_eq!(totp.period(), Some(30));
    assert_eq!(totp.seconds_left(0), Some(30));
    assert_eq!(totp.seconds_left(29), Some(1));
    assert_eq!(totp.seconds_left(30), Some(30));
    assert_eq!(totp.code_at(0), totp.code_at(29));
    assert_ne!(totp.code_at(29), totp.code_at(30));
    let steam = otp(OtpKind::Steam, Algorithm::Sha1, 5, b"key");
    assert_eq!(steam.period(), Some(30));
    assert_eq!(steam.seconds_left(45), Some(15));
    let mut hotp = otp(OtpKind::Hotp { counter: 7 }, Algorithm::Sha1, 6, b"key");
    assert_eq!((hotp.period(), hotp.seconds_left(45)), (None, None));
    let mut unchanged = totp.clone();
    unchanged.advance_counter();
    assert_eq!(unchanged, totp);
    hotp.advance_counter();
    assert_eq!(hotp.kind, OtpKind::Hotp { counter: 8 });
}

#[test]
fn totp_for_a_time_is_the_code_of_its_step() {
    let totp = otp(
        OtpKind::Totp { period: 60 },
        Algorithm::Sha256,
        7,
        b"any key",
    );
    assert_eq!(totp.code_at(600), totp.code_for_counter(10));
    assert_eq!(totp.code_at(600).as_str().len(), 7);
}

#[test]
fn validation_refuses_impossible_settings() {
    let secret = || OtpSecret::from_bytes(vec![1; 10]);
    let totp = |period| OtpKind::Totp { period };
    assert_eq!(
        Otp::new(totp(30), Algorithm::Sha1, 5, secret()),
        Err(OtpError::DigitsOutOfRange { digits: 5 })
    );
    assert_eq!(
        Otp::new(OtpKind::Hotp { counter: 0 }, Algorithm::Sha1, 9, secret()),
        Err(OtpError::DigitsOutOfRange { digits: 9 })
    );
    assert_eq!(
        Otp::new(totp(0), Algorithm::Sha1, 6, secret()),
        Err(OtpError::PeriodOutOfRange { period: 0 })
    );
    assert_eq!(
        Otp::new(totp(3601), Algorithm::Sha1, 6, secret()),
        Err(OtpError::PeriodOutOfRange { period: 3601 })
    );
    assert_eq!(
        Otp::new(
            totp(30),
            Algorithm::Sha1,
            6,
            OtpSecret::from_bytes(Vec::new())
        ),
        Err(OtpError::Secret(SecretError::Empty))
    );
    for period in [1, 15, 30, 60, 90, 120, 3600] {
        for digits in DIGITS {
            assert!(Otp::new(totp(period), Algorithm::Sha512, digits, secret()).is_ok());
        }
    }
    assert_eq!(
        Otp::totp(secret()),
        otp(totp(30), Algorithm::Sha1, 6, &[1; 10])
    );
}

#[test]
fn settings_that_bypass_validation_do_not_panic() {
    let mut broken = Otp::totp(OtpSecret::from_bytes(vec![1; 10]));
    broken.digits = 200;
    broken.kind = OtpKind::Totp { period: 0 };
    assert_eq!(broken.code_at(1_000).as_str().len(), 9);
    assert_eq!(broken.seconds_left(1_000), Some(1));
}

#[test]
fn sloppy_secrets_decode_to_the_same_bytes() {
    let canonical = OtpSecret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    assert_eq!(canonical.as_bytes(), b"Hello!\xde\xad\xbe\xef");
    for sloppy in [
        "jbswy3dpehpk3pxp",
        "JBSW Y3DP EHPK 3PXP",
        "jbsw-y3dp-ehpk-3pxp",
        "  JBSWY3DPEHPK3PXP\n",
        "JBSWY3DPEHPK3PXP======",
        "jBsW\u{a0}y3Dp\tEhPk 3PxP =",
    ] {
        assert_eq!(
            OtpSecret::from_base32(sloppy).unwrap().as_bytes(),
            canonical.as_bytes(),
            "{sloppy:?}"
        );
    }
    // Non-zero trailing bits, as some sites' generators leave them: six
    // bytes take 48 of the 50 bits of ten characters.
    assert_eq!(
        OtpSecret::from_base32("JBSWY3DPEF").unwrap().as_bytes(),
        b"Hello!"
    );
    assert_eq!(canonical.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
}

#[test]
fn short_secrets_work() {
    // 80 bits, the length many sites use; totp-rs's checked build rejects it.
    let secret = OtpSecret::from_base32("GEZDGNBVGY3TQOJQ").unwrap();
    assert_eq!(secret.as_bytes(), b"1234567890");
    let totp = Otp::new(OtpKind::Totp { period: 30 }, Algorithm::Sha1, 6, secret).unwrap();
    // Reference from `oathtool --totp -b --now @59 GEZDGNBVGY3TQOJQ`.
    assert_eq!(totp.code_at(59).as_str(), "263420");
    let one_byte = OtpSecret::from_base32("ME").unwrap();
    assert_eq!(one_byte.as_bytes(), b"a");
    assert_eq!(one_byte.to_base32().as_str(), "ME");
}

#[test]
fn bad_secrets_say_where_without_echoing() {
    assert_eq!(OtpSecret::from_base32(""), Err(SecretError::Empty));
    assert_eq!(OtpSecret::from_base32(" - = "), Err(SecretError::Empty));
    assert_eq!(
        OtpSecret::from_base32("JBSW Y3D0"),
        Err(SecretError::InvalidCharacter { position: 9 })
    );
    assert_eq!(
        OtpSecret::from_base32("JBSWé3DPEHPK3PXP"),
        Err(SecretError::InvalidCharacter { position: 5 })
    );
    assert_eq!(
        OtpSecret::from_base32("JB=SWY3DPEHPK3PXP"),
        Err(SecretError::InvalidCharacter { position: 3 })
    );
    // A bad length, with a stray character early on: the character is the
    // more useful thing to point at.
    assert_eq!(
        OtpSecret::from_base32("J1SWY3DPE"),
        Err(SecretError::InvalidCharacter { position: 2 })
    );
    // Any length that holds a whole byte is read as other apps read it: the
    // last character's bits that do not fill a byte are dropped.
    assert_eq!(
        OtpSecret::from_base32("jbswy3dpe").unwrap().as_bytes(),
        b"Hello"
    );
    assert_eq!(
        OtpSecret::from_base32("JBSWY3DPE1"),
        Err(SecretError::InvalidCharacter { position: 10 })
    );
    assert_eq!(
        OtpSecret::from_base32("JBSWY3DP1"),
        Err(SecretError::InvalidCharacter { position: 9 })
    );
    assert_eq!(
        OtpSecret::from_base32("J"),
        Err(SecretError::BadLength { length: 1 })
    );
    let message = SecretError::InvalidCharacter { position: 9 }.to_string();
    assert!(
        message.contains('9') && !message.contains("JBSW"),
        "{message}"
    );
}

#[test]
fn serde_forms() {
    let totp = otp(
        OtpKind::Totp { period: 30 },
        Algorithm::Sha256,
        8,
        b"Hello!\xde\xad\xbe\xef",
    );
    let json = serde_json::to_value(&totp).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "kind": {"type": "totp", "period": 30},
            "algorithm": "SHA256",
            "digits": 8,
            "secret": "JBSWY3DPEHPK3PXP",
        })
    );
    assert_eq!(serde_json::from_value::<Otp>(json).unwrap(), totp);
    let hotp = otp(
        OtpKind::Hotp { counter: u64::MAX },
        Algorithm::Sha1,
        6,
        b"k",
    );
    let text = serde_json::to_string(&hotp).unwrap();
    assert!(text.contains(r#"{"type":"hotp","counter":18446744073709551615}"#));
    assert_eq!(serde_json::from_str::<Otp>(&text).unwrap(), hotp);
    assert_eq!(
        serde_json::to_string(&OtpKind::Steam).unwrap(),
        r#"{"type":"steam"}"#
    );
    let broken =
        r#"{"kind":{"type":"totp","period":30},"algorithm":"SHA1","digits":12,"secret":"ME"}"#;
    assert!(serde_json::from_str::<Otp>(broken).is_err());
    let bad_secret = r#"{"kind":{"type":"steam"},"algorithm":"SHA1","digits":5,"secret":"M0"}"#;
    let error = serde_json::from_str::<Otp>(bad_secret)
        .unwrap_err()
        .to_string();
    assert!(!error.contains("M0"), "{error}");
}

#[test]
fn algorithm_names() {
    for (text, algorithm) in [
        ("SHA1", Algorithm::Sha1),
        ("sha1", Algorithm::Sha1),
        ("SHA-1", Algorithm::Sha1),
        ("sha256", Algorithm::Sha256),
        ("SHA-256", Algorithm::Sha256),
        ("sha_512", Algorithm::Sha512),
        ("HmacSHA512", Algorithm::Sha512),
    ] {
        assert_eq!(text.parse::<Algorithm>(), Ok(algorithm), "{text}");
    }
    assert_eq!(
        "MD5".parse::<Algorithm>(),
        Err(UnknownAlgorithm {
            name: "MD5".to_owned()
        })
    );
    assert_eq!(Algorithm::default(), Algorithm::Sha1);
    for algorithm in Algorithm::ALL {
        assert_eq!(
            serde_json::to_string(&algorithm).unwrap(),
            format!("\"{}\"", algorithm.as_str())
        );
        assert_eq!(algorithm.as_str().parse::<Algorithm>(), Ok(algorithm));
    }
}

#[test]
fn grouping() {
    let code = |text: &str| Code(Zeroizing::new(text.to_owned()));
    assert_eq!(code("123456").grouped(), "123 456");
    assert_eq!(code("1234567").grouped(), "123 4567");
    assert_eq!(code("12345678").grouped(), "1234 5678");
    assert_eq!(code("7QV3C").grouped(), "7QV3C");
    assert_eq!(code("23456").grouped(), "23456");
    assert_eq!(code("123456").to_string(), "123456");
}

#[test]
fn debug_output_never_shows_secrets_or_codes() {
    let totp = otp(
        OtpKind::Totp { period: 30 },
        Algorithm::Sha1,
        6,
        b"Hello!\xde\xad\xbe\xef",
    );
    let code = totp.code_at(59);
    let uri = parse_otpauth_uri(&to_otpauth_uri("Site", "me", &totp)).unwrap();
    let debug = format!("{totp:?} {:?} {code:?} {uri:?} {:#?}", totp.secret, totp);
    for leak in ["JBSW", "Hello", "72, 101", "222, 173", code.as_str()] {
        assert!(!debug.contains(leak), "{leak} in {debug}");
    }
    assert!(debug.contains("OtpSecret(..)") && debug.contains("Code(..)"));
}

fn parse_err(uri: &str) -> UriError {
    parse_otpauth_uri(uri).expect_err(uri)
}

#[test]
fn google_example_links() {
    let parsed = parse_otpauth_uri(
        "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
    )
    .unwrap();
    assert_eq!(parsed.issuer, "Example");
    assert_eq!(parsed.label, "alice@google.com");
    assert_eq!(
        parsed.otp,
        otp(
            OtpKind::Totp { period: 30 },
            Algorithm::Sha1,
            6,
            b"Hello!\xde\xad\xbe\xef"
        )
    );

    let parsed = parse_otpauth_uri(
        "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
    )
    .unwrap();
    assert_eq!(
        (parsed.issuer.as_str(), parsed.label.as_str()),
        ("ACME Co", "john.doe@email.com")
    );

    let parsed = parse_otpauth_uri(
        "otpauth://totp/Big%20Corporation%3A%20alice%40bigco.com?secret=JBSWY3DPEHPK3PXP",
    )
    .unwrap();
    assert_eq!(
        (parsed.issuer.as_str(), parsed.label.as_str()),
        ("Big Corporation", "alice@bigco.com")
    );
}

#[test]
fn issuer_parameter_wins_over_label_prefix() {
    let parsed =
        parse_otpauth_uri("otpauth://totp/Google:bob?secret=JBSWY3DPEHPK3PXP&issuer=Gmail+Work")
            .unwrap();
    assert_eq!(
        (parsed.issuer.as_str(), parsed.label.as_str()),
        ("Gmail Work", "bob")
    );
    let parsed = parse_otpauth_uri("otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP&issuer=").unwrap();
    assert_eq!((parsed.issuer.as_str(), parsed.label.as_str()), ("", "bob"));
}

#[test]
fn real_world_variants() {
    let parsed = parse_otpauth_uri(
        " OTPAUTH://TOTP/Site:me?SECRET=gezd%20gnbv-gy3t+qojq%3D%3D&Algorithm=sha256&Digits=8&Period=60&foo=%FF\n",
    )
    .unwrap();
    assert_eq!(
        parsed.otp,
        otp(
            OtpKind::Totp { period: 60 },
            Algorithm::Sha256,
            8,
            b"1234567890"
        )
    );
    let hotp = parse_otpauth_uri("otpauth://hotp/me?secret=GEZDGNBVGY3TQOJQ&counter=42").unwrap();
    assert_eq!(hotp.otp.kind, OtpKind::Hotp { counter: 42 });
    assert_eq!(hotp.issuer, "");

    let steam = otp(OtpKind::Steam, Algorithm::Sha1, 5, b"1234567890");
    for link in [
        "otpauth://steam/Steam:gamer?secret=GEZDGNBVGY3TQOJQ&issuer=Steam&algorithm=SHA1&digits=5&period=30",
        "otpauth://totp/Steam:gamer?secret=GEZDGNBVGY3TQOJQ&encoder=steam",
        "otpauth://totp/Steam:gamer?secret=GEZDGNBVGY3TQOJQ&issuer=Steam",
        "otpauth://totp/Steam:gamer?secret=GEZDGNBVGY3TQOJQ&digits=5",
    ] {
        let parsed = parse_otpauth_uri(link).unwrap();
        assert_eq!(parsed.otp, steam, "{link}");
        assert_eq!(parsed.label, "gamer");
    }
    // An explicit numeric code length means the issuer is just a name.
    let numeric =
        parse_otpauth_uri("otpauth://totp/Steam:x?secret=GEZDGNBVGY3TQOJQ&digits=6").unwrap();
    assert_eq!(numeric.otp.kind, OtpKind::Totp { period: 30 });
}

#[test]
fn every_uri_error_is_reachable() {
    let cases: [(&str, UriError); 20] = [
        ("JBSWY3DPEHPK3PXP", UriError::NotALink),
        ("", UriError::NotALink),
        (
            "https://example.com/?secret=JBSWY3DPEHPK3PXP",
            UriError::WrongScheme {
                scheme: "https".to_owned(),
            },
        ),
        (
            "otpauth-migration://offline?data=abc",
            UriError::WrongScheme {
                scheme: "otpauth-migration".to_owned(),
            },
        ),
        (
            "otpauth:totp/x?secret=JBSWY3DPEHPK3PXP",
            UriError::Malformed,
        ),
        (
            "otpauth://[::1/x?secret=JBSWY3DPEHPK3PXP",
            UriError::Malformed,
        ),
        (
            "otpauth://motp/x?secret=JBSWY3DPEHPK3PXP",
            UriError::UnknownType {
                kind: Some("motp".to_owned()),
            },
        ),
        (
            "otpauth://JBSWY3DPEHPK3PXP/x?secret=JBSWY3DPEHPK3PXP",
            UriError::UnknownType { kind: None },
        ),
        ("otpauth://totp/x?issuer=X", UriError::MissingSecret),
        (
            "otpauth://totp/x?secret=JBSWY3D0",
            UriError::BadSecret(SecretError::InvalidCharacter { position: 8 }),
        ),
        (
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
            UriError::UnknownAlgorithm {
                name: "MD5".to_owned(),
            },
        ),
        (
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=10",
            UriError::BadDigits {
                value: "10".to_owned(),
            },
        ),
        (
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six",
            UriError::BadDigits {
                value: "six".to_owned(),
            },
        ),
        (
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
            UriError::BadPeriod {
                value: "0".to_owned(),
            },
        ),
        (
            "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP",
            UriError::HotpWithoutCounter,
        ),
        (
            "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=-1",
            UriError::BadCounter {
                value: "-1".to_owned(),
            },
        ),
        (
            "otpauth://totp/?secret=JBSWY3DPEHPK3PXP",
            UriError::MissingLabel,
        ),
        (
            "otpauth://totp/Site:%20?secret=JBSWY3DPEHPK3PXP",
            UriError::MissingLabel,
        ),
        (
            "otpauth://totp/%FF?secret=JBSWY3DPEHPK3PXP",
            UriError::InvalidEncoding {
                part: "label".to_owned(),
            },
        ),
        (
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer=%C3%28",
            UriError::InvalidEncoding {
                part: "issuer".to_owned(),
            },
        ),
    ];
    for (uri, expected) in cases {
        let error = parse_err(uri);
        assert_eq!(error, expected, "{uri}");
        for language in Language::ALL {
            let message = error.localized(language);
            assert_ne!(message, error.message_id(), "{language:?} lacks a message");
            assert!(!message.contains("JBSW"), "secret in {message}");
        }
    }
}

#[test]
fn every_message_exists_in_every_language() {
    let messages: Vec<Box<dyn Message>> = vec![
        Box::new(SecretError::Empty),
        Box::new(SecretError::InvalidCharacter { position: 3 }),
        Box::new(SecretError::BadLength { length: 9 }),
        Box::new(OtpError::DigitsOutOfRange { digits: 9 }),
        Box::new(OtpError::PeriodOutOfRange { period: 0 }),
        Box::new(UnknownAlgorithm {
            name: "MD5".to_owned(),
        }),
    ];
    for message in messages {
        assert_worded_in_every_language(message.as_ref());
    }
}

#[test]
fn long_values_are_shortened_in_errors() {
    let long = "x".repeat(500);
    let error = parse_err(&format!("otpauth://totp/a?secret=ME&digits={long}"));
    let UriError::BadDigits { value } = error else {
        panic!("wrong error");
    };
    assert_eq!(value.chars().count(), 41);
}

#[test]
fn written_links_look_like_googles_format() {
    let totp = otp(
        OtpKind::Totp { period: 30 },
        Algorithm::Sha1,
        6,
        b"Hello!\xde\xad\xbe\xef",
    );
    assert_eq!(
        to_otpauth_uri("ACME Co", "john:doe@example.com", &totp).as_str(),
        "otpauth://totp/ACME%20Co:john%3Adoe@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
    );
    let hotp = otp(
        OtpKind::Hotp { counter: 3 },
        Algorithm::Sha512,
        8,
        b"Hello!\xde\xad\xbe\xef",
    );
    assert_eq!(
        to_otpauth_uri("", "me", &hotp).as_str(),
        "otpauth://hotp/me?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=8&counter=3"
    );
    let steam = otp(
        OtpKind::Steam,
        Algorithm::Sha1,
        5,
        b"Hello!\xde\xad\xbe\xef",
    );
    assert_eq!(
        to_otpauth_uri("Steam", "gamer", &steam).as_str(),
        "otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam&digits=5&period=30&encoder=steam"
    );
}

fn any_otp() -> impl Strategy<Value = Otp> {
    let kind = prop_oneof![
        PERIODS.prop_map(|period| OtpKind::Totp { period }),
        any::<u64>().prop_map(|counter| OtpKind::Hotp { counter }),
        Just(OtpKind::Steam),
    ];
    (
        kind,
        prop::sample::select(Algorithm::ALL.to_vec()),
        DIGITS,
        prop::collection::vec(any::<u8>(), 1..64),
    )
        .prop_map(|(kind, algorithm, digits, secret)| {
            Otp::new(kind, algorithm, digits, OtpSecret::from_bytes(secret)).unwrap()
        })
}

/// Names with the characters that break naive encoders: spaces, colons,
/// `%`, `+`, `&`, `=`, `?`, `#`, `/`, dots and non-ASCII text.
fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ :%+&=?#/.@a-zA-Z0-9éß漢字😀-]{0,12}",
        "\\PC{0,12}",
        Just(String::new()),
        Just("Steam".to_owned()),
        Just(".".to_owned()),
        Just("..".to_owned()),
    ]
}

proptest! {
    #[test]
    fn links_round_trip(
        issuer in any_name(),
        label in any_name().prop_filter("a label is needed and cannot start with spaces",
            |label| !label.is_empty() && label.trim_start() == label),
        otp in any_otp(),
    ) {
        let uri = to_otpauth_uri(&issuer, &label, &otp);
        prop_assert!(uri.is_ascii());
        let parsed = parse_otpauth_uri(&uri);
        prop_assert_eq!(parsed, Ok(OtpauthUri { issuer, label, otp }), "{}", uri.as_str());
    }

    #[test]
    fn secrets_round_trip_through_base32(bytes in prop::collection::vec(any::<u8>(), 1..80)) {
        let secret = OtpSecret::from_bytes(bytes.clone());
        let text = secret.to_base32();
        let decoded = OtpSecret::from_base32(&text.to_lowercase()).unwrap();
        prop_assert_eq!(decoded.as_bytes(), &bytes[..]);
    }

    #[test]
    fn parsing_garbage_never_panics(text in "\\PC{0,80}", tail in "[a-zA-Z0-9%:/?&=+ ]{0,60}") {
        let _ = parse_otpauth_uri(&text);
        let _ = parse_otpauth_uri(&format!("otpauth://totp/{tail}"));
        let _ = OtpSecret::from_base32(&text);
    }
}

#[test]
fn taking_a_hotp_code_moves_the_counter_on() {
    let secret = OtpSecret::from_bytes(b"12345678901234567890".to_vec());
    let mut otp = Otp::new(
        OtpKind::Hotp { counter: 0 },
        Algorithm::Sha1,
        6,
        secret.clone(),
    )
    .unwrap();
    assert_eq!(otp.take_hotp_code().unwrap().as_str(), "755224");
    assert_eq!(otp.take_hotp_code().unwrap().as_str(), "287082");
    assert_eq!(otp.kind, OtpKind::Hotp { counter: 2 });
    assert!(Otp::totp(secret).take_hotp_code().is_none());
}

#[test]
fn every_kind_reads_back_from_its_name_and_no_other_name_is_a_kind() {
    for kind in [
        OtpKind::Totp { period: 45 },
        OtpKind::Hotp { counter: 9 },
        OtpKind::Steam,
    ] {
        assert_eq!(OtpKind::from_name(kind.name(), 45, 9), Some(kind));
        assert!(OtpKind::NAMES.contains(&kind.name()));
    }
    for name in [NO_CODE, "", "TOTP", "motp"] {
        assert_eq!(OtpKind::from_name(name, 30, 0), None, "{name}");
    }
    assert_eq!(kind_name(None), NO_CODE);
    assert_eq!(
        kind_name(Some(&Otp::totp(OtpSecret::from_bytes(vec![1; 10])))),
        "totp"
    );
}

fn entered<'a>(kind: &'a str, secret: &'a str) -> EnteredCode<'a> {
    EnteredCode {
        kind,
        secret,
        algorithm: Algorithm::Sha256,
        digits: 8,
        period: 60,
        counter: 4,
    }
}

#[test]
fn code_settings_typed_by_hand_make_the_kind_named() {
    let secret = "JBSWY3DPEHPK3PXP";
    let totp = entered("totp", secret).into_otp().unwrap().unwrap();
    assert_eq!(
        (totp.kind, totp.algorithm, totp.digits),
        (OtpKind::Totp { period: 60 }, Algorithm::Sha256, 8)
    );
    let hotp = entered("hotp", secret).into_otp().unwrap().unwrap();
    assert_eq!(hotp.kind, OtpKind::Hotp { counter: 4 });
    let steam = entered("steam", secret).into_otp().unwrap().unwrap();
    assert_eq!((steam.kind, steam.digits), (OtpKind::Steam, 5));
    assert_eq!(
        entered(NO_CODE, "not even base32").into_otp().unwrap(),
        None,
        "a tokens-only site has no secret to check"
    );
}

#[test]
fn code_settings_typed_by_hand_are_refused_with_a_reason() {
    let error = entered("motp", "JBSWY3DPEHPK3PXP").into_otp().unwrap_err();
    assert_eq!(
        error,
        EnteredCodeError::UnknownKind {
            name: "motp".into()
        }
    );
    for language in Language::ALL {
        assert!(error.localized(language).contains("motp"));
    }
    let error = entered("totp", "").into_otp().unwrap_err();
    assert_eq!(error.message_id(), "otp-secret-empty");
    let mut too_long = entered("totp", "JBSWY3DPEHPK3PXP");
    too_long.digits = 9;
    assert_eq!(
        too_long.into_otp().unwrap_err(),
        EnteredCodeError::Otp(OtpError::DigitsOutOfRange { digits: 9 })
    );
}
