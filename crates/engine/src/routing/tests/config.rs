//! Configuration validation and the JSON shape (the API contract).

use std::collections::BTreeMap;

use serde_json::json;

use super::*;

fn modems(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn problems(cfg: &RoutingConfig, known: &[&str]) -> Vec<(String, &'static str)> {
    match cfg.validate(&modems(known)) {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|e| (e.path.clone(), e.problem.kind()))
            .collect(),
    }
}

fn full_config() -> RoutingConfig {
    RoutingConfig {
        pools: vec![
            pool("de", &["m1", "m2"], Strategy::Sticky),
            pool("otp", &["m3", "m1"], Strategy::Failover),
            pool("bulk", &["m2", "m3"], Strategy::LeastQueued),
            pool("any", &["m1", "m2", "m3"], Strategy::RoundRobin),
        ],
        rules: vec![Rule {
            name: "german newsletters".into(),
            when: Match {
                prefix: Some("+49".into()),
                country: Some("DE".into()),
                tag: Some("newsletter".into()),
                category: Some(Category::Marketing),
                priority: Some(Priority::Bulk),
            },
            pool: "bulk".into(),
        }],
        default_pool: Some("any".into()),
        limits: BTreeMap::from([(
            "m2".to_owned(),
            SimLimits {
                per_hour: Some(60),
                per_day: Some(400),
                per_month: Some(5000),
                unique_recipients_per_day: Some(200),
            },
        )]),
        windows: SendWindows {
            marketing: Some(Window::new("09:00", "20:00")),
            transactional: Some(Window::new("22:00", "06:30")),
        },
        default_timezone: "+01:00".into(),
    }
}

#[test]
fn the_default_configuration_is_valid_and_is_the_empty_json_object() {
    let cfg: RoutingConfig = serde_json::from_str("{}").unwrap();
    assert_eq!(cfg, RoutingConfig::default());
    assert_eq!(cfg.validate(&[]), Ok(()));
}

#[test]
fn a_full_configuration_round_trips_through_json_in_the_documented_shape() {
    let cfg = full_config();
    assert_eq!(cfg.validate(&modems(&["m1", "m2", "m3"])), Ok(()));
    let value = serde_json::to_value(&cfg).unwrap();
    assert_eq!(
        value,
        json!({
            "pools": [
                {"name": "de", "modems": ["m1", "m2"], "strategy": "sticky"},
                {"name": "otp", "modems": ["m3", "m1"], "strategy": "failover"},
                {"name": "bulk", "modems": ["m2", "m3"], "strategy": "least-queued"},
                {"name": "any", "modems": ["m1", "m2", "m3"], "strategy": "round-robin"}
            ],
            "rules": [{
                "name": "german newsletters",
                "when": {"prefix": "+49", "country": "DE", "tag": "newsletter",
                         "category": "marketing", "priority": "bulk"},
                "pool": "bulk"
            }],
            "default_pool": "any",
            "limits": {"m2": {"per_hour": 60, "per_day": 400, "per_month": 5000,
                              "unique_recipients_per_day": 200}},
            "windows": {"marketing": {"start": "09:00", "end": "20:00"},
                        "transactional": {"start": "22:00", "end": "06:30"}},
            "default_timezone": "+01:00"
        })
    );
    let back: RoutingConfig = serde_json::from_value(value).unwrap();
    assert_eq!(back, cfg);
}

#[test]
fn unknown_fields_are_rejected_rather_than_silently_dropped() {
    let typos = [
        json!({"pool": []}),
        json!({"limits": {"m1": {"per_dya": 10}}}),
        json!({"rules": [{"name": "r", "when": {"prefixx": "+49"}, "pool": "p"}]}),
        json!({"windows": {"marketing": {"start": "09:00", "end": "20:00", "tz": "+01:00"}}}),
        json!({"pools": [{"name": "p", "modems": [], "strategy": "random"}]}),
    ];
    for typo in typos {
        assert!(
            serde_json::from_value::<RoutingConfig>(typo.clone()).is_err(),
            "{typo} was accepted"
        );
    }
}

