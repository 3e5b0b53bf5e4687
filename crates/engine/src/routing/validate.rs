//! Checking a routing configuration before it is stored, with one error per problem, each naming where.

use std::collections::HashSet;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::config::{RoutingConfig, Window, parse_hhmm};
use super::zone::parse_offset;

/// One problem in a [`RoutingConfig`]: where (`rules[2].pool`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct ConfigError {
    /// The JSON path of the offending value, e.g. `pools[0].modems[1]` or `limits.modem-2.per_day`.
    pub path: String,
    pub problem: ConfigProblem,
}

/// What is wrong with a configuration value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigProblem {
    #[error("a name is required")]
    EmptyName,
    #[error("there is already a pool named \"{name}\"")]
    DuplicatePool { name: String },
    #[error("there is already a rule named \"{name}\"")]
    DuplicateRule { name: String },
    #[error("the pool has no modems")]
    EmptyPool,
    #[error("modem \"{name}\" is listed twice")]
    DuplicateModem { name: String },
    #[error("there is no modem named \"{name}\"")]
    UnknownModem { name: String },
    #[error("there is no pool named \"{name}\"")]
    UnknownPool { name: String },
    #[error("\"{value}\" is not a number prefix; write + and digits, e.g. +49")]
    InvalidPrefix { value: String },
    #[error("\"{value}\" is not an ISO country code; write two capital letters, e.g. DE")]
    InvalidCountry { value: String },
    #[error("the tag is empty")]
    EmptyTag,
    #[error("\"{value}\" is not a time of day; write HH:MM between 00:00 and 23:59")]
    InvalidTime { value: String },
    #[error(
        "start and end are both {at}, which leaves no time to send; remove the window to send at any hour"
    )]
    EmptyWindow { at: String },
    #[error("a limit of 0 would never send; disable the modem instead, or remove the limit")]
    ZeroLimit,
    #[error("\"{value}\" is not a UTC offset; write e.g. +01:00, -05:00 or UTC")]
    InvalidTimezone { value: String },
}

impl ConfigProblem {
    /// A stable machine-readable name, for the API and the settings page.
    pub fn kind(&self) -> &'static str {
        match self {
            ConfigProblem::EmptyName => "empty_name",
            ConfigProblem::DuplicatePool { .. } => "duplicate_pool",
            ConfigProblem::DuplicateRule { .. } => "duplicate_rule",
            ConfigProblem::EmptyPool => "empty_pool",
            ConfigProblem::DuplicateModem { .. } => "duplicate_modem",
            ConfigProblem::UnknownModem { .. } => "unknown_modem",
            ConfigProblem::UnknownPool { .. } => "unknown_pool",
            ConfigProblem::InvalidPrefix { .. } => "invalid_prefix",
            ConfigProblem::InvalidCountry { .. } => "invalid_country",
            ConfigProblem::EmptyTag => "empty_tag",
            ConfigProblem::InvalidTime { .. } => "invalid_time",
            ConfigProblem::EmptyWindow { .. } => "empty_window",
            ConfigProblem::ZeroLimit => "zero_limit",
            ConfigProblem::InvalidTimezone { .. } => "invalid_timezone",
        }
    }
}

/// Serialised as `{"path": "rules[2].pool", "kind": "unknown_pool", "message": "there is no pool named \"eu\""}`.
impl Serialize for ConfigError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ConfigError", 3)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("kind", self.problem.kind())?;
        st.serialize_field("message", &self.problem.to_string())?;
        st.end()
    }
}

/// Collects problems so validation reports all of them at once, not just the first.
#[derive(Default)]
struct Problems(Vec<ConfigError>);

impl Problems {
    fn push(&mut self, path: impl Into<String>, problem: ConfigProblem) {
        self.0.push(ConfigError {
            path: path.into(),
            problem,
        });
    }
}

