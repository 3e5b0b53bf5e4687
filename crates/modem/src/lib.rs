//! simgate-modem: the AT-command driver for GSM modems (3GPP TS 27.005 and
//! TS 27.007) that SimGate uses to drive USB dongles.
//!
//! The crate is layered like a network protocol:
//!
//! - [`digester`]: a sans-I/O parser turning the modem's bytes into frames
//!   (echo, information line, final result, URC, `> ` prompt);
//! - [`command`], [`status`], [`sms`]: typed commands ([`AtCommand`]) that
//!   each know their text, their timeout and how to read their answer;
//! - [`Modem`]: a cheap, cloneable handle to a driver task that owns the
//!   serial port, keeps exactly one command in flight and broadcasts
//!   [`ModemEvent`]s to subscribers.
//!
//! Around that core, [`Modem::open`] starts two helpers:
//!
//! - the receiver turns `+CMTI`/`+CMT`/`+CDS`/`+CDSI` and a periodic
//!   `AT+CMGL` sweep into [`ModemEvent::Incoming`] and
//!   [`ModemEvent::StatusReport`], each carrying an [`Ack`]: the message is
//!   deleted from the SIM only once the gateway calls [`Ack::stored`], and a
//!   message seen twice is delivered once;
//! - recovery probes the modem's health, escalates when it hangs (Escape,
//!   reopening the port, `AT+CFUN=1,1`) and, after an unplug, finds the same
//!   dongle again by IMEI, under whatever device name it returns with.
//!
//! [`discover`] finds the modems attached to the machine, one per dongle.
//! Vendor quirks are chosen from `AT+CGMI`/`AT+CGMM` ([`Vendor`]).
//!
//! Failures are [`ModemError`]s; [`ModemError::is_temporary`] tells the
//! outbox what may be retried. A send whose PDU reached the modem but whose
//! answer did not come back is [`ModemError::Uncertain`] and never retried.
//! Raw AT traffic is logged at trace level under `simgate_modem::wire`,
//! without PINs; nothing above debug carries numbers or message text.
//!
//! The digester can be used on its own, e.g. on bytes captured from a dongle:
//!
//! ```
//! use simgate_modem::digester::{Digester, FinalResult, Frame};
//! use simgate_modem::Urc;
//!
//! let mut d = Digester::new();
//! d.push(b"\r\n+CMTI: \"SM\",3\r\n\r\nOK\r\n");
//! assert_eq!(
//!     d.next_frame(),
//!     Some(Frame::Urc(Urc::MessageStored { mem: "SM".into(), index: 3 }))
//! );
//! assert_eq!(d.next_frame(), Some(Frame::Final(FinalResult::Ok)));
//! assert_eq!(d.next_frame(), None);
//! ```

pub mod activity;
pub mod command;
pub mod digester;
pub mod discover;
mod driver;
mod error;
mod event;
mod info;
mod link;
mod port;
mod quirks;
mod receive;
mod recovery;
mod session;
pub mod sms;
pub mod status;
mod urc;
mod ussd;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use simgate_pdu::SubmitPart;
use tokio::sync::{broadcast, mpsc, watch};
use tracing::{debug, instrument};

pub use command::{AtCommand, Request, SendPdu, Simple};
pub use error::{CmeError, CmsError, ModemError};
pub use event::{DeliveryReport, IncomingSms, ModemEvent};
pub use info::{ModemInfo, Registration, dbm_to_bars, rssi_to_dbm};
pub use quirks::Vendor;
pub use receive::Ack;
pub use urc::Urc;
pub use ussd::decode_ussd;

use crate::command::SHORT;
use crate::status::{OperatorQuery, OwnNumber, RegistrationQuery, SignalQuality};

