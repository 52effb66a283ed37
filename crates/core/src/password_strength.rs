//! How hard a newly chosen password is to guess, and whether it is strong
//! enough to protect a vault or a backup.
//!
//! Owns the one rule every place a NEW password is chosen applies (creating
//! a vault with a password, setting or changing it, making a backup): the
//! `zxcvbn` estimate must reach [`MINIMUM_SCORE`]. Typing an existing
//! password to unlock or restore is never measured. zxcvbn's feedback is
//! English text, so its warning and suggestion enums are mapped here to our
//! own Fluent ids (`i18n/*/password.ftl`) and reach the user in their
//! language.

use crate::i18n::{Language, Message, MessageArg, localize};

/// The lowest zxcvbn score (0–4) a new vault or backup password may have.
///
/// 3 means zxcvbn estimates more than 10⁸ guesses. A vault or backup file
/// can be copied and attacked offline for as long as the attacker likes;
/// even through Argon2id (64 MiB, 3 passes) one graphics card tries a few
/// thousand passwords a second, so a score-2 password (under 10⁸ guesses)
/// falls within a day or so, a score-3 one takes months.
pub const MINIMUM_SCORE: u8 = 3;

/// zxcvbn's matching grows faster than linearly with the length; beyond
/// this many characters only the start is measured. The start of a password
/// is never stronger than the whole, so the estimate only errs low.
const MEASURED_CHARS: usize = 100;

/// Words anyone guessing a Safekeep password tries first, next to zxcvbn's
/// (English) dictionaries: our name, and the Dutch words for the obvious.
const OBVIOUS_WORDS: [&str; 8] = [
    "safekeep",
    "vault",
    "backup",
    "password",
    "kluis",
    "wachtwoord",
    "geheim",
    "welkom",
];

/// What zxcvbn says is wrong with a password, as our own message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    /// A row of keys such as "qwerty".
    KeyboardRow,
    /// A short pattern on the keyboard.
    KeyboardPattern,
    /// A character repeated, like "aaa".
    RepeatedCharacter,
    /// A group repeated, like "abcabc".
    RepeatedGroup,
    /// One of the most common passwords.
    CommonPassword,
    /// A common password with small changes.
    LikeCommonPassword,
    /// A sequence like "abc" or "6543".
    Sequence,
    /// A recent year.
    RecentYear,
    /// A single dictionary word.
    SingleWord,
    /// A date.
    Date,
    /// A name or surname.
    Name,
}

impl Weakness {
    /// Its Fluent id.
    pub fn message_id(self) -> &'static str {
        match self {
            Weakness::KeyboardRow => "password-weakness-keyboard-row",
            Weakness::KeyboardPattern => "password-weakness-keyboard-pattern",
            Weakness::RepeatedCharacter => "password-weakness-repeated-character",
            Weakness::RepeatedGroup => "password-weakness-repeated-group",
            Weakness::CommonPassword => "password-weakness-common",
            Weakness::LikeCommonPassword => "password-weakness-like-common",
            Weakness::Sequence => "password-weakness-sequence",
            Weakness::RecentYear => "password-weakness-recent-year",
            Weakness::SingleWord => "password-weakness-single-word",
            Weakness::Date => "password-weakness-date",
            Weakness::Name => "password-weakness-name",
        }
    }

    fn of(warning: zxcvbn::feedback::Warning) -> Weakness {
        use zxcvbn::feedback::Warning as W;
        match warning {
            W::StraightRowsOfKeysAreEasyToGuess => Weakness::KeyboardRow,
            W::ShortKeyboardPatternsAreEasyToGuess => Weakness::KeyboardPattern,
            W::RepeatsLikeAaaAreEasyToGuess => Weakness::RepeatedCharacter,
            W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => Weakness::RepeatedGroup,
            W::ThisIsATop10Password | W::ThisIsATop100Password | W::ThisIsACommonPassword => {
                Weakness::CommonPassword
            }
            W::ThisIsSimilarToACommonlyUsedPassword => Weakness::LikeCommonPassword,
            W::SequencesLikeAbcAreEasyToGuess => Weakness::Sequence,
            W::RecentYearsAreEasyToGuess => Weakness::RecentYear,
            W::AWordByItselfIsEasyToGuess => Weakness::SingleWord,
            W::DatesAreOftenEasyToGuess => Weakness::Date,
            W::NamesAndSurnamesByThemselvesAreEasyToGuess
            | W::CommonNamesAndSurnamesAreEasyToGuess => Weakness::Name,
        }
    }
}

