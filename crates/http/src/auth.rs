//! Bearer-token, Host and Origin checks.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::Problem;

/// What the guards compare against.
#[derive(Debug)]
pub(crate) struct Guard {
    pub(crate) token: String,
    /// Origins (scheme://host[:port]) allowed besides the server's own, e.g. the desktop webview's.
    pub(crate) allowed_origins: Vec<String>,
    /// Whether the server listens on loopback only; then `Host` must name loopback too.
    pub(crate) loopback: bool,
}

/// Refuses requests whose `Host` is not loopback (DNS rebinding) and cross-site requests from unknown origins.
pub(crate) async fn check_host_and_origin(
    State(guard): State<Arc<Guard>>,
    req: Request,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if guard.loopback && !is_loopback_host(&host) {
        return Problem::new(
            StatusCode::FORBIDDEN,
            "bad-host",
            "this server only answers requests addressed to 127.0.0.1 or localhost",
        )
        .into_response();
    }
    if let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
    {
        let same = origin == format!("http://{host}");
        let allowed = guard.allowed_origins.iter().any(|o| o == origin);
        if !same && !allowed && origin != "null" {
            return Problem::new(
                StatusCode::FORBIDDEN,
                "bad-origin",
                format!("requests from {origin} are not allowed"),
            )
            .into_response();
        }
    }
    next.run(req).await
}

fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    matches!(name, "127.0.0.1" | "localhost" | "::1") || name.starts_with("127.")
}

/// Requires `Authorization: Bearer <token>`.
pub(crate) async fn require_token(
    State(guard): State<Arc<Guard>>,
    req: Request,
    next: Next,
) -> Response {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(t) if constant_time_eq(t.as_bytes(), guard.token.as_bytes()) => next.run(req).await,
        Some(_) => unauthorized("the API token is wrong"),
        None => unauthorized("send the API token as 'Authorization: Bearer <token>'"),
    }
}

fn unauthorized(detail: &str) -> Response {
    let mut res = Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", detail).into_response();
    res.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer"),
    );
    res
}

/// Compares without leaking where the first difference is through timing.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for h in [
            "127.0.0.1:8080",
            "localhost:1",
            "[::1]:9",
            "localhost",
            "127.1.2.3:80",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "evil.example:8080",
            "192.168.1.2:80",
            "",
            "localhost.evil.example",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn token_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
