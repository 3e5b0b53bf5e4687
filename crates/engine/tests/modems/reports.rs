use std::time::Duration;

use simgate_engine::{Event, MessageStatus, SendRequest};

use simgate_sim::{Profile, SimConfig, SimModem};

use crate::support::{next_event, rig, rig_with, sim_config};

#[tokio::test]
async fn a_delivery_report_moves_a_sent_message_to_delivered_with_an_event() {
    let r = rig(1).await;
    r.sims[0].set_reports(Duration::from_millis(200), 0x00);
    let mut events = r.gw.subscribe();
    let m =
        r.gw.enqueue(SendRequest::new("+4915112345678", "Your code is 123456"))
            .await
            .unwrap();
    let id = m.id.clone();
    next_event(&mut events, |e| match e {
        Event::MessageUpdated { id: i, status }
            if *i == id && *status == MessageStatus::Delivered =>
        {
            Some(())
        }
        _ => None,
    })
    .await;
    let done = r.gw.get(&m.id).await.unwrap();
    let steps: Vec<_> = done.history.iter().map(|h| h.status).collect();
    assert_eq!(
        steps,
        [
            MessageStatus::Queued,
            MessageStatus::Sending,
            MessageStatus::Sent,
            MessageStatus::Delivered
        ]
    );
    r.stop().await;
}

#[tokio::test]
async fn a_report_kept_in_the_modems_storage_is_deleted_once_recorded() {
    // Wavecom modems keep reports in their "SR" memory (+CDSI) instead of routing them.
    let dir = tempfile::tempdir().unwrap();
    let sim = SimModem::spawn(SimConfig {
        profile: Profile::Wavecom,
        ..sim_config(&dir, 1)
    })
    .unwrap();
    let r = rig_with(dir, vec![sim]).await;
    r.sims[0].set_reports(Duration::from_millis(100), 0x00);
    let m =
        r.gw.enqueue(SendRequest::new("+4915112345678", "stored report"))
            .await
            .unwrap();
    r.wait_for(&m.id, MessageStatus::Delivered).await;
    for _ in 0..100 {
        if r.sims[0].stored() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(r.sims[0].stored(), 0, "the report stayed on the modem");
    r.stop().await;
}

#[tokio::test]
async fn a_long_message_is_delivered_only_once_every_part_is_reported() {
    let r = rig(1).await;
    let body = "Long text for the delivery report test. ".repeat(8); // 320 characters: 3 GSM-7 parts
    let m =
        r.gw.enqueue(SendRequest::new("+4915112345678", &body))
            .await
            .unwrap();
    assert_eq!(m.segments, 3);
    let done = r.wait_for(&m.id, MessageStatus::Delivered).await;
    assert_eq!(
        done.history.last().unwrap().detail.as_deref(),
        Some("delivery reports: all 3 parts received by the recipient")
    );
    r.stop().await;
}

#[tokio::test]
async fn a_permanent_error_report_fails_the_message_with_the_tp_st_meaning() {
    let r = rig(1).await;
    // TS 23.040 9.2.3.15: 0x41 incompatible destination, the service centre gave up.
    r.sims[0].set_reports(Duration::from_millis(20), 0x41);
    let m =
        r.gw.enqueue(SendRequest::new("+4915112345678", "will not arrive"))
            .await
            .unwrap();
    let failed = r.wait_for(&m.id, MessageStatus::Failed).await;
    assert_eq!(
        failed.error.as_deref(),
        Some("not delivered: incompatible destination (TP-ST 0x41)")
    );
    r.stop().await;
}

#[tokio::test]
async fn a_still_trying_report_leaves_the_message_sent() {
    let r = rig(1).await;
    // 0x21: recipient busy, the service centre is still trying.
    r.sims[0].set_reports(Duration::from_millis(20), 0x21);
    let m =
        r.gw.enqueue(SendRequest::new("+4915112345678", "busy phone"))
            .await
            .unwrap();
    r.wait_for(&m.id, MessageStatus::Sent).await;
    // The report arrives and its TP-ST is recorded on the part, but nothing visible changes.
    let db = simgate_store::Store::open_reader(&r.dir.path().join("data/simgate.db")).unwrap();
    let mut recorded = Vec::new();
    for _ in 0..250 {
        recorded = simgate_store::delivery::part_reports(db.conn(), &m.id).unwrap();
        if recorded == [(1, Some(0x21))] {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(recorded, [(1, Some(0x21))]);
    let still = r.gw.get(&m.id).await.unwrap();
    assert_eq!(still.status, MessageStatus::Sent);
    assert_eq!(still.history.len(), 3);
    r.stop().await;
}
