//! Route handlers: request in, `Gateway` call, JSON out.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use simgate_engine::{EngineError, Gateway, ListQuery, SendRequest};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use crate::dto::{
    CategoryParam, Health, ListParams, MessagePage, MessageView, PriorityParam, SegmentPlanView,
    SegmentsRequest, SendMessage, Stats, parse_time,
};
use crate::dto_routing::RoutingConfig;
use crate::error::Problem;

/// A JSON body whose every rejection is a specific problem+json answer.
pub(crate) struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rej) => Err(json_problem(rej)),
        }
    }
}

fn json_problem(rej: JsonRejection) -> Problem {
    match rej {
        JsonRejection::JsonDataError(e) => {
            // serde's message names the field: "unknown field `x`, expected `to` or `body`", "missing field `to`".
            let detail = std::error::Error::source(&e)
                .map(|s| s.to_string())
                .unwrap_or_else(|| e.body_text());
            Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-json-fields",
                detail,
            )
        }
        JsonRejection::JsonSyntaxError(e) => {
            let detail = std::error::Error::source(&e)
                .map(|s| format!("malformed JSON: {s}"))
                .unwrap_or_else(|| e.body_text());
            Problem::new(StatusCode::BAD_REQUEST, "malformed-json", detail)
        }
        JsonRejection::MissingJsonContentType(_) => Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content-type",
            "send the body as JSON with 'Content-Type: application/json'",
        ),
        JsonRejection::BytesRejection(e) => {
            let status = e.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                Problem::new(
                    status,
                    "too-large",
                    "the request body is larger than the 1 MiB limit",
                )
            } else {
                Problem::new(status, "unreadable-body", e.body_text())
            }
        }
        other => Problem::new(other.status(), "bad-request", other.body_text()),
    }
}

/// A query string whose rejection is a specific problem+json answer.
pub(crate) struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-query",
                e.body_text(),
            )),
            Err(other) => Err(Problem::new(
                other.status(),
                "invalid-query",
                other.body_text(),
            )),
        }
    }
}

/// Liveness of the server.
#[utoipa::path(get, path = "/api/v1/health", tag = "system",
    responses((status = 200, description = "The server is up", body = Health)))]
pub(crate) async fn health() -> axum::Json<Health> {
    axum::Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Queue a message for sending.
///
/// The message is stored durably (committed and fsynced) before the answer.
#[utoipa::path(post, path = "/api/v1/messages", tag = "messages", request_body = SendMessage,
    security(("bearer" = [])),
    responses(
        (status = 202, description = "Queued", body = MessageView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn send_message(
    State(gw): State<Gateway>,
    ApiJson(req): ApiJson<SendMessage>,
) -> Result<Response, Problem> {
    let mut errors = Vec::new();
    let mut time =
        |field: &str, v: &Option<String>| match v.as_deref().map(|v| parse_time(field, v)) {
            Some(Ok(t)) => Some(t),
            Some(Err(e)) => {
                errors.push(e);
                None
            }
            None => None,
        };
    let schedule_at = time("schedule_at", &req.schedule_at);
    let valid_until = time("valid_until", &req.valid_until);
    if !errors.is_empty() {
        return Err(EngineError::Invalid(errors).into());
    }
    let mut send = SendRequest::new(&req.to, &req.body);
    send.priority = req.priority.unwrap_or(PriorityParam::Normal).into();
    send.category = req.category.unwrap_or(CategoryParam::Transactional).into();
    send.schedule_at = schedule_at;
    send.valid_until = valid_until;
    send.pool = req.pool;
    send.modem = req.modem;
    let msg = gw.enqueue(send).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(MessageView::from(msg))).into_response())
}

/// One message with its status history.
#[utoipa::path(get, path = "/api/v1/messages/{id}", tag = "messages",
    params(("id" = String, Path, description = "Message id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The message", body = MessageView),
        (status = 404, description = "No such message", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn get_message(
    State(gw): State<Gateway>,
    Path(id): Path<String>,
) -> Result<axum::Json<MessageView>, Problem> {
    Ok(axum::Json(gw.get(&id).await?.into()))
}

/// Page sizes are 1 to 500.
pub(crate) fn check_limit(limit: Option<u32>) -> Result<(), Problem> {
    match limit {
        Some(limit) if !(1..=500).contains(&limit) => Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-query",
            format!("limit must be between 1 and 500, not {limit}"),
        )),
        _ => Ok(()),
    }
}

/// Messages, newest first, with cursor paging.
#[utoipa::path(get, path = "/api/v1/messages", tag = "messages", params(ListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of messages", body = MessagePage),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn list_messages(
    State(gw): State<Gateway>,
    ApiQuery(q): ApiQuery<ListParams>,
) -> Result<axum::Json<MessagePage>, Problem> {
    check_limit(q.limit)?;
    let since = q
        .since
        .as_deref()
        .map(|v| parse_time("since", v))
        .transpose();
    let until = q
        .until
        .as_deref()
        .map(|v| parse_time("until", v))
        .transpose();
    let (since, until) = match (since, until) {
        (Ok(s), Ok(u)) => (s, u),
        (Err(e), _) | (_, Err(e)) => {
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-query",
                format!("{}: {}", e.field, e.message),
            ));
        }
    };
    let page = gw
        .list(ListQuery {
            limit: q.limit,
            cursor: q.cursor,
            status: q.status.map(Into::into),
            modem: q.modem,
            since,
            until,
            q: q.q,
        })
        .await?;
    Ok(axum::Json(MessagePage {
        items: page.items.into_iter().map(MessageView::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// Cancel a message that is not being sent yet (scheduled or queued).
#[utoipa::path(delete, path = "/api/v1/messages/{id}", tag = "messages",
    params(("id" = String, Path, description = "Message id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Cancelled", body = MessageView),
        (status = 404, description = "No such message", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already sending or finished", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn cancel_message(
    State(gw): State<Gateway>,
    Path(id): Path<String>,
) -> Result<axum::Json<MessageView>, Problem> {
    Ok(axum::Json(gw.cancel(&id).await?.into()))
}

/// Send a failed, uncertain, expired or cancelled message again.
///
/// For an `uncertain` message this may deliver it twice: the user decides.
#[utoipa::path(post, path = "/api/v1/messages/{id}/retry", tag = "messages",
    params(("id" = String, Path, description = "Message id")),
    security(("bearer" = [])),
    responses(
        (status = 202, description = "Queued again", body = MessageView),
        (status = 404, description = "No such message", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in a state that can be sent again", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn retry_message(
    State(gw): State<Gateway>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let msg = gw.send_again(&id).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(MessageView::from(msg))).into_response())
}

/// The routing configuration: modem pools, ordered rules, per-SIM limits and send windows.
#[utoipa::path(get, path = "/api/v1/routing", tag = "routing", security(("bearer" = [])),
    responses((status = 200, description = "The configuration in force", body = RoutingConfig)))]
pub(crate) async fn get_routing(State(gw): State<Gateway>) -> axum::Json<RoutingConfig> {
    axum::Json(gw.routing().into())
}

/// Replace the routing configuration. It is validated (unknown pools or modems, bad windows, zero limits
/// are 422 with the path of each problem), stored, and applied to the next message.
#[utoipa::path(put, path = "/api/v1/routing", tag = "routing", security(("bearer" = [])),
    request_body(content = RoutingConfig, description = "The whole configuration; fields left out take their defaults"),
    responses(
        (status = 200, description = "Stored and applied", body = RoutingConfig),
        (status = 422, description = "Invalid configuration", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn put_routing(
    State(gw): State<Gateway>,
    ApiJson(cfg): ApiJson<RoutingConfig>,
) -> Result<axum::Json<RoutingConfig>, Problem> {
    Ok(axum::Json(gw.set_routing(cfg.into()).await?.into()))
}

/// How a text will be sent: encoding, parts, characters left, characters forcing UCS-2.
#[utoipa::path(post, path = "/api/v1/segments", tag = "messages", request_body = SegmentsRequest,
    security(("bearer" = [])),
    responses((status = 200, description = "The plan", body = SegmentPlanView)))]
pub(crate) async fn segments(
    ApiJson(req): ApiJson<SegmentsRequest>,
) -> axum::Json<SegmentPlanView> {
    axum::Json(simgate_pdu::plan(&req.body).into())
}

/// Number of messages in each status (every status is present, zero when none).
#[utoipa::path(get, path = "/api/v1/stats", tag = "messages", security(("bearer" = [])),
    responses((status = 200, description = "Counts per status", body = Stats)))]
