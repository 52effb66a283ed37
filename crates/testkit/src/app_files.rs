//! The encryption of other apps' backup files, as those apps do it, for
//! fixtures and fuzz seeds: Aegis's `docs/vault.md` (an scrypt password slot
//! wrapping a master key with AES-256-GCM, the contents encrypted under the
//! master key, hex nonces and tags beside the base64 ciphertext) and 2FAS's
//! `servicesEncrypted` (base64(ciphertext + tag) : base64(salt) :
//! base64(iv), PBKDF2-HMAC-SHA256 with 10,000 rounds, AES-256-GCM).
//!
//! Written from the apps' formats, not from our readers, so a reader that
//! drifts from the format fails its tests. What goes inside (entries,
//! services) is each test's own fixture.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use data_encoding::{BASE64, HEXLOWER};
use serde_json::{Value, json};

use crate::secrets::random_array;

/// Where the keys, salts, nonces and slot ids come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Draw {
    /// Fresh from the OS each time, as the apps do.
    Random,
    /// Fixed values, so a second run writes the same bytes (the committed
    /// fuzz seeds). Never for anything but test data.
    Fixed,
}

impl Draw {
    /// `N` bytes: random, or `fixed` repeated.
    fn bytes<const N: usize>(self, fixed: u8) -> [u8; N] {
        match self {
            Draw::Random => random_array(),
            Draw::Fixed => [fixed; N],
        }
    }

    /// A slot id: a fresh v4 UUID, or a fixed one ending in `n`.
    fn uuid(self, n: u8) -> String {
        match self {
            Draw::Random => uuid::Uuid::new_v4().to_string(),
            Draw::Fixed => format!("00000000-0000-4000-8000-{n:012}"),
        }
    }
}

/// AES-256-GCM with no associated data, with a nonce drawn by `draw`;
/// gives the ciphertext, nonce and tag apart.
pub fn seal(key: &[u8], plaintext: &[u8], draw: Draw) -> (Vec<u8>, [u8; 12], Vec<u8>) {
    let nonce = draw.bytes::<12>(7);
    let mut buffer = plaintext.to_vec();
    let tag = Aes256Gcm::new_from_slice(key)
        .expect("a 32-byte key")
        .encrypt_in_place_detached(Nonce::from_slice(&nonce), b"", &mut buffer)
        .expect("AES-GCM seals");
    (buffer, nonce, tag.to_vec())
}

/// The scrypt settings an Aegis password slot states: N = 2^`log_n`.
#[derive(Clone, Copy, Debug)]
pub struct ScryptCost {
    pub log_n: u8,
    pub r: u32,
    pub p: u32,
}

impl ScryptCost {
    /// The smallest settings Safekeep's reader takes (N = 2^10, r = 8,
    /// p = 1; the floor of `safekeep_core::kdf_bounds`).
    pub const CHEAPEST: ScryptCost = ScryptCost {
        log_n: 10,
        r: 8,
        p: 1,
    };
}

/// An encrypted Aegis vault file holding `db` (the vault contents, what a
/// plain export has under "db"), opened by `password`. With
/// `biometric_slot`, a biometric slot (which needs the phone and must be
/// passed over) comes before the password slot.
pub fn aegis_encrypted(
    db: &Value,
    password: &str,
    cost: ScryptCost,
    biometric_slot: bool,
    draw: Draw,
) -> Value {
    let master_key = draw.bytes::<32>(0x11);
    let salt = draw.bytes::<32>(0x22);
    let mut slot_key = [0u8; 32];
    let params = scrypt::Params::new(cost.log_n, cost.r, cost.p, 32).expect("scrypt settings");
    scrypt::scrypt(password.as_bytes(), &salt, &params, &mut slot_key).expect("scrypt runs");
    let (wrapped, key_nonce, key_tag) = seal(&slot_key, &master_key, draw);
    let (db, db_nonce, db_tag) = seal(&master_key, &serde_json::to_vec(db).expect("JSON"), draw);
    let mut slots = Vec::new();
    if biometric_slot {
        let (key, nonce, tag) = seal(&draw.bytes::<32>(0x44), &master_key, draw);
        slots.push(json!({
            "type": 2,
            "uuid": draw.uuid(2),
            "key": HEXLOWER.encode(&key),
            "key_params": {"nonce": HEXLOWER.encode(&nonce), "tag": HEXLOWER.encode(&tag)},
        }));
    }
    slots.push(json!({
        "type": 1,
        "uuid": draw.uuid(1),
        "key": HEXLOWER.encode(&wrapped),
        "key_params": {"nonce": HEXLOWER.encode(&key_nonce), "tag": HEXLOWER.encode(&key_tag)},
        "n": 1u64 << cost.log_n, "r": cost.r, "p": cost.p,
        "salt": HEXLOWER.encode(&salt),
        "repaired": true,
        "is_backup": false,
    }));
    json!({
        "version": 1,
        "header": {
            "slots": slots,
            "params": {"nonce": HEXLOWER.encode(&db_nonce), "tag": HEXLOWER.encode(&db_tag)},
        },
        "db": BASE64.encode(&db),
    })
}

