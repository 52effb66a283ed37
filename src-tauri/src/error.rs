//! Errors as the window receives them: the core's stable message id, the
//! message worded in the user's language, and the form field it concerns.
//!
//! A command works with [`Problem`]s, which are not worded yet: core errors
//! turn into one with `?`. Each command words its failure once, at its end,
//! with [`ForWindow::for_window`], after every lock it took is released
//! (finding the user's language takes the vault's lock).

use safekeep_core::i18n::{Language, Message, MessageArg, localize};
use serde::Serialize;

use crate::state::AppState;

/// Why a command failed, not yet worded: a core error's message id and
/// values, or one of the app's own (`app-*`), and the input it belongs
/// under when that is not the one its id says.
#[derive(Debug)]
pub struct Problem {
    id: &'static str,
    words: Words,
    field: Option<&'static str>,
}

/// What a [`Problem`] is worded from once the language is known.
enum Words {
    /// The message's values, the same in every language.
    Args(Vec<(&'static str, MessageArg)>),
    /// A core error that words its values itself (e.g. a weak password's
    /// reason and advice, which are messages of their own): kept whole so
    /// they come out in the same language as the sentence around them.
    Message(Box<dyn Message + Send>),
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Words::Args(args) => f.debug_tuple("Args").field(args).finish(),
            Words::Message(message) => f
                .debug_tuple("Message")
                .field(&message.message_id())
                .finish(),
        }
    }
}

impl Problem {
    /// An error about the app's own state, e.g. acting while locked.
    pub fn app(id: &'static str) -> Problem {
        Problem::app_with(id, Vec::new())
    }

    /// Like [`Problem::app`], for a message that mentions a value.
    pub fn app_with(id: &'static str, args: Vec<(&'static str, MessageArg)>) -> Problem {
        Problem {
            id,
            words: Words::Args(args),
            field: None,
        }
    }

    /// Puts the message under `field` whatever its id says: an invalid
    /// secret inside a pasted link belongs under the link's input.
    pub fn under(mut self, field: &'static str) -> Problem {
        self.field = Some(field);
        self
    }

    /// The message id, stable across versions.
    #[cfg(test)]
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The message in `language`, for the window.
    pub fn word(self, language: Language) -> AppError {
        AppError {
            code: self.id.to_owned(),
            message: match &self.words {
                Words::Args(args) => localize(language, self.id, args),
                Words::Message(message) => message.localized(language),
            },
            field: self.field.or_else(|| field_of(self.id)),
        }
    }
}

impl<E: Message + Send + 'static> From<E> for Problem {
    fn from(error: E) -> Problem {
        Problem {
            id: error.message_id(),
            words: Words::Message(Box::new(error)),
            field: None,
        }
    }
}

/// Words a command's failure in the user's language: the one place a
/// command's errors become what the window receives.
pub trait ForWindow<T> {
    /// `Ok` as it is; an error worded for the window. Call it with no lock
    /// of `state` held.
    fn for_window(self, state: &AppState) -> Result<T, AppError>;
}

impl<T, E: Into<Problem>> ForWindow<T> for Result<T, E> {
    fn for_window(self, state: &AppState) -> Result<T, AppError> {
        self.map_err(|error| error.into().word(state.language()))
    }
}

/// What a command rejects with; see `ui/api.js`.
#[derive(Clone, Debug, Serialize)]
pub struct AppError {
    /// The core's stable message id.
    pub code: String,
    /// The message in the user's language.
    pub message: String,
    /// The input the message belongs under, if any.
    pub field: Option<&'static str>,
}

