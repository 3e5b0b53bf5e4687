//! Schema migrations, applied in order and recorded in `PRAGMA user_version`.
//!
//! A migration is never edited once released: schema changes append a new entry.

use rusqlite::Connection;

use crate::{Result, StoreError};

/// Each entry brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: the outbox.
    r#"
    CREATE TABLE messages (
        id              TEXT PRIMARY KEY,          -- UUIDv7: sorts by creation time
        to_number       TEXT NOT NULL,             -- E.164 with leading '+'
        body            TEXT NOT NULL,
        status          TEXT NOT NULL,
        encoding        TEXT NOT NULL,
        segments        INTEGER NOT NULL,
        priority        INTEGER NOT NULL DEFAULT 2, -- 0 otp, 1 high, 2 normal, 3 bulk
        category        TEXT NOT NULL DEFAULT 'transactional',
        pool            TEXT,                      -- explicit modem pool asked for by the sender
        modem           TEXT,
        error           TEXT,
        reason          TEXT,
        attempts        INTEGER NOT NULL DEFAULT 0,
        schedule_at     INTEGER,
        valid_until     INTEGER,
        next_attempt_at INTEGER,
        created_at      INTEGER NOT NULL,          -- Unix milliseconds
        updated_at      INTEGER NOT NULL
    );
    CREATE INDEX messages_status ON messages(status, priority, id);
    CREATE INDEX messages_schedule ON messages(status, schedule_at);
    CREATE INDEX messages_to ON messages(to_number);
    CREATE TABLE message_events (
        id          INTEGER PRIMARY KEY,
        message_id  TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        status      TEXT NOT NULL,
        at          INTEGER NOT NULL,
        modem       TEXT,
        detail      TEXT
    );
    CREATE INDEX message_events_message ON message_events(message_id, id);
    CREATE TABLE message_parts (
        message_id  TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,              -- 1-based part number
        state       TEXT NOT NULL,                 -- pending | submitting | submitted | delivered | failed
        modem       TEXT,
        mr          INTEGER,                       -- TP-MR from +CMGS (TS 27.005 3.5.1)
        submitted_at INTEGER,
        report_status INTEGER,                     -- TP-ST from the status report (TS 23.040 9.2.3.15)
        PRIMARY KEY (message_id, seq)
    );
    CREATE INDEX message_parts_mr ON message_parts(modem, mr);
    CREATE INDEX message_parts_usage ON message_parts(modem, submitted_at);
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 2: the inbox (received parts and reassembled messages) and delivery-report bookkeeping.
    r#"
    CREATE TABLE inbox (
        id          TEXT PRIMARY KEY,              -- UUIDv7: sorts by arrival
        from_number TEXT NOT NULL,                 -- TP-OA as received (+E.164, national digits or a name)
        body        TEXT NOT NULL,
        modem       TEXT NOT NULL,
        sent_at     INTEGER,                       -- TP-SCTS of the first part (Unix ms)
        received_at INTEGER NOT NULL
    );
    CREATE INDEX inbox_from ON inbox(from_number, id);
    CREATE TABLE inbox_parts (
        id          INTEGER PRIMARY KEY,
        modem       TEXT NOT NULL,
        from_number TEXT NOT NULL,
        concat_ref  INTEGER,                       -- TS 23.040 9.2.3.24.1 reference; NULL for a single SMS
        total       INTEGER NOT NULL,
        seq         INTEGER NOT NULL,
        pdu         TEXT NOT NULL,                 -- raw PDU in hex as the modem gave it
        text        TEXT NOT NULL,
        sent_at     INTEGER,
        received_at INTEGER NOT NULL,
        message_id  TEXT REFERENCES inbox(id)      -- set once the message is complete
    );
    CREATE UNIQUE INDEX inbox_parts_pdu ON inbox_parts(modem, pdu);
    CREATE INDEX inbox_parts_open ON inbox_parts(modem, from_number, concat_ref, total)
        WHERE message_id IS NULL;
    ALTER TABLE message_parts ADD COLUMN reported_at INTEGER;
    "#,
    // 3: messages pinned to one modem (test messages from a modem's card).
    r#"
    ALTER TABLE messages ADD COLUMN pin_modem TEXT;
    "#,
    // 4: a status report finds its part by modem, reference and time in one index search, instead of reading
    // every part the modem submitted within the report window.
    r#"
    DROP INDEX message_parts_mr;
    CREATE INDEX message_parts_mr ON message_parts(modem, mr, submitted_at);
    "#,
    // 5: only scheduled messages are looked up by their time, so only they are in the time index: every other
    // status change (queued -> sending -> sent -> delivered) no longer rewrites two entries of it.
    r#"
    DROP INDEX messages_schedule;
    CREATE INDEX messages_scheduled ON messages(schedule_at) WHERE status = 'scheduled';
    "#,
];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration newer than the file's `user_version`, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > CURRENT_VERSION {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: CURRENT_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "database migrated");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_a_no_op_and_records_the_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, CURRENT_VERSION);
    }

    #[test]
    fn a_database_from_a_newer_release_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", CURRENT_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, StoreError::SchemaTooNew { .. }), "{err}");
    }
}
