//! Backup tokens: the one-time codes a site hands out for logging in without
//! the phone.
//!
//! This module owns recognising tokens in whatever a person pasted from the
//! site, keeping them per batch, handing out the next unused one exactly once,
//! marking tokens used or unused, merging used marks from another copy of the
//! list, and saying when the list is running low.
//!
//! A token is a secret: it never appears in `Debug` output, error messages or
//! logs, and every copy this module makes of one is zeroized when dropped.
//!
//! # Recognising tokens in a paste
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

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use crate::i18n::{Message, MessageArg};

/// A moment in time, in seconds since the Unix epoch.
pub type UnixTime = i64;

/// The fewest letters and digits a token can have. Shorter strings would be
/// guessable, so no site issues them; the limit keeps list numbers, years and
/// short words out.
pub const MIN_TOKEN_CHARS: usize = 6;

/// One backup token's code, exactly as the site formatted it.
///
/// Zeroized when dropped; `Debug` shows `TokenCode(..)`. Equality compares
/// the text exactly; matching what a person typed goes through
/// [`BackupTokens::mark_used`] and friends, which ignore case and separators.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenCode(Zeroizing<String>);

impl TokenCode {
    /// Wraps a code that came from somewhere other than a paste (an import,
    /// a vault read back). Control and invisible format characters are
    /// removed (see [`crate::text::clean_code_in_place`]): they are never
    /// part of a real token, and printed they would steer the terminal.
    pub fn new(code: impl Into<String>) -> Self {
        let mut code = Zeroizing::new(code.into());
        crate::text::clean_code_in_place(&mut code);
        TokenCode(code)
    }

    /// The code as the site showed it, e.g. `ab12-cd34`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code with every letter and digit replaced by `•`, keeping the
    /// site's separators, so a list can show how many are left without
    /// showing them (`ab12-cd34` becomes `••••-••••`).
    pub fn masked(&self) -> String {
        self.0
            .chars()
            .map(|c| if c.is_alphanumeric() { '•' } else { c })
            .collect()
    }

    fn normalized(&self) -> Zeroizing<String> {
        normalize(&self.0)
    }
}

impl fmt::Debug for TokenCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenCode(..)")
    }
}

impl Serialize for TokenCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TokenCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(TokenCode::new)
    }
}

/// The form two spellings of one token share: letters and digits only,
/// lower case. People retype `ab12-cd34` as `AB12CD34` or `ab12 cd34`.
fn normalize(code: &str) -> Zeroizing<String> {
    // Reserved up front so growing the string never leaves a copy behind.
    let mut normalized = Zeroizing::new(String::with_capacity(code.len()));
    for c in code.chars().filter(|c| c.is_alphanumeric()) {
        normalized.extend(c.to_lowercase());
    }
    normalized
}

/// A normalized code as a key of a hash set or map, so that matching a
/// paste or another copy of the list against the stored tokens takes one
/// look-up per token instead of a pass over all of them (10,000 tokens
/// added to 8,000 took over 100 s that way). Wiped when dropped.
#[derive(PartialEq, Eq)]
struct Key(Zeroizing<String>);

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As `str` hashes, so that `Borrow<str>` look-ups find it.
        self.0.as_str().hash(state);
    }
}

impl Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// One token of a site's list and whether it has been used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupToken {
    /// The code, as the site formatted it.
    pub code: TokenCode,
    /// When it was added to Safekeep.
    pub added_at: UnixTime,
    /// Which paste it came from: 1 for the first, counting up. Older batches
    /// are handed out first.
    pub batch: u32,
    /// When it was used, if it was.
    #[serde(default)]
    pub used_at: Option<UnixTime>,
}

impl BackupToken {
    /// Whether the token has been used (and so no longer works on the site).
    pub fn is_used(&self) -> bool {
        self.used_at.is_some()
    }
}

/// What to do with the tokens already stored when a new paste is added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BatchMode {
    /// Keep the stored tokens and add the new ones after them.
    Append,
    /// The site's "Generate more" invalidated the old batch: drop every stored
    /// token (used or not) that is not in the new paste.
    Replace,
}

