use simgate_modem::{ModemError, Registration};
use simgate_sim::Profile;

use crate::common::{open, sim};

/// SMS-SUBMIT to +46708251358, GSM 7-bit "hellohello" (TS 23.040 clause 9.2.2.2),
/// no SMSC address: 23 TPDU octets.
const PDU: &str = "0011000B916407281553F80000AA0AE8329BFD4697D9EC37";

#[tokio::test]
async fn a_pdu_sent_through_the_driver_reaches_the_simulated_network() {
    let sim = sim(Profile::Generic);
    let modem = open(&sim).await;
    let mr = modem.send_pdu(23, PDU).await.expect("send succeeds");
    let sent = sim.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].hex, PDU);
    assert_eq!(sent[0].tpdu_len, 23);
    assert_eq!(sent[0].mr, mr);

    let mr2 = modem.send_pdu(23, PDU).await.expect("second send succeeds");
    assert_eq!(
        mr2,
        mr.wrapping_add(1),
        "each message gets its own reference"
    );
    assert_eq!(sim.sent().len(), 2);
    modem.close().await;
}

#[tokio::test]
async fn info_reports_identity_and_status_for_every_profile() {
    for profile in Profile::ALL {
        let sim = sim(profile);
        let modem = open(&sim).await;
        let info = modem.info().await.expect("info");
        assert_eq!(info.manufacturer, profile.manufacturer(), "{profile}");
        assert_eq!(info.model, profile.model(), "{profile}");
        assert_eq!(info.imei, sim.imei(), "{profile}");
        assert_eq!(info.imsi.as_deref(), Some("262019876543210"), "{profile}");
        assert_eq!(
            info.iccid.as_deref(),
            Some("8949020000012345678"),
            "{profile}"
        );
        assert_eq!(info.operator.as_deref(), Some("SimGate Net"), "{profile}");
        assert_eq!(info.signal_dbm, Some(-71), "{profile}");
        assert_eq!(info.registration, Registration::Home, "{profile}");
        assert_eq!(info.signal_bars, Some(4), "{profile}");
        assert_eq!(
            info.own_number.as_deref(),
            Some("+4915100000001"),
            "{profile}"
        );
        modem.close().await;
    }
}

#[tokio::test]
async fn a_pdu_whose_length_does_not_match_is_refused_before_the_modem() {
    let sim = sim(Profile::Generic);
    let modem = open(&sim).await;
    let err = modem.send_pdu(40, PDU).await.unwrap_err();
    assert!(matches!(err, ModemError::InvalidArgument(_)), "{err:?}");
    let err = modem.send_pdu(23, "00zz").await.unwrap_err();
    assert!(matches!(err, ModemError::InvalidArgument(_)), "{err:?}");
    assert!(sim.sent().is_empty());
}

#[tokio::test]
async fn a_pdu_the_modem_rejects_comes_back_as_a_typed_cms_error() {
    let sim = sim(Profile::Generic);
    let modem = open(&sim).await;
    // Claims 22 TPDU octets while 23 follow the SMSC field: the modem says 304.
    let err = modem.send_pdu(22, PDU).await.unwrap_err();
    match err {
        ModemError::Cms(e) => assert_eq!(e.code(), 304),
        other => panic!("expected +CMS ERROR 304, got {other:?}"),
    }
    assert!(sim.sent().is_empty());
}

#[tokio::test]
async fn a_multipart_burst_gets_one_reference_per_part_in_order() {
    let sim = sim(Profile::Quectel);
    let modem = open(&sim).await;
    let text = "A long message that needs more than one part. ".repeat(5);
    let parts = simgate_pdu::encode_submit(
        "+4915112345678",
        &text,
        &simgate_pdu::SubmitOptions {
            concat_reference: 7,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(parts.len() >= 2);
    let mrs: Vec<u8> = modem
        .send_pdus(&parts)
        .await
        .into_iter()
        .map(|r| r.expect("part sent"))
        .collect();
    let sent = sim.sent();
    assert_eq!(sent.len(), parts.len());
    for ((p, s), mr) in parts.iter().zip(&sent).zip(&mrs) {
        assert_eq!((&p.hex, p.tpdu_len, *mr), (&s.hex, s.tpdu_len, s.mr));
    }
}

#[tokio::test]
async fn a_burst_stops_at_the_first_refused_part() {
    let sim = sim(Profile::Generic);
    let modem = open(&sim).await;
    let parts = simgate_pdu::encode_submit("+4915112345678", &"x".repeat(400), &Default::default())
        .unwrap();
    assert_eq!(parts.len(), 3);
    // The first part is refused with 42 (congestion): nothing else is attempted.
    sim.fail_next_cmgs(42);
    let res = modem.send_pdus(&parts).await;
    assert_eq!(res.len(), 1);
    match &res[0] {
        Err(e @ ModemError::Cms(c)) => {
            assert_eq!(c.code(), 42);
            assert!(e.is_temporary(), "congestion is worth a retry");
        }
        other => panic!("{other:?}"),
    }
    assert!(sim.sent().is_empty());
}

#[tokio::test]
async fn no_network_service_is_a_temporary_cms_331() {
    let sim = sim(Profile::Generic);
    let modem = open(&sim).await;
    sim.set_registration(2);
    let err = modem.send_pdu(23, PDU).await.unwrap_err();
    assert!(
        matches!(err, ModemError::Cms(c) if c.code() == 331),
        "{err:?}"
    );
    assert!(err.is_temporary());
}

#[tokio::test]
async fn a_cmgs_answer_without_final_ok_still_completes_and_the_next_command_is_clean() {
    let sim = sim(Profile::Simcom);
    sim.set_cmgs_without_ok(true);
    let modem = open(&sim).await;
    let mr1 = modem.send_pdu(23, PDU).await.expect("completes without OK");
    let mr2 = modem.send_pdu(23, PDU).await.expect("second send");
    assert_eq!(mr2, mr1.wrapping_add(1));
    let info = modem.info().await.expect("the line is in sync");
    assert_eq!(info.manufacturer, "SIMCOM_Ltd");
}
