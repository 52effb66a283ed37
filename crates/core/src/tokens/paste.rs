//! Recognising backup tokens in whatever a person pasted from a site.
//!
//! Sites show their tokens in many ways: one per line, numbered (`1. ab12-cd34`),
//! in two columns, with bullets, comma-separated, between quotes, or (Google)
//! as `1234 5678` with two codes on a line; and people paste the header and
//! footer along with them. The rules, in order:
//!
//! 1. The text is split into lines, and each line into pieces on whitespace,
//!    commas, semicolons and `|`.
//! 2. From each piece, bullets (`-`, `*`, `•`, …), quotes, brackets and
//!    trailing punctuation are stripped; list numbering (`1.`, `1)`, `(1)`,
//!    `#1`, `1:`) is dropped when it stands alone, and stripped from the
//!    front of a token only when a `.`, `)` or `:` separates it, because
//!    then no token character can be mistaken for it (`#1ab12cd34` is left
//!    alone: is the `1` a list number or the token's first character?).
//! 3. A line made only of 4-digit groups, an even number of them, is Google's
//!    layout: each pair is one code, kept as `1234 5678`.
//! 4. A piece can be a token when it is ASCII letters and digits, optionally
//!    grouped by single dashes, with at least [`MIN_TOKEN_CHARS`] letters and
//!    digits. The site's formatting (case, dashes) is kept as shown.
//! 5. Prose must not become a token (`Backup codes for example.com`,
//!    `SAVE YOUR BACKUP CODES`). Words are letters only, and real tokens
//!    nearly always have a digit or come in equal-length groups
//!    (`ABCD-EFGH-IJKL`), so only those count as tokens on their own.
//! 6. A site's tokens all look alike. When one shape (length and dash
//!    positions, e.g. `xxxx-xxxx`) is clearly the most common among the
//!    tokens on lines holding nothing but tokens, only tokens of that shape
//!    are kept, plus, on such lines, the same number of letters and digits
//!    typed without dashes. This drops a date or a user name in a header or
//!    footer (`Generated 2024-01-15`). It also rescues a letters-only token
//!    of that shape and letter case that happens to have no digit (about one
//!    in five 8-character base-32 codes), as long as its line holds no prose.
//! 7. Duplicates are dropped, comparing letters and digits only,
//!    case-insensitively; the first spelling wins.
//! 8. Nothing that may be a token is dropped without a word: every piece
//!    that looks like a token (rule 4) but is left out by rule 6, and every
//!    other piece (with a letter or digit) of a line that holds a kept
//!    token, is reported as [`LeftOut`], with its line and why, unless it
//!    repeats a kept token. [`Keep::All`] adds those pieces too. Lines of
//!    prose and headers with no token on them are not reported.

use std::collections::HashSet;

use zeroize::Zeroizing;

use super::{Keep, Key, LeftOut, LeftOutReason, MIN_TOKEN_CHARS, TokenCode, normalize};

/// Recognises the backup tokens in text pasted from a site, in the site's
/// order, each once. See this module's documentation for the rules.
pub fn parse_pasted_tokens(text: &str) -> Vec<TokenCode> {
    recognise_tokens(text, Keep::Recognised).tokens
}

pub(super) struct Recognised {
    pub(super) tokens: Vec<TokenCode>,
    pub(super) repeated_in_paste: usize,
    pub(super) left_out: Vec<LeftOut>,
}

/// How sure we are that a piece of the paste is a token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Confidence {
    /// Looks like a token, on a line with nothing but tokens.
    AmongTokens,
    /// Looks like a token, but shares its line with prose.
    AmongProse,
    /// Letters only, on a line with nothing but tokens: a token only if it
    /// looks like the others.
    WordLike,
}

/// One piece of the paste, after bullets, quotes and numbering are gone.
struct Candidate {
    code: Zeroizing<String>,
    /// How sure we are it is a token; `None` when it cannot be one by the
    /// rules (a short word, an address), and is only worth naming when its
    /// line holds a token.
    confidence: Option<Confidence>,
    look: Look,
    /// Its line in the paste, counting from 1.
    line: usize,
}

/// What becomes of one piece of the paste.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    Kept,
    LeftOut(LeftOutReason),
    /// Prose or a header: not a token and not worth naming.
    Ignored,
}

