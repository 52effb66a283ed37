//! What a device file holds that every computer shares: the accounts with a
//! stamp on each field, the accounts removed, the list's arrangement, each
//! token's used marks, and the computers that take part.
//!
//! A [`Replica`] is turned into the accounts the app and the CLI work on
//! ([`Replica::accounts_view`]), and a change they made to those accounts
//! is turned back into stamped edits ([`Replica::record`]), so every
//! existing command works unchanged on a synced vault. How two replicas
//! become one is in `merge.rs`.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use super::hlc::{Clock, DeviceId, Hlc};
use crate::account::{Account, AccountId};
use crate::order::ListOrder;
use crate::otp::{Otp, OtpKind};
use crate::text::{Name, Notes};
use crate::tokens::{
    BackupToken, BackupTokens, HandOutLane as Lane, TokenCode, UnixTime, normalize,
};

/// A value and the stamp of the edit that set it: the greater stamp wins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped<T> {
    /// The value.
    #[serde(rename = "v")]
    pub value: T,
    /// When, on the hybrid logical clock, it was set.
    #[serde(rename = "s")]
    pub stamp: Hlc,
}

impl<T> Stamped<T> {
    fn new(value: T, stamp: Hlc) -> Stamped<T> {
        Stamped { value, stamp }
    }
}

/// The merged part of one device file (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    /// The greatest stamp made or seen: where the clock of a device that
    /// reads this goes on from.
    #[serde(default)]
    pub(crate) latest: Option<Hlc>,
    /// Every account not removed, by id.
    #[serde(default)]
    pub(crate) accounts: BTreeMap<AccountId, AccountRecord>,
    /// Removed accounts: only the id and when, never the secret. A removal
    /// is final; putting an account back makes a new one (see
    /// [`Replica::record`]).
    #[serde(default)]
    pub(crate) removed: BTreeMap<AccountId, Hlc>,
    /// How the list is arranged, when someone arranged it.
    #[serde(default)]
    pub(crate) order: Option<Stamped<Arrangement>>,
    /// The computers that take part, by id.
    #[serde(default)]
    pub(crate) devices: BTreeMap<DeviceId, DeviceRecord>,
    /// Computers removed from the vault, with when. A removal is final:
    /// their files are no longer read. Left out while there is none, so
    /// replicas from before keep their exact bytes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) removed_devices: BTreeMap<DeviceId, Hlc>,
}

/// The list order and, for [`ListOrder::Custom`], the ids in their place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Arrangement {
    pub(crate) order: ListOrder,
    pub(crate) ids: Vec<AccountId>,
}

/// A computer that takes part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DeviceRecord {
    /// The name people know it by ("clinic PC").
    pub(crate) name: Stamped<String>,
    /// When it joined: the older device comes first when devices share out
    /// a batch of tokens (see [`Replica::lane_of`]).
    pub(crate) joined: Hlc,
}

/// One account, each field with the stamp of its last edit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct AccountRecord {
    pub(crate) created_at: i64,
    /// When it was added (orders new accounts in the list).
    pub(crate) created: Hlc,
    pub(crate) issuer: Stamped<Name>,
    pub(crate) label: Stamped<Name>,
    /// A HOTP counter moving on keeps the stamp: equal stamps take the
    /// higher counter, so a code shown on either computer is never shown
    /// again.
    pub(crate) otp: Stamped<Option<Otp>>,
    pub(crate) notes: Stamped<Notes>,
    pub(crate) tags: Stamped<Vec<Name>>,
    pub(crate) pinned: Stamped<bool>,
    pub(crate) tokens: TokenLedger,
}

/// An account's backup tokens with every device's used marks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct TokenLedger {
    /// The latest "replace the batch" anywhere, in Unix seconds.
    #[serde(default)]
    pub(crate) replaced_at: Option<UnixTime>,
    /// By normalized code; written as a list of records.
    #[serde(
        serialize_with = "write_tokens",
        deserialize_with = "read_tokens",
        default
    )]
    pub(crate) tokens: BTreeMap<TokenKey, TokenRecord>,
}

