//! KeePass and KeePassXC databases (KDBX 3.1 and 4), opened with the
//! `keepass` crate, for the entries that carry two-factor codes.
//!
//! The `keepass` crate derives the key as soon as it opens a database and
//! has no way to show the header's key-derivation settings first, so this
//! reader reads them itself from the outer header (a small, bounded
//! type-length-value list; see [`kdf_of`]) and checks them against
//! `crate::kdf_bounds` before the crate is handed the file.
//!
//! An entry's codes can be kept in any of the layouts KeePass, KeePassXC and
//! their plug-ins write, all read here:
//!
//! - `otp`: an `otpauth://` link (KeePassXC, and KeePassXC-compatible apps),
//!   or KeeOtp's `key=…&step=…&size=…&otpHashMode=…` query string;
//! - `TimeOtp-Secret-Base32` (or `-Secret`, `-Secret-Hex`,
//!   `-Secret-Base64`) with `TimeOtp-Period`, `TimeOtp-Length` and
//!   `TimeOtp-Algorithm` (KeePass 2.47's own TOTP), and the
//!   `HmacOtp-Secret…` / `HmacOtp-Counter` HOTP equivalent;
//! - `TOTP Seed` with `TOTP Settings` = `period;digits` (`S` for Steam):
//!   KeeTrayTOTP's layout, which older KeePassXC wrote too.
//!
//! An entry with none of these is an ordinary password entry: it is passed
//! over without a word, since a password manager holds many of them and
//! they are not two-factor accounts. An entry with one that cannot be read
//! is named among those not imported. Entries in the recycle bin are passed
//! over too: the user deleted them. The site is the link's issuer, else the
//! entry's title; the account name the link's, else the entry's user name.

use keepass::{Database, DatabaseKey};
use zeroize::Zeroizing;

use super::entry::{EntryError, algorithm_named};
use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::account::display_name_of;
use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret, parse_otpauth_uri};
use crate::time::now;

/// KeePass and KeePassXC databases.
pub struct KeePass;

/// The two signatures every KDBX file starts with.
const SIGNATURE: [u8; 8] = [0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5];

impl Restorable for KeePass {
    const FORMAT: Format = Format::KeePass;

    fn detect(bytes: &[u8]) -> bool {
        bytes.starts_with(&SIGNATURE) && matches!(major_version(bytes), Some(3 | 4))
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        match kdf_of(bytes)? {
            Kdf::Aes { rounds } => crate::kdf_bounds::check_keepass_aes(rounds),
            Kdf::Argon2 {
                memory,
                iterations,
                parallelism,
            } => crate::kdf_bounds::check_keepass_argon2(memory, iterations, parallelism),
        }
        .map_err(|bounds| malformed(Malformation::KdfOutOfBounds(bounds)))?;
        let password = password.ok_or(ImportError::PasswordNeeded {
            format: Format::KeePass,
        })?;
        let database = Database::parse(bytes, DatabaseKey::new().with_password(password)).map_err(
            |error| match error {
                // KDBX 4 checks the key against the header's HMAC; KDBX 3.1
                // only finds out when AES-CBC's padding comes out wrong,
                // which a damaged file also gives, but a wrong password is
                // far the likelier cause.
                keepass::db::DatabaseOpenError::Key(_)
                | keepass::db::DatabaseOpenError::Cryptography(_) => ImportError::WrongPassword {
                    format: Format::KeePass,
                },
                keepass::db::DatabaseOpenError::UnexpectedEof => malformed(Malformation::CutShort),
                _ => malformed(Malformation::EncryptedContentsDamaged),
            },
        )?;
        let now = now();
        let mut restored = Restored::default();
        for entry_id in entries_in_order(&database) {
            let Some(entry) = database.entry(entry_id) else {
                continue;
            };
            let title = entry.get_title().unwrap_or_default().trim();
            let user = entry.get_username().unwrap_or_default().trim();
            let Some(read) = read_otp(&|field| entry.get(field)) else {
                continue;
            };
            match read {
                Ok((otp, issuer, label)) => {
                    let issuer = if issuer.trim().is_empty() {
                        title
                    } else {
                        issuer.trim()
                    };
                    let label = if label.trim().is_empty() {
                        user
                    } else {
                        label.trim()
                    };
                    restored.keep_tagged((issuer, label), otp, &[], now);
                }
                Err(error) => {
                    let name = display_name_of(title, user);
                    restored.rejected.push(super::RejectedEntry::new(
                        name,
                        &error.in_file_of(Format::KeePass),
                    ));
                }
            }
        }
        restored.unless_empty(Format::KeePass)
    }
}

