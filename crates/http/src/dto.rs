//! The JSON shapes of the API. They are the contract with the UI and integrations: fields are added, never
//! renamed.

use serde::{Deserialize, Serialize};
use simgate_engine::{HistoryEntry, Message, MessageStatus};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};

/// `GET /api/v1/health`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// SimGate version.
    #[schema(example = "0.1.0")]
    pub version: &'static str,
}

/// `POST /api/v1/messages`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendMessage {
    /// Recipient in international format.
    #[schema(example = "+4915112345678")]
    pub to: String,
    /// Text; up to 1530 characters (10 SMS parts).
    #[schema(example = "Your code is 123456")]
    pub body: String,
    /// `otp` > `high` > `normal` (default) > `bulk`; an OTP overtakes queued campaign traffic.
    #[serde(default)]
    pub priority: Option<PriorityParam>,
    /// `transactional` (default) or `marketing`; marketing waits for its send window.
    #[serde(default)]
    pub category: Option<CategoryParam>,
    /// Send no earlier than this time (RFC 3339).
    #[schema(example = "2026-12-01T09:00:00+01:00")]
    #[serde(default)]
    pub schedule_at: Option<String>,
    /// Never send after this time (RFC 3339); the message becomes `expired`.
    #[serde(default)]
    pub valid_until: Option<String>,
    /// Send through this modem pool instead of the one the routing rules choose.
    #[serde(default)]
    pub pool: Option<String>,
    /// Send through this one modem only (e.g. a test message from its card); routing rules do not apply.
    #[schema(example = "demo-1")]
    #[serde(default)]
    pub modem: Option<String>,
}

/// Sending priority.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PriorityParam {
    /// One-time codes: sent before anything else.
    Otp,
    /// Alerts.
    High,
    /// The default.
    Normal,
    /// Campaign traffic.
    Bulk,
}

/// What a message is for.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CategoryParam {
    /// Expected by the recipient (receipts, reminders, codes).
    Transactional,
    /// Offers and campaigns: held outside the marketing send window.
    Marketing,
}

/// Message status.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting for its scheduled time.
    Scheduled,
    /// Waiting for a modem.
    Queued,
    /// Being submitted by a modem.
    Sending,
    /// Accepted by the network.
    Sent,
    /// Confirmed delivered to the handset.
    Delivered,
    /// Failed; see `error`.
    Failed,
    /// Its validity passed before it could be sent.
    Expired,
    /// Cancelled before sending.
    Cancelled,
    /// May or may not have been sent (the gateway stopped mid-submission); never resent automatically.
    Uncertain,
}

impl From<MessageStatus> for Status {
    fn from(s: MessageStatus) -> Status {
        match s {
            MessageStatus::Scheduled => Status::Scheduled,
            MessageStatus::Queued => Status::Queued,
            MessageStatus::Sending => Status::Sending,
            MessageStatus::Sent => Status::Sent,
            MessageStatus::Delivered => Status::Delivered,
            MessageStatus::Failed => Status::Failed,
            MessageStatus::Expired => Status::Expired,
            MessageStatus::Cancelled => Status::Cancelled,
            MessageStatus::Uncertain => Status::Uncertain,
        }
    }
}

impl From<Status> for MessageStatus {
    fn from(s: Status) -> MessageStatus {
        match s {
            Status::Scheduled => MessageStatus::Scheduled,
            Status::Queued => MessageStatus::Queued,
            Status::Sending => MessageStatus::Sending,
            Status::Sent => MessageStatus::Sent,
            Status::Delivered => MessageStatus::Delivered,
            Status::Failed => MessageStatus::Failed,
            Status::Expired => MessageStatus::Expired,
            Status::Cancelled => MessageStatus::Cancelled,
            Status::Uncertain => MessageStatus::Uncertain,
        }
    }
}

/// One step of a message's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryItem {
    /// Status entered.
    pub status: Status,
    /// When (RFC 3339, UTC).
    #[schema(example = "2026-11-26T12:00:00.123Z")]
    pub at: String,
    /// Modem involved.
    pub modem: Option<String>,
    /// Explanation (error meaning, retry plan).
    pub detail: Option<String>,
}

