//! TP-UDL / TP-UD decoding (TS 23.040 9.2.3.16, 9.2.3.24), shared by all message types.

use crate::dcs::{DataCoding, Encoding};
use crate::error::{DecodeError, Field};
use crate::gsm7::{self, Charset};
use crate::reader::Reader;
use crate::udh::UserDataHeader;

/// The content of the user data after the header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Body {
    /// Text (GSM-7 or UCS-2).
    Text(String),
    /// Octets: 8-bit data, or compressed text (TS 23.042) that SimGate does not decompress.
    Data(Vec<u8>),
}

impl Body {
    /// The text, if the body is text.
    pub fn text(&self) -> Option<&str> {
        match self {
            Body::Text(t) => Some(t),
            Body::Data(_) => None,
        }
    }
}

/// Decoded TP-UD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserData {
    pub(crate) header: Option<UserDataHeader>,
    pub(crate) body: Body,
}

/// TS 23.040 9.2.3.16: at most 160 septets / 140 octets of user data.
const MAX_SEPTETS: usize = 160;
const MAX_OCTETS: usize = 140;

fn header(data: &[u8], ud_at: usize) -> Result<(UserDataHeader, usize), DecodeError> {
    // TS 23.040 9.2.3.24: UDHL, then that many octets of information elements.
    let udhl = usize::from(data[0]);
    let Some(ies) = data.get(1..=udhl) else {
        return Err(DecodeError::HeaderOverrun { octet: ud_at });
    };
    Ok((UserDataHeader::parse(ies, ud_at + 1)?, udhl + 1))
}

/// Reads TP-UDL and TP-UD. Octets after the user data (trailing junk, `FF` padding) are left
/// unread and ignored.
pub(crate) fn read(
    r: &mut Reader<'_>,
    dcs: &DataCoding,
    udhi: bool,
) -> Result<UserData, DecodeError> {
    let udl_at = r.offset();
    let udl = usize::from(r.u8(Field::UserDataLength)?);
    let ud_at = r.offset();
    let septets = dcs.encoding == Encoding::Gsm7 && !dcs.compressed;
    let max = if septets { MAX_SEPTETS } else { MAX_OCTETS };
    if udl > max {
        return Err(DecodeError::UserDataTooLong {
            octet: udl_at,
            udl,
            max,
        });
    }
    let octets = if septets { (udl * 7).div_ceil(8) } else { udl };
    let data = r.take(octets, Field::UserData)?;
    let (header, header_octets) = if udhi && !data.is_empty() {
        let (h, n) = header(data, ud_at)?;
        (Some(h), n)
    } else {
        (None, 0)
    };
    if septets {
        // TS 23.040 9.2.3.24: the header plus fill bits occupy whole septets.
        let skip = (header_octets * 8).div_ceil(7);
        if skip > udl {
            return Err(DecodeError::HeaderOverrun { octet: ud_at });
        }
        let cs = header.as_ref().map_or(Charset::DEFAULT, |h| Charset {
            locking: h.locking_shift,
            single: h.single_shift,
        });
        let text = gsm7::decode_packed(data, skip, udl - skip, cs);
        return Ok(UserData {
            header,
            body: Body::Text(text),
        });
    }
    let rest = &data[header_octets..];
    let body = if dcs.encoding == Encoding::Ucs2 && !dcs.compressed {
        if rest.len() % 2 != 0 {
            return Err(DecodeError::OddUcs2Length {
                octet: ud_at + header_octets,
                len: rest.len(),
            });
        }
        // TS 23.038 6.2.3: big-endian 16-bit units; surrogate pairs decode as UTF-16. A lone
        // surrogate (a sender that split a pair across parts) becomes U+FFFD, not an error.
        let units = rest
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]));
        Body::Text(
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect(),
        )
    } else {
        Body::Data(rest.to_vec())
    };
    Ok(UserData { header, body })
}
