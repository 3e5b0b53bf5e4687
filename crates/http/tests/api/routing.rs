use serde_json::{Value, json};

use crate::support::{TOKEN, TestServer, problem};

fn put(s: &TestServer, body: &Value) -> reqwest::RequestBuilder {
    s.client
        .put(s.url("/api/v1/routing"))
        .bearer_auth(TOKEN)
        .json(body)
}

async fn get_routing(s: &TestServer) -> Value {
    let res = s.get("/api/v1/routing").send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn the_routing_schema_is_described_not_a_bare_object() {
    let s = TestServer::start(0).await;
    let doc: Value = s
        .client
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let routing = &doc["paths"]["/api/v1/routing"];
    let config_ref = json!("#/components/schemas/RoutingConfig");
    assert_eq!(
        routing["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        config_ref
    );
    assert_eq!(
        routing["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        config_ref
    );
    assert_eq!(
        routing["put"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        config_ref
    );

    let schemas = &doc["components"]["schemas"];
    let config = &schemas["RoutingConfig"];
    for field in [
        "pools",
        "rules",
        "default_pool",
        "limits",
        "windows",
        "default_timezone",
    ] {
        assert!(config["properties"].get(field).is_some(), "{field} missing");
    }
    assert_eq!(config["additionalProperties"], false, "{config}");
    assert_eq!(
        config["properties"]["pools"]["items"]["$ref"],
        "#/components/schemas/Pool"
    );
    assert_eq!(
        schemas["Strategy"]["enum"],
        json!(["round-robin", "least-queued", "sticky", "failover"])
    );
    for field in ["prefix", "country", "tag", "category", "priority"] {
        assert!(
            schemas["Match"]["properties"].get(field).is_some(),
            "{field} missing"
        );
    }
    assert_eq!(schemas["Rule"]["required"], json!(["name", "pool"]));
    s.stop().await;
}

#[tokio::test]
async fn a_routing_config_put_then_get_is_unchanged() {
    let s = TestServer::start(2).await;
    // Every field written out, as GET returns it, including nulls and every enum spelling.
    let config = json!({
        "pools": [
            {"name": "uk", "modems": ["demo-2", "demo-1"], "strategy": "failover"},
            {"name": "spread", "modems": ["demo-1", "demo-2"], "strategy": "least-queued"},
            {"name": "same-sim", "modems": ["demo-1", "demo-2"], "strategy": "sticky"},
            {"name": "turns", "modems": ["demo-1"], "strategy": "round-robin"}
        ],
        "rules": [
            {"name": "UK", "when": {"prefix": "+44", "country": "GB", "tag": null,
                "category": null, "priority": null}, "pool": "uk"},
            {"name": "vip", "when": {"prefix": null, "country": null, "tag": "vip",
                "category": "marketing", "priority": "high"}, "pool": "same-sim"},
            {"name": "codes", "when": {"prefix": null, "country": null, "tag": null,
                "category": "transactional", "priority": "otp"}, "pool": "spread"}
        ],
        "default_pool": "turns",
        "limits": {
            "demo-1": {"per_hour": 10, "per_day": 100, "per_month": 1000,
                "unique_recipients_per_day": 50},
            "demo-2": {"per_hour": null, "per_day": 20, "per_month": null,
                "unique_recipients_per_day": null}
        },
        "windows": {"marketing": {"start": "09:00", "end": "20:00"},
            "transactional": {"start": "22:00", "end": "06:00"}},
        "default_timezone": "+01:00"
    });
    let res = put(&s, &config).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    assert_eq!(answer, config);
    assert_eq!(get_routing(&s).await, config);

    // Fields left out take their defaults and come back written out.
    let res = put(&s, &json!({"pools": [{"name": "p", "modems": ["demo-1"]}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        get_routing(&s).await,
        json!({
            "pools": [{"name": "p", "modems": ["demo-1"], "strategy": "round-robin"}],
            "rules": [],
            "default_pool": null,
            "limits": {},
            "windows": {"marketing": null, "transactional": null},
            "default_timezone": "+00:00"
        })
    );
    s.stop().await;
}

#[tokio::test]
async fn an_invalid_routing_config_is_a_problem_naming_each_field() {
    let s = TestServer::start(1).await;
    let before = get_routing(&s).await;
    let res = put(
        &s,
        &json!({
            "pools": [{"name": "", "modems": []}, {"name": "eu", "modems": ["nope"]}],
            "rules": [{"name": "r", "when": {"prefix": "44", "country": "gb"}, "pool": "asia"}],
            "default_pool": "missing"
        }),
    )
    .send()
    .await
    .unwrap();
    let p = problem(res, 422).await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "pools[0].name",
            "pools[0].modems",
            "pools[1].modems[0]",
            "rules[0].when.prefix",
            "rules[0].when.country",
            "rules[0].pool",
            "default_pool"
        ],
        "{p}"
    );
    assert!(
        p["errors"][5]["message"]
            .as_str()
            .unwrap()
            .contains("there is no pool named \"asia\""),
        "{p}"
    );

    // A typo in a field name or an enum value is refused by name, not silently dropped.
    let res = put(&s, &json!({"limits": {"demo-1": {"per_dya": 5}}}))
        .send()
        .await
        .unwrap();
    let p = problem(res, 422).await;
    assert!(p["detail"].as_str().unwrap().contains("per_dya"), "{p}");
    let res = put(
        &s,
        &json!({"pools": [{"name": "a", "modems": ["demo-1"], "strategy": "random"}]}),
    )
    .send()
    .await
    .unwrap();
    let p = problem(res, 422).await;
    assert!(p["detail"].as_str().unwrap().contains("random"), "{p}");

    assert_eq!(get_routing(&s).await, before, "nothing invalid was stored");
    s.stop().await;
}
