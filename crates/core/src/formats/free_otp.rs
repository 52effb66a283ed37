//! FreeOTP's encrypted backup (FreeOTP 2.x for Android, menu › Backup), as
//! FreeOTP writes it (freeotp/freeotp-android: `MasterKey`, `EncryptedKey`,
//! `Token`) and Aegis's `FreeOtpImporter` reads it. FreeOTP+ is another app
//! with its own JSON export ([`super::free_otp_plus`]).
//!
//! The file is a Java object stream of one `HashMap<String, String>`
//! ([`super::java_map`]) holding FreeOTP's token store:
//!
//! - `masterKey`: JSON `{mAlgorithm: "PBKDF2withHmacSHA1" or
//!   "PBKDF2withHmacSHA512", mIterations, mSalt: [bytes], mEncryptedKey}`.
//!   PBKDF2 of the backup password gives a key that opens `mEncryptedKey`,
//!   the 256-bit master key. The rounds are read from the file, so they are
//!   checked against `crate::kdf_bounds` before any derivation.
//! - for each token, `UUID`: JSON `{key: "<EncryptedKey JSON>"}`, the
//!   token's secret sealed under the master key; and `UUID-token`: JSON
//!   `{type, algo, digits, period, counter, issuerExt, issuerInt, issuerAlt,
//!   label, labelAlt, …}` with its settings.
//! - `tokenOrder`: a JSON list of the UUIDs in the order FreeOTP shows them.
//!
//! An `EncryptedKey` is `{mCipher: "AES/GCM/NoPadding", mCipherText: [bytes:
//! ciphertext ‖ tag], mParameters: [bytes: the DER-encoded GCM parameters
//! holding the 12-byte nonce], mToken: text}`; `mToken` (the key's
//! algorithm name, "AES" or "HmacSHA1"…) is the associated data. Byte lists
//! are Java's signed bytes.
//!
//! Names are what FreeOTP shows: the issuer and label the user edited
//! (`issuerAlt`, `labelAlt`) where set, otherwise the link's.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::encrypted::{
    KEY_LEN, NONCE_LEN, TAG_LEN, open_aes_gcm_frame, pbkdf2_sha1_key, pbkdf2_sha512_key,
};
use super::entry::{EntryError, algorithm_named, digits_of, totp_or_hotp};
use super::java_map::{JavaMapError, read_string_map, starts_like_a_java_map};
use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::otp::{Otp, OtpError, OtpSecret};
use crate::time::now;

/// The FreeOTP encrypted backup format.
pub struct FreeOtp;

const MASTER_KEY: &str = "masterKey";
const TOKEN_ORDER: &str = "tokenOrder";
const TOKEN_SUFFIX: &str = "-token";

impl Restorable for FreeOtp {
    const FORMAT: Format = Format::FreeOtp;

    fn detect(bytes: &[u8]) -> bool {
        let mark = MASTER_KEY.as_bytes();
        starts_like_a_java_map(bytes) && bytes.windows(mark.len()).any(|window| window == mark)
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        let entries = read_string_map(bytes).map_err(|error| {
            malformed(match error {
                JavaMapError::CutShort => Malformation::CutShort,
                JavaMapError::Unexpected { offset } => Malformation::UnexpectedBytes { offset },
            })
        })?;
        let order: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
        let entries: HashMap<&str, &Zeroizing<String>> = entries
            .iter()
            .map(|(key, value)| (key.as_str(), value))
            .collect();
        let master = entries
            .get(MASTER_KEY)
            .ok_or_else(|| malformed(Malformation::NoPasswordSlot))?;
        let master: MasterKey = serde_json::from_str(master)
            .map_err(|_| malformed(Malformation::PasswordSlotDamaged))?;
        let rounds = crate::kdf_bounds::check_freeotp_pbkdf2(master.iterations)
            .map_err(|bounds| malformed(Malformation::KdfOutOfBounds(bounds)))?;
        let password = password.ok_or(ImportError::PasswordNeeded {
            format: Format::FreeOtp,
        })?;
        let salt =
            java_bytes(&master.salt).ok_or_else(|| malformed(Malformation::PasswordSlotDamaged))?;
        let password_key = match master.algorithm.to_ascii_lowercase().as_str() {
            "pbkdf2withhmacsha1" => pbkdf2_sha1_key(password, &salt, rounds),
            "pbkdf2withhmacsha512" => pbkdf2_sha512_key(password, &salt, rounds),
            _ => return Err(malformed(Malformation::PasswordSlotDamaged)),
        };
        let master_key = master
            .encrypted_key
            .open(password_key.as_ref())
            .map_err(|damage| match damage {
                Sealed::Damaged => malformed(Malformation::PasswordSlotDamaged),
                Sealed::NotOpened => ImportError::WrongPassword {
                    format: Format::FreeOtp,
                },
            })?;
        if master_key.len() != KEY_LEN {
            return Err(malformed(Malformation::PasswordSlotDamaged));
        }

        let now = now();
        let mut restored = Restored::default();
        for uuid in token_order(&entries, &order) {
            let settings = entries
                .get(format!("{uuid}{TOKEN_SUFFIX}").as_str())
                .and_then(|settings| serde_json::from_str::<Token>(settings).ok());
            let (issuer, label) = settings.as_ref().map_or_else(
                || (String::new(), uuid.to_owned()),
                |token| (token.issuer(), token.label()),
            );
            let read = settings.ok_or(EntryError::BadSecret).and_then(|token| {
                let secret = open_secret(entries[uuid], &master_key)?;
                token.otp(secret)
            });
            match read {
                Ok(otp) => {
                    restored.keep_tagged((&issuer, &label), otp, &[], now);
                }
                Err(error) => {
                    restored.reject((&issuer, &label), &error.in_file_of(Format::FreeOtp));
                }
            }
        }
        restored.unless_empty(Format::FreeOtp)
    }
}

