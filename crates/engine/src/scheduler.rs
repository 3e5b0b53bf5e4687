//! Deciding what runs when: promoting scheduled messages, expiring stale ones, and choosing the next message
//! an idle modem sends under the routing rules, limits and send windows.

use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;
use simgate_store::StoreError;
use simgate_store::messages::{self, Message, MessageStatus, PartState};
use simgate_store::queue::{self, Candidate, PeriodStarts};

use crate::routing::{
    Category, Decision, MessageAttrs, ModemState, Priority, RoundRobin, RoutingConfig, Usage,
    usage_periods,
};
use crate::{Event, Gateway, now_ms};

/// How many due messages an idle modem looks at before giving up for now: enough to skip past messages held
/// by windows or bound to other modems, few enough to keep the claim cheap.
const LOOKAHEAD: u32 = 64;
/// How many due messages are read first, before the whole look-ahead window.
const FIRST_LOOK: u32 = 4;
/// Longest the scheduler sleeps without a wake-up (a safety net for clock jumps).
const MAX_SLEEP: Duration = Duration::from_secs(30);

/// A modem as the scheduler sees it when choosing work.
#[derive(Debug, Clone)]
pub(crate) struct ModemSnapshot {
    pub(crate) name: String,
    pub(crate) online: bool,
    pub(crate) enabled: bool,
    pub(crate) busy: bool,
}

/// What an idle modem's claim found.
#[derive(Debug, Default)]
pub(crate) struct Pick {
    /// The message to send, now `sending`.
    pub(crate) message: Option<Message>,
    /// Parts of it still to submit, in order; the first is already marked `submitting`.
    pub(crate) pending: Vec<u32>,
    /// Messages whose waiting reason changed (to publish).
    pub(crate) reasons_changed: Vec<String>,
}

fn category_of(c: &Candidate) -> Category {
    if c.category == "marketing" {
        Category::Marketing
    } else {
        Category::Transactional
    }
}

/// Runs in the writer's transaction: the first due message `modem` may send, claimed; records the waiting
/// reason of the messages passed over because no modem may send them.
pub(crate) fn pick(
    conn: &Connection,
    cfg: &RoutingConfig,
    modem: &str,
    modems: &[ModemSnapshot],
    rr: &RoundRobin,
    now: i64,
) -> Result<Pick, StoreError> {
    let mut out = Pick::default();
    let periods = usage_periods(cfg, now);
    let starts = PeriodStarts {
        hour: periods.hour_start_ms,
        day: periods.day_start_ms,
        month: periods.month_start_ms,
    };
    // Usually one of the first due messages is this modem's to send: look at a few before reading the whole
    // look-ahead window.
    for (skip, limit) in [(0, FIRST_LOOK), (FIRST_LOOK, LOOKAHEAD)] {
        let candidates = queue::due_candidates(conn, now, limit)?;
        let complete = candidates.len() < limit as usize;
        for c in candidates.into_iter().skip(skip as usize) {
            if consider(conn, cfg, modem, modems, rr, now, &starts, c, &mut out)? {
                return Ok(out);
            }
        }
        if complete {
            break;
        }
    }
    Ok(out)
}

