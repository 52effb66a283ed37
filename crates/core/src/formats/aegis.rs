//! Aegis Authenticator's vault file: read as Aegis exports it (plain or
//! encrypted with a password), and written for Aegis to import, plain or
//! encrypted with a password slot as Aegis itself writes one.
//!
//! The layout is the one Aegis publishes in `docs/vault.md` of its repository:
//!
//! ```text
//! { "version": 1,
//!   "header": { "slots": [..] or null, "params": { "nonce", "tag" } or null },
//!   "db": { "version": 3, "entries": [..], "groups": [..] }     plain
//!         or "base64 of that object encrypted with AES-256-GCM" }  encrypted
//! ```
//!
//! An encrypted vault has a random 256-bit master key, wrapped once per key
//! slot. A password slot (type 1) derives a key with scrypt from the password
//! (UTF-8) and the slot's `salt`, `n`, `r` and `p`, and unwraps the master key
//! with AES-256-GCM (`key`, `key_params.nonce` and `key_params.tag`, all hex).
//! The master key then opens `db` with `header.params`. Biometric slots need
//! the phone's keystore and are passed over.
//!
//! A file is untrusted input: the scrypt settings it states are used only
//! within the bounds `crate::kdf_bounds` sets around what Aegis itself uses
//! (N = 2^15, r = 8, p = 1), and over all slots together, so a forged file
//! cannot make an import allocate gigabytes or run for minutes.
//!
//! Entries of type `totp`, `hotp` and `steam` become accounts; `motp`,
//! `yandex` and any newer type are reported as rejected, with the reason. An
//! entry's `note` becomes the account's notes and its groups (the `groups`
//! list of format 3, or the single `group` name of older files) its tags; a
//! `favorite` entry is pinned, and a pinned account is exported as one.
//! Aegis itself reads the algorithm `MD5` on any entry other than mOTP as
//! SHA1 (a workaround for an old bug that let people pick MD5 by mistake), and
//! so does this reader, so the codes are the ones Aegis shows.
//!
//! Not supported: password slots never "repaired" after Aegis issue #95, whose
//! key was derived from an over-long password encoded the old, wrong way. Aegis
//! repairs such a slot the first time it is unlocked, so a vault exported from
//! a current Aegis never has one.

use super::json::{shown, shown_value, starts_like_an_object, whole_number, without_bom};
use crate::account::display_name_of;
use crate::time::now;
use std::collections::HashMap;
use std::fmt;
use std::io;

use data_encoding::{BASE64, HEXLOWER, HEXLOWER_PERMISSIVE};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::{Zeroize, Zeroizing};

use super::encrypted::{
    KEY_LEN, NONCE_LEN, TAG_LEN, decode_base64, open_aes_gcm, read_encrypted, seal_aes_gcm,
};
use super::entry::{EntryError, otp_of, whole_setting};
use super::{Format, ImportError, Malformation, RejectedEntry, Restorable, Restored};
use crate::account::Account;
use crate::i18n::Message;
use crate::kdf_bounds::{self, KdfOutOfBounds};
use crate::otp::{Algorithm, Otp, OtpKind};
use crate::text::{Notes, TextTooLong};

/// The Aegis vault format.
pub struct Aegis;

/// The newest vault file version this reader knows (the outer `version`).
const FILE_VERSION: i64 = 1;

/// The newest contents version this reader knows (`db.version`); also the
/// one [`export_plain`] writes, as current Aegis does.
const CONTENT_VERSION: i64 = 3;

/// The slot type of a password slot.
const PASSWORD_SLOT: i64 = 1;

impl Restorable for Aegis {
    const FORMAT: Format = Format::Aegis;

    fn detect(bytes: &[u8]) -> bool {
        #[derive(Deserialize)]
        struct Probe {
            #[allow(dead_code)]
            version: de::IgnoredAny,
            #[allow(dead_code)]
            header: de::IgnoredAny,
            #[allow(dead_code)]
            db: de::IgnoredAny,
        }
        let bytes = without_bom(bytes);
        starts_like_an_object(bytes) && serde_json::from_slice::<Probe>(bytes).is_ok()
    }

