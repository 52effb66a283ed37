use super::*;
use crate::i18n::Language;
use proptest::prelude::*;

fn codes(text: &str) -> Vec<String> {
    parse_pasted_tokens(text)
        .iter()
        .map(|code| code.as_str().to_owned())
        .collect()
}

fn tokens_from(pasted: &str, now: UnixTime) -> BackupTokens {
    let mut tokens = BackupTokens::default();
    tokens
        .add_batch(pasted, BatchMode::Append, now)
        .expect("the paste holds tokens");
    tokens
}

const FIVE: &str = "ab12-cd34\nef56-gh78\nij90-kl12\nmn34-op56\nqr78-st90\n";

/// The tokens the list tests paste, in order, however they are dressed up.
const LISTED: [&str; 10] = [
    "ab12-cd34",
    "ef56-gh78",
    "ij90-kl12",
    "mn34-op56",
    "qr78-st90",
    "uv12-wx34",
    "yz56-ab78",
    "cd90-ef12",
    "gh34-ij56",
    "kl78-mn90",
];

/// GitHub's settings page, copied with its text.
const GITHUB_SETTINGS_PAGE: &str = "Recovery codes\n\
        Recovery codes can be used to access your account in the event you lose access \
        to your device and cannot receive two-factor authentication codes.\n\
        a1b2c-d3e4f    0f9e8-7d6c5\n\
        12ab3-cd45e    9a8b7-c6d5e\n\
        Download   Print   Copy\n";

/// Google's backup codes file: two numbered columns, prose and a date.
const GOOGLE_CODES_FILE: &str = "SAVE YOUR BACKUP CODES\r\n\
        Keep these backup codes somewhere safe but accessible.\r\n\
        \r\n\
        1. 1234 5678\t\t6. 6789 0123\r\n\
        2. 2345 6789\t\t7. 7890 1234\r\n\
        \r\n\
        (j.jansen@gmail.com)\r\n\
        * You can only use each backup code once.\r\n\
        * Generated: 2024-01-15\r\n";

// ---- Parsing what sites really show ----

#[test]
fn github_recovery_codes_file() {
    let pasted = "a1b2c-d3e4f\n0f9e8-7d6c5\n12ab3-cd45e\n9a8b7-c6d5e\n";
    assert_eq!(
        codes(pasted),
        ["a1b2c-d3e4f", "0f9e8-7d6c5", "12ab3-cd45e", "9a8b7-c6d5e"]
    );
}

#[test]
fn github_settings_page_copied_with_its_text() {
    let pasted = GITHUB_SETTINGS_PAGE;
    assert_eq!(
        codes(pasted),
        ["a1b2c-d3e4f", "0f9e8-7d6c5", "12ab3-cd45e", "9a8b7-c6d5e"]
    );
}

#[test]
fn google_backup_codes_file_in_two_numbered_columns() {
    let pasted = GOOGLE_CODES_FILE;
    assert_eq!(
        codes(pasted),
        ["1234 5678", "6789 0123", "2345 6789", "7890 1234"]
    );
}

#[test]
fn google_codes_copied_two_per_line_without_numbers() {
    assert_eq!(
        codes("1234 5678 2345 6789\n3456 7890 4567 8901"),
        ["1234 5678", "2345 6789", "3456 7890", "4567 8901"]
    );
}

#[test]
fn four_digit_groups_are_not_paired_when_the_count_is_odd_or_the_line_has_prose() {
    assert!(codes("1234 5678 9012").is_empty());
    assert!(codes("Call 0800 1234 for help").is_empty());
    assert!(codes("1234").is_empty());
}

#[test]
fn therapieland_style_numbered_list() {
    let pasted = "1. ab12-cd34\n2. ef56-gh78\n3. ij90-kl12\n4. mn34-op56\n5. qr78-st90";
    assert_eq!(codes(pasted), &LISTED[..5]);
}

#[test]
fn every_kind_of_standalone_numbering_is_dropped() {
    let pasted =
        "1. ab12-cd34\n2) ef56-gh78\n(3) ij90-kl12\n#4 mn34-op56\n5: qr78-st90\n6 uv12-wx34";
    assert_eq!(codes(pasted), &LISTED[..6]);
}

#[test]
fn glued_numbering_is_stripped_when_punctuation_ends_it() {
    let pasted = "1.ab12-cd34\n2)ef56-gh78\n(3)ij90-kl12\n4:mn34-op56\n#5.qr78-st90";
    assert_eq!(codes(pasted), &LISTED[..5]);
}

#[test]
fn ambiguous_glued_numbering_is_not_guessed() {
    // Is the `1` of `#1ab12cd34` a list number or part of the token?
    assert!(codes("#1ab12cd34").is_empty());
    // Without punctuation a leading digit is part of the token.
    assert_eq!(codes("1ab12cd34"), ["1ab12cd34"]);
}

