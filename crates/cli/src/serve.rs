//! `simgate serve`: the gateway, its HTTP API and the web UI, headless.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use simgate_engine::{Gateway, GatewayConfig};
use simgate_http::{HttpConfig, TokenSource, load_or_create_token};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Directory for the database and the API token [default: ~/.local/share/simgate]
    #[arg(long, env = "SIMGATE_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Address of the HTTP API; keep it on loopback unless the machine is firewalled.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Attach a modem on this serial port without discovery (repeatable). With neither this nor --demo, the
    /// USB serial ports are scanned and every dongle found is used.
    #[arg(long = "modem", value_name = "PATH")]
    modems: Vec<String>,
    /// Start a simulated demo modem (same as --demo-modems 1 when no count is given).
    #[arg(long)]
    demo: bool,
    /// Number of simulated modems to start.
    #[arg(long, value_name = "N")]
    demo_modems: Option<usize>,
    /// Delay of each simulated modem command, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    sim_latency: u64,
    /// Do not ask the network for delivery reports (messages then stop at `sent`).
    #[arg(long)]
    no_delivery_reports: bool,
    /// Directory of the built web UI [default: found next to the binary or in /usr/share/simgate/ui]
    #[arg(long, env = "SIMGATE_UI_DIR")]
    ui_dir: Option<PathBuf>,
}

/// After this long without the gateway running, start-up says what it waits for.
const SLOW_START: Duration = Duration::from_secs(2);

pub fn run(args: ServeArgs) -> anyhow::Result<i32> {
    init_logging();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(serve(args))
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SIMGATE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

async fn serve(args: ServeArgs) -> anyhow::Result<i32> {
    let data_dir = match args.data_dir {
        Some(d) => d,
        None => default_data_dir()?,
    };
    let demo_modems = args.demo_modems.unwrap_or(usize::from(args.demo));
    let mut cfg = GatewayConfig::new(data_dir.clone());
    cfg.modems = args.modems;
    cfg.demo_modems = demo_modems;
    cfg.sim_latency = Duration::from_millis(args.sim_latency);
    cfg.delivery_reports = !args.no_delivery_reports;
    if cfg.modems.is_empty() && demo_modems == 0 {
        // No modem named: use the dongles plugged in (one port per dongle, the one that carries URCs).
        cfg.modems = simgate_engine::discover_ports().await;
        if cfg.modems.is_empty() {
            tracing::warn!(
                "no modem found or configured: messages will wait in the queue (plug in a dongle, or use --modem PATH or --demo)"
            );
        }
    }

    let (token, source) = match std::env::var("SIMGATE_API_TOKEN") {
        Ok(t) if !t.trim().is_empty() => (t.trim().to_owned(), None),
        _ => {
            let (t, s) = load_or_create_token(&data_dir)
                .with_context(|| format!("reading the API token in {}", data_dir.display()))?;
            (t, Some(s))
        }
    };

    let modem_count = cfg.modems.len() + cfg.demo_modems;
    let start = Gateway::start(cfg);
    tokio::pin!(start);
    let gateway = tokio::select! {
        started = &mut start => started,
        // Start-up waits until every modem's status is read; say so when that takes a while (a modem that
        // does not answer is given up to 30 s), instead of sitting silent.
        () = tokio::time::sleep(SLOW_START) => {
            tracing::info!(modems = modem_count, "waiting for the modems to answer (up to 30 s for one that does not)");
            start.await
        }
    }
    .context("starting the gateway")?;
    let ui_dir = args.ui_dir.or_else(find_ui_dir);
    if ui_dir.is_none() {
        tracing::warn!(
            "web UI not found (build it with `npm run build` in ui/); serving the API only"
        );
    }
    let server = simgate_http::start(
        gateway.clone(),
        HttpConfig {
            listen: args.listen,
            token: token.clone(),
            ui_dir,
            allowed_origins: Vec::new(),
        },
    )
    .await?;
    let addr = server.local_addr();
    println!("SimGate is running at http://{addr}/");
    match source {
        Some(TokenSource::Generated) => {
            println!(
                "A new API token was created (shown once; stored in {}):",
                data_dir.join(simgate_http::TOKEN_FILE).display()
            );
            println!("  {token}");
            println!("Open the web UI: http://{addr}/#token={token}");
        }
        Some(TokenSource::File) => println!(
            "API token: in {}",
            data_dir.join(simgate_http::TOKEN_FILE).display()
        ),
        None => println!("API token: from SIMGATE_API_TOKEN"),
    }

    wait_for_signal().await?;
    tracing::info!("shutting down");
    server.shutdown().await;
    gateway.shutdown().await;
    Ok(0)
}

async fn wait_for_signal() -> anyhow::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r?,
        _ = term.recv() => {}
    }
    Ok(())
}

fn default_data_dir() -> anyhow::Result<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(x).join("simgate"));
    }
    match std::env::var_os("HOME") {
        Some(h) => Ok(PathBuf::from(h).join(".local/share/simgate")),
        None => bail!("cannot tell where to keep data: set --data-dir or HOME"),
    }
}

/// The built UI: beside a development build (`target/<profile>/simgate` -> `ui/dist`), or where packages put it.
fn find_ui_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let exe_dir = exe.parent()?;
    let candidates = [
        exe_dir.join("../../ui/dist"),
        exe_dir.join("../share/simgate/ui"),
        PathBuf::from("/usr/share/simgate/ui"),
        PathBuf::from("ui/dist"),
    ];
    candidates
        .into_iter()
        .find(|d| is_ui(d))
        .and_then(|d| d.canonicalize().ok())
}

fn is_ui(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}