/// Which pieces of a paste become tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// Only what the rules recognise; the rest is reported as [`LeftOut`].
    Recognised,
    /// Also every piece the rules would leave out: the person looked at the
    /// [`LeftOut`] list and said "add these too" (`--keep-all`).
    All,
}

/// What adding a paste did (or would do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddReport {
    /// Tokens that were new and got added.
    pub added: usize,
    /// Tokens in the paste that were already stored; they are kept as they
    /// were, used marks included.
    pub already_stored: usize,
    /// Extra copies of a token within the paste itself, which were ignored.
    pub repeated_in_paste: usize,
    /// Pieces that may be tokens but were not taken, in paste order, each
    /// once. Empty with [`Keep::All`]. Holds the pieces themselves, which
    /// may be real tokens: only for the eyes of the person who pasted them.
    #[serde(default)]
    pub left_out: Vec<LeftOut>,
    /// With [`BatchMode::Replace`]: stored tokens the new batch drops.
    #[serde(default)]
    pub dropped: usize,
    /// How many of [`dropped`](Self::dropped) were still unused: what a
    /// replacement asks about first.
    #[serde(default)]
    pub dropped_unused: usize,
}

/// A piece of a paste that may be a token but was not taken as one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// The piece as pasted, without bullets, quotes or numbering. May be a
    /// real token, so it is zeroized and hidden from `Debug` like one.
    pub piece: TokenCode,
    /// The line of the paste it is on, counting from 1.
    pub line: usize,
    /// Why it was left out.
    pub reason: LeftOutReason,
}

/// Why a piece of a paste was not taken as a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    /// It looks like a token but is shaped unlike most of the paste's
    /// tokens (another length, or dashes elsewhere): maybe a date or a name
    /// in a header, maybe a token the site formats differently.
    UnlikeTheOthers,
    /// It shares a line with tokens but has characters tokens do not have,
    /// or too few letters and digits.
    NotTokenLike,
}

impl Message for LeftOutReason {
    fn message_id(&self) -> &'static str {
        match self {
            LeftOutReason::UnlikeTheOthers => "tokens-left-out-unlike-others",
            LeftOutReason::NotTokenLike => "tokens-left-out-not-token-like",
        }
    }
}

/// A token handed out by [`BackupTokens::hand_out`].
#[derive(Debug)]
pub struct HandedOut {
    /// The token, to copy.
    pub code: TokenCode,
    /// Whether this hand-out marked it used (it was unused before), so the
    /// caller offers the same Undo as after "Use backup token".
    pub marked_used: bool,
}

/// The list as it was before [`BackupTokens::replace_batch`], kept so the
/// replacement can be undone exactly, used marks included.
#[derive(Clone, Debug)]
pub struct ReplacedBatch {
    before: BackupTokens,
    /// The list as the replacement left it: undo is refused once it changed.
    after: BackupTokens,
}

/// How many tokens are left, in the terms the app shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TokenStatus {
    /// No tokens were ever added for this site.
    NoTokens,
    /// Two or more unused tokens.
    Plenty { unused: usize, total: usize },
    /// Exactly one unused token: time to generate new ones on the site.
    RunningLow { unused: usize, total: usize },
    /// Every token has been used.
    Exhausted { total: usize },
}

/// The backup tokens of one site, in the order they were added.
///
/// Serialized as a plain JSON array of [`BackupToken`]s; once a batch has
/// replaced the old one, as `{"tokens": [...], "replaced_at": time}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupTokens {
    tokens: Vec<BackupToken>,
    /// When a batch last replaced the old one (the site's "Generate more"
    /// invalidated it). Tokens added before then are dead on the site unless
    /// the new batch kept them; remembering it stops a restore or import of
    /// an older copy from bringing the dead ones back as unused.
    replaced_at: Option<UnixTime>,
}

