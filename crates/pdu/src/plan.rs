//! The segment planner: what a user sees while typing (encoding, parts, characters left, which
//! characters force UCS-2) and the opt-in GSM-7 optimiser that swaps typographic look-alikes
//! for GSM-7 characters when that saves parts.

use serde::Serialize;

use crate::dcs::Encoding;
use crate::gsm7::Charset;
use crate::national::Language;
use crate::scheme::{self, Layout, Split};

/// A character that is not in the GSM-7 default alphabet or its extension table
/// (TS 23.038 6.2.1, 6.2.1.1) and so forces UCS-2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ucs2Char {
    /// The character.
    #[serde(rename = "char")]
    pub ch: char,
    /// Its position in the text, counted in Unicode code points (as `Array.from(text)` in
    /// JavaScript counts).
    pub index: usize,
}

/// One replacement the optimiser made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    /// The original character.
    pub from: char,
    /// What replaced it (may be several characters, e.g. "..." for "…", or empty).
    pub to: &'static str,
    /// Code point position of `from` in the original text.
    pub index: usize,
}

/// What the GSM-7 optimiser suggests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Optimisation {
    /// The text with look-alikes replaced.
    pub text: String,
    /// Each replacement, in text order.
    pub replacements: Vec<Replacement>,
    /// Parts saved by sending `text` instead of the original (always at least 1).
    pub segments_saved: usize,
}

/// National language tables chosen for a GSM-7 text (TS 23.038 6.2.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NationalTables {
    /// Locking-shift table, replacing the default alphabet.
    pub locking: Option<Language>,
    /// Single-shift table, replacing the extension table.
    pub single: Option<Language>,
}

/// How a text will be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SegmentPlan {
    /// Chosen alphabet.
    pub encoding: Encoding,
    /// Number of SMS parts.
    pub segments: usize,
    /// Units (septets for GSM-7, UTF-16 code units for UCS-2) used in the last part.
    pub chars_used: usize,
    /// Units still free in the last part.
    pub chars_left: usize,
    /// Capacity of one part in units: 160/153 for GSM-7, 70/67 for UCS-2.
    pub per_segment: usize,
    /// Units of the whole text (an extension character such as `€` counts 2 septets).
    pub units_total: usize,
    /// Characters that force UCS-2, when the text is sent as UCS-2.
    pub ucs2_chars: Vec<Ucs2Char>,
    /// National language tables, when GSM-7 is reached through them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national_tables: Option<NationalTables>,
    /// The optimiser's suggestion, when replacing look-alikes saves parts.
    pub optimisation: Option<Optimisation>,
}

/// Look-alikes the optimiser may replace, with their GSM-7 stand-ins.
fn lookalike(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}'
        | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => "",
        '\u{2022}' | '\u{00B7}' => "*",
        '\u{2039}' | '\u{203A}' => "'",
        '\u{00D7}' => "x",
        '\u{2044}' | '\u{2215}' => "/",
        '\u{00A9}' => "(c)",
        '\u{00AE}' => "(R)",
        '\u{2122}' => "TM",
        '\t' => " ",
        'á' | 'â' | 'ã' => "a",
        'Á' | 'Â' | 'Ã' | 'À' => "A",
        'ê' | 'ë' => "e",
        'Ê' | 'Ë' | 'È' => "E",
        'í' | 'î' | 'ï' => "i",
        'Í' | 'Î' | 'Ï' | 'Ì' => "I",
        'ó' | 'ô' | 'õ' => "o",
        'Ó' | 'Ô' | 'Õ' | 'Ò' => "O",
        'ú' | 'û' => "u",
        'Ú' | 'Û' | 'Ù' => "U",
        'ç' => "Ç",
        _ => return None,
    })
}

