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
    /// No display to capture: neither `DISPLAY` nor `WAYLAND_DISPLAY` is
    /// set (a text console, SSH without forwarding).
    NoDisplay,
    /// A Wayland session (or an X11 capture that failed) and no desktop
    /// portal answers the Screenshot request on the session bus.
    NoScreenshotPortal,
    /// The desktop portal answered, but the screenshot was refused or
    /// cancelled (the user said no in the desktop's dialog).
    ScreenshotRefused,
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
            CaptureError::NoScreenshotPortal => "capture-no-screenshot-portal",
            CaptureError::ScreenshotRefused => "capture-screenshot-refused",
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

/// The whole screen as it is now, in greyscale, captured once.
///
/// On X11, every monitor of the X display (they share one root window), in
/// memory only. In a Wayland session, through the desktop portal's
/// Screenshot request ([`portal`]), since an X client there sees only the
/// other X clients' windows; the X11 capture is the fallback when no portal
/// answers, and the portal is the fallback when the X11 capture fails.
#[cfg(all(unix, not(target_os = "macos")))]
pub fn screen_picture() -> Result<Captured, CaptureError> {
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    let (x11, wayland) = (set("DISPLAY"), set("WAYLAND_DISPLAY"));
    match (x11, wayland) {
        (false, false) => Err(CaptureError::NoDisplay),
        (false, true) => portal::capture(None),
        (true, true) => match portal::capture(None) {
            Err(CaptureError::NoScreenshotPortal) => x11::capture_root(),
            captured => captured,
        },
        // The X11 error is the one to report when there is no portal
        // either: it is the capture this session is meant to use.
        (true, false) => {
            x11::capture_root().or_else(|error| portal::capture(None).map_err(|_| error))
        }
    }
}

/// No screen capture here: Safekeep captures X11 screens only.
#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn screen_picture() -> Result<Captured, CaptureError> {
    Err(CaptureError::Unsupported)
}

#[cfg(all(unix, not(target_os = "macos")))]
mod portal {
    //! The xdg-desktop-portal Screenshot request (`ashpd`): the desktop
    //! takes the screenshot, writes it to a file and hands back its URI.
    //!
    //! What Safekeep can and cannot guarantee here: it reads the file once,
    //! into memory wiped when dropped, decodes it into a greyscale picture
    //! (the colour pixels are wiped too, see `qr::decode_grey`), and deletes
    //! the file when it lies in a temporary place (the system's temporary
    //! folder or `$XDG_RUNTIME_DIR`, where portals put screenshots taken for
    //! an app). The portal itself writes the file; whether a backend keeps
    //! another copy, or writes it to the user's Pictures folder (then left
    //! alone, as the user's own file), is up to the desktop. The file's
    //! blocks on disk are freed by the deletion, not overwritten.

    use std::path::{Path, PathBuf};

    use ashpd::desktop::screenshot::Screenshot;

    use super::{CaptureError, Captured};
    use crate::formats::read_chosen_file;
    use crate::qr::decode_grey;

    /// Asks the portal on `bus` (the session bus when `None`) for a
    /// screenshot of the whole screen, without its dialog where the desktop
    /// allows that, and reads it.
    pub(super) fn capture(bus: Option<ashpd::zbus::Connection>) -> Result<Captured, CaptureError> {
        let request = async {
            Screenshot::request()
                .interactive(false)
                .modal(false)
                .connection(bus)
                .send()
                .await?
                .response()
        };
        let screenshot = ashpd::zbus::block_on(request).map_err(error_of)?;
        let path = local_path(screenshot.uri().as_str()).ok_or(CaptureError::ScreenUnreadable)?;
        let bytes = read_chosen_file(&path);
        if in_a_temporary_place(&path) {
            // Best effort: a file left behind is only as exposed as any
            // other file of the user's temporary folder.
            let _ = std::fs::remove_file(&path);
        }
        let bytes = bytes.map_err(|_| CaptureError::ScreenUnreadable)?;
        decode_grey(&bytes)
            .map(Captured)
            .map_err(CaptureError::PictureUnreadable)
    }

