//! `safekeep export --format aegis-encrypted` (issue 13, item 4): the file
//! holds no secret in the clear, a weak password is refused as for a backup,
//! a password is never guessed without a terminal, and another vault imports
//! the file with its password, making oathtool's codes.
//!
//! Needs the real Secret Service: run through scripts/test.sh.

use safekeep_testkit::cli::Env;
use safekeep_testkit::oathtool::oathtool_default_totp;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_safekeep");

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const PASSWORD: &str = "violet kettle marches quietly 1987";
const AT: u64 = 1_234_567_890;

#[test]
fn an_encrypted_aegis_export_moves_the_accounts_without_a_plain_file() {
    let source = Env::with_keychain(BIN, "aegis-encrypted-source");
    source.run(&["init"]).ok();
    source
        .run(&[
            "add",
            &format!("otpauth://totp/GitHub:me?secret={SECRET}&issuer=GitHub"),
        ])
        .ok();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("aegis.json");
    let file = file.to_str().unwrap();
    let export = [
        "export",
        "--format",
        "aegis-encrypted",
        "--file-password-stdin",
        "-o",
        file,
    ];

    let weak = source.run_with_stdin(&export, "password1\n");
    assert_ne!(weak.code(), 0, "a weak password is refused");
    assert!(!std::path::Path::new(file).exists());
    // No terminal and no --file-password-stdin: refused, nothing written.
    let unasked = source.run(&["export", "--format", "aegis-encrypted", "-o", file]);
    assert_ne!(unasked.code(), 0);
    assert!(
        unasked.stderr.contains("--file-password-stdin"),
        "{}",
        unasked.stderr
    );

    source
        .run_with_stdin(&export, &format!("{PASSWORD}\n"))
        .ok();
    let written = std::fs::read_to_string(file).unwrap();
    assert!(!written.contains(SECRET) && !written.contains("GitHub"));

    let phone = Env::with_keychain(BIN, "aegis-encrypted-phone");
    phone.run(&["init"]).ok();
    let wrong = phone.run_with_stdin(&["import", file, "--file-password-stdin"], "not it\n");
    assert_ne!(wrong.code(), 0);
    phone
        .run_with_stdin(
            &["import", file, "--file-password-stdin"],
            &format!("{PASSWORD}\n"),
        )
        .ok();
    let code = phone.run(&["code", "GitHub", "--at", &AT.to_string()]);
    assert_eq!(code.ok().trim(), oathtool_default_totp(SECRET, AT));
}
