//! SMS-DELIVER decoding (TS 23.040 9.2.2.1).

use simgate_pdu::{Body, Deliver, Encoding, Pdu, Ton, WaitingKind, decode};

fn deliver(hex: &str) -> Deliver {
    match decode(hex, true).unwrap() {
        Pdu::Deliver(d) => d,
        other => panic!("expected SMS-DELIVER, got {other:?}"),
    }
}

/// The SMS-DELIVER walkthrough on dreamfabric.com/sms (a widely cited explanation of
/// TS 23.040 9.2.2.1): SMSC +27381000015, sender 27838890001 (type 0xC8), "hellohello".
const DREAMFABRIC: &str =
    "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37";

#[test]
fn dreamfabric_worked_example() {
    let d = deliver(DREAMFABRIC);
    assert_eq!(d.smsc.as_deref(), Some("+27381000015"));
    assert_eq!(d.originator.number, "27838890001");
    assert_eq!(d.originator.ton, Ton::Subscriber);
    assert_eq!(d.timestamp.to_string(), "1999-03-29T15:16:59+02:00");
    assert_eq!(d.text(), Some("hellohello"));
    assert!(!d.more_messages);
}

#[test]
fn dreamfabric_example_as_json() {
    let json = serde_json::to_value(decode(DREAMFABRIC, true).unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "type": "deliver",
            "smsc": "+27381000015",
            "originator": {"number": "27838890001", "ton": "subscriber"},
            "timestamp": "1999-03-29T15:16:59+02:00",
            "encoding": "gsm7",
            "text": "hellohello"
        })
    );
}

#[test]
fn missing_smsc_field_is_tolerated() {
    // The same TPDU without the SMSC field in front, decoded as if it had one.
    let bare = &DREAMFABRIC[16..];
    let d = deliver(bare);
    assert_eq!(d.smsc, None);
    assert_eq!(d.text(), Some("hellohello"));
}

#[test]
fn trailing_octets_and_ff_padding_are_ignored() {
    let d = deliver(&format!("{DREAMFABRIC}FFFFFFFF"));
    assert_eq!(d.text(), Some("hellohello"));
    let d = deliver(&format!("{DREAMFABRIC}0000"));
    assert_eq!(d.text(), Some("hellohello"));
}

/// Built by hand: SMSC 00; first octet 04; TP-OA 0B D0 + "MyShop" packed (CDFC14FD8603);
/// PID 00; DCS 00; SCTS 2026-11-26 08:30:15 -03:30 (62116280035149, zone 0x49 = tens 1 with
/// the sign bit, units 4 = 14 quarters); UDL 02; "Hi" = C834.
const ALPHA_NEGATIVE_ZONE: &str = "00040BD0CDFC14FD860300006211628003514902C834";

#[test]
fn alphanumeric_sender_and_negative_quarter_hour_zone() {
    let d = deliver(ALPHA_NEGATIVE_ZONE);
    assert_eq!(d.originator.number, "MyShop");
    assert_eq!(d.originator.ton, Ton::Alphanumeric);
    assert_eq!(d.timestamp.to_string(), "2026-11-26T08:30:15-03:30");
    assert_eq!(d.text(), Some("Hi"));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["smsc"], serde_json::Value::Null);
    assert_eq!(json["originator"]["ton"], "alphanumeric");
}

#[test]
fn class_0_flash_message() {
    // ALPHA_NEGATIVE_ZONE with DCS 10 (general group, class meaningful, class 0).
    let hex = ALPHA_NEGATIVE_ZONE.replacen("860300006211", "860300106211", 1);
    let d = deliver(&hex);
    assert_eq!(d.coding.class, Some(0));
    assert_eq!(d.text(), Some("Hi"));
    assert_eq!(serde_json::to_value(&d).unwrap()["message_class"], 0);
}

#[test]
fn voicemail_waiting_indication() {
    // DCS C8: message waiting group "discard", active, voicemail; UDL 00.
    let hex = "00040BD0CDFC14FD860300C8621162800351490000";
    let d = deliver(hex);
    let w = d.coding.waiting.unwrap();
    assert!(w.active);
    assert_eq!(w.kind, WaitingKind::Voicemail);
    assert_eq!(d.text(), Some(""));
}

