//! The bounds on key-derivation parameters read from any file: Safekeep's
//! own vault and backups (Argon2id) and other apps' exports (Aegis's scrypt,
//! andOTP's PBKDF2 rounds, Bitwarden's PBKDF2 or Argon2id, Ente Auth's
//! Argon2id, FreeOTP's PBKDF2, KeePass's Argon2 and AES-KDF).
//!
//! A file states how costly its password hashing is, and whoever forged the
//! file chose that. Too costly, and opening it takes gigabytes of memory
//! and minutes of work that cannot be cancelled; too cheap, and the file
//! was not made by the app it claims to come from, whose password would then
//! be guessed quickly. So every parameter read from a file is checked here,
//! before any derivation runs, against a floor and a cap set relative to
//! what the writing app itself uses. Nothing else in the crate decides these
//! numbers.
//!
//! Key derivations whose parameters are fixed in our code, not read from
//! the file, need no bounds: 2FAS's PBKDF2 (10 000 rounds, what 2FAS
//! writes), Authenticator Pro's Argon2id (64 MiB, 3 passes, 4 lanes) and its
//! legacy PBKDF2 (64 000 rounds), Proton Authenticator's Argon2id (19 MiB,
//! 2 passes, 1 lane, fixed in Proton's code and not stated in its files), and
//! Authy's PBKDF2-HMAC-SHA1 (1 000 rounds, fixed in Authy's code).

use crate::i18n::{Message, MessageArg};

/// A key-derivation parameter that a file sets outside the accepted range.
/// Found before any derivation runs, so refusing costs nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfOutOfBounds {
    /// The key derivation, as its specification names it ("Argon2id").
    pub kdf: &'static str,
    /// The parameter, named as the file names it (`memory_kib`, `n`…).
    pub parameter: &'static str,
    /// What the file asks for.
    pub value: u64,
    /// The least accepted.
    pub min: u64,
    /// The most accepted.
    pub max: u64,
}

impl Message for KdfOutOfBounds {
    fn message_id(&self) -> &'static str {
        "kdf-out-of-bounds"
    }

    fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        // Numbers this large read better without Fluent's digit grouping.
        vec![
            ("kdf", self.kdf.into()),
            ("parameter", self.parameter.into()),
            ("value", self.value.to_string().into()),
            ("min", self.min.to_string().into()),
            ("max", self.max.to_string().into()),
        ]
    }
}
crate::localized_error!(KdfOutOfBounds);

/// One accepted range; `check` names the parameter when a value is outside.
struct Range {
    kdf: &'static str,
    parameter: &'static str,
    min: u64,
    max: u64,
}

impl Range {
    fn check(&self, value: u64) -> Result<(), KdfOutOfBounds> {
        if (self.min..=self.max).contains(&value) {
            return Ok(());
        }
        Err(KdfOutOfBounds {
            kdf: self.kdf,
            parameter: self.parameter,
            value,
            min: self.min,
            max: self.max,
        })
    }
}

/// The Argon2id cost Safekeep writes: 64 MiB, 3 passes, 1 lane (see
/// `KdfParams::recommended`).
pub const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
/// See [`ARGON2_MEMORY_KIB`].
pub const ARGON2_ITERATIONS: u32 = 3;
/// See [`ARGON2_MEMORY_KIB`].
pub const ARGON2_PARALLELISM: u32 = 1;

const ARGON2: &str = "Argon2id";

/// The floors are OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane):
/// Safekeep never wrote less. The caps are four times our own memory and
/// passes, and four lanes; the memory × passes cap keeps the two together
/// at four times our own work (about two seconds), not sixteen.
const ARGON2_MEMORY: Range = Range {
    kdf: ARGON2,
    parameter: "memory_kib",
    min: 19 * 1024,
    max: 4 * ARGON2_MEMORY_KIB as u64,
};
const ARGON2_PASSES: Range = Range {
    kdf: ARGON2,
    parameter: "iterations",
    min: 2,
    max: 4 * ARGON2_ITERATIONS as u64,
};
const ARGON2_LANES: Range = Range {
    kdf: ARGON2,
    parameter: "parallelism",
    min: 1,
    max: 4,
};
const ARGON2_WORK: Range = Range {
    kdf: ARGON2,
    parameter: "memory_kib × iterations",
    min: 0,
    max: 4 * ARGON2_MEMORY_KIB as u64 * ARGON2_ITERATIONS as u64,
};

