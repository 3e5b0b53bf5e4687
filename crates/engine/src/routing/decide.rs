//! The routing decision: may this idle modem send this message now, and if no modem may, why not.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use serde::Serialize;

use super::config::{Category, Match, Pool, Priority, RoutingConfig, SimLimits, Strategy};
use super::zone::{
    DAY_MS, Periods, country_of, format_hhmm, format_local, offset_of_number, parse_offset,
};

/// What the routing engine needs to know about a message.
#[derive(Debug, Clone, Copy)]
pub struct MessageAttrs<'a> {
    /// The recipient in E.164 (`+4915112345678`), as stored by enqueue.
    pub to: &'a str,
    pub category: Category,
    pub priority: Priority,
    /// The recipient contact's tags.
    pub tags: &'a [String],
    /// A pool the API caller asked for explicitly; it overrides the rules.
    pub pool: Option<&'a str>,
    /// The contact's own UTC offset (`"+05:30"`), overriding the one derived from the number's country.
    pub timezone: Option<&'a str>,
}

/// One modem's sending counts in the current periods (see [`usage_periods`] for where periods start).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Messages sent in the current calendar hour.
    pub hour: u32,
    /// Messages sent today.
    pub day: u32,
    /// Messages sent this calendar month.
    pub month: u32,
    /// Distinct recipients messaged today.
    pub unique_today: u32,
    /// Whether this message's recipient is already among today's recipients (then the unique-recipient
    /// limit does not hold it back).
    pub knows_recipient_today: bool,
}

/// A modem as the routing engine sees it at the moment of a decision.
#[derive(Debug, Clone, Copy)]
pub struct ModemState<'a> {
    pub name: &'a str,
    /// Connected and registered on the network.
    pub online: bool,
    /// Not switched off for sending by the user.
    pub enabled: bool,
    pub usage: Usage,
    /// Messages bound to this modem and not yet finished, including one in flight; 0 means idle.
    pub queued: u32,
}

/// The answer to "may `candidate` send this message now?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Send it on the candidate modem.
    Send,
    /// Another modem should send it; the candidate should look at the next message.
    NotThisModem,
    /// No modem may send it now; the message stays queued with this reason.
    Wait(WaitReason),
}

/// Which per-SIM limit holds a SIM back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    Hourly,
    Daily,
    Monthly,
    /// The daily cap on distinct recipients.
    NewRecipients,
}

impl fmt::Display for LimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LimitKind::Hourly => "hourly",
            LimitKind::Daily => "daily",
            LimitKind::Monthly => "monthly",
            LimitKind::NewRecipients => "daily new-recipient",
        })
    }
}

/// Why a message is waiting. `Display` gives the text the Messages page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum WaitReason {
    /// Quiet hours for the message's category at the recipient; `until` is the recipient's local `"HH:MM"`.
    OutsideWindow { until: String, opens_at_ms: i64 },
    /// Every modem of the pool is offline (or not attached).
    ModemOffline,
    /// Every modem of the pool that is online has been disabled by the user.
    ModemDisabled,
    /// The only SIM that could send is at a limit; `resets_at` is local to the configured default time zone.
    SimLimit {
        modem: String,
        limit: LimitKind,
        resets_at_ms: i64,
        resets_at: String,
    },
    /// Every online SIM of the pool is at one of its limits; the earliest of them frees up at `resets_at`.
    AllSimsAtLimit {
        resets_at_ms: i64,
        resets_at: String,
    },
    /// The pool lists no modems.
    NoModemInPool { pool: String },
    /// No pool applies and the gateway has no modems at all.
    NoModems,
    /// The message names a pool (explicitly or through a rule) that no longer exists.
    UnknownPool { pool: String },
}

impl WaitReason {
    /// When waiting ends by the clock alone (a window opens, a limit resets), so the scheduler can sleep until
    /// then; `None` when it ends on an event (a modem comes online, the configuration changes).
    pub fn until_ms(&self) -> Option<i64> {
        match self {
            WaitReason::OutsideWindow { opens_at_ms, .. } => Some(*opens_at_ms),
            WaitReason::SimLimit { resets_at_ms, .. }
            | WaitReason::AllSimsAtLimit { resets_at_ms, .. } => Some(*resets_at_ms),
            _ => None,
        }
    }
}

