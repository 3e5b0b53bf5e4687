//! The user data header (TS 23.040 9.2.3.24): concatenation, application ports, national
//! language shift tables; any other information element is kept raw and otherwise skipped.

use serde::Serialize;

use crate::error::DecodeError;
use crate::national::Language;

/// Concatenation of a long message (TS 23.040 9.2.3.24.1 with an 8-bit reference,
/// 9.2.3.24.8 with a 16-bit one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Concat {
    /// Reference shared by all parts of one message.
    #[serde(rename = "ref")]
    pub reference: u16,
    /// Number of parts, 1-255.
    pub total: u8,
    /// This part's number, 1-based.
    pub seq: u8,
    /// 8 or 16: the width of the reference (IEI 0x00 or 0x08).
    pub ref_bits: u8,
}

/// Application port addressing (TS 23.040 9.2.3.24.3 8-bit, 9.2.3.24.4 16-bit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Ports {
    /// Destination port.
    pub destination: u16,
    /// Originator port.
    pub origin: u16,
}

/// An information element this crate does not interpret.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OtherElement {
    /// Information element identifier.
    pub iei: u8,
    /// Its data.
    pub data: Vec<u8>,
}

/// A decoded user data header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct UserDataHeader {
    /// Concatenation, if this is one part of a longer message.
    pub concat: Option<Concat>,
    /// Application ports.
    pub ports: Option<Ports>,
    /// National language locking-shift table (IEI 0x25, TS 23.040 9.2.3.24.16).
    pub locking_shift: Option<Language>,
    /// National language single-shift table (IEI 0x24, TS 23.040 9.2.3.24.15).
    pub single_shift: Option<Language>,
    /// Other elements, in order.
    pub other: Vec<OtherElement>,
}

pub(crate) const IEI_CONCAT_8: u8 = 0x00;
pub(crate) const IEI_CONCAT_16: u8 = 0x08;
const IEI_PORTS_8: u8 = 0x04;
const IEI_PORTS_16: u8 = 0x05;
pub(crate) const IEI_SINGLE_SHIFT: u8 = 0x24;
pub(crate) const IEI_LOCKING_SHIFT: u8 = 0x25;

fn concat(reference: u16, total: u8, seq: u8, ref_bits: u8) -> Option<Concat> {
    // TS 23.040 9.2.3.24.1: a total of 0, a sequence number of 0 or one above the total
    // makes the receiver ignore the whole element.
    (total != 0 && seq != 0 && seq <= total).then_some(Concat {
        reference,
        total,
        seq,
        ref_bits,
    })
}

impl UserDataHeader {
    /// Parses the header content (without its UDHL octet). `octet` is the offset of the first
    /// element, used in errors.
    pub(crate) fn parse(mut data: &[u8], mut octet: usize) -> Result<UserDataHeader, DecodeError> {
        let mut h = UserDataHeader::default();
        while !data.is_empty() {
            // A single trailing octet cannot be an element; senders pad with it, skip it.
            let [iei, len, rest @ ..] = data else {
                break;
            };
            let len = usize::from(*len);
            let Some(value) = rest.get(..len) else {
                return Err(DecodeError::HeaderOverrun { octet: octet + 1 });
            };
            match (*iei, value) {
                (IEI_CONCAT_8, &[r, total, seq]) => {
                    h.concat = concat(u16::from(r), total, seq, 8);
                }
                (IEI_CONCAT_16, &[r1, r2, total, seq]) => {
                    h.concat = concat(u16::from_be_bytes([r1, r2]), total, seq, 16);
                }
                (IEI_PORTS_8, &[d, o]) => {
                    h.ports = Some(Ports {
                        destination: u16::from(d),
                        origin: u16::from(o),
                    });
                }
                (IEI_PORTS_16, &[d1, d2, o1, o2]) => {
                    h.ports = Some(Ports {
                        destination: u16::from_be_bytes([d1, d2]),
                        origin: u16::from_be_bytes([o1, o2]),
                    });
                }
                (IEI_SINGLE_SHIFT, &[id]) => h.single_shift = Language::from_identifier(id),
                (IEI_LOCKING_SHIFT, &[id]) => h.locking_shift = Language::from_identifier(id),
                // Unknown elements, and known ones with a wrong length, are skipped
                // (TS 23.040 9.2.3.24: "ignore ... and skip to the next").
                _ => h.other.push(OtherElement {
                    iei: *iei,
                    data: value.to_vec(),
                }),
            }
            data = &rest[len..];
            octet += 2 + len;
        }
        Ok(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_8_and_16_bit_references() {
        let h = UserDataHeader::parse(&[0x00, 0x03, 0xA7, 0x03, 0x01], 0).unwrap();
        assert_eq!(
            h.concat,
            Some(Concat {
                reference: 0xA7,
                total: 3,
                seq: 1,
                ref_bits: 8
            })
        );
        let h = UserDataHeader::parse(&[0x08, 0x04, 0x12, 0x34, 0x02, 0x02], 0).unwrap();
        assert_eq!(h.concat.unwrap().reference, 0x1234);
        assert_eq!(h.concat.unwrap().ref_bits, 16);
    }

    #[test]
    fn unknown_elements_are_skipped_and_ports_read() {
        let h = UserDataHeader::parse(
            &[0x70, 0x02, 0xAA, 0xBB, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0],
            0,
        )
        .unwrap();
        assert_eq!(
            h.ports,
            Some(Ports {
                destination: 2948,
                origin: 9200
            })
        );
        assert_eq!(h.other[0].iei, 0x70);
    }

    #[test]
    fn seq_above_total_ignores_the_element() {
        let h = UserDataHeader::parse(&[0x00, 0x03, 0x01, 0x02, 0x03], 0).unwrap();
        assert_eq!(h.concat, None);
    }

    #[test]
    fn element_overrunning_the_header_names_its_length_octet() {
        assert_eq!(
            UserDataHeader::parse(&[0x00, 0x05, 0x01], 10),
            Err(DecodeError::HeaderOverrun { octet: 11 })
        );
    }
}
