//! The printable recovery sheet: one page per account with its unused
//! backup tokens to tick off on paper, and optionally its secret key as
//! text and QR code, for the day the computer and the phone are both gone.
//!
//! It is a self-contained HTML file the user prints from a browser: inline
//! CSS, inline SVG, no scripts and no remote addresses, so opening it never
//! touches the network.

use std::fmt::{self, Write};

use zeroize::Zeroizing;

use crate::account::{Account, UNNAMED};
use crate::i18n::{Language, MessageArg, localize};
use crate::otp::{self, Otp, OtpKind};
use crate::time::utc_date;
use crate::vault::VaultContents;

/// What the sheet shows besides the unused backup tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SheetOptions {
    /// Also print each account's secret key, as text and as a QR code.
    /// Anyone holding such a sheet can make the codes.
    pub include_secrets: bool,
}

/// The recovery sheet for `contents` as a complete HTML page, worded in
/// `language`, dated `printed_at` (Unix seconds, shown as a UTC date).
///
/// Accounts with neither backup tokens nor a secret to print get no page.
/// Every name is HTML-escaped. The text holds backup tokens (and secrets
/// when asked), so it is wiped when dropped.
pub fn recovery_sheet_html(
    contents: &VaultContents,
    options: SheetOptions,
    language: Language,
    printed_at: i64,
) -> Zeroizing<String> {
    recovery_sheet_of(&contents.accounts, options, language, printed_at)
}

/// Like [`recovery_sheet_html`], for these accounts.
pub fn recovery_sheet_of(
    accounts: &[Account],
    options: SheetOptions,
    language: Language,
    printed_at: i64,
) -> Zeroizing<String> {
    let pages: Vec<Page<'_>> = accounts
        .iter()
        .filter_map(|account| Page::new(account, options))
        .collect();
    let sheet = Sheet {
        pages,
        language,
        date: utc_date(printed_at),
    };
    // Measured first, so the string holding the tokens is allocated once
    // and never leaves an unwiped copy behind when it grows.
    let mut counter = Counter(0);
    sheet
        .render(&mut counter)
        .expect("counting bytes cannot fail");
    let mut html = Zeroizing::new(String::with_capacity(counter.0));
    sheet
        .render(&mut *html)
        .expect("writing to a String cannot fail");
    html
}

