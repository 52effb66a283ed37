//! Writes the seed corpora in `fuzz/seeds/<target>/`: a few small, valid
//! inputs per target, so the fuzzer starts from files that get past the
//! first checks. Run again after a format changes:
//!
//! ```text
//! cargo run --locked --manifest-path fuzz/Cargo.toml --example make_seeds
//! ```
//!
//! Every secret is a made-up test value and every password is
//! [`SEED_PASSWORD`]; the key derivation costs are the smallest each format
//! allows, so the targets can open the encrypted seeds quickly.
//!
//! A second run writes the same bytes, so the committed seeds change only
//! when a format does: account ids, Aegis UUIDs and Google's batch id are
//! fixed here instead of random. The vault and backup seeds cannot be, as
//! the core draws their salts and nonces from the system; an existing one
//! is kept while it still opens to the same contents (delete
//! `fuzz/seeds/vault_file/` to make new ones). Every import seed is read
//! back before it is written, so a seed that no longer imports fails here
//! rather than quietly starving its target.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use data_encoding::BASE64;
use safekeep_core::account::{Account, AccountId};
use safekeep_core::backup::{open_backup, seal_backup};
use safekeep_core::formats::{Format, aegis, google, otpauth_list};
use safekeep_core::keychain::MemoryKeychain;
use safekeep_core::otp::{Algorithm, Otp, OtpKind, OtpSecret};
use safekeep_core::text::Notes;
use safekeep_core::tokens::BatchMode;
use safekeep_core::vault::{CreateOptions, KdfParams, Vault, VaultContents, VaultLocation};
use safekeep_fuzz::{SEED_PASSWORD, migration_link, vault_kdf_is_cheap};
use safekeep_testkit::app_files::{self, Draw, ScryptCost};
use safekeep_testkit::qr::{ImageFormat, picture_of_qr_codes};
use serde_json::{Value, json};

/// Base32 of "fuzz-seed-secret-1" and friends: test values, not anyone's key.
const SECRET: &str = "MZ2XU6RNONSWKZBNONSWG4TFOQWTC";
const OTHER_SECRET: &str = "JBSWY3DPEHPK3PXP";

