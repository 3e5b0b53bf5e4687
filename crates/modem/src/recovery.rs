//! Recovery: a health probe, escalation when the modem hangs (Escape, reopen
//! the port, `AT+CFUN=1,1`), and after an unplug a search by IMEI that
//! re-attaches the same dongle under whatever device name it comes back as.
//!
//! No message is resent by recovery: a send interrupted after its PDU was
//! written has already failed as [`crate::ModemError::Uncertain`].

use std::sync::Weak;
use std::time::Duration;

use tokio::sync::{broadcast, watch};
use tracing::{info, warn};

use crate::activity::Activity;
use crate::command::Simple;
use crate::discover::{candidate_ports, discover_among};
use crate::driver::Job;
use crate::error::ModemError;
use crate::event::ModemEvent;
use crate::port::PortIo;
use crate::{Inner, Modem, ModemConfig};

/// How long a health probe waits for `OK`.
const PROBE: Duration = Duration::from_secs(2);
/// How long a modem may take to come back after `AT+CFUN=1,1`.
const RESET_WAIT: Duration = Duration::from_secs(5);
/// Pause between searches for an unplugged modem: first, and at most.
const SEARCH_FIRST: Duration = Duration::from_millis(200);
const SEARCH_MAX: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub(crate) struct RecoveryConfig {
    imei: String,
    pin: Option<String>,
    baud: u32,
    search_paths: Vec<String>,
    health_every: Duration,
    activity: Activity,
}

impl RecoveryConfig {
    pub fn from_modem_config(cfg: &ModemConfig, imei: &str, activity: Activity) -> RecoveryConfig {
        let mut search_paths = cfg.search_paths.clone();
        search_paths.push(cfg.path.clone());
        RecoveryConfig {
            imei: imei.to_string(),
            pin: cfg.pin.clone(),
            baud: cfg.baud,
            search_paths,
            health_every: cfg.health_interval,
            activity,
        }
    }
}

pub(crate) async fn run(
    inner: Weak<Inner>,
    mut events: broadcast::Receiver<ModemEvent>,
    cfg: RecoveryConfig,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut health = tokio::time::interval(cfg.health_every);
    health.tick().await;
    let mut deferred = None;
    loop {
        let trouble = tokio::select! {
            _ = shutdown.changed() => return,
            _ = health.tick() => {
                // A modem busy sending proves its health with every answer; a hang shows as `Unresponsive`.
                if let Some(wait) = cfg.activity.defer(&mut deferred) {
                    health.reset_after(wait);
                    continue;
                }
                Trouble::Check
            }
            ev = events.recv() => match ev {
                Ok(ModemEvent::Offline { reason }) if reason == "closed" => return,
                Ok(ModemEvent::Offline { .. }) => Trouble::Lost,
                Ok(ModemEvent::Unresponsive { .. }) => Trouble::Check,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return,
            },
        };
        // An offline modem with no search running (its port was lost before
        // recovery started listening) is searched for, not probed.
        let offline = inner
            .upgrade()
            .map(Modem::from_inner)
            .is_some_and(|m| !m.is_online());
        let outcome = match trouble {
            Trouble::Check if !offline => check_and_escalate(&inner, &cfg).await,
            Trouble::Check | Trouble::Lost => reattach(&inner, &cfg, &mut shutdown).await,
        };
        match outcome {
            Outcome::Fine => {}
            Outcome::Gone => return,
            Outcome::GiveUp(e) => {
                warn!(error = %e, "recovery stopped; the modem stays offline");
                // Wait for the handle to be closed; nothing more can be done safely.
                let _ = shutdown.changed().await;
                return;
            }
        }
        // Events queued while recovering describe what recovery itself did.
        events = events.resubscribe();
    }
}

enum Trouble {
    Check,
    Lost,
}

enum Outcome {
    Fine,
    /// Every handle was dropped.
    Gone,
    /// Retrying could harm the SIM (a rejected PIN) or cannot help.
    GiveUp(ModemError),
}

async fn probe(modem: &Modem) -> bool {
    modem.exec(&Simple::new("AT", "AT", PROBE)).await.is_ok()
}

