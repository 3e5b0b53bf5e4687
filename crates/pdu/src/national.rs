//! National language shift tables (TS 23.038 6.2.1.2 and Annex A).
//!
//! A locking-shift table replaces the default alphabet for the whole message; a single-shift
//! table replaces the default extension table (characters reached with ESC). Which tables apply
//! is signalled in the UDH with IEI 0x25 (locking) and 0x24 (single), TS 23.040 9.2.3.24.15/16.

use serde::Serialize;

use crate::gsm7::{AsciiTable, NO_CHAR, Utf8Table, ascii_table, reverse_latin1, utf8_table};

/// A national language with shift tables, numbered by its National Language Identifier
/// (TS 23.038 6.2.1.2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Language {
    /// Turkish (identifier 1): locking shift A.3.1, single shift A.2.1.
    Turkish,
    /// Spanish (identifier 2): single shift A.2.2 only (no locking-shift table is defined).
    Spanish,
    /// Portuguese (identifier 3): locking shift A.3.3, single shift A.2.3.
    Portuguese,
}

impl Language {
    /// Every language this crate has tables for.
    pub const ALL: [Language; 3] = [Language::Turkish, Language::Spanish, Language::Portuguese];

    /// The National Language Identifier (TS 23.038 6.2.1.2.4).
    pub fn identifier(self) -> u8 {
        match self {
            Language::Turkish => 1,
            Language::Spanish => 2,
            Language::Portuguese => 3,
        }
    }

    /// The language for a National Language Identifier, `None` for languages without tables
    /// here (their messages decode with the default tables, TS 23.038 6.2.1.2.4 note).
    pub fn from_identifier(id: u8) -> Option<Language> {
        match id {
            1 => Some(Language::Turkish),
            2 => Some(Language::Spanish),
            3 => Some(Language::Portuguese),
            _ => None,
        }
    }

    /// Whether a locking-shift table is defined for this language.
    pub fn has_locking_shift(self) -> bool {
        self.locking_table().is_some()
    }

    pub(crate) fn locking_table(self) -> Option<&'static [char; 128]> {
        match self {
            Language::Turkish => Some(&TURKISH_LOCKING),
            Language::Portuguese => Some(&PORTUGUESE_LOCKING),
            Language::Spanish => None,
        }
    }

    pub(crate) fn locking_reverse(self) -> Option<&'static [u8; 256]> {
        match self {
            Language::Turkish => Some(&TURKISH_LOCKING_REV),
            Language::Portuguese => Some(&PORTUGUESE_LOCKING_REV),
            Language::Spanish => None,
        }
    }

    pub(crate) fn locking_utf8(self) -> Option<(&'static AsciiTable, &'static Utf8Table)> {
        match self {
            Language::Turkish => Some((&TURKISH_LOCKING_ASCII, &TURKISH_LOCKING_UTF8)),
            Language::Portuguese => Some((&PORTUGUESE_LOCKING_ASCII, &PORTUGUESE_LOCKING_UTF8)),
            Language::Spanish => None,
        }
    }

    pub(crate) fn single_shift_table(self) -> &'static [(u8, char)] {
        match self {
            Language::Turkish => &TURKISH_SINGLE,
            Language::Spanish => &SPANISH_SINGLE,
            Language::Portuguese => &PORTUGUESE_SINGLE,
        }
    }
}

/// TS 23.038 A.3.1: Turkish National Language Locking Shift Table.
static TURKISH_LOCKING: [char; 128] = [
    '@', '£', '$', '¥', '€', 'é', 'ù', 'ı', 'ò', 'Ç', '\n', 'Ğ', 'ğ', '\r', 'Å', 'å', //
    'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', NO_CHAR, 'Ş', 'ş', 'ß', 'É', //
    ' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/', //
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?', //
    'İ', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', //
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§', //
    'ç', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', //
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à', //
];

