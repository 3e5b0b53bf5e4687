use simgate_engine::{Event, MessageStatus, ModemState, Registration, SendRequest};

use crate::support::{next_event, rig};

#[tokio::test]
async fn a_ready_modem_shows_its_identity_network_and_usage() {
    let r = rig(1).await;
    let s = r.wait_state("modem-1", ModemState::Ready).await;
    assert_eq!(s.imei.as_deref(), Some(r.sims[0].imei().as_str()));
    assert_eq!(s.operator.as_deref(), Some("SimGate Net"));
    assert_eq!(s.iccid.as_deref(), Some("8949020000012345678"));
    assert_eq!(s.manufacturer.as_deref(), Some("SimGate"));
    assert_eq!(s.registration, Some(Registration::Home));
    assert!(!s.roaming);
    assert!(s.signal_dbm.is_some() && s.signal_bars.is_some(), "{s:?}");
    assert!(s.enabled);
    assert_eq!(s.sent_today, 0);
    let m =
        r.gw.enqueue(SendRequest::new("+4915112345678", "count me"))
            .await
            .unwrap();
    r.wait_for(&m.id, MessageStatus::Delivered).await;
    assert_eq!(r.gw.modem_status("modem-1").await.unwrap().sent_today, 1);
    r.stop().await;
}

#[tokio::test]
async fn signal_and_roaming_changes_are_published() {
    let r = rig(1).await;
    r.wait_state("modem-1", ModemState::Ready).await;
    let mut events = r.gw.subscribe();
    r.sims[0].set_registration(5);
    next_event(&mut events, |e| {
        matches!(e, Event::ModemUpdated { name } if name == "modem-1").then_some(())
    })
    .await;
    let mut s = r.gw.modem_status("modem-1").await.unwrap();
    for _ in 0..100 {
        if s.roaming {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        s = r.gw.modem_status("modem-1").await.unwrap();
    }
    assert!(s.roaming, "{s:?}");
    assert_eq!(s.state, ModemState::Ready);
    r.sims[0].set_registration(2);
    let s = r.wait_state("modem-1", ModemState::Searching).await;
    assert_eq!(s.registration, Some(Registration::Searching));
    r.stop().await;
}

#[tokio::test]
async fn unplugged_the_modem_goes_offline_and_its_queue_waits_then_drains_after_replug() {
    let r = rig(1).await;
    r.wait_state("modem-1", ModemState::Ready).await;
    let mut events = r.gw.subscribe();
    r.sims[0].unplug();
    next_event(&mut events, |e| {
        matches!(e, Event::ModemUpdated { name } if name == "modem-1").then_some(())
    })
    .await;
    let s = r.wait_state("modem-1", ModemState::Offline).await;
    assert!(
        s.error.as_deref().is_some_and(|e| e.starts_with("offline")),
        "{s:?}"
    );
    let m =
        r.gw.enqueue(SendRequest::new("+4915112345678", "wait for me"))
            .await
            .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let waiting = r.gw.get(&m.id).await.unwrap();
    assert_eq!(waiting.status, MessageStatus::Queued);
    assert_eq!(waiting.reason.as_deref(), Some("no modem online"));
    assert!(r.sims[0].sent().is_empty());
    r.sims[0].replug();
    r.wait_state("modem-1", ModemState::Ready).await;
    r.wait_for(&m.id, MessageStatus::Delivered).await;
    assert_eq!(r.sims[0].sent().len(), 1, "sent exactly once");
    r.stop().await;
}
