//! simgate-modem: the AT-command driver for GSM modems (3GPP TS 27.005 and
//! TS 27.007) that SimGate uses to drive USB dongles.
//!
//! The crate is layered like a network protocol:
//!
//! - [`digester`]: a sans-I/O parser turning the modem's bytes into frames
//!   (echo, information line, final result, URC, `> ` prompt);
//! - [`command`]: typed commands ([`AtCommand`]) that each know their text,
//!   their timeout and how to read their answer;
//! - [`Modem`]: a cheap, cloneable handle to a driver task that owns the
//!   serial port, keeps exactly one command in flight and broadcasts
//!   [`ModemEvent`]s (URCs, going offline) to subscribers.
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

pub mod command;
pub mod digester;
mod driver;
mod error;
mod event;
mod info;
mod port;
pub mod status;
mod urc;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tracing::{debug, instrument};

pub use command::{AtCommand, Request, SendPdu, Simple};
pub use error::{CmeError, CmsError, ModemError};
pub use event::ModemEvent;
pub use info::{ModemInfo, Registration, dbm_to_bars, rssi_to_dbm};
pub use urc::Urc;

use crate::command::SHORT;
use crate::status::{Identity, OperatorQuery, RegistrationQuery, SignalQuality};

/// How to reach one modem.
#[derive(Debug, Clone)]
pub struct ModemConfig {
    /// Serial device path, e.g. `/dev/ttyUSB2` (or a pty slave).
    pub path: String,
    /// Line speed; USB dongles ignore it but the port must be given one.
    pub baud: u32,
    /// The SIM PIN, sent once and only if the SIM asks for it.
    pub pin: Option<String>,
    /// How long `AT+CMGS` may take before the outcome is declared uncertain.
    pub send_timeout: Duration,
}

impl ModemConfig {
    /// Defaults for a USB dongle at `path`: 115200 baud, no PIN, 60 s send timeout.
    pub fn new(path: impl Into<String>) -> ModemConfig {
        ModemConfig {
            path: path.into(),
            baud: 115_200,
            pin: None,
            send_timeout: command::NETWORK,
        }
    }
}

/// A handle to one modem's driver task. Cloning is cheap; the task ends when
/// [`Modem::close`] is called, the port fails, or the last handle is dropped.
#[derive(Debug, Clone)]
pub struct Modem {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: String,
    send_timeout: Duration,
    jobs: mpsc::Sender<driver::Job>,
    events: broadcast::Sender<ModemEvent>,
    shutdown: watch::Sender<bool>,
}

impl std::fmt::Debug for driver::Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("command", &self.req.name)
            .finish()
    }
}

impl Modem {
    /// Opens the port through `serialport` and initialises the modem: `AT`
    /// until it answers, echo off (`ATE0`), numeric errors (`AT+CMEE=1`), PDU
    /// mode (`AT+CMGF=0`, TS 27.005 clause 3.2.3).
    ///
    /// Must be called within a tokio runtime.
    #[instrument(skip_all, fields(path = %cfg.path), err)]
    pub async fn open(cfg: ModemConfig) -> Result<Modem, ModemError> {
        let path = cfg.path.clone();
        let baud = cfg.baud;
        let io = tokio::task::spawn_blocking(move || port::PortIo::open(&path, baud))
            .await
            .map_err(|e| ModemError::Open {
                path: cfg.path.clone(),
                reason: e.to_string(),
            })??;
        let (jobs_tx, jobs_rx) = mpsc::channel(64);
        let (events, _) = broadcast::channel(256);
        let (shutdown, shutdown_rx) = watch::channel(false);
        tokio::spawn(driver::run(io, jobs_rx, events.clone(), shutdown_rx));
        let modem = Modem {
            inner: Arc::new(Inner {
                path: cfg.path.clone(),
                send_timeout: cfg.send_timeout,
                jobs: jobs_tx,
                events,
                shutdown,
            }),
        };
        modem.init().await?;
        Ok(modem)
    }

