//! The single database writer, with group commit.
//!
//! SQLite allows one writer at a time. All writes go through one thread that takes whatever jobs are waiting,
//! runs each inside its own savepoint (so one failing job does not undo the others), and commits them together.
//!
//! Commits are written without an fsync of their own; a second thread flushes the write-ahead log after each
//! commit, so the next batch is being written while the disk catches up, and one flush covers every commit
//! before it. A job says how durable it must be before its caller hears back:
//!
//! - [`Writer::write`] answers once the commit is on disk: a message accepted by the API survives a power cut.
//! - [`Writer::write_committed`] answers as soon as the commit is in the log, which a crash or `kill -9` of
//!   the process cannot undo; the flush follows a fraction of a millisecond later. Senders use it for the
//!   marks around `AT+CMGS`: a modem needs far longer than that to put a message on the air, and the sender
//!   must not wait for the disk between two messages.
//!
//! A third thread copies the log back into the database (a checkpoint) once it has grown past a few
//! megabytes, on a connection of its own, so that neither committing nor flushing waits for it.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use rusqlite::Connection;
use simgate_store::{Store, StoreError, WalSync};
use tokio::sync::oneshot;

use crate::EngineError;

/// Most jobs committed together.
const MAX_BATCH: usize = 512;
/// Size of the write-ahead log at which it is copied back into the database.
const CHECKPOINT_AT: u64 = 8 << 20;
/// While durable jobs wait for a flush in progress, how often the writer looks whether it has ended.
const FLUSH_POLL: Duration = Duration::from_micros(100);

/// Called with the commit's outcome: `None` when it succeeded (and, for durable jobs, reached the disk).
type Reply = Box<dyn FnOnce(Option<&str>) + Send>;
/// A job runs against the open transaction, or is told (with `None`) that none could be opened.
type Work = Box<dyn FnOnce(Option<&Connection>) -> (bool, Reply) + Send>;
/// A commit for the flush thread: its number and the durable jobs waiting for it.
type Handoff = (u64, Vec<Reply>);

struct Job {
    durable: bool,
    work: Work,
}

