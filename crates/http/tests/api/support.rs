//! A gateway + HTTP server on a free loopback port, torn down on drop.

use std::time::Duration;

use serde_json::Value;
use simgate_engine::{Gateway, GatewayConfig};
use simgate_http::{HttpConfig, HttpServer};

pub const TOKEN: &str = "test-token-0123456789";

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub gateway: Gateway,
    server: Option<HttpServer>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start(demo_modems: usize) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = GatewayConfig::new(dir.path().to_path_buf());
        cfg.demo_modems = demo_modems;
        let gateway = Gateway::start(cfg).await.unwrap();
        let server = simgate_http::start(
            gateway.clone(),
            HttpConfig {
                listen: "127.0.0.1:0".parse().unwrap(),
                token: TOKEN.into(),
                ui_dir: None,
                allowed_origins: vec!["tauri://localhost".into()],
            },
        )
        .await
        .unwrap();
        TestServer {
            base: format!("http://{}", server.local_addr()),
            client: reqwest::Client::new(),
            gateway,
            server: Some(server),
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.post(self.url(path)).bearer_auth(TOKEN)
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.get(self.url(path)).bearer_auth(TOKEN)
    }

    pub async fn send(&self, to: &str, body: &str) -> Value {
        let res = self
            .post("/api/v1/messages")
            .json(&serde_json::json!({"to": to, "body": body}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
        res.json().await.unwrap()
    }

    /// Polls the message until it reaches `status` (or fails after 10 s).
    pub async fn wait_for(&self, id: &str, status: &str) -> Value {
        let mut last = Value::Null;
        for _ in 0..200 {
            last = self
                .get(&format!("/api/v1/messages/{id}"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if last["status"] == status {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("message {id} never reached {status}: {last}");
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.server.take() {
            s.shutdown().await;
        }
        self.gateway.shutdown().await;
    }
}

/// Asserts a problem+json answer with `status`, returning its body.
pub async fn problem(res: reqwest::Response, status: u16) -> Value {
    assert_eq!(res.status().as_u16(), status);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{body}"
    );
    body
}