    fn restore(bytes: &[u8], password: Option<&str>) -> Result<Restored, ImportError> {
        let file: VaultFile =
            serde_json::from_slice(without_bom(bytes)).map_err(|error| json_error(&error))?;
        if file.version > FILE_VERSION {
            return Err(malformed(Malformation::NewerVersion {
                version: file.version,
            }));
        }
        let header = file.header.unwrap_or_default();
        let content = match (header.slots, file.db) {
            (_, Db::Plain(content)) => content,
            (Some(slots), Db::Encrypted(ciphertext)) => {
                read_encrypted(Format::Aegis, password, |password| {
                    let master_key = unlock_master_key(&slots, password, open_slot)?;
                    decrypt_contents(&master_key, header.params.as_ref(), &ciphertext)
                })?
            }
            (None, Db::Encrypted(_)) => {
                return Err(malformed(Malformation::NoPasswordSlot));
            }
        };
        read_content(content)
    }
}

/// The outer object of a vault file.
#[derive(Deserialize)]
struct VaultFile {
    version: i64,
    header: Option<Header>,
    db: Db,
}

#[derive(Default, Deserialize)]
struct Header {
    slots: Option<Vec<Slot>>,
    params: Option<CryptParams>,
}

/// A key slot; only password slots are used.
#[derive(Deserialize)]
struct Slot {
    #[serde(rename = "type")]
    kind: Option<i64>,
    key: Option<String>,
    key_params: Option<CryptParams>,
    n: Option<u64>,
    r: Option<u64>,
    p: Option<u64>,
    salt: Option<String>,
}

/// An AES-GCM nonce and tag, in hex.
#[derive(Deserialize)]
struct CryptParams {
    #[serde(default)]
    nonce: String,
    #[serde(default)]
    tag: String,
}

/// `db`: the contents themselves, or their ciphertext in base64.
enum Db {
    Encrypted(String),
    Plain(Content),
}

impl<'de> Deserialize<'de> for Db {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Db, D::Error> {
        struct DbVisitor;

