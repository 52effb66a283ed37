//! Pictures of QR codes, as a screenshot or a photo of a phone holds them:
//! for the tests of the QR reader and the seeds of its fuzz target.

use std::io::Cursor;

pub use image::ImageFormat;

/// The quiet zone around each code, in modules, as the QR standard asks.
const QUIET_ZONE: u32 = 4;

/// A picture of QR codes of `texts` side by side, black on white, each in
/// its quiet zone, `scale` pixels per module, encoded as `format`.
pub fn picture_of_qr_codes(texts: &[&str], scale: u32, format: ImageFormat) -> Vec<u8> {
    let codes: Vec<qrcode::QrCode> = texts
        .iter()
        .map(|text| qrcode::QrCode::new(text.as_bytes()).expect("fits a QR code"))
        .collect();
    let side = codes
        .iter()
        .map(|code| u32::try_from(code.width()).expect("a QR code is small"))
        .max()
        .expect("at least one text")
        + 2 * QUIET_ZONE;
    let count = u32::try_from(codes.len()).expect("a few codes");
    let picture = image::GrayImage::from_fn(side * scale * count, side * scale, |x, y| {
        let (slot, mx, my) = ((x / scale) / side, (x / scale) % side, y / scale);
        let code = &codes[slot as usize];
        let width = u32::try_from(code.width()).expect("a QR code is small");
        let dark = mx >= QUIET_ZONE
            && my >= QUIET_ZONE
            && mx < width + QUIET_ZONE
            && my < width + QUIET_ZONE
            && code[((mx - QUIET_ZONE) as usize, (my - QUIET_ZONE) as usize)]
                == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut bytes = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut bytes), format)
        .expect("the picture encodes");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each code sits in its quiet zone, `scale` pixels a module, and the
    /// picture reads back as what was drawn.
    #[test]
    fn codes_stand_side_by_side_in_their_quiet_zones() {
        let png = picture_of_qr_codes(&["one", "two"], 3, ImageFormat::Png);
        let picture = image::load_from_memory(&png).unwrap().to_luma8();
        // "one" and "two" fit the smallest code: 21 modules and the zones.
        let side = (21 + 2 * QUIET_ZONE) * 3;
        assert_eq!(picture.dimensions(), (2 * side, side));
        let corner = QUIET_ZONE * 3;
        for slot in 0..2 {
            let left = slot * side;
            assert_eq!(picture.get_pixel(left + corner - 1, corner).0, [255]);
            // A finder pattern's dark corner starts each code.
            assert_eq!(picture.get_pixel(left + corner, corner).0, [0]);
        }
        let jpeg = picture_of_qr_codes(&["one"], 2, ImageFormat::Jpeg);
        assert_eq!(image::guess_format(&jpeg).unwrap(), ImageFormat::Jpeg);
    }
}
