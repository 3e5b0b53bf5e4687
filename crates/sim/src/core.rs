//! The simulated modem's AT interpreter, free of I/O: bytes from the driver
//! go in with the time they arrived, timed output comes out.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::time::{Duration, Instant};

use std::collections::BTreeMap;

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
pub(crate) enum Mode {
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
    pub echo: bool,
    pub cmee: u8,
    pub cmgf: u8,
    pub mode: Mode,
    pub line: Vec<u8>,
    pub out: VecDeque<(Instant, Vec<u8>)>,
    pub sent: Vec<SentPdu>,
    pub next_mr: u8,
    pub ledger: Option<Ledger>,
    /// Codes to answer the next `AT+CMGS` PDUs with, one each.
    pub fail_cmgs: VecDeque<u16>,
    /// While true the modem reads and drops everything (a hung firmware).
    pub hung: bool,
    /// `+CSQ` `<rssi>`.
    pub rssi: u8,
    /// `+CREG` `<stat>`.
    pub reg_stat: u8,
    /// `+CREG=<n>`: 1 or 2 sends `+CREG:` URCs on changes (TS 27.007 clause 7.2).
    pub creg_n: u8,
    /// The SIM's PIN, if it has one enabled.
    pub pin: Option<String>,
    /// Whether the PIN has been entered (or there is none).
    pub unlocked: bool,
    /// PIN attempts left before the SIM wants its PUK.
    pub pin_attempts: u8,
    /// `+CSMS` service (TS 27.005 clause 3.2.1).
    pub csms: u8,
    /// `+CNMI=<mode>,<mt>,<bm>,<ds>,<bfr>` (TS 27.005 clause 3.4.1).
    pub cnmi: [u8; 5],
    /// `+CMMS` (TS 27.005 clause 3.5.6).
    pub cmms: u8,
    /// Message storage: index -> (stat, PDU hex).
    pub storage: BTreeMap<u32, (u8, String)>,
    /// The status report memory `SR` (Wavecom keeps reports there).
    pub sr: BTreeMap<u32, (u8, String)>,
    /// `<mem1>` of `+CPMS`: the memory read, listed and deleted from.
    pub mem1: String,
    /// Slots in the storage.
    pub capacity: u32,
    /// Delay before a requested status report arrives, and its TP-ST.
    pub report_delay: Duration,
    pub report_status: u8,
    /// Events due later (status reports).
    pub scheduled: Timeline,
    /// USSD code -> reply text.
    pub ussd: BTreeMap<String, String>,
    /// Whether Huawei's `^CURC` noise is on.
    pub curc: bool,
    /// A pending `+CMT`/`+CDS` awaiting `+CNMA` when `+CSMS` is 1.
    pub awaiting_cnma: bool,
    /// Store messages without announcing them (a firmware that drops URCs).
    pub drop_urcs: bool,
    /// True while the pty is closed (unplugged).
    pub plugged_out: bool,
    /// Answer `+CMGS: <mr>` without the final `OK` (seen on some firmwares).
    pub cmgs_without_ok: bool,
    /// A phase 2+ modem that only routes messages directly (`+CMT`) and
    /// insists on `+CSMS` service 1, so each one needs `AT+CNMA`.
    pub direct_only: bool,
    /// `+CMT`/`+CDS` acknowledged with `AT+CNMA` so far.
    pub cnma_count: usize,
    /// ZTE: the virtual CD-ROM is still enabled (`AT+ZCDRUN=8` turns it off).
    pub cdrom: bool,
    /// After a restart, SMS commands fail with "SIM busy" until then.
    pub sms_ready_at: Option<Instant>,
}

/// Something the simulated network does later.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Scheduled {
    /// Deliver an SMS-STATUS-REPORT PDU to the modem.
    Report(String),
    /// Send an unsolicited line.
    Urc(String),
}

