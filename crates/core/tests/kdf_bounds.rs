//! Key-derivation settings read from a file are bounded in one place
//! (`safekeep_core::kdf_bounds`), for every reader: a vault, an encrypted
//! backup and an Aegis export asking for 4 GiB of Argon2 or scrypt are each
//! refused, naming the parameter, before any derivation runs. Were the
//! derivation run, it would take minutes and gigabytes; the generous time
//! bound only shows that it was not.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::password_only_vault;
use safekeep_core::backup::{BackupError, open_backup, seal_backup};
use safekeep_core::formats::{self, Format, ImportError, Malformation};
use safekeep_core::kdf_bounds::KdfOutOfBounds;
use safekeep_core::keychain::MemoryKeychain;
use safekeep_core::vault::{
    CreateOptions, KdfParams, KdfProblem, OpenError, OpenOptions, Unlock, Vault, VaultContents,
    VaultLocation,
};
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";
/// Long enough to show the refusal came before the derivation, short
/// enough never to fail on a slow, shared machine.
const QUICK: Duration = Duration::from_secs(5);
const PREFIX_LEN: usize = 14;

/// Rewrites the password slot's KDF settings in the header of a file in
/// the vault format (a vault or a backup), fixing the header length. The
/// header is authenticated, so such a file could never open anyway; the
/// point is that it is refused before any work is spent on it.
fn with_kdf(bytes: &[u8], change: impl Fn(&mut Value)) -> Vec<u8> {
    let length = u32::from_le_bytes(bytes[10..PREFIX_LEN].try_into().unwrap()) as usize;
    let mut header: Value =
        serde_json::from_slice(&bytes[PREFIX_LEN..PREFIX_LEN + length]).unwrap();
    let slot = header["slots"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|slot| slot["kind"] == "password")
        .unwrap();
    // Cheap test settings go in; what a release build reads comes out.
    slot["kdf"]["algorithm"] = json!("argon2id");
    change(&mut slot["kdf"]);
    let header = serde_json::to_vec(&header).unwrap();
    let mut forged = bytes[..10].to_vec();
    forged.extend_from_slice(&(header.len() as u32).to_le_bytes());
    forged.extend_from_slice(&header);
    forged.extend_from_slice(&bytes[PREFIX_LEN + length..]);
    forged
}

/// The forged settings of the issue (memory in KiB, passes, lanes), and
/// ones below the floor, each with the parameter the refusal must name.
const FORGERIES: [(u64, u64, u64, &str); 3] = [
    (4 * 1024 * 1024, 100, 16, "memory_kib"),
    (64 * 1024, 100, 1, "iterations"),
    (8, 1, 1, "memory_kib"),
];

/// [`with_kdf`] setting the three costs.
fn forged(bytes: &[u8], (memory, passes, lanes, _): (u64, u64, u64, &str)) -> Vec<u8> {
    with_kdf(bytes, |kdf| {
        kdf["memory_kib"] = json!(memory);
        kdf["iterations"] = json!(passes);
        kdf["parallelism"] = json!(lanes);
    })
}

#[test]
fn a_vault_with_out_of_bounds_kdf_settings_is_refused_before_deriving() {
    let dir = tempfile::tempdir().unwrap();
    let location = VaultLocation::new(dir.path());
    let keychain = Arc::new(MemoryKeychain::new());
    password_only_vault(&location, keychain.clone(), PASSWORD);
    let original = std::fs::read(location.vault_file()).unwrap();
    for forgery in FORGERIES {
        let parameter = forgery.3;
        let forged = forged(&original, forgery);
        std::fs::write(location.vault_file(), &forged).unwrap();
        let started = Instant::now();
        let error = Vault::open(
            &location,
            keychain.clone(),
            Unlock::Password(PASSWORD),
            OpenOptions::default(),
        )
        .unwrap_err();
        assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
        let OpenError::KdfOutOfBounds(bounds) = &error else {
            panic!("{parameter}: {error:?}");
        };
        assert_eq!(bounds.parameter, parameter);
        assert!(error.to_string().contains(parameter), "{error}");
        assert_eq!(std::fs::read(location.vault_file()).unwrap(), forged);
    }
}

#[test]
fn a_backup_with_out_of_bounds_kdf_settings_is_refused_before_deriving() {
    let backup = seal_backup(
        &VaultContents::default(),
        PASSWORD,
        KdfParams::cheap_for_tests(),
    )
    .unwrap();
    for forgery in FORGERIES {
        let parameter = forgery.3;
        let forged = forged(&backup, forgery);
        let started = Instant::now();
        let error = open_backup(&forged, PASSWORD).unwrap_err();
        assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
        let BackupError::Kdf(KdfProblem::OutOfBounds(bounds)) = &error else {
            panic!("{parameter}: {error:?}");
        };
        assert_eq!(bounds.parameter, parameter);
        assert!(error.to_string().contains(parameter), "{error}");
    }
}

#[test]
fn an_aegis_file_with_out_of_bounds_scrypt_settings_is_refused_before_deriving() {
    // Only the slot's settings matter: the refusal comes before anything
    // is decrypted, so the rest of the file can be made up.
    let slot = |n: u64, r: u64, p: u64| {
        json!({
            "version": 1,
            "header": {
                "slots": [{
                    "type": 1,
                    "uuid": "00000000-0000-0000-0000-000000000000",
                    "key": "00".repeat(32),
                    "key_params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)},
                    "n": n, "r": r, "p": p,
                    "salt": "00".repeat(32),
                }],
                "params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)},
            },
            "db": "AAAA",
        })
    };
    for ((n, r, p), parameter) in [
        ((1u64 << 25, 8, 1), "n × r"),
        ((1 << 15, 8, 32), "n × r × p"),
        ((16, 1, 1), "n × r"),
    ] {
        let bytes = serde_json::to_vec(&slot(n, r, p)).unwrap();
        let started = Instant::now();
        let error = formats::restore(&bytes, Some(Format::Aegis), Some(PASSWORD)).unwrap_err();
        assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
        let ImportError::Malformed {
            format: Format::Aegis,
            problem:
                Malformation::KdfOutOfBounds(KdfOutOfBounds {
                    parameter: named, ..
                }),
        } = &error
        else {
            panic!("N={n} r={r} p={p}: {error:?}");
        };
        assert_eq!(*named, parameter);
        assert!(error.to_string().contains(parameter), "{error}");
    }
}

#[test]
fn settings_below_the_floor_are_refused_when_making_a_file_too() {
    let dir = tempfile::tempdir().unwrap();
    let location = VaultLocation::new(dir.path());
    let keychain = Arc::new(MemoryKeychain::new());
    let mut weak = KdfParams::recommended();
    weak.memory_kib = 8;
    assert!(seal_backup(&VaultContents::default(), PASSWORD, weak.clone()).is_err());
    let mut vault = Vault::create(
        &location,
        keychain,
        CreateOptions {
            keychain: true,
            password: None,
            kdf: KdfParams::cheap_for_tests(),
        },
    )
    .unwrap();
    let before = std::fs::read(location.vault_file()).unwrap();
    assert!(vault.set_password(PASSWORD, weak).is_err());
    assert_eq!(std::fs::read(location.vault_file()).unwrap(), before);
}
