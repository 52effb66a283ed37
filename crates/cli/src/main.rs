//! `safekeep`: the command line over Safekeep's vault.
//!
//! A thin shell: it parses arguments, unlocks the vault and calls the core;
//! every rule about secrets, tokens and files lives in `safekeep-core`.
//! Output that scripts read (a code, a token) goes to stdout alone; everything
//! said to the person goes to stderr.

mod args;
mod commands;
mod input;
mod output;
mod unlock;

use std::process::ExitCode;

use clap::Parser;

/// Why the CLI stopped, with the exit code scripts can tell apart.
pub struct Failure {
    /// One line for stderr: what happened and what to do.
    pub message: String,
    /// 1 for most errors; see [`exit`] for the others.
    pub code: u8,
}

/// Exit codes other than 0 and 1, part of the CLI's contract.
pub mod exit {
    /// The query matched several accounts.
    pub const AMBIGUOUS: u8 = 2;
    /// No unused backup token is left.
    pub const NO_TOKENS_LEFT: u8 = 3;
}

impl Failure {
    fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 1,
        }
    }
}

impl<E: safekeep_core::i18n::Message> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure::new(error.localized(safekeep_core::i18n::Language::En))
    }
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("safekeep: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}
