//! Decoding SMS-DELIVER (TS 23.040 9.2.2.1), SMS-SUBMIT (9.2.2.2) and SMS-STATUS-REPORT
//! (9.2.2.3) PDUs as modems hand them over in PDU mode (TS 27.005 3.1: SMSC field, then TPDU).

use serde::Serialize;

use crate::address::{Address, read_smsc, read_tp_address};
use crate::dcs::DataCoding;
use crate::error::{DecodeError, Field};
use crate::reader::Reader;
use crate::timestamp::{Timestamp, Validity, relative_duration};
use crate::udh::{Concat, UserDataHeader};
use crate::userdata::{self, Body};

/// A received SMS (SMS-DELIVER, TS 23.040 9.2.2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deliver {
    /// SMSC that delivered it, `+digits` for international numbers.
    pub smsc: Option<String>,
    /// TP-OA: the sender, a number or an alphanumeric name.
    pub originator: Address,
    /// TP-SCTS: when the service centre received it, in the sender network's own offset.
    pub timestamp: Timestamp,
    /// TP-PID.
    pub protocol_id: u8,
    /// TP-DCS.
    pub coding: DataCoding,
    /// TP-MMS inverted: the SC has more messages waiting for this handset (TS 23.040 9.2.3.2).
    pub more_messages: bool,
    /// TP-SRI: the sender asked for a status report (TS 23.040 9.2.3.4).
    pub status_report_indication: bool,
    /// TP-RP: a reply path exists (TS 23.040 9.2.3.17).
    pub reply_path: bool,
    /// TP-UDH when TP-UDHI is set.
    pub header: Option<UserDataHeader>,
    /// The text or data.
    pub body: Body,
}

/// A message to send (SMS-SUBMIT, TS 23.040 9.2.2.2), e.g. read back from a modem's sent box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submit {
    /// SMSC field, if present and not empty.
    pub smsc: Option<String>,
    /// TP-MR.
    pub message_reference: u8,
    /// TP-DA.
    pub destination: Address,
    /// TP-PID.
    pub protocol_id: u8,
    /// TP-DCS.
    pub coding: DataCoding,
    /// TP-VP as given.
    pub validity: Option<Validity>,
    /// TP-SRR.
    pub status_report_request: bool,
    /// TP-RD.
    pub reject_duplicates: bool,
    /// TP-RP.
    pub reply_path: bool,
    /// TP-UDH when TP-UDHI is set.
    pub header: Option<UserDataHeader>,
    /// The text or data.
    pub body: Body,
}

/// TP-ST category (TS 23.040 9.2.3.15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum StatusCategory {
    /// 0x00-0x1F: transaction completed (0x00 received by the recipient).
    Completed,
    /// 0x20-0x3F: temporary error, the SC is still trying.
    StillTrying,
    /// 0x40-0x5F: permanent error, the SC is not making more attempts.
    PermanentError,
    /// 0x60-0x7F: temporary error, the SC is not making more attempts.
    TemporaryError,
    /// 0x80-0xFF: reserved values; SimGate treats the message as failed.
    Reserved,
}

impl StatusCategory {
    /// The category of a TP-ST value (TS 23.040 9.2.3.15).
    pub fn of(status: u8) -> StatusCategory {
        match status {
            0x00..=0x1F => StatusCategory::Completed,
            0x20..=0x3F => StatusCategory::StillTrying,
            0x40..=0x5F => StatusCategory::PermanentError,
            0x60..=0x7F => StatusCategory::TemporaryError,
            _ => StatusCategory::Reserved,
        }
    }

    /// Whether the SC has stopped working on the message (delivered or given up).
    pub fn is_final(self) -> bool {
        !matches!(self, StatusCategory::StillTrying)
    }
}

