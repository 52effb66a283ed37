//! Wording of every message the core produces, in English and Dutch.
//!
//! Errors carry a stable message id plus parameters; the words live in the
//! Fluent files under `crates/core/i18n/<lang>/`. The CLI speaks the locale's
//! language (or the one `--language` asks for), the app the user's choice. Keeping the words out of the code means a
//! translator never has to touch Rust, and the app and the CLI can never drift
//! apart in what they tell the user.

use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language the messages are translated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English, the fallback for every other locale.
    En,
    /// Dutch, the first users' language.
    Nl,
}

impl Language {
    /// Every language we ship, in the order a language picker shows them.
    pub const ALL: [Language; 2] = [Language::En, Language::Nl];

    /// Picks the language for a POSIX or BCP 47 locale such as `nl_NL.UTF-8`
    /// or `nl-BE`; anything we do not translate falls back to English.
    pub fn from_locale(locale: &str) -> Language {
        let primary = locale
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Language::Nl,
            _ => Language::En,
        }
    }

    /// The BCP 47 tag, as used in file names and `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Nl => "nl",
        }
    }
}

/// Something the user is told: a stable id and the values it mentions.
///
/// Implemented by every error enum of the core; the id is also what the app
/// receives, so it must never change once shipped.
pub trait Message {
    /// The Fluent message id, e.g. `vault-wrong-password`.
    fn message_id(&self) -> &'static str;

    /// The values the message mentions. Never a secret: these end up on
    /// screen and in terminal scroll-back.
    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        Vec::new()
    }

    /// The message in the given language.
    fn localized(&self, language: Language) -> String {
        localize(language, self.message_id(), &self.message_args())
    }
}

/// A value placed into a message.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum MessageArg {
    /// Text, shown as is.
    Text(String),
    /// A number; Fluent picks the plural form from it.
    Number(i64),
}

impl From<&str> for MessageArg {
    fn from(value: &str) -> Self {
        MessageArg::Text(value.to_owned())
    }
}

impl From<String> for MessageArg {
    fn from(value: String) -> Self {
        MessageArg::Text(value)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for MessageArg {
            fn from(value: $t) -> Self {
                MessageArg::Number(i64::try_from(value).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64);

/// The Fluent sources of one language: one file per core module, so each
/// module's messages sit next to each other for translators.
const SOURCES: [(Language, &[&str]); 2] = [
    (
        Language::En,
        &[
            include_str!("../i18n/en/otp.ftl"),
            include_str!("../i18n/en/tokens.ftl"),
            include_str!("../i18n/en/vault.ftl"),
            include_str!("../i18n/en/keychain.ftl"),
            include_str!("../i18n/en/account.ftl"),
            include_str!("../i18n/en/qr.ftl"),
            include_str!("../i18n/en/capture.ftl"),
            include_str!("../i18n/en/app.ftl"),
            include_str!("../i18n/en/formats.ftl"),
            include_str!("../i18n/en/formats-text.ftl"),
            include_str!("../i18n/en/formats-apps.ftl"),
            include_str!("../i18n/en/backup.ftl"),
            include_str!("../i18n/en/password.ftl"),
            include_str!("../i18n/en/cli.ftl"),
        ],
    ),
    (
        Language::Nl,
        &[
            include_str!("../i18n/nl/otp.ftl"),
            include_str!("../i18n/nl/tokens.ftl"),
            include_str!("../i18n/nl/vault.ftl"),
            include_str!("../i18n/nl/keychain.ftl"),
            include_str!("../i18n/nl/account.ftl"),
            include_str!("../i18n/nl/qr.ftl"),
            include_str!("../i18n/nl/capture.ftl"),
            include_str!("../i18n/nl/app.ftl"),
            include_str!("../i18n/nl/formats.ftl"),
            include_str!("../i18n/nl/formats-text.ftl"),
            include_str!("../i18n/nl/formats-apps.ftl"),
            include_str!("../i18n/nl/backup.ftl"),
            include_str!("../i18n/nl/password.ftl"),
            include_str!("../i18n/nl/cli.ftl"),
        ],
    ),
];

fn bundle(language: Language) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<Vec<(Language, FluentBundle<FluentResource>)>> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(language, sources)| {
                let tag = language
                    .tag()
                    .parse()
                    .expect("language tags are valid BCP 47");
                let mut bundle = FluentBundle::new_concurrent(vec![tag]);
                // Isolation marks are invisible on screen but corrupt terminal
                // output and copied text; our arguments are never bidirectional.
                bundle.set_use_isolating(false);
                for source in *sources {
                    let resource = FluentResource::try_new((*source).to_owned())
                        .expect("the shipped Fluent files parse (checked by tests)");
                    bundle
                        .add_resource(resource)
                        .expect("message ids are unique (checked by tests)");
                }
                (*language, bundle)
            })
            .collect()
    });
    &bundles
        .iter()
        .find(|(candidate, _)| *candidate == language)
        .expect("every language has a bundle")
        .1
}

