//! Pictures taken from the desktop rather than from a file: the picture on
//! the clipboard (Ctrl+V in the app, `safekeep add --from-clipboard`) and
//! the screen as it is now ("Scan the screen", `safekeep add --from-screen`).
//!
//! Each becomes one greyscale picture for the QR reader, read with the same
//! report as a QR picture file ([`crate::formats::qr_image`]). The pixels
//! stay in memory, are never written to disk, and are wiped when dropped
//! ([`Captured`]): a screen may show more than QR codes.

use image::GrayImage;
use zeroize::Zeroize;

use crate::formats::qr_image::QrImage;
use crate::formats::{ImportError, Restored};
use crate::i18n::{Message, MessageArg};
use crate::qr::{QrReadError, check_picture_size};

/// A captured picture in greyscale, wiped when dropped.
pub struct Captured(GrayImage);

impl Captured {
    /// The accounts of every QR code in the picture, with the same report
    /// as a picture file.
    pub fn restore(&self) -> Result<Restored, ImportError> {
        QrImage::restore_grey(&self.0)
    }

    /// Its width and height in pixels.
    pub fn dimensions(&self) -> (u32, u32) {
        self.0.dimensions()
    }

    /// A greyscale picture, for tests and benchmarks that stand in for a
    /// screen or clipboard.
    pub fn from_grey(grey: GrayImage) -> Captured {
        Captured(grey)
    }
}

impl Captured {
    /// Overwrites every pixel with black.
    fn wipe(&mut self) {
        let pixels: &mut [u8] = &mut self.0;
        pixels.zeroize();
    }
}

impl Drop for Captured {
    fn drop(&mut self) {
        self.wipe();
    }
}

/// Why no picture could be taken from the clipboard or the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaptureError {
    /// The clipboard cannot be reached: no graphical session.
    NoClipboard,
    /// The clipboard holds no picture (text, a file, or nothing).
    NoPictureOnClipboard,
    /// The clipboard's picture cannot be decoded, or is larger than any
    /// real screenshot.
    PictureUnreadable(QrReadError),
    /// No X display to capture: `DISPLAY` is not set and there is no
    /// Wayland session either (a text console, SSH without forwarding).
    NoDisplay,
    /// A Wayland session without X11: the screen can be captured only
    /// through the desktop's own screenshot tool.
    WaylandOnly,
    /// The X server refused the capture or uses a pixel layout we do not
    /// read (fewer than 24 bits per pixel).
    ScreenUnreadable,
    /// This system has no screen capture Safekeep can use (not X11).
    Unsupported,
}

impl Message for CaptureError {
    fn message_id(&self) -> &'static str {
        match self {
            CaptureError::NoClipboard => "capture-no-clipboard",
            CaptureError::NoPictureOnClipboard => "capture-no-picture-on-clipboard",
            CaptureError::PictureUnreadable(error) => error.message_id(),
            CaptureError::NoDisplay => "capture-no-display",
            CaptureError::WaylandOnly => "capture-wayland-only",
            CaptureError::ScreenUnreadable => "capture-screen-unreadable",
            CaptureError::Unsupported => "capture-unsupported",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            CaptureError::PictureUnreadable(error) => error.message_args(),
            _ => Vec::new(),
        }
    }
}
crate::localized_error!(CaptureError);

/// The picture on the clipboard, in greyscale. Reading the clipboard can
/// wait on the program that owns it (a few seconds at most): call it off a
/// window's main thread.
///
/// arboard decodes the clipboard's PNG itself, bounded by the `image`
/// crate's default allocation limit (512 MB); the picture's size is then
/// checked against the same bounds as a picture file before it is read.
pub fn clipboard_picture() -> Result<Captured, CaptureError> {
    let mut clipboard = arboard::Clipboard::new().map_err(|_| CaptureError::NoClipboard)?;
    let image = clipboard.get_image().map_err(|error| match error {
        arboard::Error::ClipboardNotSupported => CaptureError::NoClipboard,
        arboard::Error::ConversionFailure => {
            CaptureError::PictureUnreadable(QrReadError::NotAnImage)
        }
        // No picture offered, or (as `xclip` serving text does) text
        // given when a picture was asked for, which arboard calls unknown.
        _ => CaptureError::NoPictureOnClipboard,
    })?;
    let mut rgba = image.bytes.into_owned();
    let grey = grey_of_rgba(image.width, image.height, &rgba);
    rgba.zeroize();
    grey
}

