//! Text with one `otpauth://` link per line: Ente Auth's plain export, what
//! many apps and password managers write, and what people collect by hand.
//!
//! What the reader accepts:
//!
//! - one link per line, with spaces around it, `\n` or `\r\n` line ends and
//!   a UTF-8 byte-order mark; UTF-16 text with its byte-order mark too (what
//!   Windows PowerShell writes when its output is redirected to a file);
//! - blank lines, and lines starting with `#` (notes) are skipped;
//! - a Google Authenticator `otpauth-migration://` line is read as well (by
//!   the Google reader), so a file that mixes both loses nothing;
//! - any other line is reported as an entry that could not be read, named
//!   `line N`, and the rest imports; so is a link that cannot be read, named
//!   by its label where that can be read without the secret.
//!
//! [`export`] writes the same format: one [`to_otpauth_uri`] link per line.

use percent_encoding::percent_decode_str;
use zeroize::Zeroizing;

use super::google::MigrationReader;
use super::{Format, ImportError, RejectedEntry, Restorable, Restored};
use crate::account::{Account, UNNAMED, display_name_of, has_name};
use crate::i18n::Message;
use crate::otp::to_otpauth_uri;

/// Text with `otpauth://` links, one per line.
pub struct OtpauthList;

/// How a line with an authenticator link starts (case-insensitive).
const LINK_PREFIX: &[u8] = b"otpauth://";

/// How a line with a Google Authenticator export link starts (case-insensitive).
const MIGRATION_PREFIX: &[u8] = b"otpauth-migration://";

impl Restorable for OtpauthList {
    const FORMAT: Format = Format::OtpauthList;

    /// True for UTF-8 (or UTF-16 with a byte-order mark) text in which at
    /// least one line starts with `otpauth://` and none with
    /// `otpauth-migration://` (that is Google Authenticator's export).
    fn detect(bytes: &[u8]) -> bool {
        let decoded = utf16_text(bytes);
        let bytes = match &decoded {
            Some(text) => text.as_bytes(),
            None if std::str::from_utf8(bytes).is_ok() => bytes,
            None => return false,
        };
        let mut any_link = false;
        for line in lines(bytes) {
            if starts_with_ignore_case(line, MIGRATION_PREFIX) {
                return false;
            }
            any_link |= starts_with_ignore_case(line, LINK_PREFIX);
        }
        any_link
    }

    fn restore(bytes: &[u8], _password: Option<&str>) -> Result<Restored, ImportError> {
        let mut reader = MigrationReader::new();
        let links = read_lines(bytes, &mut reader, Strictness::EveryLine);
        if links == 0 {
            return Err(ImportError::Empty {
                format: Self::FORMAT,
            });
        }
        reader.finish(Self::FORMAT)
    }
}

/// Writes every account that has a code generator as an `otpauth://` link,
/// one per line, each line ending in `\n`. Accounts kept only for their
/// backup tokens have no link and are left out; so are their tokens, notes
/// and tags, which links cannot carry.
///
/// A link must name the account, so an account without a name at the site
/// is written with the site's name in its place (or `(unnamed)` when it has
/// neither); everything else reads back exactly.
pub fn export(accounts: &[Account]) -> Zeroizing<String> {
    let links: Vec<Zeroizing<String>> = accounts
        .iter()
        .filter_map(|account| {
            let otp = account.otp.as_ref()?;
            Some(to_otpauth_uri(
                account.issuer.trim(),
                &link_label(account),
                otp,
            ))
        })
        .collect();
    // Sized up front so that no reallocation leaves a copy of a secret behind.
    let mut text = Zeroizing::new(String::with_capacity(
        links.iter().map(|link| link.len() + 1).sum(),
    ));
    for link in &links {
        text.push_str(link);
        text.push('\n');
    }
    text
}

/// The account name written into a link: the label, or a stand-in when it is
/// empty, since a link without an account name cannot be read back.
fn link_label(account: &Account) -> String {
    let label = account.label.trim();
    if !label.is_empty() {
        return label.to_owned();
    }
    let issuer = account.issuer.trim();
    if issuer.is_empty() {
        UNNAMED.to_owned()
    } else {
        issuer.to_owned()
    }
}

