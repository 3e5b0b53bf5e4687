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

/// UTF-8 of each character of a basic table: (length, bytes). Every table character is in the
/// Basic Multilingual Plane, so three bytes suffice.
pub(crate) type Utf8Table = [(u8, [u8; 3]); 128];

/// Builds the UTF-8 table of a basic table at compile time.
pub(crate) const fn utf8_table(table: &[char; 128]) -> Utf8Table {
    let mut t = [(0u8, [0u8; 3]); 128];
    let mut i = 0;
    while i < 128 {
        let c = table[i] as u32;
        t[i] = if c < 0x80 {
            (1, [c as u8, 0, 0])
        } else if c < 0x800 {
            (2, [0xC0 | (c >> 6) as u8, 0x80 | (c & 0x3F) as u8, 0])
        } else {
            (
                3,
                [
                    0xE0 | (c >> 12) as u8,
                    0x80 | ((c >> 6) & 0x3F) as u8,
                    0x80 | (c & 0x3F) as u8,
                ],
            )
        };
        i += 1;
    }
    t
}

/// The ASCII byte of each character of a basic table, 0 where the character is not ASCII
/// (no table holds NUL, so 0 is free as a marker).
pub(crate) type AsciiTable = [u8; 128];

/// Builds the ASCII table of a basic table at compile time.
pub(crate) const fn ascii_table(table: &[char; 128]) -> AsciiTable {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = table[i] as u32;
        if c < 0x80 {
            t[i] = c as u8;
        }
        i += 1;
    }
    t
}

static DEFAULT_UTF8: Utf8Table = utf8_table(&DEFAULT_BASIC);
static DEFAULT_ASCII: AsciiTable = ascii_table(&DEFAULT_BASIC);

impl Charset {
    fn utf8(self) -> (&'static AsciiTable, &'static Utf8Table) {
        match self.locking.and_then(Language::locking_utf8) {
            Some(t) => t,
            None => (&DEFAULT_ASCII, &DEFAULT_UTF8),
        }
    }
}

/// Most septets decoded in one call: 160 fill one TPDU (TS 23.040 9.2.3.16); USSD strings
/// reach 182 (TS 23.038 6.1.2.3).
const MAX_SEPTETS: usize = 255;

/// Decodes `count` septets starting at septet index `first` of packed data
/// (TS 23.038 6.1.2.1.1). `first + count` is at most 255; more is cut off.
///
/// This is the hot path of decoding an SMS-DELIVER: septets are unpacked eight at a time from
/// seven octets, then mapped through a precomputed UTF-8 table into a stack buffer.
pub(crate) fn decode_packed(data: &[u8], first: usize, count: usize, cs: Charset) -> String {
    let end = (first + count).min(MAX_SEPTETS);
    let mut septets = [0u8; MAX_SEPTETS + 8];
    let mut i = 0;
    for chunk in data.chunks(7) {
        if i >= end {
            break;
        }
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        for (k, slot) in septets[i..i + 8].iter_mut().enumerate() {
            *slot = ((v >> (7 * k)) & 0x7F) as u8;
        }
        i += 8;
    }
    let (ascii, table) = cs.utf8();
    let mut out: Vec<u8> = Vec::with_capacity(end.saturating_sub(first) + 8);
    let mut escaped = false;
    for &s in septets.get(first..end).unwrap_or(&[]) {
        let s = usize::from(s);
        if escaped {
            escaped = false;
            let mut tmp = [0u8; 4];
            out.extend_from_slice(cs.ext_char(s as u8).encode_utf8(&mut tmp).as_bytes());
        } else if ascii[s] != 0 {
            out.push(ascii[s]);
        } else if s == usize::from(ESC) {
            // TS 23.038 6.2.1.1: an escape with nothing after it carries no character.
            escaped = true;
        } else {
            let (len, bytes) = &table[s];
            out.extend_from_slice(&bytes[..usize::from(*len)]);
        }
    }
    // Every table entry is valid UTF-8, so this conversion cannot fail.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Packs `text` in the GSM 7-bit default alphabet and extension table (TS 23.038 6.2.1,
/// 6.2.1.1, packing 6.1.2.1.1), for other users of the alphabet such as USSD strings.
/// Returns the octets and the number of septets, or `None` when a character has no GSM-7 code.
pub fn gsm7_pack(text: &str) -> Option<(Vec<u8>, usize)> {
    let mut septets = Vec::with_capacity(text.len());
    for c in text.chars() {
        match Charset::DEFAULT.encode(c)? {
            Code::Basic(s) => septets.push(s),
            Code::Ext(s) => septets.extend_from_slice(&[ESC, s]),
        }
    }
    let mut out = Vec::with_capacity(septets.len());
    pack(&mut out, &septets, 0);
    Some((out, septets.len()))
}

/// Unpacks `septets` GSM-7 characters from packed octets (TS 23.038 6.1.2.1.1) with the
/// default alphabet and extension table; at most 255 septets, and no more than `data` holds.
pub fn gsm7_unpack(data: &[u8], septets: usize) -> String {
    let septets = septets.min(data.len() * 8 / 7);
    decode_packed(data, 0, septets, Charset::DEFAULT)
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
    fn public_pack_unpack_handles_ussd_lengths() {
        // USSD strings run to 182 septets (TS 23.038 6.1.2.3), longer than one SMS.
        let text = "*100# Balance: 5.00€ [ok] ".repeat(7);
        let (packed, septets) = gsm7_pack(&text).unwrap();
        // €, [ and ] take two septets each.
        assert_eq!(septets, text.chars().count() + 21);
        assert_eq!(gsm7_unpack(&packed, septets), text);
        assert_eq!(gsm7_pack("ж"), None);
        // Asking for more septets than the data holds is cut to what is there.
        assert_eq!(gsm7_unpack(&packed[..2], 100), "*1");
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
