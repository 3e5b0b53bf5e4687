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

#[test]
fn absolute_validity_and_flash_class_are_encoded_and_shown_in_json() {
    let until = simgate_pdu::Timestamp {
        year: 2026,
        month: 12,
        day: 24,
        hour: 18,
        minute: 0,
        second: 0,
        offset_quarters: 4,
    };
    let opts = SubmitOptions {
        validity: Some(Validity::Absolute(until)),
        flash: true,
        reject_duplicates: true,
        ..SubmitOptions::default()
    };
    let parts = encode_submit("+4915112345678", "Sale ends tonight", &opts).unwrap();
    // First octet: SMS-SUBMIT 01 | TP-RD 04 | TP-VPF absolute 18 = 1D (TS 23.040 9.2.2.2).
    assert_eq!(&parts[0].hex[2..4], "1D");
    let s = submit_of(&parts[0].hex);
    assert_eq!(s.validity, Some(Validity::Absolute(until)));
    assert!(s.reject_duplicates);
    assert_eq!(s.coding.class, Some(0));
    let json = serde_json::to_value(Pdu::Submit(s)).unwrap();
    assert_eq!(json["type"], "submit");
    assert_eq!(json["destination"]["number"], "+4915112345678");
    assert_eq!(json["message_class"], 0);
    assert_eq!(
        json["validity_period"],
        serde_json::json!({"absolute": "2026-12-24T18:00:00+01:00"})
    );
}

#[test]
fn relative_validity_is_shown_in_seconds() {
    let opts = SubmitOptions {
        validity: Some(Validity::Relative(Duration::from_secs(3600))),
        ..SubmitOptions::default()
    };
    let parts = encode_submit("+4915112345678", "x", &opts).unwrap();
    let json = serde_json::to_value(decode(&parts[0].hex, true).unwrap()).unwrap();
    assert_eq!(
        json["validity_period"],
        serde_json::json!({"relative_seconds": 3600})
    );
}

#[test]
fn eight_bit_data_is_split_at_134_octets() {
    let data: Vec<u8> = (0..=255).collect();
    let opts = SubmitOptions {
        concat_reference: 7,
        ..SubmitOptions::default()
    };
    let parts = simgate_pdu::encode_submit_data("+4915112345678", &data, &opts).unwrap();
    assert_eq!(parts.len(), 2);
    let mut joined = Vec::new();
    for p in &parts {
        let s = submit_of(&p.hex);
        assert_eq!(s.coding.encoding, Encoding::EightBit);
        match s.body {
            simgate_pdu::Body::Data(d) => joined.extend(d),
            other => panic!("expected data, got {other:?}"),
        }
    }
    assert_eq!(joined, data);
}

#[test]
fn validity_beyond_63_weeks_is_rejected() {
    let opts = SubmitOptions {
        validity: Some(Validity::Relative(Duration::from_secs(64 * 7 * 86_400))),
        ..SubmitOptions::default()
    };
    assert!(matches!(
        encode_submit("+4915112345678", "x", &opts),
        Err(simgate_pdu::EncodeError::ValidityTooLong { .. })
    ));
}
