//! When two computers used the same backup token: the merge finds it, and
//! the app and the CLI say so once on each computer.
//!
//! It can happen when both were offline and each handed out the last
//! tokens (see [`crate::tokens::HandOutLane`]). Only one of the two logins
//! can have worked; the person is told which site, so that if a login
//! failed they use another token.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::hlc::{DeviceId, Hlc};
use super::merge::users_of;
use super::replica::Replica;
use crate::account::{AccountId, display_name_of};
use crate::i18n::{Message, MessageArg};

/// Which token was used twice, without its code: the account and the
/// stamp the token was added with.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DoubleUseKey {
    /// The account the token belongs to.
    pub account: AccountId,
    /// When the token was added (unique per token).
    pub token: Hlc,
}

/// A backup token that more than one computer used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoubleUse {
    /// Which token, to remember that it was reported.
    pub key: DoubleUseKey,
    /// The site, as the list names it.
    pub site: String,
    /// The names of the computers that used it, in alphabetical order.
    pub devices: Vec<String>,
}

impl Message for DoubleUse {
    fn message_id(&self) -> &'static str {
        "sync-double-use"
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        vec![
            ("site", self.site.clone().into()),
            ("devices", self.devices.join(", ").into()),
        ]
    }
}

/// Every token of `replica` that more than one device used, apart from
/// those in `reported` (already told on this computer).
pub fn double_uses(replica: &Replica, reported: &BTreeSet<DoubleUseKey>) -> Vec<DoubleUse> {
    let mut found = Vec::new();
    for (account, record) in &replica.accounts {
        for token in record.tokens.tokens.values() {
            let users: Vec<DeviceId> = users_of(token);
            if users.len() < 2 {
                continue;
            }
            let key = DoubleUseKey {
                account: account.clone(),
                token: token.added,
            };
            if reported.contains(&key) {
                continue;
            }
            let mut devices: Vec<String> =
                users.into_iter().map(|d| replica.device_name(d)).collect();
            devices.sort();
            found.push(DoubleUse {
                key,
                site: display_name_of(&record.issuer.value, &record.label.value),
                devices,
            });
        }
    }
    found
}
