use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use simgate_modem::{Modem, ModemConfig, ModemError, ModemEvent};
use simgate_pdu::{SubmitOptions, encode_submit};
use simgate_sim::{Profile, SimConfig, SimModem};

use crate::common::next_matching;

/// A fresh directory for links and ledgers, removed when dropped.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "simgate-modem-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

fn linked_sim(dir: &std::path::Path, profile: Profile) -> SimModem {
    SimModem::spawn(SimConfig {
        profile,
        link: Some(dir.join("modem")),
        ledger: Some(dir.join("ledger.jsonl")),
        ..SimConfig::default()
    })
    .unwrap()
}

/// Opened on the pty's own name; after a replug only the link leads to it.
fn recovering_config(sim: &SimModem, dir: &std::path::Path) -> ModemConfig {
    let mut cfg = ModemConfig::new(sim.path().to_string_lossy());
    cfg.search_paths = vec![dir.join("modem").to_string_lossy().into_owned()];
    cfg.send_timeout = Duration::from_secs(1);
    cfg.sweep_interval = Duration::from_secs(1);
    cfg
}

fn part(text: &str) -> simgate_pdu::SubmitPart {
    encode_submit("+4915112345678", text, &SubmitOptions::default())
        .unwrap()
        .remove(0)
}

#[tokio::test]
async fn an_unplugged_modem_goes_offline_and_is_reattached_by_imei_under_its_new_path() {
    // SIMCom also answers "SIM busy" to SMS commands for a while after it is back.
    for profile in [Profile::Huawei, Profile::Simcom] {
        replug_and_reattach(profile).await;
    }
}

async fn replug_and_reattach(profile: Profile) {
    let dir = scratch("replug");
    let sim = linked_sim(&dir, profile);
    let old_path = sim.path();
    let modem = Modem::open(recovering_config(&sim, &dir)).await.unwrap();
    let mut rx = modem.subscribe();

    sim.unplug();
    next_matching(&mut rx, 5, |e| {
        matches!(e, ModemEvent::Offline { .. }).then_some(())
    })
    .await;
    let p = part("while unplugged");
    let err = modem.send_pdu(p.tpdu_len, &p.hex).await.unwrap_err();
    assert!(
        matches!(err, ModemError::Disconnected { .. }) && err.is_temporary(),
        "{err:?}"
    );

    sim.replug();
    assert_ne!(
        sim.path(),
        old_path,
        "the device came back under another name"
    );
    let path = next_matching(&mut rx, 15, |e| match e {
        ModemEvent::Online { path } => Some(path),
        _ => None,
    })
    .await;
    assert_eq!(path, dir.join("modem").to_string_lossy());
    assert_eq!(modem.path(), path);
    assert!(modem.is_online());
    let p = part("after replug");
    modem
        .send_pdu(p.tpdu_len, &p.hex)
        .await
        .expect("sends again");
    assert_eq!(sim.sent().len(), 1);
    modem.close().await;
}

#[tokio::test]
async fn a_hung_modem_times_out_without_blocking_and_answers_again_after_recovery() {
    let dir = scratch("hang");
    let sim = linked_sim(&dir, Profile::Generic);
    let modem = Modem::open(recovering_config(&sim, &dir)).await.unwrap();
    sim.set_hung(true);
    let p = part("into a hung modem");
    let started = Instant::now();
    let err = modem.send_pdu(p.tpdu_len, &p.hex).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "bounded by the send timeout"
    );
    // No prompt came, so nothing was handed over: safe to retry.
    assert!(
        matches!(err, ModemError::Timeout { .. }) && err.is_temporary(),
        "{err:?}"
    );
    sim.set_hung(false);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match modem.send_pdu(p.tpdu_len, &p.hex).await {
            Ok(_) => break,
            Err(e) if e.is_temporary() && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("did not recover: {e:?}"),
        }
    }
    assert_eq!(sim.sent().len(), 1);
}

/// What the outbox knows about each message after the run.
#[derive(Debug, PartialEq)]
enum Outcome {
    Sent,
    Uncertain,
}

