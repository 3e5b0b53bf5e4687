//! The interpreter driven byte by byte, without a pty.

use std::time::{Duration, Instant};

use crate::core::{Core, Identity};
use crate::profile::Profile;

fn core(profile: Profile) -> Core {
    Core::new(
        profile,
        Duration::ZERO,
        Duration::ZERO,
        Identity {
            imei: "359999000000001".into(),
            imsi: "262010000000001".into(),
            iccid: "8949000000000000001".into(),
            operator: "Test".into(),
        },
        None,
    )
}

fn talk(c: &mut Core, cmd: &str) -> String {
    let now = Instant::now();
    c.input(now, format!("{cmd}\r").as_bytes());
    c.tick(now + Duration::from_secs(1));
    String::from_utf8(c.take_due(now + Duration::from_secs(1))).unwrap()
}

#[test]
fn echo_is_on_until_ate0_and_lines_follow_v250_framing() {
    let mut c = core(Profile::Generic);
    assert_eq!(talk(&mut c, "AT"), "AT\r\r\nOK\r\n");
    assert_eq!(talk(&mut c, "ATE0"), "ATE0\r\r\nOK\r\n");
    assert_eq!(talk(&mut c, "AT+CSQ"), "\r\n+CSQ: 21,99\r\n\r\nOK\r\n");
    assert_eq!(talk(&mut c, "at+cgmi"), "\r\nSimGate\r\n\r\nOK\r\n");
}

#[test]
fn chained_commands_run_in_order_and_stop_at_the_first_error() {
    let mut c = core(Profile::Generic);
    assert_eq!(talk(&mut c, "ATE0V1"), "ATE0V1\r\r\nOK\r\n");
    assert_eq!(talk(&mut c, "AT+CMEE=1;+CMGF=0"), "\r\nOK\r\n");
    assert_eq!(talk(&mut c, "AT+CMGF=0;+NOPE;+CSQ"), "\r\nERROR\r\n");
}

#[test]
fn a_wrong_pin_costs_an_attempt_and_three_lock_the_sim() {
    let mut c = core(Profile::Generic);
    c.pin = Some("1234".into());
    c.unlocked = false;
    talk(&mut c, "ATE0");
    talk(&mut c, "AT+CMEE=1");
    assert_eq!(talk(&mut c, "AT+CPIN?"), "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n");
    assert_eq!(talk(&mut c, "AT+CMGL=4"), "\r\n+CMS ERROR: 311\r\n");
    assert_eq!(talk(&mut c, "AT+CPIN=\"0000\""), "\r\n+CME ERROR: 16\r\n");
    assert_eq!(c.pin_attempts, 2);
    assert_eq!(talk(&mut c, "AT+CPIN=\"1234\""), "\r\nOK\r\n");
    assert_eq!(talk(&mut c, "AT+CPIN?"), "\r\n+CPIN: READY\r\n\r\nOK\r\n");
    c.unlocked = false;
    for _ in 0..3 {
        talk(&mut c, "AT+CPIN=1111");
    }
    assert_eq!(talk(&mut c, "AT+CPIN?"), "\r\n+CPIN: SIM PUK\r\n\r\nOK\r\n");
}

#[test]
fn zte_refuses_everything_but_the_pin_while_locked() {
    let mut c = core(Profile::Zte);
    c.pin = Some("1234".into());
    c.unlocked = false;
    talk(&mut c, "ATE0");
    talk(&mut c, "AT+CMEE=1");
    assert_eq!(talk(&mut c, "AT+CGMI"), "\r\n+CME ERROR: 11\r\n");
    talk(&mut c, "AT+CPIN=1234");
    assert_eq!(talk(&mut c, "AT+CGMI"), "\r\nZTE CORPORATION\r\n\r\nOK\r\n");
}

#[test]
fn incoming_messages_follow_cnmi_and_stay_stored_until_deleted() {
    let mut c = core(Profile::Generic);
    talk(&mut c, "ATE0");
    let pdu = crate::deliver_pdus("+4915112345678", "hi", 0)
        .unwrap()
        .remove(0);
    let now = Instant::now();
    // <mt>=0: stored silently.
    assert!(c.deliver(now, pdu.clone()));
    assert_eq!(c.take_due(now), b"");
    // <mt>=1: stored and announced.
    talk(&mut c, "AT+CNMI=2,1,0,2,0");
    assert!(c.deliver(now, pdu.clone()));
    assert_eq!(
        String::from_utf8(c.take_due(now)).unwrap(),
        "\r\n+CMTI: \"SM\",2\r\n"
    );
    let listed = talk(&mut c, "AT+CMGL=4");
    assert_eq!(listed.matches("+CMGL:").count(), 2, "{listed}");
    let read = talk(&mut c, "AT+CMGR=2");
    assert!(read.contains(&pdu), "{read}");
    talk(&mut c, "AT+CMGD=2");
    // +CMEE=0: the +CMS ERROR 321 (invalid index) shows as a plain ERROR.
    assert_eq!(talk(&mut c, "AT+CMGR=2"), "\r\nERROR\r\n");
    // <mt>=2: routed directly, needing +CNMA when +CSMS is 1.
    talk(&mut c, "AT+CSMS=1");
    talk(&mut c, "AT+CNMI=2,2,0,1,0");
    assert!(c.deliver(now, pdu.clone()));
    let urc = String::from_utf8(c.take_due(now)).unwrap();
    assert!(urc.starts_with("\r\n+CMT: ,"), "{urc}");
    assert_eq!(talk(&mut c, "AT+CNMA"), "\r\nOK\r\n");
    assert_eq!(talk(&mut c, "AT+CNMA"), "\r\nERROR\r\n");
}

