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
mod tests {
    use super::*;

    fn ctx(echo: &str, prefixes: &[&str]) -> CommandContext {
        CommandContext {
            echo: echo.into(),
            prefixes: prefixes.iter().map(|s| s.to_string()).collect(),
            prompt: false,
            payload_echo: None,
        }
    }

    fn frames(d: &mut Digester, bytes: &[u8]) -> Vec<Frame> {
        d.push(bytes);
        std::iter::from_fn(|| d.next_frame()).collect()
    }

    fn line(s: &str) -> Frame {
        Frame::Line(s.into())
    }

    /// Each row: the command in flight, bytes as real modems send them, the frames expected.
    #[test]
    fn response_tables_from_real_modems() {
        let rows: Vec<(&str, CommandContext, &[u8], Vec<Frame>)> = vec![
            (
                "echo still on, then OK",
                ctx("ATE0", &[]),
                b"ATE0\r\r\nOK\r\n",
                vec![Frame::Echo, Frame::Final(FinalResult::Ok)],
            ),
            (
                "intermediate without prefix (CGMI)",
                ctx("AT+CGMI", &["+CGMI:"]),
                b"\r\nhuawei\r\n\r\nOK\r\n",
                vec![line("huawei"), Frame::Final(FinalResult::Ok)],
            ),
            (
                "SIMCom doubles the CR",
                ctx("AT+CSQ", &["+CSQ:"]),
                b"\r\r\n+CSQ: 17,99\r\r\n\r\r\nOK\r\r\n",
                vec![line("+CSQ: 17,99"), Frame::Final(FinalResult::Ok)],
            ),
            (
                "Wavecom pads with leading spaces",
                ctx("AT+CREG?", &["+CREG:"]),
                b"\r\n +CREG: 0,1\r\n\r\nOK\r\n",
                vec![line("+CREG: 0,1"), Frame::Final(FinalResult::Ok)],
            ),
            (
                "Huawei noise between response lines",
                ctx("AT+CPMS?", &["+CPMS:"]),
                b"\r\n^RSSI: 18\r\n\r\n+CPMS: \"SM\",2,30,\"SM\",2,30,\"SM\",2,30\r\n\r\n^BOOT:38213,0,0,0,75\r\n\r\n^MODE:5,4\r\n\r\nOK\r\n",
                vec![
                    Frame::Urc(Urc::Rssi(18)),
                    line("+CPMS: \"SM\",2,30,\"SM\",2,30,\"SM\",2,30"),
                    Frame::Urc(Urc::Noise("^BOOT:38213,0,0,0,75".into())),
                    Frame::Urc(Urc::Noise("^MODE:5,4".into())),
                    Frame::Final(FinalResult::Ok),
                ],
            ),
            (
                "+CMTI arriving mid-response is a URC, not a line",
                ctx("AT+CSQ", &["+CSQ:"]),
                b"\r\n+CSQ: 20,99\r\n\r\n+CMTI: \"SM\",4\r\n\r\nOK\r\n",
                vec![
                    line("+CSQ: 20,99"),
                    Frame::Urc(Urc::MessageStored {
                        mem: "SM".into(),
                        index: 4,
                    }),
                    Frame::Final(FinalResult::Ok),
                ],
            ),
            (
                "+CREG as the command's own answer is a line",
                ctx("AT+CREG?", &["+CREG:"]),
                b"\r\n+CREG: 2,5,\"00C3\",\"0D2F\"\r\n\r\nOK\r\n",
                vec![
                    line("+CREG: 2,5,\"00C3\",\"0D2F\""),
                    Frame::Final(FinalResult::Ok),
                ],
            ),
            (
                "Quectel: +QIND and SMS DONE between lines, odd parentheses in =?",
                ctx("AT+CNMI=?", &["+CNMI:"]),
                b"\r\n+QIND: SMS DONE\r\n\r\n+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)\r\n\r\nOK\r\n",
                vec![
                    Frame::Urc(Urc::Noise("+QIND: SMS DONE".into())),
                    line("+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)"),
                    Frame::Final(FinalResult::Ok),
                ],
            ),
            (
                "ZTE: +ZPBIC and +ZUSIMR noise, +CPIN answered in line",
                ctx("AT+CPIN?", &["+CPIN:"]),
                b"\r\n+ZUSIMR:2\r\n\r\n+CPIN: SIM PIN\r\n\r\n+ZPBIC: 1,0\r\n\r\nOK\r\n",
                vec![
                    Frame::Urc(Urc::Noise("+ZUSIMR:2".into())),
                    line("+CPIN: SIM PIN"),
                    Frame::Urc(Urc::Noise("+ZPBIC: 1,0".into())),
                    Frame::Final(FinalResult::Ok),
                ],
            ),
            (
                "SIMCom: +CPIN: READY after boot is noise when nobody asked",
                ctx("AT+CSQ", &["+CSQ:"]),
                b"\r\r\n+CPIN: READY\r\r\n\r\r\n+CSQ: 12,0\r\r\n\r\r\nOK\r\r\n",
                vec![
                    Frame::Urc(Urc::Noise("+CPIN: READY".into())),
                    line("+CSQ: 12,0"),
                    Frame::Final(FinalResult::Ok),
                ],
            ),
            (
                "Wavecom: +CME ERROR with a space before the code",
                ctx("AT+CPMS=\"ME\"", &["+CPMS:"]),
                b"\r\n +CME ERROR: 3\r\n",
                vec![Frame::Final(FinalResult::Cme(CmeError(3)))],
            ),
            (
                "numeric CMS error",
                ctx("AT+CMGS=23", &["+CMGS:"]),
                b"\r\n+CMS ERROR: 500\r\n",
                vec![Frame::Final(FinalResult::Cms(CmsError(500)))],
            ),
            (
                "verbose CME error",
                ctx("AT+CMGF=0", &[]),
                b"\r\n+CME ERROR: SIM PIN required\r\n",
                vec![Frame::Final(FinalResult::Cme(CmeError(11)))],
            ),
            (
                "Huawei COMMAND NOT SUPPORT",
                ctx("AT+CCID", &["+CCID:"]),
                b"\r\nCOMMAND NOT SUPPORT\r\n",
                vec![Frame::Final(FinalResult::Error("COMMAND NOT SUPPORT".into()))],
            ),
            (
                "NO CARRIER ends a command",
                ctx("ATD123;", &[]),
                b"\r\nNO CARRIER\r\n",
                vec![Frame::Final(FinalResult::Call("NO CARRIER".into()))],
            ),
            (
                "plain ERROR",
                ctx("AT+FOO", &[]),
                b"\r\nERROR\r\n",
                vec![Frame::Final(FinalResult::Error("ERROR".into()))],
            ),
            (
                "CMGR: PDU line belongs to the command",
                ctx("AT+CMGR=1", &["+CMGR:"]),
                b"\r\n+CMGR: 0,,24\r\n07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07\r\n\r\nOK\r\n",
                vec![
                    line("+CMGR: 0,,24"),
                    line("07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07"),
                    Frame::Final(FinalResult::Ok),
                ],
            ),
        ];
        for (name, c, bytes, want) in rows {
            let mut d = Digester::new();
            d.set_command(Some(c));
            assert_eq!(frames(&mut d, bytes), want, "{name}");
        }
    }