/// Checks Argon2id parameters read from a Safekeep file.
pub fn check_argon2(
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
) -> Result<(), KdfOutOfBounds> {
    ARGON2_MEMORY.check(memory_kib.into())?;
    ARGON2_PASSES.check(iterations.into())?;
    ARGON2_LANES.check(parallelism.into())?;
    ARGON2_WORK.check(u64::from(memory_kib) * u64::from(iterations))
}

const SCRYPT: &str = "scrypt";

/// Aegis has always written N = 2^15, r = 8, p = 1: 32 MiB (`128 · N · r`
/// bytes) and a work of 2^18 (`N · r · p`).
const AEGIS_N_TIMES_R: u64 = (1 << 15) * 8;

/// Memory, counted as `N · r` (the bytes are 128 times that): at most four
/// times Aegis's own (128 MiB). At least a thirty-second of it (1 MiB, as
/// N = 2^10 with r = 8): an import's floor only tells a real Aegis export
/// from a made-up one, since a weak file is no weaker for being read, so
/// it sits low enough for tests to build files that derive quickly.
const SCRYPT_MEMORY: Range = Range {
    kdf: SCRYPT,
    parameter: "n × r",
    min: AEGIS_N_TIMES_R / 32,
    max: AEGIS_N_TIMES_R * 4,
};
/// Work, `N · r · p`: at most sixteen times Aegis's own (under two seconds
/// on a laptop), which still lets a file trade memory for lanes.
const SCRYPT_WORK: Range = Range {
    kdf: SCRYPT,
    parameter: "n × r × p",
    min: 1,
    max: AEGIS_N_TIMES_R * 16,
};

/// The most scrypt work spent on one Aegis file over all its password
/// slots: a real vault has one password slot, or two with a backup
/// password.
pub const AEGIS_MAX_TOTAL_SCRYPT_WORK: u64 = 2 * SCRYPT_WORK.max;

/// Checks scrypt parameters read from an Aegis file (`n`, `r`, `p` of a
/// password slot, already checked to be non-zero) and gives their work,
/// `N · r · p`, to count against [`AEGIS_MAX_TOTAL_SCRYPT_WORK`].
pub fn check_aegis_scrypt(n: u64, r: u64, p: u64) -> Result<u64, KdfOutOfBounds> {
    // An overflowing product is out of every range; saturating keeps it so.
    let memory = n.saturating_mul(r);
    SCRYPT_MEMORY.check(memory)?;
    let work = memory.saturating_mul(p);
    SCRYPT_WORK.check(work)?;
    Ok(work)
}

const PBKDF2: &str = "PBKDF2";

/// andOTP draws its backup's PBKDF2-HMAC-SHA1 rounds at random between
/// 140,000 and 160,000 (`PBKDF2_MIN/MAX_BACKUP_ITERATIONS` in its source)
/// and writes them in the file's first four bytes. The cap is four times its
/// most (a second or so); the floor, as for Aegis, only tells a real backup
/// from a made-up one, so it sits low enough for tests to build files that
/// derive quickly. The bounds also serve detection: an encrypted andOTP
/// backup is recognised by a round count within them.
pub const AND_OTP_PBKDF2_ROUNDS: std::ops::RangeInclusive<u32> = 1_000..=640_000;

/// Checks the PBKDF2 rounds read from an andOTP encrypted backup.
pub fn check_and_otp_pbkdf2(rounds: u32) -> Result<(), KdfOutOfBounds> {
    Range {
        kdf: PBKDF2,
        parameter: "iterations",
        min: (*AND_OTP_PBKDF2_ROUNDS.start()).into(),
        max: (*AND_OTP_PBKDF2_ROUNDS.end()).into(),
    }
    .check(rounds.into())
}

