//! The command line's shape: every command, flag and its help text.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Safekeep keeps your two-factor secrets and your sites' backup tokens in an
/// encrypted vault whose key is in your OS keychain, and makes codes offline.
#[derive(Parser)]
#[command(name = "safekeep", version, about, propagate_version = true)]
pub struct Cli {
    /// Read the vault password from the first line of standard input
    /// (with `init`: the password to protect the new vault with).
    #[arg(long, global = true)]
    pub password_stdin: bool,

    /// Open the vault even if it is older than the newest one saved on this
    /// computer (after restoring an old copy on purpose).
    #[arg(long, global = true)]
    pub accept_older_vault: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create the vault, its key kept in the OS keychain (and a password
    /// slot too with --password-stdin).
    Init,
    /// Add an account from an otpauth:// link, or by its parts.
    Add(AddArgs),
    /// List the accounts: issuer, account name, kind, unused/total backup tokens.
    List,
    /// Print the current code of one account.
    Code {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
        /// The time to make the code for, in Unix seconds (default: now).
        #[arg(long)]
        at: Option<u64>,
    },
    /// Work with an account's backup tokens.
    #[command(subcommand)]
    Tokens(TokensCommand),
    /// Remove an account and its backup tokens.
    Remove {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Args)]
pub struct AddArgs {
    /// An otpauth:// link, as in the QR code a site shows.
    #[arg(conflicts_with_all = ["issuer", "label", "secret"])]
    pub uri: Option<String>,
    /// The site, e.g. "GitHub".
    #[arg(long)]
    pub issuer: Option<String>,
    /// Your account name at the site.
    #[arg(long)]
    pub label: Option<String>,
    /// The secret key in base32, as the site shows it. Leave it out for a
    /// site you only keep backup tokens for.
    #[arg(long)]
    pub secret: Option<String>,
    /// The hash algorithm.
    #[arg(long, value_enum, default_value_t = AlgorithmArg::Sha1)]
    pub algorithm: AlgorithmArg,
    /// How many digits a code has (6 to 8).
    #[arg(long, default_value_t = 6)]
    pub digits: u8,
    /// How many seconds a code is valid.
    #[arg(long, default_value_t = 30)]
    pub period: u32,
    /// A counter-based (HOTP) account instead of a time-based one.
    #[arg(long, conflicts_with = "steam")]
    pub hotp: bool,
    /// The HOTP counter to start at.
    #[arg(long, default_value_t = 0, requires = "hotp")]
    pub counter: u64,
    /// A Steam Guard account (5-character codes).
    #[arg(long)]
    pub steam: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AlgorithmArg {
    Sha1,
    Sha256,
    Sha512,
}

#[derive(Subcommand)]
pub enum TokensCommand {
    /// Add the backup tokens a site showed you, pasted on standard input.
    Add {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
        /// Replace the stored tokens (after "Generate more" on the site made
        /// the old ones invalid) instead of adding to them.
        #[arg(long)]
        replace: bool,
    },
    /// List an account's backup tokens, masked unless --reveal is given.
    List {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
        /// Show the tokens in full.
        #[arg(long)]
        reveal: bool,
    },
    /// Print the next unused backup token and mark it used.
    Use {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
    },
    /// Mark one backup token as used (e.g. one you typed from paper).
    MarkUsed {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
        /// The token, in any formatting.
        token: String,
    },
    /// Mark a backup token as unused again (it was not accepted after all).
    Unuse {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
        /// The token, in any formatting.
        token: String,
    },
}