impl fmt::Display for WaitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitReason::OutsideWindow { until, .. } => {
                write!(f, "outside send window until {until}")
            }
            WaitReason::ModemOffline => f.write_str("modem offline"),
            WaitReason::ModemDisabled => f.write_str("modem disabled"),
            WaitReason::SimLimit {
                modem,
                limit,
                resets_at,
                ..
            } => write!(
                f,
                "SIM {limit} limit reached on {modem}, resets at {resets_at}"
            ),
            WaitReason::AllSimsAtLimit { resets_at, .. } => {
                write!(f, "limit reached on all SIMs, next reset at {resets_at}")
            }
            WaitReason::NoModemInPool { pool } => write!(f, "no modem in pool \"{pool}\""),
            WaitReason::NoModems => f.write_str("no modem attached"),
            WaitReason::UnknownPool { pool } => write!(f, "pool \"{pool}\" does not exist"),
        }
    }
}

/// Where a message is routed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// To this pool (explicitly, by a rule, or as the default pool).
    Pool(&'a Pool),
    /// No pool applies: every modem may send it.
    AllModems,
    /// The message names a pool that is not configured.
    UnknownPool(&'a str),
}

/// Whose turn it is in each round-robin pool. Shared by all modems' decisions.
#[derive(Debug, Default)]
pub struct RoundRobin {
    /// Pool name -> index (in the pool's configured order) of the modem whose turn is next. A std Mutex, not
    /// a tokio one: it is held for a map lookup and never across an await.
    next: Mutex<HashMap<String, usize>>,
}

impl RoundRobin {
    pub fn new() -> Self {
        Self::default()
    }

    /// Index, in the pool's configured order, of the modem whose turn is next.
    pub fn next_index(&self, pool: &str) -> usize {
        let next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        next.get(pool).copied().unwrap_or(0)
    }

    fn sent(&self, pool: &str, index: usize, len: usize) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        next.insert(pool.to_owned(), (index + 1) % len.max(1));
    }
}

/// The pool a message goes to: its explicit pool, else the first rule whose conditions all hold, else the
/// default pool.
pub fn route<'a>(cfg: &'a RoutingConfig, msg: &MessageAttrs<'a>) -> Route<'a> {
    let named = |name: &'a str| cfg.pool(name).map_or(Route::UnknownPool(name), Route::Pool);
    if let Some(name) = msg.pool {
        return named(name);
    }
    let country = OnceCell::new();
    if let Some(rule) = cfg.rules.iter().find(|r| matches(&r.when, msg, &country)) {
        return named(&rule.pool);
    }
    cfg.default_pool.as_deref().map_or(Route::AllModems, named)
}

/// The pool a message goes to, or `None` when every modem may send it (no rule, no default pool) or the
/// named pool does not exist (see [`route`] to tell the two apart).
pub fn route_pool<'a>(cfg: &'a RoutingConfig, msg: &MessageAttrs<'a>) -> Option<&'a Pool> {
    match route(cfg, msg) {
        Route::Pool(pool) => Some(pool),
        Route::AllModems | Route::UnknownPool(_) => None,
    }
}

fn matches(when: &Match, msg: &MessageAttrs<'_>, country: &OnceCell<Option<String>>) -> bool {
    when.prefix.as_deref().is_none_or(|p| msg.to.starts_with(p))
        && when.category.is_none_or(|c| c == msg.category)
        && when.priority.is_none_or(|p| p == msg.priority)
        && when
            .tag
            .as_deref()
            .is_none_or(|t| msg.tags.iter().any(|m| m.eq_ignore_ascii_case(t)))
        && when.country.as_deref().is_none_or(|c| {
            country
                .get_or_init(|| country_of(msg.to))
                .as_deref()
                .is_some_and(|own| own.eq_ignore_ascii_case(c))
        })
}

/// The recipient's UTC offset in minutes: the contact override, else the number's country, else the
/// configured default (see the [`zone`](super::zone) module for how approximate the country table is).
pub fn recipient_offset(cfg: &RoutingConfig, msg: &MessageAttrs<'_>) -> i32 {
    msg.timezone
        .and_then(parse_offset)
        .or_else(|| offset_of_number(msg.to))
        .or_else(|| parse_offset(&cfg.default_timezone))
        .unwrap_or(0)
}

