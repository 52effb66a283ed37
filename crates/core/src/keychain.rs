//! The OS keychain, behind one small trait.
//!
//! The vault keeps the key of its `keychain` slot and its last-seen generation
//! here. [`SystemKeychain`] talks to the platform store through the `keyring`
//! crate (Secret Service on Linux); [`MemoryKeychain`] is for fast unit tests
//! and never leaves the process.

use std::collections::HashMap;
use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::i18n::{Message, MessageArg};

/// Service name under which Safekeep stores its entries.
pub const DEFAULT_SERVICE: &str = "safekeep";

/// Environment variable that overrides [`DEFAULT_SERVICE`], so tests never
/// touch a real user's entries.
pub const SERVICE_ENV: &str = "SAFEKEEP_KEYRING_SERVICE";

/// Why the keychain could not do what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeychainError {
    /// No keychain service could be reached (no Secret Service on the
    /// session bus, no session bus at all, or an unsupported platform).
    Unavailable {
        /// What the platform said, free of secrets.
        reason: String,
    },
    /// The keychain is there but locked, and unlocking it was refused or
    /// needs a prompt we cannot show.
    Locked,
    /// The keychain answered with an error.
    Failed {
        /// What the platform said, free of secrets.
        reason: String,
    },
}

impl Message for KeychainError {
    fn message_id(&self) -> &'static str {
        match self {
            KeychainError::Unavailable { .. } => "keychain-unavailable",
            KeychainError::Locked => "keychain-locked",
            KeychainError::Failed { .. } => "keychain-failed",
        }
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        match self {
            KeychainError::Unavailable { reason } | KeychainError::Failed { reason } => {
                vec![("reason", reason.clone().into())]
            }
            KeychainError::Locked => Vec::new(),
        }
    }
}
crate::localized_error!(KeychainError);

/// A place to keep small secrets outside the vault file.
pub trait Keychain: Send + Sync {
    /// Checks that the keychain can be used right now, so a caller can fall
    /// back to a password before it has anything to lose.
    fn check_available(&self) -> Result<(), KeychainError>;

    /// The secret stored under `entry`, or `None` when there is none.
    fn load(&self, entry: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeychainError>;

    /// Stores `secret` under `entry`, replacing what was there.
    fn store(&self, entry: &str, secret: &[u8]) -> Result<(), KeychainError>;

    /// Removes `entry`; removing a missing entry is not an error.
    fn remove(&self, entry: &str) -> Result<(), KeychainError>;
}

/// The platform keychain, through the `keyring` crate.
pub struct SystemKeychain {
    service: String,
}

impl SystemKeychain {
    /// The keychain under the service named by `SAFEKEEP_KEYRING_SERVICE`, or
    /// `safekeep` when it is not set.
    pub fn from_env() -> SystemKeychain {
        let service = std::env::var(SERVICE_ENV)
            .ok()
            .filter(|service| !service.is_empty())
            .unwrap_or_else(|| DEFAULT_SERVICE.to_owned());
        SystemKeychain::with_service(service)
    }

    /// The keychain under an explicit service name.
    pub fn with_service(service: impl Into<String>) -> SystemKeychain {
        SystemKeychain {
            service: service.into(),
        }
    }

    /// The service name entries are stored under.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, entry: &str) -> Result<keyring::Entry, KeychainError> {
        if let Err(error) = keyring::Entry::store_status() {
            return Err(KeychainError::Unavailable {
                reason: describe_platform_error(error),
            });
        }
        keyring::Entry::new(&self.service, entry).map_err(map_error)
    }
}

/// The platform's words for an error. Some `keyring` variants carry the raw
/// secret bytes, so those are named, never printed.
fn describe_platform_error(error: &keyring::Error) -> String {
    match error {
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(..) => {
            "the stored entry has an unexpected format".to_owned()
        }
        keyring::Error::Ambiguous(_) => "more than one entry matches".to_owned(),
        other => other.to_string(),
    }
}

fn map_error(error: keyring::Error) -> KeychainError {
    match &error {
        keyring::Error::NoStorageAccess(_) => KeychainError::Locked,
        keyring::Error::NoDefaultStore => KeychainError::Unavailable {
            reason: describe_platform_error(&error),
        },
        keyring::Error::PlatformFailure(inner) if looks_unreachable(&inner.to_string()) => {
            KeychainError::Unavailable {
                reason: inner.to_string(),
            }
        }
        _ => KeychainError::Failed {
            reason: describe_platform_error(&error),
        },
    }
}

/// D-Bus answers "no such name" style errors when no Secret Service runs on
/// the bus; that is "not available", which callers treat differently from a
/// failing keychain (they offer a password instead).
fn looks_unreachable(reason: &str) -> bool {
    let reason = reason.to_ascii_lowercase();
    [
        "serviceunknown",
        "service unknown",
        "was not provided by any",
        "no such",
        "connection",
        "disconnected",
        "not activatable",
    ]
    .iter()
    .any(|needle| reason.contains(needle))
}

impl Keychain for SystemKeychain {
    fn check_available(&self) -> Result<(), KeychainError> {
        // Only a write shows a locked collection: reading an absent entry
        // succeeds even then, and creating a vault must not get as far as
        // storing its key before finding out.
        const PROBE: &str = "availability-check";
        self.store(PROBE, b"probe")?;
        self.remove(PROBE)
    }

