//! USSD (TS 27.007 clause 7.15): `AT+CUSD=1,<str>,<dcs>` and the `+CUSD`
//! reply, decoded whichever way the modem encodes it.

use std::time::Duration;

use tokio::time::timeout;

use crate::command::{AtCommand, Request};
use crate::error::ModemError;
use crate::event::ModemEvent;
use crate::urc::{Urc, parse_cusd, starts_with_ignore_case};
use crate::{Modem, command};

/// `AT+CUSD=1,"<code>",15`; some modems put the `+CUSD` reply before `OK`.
struct UssdRequest(String);

impl AtCommand for UssdRequest {
    type Output = Option<Urc>;
    fn request(&self) -> Request {
        // DCS 15: GSM 7 bit default alphabet, language unspecified (TS 23.038 clause 5).
        Request::new(
            format!("AT+CUSD=1,\"{}\",15", self.0),
            "AT+CUSD",
            command::NETWORK,
        )
        .prefix("+CUSD:")
    }
    fn parse(&self, lines: &[String]) -> Result<Option<Urc>, ModemError> {
        Ok(lines
            .iter()
            .find(|l| starts_with_ignore_case(l, "+CUSD:"))
            .and_then(|l| parse_cusd(l["+CUSD:".len()..].trim())))
    }
}

impl Modem {
    /// Sends a USSD code (e.g. `*100#` for the balance) and returns the
    /// network's reply as text.
    #[tracing::instrument(skip_all, fields(path = %self.path()), err)]
    pub async fn ussd(&self, code: &str) -> Result<String, ModemError> {
        if code.is_empty() || code.len() > 160 || code.contains('"') {
            return Err(ModemError::InvalidArgument(
                "a USSD code is 1-160 characters without quotes".into(),
            ));
        }
        let packed = self.vendor().ussd_packed();
        let sent = if packed {
            pack_gsm7_hex(code).ok_or_else(|| {
                ModemError::InvalidArgument("the USSD code is not in the GSM alphabet".into())
            })?
        } else {
            code.to_string()
        };
        // Subscribe first so a fast reply is not missed.
        let mut events = self.subscribe();
        let reply = match self.exec(&UssdRequest(sent)).await? {
            Some(urc) => urc,
            None => timeout(Duration::from_secs(30), async {
                loop {
                    match events.recv().await {
                        Ok(ModemEvent::Urc(u @ Urc::Ussd { .. })) => return Ok(u),
                        Ok(ModemEvent::Offline { reason }) => {
                            return Err(ModemError::Disconnected { reason });
                        }
                        Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                        Err(_) => {
                            return Err(ModemError::Disconnected {
                                reason: "modem closed".into(),
                            });
                        }
                    }
                }
            })
            .await
            .map_err(|_| ModemError::Timeout {
                command: "AT+CUSD".into(),
                after: Duration::from_secs(30),
            })??,
        };
        let Urc::Ussd { status, text, dcs } = reply else {
            return Err(ModemError::Unexpected {
                command: "AT+CUSD".into(),
                detail: "no +CUSD reply".into(),
            });
        };
        match (status, text) {
            (0..=2, Some(text)) => Ok(decode_ussd(&text, dcs.unwrap_or(15), packed)),
            (s, _) => Err(ModemError::Unexpected {
                command: "AT+CUSD".into(),
                detail: match s {
                    4 => "the network does not support this USSD code".into(),
                    5 => "the network did not answer in time".into(),
                    _ => format!("USSD session ended with status {s} and no text"),
                },
            }),
        }
    }
}

/// Decodes a `+CUSD` string by its data coding scheme (TS 23.038 clause 5):
/// UCS-2 hex, packed GSM 7-bit hex (Huawei), or text as the modem's
/// character set already shows it.
pub fn decode_ussd(text: &str, dcs: u8, packed_7bit: bool) -> String {
    let is_hex =
        !text.is_empty() && text.len() % 2 == 0 && text.bytes().all(|b| b.is_ascii_hexdigit());
    // Coding group 0100 / 01xx with alphabet bits 10, or 0x11 (UCS-2, language first).
    let ucs2 = (dcs & 0xC0 == 0x40 && dcs & 0x0C == 0x08) || dcs == 0x11;
    if ucs2 && is_hex && text.len() % 4 == 0 {
        let units: Vec<u16> = text
            .as_bytes()
            .chunks(4)
            .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if packed_7bit && is_hex {
        if let Some(s) = unpack_gsm7_hex(text) {
            return s;
        }
    }
    text.to_string()
}

/// Unpacks GSM 7-bit hex using the PDU codec: the octets are framed as the
/// user data of an SMS-DELIVER, which uses the same packing (TS 23.038
/// clause 6.1.2.1). Seven spare bits holding CR are padding (clause 6.1.2.3.1).
fn unpack_gsm7_hex(hex: &str) -> Option<String> {
    let octets = hex.len() / 2;
    let septets = octets * 8 / 7;
    if septets == 0 || septets > 255 {
        return None;
    }
    // SMSC 00, first octet 04, originator "1", PID 00, DCS 00, a fixed SCTS, UDL.
    let pdu = format!("000401A1F1000001101000000000{septets:02X}{hex}");
    let simgate_pdu::Pdu::Deliver(d) = simgate_pdu::decode(&pdu, true).ok()? else {
        return None;
    };
    let mut text = d.text()?.to_string();
    if septets % 8 == 0 && text.ends_with('\r') {
        text.pop();
    }
    Some(text)
}

/// Packs a GSM-alphabet string into 7-bit hex, using the PDU encoder.
fn pack_gsm7_hex(text: &str) -> Option<String> {
    let opts = simgate_pdu::SubmitOptions {
        national_tables: false,
        ..Default::default()
    };
    let part = simgate_pdu::encode_submit("1", text, &opts).ok()?.pop()?;
    match simgate_pdu::decode(&part.hex, true).ok()? {
        simgate_pdu::Pdu::Submit(s) if s.coding.encoding == simgate_pdu::Encoding::Gsm7 => {}
        _ => return None,
    }
    // SMSC 00, FO, MR, DA (len 01, TOA, 1 octet), PID, DCS, UDL: 9 octets, then UD.
    let mut ud = hex::decode(part.hex.get(18..)?).ok()?;
    let septets = text.chars().count();
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

    #[test]
    fn packed_hex_decodes_like_huawei_sends_it() {
        assert_eq!(decode_ussd("AA180C3602", 15, true), "*100#");
        assert_eq!(pack_gsm7_hex("*100#").as_deref(), Some("AA180C3602"));
        let long = "Balance: 5,00 EUR. Valid until 31.12.2026";
        let packed = pack_gsm7_hex(long).unwrap();
        assert_eq!(decode_ussd(&packed, 15, true), long);
    }

    #[test]
    fn ucs2_and_plain_replies_decode() {
        assert_eq!(decode_ussd("004200E4006C", 72, false), "Bäl");
        assert_eq!(decode_ussd("Balance 5 EUR", 15, false), "Balance 5 EUR");
        // Hex-looking plain text from a non-packing modem is left alone.
        assert_eq!(decode_ussd("1234", 15, false), "1234");
    }

    #[test]
    fn seven_spare_bits_of_cr_are_padding() {
        // 7 characters leave 7 spare bits: CR fills them (TS 23.038 6.1.2.3.1).
        let packed = pack_gsm7_hex("1234567").unwrap();
        assert_eq!(decode_ussd(&packed, 15, true), "1234567");
    }
}