/// Reads either stored form straight into tokens. Not `#[serde(untagged)]`:
/// that buffers every token's code in serde's own copy first (never wiped)
/// and then parses it again, which made opening a 10,000-account vault
/// ~30 % slower.
impl<'de> Deserialize<'de> for BackupTokens {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};

        struct StoredForms;

        impl<'de> Visitor<'de> for StoredForms {
            type Value = BackupTokens;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of backup tokens, or {tokens, replaced_at}")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<BackupTokens, A::Error> {
                let mut tokens = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(token) = seq.next_element()? {
                    tokens.push(token);
                }
                Ok(BackupTokens {
                    tokens,
                    replaced_at: None,
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BackupTokens, A::Error> {
                let mut tokens = None;
                let mut replaced_at = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "tokens" if tokens.is_none() => tokens = Some(map.next_value()?),
                        "replaced_at" if replaced_at.is_none() => {
                            replaced_at = Some(map.next_value()?)
                        }
                        "tokens" | "replaced_at" => {
                            return Err(de::Error::custom(
                                "a field of the token list appears twice",
                            ));
                        }
                        // Newer versions may add fields; reading them is not our job.
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(BackupTokens {
                    tokens: tokens.ok_or_else(|| de::Error::missing_field("tokens"))?,
                    replaced_at: Some(
                        replaced_at.ok_or_else(|| de::Error::missing_field("replaced_at"))?,
                    ),
                })
            }
        }

        deserializer.deserialize_any(StoredForms)
    }
}

impl Serialize for BackupTokens {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // By reference, so saving makes no extra copy of a token.
        #[derive(Serialize)]
        struct Replaced<'a> {
            tokens: &'a [BackupToken],
            replaced_at: UnixTime,
        }
        match self.replaced_at {
            None => self.tokens.serialize(serializer),
            Some(replaced_at) => Replaced {
                tokens: &self.tokens,
                replaced_at,
            }
            .serialize(serializer),
        }
    }
}

impl BackupTokens {
    /// Adds the tokens recognised in `pasted` as a new batch (see the module
    /// documentation for what is recognised). Tokens already stored are kept
    /// as they are, so a used token never becomes unused by pasting it again.
    ///
    /// Fails, changing nothing, when the paste holds no token at all, so a
    /// wrong paste in [`BatchMode::Replace`] never wipes the list. A paste
    /// of only known tokens succeeds with `added == 0`.
    pub fn add_batch(
        &mut self,
        pasted: &str,
        mode: BatchMode,
        now: UnixTime,
    ) -> Result<AddReport, AddTokensError> {
        self.add_pasted(pasted, Keep::Recognised, mode, now)
    }

    /// [`add_batch`](Self::add_batch), choosing whether the pieces the
    /// rules leave out are added too.
    pub fn add_pasted(
        &mut self,
        pasted: &str,
        keep: Keep,
        mode: BatchMode,
        now: UnixTime,
    ) -> Result<AddReport, AddTokensError> {
        let recognised = recognise_tokens(pasted, keep);
        if recognised.tokens.is_empty() {
            return Err(AddTokensError::NothingFound);
        }
        let stored = self.positions();
        let mut report = Self::report_for(&recognised, &stored);
        if mode == BatchMode::Replace {
            (report.dropped, report.dropped_unused) = self.dropped_by(&recognised);
        }
        let batch = self.next_batch_number();
        let new_token = |code: &TokenCode| BackupToken {
            code: code.clone(),
            added_at: now,
            batch,
            used_at: None,
        };
        match mode {
            BatchMode::Append => {
                let new_tokens: Vec<BackupToken> = recognised
                    .tokens
                    .iter()
                    .filter(|code| !stored.contains_key(code.normalized().as_str()))
                    .map(new_token)
                    .collect();
                self.tokens.extend(new_tokens);
            }
            BatchMode::Replace => {
                // In the site's new order; a token that was already stored
                // keeps its record so its used mark survives.
                let replacement = recognised
                    .tokens
                    .iter()
                    .map(|code| match stored.get(code.normalized().as_str()) {
                        Some(positions) => self.tokens[positions[0]].clone(),
                        None => new_token(code),
                    })
                    .collect();
                self.tokens = replacement;
                self.replaced_at = Some(now);
            }
        }
        Ok(report)
    }

    /// What [`add_batch`](Self::add_batch) would report for `pasted`,
    /// without changing anything; the app shows it live while the user
    /// pastes. All zero when nothing is recognised.
    ///
    /// The mode does not change the counts today (in both modes a pasted
    /// token that is already stored is kept, not added), but it is part of
    /// the question the app asks, so it stays in the signature.
    pub fn preview(&self, pasted: &str, mode: BatchMode) -> AddReport {
        self.preview_pasted(pasted, Keep::Recognised, mode)
    }

