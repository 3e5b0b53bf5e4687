//! The modems the gateway drives: real ports given on the command line and simulated demo modems, with what
//! the gateway knows about each one's state (kept current by [`crate::supervisor`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use simgate_modem::{Modem, ModemConfig, ModemError, ModemInfo, Registration, dbm_to_bars};
use simgate_sim::{SimConfig, SimModem};

use crate::{EngineError, GatewayConfig};

/// One attached modem.
#[derive(Debug)]
pub(crate) struct ModemSlot {
    /// Short stable name shown to users (`demo-1`, `ttyUSB2`).
    pub(crate) name: String,
    pub(crate) modem: Modem,
    /// Whether the user allows this modem to send.
    pub(crate) enabled: AtomicBool,
    /// Whether a message is in flight on it.
    pub(crate) busy: AtomicBool,
    /// What the supervisor last learned; a std Mutex, only held to copy in or out.
    pub(crate) live: Mutex<Live>,
    /// A demo modem's simulator, kept running for as long as the gateway uses it.
    pub(crate) sim: Option<Arc<SimModem>>,
}

/// A modem found at start whose SIM wants a PIN (or refused one): it waits for the user to enter it.
#[derive(Debug, Clone)]
pub(crate) struct LockedModem {
    pub(crate) name: String,
    pub(crate) path: String,
    /// Why it is locked, for the user.
    pub(crate) error: String,
}

/// What the supervisor knows about a modem beyond the driver's own state.
#[derive(Debug, Clone, Default)]
pub(crate) struct Live {
    /// The last full status poll (identity, operator, signal, registration).
    pub(crate) info: Option<ModemInfo>,
    /// Signal from the last poll or `+CSQ`/`^RSSI` event.
    pub(crate) signal_dbm: Option<i32>,
    /// Registration from the last poll or `+CREG` event.
    pub(crate) registration: Option<Registration>,
    /// Why the modem went offline, or why it is in error.
    pub(crate) error: Option<String>,
}

/// Where a modem is, as the Modems page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModemState {
    /// Attached; its status is being read.
    Connecting,
    /// The SIM wants a PIN (or rejected the one given).
    SimLocked,
    /// Not registered with a network yet.
    Searching,
    /// Registered: it can send and receive.
    Ready,
    /// Unplugged or not answering; recovery looks for it.
    Offline,
    /// Registration denied, or another problem shown in `error`.
    Error,
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

/// A modem's full status: identity, network, signal, usage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModemStatus {
    /// Short name (`demo-1`, `ttyUSB2`).
    pub name: String,
    /// Serial device path in use (it changes when a replugged dongle comes back elsewhere).
    pub path: String,
    /// Whether this is a simulated demo modem.
    pub demo: bool,
    /// Where it is.
    pub state: ModemState,
    /// Why it is offline, locked or in error.
    pub error: Option<String>,
    /// Signal in dBm (TS 27.007 8.5).
    pub signal_dbm: Option<i32>,
    /// Signal as 0-4 bars.
    pub signal_bars: Option<u8>,
    /// Network operator name.
    pub operator: Option<String>,
    /// Registered on a visited network.
    pub roaming: bool,
    /// Registration state (TS 27.007 7.2), when known.
    pub registration: Option<Registration>,
    /// IMEI of the dongle.
    pub imei: Option<String>,
    /// ICCID of the SIM.
    pub iccid: Option<String>,
    /// The SIM's own number, when it knows it.
    pub own_number: Option<String>,
    /// Manufacturer (`AT+CGMI`).
    pub manufacturer: Option<String>,
    /// Model (`AT+CGMM`).
    pub model: Option<String>,
    /// SMS parts submitted since midnight (in the routing time zone).
    pub sent_today: u32,
    /// Whether the user allows it to send.
    pub enabled: bool,
}

impl ModemSlot {
    pub(crate) fn summary(&self) -> ModemSummary {
        ModemSummary {
            name: self.name.clone(),
            path: self.modem.path(),
            demo: self.sim.is_some(),
        }
    }

    /// The slot's status; `sent_today` is filled in by the caller.
    pub(crate) fn status(&self) -> ModemStatus {
        let live = self.live.lock().expect("live lock").clone();
        let online = self.modem.is_online();
        let registration = live
            .registration
            .or(live.info.as_ref().map(|i| i.registration));
        let state = if !online {
            ModemState::Offline
        } else if live.info.is_none() {
            ModemState::Connecting
        } else {
            match registration {
                Some(Registration::Denied) => ModemState::Error,
                Some(
                    Registration::Searching
                    | Registration::NotRegistered
                    | Registration::EmergencyOnly,
                ) => ModemState::Searching,
                _ => ModemState::Ready,
            }
        };
        let error = match state {
            ModemState::Error if live.error.is_none() => {
                Some("the network denied registration".to_owned())
            }
            ModemState::Ready | ModemState::Searching => None,
            _ => live.error.clone(),
        };
        let info = live.info.as_ref();
        let signal_dbm = live.signal_dbm.or(info.and_then(|i| i.signal_dbm));
        ModemStatus {
            name: self.name.clone(),
            path: self.modem.path(),
            demo: self.sim.is_some(),
            state,
            error,
            signal_dbm,
            signal_bars: signal_dbm.map(dbm_to_bars),
            operator: info.and_then(|i| i.operator.clone()),
            roaming: registration == Some(Registration::Roaming),
            registration,
            imei: Some(self.modem.imei().to_owned()).filter(|s| !s.is_empty()),
            iccid: info.and_then(|i| i.iccid.clone()),
            own_number: info.and_then(|i| i.own_number.clone()),
            manufacturer: info.map(|i| i.manufacturer.clone()),
            model: info.map(|i| i.model.clone()),
            sent_today: 0,
            enabled: self.enabled.load(Ordering::Relaxed),
        }
    }
}

