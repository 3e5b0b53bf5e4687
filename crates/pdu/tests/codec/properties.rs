//! Properties: no input makes the decoder panic, and every text survives encode -> decode.

use proptest::prelude::*;
use simgate_pdu::{Pdu, SubmitOptions, decode, decode_bytes, encode_submit, plan_with};

/// Texts mixing plain ASCII, GSM-7 extension characters, national-table letters, other
/// scripts and astral-plane emoji, so that every coding path and split rule is exercised.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[a-zA-Z0-9 .,!?]{0,40}",
        "[€\\[\\]{}~|^\\\\]{0,10}",
        "[şğıİŞĞçáíóúãõâêÁÍÓÚÃÕ]{0,20}",
        "[а-яА-Я]{0,20}",
        "[😀-🙏]{0,5}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), smsc in any::<bool>()) {
        let _ = decode_bytes(&bytes, smsc);
    }

    #[test]
    fn random_text_never_panics(s in any::<String>(), smsc in any::<bool>()) {
        let _ = decode(&s, smsc);
    }

    #[test]
    fn plausible_pdus_never_panic(
        head in prop::sample::select(vec!["00", "0791947101670000"]),
        first in prop::sample::select(vec![0x00u8, 0x04, 0x40, 0x44, 0x01, 0x11, 0x51, 0x59, 0x02, 0x06, 0x46, 0x03]),
        rest in prop::collection::vec(any::<u8>(), 0..180),
    ) {
        // A valid-looking start makes the random tail reach the deeper fields.
        let mut hex = format!("{head}{first:02X}");
        for b in rest {
            hex.push_str(&format!("{b:02X}"));
        }
        let _ = decode(&hex, true);
    }

    #[test]
    fn encode_then_decode_gives_the_text_back(
        text in text(),
        reference in any::<u16>(),
        concat_16bit in any::<bool>(),
        national_tables in any::<bool>(),
    ) {
        let opts = SubmitOptions {
            concat_reference: reference,
            concat_16bit,
            national_tables,
            ..SubmitOptions::default()
        };
        let parts = match encode_submit("+4915112345678", &text, &opts) {
            Ok(p) => p,
            Err(simgate_pdu::EncodeError::TooManySegments { .. }) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("encode failed: {e}"))),
        };
        prop_assert_eq!(parts.len(), plan_with(&text, &opts).segments);
        let mut joined = String::new();
        for (i, part) in parts.iter().enumerate() {
            prop_assert_eq!(part.tpdu_len, part.hex.len() / 2 - 1);
            prop_assert!(part.tpdu_len <= 164, "TPDU of {} octets", part.tpdu_len);
            let Pdu::Submit(s) = decode(&part.hex, true).map_err(|e| TestCaseError::fail(e.to_string()))? else {
                return Err(TestCaseError::fail("not an SMS-SUBMIT"));
            };
            if parts.len() > 1 {
                let c = s.concat().ok_or_else(|| TestCaseError::fail("no concat"))?;
                prop_assert_eq!(usize::from(c.seq), i + 1);
                prop_assert_eq!(usize::from(c.total), parts.len());
                let expected = if concat_16bit { reference } else { reference & 0xFF };
                prop_assert_eq!(c.reference, expected);
            }
            joined.push_str(s.text().ok_or_else(|| TestCaseError::fail("no text"))?);
        }
        prop_assert_eq!(joined, text);
    }
}
