//! Delivery reports: matching an SMS-STATUS-REPORT to the part it is about, recording its TP-ST, and settling
//! the message once every part is delivered or one has failed for good.
//!
//! A report names the modem it arrived on, the message reference `+CMGS` answered (TP-MR, 0..=255, so it
//! repeats after 256 sends) and the recipient (TP-RA, in whatever format the network prefers). A part matches
//! when it was submitted on that modem with that reference within the matching window and its message went
//! to that recipient; the most recent such part wins.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::messages::{self, MessageStatus, Transition};

/// What a TP-ST value means for the part (TS 23.040 9.2.3.15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// 0x00-0x1F: the short message transaction completed (delivered, or forwarded/replaced).
    Delivered,
    /// 0x20-0x3F: a temporary error; the service centre is still trying.
    StillTrying,
    /// 0x40-0x7F and reserved values: the service centre gave up; the part is not delivered.
    Failed,
}

impl ReportKind {
    /// Classifies a TP-ST value (TS 23.040 9.2.3.15). Reserved values (0x80 and above) count as failures.
    pub fn of(status: u8) -> ReportKind {
        match status {
            0x00..=0x1F => ReportKind::Delivered,
            0x20..=0x3F => ReportKind::StillTrying,
            _ => ReportKind::Failed,
        }
    }
}

/// The meaning of a TP-ST value as TS 23.040 9.2.3.15 gives it.
pub fn status_meaning(status: u8) -> &'static str {
    match status {
        0x00 => "received by the recipient",
        0x01 => "forwarded to the recipient, delivery not confirmed",
        0x02 => "replaced by the service centre",
        0x03..=0x1F => "transaction completed",
        0x20 | 0x60 => "congestion",
        0x21 | 0x61 => "recipient busy",
        0x22 | 0x62 => "no response from the recipient",
        0x23 | 0x63 => "service rejected",
        0x24 | 0x44 | 0x64 => "quality of service not available",
        0x25 | 0x65 => "error in the recipient's phone",
        0x26..=0x3F => "temporary error, the service centre is still trying",
        0x40 => "remote procedure error",
        0x41 => "incompatible destination",
        0x42 => "connection rejected by the recipient",
        0x43 => "not obtainable",
        0x45 => "no interworking available",
        0x46 => "validity period expired",
        0x47 => "deleted by the sender",
        0x48 => "deleted by the service centre's administration",
        0x49 => "the message does not exist",
        0x4A..=0x5F => "permanent error",
        0x66..=0x7F => "temporary error, the service centre gave up",
        _ => "reserved status value",
    }
}

/// A received delivery report, as the engine hands it to [`apply_report`].
pub struct Report<'a> {
    /// Modem the report arrived on.
    pub modem: &'a str,
    /// TP-MR: the `<mr>` `+CMGS` answered for the part.
    pub mr: u8,
    /// TP-ST.
    pub status: u8,
    /// Whether a stored recipient (E.164) is the report's TP-RA.
    pub recipient_matches: &'a dyn Fn(&str) -> bool,
    /// Only parts submitted at or after this time (Unix ms) are considered.
    pub submitted_since: i64,
}

impl std::fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The recipient is personal data: it is not printed.
        f.debug_struct("Report")
            .field("modem", &self.modem)
            .field("mr", &self.mr)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// What [`apply_report`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportOutcome {
    /// No sent part matches the report.
    Unmatched,
    /// The part's report was recorded; the message did not change status.
    Recorded {
        /// The message the part belongs to.
        message_id: String,
    },
    /// The message changed status (to `delivered` or `failed`).
    Settled {
        /// The message.
        message_id: String,
        /// Its new status.
        status: MessageStatus,
    },
}

/// Finds the parts a report may be about: one search of the (modem, reference, time) index, however many
/// parts the modem has sent.
const REPORT_CANDIDATES: &str = "SELECT p.message_id, p.seq, m.to_number
     FROM message_parts p INDEXED BY message_parts_mr JOIN messages m ON m.id = p.message_id
     WHERE p.modem = ?1 AND p.mr = ?2 AND p.submitted_at >= ?3
     ORDER BY p.state = 'submitted' DESC, p.submitted_at DESC, p.rowid DESC";

