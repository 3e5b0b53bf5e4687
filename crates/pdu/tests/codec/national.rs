//! National language shift tables (TS 23.038 6.2.1.2, Annex A) end to end.

use simgate_pdu::{Encoding, Language, Pdu, SubmitOptions, decode, encode_submit, plan};

#[test]
fn turkish_text_round_trips_through_shift_tables() {
    // 90 characters with ş/ğ/ı: UCS-2 would need 2 parts, Turkish tables fit one.
    let text =
        "Sayın müşterimiz, siparişiniz yola çıktı. Teşekkür ederiz; iyi günler dileriz. Ğğ Şş İı";
    let p = plan(text);
    assert_eq!(p.encoding, Encoding::Gsm7);
    assert_eq!(p.segments, 1);
    let tables = p.national_tables.unwrap();
    assert!(tables.locking == Some(Language::Turkish) || tables.single == Some(Language::Turkish));
    let parts = encode_submit("+905321234567", text, &SubmitOptions::default()).unwrap();
    assert_eq!(parts.len(), 1);
    let Pdu::Submit(s) = decode(&parts[0].hex, true).unwrap() else {
        panic!("not a submit");
    };
    assert_eq!(s.text(), Some(text));
    let h = s.header.unwrap();
    assert!(h.locking_shift.is_some() || h.single_shift.is_some());
}

#[test]
fn national_tables_can_be_turned_off() {
    let text =
        "Sayın müşterimiz, siparişiniz yola çıktı. Teşekkür ederiz; iyi günler dileriz. Ğğ Şş İı";
    let opts = SubmitOptions {
        national_tables: false,
        ..SubmitOptions::default()
    };
    let parts = encode_submit("+905321234567", text, &opts).unwrap();
    assert_eq!(parts.len(), 2);
    let Pdu::Submit(s) = decode(&parts[0].hex, true).unwrap() else {
        panic!("not a submit");
    };
    assert_eq!(s.coding.encoding, Encoding::Ucs2);
}

#[test]
fn portuguese_locking_shift_decodes() {
    // Built by hand: SMS-DELIVER, UDHI, UDH 03 25 01 03 (locking shift, Portuguese,
    // TS 23.040 9.2.3.24.16); 4 header octets = 32 bits, padded by 3 fill bits to 5 septets;
    // then septets 0x7B 0x7C ("ãõ" in TS 23.038 A.3.3). UDL = 5 + 2 = 7.
    let udh = "03250103";
    // The text starts at bit 3 of the octet after the header.
    let septets: u32 = (0x7B << 3) | (0x7C << 10);
    let body = format!(
        "{:02X}{:02X}{:02X}",
        septets & 0xFF,
        (septets >> 8) & 0xFF,
        (septets >> 16) & 0xFF
    );
    let hex = format!("00440D91945111325476F8000062112241100080 07 {udh}{body}").replace(' ', "");
    let Pdu::Deliver(d) = decode(&hex, true).unwrap() else {
        panic!("not a deliver");
    };
    assert_eq!(d.text(), Some("ãõ"));
}