/// Bitwarden's password-protected export uses the account's own KDF
/// settings, which Bitwarden lets a user set within its limits
/// (`PBKDF2KdfConfig` and `Argon2KdfConfig` in bitwarden/clients): PBKDF2 of
/// 5,000 to 2,000,000 rounds (600,000 by default). The floor follows
/// Bitwarden's; the cap is Bitwarden's own, about as long as our Argon2id
/// cap, so every export Bitwarden can write opens.
const BITWARDEN_PBKDF2_ROUNDS: Range = Range {
    kdf: PBKDF2,
    parameter: "kdfIterations",
    min: 5_000,
    max: 2_000_000,
};

/// Checks Bitwarden's PBKDF2-SHA256 rounds.
pub fn check_bitwarden_pbkdf2(rounds: u64) -> Result<u32, KdfOutOfBounds> {
    BITWARDEN_PBKDF2_ROUNDS.check(rounds)?;
    Ok(u32::try_from(rounds).expect("within the bounds"))
}

/// Bitwarden's Argon2id (64 MiB, 3 passes, 4 lanes by default) lets a user
/// set 16 to 1,024 MiB, 2 to 10 passes and 1 to 16 lanes. Memory above four
/// times our own (256 MiB) and work above four times our own are refused as
/// for our own files: opening an export is not worth gigabytes of memory
/// that a forged file could demand. A user with heavier settings lowers
/// them in Bitwarden for the export, which the message's range says.
const BITWARDEN_ARGON2_MEMORY: Range = Range {
    kdf: ARGON2,
    parameter: "kdfMemory",
    min: 16,
    max: 4 * ARGON2_MEMORY_KIB as u64 / 1024,
};
const BITWARDEN_ARGON2_PASSES: Range = Range {
    kdf: ARGON2,
    parameter: "kdfIterations",
    min: 2,
    max: 10,
};
const BITWARDEN_ARGON2_LANES: Range = Range {
    kdf: ARGON2,
    parameter: "kdfParallelism",
    min: 1,
    max: 16,
};
const BITWARDEN_ARGON2_WORK: Range = Range {
    kdf: ARGON2,
    parameter: "kdfMemory × kdfIterations",
    min: 0,
    max: 4 * ARGON2_MEMORY_KIB as u64 / 1024 * ARGON2_ITERATIONS as u64,
};

/// Checks Bitwarden's Argon2id settings (`memory_mib` in MiB, as the file
/// gives it) and gives them as (KiB, passes, lanes) for `argon2`.
pub fn check_bitwarden_argon2(
    memory_mib: u64,
    iterations: u64,
    parallelism: u64,
) -> Result<(u32, u32, u32), KdfOutOfBounds> {
    BITWARDEN_ARGON2_MEMORY.check(memory_mib)?;
    BITWARDEN_ARGON2_PASSES.check(iterations)?;
    BITWARDEN_ARGON2_LANES.check(parallelism)?;
    BITWARDEN_ARGON2_WORK.check(memory_mib.saturating_mul(iterations))?;
    let within = |value: u64| u32::try_from(value).expect("within the bounds");
    Ok((
        within(memory_mib * 1024),
        within(iterations),
        within(parallelism),
    ))
}

/// Ente Auth derives its export key with libsodium's `crypto_pwhash`
/// (Argon2id v1.3, one lane) at libsodium's "sensitive" cost: 1 GiB of
/// memory and 4 passes. A phone that cannot spare the memory halves it and
/// doubles the passes, keeping memory × passes the same, and writes what it
/// used into the file (`memLimit` in bytes, `opsLimit`).
const ENTE_MEMORY_BYTES: u64 = 1 << 30;
const ENTE_PASSES: u64 = 4;