/// What would make a password stronger, as our own message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Advice {
    /// Use a few uncommon words rather than a phrase.
    FewWords,
    /// Make it longer with another word or two.
    AnotherWord,
    /// Capitals, all-capitals or reversing barely help.
    CapitalsDoNotHelp,
    /// Replacing letters by look-alikes ("@" for "a") barely helps.
    SubstitutionsDoNotHelp,
    /// A longer keyboard pattern with more turns.
    LongerKeyboardPattern,
    /// No repeated words or characters.
    NoRepeats,
    /// No sequences.
    NoSequences,
    /// No years or dates tied to the person.
    NoDates,
}

impl Advice {
    /// Its Fluent id.
    pub fn message_id(self) -> &'static str {
        match self {
            Advice::FewWords => "password-advice-few-words",
            Advice::AnotherWord => "password-advice-another-word",
            Advice::CapitalsDoNotHelp => "password-advice-capitals",
            Advice::SubstitutionsDoNotHelp => "password-advice-substitutions",
            Advice::LongerKeyboardPattern => "password-advice-keyboard",
            Advice::NoRepeats => "password-advice-repeats",
            Advice::NoSequences => "password-advice-sequences",
            Advice::NoDates => "password-advice-dates",
        }
    }

    fn of(suggestion: zxcvbn::feedback::Suggestion) -> Advice {
        use zxcvbn::feedback::Suggestion as S;
        match suggestion {
            S::UseAFewWordsAvoidCommonPhrases | S::NoNeedForSymbolsDigitsOrUppercaseLetters => {
                Advice::FewWords
            }
            S::AddAnotherWordOrTwo => Advice::AnotherWord,
            S::CapitalizationDoesntHelpVeryMuch
            | S::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase
            | S::ReversedWordsArentMuchHarderToGuess => Advice::CapitalsDoNotHelp,
            S::PredictableSubstitutionsDontHelpVeryMuch => Advice::SubstitutionsDoNotHelp,
            S::UseALongerKeyboardPatternWithMoreTurns => Advice::LongerKeyboardPattern,
            S::AvoidRepeatedWordsAndCharacters => Advice::NoRepeats,
            S::AvoidSequences => Advice::NoSequences,
            S::AvoidRecentYears
            | S::AvoidYearsThatAreAssociatedWithYou
            | S::AvoidDatesAndYearsThatAreAssociatedWithYou => Advice::NoDates,
        }
    }
}

/// The measured strength of a candidate password. Holds no part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strength {
    /// zxcvbn's score: 0 (guessed at once) to 4 (very hard to guess).
    pub score: u8,
    /// What is wrong with it, when zxcvbn can name it.
    pub weakness: Option<Weakness>,
    /// What would make it stronger; empty for a strong password.
    pub advice: Vec<Advice>,
}

impl Strength {
    /// Whether it may protect a vault or a backup.
    pub fn acceptable(&self) -> bool {
        self.score >= MINIMUM_SCORE
    }

    /// The refusal for a password that is not acceptable.
    pub fn require_acceptable(self) -> Result<Strength, WeakPassword> {
        if self.acceptable() {
            Ok(self)
        } else {
            Err(WeakPassword { strength: self })
        }
    }
}

/// Measures `password`. Call it for a password being chosen, never for one
/// being typed to unlock: it says nothing useful then, and costs time.
pub fn measure(password: &str) -> Strength {
    let measured: String = password.chars().take(MEASURED_CHARS).collect();
    let measured = zeroize::Zeroizing::new(measured);
    let entropy = zxcvbn::zxcvbn(&measured, &OBVIOUS_WORDS);
    let score = u8::from(entropy.score());
    let (weakness, advice) = match entropy.feedback() {
        // zxcvbn gives no feedback from score 3 on.
        None => (None, Vec::new()),
        Some(feedback) => {
            let mut advice: Vec<Advice> = Vec::new();
            for suggestion in feedback.suggestions() {
                let item = Advice::of(*suggestion);
                if !advice.contains(&item) {
                    advice.push(item);
                }
            }
            (feedback.warning().map(Weakness::of), advice)
        }
    };
    // A score under the minimum always comes with something to do.
    let advice = if score < MINIMUM_SCORE && advice.is_empty() {
        vec![Advice::AnotherWord]
    } else {
        advice
    };
    Strength {
        score,
        weakness,
        advice,
    }
}

/// Measures `password` and refuses it when it is too easy to guess.
pub fn check_new_password(password: &str) -> Result<Strength, WeakPassword> {
    measure(password).require_acceptable()
}

/// A new password was refused: it is too easy to guess.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeakPassword {
    /// How it measured, for the reason and the advice.
    pub strength: Strength,
}

impl WeakPassword {
    /// The reason alone ("A word by itself is easy to guess."), if known.
    pub fn reason(&self, language: Language) -> Option<String> {
        self.strength
            .weakness
            .map(|weakness| localize(language, weakness.message_id(), &[]))
    }
}