fn main() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let accounts = accounts();
    let contents = VaultContents {
        accounts: accounts.clone(),
        ..VaultContents::default()
    };

    let otpauth_text = otpauth_list::export(&accounts).to_string();
    let links: Vec<String> = google::export_migration_uris(&accounts)
        .iter()
        .map(|link| migration_link(&with_batch_id(&payload_of(link), BATCH_ID)))
        .collect();
    let google_text = links.join("\n");
    let aegis_plain = fixed_aegis_uuids(&aegis::export_plain(&accounts));
    let aegis_encrypted = aegis_encrypted(&aegis_plain);
    let two_fas_plain = two_fas(&two_fas_services(), None);
    let two_fas_encrypted = two_fas(
        &json!([]),
        Some(two_fas_seal(
            &serde_json::to_vec(&two_fas_services()).unwrap(),
        )),
    );
    let bitwarden = bitwarden();
    let bitwarden_protected = serde_json::to_vec_pretty(&app_files::bitwarden_password_protected(
        &bitwarden,
        SEED_PASSWORD,
        app_files::BitwardenKdf::Pbkdf2 { iterations: 5_000 },
        Draw::Fixed,
    ))
    .unwrap();
    let and_otp = and_otp();
    let and_otp_encrypted = app_files::and_otp_encrypted(&and_otp, SEED_PASSWORD, 1_000, Draw::Fixed);
    let free_otp_plus = free_otp_plus();
    let authenticator_pro = authenticator_pro();
    let bitwarden_csv = bitwarden_csv();
    let proton = proton();
    let lastpass = lastpass();
    let steam_mafile = steam_mafile();
    let steam_folder = app_files::sda_ma_files_zip(
        &[("76561198000000000.maFile", steam_mafile.clone())],
        None,
        Draw::Fixed,
    );
    let raivo = raivo();
    let win_auth_zip = win_auth_zip(otpauth_text.as_bytes());
    let raivo_zip = raivo_zip(&raivo);
    let totp_authenticator = app_files::totp_authenticator_encrypted(
        &json!([{"issuer": "Fuzz", "name": "seed", "base": 32, "key": SECRET,
                 "digits": "6", "period": "30"}]),
        SEED_PASSWORD,
    );
    let qr_png = qr_picture(accounts_link(&otpauth_text), ImageFormat::Png);
    let qr_migration_png = qr_picture(&links[0], ImageFormat::Png);
    let qr_jpeg = qr_picture(accounts_link(&otpauth_text), ImageFormat::Jpeg);

    for (format, bytes) in [
        (Format::OtpauthList, otpauth_text.as_bytes()),
        (Format::GoogleMigration, google_text.as_bytes()),
        (Format::Aegis, aegis_plain.as_bytes()),
        (Format::Aegis, &aegis_encrypted),
        (Format::TwoFas, &two_fas_plain),
        (Format::TwoFas, &two_fas_encrypted),
        (Format::Bitwarden, &bitwarden),
        (Format::Bitwarden, &bitwarden_protected),
        (Format::AndOtp, &and_otp),
        (Format::AndOtp, &and_otp_encrypted),
        (Format::FreeOtpPlus, &free_otp_plus),
        (Format::AuthenticatorPro, &authenticator_pro),
        (Format::BitwardenCsv, &bitwarden_csv),
        (Format::Proton, &proton),
        (Format::LastPass, &lastpass),
        (Format::SteamMaFile, &steam_mafile),
        (Format::SteamMaFile, &steam_folder),
        (Format::Raivo, &raivo),
        (Format::Raivo, &raivo_zip),
        (Format::WinAuth, &win_auth_zip),
        (Format::TotpAuthenticator, totp_authenticator.as_bytes()),
        (Format::QrImage, &qr_png),
        (Format::QrImage, &qr_migration_png),
        (Format::QrImage, &qr_jpeg),
    ] {
        check_imports(format, bytes);
    }

    let opens_to_contents = |bytes: &[u8]| {
        vault_kdf_is_cheap(bytes)
            && open_backup(bytes, SEED_PASSWORD).is_ok_and(|opened| opened == contents)
    };
    let backup = kept_or_made(
        &seeds.join("vault_file/backup.skb"),
        opens_to_contents,
        || seal_backup(&contents, SEED_PASSWORD, KdfParams::cheap_for_tests()).unwrap(),
    );
    // A vault's save marks its accounts changed since the last backup, so
    // only the accounts are compared for it.
    let vault = kept_or_made(
        &seeds.join("vault_file/vault.skv"),
        |bytes| {
            vault_kdf_is_cheap(bytes)
                && open_backup(bytes, SEED_PASSWORD)
                    .is_ok_and(|opened| opened.accounts == contents.accounts)
        },
        || vault_file(&contents),
    );
    write(&seeds, "vault_file", "backup.skb", &backup);
    write(&seeds, "vault_file", "vault.skv", &vault);
    write(
        &seeds,
        "vault_file",
        "header-only",
        &backup[..backup.len() / 2],
    );

    write(
        &seeds,
        "vault_contents",
        "contents.json",
        &serde_json::to_vec(&contents).unwrap(),
    );
    write(&seeds, "vault_contents", "empty.json", b"{\"accounts\":[]}");

    for (index, line) in otpauth_text.lines().enumerate() {
        write(
            &seeds,
            "otpauth_uri",
            &format!("link-{index}"),
            line.as_bytes(),
        );
    }
    write(
        &seeds,
        "otpauth_uri",
        "by-hand",
        format!("otpauth://totp/Example%20Site%3A%20someone@example.com?SECRET={OTHER_SECRET}&Issuer=Example+Site&encoder=steam").as_bytes(),
    );

    for (index, link) in links.iter().enumerate() {
        write(
            &seeds,
            "google_protobuf",
            &format!("batch-{index}"),
            &payload_of(link),
        );
    }
    write(
        &seeds,
        "google_migration",
        "export.txt",
        google_text.as_bytes(),
    );
    write(
        &seeds,
        "google_migration",
        "mixed.txt",
        format!(
            "{}\n# a note\n{}\n",
            links[0],
            otpauth_text.lines().next().unwrap()
        )
        .as_bytes(),
    );

    write(
        &seeds,
        "otpauth_list",
        "export.txt",
        otpauth_text.as_bytes(),
    );
    write(&seeds, "otpauth_list", "utf16.txt", &utf16(&otpauth_text));
    write(
        &seeds,
        "otpauth_list",
        "notes.txt",
        format!(
            "\u{feff}# Ente Auth\r\n\r\n{}\r\nnot a link\r\n",
            otpauth_text.lines().last().unwrap()
        )
        .as_bytes(),
    );

    write(&seeds, "aegis", "plain.json", aegis_plain.as_bytes());
    write(&seeds, "aegis", "encrypted.json", &aegis_encrypted);
    write(&seeds, "two_fas", "plain.2fas", &two_fas_plain);
    write(&seeds, "two_fas", "encrypted.2fas", &two_fas_encrypted);
    write(&seeds, "bitwarden", "export.json", &bitwarden);
    write(&seeds, "bitwarden", "password-protected.json", &bitwarden_protected);
    write(&seeds, "and_otp", "backup.json", &and_otp);
    write(&seeds, "and_otp", "encrypted.json.aes", &and_otp_encrypted);
    write(&seeds, "free_otp_plus", "export.json", &free_otp_plus);
    write(&seeds, "authenticator_pro", "backup.authpro", &authenticator_pro);
    write(&seeds, "bitwarden_csv", "export.csv", &bitwarden_csv);
    write(&seeds, "proton", "export.json", &proton);
    write(&seeds, "lastpass", "export.json", &lastpass);
    write(&seeds, "steam_mafile", "account.maFile", &steam_mafile);
    write(&seeds, "steam_mafile", "maFiles.zip", &steam_folder);
    write(&seeds, "raivo", "raivo-otp-export.json", &raivo);
    write(&seeds, "zip_archives", "winauth.zip", &win_auth_zip);
    write(&seeds, "zip_archives", "raivo.zip", &raivo_zip);
    write(&seeds, "totp_authenticator", "backup.bin", totp_authenticator.as_bytes());
    write(&seeds, "qr_image", "link.png", &qr_png);
    write(&seeds, "qr_image", "migration.png", &qr_migration_png);
    write(&seeds, "qr_image", "link.jpg", &qr_jpeg);

    for (name, bytes) in [
        ("otpauth.txt", otpauth_text.as_bytes()),
        ("google.txt", google_text.as_bytes()),
        ("aegis.json", aegis_plain.as_bytes()),
        ("aegis-encrypted.json", &aegis_encrypted),
        ("two_fas.2fas", &two_fas_plain),
        ("two_fas-encrypted.2fas", &two_fas_encrypted),
        ("bitwarden.json", &bitwarden),
        ("and_otp.json", &and_otp),
        ("free_otp_plus.json", &free_otp_plus),
        ("authenticator_pro.authpro", &authenticator_pro),
        ("bitwarden.csv", &bitwarden_csv),
        ("proton.json", &proton),
        ("lastpass.json", &lastpass),
        ("account.maFile", &steam_mafile),
        ("raivo-otp-export.json", &raivo),
        ("qr.png", &qr_png),
    ] {
        write(&seeds, "import_any", name, bytes);
    }

    write(
        &seeds,
        "backup_tokens",
        "numbered.txt",
        b"Backup codes for example.com\n1. ab12-cd34\n2. ef56-gh78\n3. ij90-kl12\nKeep them safe.\n",
    );
    write(
        &seeds,
        "backup_tokens",
        "google.txt",
        b"1234 5678    2345 6789\n3456 7890    4567 8901\n",
    );
    write(
        &seeds,
        "backup_tokens",
        "columns.txt",
        b"\xe2\x80\xa2 ABCD-EFGH-IJKL, MNOP-QRST-UVWX; \"1a2b3c4d5e\" | (4) 9z8y7x6w5v\n",
    );
}

