//! The modems the gateway drives: real ports given on the command line and simulated demo modems.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use serde::Serialize;
use simgate_modem::{Modem, ModemConfig};
use simgate_sim::{SimConfig, SimModem};

use crate::{EngineError, GatewayConfig};

/// One attached modem.
#[derive(Debug)]
pub(crate) struct ModemSlot {
    /// Short stable name shown to users (`demo-1`, `ttyUSB2`).
    pub(crate) name: String,
    pub(crate) path: String,
    pub(crate) modem: Modem,
    /// Whether the user allows this modem to send.
    pub(crate) enabled: AtomicBool,
    /// Whether a message is in flight on it.
    pub(crate) busy: AtomicBool,
    /// Keeps a demo modem's simulator running for as long as the gateway uses it.
    pub(crate) _sim: Option<SimModem>,
}

/// What the API shows about a modem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModemSummary {
    /// Short name (`demo-1`, `ttyUSB2`).
    pub name: String,
    /// Serial device path.
    pub path: String,
    /// Whether this is a simulated demo modem.
    pub demo: bool,
}

impl ModemSlot {
    pub(crate) fn summary(&self) -> ModemSummary {
        ModemSummary {
            name: self.name.clone(),
            path: self.path.clone(),
            demo: self._sim.is_some(),
        }
    }
}

/// Opens every configured port and starts the requested simulated modems.
pub(crate) async fn attach_all(cfg: &GatewayConfig) -> Result<Vec<ModemSlot>, EngineError> {
    let mut slots = Vec::new();
    for path in &cfg.modems {
        let modem = Modem::open(ModemConfig::new(path.clone()))
            .await
            .map_err(|source| EngineError::Modem {
                name: path.clone(),
                source,
            })?;
        let name = Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.clone());
        tracing::info!(modem = %name, "modem attached");
        slots.push(ModemSlot {
            name,
            path: path.clone(),
            modem,
            enabled: AtomicBool::new(true),
            busy: AtomicBool::new(false),
            _sim: None,
        });
    }
    for i in 1..=cfg.demo_modems {
        let sim = SimModem::spawn(SimConfig {
            cmd_latency: cfg.sim_latency,
            cmgs_latency: cfg.sim_latency,
            ..SimConfig::default()
        })
        .map_err(|e| EngineError::Simulator(e.to_string()))?;
        let path = sim.path().display().to_string();
        let name = format!("demo-{i}");
        let modem = Modem::open(ModemConfig::new(path.clone()))
            .await
            .map_err(|source| EngineError::Modem {
                name: name.clone(),
                source,
            })?;
        tracing::info!(modem = %name, "demo modem attached");
        slots.push(ModemSlot {
            name,
            path,
            modem,
            enabled: AtomicBool::new(true),
            busy: AtomicBool::new(false),
            _sim: Some(sim),
        });
    }
    Ok(slots)
}
