//! How long reading and merging a large import takes: a 10,000-entry
//! otpauth list, a 1,000-entry Aegis export (plain, so no KDF is timed) and
//! a 10,000-entry andOTP backup (a JSON list, as most app exports are),
//! plain and encrypted (with the fewest PBKDF2 rounds the reader takes, so
//! the decryption and not the KDF is timed), and a 10,000-entry encrypted
//! Authenticator Pro backup (whose Argon2id, fixed by the app, is timed)
//! and a 10,000-item password-protected Bitwarden export (PBKDF2 of 5,000
//! rounds, Bitwarden's least), and a 10,000-entry TOTP Authenticator
//! backup, and SDA's maFiles folder of 10,000 maFiles, zipped (plain).

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safekeep_core::formats::{self, Format, aegis, otpauth_list};
use safekeep_core::vault::VaultContents;

fn imports(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);

    let list = otpauth_list::export(&common::accounts(10_000));
    group.bench_function("otpauth-list-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(list.as_bytes(), Some(Format::OtpauthList), None)
                .expect("our own export reads back");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    let aegis_file = aegis::export_plain(&common::accounts(1_000));
    group.bench_function("aegis-plain-1000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(aegis_file.as_bytes(), Some(Format::Aegis), None)
                .expect("our own export reads back");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    let and_otp_file = and_otp_backup(&common::accounts(10_000));
    group.bench_function("andotp-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(&and_otp_file, Some(Format::AndOtp), None)
                .expect("an andOTP backup reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    let and_otp_encrypted = safekeep_testkit::app_files::and_otp_encrypted(
        &and_otp_file,
        "bench password",
        1_000,
        safekeep_testkit::app_files::Draw::Random,
    );
    group.bench_function("andotp-encrypted-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(
                &and_otp_encrypted,
                Some(Format::AndOtp),
                Some("bench password"),
            )
            .expect("an encrypted andOTP backup reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    // One Argon2id derivation (64 MiB, as Authenticator Pro fixes it) is
    // part of each run: the file cannot be opened without it.
    let authenticator_pro_encrypted = safekeep_testkit::app_files::authenticator_pro_encrypted(
        &authenticator_pro_backup(&common::accounts(10_000)),
        "bench password",
        safekeep_testkit::app_files::Draw::Random,
    );
    group.bench_function("authenticator-pro-encrypted-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(
                &authenticator_pro_encrypted,
                Some(Format::AuthenticatorPro),
                Some("bench password"),
            )
            .expect("an encrypted Authenticator Pro backup reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    // PBKDF2 of 5,000 rounds, the fewest Bitwarden allows: a few
    // milliseconds of each run.
    let bitwarden_protected =
        serde_json::to_vec(&safekeep_testkit::app_files::bitwarden_password_protected(
            &bitwarden_export(&common::accounts(10_000)),
            "bench password",
            safekeep_testkit::app_files::BitwardenKdf::Pbkdf2 { iterations: 5_000 },
            safekeep_testkit::app_files::Draw::Random,
        ))
        .expect("an export serialises");
    group.bench_function("bitwarden-password-protected-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(
                &bitwarden_protected,
                Some(Format::Bitwarden),
                Some("bench password"),
            )
            .expect("a password-protected Bitwarden export reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    // One SHA-256 is all its key derivation.
    let entries: Vec<serde_json::Value> = common::accounts(10_000)
        .iter()
        .map(|account| {
            let otp = account.otp.as_ref().expect("generated accounts have codes");
            serde_json::json!({
                "issuer": account.issuer.as_str(),
                "name": account.label.as_str(),
                "base": 32,
                "key": otp.secret.to_base32().as_str(),
                "digits": otp.digits.to_string(),
                "period": "30",
            })
        })
        .collect();
    let totp_authenticator = safekeep_testkit::app_files::totp_authenticator_encrypted(
        &serde_json::Value::Array(entries),
        "bench password",
    );
    group.bench_function("totp-authenticator-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(
                totp_authenticator.as_bytes(),
                Some(Format::TotpAuthenticator),
                Some("bench password"),
            )
            .expect("a TOTP Authenticator backup reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    // SDA's folder, zipped, plain: an encrypted one costs 50,000 PBKDF2
    // rounds per maFile (SDA's own setting), which would be all this timed.
    let ma_files: Vec<(String, Vec<u8>)> = common::accounts(10_000)
        .iter()
        .enumerate()
        .map(|(index, account)| {
            let otp = account.otp.as_ref().expect("generated accounts have codes");
            let json = serde_json::json!({
                "shared_secret": data_encoding::BASE64.encode(otp.secret.as_bytes()),
                "account_name": account.label.as_str(),
            });
            (
                format!("{index}.maFile"),
                serde_json::to_vec(&json).expect("JSON"),
            )
        })
        .collect();
    let named: Vec<(&str, Vec<u8>)> = ma_files
        .iter()
        .map(|(name, json)| (name.as_str(), json.clone()))
        .collect();
    let steam_folder = safekeep_testkit::app_files::sda_ma_files_zip(
        &named,
        None,
        safekeep_testkit::app_files::Draw::Random,
    );
    group.bench_function("sda-mafiles-zip-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(&steam_folder, Some(Format::SteamMaFile), None)
                .expect("a zipped maFiles folder reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });
    group.finish();
}

/// `accounts` as Bitwarden's plain JSON export writes them.
fn bitwarden_export(accounts: &[safekeep_core::account::Account]) -> Vec<u8> {
    let items: Vec<serde_json::Value> = accounts
        .iter()
        .map(|account| {
            let otp = account.otp.as_ref().expect("generated accounts have codes");
            serde_json::json!({
                "type": 1,
                "name": account.issuer.as_str(),
                "login": {
                    "username": account.label.as_str(),
                    "totp": otp.secret.to_base32().as_str(),
                },
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({"encrypted": false, "items": items}))
        .expect("an export serialises")
}

/// `accounts` as Authenticator Pro's plain backup writes them.
fn authenticator_pro_backup(accounts: &[safekeep_core::account::Account]) -> Vec<u8> {
    let authenticators: Vec<serde_json::Value> = accounts
        .iter()
        .map(|account| {
            let otp = account.otp.as_ref().expect("generated accounts have codes");
            serde_json::json!({
                "Type": 2,
                "Issuer": account.issuer.as_str(),
                "Username": account.label.as_str(),
                "Secret": otp.secret.to_base32().as_str(),
                "Algorithm": 0,
                "Digits": otp.digits,
                "Period": 30,
                "Counter": 0,
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "Authenticators": authenticators }))
        .expect("a backup serialises")
}

/// `accounts` as andOTP's plain backup writes them.
fn and_otp_backup(accounts: &[safekeep_core::account::Account]) -> Vec<u8> {
    let entries: Vec<serde_json::Value> = accounts
        .iter()
        .map(|account| {
            let otp = account.otp.as_ref().expect("generated accounts have codes");
            serde_json::json!({
                "secret": otp.secret.to_base32().as_str(),
                "issuer": account.issuer.as_str(),
                "label": account.label.as_str(),
                "digits": otp.digits,
                "type": "TOTP",
                "algorithm": otp.algorithm.as_str(),
                "period": 30,
                "tags": ["Work"],
            })
        })
        .collect();
    serde_json::to_vec(&entries).expect("a list of objects serialises")
}

criterion_group!(benches, imports);
criterion_main!(benches);
