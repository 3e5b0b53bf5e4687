//! The routing configuration as users write it: pools, rules, per-SIM limits and send windows.
//!
//! Every type here is persisted as JSON and served through the API unchanged, so field names are part of the
//! API contract: snake_case, unknown fields rejected (a typo such as `per_dya` must not silently drop a limit).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Everything the routing engine needs to know about how messages are spread over modems.
///
/// The default routes every message to every modem, with no limits and no quiet hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct RoutingConfig {
    /// Named groups of modems; a modem may belong to several pools.
    pub pools: Vec<Pool>,
    /// Ordered rules: the first rule whose conditions all hold picks the pool.
    pub rules: Vec<Rule>,
    /// Pool for messages no rule matches; `None` means every modem may send them.
    pub default_pool: Option<String>,
    /// Per-SIM sending limits, keyed by modem name.
    pub limits: BTreeMap<String, SimLimits>,
    /// Quiet hours per message category, in the recipient's local time.
    pub windows: SendWindows,
    /// UTC offset (`"+01:00"`, `"-05:00"`, `"UTC"`) used for recipients whose country has no entry in the
    /// offset table and who have no contact override, and for the hour/day/month boundaries of SIM limits.
    pub default_timezone: String,
}

impl Default for RoutingConfig {
    fn default() -> Self {
        Self {
            pools: Vec::new(),
            rules: Vec::new(),
            default_pool: None,
            limits: BTreeMap::new(),
            windows: SendWindows::default(),
            default_timezone: "+00:00".to_owned(),
        }
    }
}

impl RoutingConfig {
    /// The pool called `name`, if configured.
    pub fn pool(&self, name: &str) -> Option<&Pool> {
        self.pools.iter().find(|p| p.name == name)
    }
}

/// A named group of modems and how messages are spread over them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Pool {
    pub name: String,
    /// Modem names in the configured order; the order matters for `failover` and `sticky`.
    pub modems: Vec<String>,
    #[serde(default)]
    pub strategy: Strategy,
}

/// How a pool picks among its modems that are online, enabled and under their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Modems take turns; an idle modem may always take the next message (see [`decide`](super::decide)).
    #[default]
    RoundRobin,
    /// The modem with the fewest queued messages sends; ties go to whichever asks first.
    LeastQueued,
    /// The same recipient always hears from the same SIM (a stable hash of the number), so replies land in
    /// one conversation; when that SIM is offline or at a limit the next one in pool order stands in.
    Sticky,
    /// The first usable modem in pool order sends everything; the others are reserves.
    Failover,
}

/// One routing rule: when every given condition holds, the message goes to `pool`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Rule {
    pub name: String,
    #[serde(default)]
    pub when: Match,
    pub pool: String,
}

/// The conditions of a rule. Absent conditions are not checked; a rule with none matches every message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct Match {
    /// The recipient's E.164 number starts with this, e.g. `"+49"` or `"+49151"`.
    pub prefix: Option<String>,
    /// ISO 3166-1 alpha-2 country of the recipient's number (from its calling code and numbering plan).
    pub country: Option<String>,
    /// The message carries this tag (compared without regard to ASCII case).
    pub tag: Option<String>,
    pub category: Option<Category>,
    pub priority: Option<Priority>,
}

/// What a message is for; decides which send window applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Receipts, alerts, appointment reminders: messages the recipient expects.
    #[default]
    Transactional,
    /// Campaigns and offers: held back outside the marketing window.
    Marketing,
}

impl Category {
    /// The name stored in the database and used in the API (`"transactional"`, `"marketing"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Transactional => "transactional",
            Category::Marketing => "marketing",
        }
    }

    /// The inverse of [`Category::as_str`]; `None` for any other text.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "transactional" => Some(Category::Transactional),
            "marketing" => Some(Category::Marketing),
            _ => None,
        }
    }
}

/// Sending priority. `Otp` sorts first (`Priority::Otp < Priority::Bulk`), so an ascending sort is the
/// order messages are sent in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// One-time passwords: sent first and never held by send windows.
    Otp,
    High,
    #[default]
    Normal,
    Bulk,
}

impl Priority {
    /// The value stored in the database: 0 (`otp`) to 3 (`bulk`), so `ORDER BY priority` sends OTPs first.
    pub fn as_i64(self) -> i64 {
        match self {
            Priority::Otp => 0,
            Priority::High => 1,
            Priority::Normal => 2,
            Priority::Bulk => 3,
        }
    }

    /// The inverse of [`Priority::as_i64`]; `None` for a value no version of SimGate stores.
    pub fn from_i64(v: i64) -> Option<Self> {
        match v {
            0 => Some(Priority::Otp),
            1 => Some(Priority::High),
            2 => Some(Priority::Normal),
            3 => Some(Priority::Bulk),
            _ => None,
        }
    }
}

/// Caps on what one SIM sends. Carriers silently block SIMs that exceed hidden caps, so these are set below
/// them. Absent fields mean no cap; zero is rejected by validation (disable the modem instead).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct SimLimits {
    pub per_hour: Option<u32>,
    pub per_day: Option<u32>,
    pub per_month: Option<u32>,
    /// Distinct recipients per day; a recipient already messaged today does not count again.
    pub unique_recipients_per_day: Option<u32>,
}

/// Quiet hours per category. OTP-priority messages ignore both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct SendWindows {
    pub marketing: Option<Window>,
    pub transactional: Option<Window>,
}

impl SendWindows {
    /// The window that applies to messages of `category`, if any.
    pub fn for_category(&self, category: Category) -> Option<&Window> {
        match category {
            Category::Marketing => self.marketing.as_ref(),
            Category::Transactional => self.transactional.as_ref(),
        }
    }
}

/// Local times (`"HH:MM"`, 24-hour) between which messages may be sent: from `start` inclusive to `end`
/// exclusive. A window whose end is earlier than its start wraps midnight (`"22:00"`-`"06:00"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Window {
    pub start: String,
    pub end: String,
}

impl Window {
    /// A window from `start` to `end` (not validated; see [`RoutingConfig::validate`]).
    pub fn new(start: &str, end: &str) -> Self {
        Self {
            start: start.to_owned(),
            end: end.to_owned(),
        }
    }

    /// Start and end as minutes after midnight, or `None` if either is not a valid `"HH:MM"`.
    pub(crate) fn minutes(&self) -> Option<(u32, u32)> {
        Some((parse_hhmm(&self.start)?, parse_hhmm(&self.end)?))
    }
}

/// Minutes after midnight of a `"HH:MM"` time of day (`"9:30"` is accepted too).
pub(crate) fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let digits = |p: &str, max_len| {
        !p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 2) || m.len() != 2 || !digits(m, 2) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}
