//! The one Java object stream Safekeep reads: a `java.util.HashMap` of
//! strings to strings, as `ObjectOutputStream.writeObject` writes it (Java
//! Object Serialization Specification, chapter 6). FreeOTP's backup is one.
//!
//! This is a container, not crypto, and only this subset is read: the stream
//! header, the `HashMap` class description with primitive fields only, its
//! custom data (capacity and size), and each key and value as a string, a
//! long string or a back-reference to an earlier string. Anything else is
//! refused, never guessed at. Every length is checked against the bytes
//! left before anything is read or allocated, so a forged size costs
//! nothing.

use zeroize::Zeroizing;

/// Why bytes are not a Java `HashMap<String, String>` stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum JavaMapError {
    /// The stream ends before the map does.
    CutShort,
    /// At this byte offset the stream holds something this reader does not
    /// read (another class, a non-string entry, a damaged marker).
    Unexpected {
        /// Counting from 0.
        offset: usize,
    },
}

/// The stream header: magic and version 5.
const STREAM_HEADER: [u8; 4] = [0xAC, 0xED, 0x00, 0x05];
const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_BLOCKDATALONG: u8 = 0x7A;
const TC_LONGSTRING: u8 = 0x7C;
/// The first handle a stream assigns (to the class description here).
const BASE_HANDLE: u32 = 0x7E_0000;
const HASH_MAP: &[u8] = b"java.util.HashMap";

/// Whether `bytes` start as a serialized `java.util.HashMap`.
pub(super) fn starts_like_a_java_map(bytes: &[u8]) -> bool {
    let mut start = STREAM_HEADER.to_vec();
    start.extend_from_slice(&[TC_OBJECT, TC_CLASSDESC, 0, HASH_MAP.len() as u8]);
    start.extend_from_slice(HASH_MAP);
    bytes.starts_with(&start)
}

/// Every entry of the map, as (key, value) in the stream's order; entries
/// whose key or value is `null` are left out, as no string map holds them.
pub(super) fn read_string_map(
    bytes: &[u8],
) -> Result<Vec<(String, Zeroizing<String>)>, JavaMapError> {
    let mut stream = Stream { bytes, at: 0 };
    if stream.take(4)? != STREAM_HEADER {
        return Err(stream.unexpected_before(4));
    }
    stream.expect(TC_OBJECT)?;
    stream.expect(TC_CLASSDESC)?;
    let name_length = stream.u16()?;
    if stream.take(name_length.into())? != HASH_MAP {
        return Err(stream.unexpected_before(name_length.into()));
    }
    let _serial_version_uid = stream.take(8)?;
    let _flags = stream.u8()?;
    let mut field_bytes = 0usize;
    for _ in 0..stream.u16()? {
        let size = match stream.u8()? {
            b'B' | b'Z' => 1,
            b'C' | b'S' => 2,
            b'F' | b'I' => 4,
            b'D' | b'J' => 8,
            _ => return Err(stream.unexpected_before(1)),
        };
        let field_name_length = stream.u16()?;
        stream.take(field_name_length.into())?;
        field_bytes += size;
    }
    stream.expect(TC_ENDBLOCKDATA)?;
    stream.expect(TC_NULL)?;
    // Handles: the class description, then the map itself.
    let mut strings: Vec<Option<Zeroizing<String>>> = vec![None, None];
    stream.take(field_bytes)?;
    // HashMap.writeObject: its capacity and size in a block of data.
    let block_length = match stream.u8()? {
        TC_BLOCKDATA => usize::from(stream.u8()?),
        TC_BLOCKDATALONG => stream.u32()? as usize,
        _ => return Err(stream.unexpected_before(1)),
    };
    let block = stream.take(block_length)?;
    let size = block
        .get(4..8)
        .map(|size| u32::from_be_bytes(size.try_into().expect("four bytes")))
        .ok_or(JavaMapError::Unexpected { offset: stream.at })?;
    let mut entries = Vec::new();
    for _ in 0..size {
        let key = stream.string(&mut strings)?;
        let value = stream.string(&mut strings)?;
        if let (Some(key), Some(value)) = (key, value) {
            entries.push((key.to_string(), value));
        }
    }
    stream.expect(TC_ENDBLOCKDATA)?;
    Ok(entries)
}