const STYLE: &str = "\
@page { margin: 15mm; }
* { box-sizing: border-box; }
body { margin: 0; color: #000; background: #fff; font: 12pt/1.4 system-ui, \"DejaVu Sans\", Arial, sans-serif; }
.page { page-break-after: always; break-after: page; padding-bottom: 6mm; }
.page:last-child { page-break-after: auto; break-after: auto; }
h1 { font-size: 24pt; margin: 0 0 1mm; overflow-wrap: anywhere; }
h2 { font-size: 14pt; margin: 7mm 0 1mm; }
.account { font-size: 14pt; margin: 0; overflow-wrap: anywhere; }
.hint { font-size: 10pt; margin: 0 0 3mm; }
.tokens { list-style: none; margin: 0; padding: 0; font: 22pt/1.8 ui-monospace, \"DejaVu Sans Mono\", Menlo, Consolas, monospace; }
.tokens li { break-inside: avoid; }
.box { display: inline-block; width: 0.75em; height: 0.75em; border: 2px solid #000; margin-right: 0.6em; vertical-align: -0.05em; }
.warning { font-weight: bold; }
.secret { font: 15pt/1.6 ui-monospace, \"DejaVu Sans Mono\", Menlo, Consolas, monospace; overflow-wrap: anywhere; margin: 2mm 0; }
.qr svg { display: block; width: 45mm; height: 45mm; }
footer { margin-top: 8mm; padding-top: 2mm; border-top: 1px solid #000; font-size: 10pt; }
@media screen {
  body { background: #e8e8e8; padding: 24px 12px; }
  .page { max-width: 190mm; margin: 0 auto 24px; padding: 15mm; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
}
";

/// The parts of the QR code's SVG that go into the page: the `<?xml?>`
/// prologue and the namespace address are dropped (HTML needs neither, and
/// the page must name no address at all).
const SVG_NAMESPACE: &str = " xmlns=\"http://www.w3.org/2000/svg\"";

struct Sheet<'a> {
    pages: Vec<Page<'a>>,
    language: Language,
    date: String,
}

struct Page<'a> {
    account: &'a Account,
    secret: Option<Secret<'a>>,
}

struct Secret<'a> {
    otp: &'a Otp,
    base32: Zeroizing<String>,
    qr_svg: Option<Zeroizing<String>>,
}

impl<'a> Page<'a> {
    fn new(account: &'a Account, options: SheetOptions) -> Option<Page<'a>> {
        let secret = match (&account.otp, options.include_secrets) {
            (Some(otp), true) => {
                let uri = otp::to_otpauth_uri(&account.issuer, &account.label, otp);
                Some(Secret {
                    otp,
                    base32: otp.secret.to_base32(),
                    // A link too long for a QR code still has its text.
                    qr_svg: crate::qr::draw_qr_svg(&uri).ok(),
                })
            }
            _ => None,
        };
        has_page(account, options).then_some(Page { account, secret })
    }
}

/// Whether `account` gets a page: it has backup tokens, or its secret is
/// asked for and it has one.
pub(crate) fn has_page(account: &Account, options: SheetOptions) -> bool {
    !account.backup_tokens.is_empty() || (options.include_secrets && account.otp.is_some())
}

impl Sheet<'_> {
    fn text(&self, id: &str, args: &[(&'static str, MessageArg)]) -> String {
        localize(self.language, id, args)
    }

    fn render(&self, w: &mut impl Write) -> fmt::Result {
        let title = self.text("sheet-title", &[]);
        let generated = self.text("sheet-generated", &[("date", self.date.as_str().into())]);
        w.write_str("<!DOCTYPE html>\n<html lang=\"")?;
        w.write_str(self.language.tag())?;
        w.write_str("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")?;
        escape(w, &title)?;
        w.write_str("</title>\n<style>\n")?;
        w.write_str(STYLE)?;
        w.write_str("</style>\n</head>\n<body>\n")?;
        if self.pages.is_empty() {
            w.write_str("<section class=\"page\">\n<h1>")?;
            escape(w, &title)?;
            w.write_str("</h1>\n<p>")?;
            escape(w, &self.text("sheet-empty", &[]))?;
            w.write_str("</p>\n")?;
            self.footer(w, &title, &generated)?;
            w.write_str("</section>\n")?;
        }
        for page in &self.pages {
            self.page(w, page, &title, &generated)?;
        }
        w.write_str("</body>\n</html>\n")
    }

    fn page(
        &self,
        w: &mut impl Write,
        page: &Page<'_>,
        title: &str,
        generated: &str,
    ) -> fmt::Result {
        let account = page.account;
        w.write_str("<section class=\"page\">\n<h1>")?;
        let site = account.site_name();
        escape(w, if site.is_empty() { UNNAMED } else { site })?;
        w.write_str("</h1>\n")?;
        if !account.issuer.is_empty() && !account.label.is_empty() {
            w.write_str("<p class=\"account\">")?;
            escape(
                w,
                &self.text("sheet-account", &[("label", account.label.as_str().into())]),
            )?;
            w.write_str("</p>\n")?;
        }
        self.tokens(w, account)?;
        if let Some(secret) = &page.secret {
            self.secret(w, secret)?;
        }
        self.footer(w, title, generated)?;
        w.write_str("</section>\n")
    }

    fn tokens(&self, w: &mut impl Write, account: &Account) -> fmt::Result {
        let tokens = &account.backup_tokens;
        w.write_str("<h2>")?;
        escape(w, &self.text("sheet-tokens-heading", &[]))?;
        w.write_str("</h2>\n")?;
        if tokens.is_empty() {
            w.write_str("<p class=\"hint\">")?;
            escape(w, &self.text("sheet-tokens-none", &[]))?;
            return w.write_str("</p>\n");
        }
        if tokens.unused_count() == 0 {
            w.write_str("<p class=\"hint\">")?;
            escape(w, &self.text("sheet-tokens-none-left", &[]))?;
            return w.write_str("</p>\n");
        }
        w.write_str("<p class=\"hint\">")?;
        escape(w, &self.text("sheet-tokens-hint", &[]))?;
        w.write_str("</p>\n<ul class=\"tokens\">\n")?;
        for token in tokens.iter().filter(|token| !token.is_used()) {
            w.write_str("<li><span class=\"box\"></span>")?;
            escape(w, token.code.as_str())?;
            w.write_str("</li>\n")?;
        }
        w.write_str("</ul>\n")
    }

    fn secret(&self, w: &mut impl Write, secret: &Secret<'_>) -> fmt::Result {
        let otp = secret.otp;
        let (kind, period) = match otp.kind {
            OtpKind::Totp { period } => ("TOTP", period),
            OtpKind::Hotp { .. } => ("HOTP", 0),
            OtpKind::Steam => ("Steam", 30),
        };
        w.write_str("<h2>")?;
        escape(w, &self.text("sheet-secret-heading", &[]))?;
        w.write_str("</h2>\n<p class=\"warning\">")?;
        escape(w, &self.text("sheet-secret-warning", &[]))?;
        w.write_str("</p>\n<p class=\"hint\">")?;
        escape(w, &self.text("sheet-secret-hint", &[]))?;
        w.write_str("</p>\n<p class=\"secret\">")?;
        // In groups of four, as sites show keys, so it can be typed back.
        for (index, c) in secret.base32.chars().enumerate() {
            if index > 0 && index % 4 == 0 {
                w.write_char(' ')?;
            }
            w.write_char(c)?;
        }
        w.write_str("</p>\n<p class=\"hint\">")?;
        escape(
            w,
            &self.text(
                "sheet-secret-settings",
                &[
                    ("kind", kind.into()),
                    ("algorithm", otp.algorithm.as_str().into()),
                    ("digits", otp.digits.into()),
                    ("period", period.into()),
                ],
            ),
        )?;
        w.write_str("</p>\n")?;
        if let Some(svg) = &secret.qr_svg {
            let svg = svg.find("<svg").map_or(svg.as_str(), |start| &svg[start..]);
            w.write_str("<div class=\"qr\">")?;
            match svg.split_once(SVG_NAMESPACE) {
                Some((before, after)) => {
                    w.write_str(before)?;
                    w.write_str(after)?;
                }
                None => w.write_str(svg)?,
            }
            w.write_str("</div>\n")?;
        }
        Ok(())
    }

    fn footer(&self, w: &mut impl Write, title: &str, generated: &str) -> fmt::Result {
        w.write_str("<footer>")?;
        escape(w, title)?;
        w.write_str(" · ")?;
        escape(w, generated)?;
        w.write_str("</footer>\n")
    }
}

/// Writes `text` with every character that means something in HTML
/// replaced by its entity, so a name can never become markup.
fn escape(w: &mut impl Write, text: &str) -> fmt::Result {
    for c in text.chars() {
        match c {
            '&' => w.write_str("&amp;")?,
            '<' => w.write_str("&lt;")?,
            '>' => w.write_str("&gt;")?,
            '"' => w.write_str("&quot;")?,
            '\'' => w.write_str("&#39;")?,
            c => w.write_char(c)?,
        }
    }
    Ok(())
}

/// Counts what would be written.
struct Counter(usize);

impl Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::OtpSecret;
    use crate::tokens::BatchMode;

    const SECRET: &str = "KRUGS4ZANFZSAYJAONSWG4TFOQQGWZLZ";
    const WHEN: i64 = 1_764_079_320; // 2025-11-25 14:02 UTC

    fn contents() -> VaultContents {
        let mut contents = VaultContents::default();
        let otp = Otp::totp(OtpSecret::from_base32(SECRET).unwrap());
        let mut site = Account::new("Therapieland", "me@example.org", Some(otp), 0).unwrap();
        site.backup_tokens
            .add_batch("qw12-er34\nty56-ui78\nop90-as12", BatchMode::Append, 0)
            .unwrap();
        site.backup_tokens.mark_used("ty56-ui78", 10).unwrap();
        contents.accounts.push(site);
        let otp = Otp::totp(OtpSecret::from_base32("JBSWY3DPEHPK3PXP").unwrap());
        contents
            .accounts
            .push(Account::new("Codes only", "me", Some(otp), 0).unwrap());
        contents
    }

    fn without_spaces(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn the_sheet_lists_the_unused_tokens_only_and_no_secret_by_default() {
        let html = recovery_sheet_html(&contents(), SheetOptions::default(), Language::En, WHEN);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<h1>Therapieland</h1>"));
        assert!(html.contains("Account: me@example.org"));
        assert!(html.contains("<span class=\"box\"></span>qw12-er34</li>"));
        assert!(html.contains("<span class=\"box\"></span>op90-as12</li>"));
        assert!(!html.contains("ty56"), "a used token is printed");
        assert!(html.contains("Generated on 2025-11-25 — keep this in a safe place."));
        assert!(!without_spaces(&html).contains(SECRET));
        assert!(!html.contains("<svg"));
        // The account with only a secret has nothing to print without it.
        assert!(!html.contains("Codes only"));
        assert_eq!(html.matches("<section class=\"page\">").count(), 1);
    }

    #[test]
    fn secrets_are_printed_as_text_and_qr_code_when_asked() {
        let options = SheetOptions {
            include_secrets: true,
        };
        let html = recovery_sheet_html(&contents(), options, Language::En, WHEN);
        assert!(html.contains("KRUG S4ZA NFZS"));
        assert!(without_spaces(&html).contains(SECRET));
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(html.matches("<section class=\"page\">").count(), 2);
        assert!(html.contains("Codes only"));
        assert!(html.contains("TOTP, SHA1, 6 digits, a new code every 30 seconds"));
    }

    #[test]
    fn the_page_loads_nothing_and_runs_nothing() {
        let options = SheetOptions {
            include_secrets: true,
        };
        let html = recovery_sheet_html(&contents(), options, Language::En, WHEN);
        let lower = html.to_lowercase();
        for forbidden in [
            "http:", "https:", "//", "<script", "src=", "href=", "url(", "<?xml",
        ] {
            assert!(
                !lower.contains(forbidden),
                "the sheet contains {forbidden:?}"
            );
        }
        assert!(html.contains("page-break-after: always"));
    }

    #[test]
    fn names_are_escaped() {
        let mut contents = VaultContents::default();
        let mut account =
            Account::new("<b>Evil</b> & \"co\"", "<script>x</script>'", None, 0).unwrap();
        account
            .backup_tokens
            .add_batch("ab12-cd34", BatchMode::Append, 0)
            .unwrap();
        contents.accounts.push(account);
        let html = recovery_sheet_html(&contents, SheetOptions::default(), Language::En, WHEN);
        assert!(html.contains("&lt;b&gt;Evil&lt;/b&gt; &amp; &quot;co&quot;"));
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;&#39;"));
        assert!(!html.contains("<b>") && !html.contains("<script"));
    }

    #[test]
    fn the_sheet_is_worded_in_the_chosen_language() {
        let html = recovery_sheet_html(&contents(), SheetOptions::default(), Language::Nl, WHEN);
        assert!(html.contains("<html lang=\"nl\">"));
        assert!(html.contains("Ongebruikte back-uptokens"));
        assert!(html.contains("Gemaakt op 2025-11-25"));
    }

    #[test]
    fn an_exhausted_list_says_to_generate_more_and_an_empty_vault_says_so() {
        let mut contents = contents();
        contents.accounts[0]
            .backup_tokens
            .mark_used("qw12-er34", 11)
            .unwrap();
        contents.accounts[0]
            .backup_tokens
            .mark_used("op90-as12", 12)
            .unwrap();
        let html = recovery_sheet_html(&contents, SheetOptions::default(), Language::En, WHEN);
        assert!(html.contains("All backup tokens of this site are used"));
        assert!(!html.contains("<li>"));

        let empty = recovery_sheet_html(
            &VaultContents::default(),
            SheetOptions::default(),
            Language::En,
            WHEN,
        );
        assert!(empty.contains("Nothing to print"));
    }
}