impl RoutingConfig {
    /// Checks the configuration against itself and against the modems the gateway knows by name.
    ///
    /// Returns every problem found, in document order, so a settings form can mark all bad fields at once.
    pub fn validate(&self, known_modems: &[String]) -> Result<(), Vec<ConfigError>> {
        let mut p = Problems::default();
        let known = |m: &str| known_modems.iter().any(|k| k == m);

        let mut pool_names = HashSet::new();
        for (i, pool) in self.pools.iter().enumerate() {
            if pool.name.trim().is_empty() {
                p.push(format!("pools[{i}].name"), ConfigProblem::EmptyName);
            } else if !pool_names.insert(pool.name.as_str()) {
                p.push(
                    format!("pools[{i}].name"),
                    ConfigProblem::DuplicatePool {
                        name: pool.name.clone(),
                    },
                );
            }
            if pool.modems.is_empty() {
                p.push(format!("pools[{i}].modems"), ConfigProblem::EmptyPool);
            }
            let mut members = HashSet::new();
            for (j, modem) in pool.modems.iter().enumerate() {
                let path = format!("pools[{i}].modems[{j}]");
                if !members.insert(modem.as_str()) {
                    p.push(
                        path,
                        ConfigProblem::DuplicateModem {
                            name: modem.clone(),
                        },
                    );
                } else if !known(modem) {
                    p.push(
                        path,
                        ConfigProblem::UnknownModem {
                            name: modem.clone(),
                        },
                    );
                }
            }
        }
        let pool_exists = |name: &str| self.pools.iter().any(|pool| pool.name == name);

        let mut rule_names = HashSet::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.name.trim().is_empty() {
                p.push(format!("rules[{i}].name"), ConfigProblem::EmptyName);
            } else if !rule_names.insert(rule.name.as_str()) {
                p.push(
                    format!("rules[{i}].name"),
                    ConfigProblem::DuplicateRule {
                        name: rule.name.clone(),
                    },
                );
            }
            let when = &rule.when;
            if let Some(prefix) = &when.prefix {
                let digits = prefix.strip_prefix('+').unwrap_or("");
                if digits.is_empty()
                    || digits.len() > 15
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                {
                    p.push(
                        format!("rules[{i}].when.prefix"),
                        ConfigProblem::InvalidPrefix {
                            value: prefix.clone(),
                        },
                    );
                }
            }
            if let Some(country) = &when.country {
                let is_upper =
                    country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase());
                if !is_upper || country.parse::<phonenumber::country::Id>().is_err() {
                    p.push(
                        format!("rules[{i}].when.country"),
                        ConfigProblem::InvalidCountry {
                            value: country.clone(),
                        },
                    );
                }
            }
            if when.tag.as_deref().is_some_and(|t| t.trim().is_empty()) {
                p.push(format!("rules[{i}].when.tag"), ConfigProblem::EmptyTag);
            }
            if !pool_exists(&rule.pool) {
                p.push(
                    format!("rules[{i}].pool"),
                    ConfigProblem::UnknownPool {
                        name: rule.pool.clone(),
                    },
                );
            }
        }

        match &self.default_pool {
            Some(name) if !pool_exists(name) => {
                p.push(
                    "default_pool",
                    ConfigProblem::UnknownPool { name: name.clone() },
                );
            }
            _ => {}
        }

        for (modem, limits) in &self.limits {
            if !known(modem) {
                p.push(
                    format!("limits.{modem}"),
                    ConfigProblem::UnknownModem {
                        name: modem.clone(),
                    },
                );
            }
            let fields = [
                ("per_hour", limits.per_hour),
                ("per_day", limits.per_day),
                ("per_month", limits.per_month),
                (
                    "unique_recipients_per_day",
                    limits.unique_recipients_per_day,
                ),
            ];
            for (field, value) in fields {
                if value == Some(0) {
                    p.push(format!("limits.{modem}.{field}"), ConfigProblem::ZeroLimit);
                }
            }
        }

        let windows = [
            ("marketing", &self.windows.marketing),
            ("transactional", &self.windows.transactional),
        ];
        for (name, window) in windows {
            if let Some(w) = window {
                check_window(&mut p, &format!("windows.{name}"), w);
            }
        }

        if parse_offset(&self.default_timezone).is_none() {
            p.push(
                "default_timezone",
                ConfigProblem::InvalidTimezone {
                    value: self.default_timezone.clone(),
                },
            );
        }

        if p.0.is_empty() { Ok(()) } else { Err(p.0) }
    }
}

fn check_window(p: &mut Problems, path: &str, w: &Window) {
    let start = parse_hhmm(&w.start);
    let end = parse_hhmm(&w.end);
    if start.is_none() {
        p.push(
            format!("{path}.start"),
            ConfigProblem::InvalidTime {
                value: w.start.clone(),
            },
        );
    }
    if end.is_none() {
        p.push(
            format!("{path}.end"),
            ConfigProblem::InvalidTime {
                value: w.end.clone(),
            },
        );
    }
    if start.is_some() && start == end {
        p.push(
            path.to_owned(),
            ConfigProblem::EmptyWindow {
                at: w.start.clone(),
            },
        );
    }
}
