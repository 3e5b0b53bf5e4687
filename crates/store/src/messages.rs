//! The outbox: messages, their per-part submission state and their status history.
//!
//! Every status change is one row update plus one `message_events` row, written in the caller's transaction,
//! so the history and the current status can never disagree.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::{Result, StoreError};

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageStatus {
    /// Waiting for its `schedule_at` time.
    Scheduled,
    /// Ready to be sent as soon as a modem is free.
    Queued,
    /// A modem is submitting it.
    Sending,
    /// Every part was accepted by the network (`+CMGS` answered).
    Sent,
    /// Every part was confirmed delivered by a status report.
    Delivered,
    /// Sending or delivery failed permanently.
    Failed,
    /// Its `valid_until` passed before it could be sent.
    Expired,
    /// Cancelled by the user before sending.
    Cancelled,
    /// An `AT+CMGS` was written but its answer was never recorded (crash or unplug): it may or may not
    /// have gone out, so it is never resent automatically.
    Uncertain,
}

impl MessageStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [MessageStatus; 9] = [
        MessageStatus::Scheduled,
        MessageStatus::Queued,
        MessageStatus::Sending,
        MessageStatus::Sent,
        MessageStatus::Delivered,
        MessageStatus::Failed,
        MessageStatus::Expired,
        MessageStatus::Cancelled,
        MessageStatus::Uncertain,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Scheduled => "scheduled",
            MessageStatus::Queued => "queued",
            MessageStatus::Sending => "sending",
            MessageStatus::Sent => "sent",
            MessageStatus::Delivered => "delivered",
            MessageStatus::Failed => "failed",
            MessageStatus::Expired => "expired",
            MessageStatus::Cancelled => "cancelled",
            MessageStatus::Uncertain => "uncertain",
        }
    }

    /// Parses a stored or wire name.
    pub fn parse(s: &str) -> Option<MessageStatus> {
        MessageStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether the message will not change any more on its own.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            MessageStatus::Delivered
                | MessageStatus::Failed
                | MessageStatus::Expired
                | MessageStatus::Cancelled
        )
    }
}

/// A message to be stored in the outbox.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// New message id (UUIDv7 text).
    pub id: String,
    /// Recipient in E.164 with a leading `+`.
    pub to: String,
    /// Text to send.
    pub body: String,
    /// `gsm7` or `ucs2`.
    pub encoding: String,
    /// Number of SMS parts the body needs.
    pub segments: u32,
    /// 0 otp, 1 high, 2 normal, 3 bulk: lower goes first.
    pub priority: i64,
    /// `transactional` or `marketing`.
    pub category: String,
    /// Modem pool asked for by the sender.
    pub pool: Option<String>,
    /// Not before this time (Unix ms); the message is `scheduled` until then.
    pub schedule_at: Option<i64>,
    /// Never send after this time (Unix ms); it becomes `expired`.
    pub valid_until: Option<i64>,
    /// Only this modem may send it (routing rules do not apply).
    pub pin_modem: Option<String>,
}

impl NewMessage {
    /// A single-part GSM-7 message with a fresh id, for tests and examples.
    pub fn for_test(to: &str, body: &str) -> NewMessage {
        NewMessage {
            id: uuid::Uuid::now_v7().to_string(),
            to: to.to_owned(),
            body: body.to_owned(),
            encoding: "gsm7".into(),
            segments: 1,
            priority: 2,
            category: "transactional".into(),
            pool: None,
            schedule_at: None,
            valid_until: None,
            pin_modem: None,
        }
    }
}

