//! Addresses: TP-OA / TP-DA / TP-RA (TS 23.040 9.1.2.5) and the SMSC address in front of a TPDU
//! (TS 24.011 8.2.5.1, as TS 27.005 3.1 puts it before the TPDU in PDU mode).

use serde::Serialize;

use crate::error::{AddressProblem, DecodeError, Field};
use crate::gsm7::{self, Charset, Code};
use crate::reader::Reader;

/// Type of number, bits 6-4 of the Type-of-Address octet (TS 23.040 9.1.2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Ton {
    /// 000: unknown (the network decides, usually national format).
    Unknown,
    /// 001: international number; shown with a leading `+`.
    International,
    /// 010: national number.
    National,
    /// 011: network specific number.
    NetworkSpecific,
    /// 100: subscriber number.
    Subscriber,
    /// 101: alphanumeric (GSM-7 packed), e.g. a sender name such as "MyShop".
    Alphanumeric,
    /// 110: abbreviated number.
    Abbreviated,
    /// 111: reserved for extension.
    Reserved,
}

impl Ton {
    fn from_toa(toa: u8) -> Ton {
        match (toa >> 4) & 0x07 {
            0 => Ton::Unknown,
            1 => Ton::International,
            2 => Ton::National,
            3 => Ton::NetworkSpecific,
            4 => Ton::Subscriber,
            5 => Ton::Alphanumeric,
            6 => Ton::Abbreviated,
            _ => Ton::Reserved,
        }
    }
}

/// A decoded address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Address {
    /// Digits (with a leading `+` for international numbers) or the alphanumeric text.
    pub number: String,
    /// Type of number.
    pub ton: Ton,
    /// Numbering plan identification, bits 3-0 of the Type-of-Address (1 = ISDN/E.164).
    #[serde(skip)]
    pub npi: u8,
}

impl Address {
    /// Whether this address is the number `other` (`+49…` or national digits), for matching a
    /// status report's TP-RA to the recipient a message was sent to.
    ///
    /// Networks report the recipient in their own format (`+4915112345678`, `015112345678`,
    /// `4915112345678`), so numbers match when the shorter digit string, after dropping
    /// national trunk zeros, is a suffix of the longer one and has at least 6 digits.
    /// Alphanumeric addresses match only exactly.
    pub fn matches_number(&self, other: &str) -> bool {
        if self.ton == Ton::Alphanumeric {
            return self.number == other;
        }
        fn digits(s: &str) -> String {
            s.chars().filter(char::is_ascii_digit).collect()
        }
        let a = digits(&self.number);
        let b = digits(other);
        let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        short.len() >= 6 && long.ends_with(short)
    }
}

/// TS 23.040 9.1.2.3 / TS 24.008 10.5.4.7: the character of each semi-octet value of an
/// address; 0xF is the filler and carries no digit (marked 0).
const DIGITS: &[u8; 16] = b"0123456789*#abc\0";

fn push_bcd(out: &mut String, data: &[u8], digits: usize) {
    let mut left = digits;
    for &b in data {
        // Low semi-octet first. A 0xF inside the declared length is filler some networks
        // leave; it carries no digit.
        for n in [b & 0x0F, b >> 4] {
            if left == 0 {
                return;
            }
            left -= 1;
            let c = DIGITS[usize::from(n)];
            if c != 0 {
                out.push(char::from(c));
            }
        }
    }
}

/// Maximum address length in semi-octets: 10 octets of address value (TS 23.040 9.1.2.5).
const MAX_ADDRESS_DIGITS: usize = 20;

/// Reads TP-OA / TP-DA / TP-RA: length in semi-octets, Type-of-Address, value (TS 23.040 9.1.2.5).
pub(crate) fn read_tp_address(r: &mut Reader<'_>, field: Field) -> Result<Address, DecodeError> {
    let at = r.offset();
    let len = usize::from(r.u8(field)?);
    if len > MAX_ADDRESS_DIGITS {
        return Err(DecodeError::AddressTooLong {
            field,
            octet: at,
            length: len,
            max: MAX_ADDRESS_DIGITS,
        });
    }
    let toa = r.u8(field)?;
    let data = r.take(len.div_ceil(2), field)?;
    let ton = Ton::from_toa(toa);
    let number = if ton == Ton::Alphanumeric {
        // TS 23.040 9.1.2.5: alphanumeric addresses are GSM-7 packed; the length counts the
        // semi-octets in use, so the septet count is the number of whole septets in them.
        let septets = len * 4 / 7;
        gsm7::decode_packed(data, 0, septets, Charset::DEFAULT)
    } else {
        let mut s = String::with_capacity(len + 1);
        if ton == Ton::International {
            s.push('+');
        }
        push_bcd(&mut s, data, len);
        s
    };
    Ok(Address {
        number,
        ton,
        npi: toa & 0x0F,
    })
}