/// Every entry outside the recycle bin, in the order the database keeps
/// them: each group's entries, then its groups', depth first, as KeePass
/// shows them. Each group is visited once, so a forged file whose groups
/// loop ends.
fn entries_in_order(database: &Database) -> Vec<keepass::db::EntryId> {
    let recycle_bin = database.recycle_bin().map(|bin| bin.id());
    let mut visited = std::collections::HashSet::new();
    let mut stack = vec![database.root().id()];
    let mut entries = Vec::new();
    while let Some(id) = stack.pop() {
        if Some(id) == recycle_bin || !visited.insert(id) {
            continue;
        }
        let Some(group) = database.group(id) else {
            continue;
        };
        entries.extend(group.entries().map(|entry| entry.id()));
        let children: Vec<_> = group.groups().map(|child| child.id()).collect();
        stack.extend(children.into_iter().rev());
    }
    entries
}

/// An entry's code generator and the issuer and account name its link
/// gives (empty where it gives none); `None` when the entry has no codes.
fn read_otp<'a>(
    field: &dyn Fn(&str) -> Option<&'a str>,
) -> Option<Result<(Otp, String, String), EntryError>> {
    let present = |name: &str| field(name).map(str::trim).filter(|value| !value.is_empty());
    if let Some(otp) = present("otp") {
        if otp
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("otpauth:"))
        {
            return Some(
                parse_otpauth_uri(otp)
                    .map(|link| (link.otp, link.issuer, link.label))
                    .map_err(|_| EntryError::BadSecret),
            );
        }
        return Some(kee_otp(otp).map(|otp| (otp, String::new(), String::new())));
    }
    for (prefix, hotp) in [("TimeOtp-", false), ("HmacOtp-", true)] {
        let secret = [
            ("Secret-Base32", SecretEncoding::Base32),
            ("Secret", SecretEncoding::Utf8),
            ("Secret-Hex", SecretEncoding::Hex),
            ("Secret-Base64", SecretEncoding::Base64),
        ]
        .into_iter()
        .find_map(|(name, encoding)| {
            present(&format!("{prefix}{name}")).map(|value| (value, encoding))
        });
        if let Some((secret, encoding)) = secret {
            let setting = |name: &str| present(&format!("{prefix}{name}"));
            return Some(
                keepass_otp(secret, encoding, hotp, &setting)
                    .map(|otp| (otp, String::new(), String::new())),
            );
        }
    }
    let seed = present("TOTP Seed")?;
    Some(tray_totp(seed, present("TOTP Settings")).map(|otp| (otp, String::new(), String::new())))
}

/// How KeePass 2.47 writes an OTP secret.
#[derive(Clone, Copy)]
enum SecretEncoding {
    Base32,
    Utf8,
    Hex,
    Base64,
}

fn decode_secret(secret: &str, encoding: SecretEncoding) -> Result<OtpSecret, EntryError> {
    let bytes = match encoding {
        SecretEncoding::Base32 => {
            return OtpSecret::from_base32(secret).map_err(|_| EntryError::BadSecret);
        }
        SecretEncoding::Utf8 => Some(secret.as_bytes().to_vec()),
        SecretEncoding::Hex => data_encoding::HEXLOWER_PERMISSIVE
            .decode(secret.replace(' ', "").as_bytes())
            .ok(),
        SecretEncoding::Base64 => super::encrypted::decode_base64(secret),
    };
    let bytes = Zeroizing::new(
        bytes
            .filter(|bytes| !bytes.is_empty())
            .ok_or(EntryError::BadSecret)?,
    );
    Ok(OtpSecret::from_bytes(bytes.to_vec()))
}

