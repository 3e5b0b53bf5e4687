use std::time::Duration;

use simgate_modem::{DeliveryReport, ModemEvent};
use simgate_pdu::{StatusCategory, SubmitOptions, encode_submit};
use simgate_sim::Profile;

use crate::common::{next_matching, open, sim};

fn report(ev: ModemEvent) -> Option<DeliveryReport> {
    match ev {
        ModemEvent::StatusReport(r) => Some(r),
        _ => None,
    }
}

#[tokio::test]
async fn a_requested_status_report_comes_back_matched_by_reference_for_every_profile() {
    for profile in Profile::ALL {
        let sim = sim(profile);
        sim.set_reports(Duration::from_millis(100), 0x00);
        let modem = open(&sim).await;
        let mut rx = modem.subscribe();
        let part = &encode_submit(
            "+4915112345678",
            "with report",
            &SubmitOptions {
                status_report: true,
                ..Default::default()
            },
        )
        .unwrap()[0];
        let mr = modem.send_pdu(part.tpdu_len, &part.hex).await.unwrap();
        let r = next_matching(&mut rx, 5, report).await;
        assert_eq!(r.report.message_reference, mr, "{profile}");
        assert_eq!(r.report.recipient.number, "+4915112345678", "{profile}");
        assert_eq!(r.report.category, StatusCategory::Completed, "{profile}");
        r.ack.stored().await.unwrap();
        assert_eq!(
            sim.stored(),
            0,
            "{profile}: stored reports are deleted after the ack"
        );
        modem.close().await;
    }
}

#[tokio::test]
async fn a_failed_delivery_reports_its_tp_status() {
    let sim = sim(Profile::Generic);
    // TS 23.040 9.2.3.15: 0x41 incompatible destination (permanent error).
    sim.set_reports(Duration::from_millis(50), 0x41);
    let modem = open(&sim).await;
    let mut rx = modem.subscribe();
    let part = &encode_submit(
        "+4915112345678",
        "x",
        &SubmitOptions {
            status_report: true,
            ..Default::default()
        },
    )
    .unwrap()[0];
    modem.send_pdu(part.tpdu_len, &part.hex).await.unwrap();
    let r = next_matching(&mut rx, 5, report).await;
    assert_eq!(r.report.status, 0x41);
    assert_eq!(r.report.category, StatusCategory::PermanentError);
}