/// How to reach one modem.
#[derive(Clone)]
pub struct ModemConfig {
    /// Serial device path, e.g. `/dev/ttyUSB2` (or a pty slave).
    pub path: String,
    /// Line speed; USB dongles ignore it but the port must be given one.
    pub baud: u32,
    /// The SIM PIN, sent once and only if the SIM asks for it.
    pub pin: Option<String>,
    /// How long `AT+CMGS` may take before the outcome is declared uncertain.
    pub send_timeout: Duration,
    /// Run the receiver: URC-driven reading, the storage sweep and status
    /// polling, published as [`ModemEvent`]s. Off for one-shot tools.
    pub receive: bool,
    /// How often the storage is swept with `AT+CMGL` for messages whose URC was lost.
    pub sweep_interval: Duration,
    /// How often signal and registration are polled.
    pub status_interval: Duration,
    /// A received message that was handed over but not acknowledged within
    /// this time is offered again (its subscriber may have missed it).
    pub reoffer_after: Duration,
    /// Recover on its own: check the modem's health, escalate when it hangs,
    /// and after an unplug re-attach it by IMEI wherever it reappears.
    pub recover: bool,
    /// Besides the USB serial ports, where to look for the modem after an
    /// unplug (e.g. `/dev/serial/by-id/...` links, a simulator's link).
    pub search_paths: Vec<String>,
    /// How often an idle modem is asked `AT` to prove it still answers.
    pub health_interval: Duration,
    /// Pause after each final result before the next command. Many dongles drop a command that follows the
    /// previous answer too closely; a simulated modem needs none.
    pub cool_down: Duration,
}

impl std::fmt::Debug for ModemConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The PIN never appears in logs.
        f.debug_struct("ModemConfig")
            .field("path", &self.path)
            .field("baud", &self.baud)
            .field("pin", &self.pin.as_ref().map(|_| "<set>"))
            .field("send_timeout", &self.send_timeout)
            .field("receive", &self.receive)
            .field("recover", &self.recover)
            .field("search_paths", &self.search_paths)
            .finish_non_exhaustive()
    }
}

impl ModemConfig {
    /// Defaults for a USB dongle at `path`: 115200 baud, no PIN, 60 s send timeout.
    pub fn new(path: impl Into<String>) -> ModemConfig {
        ModemConfig {
            path: path.into(),
            baud: 115_200,
            pin: None,
            send_timeout: command::NETWORK,
            receive: true,
            sweep_interval: Duration::from_secs(30),
            status_interval: Duration::from_secs(30),
            reoffer_after: Duration::from_secs(300),
            recover: true,
            search_paths: Vec::new(),
            health_interval: Duration::from_secs(60),
            cool_down: Duration::from_millis(20),
        }
    }
}

/// A handle to one modem's driver task. Cloning is cheap; the task ends when
/// [`Modem::close`] is called or the last handle is dropped.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use simgate_modem::{Modem, ModemConfig};
/// use simgate_sim::{SimConfig, SimModem};
///
/// // A simulated dongle on a pseudo-terminal, opened like /dev/ttyUSB0.
/// let sim = SimModem::spawn(SimConfig::default())?;
/// let modem = Modem::open(ModemConfig::new(sim.path().to_string_lossy())).await?;
///
/// let parts = simgate_pdu::encode_submit("+4915112345678", "Your code is 1234", &Default::default())?;
/// let mr = modem.send_pdu(parts[0].tpdu_len, &parts[0].hex).await?;
/// assert_eq!(sim.sent()[0].mr, mr);
/// modem.close().await;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Modem {
    inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    /// The device path in use; changes when recovery re-attaches elsewhere.
    path: std::sync::Mutex<String>,
    send_timeout: Duration,
    jobs: mpsc::Sender<driver::Job>,
    events: broadcast::Sender<ModemEvent>,
    shutdown: watch::Sender<bool>,
    /// What initialisation found; set once, before the handle is returned.
    setup: OnceLock<session::Setup>,
    /// Becomes true once the driver task has closed the port.
    released: watch::Receiver<bool>,
    /// Whether the modem is initialised and in service right now.
    online: watch::Receiver<bool>,
    /// When it last sent: periodic housekeeping waits for a pause.
    activity: activity::Activity,
    /// When the driver may write its next command (after the pause that follows each answer).
    line_free: watch::Receiver<tokio::time::Instant>,
}