#[tokio::test]
async fn a_200_message_send_through_a_hang_and_an_unplug_loses_and_duplicates_nothing() {
    let dir = scratch("chaos");
    let sim = Arc::new(linked_sim(&dir, Profile::Quectel));
    let modem = Modem::open(recovering_config(&sim, &dir)).await.unwrap();
    let mut outcomes = HashMap::new();
    let mut chaos = Vec::new();
    for i in 0..200 {
        if i == 60 {
            let s = sim.clone();
            chaos.push(std::thread::spawn(move || {
                s.set_hung(true);
                std::thread::sleep(Duration::from_millis(800));
                s.set_hung(false);
            }));
        }
        if i == 130 {
            let s = sim.clone();
            chaos.push(std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(5));
                s.unplug();
                std::thread::sleep(Duration::from_millis(300));
                s.replug();
            }));
        }
        let p = part(&format!("message number {i}"));
        let deadline = Instant::now() + Duration::from_secs(30);
        // The outbox's rule: retry what is temporary, never resend what is uncertain.
        let outcome = loop {
            match modem.send_pdu(p.tpdu_len, &p.hex).await {
                Ok(_) => break Outcome::Sent,
                Err(ModemError::Uncertain { .. }) => break Outcome::Uncertain,
                Err(e) if e.is_temporary() && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("message {i}: {e:?}"),
            }
        };
        outcomes.insert(p.hex.clone(), outcome);
    }
    for c in chaos {
        c.join().unwrap();
    }
    // The simulated network's ledger is the judge.
    let ledger = std::fs::read_to_string(dir.join("ledger.jsonl")).unwrap();
    let mut accepted: HashMap<String, usize> = HashMap::new();
    for line in ledger.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        *accepted
            .entry(v["pdu"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(outcomes.len(), 200);
    for (pdu, n) in &accepted {
        assert_eq!(*n, 1, "sent twice: {pdu}");
        assert!(
            outcomes.contains_key(pdu),
            "the network got a PDU nobody sent"
        );
    }
    for (pdu, outcome) in &outcomes {
        if *outcome == Outcome::Sent {
            assert!(
                accepted.contains_key(pdu),
                "reported sent but never reached the network"
            );
        }
    }
    let sent = outcomes.values().filter(|o| **o == Outcome::Sent).count();
    let uncertain = outcomes.len() - sent;
    // Every message is either sent or shown to the user as uncertain; the
    // faults cost at most a few uncertain ones.
    assert!(uncertain <= 3, "{uncertain} uncertain");
    assert!(accepted.len() >= sent && accepted.len() <= sent + uncertain);
    modem.close().await;
}

#[tokio::test]
async fn a_modem_that_stays_hung_is_escalated_to_a_port_reopen_and_comes_back() {
    let dir = scratch("escalate");
    let sim = linked_sim(&dir, Profile::Huawei);
    let mut cfg = recovering_config(&sim, &dir);
    cfg.health_interval = Duration::from_secs(3600);
    let modem = Modem::open(cfg).await.unwrap();
    let mut rx = modem.subscribe();
    sim.set_hung(true);
    let p = part("into a hung modem");
    let err = modem.send_pdu(p.tpdu_len, &p.hex).await.unwrap_err();
    assert!(err.is_temporary(), "{err:?}");
    // Escape did not help, so recovery reopens the port.
    let reason = next_matching(&mut rx, 15, |e| match e {
        ModemEvent::Offline { reason } => Some(reason),
        _ => None,
    })
    .await;
    assert!(reason.contains("reopening"), "{reason}");
    // The modem comes to its senses while the port is reopened.
    sim.set_hung(false);
    next_matching(&mut rx, 15, |e| {
        matches!(e, ModemEvent::Online { .. }).then_some(())
    })
    .await;
    modem
        .send_pdu(p.tpdu_len, &p.hex)
        .await
        .expect("sends again");
    assert_eq!(sim.sent().len(), 1);
}
