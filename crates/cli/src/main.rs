//! `simgate`: the SimGate command line. `simgate serve` runs the gateway headless; the other subcommands are
//! tools for support staff and scripts.

mod cmd_modem;
mod cmd_pdu;
mod cmd_simulate;
mod serve;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "simgate",
    version,
    about = "SimGate: an SMS gateway for USB GSM dongles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the gateway and its HTTP API (and web UI) without a desktop window.
    Serve(serve::ServeArgs),
    /// Print the OpenAPI document of the HTTP API.
    Openapi,
    /// Decode and encode SMS PDUs, and plan segments.
    Pdu {
        #[command(subcommand)]
        cmd: cmd_pdu::PduCommand,
    },
    /// Check one modem: identity and signal, send, read stored messages, USSD.
    Modem {
        #[command(subcommand)]
        cmd: cmd_modem::ModemCommand,
    },
    /// List the modems attached to this computer (one per dongle, by IMEI).
    Modems(cmd_modem::ModemsArgs),
    /// Run a simulated modem on a pseudo-terminal until interrupted.
    Simulate(cmd_simulate::SimulateArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Openapi => {
            println!("{}", simgate_http::openapi_json());
            Ok(0)
        }
        Command::Pdu { cmd } => cmd_pdu::run(cmd),
        Command::Modem { cmd } => block_on(cmd_modem::run(cmd)),
        Command::Modems(args) => block_on(cmd_modem::run_modems(args)),
        Command::Simulate(args) => block_on(cmd_simulate::run(args)),
    };
    match result {
        Ok(code) => std::process::ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("simgate: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}

/// Runs an async subcommand on a runtime of its own.
fn block_on(f: impl std::future::Future<Output = anyhow::Result<i32>>) -> anyhow::Result<i32> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(f)
}
