//! Recipients' local time and the calendar boundaries of SIM limits.
//!
//! A recipient's UTC offset comes from, in order: the contact's own override, the country of the number
//! (a table of representative offsets by calling code below), the configured default. The table holds
//! *standard* (winter) offsets and one offset per country: daylight saving time is not modelled, so in
//! summer a window opens an hour late in countries that observe it, and countries spanning several zones
//! use their most populous one (USA and Canada: Eastern, Russia: Moscow, Brazil: Brasilia, Australia:
//! Sydney). Quiet hours are a courtesy, not a legal clock; contacts far from their country's main zone can
//! carry an override.

use time::{Date, Month, OffsetDateTime};

/// Calling codes shared by several countries (or with territories carved out of them): for these the
/// country is asked of libphonenumber's numbering plans rather than read from [`ZONES`].
const SHARED_CODES: &[u16] = &[1, 7, 39, 44, 47, 61, 212, 262, 358, 590, 599];

/// ITU-T E.164 country calling code -> (ISO 3166-1 country, standard UTC offset in minutes).
/// Codes are prefix-free, so at most one entry matches the start of a number.
const ZONES: &[(u16, &str, i32)] = &[
    (1, "US", -300),
    (7, "RU", 180),
    (20, "EG", 120),
    (27, "ZA", 120),
    (30, "GR", 120),
    (31, "NL", 60),
    (32, "BE", 60),
    (33, "FR", 60),
    (34, "ES", 60),
    (36, "HU", 60),
    (39, "IT", 60),
    (40, "RO", 120),
    (41, "CH", 60),
    (43, "AT", 60),
    (44, "GB", 0),
    (45, "DK", 60),
    (46, "SE", 60),
    (47, "NO", 60),
    (48, "PL", 60),
    (49, "DE", 60),
    (51, "PE", -300),
    (52, "MX", -360),
    (53, "CU", -300),
    (54, "AR", -180),
    (55, "BR", -180),
    (56, "CL", -240),
    (57, "CO", -300),
    (58, "VE", -240),
    (60, "MY", 480),
    (61, "AU", 600),
    (62, "ID", 420),
    (63, "PH", 480),
    (64, "NZ", 720),
    (65, "SG", 480),
    (66, "TH", 420),
    (81, "JP", 540),
    (82, "KR", 540),
    (84, "VN", 420),
    (86, "CN", 480),
    (90, "TR", 180),
    (91, "IN", 330),
    (92, "PK", 300),
    (93, "AF", 270),
    (94, "LK", 330),
    (95, "MM", 390),
    (98, "IR", 210),
    (211, "SS", 120),
    (212, "MA", 60),
    (213, "DZ", 60),
    (216, "TN", 60),
    (218, "LY", 120),
    (221, "SN", 0),
    (225, "CI", 0),
    (233, "GH", 0),
    (234, "NG", 60),
    (237, "CM", 60),
    (243, "CD", 60),
    (244, "AO", 60),
    (249, "SD", 120),
    (250, "RW", 120),
    (251, "ET", 180),
    (254, "KE", 180),
    (255, "TZ", 180),
    (256, "UG", 180),
    (260, "ZM", 120),
    (263, "ZW", 120),
    (351, "PT", 0),
    (352, "LU", 60),
    (353, "IE", 0),
    (354, "IS", 0),
    (355, "AL", 60),
    (356, "MT", 60),
    (357, "CY", 120),
    (358, "FI", 120),
    (359, "BG", 120),
    (370, "LT", 120),
    (371, "LV", 120),
    (372, "EE", 120),
    (373, "MD", 120),
    (374, "AM", 240),
    (375, "BY", 180),
    (376, "AD", 60),
    (377, "MC", 60),
    (380, "UA", 120),
    (381, "RS", 60),
    (382, "ME", 60),
    (385, "HR", 60),
    (386, "SI", 60),
    (387, "BA", 60),
    (389, "MK", 60),
    (420, "CZ", 60),
    (421, "SK", 60),
    (423, "LI", 60),
    (852, "HK", 480),
    (853, "MO", 480),
    (855, "KH", 420),
    (880, "BD", 360),
    (886, "TW", 480),
    (960, "MV", 300),
    (961, "LB", 120),
    (962, "JO", 180),
    (963, "SY", 180),
    (964, "IQ", 180),
    (965, "KW", 180),
    (966, "SA", 180),
    (967, "YE", 180),
    (968, "OM", 240),
    (970, "PS", 120),
    (971, "AE", 240),
    (972, "IL", 120),
    (973, "BH", 180),
    (974, "QA", 180),
    (977, "NP", 345),
    (994, "AZ", 240),
    (995, "GE", 240),
    (998, "UZ", 300),
];

