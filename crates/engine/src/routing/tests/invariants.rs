//! Properties that must hold for every pool, modem state and limit, checked over seeded random cases:
//! a message some SIM may send is never stranded, a message no SIM may send gets one reason from everyone,
//! and only a SIM that is online, enabled and under its limits ever sends.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::*;

/// m0..m4 may be attached; m5 is configured in pools but never attached.
const NAMES: [&str; 6] = ["m0", "m1", "m2", "m3", "m4", "m5"];
const NUMBERS: [&str; 4] = [
    "+4915112345678",
    "+436641234567",
    "+447911123456",
    "+33612345678",
];
const STRATEGIES: [Strategy; 4] = [
    Strategy::RoundRobin,
    Strategy::LeastQueued,
    Strategy::Sticky,
    Strategy::Failover,
];

struct Case {
    cfg: RoutingConfig,
    modems: Vec<ModemState<'static>>,
    to: &'static str,
}

fn random_case(rng: &mut StdRng) -> Case {
    let mut members: Vec<&str> = NAMES.to_vec();
    members.shuffle(rng);
    members.truncate(rng.gen_range(1..=4));
    let strategy = STRATEGIES[rng.gen_range(0..STRATEGIES.len())];
    let mut cfg = single_pool(&members, strategy);
    let cap = |rng: &mut StdRng| rng.gen_bool(0.5).then(|| rng.gen_range(1..4));
    let mut modems = Vec::new();
    for &name in &NAMES[..rng.gen_range(1..=5)] {
        cfg.limits.insert(
            name.to_owned(),
            SimLimits {
                per_hour: cap(rng),
                per_day: cap(rng),
                per_month: cap(rng),
                unique_recipients_per_day: cap(rng),
            },
        );
        modems.push(ModemState {
            name,
            online: rng.gen_bool(0.8),
            enabled: rng.gen_bool(0.9),
            usage: Usage {
                hour: rng.gen_range(0..4),
                day: rng.gen_range(0..4),
                month: rng.gen_range(0..4),
                unique_today: rng.gen_range(0..4),
                knows_recipient_today: rng.gen_bool(0.3),
            },
            queued: rng.gen_range(0..3),
        });
    }
    modems.shuffle(rng);
    let to = NUMBERS[rng.gen_range(0..NUMBERS.len())];
    Case { cfg, modems, to }
}

/// Whether `name` may send by the rules written out longhand, independently of `decide`.
fn may_send(case: &Case, name: &str) -> bool {
    let Some(m) = case.modems.iter().find(|m| m.name == name) else {
        return false;
    };
    let l = case.cfg.limits.get(name).copied().unwrap_or_default();
    let under = |cap: Option<u32>, used: u32| cap.is_none_or(|c| used < c);
    m.online
        && m.enabled
        && under(l.per_hour, m.usage.hour)
        && under(l.per_day, m.usage.day)
        && under(l.per_month, m.usage.month)
        && (m.usage.knows_recipient_today
            || under(l.unique_recipients_per_day, m.usage.unique_today))
}

#[test]
fn no_message_is_stranded_and_only_usable_sims_send() {
    let mut rng = StdRng::seed_from_u64(0x5167_a7e5);
    let now = utc(13, 20);
    for i in 0..3000 {
        let case = random_case(&mut rng);
        let pool = &case.cfg.pools[0];
        let m = msg(case.to);
        let decisions: Vec<(&str, Decision)> = case
            .modems
            .iter()
            .map(|c| {
                let d = decide(&case.cfg, &m, c.name, &case.modems, now, &RoundRobin::new());
                (c.name, d)
            })
            .collect();
        let eligible: Vec<&str> = pool
            .modems
            .iter()
            .map(String::as_str)
            .filter(|n| may_send(&case, n))
            .collect();
        let ctx = format!("case {i}: pool {pool:?}, modems {:?}", case.modems);

        if eligible.is_empty() {
            let first = &decisions[0].1;
            assert!(matches!(first, Decision::Wait(_)), "{ctx}: {first:?}");
            assert!(
                decisions.iter().all(|(_, d)| d == first),
                "{ctx}: reasons differ by candidate: {decisions:?}"
            );
            if let Decision::Wait(reason) = first {
                assert!(
                    reason.until_ms().is_none_or(|t| t > now),
                    "{ctx}: {reason:?}"
                );
            }
            continue;
        }
        let sent: Vec<&str> = decisions
            .iter()
            .filter(|(_, d)| *d == Decision::Send)
            .map(|(n, _)| *n)
            .collect();
        assert!(
            !sent.is_empty(),
            "{ctx}: no SIM sends though {eligible:?} may"
        );
        for (name, d) in &decisions {
            assert!(
                !matches!(d, Decision::Wait(_)),
                "{ctx}: {name} told to wait"
            );
            if *d == Decision::Send {
                assert!(eligible.contains(name), "{ctx}: {name} may not send");
            }
        }
        match pool.strategy {
            Strategy::Failover => assert_eq!(sent, [eligible[0]], "{ctx}"),
            Strategy::Sticky => assert_eq!(sent.len(), 1, "{ctx}: {sent:?}"),
            Strategy::RoundRobin | Strategy::LeastQueued => {}
        }
    }
}

#[test]
fn a_sticky_recipient_moves_only_when_its_own_sim_cannot_send() {
    let mut rng = StdRng::seed_from_u64(0x0571_c4e1);
    let now = utc(13, 20);
    let order = ["m0", "m1", "m2", "m3"];
    let cfg = single_pool(&order, Strategy::Sticky);
    for _ in 0..500 {
        let to = NUMBERS[rng.gen_range(0..NUMBERS.len())];
        let all_up: Vec<ModemState<'_>> = order.iter().map(|&n| up(n)).collect();
        let home = senders(&cfg, &msg(to), &all_up, now, &RoundRobin::new())[0];
        let mut some_down = all_up.clone();
        for m in &mut some_down {
            m.online = rng.gen_bool(0.6);
        }
        let sent = senders(&cfg, &msg(to), &some_down, now, &RoundRobin::new());
        let home_up = some_down.iter().any(|m| m.name == home && m.online);
        if home_up {
            assert_eq!(sent, [home], "{to} left a SIM that is still online");
        } else if let Some(&stand_in) = sent.first() {
            // The stand-in is the first online SIM after home in the configured order.
            let h = order.iter().position(|&n| n == home).unwrap();
            let expected = (1..order.len())
                .map(|k| order[(h + k) % order.len()])
                .find(|n| some_down.iter().any(|m| m.name == *n && m.online));
            assert_eq!(Some(stand_in), expected, "{to}");
        }
    }
}
