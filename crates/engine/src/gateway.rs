//! The [`Gateway`] handle: start, enqueue, read, subscribe, shut down.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use simgate_store::Store;
use simgate_store::messages::{self, Message, MessageStatus, NewMessage};
use tokio::sync::{Notify, broadcast, watch};

use crate::modems::{self, ModemSlot, ModemSummary};
use crate::validate::{check_body, normalise_number};
use crate::writer::Writer;
use crate::{EngineError, Event, now_ms, sender};

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
}

impl GatewayConfig {
    /// A gateway on `data_dir` with no modems.
    pub fn new(data_dir: PathBuf) -> GatewayConfig {
        GatewayConfig {
            data_dir,
            modems: Vec::new(),
            demo_modems: 0,
            sim_latency: Duration::ZERO,
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
}

impl SendRequest {
    /// A request to send `body` to `to`.
    pub fn new(to: &str, body: &str) -> SendRequest {
        SendRequest {
            to: to.to_owned(),
            body: body.to_owned(),
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
    pub(crate) shutdown: watch::Sender<bool>,
    pub(crate) modems: Mutex<Vec<ModemSlot>>,
    tasks: Mutex<Vec<tokio::task::JoinHandle<()>>>,
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
        let recovery = writer.write(|tx| messages::recover(tx, now_ms())).await?;
        if !recovery.requeued.is_empty() || !recovery.uncertain.is_empty() {
            tracing::warn!(
                requeued = recovery.requeued.len(),
                uncertain = recovery.uncertain.len(),
                "recovered messages left in flight by an unclean stop"
            );
        }
        let (events, _) = broadcast::channel(4096);
        let (shutdown, _) = watch::channel(false);
        let gw = Gateway {
            inner: Arc::new(Inner {
                writer,
                db_path,
                readers: Mutex::new(Vec::new()),
                events,
                work: Notify::new(),
                shutdown,
                modems: Mutex::new(Vec::new()),
                tasks: Mutex::new(Vec::new()),
            }),
        };
        let slots = modems::attach_all(&cfg).await?;
        for slot in slots {
            let task = tokio::spawn(sender::run(
                gw.clone(),
                slot.name.clone(),
                slot.modem.clone(),
            ));
            gw.inner.tasks.lock().expect("tasks lock").push(task);
            gw.inner.modems.lock().expect("modems lock").push(slot);
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
        };
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
        Ok(msg)
    }

    /// One message with its history.
    pub async fn get(&self, id: &str) -> Result<Message, EngineError> {
        let id = id.to_owned();
        let found = {
            let id = id.clone();
            self.read(move |conn| messages::get(conn, &id)).await?
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
        };
        let items = self.read(move |conn| messages::list(conn, &query)).await?;
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

    /// The attached modems.
    pub fn modems(&self) -> Vec<ModemSummary> {
        self.inner
            .modems
            .lock()
            .expect("modems lock")
            .iter()
            .map(ModemSlot::summary)
            .collect()
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