/// Memory in bytes: at most Ente's own 1 GiB. At least 1 MiB: as with
/// Aegis's floor, a weak file is no weaker for being read, and the floor
/// sits low enough for tests to build files that derive quickly.
const ENTE_MEMORY: Range = Range {
    kdf: ARGON2,
    parameter: "memLimit",
    min: 1 << 20,
    max: ENTE_MEMORY_BYTES,
};
/// Passes: at least libsodium's minimum for Argon2id (1); at most as many
/// as Ente reaches when it halves the memory down to 64 MiB.
const ENTE_OPS: Range = Range {
    kdf: ARGON2,
    parameter: "opsLimit",
    min: 1,
    max: ENTE_PASSES * 16,
};
/// Memory × passes: never more than Ente's own, whichever way a phone
/// split it.
const ENTE_WORK: Range = Range {
    kdf: ARGON2,
    parameter: "memLimit × opsLimit",
    min: 0,
    max: ENTE_MEMORY_BYTES * ENTE_PASSES,
};

/// Checks the Argon2id parameters of an Ente Auth export (`memLimit` in
/// bytes, `opsLimit` in passes) and gives them as Argon2 takes them: memory
/// in KiB (libsodium rounds down to whole KiB too) and passes.
pub fn check_ente_argon2(mem_limit: u64, ops_limit: u64) -> Result<(u32, u32), KdfOutOfBounds> {
    ENTE_MEMORY.check(mem_limit)?;
    ENTE_OPS.check(ops_limit)?;
    ENTE_WORK.check(mem_limit.saturating_mul(ops_limit))?;
    // Both fit: the ranges above cap them far below u32::MAX.
    let memory_kib = u32::try_from(mem_limit / 1024).unwrap_or(u32::MAX);
    let passes = u32::try_from(ops_limit).unwrap_or(u32::MAX);
    Ok((memory_kib, passes))
}

/// FreeOTP derives the key that wraps its master key with PBKDF2 (HMAC-SHA1,
/// or HMAC-SHA512 on newer phones) and always writes 100 000 rounds into the
/// backup (`mIterations`).
const FREEOTP_ROUNDS: u64 = 100_000;

/// Rounds: at most ten times FreeOTP's own (about a second with SHA-512); at
/// least a hundredth of it, low enough for tests, since only a forged file
/// asks for fewer and a weak file is no weaker for being read.
const FREEOTP_PBKDF2_ROUNDS: Range = Range {
    kdf: "PBKDF2",
    parameter: "mIterations",
    min: FREEOTP_ROUNDS / 100,
    max: FREEOTP_ROUNDS * 10,
};

/// Checks the PBKDF2 rounds a FreeOTP backup asks for, and gives them as
/// PBKDF2 takes them.
pub fn check_freeotp_pbkdf2(rounds: u64) -> Result<u32, KdfOutOfBounds> {
    FREEOTP_PBKDF2_ROUNDS.check(rounds)?;
    Ok(u32::try_from(rounds).unwrap_or(u32::MAX))
}

/// KeePass and KeePassXC let the user choose their key derivation's cost,
/// and their "one second on this computer" settings vary widely: KeePassXC
/// writes Argon2 at 64 MiB with as many passes as a second allows (tens)
/// and a lane per processor; KeePass writes AES-KDF with the rounds a
/// second allows (tens of millions) or Argon2 at 1 MiB. The caps let such
/// databases open in seconds and refuse only what no one waits for; the
/// floors are the least either app offers.
const KEEPASS_ARGON2_MEMORY: Range = Range {
    kdf: "Argon2",
    parameter: "M",
    min: 1 << 20,
    max: 1 << 30,
};
const KEEPASS_ARGON2_PASSES: Range = Range {
    kdf: "Argon2",
    parameter: "I",
    min: 1,
    max: 100,
};
const KEEPASS_ARGON2_LANES: Range = Range {
    kdf: "Argon2",
    parameter: "P",
    min: 1,
    max: 64,
};
/// Memory × passes: at most 8 GiB·passes, about eight times KeePassXC's
/// one-second default on a desktop.
const KEEPASS_ARGON2_WORK: Range = Range {
    kdf: "Argon2",
    parameter: "M × I",
    min: 0,
    max: 8 << 30,
};
/// AES-KDF rounds: at least KeePass's old default (6,000 under KeePass 1,
/// 60,000 under 2); at most 200 million, a few seconds with AES-NI.
const KEEPASS_AES_ROUNDS: Range = Range {
    kdf: "AES-KDF",
    parameter: "R",
    min: 1_000,
    max: 200_000_000,
};

