use std::collections::BTreeMap;

use simgate_engine::routing::{
    Category, Pool, Priority, RoutingConfig, SendWindows, SimLimits, Strategy, Window,
};
use simgate_engine::{EngineError, MessageStatus, SendRequest};

use crate::support::{req, rig};

fn pool(strategy: Strategy) -> RoutingConfig {
    RoutingConfig {
        pools: vec![Pool {
            name: "all".into(),
            modems: vec!["modem-1".into(), "modem-2".into()],
            strategy,
        }],
        default_pool: Some("all".into()),
        ..RoutingConfig::default()
    }
}

fn hourly(n: u32) -> SimLimits {
    SimLimits {
        per_hour: Some(n),
        ..SimLimits::default()
    }
}

#[tokio::test]
async fn a_sim_at_its_limit_is_skipped_and_traffic_rolls_over_then_waits_with_a_reason() {
    let r = rig(2, 20).await;
    let mut cfg = pool(Strategy::Failover);
    cfg.limits = BTreeMap::from([
        ("modem-1".to_owned(), hourly(2)),
        ("modem-2".to_owned(), hourly(3)),
    ]);
    r.gw.set_routing(cfg).await.unwrap();
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(r.send(req(&format!("m{i}"))).await.id);
    }
    for id in &ids[..5] {
        r.wait_for(id, MessageStatus::Sent).await;
    }
    assert_eq!(r.texts(0).len(), 2, "modem-1 went past its hourly limit");
    assert_eq!(r.texts(1).len(), 3, "modem-2 went past its hourly limit");
    let mut waiting = None;
    for _ in 0..100 {
        let m = r.gw.get(&ids[6]).await.unwrap();
        if m.reason.as_deref().is_some_and(|s| s.contains("limit")) {
            waiting = Some(m);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let m = waiting.expect("no limit reason recorded");
    assert_eq!(m.status, MessageStatus::Queued);
    r.stop().await;
}

#[tokio::test]
async fn sticky_routing_keeps_a_recipient_on_one_sim() {
    let r = rig(2, 0).await;
    r.gw.set_routing(pool(Strategy::Sticky)).await.unwrap();
    let mut last = None;
    for i in 0..4 {
        last = Some(
            r.send(SendRequest::new("+4915112345678", &format!("a{i}")))
                .await
                .id,
        );
        last = Some(
            r.send(SendRequest::new("+447911123456", &format!("b{i}")))
                .await
                .id,
        )
        .or(last);
    }
    r.wait_for(&last.unwrap(), MessageStatus::Sent).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    for sim in 0..2 {
        let texts = r.texts(sim);
        let a = texts.iter().filter(|t| t.starts_with('a')).count();
        let b = texts.iter().filter(|t| t.starts_with('b')).count();
        assert!(a == 0 || a == 4, "recipient A split across SIMs: {texts:?}");
        assert!(b == 0 || b == 4, "recipient B split across SIMs: {texts:?}");
    }
    r.stop().await;
}

#[tokio::test]
async fn marketing_waits_for_its_window_but_an_otp_does_not() {
    let r = rig(1, 0).await;
    // A window that is closed now in the recipient's zone (UK numbers: UTC).
    let now_min = (simgate_engine::now_ms() / 60_000 % 1440) as i32;
    let hhmm = |m: i32| format!("{:02}:{:02}", m.rem_euclid(1440) / 60, m.rem_euclid(60));
    let cfg = RoutingConfig {
        windows: SendWindows {
            marketing: Some(Window::new(&hhmm(now_min + 120), &hhmm(now_min + 180))),
            transactional: None,
        },
        ..RoutingConfig::default()
    };
    r.gw.set_routing(cfg).await.unwrap();
    let mut promo = SendRequest::new("+447911123456", "sale!");
    promo.category = Category::Marketing;
    let promo = r.send(promo).await;
    let mut code = SendRequest::new("+447911123456", "code 1234");
    code.category = Category::Marketing;
    code.priority = Priority::Otp;
    let code = r.send(code).await;
    r.wait_for(&code.id, MessageStatus::Sent).await;
    let mut reason = None;
    for _ in 0..100 {
        reason = r.gw.get(&promo.id).await.unwrap().reason;
        if reason
            .as_deref()
            .is_some_and(|s| s.starts_with("outside send window"))
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let reason = reason.unwrap();
    assert!(reason.contains(&hhmm(now_min + 120)), "{reason}");
    assert_eq!(r.texts(0), ["code 1234"]);
    r.stop().await;
}

#[tokio::test]
async fn an_invalid_routing_configuration_is_refused_with_paths_and_nothing_changes() {
    let r = rig(1, 0).await;
    let mut cfg = pool(Strategy::RoundRobin);
    cfg.default_pool = Some("missing".into());
    let err = r.gw.set_routing(cfg).await.unwrap_err();
    let EngineError::Invalid(fields) = err else {
        panic!("{err}")
    };
    assert!(
        fields.iter().any(|f| f.field == "default_pool"),
        "{fields:?}"
    );
    assert_eq!(r.gw.routing(), RoutingConfig::default());
    let mut unknown_pool = req("x");
    unknown_pool.pool = Some("nope".into());
    let err = r.gw.enqueue(unknown_pool).await.unwrap_err();
    let EngineError::Invalid(fields) = err else {
        panic!("{err}")
    };
    assert_eq!(fields[0].field, "pool");
    r.stop().await;
}

#[tokio::test]
async fn a_message_pinned_to_a_modem_goes_out_on_that_modem_only() {
    let r = rig(2, 0).await;
    // Failover would put everything on modem-1; the pin overrides the rules.
    r.gw.set_routing(pool(Strategy::Failover)).await.unwrap();
    let mut test = req("test from modem-2");
    test.modem = Some("modem-2".into());
    let test = r.send(test).await;
    let done = r.wait_for(&test.id, MessageStatus::Sent).await;
    assert_eq!(done.modem.as_deref(), Some("modem-2"));
    assert_eq!(r.texts(1), ["test from modem-2"]);
    assert!(r.texts(0).is_empty());
    let mut bad = req("x");
    bad.modem = Some("modem-9".into());
    let err = r.gw.enqueue(bad).await.unwrap_err();
    let EngineError::Invalid(fields) = err else {
        panic!("{err}")
    };
    assert_eq!(fields[0].field, "modem");
    r.stop().await;
}