/// When the send window for this message next opens (Unix ms), or `None` if it may be sent now as far as
/// windows go: no window for its category, OTP priority, or the window is open.
pub fn window_opens_at(cfg: &RoutingConfig, msg: &MessageAttrs<'_>, now_ms: i64) -> Option<i64> {
    window_wait(cfg, msg, now_ms).and_then(|r| r.until_ms())
}

fn window_wait(cfg: &RoutingConfig, msg: &MessageAttrs<'_>, now_ms: i64) -> Option<WaitReason> {
    if msg.priority == Priority::Otp {
        return None;
    }
    // An unparsable window is rejected by validation; one that slipped through does not hold messages.
    let (start, end) = cfg.windows.for_category(msg.category)?.minutes()?;
    let offset = recipient_offset(cfg, msg);
    let local_ms = now_ms + i64::from(offset) * 60_000;
    let minute = (local_ms.rem_euclid(DAY_MS) / 60_000) as u32;
    let open = if start < end {
        (start..end).contains(&minute)
    } else {
        minute >= start || minute < end
    };
    if open {
        return None;
    }
    let wait = (i64::from(start) * 60_000 - local_ms.rem_euclid(DAY_MS)).rem_euclid(DAY_MS);
    let opens_at_ms = now_ms + wait;
    Some(WaitReason::OutsideWindow {
        until: format_hhmm(opens_at_ms, offset),
        opens_at_ms,
    })
}

/// Where the hour, day and month that SIM usage counters count within began and end at `now_ms`, in the
/// configured default time zone.
pub fn usage_periods(cfg: &RoutingConfig, now_ms: i64) -> Periods {
    Periods::at(now_ms, parse_offset(&cfg.default_timezone).unwrap_or(0))
}

/// Why a modem cannot send right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blocked {
    Offline,
    Disabled,
    Limit(LimitKind, i64),
}

/// Whether `modem` may send to this message's recipient now; at several limits, the one lifting last counts.
fn usable(
    modem: Option<&ModemState<'_>>,
    limits: Option<&SimLimits>,
    p: &Periods,
) -> Result<(), Blocked> {
    let Some(m) = modem.filter(|m| m.online) else {
        return Err(Blocked::Offline);
    };
    if !m.enabled {
        return Err(Blocked::Disabled);
    }
    let Some(l) = limits else { return Ok(()) };
    let u = &m.usage;
    let at = |cap: Option<u32>, used: u32| cap.is_some_and(|c| used >= c);
    let reached = [
        (at(l.per_hour, u.hour), LimitKind::Hourly, p.hour_end_ms),
        (at(l.per_day, u.day), LimitKind::Daily, p.day_end_ms),
        (at(l.per_month, u.month), LimitKind::Monthly, p.month_end_ms),
        (
            !u.knows_recipient_today && at(l.unique_recipients_per_day, u.unique_today),
            LimitKind::NewRecipients,
            p.day_end_ms,
        ),
    ];
    match reached.iter().filter(|r| r.0).max_by_key(|r| r.2) {
        Some(&(_, kind, until)) => Err(Blocked::Limit(kind, until)),
        None => Ok(()),
    }
}

