//! The `otpauth://` links behind enrolment QR codes: reading them (Google's
//! Key Uri Format and the variants other apps write) and writing them, with
//! errors that show link values shortened and never the secret.

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use zeroize::{Zeroize, Zeroizing};

use super::{
    Algorithm, DIGITS, Otp, OtpError, OtpKind, OtpSecret, PERIODS, STEAM_DIGITS, STEAM_PERIOD,
    SecretError, UnknownAlgorithm, shown,
};
use crate::i18n::{Message, MessageArg};

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
    /// WinAuth's `data=`: Steam's enrolment data, JSON with the base64
    /// `shared_secret` among other secrets; wiped when dropped.
    steam_data: Option<Zeroizing<String>>,
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
                "data" if parameters.steam_data.is_none() => {
                    parameters.steam_data = Some(value()?);
                }
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

/// The key of the Steam Guard codes in WinAuth's `data=` parameter: the
/// JSON Steam returned when the authenticator was added
/// (`SteamAuthenticator.SteamData`), whose `shared_secret` is base64. Only
/// that field is read; the rest (`identity_secret`, `revocation_code`, ...)
/// is skipped, so never copied. `None` when the data is not such JSON.
fn steam_shared_secret(data: &str) -> Option<OtpSecret> {
    #[derive(serde::Deserialize)]
    struct SteamData {
        shared_secret: Option<Zeroizing<String>>,
    }
    let data: SteamData = serde_json::from_str(data.trim()).ok()?;
    let text = data.shared_secret?;
    let text = text.trim().trim_end_matches('=');
    let length = data_encoding::BASE64_NOPAD.decode_len(text.len()).ok()?;
    let mut bytes = Zeroizing::new(vec![0; length]);
    let written = data_encoding::BASE64_NOPAD
        .decode_mut(text.as_bytes(), &mut bytes)
        .ok()?;
    bytes.truncate(written);
    if bytes.is_empty() {
        return None;
    }
    Some(OtpSecret::from_bytes(std::mem::take(&mut *bytes)))
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
    let steam_shared_secret = parameters
        .steam_data
        .as_deref()
        .and_then(|data| steam_shared_secret(data));
    let steam_by_data = steam_shared_secret.is_some();
    // WinAuth writes the same key twice for a Steam account, as `secret=`
    // (base32) and inside `data=`; its own import reads `secret=`, so that
    // wins, and the key in `data=` is used when `secret=` is missing or
    // empty.
    let secret = match (&parameters.secret, steam_shared_secret) {
        (Some(secret), _) if !secret.trim().is_empty() => {
            OtpSecret::from_base32(secret).map_err(UriError::BadSecret)?
        }
        (_, Some(shared_secret)) => shared_secret,
        (Some(secret), None) => OtpSecret::from_base32(secret).map_err(UriError::BadSecret)?,
        (None, None) => return Err(UriError::MissingSecret),
    };
    // A WinAuth Steam account named without "Steam" in it has neither an
    // issuer nor a label prefix; its Steam data says what it is.
    let issuer = if steam_by_data && issuer.trim().is_empty() {
        "Steam".to_owned()
    } else {
        issuer
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
        encoder_says_steam || steam_issuer || steam_by_data
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
