//! Building the router and running the server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::from_fn_with_state;
use axum::response::Html;
use axum::routing::{get, post};
use simgate_engine::Gateway;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::cors::CorsLayer;
use tower_http::services::{ServeDir, ServeFile};

use crate::auth::{Guard, check_host_and_origin, require_token};
use crate::error::HttpError;
use crate::{routes, routes_inbox, routes_modems};

/// Largest request body accepted.
const BODY_LIMIT: usize = 1024 * 1024;

/// How the HTTP server runs.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Address to listen on; loopback unless the user chooses otherwise.
    pub listen: SocketAddr,
    /// Bearer token every route but health and the OpenAPI document requires.
    pub token: String,
    /// Directory of the built web UI (`ui/dist`), served at `/`.
    pub ui_dir: Option<PathBuf>,
    /// Extra origins allowed to call the API from a browser (the desktop webview's).
    pub allowed_origins: Vec<String>,
}

/// A running server. Dropping it does not stop it; call [`HttpServer::shutdown`].
#[derive(Debug)]
pub struct HttpServer {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl HttpServer {
    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections and waits (up to 3 s) for in-flight requests; open event streams, which
    /// never end on their own, are then cut.
    pub async fn shutdown(mut self) {
        self.stop.send_replace(true);
        if tokio::time::timeout(Duration::from_secs(3), &mut self.task)
            .await
            .is_err()
        {
            self.task.abort();
        }
    }
}

/// Binds `cfg.listen` and serves the API over `gateway` in a background task.
pub async fn start(gateway: Gateway, cfg: HttpConfig) -> Result<HttpServer, HttpError> {
    if cfg.token.trim().is_empty() {
        return Err(HttpError::EmptyToken);
    }
    let listener = TcpListener::bind(cfg.listen)
        .await
        .map_err(|source| HttpError::Bind {
            addr: cfg.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| HttpError::Bind {
        addr: cfg.listen,
        source,
    })?;
    let (stop, stopping) = watch::channel(false);
    let app = routes_with(gateway.clone(), &cfg).layer(axum::Extension(Stopping(stopping.clone())));
    let mut stopped = stopping;
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.wait_for(|s| *s).await;
            })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "HTTP server stopped");
        }
    });
    tracing::info!(%addr, "HTTP API listening");
    Ok(HttpServer { addr, stop, task })
}

/// Set when the server is stopping; open event streams end on it.
#[derive(Debug, Clone)]
pub(crate) struct Stopping(pub(crate) watch::Receiver<bool>);

/// The full application router.
fn routes_with(gateway: Gateway, cfg: &HttpConfig) -> Router {
    let guard = Arc::new(Guard {
        token: cfg.token.clone(),
        allowed_origins: cfg.allowed_origins.clone(),
        loopback: cfg.listen.ip().is_loopback(),
    });

    let protected = Router::new()
        .route(
            "/messages",
            post(routes::send_message).get(routes::list_messages),
        )
        .route(
            "/messages/{id}",
            get(routes::get_message).delete(routes::cancel_message),
        )
        .route("/messages/{id}/retry", post(routes::retry_message))
        .route(
            "/routing",
            get(routes::get_routing).put(routes::put_routing),
        )
        .route("/segments", post(routes::segments))
        .route("/stats", get(routes::stats))
        .route("/modems", get(routes_modems::list_modems))
        .route("/modems/{name}", get(routes_modems::get_modem))
        .route("/modems/{name}/enabled", post(routes_modems::set_enabled))
        .route("/modems/{name}/ussd", post(routes_modems::ussd))
        .route("/modems/{name}/pin", post(routes_modems::enter_pin))
        .route("/modems/{name}/simulate", post(routes_modems::simulate))
        .route("/inbox", get(routes_inbox::list_inbox))
        .route("/events", get(routes::events))
        .route_layer(from_fn_with_state(guard.clone(), require_token));

    let api = Router::new()
        .route("/health", get(routes::health))
        .route("/openapi.json", get(routes::openapi_doc))
        .merge(protected)
        .fallback(routes::api_not_found)
        .with_state(gateway)
        .layer(DefaultBodyLimit::max(BODY_LIMIT));

    let mut app = Router::new().nest("/api/v1", api);
    app = match cfg
        .ui_dir
        .as_ref()
        .filter(|d| d.join("index.html").is_file())
    {
        Some(dir) => app
            .fallback_service(ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")))),
        None => app.fallback(|| async {
            Html(
                "<!doctype html><title>SimGate</title><h1>SimGate</h1>\
                 <p>The API is running at <code>/api/v1</code>. The web UI is not built: run \
                 <code>make run</code> (or <code>npm run build</code> in <code>ui/</code>).</p>",
            )
        }),
    };

    let origins: Vec<HeaderValue> = cfg
        .allowed_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if !origins.is_empty() {
        app = app.layer(
            CorsLayer::new()
                .allow_origin(origins)
                .allow_methods([
                    Method::GET,
                    Method::POST,
                    Method::DELETE,
                    Method::PUT,
                    Method::PATCH,
                ])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
        );
    }
    app.layer(from_fn_with_state(guard, check_host_and_origin))
}
