//! The shared secret of an account: how a secret typed or pasted by a person
//! is read from base32, how it is written back, and the errors that point at a
//! bad character without ever echoing the secret.

use std::fmt;
use std::sync::LazyLock;

use data_encoding::{BASE32_NOPAD, Encoding, Specification};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::i18n::{Message, MessageArg};

/// The shared secret of an account: raw bytes, wiped from memory when dropped.
///
/// It is written as unpadded upper-case base32 wherever it has to be text
/// (the vault, `otpauth://` links); `Debug` shows `OtpSecret(..)` only.
#[derive(Clone, PartialEq, Eq)]
pub struct OtpSecret(Zeroizing<Vec<u8>>);

/// Reads base32 the way sites hand it out. Trailing bits are not checked
/// because some sites' generators leave them non-zero and other apps (and
/// `oathtool`) accept that; refusing would lock people out of working accounts.
static SLOPPY_BASE32: LazyLock<Encoding> = LazyLock::new(|| {
    let mut spec = Specification::new();
    spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    spec.translate.from.push_str("abcdefghijklmnopqrstuvwxyz");
    spec.translate.to.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    spec.check_trailing_bits = false;
    spec.encoding()
        .expect("the base32 alphabet is a valid specification")
});

impl OtpSecret {
    /// Reads a base32 secret as people copy it: upper or lower case, with or
    /// without `=` padding, grouped with spaces or dashes (any whitespace,
    /// including the non-breaking spaces web pages put in).
    pub fn from_base32(text: &str) -> Result<OtpSecret, SecretError> {
        // Every kept byte remembers which character of `text` it came from, so
        // an error can point at the spot without repeating the secret.
        let mut symbols = Zeroizing::new(Vec::with_capacity(text.len()));
        let mut positions = Vec::with_capacity(text.len());
        for (index, character) in text.chars().enumerate() {
            if character.is_whitespace() || character == '-' {
                continue;
            }
            let mut buffer = [0; 4];
            for byte in character.encode_utf8(&mut buffer).bytes() {
                symbols.push(byte);
                positions.push(index + 1);
            }
            buffer.zeroize();
        }
        while symbols.last() == Some(&b'=') {
            symbols.pop();
            positions.pop();
        }
        if symbols.is_empty() {
            return Err(SecretError::Empty);
        }

        let invalid_character = |position: usize| SecretError::InvalidCharacter {
            position: positions[position],
        };
        let length = match SLOPPY_BASE32.decode_len(symbols.len()) {
            Ok(length) => length,
            Err(_) => {
                // No whole number of base32 characters has 1, 3 or 6 left
                // over; but sites hand out secrets of any length (17
                // characters, say), and other apps read them by dropping the
                // last character's bits that do not fill a byte. One
                // character less is always a valid length and gives the same
                // bytes, so that is how they are read here too; a stray
                // character still explains itself better than the length.
                let (shorter, last) = symbols.split_at(symbols.len() - 1);
                let mut scratch = Zeroizing::new(vec![
                    0;
                    SLOPPY_BASE32
                        .decode_len(shorter.len())
                        .unwrap_or_default()
                ]);
                match SLOPPY_BASE32.decode_mut(shorter, &mut scratch) {
                    Err(partial) => return Err(invalid_character(partial.error.position)),
                    Ok(_) if !is_base32_symbol(last[0]) => {
                        return Err(invalid_character(symbols.len() - 1));
                    }
                    // A lone character holds no whole byte: nothing to read.
                    Ok(0) => {
                        return Err(SecretError::BadLength {
                            length: symbols.len(),
                        });
                    }
                    Ok(written) => {
                        scratch.truncate(written);
                        return Ok(OtpSecret(scratch));
                    }
                }
            }
        };
        let mut bytes = Zeroizing::new(vec![0; length]);
        match SLOPPY_BASE32.decode_mut(&symbols, &mut bytes) {
            Ok(written) => {
                bytes.truncate(written);
                Ok(OtpSecret(bytes))
            }
            Err(partial) => Err(invalid_character(partial.error.position)),
        }
    }

    /// The secret as unpadded upper-case base32, wiped when dropped.
    pub fn to_base32(&self) -> Zeroizing<String> {
        // Sized up front so that no reallocation leaves a stray copy behind.
        let mut text = Zeroizing::new(String::with_capacity(BASE32_NOPAD.encode_len(self.0.len())));
        BASE32_NOPAD.encode_append(&self.0, &mut text);
        text
    }

    /// Wraps raw secret bytes, e.g. from an import that stores them as hex or
    /// base64. An empty secret is only refused later, by [`Otp::new`](super::Otp::new).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        OtpSecret(Zeroizing::new(bytes))
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for OtpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OtpSecret(..)")
    }
}

impl Serialize for OtpSecret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base32())
    }
}

impl<'de> Deserialize<'de> for OtpSecret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Base32Visitor;

        impl serde::de::Visitor<'_> for Base32Visitor {
            type Value = OtpSecret;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base32 secret")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<OtpSecret, E> {
                OtpSecret::from_base32(text).map_err(E::custom)
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<OtpSecret, E> {
                let text = Zeroizing::new(text);
                self.visit_str(&text)
            }
        }

        deserializer.deserialize_str(Base32Visitor)
    }
}

/// Whether `byte` is one of base32's 32 symbols, in either case.
fn is_base32_symbol(byte: u8) -> bool {
    matches!(byte.to_ascii_uppercase(), b'A'..=b'Z' | b'2'..=b'7')
}

/// Why a typed or pasted secret could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretError {
    /// Nothing but spaces, dashes or padding was given.
    Empty,
    /// A character base32 does not use (only A–Z and 2–7 are). The position
    /// counts characters of the text as given, from 1, so the user can find it
    /// without the secret being repeated back.
    InvalidCharacter {
        /// Which character, counting from 1.
        position: usize,
    },
    /// No base32 secret has this many characters: one was lost or added while
    /// copying.
    BadLength {
        /// How many base32 characters there were, spaces and padding not counted.
        length: usize,
    },
}

impl Message for SecretError {
    fn message_id(&self) -> &'static str {
        match self {
            SecretError::Empty => "otp-secret-empty",
            SecretError::InvalidCharacter { .. } => "otp-secret-invalid-character",
            SecretError::BadLength { .. } => "otp-secret-bad-length",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            SecretError::Empty => Vec::new(),
            SecretError::InvalidCharacter { position } => vec![("position", (*position).into())],
            SecretError::BadLength { length } => vec![("length", (*length).into())],
        }
    }
}

crate::localized_error!(SecretError);