pub(super) fn recognise_tokens(text: &str, keep: Keep) -> Recognised {
    let mut candidates = Vec::new();
    for (index, line) in lines(text).enumerate() {
        collect_candidates(line, index + 1, &mut candidates);
    }
    let common = common_shape(&candidates);
    let is_kept = |candidate: &Candidate| match (candidate.confidence, &common) {
        (None, _) => false,
        (Some(_), Some(common)) => common.admits(candidate),
        (Some(confidence), None) => confidence != Confidence::WordLike,
    };
    let kept: Vec<bool> = candidates.iter().map(is_kept).collect();
    let lines_with_tokens: HashSet<usize> = candidates
        .iter()
        .zip(&kept)
        .filter(|(_, kept)| **kept)
        .map(|(candidate, _)| candidate.line)
        .collect();
    let fates: Vec<Fate> = candidates
        .iter()
        .zip(&kept)
        .map(|(candidate, kept)| {
            if *kept {
                Fate::Kept
            } else if !candidate.code.chars().any(char::is_alphanumeric) {
                Fate::Ignored
            } else if candidate.look == Look::Token {
                Fate::LeftOut(LeftOutReason::UnlikeTheOthers)
            } else if !lines_with_tokens.contains(&candidate.line) {
                Fate::Ignored
            } else if candidate.look == Look::Word {
                Fate::LeftOut(LeftOutReason::UnlikeTheOthers)
            } else {
                Fate::LeftOut(LeftOutReason::NotTokenLike)
            }
        })
        .collect();
    // Every kept token, wherever it stands: a left-out spelling of one of
    // them (`IJ90KL12` after `ij90-kl12`) is, to the person pasting it,
    // simply the same token twice.
    let kept_tokens: HashSet<Key> = candidates
        .iter()
        .zip(&fates)
        .filter(|(_, fate)| **fate == Fate::Kept)
        .map(|(candidate, _)| Key(normalize(&candidate.code)))
        .collect();

    let mut recognised = Recognised {
        tokens: Vec::new(),
        repeated_in_paste: 0,
        left_out: Vec::new(),
    };
    let mut taken: HashSet<Key> = HashSet::new();
    let mut named: HashSet<Key> = HashSet::new();
    for (candidate, fate) in candidates.into_iter().zip(fates) {
        let normalized = Key(normalize(&candidate.code));
        match fate {
            Fate::Kept => {}
            Fate::Ignored => {
                if candidate.confidence.is_some() && kept_tokens.contains(&normalized) {
                    recognised.repeated_in_paste += 1;
                }
                continue;
            }
            Fate::LeftOut(_) if kept_tokens.contains(&normalized) => {
                recognised.repeated_in_paste += 1;
                continue;
            }
            Fate::LeftOut(_) if keep == Keep::All => {}
            Fate::LeftOut(reason) => {
                if named.insert(normalized) {
                    recognised.left_out.push(LeftOut {
                        piece: TokenCode(candidate.code),
                        line: candidate.line,
                        reason,
                    });
                }
                continue;
            }
        }
        if taken.insert(normalized) {
            recognised.tokens.push(TokenCode(candidate.code));
        } else {
            recognised.repeated_in_paste += 1;
        }
    }
    recognised
}

