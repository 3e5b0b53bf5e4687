use std::time::Duration;

use simgate_engine::{Event, MessageStatus, SendRequest};

use crate::support::{next_event, rig};

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
    // The report was acknowledged after the commit: nothing is left in the modem's storage.
    for _ in 0..50 {
        if r.sims[0].stored() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(r.sims[0].stored(), 0, "the report stayed on the SIM");
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
    // The report arrives and is acknowledged (storage empty) but changes nothing visible.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for _ in 0..50 {
        if r.sims[0].stored() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(r.sims[0].stored(), 0);
    let still = r.gw.get(&m.id).await.unwrap();
    assert_eq!(still.status, MessageStatus::Sent);
    assert_eq!(still.history.len(), 3);
    r.stop().await;
}
