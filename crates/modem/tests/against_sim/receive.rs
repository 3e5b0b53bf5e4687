use std::collections::BTreeMap;

use simgate_modem::{IncomingSms, ModemEvent};
use simgate_sim::{Profile, deliver_pdus};

use crate::common::{collect_for, next_matching, open, sim};

fn incoming(ev: ModemEvent) -> Option<IncomingSms> {
    match ev {
        ModemEvent::Incoming(m) => Some(m),
        _ => None,
    }
}

#[tokio::test]
async fn an_incoming_sms_is_read_handed_over_and_deleted_only_after_the_ack() {
    for profile in Profile::ALL {
        let sim = sim(profile);
        let modem = open(&sim).await;
        let mut rx = modem.subscribe();
        sim.inject_incoming("+4915112345678", "Is my order ready?")
            .unwrap();
        let msg = next_matching(&mut rx, 5, incoming).await;
        assert_eq!(msg.message.originator.number, "+4915112345678", "{profile}");
        assert_eq!(msg.message.text(), Some("Is my order ready?"), "{profile}");
        assert_eq!(
            sim.stored(),
            1,
            "{profile}: kept on the SIM until acknowledged"
        );
        msg.ack.stored().await.expect("ack");
        assert_eq!(sim.stored(), 0, "{profile}: deleted after the ack");
        // Acknowledging twice is harmless.
        msg.ack.stored().await.expect("second ack");
        modem.close().await;
    }
}

#[tokio::test]
async fn a_modem_that_drops_urcs_still_delivers_through_the_sweep_exactly_once() {
    let sim = sim(Profile::Generic);
    sim.set_drop_urcs(true);
    let modem = open(&sim).await;
    let mut rx = modem.subscribe();
    sim.inject_incoming("+4915112345678", "via sweep").unwrap();
    // Several sweeps pass (300 ms each) while the message is not acknowledged.
    let got = collect_for(&mut rx, 1500, incoming).await;
    assert_eq!(got.len(), 1, "seen by several sweeps, delivered once");
    assert_eq!(got[0].message.text(), Some("via sweep"));
    got[0].ack.stored().await.unwrap();
    assert_eq!(sim.stored(), 0);
}

#[tokio::test]
async fn messages_waiting_on_the_sim_before_start_are_delivered() {
    let sim = sim(Profile::Huawei);
    // Delivered while nothing had configured +CNMI: stored silently.
    sim.inject_incoming("+4915112345678", "sent while SimGate was off")
        .unwrap();
    let modem = open(&sim).await;
    let mut rx = modem.subscribe();
    let msg = next_matching(&mut rx, 5, incoming).await;
    assert_eq!(msg.message.text(), Some("sent while SimGate was off"));
}

#[tokio::test]
async fn multipart_out_of_order_and_duplicated_parts_arrive_once_each() {
    let sim = sim(Profile::Simcom);
    let modem = open(&sim).await;
    let mut rx = modem.subscribe();
    let text = "Part of a long reply that needs three SMS to arrive. ".repeat(7);
    let pdus = deliver_pdus("+4915112345678", &text, 99).unwrap();
    assert_eq!(pdus.len(), 3);
    // 3, 1, 1 again (network duplicate), 2.
    for i in [2, 0, 0, 1] {
        sim.deliver_pdu(&pdus[i]).unwrap();
    }
    let got = collect_for(&mut rx, 1500, incoming).await;
    assert_eq!(got.len(), 3, "the duplicate is dropped");
    let mut by_seq = BTreeMap::new();
    for m in &got {
        let c = m.message.concat().expect("concatenated");
        assert_eq!((c.reference, c.total), (99, 3));
        by_seq.insert(c.seq, m.message.text().unwrap().to_string());
        m.ack.stored().await.unwrap();
    }
    let joined: String = by_seq.into_values().collect();
    assert_eq!(joined, text);
    assert_eq!(sim.stored(), 0, "the duplicate was deleted too");
}

#[tokio::test]
async fn an_unacknowledged_message_stays_on_the_sim_and_is_offered_again_after_a_restart() {
    let sim = sim(Profile::Generic);
    {
        let modem = open(&sim).await;
        let mut rx = modem.subscribe();
        sim.inject_incoming("+4915112345678", "crash before storing")
            .unwrap();
        let _ = next_matching(&mut rx, 5, incoming).await;
        // The gateway "crashes" without acknowledging.
        modem.close().await;
    }
    assert_eq!(sim.stored(), 1);
    let modem = open(&sim).await;
    let mut rx = modem.subscribe();
    let msg = next_matching(&mut rx, 5, incoming).await;
    assert_eq!(msg.message.text(), Some("crash before storing"));
    msg.ack.stored().await.unwrap();
    assert_eq!(sim.stored(), 0);
}

#[tokio::test]
async fn directly_routed_messages_are_acknowledged_with_cnma_after_storing() {
    let sim = sim(Profile::Generic);
    sim.set_direct_only(true);
    let modem = open(&sim).await;
    let mut rx = modem.subscribe();
    sim.inject_incoming("+4915112345678", "routed via +CMT")
        .unwrap();
    let msg = next_matching(&mut rx, 5, incoming).await;
    assert_eq!(msg.message.text(), Some("routed via +CMT"));
    assert_eq!(msg.ack.index(), None, "not in the storage");
    assert_eq!(
        sim.cnma_count(),
        0,
        "not acknowledged before the gateway stored it"
    );
    msg.ack.stored().await.unwrap();
    assert_eq!(sim.cnma_count(), 1);
    assert_eq!(sim.stored(), 0);
}

#[tokio::test]
async fn a_message_nobody_acknowledged_is_offered_again_later_and_not_after_the_ack() {
    let sim = sim(Profile::Generic);
    let mut cfg = crate::common::config(&sim);
    cfg.reoffer_after = std::time::Duration::from_millis(600);
    let modem = simgate_modem::Modem::open(cfg).await.unwrap();
    let mut rx = modem.subscribe();
    sim.inject_incoming("+4915112345678", "missed by a lagging subscriber")
        .unwrap();
    let first = next_matching(&mut rx, 5, incoming).await;
    // Not acknowledged: it comes again after the re-offer time...
    let again = next_matching(&mut rx, 5, incoming).await;
    assert_eq!(again.pdu, first.pdu);
    again.ack.stored().await.unwrap();
    assert_eq!(sim.stored(), 0);
    // ...and never after the acknowledgement.
    assert!(collect_for(&mut rx, 1500, incoming).await.is_empty());
}