/// The UUIDs of the tokens: in `tokenOrder`'s order, then any it leaves
/// out in the file's order, so that no token is lost to a stale order.
fn token_order<'a>(
    entries: &HashMap<&'a str, &Zeroizing<String>>,
    order: &[&'a str],
) -> Vec<&'a str> {
    let is_token =
        |key: &str| key != MASTER_KEY && key != TOKEN_ORDER && !key.ends_with(TOKEN_SUFFIX);
    let listed: Vec<String> = entries
        .get(TOKEN_ORDER)
        .and_then(|order| serde_json::from_str(order).ok())
        .unwrap_or_default();
    let mut uuids: Vec<&'a str> = Vec::new();
    for uuid in &listed {
        if let Some((&key, _)) = entries.get_key_value(uuid.as_str())
            && is_token(key)
            && !uuids.contains(&key)
        {
            uuids.push(key);
        }
    }
    for &key in order {
        if is_token(key) && !uuids.contains(&key) {
            uuids.push(key);
        }
    }
    uuids
}

/// The secret of one token, sealed under the master key in its entry's
/// `key`. A token that does not open under a master key that did is
/// damaged; it is named, and the others still import.
fn open_secret(
    entry: &Zeroizing<String>,
    master_key: &[u8],
) -> Result<Zeroizing<Vec<u8>>, EntryError> {
    #[derive(Deserialize)]
    struct Entry {
        key: Zeroizing<String>,
    }
    let entry: Entry = serde_json::from_str(entry).map_err(|_| EntryError::BadSecret)?;
    let sealed: EncryptedKey =
        serde_json::from_str(&entry.key).map_err(|_| EntryError::BadSecret)?;
    sealed.open(master_key).map_err(|_| EntryError::BadSecret)
}

#[derive(Deserialize)]
struct MasterKey {
    #[serde(rename = "mAlgorithm")]
    algorithm: String,
    #[serde(rename = "mIterations")]
    iterations: u64,
    #[serde(rename = "mSalt")]
    salt: Vec<Value>,
    #[serde(rename = "mEncryptedKey")]
    encrypted_key: EncryptedKey,
}

/// A key sealed with AES-256-GCM, as FreeOTP's `EncryptedKey` stores it.
#[derive(Deserialize)]
struct EncryptedKey {
    #[serde(rename = "mCipher")]
    cipher: String,
    #[serde(rename = "mCipherText")]
    ciphertext: Vec<Value>,
    #[serde(rename = "mParameters")]
    parameters: Vec<Value>,
    #[serde(rename = "mToken")]
    token: String,
}

/// Why a sealed key did not open.
enum Sealed {
    /// Its fields are not what FreeOTP writes.
    Damaged,
    /// The key does not open it (or it was changed).
    NotOpened,
}

impl EncryptedKey {
    fn open(&self, key: &[u8]) -> Result<Zeroizing<Vec<u8>>, Sealed> {
        if !self.cipher.eq_ignore_ascii_case("AES/GCM/NoPadding") {
            return Err(Sealed::Damaged);
        }
        let parameters = java_bytes(&self.parameters).ok_or(Sealed::Damaged)?;
        let nonce = gcm_nonce(&parameters).ok_or(Sealed::Damaged)?;
        let sealed = java_bytes(&self.ciphertext).ok_or(Sealed::Damaged)?;
        if sealed.len() < TAG_LEN {
            return Err(Sealed::Damaged);
        }
        let mut frame = Zeroizing::new(nonce.to_vec());
        frame.extend_from_slice(&sealed);
        open_aes_gcm_frame(key, &frame, self.token.as_bytes()).ok_or(Sealed::NotOpened)
    }
}