/// One account of each kind, with a backup token list, notes and a tag.
fn accounts() -> Vec<Account> {
    let secret = || OtpSecret::from_base32(SECRET).unwrap();
    let other = || OtpSecret::from_base32(OTHER_SECRET).unwrap();
    let mut totp = Account::new(
        "Example Site",
        "someone@example.com",
        Some(Otp::totp(secret())),
        1,
    )
    .unwrap();
    totp.notes = Notes::new("recovery: see paper").unwrap();
    totp.add_tag("work").unwrap();
    totp.backup_tokens
        .add_batch("ab12-cd34\nef56-gh78", BatchMode::Append, 1)
        .unwrap();
    totp.backup_tokens.mark_used("ab12-cd34", 2).unwrap();
    let hotp = Otp::new(OtpKind::Hotp { counter: 7 }, Algorithm::Sha256, 8, other()).unwrap();
    let steam = Otp::new(OtpKind::Steam, Algorithm::Sha1, 5, secret()).unwrap();
    let sixty = Otp::new(OtpKind::Totp { period: 60 }, Algorithm::Sha512, 7, other()).unwrap();
    let mut accounts = vec![
        totp,
        Account::new("Counter Bank", "me", Some(hotp), 1).unwrap(),
        Account::new("Steam", "player", Some(steam), 1).unwrap(),
        Account::new("", "no-issuer", Some(sixty), 1).unwrap(),
        Account::new("Tokens Only", "me", None, 1).unwrap(),
    ];
    for (number, account) in (1..).zip(&mut accounts) {
        account.id = AccountId::from(fixed_uuid(number).as_str());
    }
    accounts
}