/// Handle to the writer thread. Cloning is cheap; the thread ends when the last handle is dropped.
#[derive(Debug, Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread (and its flushing thread) on an open store.
    pub fn start(store: Store) -> std::io::Result<Writer> {
        let wal = store.defer_sync().map_err(std::io::Error::other)?;
        let checkpoints = Store::open_reader(std::path::Path::new(
            store.conn().path().unwrap_or_default(),
        ))
        .map_err(std::io::Error::other)?;
        let (poke, poked) = mpsc::sync_channel::<()>(1);
        thread::Builder::new()
            .name("simgate-db-checkpoint".into())
            .spawn(move || checkpoint(checkpoints, poked))?;
        let (tx, rx) = mpsc::channel::<Job>();
        let (sync_tx, sync_rx) = mpsc::channel::<Handoff>();
        let flushed = Arc::new(AtomicU64::new(0));
        let flushed_by_sync = flushed.clone();
        thread::Builder::new()
            .name("simgate-db-sync".into())
            .spawn(move || flush(wal, sync_rx, flushed_by_sync, poke))?;
        thread::Builder::new()
            .name("simgate-db-writer".into())
            .spawn(move || run(store, rx, sync_tx, flushed))?;
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

    /// Runs `f` in a transaction and returns its result once the transaction is committed and on disk.
    /// If `f` fails, only its own changes are rolled back.
    pub async fn write<T, F>(&self, f: F) -> Result<T, EngineError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.submit(true, f).await
    }

    /// Like [`Writer::write`], but returns as soon as the transaction is committed: the change survives a crash
    /// of the process at once and a power cut once the flush that follows every commit has run.
    pub async fn write_committed<T, F>(&self, f: F) -> Result<T, EngineError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.submit(false, f).await
    }

    async fn submit<T, F>(&self, durable: bool, f: F) -> Result<T, EngineError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (done, wait) = oneshot::channel::<Result<T, EngineError>>();
        let work: Work = Box::new(move |conn| match conn.map(f) {
            None => (
                false,
                Box::new(move |commit_err: Option<&str>| {
                    let reason = commit_err.unwrap_or_default().to_owned();
                    let _ = done.send(Err(EngineError::CommitFailed(reason)));
                }),
            ),
            Some(Ok(value)) => (
                true,
                Box::new(move |commit_err: Option<&str>| {
                    let _ = done.send(match commit_err {
                        None => Ok(value),
                        Some(e) => Err(EngineError::CommitFailed(e.to_owned())),
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
        self.jobs
            .send(Job { durable, work })
            .map_err(|_| EngineError::ShuttingDown)?;
        wait.await.map_err(|_| EngineError::ShuttingDown)?
    }
}

fn run(
    mut store: Store,
    rx: mpsc::Receiver<Job>,
    sync: mpsc::Sender<Handoff>,
    flushed: Arc<AtomicU64>,
) {
    // Commits handed to the flush thread so far; `flushed` counts those it has synced.
    let mut handed = 0u64;
    while let Ok(first) = rx.recv() {
        let mut batch = VecDeque::from([first]);
        take_waiting(&rx, &mut batch);
        // Jobs that wait for the disk gain nothing from a commit before the flush in progress has ended: they
        // would wait for the next one anyway. Gathering them meanwhile makes fewer, larger commits.
        while batch.iter().all(|j| j.durable)
            && flushed.load(Ordering::Acquire) < handed
            && batch.len() < MAX_BATCH
        {
            match rx.recv_timeout(FLUSH_POLL) {
                Ok(job) => batch.push_back(job),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        take_waiting(&rx, &mut batch);
        let mut now = Vec::with_capacity(batch.len());
        let mut after_sync = Vec::new();
        let outcome = (|| -> Result<(), StoreError> {
            let mut tx = store.transaction()?;
            // A job alone in its commit needs no savepoint of its own (the savepoint journals a copy of every
            // page the job changes): if it fails, the whole transaction is rolled back instead.
            if batch.len() == 1 {
                let job = batch.pop_front().expect("one job");
                let (ok, reply) = (job.work)(Some(&tx));
                if job.durable && ok {
                    after_sync.push(reply);
                } else {
                    now.push(reply);
                }
                if ok {
                    tx.commit()?;
                }
                return Ok(());
            }
            while let Some(job) = batch.pop_front() {
                let mut sp = tx.savepoint()?;
                let (ok, reply) = (job.work)(Some(&sp));
                if ok {
                    sp.commit()?;
                } else {
                    sp.rollback()?;
                    drop(sp);
                }
                // A job whose own work failed has nothing to wait for.
                if job.durable && ok {
                    after_sync.push(reply);
                } else {
                    now.push(reply);
                }
            }
            tx.commit()?;
            Ok(())
        })();
        let err = outcome.as_ref().err().map(ToString::to_string);
        if let Some(e) = &err {
            tracing::error!(error = %e, "database commit failed");
        }
        for reply in now {
            reply(err.as_deref());
        }
        // Jobs never started because the transaction could not begin still get an answer.
        for job in batch {
            let (_, reply) = (job.work)(None);
            reply(err.as_deref());
        }
        if err.is_some() {
            for reply in after_sync {
                reply(err.as_deref());
            }
            continue;
        }
        // Every commit is flushed, also one no caller waits for, so that a power cut loses nothing either.
        handed += 1;
        if sync.send((handed, after_sync)).is_err() {
            tracing::error!("the database flush thread has stopped");
        }
    }
}

/// Moves the jobs already waiting into `batch`, up to [`MAX_BATCH`].
fn take_waiting(rx: &mpsc::Receiver<Job>, batch: &mut VecDeque<Job>) {
    while batch.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => batch.push_back(job),
            Err(_) => break,
        }
    }
}

/// Flushes the log after commits and then answers the durable jobs of every commit the flush covered.
fn flush(
    mut wal: WalSync,
    rx: mpsc::Receiver<Handoff>,
    flushed: Arc<AtomicU64>,
    checkpoint: mpsc::SyncSender<()>,
) {
    while let Ok((mut last, mut waiting)) = rx.recv() {
        while let Ok((n, more)) = rx.try_recv() {
            last = n;
            waiting.extend(more);
        }
        let err = wal.sync().err().map(|e| {
            tracing::error!(error = %e, "could not flush the database log to disk");
            format!("flushing the database log to disk failed: {e}")
        });
        flushed.store(last, Ordering::Release);
        for reply in waiting {
            reply(err.as_deref());
        }
        // The checkpoint thread looks whether the log has grown enough; if it is busy, it looks afterwards.
        let _ = checkpoint.try_send(());
    }
}

/// Keeps the write-ahead log short: once it passes [`CHECKPOINT_AT`], copies it back into the database on a
/// connection of its own, so neither the writer nor the flush waits for the copying and its fsyncs.
fn checkpoint(store: Store, poked: mpsc::Receiver<()>) {
    while poked.recv().is_ok() {
        if let Err(e) = simgate_store::checkpoint(store.conn(), CHECKPOINT_AT) {
            tracing::warn!(error = %e, "database checkpoint failed; the log keeps growing until the next one");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use simgate_store::messages::{self, NewMessage};

    #[tokio::test]
    async fn durable_and_committed_writes_share_commits_and_a_failing_job_undoes_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("simgate.db");
        let writer = Writer::open(&path).unwrap();
        let mut tasks = Vec::new();
        for i in 0..40 {
            let w = writer.clone();
            tasks.push(tokio::spawn(async move {
                let msg = NewMessage::for_test(&format!("+49151{:08}", i), "hello");
                let insert = move |tx: &Connection| messages::insert(tx, &msg, 1_000);
                if i % 2 == 0 {
                    w.write(insert).await.map(|m| m.id)
                } else {
                    w.write_committed(insert).await.map(|m| m.id)
                }
            }));
        }
        // A job that fails after writing leaves nothing behind and does not spoil the batch.
        let failing = writer.write(|tx| {
            messages::insert(tx, &NewMessage::for_test("+4915199999999", "x"), 1_000)?;
            Err::<(), _>(StoreError::Corrupt {
                column: "test",
                value: "refused".into(),
            })
        });
        assert!(matches!(failing.await, Err(EngineError::Store(_))));
        let mut ids = Vec::new();
        for t in tasks {
            ids.push(t.await.unwrap().unwrap());
        }
        // Another connection sees every acknowledged write, and only those.
        let reader = Store::open_reader(&path).unwrap();
        for id in &ids {
            assert!(messages::get(reader.conn(), id).unwrap().is_some());
        }
        let total: i64 = reader
            .conn()
            .query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))
            .unwrap();
        assert_eq!(total, 40);
        // Commits skip their own fsync; the flush thread syncs the log instead.
        let sync: i64 = writer
            .write(|tx| Ok(tx.query_row("PRAGMA synchronous", [], |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(sync, 1, "NORMAL");
    }

    #[tokio::test]
    async fn a_failing_job_alone_in_its_commit_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("simgate.db");
        let writer = Writer::open(&path).unwrap();
        for durable in [true, false] {
            let job = |tx: &Connection| {
                messages::insert(tx, &NewMessage::for_test("+4915199999999", "x"), 1_000)?;
                Err::<(), _>(StoreError::Corrupt {
                    column: "test",
                    value: "refused".into(),
                })
            };
            let outcome = if durable {
                writer.write(job).await
            } else {
                writer.write_committed(job).await
            };
            assert!(matches!(outcome, Err(EngineError::Store(_))));
        }
        // The writer carries on, and nothing of the failed jobs was committed.
        let kept = writer
            .write(|tx| messages::insert(tx, &NewMessage::for_test("+4915100000001", "ok"), 1_000))
            .await
            .unwrap();
        let reader = Store::open_reader(&path).unwrap();
        let total: i64 = reader
            .conn()
            .query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))
            .unwrap();
        assert_eq!(total, 1);
        assert!(messages::get(reader.conn(), &kept.id).unwrap().is_some());
    }
}
