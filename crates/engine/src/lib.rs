//! The running SimGate gateway.
//!
//! [`Gateway`] is a cheap-to-clone handle on everything that runs: the outbox (a SQLite file written by one
//! [`writer`] thread with group commits), one sender task per modem, one supervisor per modem (delivery reports,
//! the inbox, modem status), the modem connections themselves, and the event bus every status change is
//! published on. The HTTP API, the desktop shell and the command line are thin
//! adapters over this handle.
//!
//! ```no_run
//! # async fn demo() -> Result<(), simgate_engine::EngineError> {
//! use simgate_engine::{Gateway, GatewayConfig, SendRequest};
//! let mut cfg = GatewayConfig::new("/tmp/simgate-demo".into());
//! cfg.demo_modems = 1;
//! let gw = Gateway::start(cfg).await?;
//! let msg = gw.enqueue(SendRequest::new("+4915112345678", "Your code is 123456")).await?;
//! println!("{} is {:?}", msg.id, msg.status);
//! gw.shutdown().await;
//! # Ok(()) }
//! ```

mod clock;
mod error;
mod event;
mod gateway;
mod inbox;
mod modems;
pub mod routing;
mod scheduler;
mod sender;
mod supervisor;
mod validate;
pub mod writer;

pub use clock::now_ms;
pub use error::{EngineError, FieldError};
pub use event::Event;
pub use gateway::{Gateway, GatewayConfig, ListQuery, MessagePage, SendRequest};
pub use inbox::{InboxPage, InboxQuery};
pub use modems::{ModemState, ModemStatus, ModemSummary, discover_ports};
pub use simgate_modem::Registration;
pub use simgate_store::inbox::InboxMessage;
pub use simgate_store::messages::{HistoryEntry, Message, MessageStatus};
pub use supervisor::{ModemActionError, SimulateAction};
pub use validate::{MAX_BODY_CHARS, normalise_number};
