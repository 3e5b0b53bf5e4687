//! Send windows in the recipient's local time; OTPs ignore them.

use super::*;

/// Every modem may send; marketing only 09:00-20:00 local; recipients of unknown countries at +01:00.
fn marketing_window() -> RoutingConfig {
    RoutingConfig {
        windows: SendWindows {
            marketing: Some(Window::new("09:00", "20:00")),
            transactional: None,
        },
        default_timezone: "+01:00".to_owned(),
        ..RoutingConfig::default()
    }
}

fn marketing(to: &str) -> MessageAttrs<'_> {
    MessageAttrs {
        category: Category::Marketing,
        priority: Priority::Bulk,
        ..msg(to)
    }
}

const GERMAN: &str = "+4915112345678";
const JAPANESE: &str = "+819012345678";

#[test]
fn marketing_waits_for_the_window_in_the_recipients_time_zone() {
    let cfg = marketing_window();
    // 05:30 UTC is 06:30 in Germany (+01:00).
    let reason = wait_reason(&cfg, &marketing(GERMAN), "a", &[up("a")], utc(5, 30));
    assert_eq!(reason.to_string(), "outside send window until 09:00");
    assert_eq!(reason.until_ms(), Some(utc(8, 0)));
    assert_eq!(
        window_opens_at(&cfg, &marketing(GERMAN), utc(5, 30)),
        Some(utc(8, 0))
    );
}

#[test]
fn marketing_sends_inside_the_window_from_start_up_to_but_not_at_end() {
    let cfg = marketing_window();
    let rr = RoundRobin::new();
    let m = marketing(GERMAN);
    assert_eq!(
        senders(&cfg, &m, &[up("a")], utc(8, 0), &rr),
        ["a"],
        "09:00"
    );
    assert_eq!(
        senders(&cfg, &m, &[up("a")], utc(18, 59), &rr),
        ["a"],
        "19:59"
    );
    assert_eq!(window_opens_at(&cfg, &m, utc(12, 0)), None);
    // 20:00 local is closed until 09:00 the next morning.
    assert_eq!(window_opens_at(&cfg, &m, utc(19, 0)), Some(utc(24 + 8, 0)));
}

#[test]
fn otp_and_transactional_messages_ignore_the_marketing_window() {
    let cfg = marketing_window();
    let rr = RoundRobin::new();
    let night = utc(2, 0);
    let otp = MessageAttrs {
        priority: Priority::Otp,
        ..marketing(GERMAN)
    };
    assert_eq!(senders(&cfg, &otp, &[up("a")], night, &rr), ["a"]);
    assert_eq!(senders(&cfg, &msg(GERMAN), &[up("a")], night, &rr), ["a"]);
}

#[test]
fn otp_ignores_the_transactional_window_that_holds_other_transactional_messages() {
    let mut cfg = marketing_window();
    cfg.windows.transactional = Some(Window::new("07:00", "22:00"));
    let night = utc(2, 0);
    let reason = wait_reason(&cfg, &msg(GERMAN), "a", &[up("a")], night);
    assert_eq!(reason.to_string(), "outside send window until 07:00");
    let otp = MessageAttrs {
        priority: Priority::Otp,
        ..msg(GERMAN)
    };
    assert_eq!(
        decide(&cfg, &otp, "a", &[up("a")], night, &RoundRobin::new()),
        Decision::Send
    );
}

#[test]
fn a_window_that_wraps_midnight_is_open_across_it() {
    let mut cfg = marketing_window();
    cfg.windows.marketing = Some(Window::new("22:00", "06:00"));
    let m = marketing(GERMAN);
    // Local (+01:00) times 23:30, 00:00 and 05:59 are inside; 06:00 and 12:00 are not.
    for open in [utc(22, 30), utc(23, 0), utc(28, 59)] {
        assert_eq!(window_opens_at(&cfg, &m, open), None, "{open}");
    }
    assert_eq!(window_opens_at(&cfg, &m, utc(5, 0)), Some(utc(21, 0)));
    let reason = wait_reason(&cfg, &m, "a", &[up("a")], utc(11, 0));
    assert_eq!(reason.to_string(), "outside send window until 22:00");
    assert_eq!(reason.until_ms(), Some(utc(21, 0)));
}

#[test]
fn recipients_in_other_time_zones_get_their_own_morning() {
    let cfg = marketing_window();
    let rr = RoundRobin::new();
    // 23:30 UTC: 08:30 next day in Japan (+09:00), 00:30 in Germany.
    let now = utc(23, 30);
    assert_eq!(
        window_opens_at(&cfg, &marketing(JAPANESE), now),
        Some(utc(24, 0))
    );
    assert_eq!(
        window_opens_at(&cfg, &marketing(GERMAN), now),
        Some(utc(24 + 8, 0))
    );
    // 01:00 UTC: 10:00 in Japan (open) while Germans sleep.
    assert_eq!(
        senders(&cfg, &marketing(JAPANESE), &[up("a")], utc(25, 0), &rr),
        ["a"]
    );
    assert_eq!(
        senders(&cfg, &marketing(GERMAN), &[up("a")], utc(25, 0), &rr),
        Vec::<&str>::new()
    );
}

#[test]
fn a_contact_override_beats_the_numbers_country() {
    let cfg = marketing_window();
    let in_new_york = MessageAttrs {
        timezone: Some("-05:00"),
        ..marketing(GERMAN)
    };
    // 12:00 UTC is 13:00 in Germany but 07:00 for this contact.
    assert_eq!(
        window_opens_at(&cfg, &in_new_york, utc(12, 0)),
        Some(utc(14, 0))
    );
    let garbled = MessageAttrs {
        timezone: Some("somewhere"),
        ..marketing(GERMAN)
    };
    assert_eq!(
        window_opens_at(&cfg, &garbled, utc(12, 0)),
        None,
        "an unreadable override falls back to the country"
    );
}

#[test]
fn a_number_from_a_country_outside_the_table_uses_the_default_time_zone() {
    let mut cfg = marketing_window();
    cfg.default_timezone = "-03:00".to_owned();
    // +692: Marshall Islands, not in the offset table. 10:00 UTC is 07:00 at -03:00.
    let m = marketing("+6922471234");
    assert_eq!(recipient_offset(&cfg, &m), -180);
    assert_eq!(window_opens_at(&cfg, &m, utc(10, 0)), Some(utc(12, 0)));
}

#[test]
fn the_window_is_checked_before_modems_so_the_reason_is_the_window() {
    let cfg = marketing_window();
    let reason = wait_reason(&cfg, &marketing(GERMAN), "a", &[offline("a")], utc(2, 0));
    assert!(
        matches!(reason, WaitReason::OutsideWindow { .. }),
        "{reason:?}"
    );
}
