//! Errors as the window receives them: the core's stable message id, the
//! message worded in the user's language, and the form field it concerns.

use safekeep_core::i18n::{Language, Message, MessageArg};
use serde::Serialize;

/// What a command rejects with; see `ui/api.js`.
#[derive(Debug, Serialize)]
pub struct AppError {
    /// The core's stable message id.
    pub code: String,
    /// The message in the user's language.
    pub message: String,
    /// The input the message belongs under, if any.
    pub field: Option<&'static str>,
}

impl AppError {
    /// Words a core error for the window.
    pub fn from_message(error: &dyn Message, language: Language) -> AppError {
        let code = error.message_id();
        AppError {
            code: code.to_owned(),
            message: error.localized(language),
            field: field_of(code),
        }
    }

    /// Puts the message under `field` whatever its id says: an invalid
    /// secret inside a pasted link belongs under the link's input.
    pub fn under(mut self, field: &'static str) -> AppError {
        self.field = Some(field);
        self
    }

    /// An error about the app's own state, e.g. acting while locked.
    pub fn app(code: &'static str, language: Language) -> AppError {
        AppError::from_message(&AppMessage(code, Vec::new()), language)
    }

    /// Like [`AppError::app`], for a message that mentions a value.
    pub fn app_with(
        code: &'static str,
        args: Vec<(&'static str, MessageArg)>,
        language: Language,
    ) -> AppError {
        AppError::from_message(&AppMessage(code, args), language)
    }
}

/// A message id of the app itself (worded in the core's Fluent files under
/// `app-*`, so all wording lives in one place).
struct AppMessage(&'static str, Vec<(&'static str, MessageArg)>);

impl Message for AppMessage {
    fn message_id(&self) -> &'static str {
        self.0
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        self.1.clone()
    }
}

/// Which form input an error belongs under, from the id's family: the ids
/// are stable, so this mapping is too.
fn field_of(code: &str) -> Option<&'static str> {
    const FIELDS: [(&str, &str); 14] = [
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
            AppError::from_message(&uri_error, Language::En).field,
            Some("uri")
        );
        assert_eq!(
            AppError::from_message(&SecretError::Empty, Language::En).field,
            Some("secret")
        );
        assert_eq!(
            AppError::from_message(&OpenError::WrongPassword, Language::En).field,
            Some("password")
        );
        assert_eq!(
            AppError::from_message(&OpenError::NeedsPassword, Language::En).field,
            None
        );
    }

    #[test]
    fn an_encrypted_import_asks_for_the_files_password() {
        use safekeep_core::backup::BackupError;
        use safekeep_core::formats::{Format, ImportError};
        let needed = AppError::from_message(
            &ImportError::PasswordNeeded {
                format: Format::Aegis,
            },
            Language::En,
        );
        assert_eq!(needed.code, "import-password-needed");
        assert_eq!(needed.field, Some("password"));
        let wrong = AppError::from_message(&BackupError::WrongPassword, Language::Nl);
        assert_eq!(wrong.field, Some("password"));
        assert_eq!(
            AppError::from_message(&ImportError::UnknownFormat, Language::En).field,
            None
        );
    }

    #[test]
    fn a_secret_error_inside_a_link_can_be_put_under_the_link() {
        let error = AppError::from_message(&SecretError::Empty, Language::En).under("uri");
        assert_eq!(error.field, Some("uri"));
    }

    #[test]
    fn app_messages_are_worded_in_the_users_language() {
        let english = AppError::app("app-locked", Language::En);
        let dutch = AppError::app("app-locked", Language::Nl);
        assert_eq!(english.code, "app-locked");
        assert!(english.message.contains("locked"), "{}", english.message);
        assert!(dutch.message.contains("vergrendeld"), "{}", dutch.message);
        let with_reason = AppError::app_with(
            "app-clipboard-failed",
            vec![("reason", "no X".into())],
            Language::En,
        );
        assert!(with_reason.message.contains("no X"));
    }
}
