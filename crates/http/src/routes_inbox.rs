//! Inbox routes: received messages, newest first.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use simgate_engine::{Gateway, InboxMessage, InboxQuery};
use utoipa::{IntoParams, ToSchema};

use crate::dto::rfc3339;
use crate::error::Problem;
use crate::routes::ApiQuery;

/// A received SMS (all its parts joined).
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxItem {
    /// Id (UUIDv7).
    pub id: String,
    /// Sender as the network gave it (international number, national digits or a name).
    #[schema(example = "+4915112345678")]
    pub from: String,
    /// Text.
    pub body: String,
    /// Modem it arrived on.
    pub modem: String,
    /// When SimGate stored it (RFC 3339, UTC).
    pub received_at: String,
    /// When the network's service centre received it (RFC 3339, UTC), when known.
    pub sent_at: Option<String>,
}

impl From<InboxMessage> for InboxItem {
    fn from(m: InboxMessage) -> InboxItem {
        InboxItem {
            id: m.id,
            from: m.from,
            body: m.body,
            modem: m.modem,
            received_at: rfc3339(m.received_at),
            sent_at: m.sent_at.map(rfc3339),
        }
    }
}

/// A page of received messages.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxPage {
    /// The messages, newest first.
    pub items: Vec<InboxItem>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Query of `GET /api/v1/inbox`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InboxParams {
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Received messages, newest first, with cursor paging.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "inbox", params(InboxParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of received messages", body = InboxPage),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn list_inbox(
    State(gw): State<Gateway>,
    ApiQuery(q): ApiQuery<InboxParams>,
) -> Result<axum::Json<InboxPage>, Problem> {
    crate::routes::check_limit(q.limit)?;
    let page = gw
        .inbox(InboxQuery {
            limit: q.limit,
            cursor: q.cursor,
        })
        .await?;
    Ok(axum::Json(InboxPage {
        items: page.items.into_iter().map(InboxItem::from).collect(),
        next_cursor: page.next_cursor,
    }))
}