/// Why a line of a text file of links could not be read (the links
/// themselves are refused with [`crate::otp::UriError`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextImportError {
    /// The line is neither a link, nor blank, nor a `#` note.
    NotALink,
    /// The line starts like a link but is not UTF-8 text.
    NotText,
}

impl Message for TextImportError {
    fn message_id(&self) -> &'static str {
        match self {
            TextImportError::NotALink => "import-text-not-a-link",
            TextImportError::NotText => "import-text-not-text",
        }
    }
}
crate::localized_error!(TextImportError);

/// Which lines of a text a reader reports when they hold no link.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Strictness {
    /// Every line that is not blank, a `#` note or a link is an entry that
    /// could not be read (a list of links holds nothing else).
    EveryLine,
    /// Lines without a link are passed over (the text around an export).
    LinksOnly,
}

/// Reads every line of `bytes` into `reader`: `otpauth://` links at the
/// start of a line, and `otpauth-migration:` links anywhere in a line.
/// Returns how many links were found, readable or not.
pub(super) fn read_lines(
    bytes: &[u8],
    reader: &mut MigrationReader,
    strictness: Strictness,
) -> usize {
    let decoded = utf16_text(bytes);
    let bytes = match &decoded {
        Some(text) => text.as_bytes(),
        None => bytes,
    };
    let mut links = 0;
    for (index, line) in lines(bytes).enumerate() {
        if line.is_empty() || line.starts_with(b"#") {
            continue;
        }
        let name = format!("line {}", index + 1);
        let migration_links = migration_links(line);
        if !migration_links.is_empty() {
            for link in migration_links {
                links += 1;
                reader.read_migration_link(&name, link);
            }
        } else if starts_with_ignore_case(line, b"otpauth:") {
            links += 1;
            match std::str::from_utf8(line) {
                Ok(link) => reader.read_link(&name, link),
                Err(_) => reader.reject(RejectedEntry::new(name, &TextImportError::NotText)),
            }
        } else if strictness == Strictness::EveryLine {
            reader.reject(RejectedEntry::new(name, &TextImportError::NotALink));
        }
    }
    links
}

/// The lines of `bytes` (split on `\n`), each trimmed of ASCII whitespace
/// (so also of the `\r` of Windows line ends), without a leading UTF-8
/// byte-order mark. Line `N` is the `N - 1`-th item, blank lines included.
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.split(|&byte| byte == b'\n').map(<[u8]>::trim_ascii)
}

/// Every `otpauth-migration:` link in `line`, each up to the first space,
/// quote, angle bracket or non-ASCII byte, so links inside other text (a
/// note, HTML, JSON) are found too.
fn migration_links(line: &[u8]) -> Vec<&str> {
    const SCHEME: &[u8] = b"otpauth-migration:";
    let mut found = Vec::new();
    let mut start = 0;
    while let Some(offset) = line
        .get(start..)
        .unwrap_or_default()
        .windows(SCHEME.len())
        .position(|window| window.eq_ignore_ascii_case(SCHEME))
    {
        let begin = start + offset;
        let length = line[begin..]
            .iter()
            .position(|&byte| {
                !byte.is_ascii_graphic() || matches!(byte, b'"' | b'\'' | b'<' | b'>' | b'`')
            })
            .unwrap_or(line.len() - begin);
        if let Ok(link) = std::str::from_utf8(&line[begin..begin + length]) {
            found.push(link);
        }
        start = begin + length.max(1);
    }
    found
}

/// Whether `bytes` start with `prefix`, ignoring ASCII case.
pub(super) fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// Text in UTF-16 with a byte-order mark, decoded (and wiped when dropped);
/// `None` for anything else, including UTF-16 that does not decode.
pub(super) fn utf16_text(bytes: &[u8]) -> Option<Zeroizing<String>> {
    let (rest, little_endian) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ => return None,
    };
    if rest.len() % 2 != 0 {
        return None;
    }
    let units = rest.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    // A UTF-16 unit becomes at most three bytes of UTF-8 (a surrogate pair,
    // two units, four), so the text never grows and leaves no copy behind.
    let mut text = Zeroizing::new(String::with_capacity(rest.len() / 2 * 3));
    for character in char::decode_utf16(units) {
        text.push(character.ok()?);
    }
    Some(text)
}

