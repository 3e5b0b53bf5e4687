//! `simgate modem info|send|read|ussd` and `simgate modems`: tools for
//! support staff to check a dongle without running the gateway.

/// `println!` that ignores a closed stdout (`simgate modem info | head`).
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, anyhow};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use simgate_modem::discover::{PROBE_TIMEOUT, candidate_ports, discover_among};
use simgate_modem::sms::{DeleteMessage, ListMessages};
use simgate_modem::status::RegistrationQuery;
use simgate_modem::{Modem, ModemConfig, ModemError};
use simgate_pdu::{Pdu, SubmitOptions};

/// Options every `simgate modem` subcommand takes.
#[derive(Debug, Clone, Args)]
pub struct PortArgs {
    /// Serial port of the modem, e.g. /dev/ttyUSB2.
    #[arg(long)]
    pub port: String,
    /// SIM PIN, sent only if the SIM asks for one.
    #[arg(long, env = "SIMGATE_PIN", hide_env_values = true)]
    pub pin: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `simgate modem ...`
#[derive(Debug, Subcommand)]
pub enum ModemCommand {
    /// Manufacturer, model, revision, IMEI, IMSI, ICCID, operator, signal, registration.
    Info(PortArgs),
    /// Send one SMS (several parts if long).
    Send {
        #[command(flatten)]
        port: PortArgs,
        /// Recipient, e.g. +4915112345678.
        #[arg(long)]
        to: String,
        /// Message text.
        #[arg(long)]
        text: String,
        /// Ask the network for a delivery report.
        #[arg(long)]
        report: bool,
    },
    /// List the messages and status reports stored on the modem.
    Read {
        #[command(flatten)]
        port: PortArgs,
        /// Delete them from the modem after printing.
        #[arg(long)]
        delete: bool,
    },
    /// Send a USSD code (e.g. *100# for the balance) and print the reply.
    Ussd {
        #[command(flatten)]
        port: PortArgs,
        /// The USSD code.
        code: String,
    },
}

/// `simgate modems`
#[derive(Debug, Args)]
pub struct ModemsArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also probe this port (repeatable), e.g. a simulator's link.
    #[arg(long = "port")]
    pub ports: Vec<String>,
}

/// Runs a `simgate modem` subcommand.
pub async fn run(cmd: ModemCommand) -> anyhow::Result<i32> {
    match cmd {
        ModemCommand::Info(p) => {
            let modem = open(&p).await?;
            let info = modem.info().await.map_err(explain)?;
            if p.json {
                say!("{}", serde_json::to_string_pretty(&info)?);
            } else {
                say!("manufacturer  {}", info.manufacturer);
                say!("model         {}", info.model);
                say!("revision      {}", info.revision);
                say!("imei          {}", info.imei);
                say!("imsi          {}", info.imsi.as_deref().unwrap_or("-"));
                say!("iccid         {}", info.iccid.as_deref().unwrap_or("-"));
                say!("operator      {}", info.operator.as_deref().unwrap_or("-"));
                match info.signal_dbm {
                    Some(d) => say!("signal        {d} dBm"),
                    None => say!("signal        unknown"),
                }
                say!("registration  {:?}", info.registration);
            }
            modem.close().await;
            Ok(0)
        }
        ModemCommand::Send {
            port,
            to,
            text,
            report,
        } => send(&port, &to, &text, report).await,
        ModemCommand::Read { port, delete } => read(&port, delete).await,
        ModemCommand::Ussd { port, code } => {
            let modem = open(&port).await?;
            let reply = modem.ussd(&code).await.map_err(explain)?;
            if port.json {
                say!("{}", json!({ "reply": reply }));
            } else {
                say!("{reply}");
            }
            modem.close().await;
            Ok(0)
        }
    }
}

/// Runs `simgate modems`.
pub async fn run_modems(args: ModemsArgs) -> anyhow::Result<i32> {
    let mut paths = candidate_ports();
    paths.extend(args.ports);
    paths.sort();
    paths.dedup();
    let found = discover_among(paths, PROBE_TIMEOUT).await;
    if args.json {
        say!("{}", serde_json::to_string_pretty(&found)?);
    } else if found.is_empty() {
        say!("no modems found");
    } else {
        for d in &found {
            say!(
                "{}  {} {}  IMEI {}  ports {}",
                d.path,
                d.manufacturer,
                d.model,
                d.imei,
                d.ports.join(", ")
            );
        }
    }
    Ok(0)
}

async fn open(p: &PortArgs) -> anyhow::Result<Modem> {
    if !std::path::Path::new(&p.port).exists() {
        return Err(anyhow!("no such port: {}", p.port));
    }
    let mut cfg = ModemConfig::new(p.port.clone());
    cfg.pin = p.pin.clone();
    cfg.receive = false;
    Modem::open(cfg).await.map_err(explain)
}

