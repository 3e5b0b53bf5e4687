//! Discovery: which serial ports are modems, and which ports belong to the
//! same dongle (a Huawei stick exposes several `ttyUSB` ports; one dongle is
//! one modem, identified by its IMEI).

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;
use tokio::time::timeout;

use crate::command::Simple;
use crate::quirks::Vendor;
use crate::status::Identity;
use crate::{Modem, ModemConfig, ModemEvent};

/// How long one port may take to answer `AT` before it is skipped.
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(1500);

/// A modem found on one or more serial ports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discovered {
    /// The port to use: it answers AT commands (and carried URCs, when one
    /// of the dongle's ports was seen to).
    pub path: String,
    /// Every port that answered with this IMEI.
    pub ports: Vec<String>,
    /// `AT+CGSN`.
    pub imei: String,
    /// `AT+CGMI`.
    pub manufacturer: String,
    /// `AT+CGMM`.
    pub model: String,
    /// The quirk profile the driver will use.
    pub vendor: Vendor,
}

/// What one port answered.
#[derive(Debug, Clone)]
struct Probe {
    path: String,
    imei: String,
    manufacturer: String,
    model: String,
    saw_urc: bool,
}

/// Serial ports that may be modems: USB serial devices (`ttyUSB*`, `ttyACM*`).
/// Built-in UARTs are left out, since probing them only wastes time.
pub fn candidate_ports() -> Vec<String> {
    let mut out: Vec<String> = serialport::available_ports()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            matches!(p.port_type, serialport::SerialPortType::UsbPort(_))
                || p.port_name.contains("ttyUSB")
                || p.port_name.contains("ttyACM")
        })
        .map(|p| p.port_name)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Probes every candidate USB serial port; see [`discover_among`].
pub async fn discover() -> Vec<Discovered> {
    discover_among(candidate_ports(), PROBE_TIMEOUT).await
}

/// Probes `paths` in parallel (each within `probe_timeout`), asks each port
/// that answers for its IMEI, manufacturer and model, and groups the ports by
/// IMEI. Ports that are busy, silent or not modems are left out.
pub async fn discover_among(paths: Vec<String>, probe_timeout: Duration) -> Vec<Discovered> {
    let tasks: Vec<_> = paths
        .into_iter()
        .map(|path| tokio::spawn(async move { timeout(probe_timeout, probe(path)).await }))
        .collect();
    let mut probes = Vec::new();
    for t in tasks {
        if let Ok(Ok(Some(p))) = t.await {
            probes.push(p);
        }
    }
    group(probes)
}

fn group(probes: Vec<Probe>) -> Vec<Discovered> {
    let mut by_imei: BTreeMap<String, Vec<Probe>> = BTreeMap::new();
    for p in probes {
        by_imei.entry(p.imei.clone()).or_default().push(p);
    }
    by_imei
        .into_values()
        .filter_map(|mut ports| {
            ports.sort_by(|a, b| a.path.cmp(&b.path));
            let best = ports
                .iter()
                .find(|p| p.saw_urc)
                .or_else(|| ports.first())?
                .clone();
            Some(Discovered {
                path: best.path.clone(),
                ports: ports.iter().map(|p| p.path.clone()).collect(),
                imei: best.imei.clone(),
                vendor: Vendor::detect(&best.manufacturer, &best.model),
                manufacturer: best.manufacturer,
                model: best.model,
            })
        })
        .collect()
}

async fn probe(path: String) -> Option<Probe> {
    let mut cfg = ModemConfig::new(path.clone());
    cfg.receive = false;
    let (modem, _) = Modem::attach(&cfg).await.ok()?;
    let mut events = modem.subscribe();
    let answer = async {
        modem.write_raw(vec![0x1b]).await;
        let quick = |text: &'static str| Simple::new(text, text, Duration::from_millis(700));
        let mut alive = false;
        for _ in 0..2 {
            if modem.exec_init(&quick("AT")).await.is_ok() {
                alive = true;
                break;
            }
        }
        if !alive {
            return None;
        }
        let _ = modem.exec_init(&quick("ATE0")).await;
        let imei = first_ok(&modem, &Identity::IMEI).await?;
        let manufacturer = first_ok(&modem, &Identity::MANUFACTURER)
            .await
            .unwrap_or_default();
        let model = first_ok(&modem, &Identity::MODEL).await.unwrap_or_default();
        Some((imei, manufacturer, model))
    }
    .await;
    let mut saw_urc = false;
    while let Ok(ev) = events.try_recv() {
        saw_urc |= matches!(ev, ModemEvent::Urc(_));
    }
    modem.close().await;
    let (imei, manufacturer, model) = answer?;
    // TS 23.003 clause 6.2.1: an IMEI is 15 digits (16 for an IMEISV).
    if !(14..=17).contains(&imei.len()) || !imei.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Probe {
        path,
        imei,
        manufacturer,
        model,
        saw_urc,
    })
}

async fn first_ok(modem: &Modem, cmd: &Identity) -> Option<String> {
    // Identity queries normally allow the SIM time to answer; a probe stays quick.
    let quick = cmd.clone().with_timeout(Duration::from_millis(700));
    modem.exec_init(&quick).await.ok().filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(path: &str, imei: &str, urc: bool) -> Probe {
        Probe {
            path: path.into(),
            imei: imei.into(),
            manufacturer: "huawei".into(),
            model: "E3531".into(),
            saw_urc: urc,
        }
    }

    #[test]
    fn ports_of_one_dongle_group_into_one_modem() {
        let got = group(vec![
            probe("/dev/ttyUSB2", "359999000000001", false),
            probe("/dev/ttyUSB0", "359999000000001", false),
            probe("/dev/ttyUSB3", "359999000000002", false),
        ]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].path, "/dev/ttyUSB0");
        assert_eq!(got[0].ports, vec!["/dev/ttyUSB0", "/dev/ttyUSB2"]);
        assert_eq!(got[0].vendor, Vendor::Huawei);
        assert_eq!(got[1].ports, vec!["/dev/ttyUSB3"]);
    }

    #[test]
    fn the_port_that_carries_urcs_is_preferred() {
        let got = group(vec![
            probe("/dev/ttyUSB0", "359999000000001", false),
            probe("/dev/ttyUSB2", "359999000000001", true),
        ]);
        assert_eq!(got[0].path, "/dev/ttyUSB2");
    }
}