/// One entry of a message's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// Status entered.
    pub status: MessageStatus,
    /// When, in Unix milliseconds.
    pub at: i64,
    /// Modem involved, if any.
    pub modem: Option<String>,
    /// Human-readable detail (error meaning, retry plan).
    pub detail: Option<String>,
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// UUIDv7 text.
    pub id: String,
    /// Recipient, E.164.
    pub to: String,
    /// Text.
    pub body: String,
    /// Current status.
    pub status: MessageStatus,
    /// `gsm7` or `ucs2`.
    pub encoding: String,
    /// Number of parts.
    pub segments: u32,
    /// Modem that sent (or is sending) it.
    pub modem: Option<String>,
    /// Last error, human-readable.
    pub error: Option<String>,
    /// Why a non-terminal message is waiting.
    pub reason: Option<String>,
    /// 0 otp, 1 high, 2 normal, 3 bulk.
    pub priority: i64,
    /// `transactional` or `marketing`.
    pub category: String,
    /// Modem pool asked for by the sender.
    pub pool: Option<String>,
    /// Not before this time (Unix ms).
    pub schedule_at: Option<i64>,
    /// Never after this time (Unix ms).
    pub valid_until: Option<i64>,
    /// Failed attempts so far.
    pub attempts: u32,
    /// When the next attempt is due after a temporary failure (Unix ms).
    pub next_attempt_at: Option<i64>,
    /// Creation time, Unix milliseconds.
    pub created_at: i64,
    /// Last change, Unix milliseconds.
    pub updated_at: i64,
    /// Status history, oldest first.
    pub history: Vec<HistoryEntry>,
}

pub(crate) const COLUMNS: &str = "id, to_number, body, status, encoding, segments, modem, error, reason, \
     created_at, updated_at, priority, category, pool, schedule_at, valid_until, attempts, next_attempt_at";

fn status_from(col: &'static str, s: String) -> Result<MessageStatus> {
    MessageStatus::parse(&s).ok_or(StoreError::Corrupt {
        column: col,
        value: s,
    })
}

pub(crate) fn row_to_message(row: &Row<'_>) -> rusqlite::Result<(Message, String)> {
    let status: String = row.get(3)?;
    Ok((
        Message {
            id: row.get(0)?,
            to: row.get(1)?,
            body: row.get(2)?,
            status: MessageStatus::Queued,
            encoding: row.get(4)?,
            segments: row.get(5)?,
            modem: row.get(6)?,
            error: row.get(7)?,
            reason: row.get(8)?,
            created_at: row.get(9)?,
            updated_at: row.get(10)?,
            priority: row.get(11)?,
            category: row.get(12)?,
            pool: row.get(13)?,
            schedule_at: row.get(14)?,
            valid_until: row.get(15)?,
            attempts: row.get(16)?,
            next_attempt_at: row.get(17)?,
            history: Vec::new(),
        },
        status,
    ))
}

pub(crate) fn finish(pair: (Message, String)) -> Result<Message> {
    let (mut m, status) = pair;
    m.status = status_from("messages.status", status)?;
    Ok(m)
}

/// Stores a new message (`queued`, or `scheduled` when `schedule_at` is in the future) with its parts and its
/// first history entry.
pub fn insert(tx: &Connection, msg: &NewMessage, now: i64) -> Result<Message> {
    let status = match msg.schedule_at {
        Some(at) if at > now => MessageStatus::Scheduled,
        _ => MessageStatus::Queued,
    };
    tx.prepare_cached(
        "INSERT INTO messages (id, to_number, body, status, encoding, segments, created_at, updated_at,
                               priority, category, pool, schedule_at, valid_until, pin_modem)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        msg.id,
        msg.to,
        msg.body,
        status.as_str(),
        msg.encoding,
        msg.segments,
        now,
        msg.priority,
        msg.category,
        msg.pool,
        msg.schedule_at,
        msg.valid_until,
        msg.pin_modem,
    ])?;
    let mut part = tx.prepare_cached(
        "INSERT INTO message_parts (message_id, seq, state) VALUES (?1, ?2, 'pending')",
    )?;
    for seq in 1..=msg.segments {
        part.execute(params![msg.id, seq])?;
    }
    add_event(tx, &msg.id, status, now, None, None)?;
    Ok(Message {
        id: msg.id.clone(),
        to: msg.to.clone(),
        body: msg.body.clone(),
        status,
        encoding: msg.encoding.clone(),
        segments: msg.segments,
        modem: None,
        error: None,
        reason: None,
        priority: msg.priority,
        category: msg.category.clone(),
        pool: msg.pool.clone(),
        schedule_at: msg.schedule_at,
        valid_until: msg.valid_until,
        attempts: 0,
        next_attempt_at: None,
        created_at: now,
        updated_at: now,
        history: vec![HistoryEntry {
            status,
            at: now,
            modem: None,
            detail: None,
        }],
    })
}