#[test]
fn bullets_quotes_and_brackets_are_stripped() {
    let pasted = "- ab12-cd34\n* ef56-gh78\n• ij90-kl12\n•mn34-op56\n\"qr78-st90\"\n\
        [uv12-wx34]\n(yz56-ab78)\n“cd90-ef12”\n'gh34-ij56'\n`kl78-mn90`";
    assert_eq!(codes(pasted), &LISTED[..10]);
}

#[test]
fn comma_and_semicolon_separated_lists_and_json_arrays() {
    let expected = ["ab12-cd34", "ef56-gh78", "ij90-kl12"];
    assert_eq!(codes("ab12-cd34, ef56-gh78,ij90-kl12"), expected);
    assert_eq!(codes("ab12-cd34;ef56-gh78 ; ij90-kl12;"), expected);
    assert_eq!(codes(r#"["ab12-cd34","ef56-gh78","ij90-kl12"]"#), expected);
}

#[test]
fn windows_and_old_mac_line_endings_and_trailing_blank_lines() {
    let expected = ["ab12-cd34", "ef56-gh78"];
    assert_eq!(codes("ab12-cd34\r\nef56-gh78\r\n\r\n\r\n"), expected);
    assert_eq!(codes("ab12-cd34\ref56-gh78\r"), expected);
    assert_eq!(codes("\u{FEFF}ab12-cd34\n\n  ef56-gh78  \n\t\n"), expected);
}

#[test]
fn the_sites_formatting_is_kept() {
    assert_eq!(
        codes("ABCD-EFGH-IJKL\nMNOP-QRST-UVWX"),
        ["ABCD-EFGH-IJKL", "MNOP-QRST-UVWX"]
    );
    assert_eq!(codes("AB12CD34"), ["AB12CD34"]);
    assert_eq!(codes("a1b2c-d3e4f"), ["a1b2c-d3e4f"]);
}

#[test]
fn duplicates_within_the_paste_are_dropped_comparing_letters_and_digits_only() {
    let mut tokens = BackupTokens::default();
    let report = tokens
        .add_batch(
            "ab12-cd34\nAB12CD34\nef56-gh78\nab12 cd34",
            BatchMode::Append,
            1,
        )
        .unwrap();
    // `ab12 cd34` on one line is two short pieces, not a token.
    let kept: Vec<&str> = tokens.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(kept, ["ab12-cd34", "ef56-gh78"]);
    assert_eq!(report.repeated_in_paste, 1);
    assert_eq!(report.added, 2);
}

#[test]
fn prose_headers_are_not_tokens() {
    let pasted = "Backup codes for example.com\nYour one-time recovery codes:\n\
        ab12-cd34\nef56-gh78\nKeep these somewhere safe.";
    assert_eq!(codes(pasted), ["ab12-cd34", "ef56-gh78"]);
    assert!(codes("Backup codes for example.com").is_empty());
    assert!(codes("SAVE YOUR BACKUP CODES").is_empty());
    assert!(codes("Recovery").is_empty());
    assert!(codes("Je back-up tokens voor Therapieland").is_empty());
}

#[test]
fn a_date_or_user_name_among_the_tokens_is_dropped_by_shape() {
    let pasted = "Account: jjansen1985\n1. ab12-cd34\n2. ef56-gh78\n3. ij90-kl12\n\
        Generated on 2024-01-15\n2024-01-16";
    assert_eq!(codes(pasted), ["ab12-cd34", "ef56-gh78", "ij90-kl12"]);
    // Retyped without its dashes it is still one of them; a date is not.
    assert_eq!(
        codes("ab12-cd34\nef56-gh78\nIJ90KL12\n2024-01-15"),
        ["ab12-cd34", "ef56-gh78", "IJ90KL12"]
    );
}

#[test]
fn a_single_token_among_prose_is_still_found() {
    assert_eq!(codes("Your backup code is ab12-cd34."), ["ab12-cd34"]);
}

#[test]
fn a_letters_only_token_of_the_common_shape_is_kept() {
    let pasted = "a2b3c4d5\nqwertzui\nk7m2p9x4\n";
    assert_eq!(codes(pasted), ["a2b3c4d5", "qwertzui", "k7m2p9x4"]);
}

#[test]
fn a_word_of_the_common_shape_is_not_kept_when_case_or_line_gives_it_away() {
    // Capitalized: not of the all-lowercase tokens' kind.
    assert_eq!(
        codes("Recovery\na2b3c4d5\nk7m2p9x4"),
        ["a2b3c4d5", "k7m2p9x4"]
    );
    // Lowercase, but on a line of prose.
    assert_eq!(
        codes("keep these recovery codes safe\na2b3c4d5\nk7m2p9x4"),
        ["a2b3c4d5", "k7m2p9x4"]
    );
    // With no common shape to compare with, a word is never a token.
    assert_eq!(codes("qwertzui\nab12-cd34"), ["ab12-cd34"]);
}

#[test]
fn nothing_recognisable() {
    assert!(codes("").is_empty());
    assert!(codes("\r\n\r\n").is_empty());
    assert!(codes("1.\n2.\n- * •").is_empty());
    assert!(codes("ab1 cd2").is_empty());
    assert!(codes("https://example.com/2fa?code=1").is_empty());
}

// ---- TokenCode ----

#[test]
fn masked_keeps_separators_only() {
    assert_eq!(TokenCode::new("ab12-cd34").masked(), "••••-••••");
    assert_eq!(TokenCode::new("1234 5678").masked(), "•••• ••••");
    assert_eq!(TokenCode::new("ABCD-EFGH-IJKL").masked(), "••••-••••-••••");
}

#[test]
fn token_code_serializes_as_a_plain_string() {
    let code = TokenCode::new("ab12-cd34");
    assert_eq!(serde_json::to_string(&code).unwrap(), "\"ab12-cd34\"");
    let back: TokenCode = serde_json::from_str("\"ab12-cd34\"").unwrap();
    assert_eq!(back, code);
}

// ---- Adding batches ----

#[test]
fn batches_are_numbered_from_one_up() {
    let mut tokens = tokens_from("ab12-cd34\nef56-gh78", 100);
    tokens
        .add_batch("ij90-kl12\nmn34-op56", BatchMode::Append, 200)
        .unwrap();
    let batches: Vec<(u32, UnixTime)> = tokens.iter().map(|t| (t.batch, t.added_at)).collect();
    assert_eq!(batches, [(1, 100), (1, 100), (2, 200), (2, 200)]);
}

#[test]
fn append_keeps_the_old_batch_and_reports_already_stored() {
    let mut tokens = tokens_from("ab12-cd34\nef56-gh78", 100);
    tokens.mark_used("ab12-cd34", 150).unwrap();
    let report = tokens
        .add_batch("AB12CD34\nij90-kl12\nij90-kl12", BatchMode::Append, 200)
        .unwrap();
    assert_eq!(
        report,
        AddReport {
            added: 1,
            already_stored: 1,
            repeated_in_paste: 1,
            ..AddReport::default()
        }
    );
    assert_eq!(tokens.total(), 3);
    let first = tokens.iter().next().unwrap();
    assert_eq!(first.code.as_str(), "ab12-cd34");
    assert_eq!(first.used_at, Some(150), "re-pasting must not revive it");
}

#[test]
fn replace_drops_the_old_batch_used_and_unused() {
    let mut tokens = tokens_from("ab12-cd34\nef56-gh78", 100);
    tokens.redeem_next("Site", 150).unwrap();
    let report = tokens
        .add_batch("ij90-kl12\nmn34-op56", BatchMode::Replace, 200)
        .unwrap();
    assert_eq!(
        report,
        AddReport {
            added: 2,
            already_stored: 0,
            repeated_in_paste: 0,
            left_out: Vec::new(),
            dropped: 2,
            dropped_unused: 1,
        }
    );
    let left: Vec<(&str, u32)> = tokens.iter().map(|t| (t.code.as_str(), t.batch)).collect();
    assert_eq!(left, [("ij90-kl12", 2), ("mn34-op56", 2)]);
    assert_eq!(tokens.unused_count(), 2);
}

#[test]
fn replace_with_a_token_already_stored_keeps_its_used_mark() {
    let mut tokens = tokens_from("ab12-cd34\nef56-gh78", 100);
    tokens.mark_used("ab12-cd34", 150).unwrap();
    let report = tokens
        .add_batch("ab12-cd34\nij90-kl12", BatchMode::Replace, 200)
        .unwrap();
    assert_eq!(report.already_stored, 1);
    assert_eq!(report.added, 1);
    let left: Vec<(&str, Option<UnixTime>)> = tokens
        .iter()
        .map(|t| (t.code.as_str(), t.used_at))
        .collect();
    assert_eq!(left, [("ab12-cd34", Some(150)), ("ij90-kl12", None)]);
}

#[test]
fn a_paste_without_tokens_fails_and_changes_nothing() {
    let mut tokens = tokens_from(FIVE, 100);
    let before = tokens.clone();
    for mode in [BatchMode::Append, BatchMode::Replace] {
        assert_eq!(
            tokens.add_batch("Backup codes for example.com", mode, 200),
            Err(AddTokensError::NothingFound)
        );
        assert_eq!(tokens, before);
    }
}

#[test]
fn a_paste_of_only_known_tokens_adds_nothing_but_succeeds() {
    let mut tokens = tokens_from(FIVE, 100);
    let report = tokens.add_batch(FIVE, BatchMode::Append, 200).unwrap();
    assert_eq!(
        report,
        AddReport {
            added: 0,
            already_stored: 5,
            repeated_in_paste: 0,
            ..AddReport::default()
        }
    );
    assert_eq!(tokens.total(), 5);
}

#[test]
fn preview_predicts_add_batch_without_changing_anything() {
    let tokens = tokens_from("ab12-cd34\nef56-gh78", 100);
    let pasted = "1. ab12-cd34\n2. ij90-kl12\n3. IJ90KL12\n4. mn34-op56";
    // Replacing drops the stored `ef56-gh78`, which was unused.
    for (mode, dropped) in [(BatchMode::Append, 0), (BatchMode::Replace, 1)] {
        let preview = tokens.preview(pasted, mode);
        assert_eq!(
            preview,
            AddReport {
                added: 2,
                already_stored: 1,
                repeated_in_paste: 1,
                left_out: Vec::new(),
                dropped,
                dropped_unused: dropped,
            }
        );
        let mut changed = tokens.clone();
        assert_eq!(changed.add_batch(pasted, mode, 200), Ok(preview));
    }
    assert_eq!(tokens.total(), 2);
    assert_eq!(
        tokens.preview("nothing here", BatchMode::Append),
        AddReport::default()
    );
}

// ---- What is left out is named ----

fn left_out(text: &str) -> Vec<(String, usize, LeftOutReason)> {
    recognise_tokens(text, Keep::Recognised)
        .left_out
        .iter()
        .map(|piece| (piece.piece.as_str().to_owned(), piece.line, piece.reason))
        .collect()
}

/// 40 numbered lines, every third token one character longer: the
/// paste from issue 10 that used to store 28 and say nothing.
fn forty_with_twelve_longer() -> (String, Vec<String>) {
    let tokens: Vec<String> = (0..40)
        .map(|i| {
            let longer = i % 3 == 1 && i < 36;
            let extra = if longer { "x" } else { "" };
            format!("{:04x}-k{:03}{extra}", i * 7 + 4096, i)
        })
        .collect();
    let pasted = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| format!("{}. {token}", i + 1))
        .collect::<Vec<_>>()
        .join("\n");
    (pasted, tokens)
}

#[test]
fn longer_tokens_left_out_by_shape_are_named_with_their_lines() {
    let (pasted, tokens) = forty_with_twelve_longer();
    let longer: Vec<(String, usize, LeftOutReason)> = tokens
        .iter()
        .enumerate()
        .filter(|(_, token)| token.len() == 10)
        .map(|(i, token)| (token.clone(), i + 1, LeftOutReason::UnlikeTheOthers))
        .collect();
    assert_eq!(longer.len(), 12);
    assert_eq!(codes(&pasted).len(), 28);
    assert_eq!(left_out(&pasted), longer);

    let report = BackupTokens::default().preview(&pasted, BatchMode::Append);
    assert_eq!((report.added, report.left_out.len()), (28, 12));
}

#[test]
fn keep_all_adds_the_left_out_pieces_in_the_sites_order() {
    let (pasted, tokens) = forty_with_twelve_longer();
    let mut stored = BackupTokens::default();
    let report = stored
        .add_pasted(&pasted, Keep::All, BatchMode::Append, 100)
        .unwrap();
    assert_eq!(report.added, 40);
    assert!(report.left_out.is_empty());
    let stored: Vec<&str> = stored.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(stored, tokens);
    assert_eq!(
        BackupTokens::default()
            .preview_pasted(&pasted, Keep::All, BatchMode::Append)
            .added,
        40
    );
}

#[test]
fn pieces_sharing_a_line_with_tokens_are_named_but_prose_lines_are_not() {
    let pasted = "Backup codes for example.com\r\n\
        Keep them safe, user jjansen.\r\n\
        ab12-cd34  ef56_gh78\r\n\
        ij90-kl12  mn34-op56\r\n\
        qr78-st90  Code:\r\n";
    assert_eq!(
        codes(pasted),
        ["ab12-cd34", "ij90-kl12", "mn34-op56", "qr78-st90"]
    );
    assert_eq!(
        left_out(pasted),
        [
            ("ef56_gh78".to_owned(), 3, LeftOutReason::NotTokenLike),
            ("Code".to_owned(), 5, LeftOutReason::NotTokenLike),
        ]
    );
}

#[test]
fn what_real_pastes_leave_out_is_only_what_looks_like_a_token() {
    let github = GITHUB_SETTINGS_PAGE;
    assert_eq!(left_out(github), []);
    let google = GOOGLE_CODES_FILE;
    // The date looks like a token; it is named, so the person decides.
    assert_eq!(
        left_out(google),
        [("2024-01-15".to_owned(), 9, LeftOutReason::UnlikeTheOthers)]
    );
    // Another spelling of a kept token is a repeat, not a left-out piece.
    assert_eq!(left_out("ab12-cd34\nef56-gh78\nAB12CD34"), []);
}

#[test]
fn left_out_pieces_never_show_in_debug_output() {
    let (pasted, _) = forty_with_twelve_longer();
    let report = BackupTokens::default().preview(&pasted, BatchMode::Append);
    let debug = format!("{report:?}");
    for piece in &report.left_out {
        assert!(!debug.contains(piece.piece.as_str()), "{debug}");
    }
    assert!(debug.contains("TokenCode(..)"));
}

// ---- Handing out the token the person picked ----

#[test]
fn hand_out_marks_an_unused_token_used_so_it_is_never_handed_out_again() {
    let mut tokens = tokens_from(FIVE, 100);
    let picked = tokens.hand_out(0, 200).unwrap();
    assert_eq!(picked.code.as_str(), "ab12-cd34");
    assert!(picked.marked_used);
    assert_eq!(tokens.unused_count(), 4);
    assert_eq!(tokens.iter().next().unwrap().used_at, Some(200));
    // "Use backup token" afterwards gives another one.
    assert_eq!(
        tokens.redeem_next("Site", 300).unwrap().as_str(),
        "ef56-gh78"
    );
    // A used token can be copied again; that spends nothing and keeps
    // the first time it was used.
    let again = tokens.hand_out(0, 400).unwrap();
    assert_eq!(again.code.as_str(), "ab12-cd34");
    assert!(!again.marked_used);
    assert_eq!(tokens.iter().next().unwrap().used_at, Some(200));
    // The same Undo as after "Use backup token".
    tokens.mark_unused(picked.code.as_str()).unwrap();
    assert_eq!(tokens.unused_count(), 4);
}

#[test]
fn hand_out_of_a_token_that_is_gone_changes_nothing() {
    let mut tokens = tokens_from(FIVE, 100);
    let before = tokens.clone();
    assert_eq!(tokens.hand_out(5, 200).unwrap_err(), HandOutError::Gone);
    assert_eq!(tokens, before);
}

// ---- Replacing, and undoing it ----

#[test]
fn replace_names_what_it_drops_and_undo_brings_the_old_batch_back_exactly() {
    let mut tokens = tokens_from(FIVE, 100);
    tokens.redeem_next("Site", 150).unwrap();
    tokens.redeem_next("Site", 160).unwrap();
    let old = tokens.clone();
    let new_batch = "zz11-yy22\nxx33-ww44\nvv55-uu66";

    let asked = tokens.preview(new_batch, BatchMode::Replace);
    assert_eq!((asked.dropped, asked.dropped_unused), (5, 3));
    assert_eq!(asked.added, 3);
    assert_eq!(
        tokens.preview(new_batch, BatchMode::Append).dropped,
        0,
        "appending drops nothing"
    );

    let (report, replaced) = tokens
        .replace_batch(new_batch, Keep::Recognised, 200)
        .unwrap();
    assert_eq!(report, asked);
    assert_eq!(tokens.unused_count(), 3);
    assert_eq!(tokens.replaced_at, Some(200));

    tokens.undo_replace(&replaced).unwrap();
    assert_eq!(tokens, old, "used marks and all");
    assert_eq!(tokens.replaced_at, None);
}

#[test]
fn undo_of_a_replacement_is_refused_once_the_list_changed() {
    let mut tokens = tokens_from(FIVE, 100);
    let (_, replaced) = tokens
        .replace_batch("zz11-yy22\nxx33-ww44", Keep::Recognised, 200)
        .unwrap();
    // Meanwhile the command line used a token of the new batch.
    tokens.redeem_next("Site", 210).unwrap();
    let changed = tokens.clone();
    assert_eq!(
        tokens.undo_replace(&replaced),
        Err(UndoReplaceError::ChangedSince)
    );
    assert_eq!(tokens, changed);
}

#[test]
fn a_replacement_with_nothing_recognised_keeps_the_list_and_gives_no_undo() {
    let mut tokens = tokens_from(FIVE, 100);
    let before = tokens.clone();
    assert_eq!(
        tokens
            .replace_batch("no tokens here", Keep::Recognised, 200)
            .unwrap_err(),
        AddTokensError::NothingFound
    );
    assert_eq!(tokens, before);
}

// ---- Redeeming ----

#[test]
fn redeem_hands_out_each_token_exactly_once_then_none_left() {
    let mut tokens = tokens_from(FIVE, 100);
    let mut handed_out = Vec::new();
    for now in 200..205 {
        handed_out.push(
            tokens
                .redeem_next("Therapieland", now)
                .unwrap()
                .as_str()
                .to_owned(),
        );
    }
    assert_eq!(handed_out, &LISTED[..5]);
    assert_eq!(
        tokens.redeem_next("Therapieland", 300),
        Err(RedeemError::NoneLeft {
            site: "Therapieland".into()
        })
    );
    let used: Vec<Option<UnixTime>> = tokens.iter().map(|t| t.used_at).collect();
    assert_eq!(
        used,
        [Some(200), Some(201), Some(202), Some(203), Some(204)]
    );
}

#[test]
fn redeem_without_tokens_says_so() {
    assert_eq!(
        BackupTokens::default().redeem_next("GitHub", 1),
        Err(RedeemError::NoTokens {
            site: "GitHub".into()
        })
    );
}

#[test]
fn a_replaced_batch_stays_dead_whichever_copy_is_merged_into_which() {
    let older = tokens_from("ab12-cd34\nef56-gh78", 100);
    let mut newer = older.clone();
    newer
        .add_batch("ef56-gh78\nij90-kl12", BatchMode::Replace, 200)
        .unwrap();
    let codes = |tokens: &BackupTokens| -> Vec<String> {
        tokens.iter().map(|t| t.code.as_str().to_owned()).collect()
    };

    let mut merged = newer.clone();
    merged.merge_used_marks(&older);
    assert_eq!(codes(&merged), ["ef56-gh78", "ij90-kl12"]);
    assert_eq!(merged, newer);

    let mut merged = older.clone();
    merged.merge_used_marks(&newer);
    assert_eq!(codes(&merged), ["ef56-gh78", "ij90-kl12"]);
    // Merged again with the older copy, the dead token stays out.
    merged.merge_used_marks(&older);
    assert_eq!(codes(&merged), ["ef56-gh78", "ij90-kl12"]);
}

#[test]
fn a_batch_appended_elsewhere_before_our_replacement_is_not_revived() {
    // Tokens the other copy added after our replacement are new: kept.
    let mut ours = tokens_from("ab12-cd34", 100);
    let mut theirs = ours.clone();
    ours.add_batch("ef56-gh78", BatchMode::Replace, 200)
        .unwrap();
    theirs
        .add_batch("ij90-kl12", BatchMode::Append, 150)
        .unwrap();
    theirs
        .add_batch("mn34-op56", BatchMode::Append, 250)
        .unwrap();
    ours.merge_used_marks(&theirs);
    let codes: Vec<&str> = ours.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, ["ef56-gh78", "mn34-op56"]);
}

