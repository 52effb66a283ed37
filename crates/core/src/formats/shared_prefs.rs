//! Android's SharedPreferences XML, the file an app's settings live in and
//! what a rooted phone yields for apps that have no export (Authy):
//! `<map>` holding `<string name="…">value</string>` entries among `<int>`,
//! `<boolean>` and other typed ones. Only the string entries are read; their
//! values are unescaped (`&quot;` and the like) and wiped when dropped, since
//! they may hold secrets.

use quick_xml::Reader;
use quick_xml::events::Event;
use zeroize::Zeroizing;

use super::{Format, ImportError, Malformation};

/// Whether `bytes` look like a SharedPreferences file: XML text whose root
/// element is `<map>`. Cheap: only the start is looked at.
pub(super) fn looks_like_shared_prefs(bytes: &[u8]) -> bool {
    let start = &bytes[..bytes.len().min(256)];
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    let start = start.trim_ascii_start();
    let after_declaration = if start.starts_with(b"<?xml") {
        start
            .windows(2)
            .position(|pair| pair == b"?>")
            .map_or(&[][..], |end| start[end + 2..].trim_ascii_start())
    } else {
        start
    };
    after_declaration.starts_with(b"<map>") || after_declaration.starts_with(b"<map ")
}

/// Every `<string>` entry of a SharedPreferences file, as (name, value), in
/// the file's order. A file that is not well-formed XML is refused as a
/// damaged `format` file, naming where.
pub(super) fn string_entries(
    bytes: &[u8],
    format: Format,
) -> Result<Vec<(String, Zeroizing<String>)>, ImportError> {
    let malformed = |problem| ImportError::Malformed { format, problem };
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|error| malformed(not_xml(bytes, error.valid_up_to())))?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut entries = Vec::new();
    // Open elements: a file that ends with any still open was cut short,
    // even where what came before it reads well.
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|_| malformed(xml_problem(text, &reader)))?;
        match event {
            Event::Start(element) if element.name().as_ref() == "string" => {
                let name = element
                    .try_get_attribute("name")
                    .ok()
                    .flatten()
                    .and_then(|name| {
                        name.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|name| name.into_owned())
                    })
                    .unwrap_or_default();
                let raw = reader
                    .read_text(element.name())
                    .map_err(|_| malformed(xml_problem(text, &reader)))?;
                let raw = Zeroizing::new(raw.to_string());
                let value = quick_xml::escape::unescape(&raw)
                    .map_err(|_| malformed(xml_problem(text, &reader)))?;
                entries.push((name, Zeroizing::new(value.into_owned())));
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth > 0 => return Err(malformed(Malformation::CutShort)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(entries)
}

/// Where the reader stopped, as a line and column; the end of the file is
/// a file cut short.
fn xml_problem(text: &str, reader: &Reader<&[u8]>) -> Malformation {
    let consumed = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
    if consumed >= text.len() {
        return Malformation::CutShort;
    }
    let position = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
    not_xml(text.as_bytes(), position)
}

/// The line and column of byte `position` of `bytes`, counting from 1.
fn not_xml(bytes: &[u8], position: usize) -> Malformation {
    let before = &bytes[..position.min(bytes.len())];
    let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |newline| newline + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Malformation::NotXml { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_entries_are_read_unescaped_and_others_passed_over() {
        let xml = b"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n  \
            <int name=\"key_version\" value=\"121\" />\n  \
            <string name=\"a\">[{&quot;x&quot;:&quot;&lt;1&amp;2&gt;&quot;}]</string>\n  \
            <string name=\"b\"></string>\n</map>\n";
        assert!(looks_like_shared_prefs(xml));
        let entries = string_entries(xml, Format::Authy).unwrap();
        let entries: Vec<(&str, &str)> = entries
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        assert_eq!(entries, [("a", r#"[{"x":"<1&2>"}]"#), ("b", "")]);
    }

    #[test]
    fn damaged_xml_is_refused_with_where() {
        let xml = b"<map>\n  <string name=\"a\">x</strin>\n</map>";
        let error = string_entries(xml, Format::Authy).unwrap_err();
        assert!(
            matches!(
                error,
                ImportError::Malformed {
                    problem: Malformation::NotXml { line: 2, .. },
                    ..
                }
            ),
            "{error:?}"
        );
        let whole =
            b"<map>\n  <string name=\"a\">x</string>\n  <string name=\"b\">y</string>\n</map>\n";
        assert_eq!(string_entries(whole, Format::Authy).unwrap().len(), 2);
        for cut in [10, 28, 40, whole.len() - 8] {
            let error = string_entries(&whole[..cut], Format::Authy).unwrap_err();
            assert!(
                matches!(
                    error,
                    ImportError::Malformed {
                        problem: Malformation::CutShort,
                        ..
                    }
                ),
                "cut at {cut}: {error:?}"
            );
        }
        assert!(!looks_like_shared_prefs(b"{\"map\": 1}"));
        assert!(!looks_like_shared_prefs(b"<?xml version='1.0'?><plist>"));
    }
}