pub(crate) fn add_event(
    conn: &Connection,
    id: &str,
    status: MessageStatus,
    at: i64,
    modem: Option<&str>,
    detail: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO message_events (message_id, status, at, modem, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, status.as_str(), at, modem, detail])?;
    Ok(())
}

/// A status change to record.
#[derive(Debug, Clone, Default)]
pub struct Transition<'a> {
    /// Modem involved (kept on the message when set).
    pub modem: Option<&'a str>,
    /// Detail for the history entry.
    pub detail: Option<&'a str>,
    /// Error to store on the message (cleared when `None`).
    pub error: Option<&'a str>,
}

/// Moves a message to `to`, recording the history entry. Returns `false` if the message does not exist.
pub fn transition(
    tx: &Connection,
    id: &str,
    to: MessageStatus,
    now: i64,
    t: &Transition<'_>,
) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE messages SET status = ?2, updated_at = ?3, modem = COALESCE(?4, modem), error = ?5,
                    reason = NULL
             WHERE id = ?1",
        )?
        .execute(params![id, to.as_str(), now, t.modem, t.error])?;
    if n == 0 {
        return Ok(false);
    }
    add_event(tx, id, to, now, t.modem, t.detail)?;
    Ok(true)
}

/// Puts a message whose send failed temporarily back in the queue, to be tried again at `retry_at`.
/// `reason` is what the user sees while it waits; returns the number of attempts made so far.
pub fn schedule_retry(
    tx: &Connection,
    id: &str,
    now: i64,
    retry_at: i64,
    reason: &str,
    error: &str,
) -> Result<u32> {
    transition(
        tx,
        id,
        MessageStatus::Queued,
        now,
        &Transition {
            detail: Some(reason),
            error: Some(error),
            ..Default::default()
        },
    )?;
    tx.prepare_cached(
        "UPDATE messages SET attempts = attempts + 1, next_attempt_at = ?2, reason = ?3 WHERE id = ?1",
    )?
    .execute(params![id, retry_at, reason])?;
    Ok(tx
        .prepare_cached("SELECT attempts FROM messages WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// Number of failed attempts recorded for a message.
pub fn attempts(conn: &Connection, id: &str) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT attempts FROM messages WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// Fetches one message with its history.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Message>> {
    let found = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM messages WHERE id = ?1"))?
        .query_row([id], row_to_message)
        .optional()?;
    let Some(pair) = found else { return Ok(None) };
    let mut m = finish(pair)?;
    m.history = history(conn, id)?;
    Ok(Some(m))
}

pub(crate) fn history(conn: &Connection, id: &str) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, at, modem, detail FROM message_events WHERE message_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (status, at, modem, detail) = row?;
        out.push(HistoryEntry {
            status: status_from("message_events.status", status)?,
            at,
            modem,
            detail,
        });
    }
    Ok(out)
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Page size (1..=500).
    pub limit: u32,
    /// Return messages older than this id (the previous page's last id).
    pub before: Option<String>,
    /// Only messages in this status.
    pub status: Option<MessageStatus>,
    /// Only messages sent (or being sent) by this modem.
    pub modem: Option<String>,
    /// Only messages created at or after this time (Unix ms).
    pub since: Option<i64>,
    /// Only messages created before this time (Unix ms).
    pub until: Option<i64>,
    /// Only messages whose number or text contains this (case-insensitive).
    pub q: Option<String>,
}

