//! Choosing how a text is coded and where it is split into parts.
//!
//! The choice follows TS 23.038: GSM 7-bit default alphabet when every character is in it
//! (6.2.1, 6.2.1.1); otherwise a national language shift table pair (6.2.1.2) when that needs
//! fewer parts than UCS-2; otherwise UCS-2 (6.2.3). Parts are cut so that an escape sequence
//! (ESC + septet) and a UTF-16 surrogate pair always stay in one part.

use crate::dcs::Encoding;
use crate::gsm7::{Charset, Code};
use crate::national::Language;

/// Octets of the concatenation element with an 8-bit reference: IEI, length, ref, total, seq
/// (TS 23.040 9.2.3.24.1).
const CONCAT_8_OCTETS: usize = 5;
/// With a 16-bit reference (TS 23.040 9.2.3.24.8).
const CONCAT_16_OCTETS: usize = 6;
/// A national language shift element: IEI, length, language (TS 23.040 9.2.3.24.15/16).
const SHIFT_OCTETS: usize = 3;
/// TS 23.040 9.2.3.16: user data holds at most 140 octets.
pub(crate) const MAX_UD_OCTETS: usize = 140;

/// How a text is coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scheme {
    pub(crate) encoding: Encoding,
    /// Shift tables in use (GSM-7 only).
    pub(crate) charset: Charset,
}

/// Options that change the capacity of a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) allow_national: bool,
    pub(crate) concat_16bit: bool,
}

impl Scheme {
    /// Octets of UDH elements other than concatenation.
    fn shift_octets(self) -> usize {
        SHIFT_OCTETS
            * (usize::from(self.charset.locking.is_some())
                + usize::from(self.charset.single.is_some()))
    }

    /// Total UDH octets (including the UDHL octet) of a part, 0 when there is no header.
    pub(crate) fn udh_octets(self, multipart: bool, concat_16bit: bool) -> usize {
        let concat = match (multipart, concat_16bit) {
            (false, _) => 0,
            (true, false) => CONCAT_8_OCTETS,
            (true, true) => CONCAT_16_OCTETS,
        };
        let ies = concat + self.shift_octets();
        if ies == 0 { 0 } else { 1 + ies }
    }

    /// Units (septets or UTF-16 code units) a part can carry.
    pub(crate) fn capacity(self, multipart: bool, concat_16bit: bool) -> usize {
        let h = self.udh_octets(multipart, concat_16bit);
        match self.encoding {
            // TS 23.040 9.2.3.24: the header takes whole septets (fill bits pad it).
            Encoding::Gsm7 => (MAX_UD_OCTETS * 8) / 7 - (h * 8).div_ceil(7),
            Encoding::Ucs2 => (MAX_UD_OCTETS - h) / 2,
            Encoding::EightBit => MAX_UD_OCTETS - h,
        }
    }
}

/// Cost of each character in units, or `None` when `cs` cannot encode the text.
fn gsm7_costs(text: &str, cs: Charset) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| cs.encode(c).map(|code| code.septets() as u8))
        .collect()
}

fn ucs2_costs(text: &str) -> Vec<u8> {
    text.chars().map(|c| c.len_utf16() as u8).collect()
}

/// Result of splitting: per part the range of characters (by char index) it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split {
    pub(crate) scheme: Scheme,
    /// Exclusive end char index of each part.
    pub(crate) part_ends: Vec<usize>,
    /// Units used by each part.
    pub(crate) part_units: Vec<usize>,
    /// Capacity of each part in units.
    pub(crate) per_segment: usize,
}

impl Split {
    pub(crate) fn segments(&self) -> usize {
        self.part_ends.len()
    }

    pub(crate) fn units_total(&self) -> usize {
        self.part_units.iter().sum()
    }
}

fn split_costs(costs: &[u8], scheme: Scheme, layout: Layout) -> Split {
    let total: usize = costs.iter().map(|&c| usize::from(c)).sum();
    let single = scheme.capacity(false, layout.concat_16bit);
    if total <= single {
        return Split {
            scheme,
            part_ends: vec![costs.len()],
            part_units: vec![total],
            per_segment: single,
        };
    }
    let cap = scheme.capacity(true, layout.concat_16bit);
    let mut part_ends = Vec::with_capacity(total / cap + 1);
    let mut part_units = Vec::with_capacity(total / cap + 1);
    let mut used = 0usize;
    for (i, &c) in costs.iter().enumerate() {
        let c = usize::from(c);
        // A character never straddles two parts: escape pairs and surrogate pairs move whole.
        if used + c > cap {
            part_ends.push(i);
            part_units.push(used);
            used = 0;
        }
        used += c;
    }
    part_ends.push(costs.len());
    part_units.push(used);
    Split {
        scheme,
        part_ends,
        part_units,
        per_segment: cap,
    }
}

