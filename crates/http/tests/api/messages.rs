use std::time::Duration;

use futures_util::StreamExt;

use crate::support::TestServer;

#[tokio::test]
async fn a_message_goes_from_queued_to_sent_through_the_demo_modem() {
    let s = TestServer::start(1).await;
    let msg = s.send("+49 151 1234 5678", "Your code is 123456").await;
    assert_eq!(msg["status"], "queued");
    assert_eq!(msg["to"], "+4915112345678");
    assert_eq!(msg["segments"], 1);
    let id = msg["id"].as_str().unwrap();
    let done = s.wait_for(id, "sent").await;
    let steps: Vec<&str> = done["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["queued", "sending", "sent"]);
    assert_eq!(done["modem"], "demo-1");
    s.stop().await;
}

#[tokio::test]
async fn a_long_unicode_message_is_sent_in_parts() {
    let s = TestServer::start(1).await;
    let body = "Привет! ".repeat(50); // 400 characters, Cyrillic: UCS-2, 67 per part
    let msg = s.send("+4915112345678", &body).await;
    assert_eq!(msg["encoding"], "ucs2");
    assert_eq!(msg["segments"], 6);
    s.wait_for(msg["id"].as_str().unwrap(), "sent").await;
    s.stop().await;
}

#[tokio::test]
async fn the_event_stream_reports_each_status_change() {
    let s = TestServer::start(1).await;
    let res = s.get("/api/v1/events").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut stream = res.bytes_stream();
    let msg = s.send("+4915112345678", "hello").await;
    let id = msg["id"].as_str().unwrap().to_owned();
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !text.contains("\"status\":\"sent\"") {
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .expect("no sent event within 10 s")
            .unwrap()
            .unwrap();
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    for status in ["queued", "sending", "sent"] {
        let needle = format!("\"id\":\"{id}\",\"status\":\"{status}\"");
        assert!(text.contains(&needle), "missing {status} in {text}");
    }
    assert!(text.contains("event: message.updated"), "{text}");
    drop(stream);
    s.stop().await;
}

#[tokio::test]
async fn the_list_pages_newest_first() {
    let s = TestServer::start(0).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            s.send("+4915112345678", &format!("m{i}")).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let p1: serde_json::Value = s
        .get("/api/v1/messages?limit=3")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let got: Vec<&str> = p1["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, [&ids[4], &ids[3], &ids[2]]);
    let cursor = p1["next_cursor"].as_str().unwrap();
    let p2: serde_json::Value = s
        .get(&format!("/api/v1/messages?limit=3&cursor={cursor}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let got: Vec<&str> = p2["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, [&ids[1], &ids[0]]);
    assert!(p2["next_cursor"].is_null());
    // With no modem attached the messages wait in the queue.
    assert!(
        p2["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["status"] == "queued")
    );
    s.stop().await;
}

#[tokio::test]
async fn the_segment_planner_is_served() {
    let s = TestServer::start(0).await;
    let plan: serde_json::Value = s
        .post("/api/v1/segments")
        .json(&serde_json::json!({"body": "Don’t forget"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(plan["encoding"], "ucs2");
    assert_eq!(plan["ucs2_chars"][0]["char"], "’");
    assert_eq!(plan["ucs2_chars"][0]["index"], 3);
    s.stop().await;
}

#[tokio::test]
async fn stopping_the_server_ends_open_event_streams_promptly() {
    let s = TestServer::start(0).await;
    let res = s.get("/api/v1/events").send().await.unwrap();
    let mut stream = res.bytes_stream();
    let started = std::time::Instant::now();
    s.stop().await;
    // Before streams ended on shutdown, stopping waited out a 3 s grace period.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "shutdown took {:?}",
        started.elapsed()
    );
    let end = tokio::time::timeout(Duration::from_secs(2), async {
        while let Some(chunk) = stream.next().await {
            if chunk.is_err() {
                break;
            }
        }
    })
    .await;
    assert!(end.is_ok(), "the event stream stayed open after shutdown");
}
