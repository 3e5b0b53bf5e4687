//! The simulated modem's AT interpreter, free of I/O: bytes from the driver
//! go in with the time they arrived, timed output comes out.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::SentPdu;
use crate::ledger::Ledger;
use crate::profile::Profile;

/// Ctrl-Z ends a PDU, Escape abandons it (TS 27.005 clause 3.5.1).
const CTRL_Z: u8 = 0x1a;
const ESC: u8 = 0x1b;
/// A command line longer than this is garbage (V.250 requires at least 40
/// characters; real modems take a few hundred).
const MAX_LINE: usize = 2048;

/// A failure the interpreter answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fail {
    /// The profile's answer to a command it does not know (`ERROR`,
    /// Huawei's `COMMAND NOT SUPPORT`).
    Unknown,
    /// `+CMS ERROR: <n>` (TS 27.005 clause 3.2.5).
    Cms(u16),
    /// `+CME ERROR: <n>` (TS 27.007 clause 9.2).
    Cme(u16),
}

pub(crate) type Answer = Result<Vec<String>, Fail>;

#[derive(Debug)]
enum Mode {
    Command,
    /// After `AT+CMGS=<len>` and the prompt: collecting the PDU.
    Pdu {
        tpdu_len: usize,
        buf: Vec<u8>,
    },
}

/// Identity values the modem reports.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub imei: String,
    pub imsi: String,
    pub iccid: String,
    pub operator: String,
}

#[derive(Debug)]
pub(crate) struct Core {
    pub profile: Profile,
    pub cmd_latency: Duration,
    pub cmgs_latency: Duration,
    pub id: Identity,
    echo: bool,
    cmee: u8,
    cmgf: u8,
    mode: Mode,
    line: Vec<u8>,
    out: VecDeque<(Instant, Vec<u8>)>,
    pub sent: Vec<SentPdu>,
    next_mr: u8,
    ledger: Option<Ledger>,
    /// Codes to answer the next `AT+CMGS` PDUs with, one each.
    pub fail_cmgs: VecDeque<u16>,
    /// While true the modem reads and drops everything (a hung firmware).
    pub hung: bool,
    /// `+CSQ` `<rssi>`.
    pub rssi: u8,
    /// `+CREG` `<stat>`.
    pub reg_stat: u8,
}

impl Core {
    pub fn new(
        profile: Profile,
        cmd_latency: Duration,
        cmgs_latency: Duration,
        id: Identity,
        ledger: Option<Ledger>,
    ) -> Core {
        Core {
            profile,
            cmd_latency,
            cmgs_latency,
            id,
            echo: true,
            cmee: 0,
            cmgf: 0,
            mode: Mode::Command,
            line: Vec::new(),
            out: VecDeque::new(),
            sent: Vec::new(),
            next_mr: 0,
            ledger,
            fail_cmgs: VecDeque::new(),
            hung: false,
            rssi: 21,
            reg_stat: 1,
        }
    }

    /// When the next output is due, if any is queued.
    pub fn next_due(&self) -> Option<Instant> {
        self.out.front().map(|(t, _)| *t)
    }

    /// All output due at `now`, in order.
    pub fn take_due(&mut self, now: Instant) -> Vec<u8> {
        let mut bytes = Vec::new();
        while let Some((t, _)) = self.out.front() {
            if *t > now {
                break;
            }
            if let Some((_, b)) = self.out.pop_front() {
                bytes.extend(b);
            }
        }
        bytes
    }

    /// Queues output at `now + delay`, never before output already queued.
    fn emit(&mut self, now: Instant, delay: Duration, bytes: Vec<u8>) {
        let due = self
            .out
            .back()
            .map_or(now + delay, |(t, _)| (*t).max(now + delay));
        self.out.push_back((due, bytes));
    }

    /// Queues an unsolicited result code (a line framed like a response line).
    pub fn urc(&mut self, now: Instant, line: &str) {
        let eol = self.profile.eol();
        self.emit(
            now,
            Duration::ZERO,
            format!("{eol}{line}{eol}").into_bytes(),
        );
    }

    /// Feeds bytes the driver wrote.
    pub fn input(&mut self, now: Instant, bytes: &[u8]) {
        if self.hung {
            return;
        }
        for &b in bytes {
            match &mut self.mode {
                Mode::Pdu { tpdu_len, buf } => match b {
                    CTRL_Z => {
                        let tpdu_len = *tpdu_len;
                        let pdu = std::mem::take(buf);
                        self.mode = Mode::Command;
                        self.finish_cmgs(now, tpdu_len, &pdu);
                    }
                    ESC => {
                        self.mode = Mode::Command;
                        let a = Ok(Vec::new());
                        self.answer(now, self.cmd_latency, a);
                    }
                    b'\r' | b'\n' => {}
                    _ => {
                        if buf.len() < MAX_LINE {
                            buf.push(b);
                        }
                        if self.echo {
                            self.emit(now, Duration::ZERO, vec![b]);
                        }
                    }
                },
                Mode::Command => match b {
                    b'\r' => {
                        if self.echo {
                            self.emit(now, Duration::ZERO, vec![b'\r']);
                        }
                        let line = std::mem::take(&mut self.line);
                        self.execute_line(now, &String::from_utf8_lossy(&line));
                    }
                    // Stray line feeds, Escape and Ctrl-Z outside PDU input are ignored.
                    b'\n' | ESC | CTRL_Z | 0 => {}
                    // V.250 clause 5.2.2: backspace edits the command line.
                    0x08 => {
                        self.line.pop();
                    }
                    _ => {
                        if self.line.len() < MAX_LINE {
                            self.line.push(b);
                        }
                        if self.echo {
                            self.emit(now, Duration::ZERO, vec![b]);
                        }
                    }
                },
            }
        }
    }

