//! One-time codes and the links that carry their settings.
//!
//! This module owns how a code is made from a secret (TOTP, HOTP and Steam
//! Guard, with `totp-rs` doing the HMAC work), how a secret typed or pasted by
//! a person is read, and the `otpauth://` links behind enrolment QR codes.
//! Nothing here ever shows a secret or a code in `Debug` output or in an error:
//! both types redact themselves, and errors name positions and parameters,
//! never the characters of a secret.

use std::fmt::{self, Write as _};
use std::ops::RangeInclusive;
use std::str::FromStr;
use std::sync::LazyLock;

use data_encoding::{BASE32_NOPAD, Encoding, Specification};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::i18n::{Message, MessageArg};

/// The code lengths TOTP and HOTP accounts may use; RFC 4226 allows 6 to 8.
pub const DIGITS: RangeInclusive<u8> = 6..=8;

/// The TOTP periods, in seconds, accounts may use. Sites use 30 and 60, a few
/// 15, 90 or 120; an hour is far beyond anything real but still a code a person
/// can type, so nothing that exists in the wild is turned away.
pub const PERIODS: RangeInclusive<u32> = 1..=3600;

/// Steam Guard codes change every 30 seconds, whatever a link says.
const STEAM_PERIOD: u32 = 30;

/// Steam Guard codes are five characters of Steam's own alphabet.
const STEAM_DIGITS: u8 = 5;

/// The hash a code is computed with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Algorithm {
    /// HMAC-SHA1: what nearly every site uses.
    #[default]
    #[serde(rename = "SHA1")]
    Sha1,
    /// HMAC-SHA256.
    #[serde(rename = "SHA256")]
    Sha256,
    /// HMAC-SHA512.
    #[serde(rename = "SHA512")]
    Sha512,
}

impl Algorithm {
    /// Every algorithm, in the order a picker shows them.
    pub const ALL: [Algorithm; 3] = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512];

    /// The name as `otpauth://` links and the vault write it: `SHA1`, `SHA256`, `SHA512`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    fn to_totp_rs(self) -> totp_rs::Algorithm {
        match self {
            Algorithm::Sha1 => totp_rs::Algorithm::SHA1,
            Algorithm::Sha256 => totp_rs::Algorithm::SHA256,
            Algorithm::Sha512 => totp_rs::Algorithm::SHA512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = UnknownAlgorithm;

    /// Reads `SHA1`, `sha1`, `SHA-256`, `sha_512` and the like: sites and
    /// exporting apps spell the names every way there is.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let normalized: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect::<String>()
            .to_ascii_uppercase();
        let normalized = normalized.strip_prefix("HMAC").unwrap_or(&normalized);
        Algorithm::ALL
            .into_iter()
            .find(|algorithm| algorithm.as_str() == normalized)
            .ok_or_else(|| UnknownAlgorithm {
                name: shown(text.trim()),
            })
    }
}

/// An algorithm name that is not SHA1, SHA256 or SHA512.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownAlgorithm {
    /// The name as given (shortened when very long).
    pub name: String,
}

impl Message for UnknownAlgorithm {
    fn message_id(&self) -> &'static str {
        "otp-unknown-algorithm"
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        vec![("name", self.name.as_str().into())]
    }
}

crate::localized_error!(UnknownAlgorithm);
impl std::error::Error for UnknownAlgorithm {}

/// What kind of code an account has, with the state that kind needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum OtpKind {
    /// Time-based (RFC 6238): a new code every `period` seconds.
    Totp {
        /// Seconds each code lasts.
        period: u32,
    },
    /// Counter-based (RFC 4226): a new code each time the counter moves on.
    Hotp {
        /// The counter of the next code to show.
        counter: u64,
    },
    /// Steam Guard: TOTP with SHA1, 30 seconds and five letters and digits.
    Steam,
}

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
                // A stray character usually explains a bad length better than
                // the length does; one character less is always a valid length.
                let shorter = &symbols[..symbols.len() - 1];
                let mut scratch = Zeroizing::new(vec![
                    0;
                    SLOPPY_BASE32
                        .decode_len(shorter.len())
                        .unwrap_or_default()
                ]);
                if let Err(partial) = SLOPPY_BASE32.decode_mut(shorter, &mut scratch) {
                    return Err(invalid_character(partial.error.position));
                }
                return Err(SecretError::BadLength {
                    length: symbols.len(),
                });
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
    /// base64. An empty secret is only refused later, by [`Otp::new`].
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
impl std::error::Error for SecretError {}

