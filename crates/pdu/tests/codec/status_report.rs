//! SMS-STATUS-REPORT decoding (TS 23.040 9.2.2.3).

use simgate_pdu::{Pdu, StatusCategory, StatusReport, decode};

/// Built by hand: SMSC +27381000015; first octet 06 (TP-MTI 10, no more messages); TP-MR 2A;
/// TP-RA +4915112345678; TP-SCTS 2026-11-26 14:01:00 +02:00; TP-DT 2026-11-26 14:02:03 +02:00;
/// TP-ST follows (appended by each test), then optional fields.
const BEFORE_ST: &str = "07917283010010F5062A0D91945111325476F86211624110008062116241203080";

fn report(hex: &str) -> StatusReport {
    match decode(hex, true).unwrap() {
        Pdu::StatusReport(r) => r,
        other => panic!("expected SMS-STATUS-REPORT, got {other:?}"),
    }
}

#[test]
fn delivered_report_without_optional_fields_as_json() {
    let r = report(&format!("{BEFORE_ST}00"));
    assert_eq!(r.message_reference, 0x2A);
    assert_eq!(r.recipient.number, "+4915112345678");
    assert_eq!(r.status, 0);
    assert_eq!(r.category, StatusCategory::Completed);
    assert_eq!(r.discharge_time.to_string(), "2026-11-26T14:02:03+02:00");
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        serde_json::json!({
            "type": "status-report",
            "smsc": "+27381000015",
            "message_reference": 42,
            "recipient": {"number": "+4915112345678", "ton": "international"},
            "timestamp": "2026-11-26T14:01:00+02:00",
            "discharge_time": "2026-11-26T14:02:03+02:00",
            "status": 0,
            "category": "completed"
        })
    );
}

#[test]
fn ff_padding_after_status_means_no_parameter_indicator() {
    let r = report(&format!("{BEFORE_ST}00FFFF"));
    assert_eq!(r.protocol_id, None);
    assert_eq!(r.body, None);
}

#[test]
fn parameter_indicator_with_pid_dcs_and_user_data() {
    // TP-PI 07 (PID, DCS, UDL present), PID 00, DCS 00, UDL 02, "Hi".
    let r = report(&format!("{BEFORE_ST}00 07 00 00 02 C834").replace(' ', ""));
    assert_eq!(r.protocol_id, Some(0));
    assert_eq!(r.body.as_ref().and_then(|b| b.text()), Some("Hi"));
    // TP-PI 01: only the PID.
    let r = report(&format!("{BEFORE_ST}00 01 00").replace(' ', ""));
    assert_eq!((r.protocol_id, r.coding), (Some(0), None));
}

#[test]
fn status_categories() {
    // TS 23.040 9.2.3.15.
    for (st, cat) in [
        ("00", StatusCategory::Completed),
        ("30", StatusCategory::StillTrying),
        ("41", StatusCategory::PermanentError),
        ("62", StatusCategory::TemporaryError),
    ] {
        let hex = format!("{BEFORE_ST}{st}");
        let r = report(&hex);
        assert_eq!(r.category, cat, "TP-ST {st}");
        assert_eq!(format!("{:02X}", r.status), st);
    }
    assert!(!StatusCategory::StillTrying.is_final());
    assert!(StatusCategory::PermanentError.is_final());
}

#[test]
fn reserved_status_values_are_final_failures() {
    // TS 23.040 9.2.3.15 defines 0x00-0x7F; SimGate reads the rest as a final failure.
    let r = report(&format!("{BEFORE_ST}80"));
    assert_eq!(r.category, StatusCategory::Reserved);
    assert!(r.category.is_final());
    assert_eq!(serde_json::to_value(&r).unwrap()["category"], "reserved");
}