        impl<'de> Visitor<'de> for DbVisitor {
            type Value = Db;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the vault contents, or their ciphertext in base64")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Db, E> {
                Ok(Db::Encrypted(text.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Db, A::Error> {
                Content::deserialize(de::value::MapAccessDeserializer::new(map)).map(Db::Plain)
            }
        }

        deserializer.deserialize_any(DbVisitor)
    }
}

/// The vault contents (`db`, decrypted).
#[derive(Deserialize)]
struct Content {
    version: Option<i64>,
    entries: Option<Vec<Entry>>,
    groups: Option<Vec<Group>>,
}

#[derive(Deserialize)]
struct Group {
    uuid: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
    issuer: Option<String>,
    note: Option<String>,
    info: Option<Info>,
    groups: Option<Vec<String>>,
    group: Option<String>,
    favorite: Option<bool>,
}

/// The code settings of an entry. The secret is wiped when dropped; the
/// mOTP and Yandex PINs are never read.
#[derive(Deserialize)]
struct Info {
    secret: Option<Zeroizing<String>>,
    algo: Option<String>,
    digits: Option<Value>,
    period: Option<Value>,
    counter: Option<Value>,
}

/// A password slot whose fields have been decoded and whose scrypt settings
/// are within bounds.
struct PasswordSlot {
    salt: Vec<u8>,
    params: scrypt::Params,
    work: u64,
    encrypted_key: Vec<u8>,
    nonce: [u8; NONCE_LEN],
    tag: [u8; TAG_LEN],
}

/// Why a password slot was not tried.
enum SlotProblem {
    /// A field is missing or cannot be decoded.
    Damaged,
    /// Its scrypt settings are out of bounds.
    OutOfBounds(KdfOutOfBounds),
}

impl PasswordSlot {
    fn read(slot: &Slot) -> Result<PasswordSlot, SlotProblem> {
        let (Some(n), Some(r), Some(p)) = (slot.n, slot.r, slot.p) else {
            return Err(SlotProblem::Damaged);
        };
        let (params, work) = scrypt_params(n, r, p)?;
        let salt = decode_hex(slot.salt.as_deref()).ok_or(SlotProblem::Damaged)?;
        let encrypted_key = decode_hex(slot.key.as_deref()).ok_or(SlotProblem::Damaged)?;
        if encrypted_key.len() != KEY_LEN {
            return Err(SlotProblem::Damaged);
        }
        let (nonce, tag) = slot
            .key_params
            .as_ref()
            .and_then(nonce_and_tag)
            .ok_or(SlotProblem::Damaged)?;
        Ok(PasswordSlot {
            salt,
            params,
            work,
            encrypted_key,
            nonce,
            tag,
        })
    }
}

/// Checks scrypt settings from a file against the bounds and against what
/// scrypt allows; gives them with their work (`N * r * p`).
fn scrypt_params(n: u64, r: u64, p: u64) -> Result<(scrypt::Params, u64), SlotProblem> {
    if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
        return Err(SlotProblem::Damaged);
    }
    let work = kdf_bounds::check_aegis_scrypt(n, r, p).map_err(SlotProblem::OutOfBounds)?;
    let log_n = u8::try_from(n.trailing_zeros()).map_err(|_| SlotProblem::Damaged)?;
    let r = u32::try_from(r).map_err(|_| SlotProblem::Damaged)?;
    let p = u32::try_from(p).map_err(|_| SlotProblem::Damaged)?;
    let params = scrypt::Params::new(log_n, r, p, KEY_LEN).map_err(|_| SlotProblem::Damaged)?;
    Ok((params, work))
}

/// Tries `password` on each password slot in turn, within the total work
/// bound, and gives the master key of the first that opens. `open` derives the
/// slot key and unwraps the master key (a parameter so the bounds can be
/// tested without running scrypt).
fn unlock_master_key(
    slots: &[Slot],
    password: &str,
    mut open: impl FnMut(&PasswordSlot, &str) -> Option<Zeroizing<Vec<u8>>>,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let mut budget = kdf_bounds::AEGIS_MAX_TOTAL_SCRYPT_WORK;
    let mut tried = false;
    let mut problem = None;
    let mut password_slots = 0usize;
    for slot in slots.iter().filter(|slot| slot.kind == Some(PASSWORD_SLOT)) {
        password_slots += 1;
        let slot = match PasswordSlot::read(slot) {
            Ok(slot) => slot,
            Err(error) => {
                problem.get_or_insert(error);
                continue;
            }
        };
        if slot.work > budget {
            // Later slots are not tried either: a real vault never has
            // this many, and trying more is what a forged file would want.
            break;
        }
        budget -= slot.work;
        tried = true;
        if let Some(master_key) = open(&slot, password) {
            return Ok(master_key);
        }
    }
    if tried {
        return Err(ImportError::WrongPassword {
            format: Format::Aegis,
        });
    }
    Err(match (password_slots, problem) {
        (0, _) => malformed(Malformation::NoPasswordSlot),
        (_, Some(SlotProblem::OutOfBounds(bounds))) => {
            malformed(Malformation::KdfOutOfBounds(bounds))
        }
        _ => malformed(Malformation::PasswordSlotDamaged),
    })
}

/// Derives the slot key from `password` and unwraps the master key with it;
/// `None` when the password is wrong.
fn open_slot(slot: &PasswordSlot, password: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut slot_key = Zeroizing::new([0u8; KEY_LEN]);
    scrypt::scrypt(
        password.as_bytes(),
        &slot.salt,
        &slot.params,
        &mut slot_key[..],
    )
    .ok()?;
    open_aes_gcm(
        &slot_key[..],
        &slot.nonce,
        &slot.tag,
        slot.encrypted_key.clone(),
    )
}

/// Decrypts `db` with the master key and the header's parameters.
fn decrypt_contents(
    master_key: &[u8],
    params: Option<&CryptParams>,
    ciphertext: &str,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let damaged = || malformed(Malformation::EncryptedContentsDamaged);
    let (nonce, tag) = params.and_then(nonce_and_tag).ok_or_else(damaged)?;
    let ciphertext = decode_base64(ciphertext).ok_or_else(damaged)?;
    open_aes_gcm(master_key, &nonce, &tag, ciphertext).ok_or_else(damaged)
}

fn nonce_and_tag(params: &CryptParams) -> Option<([u8; NONCE_LEN], [u8; TAG_LEN])> {
    let nonce = decode_hex(Some(params.nonce.as_str()))?.try_into().ok()?;
    let tag = decode_hex(Some(params.tag.as_str()))?.try_into().ok()?;
    Some((nonce, tag))
}

fn decode_hex(text: Option<&str>) -> Option<Vec<u8>> {
    HEXLOWER_PERMISSIVE.decode(text?.trim().as_bytes()).ok()
}

/// Turns the vault contents into accounts and rejected entries.
fn read_content(content: Content) -> Result<Restored, ImportError> {
    if let Some(version) = content.version
        && version > CONTENT_VERSION
    {
        return Err(malformed(Malformation::NewerVersion { version }));
    }
    let entries = content
        .entries
        .ok_or_else(|| malformed(Malformation::NoAccountList))?;
    let groups: HashMap<String, String> = content
        .groups
        .unwrap_or_default()
        .into_iter()
        .filter_map(|group| Some((group.uuid?.trim().to_ascii_lowercase(), group.name?)))
        .collect();
    let now = now();
    let mut restored = Restored::default();
    for entry in entries {
        let issuer = entry.issuer.as_deref().unwrap_or_default();
        let label = entry.name.as_deref().unwrap_or_default();
        let rejected =
            |reason: &dyn Message| RejectedEntry::new(display_name_of(issuer, label), reason);
        let account_of = |otp| -> Result<Account, TextTooLong> {
            let mut account = Account::new(issuer, label, Some(otp), now)?;
            account.notes = Notes::new(entry.note.as_deref().unwrap_or_default())?;
            account.pinned = entry.favorite.unwrap_or(false);
            for tag in tags(&entry, &groups) {
                account.add_tag(&tag)?;
            }
            Ok(account)
        };
        let read = read_otp(&entry)
            .map_err(|error| rejected(&error.in_file_of(Format::Aegis)))
            .and_then(|otp| account_of(otp).map_err(|error| rejected(&error)));
        match read {
            Ok(account) => restored.accounts.push(account),
            Err(entry) => restored.rejected.push(entry),
        }
    }
    restored.unless_empty(Format::Aegis)
}

fn read_otp(entry: &Entry) -> Result<Otp, EntryError> {
    let kind_name = entry.kind.as_deref().unwrap_or_default().trim();
    let kind_name = kind_name.to_ascii_lowercase();
    if !matches!(kind_name.as_str(), "totp" | "hotp" | "steam") {
        return Err(EntryError::UnsupportedType {
            kind: shown(&kind_name),
        });
    }
    let info = entry.info.as_ref().ok_or(EntryError::BadSecret)?;
    let kind = match kind_name.as_str() {
        "totp" => OtpKind::Totp {
            period: whole_setting(info.period.as_ref(), 30)
                .map_err(|value| EntryError::BadPeriod { value })?,
        },
        "hotp" => OtpKind::Hotp {
            counter: info
                .counter
                .as_ref()
                .and_then(whole_number)
                .ok_or_else(|| EntryError::BadCounter {
                    value: info
                        .counter
                        .as_ref()
                        .map_or_else(|| "null".to_owned(), shown_value),
                })?,
        },
        _ => OtpKind::Steam,
    };
    let algorithm = match info.algo.as_deref().map(str::trim) {
        None => Algorithm::Sha1,
        // What Aegis itself does for every type but mOTP (see the module docs).
        Some(name) if name.eq_ignore_ascii_case("MD5") => Algorithm::Sha1,
        Some(name) => name
            .parse()
            .map_err(|_| EntryError::UnsupportedAlgorithm { name: shown(name) })?,
    };
    let digits =
        whole_setting(info.digits.as_ref(), 6).map_err(|value| EntryError::BadDigits { value })?;
    otp_of(kind, algorithm, digits, info.secret.as_ref())
}

/// The entry's group names: format 3 lists group ids, older files one name.
fn tags(entry: &Entry, groups: &HashMap<String, String>) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let names = entry
        .groups
        .iter()
        .flatten()
        .filter_map(|uuid| groups.get(&uuid.trim().to_ascii_lowercase()))
        .chain(entry.group.iter());
    for name in names {
        let name = name.trim();
        if !name.is_empty() && !tags.iter().any(|tag| tag == name) {
            tags.push(name.to_owned());
        }
    }
    tags
}