    fn load(&self, entry: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeychainError> {
        let entry = self.entry(entry)?;
        match again_after_a_passing_failure(|| entry.get_secret()) {
            Ok(secret) => Ok(Some(Zeroizing::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(map_error(error)),
        }
    }

    fn store(&self, entry: &str, secret: &[u8]) -> Result<(), KeychainError> {
        let entry = self.entry(entry)?;
        again_after_a_passing_failure(|| entry.set_secret(secret)).map_err(map_error)
    }

    fn remove(&self, entry: &str) -> Result<(), KeychainError> {
        let entry = self.entry(entry)?;
        match again_after_a_passing_failure(|| entry.delete_credential()) {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(map_error(error)),
        }
    }
}

/// Runs `operation`, and once more after a moment if the Secret Service
/// named an item that no longer exists: gnome-keyring can answer a search
/// with an item that is being deleted (another program's, or our own
/// availability probe), whose path then "does not exist". Each operation
/// here is the same when done twice, so one more try is safe and spares the
/// person an error the next click would not have. Other failures (no
/// answer, no service) are not tried again: that would only double the wait.
fn again_after_a_passing_failure<T>(
    operation: impl Fn() -> Result<T, keyring::Error>,
) -> Result<T, keyring::Error> {
    match operation() {
        Err(keyring::Error::PlatformFailure(inner))
            if names_a_vanished_item(&inner.to_string()) =>
        {
            std::thread::sleep(std::time::Duration::from_millis(100));
            operation()
        }
        done => done,
    }
}

/// Whether a Secret Service error says the object asked about is gone.
fn names_a_vanished_item(reason: &str) -> bool {
    let reason = reason.to_ascii_lowercase();
    reason.contains("does not exist") || reason.contains("unknownobject")
}

/// A keychain that lives in memory, for unit tests of the core.
#[derive(Default)]
pub struct MemoryKeychain {
    entries: Mutex<HashMap<String, Zeroizing<Vec<u8>>>>,
    unavailable: Mutex<Option<KeychainError>>,
}

impl MemoryKeychain {
    /// An empty, reachable keychain.
    pub fn new() -> MemoryKeychain {
        MemoryKeychain::default()
    }

    /// Makes every later call fail with `error`, or work again with `None`:
    /// how tests play a keychain daemon that went away.
    pub fn set_failure(&self, error: Option<KeychainError>) {
        *self.unavailable.lock().expect("not poisoned") = error;
    }

    /// How many entries it holds, so tests can tell that nothing was
    /// left behind.
    pub fn entry_count(&self) -> usize {
        self.entries.lock().expect("not poisoned").len()
    }

    fn fail_if_set(&self) -> Result<(), KeychainError> {
        match &*self.unavailable.lock().expect("not poisoned") {
            Some(error) => Err(error.clone()),
            None => Ok(()),
        }
    }
}

impl Keychain for MemoryKeychain {
    fn check_available(&self) -> Result<(), KeychainError> {
        self.fail_if_set()
    }

    fn load(&self, entry: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeychainError> {
        self.fail_if_set()?;
        Ok(self
            .entries
            .lock()
            .expect("not poisoned")
            .get(entry)
            .cloned())
    }

    fn store(&self, entry: &str, secret: &[u8]) -> Result<(), KeychainError> {
        self.fail_if_set()?;
        self.entries
            .lock()
            .expect("not poisoned")
            .insert(entry.to_owned(), Zeroizing::new(secret.to_vec()));
        Ok(())
    }

    fn remove(&self, entry: &str) -> Result<(), KeychainError> {
        self.fail_if_set()?;
        self.entries.lock().expect("not poisoned").remove(entry);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_gone_between_search_and_use_is_tried_again_and_nothing_else_is() {
        // gnome-keyring's words when a search named an item being deleted.
        let vanished = "zbus fdo error: org.freedesktop.DBus.Error.UnknownMethod: \
                        Object does not exist at path \u{201c}/org/freedesktop/secrets/collection/login/458\u{201d}";
        let tries = std::cell::Cell::new(0);
        let answer = again_after_a_passing_failure(|| {
            tries.set(tries.get() + 1);
            if tries.get() == 1 {
                Err(keyring::Error::PlatformFailure(vanished.into()))
            } else {
                Ok("found")
            }
        });
        assert_eq!((answer.unwrap(), tries.get()), ("found", 2));

        let tries = std::cell::Cell::new(0);
        let answer: Result<(), _> = again_after_a_passing_failure(|| {
            tries.set(tries.get() + 1);
            Err(keyring::Error::PlatformFailure(
                "org.freedesktop.DBus.Error.NoReply".into(),
            ))
        });
        assert!(answer.is_err());
        assert_eq!(
            tries.get(),
            1,
            "a call that got no answer is not made twice"
        );
    }

    #[test]
    fn memory_keychain_stores_loads_and_removes() {
        let keychain = MemoryKeychain::new();
        assert_eq!(keychain.load("a").unwrap(), None);
        keychain.store("a", b"secret").unwrap();
        assert_eq!(keychain.load("a").unwrap().unwrap().as_slice(), b"secret");
        keychain.remove("a").unwrap();
        keychain.remove("a").unwrap();
        assert_eq!(keychain.load("a").unwrap(), None);
    }

    #[test]
    fn memory_keychain_can_play_a_missing_daemon() {
        let keychain = MemoryKeychain::new();
        keychain.set_failure(Some(KeychainError::Locked));
        assert_eq!(keychain.check_available(), Err(KeychainError::Locked));
        assert_eq!(keychain.load("a"), Err(KeychainError::Locked));
    }

    #[test]
    fn errors_say_what_to_do() {
        let unavailable = KeychainError::Unavailable {
            reason: "no session bus".into(),
        };
        assert!(unavailable.to_string().contains("no session bus"));
        assert!(
            KeychainError::Locked
                .to_string()
                .to_lowercase()
                .contains("locked")
        );
    }
}
