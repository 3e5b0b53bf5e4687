//! Recipients' countries and UTC offsets, and the calendar arithmetic behind limit resets.

use super::*;
use crate::routing::zone::{Periods, country_of, offset_of_number, parse_offset};

#[test]
fn fixed_offsets_parse_in_the_usual_spellings() {
    let cases = [
        ("+01:00", Some(60)),
        ("-05:00", Some(-300)),
        ("+0530", Some(330)),
        ("+09", Some(540)),
        ("UTC", Some(0)),
        ("z", Some(0)),
        ("+14:00", Some(840)),
        ("-12:00", Some(-720)),
        ("+14:30", None),
        ("-13:00", None),
        ("+01:60", None),
        ("01:00", None),
        ("+1:00", None),
        ("Europe/Berlin", None),
        ("", None),
    ];
    for (text, minutes) in cases {
        assert_eq!(parse_offset(text), minutes, "{text:?}");
    }
}

#[test]
fn countries_and_offsets_come_from_the_calling_code() {
    assert_eq!(country_of("+4915112345678").as_deref(), Some("DE"));
    assert_eq!(offset_of_number("+4915112345678"), Some(60));
    assert_eq!(offset_of_number("+919812345678"), Some(330));
    assert_eq!(offset_of_number("+447911123456"), Some(0));
    assert_eq!(offset_of_number("+6922471234"), None);
    assert_eq!(offset_of_number("4915112345678"), None, "not E.164");
}

#[test]
fn shared_calling_codes_are_told_apart_by_the_numbering_plan() {
    assert_eq!(country_of("+12127365000").as_deref(), Some("US"));
    assert_eq!(offset_of_number("+12127365000"), Some(-300));
    // San Juan, Puerto Rico: +1 but Atlantic time.
    assert_eq!(country_of("+17877211234").as_deref(), Some("PR"));
    assert_eq!(offset_of_number("+17877211234"), Some(-240));
    // Almaty, Kazakhstan: +7 like Russia, five hours ahead of UTC.
    assert_eq!(country_of("+77272501234").as_deref(), Some("KZ"));
    assert_eq!(offset_of_number("+77272501234"), Some(300));
    assert_eq!(offset_of_number("+74951234567"), Some(180));
}

#[test]
fn month_periods_roll_over_the_year_end() {
    // 2026-12-31 23:30 at +01:00 is 22:30 UTC.
    let new_years_eve = utc(35 * 24 + 22, 30);
    let p = Periods::at(new_years_eve, 60);
    assert_eq!(
        p.month_start_ms,
        utc(5 * 24 - 1, 0),
        "1 December 00:00 local"
    );
    assert_eq!(p.month_end_ms, utc(36 * 24 - 1, 0), "1 January 00:00 local");
    assert_eq!(p.day_end_ms, p.month_end_ms);
    assert_eq!(p.hour_end_ms, p.month_end_ms);
}