#[test]
fn compressed_user_data_is_flagged_not_garbled() {
    // DCS 20: general group, compressed, GSM-7 alphabet. TS 23.042 compression is not
    // decoded: the octets are kept and the JSON says so.
    let hex = "00040BD0CDFC14FD86030020621162800351490301020300";
    let d = deliver(hex);
    assert!(d.coding.compressed);
    assert_eq!(d.body, Body::Data(vec![1, 2, 3]));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["compressed"], true);
    assert_eq!(json["data_hex"], "010203");
    assert!(json.get("text").is_none());
}

/// Built by hand: first octet 44 (UDHI, no more messages); TP-OA +4915112345678; DCS 00;
/// SCTS 2026-11-22 14:01:00 +02:00; UDL 0C = 7 header septets + 5; UDH 05 00 03 A7 02 01
/// (TS 23.040 9.2.3.24.1: ref A7, 2 parts, part 1); one fill bit; "Hello" packed after it.
const CONCAT_GSM7: &str =
    "07917283010010F5440D91945111325476F8000062112241100080 0C 050003A70201906536FB0D";

#[test]
fn concatenated_gsm7_part_with_fill_bits() {
    let d = deliver(&CONCAT_GSM7.replace(' ', ""));
    assert_eq!(d.text(), Some("Hello"));
    let c = d.concat().unwrap();
    assert_eq!((c.reference, c.total, c.seq, c.ref_bits), (0xA7, 2, 1, 8));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json["concat"],
        serde_json::json!({"ref": 167, "total": 2, "seq": 1, "ref_bits": 8})
    );
    assert_eq!(json["originator"]["number"], "+4915112345678");
    assert_eq!(json["originator"]["ton"], "international");
}

#[test]
fn ucs2_with_surrogate_pair_and_16_bit_reference() {
    // DCS 08; UDL 11; UDH 06 08 04 1234 02 02 (TS 23.040 9.2.3.24.8); "Hi 😀" in UTF-16BE,
    // the emoji as the surrogate pair D83D DE00.
    let hex = "07917283010010F5440D91945111325476F80008621122411000801106080412340202004800690020D83DDE00";
    let d = deliver(hex);
    assert_eq!(d.coding.encoding, Encoding::Ucs2);
    assert_eq!(d.text(), Some("Hi 😀"));
    let c = d.concat().unwrap();
    assert_eq!((c.reference, c.seq, c.ref_bits), (0x1234, 2, 16));
}

#[test]
fn eight_bit_data_with_application_ports() {
    // DCS 04; UDL 0A; UDH 06 05 04 0B84 23F0 (16-bit ports 2948 <- 9200, the WAP push ports,
    // TS 23.040 9.2.3.24.4); data 01 02 03.
    let hex = "00440D91945111325476F80004621122411000800A0605040B8423F0010203";
    let d = deliver(hex);
    assert_eq!(d.coding.encoding, Encoding::EightBit);
    assert_eq!(d.body, Body::Data(vec![1, 2, 3]));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["encoding"], "8bit");
    assert_eq!(json["data_hex"], "010203");
    assert_eq!(json["ports"]["destination"], 2948);
    assert!(json.get("text").is_none());
}

#[test]
fn reserved_message_type_is_processed_as_deliver() {
    // TS 23.040 9.2.3.1: TP-MTI 11 (reserved) is handled as SMS-DELIVER.
    let hex = ALPHA_NEGATIVE_ZONE.replacen("0004", "0007", 1);
    assert_eq!(deliver(&hex).text(), Some("Hi"));
}

#[test]
fn bare_tpdu_is_recognised_by_its_type_of_address() {
    // ALPHA_NEGATIVE_ZONE without its "00" SMSC field: read with an SMSC field, 04 would be
    // the SMSC length and 0B its type-of-address, whose bit 7 must be set (TS 24.008
    // 10.5.4.7), so the decoder falls back to reading a bare TPDU.
    let d = deliver(&ALPHA_NEGATIVE_ZONE[2..]);
    assert_eq!(d.originator.number, "MyShop");
    assert_eq!(d.text(), Some("Hi"));
}
