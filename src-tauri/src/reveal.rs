//! Reveal grants: the window gets a secret (an account's QR code, Google
//! Authenticator's transfer codes, backup tokens in plain text) only with a
//! grant Rust gave it for that one thing moments before.
//!
//! The window asks for a grant (`grant_reveal`) from the click handler of
//! the button with which the user confirms they want to see it; the reveal
//! command then requires the grant and uses it up. A grant names what it
//! is for (and which account), lives [`GRANT_LIFETIME`], works once, and
//! every grant is forgotten on lock. So no code path of the window can
//! pull a secret on its own (a refresh, a redraw, a bug): only a
//! confirmation, each time. Within the window's own process a grant cannot
//! prove that a person clicked; that limit is in docs/SECURITY.md.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::error::Problem;

/// How long a grant stays usable: enough for the reveal the click started,
/// too short to keep one in reserve.
pub const GRANT_LIFETIME: Duration = Duration::from_secs(30);

/// What a grant allows the window to see.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "what", rename_all = "kebab-case")]
pub enum Reveal {
    /// One account's otpauth link as a QR code (`account_qr_svg`).
    AccountQr { id: String },
    /// One account's backup tokens in plain text (`list_tokens` with reveal).
    Tokens { id: String },
    /// Every account as Google Authenticator transfer QR codes
    /// (`google_export_qr_codes`).
    GoogleExport,
}

struct Grant {
    nonce: String,
    reveal: Reveal,
    until: Instant,
}

/// The grants given and not yet used, part of `AppState`.
#[derive(Default)]
pub struct RevealGrants(Mutex<Vec<Grant>>);

impl RevealGrants {
    fn grants(&self) -> MutexGuard<'_, Vec<Grant>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new grant for `reveal`, as the unguessable nonce the window hands
    /// back with the reveal command.
    pub fn grant(&self, reveal: Reveal) -> String {
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let mut grants = self.grants();
        let now = Instant::now();
        grants.retain(|grant| grant.until > now);
        grants.push(Grant {
            nonce: nonce.clone(),
            reveal,
            until: now + GRANT_LIFETIME,
        });
        nonce
    }

    /// Uses up the grant `nonce` for `reveal`; refuses when there is none
    /// (never given, used already, expired, for something else, or the app
    /// locked since).
    pub fn take(&self, reveal: &Reveal, nonce: Option<&str>) -> Result<(), Problem> {
        let mut grants = self.grants();
        let now = Instant::now();
        grants.retain(|grant| grant.until > now);
        let found = nonce.and_then(|nonce| {
            grants
                .iter()
                .position(|grant| grant.nonce == nonce && grant.reveal == *reveal)
        });
        match found {
            Some(index) => {
                grants.swap_remove(index);
                Ok(())
            }
            None => Err(Problem::app("app-reveal-not-granted")),
        }
    }

    /// Like [`RevealGrants::take`] when `revealing`; what is shown masked
    /// needs no grant.
    pub fn take_when(
        &self,
        revealing: bool,
        reveal: &Reveal,
        nonce: Option<&str>,
    ) -> Result<(), Problem> {
        match revealing {
            true => self.take(reveal, nonce),
            false => Ok(()),
        }
    }

    /// Forgets every grant (on lock).
    pub fn forget_all(&self) {
        self.grants().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qr(id: &str) -> Reveal {
        Reveal::AccountQr { id: id.into() }
    }

    #[test]
    fn a_grant_works_once_and_only_for_what_it_names() {
        let grants = RevealGrants::default();
        let nonce = grants.grant(qr("a"));
        let other = grants.take(&qr("b"), Some(&nonce));
        assert_eq!(other.unwrap_err().id(), "app-reveal-not-granted");
        let tokens = grants.take(&Reveal::Tokens { id: "a".into() }, Some(&nonce));
        assert!(tokens.is_err(), "a QR grant does not reveal tokens");
        assert!(grants.take(&qr("a"), Some(&nonce)).is_ok());
        assert!(grants.take(&qr("a"), Some(&nonce)).is_err(), "used up");
    }

    #[test]
    fn no_grant_a_made_up_one_or_one_forgotten_at_lock_reveals_nothing() {
        let grants = RevealGrants::default();
        assert!(grants.take(&Reveal::GoogleExport, None).is_err());
        grants.grant(Reveal::GoogleExport);
        assert!(grants.take(&Reveal::GoogleExport, Some("guess")).is_err());
        let nonce = grants.grant(Reveal::GoogleExport);
        grants.forget_all();
        assert!(grants.take(&Reveal::GoogleExport, Some(&nonce)).is_err());
    }

    #[test]
    fn an_expired_grant_reveals_nothing() {
        let grants = RevealGrants::default();
        let nonce = grants.grant(qr("a"));
        // Age it rather than wait: the lifetime is the rule under test.
        grants.grants()[0].until = Instant::now() - Duration::from_millis(1);
        assert!(grants.take(&qr("a"), Some(&nonce)).is_err());
    }

    #[test]
    fn the_window_names_what_it_wants_to_see() {
        let parsed: Reveal =
            serde_json::from_str(r#"{"what": "tokens", "id": "x"}"#).expect("parses");
        assert_eq!(parsed, Reveal::Tokens { id: "x".into() });
        let parsed: Reveal = serde_json::from_str(r#"{"what": "google-export"}"#).expect("parses");
        assert_eq!(parsed, Reveal::GoogleExport);
    }
}
