//! Routing tests with a fake clock: every instant is built from [`utc`] on 2026-11-26.

mod config;
mod invariants;
mod limits;
mod local_time;
mod rules;
mod strategies;
mod windows;

use super::*;

/// 2026-11-26 00:00 UTC in Unix ms.
const DAY0: i64 = 1_795_651_200_000;
const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// 2026-11-26 at `h:m` UTC (hours past 23 run into the next days).
fn utc(h: i64, m: i64) -> i64 {
    DAY0 + h * HOUR + m * MINUTE
}

/// A normal-priority transactional message to `to` with no tags, pool or time zone override.
fn msg(to: &str) -> MessageAttrs<'_> {
    MessageAttrs {
        to,
        category: Category::Transactional,
        priority: Priority::Normal,
        tags: &[],
        pool: None,
        timezone: None,
    }
}

/// An online, enabled, idle modem with nothing sent yet.
fn up(name: &str) -> ModemState<'_> {
    ModemState {
        name,
        online: true,
        enabled: true,
        usage: Usage::default(),
        queued: 0,
    }
}

fn offline(name: &str) -> ModemState<'_> {
    ModemState {
        online: false,
        ..up(name)
    }
}

fn pool(name: &str, modems: &[&str], strategy: Strategy) -> Pool {
    Pool {
        name: name.to_owned(),
        modems: modems.iter().map(|m| m.to_string()).collect(),
        strategy,
    }
}

/// A configuration whose only pool is the default pool.
fn single_pool(modems: &[&str], strategy: Strategy) -> RoutingConfig {
    RoutingConfig {
        pools: vec![pool("main", modems, strategy)],
        default_pool: Some("main".to_owned()),
        ..RoutingConfig::default()
    }
}

/// The modems (in the order given) that `decide` lets send `msg`.
fn senders<'a>(
    cfg: &RoutingConfig,
    msg: &MessageAttrs<'_>,
    modems: &[ModemState<'a>],
    now: i64,
    rr: &RoundRobin,
) -> Vec<&'a str> {
    modems
        .iter()
        .filter(|m| decide(cfg, msg, m.name, modems, now, rr) == Decision::Send)
        .map(|m| m.name)
        .collect()
}

/// The reason `decide` gives, failing the test if it does not make the message wait.
fn wait_reason(
    cfg: &RoutingConfig,
    msg: &MessageAttrs<'_>,
    candidate: &str,
    modems: &[ModemState<'_>],
    now: i64,
) -> WaitReason {
    match decide(cfg, msg, candidate, modems, now, &RoundRobin::new()) {
        Decision::Wait(reason) => reason,
        other => panic!("expected the message to wait, got {other:?}"),
    }
}
