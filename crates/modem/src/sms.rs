//! Typed commands for the message storage (TS 27.005 clauses 3.4-3.5).

use crate::command::{AtCommand, Request, SIM, split_params, value_after};
use crate::error::ModemError;

/// A PDU in the modem's storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPdu {
    /// Index in the storage.
    pub index: u32,
    /// `<stat>`: 0 received unread, 1 received read, 2 stored unsent, 3 stored sent.
    pub stat: u8,
    /// The PDU in hex, SMSC field included.
    pub pdu: String,
}

/// `AT+CMGR=<index>`: `+CMGR: <stat>,[<alpha>],<length>` then the PDU (clause 3.4.3).
#[derive(Debug, Clone, Copy)]
pub struct ReadMessage(pub u32);

impl AtCommand for ReadMessage {
    type Output = Option<StoredPdu>;
    fn request(&self) -> Request {
        Request::new(format!("AT+CMGR={}", self.0), "AT+CMGR", SIM).prefix("+CMGR:")
    }
    fn parse(&self, lines: &[String]) -> Result<Option<StoredPdu>, ModemError> {
        // Some modems answer an empty slot with a bare OK.
        let Some(pos) = lines
            .iter()
            .position(|l| value_after(l, "+CMGR:").is_some())
        else {
            return Ok(None);
        };
        let params = split_params(value_after(&lines[pos], "+CMGR:").unwrap_or(""));
        let stat = params.first().and_then(|s| s.parse().ok()).unwrap_or(0);
        let pdu = lines
            .get(pos + 1)
            .cloned()
            .ok_or_else(|| ModemError::Unexpected {
                command: "AT+CMGR".into(),
                detail: "no PDU line after +CMGR".into(),
            })?;
        Ok(Some(StoredPdu {
            index: self.0,
            stat,
            pdu: pdu.to_ascii_uppercase(),
        }))
    }
}

/// `AT+CMGL=4`: every stored message, `+CMGL: <index>,<stat>,[<alpha>],<length>`
/// followed by its PDU (clause 3.4.2).
#[derive(Debug, Clone, Copy)]
pub struct ListMessages;

impl AtCommand for ListMessages {
    type Output = Vec<StoredPdu>;
    fn request(&self) -> Request {
        Request::new("AT+CMGL=4", "AT+CMGL", SIM).prefix("+CMGL:")
    }
    fn parse(&self, lines: &[String]) -> Result<Vec<StoredPdu>, ModemError> {
        let mut out = Vec::new();
        let mut it = lines.iter().peekable();
        while let Some(line) = it.next() {
            let Some(v) = value_after(line, "+CMGL:") else {
                continue;
            };
            let params = split_params(v);
            let index = params.first().and_then(|s| s.parse().ok());
            let stat = params.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            // The PDU line follows; a header directly followed by another header has none.
            let pdu = match it.peek() {
                Some(l) if value_after(l, "+CMGL:").is_none() => it.next().cloned(),
                _ => None,
            };
            if let (Some(index), Some(pdu)) = (index, pdu) {
                out.push(StoredPdu {
                    index,
                    stat,
                    pdu: pdu.to_ascii_uppercase(),
                });
            }
        }
        Ok(out)
    }
}

/// `AT+CMGD=<index>` (clause 3.5.4).
#[derive(Debug, Clone, Copy)]
pub struct DeleteMessage(pub u32);

impl AtCommand for DeleteMessage {
    type Output = ();
    fn request(&self) -> Request {
        Request::new(format!("AT+CMGD={}", self.0), "AT+CMGD", SIM)
    }
    fn parse(&self, _: &[String]) -> Result<(), ModemError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cmgl_pairs_headers_with_their_pdus() {
        let got = ListMessages
            .parse(&lines(&[
                "+CMGL: 1,0,,24",
                "07911326040000f0",
                "+CMGL: 2,1,\"x,y\",24",
                "0791AA",
                "+CMGL: 3,1,,24",
            ]))
            .unwrap();
        assert_eq!(
            got,
            vec![
                StoredPdu {
                    index: 1,
                    stat: 0,
                    pdu: "07911326040000F0".into()
                },
                StoredPdu {
                    index: 2,
                    stat: 1,
                    pdu: "0791AA".into()
                },
            ]
        );
    }

    #[test]
    fn cmgr_of_an_empty_slot_is_none() {
        assert_eq!(ReadMessage(3).parse(&[]).unwrap(), None);
        let got = ReadMessage(3)
            .parse(&lines(&["+CMGR: 0,,24", "0791ab"]))
            .unwrap()
            .unwrap();
        assert_eq!((got.index, got.stat, got.pdu.as_str()), (3, 0, "0791AB"));
    }
}
