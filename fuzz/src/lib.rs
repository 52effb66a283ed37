//! What the fuzz targets check beyond "does not panic": that what a reader
//! accepted makes codes, that every export of it reads back as the same
//! accounts, and which inputs are cheap enough to try a password on.
//!
//! The password guards exist because a file states its own key-derivation
//! cost (Argon2 in Safekeep's vault format, scrypt in Aegis's). The core
//! bounds that cost, but its bounds allow seconds of work per file, which
//! would starve a fuzzer; inputs asking for more than a token amount are
//! still parsed in full, just not unlocked.

use data_encoding::BASE64;
use safekeep_core::account::Account;
use safekeep_core::formats::aegis::{self, Aegis};
use safekeep_core::formats::google::{self, GoogleMigration};
use safekeep_core::formats::otpauth_list::{self, OtpauthList};
use safekeep_core::formats::{Restorable, Restored};
use safekeep_core::otp::{Otp, OtpKind};
use serde_json::Value;

/// The password every encrypted seed is made with, so a seed that the fuzzer
/// has not broken opens all the way to its contents.
pub const SEED_PASSWORD: &str = "fuzz-seed-password";

/// Times codes are made at: the epoch, a present-day time, and the end of
/// `u64`, where time-step arithmetic would overflow first.
const TIMES: [u64; 3] = [0, 1_700_000_000, u64::MAX];

/// Makes codes for every account that has settings, at several times and
/// counters, and checks each has the account's number of digits.
pub fn make_codes(accounts: &[Account]) {
    for otp in accounts.iter().filter_map(|account| account.otp.as_ref()) {
        for time in TIMES {
            assert_code_length(otp, otp.code_at(time).as_str());
            assert_code_length(otp, otp.code_for_counter(time).as_str());
            if let Some(left) = otp.seconds_left(time) {
                assert!(left >= 1 && Some(left) <= otp.period(), "seconds left");
            }
        }
        let mut advanced = otp.clone();
        if let Some(code) = advanced.take_hotp_code() {
            assert_code_length(otp, code.as_str());
        }
    }
}

fn assert_code_length(otp: &Otp, code: &str) {
    assert_eq!(
        code.chars().count(),
        usize::from(otp.digits),
        "a code has the account's number of digits ({:?})",
        otp.kind
    );
}

/// Checks an import: its accounts make codes, and exporting them as an
/// `otpauth://` list, as a plain Aegis vault and as Google Authenticator
/// links reads back as the same code settings.
pub fn check_restored(restored: &Restored) {
    make_codes(&restored.accounts);
    check_exports(&restored.accounts);
}

