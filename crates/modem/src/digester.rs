//! The sans-I/O digester: bytes from the modem in, classified frames out.
//!
//! It owns only a buffer. The driver tells it which command is in flight (so it
//! can recognise the echo, the command's own response lines and the `> `
//! prompt), pushes every byte it reads, and pulls [`Frame`]s until `None`
//! ("need more bytes"). A URC arriving in the middle of a response comes out
//! as [`Frame::Urc`] and never ends up among the command's lines.

use crate::error::{CmeError, CmsError};
use crate::urc::{self, Urc};

/// Longest line kept while waiting for its terminator; a modem spewing garbage
/// without line ends must not grow the buffer without bound.
const MAX_LINE: usize = 8 * 1024;

/// What the digester knows about the command in flight.
#[derive(Debug, Clone, Default)]
pub struct CommandContext {
    /// The command line as written (without the CR), to recognise its echo.
    pub echo: String,
    /// Prefixes (like `+CREG:`) of this command's own information lines: a line
    /// with such a prefix is a response even if the same prefix can be a URC.
    pub prefixes: Vec<String>,
    /// Whether the command waits for the `> ` prompt (`AT+CMGS`).
    pub prompt: bool,
    /// The payload written after the prompt, to recognise its echo.
    pub payload_echo: Option<String>,
}

/// A final result code: the end of a command's response (TS 27.007 clause 5.7
/// and vendor additions).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FinalResult {
    /// `OK`
    Ok,
    /// `ERROR`, or a vendor's equivalent kept verbatim (`COMMAND NOT SUPPORT`,
    /// `TOO MANY PARAMETERS`, `+EXT ERROR`).
    Error(String),
    /// `+CMS ERROR: <n>` (TS 27.005 clause 3.2.5).
    Cms(CmsError),
    /// `+CME ERROR: <n>` (TS 27.007 clause 9.2).
    Cme(CmeError),
    /// `NO CARRIER`, `BUSY`, `NO ANSWER`, `NO DIALTONE` (TS 27.007 clause 6.x; V.250).
    Call(String),
}

/// One classified unit of modem output.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Frame {
    /// The modem repeating the command line (echo is still on).
    Echo,
    /// An information line of the command in flight.
    Line(String),
    /// The end of the command in flight.
    Final(FinalResult),
    /// An unsolicited result code.
    Urc(Urc),
    /// The `> ` prompt asking for the PDU (TS 27.005 clause 3.5.1).
    Prompt,
}

/// The digester. See the module documentation.
#[derive(Debug, Default)]
pub struct Digester {
    buf: Vec<u8>,
    ctx: Option<CommandContext>,
    /// The header of a `+CMT`/`+CDS` URC whose PDU line is still to come.
    pending_pdu_urc: Option<String>,
}

impl Digester {
    /// A digester with an empty buffer and no command in flight.
    pub fn new() -> Digester {
        Digester::default()
    }

    /// Sets (or clears, with `None`) the command in flight.
    pub fn set_command(&mut self, ctx: Option<CommandContext>) {
        self.ctx = ctx;
    }

    /// Appends bytes read from the port.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Drops everything buffered (after a port reopen).
    pub fn reset(&mut self) {
        self.buf.clear();
        self.pending_pdu_urc = None;
        self.ctx = None;
    }

