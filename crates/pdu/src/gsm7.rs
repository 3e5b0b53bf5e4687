//! The GSM 7-bit alphabets and septet packing.
//!
//! - TS 23.038 6.2.1: the default alphabet (basic table).
//! - TS 23.038 6.2.1.1: the default extension table, reached with the escape septet 0x1B.
//! - TS 23.038 6.2.1.2 and Annex A: national language locking-shift (replaces the basic table) and
//!   single-shift (replaces the extension table) tables, see [`crate::national`].
//! - TS 23.038 6.1.2.1.1: septets are packed little-endian, least significant bit first.

use crate::national::Language;

/// The escape septet that selects the (single-shift or default) extension table
/// (TS 23.038 6.2.1.1).
pub(crate) const ESC: u8 = 0x1B;

/// Placeholder at position 0x1B of each basic table: that code is the escape, never a character.
pub(crate) const NO_CHAR: char = '\u{FFFF}';

/// TS 23.038 6.2.1: GSM 7 bit default alphabet, indexed by septet value.
pub(crate) static DEFAULT_BASIC: [char; 128] = [
    '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å', //
    'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', NO_CHAR, 'Æ', 'æ', 'ß', 'É', //
    ' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/', //
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?', //
    '¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', //
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§', //
    '¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', //
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à', //
];

/// TS 23.038 6.2.1.1: the default extension table as (septet after ESC, character).
pub(crate) static DEFAULT_EXT: [(u8, char); 10] = [
    (0x0A, '\u{0C}'), // form feed (page break)
    (0x14, '^'),
    (0x28, '{'),
    (0x29, '}'),
    (0x2F, '\\'),
    (0x3C, '['),
    (0x3D, '~'),
    (0x3E, ']'),
    (0x40, '|'),
    (0x65, '€'),
];

/// Reverse lookup for the Latin-1 range of a basic table: char -> septet, 0xFF when absent.
pub(crate) const fn reverse_latin1(table: &[char; 128]) -> [u8; 256] {
    let mut rev = [0xFFu8; 256];
    let mut i = 0;
    while i < 128 {
        let c = table[i] as u32;
        if c < 256 && i != ESC as usize {
            rev[c as usize] = i as u8;
        }
        i += 1;
    }
    rev
}

static DEFAULT_REV: [u8; 256] = reverse_latin1(&DEFAULT_BASIC);

/// How a character is written in a given character set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    /// One septet from the basic (or locking-shift) table.
    Basic(u8),
    /// ESC followed by this septet from the extension (or single-shift) table.
    Ext(u8),
}

impl Code {
    /// Septets this code occupies.
    pub(crate) fn septets(self) -> usize {
        match self {
            Code::Basic(_) => 1,
            Code::Ext(_) => 2,
        }
    }
}

/// A GSM-7 character set: a basic table (default or national locking shift) plus an extension
/// table (default or national single shift), TS 23.038 6.2.1.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Charset {
    /// National language locking-shift table in force, `None` for the default alphabet.
    pub(crate) locking: Option<Language>,
    /// National language single-shift table in force, `None` for the default extension table.
    pub(crate) single: Option<Language>,
}

impl Charset {
    /// The default alphabet with the default extension table.
    pub(crate) const DEFAULT: Charset = Charset {
        locking: None,
        single: None,
    };

