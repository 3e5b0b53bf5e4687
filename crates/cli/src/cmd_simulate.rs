//! `simgate simulate`: one simulated modem on a pseudo-terminal, for trying
//! SimGate or a dongle tool without hardware.

/// `println!` that ignores a closed stdout (`simgate modem info | head`).
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

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
    /// Delay before a requested delivery report arrives, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    pub report_delay: u64,
    /// TP-Status of delivery reports (0 delivered; 64-127 failed), TS 23.040 9.2.3.15.
    #[arg(long, default_value_t = 0)]
    pub report_status: u8,
}

/// What can be typed on standard input while the simulator runs.
const CONTROL_HELP: &str = "commands: incoming <from> <text> | unplug | replug | hang | unhang | \
fail <cms-code> | signal <0-31> | register <stat> | sent | help";

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
    sim.set_reports(Duration::from_millis(args.report_delay), args.report_status);
    say!(
        "simulated {} modem (IMEI {}) on {} -> {}; Ctrl-C to stop",
        args.profile,
        sim.imei(),
        args.link.display(),
        sim.path().display()
    );
    say!("{CONTROL_HELP}");
    let sim = std::sync::Arc::new(sim);
    let control = sim.clone();
    // A plain thread: stdin reads block, and the simulator needs no runtime.
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut line = String::new();
        while stdin.read_line(&mut line).is_ok_and(|n| n > 0) {
            say!("{}", apply(&control, line.trim()));
            line.clear();
        }
    });
    wait_for_signal().await?;
    drop(sim);
    // The link pointed at a pty that no longer exists.
    let _ = std::fs::remove_file(&args.link);
    Ok(0)
}

/// Runs one control command and describes the result.
fn apply(sim: &SimModem, line: &str) -> String {
    let mut words = line.splitn(3, ' ');
    let cmd = words.next().unwrap_or("");
    let arg = words.next().unwrap_or("");
    let rest = words.next().unwrap_or("");
    match cmd {
        "" => String::new(),
        "incoming" if !arg.is_empty() => match sim.inject_incoming(arg, rest) {
            Ok(()) => "delivered".into(),
            Err(e) => format!("error: {e}"),
        },
        "unplug" => {
            sim.unplug();
            "unplugged".into()
        }
        "replug" => {
            sim.replug();
            format!("replugged as {}", sim.path().display())
        }
        "hang" => {
            sim.set_hung(true);
            "hung".into()
        }
        "unhang" => {
            sim.set_hung(false);
            "answering again".into()
        }
        "fail" => match arg.parse() {
            Ok(code) => {
                sim.fail_next_cmgs(code);
                format!("the next send fails with +CMS ERROR: {code}")
            }
            Err(_) => "usage: fail <cms-code>".into(),
        },
        "signal" => match arg.parse() {
            Ok(rssi) => {
                sim.set_rssi(rssi);
                "signal set".into()
            }
            Err(_) => "usage: signal <0-31>".into(),
        },
        "register" => match arg.parse() {
            Ok(stat) => {
                sim.set_registration(stat);
                "registration set".into()
            }
            Err(_) => "usage: register <stat> (1 home, 2 searching, 3 denied, 5 roaming)".into(),
        },
        "sent" => format!("{} message(s) accepted", sim.sent().len()),
        _ => CONTROL_HELP.into(),
    }
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
