//! Outbox behaviour against a real SQLite file.

use simgate_store::messages::{self, ListQuery, MessageStatus, NewMessage, PartState, Transition};
use simgate_store::{Store, queue};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&dir.path().join("simgate.db")).unwrap();
    (dir, s)
}

fn enqueue(s: &mut Store, to: &str, segments: u32, now: i64) -> String {
    let mut m = NewMessage::for_test(to, "hi");
    m.segments = segments;
    let tx = s.transaction().unwrap();
    let msg = messages::insert(&tx, &m, now).unwrap();
    tx.commit().unwrap();
    msg.id
}

#[test]
fn a_stored_message_survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("simgate.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        enqueue(&mut s, "+4915112345678", 1, 10)
    };
    let s = Store::open(&path).unwrap();
    let m = messages::get(s.conn(), &id).unwrap().unwrap();
    assert_eq!(m.to, "+4915112345678");
    assert_eq!(m.status, MessageStatus::Queued);
}

#[test]
fn claim_takes_the_oldest_queued_message_once() {
    let (_d, mut s) = store();
    let first = enqueue(&mut s, "+4915100000001", 1, 1);
    let second = enqueue(&mut s, "+4915100000002", 1, 2);
    let tx = s.transaction().unwrap();
    let due: Vec<String> = queue::due_candidates(&tx, 3, 10)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(due, [first.clone(), second.clone()]);
    let a = queue::claim(&tx, &due[0], "m1", 3).unwrap().unwrap();
    let b = queue::claim(&tx, &due[1], "m2", 3).unwrap().unwrap();
    assert!(
        queue::claim(&tx, &due[0], "m3", 3).unwrap().is_none(),
        "claimed twice"
    );
    assert!(queue::due_candidates(&tx, 3, 10).unwrap().is_empty());
    tx.commit().unwrap();
    assert_eq!(
        (a.id.as_str(), b.id.as_str()),
        (first.as_str(), second.as_str())
    );
    assert_eq!(a.status, MessageStatus::Sending);
    assert_eq!(a.modem.as_deref(), Some("m1"));
    // The claim is recorded in the message's history.
    let stored = messages::get(s.conn(), &a.id).unwrap().unwrap();
    let statuses: Vec<_> = stored.history.iter().map(|h| h.status).collect();
    assert_eq!(statuses, [MessageStatus::Queued, MessageStatus::Sending]);
    assert_eq!(stored.history[1].modem.as_deref(), Some("m1"));
}

#[test]
fn list_pages_newest_first_with_a_cursor() {
    let (_d, mut s) = store();
    let ids: Vec<String> = (0..5)
        .map(|i| enqueue(&mut s, "+4915100000001", 1, i))
        .collect();
    let page1 = messages::list(
        s.conn(),
        &ListQuery {
            limit: 2,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        page1.iter().map(|m| &m.id).collect::<Vec<_>>(),
        [&ids[4], &ids[3]]
    );
    let page2 = messages::list(
        s.conn(),
        &ListQuery {
            limit: 2,
            before: Some(page1[1].id.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        page2.iter().map(|m| &m.id).collect::<Vec<_>>(),
        [&ids[2], &ids[1]]
    );
}

#[test]
fn recovery_requeues_idle_work_and_flags_in_flight_parts_uncertain() {
    let (_d, mut s) = store();
    let idle = enqueue(&mut s, "+4915100000001", 1, 1);
    let in_flight = enqueue(&mut s, "+4915100000002", 2, 2);
    let half_done = enqueue(&mut s, "+4915100000003", 2, 3);
    let tx = s.transaction().unwrap();
    for id in [&idle, &in_flight, &half_done] {
        queue::claim(&tx, id, "m1", 4).unwrap().unwrap();
    }
    messages::set_part_state(&tx, &in_flight, 1, PartState::Submitting, "m1", None, 5).unwrap();
    messages::set_part_state(&tx, &half_done, 1, PartState::Submitted, "m1", Some(7), 5).unwrap();
    tx.commit().unwrap();

    let tx = s.transaction().unwrap();
    let r = messages::recover(&tx, 6).unwrap();
    tx.commit().unwrap();
    let mut requeued = r.requeued.clone();
    requeued.sort();
    let mut expected = vec![idle.clone(), half_done.clone()];
    expected.sort();
    assert_eq!(requeued, expected);
    assert_eq!(r.uncertain, vec![in_flight.clone()]);
    // A half-sent message resumes with only its unsent part.
    assert_eq!(
        messages::pending_parts(s.conn(), &half_done).unwrap(),
        vec![2]
    );
    let m = messages::get(s.conn(), &in_flight).unwrap().unwrap();
    assert_eq!(m.status, MessageStatus::Uncertain);
}

#[test]
fn transition_of_an_unknown_message_reports_false() {
    let (_d, mut s) = store();
    let tx = s.transaction().unwrap();
    let changed =
        messages::transition(&tx, "nope", MessageStatus::Sent, 1, &Transition::default()).unwrap();
    assert!(!changed);
}

#[test]
fn a_checkpoint_runs_once_per_filled_log_not_after_every_later_commit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("simgate.db");
    let mut writer = Store::open(&path).unwrap();
    let _wal = writer.defer_sync().unwrap();
    let checkpointer = Store::open(&path).unwrap();
    let threshold = 2 * simgate_store::WAL_KEPT_BYTES as u64;
    let body = "x".repeat(4000);
    let fill = |s: &mut Store, n: usize| {
        for i in 0..n {
            let tx = s.transaction().unwrap();
            messages::insert(
                &tx,
                &NewMessage::for_test(&format!("+4915100{i:06}"), &body),
                1,
            )
            .unwrap();
            tx.commit().unwrap();
        }
    };
    // About 3 MiB of log: over the threshold once.
    fill(&mut writer, 600);
    assert!(
        simgate_store::checkpoint(checkpointer.conn(), threshold).unwrap(),
        "a full log is copied back"
    );
    // The next commits start the log over; it stays short, so there is nothing to do for a while.
    fill(&mut writer, 20);
    assert!(
        !simgate_store::checkpoint(checkpointer.conn(), threshold).unwrap(),
        "a log that started over is not checkpointed again after a few commits"
    );
    // Every message is still there.
    let count: i64 = writer
        .conn()
        .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 620);
}

#[test]
fn due_scheduled_messages_are_promoted_and_others_stay() {
    // Both queries name the scheduled-only time index (`INDEXED BY`): SQLite refuses to run them if it cannot
    // answer them.
    let (_d, mut s) = store();
    let mut soon = NewMessage::for_test("+4915100000001", "soon");
    soon.schedule_at = Some(1_000);
    let mut later = NewMessage::for_test("+4915100000002", "later");
    later.schedule_at = Some(9_000);
    let tx = s.transaction().unwrap();
    let soon = messages::insert(&tx, &soon, 10).unwrap().id;
    let later = messages::insert(&tx, &later, 10).unwrap().id;
    tx.commit().unwrap();
    assert_eq!(queue::next_wakeup(s.conn()).unwrap(), Some(1_000));
    let tx = s.transaction().unwrap();
    assert_eq!(queue::promote_due(&tx, 2_000).unwrap(), vec![soon.clone()]);
    tx.commit().unwrap();
    let status = |id: &str| messages::get(s.conn(), id).unwrap().unwrap().status;
    assert_eq!(status(&soon), MessageStatus::Queued);
    assert_eq!(status(&later), MessageStatus::Scheduled);
    assert_eq!(queue::next_wakeup(s.conn()).unwrap(), Some(9_000));
}
