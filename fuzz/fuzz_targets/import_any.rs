//! The import dispatcher: detection over every format, then the reader it
//! picked, as `safekeep import FILE` and the app's import run it (no
//! password: encrypted files stop at "password needed"). Every error it
//! gives must have words in every language.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safekeep_core::formats::{Format, ImportError, detect, restore};
use safekeep_core::i18n::{Language, Message};
use safekeep_fuzz::check_restored;

fuzz_target!(|data: &[u8]| {
    let detected = detect(data);
    if let Some(format) = detected {
        assert!(
            Format::from_name(format.name()) == Some(format),
            "every format is named"
        );
    }
    match restore(data, None, None) {
        Ok(restored) => {
            assert!(detected.is_some(), "only a detected file imports");
            check_restored(&restored);
        }
        Err(error) => {
            assert!(
                (error == ImportError::UnknownFormat) == detected.is_none(),
                "a file is of unknown format exactly when no format detects it"
            );
            for language in Language::ALL {
                let text = error.localized(language);
                let id = error.message_id();
                assert!(text != id, "{id} has words in {language:?}");
                // Fluent writes a value the message lacks as `{$name}`.
                assert!(!text.contains("{$"), "{id} gets all its values");
            }
        }
    }
});
