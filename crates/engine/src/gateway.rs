//! The [`Gateway`] handle: start, enqueue, read, subscribe, shut down.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use simgate_store::messages::{self, Message, MessageStatus, NewMessage};
use simgate_store::queue::{self, ActionOutcome};
use simgate_store::{Store, settings};
use tokio::sync::{Notify, broadcast, watch};

use crate::modems::{self, LockedModem, ModemSlot, ModemSummary};
use crate::routing::{Category, Priority, RoundRobin, RoutingConfig};
use crate::scheduler::{self, ModemSnapshot};
use crate::validate::{check_body, normalise_number};
use crate::writer::Writer;
use crate::{EngineError, Event, FieldError, now_ms};

/// Settings key of the persisted routing configuration.
const ROUTING_KEY: &str = "routing";

/// How the gateway is started.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// Directory holding the database (created if missing).
    pub data_dir: PathBuf,
    /// Serial ports of modems to attach without discovery.
    pub modems: Vec<String>,
    /// Number of simulated modems to start (demo mode, tests, benchmarks).
    pub demo_modems: usize,
    /// Delay of each simulated modem command (and of each `AT+CMGS`).
    pub sim_latency: Duration,
    /// Ask the network for a delivery report of every part (TP-SRR, TS 23.040 9.2.3.5), so messages reach
    /// `delivered` (or `failed` with the reason). Off by default: each report is one more SMS the modem
    /// receives and stores.
    pub delivery_reports: bool,
    /// How long after sending a demo modem's network reports delivery (when reports are on).
    pub demo_report_delay: Duration,
}

impl GatewayConfig {
    /// A gateway on `data_dir` with no modems.
    pub fn new(data_dir: PathBuf) -> GatewayConfig {
        GatewayConfig {
            data_dir,
            modems: Vec::new(),
            demo_modems: 0,
            sim_latency: Duration::ZERO,
            delivery_reports: false,
            demo_report_delay: Duration::from_secs(3),
        }
    }

    /// The database file inside the data directory.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("simgate.db")
    }
}

/// What to send.
#[derive(Debug, Clone)]
pub struct SendRequest {
    /// Recipient, international format.
    pub to: String,
    /// Text.
    pub body: String,
    /// `otp` overtakes everything else at the next message boundary.
    pub priority: Priority,
    /// `marketing` waits for its send window.
    pub category: Category,
    /// Not before this time (Unix ms).
    pub schedule_at: Option<i64>,
    /// Never after this time (Unix ms).
    pub valid_until: Option<i64>,
    /// Send through this modem only, bypassing the routing rules (a modem's test message).
    pub modem: Option<String>,
    /// Send through this modem pool instead of the one the rules choose.
    pub pool: Option<String>,
}

impl SendRequest {
    /// A normal-priority transactional request to send `body` to `to` now.
    pub fn new(to: &str, body: &str) -> SendRequest {
        SendRequest {
            to: to.to_owned(),
            body: body.to_owned(),
            priority: Priority::Normal,
            category: Category::Transactional,
            schedule_at: None,
            valid_until: None,
            modem: None,
            pool: None,
        }
    }
}

/// Paging for [`Gateway::list`].
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Page size, 1..=500 (default 50).
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only messages in this status.
    pub status: Option<MessageStatus>,
    /// Only messages of this modem.
    pub modem: Option<String>,
    /// Created at or after (Unix ms).
    pub since: Option<i64>,
    /// Created before (Unix ms).
    pub until: Option<i64>,
    /// Number or text contains this.
    pub q: Option<String>,
}

