//! Integration tests of simgate-pdu: worked examples, hand-built real-world PDUs, and
//! properties. Each hand-built PDU says how it was put together.

mod deliver;
mod errors;
mod national;
mod properties;
mod status_report;
mod submit;
