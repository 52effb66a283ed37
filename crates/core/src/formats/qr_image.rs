//! A PNG or JPEG picture of one or more QR codes: a screenshot of a site's
//! setup page, a photo of a printed code, or Google Authenticator's export
//! screen.
//!
//! Every QR code found is read: an `otpauth://` link becomes an account, an
//! `otpauth-migration:` link (Google Authenticator's export) becomes the
//! accounts it holds, and any other code (a web address, a Wi-Fi password) is
//! reported as `QR code N`, so the user knows it was seen and passed over.
//! The numbers follow the order in which the codes were found.

use super::google::MigrationReader;
use super::otpauth_list::starts_with_ignore_case;
use super::{Format, ImportError, Malformation, RejectedEntry, Restorable, Restored};
use crate::i18n::Message;
use crate::qr::{read_qr_codes, read_qr_codes_in_grey};

/// A picture of QR codes.
pub struct QrImage;

/// The first bytes of every PNG file.
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The first bytes of every JPEG file.
const JPEG_MAGIC: &[u8] = b"\xFF\xD8\xFF";

impl Restorable for QrImage {
    const FORMAT: Format = Format::QrImage;

    /// True for PNG and JPEG files, by their first bytes.
    fn detect(bytes: &[u8]) -> bool {
        bytes.starts_with(PNG_MAGIC) || bytes.starts_with(JPEG_MAGIC)
    }

    fn restore(bytes: &[u8], _password: Option<&str>) -> Result<Restored, ImportError> {
        restore_codes(read_qr_codes(bytes))
    }
}

impl QrImage {
    /// Reads every QR code in a picture already in memory (the clipboard's
    /// picture, the screen), with the same report as a picture file.
    pub fn restore_grey(grey: &image::GrayImage) -> Result<Restored, ImportError> {
        restore_codes(read_qr_codes_in_grey(grey))
    }
}

/// Turns the QR codes found in a picture into accounts: links and
/// migration links are read, any other code named among the rejected.
fn restore_codes(
    found: Result<Vec<zeroize::Zeroizing<String>>, crate::qr::QrReadError>,
) -> Result<Restored, ImportError> {
    let texts = found.map_err(|error| ImportError::Malformed {
        format: QrImage::FORMAT,
        problem: Malformation::Picture(error),
    })?;
    let mut reader = MigrationReader::new();
    for (index, text) in texts.iter().enumerate() {
        let name = format!("QR code {}", index + 1);
        let text = text.trim();
        if starts_with_ignore_case(text.as_bytes(), b"otpauth-migration:") {
            reader.read_migration_link(&name, text);
        } else if starts_with_ignore_case(text.as_bytes(), b"otpauth:") {
            reader.read_link(&name, text);
        } else {
            reader.reject(RejectedEntry::new(
                name,
                &QrImportError::NotAnAuthenticatorCode,
            ));
        }
    }
    reader.finish(QrImage::FORMAT)
}

/// Why a QR code in a picture was passed over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QrImportError {
    /// The code holds something other than an authenticator link.
    NotAnAuthenticatorCode,
}

impl Message for QrImportError {
    fn message_id(&self) -> &'static str {
        match self {
            QrImportError::NotAnAuthenticatorCode => "import-qr-not-a-code",
        }
    }
}
crate::localized_error!(QrImportError);

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::i18n::Language;
    use crate::qr::QrReadError;
    use safekeep_testkit::qr::{ImageFormat, picture_of_qr_codes};

    /// PNG of QR codes of `texts`, side by side, as a screenshot holds them.
    fn png_of_qr_codes(texts: &[&str]) -> Vec<u8> {
        picture_of_qr_codes(texts, 4, ImageFormat::Png)
    }

    #[test]
    fn pictures_are_detected_by_their_first_bytes() {
        assert!(QrImage::detect(b"\x89PNG\r\n\x1a\nrest"));
        assert!(QrImage::detect(b"\xFF\xD8\xFF\xE0rest"));
        assert!(!QrImage::detect(
            b"otpauth://totp/a?secret=JBSWY3DPEHPK3PXP"
        ));
        assert!(!QrImage::detect(b"\x89PN"));
    }

    #[test]
    fn links_are_read_and_other_codes_reported() {
        let png = png_of_qr_codes(&[
            "otpauth://totp/Site:me?secret=JBSWY3DPEHPK3PXP&issuer=Site",
            "https://example.com/",
        ]);
        assert!(QrImage::detect(&png));
        let restored = QrImage::restore(&png, None).unwrap();
        assert_eq!(restored.accounts.len(), 1);
        assert_eq!(restored.accounts[0].issuer, "Site");
        assert_eq!(restored.rejected.len(), 1);
        assert!(restored.rejected[0].name.starts_with("QR code "));
        assert_eq!(restored.rejected[0].reason_id, "import-qr-not-a-code");
    }

    #[test]
    fn pictures_without_codes_are_malformed() {
        let mut png = Vec::new();
        image::GrayImage::from_pixel(64, 64, image::Luma([255]))
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let error = QrImage::restore(&png, None).unwrap_err();
        assert_eq!(
            error,
            ImportError::Malformed {
                format: Format::QrImage,
                problem: Malformation::Picture(QrReadError::NoQrCode)
            }
        );
        assert!(matches!(
            QrImage::restore(b"\x89PNG\r\n\x1a\n", None),
            Err(ImportError::Malformed { .. })
        ));
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let error = QrImportError::NotAnAuthenticatorCode;
        let english = error.localized(Language::En);
        let dutch = error.localized(Language::Nl);
        assert_ne!(english, error.message_id());
        assert_ne!(dutch, error.message_id());
        assert_ne!(english, dutch);
    }
}