/// Exports `accounts` in every format Safekeep writes and reads each export
/// back: the same accounts, in the same order, with the same code settings.
pub fn check_exports(accounts: &[Account]) {
    let with_codes: Vec<Account> = accounts
        .iter()
        .filter(|account| account.otp.is_some())
        .cloned()
        .collect();
    if with_codes.is_empty() {
        return;
    }

    let text = otpauth_list::export(&with_codes);
    let read_back = OtpauthList::restore(text.as_bytes(), None)
        .unwrap_or_else(|error| panic!("an otpauth export reads back: {error:?}"));
    assert_same_codes("otpauth list", &read_back, &with_codes);

    let json = aegis::export_plain(&with_codes);
    let read_back = Aegis::restore(json.as_bytes(), None)
        .unwrap_or_else(|error| panic!("an Aegis export reads back: {error:?}"));
    assert_same_codes("Aegis", &read_back, &with_codes);
    for (exported, read) in with_codes.iter().zip(&read_back.accounts) {
        assert_eq!(
            (&read.issuer, &read.label),
            (&exported.issuer, &exported.label),
            "an Aegis export keeps the names"
        );
    }

    let carried: Vec<Account> = with_codes
        .iter()
        .filter(|account| account.otp.as_ref().is_some_and(GoogleMigration::carries))
        .cloned()
        .collect();
    let links = google::export_migration_uris(&with_codes);
    if carried.is_empty() {
        assert!(links.is_empty(), "no accounts to carry give no links");
        return;
    }
    let text = links
        .iter()
        .map(|link| link.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let read_back = GoogleMigration::restore(text.as_bytes(), None)
        .unwrap_or_else(|error| panic!("a Google export reads back: {error:?}"));
    assert_same_codes("Google", &read_back, &carried);
}

fn assert_same_codes(format: &str, read_back: &Restored, exported: &[Account]) {
    assert!(
        read_back.rejected.is_empty(),
        "{format}: an export reads back without rejections: {:?}",
        read_back.rejected
    );
    let read: Vec<&Otp> = read_back
        .accounts
        .iter()
        .filter_map(|account| account.otp.as_ref())
        .collect();
    let written: Vec<&Otp> = exported
        .iter()
        .filter_map(|account| account.otp.as_ref())
        .collect();
    assert_eq!(
        read.len(),
        written.len(),
        "{format}: every exported account reads back"
    );
    for (read, written) in read.iter().zip(&written) {
        // Not `assert_eq!` on the values: that would print the secrets.
        assert!(
            read == written,
            "{format}: an account reads back with other code settings ({:?} became {:?})",
            kind_name(written),
            kind_name(read)
        );
    }
}

fn kind_name(otp: &Otp) -> String {
    let kind = match otp.kind {
        OtpKind::Totp { period } => format!("totp/{period}"),
        OtpKind::Hotp { counter } => format!("hotp/{counter}"),
        OtpKind::Steam => "steam".to_owned(),
    };
    format!("{kind} {} {} digits", otp.algorithm.as_str(), otp.digits)
}

/// A link Google Authenticator would export holding `payload` as its
/// protocol buffer.
pub fn migration_link(payload: &[u8]) -> String {
    let data: String = BASE64
        .encode(payload)
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    format!("otpauth-migration://offline?data={data}")
}

/// Whether every password slot of a file in Safekeep's vault format asks
/// for at most a token amount of Argon2 work. A header that is not JSON is
/// refused before any key derivation, so trying a password on it is cheap.
pub fn vault_kdf_is_cheap(bytes: &[u8]) -> bool {
    const PREFIX_LEN: usize = 14;
    let Some(length) = bytes.get(10..PREFIX_LEN) else {
        return true;
    };
    let length = u32::from_le_bytes([length[0], length[1], length[2], length[3]]) as usize;
    let Some(header) = bytes.get(PREFIX_LEN..).and_then(|rest| rest.get(..length)) else {
        return true;
    };
    let Ok(header) = serde_json::from_slice::<Value>(header) else {
        return true;
    };
    let Some(slots) = header.get("slots").and_then(Value::as_array) else {
        return true;
    };
    slots.iter().all(|slot| match slot.get("kdf") {
        None => true,
        Some(kdf) => {
            let field = |name: &str| kdf.get(name).and_then(Value::as_u64);
            matches!(
                (field("memory_kib"), field("iterations"), field("parallelism")),
                (Some(memory), Some(iterations), Some(lanes))
                    if memory <= 256 && iterations <= 2 && lanes <= 4
            )
        }
    })
}

/// Whether an Aegis vault's key slots ask for at most a token amount of
/// scrypt work over all of them, read the way the Aegis reader reads
/// numbers (also from text). Not JSON at all is refused before any scrypt.
pub fn aegis_kdf_is_cheap(bytes: &[u8]) -> bool {
    // The floor of `safekeep_core::kdf_bounds` (N · r = 2^13, 1 MiB): the
    // least a file can ask for and still be tried.
    const TOKEN_WORK: u64 = 1 << 13;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(file) = serde_json::from_slice::<Value>(bytes) else {
        return true;
    };
    let Some(slots) = file.pointer("/header/slots").and_then(Value::as_array) else {
        return true;
    };
    let number = |value: Option<&Value>| match value {
        None => Some(0),
        Some(Value::Number(number)) => number.as_u64(),
        Some(Value::String(text)) => text.trim().parse().ok(),
        Some(_) => Some(0),
    };
    let mut total: u64 = 0;
    for slot in slots {
        let (Some(n), Some(r), Some(p)) = (
            number(slot.get("n")),
            number(slot.get("r")),
            number(slot.get("p")),
        ) else {
            return false;
        };
        let work = n.saturating_mul(r).saturating_mul(p);
        total = total.saturating_add(work);
    }
    total <= TOKEN_WORK
}

/// Whether an Ente Auth export asks for the least Argon2 work the core
/// accepts (1 MiB, one pass), so the seed password may be tried on it.
pub fn ente_kdf_is_cheap(bytes: &[u8]) -> bool {
    let Ok(file) = serde_json::from_slice::<Value>(bytes) else {
        return true;
    };
    let field = |name: &str| file.pointer(&format!("/kdfParams/{name}")).and_then(Value::as_u64);
    matches!(
        (field("memLimit"), field("opsLimit")),
        (Some(memory), Some(ops)) if memory <= 1 << 20 && ops <= 1
    ) || file.get("kdfParams").is_none()
}

/// Whether a FreeOTP backup asks for the fewest PBKDF2 rounds the core
/// accepts (1,000), so the seed password may be tried on it: the rounds
/// are looked for in the stream's bytes as they are written there.
pub fn free_otp_kdf_is_cheap(bytes: &[u8]) -> bool {
    const CHEAPEST: &[u8] = b"\"mIterations\":1000,";
    const ANY: &[u8] = b"\"mIterations\"";
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
    has(CHEAPEST) || !has(ANY)
}

/// Whether a KeePass database asks for no more than the least AES-KDF work
/// the core accepts (1,000 rounds, written as KDBX 4's `R` parameter), and
/// no Argon2 at all, so the seed password may be tried on it.
pub fn keepass_kdf_is_cheap(bytes: &[u8]) -> bool {
    const ROUNDS: &[u8] = b"\x01\x00\x00\x00R\x08\x00\x00\x00";
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
    let rounds = bytes
        .windows(ROUNDS.len())
        .position(|window| window == ROUNDS)
        .and_then(|at| bytes.get(at + ROUNDS.len()..at + ROUNDS.len() + 8))
        .map(|value| u64::from_le_bytes(value.try_into().expect("eight bytes")));
    !has(b"\x01\x00\x00\x00M") && rounds.is_some_and(|rounds| rounds <= 1_000)
}