/// A token's normalized code as a map key, wiped when dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TokenKey(Zeroizing<String>);

impl PartialOrd for TokenKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TokenKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.as_str().cmp(other.0.as_str())
    }
}

impl std::hash::Hash for TokenKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.as_str().hash(state);
    }
}

/// One token with everything each device knows of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TokenRecord {
    pub(crate) code: TokenCode,
    pub(crate) added_at: UnixTime,
    pub(crate) batch: u32,
    /// When it was added; orders tokens as the site listed them, and names
    /// the token in the double-use record without repeating its code.
    pub(crate) added: Hlc,
    /// Whether it is still on the list: `false` once a replacement of the
    /// batch dropped it. A use elsewhere does not bring it back.
    pub(crate) live: Stamped<bool>,
    /// Every use no later "mark unused" undid, on any device.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) uses: Vec<Use>,
    /// The latest "mark unused": uses stamped before it are undone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) unused_since: Option<Hlc>,
}

/// One device marking a token used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Use {
    /// Stamped on the device that used it (the stamp names the device).
    pub(crate) stamp: Hlc,
    /// When, in Unix seconds, as the list shows it.
    pub(crate) at: UnixTime,
}

impl TokenRecord {
    /// When it was first used, by the uses still standing.
    pub(crate) fn used_at(&self) -> Option<UnixTime> {
        self.uses.iter().map(|u| u.at).min()
    }
}

fn write_tokens<S: Serializer>(
    tokens: &BTreeMap<TokenKey, TokenRecord>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(tokens.values())
}

fn read_tokens<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<TokenKey, TokenRecord>, D::Error> {
    let records = Vec::<TokenRecord>::deserialize(deserializer)?;
    let mut tokens = BTreeMap::new();
    for record in records {
        let key = TokenKey(normalize(record.code.as_str()));
        match tokens.get_mut(&key) {
            // Two spellings of one token: one record, as the merge makes it.
            Some(existing) => *existing = super::merge::merge_token(existing, &record),
            None => {
                tokens.insert(key, record);
            }
        }
    }
    Ok(tokens)
}

impl Replica {
    /// This device's lane: its place by join time among the devices this
    /// replica knows (itself included).
    pub fn lane_of(&self, device: DeviceId) -> Lane {
        let mut known: Vec<(Hlc, DeviceId)> = self
            .devices
            .iter()
            .map(|(id, record)| (record.joined, *id))
            .collect();
        if !self.devices.contains_key(&device) {
            known.push((
                Hlc {
                    millis: u64::MAX,
                    counter: u32::MAX,
                    device,
                },
                device,
            ));
        }
        known.sort();
        let index = known.iter().position(|(_, id)| *id == device).unwrap_or(0);
        Lane {
            index,
            of: known.len(),
        }
    }

    /// The accounts as the app and the CLI see them, with the list order.
    /// Tokens are handed out in `lane`'s turn (see
    /// [`crate::tokens::BackupTokens::redeem_next`]).
    pub fn accounts_view(&self, lane: Lane) -> (Vec<Account>, ListOrder) {
        let (order, positions): (ListOrder, HashMap<&AccountId, usize>) = match &self.order {
            Some(arrangement) => (
                arrangement.value.order,
                arrangement
                    .value
                    .ids
                    .iter()
                    .enumerate()
                    .map(|(position, id)| (id, position))
                    .collect(),
            ),
            None => (ListOrder::Name, HashMap::new()),
        };
        let mut records: Vec<(&AccountId, &AccountRecord)> = self.accounts.iter().collect();
        records.sort_by_key(|(id, record)| {
            (
                positions.get(id).copied().unwrap_or(usize::MAX),
                record.created,
            )
        });
        let accounts = records
            .into_iter()
            .map(|(id, record)| record.view(id, lane))
            .collect();
        (accounts, order)
    }

