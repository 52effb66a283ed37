//! Writing the vault's accounts out: for another app, or for paper. The one
//! place that knows, per format, which accounts it can carry and what it
//! leaves out, so the CLI's report and the window's list of left-out
//! accounts say the same thing.

use zeroize::Zeroizing;

use super::{aegis, google, otpauth_list};
use crate::account::Account;
use crate::i18n::Language;
use crate::sheet::{self, SheetOptions};

/// A file Safekeep writes from the vault. None is encrypted: the caller
/// warns before writing one (encrypted backups are [`crate::backup`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One `otpauth://` link per line, as most apps import.
    OtpauthList,
    /// An Aegis vault export in plain JSON.
    AegisPlain,
    /// Google Authenticator's export links (`otpauth-migration://`), one
    /// per line; each is one QR code to scan, in order.
    GoogleMigration,
    /// The printable recovery sheet (HTML): a page per account with its
    /// unused backup tokens, and its secret when asked.
    RecoverySheet {
        /// What the sheet shows besides the tokens.
        options: SheetOptions,
        /// The language it is worded in.
        language: Language,
        /// The date it shows, in Unix seconds.
        printed_at: i64,
    },
}

/// Why an account is not in an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// It has no code generator, only backup tokens, and the format holds
    /// code generators only.
    NoCode,
    /// The other app cannot make its codes (Google Authenticator: Steam,
    /// periods other than 30 seconds, 7 digits); it would arrive making
    /// wrong codes.
    CodeNotSupported,
    /// The sheet has nothing to print for it: no backup tokens, and its
    /// secret was not asked for.
    NothingToPrint,
}

/// An account an export does not hold.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LeftOut {
    /// How the account is named to the user ([`Account::display_name`]).
    pub name: String,
    /// Why it is left out.
    pub reason: LeftOutReason,
}

/// What an export wrote, and what it did not.
pub struct Export {
    /// The file, secrets (or tokens) in the clear: wiped when dropped.
    pub text: Zeroizing<String>,
    /// How many accounts it holds.
    pub carried: usize,
    /// The accounts it does not hold, in the vault's order, and why.
    pub left_out: Vec<LeftOut>,
    /// Some account has backup tokens, and the format has no place for
    /// them (only the recovery sheet and encrypted backups keep them).
    pub tokens_left_out: bool,
}

impl Export {
    /// The text's lines: for [`ExportFormat::GoogleMigration`], one export
    /// link each, to draw as one QR code each.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.text.lines()
    }
}

/// Writes `accounts` as `format`, and says which it left out and why.
pub fn export(format: ExportFormat, accounts: &[Account]) -> Export {
    let text = match format {
        ExportFormat::OtpauthList => otpauth_list::export(accounts),
        ExportFormat::AegisPlain => aegis::export_plain(accounts),
        ExportFormat::GoogleMigration => one_per_line(&google::export_migration_uris(accounts)),
        ExportFormat::RecoverySheet {
            options,
            language,
            printed_at,
        } => sheet::recovery_sheet_of(accounts, options, language, printed_at),
    };
    described(format, accounts, text)
}

/// Writes `accounts` as an Aegis vault encrypted with `password` (see
/// [`aegis::export_encrypted`]), so moving to a phone needs no plain file.
/// The password must pass the same strength rule as a backup's; it holds
/// and leaves out what the plain Aegis export does.
pub fn export_aegis_encrypted(
    accounts: &[Account],
    password: &str,
) -> Result<Export, crate::password_strength::WeakPassword> {
    crate::password_strength::check_new_password(password)?;
    let text = aegis::export_encrypted(accounts, password);
    Ok(described(ExportFormat::AegisPlain, accounts, text))
}

/// `text`, written as `format` from `accounts`, with what it left out.
fn described(format: ExportFormat, accounts: &[Account], text: Zeroizing<String>) -> Export {
    let left_out: Vec<LeftOut> = accounts
        .iter()
        .filter_map(|account| {
            let reason = left_out_because(format, account)?;
            Some(LeftOut {
                name: account.display_name(),
                reason,
            })
        })
        .collect();
    let keeps_tokens = matches!(format, ExportFormat::RecoverySheet { .. });
    Export {
        text,
        carried: accounts.len() - left_out.len(),
        left_out,
        tokens_left_out: !keeps_tokens
            && accounts
                .iter()
                .any(|account| !account.backup_tokens.is_empty()),
    }
}

/// Why `format` leaves `account` out, or `None` when it holds it. Each
/// writer above skips exactly these accounts.
fn left_out_because(format: ExportFormat, account: &Account) -> Option<LeftOutReason> {
    match (format, &account.otp) {
        (ExportFormat::RecoverySheet { options, .. }, _) => {
            (!sheet::has_page(account, options)).then_some(LeftOutReason::NothingToPrint)
        }
        (_, None) => Some(LeftOutReason::NoCode),
        (ExportFormat::GoogleMigration, Some(otp)) => {
            (!google::GoogleMigration::carries(otp)).then_some(LeftOutReason::CodeNotSupported)
        }
        (ExportFormat::OtpauthList | ExportFormat::AegisPlain, Some(_)) => None,
    }
}