#[test]
fn lists_are_stored_as_arrays_until_a_batch_replaces_one() {
    let mut tokens = tokens_from("ab12-cd34", 100);
    let stored = serde_json::to_value(&tokens).unwrap();
    assert!(stored.is_array(), "{stored}");
    tokens
        .add_batch("ef56-gh78", BatchMode::Replace, 200)
        .unwrap();
    let stored = serde_json::to_value(&tokens).unwrap();
    assert_eq!(stored["replaced_at"], 200);
    assert_eq!(stored["tokens"][0]["code"], "ef56-gh78");
    let read_back: BackupTokens = serde_json::from_value(stored.clone()).unwrap();
    assert_eq!(read_back, tokens);
    let read_back: BackupTokens = serde_json::from_str(&stored.to_string()).unwrap();
    assert_eq!(read_back, tokens);
}

#[test]
fn a_token_list_that_is_neither_form_is_refused() {
    for text in [
        r#"{"tokens": []}"#,
        r#"{"replaced_at": 5}"#,
        r#"{"tokens": [], "replaced_at": 5, "tokens": []}"#,
        r#""ab12-cd34""#,
        r#"[{"code": "ab12-cd34"}]"#,
    ] {
        assert!(
            serde_json::from_str::<BackupTokens>(text).is_err(),
            "{text}"
        );
    }
    let later: BackupTokens =
        serde_json::from_str(r#"{"tokens": [], "replaced_at": 5, "note": [1, {}]}"#).unwrap();
    assert_eq!(later.replaced_at, Some(5));
}

#[test]
fn redeem_takes_the_oldest_batch_first_wherever_it_sits() {
    let mut tokens = tokens_from("ij90-kl12\nmn34-op56", 200);
    // Batch numbers from another copy: its batch 1 is older than ours.
    let older: BackupTokens = serde_json::from_str(
        r#"[{"code":"ab12-cd34","added_at":50,"batch":1,"used_at":null},
            {"code":"ef56-gh78","added_at":50,"batch":0,"used_at":null}]"#,
    )
    .unwrap();
    tokens.merge_used_marks(&older);
    let order: Vec<String> = (0..4)
        .map(|i| {
            tokens
                .redeem_next("Site", 300 + i)
                .unwrap()
                .as_str()
                .to_owned()
        })
        .collect();
    assert_eq!(order, ["ef56-gh78", "ij90-kl12", "mn34-op56", "ab12-cd34"]);
}