    /// Names this device (or renames it) in the list of computers, noting
    /// when it joined the first time.
    pub fn name_device(&mut self, clock: &mut Clock, wall_millis: u64, name: &str) {
        let name = shown_device_name(name);
        let name = name.as_str();
        let device = clock.device();
        if self
            .devices
            .get(&device)
            .is_some_and(|record| record.name.value == name)
        {
            return;
        }
        let stamp = self.tick(clock, wall_millis);
        let record = self.devices.entry(device).or_insert(DeviceRecord {
            name: Stamped::new(name.to_owned(), stamp),
            joined: stamp,
        });
        record.name = Stamped::new(name.to_owned(), stamp);
    }

    /// The name of a device, or its id when it never gave one.
    pub fn device_name(&self, device: DeviceId) -> String {
        self.devices
            .get(&device)
            .map(|record| shown_device_name(&record.name.value))
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| device.to_hex())
    }

    /// Records that `device` was removed from the vault, by `clock`'s
    /// device: it no longer takes part, and its files are no longer read.
    pub fn remove_device(&mut self, clock: &mut Clock, wall_millis: u64, device: DeviceId) {
        let stamp = self.tick(clock, wall_millis);
        self.devices.remove(&device);
        self.removed_devices.entry(device).or_insert(stamp);
    }

    /// Whether `device` was removed from the vault.
    pub fn is_removed(&self, device: DeviceId) -> bool {
        self.removed_devices.contains_key(&device)
    }

    /// Every device taking part, with its name.
    pub fn devices(&self) -> Vec<(DeviceId, String)> {
        self.devices
            .keys()
            .map(|id| (*id, self.device_name(*id)))
            .collect()
    }

    /// A clock for `device` that goes on after every stamp in this replica.
    pub fn clock_for(&self, device: DeviceId) -> Clock {
        let mut clock = Clock::new(device);
        if let Some(latest) = self.latest {
            clock.observe(latest);
        }
        clock
    }

    fn tick(&mut self, clock: &mut Clock, wall_millis: u64) -> Hlc {
        if let Some(latest) = self.latest {
            clock.observe(latest);
        }
        let stamp = clock.tick(wall_millis);
        self.latest = Some(stamp);
        stamp
    }

    /// Turns what a command did to the accounts (`before`, as
    /// [`Replica::accounts_view`] gave them, and `after`) into stamped
    /// edits made now by `clock`'s device.
    ///
    /// An account put back after it was removed (the app's Undo) comes back
    /// as a new account with a new id: a removal is final, so that no
    /// device that still had the old account can bring it back.
    pub fn record(
        &mut self,
        before: (&[Account], ListOrder),
        after: (&[Account], ListOrder),
        clock: &mut Clock,
        wall_millis: u64,
    ) {
        let (before_accounts, before_order) = before;
        let (after_accounts, after_order) = after;
        let before_by_id: HashMap<&AccountId, &Account> =
            before_accounts.iter().map(|a| (&a.id, a)).collect();
        let after_ids: std::collections::HashSet<&AccountId> =
            after_accounts.iter().map(|a| &a.id).collect();
        let mut final_ids = Vec::with_capacity(after_accounts.len());
        for account in after_accounts {
            match before_by_id.get(&account.id) {
                Some(old) => {
                    if *old != account {
                        self.record_edit(old, account, clock, wall_millis);
                    }
                    final_ids.push(account.id.clone());
                }
                None => {
                    let id = if self.removed.contains_key(&account.id)
                        || self.accounts.contains_key(&account.id)
                    {
                        AccountId::random()
                    } else {
                        account.id.clone()
                    };
                    let stamp = self.tick(clock, wall_millis);
                    let mut ledger = TokenLedger::default();
                    ledger.record(&BackupTokens::default(), &account.backup_tokens, || {
                        self_tick(&mut self.latest, clock, wall_millis)
                    });
                    self.accounts.insert(
                        id.clone(),
                        AccountRecord {
                            created_at: account.created_at,
                            created: stamp,
                            issuer: Stamped::new(account.issuer.clone(), stamp),
                            label: Stamped::new(account.label.clone(), stamp),
                            otp: Stamped::new(account.otp.clone(), stamp),
                            notes: Stamped::new(account.notes.clone(), stamp),
                            tags: Stamped::new(account.tags.clone(), stamp),
                            pinned: Stamped::new(account.pinned, stamp),
                            tokens: ledger,
                        },
                    );
                    final_ids.push(id);
                }
            }
        }
        for old in before_accounts {
            if !after_ids.contains(&old.id) {
                let stamp = self.tick(clock, wall_millis);
                self.accounts.remove(&old.id);
                self.removed.insert(old.id.clone(), stamp);
            }
        }
        let kept_before: Vec<&AccountId> = before_accounts
            .iter()
            .map(|a| &a.id)
            .filter(|id| after_ids.contains(id))
            .collect();
        let kept_after: Vec<&AccountId> = after_accounts
            .iter()
            .map(|a| &a.id)
            .filter(|id| before_by_id.contains_key(id))
            .collect();
        if before_order != after_order || kept_before != kept_after {
            let stamp = self.tick(clock, wall_millis);
            self.order = Some(Stamped::new(
                Arrangement {
                    order: after_order,
                    ids: final_ids,
                },
                stamp,
            ));
        }
    }

    fn record_edit(&mut self, old: &Account, new: &Account, clock: &mut Clock, wall_millis: u64) {
        let mut latest = self.latest;
        let mut stamp = || self_tick(&mut latest, clock, wall_millis);
        let record = self
            .accounts
            .get_mut(&old.id)
            .expect("the view shows only accounts of the replica");
        if old.issuer != new.issuer {
            record.issuer = Stamped::new(new.issuer.clone(), stamp());
        }
        if old.label != new.label {
            record.label = Stamped::new(new.label.clone(), stamp());
        }
        if old.notes != new.notes {
            record.notes = Stamped::new(new.notes.clone(), stamp());
        }
        if old.tags != new.tags {
            record.tags = Stamped::new(new.tags.clone(), stamp());
        }
        if old.pinned != new.pinned {
            record.pinned = Stamped::new(new.pinned, stamp());
        }
        if old.otp != new.otp {
            if only_counter_moved(old.otp.as_ref(), new.otp.as_ref()) {
                record.otp.value = new.otp.clone();
            } else {
                record.otp = Stamped::new(new.otp.clone(), stamp());
            }
        }
        if old.created_at != new.created_at {
            record.created_at = new.created_at;
        }
        if old.backup_tokens != new.backup_tokens {
            record
                .tokens
                .record(&old.backup_tokens, &new.backup_tokens, stamp);
        }
        self.latest = latest;
    }
}

