//! The inbox: received SMS parts, stored raw and durably before the modem deletes them, and the messages
//! reassembled from them.
//!
//! A concatenated message (TS 23.040 9.2.3.24.1) arrives as parts that share a reference and a total and
//! carry their sequence number; they may come out of order, twice, or across a restart. Every part is stored
//! as it arrives; when the last missing one is stored, the inbox row is written in the same transaction. A part
//! whose raw PDU was already stored on that modem is a duplicate and ignored.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::Result;

/// Concatenation information of a received part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConcatInfo {
    /// The reference shared by all parts of the message.
    pub reference: u16,
    /// Number of parts.
    pub total: u8,
    /// This part's number, 1-based.
    pub seq: u8,
}

/// One received SMS (or part of one), as the engine stores it.
#[derive(Clone)]
pub struct IncomingPart<'a> {
    /// Modem it arrived on.
    pub modem: &'a str,
    /// TP-OA: the sender.
    pub from: &'a str,
    /// The raw PDU in hex, as the modem gave it.
    pub pdu: &'a str,
    /// The decoded text of this part.
    pub text: &'a str,
    /// Concatenation header, if any.
    pub concat: Option<ConcatInfo>,
    /// TP-SCTS (Unix ms).
    pub sent_at: Option<i64>,
}

impl std::fmt::Debug for IncomingPart<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Sender and text are personal data: not printed.
        f.debug_struct("IncomingPart")
            .field("modem", &self.modem)
            .field("concat", &self.concat)
            .finish_non_exhaustive()
    }
}

/// A complete received message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InboxMessage {
    /// UUIDv7 text.
    pub id: String,
    /// The sender as the network gave it.
    pub from: String,
    /// The whole text, parts joined in order.
    pub body: String,
    /// Modem it arrived on.
    pub modem: String,
    /// TP-SCTS of the first part (Unix ms), when known.
    pub sent_at: Option<i64>,
    /// When the last part was stored (Unix ms).
    pub received_at: i64,
}

/// What storing a part achieved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// The same PDU was already stored: nothing changed.
    Duplicate,
    /// Stored; the message still misses parts.
    Waiting {
        /// Parts stored so far.
        have: u32,
        /// Parts expected.
        total: u32,
    },
    /// Stored, and the message is complete.
    Complete(InboxMessage),
}