/// Reads one `otpauth://` link into an account, or the entry it could not
/// read, named by the link's label (if that can be read) or `fallback_name`.
pub(super) fn read_link(
    link: &str,
    fallback_name: &str,
    now: i64,
) -> Result<Account, RejectedEntry> {
    match crate::otp::parse_otpauth_uri(link) {
        Ok(uri) => Account::new(&uri.issuer, &uri.label, Some(uri.otp), now).map_err(|error| {
            let name = display_name_of(&uri.issuer, &uri.label);
            RejectedEntry::new(name, &error)
        }),
        Err(error) => {
            let name = label_name(link).unwrap_or_else(|| fallback_name.to_owned());
            Err(RejectedEntry::new(name, &error))
        }
    }
}

/// The name a link's label gives its account, as "Issuer (account)", read
/// without the rest of the link, or `None` when that cannot be done safely:
/// a label with `=` or `&` in it may hold a misplaced query, and with it the
/// secret.
fn label_name(link: &str) -> Option<String> {
    let link = link.trim();
    let rest = link
        .get(..LINK_PREFIX.len())
        .filter(|scheme| scheme.eq_ignore_ascii_case("otpauth://"))
        .and_then(|_| link.get(LINK_PREFIX.len()..))?;
    let type_end = rest.find(['/', '?', '#'])?;
    let after_type = rest[type_end..].strip_prefix('/')?;
    let raw_label = &after_type[..after_type.find(['?', '#']).unwrap_or(after_type.len())];
    if raw_label.contains(['=', '&']) {
        return None;
    }
    let label = percent_decode_str(raw_label).decode_utf8().ok()?;
    let (issuer, account) = label.split_once(':').unwrap_or(("", &*label));
    has_name(issuer, account).then(|| display_name_of(issuer, account))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;
    use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret};

    const SECRET: &str = "JBSWY3DPEHPK3PXP";

    fn restore(text: &str) -> Result<Restored, ImportError> {
        OtpauthList::restore(text.as_bytes(), None)
    }

    #[test]
    fn reads_links_with_comments_blank_lines_crlf_and_a_bom() {
        let text = format!(
            "\u{feff}# my accounts\r\n\r\n   otpauth://totp/Site:me?secret={SECRET}&issuer=Site  \r\n\
             \t# another note\r\nOTPAUTH://HOTP/Bank:you?secret={SECRET}&counter=4\r\n"
        );
        let restored = restore(&text).unwrap();
        assert!(restored.rejected.is_empty(), "{:?}", restored.rejected);
        let names: Vec<_> = restored
            .accounts
            .iter()
            .map(|account| (account.issuer.as_str(), account.label.as_str()))
            .collect();
        assert_eq!(names, [("Site", "me"), ("Bank", "you")]);
        assert_eq!(
            restored.accounts[1].otp.as_ref().unwrap().kind,
            OtpKind::Hotp { counter: 4 }
        );
        assert!(OtpauthList::detect(text.as_bytes()));
    }

    #[test]
    fn utf16_text_with_a_byte_order_mark_is_read() {
        let text = format!("otpauth://totp/Site:me?secret={SECRET}\r\n");
        for little_endian in [true, false] {
            let mut bytes = if little_endian {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for unit in text.encode_utf16() {
                bytes.extend(if little_endian {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
            assert!(OtpauthList::detect(&bytes));
            let restored = OtpauthList::restore(&bytes, None).unwrap();
            assert_eq!(restored.accounts.len(), 1);
        }
    }

    #[test]
    fn bad_lines_are_reported_by_label_or_line_number_and_the_rest_imports() {
        let text = format!(
            "otpauth://totp/Good:one?secret={SECRET}\n\
             otpauth://totp/Broken%20Site:carol?secret=JBSW0\n\
             {SECRET}\n\
             otpauth://totp/x&secret={SECRET}\n\
             otpauth://totp?secret={SECRET}\n"
        );
        let restored = restore(&text).unwrap();
        assert_eq!(restored.accounts.len(), 1);
        let rejected: Vec<_> = restored
            .rejected
            .iter()
            .map(|entry| (entry.name.as_str(), entry.reason_id))
            .collect();
        assert_eq!(
            rejected,
            [
                ("Broken Site (carol)", "otp-secret-invalid-character"),
                ("line 3", "import-text-not-a-link"),
                ("line 4", "otp-uri-missing-secret"),
                ("line 5", "otp-uri-missing-label"),
            ]
        );
        let shown = format!("{restored:?}");
        assert!(
            !shown.contains(SECRET) && !shown.contains("JBSW0"),
            "{shown}"
        );
    }

    #[test]
    fn a_file_without_links_is_empty() {
        for text in ["", "# nothing here\n\n", "hello\nworld\n"] {
            assert_eq!(
                restore(text).unwrap_err(),
                ImportError::Empty {
                    format: Format::OtpauthList
                }
            );
            assert!(!OtpauthList::detect(text.as_bytes()));
        }
    }

    #[test]
    fn a_non_utf8_link_line_is_reported_and_others_import() {
        let mut bytes = format!("otpauth://totp/a?secret={SECRET}\n").into_bytes();
        bytes.extend(b"otpauth://totp/\xFF?secret=JBSWY3DPEHPK3PXP\n");
        assert!(!OtpauthList::detect(&bytes));
        let restored = OtpauthList::restore(&bytes, None).unwrap();
        assert_eq!(restored.accounts.len(), 1);
        assert_eq!(restored.rejected[0].name, "line 2");
        assert_eq!(restored.rejected[0].reason_id, "import-text-not-text");
    }

    #[test]
    fn migration_lines_are_left_to_the_google_reader() {
        let text = format!("otpauth://totp/a?secret={SECRET}\notpauth-migration://offline?data=\n");
        assert!(!OtpauthList::detect(text.as_bytes()));
        let links =
            migration_links(b"see <a href=\"otpauth-migration://offline?data=AB%2B\">x</a>");
        assert_eq!(links, ["otpauth-migration://offline?data=AB%2B"]);
    }

    #[test]
    fn export_writes_one_link_per_account_with_codes() {
        let otp = Otp::new(
            OtpKind::Totp { period: 60 },
            Algorithm::Sha256,
            8,
            OtpSecret::from_base32(SECRET).unwrap(),
        )
        .unwrap();
        let accounts = vec![
            Account::new("Site", "me", Some(otp.clone()), 0).unwrap(),
            Account::new("Tokens only", "me", None, 0).unwrap(),
            Account::new("Nameless", "", Some(otp.clone()), 0).unwrap(),
        ];
        let text = export(&accounts);
        assert_eq!(text.lines().count(), 2);
        let restored = restore(&text).unwrap();
        assert!(restored.rejected.is_empty());
        assert_eq!(restored.accounts[0].otp.as_ref(), Some(&otp));
        assert_eq!(
            (
                restored.accounts[1].issuer.as_str(),
                restored.accounts[1].label.as_str()
            ),
            ("Nameless", "Nameless")
        );
    }

    #[test]
    fn names_are_shortened_and_cleaned() {
        let long = "x".repeat(300);
        let link = format!("otpauth://totp/Site%07:{long}?secret=!");
        let name = read_link(&link, "line 1", 0).unwrap_err().name;
        assert!(name.chars().count() <= crate::text::NAME_LIMIT, "{name}");
        assert!(name.starts_with("Site (x"), "{name}");
        assert_eq!(label_name("otpauth://totp/?secret=!"), None);
        assert_eq!(
            label_name("otpauth://totp/me?secret=!").as_deref(),
            Some("me")
        );
    }

    #[test]
    fn every_message_exists_in_every_language() {
        for error in [TextImportError::NotALink, TextImportError::NotText] {
            let english = error.localized(Language::En);
            let dutch = error.localized(Language::Nl);
            assert_ne!(english, error.message_id());
            assert_ne!(dutch, error.message_id());
            assert_ne!(english, dutch);
        }
    }
}