/// Checks the Argon2 parameters of a KeePass database's header (memory in
/// bytes, as KDBX stores it).
pub fn check_keepass_argon2(
    memory: u64,
    iterations: u64,
    parallelism: u64,
) -> Result<(), KdfOutOfBounds> {
    KEEPASS_ARGON2_MEMORY.check(memory)?;
    KEEPASS_ARGON2_PASSES.check(iterations)?;
    KEEPASS_ARGON2_LANES.check(parallelism)?;
    KEEPASS_ARGON2_WORK.check(memory.saturating_mul(iterations))
}

/// Checks the AES-KDF rounds of a KeePass database's header.
pub fn check_keepass_aes(rounds: u64) -> Result<(), KdfOutOfBounds> {
    KEEPASS_AES_ROUNDS.check(rounds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn our_own_argon2_settings_and_owasps_minimum_are_accepted() {
        assert!(check_argon2(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM).is_ok());
        assert!(check_argon2(19 * 1024, 2, 1).is_ok());
        assert!(check_argon2(256 * 1024, 3, 4).is_ok());
    }

    #[test]
    fn argon2_outside_the_bounds_names_the_parameter() {
        let cases = [
            ((8, 1, 1), "memory_kib"),
            ((19 * 1024 - 1, 2, 1), "memory_kib"),
            ((4 * 1024 * 1024, 100, 16), "memory_kib"),
            ((64 * 1024, 1, 1), "iterations"),
            ((64 * 1024, 100, 1), "iterations"),
            ((64 * 1024, 3, 0), "parallelism"),
            ((64 * 1024, 3, 16), "parallelism"),
            ((256 * 1024, 12, 1), "memory_kib × iterations"),
        ];
        for ((memory, passes, lanes), parameter) in cases {
            let error = check_argon2(memory, passes, lanes).unwrap_err();
            assert_eq!(
                error.parameter, parameter,
                "m={memory} t={passes} p={lanes}"
            );
        }
    }

    #[test]
    fn aegis_scrypt_bounds_sit_around_what_aegis_writes() {
        assert_eq!(check_aegis_scrypt(1 << 15, 8, 1), Ok(1 << 18));
        assert!(check_aegis_scrypt(1 << 10, 8, 1).is_ok(), "the floor");
        assert!(check_aegis_scrypt(1 << 17, 8, 1).is_ok(), "128 MiB");
        for (n, r, p, parameter) in [
            (1 << 9, 8, 1, "n × r"),
            (16, 1, 1, "n × r"),
            (1 << 18, 8, 1, "n × r"),
            (1 << 62, 1 << 40, 1, "n × r"),
            (1 << 14, 8, 64, "n × r × p"),
            (1 << 15, 8, u64::MAX, "n × r × p"),
        ] {
            let error = check_aegis_scrypt(n, r, p).unwrap_err();
            assert_eq!(error.parameter, parameter, "N={n} r={r} p={p}");
        }
    }

    #[test]
    fn and_otp_rounds_are_bounded_around_what_and_otp_writes() {
        assert!(check_and_otp_pbkdf2(140_000).is_ok());
        assert!(check_and_otp_pbkdf2(160_000).is_ok());
        assert!(check_and_otp_pbkdf2(1_000).is_ok(), "the floor");
        for rounds in [0, 999, 640_001, u32::MAX] {
            let error = check_and_otp_pbkdf2(rounds).unwrap_err();
            assert_eq!((error.kdf, error.parameter), ("PBKDF2", "iterations"));
        }
    }

    #[test]
    fn bitwarden_kdf_settings_are_bounded_by_bitwardens_own_limits() {
        assert_eq!(check_bitwarden_pbkdf2(600_000), Ok(600_000));
        assert!(check_bitwarden_pbkdf2(4_999).is_err());
        assert!(check_bitwarden_pbkdf2(2_000_001).is_err());
        assert!(check_bitwarden_pbkdf2(u64::MAX).is_err());
        assert_eq!(check_bitwarden_argon2(64, 3, 4), Ok((64 * 1024, 3, 4)));
        for ((memory, passes, lanes), parameter) in [
            ((15, 3, 4), "kdfMemory"),
            ((1024, 3, 4), "kdfMemory"),
            ((64, 1, 4), "kdfIterations"),
            ((64, 11, 4), "kdfIterations"),
            ((64, 3, 0), "kdfParallelism"),
            ((64, 3, 17), "kdfParallelism"),
            ((256, 10, 4), "kdfMemory × kdfIterations"),
            ((u64::MAX, u64::MAX, 1), "kdfMemory"),
        ] {
            let error = check_bitwarden_argon2(memory, passes, lanes).unwrap_err();
            assert_eq!(
                error.parameter, parameter,
                "m={memory} t={passes} p={lanes}"
            );
        }
    }

    #[test]
    fn ente_argon2_bounds_take_what_ente_writes_and_no_more_work() {
        // Ente's sensitive cost, and the splits a phone short of memory makes.
        assert_eq!(check_ente_argon2(1 << 30, 4), Ok((1 << 20, 4)));
        assert_eq!(check_ente_argon2(256 << 20, 16), Ok((256 << 10, 16)));
        assert_eq!(check_ente_argon2(64 << 20, 64), Ok((64 << 10, 64)));
        assert!(check_ente_argon2(1 << 20, 1).is_ok(), "the floor");
        for (memory, ops, parameter) in [
            ((1 << 20) - 1, 1, "memLimit"),
            ((1 << 30) + 1024, 4, "memLimit"),
            (u64::MAX, 4, "memLimit"),
            (1 << 30, 0, "opsLimit"),
            (1 << 20, 65, "opsLimit"),
            (1 << 30, 5, "memLimit × opsLimit"),
            (512 << 20, 9, "memLimit × opsLimit"),
        ] {
            let error = check_ente_argon2(memory, ops).unwrap_err();
            assert_eq!(error.parameter, parameter, "m={memory} t={ops}");
        }
    }

    #[test]
    fn freeotp_rounds_sit_around_what_freeotp_writes() {
        assert_eq!(check_freeotp_pbkdf2(100_000), Ok(100_000));
        assert_eq!(check_freeotp_pbkdf2(1_000), Ok(1_000));
        for rounds in [0, 999, 1_000_001, u64::MAX] {
            let error = check_freeotp_pbkdf2(rounds).unwrap_err();
            assert_eq!(error.parameter, "mIterations", "{rounds}");
        }
    }

    #[test]
    fn keepass_bounds_take_what_keepass_and_keepassxc_write() {
        assert!(
            check_keepass_argon2(64 << 20, 2, 2).is_ok(),
            "KeePassXC's tests"
        );
        assert!(check_keepass_argon2(64 << 20, 40, 8).is_ok());
        assert!(
            check_keepass_argon2(1 << 20, 2, 2).is_ok(),
            "KeePass's default"
        );
        assert!(check_keepass_aes(60_000).is_ok() && check_keepass_aes(50_000_000).is_ok());
        for ((memory, passes, lanes), parameter) in [
            ((1 << 19, 2, 2), "M"),
            ((16 << 30, 2, 2), "M"),
            ((64 << 20, 0, 2), "I"),
            ((64 << 20, 1000, 2), "I"),
            ((64 << 20, 2, 0), "P"),
            ((1 << 30, 10, 2), "M × I"),
        ] {
            let error = check_keepass_argon2(memory, passes, lanes).unwrap_err();
            assert_eq!(
                error.parameter, parameter,
                "M={memory} I={passes} P={lanes}"
            );
        }
        assert_eq!(check_keepass_aes(u64::MAX).unwrap_err().parameter, "R");
        assert_eq!(check_keepass_aes(10).unwrap_err().parameter, "R");
    }

    #[test]
    fn the_refusal_is_worded_with_the_parameter_in_every_language() {
        let error = check_argon2(4 * 1024 * 1024, 3, 1).unwrap_err();
        for language in Language::ALL {
            let text = error.localized(language);
            assert!(text.contains("memory_kib"), "{language:?}: {text}");
            assert!(text.contains("4194304"), "{language:?}: {text}");
            assert!(text.contains("262144"), "{language:?}: {text}");
        }
    }
}