/// A made-up UUID (version 4 layout) numbered `number`.
fn fixed_uuid(number: usize) -> String {
    format!("00000000-0000-4000-8000-{number:012}")
}

/// The batch id every Google seed link carries instead of a random one.
const BATCH_ID: u64 = 20_240_101;

/// Checks that a seed imports as `format` (with [`SEED_PASSWORD`] where it
/// is encrypted): detected as that format, with accounts and no rejections.
fn check_imports(format: Format, bytes: &[u8]) {
    assert_eq!(
        safekeep_core::formats::detect(bytes),
        Some(format),
        "a {format:?} seed is detected as such"
    );
    let restored = safekeep_core::formats::restore(bytes, Some(format), Some(SEED_PASSWORD))
        .unwrap_or_else(|error| panic!("a {format:?} seed imports: {error:?}"));
    // The andOTP and Authenticator Pro seeds hold an mOTP entry on purpose,
    // to reach the readers' refusal of it; nothing else may be refused.
    let refused_on_purpose = |reason: &str| reason == "import-entry-unsupported-type";
    assert!(
        !restored.accounts.is_empty()
            && restored
                .rejected
                .iter()
                .all(|entry| refused_on_purpose(entry.reason_id)),
        "a {format:?} seed imports whole: {:?}",
        restored.rejected
    );
}

/// WinAuth's zip export of `text`, unencrypted: ZipCrypto draws its header
/// from the system, so an encrypted seed would change on every run (the
/// fuzzer reaches the encrypted path by setting the archive's flag).
fn win_auth_zip(text: &[u8]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("export.txt", options).unwrap();
    writer.write_all(text).unwrap();
    writer.finish().unwrap().into_inner()
}

/// Raivo's export archive of `list`, WinZip AES-256 under the seed password,
/// with a fixed salt so that a second run writes the same bytes.
fn raivo_zip(list: &[u8]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .with_aes_encryption_and_salt(SEED_PASSWORD.as_bytes(), zip::AesSalt::Aes256([7; 16]));
    writer.start_file("raivo-otp-export.json", options).unwrap();
    writer.write_all(list).unwrap();
    writer.finish().unwrap().into_inner()
}

/// The file at `path` if `still_good` accepts it, else `make()`.
fn kept_or_made(
    path: &Path,
    still_good: impl Fn(&[u8]) -> bool,
    make: impl FnOnce() -> Vec<u8>,
) -> Vec<u8> {
    match std::fs::read(path) {
        Ok(bytes) if still_good(&bytes) => bytes,
        _ => {
            let bytes = make();
            assert!(still_good(&bytes), "a new seed at {path:?} opens");
            bytes
        }
    }
}

/// An Aegis export with its random entry and group UUIDs replaced by fixed
/// ones, by text so the layout stays exactly as the exporter wrote it.
fn fixed_aegis_uuids(exported: &str) -> String {
    let parsed: Value = serde_json::from_str(exported).unwrap();
    let uuids = ["/db/entries", "/db/groups"]
        .into_iter()
        .flat_map(|list| parsed.pointer(list).unwrap().as_array().unwrap())
        .map(|item| item["uuid"].as_str().unwrap().to_owned());
    let mut text = exported.to_owned();
    for (number, uuid) in (1..).zip(uuids) {
        text = text.replace(&uuid, &fixed_uuid(number));
    }
    text
}

