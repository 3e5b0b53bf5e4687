//! The OpenAPI document, generated from the route and type annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{dto, dto_routing, error, routes, routes_inbox, routes_modems};

#[derive(OpenApi)]
#[openapi(
    info(title = "SimGate API", description = "Send and track SMS, read received ones, and watch and control the GSM modems attached to SimGate."),
    paths(
        routes::health,
        routes::send_message,
        routes::get_message,
        routes::cancel_message,
        routes::retry_message,
        routes::get_routing,
        routes::put_routing,
        routes::list_messages,
        routes::segments,
        routes::stats,
        routes_modems::list_modems,
        routes_modems::get_modem,
        routes_modems::set_enabled,
        routes_modems::ussd,
        routes_modems::enter_pin,
        routes_modems::simulate,
        routes_inbox::list_inbox,
        routes::events,
    ),
    components(schemas(
        dto::Health, dto::SendMessage, dto::PriorityParam, dto::CategoryParam, dto::Status, dto::HistoryItem, dto::MessageView, dto::MessagePage,
        dto::SegmentsRequest, dto::SegmentPlanView, dto::Ucs2CharView, dto::OptimisationView,
        dto::ReplacementView, dto::ModemView, dto::ModemStateView, dto::RegistrationView, dto::Stats,
        routes_modems::SetEnabled, routes_modems::UssdRequest, routes_modems::UssdReply, routes_modems::PinRequest,
        routes_modems::SimulateRequest, routes_inbox::InboxItem, routes_inbox::InboxPage,
        dto_routing::RoutingConfig, dto_routing::Pool, dto_routing::Strategy, dto_routing::Rule,
        dto_routing::Match, dto_routing::SimLimits, dto_routing::SendWindows, dto_routing::Window,
        error::Problem, error::ProblemField,
    )),
    modifiers(&BearerAuth),
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document as a value.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

/// The OpenAPI document as pretty JSON (what `simgate openapi` prints and the UI's client is generated from).
pub fn openapi_json() -> String {
    openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_owned())
}