    /// The next complete frame, or `None` when more bytes are needed.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            // Line ends come as \r\n, \r\r\n, bare \r or bare \n; NULs are line noise.
            let skip = self
                .buf
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n' | 0))
                .count();
            self.buf.drain(..skip);
            if self.buf.is_empty() {
                return None;
            }
            // TS 27.005 clause 3.5.1: after AT+CMGS the modem sends "> " (no line end).
            if self.expects_prompt() {
                let spaces = self.buf.iter().take_while(|b| **b == b' ').count();
                if self.buf.get(spaces) == Some(&b'>') {
                    let mut n = spaces + 1;
                    if self.buf.get(n) == Some(&b' ') {
                        n += 1;
                    }
                    self.buf.drain(..n);
                    return Some(Frame::Prompt);
                }
            }
            let Some(end) = self.buf.iter().position(|b| matches!(b, b'\r' | b'\n')) else {
                if self.buf.len() > MAX_LINE {
                    let junk: Vec<u8> = self.buf.drain(..).collect();
                    let text = String::from_utf8_lossy(&junk[..64]).into_owned();
                    return Some(Frame::Urc(Urc::Unknown(text)));
                }
                return None;
            };
            let raw: Vec<u8> = self.buf.drain(..=end).collect();
            let text = String::from_utf8_lossy(&raw[..raw.len() - 1]);
            // Ctrl-Z can trail an echoed PDU; leading spaces come from some firmwares.
            let line = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{1a}');
            if line.is_empty() {
                continue;
            }
            let line = line.to_string();
            if let Some(frame) = self.classify(&line) {
                return Some(frame);
            }
        }
    }

    fn expects_prompt(&self) -> bool {
        self.pending_pdu_urc.is_none() && self.ctx.as_ref().is_some_and(|c| c.prompt)
    }

    /// Classifies one complete line; `None` when the line was consumed as the
    /// first half of a two-line URC.
    fn classify(&mut self, line: &str) -> Option<Frame> {
        if let Some(header) = self.pending_pdu_urc.take() {
            let urc = urc::parse_two_line(&header, line);
            if !matches!(urc, Urc::Malformed(_)) {
                return Some(Frame::Urc(urc));
            }
            // The header was not followed by a PDU: report it, then read this
            // line on its own (it may be the final result of a command).
            self.buf.splice(0..0, format!("{line}\r\n").into_bytes());
            return Some(Frame::Urc(urc));
        }
        if let Some(ctx) = &self.ctx {
            if line.eq_ignore_ascii_case(ctx.echo.trim())
                || ctx.payload_echo.as_deref().is_some_and(|p| line == p)
            {
                return Some(Frame::Echo);
            }
        }
        if let Some(result) = parse_final(line) {
            return Some(Frame::Final(result));
        }
        if let Some(ctx) = &self.ctx {
            if ctx
                .prefixes
                .iter()
                .any(|p| urc::starts_with_ignore_case(line, p))
            {
                return Some(Frame::Line(line.to_string()));
            }
        }
        if urc::announces_pdu(line) {
            self.pending_pdu_urc = Some(line.to_string());
            return None;
        }
        if urc::is_known_urc(line) {
            return Some(Frame::Urc(urc::parse_single(line)));
        }
        Some(if self.ctx.is_some() {
            Frame::Line(line.to_string())
        } else {
            Frame::Urc(Urc::Unknown(line.to_string()))
        })
    }
}

/// Recognises a final result code (V.250 verbose form, TS 27.005/27.007 errors,
/// vendor variants).
pub fn parse_final(line: &str) -> Option<FinalResult> {
    let upper = line.to_ascii_uppercase();
    match upper.as_str() {
        "OK" => return Some(FinalResult::Ok),
        "ERROR" | "COMMAND NOT SUPPORT" | "TOO MANY PARAMETERS" => {
            return Some(FinalResult::Error(line.to_string()));
        }
        "NO CARRIER" | "BUSY" | "NO ANSWER" | "NO DIALTONE" => {
            return Some(FinalResult::Call(line.to_string()));
        }
        _ => {}
    }
    if let Some(rest) = upper.strip_prefix("+CMS ERROR:") {
        // TS 27.005 clause 3.2.5; a non-numeric text still ends the command.
        return Some(match rest.trim().parse() {
            Ok(n) => FinalResult::Cms(CmsError(n)),
            Err(_) => FinalResult::Error(line.to_string()),
        });
    }
    if upper.starts_with("+CME ERROR:") {
        // TS 27.007 clause 9.2: numeric (CMEE=1) or verbose (CMEE=2).
        let rest = &line["+CME ERROR:".len()..];
        return Some(match CmeError::parse(rest) {
            Some(e) => FinalResult::Cme(e),
            None => FinalResult::Error(line.to_string()),
        });
    }
    if upper.starts_with("+EXT ERROR:") {
        return Some(FinalResult::Error(line.to_string()));
    }
    None
}

#[cfg(test)]
mod tests;
