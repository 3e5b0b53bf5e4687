//! Queue operations the scheduler and the API need beyond single-message reads and writes: finding due work,
//! promoting scheduled messages, expiring stale ones, cancelling, sending again, and per-modem usage counts
//! for SIM limits.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::messages::{self, Message, MessageStatus, Transition};

/// A queued message that is due, as the router needs to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Message id.
    pub id: String,
    /// Recipient, E.164.
    pub to: String,
    /// 0 otp .. 3 bulk.
    pub priority: i64,
    /// `transactional` or `marketing`.
    pub category: String,
    /// Explicit pool, if the sender asked for one.
    pub pool: Option<String>,
    /// The one modem allowed to send it, if pinned.
    pub pin_modem: Option<String>,
}

/// Due queued messages in sending order (priority, then age), at most `limit`.
pub fn due_candidates(conn: &Connection, now: i64, limit: u32) -> Result<Vec<Candidate>> {
    // The limit is part of the text, not a parameter: SQLite plans with a bound LIMIT's value, so a cached
    // statement would be compiled again whenever the limit changed. Callers use a few fixed limits.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, to_number, priority, category, pool, pin_modem FROM messages
         WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?1)
         ORDER BY priority, id LIMIT {limit}"
    ))?;
    let rows = stmt.query_map(params![now], |r| {
        Ok(Candidate {
            id: r.get(0)?,
            to: r.get(1)?,
            priority: r.get(2)?,
            category: r.get(3)?,
            pool: r.get(4)?,
            pin_modem: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Claims `id` for `modem` if it is still queued; returns the message now `sending`, without its history (the
/// sender needs only what to send).
pub fn claim(conn: &Connection, id: &str, modem: &str, now: i64) -> Result<Option<Message>> {
    let claimed = conn
        .prepare_cached(
            "UPDATE messages SET status = 'sending', updated_at = ?2, modem = ?3, error = NULL, reason = NULL
             WHERE id = ?1 AND status = 'queued'",
        )?
        .execute(params![id, now, modem])?;
    if claimed == 0 {
        return Ok(None);
    }
    messages::add_event(conn, id, MessageStatus::Sending, now, Some(modem), None)?;
    let found = conn
        .prepare_cached(&format!(
            "SELECT {} FROM messages WHERE id = ?1",
            messages::COLUMNS
        ))?
        .query_row([id], messages::row_to_message)
        .optional()?;
    found.map(messages::finish).transpose()
}

fn ids(conn: &Connection, sql: &str, now: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([now], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves scheduled messages whose time has come to `queued`. Returns their ids.
pub fn promote_due(conn: &Connection, now: i64) -> Result<Vec<String>> {
    let due = ids(
        conn,
        "SELECT id FROM messages INDEXED BY messages_scheduled WHERE status = 'scheduled' AND schedule_at <= ?1",
        now,
    )?;
    for id in &due {
        messages::transition(
            conn,
            id,
            MessageStatus::Queued,
            now,
            &Transition {
                detail: Some("scheduled time reached"),
                ..Default::default()
            },
        )?;
    }
    Ok(due)
}

/// Expires scheduled or queued messages whose `valid_until` has passed: they are never sent. Returns their ids.
pub fn expire_due(conn: &Connection, now: i64) -> Result<Vec<String>> {
    let stale = ids(
        conn,
        "SELECT id FROM messages WHERE status IN ('scheduled', 'queued') AND valid_until <= ?1",
        now,
    )?;
    for id in &stale {
        messages::transition(
            conn,
            id,
            MessageStatus::Expired,
            now,
            &Transition {
                detail: Some("its validity ended before it could be sent"),
                error: Some("expired before sending"),
                ..Default::default()
            },
        )?;
    }
    Ok(stale)
}

/// The next time something becomes due: a scheduled message, a retry, or an expiry. (`INDEXED BY`: without
/// statistics the planner would rather read every scheduled message through the status index.)
pub fn next_wakeup(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT MIN(t) FROM (
               SELECT MIN(schedule_at) AS t FROM messages INDEXED BY messages_scheduled WHERE status = 'scheduled'
               UNION ALL SELECT MIN(next_attempt_at) FROM messages WHERE status = 'queued'
               UNION ALL SELECT MIN(valid_until) FROM messages WHERE status IN ('scheduled', 'queued'))",
        )?
        .query_row([], |r| r.get(0))?)
}

/// Outcome of a user action on one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionOutcome {
    /// Done.
    Done,
    /// No such message.
    NotFound,
    /// Not possible in the message's current status.
    NotAllowed(MessageStatus),
}

fn status_of(conn: &Connection, id: &str) -> Result<Option<MessageStatus>> {
    let s: Option<String> = conn
        .prepare_cached("SELECT status FROM messages WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(s.and_then(|s| MessageStatus::parse(&s)))
}

/// Cancels a message that is not being sent yet (`scheduled` or `queued`).
pub fn cancel(conn: &Connection, id: &str, now: i64) -> Result<ActionOutcome> {
    match status_of(conn, id)? {
        None => Ok(ActionOutcome::NotFound),
        Some(MessageStatus::Scheduled | MessageStatus::Queued) => {
            messages::transition(
                conn,
                id,
                MessageStatus::Cancelled,
                now,
                &Transition {
                    detail: Some("cancelled by the user"),
                    ..Default::default()
                },
            )?;
            Ok(ActionOutcome::Done)
        }
        Some(other) => Ok(ActionOutcome::NotAllowed(other)),
    }
}

/// Sends a `failed`, `uncertain`, `expired` or `cancelled` message again: back to `queued` with a fresh attempt
/// count. Parts already accepted by the network are not sent again; a part whose outcome was unknown is.
pub fn send_again(conn: &Connection, id: &str, now: i64) -> Result<ActionOutcome> {
    match status_of(conn, id)? {
        None => Ok(ActionOutcome::NotFound),
        Some(
            from @ (MessageStatus::Failed
            | MessageStatus::Uncertain
            | MessageStatus::Expired
            | MessageStatus::Cancelled),
        ) => {
            conn.prepare_cached(
                "UPDATE message_parts SET state = 'pending' WHERE message_id = ?1 AND state = 'submitting'",
            )?
            .execute([id])?;
            let detail = format!("sent again by the user (was {})", from.as_str());
            messages::transition(
                conn,
                id,
                MessageStatus::Queued,
                now,
                &Transition {
                    detail: Some(&detail),
                    ..Default::default()
                },
            )?;
            conn.prepare_cached(
                "UPDATE messages SET attempts = 0, next_attempt_at = NULL, valid_until = NULL WHERE id = ?1",
            )?
            .execute([id])?;
            Ok(ActionOutcome::Done)
        }
        Some(other) => Ok(ActionOutcome::NotAllowed(other)),
    }
}

/// Records why a message waits (not a status change, so no history entry). Returns whether it changed.
pub fn set_reason(conn: &Connection, id: &str, reason: Option<&str>) -> Result<bool> {
    Ok(conn
        .prepare_cached("UPDATE messages SET reason = ?2 WHERE id = ?1 AND reason IS NOT ?2")?
        .execute(params![id, reason])?
        > 0)
}

/// How many due queued messages go before this one (higher priority, or same priority and older).
pub fn queue_position(conn: &Connection, id: &str, priority: i64) -> Result<u64> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*) FROM messages
             WHERE status = 'queued' AND (priority < ?2 OR (priority = ?2 AND id < ?1))",
        )?
        .query_row(params![id, priority], |r| r.get(0))?)
}

/// What a modem has sent in the current periods, for per-SIM limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Parts submitted since the hour began.
    pub hour: u32,
    /// Parts submitted since the day began.
    pub day: u32,
    /// Parts submitted since the month began.
    pub month: u32,
    /// Distinct recipients since the day began.
    pub unique_today: u32,
    /// Whether the recipient asked about is among them.
    pub knows_recipient_today: bool,
}