/// `plaintext` as a 2FAS backup's `servicesEncrypted` (or `reference`)
/// holds it: base64(ciphertext + tag) : base64(salt) : base64(iv), the key
/// PBKDF2-HMAC-SHA256 of `password` and `salt` with 10,000 rounds. The
/// Android app uses a 256-byte salt, the iOS app a 32-byte one.
pub fn two_fas_seal(plaintext: &[u8], password: &str, salt: &[u8], draw: Draw) -> String {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), salt, 10_000, &mut key);
    let (mut data, iv, tag) = seal(&key, plaintext, draw);
    data.extend_from_slice(&tag);
    format!(
        "{}:{}:{}",
        BASE64.encode(&data),
        BASE64.encode(salt),
        BASE64.encode(&iv)
    )
}

/// An andOTP encrypted backup (`.json.aes`) of `plaintext` (a plain
/// backup's JSON), as andOTP's `EncryptionHelper` writes it: the PBKDF2
/// `rounds` as a big-endian 32-bit integer, a 12-byte salt, a 12-byte nonce,
/// then AES-256-GCM ciphertext and tag under PBKDF2-HMAC-SHA1(password,
/// salt, rounds).
pub fn and_otp_encrypted(plaintext: &[u8], password: &str, rounds: u32, draw: Draw) -> Vec<u8> {
    let salt = draw.bytes::<12>(3);
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), &salt, rounds, &mut key);
    let (data, nonce, tag) = seal(&key, plaintext, draw);
    [&rounds.to_be_bytes()[..], &salt, &nonce, &data, &tag].concat()
}

/// An andOTP encrypted backup in the layout of its versions before 0.6.3:
/// the nonce, then AES-256-GCM ciphertext and tag under SHA-256(password).
pub fn and_otp_encrypted_old(plaintext: &[u8], password: &str, draw: Draw) -> Vec<u8> {
    use sha2::Digest;
    let key = sha2::Sha256::digest(password.as_bytes());
    let (data, nonce, tag) = seal(&key, plaintext, draw);
    [&nonce[..], &data, &tag].concat()
}

/// An Authenticator Pro / Stratum encrypted backup of `plaintext` (a plain
/// backup's JSON), as its `BackupEncryption` writes it: `AUTHENTICATORPRO`,
/// a 16-byte salt, a 12-byte nonce, then AES-256-GCM ciphertext and tag
/// under Argon2id(password, salt) with 64 MiB, 3 passes and 4 lanes.
pub fn authenticator_pro_encrypted(plaintext: &[u8], password: &str, draw: Draw) -> Vec<u8> {
    use argon2::{Algorithm, Argon2, Params, Version};
    let salt = draw.bytes::<16>(5);
    let mut key = [0u8; 32];
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(64 * 1024, 3, 4, Some(32)).expect("valid settings"),
    )
    .hash_password_into(password.as_bytes(), &salt, &mut key)
    .expect("Argon2id derives");
    let (data, nonce, tag) = seal(&key, plaintext, draw);
    [&b"AUTHENTICATORPRO"[..], &salt, &nonce, &data, &tag].concat()
}

/// An Authenticator Pro legacy encrypted backup of `plaintext`, as its
/// `LegacyBackupEncryption` wrote it: `AuthenticatorPro`, a 20-byte salt, a
/// 16-byte IV, then AES-256-CBC ciphertext with PKCS#7 padding under
/// PBKDF2-HMAC-SHA1(password, salt) with 64,000 rounds.
pub fn authenticator_pro_legacy_encrypted(plaintext: &[u8], password: &str, draw: Draw) -> Vec<u8> {
    let salt = draw.bytes::<20>(5);
    let iv = draw.bytes::<16>(9);
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), &salt, 64_000, &mut key);
    let data = cbc_seal(&key, &iv, plaintext);
    [&b"AuthenticatorPro"[..], &salt, &iv, &data].concat()
}

/// AES-256-CBC with PKCS#7 padding.
pub fn cbc_seal(key: &[u8; 32], iv: &[u8; 16], plaintext: &[u8]) -> Vec<u8> {
    use aes::cipher::block_padding::Pkcs7;
    use aes::cipher::{BlockEncryptMut, KeyIvInit};
    let mut buffer = plaintext.to_vec();
    buffer.resize(plaintext.len() + 16, 0);
    let length = cbc::Encryptor::<aes::Aes256>::new(key.into(), iv.into())
        .encrypt_padded_mut::<Pkcs7>(&mut buffer, plaintext.len())
        .expect("room for a block of padding")
        .len();
    buffer.truncate(length);
    buffer
}