/// One page of messages, newest first.
#[derive(Debug, Clone)]
pub struct MessagePage {
    /// The messages.
    pub items: Vec<Message>,
    /// Pass as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// A handle on the running gateway. Cloning is cheap.
#[derive(Debug, Clone)]
pub struct Gateway {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) writer: Writer,
    db_path: PathBuf,
    /// Idle reader connections; a std Mutex because it is only held to push or pop, never across an await.
    readers: Mutex<Vec<Store>>,
    pub(crate) events: broadcast::Sender<Event>,
    /// Wakes idle senders when work arrives.
    pub(crate) work: Notify,
    /// Wakes the scheduler when a scheduled or expiring message arrives.
    pub(crate) schedule_changed: Notify,
    /// The routing configuration in force; replaced whole on change.
    pub(crate) routing: RwLock<Arc<RoutingConfig>>,
    pub(crate) rr: Arc<RoundRobin>,
    pub(crate) shutdown: watch::Sender<bool>,
    pub(crate) modems: Mutex<Vec<ModemSlot>>,
    /// Modems whose SIM waits for a PIN.
    pub(crate) locked: Mutex<Vec<LockedModem>>,
    /// Held while a PIN is being entered, so two requests never spend two of the SIM's attempts at once.
    pub(crate) pin_entry: tokio::sync::Mutex<()>,
    /// Whether parts ask for delivery reports.
    pub(crate) delivery_reports: bool,
    pub(crate) tasks: Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

impl Gateway {
    /// Opens the database, recovers from an unclean stop, attaches the configured and simulated modems, and starts
    /// one sender per modem. Must be called within a tokio runtime.
    #[tracing::instrument(skip_all, err)]
    pub async fn start(cfg: GatewayConfig) -> Result<Gateway, EngineError> {
        std::fs::create_dir_all(&cfg.data_dir).map_err(|source| EngineError::DataDir {
            path: cfg.data_dir.display().to_string(),
            source,
        })?;
        let db_path = cfg.database_path();
        let writer = {
            let path = db_path.clone();
            tokio::task::spawn_blocking(move || Writer::open(&path))
                .await
                .map_err(|e| EngineError::CommitFailed(e.to_string()))??
        };
        // The numbering-plan metadata loads on first use; load it now so the first request is not slow.
        tokio::task::spawn_blocking(|| normalise_number("+4915112345678"))
            .await
            .map_err(|e| EngineError::CommitFailed(e.to_string()))?
            .map_err(|e| EngineError::Invalid(vec![e]))?;
        let recovery = writer.write(|tx| messages::recover(tx, now_ms())).await?;
        if !recovery.requeued.is_empty() || !recovery.uncertain.is_empty() {
            tracing::warn!(
                requeued = recovery.requeued.len(),
                uncertain = recovery.uncertain.len(),
                "recovered messages left in flight by an unclean stop"
            );
        }
        let routing: RoutingConfig = match writer
            .write(|tx| settings::get(tx, ROUTING_KEY))
            .await?
        {
            Some(json) => serde_json::from_str(&json).unwrap_or_else(|e| {
                tracing::error!(error = %e, "stored routing configuration unreadable; using defaults");
                RoutingConfig::default()
            }),
            None => RoutingConfig::default(),
        };
        let (events, _) = broadcast::channel(4096);
        let (shutdown, _) = watch::channel(false);
        let gw = Gateway {
            inner: Arc::new(Inner {
                writer,
                db_path,
                readers: Mutex::new(Vec::new()),
                events,
                work: Notify::new(),
                schedule_changed: Notify::new(),
                routing: RwLock::new(Arc::new(routing)),
                rr: Arc::new(RoundRobin::new()),
                shutdown,
                modems: Mutex::new(Vec::new()),
                locked: Mutex::new(Vec::new()),
                pin_entry: tokio::sync::Mutex::new(()),
                delivery_reports: cfg.delivery_reports,
                tasks: Mutex::new(Vec::new()),
            }),
        };
        let task = tokio::spawn(scheduler::run(gw.clone()));
        gw.inner.tasks.lock().expect("tasks lock").push(task);
        let (slots, locked) = modems::attach_all(&cfg).await?;
        *gw.inner.locked.lock().expect("locked lock") = locked;
        let disabled = gw.stored_disabled().await?;
        let mut introductions = Vec::new();
        for slot in slots {
            slot.enabled
                .store(!disabled.contains(&slot.name), Ordering::Relaxed);
            introductions.push(gw.launch(slot));
        }
        // Ready once every modem's status is known (read in parallel), so the first page shows it.
        let deadline = tokio::time::Instant::now() + crate::supervisor::INTRODUCTION;
        for mut seen in introductions {
            let _ = tokio::time::timeout_at(deadline, seen.wait_for(|done| *done)).await;
        }
        Ok(gw)
    }

    /// Validates and durably queues a message. Returns once it is committed to disk.
    #[tracing::instrument(skip_all, err)]
    pub async fn enqueue(&self, req: SendRequest) -> Result<Message, EngineError> {
        let mut errors = Vec::new();
        let to = normalise_number(&req.to).map_err(|e| errors.push(e)).ok();
        if let Err(e) = check_body(&req.body) {
            errors.push(e);
        }
        let now = now_ms();
        if let Some(until) = req.valid_until {
            if until <= now {
                errors.push(FieldError::new("valid_until", "is already in the past"));
            } else if req.schedule_at.is_some_and(|at| at >= until) {
                errors.push(FieldError::new("valid_until", "must be after schedule_at"));
            }
        }
        if let Some(pool) = &req.pool
            && scheduler::current_config(self).pool(pool).is_none()
        {
            errors.push(FieldError::new(
                "pool",
                format!("there is no modem pool named \"{pool}\""),
            ));
        }
        if let Some(modem) = &req.modem
            && !self.modems().iter().any(|m| &m.name == modem)
        {
            errors.push(FieldError::new(
                "modem",
                format!("there is no modem named \"{modem}\""),
            ));
        }
        let (Some(to), true) = (to, errors.is_empty()) else {
            return Err(EngineError::Invalid(errors));
        };
        let plan = simgate_pdu::plan(&req.body);
        let new = NewMessage {
            id: uuid::Uuid::now_v7().to_string(),
            to,
            body: req.body,
            encoding: encoding_name(plan.encoding).to_owned(),
            segments: plan.segments as u32,
            priority: req.priority.as_i64(),
            category: match req.category {
                Category::Marketing => "marketing",
                Category::Transactional => "transactional",
            }
            .to_owned(),
            pool: req.pool,
            schedule_at: req.schedule_at,
            valid_until: req.valid_until,
            pin_modem: req.modem,
        };
        let timed = new.schedule_at.is_some() || new.valid_until.is_some();
        let msg = self
            .inner
            .writer
            .write(move |tx| messages::insert(tx, &new, now_ms()))
            .await?;
        self.publish(Event::MessageUpdated {
            id: msg.id.clone(),
            status: msg.status,
        });
        self.inner.work.notify_waiters();
        if timed {
            self.inner.schedule_changed.notify_waiters();
        }
        Ok(msg)
    }

