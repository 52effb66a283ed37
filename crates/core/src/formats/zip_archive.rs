//! Zip containers of other apps' exports (WinAuth's `.zip`, Raivo's export
//! archive): the one place an archive is opened, bounded and decrypted, so
//! each reader only picks the files it wants and reads them as plain files.
//!
//! Bounds come before any inflating: the archive may list at most
//! [`MAX_ARCHIVE_FILES`] files, and the sizes its central directory gives,
//! added up, may not pass [`MAX_IMPORT_BYTES`]; each file is then inflated
//! only up to the size it declares, so a forged size cannot make it larger.
//! A zip bomb is thus refused with its own message before it takes memory.
//!
//! Passwords: the `zip` crate decrypts both kinds of zip encryption.
//!
//! - WinZip AES (Raivo) checks the password against a 2-byte value first,
//!   then authenticates the contents with an HMAC: a wrong password is told
//!   from damage, except for the 1 in 65,536 wrong passwords that pass the
//!   first check, which are then reported as damage.
//! - The old ZipCrypto (WinAuth) has a 1-byte check and no authentication:
//!   1 wrong password in 256 passes it, and the contents then fail their
//!   CRC or do not inflate, which damage does too. That case cannot be told
//!   apart, and its message says both ([`Malformation::WrongPasswordOrDamaged`]).

use std::io::{Cursor, Read};

use zeroize::Zeroizing;
use zip::ZipArchive;
use zip::result::ZipError;

use super::{Format, ImportError, MAX_IMPORT_BYTES, Malformation};

/// The most files an archive may list. An export archive holds one file
/// (two or three with a folder entry); a thousand leaves room for any
/// export, and refuses archives that only list files to take memory.
pub const MAX_ARCHIVE_FILES: usize = 1000;

/// How every zip file starts (a local file header). An empty archive starts
/// with the end record instead, but holds no export either.
const LOCAL_HEADER: &[u8] = b"PK\x03\x04";

/// The end of central directory record's signature, and its least length.
const END_RECORD: &[u8] = b"PK\x05\x06";
const END_RECORD_LEN: usize = 22;

/// The signature of the ZIP64 end record's locator, which stands just before
/// the end record of an archive over 4 GB or 65,535 files.
const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
const ZIP64_LOCATOR_LEN: usize = 20;

/// Whether `bytes` start like a zip archive.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(LOCAL_HEADER)
}

/// Whether `bytes` are a zip archive (within the bounds) listing a file whose
/// name `wanted` accepts: for detection, so it reads no file's contents.
pub(super) fn lists_file(bytes: &[u8], format: Format, wanted: impl Fn(&str) -> bool) -> bool {
    is_zip(bytes)
        && open(bytes, format).is_ok_and(|archive| !files_named(&archive, wanted).is_empty())
}

/// Reads every file of the `format` archive `bytes` whose name `wanted`
/// accepts, in the archive's order, each into memory that is wiped when
/// dropped. `password` opens encrypted files; an encrypted file without one
/// fails with [`ImportError::PasswordNeeded`]. An archive with no such file
/// is refused with [`Malformation::NoExportInArchive`].
pub(super) fn read_files(
    bytes: &[u8],
    format: Format,
    password: Option<&str>,
    wanted: impl Fn(&str) -> bool,
) -> Result<Vec<Zeroizing<Vec<u8>>>, ImportError> {
    let mut archive = open(bytes, format)?;
    let picked = files_named(&archive, wanted);
    if picked.is_empty() {
        return Err(malformed(format, Malformation::NoExportInArchive));
    }
    picked
        .into_iter()
        .map(|index| read_file(&mut archive, index, format, password))
        .collect()
}

/// The index of every file (not a folder or a link) whose name `wanted`
/// accepts.
fn files_named(archive: &ZipArchive<Cursor<&[u8]>>, wanted: impl Fn(&str) -> bool) -> Vec<usize> {
    (0..archive.len())
        .filter(|&index| {
            archive
                .by_index_data(index)
                .is_ok_and(|entry| entry.is_file() && entry.name().is_ok_and(|name| wanted(&name)))
        })
        .collect()
}

/// The file name part of an archive path: `export/raivo-otp-export.json`
/// and `raivo-otp-export.json` are the same export.
pub(super) fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn malformed(format: Format, problem: Malformation) -> ImportError {
    ImportError::Malformed { format, problem }
}

/// Opens the archive after checking, from its end record, that it lists at
/// most [`MAX_ARCHIVE_FILES`] files; then checks the sizes it declares.
fn open(bytes: &[u8], format: Format) -> Result<ZipArchive<Cursor<&[u8]>>, ImportError> {
    if !is_zip(bytes) {
        return Err(malformed(format, Malformation::NotAnArchive));
    }
    let listed = listed_files(bytes).ok_or(malformed(format, Malformation::CutShort))?;
    check_file_count(listed, format)?;
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|error| match error {
        // No end record where one should be: the archive was cut off.
        ZipError::InvalidArchive(_) | ZipError::Io(_) if !ends_like_an_archive(bytes) => {
            malformed(format, Malformation::CutShort)
        }
        _ => malformed(format, Malformation::ArchiveDamaged),
    })?;
    // The crate's own count is the one it reads by; it should match the end
    // record's, and is bounded again in case it does not.
    check_file_count(archive.len(), format)?;
    let mut declared: u64 = 0;
    for index in 0..archive.len() {
        let size = archive
            .by_index_data(index)
            .map_err(|_| malformed(format, Malformation::ArchiveDamaged))?
            .size();
        declared = declared.saturating_add(size);
    }
    if declared > MAX_IMPORT_BYTES {
        const MB: u64 = 1024 * 1024;
        return Err(malformed(
            format,
            Malformation::ArchiveTooLarge {
                megabytes: declared.div_ceil(MB),
                limit_megabytes: MAX_IMPORT_BYTES / MB,
            },
        ));
    }
    Ok(archive)
}