/// A message and its status history.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    /// Message id (UUIDv7).
    pub id: String,
    /// Recipient (E.164).
    pub to: String,
    /// Text.
    pub body: String,
    /// Current status.
    pub status: Status,
    /// `gsm7` or `ucs2`.
    #[schema(example = "gsm7")]
    pub encoding: String,
    /// Number of SMS parts.
    pub segments: u32,
    /// Modem that sent it.
    pub modem: Option<String>,
    /// Last error.
    pub error: Option<String>,
    /// Why it is waiting (for messages not yet sent).
    pub reason: Option<String>,
    /// `otp`, `high`, `normal` or `bulk`.
    pub priority: PriorityParam,
    /// `transactional` or `marketing`.
    pub category: CategoryParam,
    /// Modem pool asked for.
    pub pool: Option<String>,
    /// Not before (RFC 3339, UTC).
    pub schedule_at: Option<String>,
    /// Not after (RFC 3339, UTC).
    pub valid_until: Option<String>,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Creation time (RFC 3339, UTC).
    pub created_at: String,
    /// Last change (RFC 3339, UTC).
    pub updated_at: String,
    /// Status history, oldest first.
    pub history: Vec<HistoryItem>,
}

/// RFC 3339 in UTC with milliseconds.
pub fn rfc3339(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

impl From<Message> for MessageView {
    fn from(m: Message) -> MessageView {
        MessageView {
            id: m.id,
            to: m.to,
            body: m.body,
            status: m.status.into(),
            encoding: m.encoding,
            segments: m.segments,
            modem: m.modem,
            error: m.error,
            reason: m.reason,
            priority: match m.priority {
                0 => PriorityParam::Otp,
                1 => PriorityParam::High,
                3 => PriorityParam::Bulk,
                _ => PriorityParam::Normal,
            },
            category: if m.category == "marketing" {
                CategoryParam::Marketing
            } else {
                CategoryParam::Transactional
            },
            pool: m.pool,
            schedule_at: m.schedule_at.map(rfc3339),
            valid_until: m.valid_until.map(rfc3339),
            attempts: m.attempts,
            created_at: rfc3339(m.created_at),
            updated_at: rfc3339(m.updated_at),
            history: m.history.into_iter().map(HistoryItem::from).collect(),
        }
    }
}

impl From<HistoryEntry> for HistoryItem {
    fn from(h: HistoryEntry) -> HistoryItem {
        HistoryItem {
            status: h.status.into(),
            at: rfc3339(h.at),
            modem: h.modem,
            detail: h.detail,
        }
    }
}

/// A page of messages, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessagePage {
    /// The messages.
    pub items: Vec<MessageView>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Query of `GET /api/v1/messages`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only messages in this status.
    pub status: Option<Status>,
    /// Only messages of this modem.
    pub modem: Option<String>,
    /// Created at or after this time (RFC 3339).
    pub since: Option<String>,
    /// Created before this time (RFC 3339).
    pub until: Option<String>,
    /// Number or text contains this (case-insensitive).
    pub q: Option<String>,
}

/// `POST /api/v1/segments`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SegmentsRequest {
    /// The text being typed.
    pub body: String,
}

/// A character that forces UCS-2.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ucs2CharView {
    /// The character.
    pub char: String,
    /// Its position (in characters) in the text.
    pub index: usize,
}

/// One look-alike replacement.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplacementView {
    /// Original character.
    pub from: String,
    /// GSM-7 replacement.
    pub to: String,
    /// Position (in characters) in the original text.
    pub index: usize,
}

/// The GSM-7 look-alike rewrite of a text, offered when it saves parts.
#[derive(Debug, Serialize, ToSchema)]
pub struct OptimisationView {
    /// The rewritten text.
    pub text: String,
    /// What was replaced.
    pub replacements: Vec<ReplacementView>,
    /// Parts saved by the rewrite.
    pub segments_saved: usize,
}

/// How a text will be sent: encoding, parts and room left.
#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentPlanView {
    /// `gsm7` or `ucs2`.
    pub encoding: String,
    /// Number of SMS parts.
    pub segments: usize,
    /// Characters used in the current part.
    pub chars_used: usize,
    /// Characters left in the current part.
    pub chars_left: usize,
    /// Characters per part at this encoding.
    pub per_segment: usize,
    /// Total encoded units (septets or UTF-16 code units).
    pub units_total: usize,
    /// Characters that force UCS-2, with their positions.
    pub ucs2_chars: Vec<Ucs2CharView>,
    /// Look-alike rewrite, when it would save parts.
    pub optimisation: Option<OptimisationView>,
}