/// A whole number setting, or `default` when absent.
fn number<T: std::str::FromStr>(
    value: Option<&str>,
    default: T,
    error: impl Fn(String) -> EntryError,
) -> Result<T, EntryError> {
    match value {
        None => Ok(default),
        Some(value) => value.parse().map_err(|_| error(super::json::shown(value))),
    }
}

/// KeePass 2.47's own fields: `…-Length`, `…-Period`, `…-Algorithm`
/// (`HMAC-SHA-1`, `HMAC-SHA-256`, `HMAC-SHA-512`) and `HmacOtp-Counter`.
fn keepass_otp<'a>(
    secret: &str,
    encoding: SecretEncoding,
    hotp: bool,
    setting: &dyn Fn(&str) -> Option<&'a str>,
) -> Result<Otp, EntryError> {
    let digits = number(setting("Length"), 6u8, |value| EntryError::BadDigits {
        value,
    })?;
    let algorithm = algorithm_named(
        setting("Algorithm")
            .map(|name| name.trim_start_matches("HMAC-").replace('-', ""))
            .as_deref(),
    )?;
    let kind = if hotp {
        OtpKind::Hotp {
            counter: number(setting("Counter"), 0u64, |value| EntryError::BadCounter {
                value,
            })?,
        }
    } else {
        OtpKind::Totp {
            period: number(setting("Period"), 30u32, |value| EntryError::BadPeriod {
                value,
            })?,
        }
    };
    Ok(Otp::new(
        kind,
        algorithm,
        digits,
        decode_secret(secret, encoding)?,
    )?)
}

/// KeeOtp's `otp` field: `key=BASE32&step=30&size=6&type=Totp&otpHashMode=Sha1`
/// (or `type=Hotp&counter=N`).
fn kee_otp(text: &str) -> Result<Otp, EntryError> {
    let mut key = None;
    let (mut step, mut size, mut kind, mut mode, mut counter) = (None, None, None, None, None);
    for pair in text.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_encoding::percent_decode_str(value)
            .decode_utf8()
            .ok();
        let value = value.map(|value| value.into_owned());
        match name.trim().to_ascii_lowercase().as_str() {
            "key" => key = value.map(Zeroizing::new),
            "step" => step = value,
            "size" => size = value,
            "type" => kind = value,
            "otphashmode" => mode = value,
            "counter" => counter = value,
            _ => {}
        }
    }
    let key = key.ok_or(EntryError::BadSecret)?;
    let digits = number(size.as_deref(), 6u8, |value| EntryError::BadDigits {
        value,
    })?;
    let algorithm = algorithm_named(mode.as_deref())?;
    let kind = match kind.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("totp") => OtpKind::Totp {
            period: number(step.as_deref(), 30u32, |value| EntryError::BadPeriod {
                value,
            })?,
        },
        Some("hotp") => OtpKind::Hotp {
            counter: number(counter.as_deref(), 0u64, |value| EntryError::BadCounter {
                value,
            })?,
        },
        Some(other) => {
            return Err(EntryError::UnsupportedType {
                kind: super::json::shown(other),
            });
        }
    };
    Ok(Otp::new(
        kind,
        algorithm,
        digits,
        decode_secret(&key, SecretEncoding::Base32)?,
    )?)
}

/// KeeTrayTOTP's `TOTP Seed` and `TOTP Settings` (`period;digits`, with
/// `S` for digits meaning a Steam code).
fn tray_totp(seed: &str, settings: Option<&str>) -> Result<Otp, EntryError> {
    let (period, digits) = settings
        .map(|settings| settings.split_once(';').unwrap_or((settings, "6")))
        .unwrap_or(("30", "6"));
    let secret = decode_secret(seed, SecretEncoding::Base32)?;
    if digits.trim().eq_ignore_ascii_case("S") {
        return Ok(Otp::new(OtpKind::Steam, Algorithm::Sha1, 5, secret)?);
    }
    let period = number(Some(period.trim()), 30u32, |value| EntryError::BadPeriod {
        value,
    })?;
    let digits = number(Some(digits.trim()), 6u8, |value| EntryError::BadDigits {
        value,
    })?;
    Ok(Otp::new(
        OtpKind::Totp { period },
        Algorithm::Sha1,
        digits,
        secret,
    )?)
}

