use std::path::PathBuf;
use std::time::Duration;

use simgate_engine::{Gateway, GatewayConfig, Message, MessageStatus, SendRequest};
use simgate_pdu::Pdu;
use simgate_sim::{SimConfig, SimModem};

pub struct Rig {
    pub gw: Gateway,
    pub sims: Vec<SimModem>,
    /// Keeps the simulators' links and the database alive for the test.
    _dir: tempfile::TempDir,
}

/// A gateway on `n` simulated modems named `modem-1`..`modem-n`, each `AT+CMGS` taking `cmgs_ms`.
pub async fn rig(n: usize, cmgs_ms: u64) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let mut sims = Vec::new();
    let mut ports = Vec::new();
    for i in 1..=n {
        let link: PathBuf = dir.path().join(format!("modem-{i}"));
        let sim = SimModem::spawn(SimConfig {
            cmgs_latency: Duration::from_millis(cmgs_ms),
            link: Some(link.clone()),
            ..SimConfig::default()
        })
        .unwrap();
        ports.push(link.display().to_string());
        sims.push(sim);
    }
    let mut cfg = GatewayConfig::new(dir.path().join("data"));
    cfg.modems = ports;
    let gw = Gateway::start(cfg).await.unwrap();
    Rig {
        gw,
        sims,
        _dir: dir,
    }
}

impl Rig {
    pub async fn send(&self, req: SendRequest) -> Message {
        self.gw.enqueue(req).await.unwrap()
    }

    pub async fn wait_for(&self, id: &str, status: MessageStatus) -> Message {
        for _ in 0..300 {
            let m = self.gw.get(id).await.unwrap();
            if m.status == status {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let m = self.gw.get(id).await.unwrap();
        panic!(
            "{id} stayed {:?} (reason {:?}), expected {status:?}",
            m.status, m.reason
        );
    }

    /// Texts each simulator accepted, in order.
    pub fn texts(&self, sim: usize) -> Vec<String> {
        self.sims[sim]
            .sent()
            .iter()
            .map(|p| match simgate_pdu::decode(&p.hex, true).unwrap() {
                Pdu::Submit(s) => s.text().unwrap_or_default().to_owned(),
                other => panic!("not a submit: {other:?}"),
            })
            .collect()
    }

    pub async fn stop(self) {
        self.gw.shutdown().await;
    }
}

pub fn req(body: &str) -> SendRequest {
    SendRequest::new("+4915112345678", body)
}
