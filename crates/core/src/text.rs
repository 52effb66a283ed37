//! Text that people or other apps hand Safekeep and that it shows again:
//! an account's site and account name, its tags and its notes.
//!
//! This module owns the one rule for such text, so no path can skip it:
//! [`Name`] and [`Notes`] can only be made through it, whether from what a
//! person typed, from an imported file, or from a vault or backup read back.
//!
//! - Characters that steer a terminal or reorder what is shown are removed:
//!   the C0 and C1 control characters (an `ESC ] 0 ; … BEL` in an issuer
//!   would retitle or recolour the terminal of whoever runs `safekeep list`),
//!   DEL, the bidirectional overrides, embeddings, isolates and marks (they
//!   make `moc.knab` read as `bank.com`), and invisible format characters
//!   that hide text (zero-width space, word joiner, invisible operators,
//!   byte-order mark, interlinear annotations). The zero-width joiner and
//!   non-joiner stay: emoji sequences and Persian or Indic writing need them.
//! - A name is one line: line breaks and tabs become spaces, and it is
//!   trimmed. Notes keep their line breaks (the app's notes field is
//!   multi-line), written as `\n`; tabs become spaces.
//! - Length is capped where text comes in ([`Name::new`], [`Notes::new`]),
//!   with an error that says what was too long, so an import cannot store a
//!   50 MB issuer. Text read back from a vault or backup is cleaned but never
//!   refused for its length: a vault made before the cap must still open.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::i18n::{Message, MessageArg};

/// The most characters a site name, account name or tag may have. The
/// longest e-mail address the standards allow is 254 characters; no site
/// name comes near.
pub const NAME_LIMIT: usize = 256;

/// The most characters an account's notes may have: about four printed
/// pages, far more than recovery hints and security questions take.
pub const NOTES_LIMIT: usize = 10_000;

/// Whether `c` is removed from every text Safekeep shows: see the module
/// documentation for why each range.
pub fn is_hidden_control(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}'
            | '\u{E}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{61C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Whether `c` ends a line (the C0 ones: LF, VT, FF, CR; and NEL, LS, PS).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\u{B}' | '\u{C}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// `text` on one line, without hidden controls, trimmed.
fn clean_line(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\t' || is_line_break(c) {
            cleaned.push(' ');
        } else if !is_hidden_control(c) {
            cleaned.push(c);
        }
    }
    let trimmed = cleaned.trim();
    if trimmed.len() == cleaned.len() {
        cleaned
    } else {
        trimmed.to_owned()
    }
}

/// `text` without hidden controls, its line breaks written as `\n` (a
/// `\r\n` pair as one).
fn clean_lines(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_line_break(c) {
            cleaned.push('\n');
        } else if c == '\t' {
            cleaned.push(' ');
        } else if !is_hidden_control(c) {
            cleaned.push(c);
        }
    }
    cleaned
}

/// Removes from a code (a backup token) every character [`Name`] removes
/// and every other control character, line break included, in place, so
/// the secret is never copied: a real token has none of them.
pub fn clean_code_in_place(code: &mut String) {
    if code.contains(|c: char| c.is_control() || is_hidden_control(c) || is_line_break(c)) {
        code.retain(|c| !(c.is_control() || is_hidden_control(c) || is_line_break(c)));
    }
}

/// `text` cleaned as one line and shortened to the name limit with `…`:
/// for naming something that was refused (an entry of an imported file),
/// where the name only has to be recognisable.
pub fn shown_name(text: &str) -> String {
    let cleaned = clean_line(text);
    if cleaned.chars().count() <= NAME_LIMIT {
        return cleaned;
    }
    let mut shortened: String = cleaned.chars().take(NAME_LIMIT - 1).collect();
    shortened.push('…');
    shortened
}

/// Which text was too long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    /// The site or service (issuer).
    Issuer,
    /// The account name at the site (label).
    Label,
    /// A tag (a group or folder in another app).
    Tag,
    /// The notes.
    Notes,
}

