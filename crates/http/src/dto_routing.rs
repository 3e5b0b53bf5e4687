//! The JSON shape of `GET`/`PUT /api/v1/routing`: wire mirrors of `simgate_engine::routing`'s configuration.
//!
//! The engine persists its configuration as JSON and the API has always served that JSON unchanged, so these
//! types carry exactly the engine's serde attributes (snake_case fields, unknown fields rejected, kebab-case
//! strategies, lowercase categories and priorities, the same defaults and field order). They exist only so
//! the OpenAPI document can describe the configuration and the UI gets generated types for it; the
//! conversions below are field-for-field, and a test checks that a configuration survives PUT then GET.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use simgate_engine::routing as engine;
use utoipa::ToSchema;

use crate::dto::{CategoryParam, PriorityParam};

/// How messages are spread over modems: pools, ordered rules, per-SIM limits and send windows.
///
/// Every field may be left out of a `PUT` (it takes its default); `GET` always returns all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct RoutingConfig {
    /// Named groups of modems; a modem may belong to several pools.
    pub pools: Vec<Pool>,
    /// Ordered rules: the first rule whose conditions all hold picks the pool.
    pub rules: Vec<Rule>,
    /// Pool for messages no rule matches; null means every modem may send them.
    #[schema(example = "all")]
    pub default_pool: Option<String>,
    /// Per-SIM sending limits, keyed by modem name.
    pub limits: BTreeMap<String, SimLimits>,
    /// Quiet hours per message category, in the recipient's local time.
    pub windows: SendWindows,
    /// UTC offset (`+01:00`, `-05:00`, `UTC`) for recipients whose country is not known, and for the
    /// hour/day/month boundaries of SIM limits.
    #[schema(example = "+00:00")]
    pub default_timezone: String,
}

impl Default for RoutingConfig {
    fn default() -> Self {
        engine::RoutingConfig::default().into()
    }
}

/// A named group of modems and how messages are spread over them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Pool {
    /// Unique among pools.
    #[schema(example = "uk")]
    pub name: String,
    /// Modem names in order; the order matters for `failover` and `sticky`.
    #[schema(example = json!(["demo-1", "demo-2"]))]
    pub modems: Vec<String>,
    /// `round-robin` when left out.
    #[serde(default)]
    pub strategy: Strategy,
}

/// How a pool picks among its modems that are online, enabled and under their limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Modems take turns.
    #[default]
    RoundRobin,
    /// The modem with the fewest queued messages sends.
    LeastQueued,
    /// The same recipient always hears from the same SIM (by a hash of the number); the next in order
    /// stands in while it is offline or at a limit.
    Sticky,
    /// The first usable modem in order sends everything; the others are reserves.
    Failover,
}

/// One routing rule: when every given condition holds, the message goes to `pool`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Rule {
    /// Unique among rules.
    #[schema(example = "UK numbers")]
    pub name: String,
    /// The conditions; none means every message matches.
    #[serde(default)]
    pub when: Match,
    /// Name of the pool that sends matching messages.
    #[schema(example = "uk")]
    pub pool: String,
}

/// The conditions of a rule. Absent (or null) conditions are not checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct Match {
    /// The recipient's E.164 number starts with this: `+` and digits.
    #[schema(example = "+44")]
    pub prefix: Option<String>,
    /// ISO 3166-1 alpha-2 country of the recipient's number, in capitals.
    #[schema(example = "GB")]
    pub country: Option<String>,
    /// The message carries this tag (compared without regard to ASCII case).
    pub tag: Option<String>,
    /// The message's category.
    pub category: Option<CategoryParam>,
    /// The message's priority.
    pub priority: Option<PriorityParam>,
}

/// Caps on what one SIM sends; absent means no cap, and 0 is rejected (disable the modem instead).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct SimLimits {
    /// SMS parts per hour.
    #[schema(minimum = 1)]
    pub per_hour: Option<u32>,
    /// SMS parts per day.
    #[schema(minimum = 1)]
    pub per_day: Option<u32>,
    /// SMS parts per calendar month.
    #[schema(minimum = 1)]
    pub per_month: Option<u32>,
    /// Distinct recipients per day.
    #[schema(minimum = 1)]
    pub unique_recipients_per_day: Option<u32>,
}