#[test]
fn status_goes_from_plenty_to_running_low_to_exhausted() {
    let mut tokens = BackupTokens::default();
    assert_eq!(tokens.status(), TokenStatus::NoTokens);
    tokens.add_batch(FIVE, BatchMode::Append, 100).unwrap();
    let mut seen = vec![tokens.status()];
    for now in 0..5 {
        tokens.redeem_next("Site", now).unwrap();
        seen.push(tokens.status());
    }
    assert_eq!(
        seen,
        [
            TokenStatus::Plenty {
                unused: 5,
                total: 5
            },
            TokenStatus::Plenty {
                unused: 4,
                total: 5
            },
            TokenStatus::Plenty {
                unused: 3,
                total: 5
            },
            TokenStatus::Plenty {
                unused: 2,
                total: 5
            },
            TokenStatus::RunningLow {
                unused: 1,
                total: 5
            },
            TokenStatus::Exhausted { total: 5 },
        ]
    );
    assert_eq!(tokens.unused_count(), 0);
    assert_eq!(tokens.total(), 5);
}

#[test]
fn status_serializes_with_a_state_tag_for_the_ui() {
    let json = |status| serde_json::to_value(status).unwrap();
    assert_eq!(
        json(TokenStatus::NoTokens),
        serde_json::json!({"state": "no_tokens"})
    );
    assert_eq!(
        json(TokenStatus::RunningLow {
            unused: 1,
            total: 5
        }),
        serde_json::json!({"state": "running_low", "unused": 1, "total": 5})
    );
    assert_eq!(
        json(TokenStatus::Exhausted { total: 5 }),
        serde_json::json!({"state": "exhausted", "total": 5})
    );
}