/// Greyscale of RGBA pixels, refused when larger than a picture file may be.
fn grey_of_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<Captured, CaptureError> {
    let too_large = |width: usize, height: usize| {
        CaptureError::PictureUnreadable(QrReadError::TooLarge {
            width: u32::try_from(width).unwrap_or(u32::MAX),
            height: u32::try_from(height).unwrap_or(u32::MAX),
            limit_megapixels: crate::qr::MAX_PIXELS / 1_000_000,
        })
    };
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(too_large(width, height));
    };
    check_picture_size(w, h).map_err(CaptureError::PictureUnreadable)?;
    if rgba.len() != width * height * 4 {
        return Err(CaptureError::PictureUnreadable(QrReadError::NotAnImage));
    }
    let mut grey = GrayImage::new(w, h);
    for (pixel, rgba) in grey.iter_mut().zip(rgba.chunks_exact(4)) {
        *pixel = luma(rgba[0], rgba[1], rgba[2]);
    }
    Ok(Captured(grey))
}

/// The brightness of a colour, as the `image` crate weighs it (ITU-R 601).
fn luma(red: u8, green: u8, blue: u8) -> u8 {
    ((u32::from(red) * 299 + u32::from(green) * 587 + u32::from(blue) * 114) / 1000) as u8
}

/// The whole screen as it is now (every monitor of the X display: they
/// share one root window), in greyscale. Captured once, in memory only.
#[cfg(all(unix, not(target_os = "macos")))]
pub fn screen_picture() -> Result<Captured, CaptureError> {
    if std::env::var_os("DISPLAY").is_none_or(|display| display.is_empty()) {
        return Err(if std::env::var_os("WAYLAND_DISPLAY").is_some() {
            CaptureError::WaylandOnly
        } else {
            CaptureError::NoDisplay
        });
    }
    x11::capture_root()
}

/// No screen capture here: Safekeep captures X11 screens only.
#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn screen_picture() -> Result<Captured, CaptureError> {
    Err(CaptureError::Unsupported)
}

#[cfg(all(unix, not(target_os = "macos")))]
mod x11 {
    //! The X11 capture: one GetImage of the root window.

