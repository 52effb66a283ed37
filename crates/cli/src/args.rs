//! The command line's shape: every command, flag and its help text.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use safekeep_core::formats::Format;
use safekeep_core::i18n::Language;

/// Safekeep keeps your two-factor secrets and your sites' backup tokens in an
/// encrypted vault whose key is in your OS keychain, and makes codes offline.
#[derive(Parser)]
#[command(name = "safekeep", version, about, propagate_version = true)]
pub struct Cli {
    /// Read the vault password from the first line of standard input
    /// (with `init`: the password to protect the new vault with). When a
    /// command also reads another password from standard input (a backup's
    /// or an imported file's), that one is on the next line: one password
    /// per line, the vault's first.
    #[arg(long, global = true)]
    pub password_stdin: bool,

    /// Open the vault even if it is older than the newest one saved on this
    /// computer (after restoring an old copy on purpose).
    #[arg(long, global = true)]
    pub accept_older_vault: bool,

    /// Accept a new password (for `init`, `password set` or `backup`) that
    /// Safekeep finds too easy to guess. Without it such a password is
    /// refused, with the reason.
    #[arg(long, global = true)]
    pub weak_password_ok: bool,

    /// The language Safekeep speaks in, and of the recovery sheet (default:
    /// the system locale; for the sheet, the vault's setting first).
    #[arg(long, global = true, value_enum)]
    pub language: Option<LanguageArg>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create the vault, its key kept in the OS keychain (and a password
    /// slot too with --password-stdin); or, with --join, use the vault that
    /// another computer keeps in a synced folder.
    Init {
        /// Join the vault in this synced folder: it is opened with its
        /// password (asked, or the first line of standard input with
        /// --password-stdin), and this computer gets its own file there and
        /// a key in its own keychain.
        #[arg(long, value_name = "DIR")]
        join: Option<PathBuf>,
        /// With --join: the name the other computers show for this one
        /// (default: this computer's host name).
        #[arg(long, requires = "join")]
        name: Option<String>,
    },
    /// Keep the vault in a folder your sync program (Syncthing, Nextcloud,
    /// Dropbox, a USB stick) copies between your computers.
    #[command(subcommand)]
    Sync(SyncCommand),
    /// Add an account from an otpauth:// link, or by its parts.
    Add(AddArgs),
    /// List the accounts: issuer, account name, kind, unused/total backup
    /// tokens, and whether pinned. Pinned accounts come first; each group is
    /// in the app's order (by name, numbers by value, unless arranged there).
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
    /// Add, change or remove the vault's password, as the app's Settings do.
    #[command(subcommand)]
    Password(PasswordCommand),
    /// Pin an account: it comes first in every list, here and in the app.
    Pin {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
    },
    /// Unpin an account: it goes back to its place among the others.
    Unpin {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
    },
    /// Remove an account and its backup tokens.
    Remove {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Write an encrypted backup of the whole vault to one file.
    ///
    /// It holds the accounts, their backup tokens and which are used, and
    /// opens with its own password on any computer.
    Backup(BackupArgs),
    /// Bring back an encrypted backup made with `backup`.
    ///
    /// By default it is merged into the vault; a backup token used on either
    /// side stays used.
    Restore(RestoreArgs),
    /// Add the accounts of another app's export.
    ///
    /// Reads otpauth links, Google Authenticator exports, QR pictures, Aegis,
    /// 2FAS, Bitwarden (JSON, also password protected, or CSV), andOTP
    /// (plain or encrypted), FreeOTP+, Authenticator Pro (plain or
    /// encrypted), Proton Authenticator (plain or with a password), LastPass
    /// Authenticator, Steam Guard maFiles (Steam Desktop Authenticator,
    /// steamguard-cli; SDA's maFiles folder as a zip, also when encrypted),
    /// TOTP Authenticator's encrypted backup, Raivo OTP's and WinAuth's
    /// exports (their zip, or what is inside), Ente Auth's encrypted export,
    /// FreeOTP's encrypted backup, Authy's token files from a rooted phone,
    /// and the two-factor entries of a KeePass or KeePassXC database. An
    /// encrypted file asks for its password (`--file-password-stdin` reads it
    /// from standard input).
    /// All or nothing; accounts already stored are skipped. For a plain list
    /// of backup tokens for one site, use `safekeep tokens add <site> < FILE`
    /// instead.
    Import(ImportArgs),
    /// Write the accounts to standard output, NOT encrypted.
    ///
    /// As otpauth links, an Aegis plain export, Google Authenticator
    /// migration links, or a printable recovery sheet (HTML) with the unused
    /// backup tokens. Asks first on the terminal; without one, needs --yes.
    Export(ExportArgs),
}

#[derive(Subcommand)]
pub enum SyncCommand {
    /// Move this computer's vault into DIR (a folder your sync program
    /// keeps in step), as this computer's own file there. The vault needs a
    /// password: it is how another computer joins (`safekeep init --join
    /// DIR` there).
    Enable {
        /// The synced folder.
        dir: PathBuf,
        /// The name the other computers show for this one (default: this
        /// computer's host name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Show the synced folder, this computer, and the others with when
    /// their file last changed here.
    Status,
    /// Enter the vault's password once after it, or the vault's key, was
    /// changed on another computer: this computer then follows the new key
    /// (and the new password). The password is asked, or read from the
    /// first line of standard input with --password-stdin.
    CatchUp,
    /// Remove another computer from the vault (a lost or stolen laptop,
    /// one given away): its file is deleted, it no longer syncs, and the
    /// vault gets a new key that its keychain does not open. Your other
    /// computers then ask for the vault's password once (`safekeep sync
    /// catch-up`). Needs the vault's password: asked, or the first line of
    /// standard input with --password-stdin.
    Remove {
        /// The computer's name or id, as `safekeep sync status` shows them.
        computer: String,
    },
}

#[derive(Args)]
pub struct BackupArgs {
    /// The backup file to write (or give it with --output). It is made
    /// readable by you only.
    #[arg(required_unless_present = "output", conflicts_with = "output")]
    pub file: Option<PathBuf>,
    /// The backup file to write.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Read the new backup password from standard input, on the line after
    /// the vault password when --password-stdin is given too (else the
    /// first line). Without it the password is asked twice on the terminal.
    #[arg(long)]
    pub backup_password_stdin: bool,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup file made by `safekeep backup` or the app.
    pub file: PathBuf,
    /// Replace the vault's accounts with the backup's instead of merging.
    /// Accounts only in the vault are removed (asked on the terminal unless
    /// --yes); tokens used here stay used.
    #[arg(long)]
    pub replace: bool,
    /// Do not ask before --replace removes accounts.
    #[arg(long, short)]
    pub yes: bool,
    /// Read the backup password from standard input, on the line after the
    /// vault password when --password-stdin is given too (else the first
    /// line). Without it the password is asked on the terminal.
    #[arg(long)]
    pub backup_password_stdin: bool,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The format of the file; recognised by its contents when left out.
    #[arg(long, value_parser = format_parser())]
    pub format: Option<Format>,
    /// The file another app exported.
    pub file: PathBuf,
    /// Read the file's password (encrypted Aegis or 2FAS exports) from
    /// standard input, on the line after the vault password when
    /// --password-stdin is given too (else the first line). Without it the
    /// password is asked on the terminal when the file needs one.
    #[arg(long)]
    pub file_password_stdin: bool,
}

fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|name| Format::from_name(&name).expect("only listed names get here"))
}

#[derive(Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// With --format sheet: also print each account's secret key, as text
    /// and QR code (the other formats always hold the secrets).
    #[arg(long)]
    pub include_secrets: bool,
    /// Do not ask for confirmation before writing unencrypted secrets or
    /// tokens. Without a terminal to ask on, --yes is required.
    #[arg(long, short)]
    pub yes: bool,
    /// Write to this file, readable by you only, instead of to standard
    /// output. It is written whole or not at all.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With --output: replace the file if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// With --format aegis-encrypted: read the file's new password from
    /// standard input, on the line after the vault password when
    /// --password-stdin is given too (else the first line). Without it the
    /// password is asked twice on the terminal.
    #[arg(long)]
    pub file_password_stdin: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One otpauth:// link per line, as most apps import.
    Otpauth,
    /// An Aegis vault export in plain JSON.
    Aegis,
    /// An Aegis vault export encrypted with a password of its own (Aegis
    /// asks for it on import). The password is asked twice, or read with
    /// --file-password-stdin; it must be as hard to guess as a backup's.
    AegisEncrypted,
    /// Google Authenticator migration links (otpauth-migration://), one per line.
    Google,
    /// A printable HTML page per site with its unused backup tokens.
    Sheet,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LanguageArg {
    En,
    Nl,
}

impl LanguageArg {
    /// The core's language for this choice.
    pub fn language(self) -> Language {
        match self {
            LanguageArg::En => Language::En,
            LanguageArg::Nl => Language::Nl,
        }
    }
}

#[derive(Args)]
pub struct AddArgs {
    /// An otpauth:// link, as in the QR code a site shows. Give `-` to read
    /// it from standard input (on a terminal: pasted without being shown).
    /// As an argument the link's secret is visible to other programs and
    /// kept in your shell history.
    #[arg(conflicts_with_all = ["issuer", "label", "secret", "secret_stdin"])]
    pub uri: Option<String>,
    /// The site, e.g. "GitHub".
    #[arg(long)]
    pub issuer: Option<String>,
    /// Your account name at the site.
    #[arg(long)]
    pub label: Option<String>,
    /// The secret key in base32, as the site shows it. Leave it out for a
    /// site you only keep backup tokens for. Better: --secret-stdin, since
    /// an argument is visible to other programs and kept in your shell
    /// history.
    #[arg(long, conflicts_with = "secret_stdin")]
    pub secret: Option<String>,
    /// Read the secret key from standard input (on a terminal: typed or
    /// pasted without being shown), on the line after the vault password
    /// when --password-stdin is given too.
    #[arg(long)]
    pub secret_stdin: bool,
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
    /// Add the accounts of the QR codes in the picture on the clipboard (a
    /// screenshot you copied), with the same report as importing a QR
    /// picture file.
    #[arg(long, conflicts_with_all = CAPTURE_CONFLICTS)]
    pub from_clipboard: bool,
    /// Add the accounts of every QR code on the screen now (X11): the screen
    /// is captured once, in memory only, and wiped after reading.
    #[arg(long, conflicts_with_all = CAPTURE_CONFLICTS, conflicts_with = "from_clipboard")]
    pub from_screen: bool,
}

/// What a picture taken from the clipboard or screen replaces: the link and
/// the parts given by hand.
const CAPTURE_CONFLICTS: [&str; 7] = [
    "uri",
    "issuer",
    "label",
    "secret",
    "secret_stdin",
    "hotp",
    "steam",
];

#[derive(Clone, Copy, ValueEnum)]
pub enum AlgorithmArg {
    Sha1,
    Sha256,
    Sha512,
}

#[derive(Subcommand)]
pub enum PasswordCommand {
    /// Protect the vault with a password too, or change the password.
    ///
    /// The password is what opens the vault on another computer and when
    /// the keychain cannot help. A password that is too easy to guess is
    /// refused unless --weak-password-ok is given.
    Set {
        /// Read the new password from standard input, on the line after the
        /// vault password when --password-stdin is given too (else the
        /// first line). Without it the password is asked twice on the
        /// terminal.
        #[arg(long)]
        new_password_stdin: bool,
    },
    /// Remove the password; the vault then opens with the OS keychain only.
    /// Refused when the keychain is not a way in.
    Remove,
    /// Whether the password is asked after a lock and at start (on), or
    /// the OS keychain opens the vault without it (off). The CLI honours it
    /// too: with it on, every command asks for the password.
    AskAtUnlock {
        /// `on` or `off`.
        #[arg(value_enum)]
        state: Switch,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Subcommand)]
pub enum TokensCommand {
    /// Add the backup tokens a site showed you, pasted on standard input
    /// (`safekeep tokens add <site> < FILE` for a saved list).
    Add {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
        /// Replace the stored tokens (after "Generate more" on the site made
        /// the old ones invalid) instead of adding to them.
        #[arg(long)]
        replace: bool,
        /// Also add the pieces that were left out because they do not look
        /// like the other tokens (they are listed on stderr without it).
        #[arg(long)]
        keep_all: bool,
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
        /// The token, in any formatting. Leave it out (or give `-`) to type
        /// it without it being shown, or to pipe it in on standard input:
        /// as an argument it is visible to other programs and kept in your
        /// shell history.
        token: Option<String>,
    },
    /// Mark a backup token as unused again (it was not accepted after all).
    Unuse {
        /// Part of the issuer or account name (case-insensitive).
        query: String,
        /// The token, in any formatting. Leave it out (or give `-`) to type
        /// it without it being shown, or to pipe it in on standard input.
        token: Option<String>,
    },
}