// ---- Marking ----

#[test]
fn mark_and_unmark_by_a_differently_formatted_code() {
    let mut tokens = tokens_from("ab12-cd34\nef56-gh78", 100);
    tokens.mark_used("AB12CD34", 200).unwrap();
    assert_eq!(tokens.unused_count(), 1);
    assert_eq!(tokens.iter().next().unwrap().used_at, Some(200));
    tokens.mark_used(" ab12 cd34 ", 300).unwrap();
    assert_eq!(
        tokens.iter().next().unwrap().used_at,
        Some(200),
        "the first use counts"
    );
    tokens.mark_unused("Ab12-Cd34").unwrap();
    assert_eq!(tokens.unused_count(), 2);
}

#[test]
fn marking_an_unknown_code_fails_without_changing_anything() {
    let mut tokens = tokens_from("ab12-cd34", 100);
    let before = tokens.clone();
    assert_eq!(tokens.mark_used("zz99-zz99", 1), Err(MarkError::NotFound));
    assert_eq!(tokens.mark_unused("zz99-zz99"), Err(MarkError::NotFound));
    assert_eq!(tokens.mark_used("", 1), Err(MarkError::NotFound));
    assert_eq!(tokens.mark_used("- -", 1), Err(MarkError::NotFound));
    assert_eq!(tokens, before);
}

