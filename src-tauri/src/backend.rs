//! The in-process gateway and HTTP server the window talks to.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context;
use simgate_engine::{Gateway, GatewayConfig};
use simgate_http::{HttpConfig, HttpServer};

/// How long open HTTP connections may delay the exit.
const SERVER_STOP_GRACE: Duration = Duration::from_secs(1);

/// Where the gateway keeps its data and which modem it drives, as chosen by the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BackendSettings {
    pub(crate) data_dir: PathBuf,
    /// Serial port of a real modem; `None` runs the demo modem instead.
    pub(crate) modem: Option<String>,
    /// Origins of the app's own webview, the only pages allowed to call the API.
    pub(crate) allowed_origins: Vec<String>,
}

impl BackendSettings {
    /// `SIMGATE_DATA_DIR` overrides the OS data dir; `SIMGATE_MODEM=/dev/ttyUSB0` attaches a real
    /// modem, otherwise the demo modem lets the whole app be tried without hardware.
    pub(crate) fn from_env(default_data_dir: PathBuf, allowed_origins: Vec<String>) -> Self {
        Self::from_vars(
            std::env::var_os("SIMGATE_DATA_DIR").map(PathBuf::from),
            std::env::var("SIMGATE_MODEM").ok(),
            default_data_dir,
            allowed_origins,
        )
    }

    fn from_vars(
        data_dir: Option<PathBuf>,
        modem: Option<String>,
        default_data_dir: PathBuf,
        allowed_origins: Vec<String>,
    ) -> Self {
        Self {
            data_dir: data_dir
                .filter(|dir| !dir.as_os_str().is_empty())
                .unwrap_or(default_data_dir),
            modem: modem
                .map(|port| port.trim().to_owned())
                .filter(|port| !port.is_empty()),
            allowed_origins,
        }
    }

    fn gateway_config(&self) -> GatewayConfig {
        let mut cfg = GatewayConfig::new(self.data_dir.clone());
        // Users follow each message to `delivered`.
        cfg.delivery_reports = true;
        match &self.modem {
            Some(port) => {
                cfg.modems = vec![port.clone()];
                cfg.demo_modems = 0;
            }
            None => {
                cfg.modems = Vec::new();
                cfg.demo_modems = 1;
            }
        }
        cfg
    }
}

/// The running gateway and its HTTP server, stopped when the app exits.
pub(crate) struct Backend {
    gateway: Gateway,
    /// Taken on stop, so a second exit event finds nothing left to stop.
    server: Mutex<Option<HttpServer>>,
    base_url: String,
    /// Session token for this run only; the UI gets it through the window's bootstrap script.
    token: String,
}

impl Backend {
    /// Starts the gateway and serves the API on a free loopback port.
    pub(crate) async fn start(settings: BackendSettings) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!("cannot create the data dir {}", settings.data_dir.display())
        })?;
        match &settings.modem {
            Some(port) => tracing::info!(%port, "starting the gateway with a real modem"),
            None => {
                tracing::info!("no SIMGATE_MODEM set: using the dongles found, else the demo modem")
            }
        }
        let mut cfg = settings.gateway_config();
        if settings.modem.is_none() {
            // Dongles plugged in are used instead of the demo modem.
            let found = simgate_engine::discover_ports().await;
            if !found.is_empty() {
                tracing::info!(
                    count = found.len(),
                    "using the modems found on this machine"
                );
                cfg.modems = found;
                cfg.demo_modems = 0;
            }
        }
        let gateway = Gateway::start(cfg)
            .await
            .context("the gateway did not start")?;
        let token = hex::encode(rand::random::<[u8; 32]>());
        let http = HttpConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            token: token.clone(),
            // The window loads the UI from the app's own assets, not from the server.
            ui_dir: None,
            allowed_origins: settings.allowed_origins.clone(),
        };
        let server = match simgate_http::start(gateway.clone(), http).await {
            Ok(server) => server,
            Err(err) => {
                gateway.shutdown().await;
                return Err(err).context("the HTTP API did not start");
            }
        };
        let base_url = format!("http://{}", server.local_addr());
        tracing::info!(%base_url, data_dir = %settings.data_dir.display(), "SimGate API ready");
        Ok(Self {
            gateway,
            server: Mutex::new(Some(server)),
            base_url,
            token,
        })
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    pub(crate) fn gateway(&self) -> &Gateway {
        &self.gateway
    }

    /// Stops accepting requests, then lets the gateway finish what it is doing.
    pub(crate) async fn stop(&self) {
        let server = self.server.lock().ok().and_then(|mut slot| slot.take());
        if let Some(server) = server {
            // A graceful HTTP shutdown waits for open connections, and a live-update stream
            // (SSE) may outlive the window by a moment: do not let it hold the gateway up.
            if tokio::time::timeout(SERVER_STOP_GRACE, server.shutdown())
                .await
                .is_err()
            {
                tracing::warn!("HTTP connections still open at exit; closing them");
            }
            self.gateway.shutdown().await;
            tracing::info!("SimGate stopped");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(data_dir: Option<&str>, modem: Option<&str>) -> BackendSettings {
        BackendSettings::from_vars(
            data_dir.map(PathBuf::from),
            modem.map(str::to_owned),
            PathBuf::from("/home/u/.local/share/app.simgate.desktop"),
            vec!["tauri://localhost".into()],
        )
    }

    #[test]
    fn without_a_modem_the_demo_modem_runs_in_the_os_data_dir() {
        let s = settings(None, None);
        assert_eq!(
            s.data_dir,
            PathBuf::from("/home/u/.local/share/app.simgate.desktop")
        );
        let cfg = s.gateway_config();
        assert!(cfg.modems.is_empty());
        assert_eq!(cfg.demo_modems, 1);
    }

    #[test]
    fn simgate_modem_attaches_that_port_and_no_demo_modem() {
        let cfg = settings(None, Some(" /dev/ttyUSB0 ")).gateway_config();
        assert_eq!(cfg.modems, vec!["/dev/ttyUSB0".to_owned()]);
        assert_eq!(cfg.demo_modems, 0);
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let s = settings(Some(""), Some("  "));
        assert_eq!(
            s.data_dir,
            PathBuf::from("/home/u/.local/share/app.simgate.desktop")
        );
        assert_eq!(s.modem, None);
    }

    #[test]
    fn simgate_data_dir_overrides_the_os_data_dir() {
        let s = settings(Some("/srv/simgate"), None);
        assert_eq!(s.gateway_config().data_dir, PathBuf::from("/srv/simgate"));
    }
}
