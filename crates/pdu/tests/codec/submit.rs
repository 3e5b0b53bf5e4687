//! SMS-SUBMIT encoding.

use std::time::Duration;

use simgate_pdu::{Encoding, Pdu, SubmitOptions, Validity, decode, encode_submit};

fn submit_of(hex: &str) -> simgate_pdu::Submit {
    match decode(hex, true).unwrap() {
        Pdu::Submit(s) => s,
        other => panic!("expected SMS-SUBMIT, got {other:?}"),
    }
}

#[test]
fn hellohello_matches_the_classic_worked_example() {
    // The SMS-SUBMIT walkthrough on dreamfabric.com/sms (based on TS 23.040 9.2.2.2):
    // 00 11 00 0B 91 6407281553F8 00 00 AA 0A E8329BFD4697D9EC37, validity 4 days.
    let opts = SubmitOptions {
        validity: Some(Validity::Relative(Duration::from_secs(4 * 86_400))),
        ..SubmitOptions::default()
    };
    let parts = encode_submit("+46708251358", "hellohello", &opts).unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(
        parts[0].hex,
        "0011000B916407281553F80000AA0AE8329BFD4697D9EC37"
    );
    assert_eq!(parts[0].tpdu_len, 23);
}

#[test]
fn status_report_request_and_smsc_are_encoded() {
    let opts = SubmitOptions {
        smsc: Some("+27381000015".into()),
        status_report: true,
        ..SubmitOptions::default()
    };
    let parts = encode_submit("0151123", "x", &opts).unwrap();
    // SMSC field 07917283010010F5 (8 octets) is not part of the AT+CMGS length.
    assert!(parts[0].hex.starts_with("07917283010010F5"));
    assert_eq!(parts[0].tpdu_len, parts[0].hex.len() / 2 - 8);
    let s = submit_of(&parts[0].hex);
    assert!(s.status_report_request);
    assert_eq!(s.smsc.as_deref(), Some("+27381000015"));
    assert_eq!(s.destination.number, "0151123");
    assert_eq!(s.destination.ton, simgate_pdu::Ton::Unknown);
}

#[test]
fn long_gsm7_text_is_split_into_153_septet_parts_with_shared_reference() {
    let text: String = (0..400)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let opts = SubmitOptions {
        concat_reference: 0x42,
        ..SubmitOptions::default()
    };
    let parts = encode_submit("+4915112345678", &text, &opts).unwrap();
    assert_eq!(parts.len(), 3);
    let mut joined = String::new();
    for (i, p) in parts.iter().enumerate() {
        let s = submit_of(&p.hex);
        let c = s.concat().unwrap();
        assert_eq!(
            (c.reference, c.total, c.seq, c.ref_bits),
            (0x42, 3, i as u8 + 1, 8)
        );
        assert_eq!(s.coding.encoding, Encoding::Gsm7);
        joined.push_str(s.text().unwrap());
    }
    assert_eq!(joined, text);
    assert_eq!(submit_of(&parts[0].hex).text().unwrap().len(), 153);
}

#[test]
fn ucs2_multipart_with_16_bit_reference() {
    let text = "Привет, мир! ".repeat(12); // 156 UTF-16 units
    let opts = SubmitOptions {
        concat_reference: 0xBEEF,
        concat_16bit: true,
        ..SubmitOptions::default()
    };
    let parts = encode_submit("+4915112345678", &text, &opts).unwrap();
    // 66 units per part with a 7-octet UDH.
    assert_eq!(parts.len(), 3);
    let mut joined = String::new();
    for p in &parts {
        let s = submit_of(&p.hex);
        assert_eq!(s.coding.encoding, Encoding::Ucs2);
        let c = s.concat().unwrap();
        assert_eq!((c.reference, c.ref_bits), (0xBEEF, 16));
        joined.push_str(s.text().unwrap());
    }
    assert_eq!(joined, text);
}

#[test]
fn extension_characters_survive_the_round_trip() {
    let text = "Price: 5€ [promo] {x} ~ | ^ \\";
    let parts = encode_submit("+4915112345678", text, &SubmitOptions::default()).unwrap();
    let s = submit_of(&parts[0].hex);
    assert_eq!(s.coding.encoding, Encoding::Gsm7);
    assert_eq!(s.text(), Some(text));
}

#[test]
fn alphanumeric_destination_is_packed_gsm7() {
    let parts = encode_submit("SimGate", "hi", &SubmitOptions::default()).unwrap();
    let s = submit_of(&parts[0].hex);
    assert_eq!(s.destination.number, "SimGate");
    assert_eq!(s.destination.ton, simgate_pdu::Ton::Alphanumeric);
}

#[test]
fn invalid_recipients_are_typed_errors() {
    let err = encode_submit("", "x", &SubmitOptions::default()).unwrap_err();
    assert_eq!(
        err,
        simgate_pdu::EncodeError::InvalidRecipient {
            reason: simgate_pdu::AddressProblem::Empty
        }
    );
    assert!(encode_submit("+49abc", "x", &SubmitOptions::default()).is_err());
}
