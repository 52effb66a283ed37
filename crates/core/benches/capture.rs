//! How long "Scan the screen" takes to find and read the QR code on a
//! 2560 × 1440 screen holding one code (issue 13's target: under 500 ms).
//! Timed from the greyscale picture capture.rs makes of the X server's
//! pixels; the X GetImage itself is not part of it.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use image::{GrayImage, Luma};
use safekeep_core::capture::Captured;
use safekeep_testkit::qr::{ImageFormat, picture_of_qr_codes};

/// A white 2560 × 1440 screen with one QR code (6 pixels a module) in it.
fn screen_with_one_code() -> GrayImage {
    let png = picture_of_qr_codes(
        &["otpauth://totp/Site:me?secret=JBSWY3DPEHPK3PXP&issuer=Site"],
        6,
        ImageFormat::Png,
    );
    let code = image::load_from_memory(&png).expect("a PNG").into_luma8();
    let mut screen = GrayImage::from_pixel(2560, 1440, Luma([255]));
    image::imageops::overlay(&mut screen, &code, 1700, 500);
    screen
}

fn scan(c: &mut Criterion) {
    let mut group = c.benchmark_group("capture");
    group.sample_size(10);
    let screen = screen_with_one_code();
    group.bench_function("screen-2560x1440-one-code/read", |b| {
        b.iter(|| {
            let captured = Captured::from_grey(screen.clone());
            let restored = captured.restore().expect("the code is found");
            assert_eq!(restored.accounts.len(), 1);
            black_box(restored)
        })
    });
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);