/// Quiet hours per category; null means any hour. OTP-priority messages ignore both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct SendWindows {
    /// When marketing messages may be sent.
    pub marketing: Option<Window>,
    /// When transactional messages may be sent.
    pub transactional: Option<Window>,
}

/// Local times (`HH:MM`, 24-hour) from `start` inclusive to `end` exclusive; an end before the start wraps
/// midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Window {
    /// Opening time.
    #[schema(example = "09:00")]
    pub start: String,
    /// Closing time.
    #[schema(example = "20:00")]
    pub end: String,
}

impl From<engine::RoutingConfig> for RoutingConfig {
    fn from(c: engine::RoutingConfig) -> Self {
        Self {
            pools: c.pools.into_iter().map(Pool::from).collect(),
            rules: c.rules.into_iter().map(Rule::from).collect(),
            default_pool: c.default_pool,
            limits: c
                .limits
                .into_iter()
                .map(|(k, v)| (k, SimLimits::from(v)))
                .collect(),
            windows: c.windows.into(),
            default_timezone: c.default_timezone,
        }
    }
}

impl From<RoutingConfig> for engine::RoutingConfig {
    fn from(c: RoutingConfig) -> Self {
        Self {
            pools: c.pools.into_iter().map(engine::Pool::from).collect(),
            rules: c.rules.into_iter().map(engine::Rule::from).collect(),
            default_pool: c.default_pool,
            limits: c
                .limits
                .into_iter()
                .map(|(k, v)| (k, engine::SimLimits::from(v)))
                .collect(),
            windows: c.windows.into(),
            default_timezone: c.default_timezone,
        }
    }
}

impl From<engine::Pool> for Pool {
    fn from(p: engine::Pool) -> Self {
        Self {
            name: p.name,
            modems: p.modems,
            strategy: p.strategy.into(),
        }
    }
}

impl From<Pool> for engine::Pool {
    fn from(p: Pool) -> Self {
        Self {
            name: p.name,
            modems: p.modems,
            strategy: p.strategy.into(),
        }
    }
}

impl From<engine::Strategy> for Strategy {
    fn from(s: engine::Strategy) -> Self {
        match s {
            engine::Strategy::RoundRobin => Strategy::RoundRobin,
            engine::Strategy::LeastQueued => Strategy::LeastQueued,
            engine::Strategy::Sticky => Strategy::Sticky,
            engine::Strategy::Failover => Strategy::Failover,
        }
    }
}

impl From<Strategy> for engine::Strategy {
    fn from(s: Strategy) -> Self {
        match s {
            Strategy::RoundRobin => engine::Strategy::RoundRobin,
            Strategy::LeastQueued => engine::Strategy::LeastQueued,
            Strategy::Sticky => engine::Strategy::Sticky,
            Strategy::Failover => engine::Strategy::Failover,
        }
    }
}

impl From<engine::Rule> for Rule {
    fn from(r: engine::Rule) -> Self {
        Self {
            name: r.name,
            when: r.when.into(),
            pool: r.pool,
        }
    }
}

impl From<Rule> for engine::Rule {
    fn from(r: Rule) -> Self {
        Self {
            name: r.name,
            when: r.when.into(),
            pool: r.pool,
        }
    }
}

impl From<engine::Match> for Match {
    fn from(m: engine::Match) -> Self {
        Self {
            prefix: m.prefix,
            country: m.country,
            tag: m.tag,
            category: m.category.map(CategoryParam::from),
            priority: m.priority.map(PriorityParam::from),
        }
    }
}

impl From<Match> for engine::Match {
    fn from(m: Match) -> Self {
        Self {
            prefix: m.prefix,
            country: m.country,
            tag: m.tag,
            category: m.category.map(engine::Category::from),
            priority: m.priority.map(engine::Priority::from),
        }
    }
}

impl From<engine::Category> for CategoryParam {
    fn from(c: engine::Category) -> Self {
        match c {
            engine::Category::Transactional => CategoryParam::Transactional,
            engine::Category::Marketing => CategoryParam::Marketing,
        }
    }
}

impl From<CategoryParam> for engine::Category {
    fn from(c: CategoryParam) -> Self {
        match c {
            CategoryParam::Transactional => engine::Category::Transactional,
            CategoryParam::Marketing => engine::Category::Marketing,
        }
    }
}