/// The key derivation of a Bitwarden password-protected export.
#[derive(Clone, Copy, Debug)]
pub enum BitwardenKdf {
    /// `kdfType` 0: PBKDF2-HMAC-SHA256 of this many rounds over the salt.
    Pbkdf2 { iterations: u32 },
    /// `kdfType` 1: Argon2id over SHA-256 of the salt, memory in MiB.
    Argon2id {
        iterations: u32,
        memory_mib: u32,
        parallelism: u32,
    },
}

/// A Bitwarden password-protected JSON export of `plaintext` (a plain JSON
/// export's text), as Bitwarden's `BitwardenPasswordProtectedExporter`
/// writes it and its importer reads it: the KDF's key stretched by
/// HKDF-expand into `enc` and `mac` keys, and `data` and the key
/// validation as EncStrings `2.iv|ciphertext|mac` (AES-256-CBC, then
/// HMAC-SHA256 over IV and ciphertext; base64).
pub fn bitwarden_password_protected(
    plaintext: &[u8],
    password: &str,
    kdf: BitwardenKdf,
    draw: Draw,
) -> Value {
    use hmac::Mac;
    use sha2::Digest;
    let salt = BASE64.encode(&draw.bytes::<16>(4));
    let mut master = [0u8; 32];
    match kdf {
        BitwardenKdf::Pbkdf2 { iterations } => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
                password.as_bytes(),
                salt.as_bytes(),
                iterations,
                &mut master,
            );
        }
        BitwardenKdf::Argon2id {
            iterations,
            memory_mib,
            parallelism,
        } => {
            use argon2::{Algorithm, Argon2, Params, Version};
            let params = Params::new(memory_mib * 1024, iterations, parallelism, Some(32))
                .expect("valid settings");
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
                .hash_password_into(
                    password.as_bytes(),
                    &sha2::Sha256::digest(salt.as_bytes()),
                    &mut master,
                )
                .expect("Argon2id derives");
        }
    }
    let hkdf = hkdf::Hkdf::<sha2::Sha256>::from_prk(&master).expect("a 32-byte PRK");
    let (mut enc, mut mac) = ([0u8; 32], [0u8; 32]);
    hkdf.expand(b"enc", &mut enc).expect("32 bytes");
    hkdf.expand(b"mac", &mut mac).expect("32 bytes");
    let enc_string = |plain: &[u8], fixed: u8| {
        let iv = draw.bytes::<16>(fixed);
        let ciphertext = cbc_seal(&enc, &iv, plain);
        let mut hmac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&mac).expect("any key");
        hmac.update(&iv);
        hmac.update(&ciphertext);
        format!(
            "2.{}|{}|{}",
            BASE64.encode(&iv),
            BASE64.encode(&ciphertext),
            BASE64.encode(&hmac.finalize().into_bytes())
        )
    };
    let (kdf_type, iterations, memory, parallelism) = match kdf {
        BitwardenKdf::Pbkdf2 { iterations } => (0, iterations, Value::Null, Value::Null),
        BitwardenKdf::Argon2id {
            iterations,
            memory_mib,
            parallelism,
        } => (1, iterations, json!(memory_mib), json!(parallelism)),
    };
    json!({
        "encrypted": true,
        "passwordProtected": true,
        "salt": salt,
        "kdfType": kdf_type,
        "kdfIterations": iterations,
        "kdfMemory": memory,
        "kdfParallelism": parallelism,
        // Bitwarden seals a fresh GUID here; only its MAC matters.
        "encKeyValidation_DO_NOT_EDIT": enc_string(b"0f8fad5b-d9cb-469f-a165-70867728950e", 1),
        "data": enc_string(plaintext, 2),
    })
}

/// A TOTP Authenticator (Binary Boolean Apps) encrypted backup of
/// `entries` (its list of entries), as the app writes it and Aegis's
/// `TotpAuthenticatorImporter` reads it: base64 of AES-256-CBC with PKCS#7
/// padding under SHA-256(password) and an all-zero IV, of a JSON object
/// whose only key is the list's JSON text and whose value is the time.
pub fn totp_authenticator_encrypted(entries: &Value, password: &str) -> String {
    use sha2::Digest;
    let mut object = serde_json::Map::new();
    object.insert(entries.to_string(), json!("1608293023"));
    let plain = Value::Object(object).to_string();
    let key: [u8; 32] = sha2::Sha256::digest(password.as_bytes()).into();
    BASE64.encode(&cbc_seal(&key, &[0; 16], plain.as_bytes()))
}