/// The key derivation a KDBX header asks for.
#[derive(Debug, PartialEq, Eq)]
enum Kdf {
    /// AES-KDF (KDBX 3.1, and KDBX 4's "AES-KDF").
    Aes { rounds: u64 },
    /// Argon2d or Argon2id; memory in bytes.
    Argon2 {
        memory: u64,
        iterations: u64,
        parallelism: u64,
    },
}

/// KDBX 4's KDF identifiers (the `$UUID` of its parameters).
const AES_KDF: [u8; 16] = [
    0xC9, 0xD9, 0xF3, 0x9A, 0x62, 0x8A, 0x44, 0x60, 0xBF, 0x74, 0x0D, 0x08, 0xC1, 0x8A, 0x4F, 0xEA,
];
const AES_KDF_KDBX4: [u8; 16] = [
    0x7C, 0x02, 0xBB, 0x82, 0x79, 0xA7, 0x4A, 0xC0, 0x92, 0x7D, 0x11, 0x4A, 0x00, 0x64, 0x82, 0x38,
];
const ARGON2D: [u8; 16] = [
    0xEF, 0x63, 0x6D, 0xDF, 0x8C, 0x29, 0x44, 0x4B, 0x91, 0xF7, 0xA9, 0xA4, 0x03, 0xE3, 0x0A, 0x0C,
];
const ARGON2ID: [u8; 16] = [
    0x9E, 0x29, 0x8B, 0x19, 0x56, 0xDB, 0x47, 0x73, 0xB2, 0x3D, 0xFC, 0x3E, 0xC6, 0xF0, 0xA1, 0xE6,
];

fn major_version(bytes: &[u8]) -> Option<u16> {
    bytes
        .get(10..12)
        .map(|major| u16::from_le_bytes([major[0], major[1]]))
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::KeePass,
        problem,
    }
}

/// The key derivation the outer header of a KDBX file asks for: in KDBX 4
/// the KDF parameters field (11), a variant dictionary; in KDBX 3.1 the
/// transform rounds field (6) of AES-KDF. Read without trusting a length:
/// each is checked against the bytes left.
fn kdf_of(bytes: &[u8]) -> Result<Kdf, ImportError> {
    let cut = || malformed(Malformation::CutShort);
    let major = major_version(bytes).ok_or_else(cut)?;
    let length_size = if major >= 4 { 4 } else { 2 };
    let mut at = 12;
    loop {
        let kind = *bytes.get(at).ok_or_else(cut)?;
        let length_bytes = bytes.get(at + 1..at + 1 + length_size).ok_or_else(cut)?;
        let length = length_bytes
            .iter()
            .rev()
            .fold(0usize, |length, &byte| (length << 8) | usize::from(byte));
        let start = at + 1 + length_size;
        let value = bytes
            .get(start..start.checked_add(length).ok_or_else(cut)?)
            .ok_or_else(cut)?;
        at = start + length;
        match (major, kind) {
            (_, 0) => return Err(malformed(Malformation::UnexpectedBytes { offset: at })),
            (3, 6) => {
                let rounds = value
                    .try_into()
                    .map(u64::from_le_bytes)
                    .map_err(|_| malformed(Malformation::UnexpectedBytes { offset: start }))?;
                return Ok(Kdf::Aes { rounds });
            }
            (4.., 11) => return variant_kdf(value, start),
            _ => {}
        }
    }
}

