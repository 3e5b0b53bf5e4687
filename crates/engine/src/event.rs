//! Events published on the gateway's bus (and streamed to clients as Server-Sent Events).

use serde::Serialize;
use simgate_store::messages::MessageStatus;

/// Something that changed. The serialised `type` is the SSE event name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum Event {
    /// A message changed status.
    #[serde(rename = "message.updated")]
    MessageUpdated {
        /// Message id.
        id: String,
        /// Its new status.
        status: MessageStatus,
    },
    /// A complete SMS arrived (all its parts) and is in the inbox.
    #[serde(rename = "message.received")]
    MessageReceived {
        /// Inbox message id.
        id: String,
        /// The sender as the network gave it.
        from: String,
        /// Modem it arrived on.
        modem: String,
    },
    /// A modem's state changed.
    #[serde(rename = "modem.updated")]
    ModemUpdated {
        /// Modem name.
        name: String,
    },
}

impl Event {
    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            Event::MessageUpdated { .. } => "message.updated",
            Event::MessageReceived { .. } => "message.received",
            Event::ModemUpdated { .. } => "modem.updated",
        }
    }
}