    /// Cancels a message that is not being sent yet.
    pub async fn cancel(&self, id: &str) -> Result<Message, EngineError> {
        self.act(id, "cancel", queue::cancel).await
    }

    /// Queues a failed, uncertain, expired or cancelled message again.
    pub async fn send_again(&self, id: &str) -> Result<Message, EngineError> {
        let msg = self.act(id, "send again", queue::send_again).await?;
        self.inner.work.notify_waiters();
        Ok(msg)
    }

    async fn act(
        &self,
        id: &str,
        action: &'static str,
        f: fn(&rusqlite::Connection, &str, i64) -> Result<ActionOutcome, simgate_store::StoreError>,
    ) -> Result<Message, EngineError> {
        let key = id.to_owned();
        let outcome = self
            .inner
            .writer
            .write(move |tx| f(tx, &key, now_ms()))
            .await?;
        match outcome {
            ActionOutcome::Done => {
                let msg = self.get(id).await?;
                self.publish(Event::MessageUpdated {
                    id: msg.id.clone(),
                    status: msg.status,
                });
                Ok(msg)
            }
            ActionOutcome::NotFound => Err(EngineError::NotFound(id.to_owned())),
            ActionOutcome::NotAllowed(status) => Err(EngineError::Conflict(format!(
                "cannot {action} a message that is {}",
                status.as_str()
            ))),
        }
    }

    /// The routing configuration in force.
    pub fn routing(&self) -> RoutingConfig {
        (*scheduler::current_config(self)).clone()
    }

    /// Validates, stores and applies a new routing configuration.
    pub async fn set_routing(&self, cfg: RoutingConfig) -> Result<RoutingConfig, EngineError> {
        let mut known: Vec<String> = self.modems().into_iter().map(|m| m.name).collect();
        // Modems named in the current configuration stay valid while unplugged.
        for pool in &scheduler::current_config(self).pools {
            known.extend(pool.modems.iter().cloned());
        }
        if let Err(problems) = cfg.validate(&known) {
            return Err(EngineError::Invalid(
                problems
                    .into_iter()
                    .map(|p| FieldError::new(&p.path, p.to_string()))
                    .collect(),
            ));
        }
        let json =
            serde_json::to_string(&cfg).map_err(|e| EngineError::CommitFailed(e.to_string()))?;
        self.inner
            .writer
            .write(move |tx| settings::set(tx, ROUTING_KEY, &json))
            .await?;
        *self.inner.routing.write().expect("routing lock") = Arc::new(cfg.clone());
        self.inner.work.notify_waiters();
        Ok(cfg)
    }

    pub(crate) fn modem_snapshots(&self) -> Vec<ModemSnapshot> {
        self.inner
            .modems
            .lock()
            .expect("modems lock")
            .iter()
            .map(|m| ModemSnapshot {
                name: m.name.clone(),
                online: m.modem.is_online(),
                enabled: m.enabled.load(Ordering::Relaxed),
                busy: m.busy.load(Ordering::Relaxed),
            })
            .collect()
    }

    pub(crate) fn set_busy(&self, name: &str, busy: bool) {
        if let Some(m) = self
            .inner
            .modems
            .lock()
            .expect("modems lock")
            .iter()
            .find(|m| m.name == name)
        {
            m.busy.store(busy, Ordering::Relaxed);
        }
    }