#[test]
fn ticking_a_token_in_the_list_marks_it_used_or_unused_by_its_place() {
    let mut tokens = tokens_from("ab12-cd34\nef56-gh78", 100);
    tokens.set_used_at(1, true, 200).unwrap();
    tokens.set_used_at(1, true, 300).unwrap();
    let used: Vec<Option<UnixTime>> = tokens.iter().map(|token| token.used_at).collect();
    assert_eq!(used, [None, Some(200)], "the first use counts");
    tokens.set_used_at(1, false, 400).unwrap();
    assert_eq!(tokens.unused_count(), 2);
    let before = tokens.clone();
    assert_eq!(tokens.set_used_at(2, true, 500), Err(MarkError::NotFound));
    assert_eq!(tokens, before, "a place past the end changes nothing");
}

// ---- Merging ----

#[test]
fn merge_used_marks_is_a_union() {
    let mut ours = tokens_from("ab12-cd34\nef56-gh78\nij90-kl12", 100);
    ours.mark_used("ab12-cd34", 300).unwrap();
    ours.mark_used("ef56-gh78", 200).unwrap();
    let mut theirs = tokens_from("AB12CD34\nef56-gh78\nij90-kl12\nmn34-op56", 100);
    theirs.mark_used("ab12-cd34", 250).unwrap();
    theirs.mark_used("ij90-kl12", 400).unwrap();
    theirs.mark_used("mn34-op56", 500).unwrap();

    ours.merge_used_marks(&theirs);
    let merged: Vec<(&str, Option<UnixTime>)> =
        ours.iter().map(|t| (t.code.as_str(), t.used_at)).collect();
    assert_eq!(
        merged,
        [
            ("ab12-cd34", Some(250)),
            ("ef56-gh78", Some(200)),
            ("ij90-kl12", Some(400)),
            ("mn34-op56", Some(500)),
        ]
    );

    // Merging again, or the other way round, changes nothing further.
    let once = ours.clone();
    ours.merge_used_marks(&theirs);
    assert_eq!(ours, once);
    theirs.merge_used_marks(&once);
    assert_eq!(theirs.unused_count(), 0);
}

