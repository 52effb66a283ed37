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
//! How tokens are recognised in a paste, with its numbered rules, lives in
//! `paste.rs`; [`parse_pasted_tokens`] is re-exported here.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use crate::i18n::{Message, MessageArg};

mod paste;

pub use paste::parse_pasted_tokens;
use paste::{Recognised, recognise_tokens};

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
pub(crate) fn normalize(code: &str) -> Zeroizing<String> {
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
#[derive(Clone, Debug, Default)]
pub struct BackupTokens {
    tokens: Vec<BackupToken>,
    /// When a batch last replaced the old one (the site's "Generate more"
    /// invalidated it). Tokens added before then are dead on the site unless
    /// the new batch kept them; remembering it stops a restore or import of
    /// an older copy from bringing the dead ones back as unused.
    replaced_at: Option<UnixTime>,
    /// Where in a batch this computer starts handing out tokens; never
    /// stored, and not part of what the list is (see [`HandOutLane`]).
    lane: HandOutLane,
}

/// Two lists are equal when they hold the same tokens; the lane is only
/// how this computer hands them out.
impl PartialEq for BackupTokens {
    fn eq(&self, other: &Self) -> bool {
        self.tokens == other.tokens && self.replaced_at == other.replaced_at
    }
}

impl Eq for BackupTokens {}

/// Which share of each batch a computer hands out first, when several
/// computers use one synced vault (see [`crate::sync`]): the batch is cut
/// into `of` runs of neighbouring tokens, and the computer at `index`
/// (its place among them, oldest first) starts at the start of its own run
/// and walks on, round to the start, taking the first unused token.
///
/// So two computers that are both offline take different tokens until one
/// of them has used up its whole run: with two computers and a batch of
/// ten, each can use five before they can collide. A newer computer that
/// the older one does not know yet still starts in a run of its own, since
/// the older one counts itself first. Independent random orders would
/// collide far sooner (the first two picks of two computers overlap in
/// more than a third of all cases on ten tokens).
///
/// The default, one computer, hands tokens out in the site's order, as a
/// vault that is not synced always has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandOutLane {
    /// This computer's place, from 0.
    pub index: usize,
    /// How many computers share the vault.
    pub of: usize,
}

impl Default for HandOutLane {
    fn default() -> Self {
        HandOutLane { index: 0, of: 1 }
    }
}

impl HandOutLane {
    /// Where in a batch of `len` tokens this lane starts.
    fn start(self, len: usize) -> usize {
        let of = self.of.max(1);
        self.index.min(of - 1) * len / of
    }
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
                    lane: HandOutLane::default(),
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
                    lane: HandOutLane::default(),
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
    /// the site's order, starting at this computer's [`HandOutLane`]. `site`
    /// only names the site in the error.
    pub fn redeem_next(&mut self, site: &str, now: UnixTime) -> Result<TokenCode, RedeemError> {
        if self.tokens.is_empty() {
            return Err(RedeemError::NoTokens {
                site: site.to_owned(),
            });
        }
        let oldest = self
            .tokens
            .iter()
            .filter(|token| !token.is_used())
            .map(|token| token.batch)
            .min()
            .ok_or_else(|| RedeemError::NoneLeft {
                site: site.to_owned(),
            })?;
        let batch: Vec<usize> = (0..self.tokens.len())
            .filter(|&position| self.tokens[position].batch == oldest)
            .collect();
        let start = self.lane.start(batch.len());
        let position = (0..batch.len())
            .map(|step| batch[(start + step) % batch.len()])
            .find(|&position| !self.tokens[position].is_used())
            .expect("the oldest batch with an unused token has one");
        let next = &mut self.tokens[position];
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

    /// Marks the token at `index` (in [`iter`](Self::iter) order) used at
    /// `now` or not used, as the person ticks it in the list; like
    /// [`mark_used`](Self::mark_used) and [`mark_unused`](Self::mark_unused)
    /// on its code.
    pub fn set_used_at(
        &mut self,
        index: usize,
        used: bool,
        now: UnixTime,
    ) -> Result<(), MarkError> {
        let code = self
            .tokens
            .get(index)
            .map(|token| token.code.clone())
            .ok_or(MarkError::NotFound)?;
        match used {
            true => self.mark_used(code.as_str(), now),
            false => self.mark_unused(code.as_str()),
        }
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

    /// When a batch last replaced the old one, if one did.
    pub(crate) fn replaced_at(&self) -> Option<UnixTime> {
        self.replaced_at
    }

    /// A list made of `tokens` in this order, as the merge of several
    /// computers' files builds it (see [`crate::sync`]).
    pub(crate) fn from_parts(tokens: Vec<BackupToken>, replaced_at: Option<UnixTime>) -> Self {
        BackupTokens {
            tokens,
            replaced_at,
            lane: HandOutLane::default(),
        }
    }

    /// The same list, handing tokens out in `lane`'s turn.
    pub fn in_lane(mut self, lane: HandOutLane) -> Self {
        self.lane = lane;
        self
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

#[cfg(test)]
mod tests;
