//! The single database writer, with group commit.
//!
//! SQLite allows one writer at a time, and with `synchronous=FULL` every commit costs an fsync. All writes go
//! through one thread that takes whatever jobs are waiting, runs each inside its own savepoint (so one failing job
//! does not undo the others), and commits them together: under load, hundreds of API requests share one fsync,
//! and each caller hears back only after its write is durable.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::mpsc;
use std::thread;

use rusqlite::Connection;
use simgate_store::{Store, StoreError};
use tokio::sync::oneshot;

use crate::EngineError;

/// Most jobs committed together.
const MAX_BATCH: usize = 512;

type Reply = Box<dyn FnOnce(Option<&StoreError>) + Send>;
/// A job runs against the open transaction, or is told (with `None`) that none could be opened.
type Job = Box<dyn FnOnce(Option<&Connection>) -> (bool, Reply) + Send>;

/// Handle to the writer thread. Cloning is cheap; the thread ends when the last handle is dropped.
#[derive(Debug, Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread on an open store.
    pub fn start(store: Store) -> std::io::Result<Writer> {
        let (tx, rx) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("simgate-db-writer".into())
            .spawn(move || run(store, rx))?;
        Ok(Writer { jobs: tx })
    }

    /// Opens the database at `path` (migrating it) and starts the writer on it.
    pub fn open(path: &Path) -> Result<Writer, EngineError> {
        let store = Store::open(path)?;
        Writer::start(store).map_err(|source| EngineError::DataDir {
            path: path.display().to_string(),
            source,
        })
    }

    /// Runs `f` in a transaction and returns its result once the transaction is committed (fsynced).
    /// If `f` fails, only its own changes are rolled back.
    pub async fn write<T, F>(&self, f: F) -> Result<T, EngineError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (done, wait) = oneshot::channel::<Result<T, EngineError>>();
        let job: Job = Box::new(move |conn| match conn.map(f) {
            None => (
                false,
                Box::new(move |commit_err: Option<&StoreError>| {
                    let reason = commit_err.map(|e| e.to_string()).unwrap_or_default();
                    let _ = done.send(Err(commit_failed(reason)));
                }),
            ),
            Some(Ok(value)) => (
                true,
                Box::new(move |commit_err: Option<&StoreError>| {
                    let _ = done.send(match commit_err {
                        None => Ok(value),
                        Some(e) => Err(commit_failed(e.to_string())),
                    });
                }),
            ),
            Some(Err(e)) => (
                false,
                Box::new(move |_| {
                    let _ = done.send(Err(EngineError::Store(e)));
                }),
            ),
        });
        self.jobs.send(job).map_err(|_| EngineError::ShuttingDown)?;
        wait.await.map_err(|_| EngineError::ShuttingDown)?
    }
}

fn run(mut store: Store, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut batch = VecDeque::from([first]);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push_back(job),
                Err(_) => break,
            }
        }
        let mut replies = Vec::with_capacity(batch.len());
        let outcome = (|| -> Result<(), StoreError> {
            let mut tx = store.transaction()?;
            while let Some(job) = batch.pop_front() {
                let mut sp = tx.savepoint()?;
                let (ok, reply) = job(Some(&sp));
                if ok {
                    sp.commit()?;
                } else {
                    sp.rollback()?;
                    drop(sp);
                }
                replies.push(reply);
            }
            tx.commit()?;
            Ok(())
        })();
        if let Err(e) = &outcome {
            tracing::error!(error = %e, "database commit failed");
        }
        for reply in replies {
            reply(outcome.as_ref().err());
        }
        // Jobs never started because the transaction could not begin still get an answer.
        for job in batch {
            let (_, reply) = job(None);
            reply(outcome.as_ref().err());
        }
    }
}

fn commit_failed(reason: String) -> EngineError {
    EngineError::CommitFailed(reason)
}
