//! The bytes of `vault.skv`: a small authenticated header, then the
//! encrypted contents.
//!
//! ```text
//! "SAFEKEEP" | version: u16 LE | header length: u32 LE | header (JSON)
//!            | nonce (12 bytes) | AES-256-GCM ciphertext and tag
//! ```
//!
//! Everything before the nonce is the AAD of the contents, so a changed
//! header (slots, generation, vault id) makes the file fail to open instead
//! of being trusted. The header is JSON so that it can grow fields without a
//! new format version and stays readable with a hex dump when debugging.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::slots::Slot;

/// The first bytes of every vault file.
pub const MAGIC: &[u8; 8] = b"SAFEKEEP";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;
const PREFIX_LEN: usize = MAGIC.len() + 2 + 4;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// A header larger than this is damage, not a vault with many slots.
const MAX_HEADER_LEN: usize = 64 * 1024;

/// A 256-bit AES key that is wiped when dropped.
pub type Key = Zeroizing<[u8; 32]>;

/// A fresh random key from the OS generator.
pub fn random_key() -> Key {
    let mut key = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(key.as_mut());
    key
}

/// The authenticated, unencrypted part of the file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Header {
    /// Names the vault's keychain entries; random, never reused.
    pub vault_id: String,
    /// Goes up by one on every save; the keychain remembers the highest seen
    /// so that an older copy put back in place is noticed.
    pub generation: u64,
    /// The data key, wrapped once per way of unlocking.
    pub slots: Vec<Slot>,
    /// The user asked for the password after a lock and at start: the
    /// keychain slot is not used to unlock. Kept here rather than in the
    /// encrypted contents because it must be read before unlocking; being
    /// part of the authenticated header, a copy with it switched off fails
    /// to open instead of opening with one click. Left out of the file when
    /// off, so vaults that never used it keep their exact bytes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub password_at_unlock: bool,
    /// In a synced folder, the device whose file this is (16 hex digits),
    /// so a file renamed to another device's name does not open as that
    /// device's. Left out of `vault.skv`, whose bytes stay as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// In a synced folder, which data key the file is under, by id (see
    /// `KeyId`): lets a computer that cannot open the file tell a key
    /// newer than its own from one it replaced, before decrypting (and so
    /// trusting) nothing. Left out of `vault.skv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<super::devices::KeyId>,
}

impl Header {
    /// Names `data_key` in a device file's header (see
    /// [`Header::key_id`]); `vault.skv` stays as it was.
    pub fn name_key(&mut self, data_key: &Key) {
        if self.device.is_some() {
            self.key_id = Some(super::devices::KeyId::of(data_key));
        }
    }
}

/// Which part of the file was found wrong; shown to help a user tell a
/// truncated copy from a file that is not a vault at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DamagedPart {
    /// The file does not start like a vault.
    Start,
    /// The header cannot be read.
    Header,
    /// A key slot cannot be unwrapped although the key was right.
    Slot,
    /// The encrypted contents do not authenticate, or the file ends early.
    Contents,
}

impl DamagedPart {
    /// A stable name, used in messages.
    pub fn name(self) -> &'static str {
        match self {
            DamagedPart::Start => "start",
            DamagedPart::Header => "header",
            DamagedPart::Slot => "key slot",
            DamagedPart::Contents => "contents",
        }
    }
}

/// What can be wrong with the bytes of a vault file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// Some part does not parse or authenticate.
    Damaged(DamagedPart),
    /// Written by a newer Safekeep.
    NewerVersion(u16),
}

/// A vault file split into its parts, header parsed but nothing decrypted.
pub struct ParsedFile<'a> {
    pub header: Header,
    aad: &'a [u8],
    nonce: &'a [u8],
    ciphertext: &'a [u8],
}

/// Splits `bytes` into header and encrypted body without decrypting.
pub fn parse(bytes: &[u8]) -> Result<ParsedFile<'_>, FormatError> {
    if bytes.len() < PREFIX_LEN || &bytes[..MAGIC.len()] != MAGIC {
        return Err(FormatError::Damaged(DamagedPart::Start));
    }
    let version = u16::from_le_bytes([bytes[8], bytes[9]]);
    if version > FORMAT_VERSION {
        return Err(FormatError::NewerVersion(version));
    }
    if version != FORMAT_VERSION {
        return Err(FormatError::Damaged(DamagedPart::Start));
    }
    let header_len = u32::from_le_bytes([bytes[10], bytes[11], bytes[12], bytes[13]]) as usize;
    if header_len > MAX_HEADER_LEN || bytes.len() < PREFIX_LEN + header_len + NONCE_LEN + TAG_LEN {
        return Err(FormatError::Damaged(DamagedPart::Header));
    }
    let header_end = PREFIX_LEN + header_len;
    let header: Header = serde_json::from_slice(&bytes[PREFIX_LEN..header_end])
        .map_err(|_| FormatError::Damaged(DamagedPart::Header))?;
    Ok(ParsedFile {
        header,
        aad: &bytes[..header_end],
        nonce: &bytes[header_end..header_end + NONCE_LEN],
        ciphertext: &bytes[header_end + NONCE_LEN..],
    })
}

impl ParsedFile<'_> {
    /// Decrypts the contents with the data key; fails if anything in the
    /// file, header included, was changed.
    pub fn decrypt(&self, data_key: &Key) -> Result<Zeroizing<Vec<u8>>, FormatError> {
        let cipher = Aes256Gcm::new(data_key.as_ref().into());
        cipher
            .decrypt(
                Nonce::from_slice(self.nonce),
                Payload {
                    msg: self.ciphertext,
                    aad: self.aad,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| FormatError::Damaged(DamagedPart::Contents))
    }
}

/// Builds the bytes of a vault file: header in the clear but authenticated,
/// `plaintext` encrypted under `data_key` with a fresh random nonce.
pub fn seal(header: &Header, data_key: &Key, plaintext: &[u8]) -> Vec<u8> {
    let header_json = serde_json::to_vec(header).expect("a header always serializes");
    let mut bytes =
        Vec::with_capacity(PREFIX_LEN + header_json.len() + NONCE_LEN + plaintext.len() + TAG_LEN);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.extend_from_slice(&(header_json.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&header_json);
    let aad_len = bytes.len();

    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let cipher = Aes256Gcm::new(data_key.as_ref().into());
    let ciphertext = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &bytes[..aad_len],
            },
        )
        .expect("AES-GCM encryption of an in-memory buffer cannot fail");
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&ciphertext);
    bytes
}

/// Byte ranges of each part of a sealed file, for the tamper tests.
#[cfg(test)]
pub fn regions(bytes: &[u8]) -> Vec<(&'static str, std::ops::Range<usize>)> {
    let header_len = u32::from_le_bytes([bytes[10], bytes[11], bytes[12], bytes[13]]) as usize;
    let header_end = PREFIX_LEN + header_len;
    vec![
        ("magic", 0..MAGIC.len()),
        ("version", MAGIC.len()..MAGIC.len() + 2),
        ("header length", MAGIC.len() + 2..PREFIX_LEN),
        ("header", PREFIX_LEN..header_end),
        ("nonce", header_end..header_end + NONCE_LEN),
        ("ciphertext", header_end + NONCE_LEN..bytes.len() - TAG_LEN),
        ("tag", bytes.len() - TAG_LEN..bytes.len()),
    ]
}
