//! The modem link's ceiling: how many single-part SMS per second the driver moves through
//! simulated modems on pseudo-terminals when nothing else runs (no database, no HTTP).
//!
//! 4 zero-latency simulators, one sender per modem sending back to back (one `AT+CMGS` in flight
//! per modem, as the gateway does). Prints one line:
//! `RESULT link-ceiling <modems> <messages> <seconds> <msgs_per_s>`. The pipeline benchmark's
//! sent/s can never exceed this figure on the same machine.
//!
//! Run: `cargo bench -p simgate-modem --bench link [-- MESSAGES_PER_MODEM]`; `LINK_MODEMS=N` runs N modems
//! instead of 4 (the ceiling with more modems shows what the machine's CPU allows).

use std::time::{Duration, Instant};

use simgate_modem::{Modem, ModemConfig};
use simgate_pdu::{SubmitOptions, encode_submit};
use simgate_sim::{SimConfig, SimModem};

/// Modems unless `LINK_MODEMS` says otherwise: as many as the pipeline benchmark runs.
const MODEMS: usize = 4;

fn main() {
    let per_modem: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2_500);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let modems = std::env::var("LINK_MODEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MODEMS);
    rt.block_on(run(modems, per_modem));
}

async fn run(count: usize, per_modem: usize) {
    let sims: Vec<SimModem> = (0..count)
        .map(|_| {
            SimModem::spawn(SimConfig {
                cmd_latency: Duration::ZERO,
                cmgs_latency: Duration::ZERO,
                ..SimConfig::default()
            })
            .expect("simulator starts")
        })
        .collect();
    let mut modems = Vec::new();
    for sim in &sims {
        let mut cfg = ModemConfig::new(sim.path().to_string_lossy());
        // As `simgate serve` runs simulated modems: no pause after an answer, no inbox polling.
        cfg.cool_down = Duration::ZERO;
        cfg.receive = false;
        cfg.recover = false;
        modems.push(
            Modem::open(cfg)
                .await
                .expect("driver opens the simulator's pty"),
        );
    }
    let part = encode_submit(
        "+4915123456789",
        "Your SimGate benchmark code is 424242",
        &SubmitOptions::default(),
    )
    .expect("encodes")
    .remove(0);

    let started = Instant::now();
    let tasks: Vec<_> = modems
        .iter()
        .cloned()
        .map(|modem| {
            let part = part.clone();
            tokio::spawn(async move {
                for _ in 0..per_modem {
                    modem
                        .send_pdu(part.tpdu_len, &part.hex)
                        .await
                        .expect("the simulator accepts every PDU");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("sender task");
    }
    let secs = started.elapsed().as_secs_f64();
    let total = per_modem * count;
    let accepted: usize = sims.iter().map(|s| s.sent().len()).sum();
    assert_eq!(accepted, total, "every PDU reached a simulator once");
    println!(
        "RESULT link-ceiling {count} {total} {secs:.3} {:.0}",
        total as f64 / secs
    );
    for m in &modems {
        m.close().await;
    }
}
