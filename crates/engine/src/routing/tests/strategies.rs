//! Each pool strategy's choice among eligible modems.

use super::*;

#[test]
fn failover_sends_only_on_the_first_usable_modem_in_pool_order() {
    let cfg = single_pool(&["b", "a", "c"], Strategy::Failover);
    let rr = RoundRobin::new();
    let m = msg("+4915112345678");

    let all_up = [up("a"), up("b"), up("c")];
    assert_eq!(senders(&cfg, &m, &all_up, utc(12, 0), &rr), ["b"]);

    let b_down = [up("a"), offline("b"), up("c")];
    assert_eq!(senders(&cfg, &m, &b_down, utc(12, 0), &rr), ["a"]);

    let b_disabled = [
        up("a"),
        ModemState {
            enabled: false,
            ..up("b")
        },
        up("c"),
    ];
    assert_eq!(senders(&cfg, &m, &b_disabled, utc(12, 0), &rr), ["a"]);
}

#[test]
fn failover_treats_a_pool_modem_that_is_not_attached_as_offline() {
    let cfg = single_pool(&["gone", "a"], Strategy::Failover);
    let modems = [up("a")];
    let rr = RoundRobin::new();
    assert_eq!(
        senders(&cfg, &msg("+4915112345678"), &modems, utc(12, 0), &rr),
        ["a"]
    );
}

#[test]
fn sticky_keeps_each_recipient_on_one_modem_and_spreads_recipients() {
    let cfg = single_pool(&["a", "b", "c"], Strategy::Sticky);
    let modems = [up("a"), up("b"), up("c")];
    let rr = RoundRobin::new();
    let numbers: Vec<String> = (0..60).map(|i| format!("+49151{:08}", i * 7919)).collect();
    let mut used = std::collections::BTreeSet::new();
    for n in &numbers {
        let first = senders(&cfg, &msg(n), &modems, utc(12, 0), &rr);
        assert_eq!(
            first.len(),
            1,
            "{n} may go out on exactly one SIM: {first:?}"
        );
        for _ in 0..3 {
            assert_eq!(senders(&cfg, &msg(n), &modems, utc(12, 0), &rr), first);
        }
        used.insert(first[0]);
    }
    assert_eq!(
        used.len(),
        3,
        "60 recipients should use every SIM of the pool"
    );
}

#[test]
fn sticky_assignment_is_pinned_so_recipients_keep_their_sim_across_upgrades() {
    // Changing the hash would move every conversation to another SIM; these pairs must never change.
    let cfg = single_pool(&["a", "b", "c"], Strategy::Sticky);
    let modems = [up("a"), up("b"), up("c")];
    let rr = RoundRobin::new();
    let pinned = [
        ("+4915112345678", "c"),
        ("+4917612345678", "a"),
        ("+436641234567", "b"),
    ];
    for (number, sim) in pinned {
        assert_eq!(
            senders(&cfg, &msg(number), &modems, utc(12, 0), &rr),
            [sim],
            "{number}"
        );
    }
}

#[test]
fn sticky_falls_over_to_the_next_sim_in_pool_order_and_returns_when_it_is_back() {
    let order = ["a", "b", "c"];
    let cfg = single_pool(&order, Strategy::Sticky);
    let rr = RoundRobin::new();
    let m = msg("+4915112345678");
    let all_up = [up("a"), up("b"), up("c")];
    let home = senders(&cfg, &m, &all_up, utc(12, 0), &rr)[0];
    let home_idx = order.iter().position(|&n| n == home).unwrap();
    let next = order[(home_idx + 1) % 3];

    let home_down: Vec<ModemState<'_>> = order
        .iter()
        .map(|&n| if n == home { offline(n) } else { up(n) })
        .collect();
    assert_eq!(senders(&cfg, &m, &home_down, utc(12, 0), &rr), [next]);
    assert_eq!(senders(&cfg, &m, &all_up, utc(12, 0), &rr), [home]);
}

