use simgate_modem::{ModemEvent, Registration};
use simgate_sim::Profile;

use crate::common::{next_matching, open, sim};

#[tokio::test]
async fn registration_changes_are_pushed_as_events() {
    let sim = sim(Profile::Generic);
    let modem = open(&sim).await;
    let mut rx = modem.subscribe();
    sim.set_registration(5);
    let reg = next_matching(&mut rx, 5, |e| match e {
        ModemEvent::Registration(r) if r != Registration::Home => Some(r),
        _ => None,
    })
    .await;
    assert_eq!(reg, Registration::Roaming);
    sim.set_registration(3);
    let reg = next_matching(&mut rx, 5, |e| match e {
        ModemEvent::Registration(r) if r != Registration::Roaming => Some(r),
        _ => None,
    })
    .await;
    assert_eq!(reg, Registration::Denied);
}

#[tokio::test]
async fn signal_is_polled_and_pushed_as_dbm() {
    let sim = sim(Profile::Huawei);
    let mut cfg = crate::common::config(&sim);
    cfg.status_interval = std::time::Duration::from_millis(200);
    let modem = simgate_modem::Modem::open(cfg).await.unwrap();
    let mut rx = modem.subscribe();
    sim.set_rssi(10);
    let dbm = next_matching(&mut rx, 5, |e| match e {
        ModemEvent::Signal { dbm } if dbm != Some(-71) => Some(dbm),
        _ => None,
    })
    .await;
    assert_eq!(dbm, Some(-93));
}

#[tokio::test]
async fn a_query_that_times_out_is_asked_again_but_a_send_is_not() {
    let sim = std::sync::Arc::new(sim(Profile::Generic));
    let mut cfg = crate::common::config(&sim);
    cfg.send_timeout = std::time::Duration::from_secs(1);
    cfg.recover = false;
    let modem = simgate_modem::Modem::open(cfg).await.unwrap();
    // Margins are wide on purpose: these machines are shared, and a late thread must not change the outcome.
    let wake = |s: std::sync::Arc<simgate_sim::SimModem>, after_ms: u64| {
        s.set_hung(true);
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(after_ms));
            s.set_hung(false);
        })
    };
    // AT+CSQ (2 s timeout, one retry): the second try meets an awake modem.
    let t = wake(sim.clone(), 1000);
    let rssi = modem
        .exec(&simgate_modem::status::SignalQuality)
        .await
        .expect("answered on the retry");
    assert_eq!(rssi, 21);
    t.join().unwrap();
    // AT+CMGS is never repeated by the driver: the caller decides. The modem sleeps well past the 1 s timeout.
    let t = wake(sim.clone(), 3000);
    let pdu = "0011000B916407281553F80000AA0AE8329BFD4697D9EC37";
    let err = modem.send_pdu(23, pdu).await.unwrap_err();
    assert!(
        matches!(err, simgate_modem::ModemError::Timeout { .. }),
        "{err:?}"
    );
    t.join().unwrap();
    assert!(sim.sent().is_empty());
}