/// A tick that also moves the replica's `latest` on (a free function so it
/// can be used while a record of the replica is borrowed).
fn self_tick(latest: &mut Option<Hlc>, clock: &mut Clock, wall_millis: u64) -> Hlc {
    if let Some(seen) = *latest {
        clock.observe(seen);
    }
    let stamp = clock.tick(wall_millis);
    *latest = Some(stamp);
    stamp
}

/// Whether only a HOTP counter moved on between the two.
fn only_counter_moved(old: Option<&Otp>, new: Option<&Otp>) -> bool {
    match (old, new) {
        (Some(old), Some(new)) => match (old.kind, new.kind) {
            (OtpKind::Hotp { .. }, OtpKind::Hotp { .. }) => {
                old.algorithm == new.algorithm
                    && old.digits == new.digits
                    && old.secret.as_bytes() == new.secret.as_bytes()
            }
            _ => false,
        },
        _ => false,
    }
}

impl AccountRecord {
    fn view(&self, id: &AccountId, lane: Lane) -> Account {
        Account {
            id: id.clone(),
            issuer: self.issuer.value.clone(),
            label: self.label.value.clone(),
            otp: self.otp.value.clone(),
            backup_tokens: self.tokens.view(lane),
            notes: self.notes.value.clone(),
            tags: self.tags.value.clone(),
            created_at: self.created_at,
            pinned: self.pinned.value,
        }
    }
}

