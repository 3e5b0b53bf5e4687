//! Modems, delivery reports and the inbox over the API: a demo modem on a pseudo-terminal, real HTTP.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};
use simgate_engine::{Gateway, GatewayConfig};
use simgate_http::{HttpConfig, HttpServer};

use crate::support::{TOKEN, problem};

/// A server on one demo modem, with delivery reports asked for when `reports` is set.
struct Demo {
    base: String,
    client: reqwest::Client,
    gateway: Gateway,
    server: HttpServer,
    _dir: tempfile::TempDir,
}

impl Demo {
    async fn start(reports: bool) -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = GatewayConfig::new(dir.path().to_path_buf());
        cfg.demo_modems = 1;
        cfg.delivery_reports = reports;
        cfg.demo_report_delay = Duration::from_millis(300);
        let gateway = Gateway::start(cfg).await.unwrap();
        let server = simgate_http::start(
            gateway.clone(),
            HttpConfig {
                listen: "127.0.0.1:0".parse().unwrap(),
                token: TOKEN.into(),
                ui_dir: None,
                allowed_origins: Vec::new(),
            },
        )
        .await
        .unwrap();
        Demo {
            base: format!("http://{}", server.local_addr()),
            client: reqwest::Client::new(),
            gateway,
            server,
            _dir: dir,
        }
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .get(format!("{}{path}", self.base))
            .bearer_auth(TOKEN)
    }

    fn post(&self, path: &str, body: Value) -> reqwest::RequestBuilder {
        self.client
            .post(format!("{}{path}", self.base))
            .bearer_auth(TOKEN)
            .json(&body)
    }

    async fn json(&self, path: &str) -> Value {
        let res = self.get(path).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        res.json().await.unwrap()
    }

    /// Polls `path` until `check` holds (20 s at most: a replugged modem is searched for with backoff).
    async fn until(&self, path: &str, check: impl Fn(&Value) -> bool) -> Value {
        let mut last = Value::Null;
        for _ in 0..400 {
            last = self.json(path).await;
            if check(&last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{path} never matched: {last}");
    }

    async fn send(&self, body: &str) -> String {
        let res = self
            .post(
                "/api/v1/messages",
                json!({"to": "+4915112345678", "body": body}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
        let v: Value = res.json().await.unwrap();
        v["id"].as_str().unwrap().to_owned()
    }

    async fn simulate(&self, body: Value) -> reqwest::Response {
        self.post("/api/v1/modems/demo-1/simulate", body)
            .send()
            .await
            .unwrap()
    }

    async fn stop(self) {
        self.server.shutdown().await;
        self.gateway.shutdown().await;
    }
}

#[tokio::test]
async fn the_modem_list_keeps_its_fields_and_adds_the_live_status() {
    let s = Demo::start(false).await;
    let list = s
        .until("/api/v1/modems", |v| v[0]["state"] == "ready")
        .await;
    let m = &list[0];
    assert_eq!(m["name"], "demo-1");
    assert_eq!(m["demo"], true);
    assert!(m["path"].as_str().is_some_and(|p| !p.is_empty()));
    assert_eq!(m["operator"], "SimGate Net");
    assert_eq!(m["registration"], "home");
    assert_eq!(m["roaming"], false);
    assert_eq!(m["enabled"], true);
    assert_eq!(m["sent_today"], 0);
    assert_eq!(m["iccid"], "8949020000012345678");
    assert!(m["imei"].as_str().is_some_and(|i| i.len() == 15), "{m}");
    assert!(m["signal_dbm"].is_i64() && m["signal_bars"].is_u64(), "{m}");
    for field in ["error", "own_number", "manufacturer", "model"] {
        assert!(m.get(field).is_some(), "missing {field}: {m}");
    }
    let one = s.json("/api/v1/modems/demo-1").await;
    assert_eq!(one["name"], "demo-1");
    let missing = s.get("/api/v1/modems/nope").send().await.unwrap();
    let body = problem(missing, 404).await;
    assert!(body["detail"].as_str().unwrap().contains("nope"), "{body}");
    s.stop().await;
}

#[tokio::test]
async fn with_reports_on_a_message_to_the_demo_modem_reaches_delivered() {
    let s = Demo::start(true).await;
    let id = s.send("Your code is 123456").await;
    let done = s
        .until(&format!("/api/v1/messages/{id}"), |m| {
            m["status"] == "delivered"
        })
        .await;
    let steps: Vec<&str> = done["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["queued", "sending", "sent", "delivered"]);
    let stats = s.json("/api/v1/stats").await;
    assert_eq!(stats["by_status"]["delivered"], 1);
    s.stop().await;
}

#[tokio::test]
async fn a_simulated_incoming_sms_appears_in_the_inbox_and_on_the_event_stream() {
    let s = Demo::start(false).await;
    s.until("/api/v1/modems/demo-1", |m| m["state"] == "ready")
        .await;
    let events = s.get("/api/v1/events").send().await.unwrap();
    let mut stream = events.bytes_stream();
    let text = "Hello, is my order ready? ".repeat(8); // two parts
    let res = s
        .simulate(json!({"action": "incoming", "from": "+4917612345678", "text": text}))
        .await;
    assert_eq!(res.status(), 200);
    let inbox = s
        .until("/api/v1/inbox", |v| {
            v["items"].as_array().is_some_and(|i| !i.is_empty())
        })
        .await;
    let item = &inbox["items"][0];
    assert_eq!(item["from"], "+4917612345678");
    assert_eq!(item["body"], text.as_str());
    assert_eq!(item["modem"], "demo-1");
    assert!(item["received_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(inbox["next_cursor"], Value::Null);
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !seen.contains("event: message.received") {
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .expect("no message.received event")
            .unwrap()
            .unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    let expected = format!(
        "\"id\":\"{}\",\"from\":\"+4917612345678\",\"modem\":\"demo-1\"",
        item["id"].as_str().unwrap()
    );
    assert!(seen.contains(&expected), "{seen}");
    let bad = s.get("/api/v1/inbox?limit=0").send().await.unwrap();
    problem(bad, 422).await;
    drop(stream);
    s.stop().await;
}

#[tokio::test]
async fn unplug_shows_offline_and_holds_the_queue_then_replug_sends_it() {
    let s = Demo::start(false).await;
    s.until("/api/v1/modems/demo-1", |m| m["state"] == "ready")
        .await;
    let events = s.get("/api/v1/events").send().await.unwrap();
    let mut stream = events.bytes_stream();
    let res = s.simulate(json!({"action": "unplug"})).await;
    assert_eq!(res.status(), 200);
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let needle = "event: modem.updated\ndata: {\"type\":\"modem.updated\",\"name\":\"demo-1\"}";
    while !seen.contains(needle) {
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .unwrap_or_else(|_| panic!("no modem.updated event: {seen}"))
            .unwrap()
            .unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    drop(stream);
    let m = s
        .until("/api/v1/modems/demo-1", |m| m["state"] == "offline")
        .await;
    assert!(m["error"].as_str().is_some_and(|e| !e.is_empty()), "{m}");
    let id = s.send("waits for the modem").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let waiting = s.json(&format!("/api/v1/messages/{id}")).await;
    assert_eq!(waiting["status"], "queued");
    assert_eq!(waiting["reason"], "no modem online");
    let res = s.simulate(json!({"action": "replug"})).await;
    assert_eq!(res.status(), 200);
    s.until("/api/v1/modems/demo-1", |m| m["state"] == "ready")
        .await;
    s.until(&format!("/api/v1/messages/{id}"), |m| m["status"] == "sent")
        .await;
    s.stop().await;
}

#[tokio::test]
async fn a_disabled_modem_sends_nothing_until_enabled() {
    let s = Demo::start(false).await;
    let res = s
        .post("/api/v1/modems/demo-1/enabled", json!({"enabled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let m: Value = res.json().await.unwrap();
    assert_eq!(m["enabled"], false);
    let id = s.send("hold on").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        s.json(&format!("/api/v1/messages/{id}")).await["status"],
        "queued"
    );
    let res = s
        .post("/api/v1/modems/demo-1/enabled", json!({"enabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    s.until(&format!("/api/v1/messages/{id}"), |m| m["status"] == "sent")
        .await;
    let bad = s
        .post("/api/v1/modems/demo-1/enabled", json!({"enabled": "yes"}))
        .send()
        .await
        .unwrap();
    let body = problem(bad, 422).await;
    assert!(
        body["detail"].as_str().unwrap().contains("enabled"),
        "{body}"
    );
    s.stop().await;
}

#[tokio::test]
async fn ussd_answers_with_the_network_reply_and_names_a_bad_code() {
    let s = Demo::start(false).await;
    s.until("/api/v1/modems/demo-1", |m| m["state"] == "ready")
        .await;
    let res = s
        .post("/api/v1/modems/demo-1/ussd", json!({"code": "*100#"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["reply"], "Balance: 5,00 EUR. Valid until 31.12.2026");
    let bad = s
        .post("/api/v1/modems/demo-1/ussd", json!({"code": "hello"}))
        .send()
        .await
        .unwrap();
    let body = problem(bad, 422).await;
    assert_eq!(body["errors"][0]["field"], "code");
    s.stop().await;
}

#[tokio::test]
async fn pin_and_simulate_refuse_what_does_not_apply() {
    let s = Demo::start(false).await;
    // The demo SIM does not ask for a PIN: nothing is sent to it.
    let res = s
        .post("/api/v1/modems/demo-1/pin", json!({"pin": "1234"}))
        .send()
        .await
        .unwrap();
    problem(res, 409).await;
    let res = s
        .post("/api/v1/modems/demo-1/pin", json!({"pin": "12"}))
        .send()
        .await
        .unwrap();
    let body = problem(res, 422).await;
    assert_eq!(body["errors"][0]["field"], "pin");
    let res = s
        .post("/api/v1/modems/ghost/simulate", json!({"action": "unplug"}))
        .send()
        .await
        .unwrap();
    problem(res, 404).await;
    let res = s.simulate(json!({"action": "explode"})).await;
    problem(res, 422).await;
    let res = s
        .simulate(json!({"action": "incoming", "from": "+4917612345678", "text": ""}))
        .await;
    let body = problem(res, 422).await;
    assert_eq!(body["errors"][0]["field"], "text");
    s.stop().await;
}
