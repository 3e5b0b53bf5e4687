use simgate_sim::Profile;

use crate::common::{open, sim};

#[tokio::test]
async fn ussd_replies_decode_to_the_same_text_for_every_profile() {
    for profile in Profile::ALL {
        let sim = sim(profile);
        sim.set_ussd_reply("*100#", "Balance: 5,00 EUR. Valid until 31.12.2026");
        let modem = open(&sim).await;
        let reply = modem
            .ussd("*100#")
            .await
            .unwrap_or_else(|e| panic!("{profile}: {e}"));
        assert_eq!(
            reply, "Balance: 5,00 EUR. Valid until 31.12.2026",
            "{profile}"
        );
        modem.close().await;
    }
}

#[tokio::test]
async fn an_unknown_ussd_code_is_a_clear_error() {
    let sim = sim(Profile::Generic);
    let modem = open(&sim).await;
    let err = modem.ussd("*999#").await.unwrap_err();
    assert!(err.to_string().contains("does not support"), "{err}");
}
