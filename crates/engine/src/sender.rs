//! One sender task per modem: claim the next due message, submit its parts, record the outcome.
//!
//! Each part goes through `pending -> submitting -> submitted`, and the `submitting` mark is committed before
//! `AT+CMGS` is written, so after a crash the store knows exactly which parts may have left (see
//! `simgate_store::messages::recover`). A message is never resent once one of its parts' outcome is unknown.

use std::time::Duration;

use rand::Rng;
use simgate_modem::{Modem, ModemError};
use simgate_pdu::SubmitOptions;
use simgate_store::StoreError;
use simgate_store::messages::{self, Message, MessageStatus, PartState, Transition};

use crate::{EngineError, Event, Gateway, now_ms, scheduler};

/// Attempts before a temporarily failing message is given up.
const MAX_ATTEMPTS: u32 = 5;
/// First retry delay; doubles each attempt (with jitter).
const RETRY_BASE: Duration = Duration::from_secs(5);
/// How long an idle sender sleeps before looking for deferred (retry) work even without a wake-up.
const IDLE_RECHECK: Duration = Duration::from_secs(1);

pub(crate) async fn run(
    gw: Gateway,
    name: String,
    modem: Modem,
    mut introduced: tokio::sync::watch::Receiver<bool>,
) {
    let mut shutdown = gw.inner.shutdown.subscribe();
    // The modem's identity and status are read before it takes the line for sending.
    let _ = tokio::time::timeout(
        crate::supervisor::INTRODUCTION,
        introduced.wait_for(|done| *done),
    )
    .await;
    // The last message's `sent` record, written in the same commit as the next claim.
    let mut unrecorded: Option<Sent> = None;
    loop {
        let stopping = *shutdown.borrow();
        if stopping && unrecorded.is_none() {
            break;
        }
        // Register for wake-ups before looking for work, so a message queued in between is not missed.
        let notified = gw.inner.work.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();

        if modem.is_online() && !stopping {
            // The claim marks the first part `submitting`; the modem's pause after its last answer comes
            // before that mark, not between it and `AT+CMGS`.
            modem.until_line_free().await;
        }
        let looking = modem.is_online() && !stopping;
        let claimed = if looking || unrecorded.is_some() {
            let (cfg, modems, rr, me) = (
                scheduler::current_config(&gw),
                gw.modem_snapshots(),
                gw.inner.rr.clone(),
                name.clone(),
            );
            let outcome = unrecorded.clone();
            gw.inner
                .writer
                .write_committed(move |tx| {
                    let settled = match &outcome {
                        Some(s) => s.record(tx)?,
                        None => None,
                    };
                    let pick = if looking {
                        scheduler::pick(tx, &cfg, &me, &modems, &rr, now_ms())?
                    } else {
                        scheduler::Pick::default()
                    };
                    Ok((settled, pick))
                })
                .await
        } else {
            Ok((None, scheduler::Pick::default()))
        };
        let pick = match claimed {
            Ok((settled, pick)) => {
                if let Some(done) = unrecorded.take() {
                    done.publish(&gw, settled);
                }
                pick
            }
            Err(EngineError::ShuttingDown) => break,
            Err(e) => {
                tracing::error!(modem = %name, error = %e, "could not claim work");
                tokio::time::sleep(IDLE_RECHECK).await;
                continue;
            }
        };
        for id in pick.reasons_changed {
            gw.publish(Event::MessageUpdated {
                id,
                status: MessageStatus::Queued,
            });
        }
        let Some(msg) = pick.message else {
            if stopping {
                break;
            }
            tokio::select! {
                _ = &mut notified => {}
                _ = tokio::time::sleep(IDLE_RECHECK) => {}
                _ = shutdown.changed() => {}
            }
            continue;
        };
        gw.publish(Event::MessageUpdated {
            id: msg.id.clone(),
            status: msg.status,
        });
        gw.set_busy(&name, true);
        let sent = send(&gw, &name, &modem, &msg, &pick.pending).await;
        gw.set_busy(&name, false);
        match sent {
            Ok(outcome) => unrecorded = outcome,
            Err(e) => tracing::error!(modem = %name, error = %e, "could not record a send outcome"),
        }
    }
}

async fn send(
    gw: &Gateway,
    name: &str,
    modem: &Modem,
    msg: &Message,
    pending: &[u32],
) -> Result<Option<Sent>, EngineError> {
    let opts = SubmitOptions {
        status_report: gw.inner.delivery_reports,
        // TS 23.040 9.2.3.24.1: the reference must differ between concatenated messages to the same recipient.
        concat_reference: rand::thread_rng().r#gen(),
        ..SubmitOptions::default()
    };
    let parts = match simgate_pdu::encode_submit(&msg.to, &msg.body, &opts) {
        Ok(p) => p,
        Err(e) => {
            return finish(
                gw,
                msg,
                MessageStatus::Failed,
                name,
                Some(&format!("cannot encode: {e}")),
            )
            .await
            .map(|()| None);
        }
    };
    for (i, &seq) in pending.iter().enumerate() {
        let Some(part) = parts.get(seq as usize - 1) else {
            let detail = format!(
                "part {seq} does not exist in the encoded message ({} parts)",
                parts.len()
            );
            return finish(gw, msg, MessageStatus::Failed, name, Some(&detail))
                .await
                .map(|()| None);
        };
        // The claim already marked the first part.
        if i > 0 {
            mark_part(gw, msg, seq, PartState::Submitting, name, None).await?;
        }
        let last = i + 1 == pending.len();
        match modem.send_pdu(part.tpdu_len, &part.hex).await {
            // The last part's outcome and the message's `sent` share one commit, the next claim's.
            Ok(mr) if last => {
                return Ok(Some(Sent {
                    id: msg.id.clone(),
                    modem: name.to_owned(),
                    seq,
                    mr,
                    reports: gw.inner.delivery_reports,
                }));
            }
            Ok(mr) => mark_part(gw, msg, seq, PartState::Submitted, name, Some(mr)).await?,
            Err(e) => {
                // The part was not (or may not have been) transmitted: only an uncertain outcome keeps the mark.
                if !matches!(e, ModemError::Uncertain { .. }) {
                    mark_part(gw, msg, seq, PartState::Pending, name, None).await?;
                }
                return failed(gw, msg, name, &e).await.map(|()| None);
            }
        }
    }
    // Nothing was pending (every part was accepted before a restart).
    finish(gw, msg, MessageStatus::Sent, name, None)
        .await
        .map(|()| None)
}

