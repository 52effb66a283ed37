//! What the CLI prints about a command's result: the reports on stderr
//! (what was added, restored, exported or left out), worded in the run's
//! language through [`crate::words`], and the small formatting rules they
//! share (file paths, times, shell words). The commands decide; this module
//! words it.

use std::path::Path;

use safekeep_core::account::Account;
use safekeep_core::backup::{RestoreMode, RestoreReport};
use safekeep_core::formats;
use safekeep_core::i18n::Message;
use safekeep_core::tokens::{AddReport, LeftOut};

use crate::args::ExportFormat;
use crate::words::{language, say};

/// The kind column of `list`: core's kind name, or "tokens-only" (the CLI's
/// word for core's [`safekeep_core::otp::NO_CODE`], kept for scripts).
fn kind_name(account: &Account) -> &'static str {
    account
        .otp
        .as_ref()
        .map_or("tokens-only", |otp| otp.kind.name())
}

/// Names, on stderr, every piece of the paste that was not added, and how to
/// add them anyway. Printing them is the point: they may be tokens the
/// person needs, and they only go to the terminal that pasted them (never
/// through a message's arguments, which must not hold secrets).
pub fn print_left_out(left_out: &[LeftOut], query: &str) {
    if left_out.is_empty() {
        return;
    }
    let count = [("count", left_out.len().into())];
    eprintln!("{}", say("tokens-left-out-heading", &count));
    for piece in left_out {
        eprintln!(
            "  {}: {}  ({})",
            say("cli-left-out-line", &[("line", piece.line.into())]),
            piece.piece.as_str(),
            piece.reason.localized(language())
        );
    }
    let query = [("query", shell_word(query).into())];
    eprintln!("{}", say("tokens-left-out-hint", &query));
}

/// `query` as one word a shell reads back unchanged, for a command line we
/// suggest.
fn shell_word(query: &str) -> String {
    if !query.is_empty()
        && query
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.@+".contains(c))
    {
        query.to_owned()
    } else {
        format!("'{}'", query.replace('\'', "'\\''"))
    }
}

