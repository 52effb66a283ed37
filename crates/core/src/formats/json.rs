//! Helpers the JSON-based readers (Aegis, 2FAS, Bitwarden) share: how a
//! file is sniffed, how numbers written as text are read, and how values and
//! entries are named in messages without ever showing a secret.

use serde_json::Value;

use super::{Format, ImportError, Malformation};

/// The bytes without a UTF-8 byte-order mark, which some exporters write.
pub(super) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// Whether the first non-blank byte opens a JSON object: a cheap sniff
/// before parsing.
pub(super) fn starts_like_an_object(bytes: &[u8]) -> bool {
    bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{')
}

/// Whether `bytes` (without a byte-order mark) are a non-empty JSON list of
/// objects that each have the fields of `Probe`: how the readers of apps
/// whose export is a bare list (andOTP, Raivo) tell theirs apart.
pub(super) fn is_list_of<Probe: serde::de::DeserializeOwned>(bytes: &[u8]) -> bool {
    bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'[')
        && serde_json::from_slice::<Vec<Probe>>(bytes).is_ok_and(|entries| !entries.is_empty())
}

/// A whole number of zero or more, also when written as text.
pub(super) fn whole_number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A value from the file as a message shows it, shortened when long.
pub(super) fn shown_value(value: &Value) -> String {
    match value {
        Value::String(text) => shown(text),
        other => shown(&other.to_string()),
    }
}

/// Text from the file as a message shows it: at most 40 characters.
pub(super) fn shown(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    let mut shown: String = text.chars().take(MAX_CHARS).collect();
    if text.chars().nth(MAX_CHARS).is_some() {
        shown.push('…');
    }
    shown
}

/// Describes a JSON error in a `format` file by its position only: serde's
/// own messages can quote the text they choked on, which may be a secret.
pub(super) fn json_error(error: &serde_json::Error, format: Format) -> ImportError {
    let (line, column) = (error.line(), error.column());
    let problem = match error.classify() {
        serde_json::error::Category::Eof => Malformation::CutShort,
        serde_json::error::Category::Syntax => Malformation::NotJson { line, column },
        serde_json::error::Category::Data | serde_json::error::Category::Io => {
            Malformation::UnexpectedLayout { line, column }
        }
    };
    ImportError::Malformed { format, problem }
}