/// A delivery report (SMS-STATUS-REPORT, TS 23.040 9.2.2.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    /// SMSC field, if present and not empty.
    pub smsc: Option<String>,
    /// TP-MR of the SMS-SUBMIT this report is about (what `+CMGS: <mr>` returned).
    pub message_reference: u8,
    /// TP-RA: the recipient of that message.
    pub recipient: Address,
    /// TP-SCTS of the original message.
    pub timestamp: Timestamp,
    /// TP-DT: when the status below was reached (delivery, or the final failure).
    pub discharge_time: Timestamp,
    /// TP-ST as received.
    pub status: u8,
    /// Category of `status`.
    pub category: StatusCategory,
    /// TP-SRQ: the report answers an SMS-COMMAND rather than an SMS-SUBMIT.
    pub for_command: bool,
    /// TP-MMS inverted: more messages are waiting.
    pub more_messages: bool,
    /// TP-PID, when TP-PI announces it.
    pub protocol_id: Option<u8>,
    /// TP-DCS, when TP-PI announces it.
    pub coding: Option<DataCoding>,
    /// TP-UDH, when user data is present and TP-UDHI is set.
    pub header: Option<UserDataHeader>,
    /// TP-UD, when TP-PI announces TP-UDL.
    pub body: Option<Body>,
}

/// A decoded PDU.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pdu {
    /// An incoming message.
    Deliver(Deliver),
    /// An outgoing message.
    Submit(Submit),
    /// A delivery report.
    StatusReport(StatusReport),
}

impl Deliver {
    /// The text, `None` for 8-bit or compressed data.
    pub fn text(&self) -> Option<&str> {
        self.body.text()
    }

    /// Concatenation information, if this is part of a longer message.
    pub fn concat(&self) -> Option<Concat> {
        self.header.as_ref().and_then(|h| h.concat)
    }
}

impl Submit {
    /// The text, `None` for 8-bit or compressed data.
    pub fn text(&self) -> Option<&str> {
        self.body.text()
    }

    /// Concatenation information, if this is part of a longer message.
    pub fn concat(&self) -> Option<Concat> {
        self.header.as_ref().and_then(|h| h.concat)
    }
}

/// Decodes a PDU given as hex, as `+CMGR`, `+CMGL`, `+CMT` and `+CDS` show it.
///
/// `has_smsc`: whether the hex starts with the SMSC field (TS 27.005 3.1; true for modems in
/// their default configuration). If decoding with an SMSC field fails, the PDU is decoded
/// again as a bare TPDU, because some modems leave the field out.
///
/// Octets after the user data (trailing junk, `FF` padding) are ignored.
///
/// # Errors
/// [`DecodeError`] names the field and octet where the PDU is malformed.
pub fn decode(hex: &str, has_smsc: bool) -> Result<Pdu, DecodeError> {
    // SMSC field (12) + longest TPDU (164) fit on the stack; longer junk goes to the heap.
    let mut stack = [0u8; 192];
    if hex.len() / 2 <= stack.len() {
        let n = crate::hex::decode_into(hex, &mut stack)?;
        decode_bytes(&stack[..n], has_smsc)
    } else {
        decode_bytes(&crate::hex::decode(hex)?, has_smsc)
    }
}

/// [`decode`] for PDU octets.
///
/// # Errors
/// As [`decode`].
pub fn decode_bytes(bytes: &[u8], has_smsc: bool) -> Result<Pdu, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    match decode_inner(bytes, has_smsc) {
        Err(first) if has_smsc => decode_inner(bytes, false).map_err(|_| first),
        result => result,
    }
}

fn decode_inner(bytes: &[u8], has_smsc: bool) -> Result<Pdu, DecodeError> {
    let mut r = Reader::new(bytes, 0);
    let smsc = if has_smsc { read_smsc(&mut r)? } else { None };
    let first = r.u8(Field::FirstOctet)?;
    // TS 23.040 9.2.3.1 TP-MTI, bits 1-0, in the SC -> MS direction. 01 is read as SMS-SUBMIT
    // (a modem returns stored outgoing messages), and the reserved 11 is processed as an
    // SMS-DELIVER, as 9.2.3.1 tells a receiving MS to.
    match first & 0x03 {
        0b01 => decode_submit(&mut r, smsc, first).map(Pdu::Submit),
        0b10 => decode_status_report(&mut r, smsc, first).map(Pdu::StatusReport),
        _ => decode_deliver(&mut r, smsc, first).map(Pdu::Deliver),
    }
}

