//! The JSON form of a decoded PDU, as `simgate pdu decode` prints it:
//! `type`, `smsc`, `originator` / `destination` / `recipient`, `timestamp`, `discharge_time`,
//! `encoding`, `text` or `data_hex`, `concat`, `message_reference`, `status`,
//! `message_class`, `validity_period`. Fields without a value are left out, except `smsc`,
//! which is `null` when absent.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::dcs::DataCoding;
use crate::decode::{Deliver, Pdu, StatusReport, Submit};
use crate::udh::UserDataHeader;
use crate::userdata::Body;

fn body_entries<M: SerializeMap>(
    m: &mut M,
    coding: &DataCoding,
    header: Option<&UserDataHeader>,
    body: &Body,
) -> Result<(), M::Error> {
    m.serialize_entry("encoding", &coding.encoding)?;
    match body {
        Body::Text(t) => m.serialize_entry("text", t)?,
        Body::Data(d) => m.serialize_entry("data_hex", &crate::hex::encode_upper(d))?,
    }
    if coding.compressed {
        m.serialize_entry("compressed", &true)?;
    }
    if let Some(h) = header {
        if let Some(c) = &h.concat {
            m.serialize_entry("concat", c)?;
        }
        if let Some(p) = &h.ports {
            m.serialize_entry("ports", p)?;
        }
        if let Some(l) = &h.locking_shift {
            m.serialize_entry("locking_shift", l)?;
        }
        if let Some(l) = &h.single_shift {
            m.serialize_entry("single_shift", l)?;
        }
    }
    if let Some(class) = coding.class {
        m.serialize_entry("message_class", &class)?;
    }
    if let Some(w) = &coding.waiting {
        m.serialize_entry("message_waiting", w)?;
    }
    Ok(())
}

impl Serialize for Deliver {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", "deliver")?;
        m.serialize_entry("smsc", &self.smsc)?;
        m.serialize_entry("originator", &self.originator)?;
        m.serialize_entry("timestamp", &self.timestamp)?;
        body_entries(&mut m, &self.coding, self.header.as_ref(), &self.body)?;
        m.end()
    }
}

impl Serialize for Submit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", "submit")?;
        m.serialize_entry("smsc", &self.smsc)?;
        m.serialize_entry("destination", &self.destination)?;
        m.serialize_entry("message_reference", &self.message_reference)?;
        body_entries(&mut m, &self.coding, self.header.as_ref(), &self.body)?;
        if let Some(v) = &self.validity {
            m.serialize_entry("validity_period", v)?;
        }
        if self.status_report_request {
            m.serialize_entry("status_report_request", &true)?;
        }
        m.end()
    }
}

impl Serialize for StatusReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", "status-report")?;
        m.serialize_entry("smsc", &self.smsc)?;
        m.serialize_entry("message_reference", &self.message_reference)?;
        m.serialize_entry("recipient", &self.recipient)?;
        m.serialize_entry("timestamp", &self.timestamp)?;
        m.serialize_entry("discharge_time", &self.discharge_time)?;
        m.serialize_entry("status", &self.status)?;
        m.serialize_entry("category", &self.category)?;
        if let Some(body) = &self.body {
            let coding = self.coding.unwrap_or(DataCoding::from_octet(0));
            body_entries(&mut m, &coding, self.header.as_ref(), body)?;
        }
        m.end()
    }
}

impl Serialize for Pdu {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Pdu::Deliver(d) => d.serialize(s),
            Pdu::Submit(d) => d.serialize(s),
            Pdu::StatusReport(d) => d.serialize(s),
        }
    }
}
