//! A computer whose clock is wrong, for the tests that show a wrong clock
//! cannot win: Debian's libfaketime (package `faketime`, installed by
//! scripts/setup.sh) preloaded into the program under test, which then
//! reads the wall clock moved by a fixed offset while it keeps running.
//! Nothing in Safekeep knows; the program sees the clock the OS gives it.

use std::path::PathBuf;

/// Where Debian puts the library, one folder per architecture.
const LIBRARY_DIRS: &str = "/usr/lib";
const LIBRARY: &str = "faketime/libfaketime.so.1";

/// The variables that make a program's wall clock read `offset_seconds`
/// ahead (negative: behind) of the real one. Fails the test, saying how to
/// install it, when libfaketime is missing: never skips.
pub fn skewed_clock_envs(offset_seconds: i64) -> Vec<(String, String)> {
    vec![
        ("LD_PRELOAD".to_owned(), library().display().to_string()),
        ("FAKETIME".to_owned(), format!("{offset_seconds:+}")),
        // The monotonic clock stays real: only the wall clock is wrong on
        // a computer whose clock is set wrong.
        ("FAKETIME_DONT_FAKE_MONOTONIC".to_owned(), "1".to_owned()),
    ]
}

/// `/usr/lib/<architecture>/faketime/libfaketime.so.1`.
fn library() -> PathBuf {
    std::fs::read_dir(LIBRARY_DIRS)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join(LIBRARY))
        .find(|path| path.exists())
        .unwrap_or_else(|| {
            panic!(
                "no {LIBRARY} under {LIBRARY_DIRS}: run scripts/setup.sh (Debian package faketime)"
            )
        })
}
