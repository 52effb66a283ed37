//! What the readers of other authenticator apps' files share about one
//! entry: the reasons an entry is refused ([`EntryError`], worded per app by
//! [`AppEntryError`]), and the reading of the code settings those reasons are
//! about.

use serde_json::Value;
use zeroize::Zeroizing;

use super::Format;
use super::json::{shown, shown_value, whole_number};
use crate::i18n::{Message, MessageArg};
use crate::otp::{Algorithm, Otp, OtpError, OtpKind, OtpSecret};

/// Why one entry of another authenticator app's file was not imported: the
/// same reasons for every app, so each new reader uses these rather than its
/// own. An [`OtpError`] becomes one of them, so [`otp_of`] can be used with
/// `?`. To be shown, an entry error is put in the words of the app whose file
/// it is, with [`EntryError::in_file_of`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryError {
    /// A kind of code Safekeep does not make (it makes TOTP, HOTP and Steam
    /// codes): mOTP, Yandex, or a type newer than the reader.
    UnsupportedType {
        /// The type as the file names it.
        kind: String,
    },
    /// The secret is missing or is not base32 text.
    BadSecret,
    /// The hash algorithm is not SHA1, SHA256 or SHA512.
    UnsupportedAlgorithm {
        /// The algorithm as the file names it.
        name: String,
    },
    /// The code length is not 6, 7 or 8 digits.
    BadDigits {
        /// The length as the file gives it.
        value: String,
    },
    /// The period is not a whole number of seconds from 1 to 3600.
    BadPeriod {
        /// The period as the file gives it.
        value: String,
    },
    /// A HOTP entry's counter is not a whole number of zero or more, or is
    /// missing where the app has no default for it.
    BadCounter {
        /// The counter as the file gives it.
        value: String,
    },
}

impl EntryError {
    /// This reason as the reader of `app`'s files reports it.
    pub fn in_file_of(self, app: Format) -> AppEntryError {
        AppEntryError { app, error: self }
    }

    /// Where this reason's message id stands in each table of ids below.
    fn index(&self) -> usize {
        match self {
            EntryError::UnsupportedType { .. } => 0,
            EntryError::BadSecret => 1,
            EntryError::UnsupportedAlgorithm { .. } => 2,
            EntryError::BadDigits { .. } => 3,
            EntryError::BadPeriod { .. } => 4,
            EntryError::BadCounter { .. } => 5,
        }
    }
}

impl From<OtpError> for EntryError {
    fn from(error: OtpError) -> EntryError {
        match error {
            OtpError::DigitsOutOfRange { digits } => EntryError::BadDigits {
                value: digits.to_string(),
            },
            OtpError::PeriodOutOfRange { period } => EntryError::BadPeriod {
                value: period.to_string(),
            },
            OtpError::Secret(_) => EntryError::BadSecret,
        }
    }
}

/// An [`EntryError`] in a file of `app`, worded so that it names the app and
/// says what to do in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppEntryError {
    /// The app whose file it is.
    pub app: Format,
    /// Why the entry was not imported.
    pub error: EntryError,
}

/// Aegis and 2FAS have messages of their own, in the words those apps use
/// ("entry" and "export again", "service" and "make a new backup"); every
/// other app's entries share the messages that name the app.
const AEGIS_IDS: [&str; 6] = [
    "import-aegis-unsupported-type",
    "import-aegis-bad-secret",
    "import-aegis-unsupported-algorithm",
    "import-aegis-bad-digits",
    "import-aegis-bad-period",
    "import-aegis-bad-counter",
];
const TWO_FAS_IDS: [&str; 6] = [
    "import-2fas-unsupported-type",
    "import-2fas-bad-secret",
    "import-2fas-unsupported-algorithm",
    "import-2fas-bad-digits",
    "import-2fas-bad-period",
    "import-2fas-bad-counter",
];
const ANY_APP_IDS: [&str; 6] = [
    "import-entry-unsupported-type",
    "import-entry-bad-secret",
    "import-entry-unsupported-algorithm",
    "import-entry-bad-digits",
    "import-entry-bad-period",
    "import-entry-bad-counter",
];

impl Message for AppEntryError {
    fn message_id(&self) -> &'static str {
        let ids = match self.app {
            Format::Aegis => &AEGIS_IDS,
            Format::TwoFas => &TWO_FAS_IDS,
            _ => &ANY_APP_IDS,
        };
        ids[self.error.index()]
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        let mut args = match &self.error {
            EntryError::UnsupportedType { kind } => vec![("kind", kind.as_str().into())],
            EntryError::BadSecret => Vec::new(),
            EntryError::UnsupportedAlgorithm { name } => vec![("name", name.as_str().into())],
            EntryError::BadDigits { value }
            | EntryError::BadPeriod { value }
            | EntryError::BadCounter { value } => vec![("value", value.as_str().into())],
        };
        if !matches!(self.app, Format::Aegis | Format::TwoFas) {
            args.push(("app", self.app.display_name().into()));
        }
        args
    }
}