/// Why code settings were refused by [`Otp::new`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OtpError {
    /// Codes have 6, 7 or 8 digits ([`DIGITS`]).
    DigitsOutOfRange {
        /// The number of digits asked for.
        digits: u8,
    },
    /// The period is outside [`PERIODS`].
    PeriodOutOfRange {
        /// The period asked for, in seconds.
        period: u32,
    },
    /// The secret is unusable (in practice: empty).
    Secret(SecretError),
}

impl Message for OtpError {
    fn message_id(&self) -> &'static str {
        match self {
            OtpError::DigitsOutOfRange { .. } => "otp-digits-out-of-range",
            OtpError::PeriodOutOfRange { .. } => "otp-period-out-of-range",
            OtpError::Secret(error) => error.message_id(),
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            OtpError::DigitsOutOfRange { digits } => vec![("digits", (*digits).into())],
            OtpError::PeriodOutOfRange { period } => vec![("period", (*period).into())],
            OtpError::Secret(error) => error.message_args(),
        }
    }
}

crate::localized_error!(OtpError);
impl std::error::Error for OtpError {}

/// Everything needed to make an account's codes.
///
/// Build it with [`Otp::new`] (which validates) or [`Otp::totp`]; the vault
/// validates the same way when it reads one back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "OtpFields")]
pub struct Otp {
    /// TOTP, HOTP or Steam, with the period or counter.
    pub kind: OtpKind,
    /// The hash; always SHA1 for Steam.
    pub algorithm: Algorithm,
    /// Code length; always 5 for Steam.
    pub digits: u8,
    /// The shared secret.
    pub secret: OtpSecret,
}

/// What a stored [`Otp`] is read into before it is validated, so a damaged or
/// hand-edited vault cannot smuggle in settings that make code generation
/// panic.
#[derive(Deserialize)]
struct OtpFields {
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    secret: OtpSecret,
}

impl TryFrom<OtpFields> for Otp {
    type Error = OtpError;

    fn try_from(fields: OtpFields) -> Result<Self, Self::Error> {
        Otp::new(fields.kind, fields.algorithm, fields.digits, fields.secret)
    }
}

impl Otp {
    /// Checks and combines code settings. For Steam the algorithm and digits
    /// given are ignored: Steam always uses SHA1 and five characters.
    pub fn new(
        kind: OtpKind,
        algorithm: Algorithm,
        digits: u8,
        secret: OtpSecret,
    ) -> Result<Otp, OtpError> {
        let (algorithm, digits) = match kind {
            OtpKind::Steam => (Algorithm::Sha1, STEAM_DIGITS),
            OtpKind::Totp { .. } | OtpKind::Hotp { .. } => (algorithm, digits),
        };
        if !matches!(kind, OtpKind::Steam) && !DIGITS.contains(&digits) {
            return Err(OtpError::DigitsOutOfRange { digits });
        }
        if let OtpKind::Totp { period } = kind
            && !PERIODS.contains(&period)
        {
            return Err(OtpError::PeriodOutOfRange { period });
        }
        if secret.as_bytes().is_empty() {
            return Err(OtpError::Secret(SecretError::Empty));
        }
        Ok(Otp {
            kind,
            algorithm,
            digits,
            secret,
        })
    }

    /// A TOTP with the settings nearly every site uses: SHA1, 6 digits, 30
    /// seconds. The secret is taken as is; [`Otp::new`] is the checked route.
    pub fn totp(secret: OtpSecret) -> Otp {
        Otp {
            kind: OtpKind::Totp { period: 30 },
            algorithm: Algorithm::Sha1,
            digits: 6,
            secret,
        }
    }

    /// The code to show at `unix_time`. For HOTP it is the code for the stored
    /// counter and the time does not matter.
    pub fn code_at(&self, unix_time: u64) -> Code {
        match self.kind {
            OtpKind::Totp { period } => self.generate(u64::from(period), unix_time),
            OtpKind::Hotp { counter } => self.code_for_counter(counter),
            OtpKind::Steam => self.generate(u64::from(STEAM_PERIOD), unix_time),
        }
    }