/// Words the reason and the advice of a measurement in `language`: what the
/// window's meter shows under the field as the user types.
pub fn describe(strength: &Strength, language: Language) -> (Option<String>, Vec<String>) {
    let weakness = strength
        .weakness
        .map(|weakness| localize(language, weakness.message_id(), &[]));
    let advice = strength
        .advice
        .iter()
        .map(|advice| localize(language, advice.message_id(), &[]))
        .collect();
    (weakness, advice)
}

impl Message for WeakPassword {
    fn message_id(&self) -> &'static str {
        "password-too-weak"
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        self.args(Language::En)
    }

    // The reason and the advice are messages of their own; they are worded
    // in the same language as the sentence around them.
    fn localized(&self, language: Language) -> String {
        localize(language, self.message_id(), &self.args(language))
    }
}

impl WeakPassword {
    fn args(&self, language: Language) -> Vec<(&'static str, MessageArg)> {
        let (weakness, advice) = describe(&self.strength, language);
        vec![
            ("reason", weakness.unwrap_or_default().into()),
            ("advice", advice.join(" ").into()),
        ]
    }
}

crate::localized_error!(WeakPassword);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn very_weak_passwords_are_refused_with_a_reason_and_advice() {
        for weak in [
            "a",
            "password",
            "123456",
            "qwertyuiop",
            "safekeep",
            "wachtwoord",
            "aaaaaaaaaa",
            "Welkom2024",
        ] {
            let error = check_new_password(weak).expect_err(weak);
            assert!(error.strength.score < MINIMUM_SCORE, "{weak}");
            assert!(!error.strength.advice.is_empty(), "{weak}: no advice");
            let english = error.localized(Language::En);
            assert!(english.contains("too easy to guess"), "{weak}: {english}");
            let dutch = error.localized(Language::Nl);
            assert!(dutch.contains("te makkelijk te raden"), "{weak}: {dutch}");
            // Never the password itself in the message (the ones that are
            // not words the message uses anyway).
            if ["123456", "qwertyuiop", "aaaaaaaaaa", "Welkom2024"].contains(&weak) {
                assert!(
                    !english.contains(weak) && !dutch.contains(weak),
                    "{weak}: {english}"
                );
            }
        }
    }

    #[test]
    fn the_reason_names_what_zxcvbn_found() {
        let common = measure("password");
        assert_eq!(common.weakness, Some(Weakness::CommonPassword));
        let row = measure("zxcvbnm,./");
        assert_eq!(row.weakness, Some(Weakness::KeyboardRow));
        let repeated = measure("aaaaaaaaaa");
        assert_eq!(repeated.weakness, Some(Weakness::RepeatedCharacter));
        let error = check_new_password("password").unwrap_err();
        assert_eq!(
            error.reason(Language::En).as_deref(),
            Some("It is one of the most common passwords.")
        );
    }

    #[test]
    fn strong_passwords_are_accepted() {
        for strong in [
            "correct horse battery staple",
            "tr0ub4dor&3 with spaces",
            "paarse giraf fietst naar Zwolle",
            "xK9#mQ2$vL7@",
        ] {
            let strength = check_new_password(strong).expect(strong);
            assert!(strength.score >= MINIMUM_SCORE, "{strong}");
            assert!(strength.acceptable());
        }
    }

    #[test]
    fn a_very_long_password_is_measured_quickly_and_accepted() {
        let long = "x7!".repeat(5_000);
        let started = std::time::Instant::now();
        let strength = measure(&long);
        // Generous: a quadratic matcher on 15000 characters takes minutes.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert!(strength.score <= 4);
    }

    #[test]
    fn every_weakness_and_advice_is_worded_in_both_languages() {
        let weaknesses = [
            Weakness::KeyboardRow,
            Weakness::KeyboardPattern,
            Weakness::RepeatedCharacter,
            Weakness::RepeatedGroup,
            Weakness::CommonPassword,
            Weakness::LikeCommonPassword,
            Weakness::Sequence,
            Weakness::RecentYear,
            Weakness::SingleWord,
            Weakness::Date,
            Weakness::Name,
        ];
        let advice = [
            Advice::FewWords,
            Advice::AnotherWord,
            Advice::CapitalsDoNotHelp,
            Advice::SubstitutionsDoNotHelp,
            Advice::LongerKeyboardPattern,
            Advice::NoRepeats,
            Advice::NoSequences,
            Advice::NoDates,
        ];
        let ids = weaknesses
            .iter()
            .map(|w| w.message_id())
            .chain(advice.iter().map(|a| a.message_id()));
        for id in ids {
            for language in Language::ALL {
                let text = localize(language, id, &[]);
                assert_ne!(text, id, "{id} has no {language:?} wording");
            }
        }
    }
}
