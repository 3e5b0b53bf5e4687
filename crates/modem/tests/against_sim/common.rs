use std::time::Duration;

use simgate_modem::{Modem, ModemConfig, ModemEvent};
use simgate_sim::{Profile, SimConfig, SimModem};
use tokio::sync::broadcast;

pub fn sim(profile: Profile) -> SimModem {
    SimModem::spawn(SimConfig {
        profile,
        ..SimConfig::default()
    })
    .expect("simulator starts")
}

pub fn config(sim: &SimModem) -> ModemConfig {
    let mut cfg = ModemConfig::new(sim.path().to_string_lossy());
    cfg.sweep_interval = Duration::from_millis(300);
    cfg
}

pub async fn open(sim: &SimModem) -> Modem {
    Modem::open(config(sim))
        .await
        .expect("driver opens the simulator's pty")
}

/// The next event matching `f`, or a panic after `secs` seconds.
pub async fn next_matching<T>(
    rx: &mut broadcast::Receiver<ModemEvent>,
    secs: u64,
    mut f: impl FnMut(ModemEvent) -> Option<T>,
) -> T {
    tokio::time::timeout(Duration::from_secs(secs), async {
        loop {
            match rx.recv().await {
                Ok(ev) => {
                    if let Some(t) = f(ev) {
                        return t;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("event channel closed: {e}"),
            }
        }
    })
    .await
    .expect("expected event in time")
}

/// Collects matching events for `ms` milliseconds.
pub async fn collect_for<T>(
    rx: &mut broadcast::Receiver<ModemEvent>,
    ms: u64,
    mut f: impl FnMut(ModemEvent) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_millis(ms), async {
        while let Ok(ev) = rx.recv().await {
            if let Some(t) = f(ev) {
                out.push(t);
            }
        }
    })
    .await;
    out
}