/// One clear line per failure a support person can act on.
fn explain(e: ModemError) -> anyhow::Error {
    match e {
        ModemError::PinRequired => {
            anyhow!("the SIM needs a PIN: pass --pin or set SIMGATE_PIN")
        }
        ModemError::PinRejected => anyhow!(
            "wrong PIN: the SIM rejected it (not retried, so the SIM is not locked further)"
        ),
        ModemError::Timeout { command, .. } => {
            anyhow!("timeout: the modem did not answer {command}")
        }
        ModemError::Open { path, reason } => anyhow!("cannot open {path}: {reason}"),
        other => anyhow!("{other}"),
    }
}

async fn send(p: &PortArgs, to: &str, text: &str, report: bool) -> anyhow::Result<i32> {
    let opts = SubmitOptions {
        status_report: report,
        concat_reference: rand_reference(),
        ..SubmitOptions::default()
    };
    let parts = simgate_pdu::encode_submit(to, text, &opts).context("cannot encode the message")?;
    let encoding = simgate_pdu::plan_with(text, &opts).encoding;
    let modem = open(p).await?;
    let reg = modem.exec(&RegistrationQuery).await.map_err(explain)?;
    if !reg.is_registered() {
        modem.close().await;
        return Err(anyhow!("no network: the modem is not registered ({reg:?})"));
    }
    let results = modem.send_pdus(&parts).await;
    modem.close().await;
    let mut refs = Vec::new();
    for r in results {
        refs.push(json!({ "message_reference": r.map_err(explain)? }));
    }
    if refs.len() < parts.len() {
        return Err(anyhow!(
            "only {} of {} parts were sent",
            refs.len(),
            parts.len()
        ));
    }
    if p.json {
        say!("{}", json!({ "parts": refs, "encoding": encoding }));
    } else {
        say!("sent {} part(s), references {:?}", refs.len(), refs);
    }
    Ok(0)
}

/// A concatenation reference that differs between runs.
fn rand_reference() -> u16 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .subsec_nanos();
    (nanos % 256) as u16
}

/// One stored part of a concatenated message: sequence number, text, time stamp, index.
type StoredPart = (u8, String, String, u32);

async fn read(p: &PortArgs, delete: bool) -> anyhow::Result<i32> {
    let modem = open(p).await?;
    let stored = modem.exec(&ListMessages).await.map_err(explain)?;
    // Parts of one message share originator, reference and total (TS 23.040 9.2.3.24.1).
    let mut groups: BTreeMap<(String, u16, u8), Vec<StoredPart>> = BTreeMap::new();
    let mut out: Vec<Value> = Vec::new();
    let mut indices = Vec::new();
    for s in &stored {
        let Ok(pdu) = simgate_pdu::decode(&s.pdu, true) else {
            out.push(json!({ "type": "undecodable", "index": s.index, "pdu": s.pdu }));
            continue;
        };
        match pdu {
            Pdu::Deliver(d) => {
                indices.push(s.index);
                let text = d.text().unwrap_or_default().to_string();
                let ts = d.timestamp.to_string();
                match d.concat() {
                    Some(c) if c.total > 1 => groups
                        .entry((d.originator.number.clone(), c.reference, c.total))
                        .or_default()
                        .push((c.seq, text, ts, s.index)),
                    _ => out.push(json!({
                        "type": "message", "from": d.originator.number, "text": text,
                        "timestamp": ts, "parts": 1, "indices": [s.index],
                    })),
                }
            }
            Pdu::StatusReport(r) => {
                indices.push(s.index);
                out.push(json!({
                    "type": "status_report", "message_reference": r.message_reference,
                    "recipient": r.recipient.number, "status": r.status,
                    "category": r.category, "discharge_time": r.discharge_time.to_string(),
                    "indices": [s.index],
                }));
            }
            _ => {}
        }
    }
    for ((from, _, total), mut parts) in groups {
        parts.sort_by_key(|p| p.0);
        parts.dedup_by_key(|p| p.0);
        let text: String = parts.iter().map(|p| p.1.as_str()).collect();
        out.push(json!({
            "type": "message", "from": from, "text": text,
            "timestamp": parts.first().map(|p| p.2.clone()),
            "parts": total, "complete": parts.len() == usize::from(total),
            "indices": parts.iter().map(|p| p.3).collect::<Vec<_>>(),
        }));
    }
    if p.json {
        say!("{}", serde_json::to_string_pretty(&out)?);
    } else if out.is_empty() {
        say!("no stored messages");
    } else {
        for m in &out {
            say!("{m}");
        }
    }
    if delete {
        for i in indices {
            modem.exec(&DeleteMessage(i)).await.map_err(explain)?;
        }
    }
    modem.close().await;
    Ok(0)
}
