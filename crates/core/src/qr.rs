//! QR codes: reading the ones in a picture (a screenshot of a site's setup
//! page, a photo, an exported migration QR) and drawing one as SVG to move an
//! account to a phone.

use std::io::Cursor;

use zeroize::Zeroizing;

use crate::i18n::{Message, MessageArg};

/// Pictures larger than this in either direction are refused: a real
/// screenshot or photo is smaller, and decoding a forged huge one would
/// exhaust memory.
const MAX_SIDE: u32 = 10_000;

/// Why no text could be read from a picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QrReadError {
    /// The bytes are not a PNG or JPEG picture we can decode.
    NotAnImage,
    /// The picture is larger than any real screenshot or photo.
    TooLarge {
        /// Its width in pixels.
        width: u32,
        /// Its height in pixels.
        height: u32,
    },
    /// The picture holds no QR code we can find.
    NoQrCode,
    /// A QR code was found but could not be read (blurred, cut off).
    Unreadable,
}

impl Message for QrReadError {
    fn message_id(&self) -> &'static str {
        match self {
            QrReadError::NotAnImage => "qr-not-an-image",
            QrReadError::TooLarge { .. } => "qr-too-large",
            QrReadError::NoQrCode => "qr-none-found",
            QrReadError::Unreadable => "qr-unreadable",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            QrReadError::TooLarge { width, height } => {
                vec![("width", (*width).into()), ("height", (*height).into())]
            }
            _ => Vec::new(),
        }
    }
}
crate::localized_error!(QrReadError);
impl std::error::Error for QrReadError {}

/// Why a QR code could not be drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QrDrawError {
    /// The text does not fit in the largest QR code.
    TooLong,
}

impl Message for QrDrawError {
    fn message_id(&self) -> &'static str {
        "qr-too-long"
    }
}
crate::localized_error!(QrDrawError);
impl std::error::Error for QrDrawError {}

/// The text of every QR code found in a PNG or JPEG picture, in the order
/// found. The texts may hold secrets (otpauth links), hence `Zeroizing`.
pub fn read_qr_codes(picture: &[u8]) -> Result<Vec<Zeroizing<String>>, QrReadError> {
    let reader = image::ImageReader::new(Cursor::new(picture))
        .with_guessed_format()
        .map_err(|_| QrReadError::NotAnImage)?;
    let (width, height) = reader
        .into_dimensions()
        .map_err(|_| QrReadError::NotAnImage)?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(QrReadError::TooLarge { width, height });
    }
    let grey = image::load_from_memory(picture)
        .map_err(|_| QrReadError::NotAnImage)?
        .into_luma8();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        grey.width() as usize,
        grey.height() as usize,
        |x, y| grey.get_pixel(x as u32, y as u32).0[0],
    );
    let grids = prepared.detect_grids();
    if grids.is_empty() {
        return Err(QrReadError::NoQrCode);
    }
    let texts: Vec<Zeroizing<String>> = grids
        .iter()
        .filter_map(|grid| grid.decode().ok())
        .map(|(_, text)| Zeroizing::new(text))
        .collect();
    if texts.is_empty() {
        return Err(QrReadError::Unreadable);
    }
    Ok(texts)
}

/// An SVG picture of a QR code holding `text`, black on white with a quiet
/// zone, scaled by the viewer (it has a viewBox).
pub fn draw_qr_svg(text: &str) -> Result<Zeroizing<String>, QrDrawError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|_| QrDrawError::TooLong)?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build();
    Ok(Zeroizing::new(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `text` as a QR code into a PNG, the way a screenshot holds it.
    fn png_of_qr(text: &str, scale: u32) -> Vec<u8> {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let modules = code.to_colors();
        let side = code.width() as u32;
        let border = 4;
        let size = (side + 2 * border) * scale;
        let picture = image::GrayImage::from_fn(size, size, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let dark = mx >= border
                && my >= border
                && mx < side + border
                && my < side + border
                && modules[((my - border) * side + (mx - border)) as usize] == qrcode::Color::Dark;
            image::Luma([if dark { 0 } else { 255 }])
        });
        let mut png = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    }

    #[test]
    fn a_qr_code_in_a_png_is_read_back() {
        let link = "otpauth://totp/Example:me?secret=JBSWY3DPEHPK3PXP&issuer=Example";
        let texts = read_qr_codes(&png_of_qr(link, 6)).unwrap();
        assert_eq!(texts.len(), 1);
        assert_eq!(texts[0].as_str(), link);
    }

    #[test]
    fn a_picture_without_a_code_says_so() {
        let blank = image::GrayImage::from_pixel(200, 200, image::Luma([255]));
        let mut png = Vec::new();
        blank
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(read_qr_codes(&png), Err(QrReadError::NoQrCode));
    }

    #[test]
    fn bytes_that_are_no_picture_are_refused() {
        assert_eq!(
            read_qr_codes(b"not a picture"),
            Err(QrReadError::NotAnImage)
        );
        assert_eq!(read_qr_codes(&[]), Err(QrReadError::NotAnImage));
        let mut truncated = png_of_qr("hello", 4);
        truncated.truncate(truncated.len() / 2);
        assert!(read_qr_codes(&truncated).is_err());
    }

    #[test]
    fn a_drawn_code_is_an_svg_with_a_view_box() {
        let svg = draw_qr_svg("otpauth://totp/x?secret=JBSWY3DP").unwrap();
        assert!(svg.contains("<svg") && svg.contains("viewBox"));
        assert_eq!(draw_qr_svg(&"x".repeat(5000)), Err(QrDrawError::TooLong));
    }
}