    /// The code for one counter value: the HOTP value for HOTP accounts, and
    /// for TOTP and Steam the code of time step `counter`.
    pub fn code_for_counter(&self, counter: u64) -> Code {
        // HOTP(K, C) is TOTP(K) with a one-second step at time C (RFC 6238
        // section 4 defines TOTP as HOTP of floor(t / step)), so totp-rs does
        // the HMAC and truncation and we do not hand-roll either.
        self.generate(1, counter)
    }

    /// How long each code lasts, in seconds; `None` for HOTP.
    pub fn period(&self) -> Option<u32> {
        match self.kind {
            OtpKind::Totp { period } => Some(period),
            OtpKind::Hotp { .. } => None,
            OtpKind::Steam => Some(STEAM_PERIOD),
        }
    }

    /// Seconds until the code shown at `unix_time` changes (1 to the period);
    /// `None` for HOTP, whose code changes only when the counter does.
    pub fn seconds_left(&self, unix_time: u64) -> Option<u32> {
        let period = u64::from(self.period()?.max(1));
        let left = period - unix_time % period;
        Some(u32::try_from(left).expect("less than a period, which is a u32"))
    }

    /// Moves a HOTP counter on to the next code; does nothing for other kinds.
    pub fn advance_counter(&mut self) {
        if let OtpKind::Hotp { counter } = &mut self.kind {
            // The RFC 4226 counter is 8 bytes and wraps the same way on the server.
            *counter = counter.wrapping_add(1);
        }
    }

    /// HOTP: the code for the stored counter, with the counter moved on, so a
    /// code once shown is never shown again (the server accepts each only
    /// once). `None` for time-based kinds. Save the account afterwards.
    pub fn take_hotp_code(&mut self) -> Option<Code> {
        let OtpKind::Hotp { counter } = self.kind else {
            return None;
        };
        let code = self.code_for_counter(counter);
        self.advance_counter();
        Some(code)
    }

    fn generate(&self, step: u64, time: u64) -> Code {
        // The fields are public, so they may bypass `new`; totp-rs panics on a
        // zero step or ten or more digits, and a wrong-looking code is better
        // than a crash in front of the user.
        let step = step.max(1);
        let builder = match self.kind {
            OtpKind::Steam => totp_rs::Builder::new_steam(),
            OtpKind::Totp { .. } | OtpKind::Hotp { .. } => totp_rs::Builder::new()
                .with_algorithm(self.algorithm.to_totp_rs())
                .with_digits(self.digits.clamp(1, 9)),
        };
        // `build_noncompliant`: the checked `build` refuses secrets shorter than
        // 128 bits, and 80-bit secrets are common.
        let totp = builder
            .with_step_duration(step)
            .with_secret(self.secret.as_bytes())
            .build_noncompliant();
        let token = totp.generate(time);
        let mut text = Zeroizing::new(String::with_capacity(16));
        write!(text, "{token}").expect("writing to a String cannot fail");
        Code(text)
    }
}

/// A one-time code, wiped from memory when dropped.
///
/// `Display` shows it (that is what it is for); `Debug` shows `Code(..)`.
#[derive(Clone, PartialEq, Eq)]
pub struct Code(Zeroizing<String>);