/// The lines of `text`; `\r\n` is one line break, so line numbers match
/// what an editor shows.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.find(is_line_break) {
            Some(at) => {
                let after = &text[at..];
                let break_len = if after.starts_with("\r\n") {
                    2
                } else {
                    after.chars().next().map_or(1, char::len_utf8)
                };
                rest = Some(&after[break_len..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_piece_separator(c: char) -> bool {
    // Zero-width characters and the byte-order mark come along with text
    // copied from web pages and files; inside a piece they would make a
    // token unrecognisable.
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';' | '|' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

fn collect_candidates(line: &str, line_number: usize, candidates: &mut Vec<Candidate>) {
    let pieces: Vec<&str> = line
        .split(is_piece_separator)
        .filter_map(strip_decoration)
        .collect();

    if pieces.len() >= 2
        && pieces.len().is_multiple_of(2)
        && pieces.iter().all(|p| is_four_digit_group(p))
    {
        for pair in pieces.chunks(2) {
            let mut code = Zeroizing::new(String::with_capacity(9));
            code.push_str(pair[0]);
            code.push(' ');
            code.push_str(pair[1]);
            candidates.push(Candidate {
                code,
                confidence: Some(Confidence::AmongTokens),
                look: Look::Token,
                line: line_number,
            });
        }
        return;
    }

    let looks: Vec<(&str, Look)> = pieces
        .iter()
        .map(|piece| (*piece, look_of(piece)))
        .collect();
    let has_prose = looks.iter().any(|(_, look)| *look == Look::Prose);
    for (piece, look) in looks {
        let confidence = match look {
            Look::Token if has_prose => Some(Confidence::AmongProse),
            Look::Token => Some(Confidence::AmongTokens),
            Look::Word if !has_prose => Some(Confidence::WordLike),
            Look::Word | Look::Prose => None,
        };
        candidates.push(Candidate {
            code: Zeroizing::new(piece.to_owned()),
            confidence,
            look,
            line: line_number,
        });
    }
}

const LEADING_DECORATION: &[char] = &[
    '-', '*', '•', '·', '‣', '◦', '▪', '▫', '–', '—', '>', '☐', '□', '▢', '"', '\'', '`', '“', '”',
    '‘', '’', '„', '«', '»', '‹', '›', '(', '[', '{', '<',
];

const TRAILING_DECORATION: &[char] = &[
    '"', '\'', '`', '“', '”', '‘', '’', '«', '»', '‹', '›', ')', ']', '}', '>', '.', ':', '!', '?',
];

/// The piece without bullets, quotes, brackets and list numbering; `None`
/// when nothing else is left.
fn strip_decoration(piece: &str) -> Option<&str> {
    let mut stripped = trim_decoration(piece);
    if let Some(rest) = strip_glued_numbering(stripped) {
        stripped = trim_decoration(rest);
    }
    (!stripped.is_empty() && !is_list_number(stripped)).then_some(stripped)
}

fn trim_decoration(piece: &str) -> &str {
    piece
        .trim_start_matches(LEADING_DECORATION)
        .trim_end_matches(TRAILING_DECORATION)
}

/// `1`, `12`, `#3`: what remains of list numbering once its punctuation is
/// stripped.
fn is_list_number(piece: &str) -> bool {
    let digits = piece.strip_prefix('#').unwrap_or(piece);
    (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `1.ab12-cd34`, `1)ab12-cd34`, `#2:ab12-cd34` → `ab12-cd34`. Only when
/// the rest has a token's characters, so that the `.`, `)` or `:` can only
/// be the end of the number.
fn strip_glued_numbering(piece: &str) -> Option<&str> {
    let number = piece.strip_prefix('#').unwrap_or(piece);
    let digits = number
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(number.len());
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = number[digits..].strip_prefix(['.', ')', ':'])?;
    has_token_characters(rest).then_some(rest)
}

fn is_four_digit_group(piece: &str) -> bool {
    piece.len() == 4 && piece.bytes().all(|b| b.is_ascii_digit())
}

/// ASCII letters and digits in groups joined by single dashes.
fn has_token_characters(piece: &str) -> bool {
    !piece.is_empty()
        && piece
            .split('-')
            .all(|group| !group.is_empty() && group.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    /// A token on its own merits.
    Token,
    /// Could be a word or a letters-only token.
    Word,
    /// Anything else: short words, numbers, addresses, dates with slashes.
    Prose,
}

fn look_of(piece: &str) -> Look {
    let letters_and_digits = piece.bytes().filter(|b| b.is_ascii_alphanumeric()).count();
    if !has_token_characters(piece) || letters_and_digits < MIN_TOKEN_CHARS {
        return Look::Prose;
    }
    if piece.bytes().any(|b| b.is_ascii_digit()) {
        return Look::Token;
    }
    // Words are rarely hyphenated into equal groups of four or more in one
    // case; generated letters-only tokens (`ABCD-EFGH-IJKL`) always are.
    let groups: Vec<&str> = piece.split('-').collect();
    let equal_groups = groups.len() >= 2
        && groups
            .iter()
            .all(|g| g.len() >= 4 && g.len() == groups[0].len());
    if equal_groups && matches!(letter_case(piece), LetterCase::Lower | LetterCase::Upper) {
        Look::Token
    } else {
        Look::Word
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LetterCase {
    NoLetters,
    Lower,
    Upper,
    Mixed,
}

impl LetterCase {
    fn combine(self, other: LetterCase) -> LetterCase {
        match (self, other) {
            (LetterCase::NoLetters, case) | (case, LetterCase::NoLetters) => case,
            (a, b) if a == b => a,
            _ => LetterCase::Mixed,
        }
    }
}

fn letter_case(piece: &str) -> LetterCase {
    piece
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| {
            if c.is_ascii_lowercase() {
                LetterCase::Lower
            } else {
                LetterCase::Upper
            }
        })
        .fold(LetterCase::NoLetters, LetterCase::combine)
}

/// `ab12-cd34` → `xxxx-xxxx`: what a site's tokens have in common. Holds no
/// secret, so it needs no zeroizing.
fn shape(code: &str) -> String {
    code.chars()
        .map(|c| if c.is_ascii_alphanumeric() { 'x' } else { c })
        .collect()
}

/// The look shared by most of the paste's tokens.
struct CommonShape {
    shape: String,
    letter_case: LetterCase,
}

impl CommonShape {
    fn admits(&self, candidate: &Candidate) -> bool {
        let candidate_shape = shape(&candidate.code);
        let Some(confidence) = candidate.confidence else {
            return false;
        };
        match confidence {
            // Someone retyped one of the list without its dashes (`AB12CD34`
            // among `ab12-cd34`s); a date (`2024-01-15`) has its dashes
            // elsewhere and stays out.
            Confidence::AmongTokens => {
                candidate_shape == self.shape
                    || (!candidate_shape.contains(|c| c != 'x')
                        && candidate_shape.len() == self.letters_and_digits())
            }
            Confidence::AmongProse => candidate_shape == self.shape,
            // A word of the right length is still a word unless its letter
            // case matches tokens that are all one case ("Recovery" is not
            // one of `a1b2c3d4`'s kind).
            Confidence::WordLike => {
                candidate_shape == self.shape
                    && matches!(self.letter_case, LetterCase::Lower | LetterCase::Upper)
                    && letter_case(&candidate.code) == self.letter_case
            }
        }
    }

    fn letters_and_digits(&self) -> usize {
        self.shape.chars().filter(|&c| c == 'x').count()
    }
}

/// The shape clearly most common among the surest tokens: at least two
/// different tokens have it and no other shape has as many. `None` means no
/// rule can be drawn and every token-looking candidate is kept.
fn common_shape(candidates: &[Candidate]) -> Option<CommonShape> {
    let surest = if candidates
        .iter()
        .any(|c| c.confidence == Some(Confidence::AmongTokens))
    {
        Confidence::AmongTokens
    } else {
        Confidence::AmongProse
    };
    // Counting each token once, so a token pasted twice does not outvote
    // another spelling of itself.
    let mut seen: HashSet<Key> = HashSet::new();
    let mut counts: Vec<(String, usize, LetterCase)> = Vec::new();
    for candidate in candidates.iter().filter(|c| c.confidence == Some(surest)) {
        let normalized = normalize(&candidate.code);
        if seen.contains(normalized.as_str()) {
            continue;
        }
        seen.insert(Key(normalized));
        let candidate_shape = shape(&candidate.code);
        let case = letter_case(&candidate.code);
        match counts.iter_mut().find(|(s, _, _)| *s == candidate_shape) {
            Some((_, count, letters)) => {
                *count += 1;
                *letters = letters.combine(case);
            }
            None => counts.push((candidate_shape, 1, case)),
        }
    }
    counts.sort_by_key(|(_, count, _)| std::cmp::Reverse(*count));
    match counts.as_slice() {
        [(shape, count, letter_case), rest @ ..]
            if *count >= 2 && rest.first().is_none_or(|runner_up| runner_up.1 < *count) =>
        {
            Some(CommonShape {
                shape: shape.clone(),
                letter_case: *letter_case,
            })
        }
        _ => None,
    }
}
