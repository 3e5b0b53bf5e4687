//! One supervisor task per modem: it listens to what the driver reports and makes the gateway use it.
//!
//! - A delivery report is matched to the part it is about (modem, TP-MR, recipient, within
//!   [`REPORT_WINDOW`]); the part and, when settled, the message are updated; then the report is acknowledged
//!   so the driver deletes it from the SIM. Reports that match nothing are logged at debug and acknowledged.
//! - An incoming SMS is stored raw and reassembled ([`crate::inbox`]), then acknowledged. With each status
//!   poll, a message whose parts stopped arriving goes to the inbox with the gaps marked.
//! - Signal, registration, offline and online events, and a periodic status poll, keep the modem's status
//!   current; each change is published as `modem.updated`.
//!
//! Acknowledging only after the commit means a crash in between leaves the message on the SIM, where the
//! driver's sweep offers it again; the store ignores the duplicate.

use std::time::Duration;

use simgate_modem::{DeliveryReport, Modem, ModemEvent};
use simgate_store::delivery::{self, Report, ReportOutcome};
use tokio::sync::broadcast::error::RecvError;

mod actions;

pub(crate) use actions::INTRODUCTION;
pub use actions::{ModemActionError, SimulateAction};

use crate::{Event, Gateway, inbox, now_ms};

/// How long after submission a status report can still be matched to a part. Message references repeat after
/// 256 parts per modem; the recipient and this window keep an old reference from matching a new part.
pub(crate) const REPORT_WINDOW: Duration = Duration::from_secs(3 * 24 * 3600);
/// How long to wait before looking a second time for the part of a report that matched nothing.
const UNMATCHED_RECHECK: Duration = Duration::from_millis(500);
/// How often identity, operator, signal and registration are read in full.
const POLL_EVERY: Duration = Duration::from_secs(60);

/// Watches one modem: its first full status is read before it sends (`introduced` turns true then), later
/// ones in pauses of sending; handles its delivery reports, received messages and status changes.
pub(crate) async fn run(
    gw: Gateway,
    name: String,
    modem: Modem,
    introduced: tokio::sync::watch::Sender<bool>,
) {
    // Subscribe before the first poll so nothing reported meanwhile is missed.
    let mut events = modem.subscribe();
    let mut shutdown = gw.inner.shutdown.subscribe();
    refresh(&gw, &name, &modem).await;
    introduced.send_replace(true);
    let mut poll = tokio::time::interval_at(tokio::time::Instant::now() + POLL_EVERY, POLL_EVERY);
    let mut deferred = None;
    loop {
        if *shutdown.borrow() {
            break;
        }
        tokio::select! {
            _ = poll.tick() => {
                if let Some(wait) = modem.defer_housekeeping(&mut deferred) {
                    poll.reset_after(wait);
                    continue;
                }
                refresh(&gw, &name, &modem).await;
                if let Err(e) = inbox::flush_stale(&gw, &name).await {
                    tracing::error!(modem = %name, error = %e, "could not flush incomplete messages");
                }
            }
            ev = events.recv() => match ev {
                Ok(ev) => handle(&gw, &name, &modem, ev).await,
                // Unacknowledged messages stay on the SIM and are offered again by the driver's sweep.
                Err(RecvError::Lagged(n)) => tracing::warn!(modem = %name, missed = n, "modem events lagged"),
                Err(RecvError::Closed) => break,
            },
            _ = shutdown.changed() => {}
        }
    }
}