fn plan_split(text: &str, split: &Split) -> SegmentPlan {
    let last = split.part_units.last().copied().unwrap_or(0);
    let scheme = split.scheme;
    let ucs2_chars = if scheme.encoding == Encoding::Ucs2 {
        text.chars()
            .enumerate()
            .filter(|&(_, c)| Charset::DEFAULT.encode(c).is_none())
            .map(|(index, ch)| Ucs2Char { ch, index })
            .collect()
    } else {
        Vec::new()
    };
    SegmentPlan {
        encoding: scheme.encoding,
        segments: split.segments(),
        chars_used: last,
        chars_left: split.per_segment.saturating_sub(last),
        per_segment: split.per_segment,
        units_total: split.units_total(),
        ucs2_chars,
        national_tables: (scheme.charset != Charset::DEFAULT).then_some(NationalTables {
            locking: scheme.charset.locking,
            single: scheme.charset.single,
        }),
        optimisation: None,
    }
}

/// Plans how `text` is sent with default options (national tables allowed, 8-bit concatenation
/// references): the same coding and split [`crate::encode_submit`] uses.
pub fn plan(text: &str) -> SegmentPlan {
    plan_with(text, &crate::SubmitOptions::default())
}

/// [`plan`] for specific options (national tables and reference width change capacities).
pub fn plan_with(text: &str, opts: &crate::SubmitOptions) -> SegmentPlan {
    let layout = opts.layout();
    let mut p = plan_split(text, &scheme::split_text(text, layout));
    p.optimisation = optimise(text, layout, p.segments);
    p
}

fn optimise(text: &str, layout: Layout, segments: usize) -> Option<Optimisation> {
    let mut replacements = Vec::new();
    let mut out = String::with_capacity(text.len());
    for (index, c) in text.chars().enumerate() {
        // Only characters the default alphabet lacks are replaced ('à' stays 'à').
        match lookalike(c).filter(|_| Charset::DEFAULT.encode(c).is_none()) {
            Some(to) => {
                out.push_str(to);
                replacements.push(Replacement { from: c, to, index });
            }
            None => out.push(c),
        }
    }
    if replacements.is_empty() {
        return None;
    }
    let after = scheme::split_text(&out, layout).segments();
    (after < segments).then(|| Optimisation {
        text: out,
        replacements,
        segments_saved: segments - after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_is_one_empty_gsm7_part() {
        let p = plan("");
        assert_eq!(p.encoding, Encoding::Gsm7);
        assert_eq!((p.segments, p.chars_used, p.chars_left), (1, 0, 160));
    }

    #[test]
    fn boundary_160_161() {
        let p = plan(&"a".repeat(160));
        assert_eq!((p.segments, p.chars_left, p.per_segment), (1, 0, 160));
        let p = plan(&"a".repeat(161));
        assert_eq!((p.segments, p.chars_used, p.chars_left), (2, 8, 145));
        assert_eq!(p.per_segment, 153);
    }

    #[test]
    fn euro_counts_two_septets() {
        let p = plan("€");
        assert_eq!((p.units_total, p.chars_left), (2, 158));
    }

    #[test]
    fn curly_quote_forces_ucs2_and_optimiser_fixes_it() {
        let text = format!("Your code is 1234. Don’t share it. {}", "x".repeat(40));
        let p = plan(&text);
        assert_eq!(p.encoding, Encoding::Ucs2);
        assert_eq!(p.segments, 2);
        assert_eq!(
            p.ucs2_chars,
            vec![Ucs2Char {
                ch: '’', index: 22
            }]
        );
        let o = p.optimisation.unwrap();
        assert_eq!(o.segments_saved, 1);
        assert_eq!(o.replacements[0].to, "'");
        assert!(o.text.contains("Don't"));
        assert_eq!(plan(&o.text).encoding, Encoding::Gsm7);
    }

    #[test]
    fn optimiser_stays_quiet_when_nothing_is_saved() {
        // An emoji keeps the text UCS-2 whatever happens to the quote.
        let p = plan("Don’t 😀");
        assert_eq!(p.optimisation, None);
        assert_eq!(p.ucs2_chars.len(), 2);
    }
}