pub(crate) async fn stats(State(gw): State<Gateway>) -> Result<axum::Json<Stats>, Problem> {
    let counts = gw.counts().await?;
    let mut by_status = std::collections::BTreeMap::new();
    for s in simgate_engine::MessageStatus::ALL {
        by_status.insert(s.as_str().to_owned(), 0u64);
    }
    let mut total = 0;
    for (s, n) in counts {
        by_status.insert(s.as_str().to_owned(), n);
        total += n;
    }
    Ok(axum::Json(Stats { total, by_status }))
}

/// Live events (Server-Sent Events). Each event's name is its type (`message.updated`, `message.received`,
/// `modem.updated`), its data the JSON of the change. A client that falls behind gets `resync` and should refetch.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", security(("bearer" = [])),
    responses((status = 200, description = "An endless text/event-stream", content_type = "text/event-stream", body = String)))]
pub(crate) async fn events(
    State(gw): State<Gateway>,
    axum::Extension(stopping): axum::Extension<crate::server::Stopping>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    // The stream ends when the server stops, so a graceful shutdown does not wait on open event streams.
    let mut stopping = stopping.0;
    let stopped = async move {
        let _ = stopping.wait_for(|s| *s).await;
    };
    let stream = BroadcastStream::new(gw.subscribe())
        .take_until(stopped)
        .map(|item| {
            Ok(match item {
                Ok(ev) => SseEvent::default()
                    .event(ev.name())
                    .json_data(&ev)
                    .unwrap_or_else(|_| SseEvent::default().event("resync").data("{}")),
                Err(BroadcastStreamRecvError::Lagged(n)) => SseEvent::default()
                    .event("resync")
                    .data(format!("{{\"missed\":{n}}}")),
            })
        });
    Sse::new(stream).keep_alive(
        KeepAlive::new()
            .interval(Duration::from_secs(15))
            .text("keepalive"),
    )
}

/// The OpenAPI document.
pub(crate) async fn openapi_doc() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        crate::openapi_json(),
    )
}

/// Unknown API routes answer problem+json, not the UI.
pub(crate) async fn api_not_found() -> Problem {
    Problem::new(
        StatusCode::NOT_FOUND,
        "no-route",
        "there is no such API route",
    )
}
