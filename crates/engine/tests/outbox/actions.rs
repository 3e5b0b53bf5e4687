use simgate_engine::{EngineError, MessageStatus};

use crate::support::{req, rig};

#[tokio::test]
async fn a_waiting_message_can_be_cancelled_once_and_is_not_sent() {
    let r = rig(0, 0).await;
    let m = r.send(req("cancel me")).await;
    let c = r.gw.cancel(&m.id).await.unwrap();
    assert_eq!(c.status, MessageStatus::Cancelled);
    let again = r.gw.cancel(&m.id).await.unwrap_err();
    assert!(matches!(again, EngineError::Conflict(_)), "{again}");
    assert!(matches!(
        r.gw.cancel("nope").await.unwrap_err(),
        EngineError::NotFound(_)
    ));
    r.stop().await;
}

#[tokio::test]
async fn a_permanent_modem_error_fails_the_message_with_its_meaning_and_it_can_be_sent_again() {
    let r = rig(1, 0).await;
    // TS 24.011 annex E: RP cause 21 "short message transfer rejected" is permanent.
    r.sims[0].fail_next_cmgs(21);
    let m = r.send(req("unlucky")).await;
    let failed = r.wait_for(&m.id, MessageStatus::Failed).await;
    assert!(
        failed.error.as_deref().unwrap().contains("21"),
        "{:?}",
        failed.error
    );
    assert!(r.texts(0).is_empty());
    let again = r.gw.send_again(&m.id).await.unwrap();
    assert_eq!(again.status, MessageStatus::Queued);
    r.wait_for(&m.id, MessageStatus::Sent).await;
    assert_eq!(r.texts(0), ["unlucky"]);
    let sent = r.gw.send_again(&m.id).await.unwrap_err();
    assert!(matches!(sent, EngineError::Conflict(_)), "{sent}");
    r.stop().await;
}

#[tokio::test]
async fn a_temporary_modem_error_is_retried_with_the_reason_shown() {
    let r = rig(1, 0).await;
    // TS 27.005 3.2.5: 332 is a network timeout: worth trying again.
    r.sims[0].fail_next_cmgs(332);
    let m = r.send(req("try again")).await;
    let mut seen = r.gw.get(&m.id).await.unwrap();
    for _ in 0..100 {
        if seen.attempts > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        seen = r.gw.get(&m.id).await.unwrap();
    }
    assert_eq!(seen.status, MessageStatus::Queued);
    assert_eq!(seen.attempts, 1);
    let reason = seen.reason.unwrap();
    assert!(reason.starts_with("retry 1/5"), "{reason}");
    assert!(reason.contains("332"), "{reason}");
    r.stop().await;
}