crate::localized_error!(AppEntryError);

/// A whole-number setting of an entry that fits `T`, or `default` when the
/// entry leaves it out (serde reads a `null` as left out too); otherwise the
/// value as a message shows it, for the reason that names the setting.
pub(super) fn whole_setting<T: TryFrom<u64>>(
    value: Option<&Value>,
    default: T,
) -> Result<T, String> {
    let Some(value) = value else {
        return Ok(default);
    };
    whole_number(value)
        .and_then(|number| T::try_from(number).ok())
        .ok_or_else(|| shown_value(value))
}

/// The hash algorithm an entry names, or SHA1 when it names none: what every
/// app that writes the name as text means.
pub(super) fn algorithm_named(name: Option<&str>) -> Result<Algorithm, EntryError> {
    match name.map(str::trim) {
        None | Some("") => Ok(Algorithm::Sha1),
        Some(name) => name
            .parse()
            .map_err(|_| EntryError::UnsupportedAlgorithm { name: shown(name) }),
    }
}

/// A TOTP or HOTP entry's kind from its type name (in any case), period and
/// counter, with the defaults of 30 seconds and counter 0; any other type is
/// refused with its name.
pub(super) fn totp_or_hotp(
    kind_name: &str,
    period: Option<&Value>,
    counter: Option<&Value>,
) -> Result<OtpKind, EntryError> {
    match kind_name.trim().to_ascii_uppercase().as_str() {
        "TOTP" => Ok(OtpKind::Totp {
            period: whole_setting(period, 30).map_err(|value| EntryError::BadPeriod { value })?,
        }),
        "HOTP" => Ok(OtpKind::Hotp {
            counter: whole_setting(counter, 0).map_err(|value| EntryError::BadCounter { value })?,
        }),
        other => Err(EntryError::UnsupportedType { kind: shown(other) }),
    }
}

/// The code length an entry gives, or 6 when it gives none.
pub(super) fn digits_of(value: Option<&Value>) -> Result<u8, EntryError> {
    whole_setting(value, 6).map_err(|value| EntryError::BadDigits { value })
}

/// The code generator of an entry whose settings have been read; its secret
/// is base32 text. A missing secret is refused like an unreadable one.
pub(super) fn otp_of<E: From<OtpError>>(
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    secret: Option<&Zeroizing<String>>,
) -> Result<Otp, E> {
    let secret = secret.map_or("", |secret| secret.as_str());
    let secret = OtpSecret::from_base32(secret).map_err(OtpError::Secret)?;
    Ok(Otp::new(kind, algorithm, digits, secret)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::assert_worded_in_every_language;

    fn every_reason() -> [EntryError; 6] {
        [
            EntryError::UnsupportedType {
                kind: "motp".to_owned(),
            },
            EntryError::BadSecret,
            EntryError::UnsupportedAlgorithm {
                name: "SHA384".to_owned(),
            },
            EntryError::BadDigits {
                value: "10".to_owned(),
            },
            EntryError::BadPeriod {
                value: "0".to_owned(),
            },
            EntryError::BadCounter {
                value: "-1".to_owned(),
            },
        ]
    }

    #[test]
    fn every_reason_is_worded_for_every_app_in_every_language() {
        for app in Format::ALL {
            for reason in every_reason() {
                let message = reason.in_file_of(app);
                assert_worded_in_every_language(&message);
                let args = message.message_args();
                let all_text = args.iter().all(|(_, a)| matches!(a, MessageArg::Text(_)));
                assert!(all_text, "values are shown as text");
            }
        }
    }

    #[test]
    fn aegis_and_2fas_keep_their_own_words_and_others_name_the_app() {
        let reason = EntryError::BadSecret;
        assert_eq!(
            reason.clone().in_file_of(Format::Aegis).message_id(),
            "import-aegis-bad-secret"
        );
        assert_eq!(
            reason.clone().in_file_of(Format::TwoFas).message_id(),
            "import-2fas-bad-secret"
        );
        let other = reason.in_file_of(Format::Bitwarden);
        assert_eq!(other.message_id(), "import-entry-bad-secret");
        assert!(other.to_string().contains("Bitwarden"), "{other}");
    }
}