/// Writes `accounts` as a plain (unencrypted) Aegis vault, which Aegis
/// imports under Import › "Aegis (.json)".
///
/// The file is vault file version 1 with contents version 3, as current Aegis
/// writes them; each entry and each tag (an Aegis group) has a fresh UUID.
/// Accounts without a code generator (backup tokens only) are left out, and
/// backup tokens are not written, because Aegis has no place for them; say
/// so to the user. Notes and tags go along.
///
/// The text holds every secret in the clear: it is wiped from memory when
/// dropped, and every buffer it grew through was wiped too.
pub fn export_plain(accounts: &[Account]) -> Zeroizing<String> {
    let file = ExportFile {
        version: FILE_VERSION,
        header: ExportHeader {
            slots: None,
            params: None,
        },
        db: export_content(accounts),
    };
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    utf8(json_wiped(&file, formatter))
}

/// The scrypt settings Aegis writes in a new password slot, and so do we:
/// N = 2^15, r = 8, p = 1 (Aegis' `SCRYPT_N`, `SCRYPT_R`, `SCRYPT_P`).
const SCRYPT_LOG_N: u8 = 15;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;

/// The length of a password slot's salt, as Aegis makes it.
const SALT_LEN: usize = 32;

/// The password slot's type in Aegis' vault format.
const PASSWORD_SLOT_TYPE: i64 = 1;

