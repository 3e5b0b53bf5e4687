//! TP-DCS, the data coding scheme (TS 23.038 clause 4, SMS data coding scheme).

use serde::{Deserialize, Serialize};

/// The alphabet of the user data. Serialised as `"gsm7"`, `"ucs2"` or `"8bit"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Encoding {
    /// GSM 7-bit default alphabet, possibly with national shift tables (TS 23.038 6.2.1).
    #[serde(rename = "gsm7")]
    Gsm7,
    /// UCS-2 / UTF-16 (TS 23.038 6.2.3).
    #[serde(rename = "ucs2")]
    Ucs2,
    /// 8-bit data (TS 23.038 6.2.2).
    #[serde(rename = "8bit")]
    EightBit,
}

/// The kind of waiting message a message-waiting indication announces (TS 23.038 4, groups
/// 1100-1110, bits 1-0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaitingKind {
    /// 00: voicemail.
    Voicemail,
    /// 01: fax.
    Fax,
    /// 10: electronic mail.
    Email,
    /// 11: other.
    Other,
}

/// A message waiting indication carried in TP-DCS (TS 23.038 4, coding groups 1100-1110).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct MessageWaiting {
    /// Indication set (true) or cleared (false), bit 3.
    pub active: bool,
    /// What is waiting.
    pub kind: WaitingKind,
    /// Group 1100 says "discard message": the handset may drop the text after updating the
    /// indicator. False for groups 1101/1110 ("store message").
    pub discard: bool,
}

/// A decoded TP-DCS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DataCoding {
    /// The raw octet.
    pub raw: u8,
    /// Alphabet of the user data.
    pub encoding: Encoding,
    /// Message class 0-3 when the DCS gives one (class 0 = flash SMS, shown immediately).
    pub class: Option<u8>,
    /// The text is compressed (TS 23.042); SimGate does not decompress it and keeps the
    /// user data as raw octets.
    pub compressed: bool,
    /// Message waiting indication, if this DCS is one.
    pub waiting: Option<MessageWaiting>,
    /// Coding group 01xx: "marked for automatic deletion" after reading.
    pub auto_delete: bool,
}

impl DataCoding {
    /// Decodes a TP-DCS octet (TS 23.038 clause 4).
    pub fn from_octet(dcs: u8) -> DataCoding {
        let mut d = DataCoding {
            raw: dcs,
            encoding: Encoding::Gsm7,
            class: None,
            compressed: false,
            waiting: None,
            auto_delete: false,
        };
        match dcs >> 4 {
            // 00xx: general data coding; 01xx: the same, marked for automatic deletion.
            0x0..=0x7 => {
                d.auto_delete = dcs & 0x40 != 0;
                d.compressed = dcs & 0x20 != 0;
                if dcs & 0x10 != 0 {
                    d.class = Some(dcs & 0x03);
                }
                d.encoding = match (dcs >> 2) & 0x03 {
                    1 => Encoding::EightBit,
                    2 => Encoding::Ucs2,
                    // 11 is reserved: "assumed to be the GSM 7 bit default alphabet".
                    _ => Encoding::Gsm7,
                };
            }
            // 1000-1011: reserved coding groups, read as GSM 7 bit (TS 23.038 4 note).
            0x8..=0xB => {}
            // 1100 discard / 1101 store (GSM-7) / 1110 store (UCS-2): message waiting.
            0xC..=0xE => {
                d.encoding = if dcs >> 4 == 0xE {
                    Encoding::Ucs2
                } else {
                    Encoding::Gsm7
                };
                d.waiting = Some(MessageWaiting {
                    active: dcs & 0x08 != 0,
                    kind: match dcs & 0x03 {
                        0 => WaitingKind::Voicemail,
                        1 => WaitingKind::Fax,
                        2 => WaitingKind::Email,
                        _ => WaitingKind::Other,
                    },
                    discard: dcs >> 4 == 0xC,
                });
            }
            // 1111: data coding / message class; bit 2 selects 8-bit data.
            _ => {
                d.encoding = if dcs & 0x04 != 0 {
                    Encoding::EightBit
                } else {
                    Encoding::Gsm7
                };
                d.class = Some(dcs & 0x03);
            }
        }
        d
    }

    /// The TP-DCS octet for SMS-SUBMIT: general data coding group (00xx, TS 23.038 4), with a
    /// message class only when one is asked for (class 0 = flash).
    pub(crate) fn submit_octet(encoding: Encoding, class: Option<u8>) -> u8 {
        let alphabet = match encoding {
            Encoding::Gsm7 => 0x00,
            Encoding::EightBit => 0x04,
            Encoding::Ucs2 => 0x08,
        };
        match class {
            Some(c) => 0x10 | alphabet | (c & 0x03),
            None => alphabet,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flash_sms_is_class_0() {
        let d = DataCoding::from_octet(0x10);
        assert_eq!(d.class, Some(0));
        assert_eq!(d.encoding, Encoding::Gsm7);
        let d = DataCoding::from_octet(0x18);
        assert_eq!((d.class, d.encoding), (Some(0), Encoding::Ucs2));
        let d = DataCoding::from_octet(0xF0);
        assert_eq!((d.class, d.encoding), (Some(0), Encoding::Gsm7));
    }

    #[test]
    fn voicemail_waiting_indication() {
        // 0xC8: group 1100 (discard), indication active, voicemail.
        let d = DataCoding::from_octet(0xC8);
        assert_eq!(
            d.waiting,
            Some(MessageWaiting {
                active: true,
                kind: WaitingKind::Voicemail,
                discard: true
            })
        );
        let d = DataCoding::from_octet(0xE2);
        assert_eq!(d.encoding, Encoding::Ucs2);
        assert!(!d.waiting.unwrap().active);
    }

    #[test]
    fn encoding_names_in_json() {
        for (e, name) in [
            (Encoding::Gsm7, "\"gsm7\""),
            (Encoding::Ucs2, "\"ucs2\""),
            (Encoding::EightBit, "\"8bit\""),
        ] {
            assert_eq!(serde_json::to_string(&e).unwrap(), name);
            assert_eq!(serde_json::from_str::<Encoding>(name).unwrap(), e);
        }
    }

    #[test]
    fn compressed_flag_and_8bit() {
        let d = DataCoding::from_octet(0x24);
        assert!(d.compressed);
        assert_eq!(d.encoding, Encoding::EightBit);
        assert_eq!(DataCoding::from_octet(0xF5).encoding, Encoding::EightBit);
    }
}