/// Events due later, earliest first; events due at the same instant keep the order they were
/// scheduled in. A heap, so that thousands of pending status reports (a busy benchmark) cost
/// O(log n) per event instead of a scan on every tick.
#[derive(Debug, Default)]
pub(crate) struct Timeline {
    heap: BinaryHeap<Reverse<(Instant, u64, Scheduled)>>,
    seq: u64,
}

impl Timeline {
    pub fn push(&mut self, at: Instant, what: Scheduled) {
        self.seq += 1;
        self.heap.push(Reverse((at, self.seq, what)));
    }

    /// The earliest event due at or before `now`, taken off the timeline.
    pub fn pop_due(&mut self, now: Instant) -> Option<Scheduled> {
        match self.heap.peek() {
            Some(Reverse((at, _, _))) if *at <= now => self.heap.pop().map(|Reverse((_, _, w))| w),
            _ => None,
        }
    }

    pub fn next_due(&self) -> Option<Instant> {
        self.heap.peek().map(|Reverse((at, _, _))| *at)
    }
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
            creg_n: 0,
            pin: None,
            unlocked: true,
            pin_attempts: 3,
            csms: 0,
            cnmi: [0; 5],
            cmms: 0,
            storage: BTreeMap::new(),
            sr: BTreeMap::new(),
            mem1: "SM".into(),
            capacity: 30,
            report_delay: Duration::from_millis(50),
            report_status: 0,
            scheduled: Timeline::default(),
            ussd: BTreeMap::new(),
            curc: true,
            awaiting_cnma: false,
            drop_urcs: false,
            plugged_out: false,
            cmgs_without_ok: false,
            direct_only: false,
            cnma_count: 0,
            cdrom: profile == Profile::Zte,
            sms_ready_at: None,
        }
    }

    /// Back from an unplug: volatile state is lost, the storage is kept.
    pub fn power_cycle(&mut self, now: Instant) {
        self.out.clear();
        self.line.clear();
        self.mode = Mode::Command;
        self.cmgf = 0;
        self.cmms = 0;
        self.awaiting_cnma = false;
        self.reset(now);
    }

    /// Runs what is scheduled up to `now`.
    pub fn tick(&mut self, now: Instant) {
        if self.hung {
            return;
        }
        while let Some(what) = self.scheduled.pop_due(now) {
            match what {
                Scheduled::Report(pdu) => self.route_report(now, pdu),
                Scheduled::Urc(line) => self.urc(now, &line),
            }
        }
    }

    /// When the next output is due, if any is queued.
    pub fn next_due(&self) -> Option<Instant> {
        let out = self.out.front().map(|(t, _)| *t);
        let sched = self.scheduled.next_due();
        match (out, sched) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// All output due at `now`, in order.
    pub fn take_due(&mut self, now: Instant) -> Vec<u8> {
        let mut bytes = Vec::new();
        if self.hung {
            return bytes;
        }
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
    pub(crate) fn emit(&mut self, now: Instant, delay: Duration, bytes: Vec<u8>) {
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
                    if self.profile.noisy() && self.curc && i == 0 {
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

    pub(crate) fn fail_text(&self, f: Fail) -> String {
        match (f, self.cmee) {
            (Fail::Unknown, _) => self.profile.unknown_command().to_string(),
            (Fail::Cms(_) | Fail::Cme(_), 0) => "ERROR".to_string(),
            (Fail::Cms(n), _) => format!("+CMS ERROR: {n}"),
            (Fail::Cme(n), 1) => format!("+CME ERROR: {n}"),
            (Fail::Cme(n), _) => format!("+CME ERROR: {}", crate::commands::cme_verbose(n)),
        }
    }

    fn execute_line(&mut self, now: Instant, line: &str) {
        let line = line.trim();
        if !line.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("AT")) {
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
                    // The prompt comes at once, as on real modems: the time AT+CMGS takes is the network's,
                    // charged once on the +CMGS answer (cmgs_latency).
                    let eol = self.profile.eol();
                    self.emit(now, Duration::ZERO, format!("{eol}> ").into_bytes());
                    return;
                }
            }
        }
        self.answer(now, delay, Ok(lines));
    }
}

pub(crate) enum Step {
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