    #[test]
    fn the_cmgs_prompt_is_recognised_without_a_line_end() {
        let mut d = Digester::new();
        d.set_command(Some(CommandContext {
            prompt: true,
            payload_echo: Some("0011AA".into()),
            ..ctx("AT+CMGS=3", &["+CMGS:"])
        }));
        assert_eq!(frames(&mut d, b"\r\n> "), vec![Frame::Prompt]);
        // Echoed PDU with Ctrl-Z, then the answer.
        assert_eq!(
            frames(&mut d, b"0011AA\x1a\r\n+CMGS: 7\r\n\r\nOK\r\n"),
            vec![Frame::Echo, line("+CMGS: 7"), Frame::Final(FinalResult::Ok)]
        );
        // A bare '>' with the space still to come is a prompt too.
        let mut d = Digester::new();
        d.set_command(Some(CommandContext {
            prompt: true,
            ..ctx("AT+CMGS=3", &[])
        }));
        assert_eq!(frames(&mut d, b">"), vec![Frame::Prompt]);
    }

    #[test]
    fn bytes_split_anywhere_give_the_same_frames() {
        let input: &[u8] =
            b"\r\n^RSSI: 9\r\n\r\n+CMT: ,24\r\n07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07\r\n\r\n+CSQ: 9,99\r\n\r\nOK\r\n";
        let mut whole = Digester::new();
        whole.set_command(Some(ctx("AT+CSQ", &["+CSQ:"])));
        let want = frames(&mut whole, input);
        assert_eq!(want.len(), 4, "{want:?}");
        assert!(matches!(
            &want[1],
            Frame::Urc(Urc::Deliver { length: 24, .. })
        ));
        for split in 0..input.len() {
            let mut d = Digester::new();
            d.set_command(Some(ctx("AT+CSQ", &["+CSQ:"])));
            let mut got = frames(&mut d, &input[..split]);
            got.extend(frames(&mut d, &input[split..]));
            assert_eq!(got, want, "split at {split}");
        }
    }

    #[test]
    fn two_line_urcs_with_no_command_in_flight() {
        let mut d = Digester::new();
        let got = frames(
            &mut d,
            b"\r\n+CDS: 25\r\n07911326040000F006A70B911346610089F6208062917314482080629173148200\r\n\r\n+CDSI: \"SM\",2\r\n",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            matches!(&got[0], Frame::Urc(Urc::StatusReport { length: 25, pdu }) if pdu.starts_with("0791"))
        );
        assert_eq!(
            got[1],
            Frame::Urc(Urc::StatusReportStored {
                mem: "SM".into(),
                index: 2
            })
        );
    }

    #[test]
    fn a_two_line_urc_header_without_its_pdu_does_not_swallow_the_final_result() {
        let mut d = Digester::new();
        d.set_command(Some(ctx("AT", &[])));
        let got = frames(&mut d, b"\r\n+CMT: ,24\r\nOK\r\n");
        assert_eq!(
            got,
            vec![
                Frame::Urc(Urc::Malformed("+CMT: ,24".into())),
                Frame::Final(FinalResult::Ok)
            ]
        );
    }

    #[test]
    fn garbage_never_panics_and_never_grows_without_bound() {
        let mut d = Digester::new();
        let noise: Vec<u8> = (0..20_000u32).map(|i| (i * 7919 % 251) as u8).collect();
        d.push(&noise);
        while d.next_frame().is_some() {}
        assert!(d.buf.len() <= MAX_LINE);
        let mut d = Digester::new();
        d.push(&[b'x'; MAX_LINE + 10]);
        assert!(matches!(d.next_frame(), Some(Frame::Urc(Urc::Unknown(_)))));
        assert!(d.buf.is_empty());
    }

    #[test]
    fn ussd_replies_parse_with_commas_inside_the_text() {
        let mut d = Digester::new();
        let got = frames(&mut d, b"\r\n+CUSD: 0,\"Balance: 5,00 EUR\",15\r\n");
        assert_eq!(
            got,
            vec![Frame::Urc(Urc::Ussd {
                status: 0,
                text: Some("Balance: 5,00 EUR".into()),
                dcs: Some(15)
            })]
        );
    }
}
