//! `simgate pdu …`: the SMS PDU codec on the command line, for debugging what a modem sends and
//! receives and for checking how a text will be split.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use simgate_pdu::{SubmitOptions, Validity};

/// The `pdu` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum PduCommand {
    /// Decode a PDU given as hex and print it as JSON (exit 1 with the reason if malformed).
    Decode {
        /// The PDU in hex, as `AT+CMGR`/`+CMT`/`+CDS` show it.
        hex: String,
        /// The hex starts directly with the TPDU (no SMSC field in front).
        #[arg(long)]
        no_smsc: bool,
    },
    /// Encode an SMS-SUBMIT; prints one line per part: `<tpdu-length> <hex>`.
    Encode {
        /// Recipient: +international, digits, or an alphanumeric name.
        #[arg(long)]
        to: String,
        /// Message text.
        #[arg(long)]
        text: String,
        /// SMSC number; by default the modem uses the one stored on the SIM.
        #[arg(long)]
        smsc: Option<String>,
        /// Request a delivery report.
        #[arg(long)]
        report: bool,
        /// Validity period, e.g. 30m, 12h, 1d, 2w.
        #[arg(long, value_parser = parse_validity)]
        validity: Option<Duration>,
        /// Concatenation reference for multipart messages (default: derived from the clock).
        #[arg(long)]
        reference: Option<u16>,
    },
    /// Print how a text will be sent (encoding, parts, characters left) as JSON.
    Segments {
        /// Message text.
        text: String,
    },
}

/// Parses `90s`, `30m`, `12h`, `1d`, `2w` (a bare number is minutes).
fn parse_validity(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("invalid validity '{s}': expected e.g. 30m, 12h, 1d, 2w"))?;
    let secs = match unit {
        "s" => 1,
        "" | "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => {
            return Err(format!(
                "invalid validity unit '{unit}': use s, m, h, d or w"
            ));
        }
    };
    n.checked_mul(secs)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("validity '{s}' is too long"))
}

/// Runs a `pdu` subcommand and returns the process exit code.
pub fn run(cmd: PduCommand) -> anyhow::Result<i32> {
    match cmd {
        PduCommand::Decode { hex, no_smsc } => match simgate_pdu::decode(&hex, !no_smsc) {
            Ok(pdu) => {
                let json = serde_json::to_string_pretty(&pdu).context("serialising the PDU")?;
                println!("{json}");
                Ok(0)
            }
            Err(e) => {
                eprintln!("malformed PDU: {e}");
                Ok(1)
            }
        },
        PduCommand::Encode {
            to,
            text,
            smsc,
            report,
            validity,
            reference,
        } => {
            let concat_reference = reference.unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.subsec_nanos() as u16)
            });
            let opts = SubmitOptions {
                smsc,
                status_report: report,
                validity: validity.map(Validity::Relative),
                concat_reference,
                ..SubmitOptions::default()
            };
            match simgate_pdu::encode_submit(&to, &text, &opts) {
                Ok(parts) => {
                    for p in parts {
                        println!("{} {}", p.tpdu_len, p.hex);
                    }
                    Ok(0)
                }
                Err(e) => {
                    eprintln!("cannot encode: {e}");
                    Ok(1)
                }
            }
        }
        PduCommand::Segments { text } => {
            let plan = simgate_pdu::plan(&text);
            let json = serde_json::to_string_pretty(&plan).context("serialising the plan")?;
            println!("{json}");
            Ok(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_units() {
        assert_eq!(parse_validity("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_validity("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_validity("2w"), Ok(Duration::from_secs(14 * 86_400)));
        assert!(parse_validity("1y").is_err());
        assert!(parse_validity("d").is_err());
    }
}