    fn basic(self) -> &'static [char; 128] {
        match self.locking.and_then(Language::locking_table) {
            Some(t) => t,
            None => &DEFAULT_BASIC,
        }
    }

    fn ext(self) -> &'static [(u8, char)] {
        match self.single {
            Some(l) => l.single_shift_table(),
            None => &DEFAULT_EXT,
        }
    }

    /// Encodes one character, or `None` when this character set cannot represent it.
    pub(crate) fn encode(self, c: char) -> Option<Code> {
        let basic = self.basic();
        let code = if (c as u32) < 256 {
            let rev = match self.locking.and_then(Language::locking_reverse) {
                Some(r) => r,
                None => &DEFAULT_REV,
            };
            rev[c as usize]
        } else if c == NO_CHAR {
            0xFF
        } else {
            basic.iter().position(|&b| b == c).map_or(0xFF, |p| p as u8)
        };
        if code != 0xFF {
            return Some(Code::Basic(code));
        }
        self.ext()
            .iter()
            .find(|&&(_, e)| e == c)
            .map(|&(s, _)| Code::Ext(s))
    }

    /// Decodes a septet from the basic table (the escape itself is handled by the caller).
    pub(crate) fn basic_char(self, septet: u8) -> char {
        self.basic()[usize::from(septet & 0x7F)]
    }

    /// Decodes the septet that followed an escape.
    ///
    /// TS 23.038 6.2.1.1: a code with no extension character is displayed as the character of
    /// the basic table at that position; ESC ESC is reserved and shown as a space.
    pub(crate) fn ext_char(self, septet: u8) -> char {
        if septet == ESC {
            return ' ';
        }
        match self.ext().iter().find(|&&(s, _)| s == septet) {
            Some(&(_, c)) => c,
            None => self.basic_char(septet),
        }
    }
}

/// Packs septets LSB first after `fill_bits` zero bits (TS 23.038 6.1.2.1.1; the fill bits
/// align the first character to a septet boundary after a UDH, TS 23.040 9.2.3.24).
pub(crate) fn pack(out: &mut Vec<u8>, septets: &[u8], fill_bits: usize) {
    let mut acc: u32 = 0;
    let mut nbits = fill_bits;
    for &s in septets {
        acc |= u32::from(s & 0x7F) << nbits;
        nbits += 7;
        while nbits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            nbits -= 8;
        }
    }
    if nbits > 0 {
        out.push(acc as u8);
    }
}

/// Decodes `count` septets starting at septet index `first` of packed data
/// (TS 23.038 6.1.2.1.1), reading the octets once with a bit accumulator.
pub(crate) fn decode_packed(data: &[u8], first: usize, count: usize, cs: Charset) -> String {
    let basic = cs.basic();
    let mut out = String::with_capacity(count + count / 4);
    let end = first + count;
    let mut acc: u32 = 0;
    let mut nbits = 0u32;
    let mut index = 0usize;
    let mut escaped = false;
    for &b in data {
        acc |= u32::from(b) << nbits;
        nbits += 8;
        while nbits >= 7 {
            if index >= end {
                return out;
            }
            let s = (acc & 0x7F) as u8;
            acc >>= 7;
            nbits -= 7;
            if index >= first {
                if escaped {
                    out.push(cs.ext_char(s));
                    escaped = false;
                } else if s == ESC {
                    escaped = true;
                } else {
                    out.push(basic[usize::from(s)]);
                }
            }
            index += 1;
        }
    }
    // TS 23.038 6.2.1.1: an escape with nothing after it carries no character.
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_table_round_trips_every_code() {
        for code in 0u8..128 {
            if code == ESC {
                continue;
            }
            let c = DEFAULT_BASIC[code as usize];
            assert_eq!(Charset::DEFAULT.encode(c), Some(Code::Basic(code)), "{c:?}");
        }
        for &(code, c) in &DEFAULT_EXT {
            assert_eq!(Charset::DEFAULT.encode(c), Some(Code::Ext(code)));
            assert_eq!(Charset::DEFAULT.ext_char(code), c);
        }
    }

    #[test]
    fn unknown_escape_code_falls_back_to_basic_table() {
        // TS 23.038 6.2.1.1: ESC + 'A' (0x41) has no extension character: display 'A'.
        assert_eq!(Charset::DEFAULT.ext_char(0x41), 'A');
    }

    #[test]
    fn pack_hellohello_matches_spec_style_example() {
        // "hellohello" packs to E8329BFD4697D9EC37 (widely reproduced worked example of
        // TS 23.038 6.1.2.1.1 packing).
        let septets: Vec<u8> = "hellohello"
            .chars()
            .map(|c| match Charset::DEFAULT.encode(c) {
                Some(Code::Basic(s)) => s,
                _ => unreachable!(),
            })
            .collect();
        let mut out = Vec::new();
        pack(&mut out, &septets, 0);
        assert_eq!(crate::hex::encode_upper(&out), "E8329BFD4697D9EC37");
        assert_eq!(decode_packed(&out, 0, 10, Charset::DEFAULT), "hellohello");
    }
}