#[test]
fn validation_names_every_problem_with_its_path() {
    let mut cfg = full_config();
    cfg.pools.push(pool("de", &["m1"], Strategy::Failover));
    cfg.pools.push(pool("empty", &[], Strategy::Failover));
    cfg.pools
        .push(pool("", &["m1", "ghost", "m1"], Strategy::Failover));
    cfg.rules.push(Rule {
        name: "german newsletters".into(),
        when: Match {
            prefix: Some("49".into()),
            country: Some("Germany".into()),
            tag: Some(" ".into()),
            ..Match::default()
        },
        pool: "eu".into(),
    });
    cfg.default_pool = Some("nowhere".into());
    cfg.limits.insert(
        "m9".into(),
        SimLimits {
            per_day: Some(0),
            ..SimLimits::default()
        },
    );
    cfg.windows.marketing = Some(Window::new("25:00", "9"));
    cfg.windows.transactional = Some(Window::new("08:00", "08:00"));
    cfg.default_timezone = "Europe/Berlin".into();

    let expected = [
        ("pools[4].name", "duplicate_pool"),
        ("pools[5].modems", "empty_pool"),
        ("pools[6].name", "empty_name"),
        ("pools[6].modems[1]", "unknown_modem"),
        ("pools[6].modems[2]", "duplicate_modem"),
        ("rules[1].name", "duplicate_rule"),
        ("rules[1].when.prefix", "invalid_prefix"),
        ("rules[1].when.country", "invalid_country"),
        ("rules[1].when.tag", "empty_tag"),
        ("rules[1].pool", "unknown_pool"),
        ("default_pool", "unknown_pool"),
        ("limits.m9", "unknown_modem"),
        ("limits.m9.per_day", "zero_limit"),
        ("windows.marketing.start", "invalid_time"),
        ("windows.marketing.end", "invalid_time"),
        ("windows.transactional", "empty_window"),
        ("default_timezone", "invalid_timezone"),
    ];
    let expected: Vec<(String, &str)> = expected.iter().map(|(p, k)| (p.to_string(), *k)).collect();
    assert_eq!(problems(&cfg, &["m1", "m2", "m3"]), expected);
}

#[test]
fn time_of_day_validation_accepts_only_real_times() {
    for good in ["00:00", "9:30", "23:59"] {
        let mut cfg = RoutingConfig::default();
        cfg.windows.marketing = Some(Window::new(good, "23:00"));
        assert_eq!(problems(&cfg, &[]), [], "{good}");
    }
    for bad in [
        "24:00", "12:60", "12", "12:5", "-1:00", "ab:cd", "12:00:00", "",
    ] {
        let mut cfg = RoutingConfig::default();
        cfg.windows.marketing = Some(Window::new(bad, "23:00"));
        assert_eq!(
            problems(&cfg, &[]),
            [("windows.marketing.start".to_owned(), "invalid_time")],
            "{bad:?}"
        );
    }
}

#[test]
fn config_errors_read_well_and_serialise_for_the_api() {
    let cfg = RoutingConfig {
        default_pool: Some("eu".into()),
        ..RoutingConfig::default()
    };
    let errors = cfg.validate(&[]).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "default_pool: there is no pool named \"eu\""
    );
    assert_eq!(
        serde_json::to_value(&errors[0]).unwrap(),
        json!({"path": "default_pool", "kind": "unknown_pool",
               "message": "there is no pool named \"eu\""})
    );
}

#[test]
fn priorities_sort_otp_first_and_priorities_and_categories_store_stably() {
    let mut all = [
        Priority::Bulk,
        Priority::Otp,
        Priority::Normal,
        Priority::High,
    ];
    all.sort();
    assert_eq!(
        all,
        [
            Priority::Otp,
            Priority::High,
            Priority::Normal,
            Priority::Bulk
        ]
    );
    for (i, p) in all.iter().enumerate() {
        assert_eq!(p.as_i64(), i as i64);
        assert_eq!(Priority::from_i64(i as i64), Some(*p));
    }
    assert_eq!(Priority::from_i64(4), None);
    assert_eq!(serde_json::to_value(Priority::Otp).unwrap(), json!("otp"));
    for c in [Category::Transactional, Category::Marketing] {
        assert_eq!(serde_json::to_value(c).unwrap(), json!(c.as_str()));
        assert_eq!(Category::from_name(c.as_str()), Some(c));
    }
    assert_eq!(Category::from_name("Marketing"), None);
}

#[test]
fn wait_reasons_serialise_with_a_kind_for_the_api() {
    let reason = WaitReason::OutsideWindow {
        until: "09:00".into(),
        opens_at_ms: 42,
    };
    assert_eq!(
        serde_json::to_value(&reason).unwrap(),
        json!({"kind": "outside_window", "until": "09:00", "opens_at_ms": 42})
    );
}