/// Stores one received part and, when it completes its message, the inbox row (named `new_id`).
pub fn receive_part(
    tx: &Connection,
    part: &IncomingPart<'_>,
    new_id: &str,
    now: i64,
) -> Result<Received> {
    let known: Option<i64> = tx
        .prepare_cached("SELECT id FROM inbox_parts WHERE modem = ?1 AND pdu = ?2")?
        .query_row(params![part.modem, part.pdu], |r| r.get(0))
        .optional()?;
    if known.is_some() {
        return Ok(Received::Duplicate);
    }
    // A header that cannot be right (no parts, part 0, part past the total) is read as a single SMS.
    let concat = part
        .concat
        .filter(|c| c.total > 1 && c.seq >= 1 && c.seq <= c.total);
    let (reference, total, seq) = match concat {
        Some(c) => (
            Some(i64::from(c.reference)),
            u32::from(c.total),
            u32::from(c.seq),
        ),
        None => (None, 1, 1),
    };
    if reference.is_some() {
        // The same part again, re-sent by the network with another timestamp: keep the first.
        let open: Option<i64> = tx
            .prepare_cached(
                "SELECT id FROM inbox_parts
                 WHERE modem = ?1 AND from_number = ?2 AND concat_ref = ?3 AND total = ?4 AND seq = ?5
                   AND message_id IS NULL",
            )?
            .query_row(
                params![part.modem, part.from, reference, total, seq],
                |r| r.get(0),
            )
            .optional()?;
        if open.is_some() {
            return Ok(Received::Duplicate);
        }
    }
    tx.prepare_cached(
        "INSERT INTO inbox_parts (modem, from_number, concat_ref, total, seq, pdu, text, sent_at, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        part.modem,
        part.from,
        reference,
        total,
        seq,
        part.pdu,
        part.text,
        part.sent_at,
        now
    ])?;
    let parts: Vec<(i64, u32, String, Option<i64>)> = tx
        .prepare_cached(
            "SELECT id, seq, text, sent_at FROM inbox_parts
             WHERE modem = ?1 AND from_number = ?2 AND concat_ref IS ?3 AND total = ?4 AND message_id IS NULL
             ORDER BY seq, id",
        )?
        .query_map(params![part.modem, part.from, reference, total], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let have = parts.len() as u32;
    if have < total {
        return Ok(Received::Waiting { have, total });
    }
    let body: String = parts.iter().map(|p| p.2.as_str()).collect();
    let sent_at = parts.iter().filter_map(|p| p.3).min();
    tx.prepare_cached(
        "INSERT INTO inbox (id, from_number, body, modem, sent_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![new_id, part.from, body, part.modem, sent_at, now])?;
    let mut mark = tx.prepare_cached("UPDATE inbox_parts SET message_id = ?2 WHERE id = ?1")?;
    for p in &parts {
        mark.execute(params![p.0, new_id])?;
    }
    Ok(Received::Complete(InboxMessage {
        id: new_id.to_owned(),
        from: part.from.to_owned(),
        body,
        modem: part.modem.to_owned(),
        sent_at,
        received_at: now,
    }))
}

/// Marks where a part never arrived in a message delivered incomplete by [`flush_stale`].
pub const MISSING_PART: &str = "[…]";

/// Messages on `modem` whose parts stopped arriving: those whose last part was stored before `quiet_since` (Unix ms)
/// become inbox rows with what arrived, [`MISSING_PART`] standing for each missing part, so a reply is never
/// held back forever by a part the network lost. Ids come from `new_id`.
pub fn flush_stale(
    tx: &Connection,
    modem: &str,
    quiet_since: i64,
    now: i64,
    new_id: &mut dyn FnMut() -> String,
) -> Result<Vec<InboxMessage>> {
    let groups: Vec<(String, String, Option<i64>, u32)> = tx
        .prepare_cached(
            "SELECT modem, from_number, concat_ref, total FROM inbox_parts WHERE message_id IS NULL AND modem = ?2
             GROUP BY modem, from_number, concat_ref, total HAVING MAX(received_at) < ?1",
        )?
        .query_map(params![quiet_since, modem], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (modem, from, reference, total) in groups {
        let parts: Vec<(i64, u32, String, Option<i64>)> = tx
            .prepare_cached(
                "SELECT id, seq, text, sent_at FROM inbox_parts
                 WHERE modem = ?1 AND from_number = ?2 AND concat_ref IS ?3 AND total = ?4
                   AND message_id IS NULL
                 ORDER BY seq, id",
            )?
            .query_map(params![modem, from, reference, total], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut body = String::new();
        for seq in 1..=total {
            match parts.iter().find(|p| p.1 == seq) {
                Some(p) => body.push_str(&p.2),
                None => body.push_str(MISSING_PART),
            }
        }
        let id = new_id();
        let sent_at = parts.iter().filter_map(|p| p.3).min();
        tx.prepare_cached(
            "INSERT INTO inbox (id, from_number, body, modem, sent_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![id, from, body, modem, sent_at, now])?;
        let mut mark = tx.prepare_cached("UPDATE inbox_parts SET message_id = ?2 WHERE id = ?1")?;
        for p in &parts {
            mark.execute(params![p.0, id])?;
        }
        out.push(InboxMessage {
            id,
            from,
            body,
            modem,
            sent_at,
            received_at: now,
        });
    }
    Ok(out)
}

const COLUMNS: &str = "id, from_number, body, modem, sent_at, received_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<InboxMessage> {
    Ok(InboxMessage {
        id: r.get(0)?,
        from: r.get(1)?,
        body: r.get(2)?,
        modem: r.get(3)?,
        sent_at: r.get(4)?,
        received_at: r.get(5)?,
    })
}

/// Received messages newest first, at most `limit` (1..=500), older than the id `before` when given.
pub fn list(conn: &Connection, limit: u32, before: Option<&str>) -> Result<Vec<InboxMessage>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM inbox WHERE (?1 IS NULL OR id < ?1) ORDER BY id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![before, limit.clamp(1, 500)], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One received message.
pub fn get(conn: &Connection, id: &str) -> Result<Option<InboxMessage>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM inbox WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// Parts stored for messages still missing parts.
pub fn incomplete_parts(conn: &Connection) -> Result<u64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM inbox_parts WHERE message_id IS NULL")?
        .query_row([], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn part<'a>(pdu: &'a str, text: &'a str, concat: Option<(u8, u8)>) -> IncomingPart<'a> {
        IncomingPart {
            modem: "m1",
            from: "+4915112345678",
            pdu,
            text,
            concat: concat.map(|(total, seq)| ConcatInfo {
                reference: 42,
                total,
                seq,
            }),
            sent_at: Some(1_000),
        }
    }

    fn put(store: &mut Store, p: &IncomingPart<'_>, id: &str) -> Received {
        let tx = store.transaction().unwrap();
        let r = receive_part(&tx, p, id, 2_000).unwrap();
        tx.commit().unwrap();
        r
    }

    #[test]
    fn parts_out_of_order_and_duplicated_make_one_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut s = Store::open(&path).unwrap();
        assert_eq!(
            put(&mut s, &part("P3", "c", Some((3, 3))), "a"),
            Received::Waiting { have: 1, total: 3 }
        );
        assert_eq!(
            put(&mut s, &part("P3", "c", Some((3, 3))), "b"),
            Received::Duplicate
        );
        // The network re-sends part 1 with another timestamp (another PDU): still a duplicate.
        put(&mut s, &part("P1", "a", Some((3, 1))), "c");
        assert_eq!(
            put(&mut s, &part("P1x", "a", Some((3, 1))), "d"),
            Received::Duplicate
        );
        // A restart in between: the parts are on disk.
        drop(s);
        let mut s = Store::open(&path).unwrap();
        let Received::Complete(m) = put(&mut s, &part("P2", "b", Some((3, 2))), "e") else {
            panic!("not complete");
        };
        assert_eq!(m.body, "abc");
        assert_eq!(list(s.conn(), 10, None).unwrap(), [m]);
        assert_eq!(incomplete_parts(s.conn()).unwrap(), 0);
    }

    #[test]
    fn a_message_missing_a_part_is_delivered_incomplete_once_its_parts_stop_arriving() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        put(&mut s, &part("Q1", "Hello ", Some((3, 1))), "x");
        put(&mut s, &part("Q3", "bye", Some((3, 3))), "y");
        let tx = s.transaction().unwrap();
        let mut n = 0;
        let mut ids = || {
            n += 1;
            format!("z{n}")
        };
        // Parts stored at 2_000: not quiet yet at 1_500; another modem's parts are its own business.
        assert!(
            flush_stale(&tx, "m2", 2_500, 3_000, &mut ids)
                .unwrap()
                .is_empty()
        );
        assert!(
            flush_stale(&tx, "m1", 1_500, 3_000, &mut ids)
                .unwrap()
                .is_empty()
        );
        let flushed = flush_stale(&tx, "m1", 2_500, 3_000, &mut ids).unwrap();
        tx.commit().unwrap();
        assert_eq!(flushed.len(), 1);
        assert_eq!(flushed[0].body, "Hello […]bye");
        assert_eq!(incomplete_parts(s.conn()).unwrap(), 0);
        assert_eq!(list(s.conn(), 10, None).unwrap(), flushed);
    }

    #[test]
    fn single_messages_complete_at_once_and_list_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        for (i, id) in ["01", "02", "03"].iter().enumerate() {
            let pdu = format!("PDU{i}");
            let text = format!("t{i}");
            assert!(matches!(
                put(&mut s, &part(&pdu, &text, None), id),
                Received::Complete(_)
            ));
        }
        let page = list(s.conn(), 2, None).unwrap();
        assert_eq!(
            page.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(),
            ["t2", "t1"]
        );
        let rest = list(s.conn(), 2, Some("02")).unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].body, "t0");
        assert_eq!(get(s.conn(), "02").unwrap().unwrap().body, "t1");
    }
}
