//! WinAuth's zip export (File › Export, a name ending in `.zip`), as
//! WinAuth 3 writes it (`WinAuthHelper.ExportAuthenticators`): one text file
//! named after the archive (`export.txt` in `export.zip`), holding one
//! `otpauth://` link per line, encrypted with the old ZipCrypto when a
//! password was given (SharpZipLib's default). WinAuth reads every `.txt`
//! file of such an archive back, and so does this reader.
//!
//! WinAuth's plain text export is the same text outside an archive, which
//! the otpauth list reader reads. Its Steam links carry Steam's enrolment
//! data in a `data=` parameter, read by [`crate::otp::parse_otpauth_uri`].

use super::google::MigrationReader;
use super::otpauth_list::{Strictness, read_lines};
use super::zip_archive::{base_name, is_zip, lists_file, read_files};
use super::{Format, ImportError, Restorable, Restored};

/// The WinAuth zip export format.
pub struct WinAuth;

/// Whether an archive path names a text file, which WinAuth reads links from.
fn is_text_file(path: &str) -> bool {
    let name = base_name(path);
    name.len() > 4 && name.to_ascii_lowercase().ends_with(".txt")
}

impl Restorable for WinAuth {
    const FORMAT: Format = Format::WinAuth;

    /// True for a zip archive listing a `.txt` file. Raivo's archive, which
    /// holds a `.json` file, is detected before this one.
    fn detect(bytes: &[u8]) -> bool {
        is_zip(bytes) && lists_file(bytes, Format::WinAuth, is_text_file)
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        let texts = read_files(bytes, Format::WinAuth, password, is_text_file)?;
        let mut reader = MigrationReader::new();
        let mut links = 0;
        for text in &texts {
            links += read_lines(text, &mut reader, Strictness::EveryLine);
        }
        if links == 0 {
            return Err(ImportError::Empty {
                format: Format::WinAuth,
            });
        }
        reader.finish(Format::WinAuth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_named_dot_txt() {
        assert!(is_text_file("export.txt"));
        assert!(is_text_file("folder/EXPORT.TXT"));
        assert!(!is_text_file(".txt"));
        assert!(!is_text_file("raivo-otp-export.json"));
    }
}