/// Reads the SMSC field: length in octets including the Type-of-Address, 0 when absent
/// (TS 24.011 8.2.5.1; TS 27.005 3.1 <pdu>). Returns `+digits` for international numbers.
pub(crate) fn read_smsc(r: &mut Reader<'_>) -> Result<Option<String>, DecodeError> {
    let at = r.offset();
    let len = usize::from(r.u8(Field::Smsc)?);
    if len == 0 {
        return Ok(None);
    }
    if len > 11 {
        return Err(DecodeError::AddressTooLong {
            field: Field::Smsc,
            octet: at,
            length: len,
            max: 11,
        });
    }
    let toa_at = r.offset();
    let toa = r.u8(Field::Smsc)?;
    // TS 24.008 10.5.4.7 / TS 23.040 9.1.2.5: bit 7 of the type-of-address is always 1. A
    // clear bit here is the first octet of a TPDU sent without the SMSC field.
    if toa & 0x80 == 0 {
        return Err(DecodeError::InvalidAddressType {
            field: Field::Smsc,
            octet: toa_at,
        });
    }
    let data = r.take(len - 1, Field::Smsc)?;
    let mut s = String::with_capacity(2 * len);
    if Ton::from_toa(toa) == Ton::International {
        s.push('+');
    }
    push_bcd(&mut s, data, data.len() * 2);
    Ok(Some(s))
}

/// An address prepared for encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EncodedAddress {
    /// Length as the PDU states it (semi-octets for TP addresses).
    pub(crate) length: u8,
    /// Type-of-Address octet.
    pub(crate) toa: u8,
    /// Address value octets.
    pub(crate) value: Vec<u8>,
}

fn pack_bcd(digits: &[u8]) -> Vec<u8> {
    digits
        .chunks(2)
        .map(|p| p[0] | (p.get(1).copied().unwrap_or(0x0F) << 4))
        .collect()
}

fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '*' => Some(0x0A),
        '#' => Some(0x0B),
        _ => None,
    }
}

/// Parses a number: `+` then digits (international, TOA 0x91) or digits alone (unknown type,
/// TOA 0x81), TS 23.040 9.1.2.5. `Ok(None)` when it is not numeric at all.
fn parse_number(s: &str) -> Result<Option<(u8, Vec<u8>)>, AddressProblem> {
    let (toa, body) = match s.strip_prefix('+') {
        Some(rest) => (0x91, rest),
        None => (0x81, s),
    };
    let mut digits = Vec::with_capacity(body.len());
    for c in body.chars() {
        match digit_value(c) {
            Some(d) => digits.push(d),
            None if toa == 0x91 => return Err(AddressProblem::NotANumber),
            None => return Ok(None),
        }
    }
    if digits.is_empty() {
        return Err(if toa == 0x91 {
            AddressProblem::NotANumber
        } else {
            AddressProblem::Empty
        });
    }
    if digits.len() > MAX_ADDRESS_DIGITS {
        return Err(AddressProblem::TooManyDigits);
    }
    Ok(Some((toa, digits)))
}

/// Encodes a destination for TP-DA (TS 23.040 9.1.2.5): international (`+49…`), plain digits
/// (type unknown, the network applies its national rules) or an alphanumeric name.
pub(crate) fn encode_tp_address(s: &str) -> Result<EncodedAddress, AddressProblem> {
    if s.is_empty() {
        return Err(AddressProblem::Empty);
    }
    if let Some((toa, digits)) = parse_number(s)? {
        return Ok(EncodedAddress {
            length: digits.len() as u8,
            toa,
            value: pack_bcd(&digits),
        });
    }
    // Something other than digits: only a name with at least one letter is an alphanumeric
    // address; "0151-123" is a mistyped number, not a name.
    if !s.chars().any(char::is_alphabetic) {
        return Err(AddressProblem::NotANumber);
    }
    let mut septets = Vec::with_capacity(11);
    for (index, c) in s.chars().enumerate() {
        match Charset::DEFAULT.encode(c) {
            Some(Code::Basic(sep)) => septets.push(sep),
            Some(Code::Ext(sep)) => {
                septets.push(gsm7::ESC);
                septets.push(sep);
            }
            None => return Err(AddressProblem::InvalidCharacter { index }),
        }
    }
    if septets.len() > 11 {
        return Err(AddressProblem::AlphanumericTooLong);
    }
    let mut value = Vec::with_capacity(10);
    gsm7::pack(&mut value, &septets, 0);
    Ok(EncodedAddress {
        // TS 23.040 9.1.2.5: the length counts the semi-octets that hold the septets.
        length: (septets.len() * 7).div_ceil(4) as u8,
        // TON 101 alphanumeric, NPI 0000.
        toa: 0xD0,
        value,
    })
}

