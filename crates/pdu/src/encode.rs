//! SMS-SUBMIT encoding (TS 23.040 9.2.2.2) into the hex and length `AT+CMGS` needs
//! (TS 27.005 3.5.1: `AT+CMGS=<length>` counts the TPDU octets, not the SMSC field).

use crate::address::{encode_smsc, encode_tp_address};
use crate::dcs::{DataCoding, Encoding};
use crate::error::EncodeError;
use crate::gsm7;
use crate::scheme::{self, Layout, Scheme, Split};
use crate::timestamp::{Validity, relative_vp};
use crate::udh::{IEI_CONCAT_8, IEI_CONCAT_16, IEI_LOCKING_SHIFT, IEI_SINGLE_SHIFT};

/// Options for [`encode_submit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmitOptions {
    /// SMSC number; `None` writes SMSC length 00 so the modem uses the SIM's SMSC
    /// (TS 27.005 3.1).
    pub smsc: Option<String>,
    /// TP-SRR: ask for a status report (TS 23.040 9.2.3.5).
    pub status_report: bool,
    /// TP-VP (TS 23.040 9.2.3.12); `None` leaves it out (TP-VPF = 00).
    pub validity: Option<Validity>,
    /// TP-MR (TS 23.040 9.2.3.6). Modems overwrite it with their own counter; 0 is fine.
    pub message_reference: u8,
    /// Concatenation reference for multipart messages (TS 23.040 9.2.3.24.1). The caller picks
    /// one per message and recipient. With 8-bit references only the low 8 bits are sent.
    pub concat_reference: u16,
    /// Use the 16-bit reference element (IEI 0x08, TS 23.040 9.2.3.24.8) instead of the 8-bit
    /// one (IEI 0x00). Costs one septet per part (152 instead of 153).
    pub concat_16bit: bool,
    /// TP-RD: the SC rejects a duplicate of a message still held (TS 23.040 9.2.3.25).
    pub reject_duplicates: bool,
    /// TP-PID (TS 23.040 9.2.3.9); 0 for plain SMS.
    pub protocol_id: u8,
    /// Send as class 0 ("flash" SMS, shown at once and not stored), TS 23.038 4.
    pub flash: bool,
    /// Allow national language shift tables (TS 23.038 6.2.1.2) when they need fewer parts
    /// than UCS-2. Default true.
    pub national_tables: bool,
}

impl Default for SubmitOptions {
    fn default() -> Self {
        SubmitOptions {
            smsc: None,
            status_report: false,
            validity: None,
            message_reference: 0,
            concat_reference: 0,
            concat_16bit: false,
            reject_duplicates: false,
            protocol_id: 0,
            flash: false,
            national_tables: true,
        }
    }
}

impl SubmitOptions {
    pub(crate) fn layout(&self) -> Layout {
        Layout {
            allow_national: self.national_tables,
            concat_16bit: self.concat_16bit,
        }
    }
}

/// One SMS-SUBMIT ready for `AT+CMGS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmitPart {
    /// The whole PDU in uppercase hex, SMSC field included.
    pub hex: String,
    /// Octets after the SMSC field: the `<length>` of `AT+CMGS=<length>` (TS 27.005 3.5.1).
    pub tpdu_len: usize,
}

/// Encodes `text` for `to` as one or more SMS-SUBMIT PDUs.
///
/// `to` is `+` and digits (international), digits (type unknown) or an alphanumeric name of up
/// to 11 GSM-7 characters. The coding (GSM-7, national shift tables, UCS-2) and the split are
/// the ones [`crate::plan`] reports.
///
/// # Errors
/// [`EncodeError`] for an invalid recipient or SMSC, a validity period TP-VP cannot express,
/// or a text needing more than 255 parts.
pub fn encode_submit(
    to: &str,
    text: &str,
    opts: &SubmitOptions,
) -> Result<Vec<SubmitPart>, EncodeError> {
    let split = scheme::split_text(text, opts.layout());
    let header = Header::new(to, opts)?;
    let total = split.segments();
    if total > 255 {
        return Err(EncodeError::TooManySegments { segments: total });
    }
    let mut parts = Vec::with_capacity(total);
    let mut start_byte = 0;
    let mut char_iter = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let mut char_pos = 0;
    let mut scratch = Vec::with_capacity(160);
    for (i, &end_char) in split.part_ends.iter().enumerate() {
        // Byte offset of char index `end_char`.
        let end_byte = char_iter.nth(end_char - char_pos).unwrap_or(text.len());
        char_pos = end_char + 1;
        let chunk = &text[start_byte..end_byte];
        start_byte = end_byte;
        let seq = (total > 1).then_some((i + 1) as u8);
        parts.push(header.part(&split, chunk, seq, total as u8, opts, &mut scratch));
    }
    Ok(parts)
}

/// Encodes 8-bit data (TS 23.038 6.2.2) for `to`, split into parts of at most 140 octets
/// (134 with the concatenation header).
///
/// # Errors
/// As [`encode_submit`].
pub fn encode_submit_data(
    to: &str,
    data: &[u8],
    opts: &SubmitOptions,
) -> Result<Vec<SubmitPart>, EncodeError> {
    let header = Header::new(to, opts)?;
    let scheme = Scheme {
        encoding: Encoding::EightBit,
        charset: gsm7::Charset::DEFAULT,
    };
    let chunks: Vec<&[u8]> = if data.len() <= scheme.capacity(false, opts.concat_16bit) {
        vec![data]
    } else {
        data.chunks(scheme.capacity(true, opts.concat_16bit))
            .collect()
    };
    if chunks.len() > 255 {
        return Err(EncodeError::TooManySegments {
            segments: chunks.len(),
        });
    }
    let total = chunks.len();
    Ok(chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let seq = (total > 1).then_some((i + 1) as u8);
            let mut ud = Vec::with_capacity(140);
            push_udh(&mut ud, scheme, seq, total as u8, opts);
            let has_udh = !ud.is_empty();
            ud.extend_from_slice(chunk);
            header.finish(scheme, has_udh, ud.len() as u8, &ud, opts)
        })
        .collect())
}

