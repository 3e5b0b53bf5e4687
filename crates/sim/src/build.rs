//! Builders for the PDUs a network sends to a handset: SMS-DELIVER (TS 23.040
//! clause 9.2.2.1) and SMS-STATUS-REPORT (clause 9.2.2.3), and packed GSM
//! 7-bit USSD strings (TS 23.038 clause 6.1.2.3).
//!
//! `simgate-pdu` encodes only SMS-SUBMIT, so these reuse it for the hard part
//! (alphabet choice, packing, concatenation headers) and re-frame the result:
//! a DELIVER carries the same address, TP-PID, TP-DCS and user data as the
//! SUBMIT that produced it.

use simgate_pdu::{SubmitOptions, encode_submit};
use time::OffsetDateTime;

/// The fields of an SMS-SUBMIT TPDU the builders need (TS 23.040 clause 9.2.2.2).
#[derive(Debug, Clone)]
pub(crate) struct SubmitFields {
    /// TP-UDHI (bit 6 of the first octet).
    pub udhi: bool,
    /// TP-SRR (bit 5): a status report was requested.
    pub srr: bool,
    /// TP-DA as on the wire: length, type of address, semi-octets.
    pub address: Vec<u8>,
    pub pid: u8,
    pub dcs: u8,
    /// TP-UDL and TP-UD.
    pub user_data: Vec<u8>,
}

/// Splits an SMS-SUBMIT (SMSC field included) into its fields; `None` when it
/// is not a well-formed SUBMIT.
pub(crate) fn parse_submit(pdu: &[u8]) -> Option<SubmitFields> {
    let mut i = usize::from(*pdu.first()?) + 1;
    let fo = *pdu.get(i)?;
    if fo & 0x03 != 0x01 {
        return None;
    }
    i += 2; // first octet, TP-MR
    let digits = usize::from(*pdu.get(i)?);
    let addr_len = 2 + digits.div_ceil(2);
    let address = pdu.get(i..i + addr_len)?.to_vec();
    i += addr_len;
    let pid = *pdu.get(i)?;
    let dcs = *pdu.get(i + 1)?;
    i += 2;
    // TS 23.040 clause 9.2.3.3: TP-VPF in bits 4-3.
    i += match (fo >> 3) & 0x03 {
        0 => 0,
        2 => 1,
        _ => 7,
    };
    let user_data = pdu.get(i..)?.to_vec();
    if user_data.is_empty() {
        return None;
    }
    Some(SubmitFields {
        udhi: fo & 0x40 != 0,
        srr: fo & 0x20 != 0,
        address,
        pid,
        dcs,
        user_data,
    })
}

/// TS 23.040 clause 9.2.3.11: seven octets of swapped-nibble BCD, UTC (zone 0).
pub(crate) fn scts(t: OffsetDateTime) -> [u8; 7] {
    let bcd = |v: u8| ((v % 10) << 4) | (v / 10);
    [
        bcd((t.year() % 100) as u8),
        bcd(u8::from(t.month())),
        bcd(t.day()),
        bcd(t.hour()),
        bcd(t.minute()),
        bcd(t.second()),
        0,
    ]
}

/// SMS-DELIVER PDUs (with an empty SMSC field) carrying `text` from `from`,
/// concatenated with reference `concat_ref` when it needs several parts.
pub fn deliver_pdus(from: &str, text: &str, concat_ref: u16) -> Result<Vec<String>, String> {
    let opts = SubmitOptions {
        concat_reference: concat_ref,
        national_tables: false,
        ..SubmitOptions::default()
    };
    let parts = encode_submit(from, text, &opts).map_err(|e| e.to_string())?;
    let now = OffsetDateTime::now_utc();
    parts
        .iter()
        .map(|p| {
            let bytes = hex::decode(&p.hex).map_err(|e| e.to_string())?;
            let f = parse_submit(&bytes).ok_or("encoder produced no SUBMIT")?;
            // First octet: TP-MTI 00 (DELIVER), TP-MMS set (no more messages), TP-UDHI.
            let mut out = vec![0x00, 0x04 | if f.udhi { 0x40 } else { 0 }];
            out.extend(&f.address);
            out.push(f.pid);
            out.push(f.dcs);
            out.extend(scts(now));
            out.extend(&f.user_data);
            Ok(hex::encode_upper(out))
        })
        .collect()
}

