//! Keeping housekeeping out of the way of sending.
//!
//! Besides sending, a modem is asked for its signal, its registration, its storage (the inbox sweep) and its
//! health at intervals. Each of those commands holds the line for as long as a send would wait for it, so while
//! the outbox keeps a modem sending, the periodic ones wait for a pause: a modem that just accepted a message
//! is evidently alive and registered. They never wait longer than [`MAX_DEFER`], so the signal and the inbox
//! are refreshed during a long campaign all the same.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// A modem counts as sending while its last send started or ended less than this long ago.
pub const SEND_GAP: Duration = Duration::from_secs(2);
/// Periodic housekeeping waits at most this long for a pause in sending.
pub const MAX_DEFER: Duration = Duration::from_secs(5 * 60);

/// When the modem last started or finished a send. Cloning shares it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Activity {
    last_send: Arc<Mutex<Option<Instant>>>,
}

impl Activity {
    /// Records that a send starts or ended now.
    pub(crate) fn note_send(&self) {
        *self.last_send.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
    }

    /// Whether periodic work due now should wait, and if so for how long before asking again. `deferred`
    /// remembers since when this piece of work has been waiting; it is cleared when the work may run.
    pub(crate) fn defer(&self, deferred: &mut Option<Instant>) -> Option<Duration> {
        let now = Instant::now();
        let last = *self.last_send.lock().unwrap_or_else(|e| e.into_inner());
        let busy_for = last
            .map(|t| SEND_GAP.saturating_sub(now.saturating_duration_since(t)))
            .filter(|d| !d.is_zero());
        let since = *deferred.get_or_insert(now);
        match busy_for {
            Some(wait) if now.saturating_duration_since(since) < MAX_DEFER => Some(wait),
            _ => {
                *deferred = None;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn housekeeping_runs_when_idle_waits_while_sending_and_never_beyond_the_cap() {
        let a = Activity::default();
        let mut deferred = None;
        // Never sent: run now.
        assert_eq!(a.defer(&mut deferred), None);

        a.note_send();
        let wait = a.defer(&mut deferred).expect("a send just happened");
        assert!(wait <= SEND_GAP && !wait.is_zero());

        // A pause as long as the gap: run.
        tokio::time::advance(SEND_GAP).await;
        assert_eq!(a.defer(&mut deferred), None);
        assert_eq!(deferred, None);

        // Sending without pause: deferred until the cap, then run regardless.
        let start = Instant::now();
        loop {
            a.note_send();
            match a.defer(&mut deferred) {
                Some(_) => tokio::time::advance(Duration::from_secs(1)).await,
                None => break,
            }
        }
        let waited = Instant::now() - start;
        assert!(
            waited >= MAX_DEFER && waited <= MAX_DEFER + Duration::from_secs(1),
            "{waited:?}"
        );
    }
}
