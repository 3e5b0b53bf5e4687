//! Hexadecimal text as AT commands carry PDUs (TS 27.005 3.1: PDU mode uses hex characters).

use crate::error::DecodeError;

const UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Uppercase hex of `bytes`, as `AT+CMGS` expects it.
pub(crate) fn encode_upper(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    push_upper(&mut s, bytes);
    s
}

/// Appends the uppercase hex of `bytes` to `s`.
pub(crate) fn push_upper(s: &mut String, bytes: &[u8]) {
    for &b in bytes {
        s.push(char::from(UPPER[usize::from(b >> 4)]));
        s.push(char::from(UPPER[usize::from(b & 0x0F)]));
    }
}

#[inline]
fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Parses hex text (either case; surrounding whitespace ignored) into octets.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let bytes = trimmed.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 2);
    let mut pairs = bytes.chunks_exact(2);
    for (i, pair) in pairs.by_ref().enumerate() {
        let hi = nibble(pair[0]).ok_or(DecodeError::InvalidHex {
            index: lead + 2 * i,
        })?;
        let lo = nibble(pair[1]).ok_or(DecodeError::InvalidHex {
            index: lead + 2 * i + 1,
        })?;
        out.push((hi << 4) | lo);
    }
    if !pairs.remainder().is_empty() {
        return Err(DecodeError::OddHexLength { len: bytes.len() });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_accepts_both_cases_and_names_the_bad_character() {
        assert_eq!(decode(" 0aFf\r\n").unwrap(), vec![0x0A, 0xFF]);
        assert_eq!(decode("00G0"), Err(DecodeError::InvalidHex { index: 2 }));
        assert_eq!(decode("000"), Err(DecodeError::OddHexLength { len: 3 }));
    }
}
