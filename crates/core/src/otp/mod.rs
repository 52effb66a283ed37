//! One-time codes and the links that carry their settings.
//!
//! This module owns how a code is made from a secret (TOTP, HOTP and Steam
//! Guard, with `totp-rs` doing the HMAC work): the algorithm, the kind of
//! code, the validated settings and the code itself. How a secret typed or
//! pasted by a person is read lives in `secret.rs`, and the `otpauth://`
//! links behind enrolment QR codes in `uri.rs`; both are re-exported here, so
//! callers keep writing `otp::OtpSecret` and `otp::parse_otpauth_uri`.
//! Nothing here ever shows a secret or a code in `Debug` output or in an error:
//! both types redact themselves, and errors name positions and parameters,
//! never the characters of a secret.

use std::fmt::{self, Write as _};
use std::ops::RangeInclusive;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::i18n::{Message, MessageArg};

mod secret;
mod uri;

pub use secret::{OtpSecret, SecretError};
pub use uri::{OtpauthUri, UriError, parse_otpauth_uri, to_otpauth_uri};

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

/// The kind name of an account without a code generator, kept only for its
/// backup tokens: what the app's form sends and its account view says.
pub const NO_CODE: &str = "none";

impl OtpKind {
    /// Every kind's name, as [`OtpKind::name`] gives them.
    pub const NAMES: [&'static str; 3] = ["totp", "hotp", "steam"];

    /// The kind's name, as the app's form and account view and the CLI's
    /// list use it: "totp", "hotp" or "steam".
    pub fn name(&self) -> &'static str {
        match self {
            OtpKind::Totp { .. } => "totp",
            OtpKind::Hotp { .. } => "hotp",
            OtpKind::Steam => "steam",
        }
    }

    /// The kind [`OtpKind::name`] calls `name`, with the state it needs: a
    /// TOTP code lasts `period` seconds, HOTP counts from `counter` (each
    /// kind ignores the other, Steam both). `None` for a name no kind has.
    pub fn from_name(name: &str, period: u32, counter: u64) -> Option<OtpKind> {
        match name {
            "totp" => Some(OtpKind::Totp { period }),
            "hotp" => Some(OtpKind::Hotp { counter }),
            "steam" => Some(OtpKind::Steam),
            _ => None,
        }
    }
}

/// The kind name of an account's code generator, or [`NO_CODE`] without one.
pub fn kind_name(otp: Option<&Otp>) -> &'static str {
    otp.map_or(NO_CODE, |otp| otp.kind.name())
}

/// Code settings as a person types them ("Enter manually" in the app): the
/// kind by its name, or [`NO_CODE`] for a site used with backup tokens only.
pub struct EnteredCode<'a> {
    /// [`OtpKind::name`], or [`NO_CODE`].
    pub kind: &'a str,
    /// The secret in base32, as the site shows it.
    pub secret: &'a str,
    /// The hash (ignored for Steam).
    pub algorithm: Algorithm,
    /// Code length (ignored for Steam).
    pub digits: u8,
    /// Seconds a TOTP code lasts.
    pub period: u32,
    /// The HOTP counter to start from.
    pub counter: u64,
}

impl EnteredCode<'_> {
    /// The code generator these settings make, checked like [`Otp::new`];
    /// `None` for [`NO_CODE`], whose secret field is not looked at: a site
    /// that only hands out backup tokens has no secret to check.
    pub fn into_otp(self) -> Result<Option<Otp>, EnteredCodeError> {
        if self.kind == NO_CODE {
            return Ok(None);
        }
        let kind = OtpKind::from_name(self.kind, self.period, self.counter).ok_or_else(|| {
            EnteredCodeError::UnknownKind {
                name: self.kind.to_owned(),
            }
        })?;
        let secret = OtpSecret::from_base32(self.secret)
            .map_err(|error| EnteredCodeError::Otp(OtpError::Secret(error)))?;
        Otp::new(kind, self.algorithm, self.digits, secret)
            .map(Some)
            .map_err(EnteredCodeError::Otp)
    }
}

/// Why code settings typed by hand were refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnteredCodeError {
    /// No kind of code has this name (see [`OtpKind::name`]).
    UnknownKind {
        /// The name given.
        name: String,
    },
    /// The settings themselves are refused, as by [`Otp::new`].
    Otp(OtpError),
}

impl Message for EnteredCodeError {
    fn message_id(&self) -> &'static str {
        match self {
            EnteredCodeError::UnknownKind { .. } => "otp-unknown-kind",
            EnteredCodeError::Otp(error) => error.message_id(),
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            EnteredCodeError::UnknownKind { name } => vec![("name", name.as_str().into())],
            EnteredCodeError::Otp(error) => error.message_args(),
        }
    }
}

crate::localized_error!(EnteredCodeError);

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

    /// Whether the code changes with time (TOTP, Steam) rather than only
    /// when the counter moves on (HOTP).
    pub fn is_timed(&self) -> bool {
        self.period().is_some()
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
mod tests;