// ---- Serde ----

#[test]
fn serde_round_trip_as_a_json_array() {
    let mut tokens = tokens_from(FIVE, 100);
    tokens.redeem_next("Site", 200).unwrap();
    let json = serde_json::to_value(&tokens).unwrap();
    assert_eq!(
        json[0],
        serde_json::json!({"code": "ab12-cd34", "added_at": 100, "batch": 1, "used_at": 200})
    );
    assert_eq!(json.as_array().unwrap().len(), 5);
    let back: BackupTokens = serde_json::from_value(json).unwrap();
    assert_eq!(back, tokens);
    let empty: BackupTokens = serde_json::from_str("[]").unwrap();
    assert!(empty.is_empty());
}

// ---- Secrets stay secret ----

#[test]
fn debug_output_never_shows_a_token() {
    let tokens = tokens_from(FIVE, 100);
    let token = tokens.iter().next().unwrap();
    for debug in [
        format!("{:?}", token.code),
        format!("{token:?}"),
        format!("{tokens:?}"),
        format!("{tokens:#?}"),
    ] {
        for code in parse_pasted_tokens(FIVE) {
            assert!(!debug.contains(code.as_str()), "{debug}");
            assert!(!debug.contains(&code.as_str()[..4]), "{debug}");
        }
    }
    assert_eq!(format!("{:?}", token.code), "TokenCode(..)");
}

