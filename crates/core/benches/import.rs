//! How long reading and merging a large import takes: a 10,000-entry
//! otpauth list, a 1,000-entry Aegis export (plain, so no KDF is timed), a
//! 10,000-entry andOTP backup (a JSON list, as most app exports are), plain
//! and encrypted (with the fewest PBKDF2 rounds the reader takes, so the
//! decryption and not the KDF is timed), 10,000 entries of each other plain
//! format: FreeOTP+, Authenticator Pro, Bitwarden CSV, Proton, LastPass,
//! Raivo (its list, and its archive) and WinAuth's zip; and a 10,000-entry
//! encrypted Authenticator Pro backup (whose Argon2id, fixed by the app, is
//! timed), a 10,000-item password-protected Bitwarden export (PBKDF2 of
//! 5,000 rounds, Bitwarden's least), a 10,000-entry TOTP Authenticator
//! backup, and SDA's maFiles folder of 10,000 maFiles, zipped (plain). The
//! archives are timed with their encryption where it has no key derivation
//! (WinAuth's ZipCrypto) and unencrypted where it has one (Raivo's AES,
//! whose PBKDF2 the issue leaves out of the budget). Authy's token file of
//! 10,000 accounts (XML around JSON), a 10,000-entry Ente Auth encrypted
//! export at the least Argon2 cost accepted (1 MiB, one pass), a
//! 10,000-entry KeePass database at the least AES-KDF cost accepted (1,000
//! rounds) and a 10,000-token FreeOTP backup at its least PBKDF2 cost
//! accepted (1,000 rounds) time the decryption and the reading, not the KDF.

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safekeep_core::account::Account;
use safekeep_core::formats::{self, Format, aegis, otpauth_list};
use safekeep_core::vault::VaultContents;
use serde_json::{Value, json};

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
    let authy_file = authy_tokens(&common::accounts(10_000));
    group.bench_function("authy-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(&authy_file, Some(Format::Authy), None)
                .expect("an Authy token file reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    let ente_file = ente_export(&list, "bench password");
    group.bench_function("ente-10000/read+merge", |b| {
        b.iter(|| {
            let restored =
                formats::restore(&ente_file, Some(Format::EnteAuth), Some("bench password"))
                    .expect("an Ente export reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    let keepass_file = keepass_database(&common::accounts(10_000), "bench password");
    group.bench_function("keepass-10000/read+merge", |b| {
        b.iter(|| {
            let restored =
                formats::restore(&keepass_file, Some(Format::KeePass), Some("bench password"))
                    .expect("a KeePass database reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    let free_otp_file = free_otp_backup(&common::accounts(10_000), "bench password");
    group.bench_function("freeotp-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(
                &free_otp_file,
                Some(Format::FreeOtp),
                Some("bench password"),
            )
            .expect("a FreeOTP backup reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    group.bench_function("sda-mafiles-zip-10000/read+merge", |b| {
        b.iter(|| {
            let restored = formats::restore(&steam_folder, Some(Format::SteamMaFile), None)
                .expect("a zipped maFiles folder reads");
            let mut contents = VaultContents::default();
            black_box(formats::merge_into(&mut contents, restored))
        })
    });

    let accounts = common::accounts(10_000);
    let cases = [
        (
            "freeotp-plus-10000",
            Format::FreeOtpPlus,
            free_otp_plus_export(&accounts),
            None,
        ),
        (
            "authenticator-pro-10000",
            Format::AuthenticatorPro,
            authenticator_pro_plain(&accounts),
            None,
        ),
        (
            "bitwarden-csv-10000",
            Format::BitwardenCsv,
            bitwarden_csv_export(&accounts),
            None,
        ),
        (
            "proton-10000",
            Format::Proton,
            proton_export(&accounts),
            None,
        ),
        (
            "lastpass-10000",
            Format::LastPass,
            lastpass_export(&accounts),
            None,
        ),
        ("raivo-10000", Format::Raivo, raivo_list(&accounts), None),
        (
            "raivo-zip-10000",
            Format::Raivo,
            zipped("raivo-otp-export.json", &raivo_list(&accounts), None),
            None,
        ),
        (
            "winauth-zip-10000",
            Format::WinAuth,
            zipped(
                "export.txt",
                otpauth_list::export(&accounts).as_bytes(),
                Some(ZIP_PASSWORD),
            ),
            Some(ZIP_PASSWORD),
        ),
    ];
    for (name, format, file, password) in cases {
        group.bench_function(format!("{name}/read+merge"), |b| {
            b.iter(|| {
                let restored = formats::restore(&file, Some(format), password)
                    .unwrap_or_else(|error| panic!("{name} reads: {error:?}"));
                assert_eq!(restored.accounts.len(), 10_000, "{name}");
                let mut contents = VaultContents::default();
                black_box(formats::merge_into(&mut contents, restored))
            })
        });
    }
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

/// The secret, settings and names of a generated account, as the
/// generators below write them (every generated account is everyday TOTP).
fn parts(account: &Account) -> (String, &str, u8) {
    let otp = account.otp.as_ref().expect("generated accounts have codes");
    (
        otp.secret.to_base32().to_string(),
        otp.algorithm.as_str(),
        otp.digits,
    )
}

/// `accounts` as FreeOTP+'s JSON export writes them (secrets as Java bytes).
fn free_otp_plus_export(accounts: &[Account]) -> Vec<u8> {
    let tokens: Vec<Value> = accounts
        .iter()
        .map(|account| {
            let otp = account.otp.as_ref().expect("generated accounts have codes");
            let java_bytes: Vec<i8> = otp.secret.as_bytes().iter().map(|&b| b as i8).collect();
            json!({
                "algo": otp.algorithm.as_str(), "counter": 0, "digits": otp.digits,
                "issuerExt": account.issuer, "label": account.label, "period": 30,
                "secret": java_bytes, "type": "TOTP",
            })
        })
        .collect();
    let order: Vec<String> = accounts
        .iter()
        .map(|account| format!("{}:{}", account.issuer, account.label))
        .collect();
    serde_json::to_vec(&json!({"tokens": tokens, "tokenOrder": order})).expect("JSON")
}

/// `accounts` as Authenticator Pro's plain backup writes them.
fn authenticator_pro_plain(accounts: &[Account]) -> Vec<u8> {
    let authenticators: Vec<Value> = accounts
        .iter()
        .enumerate()
        .map(|(ranking, account)| {
            let (secret, _, digits) = parts(account);
            json!({
                "Type": 2, "Icon": null, "Issuer": account.issuer, "Username": account.label,
                "Secret": secret, "Pin": null, "Algorithm": 0, "Digits": digits,
                "Period": 30, "Counter": 0, "Ranking": ranking, "CopyCount": 0,
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "Authenticators": authenticators, "Categories": [],
        "AuthenticatorCategories": [], "CustomIcons": [],
    }))
    .expect("JSON")
}

/// `accounts` as Bitwarden's CSV export writes them, each key a link.
fn bitwarden_csv_export(accounts: &[Account]) -> Vec<u8> {
    let mut csv = String::from(
        "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\r\n",
    );
    for account in accounts {
        let otp = account.otp.as_ref().expect("generated accounts have codes");
        let link = safekeep_core::otp::to_otpauth_uri(&account.issuer, &account.label, otp);
        csv += &format!(
            "Work,,login,{},,,0,https://example.org,{},hunter2,{}\r\n",
            account.issuer,
            account.label,
            link.as_str()
        );
    }
    csv.into_bytes()
}

/// `accounts` as Proton Authenticator's plain export writes them.
fn proton_export(accounts: &[Account]) -> Vec<u8> {
    let entries: Vec<Value> = accounts
        .iter()
        .enumerate()
        .map(|(index, account)| {
            let otp = account.otp.as_ref().expect("generated accounts have codes");
            let link = safekeep_core::otp::to_otpauth_uri(&account.issuer, &account.label, otp);
            json!({
                "id": format!("00000000-0000-4000-8000-{index:012}"),
                "content": {"uri": link.as_str(), "entry_type": "Totp", "name": account.label},
                "note": null,
            })
        })
        .collect();
    serde_json::to_vec(&json!({"version": 1, "entries": entries})).expect("JSON")
}

/// `accounts` as LastPass Authenticator's export writes them.
fn lastpass_export(accounts: &[Account]) -> Vec<u8> {
    let list: Vec<Value> = accounts
        .iter()
        .map(|account| {
            let (secret, algorithm, digits) = parts(account);
            json!({
                "accountID": "", "issuerName": account.issuer, "originalIssuerName": "",
                "userName": account.label, "originalUserName": "", "pushNotification": false,
                "secret": secret, "timeStep": 30, "digits": digits,
                "creationTimestamp": 1_700_000_000_000_i64, "isFavorite": false,
                "algorithm": algorithm, "folderData": null, "backupInfo": null,
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "deviceId": "", "deviceSecret": "", "localDeviceId": "", "deviceName": "",
        "version": 3, "accounts": list, "folders": [],
    }))
    .expect("JSON")
}

/// `accounts` as Raivo's export list writes them (every value a string).
fn raivo_list(accounts: &[Account]) -> Vec<u8> {
    let entries: Vec<Value> = accounts
        .iter()
        .map(|account| {
            let (secret, algorithm, digits) = parts(account);
            json!({
                "kind": "TOTP", "algorithm": algorithm, "timer": "30",
                "digits": digits.to_string(), "counter": "0", "issuer": account.issuer,
                "account": account.label, "secret": secret, "iconType": "",
                "iconValue": "", "pinned": "false",
            })
        })
        .collect();
    serde_json::to_vec(&entries).expect("JSON")
}

/// The password of the benchmarks' ZipCrypto archive.
const ZIP_PASSWORD: &str = "benchmark password";

/// A zip archive holding `contents` as `name`, deflated, and encrypted with
/// ZipCrypto (WinAuth's) when a password is given.
fn zipped(name: &str, contents: &[u8], password: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    use zip::unstable::write::FileOptionsExt;
    use zip::write::SimpleFileOptions;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let options = match password {
        Some(password) => options
            .with_deprecated_encryption(password.as_bytes())
            .expect("ZipCrypto takes any password"),
        None => options,
    };
    writer.start_file(name, options).expect("a file starts");
    writer.write_all(contents).expect("memory takes it");
    writer.finish().expect("the archive ends").into_inner()
}

/// `accounts` as FreeOTP 2 backs them up: a Java-serialized
/// `HashMap<String, String>` holding a master key sealed under PBKDF2-SHA1
/// of the password (1,000 rounds) and, per token, its secret sealed under
/// the master key and its settings.
fn free_otp_backup(accounts: &[safekeep_core::account::Account], password: &str) -> Vec<u8> {
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    /// FreeOTP's `EncryptedKey`: AES-GCM, the nonce in DER, `token` as the
    /// associated data; Java's bytes are signed.
    fn sealed(key: &[u8; 32], nonce: [u8; 12], plaintext: &[u8], token: &str) -> serde_json::Value {
        let sealed = aes_gcm::Aes256Gcm::new(key.into())
            .encrypt(
                (&nonce).into(),
                Payload {
                    msg: plaintext,
                    aad: token.as_bytes(),
                },
            )
            .expect("AES-GCM");
        let mut parameters = vec![0x04, 12];
        parameters.extend_from_slice(&nonce);
        let signed = |bytes: &[u8]| bytes.iter().map(|&byte| byte as i8).collect::<Vec<_>>();
        serde_json::json!({
            "mCipher": "AES/GCM/NoPadding",
            "mCipherText": signed(&sealed),
            "mParameters": signed(&parameters),
            "mToken": token,
        })
    }
    let salt = [9u8; 32];
    let mut password_key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), &salt, 1_000, &mut password_key);
    let master_key = [5u8; 32];
    let mut master = sealed(&password_key, [1; 12], &master_key, "AES");
    master = serde_json::json!({
        "mAlgorithm": "PBKDF2withHmacSHA1",
        "mIterations": 1_000,
        "mSalt": salt.iter().map(|&byte| byte as i8).collect::<Vec<_>>(),
        "mEncryptedKey": master,
    });
    let mut entries = vec![("masterKey".to_owned(), master.to_string())];
    for (index, account) in accounts.iter().enumerate() {
        let otp = account.otp.as_ref().expect("generated accounts have codes");
        let uuid = format!("00000000-0000-4000-8000-{index:012}");
        let mut nonce = [0u8; 12];
        nonce[..8].copy_from_slice(&(index as u64).to_be_bytes());
        let key = sealed(&master_key, nonce, otp.secret.as_bytes(), "HmacSHA1");
        entries.push((
            uuid.clone(),
            serde_json::json!({"key": key.to_string()}).to_string(),
        ));
        let settings = serde_json::json!({
            "algo": "SHA1", "digits": otp.digits, "period": 30, "type": "TOTP",
            "issuerExt": account.issuer.as_str(), "label": account.label.as_str(),
        });
        entries.push((format!("{uuid}-token"), settings.to_string()));
    }
    // ObjectOutputStream of a HashMap: header, class description (fields
    // loadFactor and threshold), their values, then capacity, size and the
    // strings in a block of custom data.
    let mut bytes = vec![0xAC, 0xED, 0x00, 0x05, 0x73, 0x72, 0x00, 17];
    bytes.extend_from_slice(b"java.util.HashMap");
    bytes.extend_from_slice(&362_498_820_763_181_265i64.to_be_bytes());
    bytes.extend_from_slice(&[0x03, 0x00, 0x02]);
    for (kind, name) in [(b'F', "loadFactor"), (b'I', "threshold")] {
        bytes.push(kind);
        bytes.extend_from_slice(&(name.len() as u16).to_be_bytes());
        bytes.extend_from_slice(name.as_bytes());
    }
    bytes.extend_from_slice(&[0x78, 0x70]);
    bytes.extend_from_slice(&0.75f32.to_be_bytes());
    bytes.extend_from_slice(&(entries.len() as i32).to_be_bytes());
    bytes.extend_from_slice(&[0x77, 8]);
    bytes.extend_from_slice(&(entries.len().next_power_of_two() as i32).to_be_bytes());
    bytes.extend_from_slice(&(entries.len() as i32).to_be_bytes());
    for (key, value) in &entries {
        for string in [key, value] {
            bytes.push(0x74);
            bytes.extend_from_slice(&(string.len() as u16).to_be_bytes());
            bytes.extend_from_slice(string.as_bytes());
        }
    }
    bytes.push(0x78);
    bytes
}

/// `accounts` as KeePassXC keeps them: an entry each, titled by the site,
/// with the user name and the `otp` link; AES-KDF at 1,000 rounds.
fn keepass_database(accounts: &[safekeep_core::account::Account], password: &str) -> Vec<u8> {
    use keepass::config::KdfConfig;
    use keepass::{Database, DatabaseKey};
    let mut database = Database::new();
    database.config.kdf_config = KdfConfig::Aes { rounds: 1_000 };
    {
        let mut root = database.root_mut();
        for account in accounts {
            let otp = account.otp.as_ref().expect("generated accounts have codes");
            let link = safekeep_core::otp::to_otpauth_uri(&account.issuer, &account.label, otp);
            let mut entry = root.add_entry();
            entry.set_unprotected("Title", account.issuer.as_str());
            entry.set_unprotected("UserName", account.label.as_str());
            entry.set_protected("otp", link.as_str());
        }
    }
    let mut bytes = Vec::new();
    database
        .save(&mut bytes, DatabaseKey::new().with_password(password))
        .expect("the keepass crate writes KDBX 4");
    bytes
}

/// `accounts` as Authy keeps them in its token file: a JSON list inside a
/// SharedPreferences string, quotes escaped.
fn authy_tokens(accounts: &[safekeep_core::account::Account]) -> Vec<u8> {
    let tokens: Vec<serde_json::Value> = accounts
        .iter()
        .map(|account| {
            let otp = account.otp.as_ref().expect("generated accounts have codes");
            serde_json::json!({
                "accountType": "authenticator",
                "decryptedSecret": otp.secret.to_base32().as_str(),
                "digits": otp.digits,
                "originalIssuer": account.issuer.as_str(),
                "name": format!("{}: {}", account.issuer, account.label),
            })
        })
        .collect();
    let list = serde_json::to_string(&tokens)
        .expect("JSON")
        .replace('&', "&amp;")
        .replace('"', "&quot;");
    format!(
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n\
         <string name=\"com.authy.storage.tokens.authenticator.key\">{list}</string>\n</map>\n"
    )
    .into_bytes()
}

/// `plain` (an otpauth list) sealed as Ente Auth seals its encrypted export,
/// with libsodium's algorithms as dryoc implements them, at 1 MiB and one
/// pass of Argon2id.
fn ente_export(plain: &str, password: &str) -> Vec<u8> {
    use data_encoding::BASE64;
    use dryoc::classic::crypto_pwhash::{PasswordHashAlgorithm, crypto_pwhash};
    use dryoc::classic::crypto_secretstream_xchacha20poly1305::{
        Header, Key, State, crypto_secretstream_xchacha20poly1305_init_push,
        crypto_secretstream_xchacha20poly1305_push,
    };
    use dryoc::constants::{
        CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_ABYTES,
        CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_TAG_FINAL,
    };
    let salt = [7u8; 16];
    let mut key: Key = [0u8; 32];
    crypto_pwhash(
        &mut key,
        password.as_bytes(),
        &salt,
        1,
        1 << 20,
        PasswordHashAlgorithm::Argon2id13,
    )
    .expect("Argon2id");
    let mut state = State::new();
    let mut header: Header = [0u8; 24];
    crypto_secretstream_xchacha20poly1305_init_push(&mut state, &mut header, &key);
    let mut sealed = vec![0u8; plain.len() + CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_ABYTES];
    crypto_secretstream_xchacha20poly1305_push(
        &mut state,
        &mut sealed,
        plain.as_bytes(),
        None,
        CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_TAG_FINAL,
    )
    .expect("secretstream");
    serde_json::to_vec(&serde_json::json!({
        "version": 1,
        "kdfParams": {"memLimit": 1 << 20, "opsLimit": 1, "salt": BASE64.encode(&salt)},
        "encryptedData": BASE64.encode(&sealed),
        "encryptionNonce": BASE64.encode(&header),
    }))
    .expect("JSON")
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