    /// Which capture error an `ashpd` error is: no portal answering (no
    /// session bus, no portal service on it, or one without Screenshot: the
    /// bus's own errors), a refusal, or anything else.
    fn error_of(error: ashpd::Error) -> CaptureError {
        use ashpd::PortalError;
        use ashpd::desktop::ResponseError;
        match error {
            ashpd::Error::Response(ResponseError::Cancelled | ResponseError::Other)
            | ashpd::Error::Portal(PortalError::Cancelled(_) | PortalError::NotAllowed(_)) => {
                CaptureError::ScreenshotRefused
            }
            ashpd::Error::PortalNotFound(_)
            | ashpd::Error::Zbus(_)
            | ashpd::Error::Portal(PortalError::ZBus(_)) => CaptureError::NoScreenshotPortal,
            _ => CaptureError::ScreenUnreadable,
        }
    }

    /// The path of a `file://` URI, percent-decoded; `None` for any other.
    fn local_path(uri: &str) -> Option<PathBuf> {
        let url = url::Url::parse(uri).ok()?;
        url.to_file_path().ok()
    }

    /// Whether `path` is in the system's temporary folder or the user's
    /// runtime folder, where a portal puts a screenshot made for an app.
    fn in_a_temporary_place(path: &Path) -> bool {
        let runtime = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from);
        [Some(std::env::temp_dir()), runtime]
            .into_iter()
            .flatten()
            .any(|folder| path.starts_with(folder))
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::i18n::{Language, Message};
        use std::io::BufRead;

        /// A private D-Bus daemon that offers no service at all (its
        /// configuration names no service folder), and a connection to it.
        struct EmptyBus {
            daemon: std::process::Child,
            address: String,
            _config: tempfile::TempDir,
        }

