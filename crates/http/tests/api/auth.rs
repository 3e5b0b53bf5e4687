use crate::support::{TOKEN, TestServer, problem};

#[tokio::test]
async fn health_needs_no_token_and_reports_the_version() {
    let s = TestServer::start(0).await;
    let res = s.client.get(s.url("/api/v1/health")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    s.stop().await;
}

#[tokio::test]
async fn every_other_route_refuses_a_missing_or_wrong_token() {
    let s = TestServer::start(0).await;
    for path in [
        "/api/v1/messages",
        "/api/v1/messages/x",
        "/api/v1/events",
        "/api/v1/modems",
    ] {
        let res = s.client.get(s.url(path)).send().await.unwrap();
        let body = problem(res, 401).await;
        assert!(
            body["detail"].as_str().unwrap().contains("Bearer"),
            "{path}: {body}"
        );
        let res = s
            .client
            .get(s.url(path))
            .bearer_auth("wrong")
            .send()
            .await
            .unwrap();
        problem(res, 401).await;
    }
    let res = s
        .client
        .post(s.url("/api/v1/messages"))
        .json(&serde_json::json!({"to": "+4915112345678", "body": "x"}))
        .send()
        .await
        .unwrap();
    problem(res, 401).await;
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
        "an unauthorised send was queued"
    );
    s.stop().await;
}

#[tokio::test]
async fn a_foreign_host_header_or_origin_is_refused() {
    let s = TestServer::start(0).await;
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host header.
    let res = s
        .get("/api/v1/messages")
        .header("host", "evil.example:8080")
        .send()
        .await
        .unwrap();
    problem(res, 403).await;
    let res = s
        .get("/api/v1/messages")
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    problem(res, 403).await;
    // The desktop webview's origin is allowed, with CORS headers.
    let res = s
        .get("/api/v1/messages")
        .header("origin", "tauri://localhost")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "tauri://localhost"
    );
    let _ = TOKEN;
    s.stop().await;
}

#[tokio::test]
async fn the_openapi_document_describes_the_routes() {
    let s = TestServer::start(0).await;
    let doc: serde_json::Value = s
        .client
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/health",
        "/api/v1/messages",
        "/api/v1/messages/{id}",
        "/api/v1/events",
        "/api/v1/segments",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    s.stop().await;
}