/// The same accounts as [`export_plain`], in a vault Aegis opens with
/// `password`: a random master key seals the contents with AES-256-GCM, and
/// one password slot holds that key sealed with a key scrypt derives from the
/// password (N = 2^15, r = 8, p = 1, a random 32-byte salt), as Aegis' own
/// encrypted exports are made. The password's strength is the caller's to
/// check ([`crate::formats::export_encrypted`]).
pub fn export_encrypted(accounts: &[Account], password: &str) -> Zeroizing<String> {
    use rand::RngCore;
    let mut master_key = Zeroizing::new([0u8; KEY_LEN]);
    rand::rngs::OsRng.fill_bytes(&mut master_key[..]);
    let mut salt = [0u8; SALT_LEN];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let params = scrypt::Params::new(SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, KEY_LEN)
        .expect("Aegis' scrypt settings are valid");
    let mut slot_key = Zeroizing::new([0u8; KEY_LEN]);
    scrypt::scrypt(password.as_bytes(), &salt, &params, &mut slot_key[..])
        .expect("a 32-byte key is a valid scrypt output length");
    let mut wrapped_key = *master_key;
    let (key_nonce, key_tag) = seal_aes_gcm(&slot_key, &mut wrapped_key);

    let mut db = json_wiped(&export_content(accounts), serde_json::ser::CompactFormatter);
    let (db_nonce, db_tag) = seal_aes_gcm(&master_key, &mut db);
    let file = EncryptedExportFile {
        version: FILE_VERSION,
        header: EncryptedExportHeader {
            slots: [ExportSlot {
                kind: PASSWORD_SLOT_TYPE,
                uuid: uuid::Uuid::new_v4().to_string(),
                key: HEXLOWER.encode(&wrapped_key),
                key_params: ExportParams::of(&key_nonce, &key_tag),
                n: 1 << SCRYPT_LOG_N,
                r: SCRYPT_R,
                p: SCRYPT_P,
                salt: HEXLOWER.encode(&salt),
                repaired: true,
                is_backup: false,
            }],
            params: ExportParams::of(&db_nonce, &db_tag),
        },
        db: BASE64.encode(&db),
    };
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    utf8(json_wiped(&file, formatter))
}