        impl EmptyBus {
            fn start() -> (EmptyBus, ashpd::zbus::Connection) {
                let config = tempfile::tempdir().unwrap();
                let file = config.path().join("bus.conf");
                std::fs::write(
                    &file,
                    format!(
                        "<busconfig><type>session</type>\
                         <listen>unix:dir={}</listen><auth>EXTERNAL</auth>\
                         <policy context=\"default\">\
                         <allow send_destination=\"*\" eavesdrop=\"true\"/>\
                         <allow eavesdrop=\"true\"/><allow own=\"*\"/>\
                         </policy></busconfig>",
                        config.path().display()
                    ),
                )
                .unwrap();
                let mut daemon = std::process::Command::new("dbus-daemon")
                    .arg(format!("--config-file={}", file.display()))
                    .args(["--nofork", "--print-address=1"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("dbus-daemon (package dbus) runs");
                let mut address = String::new();
                std::io::BufReader::new(daemon.stdout.take().unwrap())
                    .read_line(&mut address)
                    .unwrap();
                let connection = ashpd::zbus::block_on(
                    ashpd::zbus::connection::Builder::address(address.trim())
                        .unwrap()
                        .build(),
                )
                .unwrap();
                let bus = EmptyBus {
                    daemon,
                    address: address.trim().to_owned(),
                    _config: config,
                };
                (bus, connection)
            }
        }

        impl EmptyBus {
            fn address(&self) -> &str {
                &self.address
            }
        }

        impl Drop for EmptyBus {
            fn drop(&mut self) {
                let _ = self.daemon.kill();
                let _ = self.daemon.wait();
            }
        }

        #[test]
        fn without_a_portal_on_the_bus_the_scan_says_so() {
            let (_bus, connection) = EmptyBus::start();
            let error = capture(Some(connection)).err();
            assert_eq!(error, Some(CaptureError::NoScreenshotPortal));
            let error = CaptureError::NoScreenshotPortal;
            assert!(error.localized(Language::En).contains("portal"));
            assert!(error.localized(Language::Nl).contains("portal"));
        }

        /// A stand-in for the desktop portal's Screenshot interface: it writes
        /// `picture` to a temporary file, as portals do, and answers with its
        /// URI in the Request's Response signal, the way the portal
        /// specification describes.
        struct FakePortal {
            picture: Vec<u8>,
            written: std::sync::Arc<std::sync::Mutex<Option<PathBuf>>>,
        }

        #[zbus::interface(name = "org.freedesktop.portal.Screenshot")]
        impl FakePortal {
            async fn screenshot(
                &self,
                #[zbus(header)] header: zbus::message::Header<'_>,
                #[zbus(connection)] connection: &zbus::Connection,
                _parent_window: &str,
                options: std::collections::HashMap<&str, zbus::zvariant::Value<'_>>,
            ) -> zbus::zvariant::OwnedObjectPath {
                let token = match options.get("handle_token") {
                    Some(zbus::zvariant::Value::Str(token)) => token.to_string(),
                    _ => "t".to_owned(),
                };
                let sender = header
                    .sender()
                    .unwrap()
                    .trim_start_matches(':')
                    .replace('.', "_");
                let path = format!("/org/freedesktop/portal/desktop/request/{sender}/{token}");
                let file = tempfile::Builder::new()
                    .prefix("Screenshot")
                    .suffix(".png")
                    .tempfile()
                    .unwrap();
                std::fs::write(file.path(), &self.picture).unwrap();
                let (_, kept) = file.keep().unwrap();
                let uri = url::Url::from_file_path(&kept).unwrap().to_string();
                *self.written.lock().unwrap() = Some(kept);
                let mut results = std::collections::HashMap::new();
                results.insert("uri", zbus::zvariant::Value::from(uri));
                connection
                    .emit_signal(
                        None::<()>,
                        path.as_str(),
                        "org.freedesktop.portal.Request",
                        "Response",
                        &(0u32, results),
                    )
                    .await
                    .unwrap();
                zbus::zvariant::OwnedObjectPath::try_from(path).unwrap()
            }

            #[zbus(property)]
            fn version(&self) -> u32 {
                2
            }
        }

        #[test]
        fn a_screenshot_from_the_portal_is_read_and_its_file_deleted() {
            let (bus, connection) = EmptyBus::start();
            let picture = safekeep_testkit::qr::picture_of_qr_codes(
                &["otpauth://totp/Portal:me?secret=JBSWY3DPEHPK3PXP&issuer=Portal"],
                4,
                safekeep_testkit::qr::ImageFormat::Png,
            );
            let written = std::sync::Arc::default();
            let portal = FakePortal {
                picture,
                written: std::sync::Arc::clone(&written),
            };
            // The portal runs on its own connection, under the portal's name.
            let server = ashpd::zbus::block_on(
                zbus::connection::Builder::address(bus.address())
                    .unwrap()
                    .name("org.freedesktop.portal.Desktop")
                    .unwrap()
                    .serve_at("/org/freedesktop/portal/desktop", portal)
                    .unwrap()
                    .build(),
            )
            .unwrap();
            let captured = capture(Some(connection)).expect("the portal's screenshot is read");
            let restored = captured.restore().unwrap();
            assert_eq!(restored.accounts.len(), 1);
            assert_eq!(restored.accounts[0].issuer, "Portal");
            let file = written
                .lock()
                .unwrap()
                .clone()
                .expect("the portal wrote a file");
            assert!(
                !file.exists(),
                "the temporary screenshot {file:?} is deleted"
            );
            drop(server);
        }

        #[test]
        fn only_file_uris_are_read_and_only_temporary_files_deleted() {
            assert_eq!(
                local_path("file:///tmp/Screenshot%20one.png"),
                Some(PathBuf::from("/tmp/Screenshot one.png"))
            );
            assert_eq!(local_path("https://example.com/shot.png"), None);
            assert!(in_a_temporary_place(&std::env::temp_dir().join("shot.png")));
            assert!(!in_a_temporary_place(Path::new(
                "/home/someone/Pictures/Screenshots/shot.png"
            )));
        }
    }
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
            CaptureError::NoScreenshotPortal,
            CaptureError::ScreenshotRefused,
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
