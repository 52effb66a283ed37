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
mod words;

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

    /// The CLI's own error `id`, paired with its `id-next` (what to do).
    fn said(id: &str, args: &[(&'static str, safekeep_core::i18n::MessageArg)]) -> Failure {
        Failure::new(words::error_and_next(id, args))
    }

    /// A core error followed by the CLI's next step `next_id`.
    fn advised(error: &dyn safekeep_core::i18n::Message, next_id: &str) -> Failure {
        Failure::new(words::core_error_and_next(error, next_id, &[]))
    }
}

impl<E: safekeep_core::i18n::Message> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure::new(error.localized(words::language()))
    }
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    words::choose_language(cli.language.map(args::LanguageArg::language));
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("safekeep: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}