impl Code {
    /// The code as one string, e.g. `123456` or Steam's `7QV3C`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code split in two for reading aloud or typing over: `123 456`,
    /// `123 4567`, `1234 5678`. Steam codes (5 characters) stay as they are.
    pub fn grouped(&self) -> String {
        let code = self.as_str();
        let length = code.chars().count();
        if length < 6 {
            return code.to_owned();
        }
        let split = code
            .char_indices()
            .nth(length / 2)
            .map_or(code.len(), |(index, _)| index);
        format!("{} {}", &code[..split], &code[split..])
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Code(..)")
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an `otpauth://` link holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtpauthUri {
    /// The site, from the `issuer` parameter or else the label's prefix; may be empty.
    pub issuer: String,
    /// The account name: the label without its `Issuer:` prefix.
    pub label: String,
    /// The code settings and secret.
    pub otp: Otp,
}

/// Why an `otpauth://` link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UriError {
    /// The text has no scheme at all, e.g. a bare secret was pasted.
    NotALink,
    /// A link, but of another kind (`https:`, `otpauth-migration:`, ...).
    WrongScheme {
        /// The scheme, lower-cased; never more of the text than that.
        scheme: String,
    },
    /// Starts with `otpauth:` but is not a well-formed `otpauth://TYPE/LABEL` link.
    Malformed,
    /// The TYPE is not `totp`, `hotp` or `steam`.
    UnknownType {
        /// The type as written, lower-cased, when it looks like the name of
        /// a type (a short word); `None` when it is something else, such
        /// as a secret pasted after `otpauth://`, which the error must not
        /// repeat.
        kind: Option<String>,
    },
    /// There is no `secret` parameter.
    MissingSecret,
    /// The `secret` parameter cannot be read.
    BadSecret(SecretError),
    /// The `algorithm` parameter names an algorithm we do not know.
    UnknownAlgorithm {
        /// The algorithm as written.
        name: String,
    },
    /// The `digits` parameter is not 6, 7 or 8.
    BadDigits {
        /// The parameter as written.
        value: String,
    },
    /// The `period` parameter is not a number of seconds in [`PERIODS`].
    BadPeriod {
        /// The parameter as written.
        value: String,
    },
    /// A `hotp` link without the `counter` parameter HOTP needs.
    HotpWithoutCounter,
    /// The `counter` parameter is not a whole number.
    BadCounter {
        /// The parameter as written.
        value: String,
    },
    /// The label, which names the account, is missing or empty.
    MissingLabel,
    /// A part of the link percent-decodes to bytes that are not UTF-8 text.
    InvalidEncoding {
        /// `label` or the parameter's name.
        part: String,
    },
}

impl Message for UriError {
    fn message_id(&self) -> &'static str {
        match self {
            UriError::NotALink => "otp-uri-not-a-link",
            UriError::WrongScheme { .. } => "otp-uri-wrong-scheme",
            UriError::Malformed => "otp-uri-malformed",
            UriError::UnknownType { kind: Some(_) } => "otp-uri-unknown-type",
            UriError::UnknownType { kind: None } => "otp-uri-unknown-type-unnamed",
            UriError::MissingSecret => "otp-uri-missing-secret",
            UriError::BadSecret(error) => error.message_id(),
            UriError::UnknownAlgorithm { .. } => "otp-uri-unknown-algorithm",
            UriError::BadDigits { .. } => "otp-uri-bad-digits",
            UriError::BadPeriod { .. } => "otp-uri-bad-period",
            UriError::HotpWithoutCounter => "otp-uri-hotp-without-counter",
            UriError::BadCounter { .. } => "otp-uri-bad-counter",
            UriError::MissingLabel => "otp-uri-missing-label",
            UriError::InvalidEncoding { .. } => "otp-uri-invalid-encoding",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            UriError::WrongScheme { scheme } => vec![("scheme", scheme.as_str().into())],
            UriError::UnknownType { kind: Some(kind) } => vec![("kind", kind.as_str().into())],
            UriError::BadSecret(error) => error.message_args(),
            UriError::UnknownAlgorithm { name } => vec![("name", name.as_str().into())],
            UriError::BadDigits { value }
            | UriError::BadPeriod { value }
            | UriError::BadCounter { value } => vec![("value", value.as_str().into())],
            UriError::InvalidEncoding { part } => vec![("part", part.as_str().into())],
            UriError::NotALink
            | UriError::Malformed
            | UriError::UnknownType { kind: None }
            | UriError::MissingSecret
            | UriError::HotpWithoutCounter
            | UriError::MissingLabel => Vec::new(),
        }
    }
}

crate::localized_error!(UriError);
impl std::error::Error for UriError {}

/// Characters written as is in labels and issuers: RFC 3986's unreserved
/// characters, plus `@` so e-mail addresses stay readable. Everything else,
/// notably space (`%20`, never `+`) and `:`, is percent-encoded.
const NAME: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// Reads an `otpauth://TYPE/LABEL?PARAMETERS` link (Google's Key Uri Format).
///
/// Also reads what apps write in practice: `otpauth://steam/...` (Aegis),
/// `encoder=steam` (KeePassXC), and Steam Desktop Authenticator's plain TOTP
/// links with issuer `Steam` and no (or 5) digits; a label separated with
/// `%3A` and with spaces after the colon; parameter names in any case.
/// Unknown parameters are ignored.
pub fn parse_otpauth_uri(uri: &str) -> Result<OtpauthUri, UriError> {
    let uri = uri.trim();
    check_scheme(uri)?;
    let url = url::Url::parse(uri).map_err(|_| UriError::Malformed)?;
    // The parsed link holds the secret in a buffer of its own; turning it back
    // into its String lets us wipe it when we are done.
    let result = read_url(&url);
    drop(Zeroizing::new(String::from(url)));
    result
}