#[test]
fn round_robin_lets_every_idle_modem_take_work() {
    let cfg = single_pool(&["a", "b", "c"], Strategy::RoundRobin);
    let modems = [up("a"), up("b"), up("c")];
    let rr = RoundRobin::new();
    assert_eq!(
        senders(&cfg, &msg("+4915112345678"), &modems, utc(12, 0), &rr),
        ["a", "b", "c"]
    );
}

#[test]
fn round_robin_busy_modems_take_turns_in_pool_order() {
    let cfg = single_pool(&["a", "b", "c"], Strategy::RoundRobin);
    let busy = |name| ModemState {
        queued: 2,
        ..up(name)
    };
    let modems = [busy("a"), busy("b"), busy("c")];
    let rr = RoundRobin::new();
    let m = msg("+4915112345678");
    let ask = |who: &str| decide(&cfg, &m, who, &modems, utc(12, 0), &rr);

    assert_eq!(ask("b"), Decision::NotThisModem, "it is a's turn");
    assert_eq!(ask("a"), Decision::Send);
    assert_eq!(ask("a"), Decision::NotThisModem, "a just had its turn");
    assert_eq!(ask("c"), Decision::NotThisModem, "it is b's turn");
    assert_eq!(ask("b"), Decision::Send);
    assert_eq!(ask("c"), Decision::Send);
    assert_eq!(rr.next_index("main"), 0, "after c the turn wraps to a");
}

#[test]
fn round_robin_skips_a_modem_whose_turn_it_is_while_it_is_offline() {
    let cfg = single_pool(&["a", "b", "c"], Strategy::RoundRobin);
    let busy = |name| ModemState {
        queued: 1,
        ..up(name)
    };
    let modems = [
        busy("a"),
        ModemState {
            online: false,
            ..busy("b")
        },
        busy("c"),
    ];
    let rr = RoundRobin::new();
    let m = msg("+4915112345678");
    assert_eq!(
        decide(&cfg, &m, "a", &modems, utc(12, 0), &rr),
        Decision::Send
    );
    assert_eq!(
        decide(&cfg, &m, "c", &modems, utc(12, 0), &rr),
        Decision::Send,
        "b is offline, so its turn passes to c"
    );
}

#[test]
fn least_queued_sends_on_the_modems_with_the_fewest_queued() {
    let cfg = single_pool(&["a", "b", "c"], Strategy::LeastQueued);
    let q = |name, queued| ModemState { queued, ..up(name) };
    let rr = RoundRobin::new();
    let m = msg("+4915112345678");
    assert_eq!(
        senders(
            &cfg,
            &m,
            &[q("a", 3), q("b", 1), q("c", 1)],
            utc(12, 0),
            &rr
        ),
        ["b", "c"],
        "a tie lets either send"
    );
    let a_idle_but_offline = [
        ModemState {
            online: false,
            ..q("a", 0)
        },
        q("b", 2),
        q("c", 5),
    ];
    assert_eq!(
        senders(&cfg, &m, &a_idle_but_offline, utc(12, 0), &rr),
        ["b"]
    );
}

#[test]
fn without_pools_every_usable_modem_may_send() {
    let cfg = RoutingConfig::default();
    let modems = [
        up("a"),
        offline("b"),
        ModemState {
            queued: 4,
            ..up("c")
        },
    ];
    assert_eq!(
        senders(
            &cfg,
            &msg("+4915112345678"),
            &modems,
            utc(12, 0),
            &RoundRobin::new()
        ),
        ["a", "c"]
    );
}

#[test]
fn a_modem_outside_the_pool_is_told_not_this_modem() {
    let cfg = single_pool(&["a"], Strategy::RoundRobin);
    let modems = [up("a"), up("x")];
    assert_eq!(
        decide(
            &cfg,
            &msg("+4915112345678"),
            "x",
            &modems,
            utc(12, 0),
            &RoundRobin::new()
        ),
        Decision::NotThisModem
    );
}