impl LockedModem {
    pub(crate) fn status(&self) -> ModemStatus {
        ModemStatus {
            name: self.name.clone(),
            path: self.path.clone(),
            demo: false,
            state: ModemState::SimLocked,
            error: Some(self.error.clone()),
            signal_dbm: None,
            signal_bars: None,
            operator: None,
            roaming: false,
            registration: None,
            imei: None,
            iccid: None,
            own_number: None,
            manufacturer: None,
            model: None,
            sent_today: 0,
            enabled: false,
        }
    }
}

/// Whether opening a modem failed because of its SIM lock: such a modem waits for a PIN instead of stopping
/// the gateway.
pub(crate) fn is_sim_lock(e: &ModemError) -> bool {
    matches!(
        e,
        ModemError::PinRequired | ModemError::PinRejected | ModemError::SimLocked(_)
    )
}

/// The short name of a port (`/dev/ttyUSB2` -> `ttyUSB2`).
fn port_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned())
}

/// A new slot for an opened modem.
pub(crate) fn slot(name: String, modem: Modem, sim: Option<Arc<SimModem>>) -> ModemSlot {
    ModemSlot {
        name,
        modem,
        enabled: AtomicBool::new(true),
        busy: AtomicBool::new(false),
        live: Mutex::new(Live::default()),
        sim,
    }
}

/// The AT ports of the USB dongles plugged in: one per dongle (grouped by IMEI), the one that carries URCs.
pub async fn discover_ports() -> Vec<String> {
    simgate_modem::discover::discover()
        .await
        .into_iter()
        .map(|found| {
            tracing::info!(port = %found.path, model = %found.model, "found a modem");
            found.path
        })
        .collect()
}

/// Opens a configured port, trying again twice when the modem answered something unexpected: a modem that
/// was mid-command when the previous gateway process died (crash, kill) still delivers that command's late
/// answer, which the first attempt consumes.
async fn open_with_retries(path: &str) -> Result<Modem, simgate_modem::ModemError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match Modem::open(ModemConfig::new(path.to_owned())).await {
            Err(e @ simgate_modem::ModemError::Unexpected { .. }) if attempt < 3 => {
                tracing::warn!(error = %e, attempt, "modem answered out of turn while starting; trying again");
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            }
            other => return other,
        }
    }
}

/// Opens every configured port and starts the requested simulated modems. A port whose SIM wants a PIN is
/// returned as locked; any other failure stops the start.
pub(crate) async fn attach_all(
    cfg: &GatewayConfig,
) -> Result<(Vec<ModemSlot>, Vec<LockedModem>), EngineError> {
    let mut slots = Vec::new();
    let mut locked = Vec::new();
    // Every modem is initialised at once (each takes a dozen commands); the results are taken in order.
    let opening: Vec<_> = cfg
        .modems
        .iter()
        .map(|path| {
            let path = path.clone();
            tokio::spawn(async move { open_with_retries(&path).await })
        })
        .collect();
    for (path, task) in cfg.modems.iter().zip(opening) {
        let name = port_name(path);
        let opened = task.await.map_err(|e| EngineError::Modem {
            name: path.clone(),
            source: simgate_modem::ModemError::Disconnected {
                reason: format!("starting the modem failed: {e}"),
            },
        })?;
        match opened {
            Ok(modem) => {
                tracing::info!(modem = %name, "modem attached");
                slots.push(slot(name, modem, None));
            }
            Err(e) if is_sim_lock(&e) => {
                tracing::warn!(modem = %name, error = %e, "modem waits for its SIM PIN");
                locked.push(LockedModem {
                    name,
                    path: path.clone(),
                    error: e.to_string(),
                });
            }
            Err(source) => {
                return Err(EngineError::Modem {
                    name: path.clone(),
                    source,
                });
            }
        }
    }
    let links = cfg.data_dir.join("demo-modems");
    if cfg.demo_modems > 0 {
        std::fs::create_dir_all(&links).map_err(|source| EngineError::DataDir {
            path: links.display().to_string(),
            source,
        })?;
    }
    let mut demos = Vec::new();
    for i in 1..=cfg.demo_modems {
        let name = format!("demo-{i}");
        // A link that follows the simulator across unplug/replug, as a udev by-id link follows a dongle.
        let link: PathBuf = links.join(&name);
        let sim = SimModem::spawn(SimConfig {
            cmd_latency: cfg.sim_latency,
            cmgs_latency: cfg.sim_latency,
            link: Some(link.clone()),
            ..SimConfig::default()
        })
        .map_err(|e| EngineError::Simulator(e.to_string()))?;
        // Demo modems report delivery after a moment, as a network does.
        sim.set_reports(cfg.demo_report_delay, 0);
        let path = link.display().to_string();
        let mut mcfg = ModemConfig::new(path.clone());
        mcfg.search_paths = vec![path];
        // The simulator takes commands back to back; real dongles keep the default pause.
        mcfg.cool_down = std::time::Duration::ZERO;
        demos.push((name, sim, tokio::spawn(Modem::open(mcfg))));
    }
    for (name, sim, task) in demos {
        let opened = task
            .await
            .map_err(|e| EngineError::Simulator(e.to_string()))?;
        let modem = opened.map_err(|source| EngineError::Modem {
            name: name.clone(),
            source,
        })?;
        tracing::info!(modem = %name, "demo modem attached");
        slots.push(slot(name, modem, Some(Arc::new(sim))));
    }
    Ok((slots, locked))
}