fn check_scheme(uri: &str) -> Result<(), UriError> {
    let scheme = uri.split_once(':').map(|(scheme, _)| scheme);
    let looks_like_scheme = |scheme: &str| {
        scheme.len() <= 32
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    };
    match scheme {
        Some(scheme) if scheme.eq_ignore_ascii_case("otpauth") => Ok(()),
        Some(scheme) if looks_like_scheme(scheme) => Err(UriError::WrongScheme {
            scheme: scheme.to_ascii_lowercase(),
        }),
        _ => Err(UriError::NotALink),
    }
}

/// The parameters we understand; the first occurrence of each counts.
#[derive(Default)]
struct Parameters {
    secret: Option<Zeroizing<String>>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
    counter: Option<String>,
    encoder: Option<String>,
}

impl Parameters {
    fn read(query: &str) -> Result<Parameters, UriError> {
        let mut parameters = Parameters::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let Ok(name) = decode_query_part(raw_name) else {
                continue;
            };
            let name = name.to_ascii_lowercase();
            let value = || {
                decode_query_part(raw_value)
                    .map_err(|()| UriError::InvalidEncoding { part: name.clone() })
            };
            let plain = |slot: &mut Option<String>| -> Result<(), UriError> {
                if slot.is_none() {
                    *slot = Some(value()?.to_string());
                }
                Ok(())
            };
            match name.as_str() {
                "secret" if parameters.secret.is_none() => parameters.secret = Some(value()?),
                "issuer" => plain(&mut parameters.issuer)?,
                "algorithm" => plain(&mut parameters.algorithm)?,
                "digits" => plain(&mut parameters.digits)?,
                "period" => plain(&mut parameters.period)?,
                "counter" => plain(&mut parameters.counter)?,
                "encoder" => plain(&mut parameters.encoder)?,
                _ => {}
            }
        }
        Ok(parameters)
    }
}

/// Decodes a query name or value: `+` is a space there (form encoding, which
/// many generators use), `%2B` a plus.
fn decode_query_part(raw: &str) -> Result<Zeroizing<String>, ()> {
    let mut spaced = Zeroizing::new(Vec::with_capacity(raw.len()));
    spaced.extend(raw.bytes().map(|b| if b == b'+' { b' ' } else { b }));
    let mut decoded = Zeroizing::new(Vec::with_capacity(raw.len()));
    decoded.extend(percent_encoding::percent_decode(&spaced));
    into_text(decoded)
}

/// Decodes part of the label, where `+` is just a plus.
fn decode_path_part(raw: &str) -> Result<Zeroizing<String>, ()> {
    let mut decoded = Zeroizing::new(Vec::with_capacity(raw.len()));
    decoded.extend(percent_decode_str(raw));
    into_text(decoded)
}

fn into_text(mut bytes: Zeroizing<Vec<u8>>) -> Result<Zeroizing<String>, ()> {
    match String::from_utf8(std::mem::take(&mut *bytes)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(error) => {
            error.into_bytes().zeroize();
            Err(())
        }
    }
}

/// Splits a still-encoded label into issuer prefix and account. A literal `:`
/// wins over `%3A`, so that a name we wrote with an encoded colon in it is not
/// split in the wrong place.
fn split_label(raw: &str) -> (Option<&str>, &str) {
    if let Some((prefix, account)) = raw.split_once(':') {
        return (Some(prefix), account);
    }
    match raw.to_ascii_lowercase().find("%3a") {
        Some(index) => (Some(&raw[..index]), &raw[index + 3..]),
        None => (None, raw),
    }
}

