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

#[cfg(test)]
mod tests {
    use super::*;

    /// The CLI's sources, to find the message ids they use.
    const SOURCES: [&str; 10] = [
        include_str!("main.rs"),
        include_str!("input.rs"),
        include_str!("unlock.rs"),
        include_str!("output.rs"),
        include_str!("words.rs"),
        include_str!("commands/mod.rs"),
        include_str!("commands/accounts.rs"),
        include_str!("commands/tokens.rs"),
        include_str!("commands/transfer.rs"),
        include_str!("commands/vault.rs"),
    ];

    /// The string literals in the sources that start with `prefix`.
    fn literals_after(prefix: &str) -> Vec<String> {
        SOURCES
            .iter()
            .flat_map(|source| source.match_indices(prefix).map(|(at, _)| &source[at..]))
            .filter_map(|rest| {
                let rest = rest[prefix.len()..].trim_start().strip_prefix('"')?;
                Some(rest[..rest.find('"')?].to_owned())
            })
            .collect()
    }

    #[test]
    fn every_message_the_cli_names_exists() {
        let ids: Vec<String> = literals_after("")
            .into_iter()
            .chain(literals_after("\""))
            .filter(|id| id.starts_with("cli-") && !id.ends_with('-'))
            .collect();
        assert!(ids.len() > 50, "found only {ids:?}");
        for language in Language::ALL {
            for id in &ids {
                assert_ne!(localize(language, id, &[]), *id, "{id} in {language:?}");
            }
        }
    }

    #[test]
    fn every_cli_error_says_what_to_do_next() {
        // Errors are made by `Failure::said(id, …)`, and by `read_file(path,
        // id)` for a file that cannot be read.
        let errors: Vec<String> = literals_after("said(")
            .into_iter()
            .chain(literals_after("read_file(&args.file,"))
            .filter(|id| id.starts_with("cli-"))
            .collect();
        assert!(errors.len() > 20, "found only {errors:?}");
        for id in errors {
            let next = format!("{id}-next");
            assert_ne!(
                localize(Language::En, &next, &[]),
                next,
                "{id} has no next step"
            );
        }
    }
}