/// Matches `report` to a submitted part, records its TP-ST, and settles the message (see [`settle`]).
pub fn apply_report(tx: &Connection, report: &Report<'_>, now: i64) -> Result<ReportOutcome> {
    let candidates: Vec<(String, u32, String)> = tx
        .prepare_cached(REPORT_CANDIDATES)?
        .query_map(
            params![report.modem, report.mr, report.submitted_since],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let Some((message_id, seq, _)) = candidates
        .into_iter()
        .find(|(_, _, to)| (report.recipient_matches)(to))
    else {
        return Ok(ReportOutcome::Unmatched);
    };
    let state = match ReportKind::of(report.status) {
        ReportKind::Delivered => "delivered",
        ReportKind::StillTrying => "submitted",
        ReportKind::Failed => "failed",
    };
    // A part already settled by an earlier final report keeps its outcome (a late duplicate changes nothing).
    tx.prepare_cached(
        "UPDATE message_parts SET state = ?3, report_status = ?4, reported_at = ?5
         WHERE message_id = ?1 AND seq = ?2 AND state NOT IN ('delivered', 'failed')",
    )?
    .execute(params![message_id, seq, state, report.status, now])?;
    Ok(match settle(tx, &message_id, now)? {
        Some(status) => ReportOutcome::Settled { message_id, status },
        None => ReportOutcome::Recorded { message_id },
    })
}

/// Moves a `sent` message to `delivered` when every part is delivered, or to `failed` when a part's report
/// says the service centre gave up (with the TP-ST meaning as the error). Returns the new status, if any.
///
/// The sender calls this too, right after a message becomes `sent`: the report of an early part can arrive
/// while later parts are still being submitted.
pub fn settle(tx: &Connection, id: &str, now: i64) -> Result<Option<MessageStatus>> {
    let status: Option<String> = tx
        .prepare_cached("SELECT status FROM messages WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if status.as_deref() != Some(MessageStatus::Sent.as_str()) {
        return Ok(None);
    }
    let (total, delivered, failed_status): (u32, u32, Option<u8>) = tx
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(state = 'delivered'), 0),
                    (SELECT report_status FROM message_parts WHERE message_id = ?1 AND state = 'failed'
                     ORDER BY seq LIMIT 1)
             FROM message_parts WHERE message_id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if let Some(st) = failed_status {
        let error = format!("not delivered: {} (TP-ST 0x{st:02X})", status_meaning(st));
        messages::transition(
            tx,
            id,
            MessageStatus::Failed,
            now,
            &Transition {
                detail: Some(&error),
                error: Some(&error),
                ..Default::default()
            },
        )?;
        return Ok(Some(MessageStatus::Failed));
    }
    if total > 0 && delivered == total {
        let detail = if total == 1 {
            "delivery report: received by the recipient".to_owned()
        } else {
            format!("delivery reports: all {total} parts received by the recipient")
        };
        messages::transition(
            tx,
            id,
            MessageStatus::Delivered,
            now,
            &Transition {
                detail: Some(&detail),
                ..Default::default()
            },
        )?;
        return Ok(Some(MessageStatus::Delivered));
    }
    Ok(None)
}

