//! What the readers of other authenticator apps' files (Aegis, 2FAS) share
//! about one entry: the reasons an entry is refused, which each app's reader
//! declares with [`entry_error!`] so that its messages speak of that app, and
//! the reading of the code settings those reasons are about.

use serde_json::Value;
use zeroize::Zeroizing;

use super::json::{shown_value, whole_number};
use crate::otp::{Algorithm, Otp, OtpError, OtpKind, OtpSecret};

/// Declares an app's reasons for refusing one of its entries: the same six
/// for every app, with Fluent ids `import-<app>-…` so that each message can
/// name the app and say what to do in it. `OtpError`s become these reasons,
/// so [`otp_of`] can be used with `?`.
macro_rules! entry_error {
    ($(#[$doc:meta])* $name:ident, $app:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            /// A kind of code Safekeep does not make (it makes TOTP, HOTP
            /// and Steam codes).
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
            /// A HOTP entry's counter is not a whole number of zero or more,
            /// or is missing where the app has no default for it.
            BadCounter {
                /// The counter as the file gives it.
                value: String,
            },
        }

        impl $crate::i18n::Message for $name {
            fn message_id(&self) -> &'static str {
                match self {
                    $name::UnsupportedType { .. } => concat!("import-", $app, "-unsupported-type"),
                    $name::BadSecret => concat!("import-", $app, "-bad-secret"),
                    $name::UnsupportedAlgorithm { .. } => {
                        concat!("import-", $app, "-unsupported-algorithm")
                    }
                    $name::BadDigits { .. } => concat!("import-", $app, "-bad-digits"),
                    $name::BadPeriod { .. } => concat!("import-", $app, "-bad-period"),
                    $name::BadCounter { .. } => concat!("import-", $app, "-bad-counter"),
                }
            }

            fn message_args(&self) -> Vec<(&'static str, $crate::i18n::MessageArg)> {
                match self {
                    $name::UnsupportedType { kind } => vec![("kind", kind.as_str().into())],
                    $name::BadSecret => Vec::new(),
                    $name::UnsupportedAlgorithm { name } => vec![("name", name.as_str().into())],
                    $name::BadDigits { value }
                    | $name::BadPeriod { value }
                    | $name::BadCounter { value } => vec![("value", value.as_str().into())],
                }
            }
        }

        $crate::localized_error!($name);

        impl From<$crate::otp::OtpError> for $name {
            fn from(error: $crate::otp::OtpError) -> $name {
                match error {
                    $crate::otp::OtpError::DigitsOutOfRange { digits } => $name::BadDigits {
                        value: digits.to_string(),
                    },
                    $crate::otp::OtpError::PeriodOutOfRange { period } => $name::BadPeriod {
                        value: period.to_string(),
                    },
                    $crate::otp::OtpError::Secret(_) => $name::BadSecret,
                }
            }
        }
    };
}
pub(super) use entry_error;

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
