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

#[cfg(test)]
mod tests;
