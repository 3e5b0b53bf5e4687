//! Per-SIM limits: roll-over to the pool's other SIMs, and the reasons a message waits.

use super::*;

/// Modems a and b in a failover pool, the gateway at +01:00, a limited to 10 a day.
fn limited_pool(strategy: Strategy) -> RoutingConfig {
    let mut cfg = single_pool(&["a", "b"], strategy);
    cfg.default_timezone = "+01:00".to_owned();
    cfg.limits.insert(
        "a".to_owned(),
        SimLimits {
            per_day: Some(10),
            ..SimLimits::default()
        },
    );
    cfg
}

fn used(name: &str, usage: Usage) -> ModemState<'_> {
    ModemState { usage, ..up(name) }
}

fn day(n: u32) -> Usage {
    Usage {
        day: n,
        ..Usage::default()
    }
}

#[test]
fn a_sim_below_its_limit_keeps_sending() {
    let cfg = limited_pool(Strategy::Failover);
    let modems = [used("a", day(9)), up("b")];
    let rr = RoundRobin::new();
    assert_eq!(
        senders(&cfg, &msg("+4915112345678"), &modems, utc(13, 20), &rr),
        ["a"]
    );
}

#[test]
fn traffic_rolls_over_to_the_pools_other_sim_when_one_is_at_its_limit() {
    for strategy in [
        Strategy::Failover,
        Strategy::Sticky,
        Strategy::RoundRobin,
        Strategy::LeastQueued,
    ] {
        let cfg = limited_pool(strategy);
        let modems = [used("a", day(10)), up("b")];
        let rr = RoundRobin::new();
        for n in ["+4915112345678", "+4917612345678", "+436641234567"] {
            assert_eq!(
                senders(&cfg, &msg(n), &modems, utc(13, 20), &rr),
                ["b"],
                "{strategy:?} {n}"
            );
        }
    }
}

#[test]
fn a_lone_sim_at_its_daily_limit_waits_until_local_midnight() {
    let mut cfg = limited_pool(Strategy::Failover);
    cfg.pools[0].modems = vec!["a".to_owned()];
    let modems = [used("a", day(10))];
    let reason = wait_reason(&cfg, &msg("+4915112345678"), "a", &modems, utc(13, 20));
    assert_eq!(
        reason.to_string(),
        "SIM daily limit reached on a, resets at 00:00"
    );
    // Midnight at +01:00 is 23:00 UTC.
    assert_eq!(reason.until_ms(), Some(utc(23, 0)));
}

#[test]
fn every_sim_at_a_limit_waits_for_the_first_one_to_reset() {
    let mut cfg = limited_pool(Strategy::RoundRobin);
    cfg.limits.insert(
        "b".to_owned(),
        SimLimits {
            per_hour: Some(30),
            ..SimLimits::default()
        },
    );
    let hour = Usage {
        hour: 30,
        ..Usage::default()
    };
    let modems = [used("a", day(10)), used("b", hour)];
    // 13:20 UTC is 14:20 at +01:00: b's hour ends at 15:00 local, before a's day.
    let reason = wait_reason(&cfg, &msg("+4915112345678"), "a", &modems, utc(13, 20));
    assert_eq!(
        reason.to_string(),
        "limit reached on all SIMs, next reset at 15:00"
    );
    assert_eq!(reason.until_ms(), Some(utc(14, 0)));
    assert_eq!(
        wait_reason(&cfg, &msg("+4915112345678"), "b", &modems, utc(13, 20)),
        reason,
        "every modem asking gets the same reason"
    );
}

#[test]
fn a_sim_at_several_limits_waits_for_the_one_that_lifts_last() {
    let mut cfg = single_pool(&["a"], Strategy::Failover);
    cfg.limits.insert(
        "a".to_owned(),
        SimLimits {
            per_hour: Some(5),
            per_day: Some(50),
            per_month: Some(500),
            unique_recipients_per_day: None,
        },
    );
    let at_hour_and_month = Usage {
        hour: 5,
        day: 20,
        month: 500,
        ..Usage::default()
    };
    let reason = wait_reason(
        &cfg,
        &msg("+4915112345678"),
        "a",
        &[used("a", at_hour_and_month)],
        utc(13, 20),
    );
    assert_eq!(
        reason.to_string(),
        "SIM monthly limit reached on a, resets at 2026-12-01 00:00"
    );
    assert_eq!(reason.until_ms(), Some(utc(5 * 24, 0)));
}