/// Words the message `id` in `language`, falling back to English when the
/// translation is missing, and to the bare id when both are (a bug the tests
/// catch, but never a panic in front of a user).
pub fn localize(language: Language, id: &str, args: &[(&'static str, MessageArg)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            MessageArg::Text(text) => fluent_args.set(*name, FluentValue::from(text.as_str())),
            MessageArg::Number(number) => fluent_args.set(*name, FluentValue::from(*number)),
        }
    }
    for candidate in [language, Language::En] {
        let bundle = bundle(candidate);
        if let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) {
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            return text.into_owned();
        }
    }
    id.to_owned()
}

/// Writes a [`Message`] in English; what `Display` of every core error uses.
pub fn write_english(message: &dyn Message, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&message.localized(Language::En))
}

/// Implements `Display` (English) and `std::error::Error` for error enums
/// that implement [`Message`].
#[macro_export]
macro_rules! localized_error {
    ($($t:ty),* $(,)?) => {$(
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::i18n::write_english(self, f)
            }
        }

        impl ::std::error::Error for $t {}
    )*};
}

/// Asserts that `message` is worded in English and in Dutch (neither its
/// bare id, nor the same in both), and that both show every value it
/// carries. For the tests of each module's errors.
#[cfg(test)]
pub(crate) fn assert_worded_in_every_language(message: &dyn Message) {
    let english = message.localized(Language::En);
    let dutch = message.localized(Language::Nl);
    assert_ne!(english, message.message_id());
    assert_ne!(dutch, message.message_id());
    assert_ne!(english, dutch);
    for (_, arg) in message.message_args() {
        let shown = match arg {
            MessageArg::Text(text) => text,
            MessageArg::Number(number) => number.to_string(),
        };
        assert!(
            english.contains(&shown) && dutch.contains(&shown),
            "{english} / {dutch}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids(language: Language) -> BTreeSet<String> {
        let (_, sources) = SOURCES.iter().find(|(l, _)| *l == language).unwrap();
        let mut ids = BTreeSet::new();
        for source in *sources {
            let resource = FluentResource::try_new((*source).to_owned())
                .unwrap_or_else(|(_, errors)| panic!("{language:?} does not parse: {errors:?}"));
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(message) = entry {
                    assert!(
                        ids.insert(message.id.name.to_owned()),
                        "{} is defined twice in {language:?}",
                        message.id.name
                    );
                }
            }
        }
        ids
    }

    #[test]
    fn every_message_is_translated_into_every_language() {
        let english = ids(Language::En);
        for language in Language::ALL {
            assert_eq!(ids(language), english, "{language:?} differs from English");
        }
    }

    #[test]
    fn locales_pick_the_language() {
        assert_eq!(Language::from_locale("nl_NL.UTF-8"), Language::Nl);
        assert_eq!(Language::from_locale("nl-BE"), Language::Nl);
        assert_eq!(Language::from_locale("en_US.UTF-8"), Language::En);
        assert_eq!(Language::from_locale("C"), Language::En);
        assert_eq!(Language::from_locale(""), Language::En);
    }

    #[test]
    fn unknown_ids_come_back_as_the_id_instead_of_panicking() {
        assert_eq!(localize(Language::Nl, "no-such-id", &[]), "no-such-id");
    }
}
