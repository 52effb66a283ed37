//! The search for leaked secrets and backup tokens: every form a leak could
//! take, and every file a run could have left one in.

use std::path::{Path, PathBuf};

/// What must never show, in every form a leak could take: a secret in
/// base32 in any case, 16 base32 characters of it in a row (an error that
/// cuts long text short still shows most of it), in hex, as its raw bytes
/// (or 10 of them in a row), or as the start of a `Debug` list of its
/// bytes; a token as the site wrote it or normalized (letters and digits
/// only), in any case.
pub struct Needles(Vec<Needle>);

struct Needle {
    /// What it is, for the failure message (never the value itself).
    name: String,
    bytes: Vec<u8>,
    /// Compared ignoring ASCII case.
    any_case: bool,
}

impl Needles {
    /// The needles for `secrets` (each in base32 and raw) and `tokens`.
    pub fn new(secrets: &[(String, Vec<u8>)], tokens: &[impl AsRef<str>]) -> Needles {
        let mut needles = Vec::new();
        let mut add = |name: String, bytes: Vec<u8>, any_case: bool| {
            needles.push(Needle {
                name,
                bytes,
                any_case,
            })
        };
        for (n, (base32, raw)) in secrets.iter().enumerate() {
            let name = format!("secret {}", n + 1);
            add(
                format!("{name} in base32"),
                base32.clone().into_bytes(),
                true,
            );
            for window in base32.as_bytes().windows(16) {
                add(
                    format!("16 base32 characters of {name} in a row"),
                    window.to_vec(),
                    true,
                );
            }
            let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
            add(format!("{name} in hex"), hex.into_bytes(), true);
            add(format!("{name}'s raw bytes"), raw.clone(), false);
            for window in raw.windows(10) {
                add(
                    format!("10 raw bytes of {name} in a row"),
                    window.to_vec(),
                    false,
                );
            }
            let debug: Vec<String> = raw.iter().take(6).map(u8::to_string).collect();
            add(
                format!("{name} as a Debug list of bytes"),
                format!("[{}", debug.join(", ")).into_bytes(),
                false,
            );
        }
        for (n, token) in tokens.iter().enumerate() {
            let token = token.as_ref();
            let normalized: String = token
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            add(
                format!("token {} as stored", n + 1),
                token.as_bytes().to_vec(),
                true,
            );
            add(
                format!("token {} normalized", n + 1),
                normalized.into_bytes(),
                true,
            );
        }
        Needles(needles)
    }

    /// These needles and `text` (a password, say) in any case, named
    /// `name`.
    pub fn with_text(mut self, name: &str, text: &str) -> Needles {
        self.0.push(Needle {
            name: name.to_owned(),
            bytes: text.as_bytes().to_vec(),
            any_case: true,
        });
        self
    }

    /// The names of the needles in `haystack`, each once.
    pub fn found_in(&self, haystack: &[u8]) -> Vec<&str> {
        let folded = haystack.to_ascii_lowercase();
        let mut found: Vec<&str> = self
            .0
            .iter()
            .filter(|needle| {
                if needle.any_case {
                    contains_bytes(&folded, &needle.bytes.to_ascii_lowercase())
                } else {
                    contains_bytes(haystack, &needle.bytes)
                }
            })
            .map(|needle| needle.name.as_str())
            .collect();
        found.dedup();
        found
    }

    /// Every leak in the files under `dir`, as "<what> in <file>", and how
    /// many files were looked through.
    pub fn found_in_files_under(&self, dir: &Path) -> (Vec<String>, usize) {
        let files = files_under(dir);
        let mut leaks = Vec::new();
        for file in &files {
            let bytes = std::fs::read(file).expect("read a file");
            for found in self.found_in(&bytes) {
                leaks.push(format!("{found} in {}", file.display()));
            }
        }
        (leaks, files.len())
    }
}

/// Every file under `dir`, recursively, sorted. Folders reached through a
/// link are not entered (no loops); a link to a file counts as that file.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read a folder") {
            let entry = entry.expect("folder entry");
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                pending.push(path);
            } else if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Whether `needle` (not empty) occurs in `haystack`.
pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::{random_secret, random_tokens};

    /// The check must be able to fail: each form of a secret and a token is
    /// found where it is, and nothing is found in text without them.
    #[test]
    fn the_leak_check_finds_every_form() {
        let (secret, raw) = random_secret(20);
        let tokens = random_tokens(2);
        let needles = Needles::new(&[(secret.clone(), raw.clone())], &tokens);
        let hex: String = raw.iter().map(|b| format!("{b:02X}")).collect();
        let debug = format!("{raw:?}");
        let cut = format!("\"8?secret={}…\"", &secret[..31]);
        let normalized = tokens[0].replace('-', "").to_uppercase();
        for (what, text) in [
            ("base32", secret.clone().into_bytes()),
            ("lower-case base32", secret.to_lowercase().into_bytes()),
            ("cut-short base32", cut.into_bytes()),
            ("hex", hex.into_bytes()),
            ("Debug bytes", debug.into_bytes()),
            ("raw bytes", [b"x".as_slice(), &raw, b"y"].concat()),
            ("ten raw bytes", raw[5..15].to_vec()),
            ("a token", tokens[1].clone().into_bytes()),
            ("a normalized token", normalized.into_bytes()),
        ] {
            assert!(!needles.found_in(&text).is_empty(), "{what} is found");
        }
        let clean =
            b"safekeep: This link asks for codes of \"8\" digits. Acme (me@example.org) 123456";
        assert!(needles.found_in(clean).is_empty());
    }

    #[test]
    fn every_file_is_looked_through_and_named() {
        let (secret, raw) = random_secret(20);
        let needles = Needles::new(&[(secret.clone(), raw)], &["kq3m-7xpt"])
            .with_text("the password", "Pässword");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("deep")).expect("make dir");
        std::fs::write(dir.path().join("clean"), b"nothing").expect("write");
        assert_eq!(needles.found_in("my pässword".as_bytes()), ["the password"]);
        std::fs::write(dir.path().join("deep/leak"), secret).expect("write");
        let (leaks, files) = needles.found_in_files_under(dir.path());
        assert_eq!(files, 2);
        assert!(!leaks.is_empty());
        assert!(
            leaks.iter().all(|leak| leak.ends_with("deep/leak")),
            "{leaks:?}"
        );
        assert!(contains_bytes(b"abc", b"bc") && !contains_bytes(b"abc", b""));
    }
}