fn decode_deliver(
    r: &mut Reader<'_>,
    smsc: Option<String>,
    first: u8,
) -> Result<Deliver, DecodeError> {
    let originator = read_tp_address(r, Field::OriginatingAddress)?;
    let protocol_id = r.u8(Field::ProtocolId)?;
    let coding = DataCoding::from_octet(r.u8(Field::DataCodingScheme)?);
    let timestamp = Timestamp::read(r, Field::ServiceCentreTimestamp)?;
    let ud = userdata::read(r, &coding, first & 0x40 != 0)?;
    Ok(Deliver {
        smsc,
        originator,
        timestamp,
        protocol_id,
        coding,
        more_messages: first & 0x04 == 0,
        status_report_indication: first & 0x20 != 0,
        reply_path: first & 0x80 != 0,
        header: ud.header,
        body: ud.body,
    })
}

fn decode_submit(
    r: &mut Reader<'_>,
    smsc: Option<String>,
    first: u8,
) -> Result<Submit, DecodeError> {
    let message_reference = r.u8(Field::MessageReference)?;
    let destination = read_tp_address(r, Field::DestinationAddress)?;
    let protocol_id = r.u8(Field::ProtocolId)?;
    let coding = DataCoding::from_octet(r.u8(Field::DataCodingScheme)?);
    // TS 23.040 9.2.3.3 TP-VPF, bits 4-3.
    let validity = match (first >> 3) & 0x03 {
        0b00 => None,
        0b10 => Some(Validity::Relative(relative_duration(
            r.u8(Field::ValidityPeriod)?,
        ))),
        0b11 => Some(Validity::Absolute(Timestamp::read(
            r,
            Field::ValidityPeriod,
        )?)),
        _ => {
            let raw = r.take(7, Field::ValidityPeriod)?;
            let mut a = [0u8; 7];
            a.copy_from_slice(raw);
            Some(Validity::Enhanced(a))
        }
    };
    let ud = userdata::read(r, &coding, first & 0x40 != 0)?;
    Ok(Submit {
        smsc,
        message_reference,
        destination,
        protocol_id,
        coding,
        validity,
        status_report_request: first & 0x20 != 0,
        reject_duplicates: first & 0x04 != 0,
        reply_path: first & 0x80 != 0,
        header: ud.header,
        body: ud.body,
    })
}

fn decode_status_report(
    r: &mut Reader<'_>,
    smsc: Option<String>,
    first: u8,
) -> Result<StatusReport, DecodeError> {
    let message_reference = r.u8(Field::MessageReference)?;
    let recipient = read_tp_address(r, Field::RecipientAddress)?;
    let timestamp = Timestamp::read(r, Field::ServiceCentreTimestamp)?;
    let discharge_time = Timestamp::read(r, Field::DischargeTime)?;
    let status = r.u8(Field::Status)?;
    let mut report = StatusReport {
        smsc,
        message_reference,
        recipient,
        timestamp,
        discharge_time,
        status,
        category: StatusCategory::of(status),
        for_command: first & 0x20 != 0,
        more_messages: first & 0x04 == 0,
        protocol_id: None,
        coding: None,
        header: None,
        body: None,
    };
    // TS 23.040 9.2.3.27: TP-PI and the fields it announces are optional. Nothing after
    // TP-ST, or only FF padding, means none of them.
    if r.rest().iter().all(|&b| b == 0xFF) {
        return Ok(report);
    }
    let mut pi = r.u8(Field::ParameterIndicator)?;
    let indicator = pi;
    // Bit 7 extends TP-PI with further octets, whose bits are all reserved: skip them.
    while pi & 0x80 != 0 {
        pi = r.u8(Field::ParameterIndicator)?;
    }
    if indicator & 0x01 != 0 {
        report.protocol_id = Some(r.u8(Field::ProtocolId)?);
    }
    if indicator & 0x02 != 0 {
        report.coding = Some(DataCoding::from_octet(r.u8(Field::DataCodingScheme)?));
    }
    if indicator & 0x04 != 0 {
        // TS 23.040 9.2.3.27: without TP-DCS the default alphabet is assumed.
        let coding = report.coding.unwrap_or(DataCoding::from_octet(0));
        let ud = userdata::read(r, &coding, first & 0x40 != 0)?;
        report.header = ud.header;
        report.body = Some(ud.body);
    }
    Ok(report)
}