impl From<simgate_pdu::SegmentPlan> for SegmentPlanView {
    fn from(p: simgate_pdu::SegmentPlan) -> SegmentPlanView {
        SegmentPlanView {
            encoding: match p.encoding {
                simgate_pdu::Encoding::Gsm7 => "gsm7",
                simgate_pdu::Encoding::Ucs2 => "ucs2",
                _ => "8bit",
            }
            .to_owned(),
            segments: p.segments,
            chars_used: p.chars_used,
            chars_left: p.chars_left,
            per_segment: p.per_segment,
            units_total: p.units_total,
            ucs2_chars: p
                .ucs2_chars
                .into_iter()
                .map(|c| Ucs2CharView {
                    char: c.ch.to_string(),
                    index: c.index,
                })
                .collect(),
            optimisation: p.optimisation.map(|o| OptimisationView {
                text: o.text,
                replacements: o
                    .replacements
                    .into_iter()
                    .map(|r| ReplacementView {
                        from: r.from.to_string(),
                        to: r.to.to_owned(),
                        index: r.index,
                    })
                    .collect(),
                segments_saved: o.segments_saved,
            }),
        }
    }
}

/// A modem the gateway drives, with its live status.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModemView {
    /// Short name (`demo-1`, `ttyUSB2`).
    pub name: String,
    /// Serial device path in use (a replugged dongle may come back under another one).
    pub path: String,
    /// Whether it is a simulated demo modem.
    pub demo: bool,
    /// Where it is.
    pub state: ModemStateView,
    /// Why it is offline, locked or in error.
    pub error: Option<String>,
    /// Signal in dBm.
    #[schema(example = -71)]
    pub signal_dbm: Option<i32>,
    /// Signal as 0-4 bars.
    pub signal_bars: Option<u8>,
    /// Network operator.
    pub operator: Option<String>,
    /// Registered on a visited network.
    pub roaming: bool,
    /// Network registration, when known.
    pub registration: Option<RegistrationView>,
    /// IMEI of the dongle.
    pub imei: Option<String>,
    /// ICCID of the SIM.
    pub iccid: Option<String>,
    /// The SIM's own number, when it knows it.
    pub own_number: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// SMS parts sent since midnight.
    pub sent_today: u32,
    /// Whether the user allows it to send (a disabled modem sends nothing).
    pub enabled: bool,
}

/// Modem state.
#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ModemStateView {
    /// Attached; its status is being read.
    Connecting,
    /// The SIM wants a PIN (`POST /api/v1/modems/{name}/pin`).
    SimLocked,
    /// Looking for a network.
    Searching,
    /// Registered: sends and receives.
    Ready,
    /// Unplugged or not answering; it is re-attached when it comes back.
    Offline,
    /// A problem named in `error` (e.g. registration denied).
    Error,
}

/// Network registration (TS 27.007 7.2).
#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationView {
    /// Not registered, not searching.
    NotRegistered,
    /// Home network.
    Home,
    /// Searching.
    Searching,
    /// Registration denied.
    Denied,
    /// Unknown.
    Unknown,
    /// Roaming.
    Roaming,
    /// Emergency calls only.
    EmergencyOnly,
}

impl From<simgate_engine::ModemStatus> for ModemView {
    fn from(m: simgate_engine::ModemStatus) -> ModemView {
        use simgate_engine::{ModemState as S, Registration as R};
        ModemView {
            name: m.name,
            path: m.path,
            demo: m.demo,
            state: match m.state {
                S::Connecting => ModemStateView::Connecting,
                S::SimLocked => ModemStateView::SimLocked,
                S::Searching => ModemStateView::Searching,
                S::Ready => ModemStateView::Ready,
                S::Offline => ModemStateView::Offline,
                S::Error => ModemStateView::Error,
            },
            error: m.error,
            signal_dbm: m.signal_dbm,
            signal_bars: m.signal_bars,
            operator: m.operator,
            roaming: m.roaming,
            registration: m.registration.map(|r| match r {
                R::NotRegistered => RegistrationView::NotRegistered,
                R::Home => RegistrationView::Home,
                R::Searching => RegistrationView::Searching,
                R::Denied => RegistrationView::Denied,
                R::Roaming => RegistrationView::Roaming,
                R::EmergencyOnly => RegistrationView::EmergencyOnly,
                _ => RegistrationView::Unknown,
            }),
            imei: m.imei,
            iccid: m.iccid,
            own_number: m.own_number,
            manufacturer: m.manufacturer,
            model: m.model,
            sent_today: m.sent_today,
            enabled: m.enabled,
        }
    }
}

/// `GET /api/v1/stats`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Stats {
    /// All messages.
    pub total: u64,
    /// Messages per status name (every status listed).
    pub by_status: std::collections::BTreeMap<String, u64>,
}

/// Parses an RFC 3339 time of field `field` to Unix ms.
pub fn parse_time(field: &str, value: &str) -> Result<i64, simgate_engine::FieldError> {
    OffsetDateTime::parse(value, &Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .map_err(|_| {
            simgate_engine::FieldError::new(
                field,
                format!("\"{value}\" is not an RFC 3339 time such as 2026-12-01T09:00:00+01:00"),
            )
        })
}
