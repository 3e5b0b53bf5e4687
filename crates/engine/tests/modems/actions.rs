use std::time::Duration;

use simgate_engine::{MessageStatus, ModemActionError, ModemState, SendRequest, SimulateAction};
use simgate_sim::{SimConfig, SimModem};

use crate::support::{rig, rig_with, sim_config};

#[tokio::test]
async fn a_disabled_modem_sends_nothing_until_enabled_again_and_stays_disabled_across_restarts() {
    let r = rig(1).await;
    let s = r.gw.set_modem_enabled("modem-1", false).await.unwrap();
    assert!(!s.enabled);
    let m =
        r.gw.enqueue(SendRequest::new("+4915112345678", "not yet"))
            .await
            .unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let waiting = r.gw.get(&m.id).await.unwrap();
    assert_eq!(waiting.status, MessageStatus::Queued);
    assert!(r.sims[0].sent().is_empty());
    // Restart: still disabled.
    r.gw.shutdown().await;
    let gw = crate::support::start(&r.dir, 1).await;
    assert!(!gw.modem_status("modem-1").await.unwrap().enabled);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(r.sims[0].sent().is_empty());
    gw.set_modem_enabled("modem-1", true).await.unwrap();
    for _ in 0..250 {
        if gw.get(&m.id).await.unwrap().status == MessageStatus::Delivered {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        gw.get(&m.id).await.unwrap().status,
        MessageStatus::Delivered
    );
    assert!(matches!(
        gw.set_modem_enabled("nope", true).await.unwrap_err(),
        ModemActionError::NotFound(_)
    ));
    gw.shutdown().await;
}

#[tokio::test]
async fn ussd_returns_the_network_reply_and_refuses_a_malformed_code() {
    let r = rig(1).await;
    r.wait_state("modem-1", ModemState::Ready).await;
    let reply = r.gw.ussd("modem-1", "*100#").await.unwrap();
    assert_eq!(reply, "Balance: 5,00 EUR. Valid until 31.12.2026");
    let bad =
        r.gw.ussd("modem-1", "*100#\"; AT+CFUN=0")
            .await
            .unwrap_err();
    assert!(
        matches!(&bad, ModemActionError::Invalid(f) if f.field == "code"),
        "{bad}"
    );
    r.stop().await;
}

#[tokio::test]
async fn a_locked_sim_waits_for_its_pin_and_a_rejected_pin_is_never_sent_twice() {
    let dir = tempfile::tempdir().unwrap();
    let sim = SimModem::spawn(SimConfig {
        pin: Some("4321".into()),
        ..sim_config(&dir, 1)
    })
    .unwrap();
    let r = rig_with(dir, vec![sim]).await;
    let s = r.gw.modem_status("modem-1").await.unwrap();
    assert_eq!(s.state, ModemState::SimLocked);
    assert!(s.error.is_some());
    let attempts = r.sims[0].pin_attempts();
    let e = r.gw.enter_pin("modem-1", "1111").await.unwrap_err();
    assert!(matches!(e, ModemActionError::PinRejected), "{e}");
    assert_eq!(r.sims[0].pin_attempts(), attempts - 1);
    // The same wrong PIN again: refused without spending another attempt.
    let e = r.gw.enter_pin("modem-1", "1111").await.unwrap_err();
    assert!(matches!(e, ModemActionError::PinRejected), "{e}");
    assert_eq!(r.sims[0].pin_attempts(), attempts - 1);
    let e = r.gw.enter_pin("modem-1", "12").await.unwrap_err();
    assert!(
        matches!(&e, ModemActionError::Invalid(f) if f.field == "pin"),
        "{e}"
    );
    r.gw.enter_pin("modem-1", "4321").await.unwrap();
    r.wait_state("modem-1", ModemState::Ready).await;
    let again = r.gw.enter_pin("modem-1", "4321").await.unwrap_err();
    assert!(matches!(again, ModemActionError::PinNotAsked(_)), "{again}");
    let m =
        r.gw.enqueue(SendRequest::new("+4915112345678", "unlocked"))
            .await
            .unwrap();
    r.wait_for(&m.id, MessageStatus::Delivered).await;
    r.stop().await;
}

#[tokio::test]
async fn only_demo_modems_simulate() {
    let r = rig(1).await;
    let e =
        r.gw.simulate("modem-1", SimulateAction::Unplug)
            .await
            .unwrap_err();
    assert!(matches!(e, ModemActionError::NotDemo(_)), "{e}");
    let e =
        r.gw.simulate("ghost", SimulateAction::Replug)
            .await
            .unwrap_err();
    assert!(matches!(e, ModemActionError::NotFound(_)), "{e}");
    r.stop().await;
}
