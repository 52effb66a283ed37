//! QR codes: reading the ones in a picture (a screenshot of a site's setup
//! page, a photo, an exported migration QR) and drawing one as SVG to move an
//! account to a phone.

use std::io::Cursor;

use zeroize::Zeroizing;

use crate::i18n::{Message, MessageArg};

/// Pictures with more pixels than this are refused, from the size their
/// header gives and before anything is decoded. 40 million pixels take in an
/// 8K screenshot (33 MP) and a phone's full-resolution photo (12 to 24 MP;
/// 48 MP cameras save 12 MP unless asked), while a forged 10000 × 10000
/// picture (100 MP), which took 19 s and 505 MB to read, is refused at once.
pub const MAX_PIXELS: u64 = 40_000_000;

/// Pictures longer than this in either direction are refused too: a long
/// full-page screenshot fits, a thin forged strip that would make the
/// detector walk a huge line does not.
pub const MAX_SIDE: u32 = 20_000;

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
        /// The most pixels read, in millions.
        limit_megapixels: u64,
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
            QrReadError::TooLarge {
                width,
                height,
                limit_megapixels,
            } => vec![
                ("width", (*width).into()),
                ("height", (*height).into()),
                ("limit", (*limit_megapixels).into()),
            ],
            _ => Vec::new(),
        }
    }
}
crate::localized_error!(QrReadError);

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

/// The text of every QR code found in a PNG or JPEG picture, in the order
/// found. The texts may hold secrets (otpauth links), hence `Zeroizing`.
pub fn read_qr_codes(picture: &[u8]) -> Result<Vec<Zeroizing<String>>, QrReadError> {
    read_qr_codes_in_grey(&decode_grey(picture)?)
}

/// A PNG or JPEG picture in greyscale, its size checked from its header
/// before anything is decoded (see [`check_picture_size`]).
pub(crate) fn decode_grey(picture: &[u8]) -> Result<image::GrayImage, QrReadError> {
    let reader = || {
        image::ImageReader::new(Cursor::new(picture))
            .with_guessed_format()
            .map_err(|_| QrReadError::NotAnImage)
    };
    // Only the header is read here.
    let (width, height) = reader()?
        .into_dimensions()
        .map_err(|_| QrReadError::NotAnImage)?;
    check_picture_size(width, height)?;
    // The same bound again inside the decoder, so a file whose frames claim
    // more than its header cannot make it allocate more.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    let mut decoder = reader()?;
    decoder.limits(limits);
    let mut decoded = decoder.decode().map_err(|_| QrReadError::NotAnImage)?;
    let grey = decoded.to_luma8();
    // The colour pixels may show more than the QR code (a screenshot): they
    // are wiped before they are freed, for the 8-bit layouts screenshots and
    // photos come in.
    let colour: Option<&mut [u8]> = match &mut decoded {
        image::DynamicImage::ImageRgba8(pixels) => Some(pixels),
        image::DynamicImage::ImageRgb8(pixels) => Some(pixels),
        image::DynamicImage::ImageLumaA8(pixels) => Some(pixels),
        image::DynamicImage::ImageLuma8(pixels) => Some(pixels),
        _ => None,
    };
    if let Some(colour) = colour {
        zeroize::Zeroize::zeroize(colour);
    }
    Ok(grey)
}

/// Refuses a picture of `width` × `height` when it is larger than any real
/// screenshot or photo ([`MAX_PIXELS`], [`MAX_SIDE`]).
pub fn check_picture_size(width: u32, height: u32) -> Result<(), QrReadError> {
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(QrReadError::TooLarge {
            width,
            height,
            limit_megapixels: MAX_PIXELS / 1_000_000,
        });
    }
    Ok(())
}

/// The text of every QR code found in a greyscale picture already in
/// memory (the clipboard's picture, the screen), in the order found.
pub fn read_qr_codes_in_grey(
    grey: &image::GrayImage,
) -> Result<Vec<Zeroizing<String>>, QrReadError> {
    check_picture_size(grey.width(), grey.height())?;
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
    use safekeep_testkit::qr::{ImageFormat, picture_of_qr_codes};

    /// Renders `text` as a QR code into a PNG, the way a screenshot holds it.
    fn png_of_qr(text: &str, scale: u32) -> Vec<u8> {
        picture_of_qr_codes(&[text], scale, ImageFormat::Png)
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

    /// CRC-32 as PNG chunks use it, to forge a header in a test.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A small PNG whose header claims `width` × `height`.
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        let mut png = png_of_qr("hello", 2);
        // Signature (8), IHDR length (4), "IHDR" (4), then width and height.
        png[16..20].copy_from_slice(&width.to_be_bytes());
        png[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        png
    }

    #[test]
    fn a_picture_over_the_pixel_limit_is_refused_from_its_header() {
        let started = std::time::Instant::now();
        for (width, height) in [(10_000, 10_000), (8_000, 5_001), (20_001, 100)] {
            assert_eq!(
                read_qr_codes(&png_claiming(width, height)),
                Err(QrReadError::TooLarge {
                    width,
                    height,
                    limit_megapixels: 40
                }),
                "{width} × {height}"
            );
        }
        // Nothing was decoded: refusing three "huge" pictures is instant.
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        // At the limit, the header passes and the (lying) data is what fails.
        assert_eq!(
            read_qr_codes(&png_claiming(8_000, 5_000)),
            Err(QrReadError::NotAnImage)
        );
        let message = QrReadError::TooLarge {
            width: 10_000,
            height: 10_000,
            limit_megapixels: 40,
        }
        .localized(crate::i18n::Language::Nl);
        assert!(message.contains("40"), "{message}");
    }

    #[test]
    fn a_drawn_code_is_an_svg_with_a_view_box() {
        let svg = draw_qr_svg("otpauth://totp/x?secret=JBSWY3DP").unwrap();
        assert!(svg.contains("<svg") && svg.contains("viewBox"));
        assert_eq!(draw_qr_svg(&"x".repeat(5000)), Err(QrDrawError::TooLong));
    }
}
