//! Several computers, one vault: the rules that let each computer write
//! only its own file in a folder that the user's sync engine (Syncthing,
//! Nextcloud, Dropbox, a USB stick) copies around, and see the merge of
//! every computer's file.
//!
//! - `hlc.rs`: the hybrid logical clock that orders edits, and why a wrong
//!   wall clock cannot win for ever;
//! - `replica.rs`: what a device file holds that is shared (each field
//!   stamped, removals, used marks), and how the accounts every command
//!   works on are made from it and changes to them recorded back;
//! - `merge.rs`: the pure merge of two replicas;
//! - `double_use.rs`: a backup token that two computers used.
//!
//! Settings that belong to one computer (auto-lock, language, the window)
//! are not merged: each computer keeps its own.

mod double_use;
mod hlc;
mod merge;
mod replica;

pub use double_use::{DoubleUse, DoubleUseKey, double_uses};
pub use hlc::{Clock, DeviceId, Hlc, wall_millis};
pub use merge::{merge, merge_all};
pub use replica::{Replica, Stamped};

/// The name a computer gives itself when the person gives none: its host
/// name, else "this computer" with a few digits of randomness so two such
/// computers can still be told apart.
pub fn default_device_name() -> String {
    ["/etc/hostname", "/proc/sys/kernel/hostname"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .chain(std::env::var("COMPUTERNAME").ok())
        .map(|name| crate::text::shown_name(name.trim()))
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| format!("computer {:04}", rand::random::<u16>() % 10_000))
}

#[cfg(test)]
mod tests;
