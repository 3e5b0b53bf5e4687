//! simgate-sim: a virtual GSM modem on a pseudo-terminal.
//!
//! [`SimModem::spawn`] creates a pty and answers the AT dialect of a chosen
//! vendor [`Profile`] on its master side; the driver opens the slave path
//! ([`SimModem::path`]) through the ordinary serial stack exactly as it would
//! open `/dev/ttyUSB0`. Every PDU accepted with `AT+CMGS` is recorded
//! ([`SimModem::sent`]) and, if configured, appended to a ledger file.
//!
//! It is test equipment: tests, benchmarks and SimGate's demo mode use it.
//! Besides sending it covers:
//!
//! - vendor dialects ([`Profile`]): Huawei noise URCs and `COMMAND NOT SUPPORT`,
//!   ZTE's PIN-first lock and CD-ROM switch, SIMCom's `\r\r\n` and "SMS Ready"
//!   delay, Quectel's `AT+QCCID` and UCS-2 USSD, Wavecom's leading spaces and
//!   `SR` report memory;
//! - a SIM PIN with three attempts, message storage (`AT+CMGR/CMGL/CMGD`),
//!   `+CNMI` routing (`+CMTI`, `+CMT` with `+CNMA`, `+CDS`, `+CDSI`);
//! - incoming messages ([`SimModem::inject_incoming`], or raw parts in any
//!   order and as duplicates with [`deliver_pdus`] and [`SimModem::deliver_pdu`]),
//!   delivery reports after a delay with a chosen TP-Status, USSD replies;
//! - faults: `+CMS ERROR` on demand, a hang, unplug and replug under a new
//!   device name, lost URCs, a `+CMGS` answer without `OK`.
//!
//! ```
//! use std::io::{Read, Write};
//! use simgate_sim::{SimConfig, SimModem};
//!
//! let sim = SimModem::spawn(SimConfig::default()).unwrap();
//! let mut port = std::fs::OpenOptions::new()
//!     .read(true)
//!     .write(true)
//!     .open(sim.path())
//!     .unwrap();
//! port.write_all(b"ATE0\r").unwrap();
//! let mut answer = Vec::new();
//! let mut buf = [0u8; 64];
//! while !answer.ends_with(b"OK\r\n") {
//!     let n = port.read(&mut buf).unwrap();
//!     answer.extend_from_slice(&buf[..n]);
//! }
//! assert_eq!(answer, b"ATE0\r\r\nOK\r\n");
//! ```

mod build;
mod commands;
mod core;
mod ledger;
mod profile;
mod pty;
mod sms;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use build::deliver_pdus;
pub use profile::{Profile, UnknownProfile};

use crate::core::{Core, Identity};
use crate::ledger::Ledger;
use crate::pty::Pty;

/// How long the simulator thread sleeps at most between looks at its controls.
const TICK_MS: u16 = 10;

/// How a simulated modem behaves.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The vendor dialect to speak.
    pub profile: Profile,
    /// Delay before answering an ordinary command.
    pub cmd_latency: Duration,
    /// Delay between receiving a PDU and answering `+CMGS` (the network round trip).
    pub cmgs_latency: Duration,
    /// Append one JSON line `{"pdu","mr","at"}` per accepted `AT+CMGS` here.
    pub ledger: Option<PathBuf>,
    /// Keep a symlink at this path pointing to the pty slave (like a udev
    /// by-id link); it follows the modem across replugs.
    pub link: Option<PathBuf>,
    /// IMEI reported by `AT+CGSN`; a random valid one if `None`.
    pub imei: Option<String>,
    /// A SIM PIN the modem asks for before it works (`+CPIN: SIM PIN`).
    pub pin: Option<String>,
}

impl Default for SimConfig {
    fn default() -> SimConfig {
        SimConfig {
            profile: Profile::Generic,
            cmd_latency: Duration::from_millis(1),
            cmgs_latency: Duration::from_millis(5),
            ledger: None,
            link: None,
            imei: None,
            pin: None,
        }
    }
}

/// A PDU the simulated network accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentPdu {
    /// The whole PDU in upper-case hex, SMSC address field included.
    pub hex: String,
    /// The message reference answered with `+CMGS: <mr>`.
    pub mr: u8,
    /// The `<length>` given to `AT+CMGS` (TPDU octets).
    pub tpdu_len: usize,
}