struct Stream<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Stream<'a> {
    fn take(&mut self, length: usize) -> Result<&'a [u8], JavaMapError> {
        let end = self.at.checked_add(length).ok_or(JavaMapError::CutShort)?;
        let taken = self.bytes.get(self.at..end).ok_or(JavaMapError::CutShort)?;
        self.at = end;
        Ok(taken)
    }

    fn u8(&mut self) -> Result<u8, JavaMapError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, JavaMapError> {
        Ok(u16::from_be_bytes(
            self.take(2)?.try_into().expect("two bytes"),
        ))
    }

    fn u32(&mut self) -> Result<u32, JavaMapError> {
        Ok(u32::from_be_bytes(
            self.take(4)?.try_into().expect("four bytes"),
        ))
    }

    fn expect(&mut self, marker: u8) -> Result<(), JavaMapError> {
        if self.u8()? != marker {
            return Err(self.unexpected_before(1));
        }
        Ok(())
    }

    /// The offset `length` bytes back: where what was just read started.
    fn unexpected_before(&self, length: usize) -> JavaMapError {
        JavaMapError::Unexpected {
            offset: self.at.saturating_sub(length),
        }
    }

    /// A string, a long string, a reference to an earlier one, or `null`.
    /// Each new string takes the next handle.
    fn string(
        &mut self,
        strings: &mut Vec<Option<Zeroizing<String>>>,
    ) -> Result<Option<Zeroizing<String>>, JavaMapError> {
        let start = self.at;
        let length = match self.u8()? {
            TC_NULL => return Ok(None),
            TC_STRING => usize::from(self.u16()?),
            TC_LONGSTRING => {
                let length = u64::from_be_bytes(self.take(8)?.try_into().expect("eight bytes"));
                usize::try_from(length).map_err(|_| JavaMapError::CutShort)?
            }
            TC_REFERENCE => {
                let handle = self.u32()?;
                let index = handle.checked_sub(BASE_HANDLE).map(|index| index as usize);
                return match index.and_then(|index| strings.get(index)) {
                    Some(Some(string)) => Ok(Some(string.clone())),
                    _ => Err(JavaMapError::Unexpected { offset: start }),
                };
            }
            _ => return Err(JavaMapError::Unexpected { offset: start }),
        };
        let string =
            modified_utf8(self.take(length)?).ok_or(JavaMapError::Unexpected { offset: start })?;
        strings.push(Some(string.clone()));
        Ok(Some(string))
    }
}