/// Countries inside a shared calling code whose offset differs from the code's entry in [`ZONES`].
const REGION_OFFSETS: &[(&str, i32)] = &[
    // North American Numbering Plan: the Caribbean members on Atlantic time (those on Eastern time share
    // the US entry).
    ("AG", -240),
    ("AI", -240),
    ("BB", -240),
    ("DM", -240),
    ("DO", -240),
    ("GD", -240),
    ("KN", -240),
    ("LC", -240),
    ("MS", -240),
    ("PR", -240),
    ("SX", -240),
    ("TT", -240),
    ("VC", -240),
    ("VG", -240),
    ("VI", -240),
    ("GU", 600),
    ("MP", 600),
    ("AS", -660),
    ("KZ", 300),
    ("AX", 120),
    ("SJ", 60),
    ("RE", 240),
    ("YT", 180),
    ("GP", -240),
    ("MF", -240),
    ("BL", -240),
    ("CW", -240),
    ("BQ", -240),
    ("CX", 420),
    ("CC", 390),
];

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
pub(crate) const DAY_MS: i64 = 24 * HOUR_MS;

/// The [`ZONES`] entry whose calling code starts the E.164 number `to`.
fn zone_of(to: &str) -> Option<&'static (u16, &'static str, i32)> {
    let digits = to.strip_prefix('+')?;
    (1..=3).find_map(|len| {
        let code: u16 = digits.get(..len)?.parse().ok()?;
        ZONES.iter().find(|z| z.0 == code)
    })
}

/// The ISO 3166-1 alpha-2 country of an E.164 number, if it can be told.
pub fn country_of(to: &str) -> Option<String> {
    match zone_of(to) {
        Some(&(code, iso, _)) if !SHARED_CODES.contains(&code) => return Some(iso.to_owned()),
        _ => {}
    }
    let number = phonenumber::parse(None, to).ok()?;
    number.country().id().map(|id| id.as_ref().to_owned())
}

/// The representative standard UTC offset, in minutes, of the country of the E.164 number `to`.
pub fn offset_of_number(to: &str) -> Option<i32> {
    let &(code, _, offset) = zone_of(to)?;
    if !SHARED_CODES.contains(&code) {
        return Some(offset);
    }
    let region = country_of(to);
    let carved_out = region
        .as_deref()
        .and_then(|r| REGION_OFFSETS.iter().find(|(iso, _)| *iso == r));
    Some(carved_out.map_or(offset, |&(_, off)| off))
}

/// Minutes east of UTC of a fixed offset written `"+01:00"`, `"-05:00"`, `"+0530"`, `"+02"`, `"UTC"` or
/// `"Z"`. Offsets beyond the -12:00..+14:00 that exist on Earth are rejected.
pub fn parse_offset(s: &str) -> Option<i32> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("utc") || s.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "00"),
    };
    let all_digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(h) || !all_digits(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    let total = sign * (h * 60 + m);
    (m < 60 && (-12 * 60..=14 * 60).contains(&total)).then_some(total)
}

/// `"HH:MM"` of the instant `ms` at `offset_min` east of UTC.
pub(crate) fn format_hhmm(ms: i64, offset_min: i32) -> String {
    let local = ms + i64::from(offset_min) * MINUTE_MS;
    let minute = local.rem_euclid(DAY_MS) / MINUTE_MS;
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// `"HH:MM"` when `at_ms` is within a day of `now_ms`, else `"YYYY-MM-DD HH:MM"`, at `offset_min`.
pub(crate) fn format_local(at_ms: i64, now_ms: i64, offset_min: i32) -> String {
    let hhmm = format_hhmm(at_ms, offset_min);
    if at_ms - now_ms < DAY_MS {
        return hhmm;
    }
    let (y, m, d) = local_date(at_ms, offset_min).to_calendar_date();
    format!("{y:04}-{:02}-{d:02} {hhmm}", u8::from(m))
}

fn local_date(ms: i64, offset_min: i32) -> Date {
    let local_days = (ms + i64::from(offset_min) * MINUTE_MS).div_euclid(DAY_MS);
    OffsetDateTime::UNIX_EPOCH.date() + time::Duration::days(local_days)
}

/// Where the calendar hour, day and month containing an instant began and when they end, in the configured
/// default time zone. SIM usage counters must count from these same starts so that a limit and its
/// "resets at" agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    pub hour_start_ms: i64,
    pub hour_end_ms: i64,
    pub day_start_ms: i64,
    pub day_end_ms: i64,
    pub month_start_ms: i64,
    pub month_end_ms: i64,
}

impl Periods {
    /// The periods containing `now_ms` at `offset_min` east of UTC.
    pub fn at(now_ms: i64, offset_min: i32) -> Self {
        let shift = i64::from(offset_min) * MINUTE_MS;
        let local = now_ms + shift;
        let hour_start = local - local.rem_euclid(HOUR_MS) - shift;
        let day_start = local - local.rem_euclid(DAY_MS) - shift;
        let date = local_date(now_ms, offset_min);
        let first = date.replace_day(1).unwrap_or(date);
        let next_first = match first.month() {
            Month::December => Date::from_calendar_date(first.year() + 1, Month::January, 1),
            m => Date::from_calendar_date(first.year(), m.next(), 1),
        }
        .unwrap_or(first);
        let epoch_ms =
            |d: Date| (d - OffsetDateTime::UNIX_EPOCH.date()).whole_days() * DAY_MS - shift;
        Self {
            hour_start_ms: hour_start,
            hour_end_ms: hour_start + HOUR_MS,
            day_start_ms: day_start,
            day_end_ms: day_start + DAY_MS,
            month_start_ms: epoch_ms(first),
            month_end_ms: epoch_ms(next_first),
        }
    }
}
