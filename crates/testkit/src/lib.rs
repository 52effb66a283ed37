//! What Safekeep's tests share, in one place: the core's and the CLI's
//! tests, the e2e crate and the fuzz seeds use it instead of keeping copies.
//!
//! - [`oathtool`]: the independent code oracle (OATH Toolkit's `oathtool`);
//! - [`secrets`]: random secrets and tokens, and base32 written out by hand;
//! - [`leaks`]: the search for a secret or token in every form it could
//!   leak in;
//! - [`dbus`]: a session bus with nothing on it, for tests of a missing
//!   keychain, and a private session with its own keyring, for a second
//!   computer;
//! - [`clock`]: a program whose wall clock is set wrong (libfaketime);
//! - [`process`]: running a program with a deadline and collecting what it
//!   said, and services that log to a file and die with the test;
//! - [`cli`]: a private world (data folder, keychain service) for the
//!   `safekeep` binary, and what a vault file's clear header says;
//! - [`app_files`]: the encryption of Aegis and 2FAS files, as those apps
//!   do it;
//! - [`qr`]: pictures of QR codes;
//! - [`syncthing`]: two computers sharing a folder through a real
//!   Syncthing, for the tests of sync.
//!
//! It depends on nothing of Safekeep's own (see Cargo.toml), so it is an
//! oracle the code under test cannot bend, and has no test-only features.

pub mod app_files;
pub mod cli;
pub mod clock;
pub mod dbus;
pub mod leaks;
pub mod oathtool;
pub mod process;
pub mod qr;
pub mod secrets;
pub mod syncthing;