/// A message whose last part the modem accepted, to be recorded as `sent`.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    id: String,
    modem: String,
    seq: u32,
    mr: u8,
    reports: bool,
}

impl Sent {
    /// Records the last part's message reference and the message as `sent`. With delivery reports on, the same
    /// commit settles the message when its reports were processed before `sent` was committed (an early
    /// part's, while later parts were still being submitted, or a fast network's).
    fn record(&self, tx: &rusqlite::Connection) -> Result<Option<MessageStatus>, StoreError> {
        let now = now_ms();
        messages::set_part_state(
            tx,
            &self.id,
            self.seq,
            PartState::Submitted,
            &self.modem,
            Some(self.mr),
            now,
        )?;
        messages::transition(
            tx,
            &self.id,
            MessageStatus::Sent,
            now,
            &Transition {
                modem: Some(&self.modem),
                ..Default::default()
            },
        )?;
        if self.reports {
            simgate_store::delivery::settle(tx, &self.id, now)
        } else {
            Ok(None)
        }
    }

    fn publish(self, gw: &Gateway, settled: Option<MessageStatus>) {
        gw.publish(Event::MessageUpdated {
            id: self.id.clone(),
            status: MessageStatus::Sent,
        });
        if let Some(status) = settled {
            gw.publish(Event::MessageUpdated {
                id: self.id,
                status,
            });
        }
    }
}

async fn mark_part(
    gw: &Gateway,
    msg: &Message,
    seq: u32,
    state: PartState,
    name: &str,
    mr: Option<u8>,
) -> Result<(), EngineError> {
    let (id, name) = (msg.id.clone(), name.to_owned());
    gw.inner
        .writer
        .write_committed(move |tx| {
            messages::set_part_state(tx, &id, seq, state, &name, mr, now_ms())
        })
        .await
}

async fn failed(
    gw: &Gateway,
    msg: &Message,
    name: &str,
    e: &ModemError,
) -> Result<(), EngineError> {
    if matches!(e, ModemError::Uncertain { .. }) {
        return finish(
            gw,
            msg,
            MessageStatus::Uncertain,
            name,
            Some(&e.to_string()),
        )
        .await;
    }
    if e.is_temporary() {
        let attempts = {
            let id = msg.id.clone();
            gw.read(move |c| messages::attempts(c, &id)).await?
        } + 1;
        if attempts < MAX_ATTEMPTS {
            let delay = backoff(attempts);
            let retry_at = now_ms() + delay.as_millis() as i64;
            let reason = format!(
                "retry {attempts}/{MAX_ATTEMPTS} in {}s after {e}",
                delay.as_secs()
            );
            let (id, err) = (msg.id.clone(), e.to_string());
            gw.inner
                .writer
                .write_committed(move |tx| {
                    messages::schedule_retry(tx, &id, now_ms(), retry_at, &reason, &err)
                })
                .await?;
            gw.publish(Event::MessageUpdated {
                id: msg.id.clone(),
                status: MessageStatus::Queued,
            });
            return Ok(());
        }
    }
    finish(gw, msg, MessageStatus::Failed, name, Some(&e.to_string())).await
}

/// Exponential backoff with +-20 % jitter, so retries of many messages do not arrive together.
fn backoff(attempt: u32) -> Duration {
    let base = RETRY_BASE * 2u32.saturating_pow(attempt.saturating_sub(1));
    let jitter = rand::thread_rng().gen_range(0.8..1.2);
    base.mul_f64(jitter)
}

async fn finish(
    gw: &Gateway,
    msg: &Message,
    status: MessageStatus,
    name: &str,
    error: Option<&str>,
) -> Result<(), EngineError> {
    let (id, name_owned, err) = (msg.id.clone(), name.to_owned(), error.map(str::to_owned));
    gw.inner
        .writer
        .write_committed(move |tx| {
            messages::transition(
                tx,
                &id,
                status,
                now_ms(),
                &Transition {
                    modem: Some(&name_owned),
                    detail: err.as_deref(),
                    error: err.as_deref(),
                },
            )
        })
        .await?;
    gw.publish(Event::MessageUpdated {
        id: msg.id.clone(),
        status,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_bounded_jitter() {
        for attempt in 1..=4 {
            let d = backoff(attempt).as_secs_f64();
            let nominal = 5.0 * 2f64.powi(attempt as i32 - 1);
            assert!(
                d >= nominal * 0.8 && d <= nominal * 1.2,
                "attempt {attempt}: {d}"
            );
        }
    }
}
