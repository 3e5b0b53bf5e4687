//! The SimGate desktop app: a thin Tauri shell around the same gateway and HTTP API that
//! `simgate serve` runs headless.
//!
//! On start it runs the gateway ([`simgate_engine::Gateway`]) and the HTTP server in-process on
//! a free loopback port, then opens one window on the bundled UI and hands it the server's base
//! URL and a per-run token as `window.__SIMGATE__`. The UI talks only to that HTTP API; the shell
//! adds what a browser cannot do: a tray icon, native notifications for incoming SMS, a single
//! instance, a clean stop on quit.
//! It holds no business logic.

mod backend;
mod notify;
mod tray;
mod window;

use tauri::{Manager, RunEvent};

use backend::{Backend, BackendSettings};

/// Builds and runs the desktop app until the user quits.
pub fn run() {
    init_tracing();
    let mut builder = tauri::Builder::default();
    if session_bus_address_usable() {
        // First, so that a second launch hands over to the running app before it starts a
        // second gateway on the same database and modems.
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            window::reveal(app);
        }));
    }
    let app = builder
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            exit_on_termination_signal(app.handle().clone())?;
            let settings =
                BackendSettings::from_env(app.path().app_data_dir()?, window::app_origins(app));
            let backend = match tauri::async_runtime::block_on(Backend::start(settings)) {
                Ok(backend) => backend,
                Err(err) => exit_with_error(&format!("{err:#}")),
            };
            // Subscribed before anything else can take time (the window's web view): an SMS that
            // arrives while the window opens still raises its notification.
            notify::forward_incoming(app.handle().clone(), backend.gateway().subscribe());
            // Printed for scripts that drive the app (the desktop smoke test); the token is not.
            println!("SIMGATE_DESKTOP_API={}", backend.base_url());
            window::open(app, backend.base_url(), backend.token())?;
            tray::install(app)?;
            app.manage(backend);
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(err) => exit_with_error(&err.to_string()),
    };

    app.run(|app, event| {
        if let RunEvent::Exit = event {
            if let Some(backend) = app.try_state::<Backend>() {
                tauri::async_runtime::block_on(backend.stop());
            }
        }
    });
}

/// Nothing useful can run without the gateway (an unplugged modem, an unwritable data dir): say why
/// and exit, rather than show a window that cannot send.
fn exit_with_error(reason: &str) -> ! {
    tracing::error!(%reason, "SimGate could not start");
    eprintln!("SimGate could not start: {reason}");
    std::process::exit(1);
}

/// Ctrl-C in a terminal, or a service manager's SIGTERM, quits like the tray's Quit: the gateway
/// stops cleanly instead of dying between a modem's answer and its database write.
#[cfg(unix)]
fn exit_on_termination_signal(app: tauri::AppHandle) -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    // Registered first thing in setup, so a signal during start-up is not fatal either; the
    // streams need the runtime's reactor.
    let (mut term, mut int) = tauri::async_runtime::block_on(async {
        Ok::<_, std::io::Error>((
            signal(SignalKind::terminate())?,
            signal(SignalKind::interrupt())?,
        ))
    })?;
    tauri::async_runtime::spawn(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        tracing::info!("termination signal: quitting");
        app.exit(0);
    });
    Ok(())
}

#[cfg(not(unix))]
fn exit_on_termination_signal(app: tauri::AppHandle) -> std::io::Result<()> {
    tauri::async_runtime::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            app.exit(0);
        }
    });
    Ok(())
}

/// Single instance is arbitrated on the D-Bus session bus. Without a bus the plugin launches
/// normally, but tauri-plugin-single-instance 2.4 panics on a bus address that is set and empty.
fn session_bus_address_usable() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none_or(|address| !address.is_empty())
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second init (tests embedding the shell) is harmless: keep the first subscriber.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
