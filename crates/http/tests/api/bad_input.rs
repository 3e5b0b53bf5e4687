use crate::support::{TestServer, problem};

async fn raw(s: &TestServer, body: Vec<u8>) -> reqwest::Response {
    s.post("/api/v1/messages")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn bad_requests_get_specific_errors_and_nothing_is_queued() {
    let s = TestServer::start(0).await;

    let p = problem(raw(&s, b"{\"to\": ".to_vec()).await, 400).await;
    assert!(
        p["detail"].as_str().unwrap().contains("malformed JSON"),
        "{p}"
    );

    let p = problem(
        raw(
            &s,
            br#"{"to":"+4915112345678","body":"x","prio":1}"#.to_vec(),
        )
        .await,
        422,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("unknown field `prio`"),
        "{p}"
    );

    let p = problem(raw(&s, br#"{"body":"x"}"#.to_vec()).await, 422).await;
    assert!(
        p["detail"].as_str().unwrap().contains("missing field `to`"),
        "{p}"
    );

    let big = format!(
        r#"{{"to":"+4915112345678","body":"{}"}}"#,
        "a".repeat(10 * 1024 * 1024)
    );
    problem(raw(&s, big.into_bytes()).await, 413).await;

    for (to, body, field) in [
        ("abc", "hello", "to"),
        ("+1", "hello", "to"),
        ("015112345678", "hello", "to"),
        ("+4915112345678", "", "body"),
        ("+4915112345678", "   ", "body"),
    ] {
        let res = s
            .post("/api/v1/messages")
            .json(&serde_json::json!({"to": to, "body": body}))
            .send()
            .await
            .unwrap();
        let p = problem(res, 422).await;
        assert_eq!(p["errors"][0]["field"], field, "{to:?} {body:?}: {p}");
    }

    let res = s
        .post("/api/v1/messages")
        .header("content-type", "text/plain")
        .body("to=+4915112345678")
        .send()
        .await
        .unwrap();
    problem(res, 415).await;

    let page: serde_json::Value = s
        .get("/api/v1/messages")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        0,
        "a rejected request reached the queue"
    );

    let res = s.get("/api/v1/messages?limit=0").send().await.unwrap();
    problem(res, 422).await;
    let res = s.get("/api/v1/messages?status=lost").send().await.unwrap();
    problem(res, 422).await;
    let res = s
        .get("/api/v1/messages/does-not-exist")
        .send()
        .await
        .unwrap();
    problem(res, 404).await;
    s.stop().await;
}