/// `lines` each followed by a newline, in a buffer sized up front: growing
/// it would leave unwiped copies of the secrets behind.
fn one_per_line(lines: &[Zeroizing<String>]) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::with_capacity(
        lines.iter().map(|line| line.len() + 1).sum(),
    ));
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::{Algorithm, Otp, OtpKind, OtpSecret};
    use crate::tokens::BatchMode;

    fn secret() -> OtpSecret {
        OtpSecret::from_base32("JBSWY3DPEHPK3PXP").unwrap()
    }

    /// A plain TOTP account, a Steam one, a tokens-only one and a TOTP one
    /// with tokens.
    fn accounts() -> Vec<Account> {
        let totp = Account::new("GitHub", "me", Some(Otp::totp(secret())), 0).unwrap();
        let steam_otp = Otp::new(OtpKind::Steam, Algorithm::Sha1, 5, secret()).unwrap();
        let steam = Account::new("Steam", "gamer", Some(steam_otp), 0).unwrap();
        let mut tokens_only = Account::new("Therapieland", "", None, 0).unwrap();
        tokens_only
            .backup_tokens
            .add_batch("ab12-cd34\nef56-gh78", BatchMode::Append, 0)
            .unwrap();
        let mut with_tokens = Account::new("Bank", "me", Some(Otp::totp(secret())), 0).unwrap();
        with_tokens
            .backup_tokens
            .add_batch("ij90-kl12", BatchMode::Append, 0)
            .unwrap();
        vec![totp, steam, tokens_only, with_tokens]
    }

    fn left_out(export: &Export) -> Vec<(&str, LeftOutReason)> {
        export
            .left_out
            .iter()
            .map(|left_out| (left_out.name.as_str(), left_out.reason))
            .collect()
    }

    fn sheet(include_secrets: bool) -> ExportFormat {
        ExportFormat::RecoverySheet {
            options: SheetOptions { include_secrets },
            language: Language::En,
            printed_at: 0,
        }
    }

    #[test]
    fn link_and_aegis_exports_leave_out_accounts_without_a_code_and_all_tokens() {
        let accounts = accounts();
        for format in [ExportFormat::OtpauthList, ExportFormat::AegisPlain] {
            let export = export(format, &accounts);
            assert_eq!(export.carried, 3, "{format:?}");
            assert_eq!(
                left_out(&export),
                [("Therapieland", LeftOutReason::NoCode)],
                "{format:?}"
            );
            assert!(export.tokens_left_out, "{format:?}");
        }
        let links = export(ExportFormat::OtpauthList, &accounts);
        assert_eq!(links.lines().count(), 3);
    }

    #[test]
    fn the_google_export_also_leaves_out_codes_google_cannot_make() {
        let export = export(ExportFormat::GoogleMigration, &accounts());
        assert_eq!(export.carried, 2);
        assert_eq!(
            left_out(&export),
            [
                ("Steam (gamer)", LeftOutReason::CodeNotSupported),
                ("Therapieland", LeftOutReason::NoCode),
            ]
        );
        assert!(export.tokens_left_out);
        let links: Vec<&str> = export.lines().collect();
        assert_eq!(links.len(), 1, "two accounts fit in one link");
        assert!(links[0].starts_with("otpauth-migration://offline?data="));
        let read_back = crate::formats::restore(export.text.as_bytes(), None, None).unwrap();
        assert_eq!(read_back.accounts.len(), 2);
    }

    #[test]
    fn the_sheet_keeps_tokens_and_leaves_out_accounts_with_nothing_to_print() {
        let accounts = accounts();
        let without_secrets = export(sheet(false), &accounts);
        assert_eq!(without_secrets.carried, 2);
        assert_eq!(
            left_out(&without_secrets),
            [
                ("GitHub (me)", LeftOutReason::NothingToPrint),
                ("Steam (gamer)", LeftOutReason::NothingToPrint),
            ]
        );
        assert!(!without_secrets.tokens_left_out);
        assert!(without_secrets.text.contains("ab12-cd34"));

        let with_secrets = export(sheet(true), &accounts);
        assert_eq!((with_secrets.carried, with_secrets.left_out.len()), (4, 0));
    }

    #[test]
    fn nothing_to_export_writes_an_empty_file_and_leaves_nothing_out() {
        for format in [
            ExportFormat::OtpauthList,
            ExportFormat::GoogleMigration,
            sheet(false),
        ] {
            let export = export(format, &[]);
            assert_eq!((export.carried, export.left_out.len()), (0, 0));
            assert!(!export.tokens_left_out);
        }
        assert!(export(ExportFormat::GoogleMigration, &[]).text.is_empty());
    }
}
