use std::time::Duration;

use simgate_engine::{Event, InboxQuery};
use simgate_sim::{SimModem, deliver_pdus};

use crate::support::{next_event, rig, rig_with, sim_config, start};

const FROM: &str = "+4917612345678";

async fn wait_for_inbox(
    gw: &simgate_engine::Gateway,
    n: usize,
) -> Vec<simgate_engine::InboxMessage> {
    for _ in 0..250 {
        let page = gw.inbox(InboxQuery::default()).await.unwrap();
        if page.items.len() >= n {
            return page.items;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the inbox never held {n} messages");
}

async fn wait_until_acked(sim: &SimModem) {
    for _ in 0..250 {
        if sim.stored() == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the modem still holds {} messages", sim.stored());
}

#[tokio::test]
async fn an_incoming_sms_lands_in_the_inbox_with_an_event_and_leaves_the_sim() {
    let r = rig(1).await;
    let mut events = r.gw.subscribe();
    r.sims[0]
        .inject_incoming(FROM, "Is the shop open today?")
        .unwrap();
    let (id, from, modem) = next_event(&mut events, |e| match e {
        Event::MessageReceived { id, from, modem } => {
            Some((id.clone(), from.clone(), modem.clone()))
        }
        _ => None,
    })
    .await;
    assert_eq!(from, FROM);
    assert_eq!(modem, "modem-1");
    let items = wait_for_inbox(&r.gw, 1).await;
    assert_eq!(items[0].id, id);
    assert_eq!(items[0].body, "Is the shop open today?");
    wait_until_acked(&r.sims[0]).await;
    r.stop().await;
}

#[tokio::test]
async fn multipart_out_of_order_and_duplicated_becomes_one_message() {
    let r = rig(1).await;
    let text = "A reply long enough to need three parts. ".repeat(9);
    let pdus = deliver_pdus(FROM, &text, 0x1234).unwrap();
    assert_eq!(pdus.len(), 3);
    for i in [2, 0, 2, 1, 0] {
        r.sims[0].deliver_pdu(&pdus[i]).unwrap();
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    let items = wait_for_inbox(&r.gw, 1).await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].body, text);
    wait_until_acked(&r.sims[0]).await;
    // The duplicates did not make a second message.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        r.gw.inbox(InboxQuery::default()).await.unwrap().items.len(),
        1
    );
    r.stop().await;
}

#[tokio::test]
async fn a_multipart_message_split_by_a_restart_is_reassembled() {
    let dir = tempfile::tempdir().unwrap();
    let sim = SimModem::spawn(sim_config(&dir, 1)).unwrap();
    let text = "Parts before and after a restart must still join up. ".repeat(5);
    let pdus = deliver_pdus(FROM, &text, 77).unwrap();
    assert!(pdus.len() >= 2);
    let r = rig_with(dir, vec![sim]).await;
    r.sims[0].deliver_pdu(&pdus[0]).unwrap();
    // Once the modem deleted it, the part is on disk.
    tokio::time::sleep(Duration::from_millis(100)).await;
    wait_until_acked(&r.sims[0]).await;
    r.gw.shutdown().await;
    assert!(
        r.gw.inbox(InboxQuery::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );

    let gw = start(&r.dir, 1).await;
    for p in &pdus[1..] {
        r.sims[0].deliver_pdu(p).unwrap();
    }
    let items = wait_for_inbox(&gw, 1).await;
    assert_eq!(items[0].body, text);
    gw.shutdown().await;
}