    use image::GrayImage;
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, ImageFormat, ImageOrder};
    use zeroize::Zeroize;

    use super::{CaptureError, Captured, luma};
    use crate::qr::check_picture_size;

    /// The root window of the default screen, in greyscale.
    pub(super) fn capture_root() -> Result<Captured, CaptureError> {
        let (connection, screen_number) =
            x11rb::connect(None).map_err(|_| CaptureError::NoDisplay)?;
        let setup = connection.setup();
        let screen = setup
            .roots
            .get(screen_number)
            .ok_or(CaptureError::ScreenUnreadable)?;
        let (width, height) = (screen.width_in_pixels, screen.height_in_pixels);
        check_picture_size(u32::from(width), u32::from(height))
            .map_err(CaptureError::PictureUnreadable)?;
        let visual = screen
            .allowed_depths
            .iter()
            .flat_map(|depth| depth.visuals.iter())
            .find(|visual| visual.visual_id == screen.root_visual)
            .ok_or(CaptureError::ScreenUnreadable)?;
        let masks = [visual.red_mask, visual.green_mask, visual.blue_mask];
        let mut reply = connection
            .get_image(ImageFormat::Z_PIXMAP, screen.root, 0, 0, width, height, !0)
            .map_err(|_| CaptureError::ScreenUnreadable)?
            .reply()
            .map_err(|_| CaptureError::ScreenUnreadable)?;
        let format = setup
            .pixmap_formats
            .iter()
            .find(|format| format.depth == reply.depth)
            .ok_or(CaptureError::ScreenUnreadable)?;
        let layout = Layout {
            width: usize::from(width),
            height: usize::from(height),
            bits_per_pixel: format.bits_per_pixel,
            scanline_pad: format.scanline_pad,
            big_endian: setup.image_byte_order == ImageOrder::MSB_FIRST,
            masks,
        };
        let grey = layout.grey(&reply.data);
        reply.data.zeroize();
        grey.map(Captured)
    }

    /// How the X server lays out the pixels it sends.
    struct Layout {
        width: usize,
        height: usize,
        bits_per_pixel: u8,
        scanline_pad: u8,
        big_endian: bool,
        /// Red, green and blue masks of a pixel value.
        masks: [u32; 3],
    }

    impl Layout {
        /// Greyscale of the pixels; 24- and 32-bit pixels only (every
        /// true-colour desktop today).
        fn grey(&self, data: &[u8]) -> Result<GrayImage, CaptureError> {
            let bytes_per_pixel = match self.bits_per_pixel {
                24 => 3,
                32 => 4,
                _ => return Err(CaptureError::ScreenUnreadable),
            };
            let pad = usize::from(self.scanline_pad.max(8));
            let stride = (self.width * usize::from(self.bits_per_pixel)).div_ceil(pad) * pad / 8;
            if data.len() < stride * self.height {
                return Err(CaptureError::ScreenUnreadable);
            }
            let channel = |value: u32, mask: u32| -> u8 {
                if mask == 0 {
                    return 0;
                }
                let shifted = (value & mask) >> mask.trailing_zeros();
                let max = mask >> mask.trailing_zeros();
                (u64::from(shifted) * 255 / u64::from(max)) as u8
            };
            let mut grey = GrayImage::new(self.width as u32, self.height as u32);
            for (y, row) in data.chunks(stride).take(self.height).enumerate() {
                for (x, pixel) in row
                    .chunks_exact(bytes_per_pixel)
                    .take(self.width)
                    .enumerate()
                {
                    let mut word = [0u8; 4];
                    let value = if self.big_endian {
                        word[4 - bytes_per_pixel..].copy_from_slice(pixel);
                        u32::from_be_bytes(word)
                    } else {
                        word[..bytes_per_pixel].copy_from_slice(pixel);
                        u32::from_le_bytes(word)
                    };
                    let [red, green, blue] = self.masks.map(|mask| channel(value, mask));
                    grey.put_pixel(x as u32, y as u32, image::Luma([luma(red, green, blue)]));
                }
            }
            Ok(grey)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn pixels_are_read_in_the_servers_byte_order_and_masks() {
            let layout = Layout {
                width: 2,
                height: 1,
                bits_per_pixel: 32,
                scanline_pad: 32,
                big_endian: false,
                masks: [0xff0000, 0x00ff00, 0x0000ff],
            };
            // Blue-green-red-unused in memory: white, then pure red.
            let grey = layout.grey(&[255, 255, 255, 0, 0, 0, 255, 0]).unwrap();
            assert_eq!(grey.get_pixel(0, 0).0[0], 255);
            assert_eq!(grey.get_pixel(1, 0).0[0], 76);
            let big = Layout {
                big_endian: true,
                ..layout
            };
            let grey = big.grey(&[0, 255, 0, 0, 0, 0, 0, 255]).unwrap();
            assert_eq!(grey.get_pixel(0, 0).0[0], 76);
            assert_eq!(grey.get_pixel(1, 0).0[0], 29);
        }

        #[test]
        fn short_or_unknown_pixel_data_is_refused() {
            let layout = Layout {
                width: 2,
                height: 2,
                bits_per_pixel: 32,
                scanline_pad: 32,
                big_endian: false,
                masks: [0xff0000, 0x00ff00, 0x0000ff],
            };
            assert_eq!(layout.grey(&[0; 12]), Err(CaptureError::ScreenUnreadable));
            let sixteen = Layout {
                bits_per_pixel: 16,
                ..layout
            };
            assert_eq!(sixteen.grey(&[0; 8]), Err(CaptureError::ScreenUnreadable));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;
    use safekeep_testkit::qr::{ImageFormat, picture_of_qr_codes};

    #[test]
    fn a_captured_picture_is_read_like_a_picture_file() {
        let png = picture_of_qr_codes(
            &["otpauth://totp/Site:me?secret=JBSWY3DPEHPK3PXP&issuer=Site"],
            4,
            ImageFormat::Png,
        );
        let rgba = image::load_from_memory(&png).unwrap().into_rgba8();
        let (width, height) = rgba.dimensions();
        let captured = grey_of_rgba(width as usize, height as usize, &rgba).unwrap();
        let restored = captured.restore().unwrap();
        assert_eq!(restored.accounts.len(), 1);
        assert_eq!(restored.accounts[0].issuer, "Site");
    }

    #[test]
    fn oversized_or_inconsistent_pictures_are_refused() {
        assert!(matches!(
            grey_of_rgba(30_000, 1, &[0; 120_000]),
            Err(CaptureError::PictureUnreadable(
                QrReadError::TooLarge { .. }
            ))
        ));
        assert_eq!(
            grey_of_rgba(2, 2, &[0; 15]).err(),
            Some(CaptureError::PictureUnreadable(QrReadError::NotAnImage))
        );
        let blank = Captured::from_grey(GrayImage::from_pixel(64, 64, image::Luma([255])));
        assert!(matches!(
            blank.restore(),
            Err(ImportError::Malformed { .. })
        ));
    }

    #[test]
    fn a_captured_picture_is_wiped() {
        let mut captured = Captured::from_grey(GrayImage::from_pixel(8, 8, image::Luma([200])));
        captured.wipe();
        assert!(captured.0.iter().all(|&pixel| pixel == 0));
    }

    #[test]
    fn every_message_exists_in_every_language() {
        for error in [
            CaptureError::NoClipboard,
            CaptureError::NoPictureOnClipboard,
            CaptureError::NoDisplay,
            CaptureError::WaylandOnly,
            CaptureError::ScreenUnreadable,
            CaptureError::Unsupported,
        ] {
            let english = error.localized(Language::En);
            let dutch = error.localized(Language::Nl);
            assert_ne!(english, error.message_id());
            assert_ne!(dutch, error.message_id());
            assert_ne!(english, dutch);
        }
    }
}