/// The TP-ST recorded for each part of a message, by sequence number (`None` while no report came).
pub fn part_reports(conn: &Connection, id: &str) -> Result<Vec<(u32, Option<u8>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, report_status FROM message_parts WHERE message_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use crate::messages::{NewMessage, PartState, set_part_state};

    #[test]
    fn a_report_is_matched_by_one_index_search_not_a_scan_of_the_modems_history() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("simgate.db")).unwrap();
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {REPORT_CANDIDATES}"))
            .unwrap()
            .query_map(params!["demo-1", 7, 0], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|p| p.contains("message_parts_mr (modem=? AND mr=? AND submitted_at>?)")),
            "{plan:?}"
        );
    }

    fn sent_message(store: &mut Store, segments: u32, mrs: &[u8], at: i64) -> String {
        let tx = store.transaction().unwrap();
        let mut new = NewMessage::for_test("+4915112345678", "hello");
        new.segments = segments;
        let m = messages::insert(&tx, &new, at).unwrap();
        for (i, mr) in mrs.iter().enumerate() {
            set_part_state(
                &tx,
                &m.id,
                i as u32 + 1,
                PartState::Submitted,
                "m1",
                Some(*mr),
                at,
            )
            .unwrap();
        }
        messages::transition(&tx, &m.id, MessageStatus::Sent, at, &Transition::default()).unwrap();
        tx.commit().unwrap();
        m.id
    }

    fn report(store: &mut Store, mr: u8, status: u8, to: &'static str) -> ReportOutcome {
        let tx = store.transaction().unwrap();
        let matches = move |n: &str| n == to;
        let out = apply_report(
            &tx,
            &Report {
                modem: "m1",
                mr,
                status,
                recipient_matches: &matches,
                submitted_since: 0,
            },
            5_000,
        )
        .unwrap();
        tx.commit().unwrap();
        out
    }

    fn open() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_message_is_delivered_only_when_every_part_is() {
        let (_d, mut s) = open();
        let id = sent_message(&mut s, 2, &[7, 8], 1_000);
        assert_eq!(
            report(&mut s, 7, 0, "+4915112345678"),
            ReportOutcome::Recorded {
                message_id: id.clone()
            }
        );
        assert_eq!(
            report(&mut s, 8, 0, "+4915112345678"),
            ReportOutcome::Settled {
                message_id: id.clone(),
                status: MessageStatus::Delivered
            }
        );
        let m = messages::get(s.conn(), &id).unwrap().unwrap();
        assert_eq!(m.status, MessageStatus::Delivered);
        assert_eq!(
            part_reports(s.conn(), &id).unwrap(),
            [(1, Some(0)), (2, Some(0))]
        );
    }

    #[test]
    fn a_permanent_error_fails_the_message_with_the_tp_st_meaning() {
        let (_d, mut s) = open();
        let id = sent_message(&mut s, 1, &[9], 1_000);
        report(&mut s, 9, 0x41, "+4915112345678");
        let m = messages::get(s.conn(), &id).unwrap().unwrap();
        assert_eq!(m.status, MessageStatus::Failed);
        assert_eq!(
            m.error.as_deref(),
            Some("not delivered: incompatible destination (TP-ST 0x41)")
        );
    }

    #[test]
    fn still_trying_leaves_the_message_sent_and_a_later_success_delivers_it() {
        let (_d, mut s) = open();
        let id = sent_message(&mut s, 1, &[3], 1_000);
        assert_eq!(
            report(&mut s, 3, 0x21, "+4915112345678"),
            ReportOutcome::Recorded {
                message_id: id.clone()
            }
        );
        let m = messages::get(s.conn(), &id).unwrap().unwrap();
        assert_eq!(m.status, MessageStatus::Sent);
        report(&mut s, 3, 0, "+4915112345678");
        let m = messages::get(s.conn(), &id).unwrap().unwrap();
        assert_eq!(m.status, MessageStatus::Delivered);
    }

    #[test]
    fn a_report_for_another_recipient_or_reference_matches_nothing() {
        let (_d, mut s) = open();
        let id = sent_message(&mut s, 1, &[4], 1_000);
        assert_eq!(
            report(&mut s, 4, 0, "+447911123456"),
            ReportOutcome::Unmatched
        );
        assert_eq!(
            report(&mut s, 5, 0, "+4915112345678"),
            ReportOutcome::Unmatched
        );
        let m = messages::get(s.conn(), &id).unwrap().unwrap();
        assert_eq!(m.status, MessageStatus::Sent);
    }

    #[test]
    fn a_reused_reference_matches_the_most_recent_open_part() {
        let (_d, mut s) = open();
        let old = sent_message(&mut s, 1, &[200], 1_000);
        report(&mut s, 200, 0, "+4915112345678");
        let new = sent_message(&mut s, 1, &[200], 2_000);
        assert_eq!(
            report(&mut s, 200, 0, "+4915112345678"),
            ReportOutcome::Settled {
                message_id: new,
                status: MessageStatus::Delivered
            }
        );
        let m = messages::get(s.conn(), &old).unwrap().unwrap();
        // queued, sent, delivered: the second report went to the newer message.
        assert_eq!(m.history.len(), 3);
    }

    #[test]
    fn tp_st_classes_follow_ts_23_040() {
        assert_eq!(ReportKind::of(0x00), ReportKind::Delivered);
        assert_eq!(ReportKind::of(0x02), ReportKind::Delivered);
        assert_eq!(ReportKind::of(0x20), ReportKind::StillTrying);
        assert_eq!(ReportKind::of(0x46), ReportKind::Failed);
        assert_eq!(ReportKind::of(0x62), ReportKind::Failed);
        assert_eq!(ReportKind::of(0x90), ReportKind::Failed);
        assert_eq!(status_meaning(0x46), "validity period expired");
    }
}
