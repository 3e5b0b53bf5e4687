//! Incoming messages: each received part is stored raw before the modem may delete it, concatenated parts are
//! reassembled (TS 23.040 9.2.3.24.1) in the store, and a complete message is published as `message.received`.

use simgate_modem::IncomingSms;
use simgate_store::inbox::{self, ConcatInfo, InboxMessage, IncomingPart, Received};

use crate::{EngineError, Event, Gateway, now_ms};

/// Paging for [`Gateway::inbox`].
#[derive(Debug, Clone, Default)]
pub struct InboxQuery {
    /// Page size, 1..=500 (default 50).
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One page of received messages, newest first.
#[derive(Debug, Clone)]
pub struct InboxPage {
    /// The messages.
    pub items: Vec<InboxMessage>,
    /// Pass as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// Stores one received part; publishes `message.received` when it completes a message. Returns once the part
/// is committed, so the caller may then let the modem delete it.
pub(crate) async fn store_incoming(
    gw: &Gateway,
    modem: &str,
    sms: &IncomingSms,
) -> Result<(), EngineError> {
    let d = &sms.message;
    let text = match d.text() {
        Some(t) => t.to_owned(),
        // 8-bit or compressed data has no text to show; the raw PDU is kept.
        None => "[data message]".to_owned(),
    };
    let concat = d.concat().map(|c| ConcatInfo {
        reference: c.reference,
        total: c.total,
        seq: c.seq,
    });
    let (modem_name, from, pdu) = (
        modem.to_owned(),
        d.originator.number.clone(),
        sms.pdu.to_ascii_uppercase(),
    );
    let sent_at = Some(d.timestamp.unix_seconds() * 1000);
    let id = uuid::Uuid::now_v7().to_string();
    let received = gw
        .inner
        .writer
        .write(move |tx| {
            inbox::receive_part(
                tx,
                &IncomingPart {
                    modem: &modem_name,
                    from: &from,
                    pdu: &pdu,
                    text: &text,
                    concat,
                    sent_at,
                },
                &id,
                now_ms(),
            )
        })
        .await?;
    match received {
        Received::Duplicate => tracing::debug!(modem, "duplicate SMS part ignored"),
        Received::Waiting { have, total } => {
            tracing::debug!(modem, have, total, "SMS part stored, waiting for the rest");
        }
        Received::Complete(m) => {
            tracing::info!(modem, id = %m.id, "SMS received");
            gw.publish(Event::MessageReceived {
                id: m.id,
                from: m.from,
                modem: m.modem,
            });
        }
    }
    Ok(())
}

/// How long the parts of an incomplete concatenated message wait for the rest before what arrived is put in the
/// inbox with the gaps marked (the network lost a part, or the sender's phone gave up).
pub(crate) const MULTIPART_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// Puts the incomplete messages of `modem` whose parts stopped arriving into the inbox.
pub(crate) async fn flush_stale(gw: &Gateway, modem: &str) -> Result<(), EngineError> {
    let name = modem.to_owned();
    let quiet_since = now_ms() - MULTIPART_TIMEOUT.as_millis() as i64;
    let flushed = gw
        .inner
        .writer
        .write(move |tx| {
            inbox::flush_stale(tx, &name, quiet_since, now_ms(), &mut || {
                uuid::Uuid::now_v7().to_string()
            })
        })
        .await?;
    for m in flushed {
        tracing::info!(modem, id = %m.id, "SMS received with parts missing");
        gw.publish(Event::MessageReceived {
            id: m.id,
            from: m.from,
            modem: m.modem,
        });
    }
    Ok(())
}

impl Gateway {
    /// Received messages, newest first.
    pub async fn inbox(&self, q: InboxQuery) -> Result<InboxPage, EngineError> {
        let limit = q.limit.unwrap_or(50).clamp(1, 500);
        let cursor = q.cursor;
        let items = self
            .read(move |conn| inbox::list(conn, limit, cursor.as_deref()))
            .await?;
        let next_cursor = if items.len() as u32 == limit {
            items.last().map(|m| m.id.clone())
        } else {
            None
        };
        Ok(InboxPage { items, next_cursor })
    }
}