    /// Queues a full answer: information lines then the final result code.
    pub(crate) fn answer(&mut self, now: Instant, delay: Duration, a: Answer) {
        let eol = self.profile.eol();
        let lead = self.profile.lead();
        let mut text = String::new();
        let final_line = match a {
            Ok(lines) => {
                for (i, l) in lines.iter().enumerate() {
                    text.push_str(&format!("{eol}{lead}{l}{eol}"));
                    // Huawei firmwares interleave status URCs with responses.
                    if self.profile.noisy() && i == 0 {
                        text.push_str(&format!("{eol}^RSSI: {}{eol}", self.rssi));
                    }
                }
                "OK".to_string()
            }
            Err(f) => self.fail_text(f),
        };
        text.push_str(&format!("{eol}{final_line}{eol}"));
        self.emit(now, delay, text.into_bytes());
    }

    fn fail_text(&self, f: Fail) -> String {
        match (f, self.cmee) {
            (Fail::Unknown, _) => self.profile.unknown_command().to_string(),
            (Fail::Cms(_) | Fail::Cme(_), 0) => "ERROR".to_string(),
            (Fail::Cms(n), _) => format!("+CMS ERROR: {n}"),
            (Fail::Cme(n), 1) => format!("+CME ERROR: {n}"),
            (Fail::Cme(n), _) => format!("+CME ERROR: {}", cme_verbose(n)),
        }
    }

    fn execute_line(&mut self, now: Instant, line: &str) {
        let line = line.trim();
        if line.len() < 2 || !line[..2].eq_ignore_ascii_case("AT") {
            // V.250: characters before "AT" are not a command; real modems stay silent.
            return;
        }
        let body = &line[2..];
        let delay = self.cmd_latency;
        if body.is_empty() {
            return self.answer(now, delay, Ok(Vec::new()));
        }
        let mut lines = Vec::new();
        // Extended commands may be chained with ';' (V.250 clause 5.4.1).
        for cmd in split_commands(body) {
            match self.execute(now, &cmd) {
                Step::Done(Ok(mut l)) => lines.append(&mut l),
                Step::Done(Err(f)) => return self.answer(now, delay, Err(f)),
                Step::Prompt(tpdu_len) => {
                    self.mode = Mode::Pdu {
                        tpdu_len,
                        buf: Vec::new(),
                    };
                    let eol = self.profile.eol();
                    self.emit(now, delay, format!("{eol}> ").into_bytes());
                    return;
                }
            }
        }
        self.answer(now, delay, Ok(lines));
    }

    fn execute(&mut self, now: Instant, cmd: &str) -> Step {
        let upper = cmd.to_ascii_uppercase();
        let _ = now;
        Step::Done(match upper.as_str() {
            "E0" | "E" => {
                self.echo = false;
                Ok(Vec::new())
            }
            "E1" => {
                self.echo = true;
                Ok(Vec::new())
            }
            "Z" | "&F" | "Z0" => {
                self.echo = true;
                self.cmee = 0;
                Ok(Vec::new())
            }
            "V1" | "Q0" | "&W" | "+CMMS=0" | "+CMMS=1" | "+CMMS=2" => Ok(Vec::new()),
            "I" => Ok(vec![
                self.profile.manufacturer().into(),
                self.profile.model().into(),
                self.profile.revision().into(),
            ]),
            "+CGMI" | "+GMI" => Ok(vec![self.profile.manufacturer().into()]),
            "+CGMM" | "+GMM" => Ok(vec![self.profile.model().into()]),
            "+CGMR" | "+GMR" => Ok(vec![self.profile.revision().into()]),
            "+CGSN" | "+GSN" => Ok(vec![self.id.imei.clone()]),
            "+CIMI" => Ok(vec![self.id.imsi.clone()]),
            "+CCID" | "+ICCID" if !matches!(self.profile, Profile::Huawei | Profile::Quectel) => {
                Ok(vec![match self.profile {
                    Profile::Simcom => self.id.iccid.clone(),
                    _ => format!("+CCID: {}", self.id.iccid),
                }])
            }
            "^ICCID?" if self.profile == Profile::Huawei => {
                Ok(vec![format!("^ICCID: {}", self.id.iccid)])
            }
            "+QCCID" if self.profile == Profile::Quectel => {
                Ok(vec![format!("+QCCID: {}", self.id.iccid)])
            }
            "+COPS?" => Ok(vec![if matches!(self.reg_stat, 1 | 5) {
                format!("+COPS: 0,0,\"{}\",2", self.id.operator)
            } else {
                "+COPS: 0".into()
            }]),
            "+CSQ" => Ok(vec![format!("+CSQ: {},99", self.rssi)]),
            "+CREG?" => Ok(vec![format!("+CREG: 0,{}", self.reg_stat)]),
            "+CMEE?" => Ok(vec![format!("+CMEE: {}", self.cmee)]),
            "+CMGF?" => Ok(vec![format!("+CMGF: {}", self.cmgf)]),
            "+CMGF=?" => Ok(vec!["+CMGF: (0,1)".into()]),
            _ => {
                if let Some(v) = upper.strip_prefix("+CMEE=") {
                    return Step::Done(match v.parse::<u8>() {
                        Ok(n @ 0..=2) => {
                            self.cmee = n;
                            Ok(Vec::new())
                        }
                        _ => Err(Fail::Cme(4)),
                    });
                }
                if let Some(v) = upper.strip_prefix("+CMGF=") {
                    return Step::Done(match v.parse::<u8>() {
                        Ok(n @ 0..=1) => {
                            self.cmgf = n;
                            Ok(Vec::new())
                        }
                        _ => Err(Fail::Cms(302)),
                    });
                }
                if let Some(v) = upper.strip_prefix("+CMGS=") {
                    // TS 27.005 clause 3.5.1: only PDU mode is simulated.
                    if self.cmgf != 0 {
                        return Step::Done(Err(Fail::Cms(302)));
                    }
                    return match v.trim().parse::<usize>() {
                        Ok(n @ 1..=176) => Step::Prompt(n),
                        _ => Step::Done(Err(Fail::Cms(304))),
                    };
                }
                Err(Fail::Unknown)
            }
        })
    }