    /// [`preview`](Self::preview) with a choice of what to keep. With
    /// [`BatchMode::Replace`] it also counts what the replacement drops.
    pub fn preview_pasted(&self, pasted: &str, keep: Keep, mode: BatchMode) -> AddReport {
        let recognised = recognise_tokens(pasted, keep);
        let mut report = Self::report_for(&recognised, &self.positions());
        if mode == BatchMode::Replace && !recognised.tokens.is_empty() {
            (report.dropped, report.dropped_unused) = self.dropped_by(&recognised);
        }
        report
    }

    /// Replaces the stored tokens with the batch in `pasted` (as
    /// [`add_pasted`](Self::add_pasted) in [`BatchMode::Replace`]) and
    /// returns, besides the report, what
    /// [`undo_replace`](Self::undo_replace) needs to bring the old batch back.
    pub fn replace_batch(
        &mut self,
        pasted: &str,
        keep: Keep,
        now: UnixTime,
    ) -> Result<(AddReport, ReplacedBatch), AddTokensError> {
        let before = self.clone();
        let report = self.add_pasted(pasted, keep, BatchMode::Replace, now)?;
        Ok((
            report,
            ReplacedBatch {
                before,
                after: self.clone(),
            },
        ))
    }

    /// Brings back the list exactly as it was before `replaced`, used marks
    /// and all. Refused, changing nothing, when the list changed since the
    /// replacement (a token of the new batch was used, another window or the
    /// command line added some): undoing would silently lose that change.
    pub fn undo_replace(&mut self, replaced: &ReplacedBatch) -> Result<(), UndoReplaceError> {
        if *self != replaced.after {
            return Err(UndoReplaceError::ChangedSince);
        }
        *self = replaced.before.clone();
        Ok(())
    }

    /// Hands out the next unused token and marks it used at `now`, in one
    /// step so it can never be handed out twice. Oldest batch first, then in
    /// the site's order. `site` only names the site in the error.
    pub fn redeem_next(&mut self, site: &str, now: UnixTime) -> Result<TokenCode, RedeemError> {
        if self.tokens.is_empty() {
            return Err(RedeemError::NoTokens {
                site: site.to_owned(),
            });
        }
        let next = self
            .tokens
            .iter_mut()
            .filter(|token| !token.is_used())
            // `min_by_key` keeps the first of equals, i.e. list order.
            .min_by_key(|token| token.batch)
            .ok_or_else(|| RedeemError::NoneLeft {
                site: site.to_owned(),
            })?;
        next.used_at = Some(now);
        Ok(next.code.clone())
    }

    /// Hands out the token at `index` (in [`iter`](Self::iter) order), the
    /// one the person picked, marking it used at `now` in the same step when
    /// it was unused: no path gives out an unused token and leaves it
    /// unused. A used token is handed out as it is (copying it again spends
    /// nothing).
    pub fn hand_out(&mut self, index: usize, now: UnixTime) -> Result<HandedOut, HandOutError> {
        let token = self.tokens.get_mut(index).ok_or(HandOutError::Gone)?;
        let marked_used = !token.is_used();
        if marked_used {
            token.used_at = Some(now);
        }
        Ok(HandedOut {
            code: token.code.clone(),
            marked_used,
        })
    }

    /// Marks the token matching `code` as used, e.g. when the user typed one
    /// by hand. Case, spaces and dashes are ignored. Marking a used token
    /// again keeps the first time it was used.
    pub fn mark_used(&mut self, code: &str, now: UnixTime) -> Result<(), MarkError> {
        self.update_matching(code, |token| {
            token.used_at = Some(token.used_at.map_or(now, |used_at| used_at.min(now)));
        })
    }

    /// Marks the token matching `code` as not used: the undo after using one,
    /// or a correction. The only way a used mark is ever removed.
    pub fn mark_unused(&mut self, code: &str) -> Result<(), MarkError> {
        self.update_matching(code, |token| token.used_at = None)
    }