impl From<engine::Priority> for PriorityParam {
    fn from(p: engine::Priority) -> Self {
        match p {
            engine::Priority::Otp => PriorityParam::Otp,
            engine::Priority::High => PriorityParam::High,
            engine::Priority::Normal => PriorityParam::Normal,
            engine::Priority::Bulk => PriorityParam::Bulk,
        }
    }
}

impl From<PriorityParam> for engine::Priority {
    fn from(p: PriorityParam) -> Self {
        match p {
            PriorityParam::Otp => engine::Priority::Otp,
            PriorityParam::High => engine::Priority::High,
            PriorityParam::Normal => engine::Priority::Normal,
            PriorityParam::Bulk => engine::Priority::Bulk,
        }
    }
}

impl From<engine::SimLimits> for SimLimits {
    fn from(l: engine::SimLimits) -> Self {
        Self {
            per_hour: l.per_hour,
            per_day: l.per_day,
            per_month: l.per_month,
            unique_recipients_per_day: l.unique_recipients_per_day,
        }
    }
}

impl From<SimLimits> for engine::SimLimits {
    fn from(l: SimLimits) -> Self {
        Self {
            per_hour: l.per_hour,
            per_day: l.per_day,
            per_month: l.per_month,
            unique_recipients_per_day: l.unique_recipients_per_day,
        }
    }
}

impl From<engine::SendWindows> for SendWindows {
    fn from(w: engine::SendWindows) -> Self {
        Self {
            marketing: w.marketing.map(Window::from),
            transactional: w.transactional.map(Window::from),
        }
    }
}

impl From<SendWindows> for engine::SendWindows {
    fn from(w: SendWindows) -> Self {
        Self {
            marketing: w.marketing.map(engine::Window::from),
            transactional: w.transactional.map(engine::Window::from),
        }
    }
}

impl From<engine::Window> for Window {
    fn from(w: engine::Window) -> Self {
        Self {
            start: w.start,
            end: w.end,
        }
    }
}

impl From<Window> for engine::Window {
    fn from(w: Window) -> Self {
        engine::Window::new(&w.start, &w.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wire types and the engine's must read and write the same JSON, or the API contract has moved.
    #[test]
    fn wire_json_is_the_engines_json() {
        let json = serde_json::json!({
            "pools": [
                {"name": "uk", "modems": ["demo-1", "demo-2"], "strategy": "failover"},
                {"name": "all", "modems": ["demo-2"], "strategy": "least-queued"},
                {"name": "short", "modems": ["demo-1"]}
            ],
            "rules": [
                {"name": "uk", "when": {"prefix": "+44", "country": "GB", "tag": "vip",
                    "category": "marketing", "priority": "otp"}, "pool": "uk"},
                {"name": "rest", "pool": "all"}
            ],
            "default_pool": "all",
            "limits": {"demo-1": {"per_hour": 10, "unique_recipients_per_day": 3}},
            "windows": {"marketing": {"start": "09:00", "end": "20:00"}},
            "default_timezone": "+01:00"
        });
        let wire: RoutingConfig = serde_json::from_value(json.clone()).unwrap();
        let eng: engine::RoutingConfig = serde_json::from_value(json).unwrap();
        assert_eq!(engine::RoutingConfig::from(wire.clone()), eng);
        assert_eq!(
            serde_json::to_value(&wire).unwrap(),
            serde_json::to_value(&eng).unwrap()
        );
        assert_eq!(
            serde_json::to_value(RoutingConfig::default()).unwrap(),
            serde_json::to_value(engine::RoutingConfig::default()).unwrap()
        );
        assert_eq!(
            serde_json::to_value(RoutingConfig::from(eng.clone())).unwrap(),
            serde_json::to_value(&eng).unwrap()
        );
    }

    #[test]
    fn unknown_fields_are_rejected_like_the_engine_does() {
        for bad in [
            serde_json::json!({"pols": []}),
            serde_json::json!({"limits": {"demo-1": {"per_dya": 5}}}),
            serde_json::json!({"pools": [{"name": "a", "modems": [], "strategy": "random"}]}),
            serde_json::json!({"rules": [{"name": "a", "pool": "b", "when": {"prefx": "+1"}}]}),
        ] {
            assert!(serde_json::from_value::<RoutingConfig>(bad.clone()).is_err());
            assert!(serde_json::from_value::<engine::RoutingConfig>(bad).is_err());
        }
    }
}