fn read_url(url: &url::Url) -> Result<OtpauthUri, UriError> {
    let kind_name = url
        .host_str()
        .filter(|host| !host.is_empty())
        .ok_or(UriError::Malformed)?
        .to_ascii_lowercase();
    if !matches!(kind_name.as_str(), "totp" | "hotp" | "steam") {
        // Type names are short words (motp, yaotp, ocra); longer text here
        // is likely something pasted in the wrong place, maybe the secret.
        let looks_like_a_type =
            kind_name.len() <= 8 && kind_name.bytes().all(|b| b.is_ascii_alphabetic());
        return Err(UriError::UnknownType {
            kind: looks_like_a_type.then_some(kind_name),
        });
    }

    let raw_label = url.path().strip_prefix('/').unwrap_or(url.path());
    let (raw_prefix, raw_account) = split_label(raw_label);
    let label_encoding = |()| UriError::InvalidEncoding {
        part: "label".to_owned(),
    };
    let account = decode_path_part(raw_account).map_err(label_encoding)?;
    let account = match raw_prefix {
        // Google's format allows spaces between the colon and the account.
        Some(_) => account.trim_start(),
        None => account.as_str(),
    };
    if account.is_empty() {
        return Err(UriError::MissingLabel);
    }
    let prefix = match raw_prefix {
        Some(raw) => decode_path_part(raw).map_err(label_encoding)?.to_string(),
        None => String::new(),
    };

    let parameters = Parameters::read(url.query().unwrap_or_default())?;
    let issuer = match parameters.issuer {
        Some(issuer) if !issuer.is_empty() => issuer,
        _ => prefix,
    };
    let secret = match &parameters.secret {
        Some(secret) => OtpSecret::from_base32(secret).map_err(UriError::BadSecret)?,
        None => return Err(UriError::MissingSecret),
    };

    let steam_by_convention = || {
        let encoder_says_steam = parameters
            .encoder
            .as_deref()
            .is_some_and(|encoder| encoder.trim().eq_ignore_ascii_case("steam"));
        // Steam Desktop Authenticator writes plain TOTP links with issuer Steam
        // and no digits; Steam never accepts numeric codes, so reading those as
        // 6-digit TOTP would only produce codes that never work.
        let steam_issuer = issuer.trim().eq_ignore_ascii_case("steam")
            && parameters
                .digits
                .as_deref()
                .is_none_or(|digits| digits.trim() == "5");
        encoder_says_steam || steam_issuer
    };
    let kind = match kind_name.as_str() {
        "steam" => OtpKind::Steam,
        "totp" if steam_by_convention() => OtpKind::Steam,
        "totp" => OtpKind::Totp {
            period: match &parameters.period {
                None => 30,
                Some(value) => value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|period| PERIODS.contains(period))
                    .ok_or_else(|| UriError::BadPeriod {
                        value: shown(value),
                    })?,
            },
        },
        _ => OtpKind::Hotp {
            counter: match &parameters.counter {
                None => return Err(UriError::HotpWithoutCounter),
                Some(value) => value.trim().parse().map_err(|_| UriError::BadCounter {
                    value: shown(value),
                })?,
            },
        },
    };

    let (algorithm, digits) = if kind == OtpKind::Steam {
        (Algorithm::Sha1, STEAM_DIGITS)
    } else {
        let algorithm = match &parameters.algorithm {
            None => Algorithm::Sha1,
            Some(name) => name
                .parse()
                .map_err(|UnknownAlgorithm { name }| UriError::UnknownAlgorithm { name })?,
        };
        let digits = match &parameters.digits {
            None => 6,
            Some(value) => value
                .trim()
                .parse()
                .ok()
                .filter(|digits| DIGITS.contains(digits))
                .ok_or_else(|| UriError::BadDigits {
                    value: shown(value),
                })?,
        };
        (algorithm, digits)
    };

    let otp = Otp::new(kind, algorithm, digits, secret).map_err(|error| match error {
        OtpError::DigitsOutOfRange { digits } => UriError::BadDigits {
            value: digits.to_string(),
        },
        OtpError::PeriodOutOfRange { period } => UriError::BadPeriod {
            value: period.to_string(),
        },
        OtpError::Secret(error) => UriError::BadSecret(error),
    })?;
    Ok(OtpauthUri {
        issuer,
        label: account.to_owned(),
        otp,
    })
}