    /// Takes over what `other` (a restored or imported copy of this site's
    /// list) knows: a token used in either list is used here, since the
    /// earliest of the two times; tokens only `other` has are appended,
    /// unless a later replacement of the old batch here invalidated them.
    /// Tokens a later replacement in `other` invalidated are dropped here
    /// too (see [`adopt_later_replacement`](Self::adopt_later_replacement)).
    pub fn merge_used_marks(&mut self, other: &BackupTokens) {
        let invalidated_here = match (self.replaced_at, other.replaced_at) {
            (Some(ours), Some(theirs)) if ours > theirs => Some(ours),
            (Some(ours), None) => Some(ours),
            _ => None,
        };
        let mut ours = self.positions();
        for theirs in &other.tokens {
            let normalized = theirs.code.normalized();
            if let Some(positions) = ours.get(normalized.as_str()) {
                for &position in positions {
                    let token = &mut self.tokens[position];
                    token.used_at = earliest(token.used_at, theirs.used_at);
                }
                continue;
            }
            let dead = invalidated_here.is_some_and(|replaced_at| theirs.added_at < replaced_at);
            if !dead {
                ours.insert(Key(normalized), vec![self.tokens.len()]);
                self.tokens.push(theirs.clone());
            }
        }
        self.adopt_later_replacement(other);
    }

    /// When `other` replaced its old batch later than this list did, its
    /// list is what the site accepts now: drops the tokens that replacement
    /// invalidated (added before it, and gone from `other`) and takes the
    /// tokens of `other` this list lacks. A restore that makes an older copy
    /// the vault calls this with the list it replaces, so a new batch made
    /// since the backup survives and the dead one stays gone.
    pub fn adopt_later_replacement(&mut self, other: &BackupTokens) {
        let Some(replaced_at) = other.replaced_at else {
            return;
        };
        if self.replaced_at.is_some_and(|ours| ours >= replaced_at) {
            return;
        }
        let theirs = other.positions();
        self.tokens.retain(|token| {
            token.added_at >= replaced_at || theirs.contains_key(token.code.normalized().as_str())
        });
        let mut ours = self.positions();
        for token in &other.tokens {
            let normalized = token.code.normalized();
            if !ours.contains_key(normalized.as_str()) {
                ours.insert(Key(normalized), vec![self.tokens.len()]);
                self.tokens.push(token.clone());
            }
        }
        self.replaced_at = Some(replaced_at);
    }

    /// How many tokens can still be used.
    pub fn unused_count(&self) -> usize {
        self.tokens.iter().filter(|token| !token.is_used()).count()
    }

    /// How many tokens are stored, used or not.
    pub fn total(&self) -> usize {
        self.tokens.len()
    }

    /// Whether no token is stored at all.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// How many are left, for the count chip and the "generate more" banner.
    pub fn status(&self) -> TokenStatus {
        let total = self.total();
        match self.unused_count() {
            _ if total == 0 => TokenStatus::NoTokens,
            0 => TokenStatus::Exhausted { total },
            1 => TokenStatus::RunningLow { unused: 1, total },
            unused => TokenStatus::Plenty { unused, total },
        }
    }