/// Asks `AT`; if the modem does not answer, escalates step by step.
async fn check_and_escalate(inner: &Weak<Inner>, cfg: &RecoveryConfig) -> Outcome {
    let Some(modem) = inner.upgrade().map(Modem::from_inner) else {
        return Outcome::Gone;
    };
    match modem.exec(&Simple::new("AT", "AT", PROBE)).await {
        // An offline modem is the search's business, not the health check's.
        Ok(_) | Err(ModemError::Disconnected { .. }) => return Outcome::Fine,
        Err(_) => {}
    }
    warn!(path = %modem.path(), "modem does not answer; escalating");
    // Step 1: Escape leaves a pending `> ` prompt (TS 27.005 clause 3.5.1).
    modem.write_raw(vec![0x1b]).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    if probe(&modem).await {
        info!("modem answers again after Escape");
        return Outcome::Fine;
    }
    // Step 2: close and reopen the port, and initialise again.
    let path = modem.path();
    modem
        .job(Job::Detach("reopening an unresponsive modem".into()))
        .await;
    match attach_and_init(&modem, &path, cfg).await {
        Ok(()) => return Outcome::Fine,
        Err(e @ (ModemError::PinRejected | ModemError::SimLocked(_))) => {
            return Outcome::GiveUp(e);
        }
        Err(_) => {}
    }
    // Step 3: restart the modem (TS 27.007 clause 8.2, <fun>=1, <rst>=1); it
    // may come back under another device name, so search for it by IMEI.
    let p = path.clone();
    let baud = cfg.baud;
    if let Ok(Ok(io)) = tokio::task::spawn_blocking(move || PortIo::open(&p, baud)).await {
        modem.job(Job::Attach(io)).await;
        modem.write_raw(b"AT+CFUN=1,1\r".to_vec()).await;
        tokio::time::sleep(RESET_WAIT).await;
        modem.job(Job::Detach("modem restarting".into())).await;
    }
    drop(modem);
    let (_tx, mut never) = watch::channel(false);
    reattach(inner, cfg, &mut never).await
}

/// Opens `path` for the driver, initialises the modem and declares it ready.
async fn attach_and_init(
    modem: &Modem,
    path: &str,
    cfg: &RecoveryConfig,
) -> Result<(), ModemError> {
    let p = path.to_string();
    let baud = cfg.baud;
    let io = tokio::task::spawn_blocking(move || PortIo::open(&p, baud))
        .await
        .map_err(|e| ModemError::Open {
            path: path.to_string(),
            reason: e.to_string(),
        })??;
    modem.job(Job::Attach(io)).await;
    match modem.initialise(cfg.pin.as_deref()).await {
        Ok(setup) if setup.imei == cfg.imei => {
            modem.set_path(path);
            modem.job(Job::Ready(path.to_string())).await;
            info!(path, "modem back in service");
            Ok(())
        }
        Ok(_) => {
            modem
                .job(Job::Detach("another modem answered there".into()))
                .await;
            Err(ModemError::Unexpected {
                command: "AT+CGSN".into(),
                detail: "a different IMEI answered".into(),
            })
        }
        Err(e) => {
            modem
                .job(Job::Detach(format!("initialisation failed: {e}")))
                .await;
            Err(e)
        }
    }
}

/// Searches the ports for this modem's IMEI until it is back, then attaches it.
async fn reattach(
    inner: &Weak<Inner>,
    cfg: &RecoveryConfig,
    shutdown: &mut watch::Receiver<bool>,
) -> Outcome {
    let mut pause = SEARCH_FIRST;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = shutdown.changed() => return Outcome::Gone,
        }
        pause = (pause * 2).min(SEARCH_MAX);
        if inner.strong_count() == 0 {
            return Outcome::Gone;
        }
        let mut paths = candidate_ports();
        paths.extend(cfg.search_paths.iter().cloned());
        paths.sort();
        paths.dedup();
        let found = discover_among(paths, crate::discover::PROBE_TIMEOUT).await;
        let Some(d) = found.into_iter().find(|d| d.imei == cfg.imei) else {
            continue;
        };
        let Some(modem) = inner.upgrade().map(Modem::from_inner) else {
            return Outcome::Gone;
        };
        match attach_and_init(&modem, &d.path, cfg).await {
            Ok(()) => return Outcome::Fine,
            Err(e @ (ModemError::PinRejected | ModemError::SimLocked(_))) => {
                return Outcome::GiveUp(e);
            }
            Err(e) => warn!(error = %e, "re-attach failed; searching again"),
        }
    }
}