fn check_file_count(files: usize, format: Format) -> Result<(), ImportError> {
    if files > MAX_ARCHIVE_FILES {
        return Err(malformed(
            format,
            Malformation::ArchiveTooManyFiles {
                files,
                limit: MAX_ARCHIVE_FILES,
            },
        ));
    }
    Ok(())
}

/// Whether the last bytes hold an end record, as every whole archive does.
fn ends_like_an_archive(bytes: &[u8]) -> bool {
    end_record(bytes).is_some()
}

/// The end of central directory record: the last one in the archive's
/// final 64 KiB + 22 bytes (its comment is at most 65,535 bytes), which is
/// the one zip readers use.
fn end_record(bytes: &[u8]) -> Option<usize> {
    let search_from = bytes
        .len()
        .saturating_sub(END_RECORD_LEN + usize::from(u16::MAX));
    let tail = bytes.get(search_from..bytes.len().checked_sub(END_RECORD_LEN - 4)?)?;
    tail.windows(END_RECORD.len())
        .rposition(|window| window == END_RECORD)
        .map(|offset| search_from + offset)
}

/// How many files the end record says the archive lists, read before the
/// `zip` crate builds its list, so a forged count takes no memory. A ZIP64
/// archive (over 4 GB or 65,535 files, which no export is) counts as
/// listing more than any export; `None` when there is no end record.
fn listed_files(bytes: &[u8]) -> Option<usize> {
    let end = end_record(bytes)?;
    let zip64 = end
        .checked_sub(ZIP64_LOCATOR_LEN)
        .is_some_and(|locator| bytes[locator..].starts_with(ZIP64_LOCATOR));
    let total = u16::from_le_bytes([bytes[end + 10], bytes[end + 11]]);
    if zip64 || total == u16::MAX {
        return Some(usize::MAX);
    }
    Some(usize::from(total))
}

/// Reads file `index`, decrypting it when it is encrypted, and inflating at
/// most the size it declares.
fn read_file(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    format: Format,
    password: Option<&str>,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let damaged = || malformed(format, Malformation::ArchiveDamaged);
    let entry = archive.by_index_data(index).map_err(|_| damaged())?;
    let declared = entry.size();
    let encrypted = entry.encrypted();
    // How a failure while reading the contents is reported: see the module
    // comment for why ZipCrypto's cannot tell a wrong password from damage.
    let unreadable = if !encrypted {
        Malformation::ArchiveDamaged
    } else if is_aes(archive, index) {
        Malformation::EncryptedContentsDamaged
    } else {
        Malformation::WrongPasswordOrDamaged
    };
    let opened = if encrypted {
        let password = password.ok_or(ImportError::PasswordNeeded { format })?;
        archive.by_index_decrypt(index, password.as_bytes())
    } else {
        archive.by_index(index)
    };
    let file = opened.map_err(|error| match error {
        // An archive whose directory says "not encrypted" while the file
        // itself is (a forged or damaged one, found by the fuzzer) is asked
        // for its password like any other, not told the password is wrong.
        ZipError::InvalidPassword if password.is_none() => ImportError::PasswordNeeded { format },
        ZipError::InvalidPassword => ImportError::WrongPassword { format },
        ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => {
            malformed(format, Malformation::ArchiveUnsupported)
        }
        _ => malformed(format, unreadable.clone()),
    })?;
    let capacity = usize::try_from(declared)
        .ok()
        .and_then(|size| size.checked_add(1))
        .ok_or_else(damaged)?;
    // Room for one byte more than declared, so that a file longer than it
    // says is caught without the buffer growing (which would leave a copy of
    // its contents behind in freed memory).
    let mut contents = Zeroizing::new(Vec::with_capacity(capacity));
    file.take(declared + 1)
        .read_to_end(&mut contents)
        .map_err(|_| malformed(format, unreadable))?;
    if contents.len() as u64 != declared {
        return Err(damaged());
    }
    Ok(contents)
}

/// Whether file `index` is encrypted with WinZip AES rather than ZipCrypto.
fn is_aes(archive: &mut ZipArchive<Cursor<&[u8]>>, index: usize) -> bool {
    archive
        .get_aes_verification_key_and_salt(index)
        .is_ok_and(|info| info.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_end_record_and_its_count() {
        let mut bytes = b"PK\x03\x04 some contents".to_vec();
        let end = bytes.len();
        bytes.extend_from_slice(END_RECORD);
        bytes.extend_from_slice(&[0, 0, 0, 0, 3, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(end_record(&bytes), Some(end));
        assert_eq!(listed_files(&bytes), Some(3));
        // Cut short: no end record, so nothing is listed.
        assert_eq!(listed_files(&bytes[..bytes.len() - 1]), None);
        // A ZIP64 locator before it: more files than any export.
        let mut zip64 = b"PK\x03\x04".to_vec();
        zip64.extend_from_slice(ZIP64_LOCATOR);
        zip64.extend_from_slice(&[0; ZIP64_LOCATOR_LEN - 4]);
        zip64.extend_from_slice(&bytes[end..]);
        assert_eq!(listed_files(&zip64), Some(usize::MAX));
    }

    #[test]
    fn base_names_drop_folders() {
        assert_eq!(
            base_name("a/b/raivo-otp-export.json"),
            "raivo-otp-export.json"
        );
        assert_eq!(base_name("a\\export.txt"), "export.txt");
        assert_eq!(base_name("export.txt"), "export.txt");
    }
}