    /// The tokens, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &BackupToken> {
        self.tokens.iter()
    }

    /// Where each token is, by its normalized code: usually one position,
    /// more when an old vault holds two spellings of one token.
    fn positions(&self) -> HashMap<Key, Vec<usize>> {
        let mut positions: HashMap<Key, Vec<usize>> = HashMap::with_capacity(self.tokens.len());
        for (position, token) in self.tokens.iter().enumerate() {
            positions
                .entry(Key(token.code.normalized()))
                .or_default()
                .push(position);
        }
        positions
    }

    fn update_matching(
        &mut self,
        code: &str,
        update: impl Fn(&mut BackupToken),
    ) -> Result<(), MarkError> {
        let normalized = normalize(code);
        // An empty code (only dashes, say) must not match anything.
        if normalized.is_empty() {
            return Err(MarkError::NotFound);
        }
        let mut found = false;
        // Every match, in case an old vault holds two spellings of one token.
        for token in self
            .tokens
            .iter_mut()
            .filter(|token| token.code.normalized() == normalized)
        {
            found = true;
            update(token);
        }
        if found {
            Ok(())
        } else {
            Err(MarkError::NotFound)
        }
    }

    fn report_for(recognised: &Recognised, stored: &HashMap<Key, Vec<usize>>) -> AddReport {
        let already_stored = recognised
            .tokens
            .iter()
            .filter(|code| stored.contains_key(code.normalized().as_str()))
            .count();
        AddReport {
            added: recognised.tokens.len() - already_stored,
            already_stored,
            repeated_in_paste: recognised.repeated_in_paste,
            left_out: recognised.left_out.clone(),
            ..AddReport::default()
        }
    }

    /// How many stored tokens a replacement by `recognised` drops, and how
    /// many of those are unused.
    fn dropped_by(&self, recognised: &Recognised) -> (usize, usize) {
        let kept: HashSet<Key> = recognised
            .tokens
            .iter()
            .map(|code| Key(code.normalized()))
            .collect();
        let dropped = self
            .tokens
            .iter()
            .filter(|token| !kept.contains(&Key(token.code.normalized())));
        dropped.fold((0, 0), |(all, unused), token| {
            (all + 1, unused + usize::from(!token.is_used()))
        })
    }

    fn next_batch_number(&self) -> u32 {
        self.tokens
            .iter()
            .map(|token| token.batch)
            .max()
            .map_or(1, |newest| newest.saturating_add(1))
    }
}

fn earliest(a: Option<UnixTime>, b: Option<UnixTime>) -> Option<UnixTime> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// Recognises the backup tokens in text pasted from a site, in the site's
/// order, each once. See the module documentation for the rules.
pub fn parse_pasted_tokens(text: &str) -> Vec<TokenCode> {
    recognise_tokens(text, Keep::Recognised).tokens
}

struct Recognised {
    tokens: Vec<TokenCode>,
    repeated_in_paste: usize,
    left_out: Vec<LeftOut>,
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

fn recognise_tokens(text: &str, keep: Keep) -> Recognised {
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

/// Why a paste could not be added.
#[derive(Debug, Clone, PartialEq)]
pub enum AddTokensError {
    /// Nothing in the pasted text looks like a backup token.
    NothingFound,
}

impl Message for AddTokensError {
    fn message_id(&self) -> &'static str {
        match self {
            AddTokensError::NothingFound => "tokens-nothing-found",
        }
    }
}

crate::localized_error!(AddTokensError);
impl std::error::Error for AddTokensError {}

/// Why no backup token could be handed out.
#[derive(Debug, Clone, PartialEq)]
pub enum RedeemError {
    /// No tokens were ever added for this site.
    NoTokens {
        /// The site, as the user named it.
        site: String,
    },
    /// Every stored token has been used.
    NoneLeft {
        /// The site, as the user named it.
        site: String,
    },
}

impl Message for RedeemError {
    fn message_id(&self) -> &'static str {
        match self {
            RedeemError::NoTokens { .. } => "tokens-no-tokens",
            RedeemError::NoneLeft { .. } => "tokens-none-left",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            RedeemError::NoTokens { site } | RedeemError::NoneLeft { site } => {
                vec![("site", site.as_str().into())]
            }
        }
    }
}

crate::localized_error!(RedeemError);
impl std::error::Error for RedeemError {}

/// Why a token could not be marked used or unused.
#[derive(Debug, Clone, PartialEq)]
pub enum MarkError {
    /// No stored token matches the code given (which the message never
    /// repeats: it may be a real token of another site).
    NotFound,
}

impl Message for MarkError {
    fn message_id(&self) -> &'static str {
        match self {
            MarkError::NotFound => "tokens-not-found",
        }
    }
}

crate::localized_error!(MarkError);
impl std::error::Error for MarkError {}

/// Why the token the person picked could not be handed out.
#[derive(Debug, Clone, PartialEq)]
pub enum HandOutError {
    /// The list no longer has a token at that place: another window or the
    /// command line changed it since it was shown.
    Gone,
}

impl Message for HandOutError {
    fn message_id(&self) -> &'static str {
        match self {
            HandOutError::Gone => "tokens-gone",
        }
    }
}

crate::localized_error!(HandOutError);
impl std::error::Error for HandOutError {}