/// Decides whether the idle modem `candidate` may send `msg` now.
///
/// The pool comes from [`route`]; its modems that are online, enabled and under every limit are eligible.
/// If none is, every candidate gets the same [`Decision::Wait`] with the reason. Otherwise the pool's
/// strategy picks:
///
/// - `round-robin`: the modem whose turn it is sends, and so does any eligible idle candidate
///   (`queued == 0`): in the pull model whichever SIM is free takes the next message, which spreads load by
///   itself without making a free modem wait for a busy one. The turn moves on past whoever sends.
/// - `least-queued`: the eligible modem with the fewest queued messages; on a tie, whichever asks.
/// - `sticky`: the eligible modem found by walking the pool's configured order from a stable hash of the
///   recipient's number, so a recipient keeps hearing from one SIM, and hears from the next one while that
///   SIM is offline or at a limit. Only that modem sends.
/// - `failover`: the first eligible modem in pool order; only it sends.
///
/// With no pool (no rules, no default pool) any eligible candidate sends. Windows are checked first (OTPs
/// ignore them), limits are checked in the time zone of [`RoutingConfig::default_timezone`].
pub fn decide(
    cfg: &RoutingConfig,
    msg: &MessageAttrs<'_>,
    candidate: &str,
    modems: &[ModemState<'_>],
    now_ms: i64,
    rr: &RoundRobin,
) -> Decision {
    let pool = match route(cfg, msg) {
        Route::Pool(pool) => Some(pool),
        Route::AllModems => None,
        Route::UnknownPool(name) => {
            return Decision::Wait(WaitReason::UnknownPool {
                pool: name.to_owned(),
            });
        }
    };
    if let Some(reason) = window_wait(cfg, msg, now_ms) {
        return Decision::Wait(reason);
    }
    let members: Vec<&str> = match pool {
        Some(pool) => pool.modems.iter().map(String::as_str).collect(),
        None => modems.iter().map(|m| m.name).collect(),
    };
    let periods = usage_periods(cfg, now_ms);
    let state = |name: &str| modems.iter().find(|m| m.name == name);
    let checks: Vec<Result<(), Blocked>> = members
        .iter()
        .map(|&name| usable(state(name), cfg.limits.get(name), &periods))
        .collect();
    let eligible: Vec<usize> = (0..members.len()).filter(|&i| checks[i].is_ok()).collect();
    if eligible.is_empty() {
        let offset = parse_offset(&cfg.default_timezone).unwrap_or(0);
        return Decision::Wait(why_none(pool, &members, &checks, now_ms, offset));
    }
    let Some(me) = members.iter().position(|&m| m == candidate) else {
        return Decision::NotThisModem;
    };
    if !eligible.contains(&me) {
        return Decision::NotThisModem;
    }
    let queued = |i: usize| state(members[i]).map_or(u32::MAX, |m| m.queued);
    let Some(pool) = pool else {
        return Decision::Send;
    };
    // The first eligible modem at or after `from`, cycling through the pool's configured order.
    let first_from = |from: usize| {
        (0..members.len())
            .map(|k| (from + k) % members.len())
            .find(|i| eligible.contains(i))
    };
    let send = match pool.strategy {
        Strategy::RoundRobin => {
            let ok = first_from(rr.next_index(&pool.name)) == Some(me) || queued(me) == 0;
            if ok {
                rr.sent(&pool.name, me, members.len());
            }
            ok
        }
        Strategy::LeastQueued => eligible.iter().all(|&i| queued(me) <= queued(i)),
        Strategy::Sticky => {
            let start = (stable_hash(msg.to) % members.len() as u64) as usize;
            first_from(start) == Some(me)
        }
        Strategy::Failover => eligible.first() == Some(&me),
    };
    if send {
        Decision::Send
    } else {
        Decision::NotThisModem
    }
}

/// Why no modem of the route may send (called only when none is eligible).
fn why_none(
    pool: Option<&Pool>,
    members: &[&str],
    checks: &[Result<(), Blocked>],
    now_ms: i64,
    offset: i32,
) -> WaitReason {
    if members.is_empty() {
        return match pool {
            Some(p) => WaitReason::NoModemInPool {
                pool: p.name.clone(),
            },
            None => WaitReason::NoModems,
        };
    }
    let limited: Vec<(usize, LimitKind, i64)> = checks
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Err(Blocked::Limit(kind, until)) => Some((i, *kind, *until)),
            _ => None,
        })
        .collect();
    match limited.as_slice() {
        [] if checks.contains(&Err(Blocked::Offline)) => WaitReason::ModemOffline,
        [] => WaitReason::ModemDisabled,
        [(i, kind, until)] => WaitReason::SimLimit {
            modem: members[*i].to_owned(),
            limit: *kind,
            resets_at_ms: *until,
            resets_at: format_local(*until, now_ms, offset),
        },
        several => {
            let until = several.iter().map(|l| l.2).min().unwrap_or(now_ms);
            WaitReason::AllSimsAtLimit {
                resets_at_ms: until,
                resets_at: format_local(until, now_ms, offset),
            }
        }
    }
}

/// FNV-1a over the number's digits: stable across runs, platforms and Rust versions (unlike `std`'s
/// hasher), so a recipient keeps its SIM after a restart.
fn stable_hash(number: &str) -> u64 {
    number
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}
