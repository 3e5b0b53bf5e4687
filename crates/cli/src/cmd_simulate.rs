//! `simgate simulate`: one simulated modem on a pseudo-terminal, for trying
//! SimGate or a dongle tool without hardware.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use simgate_sim::{Profile, SimConfig, SimModem};

/// Arguments of `simgate simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Vendor dialect: generic, huawei, zte, simcom, quectel, wavecom.
    #[arg(long, default_value = "generic")]
    pub profile: Profile,
    /// Create this symlink to the pty, to open like /dev/ttyUSB0.
    #[arg(long)]
    pub link: PathBuf,
    /// Append one JSON line per accepted message here.
    #[arg(long)]
    pub ledger: Option<PathBuf>,
    /// Answer delay in milliseconds (a send takes five times as long).
    #[arg(long, default_value_t = 5)]
    pub latency: u64,
    /// Make the SIM ask for this PIN.
    #[arg(long, env = "SIMGATE_SIM_PIN", hide_env_values = true)]
    pub pin: Option<String>,
    /// IMEI to report (a random one otherwise).
    #[arg(long)]
    pub imei: Option<String>,
}

/// Runs the simulator until SIGINT or SIGTERM.
pub async fn run(args: SimulateArgs) -> anyhow::Result<i32> {
    let latency = Duration::from_millis(args.latency);
    let sim = SimModem::spawn(SimConfig {
        profile: args.profile,
        cmd_latency: latency,
        cmgs_latency: latency * 5,
        ledger: args.ledger.clone(),
        link: Some(args.link.clone()),
        imei: args.imei.clone(),
        pin: args.pin.clone(),
    })
    .context("cannot start the simulated modem")?;
    println!(
        "simulated {} modem (IMEI {}) on {} -> {}; Ctrl-C to stop",
        args.profile,
        sim.imei(),
        args.link.display(),
        sim.path().display()
    );
    wait_for_signal().await?;
    drop(sim);
    // The link pointed at a pty that no longer exists.
    let _ = std::fs::remove_file(&args.link);
    Ok(0)
}

async fn wait_for_signal() -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r.context("cannot watch SIGINT")?,
        _ = term.recv() => {}
    }
    Ok(())
}