/// Decides about one due message for `modem`; returns whether it was claimed into `out`.
#[allow(clippy::too_many_arguments)]
fn consider(
    conn: &Connection,
    cfg: &RoutingConfig,
    modem: &str,
    modems: &[ModemSnapshot],
    rr: &RoundRobin,
    now: i64,
    starts: &PeriodStarts,
    c: Candidate,
    out: &mut Pick,
) -> Result<bool, StoreError> {
    if let Some(pin) = &c.pin_modem {
        // A pinned message skips the routing rules: only its modem sends it, when usable.
        let me = modems.iter().find(|m| &m.name == pin && m.name == modem);
        if !me.is_some_and(|m| m.online && m.enabled) {
            return Ok(false);
        }
        return claim_for(conn, &c.id, modem, now, out);
    }
    let mut states = Vec::with_capacity(modems.len());
    for m in modems {
        // Counting usage costs two queries: only for SIMs that have limits.
        let usage = if cfg.limits.contains_key(&m.name) {
            let u = queue::usage(conn, &m.name, &c.to, *starts)?;
            Usage {
                hour: u.hour,
                day: u.day,
                month: u.month,
                unique_today: u.unique_today,
                knows_recipient_today: u.knows_recipient_today,
            }
        } else {
            Usage::default()
        };
        states.push(ModemState {
            name: &m.name,
            online: m.online,
            enabled: m.enabled,
            usage,
            queued: u32::from(m.busy),
        });
    }
    let attrs = MessageAttrs {
        to: &c.to,
        category: category_of(&c),
        priority: Priority::from_i64(c.priority).unwrap_or_default(),
        tags: &[],
        pool: c.pool.as_deref(),
        timezone: None,
    };
    match crate::routing::decide(cfg, &attrs, modem, &states, now, rr) {
        Decision::Send => claim_for(conn, &c.id, modem, now, out),
        Decision::NotThisModem => Ok(false),
        Decision::Wait(reason) => {
            if queue::set_reason(conn, &c.id, Some(&reason.to_string()))? {
                out.reasons_changed.push(c.id);
            }
            Ok(false)
        }
    }
}

/// Claims `id` for `modem` into `out`, marking its first pending part `submitting` in the same commit (saving
/// one fsync per message: the mark only has to be durable before `AT+CMGS` is written, which comes later).
/// Returns whether the message was still there to claim.
fn claim_for(
    conn: &Connection,
    id: &str,
    modem: &str,
    now: i64,
    out: &mut Pick,
) -> Result<bool, StoreError> {
    // The claim clears the waiting reason too.
    out.message = queue::claim(conn, id, modem, now)?;
    if out.message.is_none() {
        return Ok(false);
    }
    out.pending = messages::pending_parts(conn, id)?;
    if let Some(&first) = out.pending.first() {
        messages::set_part_state(conn, id, first, PartState::Submitting, modem, None, now)?;
    }
    Ok(true)
}

/// Promotes scheduled messages, expires stale ones, and wakes the senders; sleeps until the next thing is due.
pub(crate) async fn run(gw: Gateway) {
    let mut shutdown = gw.inner.shutdown.subscribe();
    loop {
        if *shutdown.borrow() {
            break;
        }
        let notified = gw.inner.schedule_changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();

        let now = now_ms();
        let result = gw
            .inner
            .writer
            .write(move |tx| {
                let promoted = queue::promote_due(tx, now)?;
                let expired = queue::expire_due(tx, now)?;
                let next = queue::next_wakeup(tx)?;
                Ok((promoted, expired, next))
            })
            .await;
        let sleep = match result {
            Ok((promoted, expired, next)) => {
                for id in &promoted {
                    gw.publish(Event::MessageUpdated {
                        id: id.clone(),
                        status: MessageStatus::Queued,
                    });
                }
                for id in expired {
                    gw.publish(Event::MessageUpdated {
                        id,
                        status: MessageStatus::Expired,
                    });
                }
                // Retries and promoted messages may be due now: let idle senders look.
                gw.inner.work.notify_waiters();
                next.map_or(MAX_SLEEP, |at| {
                    Duration::from_millis(
                        (at - now_ms()).clamp(0, MAX_SLEEP.as_millis() as i64) as u64
                    )
                })
            }
            Err(crate::EngineError::ShuttingDown) => break,
            Err(e) => {
                tracing::error!(error = %e, "scheduler pass failed");
                Duration::from_secs(1)
            }
        };
        tokio::select! {
            _ = &mut notified => {}
            _ = tokio::time::sleep(sleep) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// The routing configuration in force, shared cheaply with the writer thread.
pub(crate) fn current_config(gw: &Gateway) -> Arc<RoutingConfig> {
    gw.inner.routing.read().expect("routing lock").clone()
}