#[test]
fn huawei_interleaves_rssi_until_curc_is_off() {
    let mut c = core(Profile::Huawei);
    talk(&mut c, "ATE0");
    assert_eq!(
        talk(&mut c, "AT+CGMM"),
        "\r\nE3531\r\n\r\n^RSSI: 21\r\n\r\nOK\r\n"
    );
    talk(&mut c, "AT^CURC=0");
    assert_eq!(talk(&mut c, "AT+CGMM"), "\r\nE3531\r\n\r\nOK\r\n");
    assert_eq!(talk(&mut c, "AT+CCID"), "\r\nCOMMAND NOT SUPPORT\r\n");
}

#[test]
fn a_submit_with_srr_brings_a_status_report_after_the_delay() {
    let mut c = core(Profile::Generic);
    talk(&mut c, "ATE0");
    talk(&mut c, "AT+CNMI=2,1,0,1,0");
    let part = &simgate_pdu::encode_submit(
        "+4915112345678",
        "x",
        &simgate_pdu::SubmitOptions {
            status_report: true,
            ..Default::default()
        },
    )
    .unwrap()[0];
    let now = Instant::now();
    c.input(now, format!("AT+CMGS={}\r", part.tpdu_len).as_bytes());
    assert_eq!(c.take_due(now), b"\r\n> ");
    c.input(now, format!("{}\x1a", part.hex).as_bytes());
    assert_eq!(
        String::from_utf8(c.take_due(now)).unwrap(),
        "\r\n+CMGS: 0\r\n\r\nOK\r\n"
    );
    c.tick(now);
    assert_eq!(c.take_due(now), b"");
    let later = now + Duration::from_secs(1);
    c.tick(later);
    let urc = String::from_utf8(c.take_due(later)).unwrap();
    assert!(urc.starts_with("\r\n+CDS: "), "{urc}");
}

#[test]
fn simcom_refuses_sms_commands_until_sms_ready_after_a_restart() {
    let mut c = core(Profile::Simcom);
    talk(&mut c, "ATE0");
    talk(&mut c, "AT+CMEE=1");
    let now = Instant::now();
    c.input(now, b"AT+CFUN=1,1\r");
    c.take_due(now);
    c.input(now, b"ATE0\r");
    c.input(now, b"AT+CMEE=1\r");
    c.input(now, b"AT+CMGF=0\r");
    let out = String::from_utf8(c.take_due(now)).unwrap();
    assert!(out.ends_with("+CMS ERROR: 314\r\r\n"), "{out:?}");
    let later = now + Duration::from_secs(2);
    c.tick(later);
    let urcs = String::from_utf8(c.take_due(later)).unwrap();
    assert!(urcs.contains("SMS Ready"), "{urcs:?}");
    c.input(later, b"AT+CMGF=0\r");
    assert_eq!(
        String::from_utf8(c.take_due(later)).unwrap(),
        "\r\r\nOK\r\r\n"
    );
}

#[test]
fn garbage_from_the_host_never_panics_the_modem() {
    let mut c = core(Profile::Huawei);
    for junk in [
        "€€€\r".as_bytes(),
        b"\xff\xfe\r",
        b"AT+CMGS=\r",
        b"AT+CMGS=999999999999999999999\r",
        b"AT+CMGR=-1\r",
        b"AT+CNMI=9,9,9,9,9,9,9\r",
        b"AT+CUSD=1,\"\r",
        b"AT+CPIN=\r",
        b";;;\r",
        b"AT;;+\r",
    ] {
        let now = Instant::now();
        c.input(now, junk);
        c.tick(now);
        c.take_due(now + Duration::from_secs(1));
    }
}

proptest::proptest! {
    /// Whatever a driver writes, the simulated modem neither panics nor stops answering.
    #[test]
    fn arbitrary_input_never_panics_and_at_still_answers(
        junk in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
        profile in proptest::sample::select(Profile::ALL.to_vec()),
    ) {
        let mut c = core(profile);
        let now = Instant::now();
        c.input(now, &junk);
        c.tick(now);
        c.take_due(now + Duration::from_secs(1));
        // Leave PDU input (Escape) and any half-typed line, then ask.
        c.input(now, b"\x1b\r");
        c.take_due(now + Duration::from_secs(1));
        let answer = talk(&mut c, "AT");
        proptest::prop_assert!(answer.contains("OK"), "{:?}", answer);
    }
}
