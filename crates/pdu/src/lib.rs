//! `simgate-pdu`: the SMS PDU codec of SimGate.
//!
//! A pure codec (no I/O, no async) for what GSM modems exchange in PDU mode (3GPP TS 27.005):
//!
//! - [`encode_submit`] turns a recipient and a text into SMS-SUBMIT PDUs for `AT+CMGS`
//!   (TS 23.040 9.2.2.2), choosing GSM-7 (TS 23.038 6.2.1, with the extension table and, where it
//!   saves parts, national language shift tables 6.2.1.2) or UCS-2, and splitting long texts into
//!   concatenated parts (TS 23.040 9.2.3.24.1) without ever cutting an escape sequence or a
//!   surrogate pair.
//! - [`decode`] reads SMS-DELIVER, SMS-SUBMIT and SMS-STATUS-REPORT PDUs into [`Pdu`], which
//!   serialises to the JSON `simgate pdu decode` prints. Malformed input gives a
//!   [`DecodeError`] naming the field and octet; no input makes it panic.
//! - [`plan`] is the segment counter shown while typing: encoding, parts, characters left,
//!   the characters that force UCS-2, and an opt-in GSM-7 look-alike [`Optimisation`].
//!
//! What it does not do: decompress TS 23.042 compressed text (such messages decode with
//! their raw octets and `compressed: true`), decode SMS-COMMAND or SMS-SUBMIT-REPORT, or carry
//! national shift tables other than Turkish, Spanish and Portuguese (text signalled with
//! another language decodes with the default tables).
//!
//! ```
//! use simgate_pdu::{decode, encode_submit, plan, Encoding, Pdu, SubmitOptions};
//!
//! let parts = encode_submit("+4915112345678", "Hello €", &SubmitOptions::default()).unwrap();
//! assert_eq!(parts.len(), 1);
//! // AT+CMGS=<tpdu_len>, then the hex.
//! assert_eq!(parts[0].tpdu_len, (parts[0].hex.len() - 2) / 2);
//!
//! match decode(&parts[0].hex, true).unwrap() {
//!     Pdu::Submit(s) => {
//!         assert_eq!(s.destination.number, "+4915112345678");
//!         assert_eq!(s.text(), Some("Hello €"));
//!     }
//!     other => panic!("unexpected {other:?}"),
//! }
//!
//! let p = plan("Don’t forget!");
//! assert_eq!(p.encoding, Encoding::Ucs2); // the curly apostrophe is not GSM-7
//! assert_eq!(p.ucs2_chars[0].index, 3);
//! ```

mod address;
mod dcs;
mod decode;
mod encode;
mod error;
mod gsm7;
mod hex;
mod json;
mod national;
mod plan;
mod reader;
mod scheme;
mod timestamp;
mod udh;
mod userdata;

pub use address::{Address, Ton};
pub use dcs::{DataCoding, Encoding, MessageWaiting, WaitingKind};
pub use decode::{Deliver, Pdu, StatusCategory, StatusReport, Submit, decode, decode_bytes};
pub use encode::{SubmitOptions, SubmitPart, encode_submit, encode_submit_data};
pub use error::{AddressProblem, DecodeError, EncodeError, Field};
pub use gsm7::{gsm7_pack, gsm7_unpack};
pub use national::Language;
pub use plan::{NationalTables, Optimisation, Replacement, SegmentPlan, Ucs2Char, plan, plan_with};
pub use timestamp::{Timestamp, Validity};
pub use udh::{Concat, OtherElement, Ports, UserDataHeader};
pub use userdata::Body;
