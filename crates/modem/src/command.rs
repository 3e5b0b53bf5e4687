//! Typed AT commands: each knows its text, its timeout and how to read its answer.

use std::time::Duration;

use crate::error::ModemError;

/// What the driver needs to run one command: written as `text` + CR, then
/// (for `AT+CMGS`) the payload after the `> ` prompt, then wait for a final
/// result within `timeout`.
#[derive(Debug, Clone)]
pub struct Request {
    /// The command line without the trailing CR, e.g. `AT+CSQ`.
    pub text: String,
    /// A name safe to log and to put into errors (no numbers, PINs or bodies).
    pub name: &'static str,
    /// How long to wait for the final result.
    pub timeout: Duration,
    /// Prefixes of this command's information lines (e.g. `+CREG:`), so a
    /// response line is not mistaken for the URC of the same shape.
    pub prefixes: Vec<String>,
    /// Written after the `> ` prompt, followed by Ctrl-Z (TS 27.005 clause 3.5.1).
    pub payload: Option<String>,
    /// Keep the command text out of every log (it carries a PIN).
    pub secret: bool,
    /// Some firmwares never send the final `OK` after this information line
    /// prefix: the command completes shortly after such a line anyway.
    pub done_on: Option<String>,
    /// How often a timed-out command is tried again. Only for commands that
    /// may safely run twice (queries); never for `AT+CMGS`.
    pub retries: u8,
}

impl Request {
    /// A command with the given text, log name and timeout, no prefixes, no payload.
    pub fn new(text: impl Into<String>, name: &'static str, timeout: Duration) -> Request {
        Request {
            text: text.into(),
            name,
            timeout,
            prefixes: Vec::new(),
            payload: None,
            secret: false,
            done_on: None,
            retries: 0,
        }
    }

    /// Allows `n` more tries after a timeout (for queries that are safe to repeat).
    pub fn retries(mut self, n: u8) -> Request {
        self.retries = n;
        self
    }

    /// Adds a response prefix.
    pub fn prefix(mut self, p: &str) -> Request {
        self.prefixes.push(p.to_string());
        self
    }
}

/// An AT command with a typed result.
pub trait AtCommand {
    /// What the command's answer means.
    type Output;
    /// The request to put on the wire.
    fn request(&self) -> Request;
    /// Reads the information lines of a successful (`OK`) answer.
    fn parse(&self, lines: &[String]) -> Result<Self::Output, ModemError>;
}

/// Short commands answered by the modem itself (V.250 basic commands, settings).
pub const SHORT: Duration = Duration::from_secs(2);
/// Commands that talk to the SIM (PIN, storage, reading messages).
pub const SIM: Duration = Duration::from_secs(10);
/// Commands that wait for the network (`AT+CMGS`, `AT+COPS`, USSD).
pub const NETWORK: Duration = Duration::from_secs(60);

/// A command whose answer is just `OK`, with a chosen timeout.
#[derive(Debug, Clone)]
pub struct Simple {
    text: String,
    name: &'static str,
    timeout: Duration,
}

impl Simple {
    /// `text` is written as-is; `name` is what logs and errors show.
    pub fn new(text: impl Into<String>, name: &'static str, timeout: Duration) -> Simple {
        Simple {
            text: text.into(),
            name,
            timeout,
        }
    }
}

impl AtCommand for Simple {
    type Output = Vec<String>;
    fn request(&self) -> Request {
        Request::new(self.text.clone(), self.name, self.timeout)
    }
    fn parse(&self, lines: &[String]) -> Result<Vec<String>, ModemError> {
        Ok(lines.to_vec())
    }
}

/// `AT+CMGS=<length>` + PDU (TS 27.005 clause 3.5.1, PDU mode): answers the
/// message reference `<mr>` of `+CMGS: <mr>[,<ackpdu>]`.
#[derive(Debug, Clone)]
pub struct SendPdu {
    /// TPDU length in octets, the SMSC address octets not counted.
    pub tpdu_len: usize,
    /// The whole PDU in hex, SMSC address field included.
    pub hex: String,
    /// How long to wait for the network's answer.
    pub timeout: Duration,
}

impl AtCommand for SendPdu {
    type Output = u8;
    fn request(&self) -> Request {
        let mut r = Request::new(
            format!("AT+CMGS={}", self.tpdu_len),
            "AT+CMGS",
            self.timeout,
        )
        .prefix("+CMGS:");
        r.payload = Some(self.hex.clone());
        r.done_on = Some("+CMGS:".into());
        r
    }
    fn parse(&self, lines: &[String]) -> Result<u8, ModemError> {
        let mr = lines
            .iter()
            .find_map(|l| value_after(l, "+CMGS:"))
            .and_then(|v| v.split(',').next().map(str::trim).map(str::to_string))
            .and_then(|v| v.parse::<u16>().ok());
        match mr {
            // TS 23.040 clause 9.2.3.6: TP-MR is one octet; some modems count past 255.
            Some(mr) => Ok((mr % 256) as u8),
            None => Err(ModemError::Unexpected {
                command: "AT+CMGS".into(),
                detail: "no +CMGS: <mr> line".into(),
            }),
        }
    }
}

/// The text after `prefix` (case-insensitive) on `line`, trimmed.
pub(crate) fn value_after<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    if crate::urc::starts_with_ignore_case(line, prefix) {
        Some(line[prefix.len()..].trim())
    } else {
        None
    }
}

/// Splits a parameter list on commas outside double quotes, unquoting each item.
pub(crate) fn split_params(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur).trim().to_string()),
            _ => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    out
}