    /// The PDU after `AT+CMGS` arrived: check it and answer `+CMGS: <mr>`.
    fn finish_cmgs(&mut self, now: Instant, tpdu_len: usize, raw: &[u8]) {
        let text = String::from_utf8_lossy(raw).trim().to_ascii_uppercase();
        let delay = self.cmgs_latency;
        let Ok(bytes) = hex::decode(&text) else {
            return self.answer(now, delay, Err(Fail::Cms(304)));
        };
        // TS 27.005 clause 3.5.1: <length> counts the TPDU only, not the SMSC
        // address field whose first octet gives its own length.
        let smsc_len = bytes.first().map_or(0, |n| usize::from(*n) + 1);
        if bytes.len() != smsc_len + tpdu_len || tpdu_len == 0 {
            return self.answer(now, delay, Err(Fail::Cms(304)));
        }
        // TS 23.040 clause 9.2.3.1: TP-MTI 01 is SMS-SUBMIT.
        if bytes[smsc_len] & 0x03 != 0x01 {
            return self.answer(now, delay, Err(Fail::Cms(304)));
        }
        if let Some(code) = self.fail_cmgs.pop_front() {
            return self.answer(now, delay, Err(Fail::Cms(code)));
        }
        if !matches!(self.reg_stat, 1 | 5) {
            return self.answer(now, delay, Err(Fail::Cms(331)));
        }
        let mr = self.next_mr;
        self.next_mr = self.next_mr.wrapping_add(1);
        let sent = SentPdu {
            hex: text,
            mr,
            tpdu_len,
        };
        if let Some(ledger) = &mut self.ledger {
            ledger.record(&sent);
        }
        self.sent.push(sent);
        self.answer(now, delay, Ok(vec![format!("+CMGS: {mr}")]));
    }
}

enum Step {
    Done(Answer),
    Prompt(usize),
}

/// Splits the text after `AT` into single commands: extended ones (`+`, `^`,
/// `$`, `*`) separated by `;`, and basic ones (`E0`, `V1`, `&F`) run together.
fn split_commands(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = body.trim();
    while !rest.is_empty() {
        let first = rest.chars().next().unwrap_or(' ');
        if matches!(first, '+' | '^' | '$' | '*' | '%') {
            // Up to the next ';' outside quotes.
            let mut quoted = false;
            let mut end = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    '"' => quoted = !quoted,
                    ';' if !quoted => {
                        end = i;
                        break;
                    }
                    _ => {}
                }
            }
            out.push(rest[..end].trim().to_string());
            rest = rest[end..].trim_start_matches(';').trim_start();
        } else {
            // A basic command: optional '&', one letter, optional digits.
            let mut end = first.len_utf8();
            if first == '&' {
                end += rest[end..].chars().next().map_or(0, char::len_utf8);
            }
            end += rest[end..].chars().take_while(char::is_ascii_digit).count();
            out.push(rest[..end].to_string());
            rest = rest[end..].trim_start_matches(';').trim_start();
        }
    }
    out
}

/// TS 27.007 clause 9.2.1 verbose texts for the codes the simulator uses.
fn cme_verbose(n: u16) -> &'static str {
    match n {
        3 => "operation not allowed",
        4 => "operation not supported",
        10 => "SIM not inserted",
        11 => "SIM PIN required",
        12 => "SIM PUK required",
        16 => "incorrect password",
        30 => "no network service",
        _ => "unknown",
    }
}