/// `value` as JSON, in a buffer that is wiped when dropped, as is every
/// buffer it grew through.
fn json_wiped<T: Serialize, F: serde_json::ser::Formatter>(
    value: &T,
    formatter: F,
) -> Zeroizing<Vec<u8>> {
    let mut writer = WipingWriter(Zeroizing::new(Vec::with_capacity(4096)));
    let mut serializer = serde_json::Serializer::with_formatter(&mut writer, formatter);
    value
        .serialize(&mut serializer)
        .expect("serializing plain structs into memory cannot fail");
    writer.0
}

/// The JSON text serde_json wrote, without copying it.
fn utf8(mut bytes: Zeroizing<Vec<u8>>) -> Zeroizing<String> {
    match String::from_utf8(std::mem::take(&mut *bytes)) {
        Ok(text) => Zeroizing::new(text),
        Err(error) => {
            error.into_bytes().zeroize();
            unreachable!("serde_json writes UTF-8");
        }
    }
}

/// The vault contents (`db`) Aegis reads: entries and groups.
fn export_content(accounts: &[Account]) -> ExportContent<'_> {
    let mut groups: Vec<ExportGroup<'_>> = Vec::new();
    let mut entries = Vec::new();
    for account in accounts {
        let Some(otp) = &account.otp else {
            continue;
        };
        let mut group_ids = Vec::new();
        for tag in &account.tags {
            let uuid = match groups.iter().find(|group| group.name == tag.as_str()) {
                Some(group) => group.uuid.clone(),
                None => {
                    let uuid = uuid::Uuid::new_v4().to_string();
                    groups.push(ExportGroup {
                        uuid: uuid.clone(),
                        name: tag,
                    });
                    uuid
                }
            };
            if !group_ids.contains(&uuid) {
                group_ids.push(uuid);
            }
        }
        let (kind, period, counter) = match otp.kind {
            OtpKind::Totp { period } => ("totp", Some(period), None),
            OtpKind::Hotp { counter } => ("hotp", None, Some(counter)),
            OtpKind::Steam => ("steam", otp.period(), None),
        };
        entries.push(ExportEntry {
            kind,
            uuid: uuid::Uuid::new_v4().to_string(),
            name: &account.label,
            issuer: &account.issuer,
            note: &account.notes,
            favorite: account.pinned,
            icon: None,
            icon_mime: None,
            icon_hash: None,
            info: ExportInfo {
                secret: otp.secret.to_base32(),
                algo: otp.algorithm.as_str(),
                digits: otp.digits,
                period,
                counter,
            },
            groups: group_ids,
        });
    }
    ExportContent {
        version: CONTENT_VERSION,
        entries,
        groups,
        icons_optimized: true,
    }
}

#[derive(Serialize)]
struct EncryptedExportFile {
    version: i64,
    header: EncryptedExportHeader,
    /// The contents, sealed with the master key, in base64.
    db: String,
}