/// Java's signed bytes (-128 to 127, or 0 to 255) as bytes.
fn java_bytes(values: &[Value]) -> Option<Zeroizing<Vec<u8>>> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(values.len()));
    for value in values {
        let number = value.as_i64()?;
        let byte = i8::try_from(number)
            .map(|signed| signed as u8)
            .or_else(|_| u8::try_from(number))
            .ok()?;
        bytes.push(byte);
    }
    Some(bytes)
}

/// The 12-byte nonce in Java's DER encoding of GCM parameters: an OCTET
/// STRING, alone or first in a SEQUENCE with the tag length after it.
fn gcm_nonce(der: &[u8]) -> Option<[u8; NONCE_LEN]> {
    let octets = match der {
        [0x30, length, rest @ ..] if usize::from(*length) == rest.len() => rest,
        other => other,
    };
    match octets {
        [0x04, length, rest @ ..] if usize::from(*length) == NONCE_LEN => {
            rest.get(..NONCE_LEN)?.try_into().ok()
        }
        _ => None,
    }
}

/// A token's settings, as FreeOTP's `Token` is serialized.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Token {
    #[serde(rename = "type")]
    kind: Option<String>,
    algo: Option<String>,
    digits: Option<Value>,
    period: Option<Value>,
    counter: Option<Value>,
    issuer_ext: Option<String>,
    issuer_int: Option<String>,
    issuer_alt: Option<String>,
    label: Option<String>,
    label_alt: Option<String>,
}

/// The first of `names` that is set and not blank.
fn first_name(names: &[&Option<String>]) -> String {
    names
        .iter()
        .filter_map(|name| name.as_deref().map(str::trim))
        .find(|name| !name.is_empty())
        .unwrap_or_default()
        .to_owned()
}

impl Token {
    fn issuer(&self) -> String {
        first_name(&[&self.issuer_alt, &self.issuer_ext, &self.issuer_int])
    }

    fn label(&self) -> String {
        first_name(&[&self.label_alt, &self.label])
    }

    /// The code generator. FreeOTP 2 stores a HOTP token's `counter` as the
    /// counter its next code is made with (`Token.getCode` hashes
    /// `mCounter++`), which is what Safekeep's counter means too, so it is
    /// taken as it is. (FreeOTP 1.0 stored one less than the link's counter,
    /// but also made its next code with the stored value, so by FreeOTP's
    /// own meaning the stored counter is the next code's there too.)
    fn otp(&self, secret: Zeroizing<Vec<u8>>) -> Result<Otp, EntryError> {
        let kind = totp_or_hotp(
            self.kind.as_deref().unwrap_or_default(),
            self.period.as_ref(),
            self.counter.as_ref(),
        )?;
        let algorithm = algorithm_named(self.algo.as_deref())?;
        let digits = digits_of(self.digits.as_ref())?;
        if secret.is_empty() {
            return Err(EntryError::BadSecret);
        }
        Otp::new(
            kind,
            algorithm,
            digits,
            OtpSecret::from_bytes(secret.to_vec()),
        )
        .map_err(|error: OtpError| error.into())
    }
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::FreeOtp,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_is_found_in_either_der_layout() {
        let nonce = [7u8; NONCE_LEN];
        let mut alone = vec![0x04, 12];
        alone.extend_from_slice(&nonce);
        let mut sequence = vec![0x30, 17, 0x04, 12];
        sequence.extend_from_slice(&nonce);
        sequence.extend_from_slice(&[0x02, 0x01, 0x10]);
        assert_eq!(gcm_nonce(&alone), Some(nonce));
        assert_eq!(gcm_nonce(&sequence), Some(nonce));
        assert_eq!(gcm_nonce(&sequence[..10]), None);
        assert_eq!(gcm_nonce(&[0x04, 16, 0, 0]), None);
    }

    #[test]
    fn java_bytes_are_signed_or_not() {
        let values: Vec<Value> = serde_json::from_str("[-128, -1, 0, 127, 255]").unwrap();
        assert_eq!(
            java_bytes(&values).unwrap().as_slice(),
            [128, 255, 0, 127, 255]
        );
        let out_of_range: Vec<Value> = serde_json::from_str("[256]").unwrap();
        assert!(java_bytes(&out_of_range).is_none());
    }
}
