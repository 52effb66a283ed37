//! The code oracle: `oathtool` (OATH Toolkit), an implementation independent
//! of ours. The secret goes to it on standard input, so it never shows in
//! the process list. A missing `oathtool` fails the test, never skips it, so
//! a test can never pass unchecked.

use std::io::Write;
use std::process::{Command, Stdio};

/// Moments codes are compared at: within the first period, RFC 6238's
/// test times, and far beyond 2038.
pub const TIMES: [u64; 5] = [
    59,
    1_111_111_109,
    1_234_567_890,
    2_000_000_000,
    20_000_000_000,
];

/// What `oathtool <args> -` prints for the base32 secret `secret`, trimmed.
pub fn oathtool(args: &[&str], secret: &str) -> String {
    let mut child = Command::new("oathtool")
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| {
            panic!(
                "cannot run oathtool ({error}). Install it to run this test: \
                 `sudo apt-get install oathtool` (Debian/Ubuntu; scripts/setup.sh does), \
                 `brew install oath-toolkit` (macOS). CI installs it; the test \
                 fails instead of skipping so it can never pass unchecked."
            )
        });
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin
        .write_all(secret.as_bytes())
        .expect("write the secret to oathtool");
    drop(stdin);
    let output = child.wait_with_output().expect("oathtool runs");
    assert!(
        output.status.success(),
        "oathtool {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("oathtool prints ASCII")
        .trim()
        .to_owned()
}

/// The TOTP code at `time` (seconds since the epoch) with `algorithm`
/// ("SHA1", "SHA256" or "SHA512", as oathtool names them), `digits` digits
/// and a step of `period` seconds.
pub fn oathtool_totp(secret: &str, algorithm: &str, digits: u8, period: u64, time: u64) -> String {
    oathtool(
        &[
            &format!("--totp={algorithm}"),
            "-b",
            "-d",
            &digits.to_string(),
            "-s",
            &format!("{period}s"),
            "--now",
            &format!("@{time}"),
        ],
        secret,
    )
}

/// The everyday TOTP code (SHA-1, 6 digits, 30 seconds) at `time`.
pub fn oathtool_default_totp(secret: &str, time: u64) -> String {
    oathtool_totp(secret, "SHA1", 6, 30, time)
}

/// The HOTP code at `counter` with `algorithm` and `digits`. oathtool's
/// `--hotp` is SHA-1 only; for another hash this asks for TOTP with a
/// one-second step at time `counter`, which RFC 6238 defines to be HOTP at
/// that counter.
pub fn oathtool_hotp(secret: &str, algorithm: &str, digits: u8, counter: u64) -> String {
    if algorithm == "SHA1" {
        oathtool(
            &[
                "--hotp",
                "-b",
                "-d",
                &digits.to_string(),
                "-c",
                &counter.to_string(),
            ],
            secret,
        )
    } else {
        oathtool_totp(secret, algorithm, digits, 1, counter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4226 Appendix D and RFC 6238 Appendix B: the oracle is asked
    /// the right question.
    #[test]
    fn the_oracle_gives_the_rfc_codes() {
        let sha1 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(oathtool_hotp(sha1, "SHA1", 6, 0), "755224");
        assert_eq!(oathtool_hotp(sha1, "SHA1", 6, 9), "520489");
        assert_eq!(oathtool_default_totp(sha1, 59), "287082");
        assert_eq!(oathtool_totp(sha1, "SHA1", 8, 30, 59), "94287082");
        let sha256 = data_encoding::BASE32_NOPAD.encode(b"12345678901234567890123456789012");
        assert_eq!(oathtool_totp(&sha256, "SHA256", 8, 30, 59), "46119246");
        // HOTP with SHA-256 at counter 1 = TOTP at 59 s with a 30 s step.
        assert_eq!(oathtool_hotp(&sha256, "SHA256", 8, 1), "46119246");
    }
}