/// A zip of Steam Desktop Authenticator's `maFiles` folder holding
/// `ma_files` (file name, maFile JSON) and its `manifest.json`; with a
/// `passkey`, each maFile encrypted as SDA's `FileEncryptor` does it: base64
/// of AES-256-CBC (PKCS#7) under PBKDF2-HMAC-SHA1(passkey, salt, 50,000
/// rounds), the 8-byte salt and 16-byte IV (base64) in the manifest entry.
pub fn sda_ma_files_zip(
    ma_files: &[(&str, Vec<u8>)],
    passkey: Option<&str>,
    draw: Draw,
) -> Vec<u8> {
    use std::io::Write;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut entries = Vec::new();
    for (index, (name, json)) in ma_files.iter().enumerate() {
        let mut entry = json!({"filename": name, "steamid": 76_561_198_000_000_000_u64 + index as u64,
                               "encryption_iv": null, "encryption_salt": null});
        let contents = match passkey {
            None => json.clone(),
            Some(passkey) => {
                let salt = draw.bytes::<8>(6);
                let iv = draw.bytes::<16>(8);
                let mut key = [0u8; 32];
                pbkdf2::pbkdf2_hmac::<sha1::Sha1>(passkey.as_bytes(), &salt, 50_000, &mut key);
                entry["encryption_salt"] = json!(BASE64.encode(&salt));
                entry["encryption_iv"] = json!(BASE64.encode(&iv));
                BASE64.encode(&cbc_seal(&key, &iv, json)).into_bytes()
            }
        };
        zip.start_file(format!("maFiles/{name}"), options)
            .expect("a zip entry");
        zip.write_all(&contents).expect("written");
        entries.push(entry);
    }
    let manifest = json!({"encrypted": passkey.is_some(), "first_run": false, "entries": entries,
                          "periodic_checking": false});
    zip.start_file("maFiles/manifest.json", options)
        .expect("a zip entry");
    zip.write_all(manifest.to_string().as_bytes())
        .expect("written");
    zip.finish().expect("the archive closes").into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes_gcm::aead::Aead;

    fn open(key: &[u8], nonce: &[u8], sealed: &[u8]) -> Vec<u8> {
        Aes256Gcm::new_from_slice(key)
            .unwrap()
            .decrypt(Nonce::from_slice(nonce), sealed)
            .expect("opens")
    }

    /// The file opens the way `docs/vault.md` says: scrypt of the password
    /// unwraps the master key, which opens the contents.
    #[test]
    fn an_aegis_file_opens_as_its_format_says() {
        let db = json!({"version": 3, "entries": []});
        for (biometric_slot, draw) in [(true, Draw::Random), (false, Draw::Fixed)] {
            let file = aegis_encrypted(&db, "pw", ScryptCost::CHEAPEST, biometric_slot, draw);
            let slots = file["header"]["slots"].as_array().unwrap();
            assert_eq!(slots.len(), 1 + usize::from(biometric_slot));
            let slot = slots.last().unwrap();
            assert_eq!(slot["type"], 1);
            assert_eq!(slot["n"], 1024);
            let salt = HEXLOWER
                .decode(slot["salt"].as_str().unwrap().as_bytes())
                .unwrap();
            let mut slot_key = [0u8; 32];
            scrypt::scrypt(
                b"pw",
                &salt,
                &scrypt::Params::new(10, 8, 1, 32).unwrap(),
                &mut slot_key,
            )
            .unwrap();
            let hex = |value: &Value| HEXLOWER.decode(value.as_str().unwrap().as_bytes()).unwrap();
            let wrapped = [hex(&slot["key"]), hex(&slot["key_params"]["tag"])].concat();
            let master_key = open(&slot_key, &hex(&slot["key_params"]["nonce"]), &wrapped);
            let params = &file["header"]["params"];
            let sealed = [
                BASE64
                    .decode(file["db"].as_str().unwrap().as_bytes())
                    .unwrap(),
                hex(&params["tag"]),
            ]
            .concat();
            let plain = open(&master_key, &hex(&params["nonce"]), &sealed);
            assert_eq!(serde_json::from_slice::<Value>(&plain).unwrap(), db);
        }
        let fixed = |d| aegis_encrypted(&db, "pw", ScryptCost::CHEAPEST, false, d);
        assert_eq!(fixed(Draw::Fixed), fixed(Draw::Fixed), "fixed is fixed");
        assert_ne!(fixed(Draw::Random), fixed(Draw::Random));
    }

    #[test]
    fn a_two_fas_field_opens_as_its_format_says() {
        let salt = random_array::<256>();
        let field = two_fas_seal(b"[]", "pw", &salt, Draw::Random);
        let parts: Vec<Vec<u8>> = field
            .split(':')
            .map(|part| BASE64.decode(part.as_bytes()).unwrap())
            .collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1], salt);
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"pw", &salt, 10_000, &mut key);
        assert_eq!(open(&key, &parts[2], &parts[0]), b"[]");
    }
}