/// A text longer than Safekeep keeps. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextTooLong {
    /// Which text.
    pub field: TextField,
    /// How many characters it has.
    pub length: usize,
    /// How many are allowed.
    pub limit: usize,
}

impl Message for TextTooLong {
    fn message_id(&self) -> &'static str {
        match self.field {
            TextField::Issuer => "text-too-long-issuer",
            TextField::Label => "text-too-long-label",
            TextField::Tag => "text-too-long-tag",
            TextField::Notes => "text-too-long-notes",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        vec![("length", self.length.into()), ("limit", self.limit.into())]
    }
}
crate::localized_error!(TextTooLong);

fn checked(field: TextField, cleaned: String, limit: usize) -> Result<String, TextTooLong> {
    // Bytes bound characters from above: the count is only needed when
    // the text could be too long.
    if cleaned.len() > limit {
        let length = cleaned.chars().count();
        if length > limit {
            return Err(TextTooLong {
                field,
                length,
                limit,
            });
        }
    }
    Ok(cleaned)
}

/// A one-line name: a site, an account name, a tag. Always cleaned (see
/// the module documentation); read it as a `&str` through `Deref`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(String);

impl Name {
    /// `text` cleaned, or an error naming `field` when it is longer than
    /// [`NAME_LIMIT`] characters.
    pub fn new(field: TextField, text: &str) -> Result<Name, TextTooLong> {
        checked(field, clean_line(text), NAME_LIMIT).map(Name)
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free text kept with an account, possibly several lines. Always cleaned
/// (see the module documentation); read it as a `&str` through `Deref`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Notes(String);

impl Notes {
    /// `text` cleaned, or an error when it is longer than [`NOTES_LIMIT`]
    /// characters.
    pub fn new(text: &str) -> Result<Notes, TextTooLong> {
        checked(TextField::Notes, clean_lines(text), NOTES_LIMIT).map(Notes)
    }

    /// The notes as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! text_type {
    ($t:ty, $clean:path) => {
        impl Deref for $t {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        /// As the text, honouring width and alignment (`{:20}`), as `str` does.
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$t> for &str {
            fn eq(&self, other: &$t) -> bool {
                *self == other.0
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        /// Read back from a vault, a backup or a file: cleaned, never
        /// refused for its length (see the module documentation).
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok(Self($clean(&text)))
            }
        }
    };
}

text_type!(Name, clean_line);
text_type!(Notes, clean_lines);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn terminal_escapes_and_bidi_overrides_are_removed_from_names() {
        let name = Name::new(
            TextField::Issuer,
            "\u{1b}]0;owned\u{7}Bank\u{9b}31m \u{202E}moc.knab\u{202C}\u{2066}x\u{2069}\u{200B}",
        )
        .unwrap();
        assert_eq!(name, "]0;ownedBank31m moc.knabx");
        assert!(!name.chars().any(is_hidden_control));
    }

    #[test]
    fn a_name_is_padded_like_a_str() {
        let name = Name::new(TextField::Issuer, "Bank").unwrap();
        assert_eq!(format!("[{name:6}][{name:>6}]"), "[Bank  ][  Bank]");
    }

    #[test]
    fn a_name_is_one_trimmed_line_and_notes_keep_their_lines() {
        let name = Name::new(TextField::Label, "  me@\texample.org\r\nsecond ").unwrap();
        assert_eq!(name, "me@ example.org  second");
        let notes = Notes::new("line one\r\nline\ttwo\rthree\u{1b}[2J\n").unwrap();
        assert_eq!(notes, "line one\nline two\nthree[2J\n");
    }

    #[test]
    fn emoji_and_joining_scripts_keep_their_joiners() {
        let family = "👩\u{200D}👩\u{200D}👧 می\u{200C}خواهم";
        assert_eq!(Name::new(TextField::Issuer, family).unwrap(), family);
    }

    #[test]
    fn text_longer_than_the_limit_is_refused_with_both_lengths() {
        let long = "x".repeat(NAME_LIMIT + 1);
        let error = Name::new(TextField::Issuer, &long).unwrap_err();
        assert_eq!(
            error,
            TextTooLong {
                field: TextField::Issuer,
                length: NAME_LIMIT + 1,
                limit: NAME_LIMIT
            }
        );
        for language in Language::ALL {
            let message = error.localized(language);
            assert!(
                message.contains("257") && message.contains("256"),
                "{message}"
            );
        }
        assert!(Name::new(TextField::Issuer, &"é".repeat(NAME_LIMIT)).is_ok());
        assert!(Notes::new(&"x".repeat(NOTES_LIMIT)).is_ok());
        assert!(Notes::new(&"x".repeat(NOTES_LIMIT + 1)).is_err());
        // Removed characters do not count.
        let padded = format!("{}{}", "\u{7}".repeat(10), "x".repeat(NAME_LIMIT));
        assert!(Name::new(TextField::Tag, &padded).is_ok());
    }

    #[test]
    fn every_field_is_named_in_every_language() {
        for field in [
            TextField::Issuer,
            TextField::Label,
            TextField::Tag,
            TextField::Notes,
        ] {
            let error = TextTooLong {
                field,
                length: 300,
                limit: 256,
            };
            let english = error.localized(Language::En);
            let dutch = error.localized(Language::Nl);
            assert_ne!(english, error.message_id());
            assert_ne!(english, dutch);
        }
    }

    #[test]
    fn text_read_back_is_cleaned_but_never_refused_for_its_length() {
        let json = format!("\"\\u001b[31m{}\"", "x".repeat(NAME_LIMIT * 2));
        let name: Name = serde_json::from_str(&json).unwrap();
        assert_eq!(name.len(), NAME_LIMIT * 2 + 4);
        assert!(!name.contains('\u{1b}'));
        let notes: Notes = serde_json::from_str("\"a\\r\\nb\\u0007\"").unwrap();
        assert_eq!(notes, "a\nb");
        assert_eq!(serde_json::to_string(&notes).unwrap(), "\"a\\nb\"");
    }

    #[test]
    fn codes_lose_every_control_character_in_place() {
        let mut code = "ab12\u{1b}[2J-cd34\r\n\u{9b}\u{2028}".to_owned();
        clean_code_in_place(&mut code);
        assert_eq!(code, "ab12[2J-cd34");
    }

    #[test]
    fn accounts_and_token_codes_read_back_from_a_file_are_cleaned() {
        let json = r#"{"id":"x","issuer":"\u001b]0;t\u0007Bank","label":"me\u202e",
            "otp":null,"backup_tokens":[{"code":"ab12\u001b[2J-cd34","added_at":0,"batch":1}],
            "notes":"one\r\ntwo\u009b","tags":["\u2066work"],"created_at":0}"#;
        let account: crate::account::Account = serde_json::from_str(json).unwrap();
        assert_eq!(account.issuer, "]0;tBank");
        assert_eq!(account.label, "me");
        assert_eq!(account.notes, "one\ntwo");
        assert_eq!(account.tags, [Name::new(TextField::Tag, "work").unwrap()]);
        let code = account.backup_tokens.iter().next().unwrap().code.as_str();
        assert_eq!(code, "ab12[2J-cd34");
    }

    #[test]
    fn editing_an_account_is_all_or_nothing() {
        let mut account = crate::account::Account::new("Site", "me", None, 0).unwrap();
        let too_long = "n".repeat(NOTES_LIMIT + 1);
        let error = account.edit("New\u{1b}", "you", &too_long).unwrap_err();
        assert_eq!(error.field, TextField::Notes);
        assert_eq!(
            (account.issuer.as_str(), account.label.as_str()),
            ("Site", "me")
        );
        account.edit(" New\u{1b} ", "you", "a\r\nb").unwrap();
        assert_eq!(account.issuer, "New");
        assert_eq!(account.notes, "a\nb");
    }

    #[test]
    fn a_refused_entry_is_named_short_and_clean() {
        let shown = shown_name(&format!("\u{1b}]0;x\u{7}{}", "y".repeat(1000)));
        assert_eq!(shown.chars().count(), NAME_LIMIT);
        assert!(shown.ends_with('…') && !shown.contains('\u{1b}'));
    }
}