#[derive(Serialize)]
struct EncryptedExportHeader {
    slots: [ExportSlot; 1],
    params: ExportParams,
}

/// A password slot as Aegis writes it.
#[derive(Serialize)]
struct ExportSlot {
    #[serde(rename = "type")]
    kind: i64,
    uuid: String,
    /// The master key, sealed with the slot key, in hex.
    key: String,
    key_params: ExportParams,
    n: u32,
    r: u32,
    p: u32,
    salt: String,
    /// Derived the current way (Aegis issue #95), so Aegis never tries the
    /// old one.
    repaired: bool,
    is_backup: bool,
}

/// An AES-GCM nonce and tag, in hex.
#[derive(Serialize)]
struct ExportParams {
    nonce: String,
    tag: String,
}

impl ExportParams {
    fn of(nonce: &[u8], tag: &[u8]) -> ExportParams {
        ExportParams {
            nonce: HEXLOWER.encode(nonce),
            tag: HEXLOWER.encode(tag),
        }
    }
}

#[derive(Serialize)]
struct ExportFile<'a> {
    version: i64,
    header: ExportHeader,
    db: ExportContent<'a>,
}

#[derive(Serialize)]
struct ExportHeader {
    slots: Option<()>,
    params: Option<()>,
}

#[derive(Serialize)]
struct ExportContent<'a> {
    version: i64,
    entries: Vec<ExportEntry<'a>>,
    groups: Vec<ExportGroup<'a>>,
    icons_optimized: bool,
}

#[derive(Serialize)]
struct ExportGroup<'a> {
    uuid: String,
    name: &'a str,
}

#[derive(Serialize)]
struct ExportEntry<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    uuid: String,
    name: &'a str,
    issuer: &'a str,
    note: &'a str,
    favorite: bool,
    icon: Option<()>,
    icon_mime: Option<()>,
    icon_hash: Option<()>,
    info: ExportInfo,
    groups: Vec<String>,
}

#[derive(Serialize)]
struct ExportInfo {
    secret: Zeroizing<String>,
    algo: &'static str,
    digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
}

/// Collects written bytes in a buffer that is wiped when dropped and each
/// time it grows, so no copy of a secret stays behind in freed memory.
struct WipingWriter(Zeroizing<Vec<u8>>);

impl io::Write for WipingWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let needed = self.0.len().saturating_add(bytes.len());
        if needed > self.0.capacity() {
            let capacity = needed.max(self.0.capacity().saturating_mul(2));
            let mut grown = Zeroizing::new(Vec::with_capacity(capacity));
            grown.extend_from_slice(&self.0);
            // The old buffer is wiped as it is dropped here.
            self.0 = grown;
        }
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn malformed(problem: Malformation) -> ImportError {
    ImportError::Malformed {
        format: Format::Aegis,
        problem,
    }
}