/// An SMS-STATUS-REPORT (with an empty SMSC field) for the message with
/// reference `mr` sent to `recipient` (TP-RA in wire form), with TP-ST `status`.
pub(crate) fn status_report_pdu(
    mr: u8,
    recipient: &[u8],
    submitted: OffsetDateTime,
    status: u8,
) -> String {
    // First octet: TP-MTI 10 (STATUS-REPORT), TP-MMS set.
    let mut out = vec![0x00, 0x06, mr];
    out.extend(recipient);
    out.extend(scts(submitted));
    out.extend(scts(OffsetDateTime::now_utc()));
    out.push(status);
    hex::encode_upper(out)
}

/// GSM 7-bit packed hex of `text` as Huawei dongles exchange USSD strings
/// (TS 23.038 clause 6.1.2.3.1: seven spare bits at the end are filled with CR).
pub(crate) fn ussd_packed_hex(text: &str) -> Option<String> {
    let opts = SubmitOptions {
        national_tables: false,
        ..SubmitOptions::default()
    };
    let part = encode_submit("1", text, &opts).ok()?.into_iter().next()?;
    let bytes = hex::decode(&part.hex).ok()?;
    let f = parse_submit(&bytes)?;
    if f.dcs != 0 || f.udhi {
        return None;
    }
    let septets = usize::from(*f.user_data.first()?);
    let mut ud = f.user_data[1..].to_vec();
    if septets % 8 == 7 {
        if let Some(last) = ud.last_mut() {
            *last |= 0x0D << 1;
        }
    }
    Some(hex::encode_upper(ud))
}

#[cfg(test)]
mod tests {
    use super::*;
    use simgate_pdu::{Pdu, decode};

    #[test]
    fn deliver_pdus_decode_back_to_sender_and_text() {
        let pdus = deliver_pdus("+4915112345678", "Hallo Welt", 0).unwrap();
        assert_eq!(pdus.len(), 1);
        match decode(&pdus[0], true).unwrap() {
            Pdu::Deliver(d) => {
                assert_eq!(d.originator.number, "+4915112345678");
                assert_eq!(d.text(), Some("Hallo Welt"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn long_texts_become_concatenated_parts() {
        let text = "Ünïcödé ".repeat(20);
        let pdus = deliver_pdus("+4915112345678", &text, 42).unwrap();
        assert!(pdus.len() >= 2);
        let mut joined = String::new();
        for (i, p) in pdus.iter().enumerate() {
            let Pdu::Deliver(d) = decode(p, true).unwrap() else {
                panic!("not a deliver")
            };
            let c = d.concat().unwrap();
            assert_eq!((c.reference, usize::from(c.seq)), (42, i + 1));
            joined.push_str(d.text().unwrap());
        }
        assert_eq!(joined, text);
    }

    #[test]
    fn status_reports_decode_with_reference_recipient_and_status() {
        let submit = &simgate_pdu::encode_submit(
            "+4915112345678",
            "x",
            &SubmitOptions {
                status_report: true,
                ..SubmitOptions::default()
            },
        )
        .unwrap()[0];
        let f = parse_submit(&hex::decode(&submit.hex).unwrap()).unwrap();
        assert!(f.srr);
        let pdu = status_report_pdu(77, &f.address, OffsetDateTime::now_utc(), 0x00);
        match decode(&pdu, true).unwrap() {
            Pdu::StatusReport(r) => {
                assert_eq!(r.message_reference, 77);
                assert_eq!(r.recipient.number, "+4915112345678");
                assert_eq!(r.status, 0);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ussd_packing_matches_the_ts_23_038_example() {
        // "*100#" packs to AA180C3602 (a common Huawei example).
        assert_eq!(ussd_packed_hex("*100#").as_deref(), Some("AA180C3602"));
    }
}