/// The national table pairs tried when the default alphabet cannot encode a text.
fn national_charsets() -> impl Iterator<Item = Charset> {
    let locking = [None, Some(Language::Turkish), Some(Language::Portuguese)];
    let single = [
        None,
        Some(Language::Turkish),
        Some(Language::Spanish),
        Some(Language::Portuguese),
    ];
    locking.into_iter().flat_map(move |l| {
        single
            .into_iter()
            .map(move |s| Charset {
                locking: l,
                single: s,
            })
            .filter(|cs| *cs != Charset::DEFAULT)
    })
}

/// Chooses the coding of `text` and splits it into parts.
pub(crate) fn split_text(text: &str, layout: Layout) -> Split {
    if let Some(costs) = gsm7_costs(text, Charset::DEFAULT) {
        let scheme = Scheme {
            encoding: Encoding::Gsm7,
            charset: Charset::DEFAULT,
        };
        return split_costs(&costs, scheme, layout);
    }
    let ucs2 = split_costs(
        &ucs2_costs(text),
        Scheme {
            encoding: Encoding::Ucs2,
            charset: Charset::DEFAULT,
        },
        layout,
    );
    if !layout.allow_national {
        return ucs2;
    }
    let mut best = ucs2;
    for cs in national_charsets() {
        if let Some(costs) = gsm7_costs(text, cs) {
            let s = split_costs(
                &costs,
                Scheme {
                    encoding: Encoding::Gsm7,
                    charset: cs,
                },
                layout,
            );
            // National tables only where they save parts (UCS-2 is understood everywhere).
            if s.segments() < best.segments() {
                best = s;
            }
        }
    }
    best
}

/// Septets for `text` in `cs`; the caller has checked that every character is encodable.
pub(crate) fn gsm7_septets(text: &str, cs: Charset, out: &mut Vec<u8>) {
    for c in text.chars() {
        match cs.encode(c) {
            Some(Code::Basic(s)) => out.push(s),
            Some(Code::Ext(s)) => {
                out.push(crate::gsm7::ESC);
                out.push(s);
            }
            // Unreachable for a text `split_text` chose GSM-7 for; a space keeps the
            // length right rather than panicking.
            None => out.push(0x20),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT_LAYOUT: Layout = Layout {
        allow_national: true,
        concat_16bit: false,
    };

    #[test]
    fn capacities_match_the_familiar_figures() {
        let gsm = Scheme {
            encoding: Encoding::Gsm7,
            charset: Charset::DEFAULT,
        };
        let ucs = Scheme {
            encoding: Encoding::Ucs2,
            charset: Charset::DEFAULT,
        };
        assert_eq!(gsm.capacity(false, false), 160);
        assert_eq!(gsm.capacity(true, false), 153);
        assert_eq!(gsm.capacity(true, true), 152);
        assert_eq!(ucs.capacity(false, false), 70);
        assert_eq!(ucs.capacity(true, false), 67);
        let turkish = Scheme {
            encoding: Encoding::Gsm7,
            charset: Charset {
                locking: Some(Language::Turkish),
                single: Some(Language::Turkish),
            },
        };
        // UDH 7 octets = 8 septets.
        assert_eq!(turkish.capacity(false, false), 152);
        assert_eq!(turkish.capacity(true, false), 146);
    }

    #[test]
    fn escape_sequences_are_never_split() {
        // 152 'a' then '€' (2 septets): the euro does not fit in part one's 153 septets.
        let text = format!("{}€{}", "a".repeat(152), "b".repeat(10));
        let s = split_text(&text, DEFAULT_LAYOUT);
        assert_eq!(s.part_ends, vec![152, 163]);
        assert_eq!(s.part_units, vec![152, 12]);
    }

    #[test]
    fn surrogate_pairs_are_never_split() {
        let text = format!("{}😀x", "ж".repeat(66));
        let s = split_text(&text.repeat(2), DEFAULT_LAYOUT);
        assert_eq!(s.scheme.encoding, Encoding::Ucs2);
        assert_eq!(s.part_units[0], 66);
    }

    #[test]
    fn turkish_text_uses_shift_tables_only_when_it_saves_parts() {
        // 100 chars with 'ş' and 'ğ': UCS-2 needs 2 parts, Turkish single shift 1.
        let text = "Merhaba, şimdi ödeme yapabilirsiniz. Teşekkürler ve iyi günler diliyoruz, ğ. ";
        let s = split_text(text, DEFAULT_LAYOUT);
        assert_eq!(s.scheme.encoding, Encoding::Gsm7);
        assert!(s.scheme.charset != Charset::DEFAULT);
        assert_eq!(s.segments(), 1);
        // Short text: UCS-2 fits in one part too, so no national tables.
        let s = split_text("şimdi", DEFAULT_LAYOUT);
        assert_eq!(s.scheme.encoding, Encoding::Ucs2);
    }
}