/// TS 23.038 A.3.3: Portuguese National Language Locking Shift Table.
static PORTUGUESE_LOCKING: [char; 128] = [
    '@', '£', '$', '¥', 'ê', 'é', 'ú', 'í', 'ó', 'ç', '\n', 'Ô', 'ô', '\r', 'Á', 'á', //
    'Δ', '_', 'ª', 'Ç', 'À', '∞', '^', '\\', '€', 'Ó', '|', NO_CHAR, 'Â', 'â', 'Ê', 'É', //
    ' ', '!', '"', '#', 'º', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/', //
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?', //
    'Í', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', //
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ã', 'Õ', 'Ú', 'Ü', '§', //
    '~', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', //
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ã', 'õ', '`', 'ü', 'à', //
];

static TURKISH_LOCKING_REV: [u8; 256] = reverse_latin1(&TURKISH_LOCKING);
static TURKISH_LOCKING_UTF8: Utf8Table = utf8_table(&TURKISH_LOCKING);
static PORTUGUESE_LOCKING_UTF8: Utf8Table = utf8_table(&PORTUGUESE_LOCKING);
static TURKISH_LOCKING_ASCII: AsciiTable = ascii_table(&TURKISH_LOCKING);
static PORTUGUESE_LOCKING_ASCII: AsciiTable = ascii_table(&PORTUGUESE_LOCKING);
static PORTUGUESE_LOCKING_REV: [u8; 256] = reverse_latin1(&PORTUGUESE_LOCKING);

/// TS 23.038 A.2.1: Turkish National Language Single Shift Table (septet after ESC, char).
static TURKISH_SINGLE: [(u8, char); 17] = [
    (0x0A, '\u{0C}'),
    (0x14, '^'),
    (0x28, '{'),
    (0x29, '}'),
    (0x2F, '\\'),
    (0x3C, '['),
    (0x3D, '~'),
    (0x3E, ']'),
    (0x40, '|'),
    (0x47, 'Ğ'),
    (0x49, 'İ'),
    (0x53, 'Ş'),
    (0x63, 'ç'),
    (0x65, '€'),
    (0x67, 'ğ'),
    (0x69, 'ı'),
    (0x73, 'ş'),
];

/// TS 23.038 A.2.2: Spanish National Language Single Shift Table.
static SPANISH_SINGLE: [(u8, char); 19] = [
    (0x09, 'ç'),
    (0x0A, '\u{0C}'),
    (0x14, '^'),
    (0x28, '{'),
    (0x29, '}'),
    (0x2F, '\\'),
    (0x3C, '['),
    (0x3D, '~'),
    (0x3E, ']'),
    (0x40, '|'),
    (0x41, 'Á'),
    (0x49, 'Í'),
    (0x4F, 'Ó'),
    (0x55, 'Ú'),
    (0x61, 'á'),
    (0x65, '€'),
    (0x69, 'í'),
    (0x6F, 'ó'),
    (0x75, 'ú'),
];

/// TS 23.038 A.2.3: Portuguese National Language Single Shift Table.
static PORTUGUESE_SINGLE: [(u8, char); 37] = [
    (0x05, 'ê'),
    (0x09, 'ç'),
    (0x0A, '\u{0C}'),
    (0x0B, 'Ô'),
    (0x0C, 'ô'),
    (0x0E, 'Á'),
    (0x0F, 'á'),
    (0x12, 'Φ'),
    (0x13, 'Γ'),
    (0x14, '^'),
    (0x15, 'Ω'),
    (0x16, 'Π'),
    (0x17, 'Ψ'),
    (0x18, 'Σ'),
    (0x19, 'Θ'),
    (0x1F, 'Ê'),
    (0x28, '{'),
    (0x29, '}'),
    (0x2F, '\\'),
    (0x3C, '['),
    (0x3D, '~'),
    (0x3E, ']'),
    (0x40, '|'),
    (0x41, 'À'),
    (0x49, 'Í'),
    (0x4F, 'Ó'),
    (0x55, 'Ú'),
    (0x5B, 'Ã'),
    (0x5C, 'Õ'),
    (0x61, 'Â'),
    (0x65, '€'),
    (0x69, 'í'),
    (0x6F, 'ó'),
    (0x75, 'ú'),
    (0x7B, 'ã'),
    (0x7C, 'õ'),
    (0x7F, 'â'),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gsm7::{Charset, Code};

    #[test]
    fn turkish_locking_shift_places_dotless_i_at_0x07() {
        // TS 23.038 A.3.1: 0x07 is 'ı' (where the default table has 'ì').
        let cs = Charset {
            locking: Some(Language::Turkish),
            single: None,
        };
        assert_eq!(cs.encode('ı'), Some(Code::Basic(0x07)));
        assert_eq!(cs.basic_char(0x07), 'ı');
        assert_eq!(cs.encode('ì'), None);
    }

    #[test]
    fn single_shift_tables_keep_the_default_extension_characters() {
        for lang in Language::ALL {
            let cs = Charset {
                locking: None,
                single: Some(lang),
            };
            for c in ['€', '[', ']', '{', '}', '~', '|', '^', '\\'] {
                assert!(matches!(cs.encode(c), Some(Code::Ext(_))), "{lang:?} {c}");
            }
        }
    }

    #[test]
    fn spanish_single_shift_reaches_accented_vowels() {
        // TS 23.038 A.2.2: ESC 0x61 is 'á'.
        let cs = Charset {
            locking: None,
            single: Some(Language::Spanish),
        };
        assert_eq!(cs.encode('á'), Some(Code::Ext(0x61)));
        assert_eq!(cs.ext_char(0x61), 'á');
    }
}
