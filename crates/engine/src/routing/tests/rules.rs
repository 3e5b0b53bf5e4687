//! Rule selection: the first rule whose conditions all hold picks the pool.

use super::*;

fn rule(name: &str, when: Match, pool: &str) -> Rule {
    Rule {
        name: name.to_owned(),
        when,
        pool: pool.to_owned(),
    }
}

/// Pools named p1..p5 and "fallback", each with one modem of the same name.
fn with_rules(rules: Vec<Rule>) -> RoutingConfig {
    let names = ["p1", "p2", "p3", "p4", "p5", "fallback"];
    RoutingConfig {
        pools: names
            .iter()
            .map(|n| pool(n, &[n], Strategy::Failover))
            .collect(),
        rules,
        default_pool: Some("fallback".to_owned()),
        ..RoutingConfig::default()
    }
}

fn pool_of<'a>(cfg: &'a RoutingConfig, m: &MessageAttrs<'a>) -> Option<&'a str> {
    route_pool(cfg, m).map(|p| p.name.as_str())
}

#[test]
fn the_first_matching_rule_wins_even_when_later_rules_match_too() {
    let cfg = with_rules(vec![
        rule(
            "austria",
            Match {
                prefix: Some("+43".into()),
                ..Match::default()
            },
            "p1",
        ),
        rule(
            "german mobiles",
            Match {
                prefix: Some("+49151".into()),
                ..Match::default()
            },
            "p2",
        ),
        rule(
            "germany",
            Match {
                prefix: Some("+49".into()),
                ..Match::default()
            },
            "p3",
        ),
    ]);
    assert_eq!(pool_of(&cfg, &msg("+4915112345678")), Some("p2"));
    assert_eq!(pool_of(&cfg, &msg("+4930123456")), Some("p3"));
    assert_eq!(pool_of(&cfg, &msg("+436641234567")), Some("p1"));
    assert_eq!(
        pool_of(&cfg, &msg("+33612345678")),
        Some("fallback"),
        "no rule matches France"
    );
}

#[test]
fn country_is_read_from_the_numbers_calling_code_and_numbering_plan() {
    let cfg = with_rules(vec![
        rule(
            "canada",
            Match {
                country: Some("CA".into()),
                ..Match::default()
            },
            "p1",
        ),
        rule(
            "germany",
            Match {
                country: Some("DE".into()),
                ..Match::default()
            },
            "p2",
        ),
    ]);
    // +1 is shared by the USA, Canada and the Caribbean: Toronto's 416 is Canadian, New York's 212 is not.
    assert_eq!(pool_of(&cfg, &msg("+14169671111")), Some("p1"));
    assert_eq!(pool_of(&cfg, &msg("+12127365000")), Some("fallback"));
    assert_eq!(pool_of(&cfg, &msg("+4915112345678")), Some("p2"));
}

#[test]
fn tag_category_and_priority_conditions_select_rules() {
    let cfg = with_rules(vec![
        rule(
            "codes",
            Match {
                priority: Some(Priority::Otp),
                ..Match::default()
            },
            "p1",
        ),
        rule(
            "vips",
            Match {
                tag: Some("VIP".into()),
                ..Match::default()
            },
            "p2",
        ),
        rule(
            "campaigns",
            Match {
                category: Some(Category::Marketing),
                ..Match::default()
            },
            "p3",
        ),
    ]);
    let tags = ["customer".to_owned(), "vip".to_owned()];
    let otp = MessageAttrs {
        priority: Priority::Otp,
        tags: &tags,
        ..msg("+4915112345678")
    };
    assert_eq!(pool_of(&cfg, &otp), Some("p1"));
    let vip = MessageAttrs {
        tags: &tags,
        ..msg("+4915112345678")
    };
    assert_eq!(pool_of(&cfg, &vip), Some("p2"), "tags compare without case");
    let campaign = MessageAttrs {
        category: Category::Marketing,
        ..msg("+4915112345678")
    };
    assert_eq!(pool_of(&cfg, &campaign), Some("p3"));
    assert_eq!(pool_of(&cfg, &msg("+4915112345678")), Some("fallback"));
}

#[test]
fn every_condition_of_a_rule_must_hold() {
    let cfg = with_rules(vec![rule(
        "german campaigns",
        Match {
            prefix: Some("+49".into()),
            country: Some("DE".into()),
            tag: Some("newsletter".into()),
            category: Some(Category::Marketing),
            priority: Some(Priority::Bulk),
        },
        "p1",
    )]);
    let tags = ["newsletter".to_owned()];
    let full = MessageAttrs {
        category: Category::Marketing,
        priority: Priority::Bulk,
        tags: &tags,
        ..msg("+4915112345678")
    };
    assert_eq!(pool_of(&cfg, &full), Some("p1"));
    let misses = [
        MessageAttrs {
            to: "+436641234567",
            ..full
        },
        MessageAttrs { tags: &[], ..full },
        MessageAttrs {
            category: Category::Transactional,
            ..full
        },
        MessageAttrs {
            priority: Priority::Normal,
            ..full
        },
    ];
    for m in misses {
        assert_eq!(pool_of(&cfg, &m), Some("fallback"), "{m:?}");
    }
}

#[test]
fn an_explicit_pool_overrides_the_rules() {
    let cfg = with_rules(vec![rule("all", Match::default(), "p1")]);
    let explicit = MessageAttrs {
        pool: Some("p4"),
        ..msg("+4915112345678")
    };
    assert_eq!(pool_of(&cfg, &explicit), Some("p4"));
    assert_eq!(
        pool_of(&cfg, &msg("+4915112345678")),
        Some("p1"),
        "a rule without conditions matches everything"
    );
}

#[test]
fn without_a_matching_rule_or_default_pool_every_modem_may_send() {
    let mut cfg = with_rules(vec![]);
    cfg.default_pool = None;
    assert_eq!(route(&cfg, &msg("+4915112345678")), Route::AllModems);
    assert_eq!(route_pool(&cfg, &msg("+4915112345678")), None);
}

#[test]
fn a_message_routed_to_a_pool_that_no_longer_exists_waits_with_its_name() {
    let cfg = with_rules(vec![]);
    let m = MessageAttrs {
        pool: Some("gone"),
        ..msg("+4915112345678")
    };
    assert_eq!(route(&cfg, &m), Route::UnknownPool("gone"));
    let reason = wait_reason(&cfg, &m, "p1", &[up("p1")], utc(12, 0));
    assert_eq!(reason.to_string(), "pool \"gone\" does not exist");
}

#[test]
fn the_chosen_pools_strategy_decides_the_modem() {
    let cfg = with_rules(vec![rule(
        "germany",
        Match {
            prefix: Some("+49".into()),
            ..Match::default()
        },
        "p2",
    )]);
    let modems = [up("p1"), up("p2"), up("fallback")];
    let rr = RoundRobin::new();
    assert_eq!(
        senders(&cfg, &msg("+4915112345678"), &modems, utc(12, 0), &rr),
        ["p2"]
    );
    assert_eq!(
        senders(&cfg, &msg("+33612345678"), &modems, utc(12, 0), &rr),
        ["fallback"]
    );
}