    async fn init(&self) -> Result<(), ModemError> {
        // The first AT after opening may meet a modem still booting or left
        // in some state by a previous program: try a few times.
        let mut last = None;
        for _ in 0..3 {
            match self
                .exec(&Simple::new("AT", "AT", Duration::from_secs(1)))
                .await
            {
                Ok(_) => {
                    last = None;
                    break;
                }
                Err(e @ ModemError::Timeout { .. }) => last = Some(e),
                Err(e @ ModemError::Disconnected { .. }) => return Err(e),
                // Garbage or an ERROR still proves something is listening.
                Err(_) => {
                    last = None;
                    break;
                }
            }
        }
        if let Some(e) = last {
            return Err(e);
        }
        self.exec(&Simple::new("ATE0", "ATE0", SHORT)).await?;
        // TS 27.007 clause 9.1: numeric +CME ERROR codes.
        self.exec(&Simple::new("AT+CMEE=1", "AT+CMEE", SHORT))
            .await?;
        // TS 27.005 clause 3.2.3: PDU mode.
        self.exec(&Simple::new("AT+CMGF=0", "AT+CMGF", SHORT))
            .await?;
        debug!(path = %self.inner.path, "modem initialised");
        Ok(())
    }

    /// The device path this modem was opened on.
    pub fn path(&self) -> &str {
        &self.inner.path
    }

    /// Runs one typed command and reads its answer.
    pub async fn exec<C: AtCommand>(&self, cmd: &C) -> Result<C::Output, ModemError> {
        let req = cmd.request();
        let name = req.name;
        let (reply, rx) = oneshot::channel();
        let closed = || ModemError::Disconnected {
            reason: format!("driver stopped before {name}"),
        };
        self.inner
            .jobs
            .send(driver::Job { req, reply })
            .await
            .map_err(|_| closed())?;
        let lines = rx.await.map_err(|_| closed())??;
        cmd.parse(&lines)
    }

    /// Sends one SMS-SUBMIT PDU: `AT+CMGS=<tpdu_len>`, waits for the `> `
    /// prompt, writes the PDU and Ctrl-Z, and returns the message reference of
    /// `+CMGS: <mr>` (TS 27.005 clause 3.5.1).
    ///
    /// A timeout or unplug after the PDU was written is reported as
    /// [`ModemError::Uncertain`], never as a temporary error.
    #[instrument(skip_all, fields(path = %self.inner.path, tpdu_len), err)]
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
        self.exec(&SendPdu {
            tpdu_len,
            hex: hex.to_ascii_uppercase(),
            timeout: self.inner.send_timeout,
        })
        .await
    }

    /// A receiver of this modem's events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<ModemEvent> {
        self.inner.events.subscribe()
    }

    /// Identity and status: manufacturer, model, revision, IMEI, IMSI, ICCID,
    /// operator, signal and registration.
    #[instrument(skip_all, fields(path = %self.inner.path), err)]
    pub async fn info(&self) -> Result<ModemInfo, ModemError> {
        let manufacturer = self.exec(&Identity::MANUFACTURER).await?;
        let model = self.exec(&Identity::MODEL).await?;
        let revision = self.exec(&Identity::REVISION).await?;
        let imei = self.exec(&Identity::IMEI).await?;
        let imsi = self.exec(&Identity::IMSI).await.ok();
        let mut iccid = None;
        for cmd in [
            Identity::ICCID,
            Identity::ICCID_HUAWEI,
            Identity::ICCID_QUECTEL,
        ] {
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
        Ok(ModemInfo {
            manufacturer,
            model,
            revision,
            imei,
            imsi,
            iccid,
            operator,
            signal_dbm,
            registration,
        })
    }

    /// Stops the driver task and closes the port. Commands still queued fail
    /// with [`ModemError::Disconnected`].
    pub async fn close(&self) {
        let _ = self.inner.shutdown.send(true);
        // Wait until the task has let go of the port.
        self.inner.jobs.closed().await;
    }
}