/// Encodes the SMSC field (TS 24.011 8.2.5.1): `None` gives the single octet 00, which makes
/// the modem use the SMSC stored on the SIM (TS 27.005 3.1).
pub(crate) fn encode_smsc(out: &mut Vec<u8>, smsc: Option<&str>) -> Result<(), AddressProblem> {
    let Some(s) = smsc else {
        out.push(0);
        return Ok(());
    };
    let s = s.trim();
    let (toa, digits) = parse_number(s)?.ok_or(AddressProblem::NotANumber)?;
    let value = pack_bcd(&digits);
    out.push(value.len() as u8 + 1);
    out.push(toa);
    out.extend_from_slice(&value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_tp(bytes: &[u8]) -> Address {
        read_tp_address(&mut Reader::new(bytes, 0), Field::OriginatingAddress).unwrap()
    }

    #[test]
    fn international_number_round_trips_with_plus() {
        let a = encode_tp_address("+4915112345678").unwrap();
        assert_eq!(a.length, 13);
        assert_eq!(a.toa, 0x91);
        assert_eq!(crate::hex::encode_upper(&a.value), "945111325476F8");
        let mut bytes = vec![a.length, a.toa];
        bytes.extend(&a.value);
        let d = decode_tp(&bytes);
        assert_eq!(d.number, "+4915112345678");
        assert_eq!(d.ton, Ton::International);
    }

    #[test]
    fn status_report_recipient_matches_across_number_formats() {
        let intl = Address {
            number: "+4915112345678".into(),
            ton: Ton::International,
            npi: 1,
        };
        assert!(intl.matches_number("+4915112345678"));
        assert!(intl.matches_number("015112345678"));
        assert!(!intl.matches_number("+4915112345679"));
        assert!(!intl.matches_number("678"));
        let national = Address {
            number: "015112345678".into(),
            ton: Ton::Unknown,
            npi: 1,
        };
        assert!(national.matches_number("+4915112345678"));
    }

    #[test]
    fn alphanumeric_sender_decodes() {
        // "MyShop" is 6 septets = 42 bits = 11 semi-octets. Packed by hand from
        // M=0x4D y=0x79 S=0x53 h=0x68 o=0x6F p=0x70: CD FC 14 FD 86 03.
        let a = encode_tp_address("MyShop").unwrap();
        assert_eq!(a.length, 11);
        assert_eq!(a.toa, 0xD0);
        assert_eq!(crate::hex::encode_upper(&a.value), "CDFC14FD8603");
        let mut bytes = vec![a.length, a.toa];
        bytes.extend(&a.value);
        let d = decode_tp(&bytes);
        assert_eq!(d.number, "MyShop");
        assert_eq!(d.ton, Ton::Alphanumeric);
    }

    #[test]
    fn mistyped_numbers_are_rejected_not_sent_as_names() {
        assert_eq!(
            encode_tp_address("0151-123"),
            Err(AddressProblem::NotANumber)
        );
        assert_eq!(
            encode_tp_address("+49 151"),
            Err(AddressProblem::NotANumber)
        );
        assert_eq!(
            encode_tp_address("ABCDEFGHIJKL"),
            Err(AddressProblem::AlphanumericTooLong)
        );
        assert_eq!(
            encode_tp_address("123456789012345678901"),
            Err(AddressProblem::TooManyDigits)
        );
    }

    #[test]
    fn smsc_absent_is_a_single_zero_octet() {
        let mut out = Vec::new();
        encode_smsc(&mut out, None).unwrap();
        assert_eq!(out, [0]);
        out.clear();
        // The SMSC field of the SMS-DELIVER example on dreamfabric.com/sms (a widely used
        // walkthrough of TS 23.040): 07 91 7283010010F5 = +27381000015.
        encode_smsc(&mut out, Some("+27381000015")).unwrap();
        assert_eq!(crate::hex::encode_upper(&out), "07917283010010F5");
        let got = read_smsc(&mut Reader::new(&out, 0)).unwrap();
        assert_eq!(got.as_deref(), Some("+27381000015"));
    }
}
