//! Random secrets and backup tokens for tests, and base32 written out by
//! hand: an encoding the code under test does not share, so a fault in its
//! base32 cannot hide in the test's.

use std::collections::BTreeSet;
use std::io::Read;

/// `n` random bytes from the OS.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut file| file.read_exact(&mut bytes))
        .expect("read /dev/urandom");
    bytes
}

/// `N` random bytes, as an array.
pub fn random_array<const N: usize>() -> [u8; N] {
    random_bytes(N).try_into().expect("N bytes")
}

/// A random secret of `bytes` bytes, in base32 without padding (as sites
/// show them), and its raw bytes.
pub fn random_secret(bytes: usize) -> (String, Vec<u8>) {
    let raw = random_bytes(bytes);
    (base32(&raw), raw)
}

/// RFC 4648 base32, no padding.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// `n` distinct random backup tokens shaped like `ab12-cd34`.
pub fn random_tokens(n: usize) -> Vec<String> {
    const CHARS: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut seen = BTreeSet::new();
    let mut tokens = Vec::new();
    while tokens.len() < n {
        let bytes = random_bytes(8);
        let chars: String = bytes
            .iter()
            .map(|b| CHARS[*b as usize % CHARS.len()] as char)
            .collect();
        let token = format!("{}-{}", &chars[..4], &chars[4..]);
        if seen.insert(token.clone()) {
            tokens.push(token);
        }
    }
    tokens
}

/// The tokens as a site lists them: "1. ab12-cd34", one per line.
pub fn numbered(tokens: &[String]) -> String {
    tokens
        .iter()
        .enumerate()
        .map(|(i, token)| format!("{}. {token}\n", i + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648's test vectors, without padding.
    #[test]
    fn base32_matches_the_rfc_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32(plain.as_bytes()), encoded, "{plain:?}");
        }
    }

    #[test]
    fn tokens_are_distinct_and_shaped_like_a_sites() {
        let tokens = random_tokens(50);
        let distinct: BTreeSet<&String> = tokens.iter().collect();
        assert_eq!(distinct.len(), 50);
        for token in &tokens {
            assert_eq!(token.len(), 9);
            assert_eq!(token.as_bytes()[4], b'-');
        }
        assert_eq!(
            numbered(&tokens[..2]),
            format!("1. {}\n2. {}\n", tokens[0], tokens[1])
        );
    }
}