/// A `MigrationPayload` with its batch id (field 5, a varint) set to `id`.
/// Its other top-level fields are varints and length-delimited messages,
/// copied as they are.
fn with_batch_id(payload: &[u8], id: u64) -> Vec<u8> {
    const BATCH_ID_KEY: u64 = 5 << 3;
    let mut patched = Vec::with_capacity(payload.len() + 4);
    let mut rest = payload;
    while !rest.is_empty() {
        let (key, after_key) = read_varint(rest);
        let after_field = match key & 7 {
            0 => read_varint(after_key).1,
            2 => {
                let (length, after_length) = read_varint(after_key);
                &after_length[usize::try_from(length).unwrap()..]
            }
            wire_type => panic!("MigrationPayload has no fields of wire type {wire_type}"),
        };
        if key == BATCH_ID_KEY {
            write_varint(&mut patched, key);
            write_varint(&mut patched, id);
        } else {
            patched.extend_from_slice(&rest[..rest.len() - after_field.len()]);
        }
        rest = after_field;
    }
    patched
}

fn read_varint(bytes: &[u8]) -> (u64, &[u8]) {
    let mut value = 0u64;
    for (index, byte) in bytes.iter().enumerate() {
        value |= u64::from(byte & 0x7f) << (7 * index);
        if byte & 0x80 == 0 {
            return (value, &bytes[index + 1..]);
        }
    }
    panic!("a varint runs off the end of the payload")
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A vault file with a keychain slot and a password slot.
fn vault_file(contents: &VaultContents) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let location = VaultLocation::new(dir.path());
    let mut vault = Vault::create(
        &location,
        Arc::new(MemoryKeychain::new()),
        CreateOptions {
            keychain: true,
            password: Some(SEED_PASSWORD),
            kdf: KdfParams::cheap_for_tests(),
        },
    )
    .unwrap();
    vault
        .update(|stored| -> Result<(), ()> {
            *stored = contents.clone();
            Ok(())
        })
        .unwrap();
    std::fs::read(location.vault_file()).unwrap()
}