#[test]
fn error_messages_never_show_a_token_and_name_the_site() {
    let mut tokens = tokens_from("ab12-cd34", 100);
    let mark_error = tokens.mark_used("zz99-yy88", 1).unwrap_err();
    tokens.redeem_next("Therapieland", 1).unwrap();
    let none_left = tokens.redeem_next("Therapieland", 2).unwrap_err();
    let no_tokens = BackupTokens::default()
        .redeem_next("Therapieland", 1)
        .unwrap_err();
    let nothing_found = BackupTokens::default()
        .add_batch("ab1", BatchMode::Append, 1)
        .unwrap_err();

    let errors: [&dyn Message; 8] = [
        &mark_error,
        &none_left,
        &no_tokens,
        &nothing_found,
        &HandOutError::Gone,
        &UndoReplaceError::ChangedSince,
        &LeftOutReason::UnlikeTheOthers,
        &LeftOutReason::NotTokenLike,
    ];
    for error in errors {
        for language in Language::ALL {
            let text = error.localized(language);
            assert_ne!(
                text,
                error.message_id(),
                "{language:?} lacks {}",
                error.message_id()
            );
            assert!(error.message_id().starts_with("tokens-"));
            for secret in ["zz99", "yy88", "ab12", "cd34"] {
                assert!(!text.to_lowercase().contains(secret), "{text}");
            }
        }
    }
    assert!(none_left.to_string().contains("Therapieland"));
    assert!(no_tokens.to_string().contains("Therapieland"));
    assert!(none_left.localized(Language::Nl).contains("Therapieland"));
    assert!(!mark_error.to_string().is_empty());
    assert!(!nothing_found.to_string().is_empty());
}

// ---- Properties ----

fn assert_well_formed(parsed: &[TokenCode]) -> Result<(), TestCaseError> {
    let mut seen: Vec<Zeroizing<String>> = Vec::new();
    for code in parsed {
        prop_assert!(!code.as_str().is_empty());
        let normalized = code.normalized();
        prop_assert!(!normalized.is_empty());
        prop_assert!(!seen.contains(&normalized), "duplicate after normalizing");
        seen.push(normalized);
    }
    Ok(())
}

fn paste_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9]{1,10}",
        "[a-z0-9]{4}-[a-z0-9]{4}",
        "[0-9]{4}",
        "[0-9]{1,3}[.):]",
        "\\(?#?[0-9]{1,3}[.):]?[a-z0-9-]{0,9}",
        "[-*•\"'(\\[]{0,2}[A-Za-z0-9-]{0,12}[\"')\\].:]{0,2}",
        "[ \t\r\n,;|]{1,3}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn any_text_parses_without_panicking_into_unique_tokens(text in "\\PC*") {
        assert_well_formed(&parse_pasted_tokens(&text))?;
    }

    #[test]
    fn keeping_all_adds_exactly_the_recognised_tokens_and_the_left_out_pieces(text in paste_like()) {
        let recognised = recognise_tokens(&text, Keep::Recognised);
        let all = recognise_tokens(&text, Keep::All);
        assert_well_formed(&all.tokens)?;
        prop_assert!(all.left_out.is_empty());
        let expected: HashSet<Key> = recognised
            .tokens
            .iter()
            .chain(recognised.left_out.iter().map(|piece| &piece.piece))
            .map(|code| Key(code.normalized()))
            .collect();
        let kept: HashSet<Key> = all
            .tokens
            .iter()
            .map(|code| Key(code.normalized()))
            .collect();
        prop_assert!(kept == expected);
    }

    #[test]
    fn paste_like_text_parses_into_unique_tokens_and_adds_idempotently(text in paste_like()) {
        assert_well_formed(&parse_pasted_tokens(&text))?;
        let mut tokens = BackupTokens::default();
        if let Ok(first) = tokens.add_batch(&text, BatchMode::Append, 1) {
            prop_assert_eq!(first.added, tokens.total());
            let again = tokens.add_batch(&text, BatchMode::Append, 2).unwrap();
            prop_assert_eq!(again.added, 0);
            prop_assert_eq!(again.already_stored, first.added);
        }
    }
}

#[test]
fn every_lane_hands_out_each_token_once_and_never_a_used_one() {
    let pasted = "aaaa-1111 bbbb-2222 cccc-3333 dddd-4444 eeee-5555 ffff-6666 gggg-7777";
    for of in 1..=4 {
        for index in 0..of {
            let mut tokens = tokens_from(pasted, 1).in_lane(HandOutLane { index, of });
            tokens.mark_used("dddd-4444", 2).unwrap();
            let mut seen = std::collections::HashSet::new();
            while let Ok(code) = tokens.redeem_next("Site", 3) {
                assert_ne!(code.as_str(), "dddd-4444", "a used token came out");
                assert!(seen.insert(code.as_str().to_owned()), "handed out twice");
            }
            assert_eq!(seen.len(), 6, "lane {index} of {of}");
        }
    }
    // One computer: the site's order, as always.
    let mut alone = tokens_from(pasted, 1);
    assert_eq!(alone.redeem_next("Site", 3).unwrap().as_str(), "aaaa-1111");
}