/// Java's modified UTF-8: UTF-16 code units in one to three bytes each
/// (`NUL` in two, characters beyond the first plane as two surrogates).
fn modified_utf8(bytes: &[u8]) -> Option<Zeroizing<String>> {
    let mut units = Zeroizing::new(Vec::with_capacity(bytes.len()));
    let mut rest = bytes;
    while let Some((&first, tail)) = rest.split_first() {
        let continuation = |byte: u8| (byte & 0xC0 == 0x80).then_some(u16::from(byte & 0x3F));
        let (unit, used) = match first {
            0x01..=0x7F => (u16::from(first), 0),
            0xC0..=0xDF => {
                let second = continuation(*tail.first()?)?;
                ((u16::from(first & 0x1F) << 6) | second, 1)
            }
            0xE0..=0xEF => {
                let second = continuation(*tail.first()?)?;
                let third = continuation(*tail.get(1)?)?;
                ((u16::from(first & 0x0F) << 12) | (second << 6) | third, 2)
            }
            _ => return None,
        };
        units.push(unit);
        rest = &tail[used..];
    }
    String::from_utf16(&units).ok().map(Zeroizing::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A serialized `HashMap<String, String>` as Java 8+ writes it, with
    /// `entries` (a value of `None` as a reference to the first key).
    fn java_map(entries: &[(&str, Option<&str>)]) -> Vec<u8> {
        let mut bytes = STREAM_HEADER.to_vec();
        bytes.extend_from_slice(&[TC_OBJECT, TC_CLASSDESC, 0, 17]);
        bytes.extend_from_slice(HASH_MAP);
        bytes.extend_from_slice(&362_498_820_763_181_265i64.to_be_bytes());
        bytes.extend_from_slice(&[0x03, 0, 2]);
        for (kind, name) in [(b'F', "loadFactor"), (b'I', "threshold")] {
            bytes.push(kind);
            bytes.extend_from_slice(&(name.len() as u16).to_be_bytes());
            bytes.extend_from_slice(name.as_bytes());
        }
        bytes.extend_from_slice(&[TC_ENDBLOCKDATA, TC_NULL]);
        bytes.extend_from_slice(&0.75f32.to_be_bytes());
        bytes.extend_from_slice(&12i32.to_be_bytes());
        bytes.extend_from_slice(&[TC_BLOCKDATA, 8]);
        bytes.extend_from_slice(&16i32.to_be_bytes());
        bytes.extend_from_slice(&(entries.len() as i32).to_be_bytes());
        for (key, value) in entries {
            for string in [Some(*key), *value] {
                match string {
                    Some(string) => {
                        bytes.push(TC_STRING);
                        bytes.extend_from_slice(&(string.len() as u16).to_be_bytes());
                        bytes.extend_from_slice(string.as_bytes());
                    }
                    None => {
                        bytes.push(TC_REFERENCE);
                        bytes.extend_from_slice(&(BASE_HANDLE + 2).to_be_bytes());
                    }
                }
            }
        }
        bytes.push(TC_ENDBLOCKDATA);
        bytes
    }

    #[test]
    fn a_string_map_is_read_in_order_with_references() {
        let bytes = java_map(&[("a", Some("x")), ("b", None)]);
        assert!(starts_like_a_java_map(&bytes));
        let entries = read_string_map(&bytes).unwrap();
        let entries: Vec<(&str, &str)> = entries
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .collect();
        assert_eq!(entries, [("a", "x"), ("b", "a")]);
    }

    #[test]
    fn every_cut_is_cut_short_and_damage_is_placed() {
        let bytes = java_map(&[("masterKey", Some("{}")), ("k", Some("v"))]);
        for cut in 0..bytes.len() {
            let error = read_string_map(&bytes[..cut]).unwrap_err();
            assert!(
                matches!(
                    error,
                    JavaMapError::CutShort | JavaMapError::Unexpected { .. }
                ),
                "{cut}"
            );
        }
        assert_eq!(
            read_string_map(&bytes[..bytes.len() - 1]),
            Err(JavaMapError::CutShort)
        );
        let mut damaged = bytes.clone();
        let value_marker = bytes.len() - 5;
        damaged[value_marker] = 0x42;
        assert_eq!(
            read_string_map(&damaged),
            Err(JavaMapError::Unexpected {
                offset: value_marker
            })
        );
        // A size far beyond the entries is refused where the entries end,
        // with nothing allocated for it.
        let mut huge = bytes;
        let block = huge
            .windows(2)
            .position(|pair| pair == [TC_BLOCKDATA, 8])
            .unwrap();
        huge[block + 6..block + 10].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(
            read_string_map(&huge),
            Err(JavaMapError::Unexpected {
                offset: huge.len() - 1
            })
        );
    }

    #[test]
    fn modified_utf8_reads_nul_and_surrogate_pairs() {
        assert_eq!(modified_utf8(b"a\xC0\x80b").unwrap().as_str(), "a\0b");
        // U+1F600 as two three-byte surrogates.
        let grin = b"\xED\xA0\xBD\xED\xB8\x80";
        assert_eq!(modified_utf8(grin).unwrap().as_str(), "\u{1F600}");
        assert_eq!(modified_utf8("é".as_bytes()).unwrap().as_str(), "é");
        assert!(modified_utf8(b"\xED\xA0\xBD").is_none(), "a lone surrogate");
        assert!(modified_utf8(b"\xF0\x9F\x98\x80").is_none(), "four bytes");
        assert!(modified_utf8(b"\x00").is_none());
    }
}
