//! `simgate`: the SimGate command line. `simgate serve` runs the gateway headless; the other subcommands are
//! tools for support staff and scripts.

mod cmd_pdu;
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
    };
    match result {
        Ok(code) => std::process::ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("simgate: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}