impl TokenLedger {
    /// The tokens still on the list, as the site listed them.
    fn view(&self, lane: Lane) -> BackupTokens {
        let mut live: Vec<&TokenRecord> = self
            .tokens
            .values()
            .filter(|record| record.live.value)
            .collect();
        live.sort_by_key(|record| record.added);
        let tokens = live
            .into_iter()
            .map(|record| BackupToken {
                code: record.code.clone(),
                added_at: record.added_at,
                batch: record.batch,
                used_at: record.used_at(),
            })
            .collect();
        BackupTokens::from_parts(tokens, self.replaced_at).in_lane(lane)
    }

    /// Turns a change of the list into stamped edits: new tokens, tokens a
    /// replacement dropped, uses and "mark unused".
    fn record(
        &mut self,
        before: &BackupTokens,
        after: &BackupTokens,
        mut stamp: impl FnMut() -> Hlc,
    ) {
        let before_by_key: HashMap<TokenKey, &BackupToken> = before
            .iter()
            .map(|token| (TokenKey(normalize(token.code.as_str())), token))
            .collect();
        let mut after_keys = std::collections::HashSet::new();
        for token in after.iter() {
            let key = TokenKey(normalize(token.code.as_str()));
            let previous = before_by_key.get(&key).copied();
            after_keys.insert(key.clone());
            match (previous, self.tokens.get_mut(&key)) {
                (Some(previous), Some(record)) => {
                    if previous.used_at == token.used_at {
                        continue;
                    }
                    let now = stamp();
                    match token.used_at {
                        Some(at) => record.uses.push(Use { stamp: now, at }),
                        None => {
                            record.unused_since = Some(now);
                            record.uses.clear();
                        }
                    }
                }
                (_, existing) => {
                    let now = stamp();
                    match existing {
                        // Dropped by a replacement, and now put back on the
                        // list on purpose (an Undo, a paste).
                        Some(record) => {
                            record.live = Stamped::new(true, now);
                            if let Some(at) = token.used_at {
                                record.uses.push(Use { stamp: now, at });
                            }
                        }
                        None => {
                            self.tokens.insert(
                                key,
                                TokenRecord {
                                    code: token.code.clone(),
                                    added_at: token.added_at,
                                    batch: token.batch,
                                    added: now,
                                    live: Stamped::new(true, now),
                                    uses: token
                                        .used_at
                                        .map(|at| Use { stamp: now, at })
                                        .into_iter()
                                        .collect(),
                                    unused_since: None,
                                },
                            );
                        }
                    }
                }
            }
        }
        for (key, _) in before_by_key {
            if !after_keys.contains(&key) {
                let now = stamp();
                if let Some(record) = self.tokens.get_mut(&key) {
                    record.live = Stamped::new(false, now);
                }
            }
        }
        self.replaced_at = self.replaced_at.max(after.replaced_at());
    }
}

/// Orders two values set by the same stamp, which only one device can
/// make: only a HOTP counter moving on does so. The higher counter wins;
/// anything else (a damaged or hand-made file) is still ordered the same
/// way on every device.
pub(crate) fn tie_break_otp(a: &Option<Otp>, b: &Option<Otp>) -> Ordering {
    fn key(otp: &Option<Otp>) -> (u64, &'static str, u32, &'static str, u8, &[u8]) {
        match otp {
            None => (0, "", 0, "", 0, &[]),
            Some(otp) => {
                let (counter, period) = match otp.kind {
                    OtpKind::Hotp { counter } => (counter, 0),
                    OtpKind::Totp { period } => (0, period),
                    OtpKind::Steam => (0, 0),
                };
                (
                    counter,
                    otp.kind.name(),
                    period,
                    otp.algorithm.as_str(),
                    otp.digits,
                    otp.secret.as_bytes(),
                )
            }
        }
    }
    key(a).cmp(&key(b))
}

/// A computer's name as it is kept and shown: cleaned by the one rule for
/// names shown again ([`crate::text`]), since it comes from another
/// computer's file and is printed in a terminal by `safekeep sync status`.
fn shown_device_name(name: &str) -> String {
    crate::text::shown_name(name)
}
