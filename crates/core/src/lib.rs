//! Safekeep's core: everything that is not UI.
//!
//! Codes ([`otp`]), backup tokens ([`tokens`]), accounts ([`account`]) and the
//! pinned ones the tray offers ([`at_hand`]), the
//! encrypted vault ([`vault`]) and the OS keychain it keeps its key in
//! ([`keychain`]), encrypted backups ([`backup`]) and the printable
//! recovery sheet ([`sheet`]), the order lists show accounts in ([`order`]),
//! the desktop app's settings kept outside the vault ([`desktop_settings`]), how strong a new password is
//! ([`password_strength`]), the rule for names and notes shown to
//! people ([`text`]), and the clock and how a moment is written ([`time`]). The CLI and the desktop app are thin shells
//! over this crate: a rule about secrets, tokens or files lives here, once.

pub mod account;
pub mod at_hand;
pub mod backup;
pub mod capture;
pub mod desktop_settings;
pub mod formats;
pub mod i18n;
pub mod kdf_bounds;
pub mod keychain;
pub mod order;
pub mod otp;
pub mod password_strength;
pub mod qr;
pub mod sheet;
pub mod sync;
pub mod text;
pub mod time;
pub mod tokens;
pub mod vault;
