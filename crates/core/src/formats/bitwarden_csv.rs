//! Bitwarden's CSV vault export (File › Export vault, file format `.csv`).
//!
//! The first line names the columns: `folder,favorite,type,name,notes,
//! fields,reprompt,login_uri,login_username,login_password,login_totp`
//! (Bitwarden's help page "Condition a Bitwarden .csv file"); the order is
//! read from that line, not assumed. Values are quoted as RFC 4180 says, so
//! notes can hold commas, quotes and line breaks. Each row with a
//! `login_totp` is read as the JSON export reads an item's authenticator key
//! (see [`super::bitwarden`]): a link, a `steam://` key or a bare base32
//! secret, named by the row's `name` and `login_username`; its `folder`
//! becomes the tag. Rows without a key (most of a password manager) are
//! passed over silently.
//!
//! A file cut off is reported when the cut leaves its last row short or ends
//! inside quotes. A cut inside the last value of the last row cannot be
//! seen: CSV has no end marker, and Bitwarden ends the file without a line
//! break. The JSON export has no such blind spot.
//!
//! The few lines of CSV reading are here rather than in a crate because
//! every field may be a secret: each is copied once, into memory that is
//! wiped when dropped, which a general CSV reader's internal buffers are not.

use zeroize::Zeroizing;

use super::bitwarden::keep_item;
use super::json::without_bom;
use super::{Format, ImportError, Malformation, Restorable, Restored};
use crate::time::now;

/// The Bitwarden CSV export format.
pub struct BitwardenCsv;

/// The columns a Bitwarden CSV export always has, which detection asks for.
const NAME: &str = "name";
const TOTP: &str = "login_totp";
const USERNAME: &str = "login_username";
const FOLDER: &str = "folder";

impl Restorable for BitwardenCsv {
    const FORMAT: Format = Format::BitwardenCsv;

    fn detect(bytes: &[u8]) -> bool {
        let bytes = without_bom(bytes);
        let first_line = bytes
            .split(|&byte| byte == b'\n')
            .next()
            .unwrap_or_default();
        let Ok(first_line) = std::str::from_utf8(first_line) else {
            return false;
        };
        let columns: Vec<&str> = first_line.trim_end_matches('\r').split(',').collect();
        [NAME, TOTP, "login_password"]
            .iter()
            .all(|wanted| columns.contains(wanted))
    }

    fn restore(bytes: &[u8], _password: Option<&str>) -> Result<Restored, ImportError> {
        let text = std::str::from_utf8(without_bom(bytes)).map_err(|error| {
            let before = &without_bom(bytes)[..error.valid_up_to()];
            let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
            layout(line, 1)
        })?;
        let mut rows = Rows {
            rest: text,
            line: 1,
        };
        let header = rows
            .next_row()?
            .ok_or_else(|| malformed(Malformation::NoAccountList))?;
        let column = |wanted: &str| header.iter().position(|name| name.as_str() == wanted);
        let (Some(name_at), Some(totp_at)) = (column(NAME), column(TOTP)) else {
            return Err(malformed(Malformation::NoAccountList));
        };
        let (username_at, folder_at) = (column(USERNAME), column(FOLDER));
        let now = now();
        let mut restored = Restored::default();
        while let Some(row) = rows.next_row()? {
            if row.iter().all(|field| field.is_empty()) {
                continue;
            }
            if row.len() != header.len() {
                // A short last row is a file cut off; elsewhere, damage.
                return Err(if rows.rest.trim().is_empty() {
                    malformed(Malformation::CutShort)
                } else {
                    layout(rows.line - 1, row.len() + 1)
                });
            }
            let field = |at: Option<usize>| at.map_or("", |at| row[at].trim());
            let totp = field(Some(totp_at));
            if totp.is_empty() {
                continue;
            }
            let folder = Some(field(folder_at).to_owned()).filter(|folder| !folder.is_empty());
            keep_item(
                &mut restored,
                (field(Some(name_at)), field(username_at)),
                totp,
                folder.as_ref(),
                now,
            );
        }
        restored.unless_empty(Format::BitwardenCsv)
    }
}

/// The rows of RFC 4180 text, one at a time.
struct Rows<'a> {
    rest: &'a str,
    /// The line the next row starts on, counting from 1.
    line: usize,
}

impl Rows<'_> {
    /// The next row's fields, each wiped when dropped; `None` at the end.
    fn next_row(&mut self) -> Result<Option<Vec<Zeroizing<String>>>, ImportError> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let mut fields = Vec::new();
        let mut field = Zeroizing::new(String::new());
        let mut chars = self.rest.char_indices().peekable();
        let mut quoted = false;
        let mut at_field_start = true;
        let mut end = self.rest.len();
        while let Some((index, character)) = chars.next() {
            if quoted {
                match character {
                    '"' if chars.peek().map(|&(_, next)| next) == Some('"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    '\n' => {
                        self.line += 1;
                        field.push('\n');
                    }
                    other => field.push(other),
                }
                continue;
            }
            match character {
                '"' if at_field_start => {
                    quoted = true;
                    at_field_start = false;
                }
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    at_field_start = true;
                }
                '\n' => {
                    end = index + 1;
                    self.line += 1;
                    break;
                }
                '\r' if chars.peek().map(|&(_, next)| next) == Some('\n') => {}
                other => {
                    field.push(other);
                    at_field_start = false;
                }
            }
        }
        if quoted {
            // The file ends inside a quoted value: it was cut off.
            return Err(malformed(Malformation::CutShort));
        }
        fields.push(field);
        self.rest = &self.rest[end..];
        Ok(Some(fields))
    }
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::BitwardenCsv,
        problem,
    }
}

fn layout(line: usize, column: usize) -> ImportError {
    malformed(Malformation::UnexpectedLayout { line, column })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        let mut rows = Rows {
            rest: text,
            line: 1,
        };
        let mut all = Vec::new();
        while let Some(row) = rows.next_row().unwrap() {
            all.push(row.iter().map(|field| field.to_string()).collect());
        }
        all
    }

    #[test]
    fn rows_are_read_as_rfc_4180_says() {
        assert_eq!(
            rows("a,\"b,\"\"c\"\"\r\nd\",\r\n,x\n"),
            [vec!["a", "b,\"c\"\r\nd", ""], vec!["", "x"]]
        );
        assert_eq!(rows("a"), [vec!["a"]]);
        let mut cut = Rows {
            rest: "a,\"b",
            line: 1,
        };
        assert_eq!(
            cut.next_row().unwrap_err(),
            malformed(Malformation::CutShort)
        );
    }

    #[test]
    fn detects_bitwarden_csv_exports_only() {
        assert!(BitwardenCsv::detect(
            b"folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\r\n"
        ));
        assert!(!BitwardenCsv::detect(b"name,login_totp\n"));
        assert!(!BitwardenCsv::detect(
            b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"
        ));
    }
}
