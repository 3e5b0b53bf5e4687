//! Receiving: `+CMTI`/`+CDSI` -> read -> event -> delete only after the
//! gateway's acknowledgement; `+CMT`/`+CDS` routed directly; a periodic
//! `AT+CMGL` sweep for modems that lose URCs; and each message delivered once
//! even when it is seen twice (URC and sweep, or a network duplicate).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use simgate_pdu::Pdu;
use tokio::sync::{broadcast, watch};
use tracing::{debug, warn};

use crate::command::{SHORT, Simple};
use crate::error::ModemError;
use crate::event::{DeliveryReport, IncomingSms, ModemEvent};
use crate::info::{Registration, rssi_to_dbm};
use crate::link::Link;
use crate::sms::{DeleteMessage, ListMessages, ReadMessage};
use crate::status::{RegistrationQuery, SignalQuality};
use crate::urc::Urc;

/// After a command timed out, sweeps and polls pause this long (or until the
/// modem is back online), leaving the line to recovery's health probes.
const QUIET_AFTER_TIMEOUT: Duration = Duration::from_secs(10);

/// How many recent PDUs are remembered to recognise duplicates.
const SEEN_CAPACITY: usize = 1024;

/// A slot in the modem's storage: memory (`None` for the selected one) and index.
type Slot = (Option<String>, u32);

/// Where an incoming message is, and so how it is acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// In the storage at this slot: acknowledged by deleting it.
    Stored(Slot),
    /// Routed directly (`+CMT`/`+CDS`): acknowledged with `AT+CNMA` when
    /// `+CSMS` service 1 requires it (TS 27.005 clause 3.4.4).
    Routed { cnma: bool },
}

/// The gateway's "I have stored it" for one incoming message or report.
/// Cloneable; only the first call does anything.
#[derive(Debug, Clone)]
pub struct Ack {
    link: Link,
    place: Place,
    pending: Arc<Mutex<HashMap<Slot, Instant>>>,
    storage: Storage,
    done: Arc<AtomicBool>,
}

/// Access to the message storage. `<mem1>` (the memory `AT+CMGR`/`AT+CMGD`
/// act on, TS 27.005 clause 3.2.2) is switched to read another memory; the
/// lock keeps the receiver and acknowledgements from interleaving there, so
/// a delete never hits the wrong memory.
#[derive(Debug, Clone)]
pub(crate) struct Storage {
    lock: Arc<tokio::sync::Mutex<()>>,
    default: Option<String>,
}

impl Storage {
    pub fn new(default: Option<String>) -> Storage {
        Storage {
            lock: Arc::default(),
            default,
        }
    }

    /// Runs `cmd` with `<mem1>` set to `mem` (or the selected memory).
    async fn with_mem<C: crate::AtCommand>(
        &self,
        link: &Link,
        mem: Option<&str>,
        cmd: &C,
    ) -> Result<C::Output, ModemError> {
        let _guard = self.lock.lock().await;
        let Some(mem) = mem.filter(|m| Some(*m) != self.default.as_deref()) else {
            return link.exec(cmd).await;
        };
        let select =
            |m: &str| Simple::new(format!("AT+CPMS=\"{m}\""), "AT+CPMS", crate::command::SIM);
        link.exec(&select(mem)).await?;
        let out = link.exec(cmd).await;
        if let Some(d) = &self.default {
            link.exec(&select(d)).await?;
        }
        out
    }
}

impl Ack {
    /// Tells the modem the message is safely stored: it is deleted from the
    /// SIM (or acknowledged to the network). Until this is called the message
    /// stays on the SIM and is offered again after a restart.
    pub async fn stored(&self) -> Result<(), ModemError> {
        if self.done.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        let res = match &self.place {
            Place::Stored(slot) => {
                let r = self
                    .storage
                    .with_mem(&self.link, slot.0.as_deref(), &DeleteMessage(slot.1))
                    .await;
                if r.is_ok() {
                    lock(&self.pending).remove(slot);
                }
                r
            }
            Place::Routed { cnma: true } => self
                .link
                .exec(&Simple::new("AT+CNMA", "AT+CNMA", SHORT))
                .await
                .map(|_| ()),
            Place::Routed { cnma: false } => Ok(()),
        };
        if res.is_err() {
            self.done.store(false, Ordering::SeqCst);
        }
        res
    }

