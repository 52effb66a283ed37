//! Backup tokens pasted from a site: the recogniser, and the list they go
//! into, which must hand out every unused token exactly once.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use safekeep_core::tokens::{BackupToken, BackupTokens, BatchMode, parse_pasted_tokens};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_pasted_tokens(text);
    let mut tokens = BackupTokens::default();
    let preview = tokens.preview(text, BatchMode::Append);
    let Ok(report) = tokens.add_batch(text, BatchMode::Append, 0) else {
        assert!(parsed.is_empty(), "a paste with tokens adds them");
        return;
    };
    assert!(report == preview, "the preview says what adding does");
    assert_eq!(
        tokens.total(),
        parsed.len(),
        "each recognised token is kept once"
    );
    let before: Vec<BackupToken> = tokens.iter().cloned().collect();
    tokens
        .add_batch(text, BatchMode::Replace, 1)
        .expect("the same paste is recognised again");
    // The list itself changes: it now remembers when it was replaced.
    assert!(
        tokens.iter().eq(&before),
        "replacing with the same paste keeps every token as it was"
    );
    let saved = serde_json::to_vec(&tokens).expect("a token list always serializes");
    let read_back: BackupTokens =
        serde_json::from_slice(&saved).expect("a saved token list reads back");
    assert!(read_back == tokens, "a replaced list reads back unchanged");

    let unused = tokens.unused_count();
    let mut handed_out = HashSet::new();
    for _ in 0..unused {
        let code = tokens
            .redeem_next("site", 2)
            .expect("an unused token is left");
        assert!(
            handed_out.insert(code.as_str().to_owned()),
            "a token is handed out once"
        );
    }
    assert!(
        tokens.redeem_next("site", 3).is_err(),
        "all tokens were handed out"
    );
    assert_eq!(tokens.unused_count(), 0);
});