impl Modem {
    /// Opens the port through `serialport` and initialises the modem, asking
    /// rather than assuming: `AT` until it answers, echo off, numeric errors
    /// (`AT+CMEE=1`), the PIN only if `AT+CPIN?` asks for it (and never again
    /// after a rejection), vendor quirks from `AT+CGMI`/`AT+CGMM`, PDU mode,
    /// `+CSMS`, `+CPMS` and `+CNMI` chosen from what the modem offers. Then the
    /// receiver starts (unless [`ModemConfig::receive`] is off).
    ///
    /// Must be called within a tokio runtime.
    #[instrument(skip_all, fields(path = %cfg.path), err)]
    pub async fn open(cfg: ModemConfig) -> Result<Modem, ModemError> {
        let (modem, shutdown_rx) = Modem::attach(&cfg).await?;
        let setup = match modem.initialise(cfg.pin.as_deref()).await {
            Ok(s) => s,
            Err(e) => {
                modem.close().await;
                return Err(e);
            }
        };
        // Without +CMTI (<mt> 0) the sweep is the only way messages are found.
        let sweep_every = if setup.cnmi[1] == 0 {
            cfg.sweep_interval.min(Duration::from_secs(5))
        } else {
            cfg.sweep_interval
        };
        let rcfg = receive::ReceiverConfig {
            sweep_every,
            status_every: cfg.status_interval,
            needs_cnma: setup.needs_cnma,
            reoffer_after: cfg.reoffer_after,
            storage: receive::Storage::new(setup.storage.clone()),
            other_memories: setup.other_read_memories.clone(),
            activity: modem.inner.activity.clone(),
            // Without +CMTI the sweep is how replies arrive at all: it never waits for a pause.
            defer_sweep: setup.cnmi[1] != 0,
        };
        let _ = modem.inner.setup.set(setup);
        if cfg.receive {
            tokio::spawn(receive::run(
                link::Link::new(&modem.inner.jobs),
                modem.inner.events.subscribe(),
                modem.inner.events.clone(),
                rcfg,
                shutdown_rx,
            ));
        }
        let _ = modem
            .inner
            .jobs
            .send(driver::Job::Ready(cfg.path.clone()))
            .await;
        if cfg.recover {
            tokio::spawn(recovery::run(
                Arc::downgrade(&modem.inner),
                modem.inner.events.subscribe(),
                recovery::RecoveryConfig::from_modem_config(
                    &cfg,
                    modem.imei(),
                    modem.inner.activity.clone(),
                ),
                modem.inner.shutdown.subscribe(),
            ));
        }
        debug!(path = %cfg.path, "modem initialised");
        Ok(modem)
    }

    /// Opens the port and starts the driver task, without talking to the modem.
    pub(crate) async fn attach(
        cfg: &ModemConfig,
    ) -> Result<(Modem, watch::Receiver<bool>), ModemError> {
        let path = cfg.path.clone();
        let baud = cfg.baud;
        let io = tokio::task::spawn_blocking(move || port::PortIo::open(&path, baud))
            .await
            .map_err(|e| ModemError::Open {
                path: cfg.path.clone(),
                reason: e.to_string(),
            })??;
        let (jobs_tx, jobs_rx) = mpsc::channel(64);
        let (events, _) = broadcast::channel(1024);
        let (shutdown, shutdown_rx) = watch::channel(false);
        let (released_tx, released) = watch::channel(false);
        let (online_tx, online) = watch::channel(false);
        let (line_free_tx, line_free) = watch::channel(tokio::time::Instant::now());
        tokio::spawn(driver::run(
            io,
            jobs_rx,
            events.clone(),
            shutdown_rx.clone(),
            driver::Signals {
                released: released_tx,
                online: online_tx,
                line_free: line_free_tx,
            },
            cfg.cool_down,
        ));
        let modem = Modem {
            inner: Arc::new(Inner {
                path: std::sync::Mutex::new(cfg.path.clone()),
                send_timeout: cfg.send_timeout,
                jobs: jobs_tx,
                events,
                shutdown,
                setup: OnceLock::new(),
                activity: activity::Activity::default(),
                line_free,
                released,
                online,
            }),
        };
        Ok((modem, shutdown_rx))
    }