/// Writes the `otpauth://` link for an account, the form QR codes carry:
/// `otpauth://totp/Issuer:account?secret=...&issuer=Issuer&algorithm=SHA1&digits=6&period=30`
/// (`hotp` with `counter=` instead of `period=`). [`parse_otpauth_uri`] reads
/// every link written here back to the same values, provided the account name
/// does not start with whitespace (the format reserves that spot for optional
/// spaces after the colon).
///
/// Steam is written as `otpauth://totp/...&digits=5&period=30&encoder=steam`:
/// KeePassXC reads `encoder=steam`, and unlike Aegis's `otpauth://steam/` the
/// link is still accepted by apps that only know `totp` and `hotp`, though
/// those show numeric codes that Steam refuses.
pub fn to_otpauth_uri(issuer: &str, label: &str, otp: &Otp) -> Zeroizing<String> {
    let secret = otp.secret.to_base32();
    // Sized for the worst case (every name byte encoded as %XX) so that the
    // string holding the secret is never reallocated, leaving a copy behind.
    let capacity = 160 + 3 * (2 * issuer.len() + label.len()) + secret.len();
    let mut uri = Zeroizing::new(String::with_capacity(capacity));
    let kind = match otp.kind {
        OtpKind::Hotp { .. } => "hotp",
        OtpKind::Totp { .. } | OtpKind::Steam => "totp",
    };
    let issuer_name = utf8_percent_encode(issuer, NAME);
    let account_name = utf8_percent_encode(label, NAME);
    write!(uri, "otpauth://{kind}/").expect("writing to a String cannot fail");
    // Without an issuer, a colon inside the account name would otherwise be
    // read as the separator, and a label of `.` or `..` would be eaten as a
    // path segment; an empty prefix keeps both intact.
    if !issuer.is_empty() || label.contains(':') || label == "." || label == ".." {
        write!(uri, "{issuer_name}:").expect("writing to a String cannot fail");
    }
    write!(uri, "{account_name}?secret={}", secret.as_str())
        .expect("writing to a String cannot fail");
    if !issuer.is_empty() {
        write!(uri, "&issuer={issuer_name}").expect("writing to a String cannot fail");
    }
    let written = match otp.kind {
        OtpKind::Totp { period } => write!(
            uri,
            "&algorithm={}&digits={}&period={period}",
            otp.algorithm, otp.digits
        ),
        OtpKind::Hotp { counter } => write!(
            uri,
            "&algorithm={}&digits={}&counter={counter}",
            otp.algorithm, otp.digits
        ),
        OtpKind::Steam => write!(
            uri,
            "&digits={STEAM_DIGITS}&period={STEAM_PERIOD}&encoder=steam"
        ),
    };
    written.expect("writing to a String cannot fail");
    uri
}

/// A value from a link as an error message may show it: at most 40
/// characters and no control characters, so a garbage link cannot flood or
/// garble the screen.
fn shown(text: &str) -> String {
    const LIMIT: usize = 40;
    let mut out: String = text
        .chars()
        .take(LIMIT)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if text.chars().nth(LIMIT).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;
    use proptest::prelude::*;

    const RFC_SEED_SHA1: &[u8] = b"12345678901234567890";
    const RFC_SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
    const RFC_SEED_SHA512: &[u8] =
        b"1234567890123456789012345678901234567890123456789012345678901234";

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
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
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
        assert_eq!(
            OtpSecret::from_base32("JBSWY3DPE"),
            Err(SecretError::BadLength { length: 9 })
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
        let parsed = parse_otpauth_uri(
            "otpauth://totp/Google:bob?secret=JBSWY3DPEHPK3PXP&issuer=Gmail+Work",
        )
        .unwrap();
        assert_eq!(
            (parsed.issuer.as_str(), parsed.label.as_str()),
            ("Gmail Work", "bob")
        );
        let parsed =
            parse_otpauth_uri("otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP&issuer=").unwrap();
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
        let hotp =
            parse_otpauth_uri("otpauth://hotp/me?secret=GEZDGNBVGY3TQOJQ&counter=42").unwrap();
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
            let english = message.localized(Language::En);
            let dutch = message.localized(Language::Nl);
            assert_ne!(english, message.message_id());
            assert_ne!(dutch, message.message_id());
            assert_ne!(english, dutch);
            for (_, arg) in message.message_args() {
                let shown = match arg {
                    MessageArg::Text(text) => text,
                    MessageArg::Number(number) => number.to_string(),
                };
                assert!(
                    english.contains(&shown) && dutch.contains(&shown),
                    "{english} / {dutch}"
                );
            }
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
}
