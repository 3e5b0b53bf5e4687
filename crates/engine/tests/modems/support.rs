use std::path::PathBuf;
use std::time::Duration;

use simgate_engine::{
    Event, Gateway, GatewayConfig, Message, MessageStatus, ModemState, ModemStatus,
};
use simgate_sim::{SimConfig, SimModem};
use tokio::sync::broadcast;

pub struct Rig {
    pub gw: Gateway,
    pub sims: Vec<SimModem>,
    pub dir: tempfile::TempDir,
}

pub fn sim_config(dir: &tempfile::TempDir, i: usize) -> SimConfig {
    SimConfig {
        link: Some(link(dir, i)),
        ..SimConfig::default()
    }
}

fn link(dir: &tempfile::TempDir, i: usize) -> PathBuf {
    dir.path().join(format!("modem-{i}"))
}

/// A gateway asking for delivery reports, on the given simulators (named `modem-1`.. by their links).
pub async fn rig_with(dir: tempfile::TempDir, sims: Vec<SimModem>) -> Rig {
    let gw = start(&dir, sims.len()).await;
    Rig { gw, sims, dir }
}

pub async fn start(dir: &tempfile::TempDir, n: usize) -> Gateway {
    let mut cfg = GatewayConfig::new(dir.path().join("data"));
    cfg.modems = (1..=n)
        .map(|i| link(dir, i).display().to_string())
        .collect();
    cfg.delivery_reports = true;
    Gateway::start(cfg).await.unwrap()
}

/// A gateway on `n` default simulators.
pub async fn rig(n: usize) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let sims = (1..=n)
        .map(|i| SimModem::spawn(sim_config(&dir, i)).unwrap())
        .collect();
    rig_with(dir, sims).await
}

impl Rig {
    pub async fn wait_for(&self, id: &str, status: MessageStatus) -> Message {
        for _ in 0..500 {
            let m = self.gw.get(id).await.unwrap();
            if m.status == status {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let m = self.gw.get(id).await.unwrap();
        panic!(
            "{id} stayed {:?} (reason {:?}, error {:?}), expected {status:?}",
            m.status, m.reason, m.error
        );
    }

    /// Polls the modem's status until it is in `state` (20 s at most: recovery searches with backoff).
    pub async fn wait_state(&self, name: &str, state: ModemState) -> ModemStatus {
        let mut last = None;
        for _ in 0..400 {
            let s = self.gw.modem_status(name).await.unwrap();
            if s.state == state {
                return s;
            }
            last = Some(s);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{name} never became {state:?}: {last:?}");
    }

    pub async fn stop(self) {
        self.gw.shutdown().await;
    }
}

/// Waits for the first event `pick` accepts.
pub async fn next_event<T>(
    events: &mut broadcast::Receiver<Event>,
    mut pick: impl FnMut(&Event) -> Option<T>,
) -> T {
    tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            let ev = events.recv().await.unwrap();
            if let Some(t) = pick(&ev) {
                return t;
            }
        }
    })
    .await
    .expect("no such event within 20 s")
}