    /// Whether the modem is in service now (false while unplugged or being recovered).
    pub fn is_online(&self) -> bool {
        *self.inner.online.borrow()
    }

    /// The vendor profile chosen at initialisation.
    pub fn vendor(&self) -> Vendor {
        self.inner.setup.get().map_or(Vendor::Generic, |s| s.vendor)
    }

    /// The IMEI read at initialisation: one dongle, one identity, whatever
    /// its device path.
    pub fn imei(&self) -> &str {
        self.inner.setup.get().map_or("", |s| s.imei.as_str())
    }

    /// Writes bytes outside any command (Escape, recovery sequences).
    pub(crate) async fn write_raw(&self, bytes: Vec<u8>) {
        let _ = self.inner.jobs.send(driver::Job::Raw(bytes)).await;
    }

    /// The device path in use (after a re-attach, the new one).
    pub fn path(&self) -> String {
        self.inner
            .path
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub(crate) fn set_path(&self, path: &str) {
        *self.inner.path.lock().unwrap_or_else(|p| p.into_inner()) = path.to_string();
    }

    pub(crate) fn from_inner(inner: Arc<Inner>) -> Modem {
        Modem { inner }
    }

    pub(crate) async fn job(&self, job: driver::Job) {
        let _ = self.inner.jobs.send(job).await;
    }

    /// Runs one typed command and reads its answer.
    ///
    /// While the modem is offline (unplugged, being recovered) this fails at
    /// once with [`ModemError::Disconnected`].
    pub async fn exec<C: AtCommand>(&self, cmd: &C) -> Result<C::Output, ModemError> {
        link::exec_via(&self.inner.jobs, cmd, false).await
    }

    /// Runs a command of the (re)initialisation, before the modem is ready.
    pub(crate) async fn exec_init<C: AtCommand>(&self, cmd: &C) -> Result<C::Output, ModemError> {
        link::exec_via(&self.inner.jobs, cmd, true).await
    }

    /// Sends one SMS-SUBMIT PDU: `AT+CMGS=<tpdu_len>`, waits for the `> `
    /// prompt, writes the PDU and Ctrl-Z, and returns the message reference of
    /// `+CMGS: <mr>` (TS 27.005 clause 3.5.1).
    ///
    /// A timeout or unplug after the PDU was written is reported as
    /// [`ModemError::Uncertain`], never as a temporary error.
    #[instrument(skip_all, fields(path = %self.path(), tpdu_len), err)]
    pub async fn send_pdu(&self, tpdu_len: usize, hex: &str) -> Result<u8, ModemError> {
        if hex.is_empty() || hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ModemError::InvalidArgument(
                "the PDU must be a non-empty string of hex digit pairs".into(),
            ));
        }
        if tpdu_len == 0 || tpdu_len * 2 > hex.len() {
            return Err(ModemError::InvalidArgument(format!(
                "TPDU length {tpdu_len} does not fit a PDU of {} octets",
                hex.len() / 2
            )));
        }
        self.inner.activity.note_send();
        let result = self
            .exec(&SendPdu {
                tpdu_len,
                hex: hex.to_ascii_uppercase(),
                timeout: self.inner.send_timeout,
            })
            .await;
        self.inner.activity.note_send();
        result
    }

    /// Waits out the pause the driver keeps after each answer ([`ModemConfig::cool_down`]) before the next
    /// command. A caller that must record something durably right before a command (the outbox marks a part
    /// `submitting` before `AT+CMGS`) waits here first, so that the pause does not fall between the two.
    pub async fn until_line_free(&self) {
        let at = *self.inner.line_free.borrow();
        driver::wait_until(at).await;
    }

    /// Whether periodic housekeeping due now (a status poll) should wait for a pause in sending, and if so
    /// how long before asking again; `deferred` remembers since when it has waited (start with `None`). It
    /// waits while the modem sends without a pause of [`activity::SEND_GAP`], at most [`activity::MAX_DEFER`].
    pub fn defer_housekeeping(
        &self,
        deferred: &mut Option<tokio::time::Instant>,
    ) -> Option<Duration> {
        self.inner.activity.defer(deferred)
    }

    /// Sends the parts of one message in a burst, keeping the radio link
    /// open between them with `AT+CMMS=1` (TS 27.005 clause 3.5.6).
    ///
    /// Returns one result per part attempted, in order; sending stops at the
    /// first failure, so a shorter list means the remaining parts were not sent.
    #[instrument(skip_all, fields(path = %self.path(), parts = parts.len()))]
    pub async fn send_pdus(&self, parts: &[SubmitPart]) -> Vec<Result<u8, ModemError>> {
        let burst = parts.len() > 1;
        if burst {
            // Not every modem knows +CMMS; the parts are sent either way.
            let _ = self.exec(&Simple::new("AT+CMMS=1", "AT+CMMS", SHORT)).await;
        }
        let mut out = Vec::with_capacity(parts.len());
        for p in parts {
            let r = self.send_pdu(p.tpdu_len, &p.hex).await;
            let failed = r.is_err();
            out.push(r);
            if failed {
                break;
            }
        }
        if burst {
            let _ = self.exec(&Simple::new("AT+CMMS=0", "AT+CMMS", SHORT)).await;
        }
        out
    }

    /// A receiver of this modem's events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<ModemEvent> {
        self.inner.events.subscribe()
    }

    /// Identity and status: manufacturer, model, revision, IMEI, IMSI, ICCID,
    /// operator, signal and registration.
    #[instrument(skip_all, fields(path = %self.path()), err)]
    pub async fn info(&self) -> Result<ModemInfo, ModemError> {
        use crate::status::Identity;
        let manufacturer = self.exec(&Identity::MANUFACTURER).await?;
        let model = self.exec(&Identity::MODEL).await?;
        let revision = self.exec(&Identity::REVISION).await?;
        let imei = self.exec(&Identity::IMEI).await?;
        let imsi = self.exec(&Identity::IMSI).await.ok();
        let mut iccid = None;
        for cmd in self.vendor().iccid_commands() {
            if let Ok(v) = self.exec(&cmd).await {
                iccid = Some(v);
                break;
            }
        }
        let operator = self.exec(&OperatorQuery).await.ok().flatten();
        let signal_dbm = self.exec(&SignalQuality).await.ok().and_then(rssi_to_dbm);
        let registration = self
            .exec(&RegistrationQuery)
            .await
            .unwrap_or(Registration::Unknown);
        let own_number = self.exec(&OwnNumber).await.ok().flatten();
        Ok(ModemInfo {
            manufacturer,
            model,
            revision,
            imei,
            imsi,
            iccid,
            operator,
            signal_dbm,
            signal_bars: signal_dbm.map(dbm_to_bars),
            registration,
            own_number,
        })
    }

    /// Stops the driver task and closes the port. Commands still queued fail
    /// with [`ModemError::Disconnected`].
    pub async fn close(&self) {
        let _ = self.inner.shutdown.send(true);
        // Wait until the task has let go of the port.
        let mut released = self.inner.released.clone();
        let _ = released.wait_for(|r| *r).await;
    }
}
