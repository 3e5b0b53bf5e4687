//! The routing engine: which modem sends a message, and when no modem may, why it waits.
//!
//! Pure decisions over plain data, with the time passed in: the scheduler asks [`decide`] when a modem is
//! idle ("may I send this one?"), stores the [`WaitReason`] of messages no modem may send, and sleeps until
//! [`WaitReason::until_ms`] or [`window_opens_at`].
//!
//! - [`RoutingConfig`]: modem [`Pool`]s with a [`Strategy`], ordered [`Rule`]s matching on number prefix,
//!   country, contact tag, [`Category`] and [`Priority`], per-SIM [`SimLimits`], and [`SendWindows`] (quiet
//!   hours per category in the recipient's local time). [`RoutingConfig::validate`] lists every problem with
//!   its path.
//! - [`route`] / [`route_pool`]: explicit pool, else the first matching rule, else the default pool, else
//!   every modem.
//! - [`decide`]: the pool's modems that are online, enabled and under every limit are eligible; the strategy
//!   picks among them. A SIM at a limit is skipped and its traffic rolls over to the pool's other SIMs.
//!
//! The configuration is persisted as JSON and served by the API as-is; this is its shape:
//!
//! ```
//! use simgate_engine::routing::{
//!     Category, Decision, MessageAttrs, ModemState, Priority, RoundRobin, RoutingConfig, Usage, decide,
//! };
//!
//! let json = r#"{
//!   "pools": [
//!     { "name": "germany", "modems": ["modem-1", "modem-2"], "strategy": "sticky" },
//!     { "name": "otp", "modems": ["modem-3", "modem-1"], "strategy": "failover" },
//!     { "name": "bulk", "modems": ["modem-2", "modem-3"], "strategy": "least-queued" }
//!   ],
//!   "rules": [
//!     { "name": "codes first", "when": { "priority": "otp" }, "pool": "otp" },
//!     { "name": "german numbers", "when": { "country": "DE" }, "pool": "germany" },
//!     { "name": "campaigns", "when": { "category": "marketing", "tag": "newsletter" }, "pool": "bulk" },
//!     { "name": "austria", "when": { "prefix": "+43" }, "pool": "germany" }
//!   ],
//!   "default_pool": "bulk",
//!   "limits": {
//!     "modem-2": { "per_hour": 60, "per_day": 400, "per_month": 5000, "unique_recipients_per_day": 200 }
//!   },
//!   "windows": {
//!     "marketing": { "start": "09:00", "end": "20:00" },
//!     "transactional": { "start": "07:00", "end": "22:30" }
//!   },
//!   "default_timezone": "+01:00"
//! }"#;
//! let cfg: RoutingConfig = serde_json::from_str(json).unwrap();
//! let modems = ["modem-1", "modem-2", "modem-3"].map(String::from);
//! assert!(cfg.validate(&modems).is_ok());
//!
//! // An OTP to a German number at 03:00 local time: the "otp" pool fails over in order, no window applies.
//! let otp = MessageAttrs {
//!     to: "+4915112345678",
//!     category: Category::Transactional,
//!     priority: Priority::Otp,
//!     tags: &[],
//!     pool: None,
//!     timezone: None,
//! };
//! let state = |name| ModemState { name, online: true, enabled: true, usage: Usage::default(), queued: 0 };
//! let live = [state("modem-1"), state("modem-2"), state("modem-3")];
//! let three_am_berlin = 1_764_122_400_000; // 2025-11-26 02:00 UTC
//! let rr = RoundRobin::new();
//! assert_eq!(decide(&cfg, &otp, "modem-3", &live, three_am_berlin, &rr), Decision::Send);
//! assert_eq!(decide(&cfg, &otp, "modem-1", &live, three_am_berlin, &rr), Decision::NotThisModem);
//!
//! // A newsletter to the same number waits for the marketing window in the recipient's time zone.
//! let news = MessageAttrs { category: Category::Marketing, priority: Priority::Bulk, ..otp };
//! match decide(&cfg, &news, "modem-2", &live, three_am_berlin, &rr) {
//!     Decision::Wait(reason) => assert_eq!(reason.to_string(), "outside send window until 09:00"),
//!     other => panic!("expected to wait, got {other:?}"),
//! }
//! ```
//!
//! Absent fields take their defaults (`{}` is a valid configuration: every modem sends everything, no limits,
//! no windows, default time zone UTC); unknown fields are rejected.

mod config;
mod decide;
mod validate;
pub mod zone;

pub use config::{
    Category, Match, Pool, Priority, RoutingConfig, Rule, SendWindows, SimLimits, Strategy, Window,
};
pub use decide::{
    Decision, LimitKind, MessageAttrs, ModemState, RoundRobin, Route, Usage, WaitReason, decide,
    recipient_offset, route, route_pool, usage_periods, window_opens_at,
};
pub use validate::{ConfigError, ConfigProblem};
pub use zone::Periods;

#[cfg(test)]
mod tests;