/// The fields shared by every part of one message.
struct Header {
    smsc: Vec<u8>,
    /// TP-DA octets: length, TOA, value.
    da: Vec<u8>,
    /// TP-VPF bits of the first octet and the TP-VP octets.
    vpf: u8,
    vp: Vec<u8>,
}

impl Header {
    fn new(to: &str, opts: &SubmitOptions) -> Result<Header, EncodeError> {
        let addr =
            encode_tp_address(to).map_err(|reason| EncodeError::InvalidRecipient { reason })?;
        let mut da = Vec::with_capacity(12);
        da.push(addr.length);
        da.push(addr.toa);
        da.extend_from_slice(&addr.value);
        let mut smsc = Vec::with_capacity(12);
        encode_smsc(&mut smsc, opts.smsc.as_deref())
            .map_err(|reason| EncodeError::InvalidSmsc { reason })?;
        // TS 23.040 9.2.3.3: TP-VPF, bits 4-3 of the first octet.
        let (vpf, vp) = match opts.validity {
            None => (0x00, Vec::new()),
            Some(Validity::Relative(d)) => (0x10, vec![relative_vp(d)?]),
            Some(Validity::Absolute(ts)) => {
                let mut v = Vec::with_capacity(7);
                ts.write(&mut v)?;
                (0x18, v)
            }
            Some(Validity::Enhanced(raw)) => (0x08, raw.to_vec()),
        };
        Ok(Header { smsc, da, vpf, vp })
    }

    fn part(
        &self,
        split: &Split,
        chunk: &str,
        seq: Option<u8>,
        total: u8,
        opts: &SubmitOptions,
        scratch: &mut Vec<u8>,
    ) -> SubmitPart {
        let scheme = split.scheme;
        let mut ud = Vec::with_capacity(140);
        push_udh(&mut ud, scheme, seq, total, opts);
        let udh_len = ud.len();
        let udl = match scheme.encoding {
            Encoding::Gsm7 => {
                scratch.clear();
                scheme::gsm7_septets(chunk, scheme.charset, scratch);
                // TS 23.040 9.2.3.24: fill bits so the text starts on a septet boundary;
                // TP-UDL counts the header septets plus the text septets (9.2.3.16).
                let header_septets = (udh_len * 8).div_ceil(7);
                let fill = header_septets * 7 - udh_len * 8;
                gsm7::pack(&mut ud, scratch, fill);
                header_septets + scratch.len()
            }
            Encoding::Ucs2 | Encoding::EightBit => {
                // TS 23.038 6.2.3: UCS-2 units big-endian; characters outside the BMP as
                // UTF-16 surrogate pairs.
                for unit in chunk.encode_utf16() {
                    ud.extend_from_slice(&unit.to_be_bytes());
                }
                ud.len()
            }
        };
        self.finish(scheme, udh_len > 0, udl as u8, &ud, opts)
    }

    fn finish(
        &self,
        scheme: Scheme,
        has_udh: bool,
        udl: u8,
        ud: &[u8],
        opts: &SubmitOptions,
    ) -> SubmitPart {
        let mut pdu = Vec::with_capacity(self.smsc.len() + 16 + self.da.len() + ud.len());
        pdu.extend_from_slice(&self.smsc);
        // TS 23.040 9.2.2.2 first octet: TP-MTI 01 (SMS-SUBMIT), TP-RD bit 2, TP-VPF bits 4-3,
        // TP-SRR bit 5, TP-UDHI bit 6.
        let mut first = 0x01 | self.vpf;
        if opts.reject_duplicates {
            first |= 0x04;
        }
        if opts.status_report {
            first |= 0x20;
        }
        if has_udh {
            first |= 0x40;
        }
        pdu.push(first);
        pdu.push(opts.message_reference);
        pdu.extend_from_slice(&self.da);
        pdu.push(opts.protocol_id);
        pdu.push(DataCoding::submit_octet(
            scheme.encoding,
            opts.flash.then_some(0),
        ));
        pdu.extend_from_slice(&self.vp);
        pdu.push(udl);
        pdu.extend_from_slice(ud);
        SubmitPart {
            hex: crate::hex::encode_upper(&pdu),
            tpdu_len: pdu.len() - self.smsc.len(),
        }
    }
}

/// Writes the UDH (TS 23.040 9.2.3.24): concatenation first, then the shift tables.
fn push_udh(out: &mut Vec<u8>, scheme: Scheme, seq: Option<u8>, total: u8, opts: &SubmitOptions) {
    let start = out.len();
    out.push(0); // UDHL, patched below
    if let Some(seq) = seq {
        if opts.concat_16bit {
            out.push(IEI_CONCAT_16);
            out.push(4);
            out.extend_from_slice(&opts.concat_reference.to_be_bytes());
        } else {
            out.push(IEI_CONCAT_8);
            out.push(3);
            out.push(opts.concat_reference as u8);
        }
        out.push(total);
        out.push(seq);
    }
    if let Some(l) = scheme.charset.locking {
        out.extend_from_slice(&[IEI_LOCKING_SHIFT, 1, l.identifier()]);
    }
    if let Some(l) = scheme.charset.single {
        out.extend_from_slice(&[IEI_SINGLE_SHIFT, 1, l.identifier()]);
    }
    if out.len() == start + 1 {
        out.truncate(start);
    } else {
        out[start] = (out.len() - start - 1) as u8;
    }
}