    /// The storage index, when the message is in the modem's storage.
    pub fn index(&self) -> Option<u32> {
        match &self.place {
            Place::Stored((_, i)) => Some(*i),
            Place::Routed { .. } => None,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Settings of the receiver task.
#[derive(Debug, Clone)]
pub(crate) struct ReceiverConfig {
    pub sweep_every: Duration,
    pub status_every: Duration,
    pub needs_cnma: bool,
    /// An unacknowledged stored message is offered again after this long.
    pub reoffer_after: Duration,
    pub storage: Storage,
    /// Memories besides the selected one to sweep (`SR`).
    pub other_memories: Vec<String>,
    /// When the modem last sent: periodic sweeps and polls wait for a pause.
    pub activity: crate::activity::Activity,
    /// Whether the periodic sweep may wait for a pause (it may not when it is the only way messages arrive).
    pub defer_sweep: bool,
}

struct Receiver {
    link: Link,
    events: broadcast::Sender<ModemEvent>,
    cfg: ReceiverConfig,
    /// Slots handed to the gateway and not yet acknowledged, with when.
    pending: Arc<Mutex<HashMap<Slot, Instant>>>,
    /// Slots whose PDU cannot be decoded: left alone for this session.
    bad: HashSet<Slot>,
    seen: VecDeque<String>,
    seen_set: HashSet<String>,
    last_dbm: Option<Option<i32>>,
    last_reg: Option<Registration>,
}

pub(crate) async fn run(
    link: Link,
    mut rx: broadcast::Receiver<ModemEvent>,
    events: broadcast::Sender<ModemEvent>,
    cfg: ReceiverConfig,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut sweep = tokio::time::interval(cfg.sweep_every);
    let mut status = tokio::time::interval(cfg.status_every);
    let mut r = Receiver {
        link,
        events,
        cfg,
        pending: Arc::default(),
        bad: HashSet::new(),
        seen: VecDeque::new(),
        seen_set: HashSet::new(),
        last_dbm: None,
        last_reg: None,
    };
    // Set while the modem does not answer: no sweeps or polls until then.
    let mut quiet_until: Option<tokio::time::Instant> = None;
    // Since when a periodic sweep or status poll has waited for a pause in sending.
    let (mut sweep_deferred, mut status_deferred) = (None, None);
    loop {
        let quiet = quiet_until.is_some_and(|t| tokio::time::Instant::now() < t);
        tokio::select! {
            // Events first: an `Unresponsive` must silence the sweeps before the next one starts.
            biased;
            _ = shutdown.changed() => break,
            ev = rx.recv() => match ev {
                Ok(ModemEvent::Urc(urc)) => {
                    if let Err(e) = r.on_urc(urc).await {
                        debug!(error = %e, "handling a URC failed; the sweep will retry");
                    }
                }
                // Back after an unplug: look at once for what arrived meanwhile.
                Ok(ModemEvent::Online { .. }) => {
                    quiet_until = None;
                    sweep.reset_immediately();
                }
                Ok(ModemEvent::Unresponsive { .. }) => {
                    quiet_until = Some(tokio::time::Instant::now() + QUIET_AFTER_TIMEOUT);
                }
                Ok(ModemEvent::Offline { reason }) if reason == "closed" => break,
                Err(broadcast::error::RecvError::Closed) => break,
                Ok(_) => {}
                // Missed URCs: the sweep finds what they announced.
                Err(broadcast::error::RecvError::Lagged(_)) => sweep.reset_immediately(),
            },
            // The first tick is immediate: messages that arrived while SimGate was not running.
            // While the modem is offline these fail at once; they work again after recovery.
            _ = sweep.tick(), if !quiet => {
                if r.cfg.defer_sweep {
                    if let Some(wait) = r.cfg.activity.defer(&mut sweep_deferred) {
                        sweep.reset_after(wait);
                        continue;
                    }
                }
                if let Err(e) = r.sweep().await {
                    debug!(error = %e, "storage sweep failed");
                }
            }
            _ = status.tick(), if !quiet => {
                if let Some(wait) = r.cfg.activity.defer(&mut status_deferred) {
                    status.reset_after(wait);
                    continue;
                }
                let _ = r.poll_status().await;
            }
            _ = tokio::time::sleep_until(quiet_until.unwrap_or_else(tokio::time::Instant::now)), if quiet => {
                quiet_until = None;
            }
        }
    }
}

impl Receiver {
    async fn on_urc(&mut self, urc: Urc) -> Result<(), ModemError> {
        match urc {
            Urc::MessageStored { mem, index } | Urc::StatusReportStored { mem, index } => {
                // The selected memory is `None`, so URC and sweep name a slot alike.
                let default = self.cfg.storage.default.as_ref();
                let mem = Some(mem).filter(|m| default.is_some_and(|d| d != m));
                self.read_stored((mem, index)).await
            }
            Urc::Deliver { pdu, .. } | Urc::StatusReport { pdu, .. } => {
                let place = Place::Routed {
                    cnma: self.cfg.needs_cnma,
                };
                self.offer(pdu, place).await
            }
            Urc::Rssi(rssi) => {
                self.signal(rssi_to_dbm(rssi));
                Ok(())
            }
            Urc::Registration { stat } => {
                self.registration(Registration::from_stat(stat));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    async fn read_stored(&mut self, slot: Slot) -> Result<(), ModemError> {
        if lock(&self.pending).contains_key(&slot) || self.bad.contains(&slot) {
            return Ok(());
        }
        let read = ReadMessage(slot.1);
        let stored = self
            .cfg
            .storage
            .with_mem(&self.link, slot.0.as_deref(), &read)
            .await?;
        match stored {
            Some(stored) => self.offer(stored.pdu, Place::Stored(slot)).await,
            None => Ok(()),
        }
    }

    async fn sweep(&mut self) -> Result<(), ModemError> {
        let mut mems: Vec<Option<String>> = vec![None];
        mems.extend(self.cfg.other_memories.iter().cloned().map(Some));
        for mem in mems {
            let listed = self
                .cfg
                .storage
                .with_mem(&self.link, mem.as_deref(), &ListMessages)
                .await?;
            for stored in listed {
                let slot = (mem.clone(), stored.index);
                // <stat> 2 and 3 are outgoing messages kept in the storage.
                if stored.stat > 1 || self.bad.contains(&slot) {
                    continue;
                }
                let offered = lock(&self.pending).get(&slot).copied();
                match offered {
                    // Still unacknowledged long after it was handed over: the
                    // subscriber may have missed it (a lagging receiver), so
                    // it is offered once more rather than left until a restart.
                    Some(at) if at.elapsed() >= self.cfg.reoffer_after => {
                        self.forget(&stored.pdu);
                        lock(&self.pending).remove(&slot);
                    }
                    Some(_) => continue,
                    None => {}
                }
                self.offer(stored.pdu, Place::Stored(slot)).await?;
            }
        }
        Ok(())
    }

    /// Decodes a received PDU and hands it to the gateway once.
    async fn offer(&mut self, pdu: String, place: Place) -> Result<(), ModemError> {
        let ack = Ack {
            link: self.link.clone(),
            place: place.clone(),
            pending: self.pending.clone(),
            storage: self.cfg.storage.clone(),
            done: Arc::default(),
        };
        if self.seen_set.contains(&pdu) {
            // The same PDU again (network retransmission or a second copy in
            // the storage): already handed over, so only clean it up.
            debug!("duplicate PDU dropped");
            if let Place::Stored(slot) = place {
                lock(&self.pending).insert(slot, Instant::now());
            }
            return ack.stored().await;
        }
        let event = match simgate_pdu::decode(&pdu, true) {
            Ok(Pdu::Deliver(message)) => ModemEvent::Incoming(IncomingSms {
                pdu: pdu.clone(),
                message,
                ack,
            }),
            Ok(Pdu::StatusReport(report)) => ModemEvent::StatusReport(DeliveryReport {
                pdu: pdu.clone(),
                report,
                ack,
            }),
            Ok(_) => return Ok(()),
            Err(e) => {
                warn!(error = %e, "undecodable PDU in the modem's storage; leaving it there");
                if let Place::Stored(slot) = place {
                    self.bad.insert(slot);
                }
                return Ok(());
            }
        };
        if let Place::Stored(slot) = place {
            lock(&self.pending).insert(slot, Instant::now());
        }
        self.remember(pdu);
        let _ = self.events.send(event);
        Ok(())
    }

    fn forget(&mut self, pdu: &str) {
        if self.seen_set.remove(pdu) {
            self.seen.retain(|p| p != pdu);
        }
    }

    fn remember(&mut self, pdu: String) {
        if self.seen.len() >= SEEN_CAPACITY {
            if let Some(old) = self.seen.pop_front() {
                self.seen_set.remove(&old);
            }
        }
        self.seen_set.insert(pdu.clone());
        self.seen.push_back(pdu);
    }

    async fn poll_status(&mut self) -> Result<(), ModemError> {
        let rssi = self.link.exec(&SignalQuality).await?;
        self.signal(rssi_to_dbm(rssi));
        let reg = self.link.exec(&RegistrationQuery).await?;
        self.registration(reg);
        Ok(())
    }

    fn signal(&mut self, dbm: Option<i32>) {
        if self.last_dbm != Some(dbm) {
            self.last_dbm = Some(dbm);
            let _ = self.events.send(ModemEvent::Signal { dbm });
        }
    }

    fn registration(&mut self, reg: Registration) {
        if self.last_reg != Some(reg) {
            self.last_reg = Some(reg);
            let _ = self.events.send(ModemEvent::Registration(reg));
        }
    }
}
