//! A PNG or JPEG picture of QR codes: the image decoders, the QR detector
//! and what the codes found hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::Restorable;
use safekeep_core::formats::qr_image::QrImage;
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let _ = QrImage::detect(data);
    if let Ok(restored) = QrImage::restore(data, None) {
        check_restored(&restored);
    }
});