async fn handle(gw: &Gateway, name: &str, modem: &Modem, ev: ModemEvent) {
    match ev {
        ModemEvent::StatusReport(r) => report(gw, name, r).await,
        ModemEvent::Incoming(sms) => match inbox::store_incoming(gw, name, &sms).await {
            Ok(()) => {
                if let Err(e) = sms.ack.stored().await {
                    tracing::warn!(modem = %name, error = %e, "stored message not deleted from the modem yet");
                }
            }
            Err(e) => {
                tracing::error!(modem = %name, error = %e, "could not store an incoming message; it stays on the modem");
            }
        },
        ModemEvent::Signal { dbm } => gw.update_live(name, |l| {
            let changed = l.signal_dbm != dbm;
            l.signal_dbm = dbm;
            changed
        }),
        ModemEvent::Registration(reg) => {
            gw.update_live(name, |l| {
                let changed = l.registration != Some(reg);
                l.registration = Some(reg);
                changed
            });
            if reg.is_registered() {
                gw.inner.work.notify_waiters();
            }
        }
        ModemEvent::Offline { reason } => {
            tracing::warn!(modem = %name, %reason, "modem offline");
            gw.update_live(name, |l| {
                l.error = Some(format!("offline: {reason}"));
                true
            });
        }
        ModemEvent::Online { .. } => {
            tracing::info!(modem = %name, "modem online");
            gw.update_live(name, |l| {
                l.error = None;
                true
            });
            refresh(gw, name, modem).await;
            // Messages that waited for a modem can go now.
            gw.inner.work.notify_waiters();
        }
        ModemEvent::Unresponsive { command } => gw.update_live(name, |l| {
            l.error = Some(format!("{command} got no answer; checking the modem"));
            true
        }),
        _ => {}
    }
}

/// Reads the modem's identity and status in full and publishes the change.
async fn refresh(gw: &Gateway, name: &str, modem: &Modem) {
    if !modem.is_online() {
        return;
    }
    match modem.info().await {
        Ok(info) => gw.update_live(name, |l| {
            let changed = l.info.as_ref() != Some(&info)
                || l.error.is_some()
                || l.signal_dbm != info.signal_dbm
                || l.registration != Some(info.registration);
            l.signal_dbm = info.signal_dbm;
            l.registration = Some(info.registration);
            l.error = None;
            l.info = Some(info);
            changed
        }),
        Err(e) => {
            tracing::debug!(modem = %name, error = %e, "status poll failed");
        }
    }
}

async fn apply(
    gw: &Gateway,
    name: &str,
    r: &DeliveryReport,
) -> Result<ReportOutcome, crate::EngineError> {
    let (modem, mr, status, recipient) = (
        name.to_owned(),
        r.report.message_reference,
        r.report.status,
        r.report.recipient.clone(),
    );
    let since = now_ms() - REPORT_WINDOW.as_millis() as i64;
    gw.inner
        .writer
        .write(move |tx| {
            let matches = |to: &str| recipient.matches_number(to);
            delivery::apply_report(
                tx,
                &Report {
                    modem: &modem,
                    mr,
                    status,
                    recipient_matches: &matches,
                    submitted_since: since,
                },
                now_ms(),
            )
        })
        .await
}

async fn report(gw: &Gateway, name: &str, r: DeliveryReport) {
    let (mr, status) = (r.report.message_reference, r.report.status);
    let mut applied = apply(gw, name, &r).await;
    if matches!(applied, Ok(ReportOutcome::Unmatched)) {
        // A fast network can report before the sender has committed the part's reference: look once more.
        tokio::time::sleep(UNMATCHED_RECHECK).await;
        applied = apply(gw, name, &r).await;
    }
    match applied {
        Ok(ReportOutcome::Unmatched) => {
            tracing::debug!(modem = %name, mr, status, "delivery report matches no sent part");
        }
        Ok(ReportOutcome::Recorded { message_id }) => {
            tracing::debug!(modem = %name, mr, status, id = %message_id, "delivery report recorded");
        }
        Ok(ReportOutcome::Settled { message_id, status }) => {
            gw.publish(Event::MessageUpdated {
                id: message_id,
                status,
            });
        }
        Err(e) => {
            // Not acknowledged: the report stays on the modem and is offered again.
            tracing::error!(modem = %name, error = %e, "could not record a delivery report");
            return;
        }
    }
    if let Err(e) = r.ack.stored().await {
        tracing::warn!(modem = %name, error = %e, "delivery report not deleted from the modem yet");
    }
}
