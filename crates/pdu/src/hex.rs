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

/// Marks a character that is not a hex digit in [`NIBBLE`].
const BAD: u8 = 0xF0;

/// Hex digit values, [`BAD`] for anything else.
static NIBBLE: [u8; 256] = {
    let mut t = [BAD; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'A' as usize + i] = 10 + i as u8;
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// Parses hex text (either case; surrounding whitespace ignored) into `out`, which must hold
/// at least half as many octets as the text has characters. Returns the number of octets.
pub(crate) fn decode_into(text: &str, out: &mut [u8]) -> Result<usize, DecodeError> {
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let bytes = trimmed.as_bytes();
    if bytes.len() % 2 != 0 {
        return Err(DecodeError::OddHexLength { len: bytes.len() });
    }
    // Branch-free over the input: bad digits are collected in `bad` and located afterwards.
    let mut bad = 0u8;
    let mut n = 0;
    for (pair, slot) in bytes.chunks_exact(2).zip(out.iter_mut()) {
        let hi = NIBBLE[usize::from(pair[0])];
        let lo = NIBBLE[usize::from(pair[1])];
        bad |= hi | lo;
        *slot = (hi << 4) | (lo & 0x0F);
        n += 1;
    }
    if bad & BAD != 0 {
        let index = bytes
            .iter()
            .position(|&c| NIBBLE[usize::from(c)] == BAD)
            .unwrap_or(0);
        return Err(DecodeError::InvalidHex {
            index: lead + index,
        });
    }
    Ok(n)
}

/// Parses hex text (either case; surrounding whitespace ignored) into octets.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let mut out = vec![0u8; text.len() / 2];
    let n = decode_into(text, &mut out)?;
    out.truncate(n);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_value_in_every_position() {
        // Each byte value at each of the first eight positions.
        for c in 0u8..=255 {
            for lane in 0..8 {
                let mut text = *b"0123456789abcdef";
                text[lane] = c;
                let s = String::from_utf8_lossy(&text).into_owned();
                let expect_ok = c.is_ascii_hexdigit();
                let got = decode(&s);
                // Multi-byte UTF-8 shifts the lanes, leading whitespace is trimmed: both are
                // covered elsewhere.
                if s.len() != 16 || (lane == 0 && char::from(c).is_whitespace()) {
                    continue;
                }
                assert_eq!(got.is_ok(), expect_ok, "byte {c:#04X} in lane {lane}");
                if let Ok(v) = got {
                    let d = NIBBLE[usize::from(c)];
                    let octet = v[lane / 2];
                    let nib = if lane % 2 == 0 {
                        octet >> 4
                    } else {
                        octet & 0x0F
                    };
                    assert_eq!(nib, d);
                } else {
                    assert_eq!(got, Err(DecodeError::InvalidHex { index: lane }));
                }
            }
        }
        assert_eq!(
            decode("0123456789abcdefABCDEF").unwrap(),
            [
                0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xAB, 0xCD, 0xEF
            ]
        );
    }

    #[test]
    fn decode_accepts_both_cases_and_names_the_bad_character() {
        assert_eq!(decode(" 0aFf\r\n").unwrap(), vec![0x0A, 0xFF]);
        assert_eq!(decode("00G0"), Err(DecodeError::InvalidHex { index: 2 }));
        assert_eq!(decode("000"), Err(DecodeError::OddHexLength { len: 3 }));
    }
}
