//! The correctness oracle shared by the core's integration tests: the
//! `oathtool` binary, given the secret on standard input so it never shows in
//! the process list.

use std::io::Write;
use std::process::{Command, Stdio};

use safekeep_core::otp::OtpSecret;

/// What `oathtool <args> -` prints for `secret`. Fails, never skips, when
/// oathtool is missing, so these tests can never pass unchecked.
pub fn oathtool(args: &[String], secret: &OtpSecret) -> String {
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
                 `sudo apt-get install oathtool` (Debian/Ubuntu), \
                 `brew install oath-toolkit` (macOS). CI installs it; the test \
                 fails instead of skipping so it can never pass unchecked."
            )
        });
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin
        .write_all(secret.to_base32().as_bytes())
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