    /// Fills in why a waiting message waits when the scheduler has not recorded a reason.
    fn explain(
        &self,
        conn: &rusqlite::Connection,
        m: &mut Message,
        any_online: bool,
    ) -> Result<(), simgate_store::StoreError> {
        if m.reason.is_some() {
            return Ok(());
        }
        m.reason = match m.status {
            MessageStatus::Scheduled => m
                .schedule_at
                .map(|at| format!("scheduled for {}", crate::clock::rfc3339(at))),
            MessageStatus::Queued if !any_online => Some("no modem online".to_owned()),
            MessageStatus::Queued => match m.next_attempt_at {
                Some(at) if at > now_ms() => None,
                _ => {
                    let ahead = queue::queue_position(conn, &m.id, m.priority)?;
                    Some(if ahead == 0 {
                        "next in line".to_owned()
                    } else {
                        format!("waiting behind {ahead} messages")
                    })
                }
            },
            _ => None,
        };
        Ok(())
    }

    /// One message with its history.
    pub async fn get(&self, id: &str) -> Result<Message, EngineError> {
        let id = id.to_owned();
        let any_online = self.any_modem_online();
        let gw = self.clone();
        let found = {
            let id = id.clone();
            self.read(move |conn| {
                let mut m = messages::get(conn, &id)?;
                if let Some(m) = m.as_mut() {
                    gw.explain(conn, m, any_online)?;
                }
                Ok(m)
            })
            .await?
        };
        found.ok_or(EngineError::NotFound(id))
    }

    /// A page of messages, newest first.
    pub async fn list(&self, q: ListQuery) -> Result<MessagePage, EngineError> {
        let limit = q.limit.unwrap_or(50).clamp(1, 500);
        let query = messages::ListQuery {
            limit,
            before: q.cursor,
            status: q.status,
            modem: q.modem,
            since: q.since,
            until: q.until,
            q: q.q,
        };
        let any_online = self.any_modem_online();
        let gw = self.clone();
        let items = self
            .read(move |conn| {
                let mut items = messages::list(conn, &query)?;
                for m in &mut items {
                    gw.explain(conn, m, any_online)?;
                }
                Ok(items)
            })
            .await?;
        let next_cursor = if items.len() as u32 == limit {
            items.last().map(|m| m.id.clone())
        } else {
            None
        };
        Ok(MessagePage { items, next_cursor })
    }

    /// Number of messages in each status.
    pub async fn counts(&self) -> Result<Vec<(MessageStatus, u64)>, EngineError> {
        self.read(messages::count_by_status).await
    }

    fn any_modem_online(&self) -> bool {
        self.inner
            .modems
            .lock()
            .expect("modems lock")
            .iter()
            .any(|m| m.modem.is_online() && m.enabled.load(Ordering::Relaxed))
    }

    /// The modems: attached ones, then those waiting for their SIM PIN.
    pub fn modems(&self) -> Vec<ModemSummary> {
        let mut out: Vec<ModemSummary> = self
            .inner
            .modems
            .lock()
            .expect("modems lock")
            .iter()
            .map(ModemSlot::summary)
            .collect();
        out.extend(
            self.inner
                .locked
                .lock()
                .expect("locked lock")
                .iter()
                .map(|l| ModemSummary {
                    name: l.name.clone(),
                    path: l.path.clone(),
                    demo: false,
                }),
        );
        out
    }

    /// Events from now on. A slow receiver that falls more than 4096 events behind gets `Lagged` and should
    /// refetch what it shows.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.inner.events.subscribe()
    }

    /// Stops the senders (after the message each is sending) and closes the modems.
    pub async fn shutdown(&self) {
        let _ = self.inner.shutdown.send(true);
        self.inner.work.notify_waiters();
        let tasks: Vec<_> = std::mem::take(&mut *self.inner.tasks.lock().expect("tasks lock"));
        for t in tasks {
            let _ = t.await;
        }
        let slots: Vec<_> = std::mem::take(&mut *self.inner.modems.lock().expect("modems lock"));
        for slot in slots {
            slot.modem.close().await;
        }
    }

    pub(crate) fn publish(&self, event: Event) {
        // No receivers is fine: nobody is watching.
        let _ = self.inner.events.send(event);
    }

    /// Runs a read query on a pooled reader connection, off the async threads.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, EngineError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> Result<T, simgate_store::StoreError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = inner.readers.lock().expect("readers lock").pop();
            let store = match pooled {
                Some(s) => s,
                None => Store::open_reader(&inner.db_path)?,
            };
            let out = f(store.conn());
            inner.readers.lock().expect("readers lock").push(store);
            Ok(out?)
        })
        .await
        .map_err(|e| EngineError::CommitFailed(e.to_string()))?
    }
}

/// The stored and wire name of an encoding.
pub(crate) fn encoding_name(e: simgate_pdu::Encoding) -> &'static str {
    match e {
        simgate_pdu::Encoding::Gsm7 => "gsm7",
        simgate_pdu::Encoding::Ucs2 => "ucs2",
        _ => "8bit",
    }
}
