//! Modem routes: status, enable/disable, USSD, SIM PIN, and demo-modem simulation.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use simgate_engine::{Gateway, ModemActionError, SimulateAction};
use utoipa::ToSchema;

use crate::dto::ModemView;
use crate::error::{Problem, ProblemField};
use crate::routes::ApiJson;

/// `POST /api/v1/modems/{name}/enabled`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetEnabled {
    /// `false` stops the modem from sending (it still receives); `true` lets it send again.
    pub enabled: bool,
}

/// `POST /api/v1/modems/{name}/ussd`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UssdRequest {
    /// The USSD code.
    #[schema(example = "*100#")]
    pub code: String,
}

/// The network's answer to a USSD code.
#[derive(Debug, Serialize, ToSchema)]
pub struct UssdReply {
    /// The reply text.
    #[schema(example = "Balance: 5,00 EUR")]
    pub reply: String,
}

/// `POST /api/v1/modems/{name}/pin`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PinRequest {
    /// The SIM PIN (4-8 digits). Sent only if the SIM asks; a rejected PIN is never sent again.
    pub pin: String,
}

/// `POST /api/v1/modems/{name}/simulate` (demo modems only).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum SimulateRequest {
    /// The network delivers an SMS to the modem.
    Incoming {
        /// Sender.
        #[schema(example = "+4915112345678")]
        from: String,
        /// Text (long texts arrive as several parts).
        text: String,
    },
    /// Pull the dongle out.
    Unplug,
    /// Plug it back in.
    Replug,
}

impl From<ModemActionError> for Problem {
    fn from(e: ModemActionError) -> Problem {
        let detail = e.to_string();
        match e {
            ModemActionError::NotFound(_) => {
                Problem::new(StatusCode::NOT_FOUND, "modem-not-found", detail)
            }
            ModemActionError::NotDemo(_) => {
                Problem::new(StatusCode::CONFLICT, "not-a-demo-modem", detail)
            }
            ModemActionError::NotReady { .. } => {
                Problem::new(StatusCode::CONFLICT, "modem-not-ready", detail)
            }
            ModemActionError::PinNotAsked(_) => {
                Problem::new(StatusCode::CONFLICT, "pin-not-asked", detail)
            }
            ModemActionError::PinRejected => {
                let mut p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "pin-rejected", &detail);
                p.errors = vec![ProblemField {
                    field: "pin".to_owned(),
                    message: detail,
                }];
                p
            }
            ModemActionError::Invalid(f) => {
                let mut p =
                    Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid-request", detail);
                p.errors = vec![ProblemField {
                    field: f.field,
                    message: f.message,
                }];
                p
            }
            ModemActionError::Modem(_) => {
                Problem::new(StatusCode::BAD_GATEWAY, "modem-error", detail)
            }
            ModemActionError::Engine(e) => e.into(),
            _ => Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", detail),
        }
    }
}

/// The modems the gateway drives, with their live status.
#[utoipa::path(get, path = "/api/v1/modems", tag = "modems", security(("bearer" = [])),
    responses((status = 200, description = "Modems", body = Vec<ModemView>)))]
pub(crate) async fn list_modems(
    State(gw): State<Gateway>,
) -> Result<axum::Json<Vec<ModemView>>, Problem> {
    let all = gw.modem_statuses().await?;
    Ok(axum::Json(all.into_iter().map(ModemView::from).collect()))
}

/// One modem's live status.
#[utoipa::path(get, path = "/api/v1/modems/{name}", tag = "modems",
    params(("name" = String, Path, description = "Modem name")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The modem", body = ModemView),
        (status = 404, description = "No such modem", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn get_modem(
    State(gw): State<Gateway>,
    Path(name): Path<String>,
) -> Result<axum::Json<ModemView>, Problem> {
    Ok(axum::Json(gw.modem_status(&name).await?.into()))
}

/// Allow or stop sending through a modem (remembered across restarts).
#[utoipa::path(post, path = "/api/v1/modems/{name}/enabled", tag = "modems", request_body = SetEnabled,
    params(("name" = String, Path, description = "Modem name")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The modem", body = ModemView),
        (status = 404, description = "No such modem", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn set_enabled(
    State(gw): State<Gateway>,
    Path(name): Path<String>,
    ApiJson(req): ApiJson<SetEnabled>,
) -> Result<axum::Json<ModemView>, Problem> {
    Ok(axum::Json(
        gw.set_modem_enabled(&name, req.enabled).await?.into(),
    ))
}

/// Run a USSD code (e.g. `*100#` for the balance) and return the network's reply.
#[utoipa::path(post, path = "/api/v1/modems/{name}/ussd", tag = "modems", request_body = UssdRequest,
    params(("name" = String, Path, description = "Modem name")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The reply", body = UssdReply),
        (status = 404, description = "No such modem", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The modem is offline or locked", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid code", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "The modem or network failed", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn ussd(
    State(gw): State<Gateway>,
    Path(name): Path<String>,
    ApiJson(req): ApiJson<UssdRequest>,
) -> Result<axum::Json<UssdReply>, Problem> {
    let reply = gw.ussd(&name, &req.code).await?;
    Ok(axum::Json(UssdReply { reply }))
}

/// Enter the SIM PIN of a modem whose SIM asks for it. A rejected PIN is never sent again, so retries cannot
/// lock the SIM.
#[utoipa::path(post, path = "/api/v1/modems/{name}/pin", tag = "modems", request_body = PinRequest,
    params(("name" = String, Path, description = "Modem name")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Unlocked; the modem is in use", body = ModemView),
        (status = 404, description = "No such modem", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The SIM does not ask for a PIN", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed or rejected PIN", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn enter_pin(
    State(gw): State<Gateway>,
    Path(name): Path<String>,
    ApiJson(req): ApiJson<PinRequest>,
) -> Result<axum::Json<ModemView>, Problem> {
    Ok(axum::Json(gw.enter_pin(&name, &req.pin).await?.into()))
}

/// Simulate an incoming SMS, an unplug or a replug on a demo modem.
#[utoipa::path(post, path = "/api/v1/modems/{name}/simulate", tag = "modems", request_body = SimulateRequest,
    params(("name" = String, Path, description = "Modem name")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Done; the modem's status", body = ModemView),
        (status = 404, description = "No such modem", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a demo modem", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn simulate(
    State(gw): State<Gateway>,
    Path(name): Path<String>,
    ApiJson(req): ApiJson<SimulateRequest>,
) -> Result<axum::Json<ModemView>, Problem> {
    let action = match req {
        SimulateRequest::Incoming { from, text } => SimulateAction::Incoming { from, text },
        SimulateRequest::Unplug => SimulateAction::Unplug,
        SimulateRequest::Replug => SimulateAction::Replug,
    };
    Ok(axum::Json(gw.simulate(&name, action).await?.into()))
}