fn write(seeds: &Path, target: &str, name: &str, bytes: &[u8]) {
    let dir: PathBuf = seeds.join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// The first `otpauth://` link of an export.
fn accounts_link(otpauth_text: &str) -> &str {
    otpauth_text.lines().next().unwrap()
}

/// The protocol buffer inside a Google export link.
fn payload_of(link: &str) -> Vec<u8> {
    let data = link.split_once("data=").unwrap().1;
    let data = data
        .replace("%2B", "+")
        .replace("%2F", "/")
        .replace("%3D", "=");
    let payload = BASE64.decode(data.as_bytes()).unwrap();
    assert_eq!(
        migration_link(&payload),
        link,
        "the targets build the same link"
    );
    payload
}

fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

/// The plain vault's contents, encrypted as Aegis does with the smallest
/// scrypt settings the reader takes, and fixed keys, salt and nonces (fine
/// for a seed nobody relies on), so a second run writes the same bytes.
fn aegis_encrypted(plain: &str) -> Vec<u8> {
    let plain: Value = serde_json::from_str(plain).unwrap();
    let file = app_files::aegis_encrypted(
        &plain["db"],
        SEED_PASSWORD,
        ScryptCost::CHEAPEST,
        false,
        Draw::Fixed,
    );
    serde_json::to_vec(&file).unwrap()
}

fn two_fas_services() -> Value {
    json!([
        {
            "name": "Example Site",
            "secret": SECRET,
            "otp": {"account": "someone@example.com", "issuer": "Example Site", "digits": 6,
                    "period": 30, "algorithm": "SHA1", "tokenType": "TOTP"},
            "order": {"position": 0},
            "groupId": "group-1",
        },
        {
            "name": "Counter Bank",
            "secret": OTHER_SECRET,
            "otp": {"label": "me", "digits": 8, "counter": 3, "algorithm": "SHA256", "tokenType": "HOTP"},
            "order": {"position": 1},
        },
        {
            "name": "Steam",
            "secret": SECRET,
            "otp": {"account": "player", "tokenType": "STEAM"},
        },
    ])
}

fn two_fas(services: &Value, encrypted: Option<String>) -> Vec<u8> {
    let mut backup = json!({
        "services": services,
        "groups": [{"id": "group-1", "name": "Work"}],
        "schemaVersion": 4,
        "appOrigin": "android",
    });
    if let Some(encrypted) = encrypted {
        backup["servicesEncrypted"] = json!(encrypted);
    }
    serde_json::to_vec(&backup).unwrap()
}

/// `plaintext` encrypted as 2FAS does, with a fixed salt and IV.
fn two_fas_seal(plaintext: &[u8]) -> String {
    app_files::two_fas_seal(plaintext, SEED_PASSWORD, &[0x33u8; 32], Draw::Fixed)
}

fn bitwarden() -> Vec<u8> {
    let item = |name: &str, user: &str, totp: &str| {
        json!({"type": 1, "name": name, "folderId": "folder-1",
               "login": {"username": user, "totp": totp}})
    };
    serde_json::to_vec(&json!({
        "encrypted": false,
        "folders": [{"id": "folder-1", "name": "Work"}],
        "items": [
            item("Example Site", "someone@example.com",
                 &format!("otpauth://totp/Example%20Site:someone?secret={SECRET}&issuer=Example%20Site")),
            item("Steam", "player", &format!("steam://{SECRET}")),
            item("Plain Key", "me", "jbsw y3dp ehpk 3pxp"),
            {"type": 2, "name": "A note", "secureNote": {"type": 0}},
        ],
    }))
    .unwrap()
}

/// An andOTP plain backup: every kind of entry it makes, an old-style
/// `issuer - account` label, and an mOTP entry it is rejected for.
fn and_otp() -> Vec<u8> {
    serde_json::to_vec(&json!([
        {"secret": SECRET, "issuer": "Example Site", "label": "someone", "digits": 6,
         "type": "TOTP", "algorithm": "SHA1", "period": 30, "tags": ["Work"]},
        {"secret": SECRET, "issuer": "Counter", "label": "me", "digits": 8,
         "type": "HOTP", "algorithm": "SHA256", "counter": 7, "tags": []},
        {"secret": SECRET, "issuer": "Steam", "label": "player", "digits": 5,
         "type": "STEAM", "algorithm": "SHA1", "period": 30, "tags": []},
        {"secret": SECRET, "label": "Old App - me", "digits": 6,
         "type": "TOTP", "algorithm": "SHA1", "period": 60},
        {"secret": SECRET, "issuer": "Pin Site", "label": "me", "digits": 6,
         "type": "MOTP", "algorithm": "MD5", "period": 10, "pin": "1234"},
    ]))
    .unwrap()
}

/// A FreeOTP+ JSON export: a renamed TOTP token, a HOTP token and a Steam
/// one, secrets as signed Java bytes.
fn free_otp_plus() -> Vec<u8> {
    let secret: Vec<i8> = b"Hello!\xde\xad\xbe\xef".iter().map(|&b| b as i8).collect();
    serde_json::to_vec(&json!({
        "tokenOrder": ["Example Site:someone", "Counter:me", "Steam:player"],
        "tokens": [
            {"issuerExt": "Example Site", "issuerAlt": "Renamed", "label": "someone",
             "type": "TOTP", "algo": "SHA256", "digits": 8, "period": 60, "counter": 0,
             "secret": secret},
            {"issuerExt": "Counter", "label": "me", "type": "HOTP", "algo": "SHA1",
             "digits": 6, "period": 30, "counter": 7, "secret": secret},
            {"issuerExt": "Steam", "label": "player", "type": "TOTP", "algo": "SHA1",
             "digits": 5, "period": 30, "counter": 0, "secret": secret},
        ],
    }))
    .unwrap()
}

/// An Authenticator Pro plain backup: TOTP in a category, HOTP, Steam, and
/// an mOTP entry it is rejected for.
fn authenticator_pro() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "Authenticators": [
            {"Type": 2, "Issuer": "Example Site", "Username": "someone", "Secret": SECRET,
             "Algorithm": 1, "Digits": 8, "Period": 60, "Counter": 0},
            {"Type": 1, "Issuer": "Counter", "Username": "me", "Secret": OTHER_SECRET,
             "Algorithm": 0, "Digits": 6, "Period": 30, "Counter": 7},
            {"Type": 4, "Issuer": "Steam", "Username": "player", "Secret": SECRET,
             "Algorithm": 0, "Digits": 5, "Period": 30, "Counter": 0},
            {"Type": 3, "Issuer": "Pin Site", "Username": "me", "Secret": "0123456789abcdef",
             "Pin": "1234", "Algorithm": 0, "Digits": 6, "Period": 10, "Counter": 0},
        ],
        "Categories": [{"Id": "c1", "Name": "Work", "Ranking": 0}],
        "AuthenticatorCategories": [{"CategoryId": "c1", "AuthenticatorSecret": SECRET}],
    }))
    .unwrap()
}

