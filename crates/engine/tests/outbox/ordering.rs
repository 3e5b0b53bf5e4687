use simgate_engine::MessageStatus;
use simgate_engine::routing::Priority;

use crate::support::{req, rig};

#[tokio::test]
async fn an_otp_overtakes_queued_bulk_traffic_at_the_next_message_boundary() {
    let r = rig(1, 100).await;
    let mut last = None;
    for i in 0..6 {
        let mut b = req(&format!("bulk {i}"));
        b.priority = Priority::Bulk;
        last = Some(r.send(b).await);
    }
    let mut otp = req("code 424242");
    otp.priority = Priority::Otp;
    let otp = r.send(otp).await;
    r.wait_for(&otp.id, MessageStatus::Sent).await;
    r.wait_for(&last.unwrap().id, MessageStatus::Sent).await;
    let texts = r.texts(0);
    let pos = texts.iter().position(|t| t == "code 424242").unwrap();
    // At most the bulk message already in flight (and one claimed in the same instant) goes first.
    assert!(pos <= 2, "the OTP was sent {}th: {texts:?}", pos + 1);
    assert_eq!(texts.len(), 7);
    r.stop().await;
}

#[tokio::test]
async fn a_scheduled_message_waits_for_its_time_and_says_so() {
    let r = rig(1, 0).await;
    let mut m = req("later");
    m.schedule_at = Some(simgate_engine::now_ms() + 1_500);
    let m = r.send(m).await;
    assert_eq!(m.status, MessageStatus::Scheduled);
    let seen = r.gw.get(&m.id).await.unwrap();
    assert!(
        seen.reason
            .as_deref()
            .unwrap_or("")
            .starts_with("scheduled for "),
        "{:?}",
        seen.reason
    );
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(r.texts(0).is_empty(), "sent before its time");
    let done = r.wait_for(&m.id, MessageStatus::Sent).await;
    let steps: Vec<_> = done.history.iter().map(|h| h.status).collect();
    assert_eq!(
        steps,
        [
            MessageStatus::Scheduled,
            MessageStatus::Queued,
            MessageStatus::Sending,
            MessageStatus::Sent
        ]
    );
    r.stop().await;
}

#[tokio::test]
async fn a_message_past_its_validity_is_never_sent() {
    let r = rig(0, 0).await;
    let mut m = req("too late");
    m.valid_until = Some(simgate_engine::now_ms() + 1_500);
    let m = r.send(m).await;
    let expired = r.wait_for(&m.id, MessageStatus::Expired).await;
    assert!(expired.error.is_some());
    r.stop().await;
}

#[tokio::test]
async fn a_queued_message_says_what_it_waits_for() {
    let r = rig(0, 0).await;
    let m = r.send(req("no modem")).await;
    let seen = r.gw.get(&m.id).await.unwrap();
    assert_eq!(seen.reason.as_deref(), Some("no modem online"));
    r.stop().await;
}