fn json_error(error: &serde_json::Error) -> ImportError {
    super::json::json_error(error, Format::Aegis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    fn password_slot(n: u64, r: u64, p: u64) -> Slot {
        Slot {
            kind: Some(PASSWORD_SLOT),
            key: Some("00".repeat(KEY_LEN)),
            key_params: Some(CryptParams {
                nonce: "00".repeat(NONCE_LEN),
                tag: "00".repeat(TAG_LEN),
            }),
            n: Some(n),
            r: Some(r),
            p: Some(p),
            salt: Some("00".repeat(32)),
        }
    }

    #[test]
    fn scrypt_settings_are_bounded() {
        assert!(scrypt_params(1 << 15, 8, 1).is_ok(), "Aegis's own settings");
        assert!(scrypt_params(1 << 10, 8, 1).is_ok(), "the floor");
        assert!(scrypt_params(1 << 17, 8, 1).is_ok(), "128 MiB is allowed");
        for (n, r, p) in [
            (1 << 18, 8, 1),
            (1 << 20, 8, 1),
            (1 << 14, 8, 64),
            (1 << 62, 1, 1),
            (1 << 63, u64::MAX, u64::MAX),
            (2, 1 << 40, 1),
            (2, 1, 1),
            (1 << 9, 8, 1),
        ] {
            assert!(
                matches!(scrypt_params(n, r, p), Err(SlotProblem::OutOfBounds(_))),
                "N={n} r={r} p={p}"
            );
        }
        for (n, r, p) in [
            (0, 8, 1),
            (1, 8, 1),
            (1000, 8, 1),
            (1024, 0, 1),
            (1024, 8, 0),
        ] {
            assert!(
                matches!(scrypt_params(n, r, p), Err(SlotProblem::Damaged)),
                "N={n} r={r} p={p}"
            );
        }
    }

    #[test]
    fn the_total_work_over_all_slots_is_bounded() {
        // Each slot at the most one slot may cost: only two fit the budget.
        let slots: Vec<Slot> = (0..50).map(|_| password_slot(1 << 16, 8, 8)).collect();
        let mut calls = 0;
        let result = unlock_master_key(&slots, "pw", |_, _| {
            calls += 1;
            None
        });
        assert_eq!(calls, 2);
        assert_eq!(
            result.unwrap_err(),
            ImportError::WrongPassword {
                format: Format::Aegis
            }
        );

        // Cheap slots are all tried.
        let slots: Vec<Slot> = (0..10).map(|_| password_slot(1 << 10, 8, 1)).collect();
        let mut calls = 0;
        let _ = unlock_master_key(&slots, "pw", |_, _| {
            calls += 1;
            None
        });
        assert_eq!(calls, 10);
    }

    #[test]
    fn slots_that_cannot_be_tried_say_why() {
        let never = |_: &PasswordSlot, _: &str| -> Option<Zeroizing<Vec<u8>>> {
            panic!("no slot should be tried")
        };
        let error = unlock_master_key(&[password_slot(1 << 30, 8, 1)], "pw", never).unwrap_err();
        assert_eq!(
            error,
            malformed(Malformation::KdfOutOfBounds(KdfOutOfBounds {
                kdf: "scrypt",
                parameter: "n × r",
                value: 1 << 33,
                min: 1 << 13,
                max: 1 << 20,
            }))
        );
        for language in Language::ALL {
            let text = error.localized(language);
            assert!(
                text.contains("8589934592") && text.contains("n × r"),
                "{text}"
            );
        }

        let mut biometric = password_slot(1 << 10, 8, 1);
        biometric.kind = Some(2);
        let error = unlock_master_key(&[biometric], "pw", never).unwrap_err();
        assert_eq!(error, malformed(Malformation::NoPasswordSlot));

        let mut damaged = password_slot(1 << 10, 8, 1);
        damaged.key = Some("zz".to_owned());
        let error = unlock_master_key(&[damaged], "pw", never).unwrap_err();
        assert!(error.to_string().contains("damaged"), "{error}");
    }

    #[test]
    fn base64_and_hex_are_read_leniently() {
        assert_eq!(decode_base64("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(decode_base64("aGVs\nbG8"), Some(b"hello".to_vec()));
        assert_eq!(decode_base64("a"), None);
        assert_eq!(decode_hex(Some("0aFF")), Some(vec![0x0a, 0xff]));
        assert_eq!(decode_hex(Some("0")), None);
        assert_eq!(decode_hex(None), None);
    }

    #[test]
    fn json_errors_never_quote_the_file() {
        let text =
            br#"{"version": 1, "header": {"slots": null}, "db": {"entries": "JBSWY3DPEHPK3PXP"}}"#;
        let error = Aegis::restore(text, None).unwrap_err();
        assert!(!format!("{error} {error:?}").contains("JBSW"), "{error:?}");
    }

    #[test]
    fn long_values_are_shortened() {
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 41);
        assert_eq!(shown("SHA1"), "SHA1");
        assert_eq!(shown_value(&Value::Null), "null");
    }
}