#[test]
fn the_new_recipient_limit_holds_only_recipients_not_yet_messaged_today() {
    let mut cfg = single_pool(&["a", "b"], Strategy::Failover);
    cfg.limits.insert(
        "a".to_owned(),
        SimLimits {
            unique_recipients_per_day: Some(100),
            ..SimLimits::default()
        },
    );
    let rr = RoundRobin::new();
    let full = Usage {
        unique_today: 100,
        day: 140,
        ..Usage::default()
    };
    let new_recipient = [used("a", full), up("b")];
    assert_eq!(
        senders(
            &cfg,
            &msg("+4915112345678"),
            &new_recipient,
            utc(12, 0),
            &rr
        ),
        ["b"]
    );
    let known = Usage {
        knows_recipient_today: true,
        ..full
    };
    let known_recipient = [used("a", known), up("b")];
    assert_eq!(
        senders(
            &cfg,
            &msg("+4915112345678"),
            &known_recipient,
            utc(12, 0),
            &rr
        ),
        ["a"]
    );
}

#[test]
fn a_modem_without_limits_is_never_held_by_its_counts() {
    let cfg = single_pool(&["a"], Strategy::Failover);
    let huge = Usage {
        hour: u32::MAX,
        day: u32::MAX,
        month: u32::MAX,
        unique_today: u32::MAX,
        knows_recipient_today: false,
    };
    assert_eq!(
        senders(
            &cfg,
            &msg("+4915112345678"),
            &[used("a", huge)],
            utc(12, 0),
            &RoundRobin::new()
        ),
        ["a"]
    );
}

#[test]
fn a_sim_at_its_limit_while_the_other_is_offline_names_the_limit() {
    let cfg = limited_pool(Strategy::Failover);
    let modems = [used("a", day(10)), offline("b")];
    let reason = wait_reason(&cfg, &msg("+4915112345678"), "a", &modems, utc(13, 20));
    assert!(
        matches!(&reason, WaitReason::SimLimit { modem, limit: LimitKind::Daily, .. } if modem == "a"),
        "{reason:?}"
    );
}

#[test]
fn reasons_when_no_modem_can_send() {
    let cfg = single_pool(&["a", "b"], Strategy::RoundRobin);
    let m = msg("+4915112345678");
    let disabled = |name| ModemState {
        enabled: false,
        ..up(name)
    };

    let reason = wait_reason(&cfg, &m, "a", &[offline("a"), offline("b")], utc(12, 0));
    assert_eq!(reason.to_string(), "modem offline");
    assert_eq!(reason.until_ms(), None, "ends when a modem comes back");
    assert_eq!(
        wait_reason(&cfg, &m, "a", &[disabled("a"), offline("b")], utc(12, 0)).to_string(),
        "modem offline"
    );
    assert_eq!(
        wait_reason(&cfg, &m, "a", &[disabled("a"), disabled("b")], utc(12, 0)).to_string(),
        "modem disabled"
    );
    assert_eq!(
        wait_reason(&cfg, &m, "x", &[], utc(12, 0)).to_string(),
        "modem offline",
        "pool modems that are not attached are offline"
    );

    let empty = single_pool(&[], Strategy::RoundRobin);
    assert_eq!(
        wait_reason(&empty, &m, "a", &[up("a")], utc(12, 0)).to_string(),
        "no modem in pool \"main\""
    );
    assert_eq!(
        wait_reason(&RoutingConfig::default(), &m, "a", &[], utc(12, 0)).to_string(),
        "no modem attached"
    );
}

#[test]
fn usage_periods_follow_the_configured_time_zone() {
    let cfg = RoutingConfig {
        default_timezone: "+05:30".to_owned(),
        ..RoutingConfig::default()
    };
    // 20:10 UTC is 01:40 on 27 November in India.
    let p = usage_periods(&cfg, utc(20, 10));
    assert_eq!(p.hour_start_ms, utc(19, 30));
    assert_eq!(p.hour_end_ms, utc(20, 30));
    assert_eq!(p.day_start_ms, utc(18, 30));
    assert_eq!(p.day_end_ms, utc(18 + 24, 30));
    assert_eq!(p.month_start_ms, utc(-25 * 24 - 5, -30));
    assert_eq!(p.month_end_ms, utc(5 * 24 - 5, -30));
}