/// Which form input an error belongs under, from the id's family: the ids
/// are stable, so this mapping is too.
fn field_of(code: &str) -> Option<&'static str> {
    const FIELDS: [(&str, &str); 15] = [
        ("otp-uri-", "uri"),
        ("otp-secret-", "secret"),
        ("otp-digits", "digits"),
        ("otp-period", "period"),
        ("qr-", "image"),
        ("tokens-", "tokens"),
        ("vault-wrong-password", "password"),
        ("vault-empty-password", "password"),
        ("password-too-weak", "password"),
        ("vault-create-password-needed", "password"),
        ("import-password-needed", "password"),
        ("import-wrong-password", "password"),
        // ZipCrypto cannot tell a wrong password from damage: the message asks
        // to type the password again, so it stays by the password field.
        ("import-malformed-wrong-password-or-damaged", "password"),
        ("backup-wrong-password", "password"),
        ("backup-empty-password", "password"),
    ];
    FIELDS
        .iter()
        .find(|(prefix, _)| code.starts_with(prefix))
        .map(|(_, field)| *field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use safekeep_core::otp::{SecretError, UriError, parse_otpauth_uri};
    use safekeep_core::vault::OpenError;

    #[test]
    fn errors_land_under_the_input_they_are_about() {
        let uri_error: UriError = parse_otpauth_uri("otpauth://totp/x?issuer=x").unwrap_err();
        assert_eq!(
            Problem::from(uri_error).word(Language::En).field,
            Some("uri")
        );
        assert_eq!(
            Problem::from(SecretError::Empty).word(Language::En).field,
            Some("secret")
        );
        assert_eq!(
            Problem::from(OpenError::WrongPassword)
                .word(Language::En)
                .field,
            Some("password")
        );
        assert_eq!(
            Problem::from(OpenError::NeedsPassword)
                .word(Language::En)
                .field,
            None
        );
    }

    #[test]
    fn a_weak_passwords_reason_and_advice_are_worded_in_the_windows_language() {
        use safekeep_core::password_strength::{check_new_password, describe, measure};
        let weak = check_new_password("password").unwrap_err();
        let worded = Problem::from(weak).word(Language::Nl);
        let (reason, advice) = describe(&measure("password"), Language::Nl);
        let (english_reason, english_advice) = describe(&measure("password"), Language::En);
        assert!(!advice.is_empty() && advice != english_advice);
        for dutch in reason.iter().chain(&advice) {
            assert!(
                worded.message.contains(dutch.as_str()),
                "{}",
                worded.message
            );
        }
        for english in english_reason.iter().chain(&english_advice) {
            assert!(
                !worded.message.contains(english.as_str()),
                "{}",
                worded.message
            );
        }
    }

    #[test]
    fn an_encrypted_import_asks_for_the_files_password() {
        use safekeep_core::backup::BackupError;
        use safekeep_core::formats::{Format, ImportError};
        let needed = Problem::from(ImportError::PasswordNeeded {
            format: Format::Aegis,
        })
        .word(Language::En);
        assert_eq!(needed.code, "import-password-needed");
        assert_eq!(needed.field, Some("password"));
        let wrong = Problem::from(BackupError::WrongPassword).word(Language::Nl);
        assert_eq!(wrong.field, Some("password"));
        assert_eq!(
            Problem::from(ImportError::UnknownFormat)
                .word(Language::En)
                .field,
            None
        );
    }

    #[test]
    fn a_secret_error_inside_a_link_can_be_put_under_the_link() {
        let error = Problem::from(SecretError::Empty)
            .under("uri")
            .word(Language::En);
        assert_eq!(error.field, Some("uri"));
    }

    #[test]
    fn app_messages_are_worded_in_the_users_language() {
        let english = Problem::app("app-locked").word(Language::En);
        let dutch = Problem::app("app-locked").word(Language::Nl);
        assert_eq!(english.code, "app-locked");
        assert!(english.message.contains("locked"), "{}", english.message);
        assert!(dutch.message.contains("vergrendeld"), "{}", dutch.message);
        let with_reason =
            Problem::app_with("app-clipboard-failed", vec![("reason", "no X".into())])
                .word(Language::En);
        assert!(with_reason.message.contains("no X"));
    }
}
