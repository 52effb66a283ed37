//! What the CLI says, in the person's language. Owns the one language a run
//! speaks (`--language`, else the locale), the lookup of the CLI's Fluent
//! messages (`crates/core/i18n/<lang>/cli.ftl`), and how an error is paired
//! with what to do next, as rage does: each CLI error `cli-…` has a
//! `cli-…-next` saying what to do, and core errors, which already say both,
//! may get a CLI-specific next step (a flag to pass) after them.

use std::sync::OnceLock;

use safekeep_core::i18n::{Language, Message, MessageArg, localize};

static LANGUAGE: OnceLock<Language> = OnceLock::new();

/// Fixes the language of this run: the one asked for, else the locale.
/// Called once, right after the arguments are parsed.
pub fn choose_language(asked: Option<Language>) {
    let _ = LANGUAGE.set(asked.unwrap_or_else(locale_language));
}

/// The language this run speaks; English before [`choose_language`].
pub fn language() -> Language {
    LANGUAGE.get().copied().unwrap_or(Language::En)
}

/// The language of the locale in the environment, in the order POSIX
/// programs read it: `LC_ALL`, `LC_MESSAGES`, `LANG`.
pub fn locale_language() -> Language {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    Language::from_locale(&locale)
}

/// The message `id` in this run's language.
pub fn say(id: &str, args: &[(&'static str, MessageArg)]) -> String {
    localize(language(), id, args)
}

/// A CLI error in one line: what happened (`id`), then what to do next
/// (`id-next`), both worded with `args`.
pub fn error_and_next(id: &str, args: &[(&'static str, MessageArg)]) -> String {
    let what = say(id, args);
    let next = say(&format!("{id}-next"), args);
    say(
        "cli-error-then-next",
        &[("what", what.into()), ("next", next.into())],
    )
}

/// A core error (which says what happened and what to do in general), then
/// the CLI's own next step `next_id` (the flag that does it here).
pub fn core_error_and_next(
    error: &dyn Message,
    next_id: &str,
    args: &[(&'static str, MessageArg)],
) -> String {
    say(
        "cli-sentence-then-next",
        &[
            ("what", error.localized(language()).into()),
            ("next", say(next_id, args).into()),
        ],
    )
}