/// Why a replacement of the token list could not be undone.
#[derive(Debug, Clone, PartialEq)]
pub enum UndoReplaceError {
    /// The list changed after the replacement (a token was used or added
    /// elsewhere); putting the old batch back would lose that change.
    ChangedSince,
}

impl Message for UndoReplaceError {
    fn message_id(&self) -> &'static str {
        match self {
            UndoReplaceError::ChangedSince => "tokens-undo-replace-changed",
        }
    }
}

crate::localized_error!(UndoReplaceError);
impl std::error::Error for UndoReplaceError {}

#[cfg(test)]
mod tests {
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
        let pasted = "Recovery codes\n\
            Recovery codes can be used to access your account in the event you lose access \
            to your device and cannot receive two-factor authentication codes.\n\
            a1b2c-d3e4f    0f9e8-7d6c5\n\
            12ab3-cd45e    9a8b7-c6d5e\n\
            Download   Print   Copy\n";
        assert_eq!(
            codes(pasted),
            ["a1b2c-d3e4f", "0f9e8-7d6c5", "12ab3-cd45e", "9a8b7-c6d5e"]
        );
    }

    #[test]
    fn google_backup_codes_file_in_two_numbered_columns() {
        let pasted = "SAVE YOUR BACKUP CODES\r\n\
            Keep these backup codes somewhere safe but accessible.\r\n\
            \r\n\
            1. 1234 5678\t\t6. 6789 0123\r\n\
            2. 2345 6789\t\t7. 7890 1234\r\n\
            \r\n\
            (j.jansen@gmail.com)\r\n\
            * You can only use each backup code once.\r\n\
            * Generated: 2024-01-15\r\n";
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
        assert_eq!(
            codes(pasted),
            [
                "ab12-cd34",
                "ef56-gh78",
                "ij90-kl12",
                "mn34-op56",
                "qr78-st90"
            ]
        );
    }

    #[test]
    fn every_kind_of_standalone_numbering_is_dropped() {
        let pasted =
            "1. ab12-cd34\n2) ef56-gh78\n(3) ij90-kl12\n#4 mn34-op56\n5: qr78-st90\n6 uv12-wx34";
        assert_eq!(
            codes(pasted),
            [
                "ab12-cd34",
                "ef56-gh78",
                "ij90-kl12",
                "mn34-op56",
                "qr78-st90",
                "uv12-wx34"
            ]
        );
    }

    #[test]
    fn glued_numbering_is_stripped_when_punctuation_ends_it() {
        let pasted = "1.ab12-cd34\n2)ef56-gh78\n(3)ij90-kl12\n4:mn34-op56\n#5.qr78-st90";
        assert_eq!(
            codes(pasted),
            [
                "ab12-cd34",
                "ef56-gh78",
                "ij90-kl12",
                "mn34-op56",
                "qr78-st90"
            ]
        );
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
        assert_eq!(
            codes(pasted),
            [
                "ab12-cd34",
                "ef56-gh78",
                "ij90-kl12",
                "mn34-op56",
                "qr78-st90",
                "uv12-wx34",
                "yz56-ab78",
                "cd90-ef12",
                "gh34-ij56",
                "kl78-mn90"
            ]
        );
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
        let github = "Recovery codes\n\
            Recovery codes can be used to access your account in the event you lose access \
            to your device and cannot receive two-factor authentication codes.\n\
            a1b2c-d3e4f    0f9e8-7d6c5\n\
            12ab3-cd45e    9a8b7-c6d5e\n\
            Download   Print   Copy\n";
        assert_eq!(left_out(github), []);
        let google = "SAVE YOUR BACKUP CODES\r\n\
            Keep these backup codes somewhere safe but accessible.\r\n\
            \r\n\
            1. 1234 5678\t\t6. 6789 0123\r\n\
            2. 2345 6789\t\t7. 7890 1234\r\n\
            \r\n\
            (j.jansen@gmail.com)\r\n\
            * You can only use each backup code once.\r\n\
            * Generated: 2024-01-15\r\n";
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
        assert_eq!(
            handed_out,
            [
                "ab12-cd34",
                "ef56-gh78",
                "ij90-kl12",
                "mn34-op56",
                "qr78-st90"
            ]
        );
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
}