/// What can go wrong starting a simulator.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// Creating or configuring the pseudo-terminal failed.
    #[error("pseudo-terminal setup failed at {what}: {source}")]
    Pty {
        /// The step that failed.
        what: &'static str,
        /// The system error.
        source: nix::Error,
    },
    /// The ledger file could not be opened.
    #[error("cannot open ledger {path}: {source}")]
    Ledger {
        /// The ledger path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The link symlink could not be created.
    #[error("cannot create link {path}: {source}")]
    Link {
        /// The link path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A message to inject could not be encoded.
    #[error("cannot build the incoming message: {0}")]
    Encode(String),
    /// The simulated storage is full; the network would retry later.
    #[error("message storage full")]
    StorageFull,
    /// The simulator thread could not be started.
    #[error("cannot start the simulator thread: {0}")]
    Thread(std::io::Error),
}

/// A running simulated modem. Dropping it stops the modem and closes the pty.
#[derive(Debug)]
pub struct SimModem {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

#[derive(Debug)]
struct Shared {
    /// A std Mutex: the simulator thread holds it only while feeding bytes or
    /// taking output, never across a sleep or a system call that can block.
    core: Mutex<Core>,
    stop: AtomicBool,
    /// True while the modem is "unplugged": the pty is closed.
    unplugged: AtomicBool,
    /// The current pty slave path (a replug gets a new one).
    path: Mutex<PathBuf>,
    link: Option<PathBuf>,
}

impl Shared {
    fn core(&self) -> MutexGuard<'_, Core> {
        // A panic while holding the lock would be a simulator bug; the state
        // is still usable for reporting what was sent.
        self.core.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SimModem {
    /// Creates the pty and starts answering on a thread of its own (no tokio
    /// runtime needed).
    pub fn spawn(cfg: SimConfig) -> Result<SimModem, SimError> {
        let ledger = cfg.ledger.as_deref().map(Ledger::open).transpose()?;
        let pty = Pty::open()?;
        let path = pty.path().to_path_buf();
        if let Some(link) = &cfg.link {
            make_link(link, &path)?;
        }
        let id = Identity {
            imei: cfg.imei.clone().unwrap_or_else(random_imei),
            imsi: "262019876543210".into(),
            iccid: "8949020000012345678".into(),
            operator: "SimGate Net".into(),
        };
        let mut core = Core::new(cfg.profile, cfg.cmd_latency, cfg.cmgs_latency, id, ledger);
        core.unlocked = cfg.pin.is_none();
        core.pin = cfg.pin.clone();
        core.ussd.insert(
            "*100#".into(),
            "Balance: 5,00 EUR. Valid until 31.12.2026".into(),
        );
        core.ussd
            .insert("*101#".into(), "Your number is +4915100000001".into());
        let shared = Arc::new(Shared {
            core: Mutex::new(core),
            stop: AtomicBool::new(false),
            unplugged: AtomicBool::new(false),
            path: Mutex::new(path),
            link: cfg.link.clone(),
        });
        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("simgate-sim-{}", cfg.profile))
            .spawn(move || run(pty, &thread_shared))
            .map_err(SimError::Thread)?;
        Ok(SimModem {
            shared,
            thread: Some(thread),
        })
    }

    /// The pty slave path to open like `/dev/ttyUSB0`. After
    /// [`SimModem::replug`] it is a different path, as a re-enumerated USB
    /// device gets a new `/dev/ttyUSB*` name.
    pub fn path(&self) -> PathBuf {
        lock(&self.shared.path).clone()
    }

    /// Pulls the plug: the pty closes, the driver's port fails. Nothing the
    /// modem stored is lost.
    pub fn unplug(&self) {
        self.shared.unplugged.store(true, Ordering::Relaxed);
        // Return only once the pty is closed, so the caller can rely on it.
        while !self.shared.core().plugged_out && self.running() {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn running(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Plugs the modem back in under a new pty path (the link, if any, is
    /// updated); the modem restarts as after a power cycle.
    pub fn replug(&self) {
        self.shared.unplugged.store(false, Ordering::Relaxed);
        while self.shared.core().plugged_out && self.running() {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Delivers `text` from `from` as if the network sent it (several
    /// concatenated parts when long), routed per the modem's `+CNMI` settings.
    pub fn inject_incoming(&self, from: &str, text: &str) -> Result<(), SimError> {
        let reference = rand::random::<u8>().into();
        for pdu in deliver_pdus(from, text, reference).map_err(SimError::Encode)? {
            self.deliver_pdu(&pdu)?;
        }
        Ok(())
    }

    /// Delivers one raw SMS-DELIVER PDU (hex, with SMSC field): for parts out
    /// of order, duplicates, or hand-made PDUs. See [`deliver_pdus`].
    pub fn deliver_pdu(&self, pdu: &str) -> Result<(), SimError> {
        if self
            .shared
            .core()
            .deliver(Instant::now(), pdu.to_ascii_uppercase())
        {
            Ok(())
        } else {
            Err(SimError::StorageFull)
        }
    }

    /// Status reports for messages sent with TP-SRR arrive this long after
    /// `+CMGS`, with TP-ST `status` (TS 23.040 clause 9.2.3.15: 0 delivered,
    /// 0x40.. permanent error).
    pub fn set_reports(&self, delay: Duration, status: u8) {
        let mut core = self.shared.core();
        core.report_delay = delay;
        core.report_status = status;
    }

    /// Sets the reply the network gives to a USSD code.
    pub fn set_ussd_reply(&self, code: &str, reply: &str) {
        self.shared.core().ussd.insert(code.into(), reply.into());
    }

    /// Answers `+CMGS: <mr>` without the final `OK`, as some firmwares do.
    pub fn set_cmgs_without_ok(&self, on: bool) {
        self.shared.core().cmgs_without_ok = on;
    }

    /// Behaves like a modem that routes every message and report directly
    /// (`+CMT`/`+CDS`) and refuses `+CSMS` service 0, so each needs `AT+CNMA`
    /// (TS 27.005 clauses 3.2.1, 3.4.4). Set before the driver initialises it.
    pub fn set_direct_only(&self, on: bool) {
        let mut core = self.shared.core();
        core.direct_only = on;
        core.csms = u8::from(on);
    }

    /// How many `+CMT`/`+CDS` were acknowledged with `AT+CNMA`.
    pub fn cnma_count(&self) -> usize {
        self.shared.core().cnma_count
    }

    /// Stores messages without `+CMTI`/`+CDSI` (a firmware that loses URCs).
    pub fn set_drop_urcs(&self, drop: bool) {
        self.shared.core().drop_urcs = drop;
    }

    /// Messages and reports currently in the modem's storage.
    pub fn stored(&self) -> usize {
        let core = self.shared.core();
        core.storage.len() + core.sr.len()
    }

    /// ZTE: whether the virtual CD-ROM is still enabled.
    pub fn cdrom_enabled(&self) -> bool {
        self.shared.core().cdrom
    }

    /// PIN attempts left before the SIM wants its PUK.
    pub fn pin_attempts(&self) -> u8 {
        self.shared.core().pin_attempts
    }

    /// Every PDU accepted via `AT+CMGS` so far, in order.
    pub fn sent(&self) -> Vec<SentPdu> {
        self.shared.core().sent.clone()
    }

    /// The IMEI this modem reports.
    pub fn imei(&self) -> String {
        self.shared.core().id.imei.clone()
    }

    /// Answers the next `AT+CMGS` with `+CMS ERROR: <code>` instead of
    /// accepting it (TS 27.005 clause 3.2.5; e.g. 332 network timeout, 42
    /// congestion). Calls queue up: one code per following send.
    pub fn fail_next_cmgs(&self, code: u16) {
        self.shared.core().fail_cmgs.push_back(code);
    }

    /// Makes the modem stop answering (a hung firmware) or resume. Answers
    /// not yet sent when it hangs are lost, as they would be on a real modem;
    /// what it accepted before stays accepted (and in the ledger).
    pub fn set_hung(&self, hung: bool) {
        let mut core = self.shared.core();
        core.hung = hung;
        if hung {
            core.out.clear();
        }
    }

    /// Sets the signal level `<rssi>` answered by `AT+CSQ` (TS 27.007 clause 8.5).
    /// Huawei profiles announce it with `^RSSI` unless `AT^CURC=0` turned that off.
    pub fn set_rssi(&self, rssi: u8) {
        let mut core = self.shared.core();
        core.rssi = rssi;
        if core.profile == Profile::Huawei && core.curc {
            core.urc(Instant::now(), &format!("^RSSI: {rssi}"));
        }
    }

    /// Sets the registration `<stat>` answered by `AT+CREG?` (TS 27.007
    /// clause 7.2); sending fails with `+CMS ERROR: 331` unless it is 1 or 5.
    /// With `AT+CREG=1` or `2` set, the change is announced as `+CREG: <stat>`.
    pub fn set_registration(&self, stat: u8) {
        let mut core = self.shared.core();
        core.reg_stat = stat;
        if core.creg_n > 0 {
            core.urc(Instant::now(), &format!("+CREG: {stat}"));
        }
    }

    /// Sends an arbitrary unsolicited line now, framed like a response line
    /// (for example a vendor URC the driver must ignore).
    pub fn send_urc(&self, line: &str) {
        self.shared.core().urc(Instant::now(), line);
    }

    /// The profile this modem speaks.
    pub fn profile(&self) -> Profile {
        self.shared.core().profile
    }
}

impl Drop for SimModem {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn run(pty: Pty, shared: &Shared) {
    let mut pty = Some(pty);
    let mut spare: Option<Pty> = None;
    while !shared.stop.load(Ordering::Relaxed) {
        if let Some(p) = pty.take() {
            let old = serve(p, shared);
            // Reserve the next device name while the old one is still taken,
            // so the replugged modem shows up under a new name, as a
            // re-enumerated USB device does.
            spare = Pty::open().ok();
            drop(old);
        }
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        // Unplugged: wait for the replug, then come back on a new pty.
        shared.core().plugged_out = true;
        while shared.unplugged.load(Ordering::Relaxed) && !shared.stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(5));
        }
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        match spare.take().map_or_else(Pty::open, Ok) {
            Ok(p) => {
                let path = p.path().to_path_buf();
                if let Some(link) = &shared.link {
                    if let Err(e) = make_link(link, &path) {
                        tracing::warn!(error = %e, "simulator could not update its link");
                    }
                }
                *lock(&shared.path) = path;
                shared.core().power_cycle(Instant::now());
                pty = Some(p);
            }
            Err(e) => {
                tracing::warn!(error = %e, "simulator could not replug");
                std::thread::sleep(Duration::from_millis(100));
                shared.unplugged.store(true, Ordering::Relaxed);
            }
        }
    }
}

/// Answers on one pty until stopped or unplugged; hands the pty back.
fn serve(mut pty: Pty, shared: &Shared) -> Pty {
    shared.core().plugged_out = false;
    // Output the line did not take yet (the driver is not reading).
    let mut pending: Vec<u8> = Vec::new();
    while !shared.stop.load(Ordering::Relaxed) && !shared.unplugged.load(Ordering::Relaxed) {
        let wait = {
            let core = shared.core();
            match core.next_due() {
                _ if !pending.is_empty() => 1,
                Some(due) => {
                    // Rounded up: an event due in 0.4 ms is waited for, not polled for in a busy loop.
                    let ms = due
                        .saturating_duration_since(Instant::now())
                        .as_micros()
                        .div_ceil(1000);
                    u16::try_from(ms).unwrap_or(TICK_MS).min(TICK_MS)
                }
                None => TICK_MS,
            }
        };
        if pty.wait_readable(wait) {
            let bytes = pty.read_available();
            if !bytes.is_empty() {
                shared.core().input(Instant::now(), &bytes);
            }
        }
        {
            let mut core = shared.core();
            core.tick(Instant::now());
            pending.extend(core.take_due(Instant::now()));
        }
        if !pending.is_empty() {
            let n = pty.write_some(&pending);
            pending.drain(..n);
        }
    }
    pty
}

fn make_link(link: &Path, target: &Path) -> Result<(), SimError> {
    let err = |e| SimError::Link {
        path: link.to_path_buf(),
        source: e,
    };
    match std::fs::remove_file(link) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(err(e)),
    }
    std::os::unix::fs::symlink(target, link).map_err(err)
}

/// A random IMEI with a valid Luhn check digit (3GPP TS 23.003 clause 6.2.1).
fn random_imei() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    let mut digits: Vec<u32> = vec![3, 5, 9, 9, 9, 9];
    digits.extend((0..8).map(|_| rng.gen_range(0..10)));
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                *d
            }
        })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect()
}

#[cfg(test)]
mod tests;
