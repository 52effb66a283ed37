//! What the CLI prints about a command's result: the reports on stderr
//! (what was added, restored, exported or left out) and the small
//! formatting rules they share (counts, file paths, times, shell words).
//! The commands decide; this module words it.

use std::path::Path;

use safekeep_core::account::Account;
use safekeep_core::backup::{RestoreMode, RestoreReport};
use safekeep_core::formats;
use safekeep_core::i18n::{Language, Message, MessageArg, localize};
use safekeep_core::otp::OtpKind;
use safekeep_core::tokens::{AddReport, LeftOut};

use crate::args::{ExportArgs, ExportFormat};

fn kind_name(account: &Account) -> &'static str {
    match account.otp.as_ref().map(|otp| &otp.kind) {
        None => "tokens-only",
        Some(OtpKind::Totp { .. }) => "totp",
        Some(OtpKind::Hotp { .. }) => "hotp",
        Some(OtpKind::Steam) => "steam",
    }
}

/// Names, on stderr, every piece of the paste that was not added, and how to
/// add them anyway. Printing them is the point: they may be tokens the
/// person needs, and they only go to the terminal that pasted them.
pub fn print_left_out(left_out: &[LeftOut], query: &str) {
    if left_out.is_empty() {
        return;
    }
    let english = |id, args: &[(&'static str, MessageArg)]| localize(Language::En, id, args);
    eprintln!(
        "{}",
        english(
            "tokens-left-out-heading",
            &[("count", left_out.len().into())]
        )
    );
    for piece in left_out {
        eprintln!(
            "  line {}: {}  ({})",
            piece.line,
            piece.piece.as_str(),
            piece.reason.localized(Language::En)
        );
    }
    eprintln!(
        "{}",
        english(
            "tokens-left-out-hint",
            &[("query", shell_word(query).into())]
        )
    );
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

/// "1 account", "2 accounts".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Where a file the user named is, in full, for messages.
pub fn shown(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

pub fn print_restore_report(report: &RestoreReport, file: &Path) {
    let from = shown(file);
    match report.mode {
        RestoreMode::Merge => eprintln!(
            "Restored {} from {from} into the vault: {} added, {} already here (backup tokens and used marks combined, {} added), {} only in this vault kept.",
            count(report.in_backup, "account"),
            report.added,
            report.matched,
            count(report.tokens_added, "backup token"),
            report.only_in_vault,
        ),
        RestoreMode::Replace => eprintln!(
            "Replaced the vault's accounts with the {} of {from}: {} that were only in this vault removed.",
            count(report.in_backup, "account"),
            count(report.only_in_vault, "account"),
        ),
    }
    if report.kept_used > 0 {
        let verb = if report.kept_used == 1 {
            "stays"
        } else {
            "stay"
        };
        eprintln!(
            "{} used since the backup {verb} used.",
            count(report.kept_used, "backup token")
        );
    }
}

/// Says on stderr what went into an export and what did not.
pub fn report_export(args: &ExportArgs, accounts: &[Account]) {
    let has_code = |account: &&Account| account.otp.is_some();
    let (exported, what, left_out_because) = match args.format {
        ExportFormat::Sheet => {
            eprintln!(
                "Wrote a printable recovery sheet. It is NOT encrypted: print it, then delete the file."
            );
            return;
        }
        ExportFormat::Otpauth => (
            accounts.iter().filter(has_code).count(),
            "as otpauth links",
            "they have no secret, only backup tokens",
        ),
        ExportFormat::Google => (
            accounts
                .iter()
                .filter(|account| {
                    account
                        .otp
                        .as_ref()
                        .is_some_and(formats::google::GoogleMigration::carries)
                })
                .count(),
            "as Google Authenticator migration links",
            "Google Authenticator cannot make their codes, or they have only backup tokens",
        ),
        ExportFormat::Aegis => (
            accounts.iter().filter(has_code).count(),
            "as an Aegis plain export",
            "they have no secret, only backup tokens",
        ),
    };
    let left_out = accounts.len() - exported;
    let left_out = if left_out > 0 {
        format!(
            " ({} left out: {left_out_because})",
            count(left_out, "account")
        )
    } else {
        String::new()
    };
    eprintln!(
        "Exported {} {what}{left_out}. It is NOT encrypted: keep it safe, and delete it when you no longer need it.",
        count(exported, "account")
    );
    if accounts
        .iter()
        .any(|account| !account.backup_tokens.is_empty())
    {
        eprintln!(
            "Backup tokens are not part of this format; 'safekeep backup' keeps them, encrypted, and 'safekeep export --format sheet' prints them."
        );
    }
}

/// A Unix time as "2026-11-25 14:02 UTC": the CLI has no time zone
/// database, and a plain UTC stamp is unambiguous in scroll-back.
pub fn format_time(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let seconds = unix.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        seconds / 3600,
        seconds % 3600 / 60
    )
}

/// The `list` table: issuer, account name, kind and unused/total backup
/// tokens, one account per line, the columns padded to line up.
pub fn print_account_table(accounts: &[Account]) {
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
        println!(
            "{:issuer_width$}  {:label_width$}  {:11}  {}/{} backup tokens",
            account.issuer,
            account.label,
            kind_name(account),
            tokens.unused_count(),
            tokens.total(),
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
        skipped.push(format!("{} already stored", report.already_stored));
    }
    if report.repeated_in_paste > 0 {
        skipped.push(format!("{} repeated in the list", report.repeated_in_paste));
    }
    let skipped = if skipped.is_empty() {
        String::new()
    } else {
        format!(" (skipped {})", skipped.join(", "))
    };
    if replace {
        eprintln!(
            "Replaced {} old backup tokens of {site} with {} new ones{skipped}. {unused} of {total} unused.",
            report.dropped, report.added
        );
    } else {
        eprintln!(
            "Added {} backup tokens to {site}{skipped}. {unused} of {total} unused.",
            report.added
        );
    }
}

/// What `import` did: how many were added, skipped or not readable, and
/// which.
pub fn print_import_report(report: formats::ImportReport, file: &Path) {
    let (added, skipped, rejected) = (report.added_names, report.skipped_names, report.rejected);
    eprintln!(
        "Imported from {}: {} added, {} already in the vault skipped, {} not readable.",
        shown(file),
        count(added.len(), "account"),
        skipped.len(),
        rejected.len()
    );
    if !added.is_empty() {
        eprintln!("Added: {}.", added.join(", "));
    }
    if !skipped.is_empty() {
        eprintln!(
            "Skipped, already in the vault (their backup tokens were merged, used marks kept): {}.",
            skipped.join(", ")
        );
    }
    for entry in &rejected {
        eprintln!("Not imported: {}: {}", entry.name, entry.reason);
    }
}

#[cfg(test)]
mod tests {
    use super::format_time;

    #[test]
    fn times_are_printed_as_utc_dates() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_764_079_320), "2025-11-25 14:02 UTC");
        assert_eq!(format_time(951_782_400), "2000-02-29 00:00 UTC");
    }
}