/// Lists messages newest first, with their history.
pub fn list(conn: &Connection, q: &ListQuery) -> Result<Vec<Message>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM messages
         WHERE (?1 IS NULL OR id < ?1) AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR modem = ?3)
           AND (?4 IS NULL OR created_at >= ?4) AND (?5 IS NULL OR created_at < ?5)
           AND (?6 IS NULL OR instr(lower(to_number), ?6) > 0 OR instr(lower(body), ?6) > 0)
         ORDER BY id DESC LIMIT ?7"
    ))?;
    let needle =
        q.q.as_ref()
            .map(|s| s.to_lowercase())
            .filter(|s| !s.is_empty());
    let rows = stmt.query_map(
        params![
            q.before,
            q.status.map(|s| s.as_str()),
            q.modem,
            q.since,
            q.until,
            needle,
            q.limit.clamp(1, 500)
        ],
        row_to_message,
    )?;
    let mut out = Vec::new();
    for row in rows {
        let mut m = finish(row?)?;
        m.history = history(conn, &m.id)?;
        out.push(m);
    }
    Ok(out)
}

/// Submission state of one SMS part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartState {
    /// Not yet handed to a modem.
    Pending,
    /// `AT+CMGS` is being written; if the gateway dies now, the part's fate is unknown.
    Submitting,
    /// The network accepted it (`+CMGS: <mr>` stored).
    Submitted,
}

impl PartState {
    fn as_str(self) -> &'static str {
        match self {
            PartState::Pending => "pending",
            PartState::Submitting => "submitting",
            PartState::Submitted => "submitted",
        }
    }
}

/// Sequence numbers (1-based) of the parts of `id` still to submit.
pub fn pending_parts(conn: &Connection, id: &str) -> Result<Vec<u32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq FROM message_parts WHERE message_id = ?1 AND state = 'pending' ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a part's submission progress. Call with `Submitting` (and commit) before writing `AT+CMGS`,
/// then with `Submitted` and the message reference once `+CMGS` answers.
pub fn set_part_state(
    conn: &Connection,
    id: &str,
    seq: u32,
    state: PartState,
    modem: &str,
    mr: Option<u8>,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE message_parts SET state = ?3, modem = ?4, mr = COALESCE(?5, mr),
                submitted_at = CASE WHEN ?3 = 'submitted' THEN ?6 ELSE submitted_at END
         WHERE message_id = ?1 AND seq = ?2",
    )?
    .execute(params![id, seq, state.as_str(), modem, mr, now])?;
    Ok(())
}

/// Outcome of [`recover`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Messages put back in the queue (no part was in flight).
    pub requeued: Vec<String>,
    /// Messages marked `uncertain` (a part's `AT+CMGS` was written but never answered).
    pub uncertain: Vec<String>,
}

/// After an unclean stop: messages left `sending` go back to `queued` unless a part was mid-submission,
/// in which case they become `uncertain` and are not resent automatically.
pub fn recover(tx: &Connection, now: i64) -> Result<Recovery> {
    let ids: Vec<(String, i64)> = tx
        .prepare(
            "SELECT m.id, (SELECT COUNT(*) FROM message_parts p
                           WHERE p.message_id = m.id AND p.state = 'submitting')
             FROM messages m WHERE m.status = 'sending'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Recovery::default();
    for (id, in_flight) in ids {
        if in_flight > 0 {
            transition(
                tx,
                &id,
                MessageStatus::Uncertain,
                now,
                &Transition {
                    detail: Some(
                        "the gateway stopped while a part was being submitted; it may or may not have been sent",
                    ),
                    ..Default::default()
                },
            )?;
            out.uncertain.push(id);
        } else {
            transition(
                tx,
                &id,
                MessageStatus::Queued,
                now,
                &Transition {
                    detail: Some("requeued after restart"),
                    ..Default::default()
                },
            )?;
            out.requeued.push(id);
        }
    }
    Ok(out)
}

/// Number of messages per status.
pub fn count_by_status(conn: &Connection) -> Result<Vec<(MessageStatus, u64)>> {
    let mut stmt = conn.prepare_cached("SELECT status, COUNT(*) FROM messages GROUP BY status")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (s, n) = row?;
        out.push((status_from("messages.status", s)?, n));
    }
    Ok(out)
}
