//! The HTTP API of SimGate: REST under `/api/v1`, Server-Sent Events, the OpenAPI document, and the web UI.
//!
//! This crate is an adapter: every route turns a request into a call on [`simgate_engine::Gateway`] and the
//! answer into JSON. It binds to loopback by default, checks a bearer token on every route but health and the
//! OpenAPI document, and checks `Host` and `Origin` so a web page elsewhere cannot reach the API through the
//! user's browser (DNS rebinding, cross-site requests).
//!
//! ```
//! // The OpenAPI document is generated from the Rust types.
//! let doc = simgate_http::openapi_json();
//! assert!(doc.contains("/api/v1/messages"));
//! ```

mod auth;
mod dto;
mod dto_routing;
mod error;
mod openapi;
mod routes;
mod routes_inbox;
mod routes_modems;
mod server;
mod token;

pub use error::HttpError;
pub use openapi::{openapi, openapi_json};
pub use server::{HttpConfig, HttpServer, start};
pub use token::{TOKEN_FILE, TokenSource, load_or_create_token, new_token};