/// Where the counting periods of [`usage`] begin (Unix ms), in the time zone the limits are kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodStarts {
    /// Start of the current hour.
    pub hour: i64,
    /// Start of the current day.
    pub day: i64,
    /// Start of the current month.
    pub month: i64,
}

/// Usage of `modem` in the current periods, and whether it has written to `to` today.
pub fn usage(conn: &Connection, modem: &str, to: &str, p: PeriodStarts) -> Result<Usage> {
    let (hour, day, month): (u32, u32, u32) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(submitted_at >= ?2), 0), COALESCE(SUM(submitted_at >= ?3), 0), COUNT(*)
             FROM message_parts WHERE modem = ?1 AND submitted_at >= ?4",
        )?
        .query_row(params![modem, p.hour, p.day, p.month], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let (unique_today, knows): (u32, bool) = conn
        .prepare_cached(
            "SELECT COUNT(DISTINCT m.to_number), COALESCE(MAX(m.to_number = ?3), 0)
             FROM message_parts p JOIN messages m ON m.id = p.message_id
             WHERE p.modem = ?1 AND p.submitted_at >= ?2",
        )?
        .query_row(params![modem, p.day, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Usage {
        hour,
        day,
        month,
        unique_today,
        knows_recipient_today: knows,
    })
}
