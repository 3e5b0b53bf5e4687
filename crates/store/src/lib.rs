//! SQLite storage for SimGate.
//!
//! One file holds the whole gateway state: the outbox (messages, their parts and their status history), the
//! inbox (received parts and reassembled messages), delivery reports and settings. The database runs in WAL
//! mode so the HTTP API can read while the engine writes, and the schema is versioned with
//! `PRAGMA user_version` migrations (see [`migrations`]).
//!
//! The store is synchronous on purpose: the engine owns one writer connection on a dedicated thread and batches
//! writes into group commits; readers open their own connections.
//!
//! ```
//! use simgate_store::{Store, messages::{NewMessage, MessageStatus}};
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(&dir.path().join("simgate.db")).unwrap();
//! let tx = store.transaction().unwrap();
//! let msg = simgate_store::messages::insert(&tx, &NewMessage::for_test("+4915112345678", "hello"), 1_000).unwrap();
//! tx.commit().unwrap();
//! let back = simgate_store::messages::get(store.conn(), &msg.id).unwrap().unwrap();
//! assert_eq!(back.status, MessageStatus::Queued);
//! assert_eq!(back.history.len(), 1);
//! ```

pub mod delivery;
pub mod inbox;
pub mod messages;
pub mod migrations;
pub mod queue;
pub mod settings;

use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by a newer SimGate than this one.
    #[error(
        "database schema version {found} is newer than this SimGate supports ({supported}); upgrade SimGate"
    )]
    SchemaTooNew {
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A stored value could not be interpreted.
    #[error("corrupt value in column {column}: {value:?}")]
    Corrupt {
        /// Column that held the value.
        column: &'static str,
        /// The value as stored.
        value: String,
    },
}

/// Result alias for store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open SimGate database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrations::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Opens a second connection to an existing database, for readers. Does not migrate.
    pub fn open_reader(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        configure(&conn)?;
        Ok(Store { conn })
    }

    /// The underlying connection, for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Makes this connection's commits skip their fsync (`PRAGMA synchronous=NORMAL`): a commit is then safe
    /// against a crash of the process but not yet against a power cut until [`WalSync::sync`] has run. The
    /// engine's writer uses this to answer senders right after the commit and API callers only after the sync.
    ///
    /// It also stops this connection from checkpointing on its own (copying the log back into the database,
    /// with two fsyncs, in the middle of a commit); run [`checkpoint`] from another connection instead.
    pub fn defer_sync(&self) -> Result<WalSync> {
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        // Once a checkpoint has copied everything, the next commit starts the log over at its beginning but
        // leaves the file as long as it was; cut it back, so that the file's size (what [`checkpoint`] looks
        // at) says again how much is waiting to be copied. Without this every commit after the first
        // checkpoint would look like a full log and trigger another checkpoint (and its fsyncs).
        self.conn
            .pragma_update(None, "journal_size_limit", WAL_KEPT_BYTES)?;
        let db = self.conn.path().unwrap_or_default();
        Ok(WalSync {
            path: PathBuf::from(format!("{db}-wal")),
            file: None,
        })
    }

    /// Starts an immediate (write-locking) transaction.
    pub fn transaction(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }
}

/// Flushes the write-ahead log of a [`Store`] whose commits defer their sync (see [`Store::defer_sync`]).
///
/// In WAL mode a commit appends its frames to the `-wal` file; once that file's data is on disk the commit
/// survives a power cut (SQLite replays the log on the next open). One `fdatasync` covers every commit written
/// before it started, however many, and may run on another thread while the next commits are being written.
#[derive(Debug)]
pub struct WalSync {
    path: PathBuf,
    file: Option<(File, u64)>,
}

impl WalSync {
    /// Makes every commit finished before this call durable.
    pub fn sync(&mut self) -> std::io::Result<()> {
        // SQLite keeps the same log file while a connection is open; re-open only if it was replaced.
        let current = std::fs::metadata(&self.path)?.ino();
        if !matches!(&self.file, Some((_, ino)) if *ino == current) {
            let file = File::options().read(true).write(true).open(&self.path)?;
            let ino = file.metadata()?.ino();
            self.file = Some((file, ino));
        }
        let (file, _) = self.file.as_ref().expect("opened above");
        file.sync_data()
    }
}

/// What a [`Store::defer_sync`] connection leaves of the write-ahead log file when the log starts over. A
/// [`checkpoint`] threshold must be larger.
pub const WAL_KEPT_BYTES: i64 = 1 << 20;

/// Copies the write-ahead log back into the database if it has grown past `min_log_bytes`, without blocking
/// writers (`PRAGMA wal_checkpoint(PASSIVE)`); the log then starts over at its beginning. Returns whether a
/// checkpoint ran.
pub fn checkpoint(conn: &Connection, min_log_bytes: u64) -> Result<bool> {
    let db = conn.path().unwrap_or_default();
    let size = std::fs::metadata(format!("{db}-wal")).map_or(0, |m| m.len());
    if size < min_log_bytes {
        return Ok(false);
    }
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
    Ok(true)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    // Every query of the store is a cached statement; the writer alone runs a few dozen different ones. With
    // rusqlite's default of 16 they would push each other out and be compiled again on every use.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: every commit is fsynced, so a 202 from the API means the message survives a power cut
    // (WAL + NORMAL could lose the last commits on power loss).
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // The writer runs every job of a group commit in its own savepoint; their undo journal (and temporary
    // sort tables) stay in memory instead of temporary files created, written and deleted per commit.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}