/// The KDF of a KDBX 4 variant dictionary: version (2 bytes), then entries
/// of type (1), name length (4), name, value length (4), value, ended by
/// type 0.
fn variant_kdf(dictionary: &[u8], offset: usize) -> Result<Kdf, ImportError> {
    let damaged = || malformed(Malformation::UnexpectedBytes { offset });
    let mut values: Vec<(&[u8], &[u8])> = Vec::new();
    let mut at = 2;
    loop {
        let kind = *dictionary.get(at).ok_or_else(damaged)?;
        if kind == 0 {
            break;
        }
        let read_length = |at: usize| -> Result<usize, ImportError> {
            let bytes = dictionary.get(at..at + 4).ok_or_else(damaged)?;
            Ok(u32::from_le_bytes(bytes.try_into().expect("four bytes")) as usize)
        };
        let name_length = read_length(at + 1)?;
        let name_start = at + 5;
        let name = dictionary
            .get(name_start..name_start.checked_add(name_length).ok_or_else(damaged)?)
            .ok_or_else(damaged)?;
        let value_length = read_length(name_start + name_length)?;
        let value_start = name_start + name_length + 4;
        let value = dictionary
            .get(value_start..value_start.checked_add(value_length).ok_or_else(damaged)?)
            .ok_or_else(damaged)?;
        values.push((name, value));
        at = value_start + value_length;
    }
    let field = |name: &[u8]| {
        values
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
    };
    let whole = |name: &[u8]| -> Result<u64, ImportError> {
        match field(name) {
            Some(value) if value.len() == 8 => {
                Ok(u64::from_le_bytes(value.try_into().expect("eight")))
            }
            Some(value) if value.len() == 4 => {
                Ok(u32::from_le_bytes(value.try_into().expect("four")).into())
            }
            _ => Err(damaged()),
        }
    };
    let uuid = field(b"$UUID").ok_or_else(damaged)?;
    if uuid == AES_KDF || uuid == AES_KDF_KDBX4 {
        Ok(Kdf::Aes {
            rounds: whole(b"R")?,
        })
    } else if uuid == ARGON2D || uuid == ARGON2ID {
        Ok(Kdf::Argon2 {
            memory: whole(b"M")?,
            iterations: whole(b"I")?,
            parallelism: whole(b"P")?,
        })
    } else {
        Err(damaged())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| *value)
        }
    }

    #[test]
    fn every_layout_of_codes_is_read_and_passwords_are_passed_over() {
        let secret = OtpSecret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        let layouts: [&[(&str, &str)]; 6] = [
            &[(
                "otp",
                "otpauth://totp/Site:me?secret=JBSWY3DPEHPK3PXP&issuer=Site",
            )],
            &[(
                "otp",
                "key=JBSWY3DPEHPK3PXP&step=60&size=8&otpHashMode=Sha256",
            )],
            &[
                ("TimeOtp-Secret-Base32", "JBSWY3DPEHPK3PXP"),
                ("TimeOtp-Period", "60"),
                ("TimeOtp-Length", "8"),
                ("TimeOtp-Algorithm", "HMAC-SHA-256"),
            ],
            &[
                ("TimeOtp-Secret-Hex", "48656c6c6f21deadbeef"),
                ("TimeOtp-Period", "60"),
                ("TimeOtp-Length", "8"),
                ("TimeOtp-Algorithm", "HMAC-SHA-256"),
            ],
            &[
                ("HmacOtp-Secret-Base32", "JBSWY3DPEHPK3PXP"),
                ("HmacOtp-Counter", "7"),
            ],
            &[("TOTP Seed", "JBSWY3DPEHPK3PXP"), ("TOTP Settings", "30;S")],
        ];
        let read: Vec<Otp> = layouts
            .iter()
            .map(|pairs| read_otp(&fields(pairs)).unwrap().unwrap().0)
            .collect();
        assert!(read.iter().all(|otp| otp.secret == secret));
        assert_eq!(read[0].kind, OtpKind::Totp { period: 30 });
        for otp in &read[1..4] {
            assert_eq!(
                (otp.kind, otp.algorithm, otp.digits),
                (OtpKind::Totp { period: 60 }, Algorithm::Sha256, 8)
            );
        }
        assert_eq!(read[4].kind, OtpKind::Hotp { counter: 7 });
        assert_eq!(read[5].kind, OtpKind::Steam);
        assert!(read_otp(&fields(&[("Password", "hunter2"), ("Notes", "x")])).is_none());
        assert!(matches!(
            read_otp(&fields(&[("TOTP Seed", "not base32!")])),
            Some(Err(EntryError::BadSecret))
        ));
    }
}