/// A Bitwarden CSV export: a link in a folder with a quoted note, a Steam
/// key, a bare secret, and a note without a key.
fn bitwarden_csv() -> Vec<u8> {
    format!(
        "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\r\n\
         Work,,login,Example Site,\"a note, with \"\"quotes\"\"\nand a line break\",,0,https://example.com,someone,hunter2,\
         otpauth://totp/Example%20Site:someone?secret={SECRET}&issuer=Example%20Site\r\n\
         ,,login,Steam,,,0,,player,,steam://{SECRET}\r\n\
         ,,login,Plain Key,,,0,,me,,jbsw y3dp ehpk 3pxp\r\n\
         ,,note,A note,{OTHER_SECRET},,0,,,,"
    )
    .into_bytes()
}

/// A Proton Authenticator plain export: a link with a note, and a Steam key.
fn proton() -> Vec<u8> {
    serde_json::to_vec(&json!({"version": 1, "entries": [
        {"id": "a", "content": {"entry_type": "Totp", "name": "someone",
         "uri": format!("otpauth://totp/Example%20Site:someone?secret={SECRET}&issuer=Example%20Site&algorithm=SHA256&digits=8&period=60")},
         "note": "a note"},
        {"id": "b", "content": {"entry_type": "Steam", "name": "player",
         "uri": format!("steam://{SECRET}")}, "note": null},
    ]}))
    .unwrap()
}

/// A LastPass Authenticator export: a renamed favourite in a folder, and an
/// account named only by its original names.
fn lastpass() -> Vec<u8> {
    serde_json::to_vec(&json!({"version": 3, "deviceSecret": "", "accounts": [
        {"issuerName": "Example Site", "userName": "someone", "secret": SECRET,
         "timeStep": 60, "digits": 8, "algorithm": "SHA256", "isFavorite": true,
         "folderData": {"folderId": 1, "position": 0}},
        {"issuerName": "", "originalIssuerName": "Original", "userName": "",
         "originalUserName": "me", "secret": OTHER_SECRET, "timeStep": 30, "digits": 6,
         "algorithm": "SHA1"},
    ], "folders": [{"id": 1, "name": "Work"}]}))
    .unwrap()
}

/// A Steam Desktop Authenticator maFile, with the fields that are never read.
fn steam_mafile() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "shared_secret": "c3RlYW0gc2hhcmVkIHNlY3JldCE=", "account_name": "player",
        "identity_secret": "aWRlbnRpdHk=", "revocation_code": "R12345",
        "Session": {"SessionID": "abc"},
    }))
    .unwrap()
}

/// Raivo's export list: a pinned TOTP entry and a HOTP one, every value a
/// string.
fn raivo() -> Vec<u8> {
    serde_json::to_vec(&json!([
        {"kind": "TOTP", "algorithm": "SHA256", "timer": "60", "digits": "8", "counter": "0",
         "issuer": "Example Site", "account": "someone", "secret": SECRET, "pinned": "true",
         "iconType": "", "iconValue": ""},
        {"kind": "HOTP", "algorithm": "SHA1", "timer": "30", "digits": "6", "counter": "7",
         "issuer": "Counter", "account": "me", "secret": OTHER_SECRET, "pinned": "false",
         "iconType": "", "iconValue": ""},
    ]))
    .unwrap()
}

/// A small picture of a QR code holding `text`, two pixels per module with a
/// four-module quiet zone.
fn qr_picture(text: &str, format: ImageFormat) -> Vec<u8> {
    picture_of_qr_codes(&[text], 2, format)
}
