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