/// Where a file the user named is, in full, for messages.
pub fn shown(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// What `restore` did: how many accounts were added, matched or removed,
/// and how many used marks the vault kept.
pub fn print_restore_report(report: &RestoreReport, file: &Path) {
    let from = shown(file);
    match report.mode {
        RestoreMode::Merge => {
            let args = [
                ("in_backup", report.in_backup.into()),
                ("file", from.into()),
                ("added", report.added.into()),
                ("matched", report.matched.into()),
                ("tokens_added", report.tokens_added.into()),
                ("only_here", report.only_in_vault.into()),
            ];
            eprintln!("{}", say("cli-restored-merged", &args));
        }
        RestoreMode::Replace => {
            let args = [
                ("in_backup", report.in_backup.into()),
                ("file", from.into()),
                ("removed", report.only_in_vault.into()),
            ];
            eprintln!("{}", say("cli-restored-replaced", &args));
        }
    }
    if report.kept_used > 0 {
        let args = [("count", report.kept_used.into())];
        eprintln!("{}", say("cli-restored-kept-used", &args));
    }
}

/// Says on stderr what went into an export and what did not; which
/// accounts a format leaves out is core's rule ([`formats::export`]).
pub fn report_export(format: ExportFormat, export: &formats::Export) {
    let (what, left_out_because) = match format {
        ExportFormat::Sheet => {
            eprintln!("{}", say("cli-exported-sheet", &[]));
            return;
        }
        ExportFormat::Otpauth => ("cli-exported-as-otpauth", "cli-export-left-out-no-secret"),
        ExportFormat::Google => ("cli-exported-as-google", "cli-export-left-out-google"),
        ExportFormat::Aegis => ("cli-exported-as-aegis", "cli-export-left-out-no-secret"),
        ExportFormat::AegisEncrypted => (
            "cli-exported-as-aegis-encrypted",
            "cli-export-left-out-no-secret",
        ),
    };
    let left_out = if export.left_out.is_empty() {
        String::new()
    } else {
        let args = [
            ("count", export.left_out.len().into()),
            ("why", say(left_out_because, &[]).into()),
        ];
        format!(" {}", say("cli-export-left-out", &args))
    };
    let args = [
        ("count", export.carried.into()),
        ("how", say(what, &[]).into()),
        ("left_out", left_out.into()),
    ];
    eprintln!("{}", say("cli-exported", &args));
    if export.tokens_left_out {
        eprintln!("{}", say("cli-export-tokens-not-included", &[]));
    }
}

/// The `list` table: issuer, account name, kind and unused/total backup
/// tokens, one account per line, the columns padded to line up.
pub fn print_account_table(accounts: &[&Account]) {
    let issuer_width = accounts
        .iter()
        .map(|a| a.issuer.chars().count())
        .max()
        .unwrap_or(0);
    let label_width = accounts
        .iter()
        .map(|a| a.label.chars().count())
        .max()
        .unwrap_or(0);
    for account in accounts {
        let tokens = &account.backup_tokens;
        let args = [
            ("unused", tokens.unused_count().into()),
            ("total", tokens.total().into()),
        ];
        let tokens = say("cli-list-tokens", &args);
        let line = if account.pinned {
            format!("{tokens}  {}", say("cli-list-pinned", &[]))
        } else {
            tokens
        };
        println!(
            "{:issuer_width$}  {:label_width$}  {:11}  {line}",
            account.issuer,
            account.label,
            kind_name(account),
        );
    }
}

/// What `tokens add` did: how many were added or replaced, what was skipped
/// and how many are unused now.
pub fn print_tokens_added(
    report: &AddReport,
    site: &str,
    unused: usize,
    total: usize,
    replace: bool,
) {
    let mut skipped = Vec::new();
    if report.already_stored > 0 {
        let args = [("count", report.already_stored.into())];
        skipped.push(say("cli-tokens-skipped-stored", &args));
    }
    if report.repeated_in_paste > 0 {
        let args = [("count", report.repeated_in_paste.into())];
        skipped.push(say("cli-tokens-skipped-repeated", &args));
    }
    let skipped = if skipped.is_empty() {
        String::new()
    } else {
        let args = [("what", skipped.join(", ").into())];
        format!(" {}", say("cli-tokens-skipped", &args))
    };
    let args = [
        ("dropped", report.dropped.into()),
        ("added", report.added.into()),
        ("site", site.into()),
        ("skipped", skipped.into()),
        ("unused", unused.into()),
        ("total", total.into()),
    ];
    let id = if replace {
        "cli-tokens-replaced"
    } else {
        "cli-tokens-added"
    };
    eprintln!("{}", say(id, &args));
}

/// What `import` did: how many were added, skipped or not readable, and
/// which.
/// Says what an import from `source` (a file's full path, "the clipboard",
/// "the screen") added, skipped and could not read.
pub fn print_import_report(report: formats::ImportReport, source: &str) {
    let (added, skipped, rejected) = (report.added_names, report.skipped_names, report.rejected);
    let args = [
        ("file", source.to_owned().into()),
        ("added", added.len().into()),
        ("skipped", skipped.len().into()),
        ("rejected", rejected.len().into()),
    ];
    eprintln!("{}", say("cli-imported", &args));
    if !added.is_empty() {
        let names = [("names", added.join(", ").into())];
        eprintln!("{}", say("cli-imported-added", &names));
    }
    if !skipped.is_empty() {
        let names = [("names", skipped.join(", ").into())];
        eprintln!("{}", say("cli-imported-skipped", &names));
    }
    for mut entry in rejected {
        entry.word_reason_in(language());
        let args = [("name", entry.name.into()), ("reason", entry.reason.into())];
        eprintln!("{}", say("cli-import-rejected", &args));
    }
}
