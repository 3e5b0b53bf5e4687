use simgate_modem::{Modem, ModemError};
use simgate_sim::{Profile, SimConfig, SimModem};

use crate::common::config;

fn locked(profile: Profile) -> SimModem {
    SimModem::spawn(SimConfig {
        profile,
        pin: Some("4321".into()),
        ..SimConfig::default()
    })
    .unwrap()
}

#[tokio::test]
async fn the_configured_pin_unlocks_the_sim_for_every_profile() {
    for profile in Profile::ALL {
        let sim = locked(profile);
        let mut cfg = config(&sim);
        cfg.pin = Some("4321".into());
        let modem = Modem::open(cfg)
            .await
            .unwrap_or_else(|e| panic!("{profile}: {e}"));
        let info = modem.info().await.unwrap();
        assert_eq!(info.imei, sim.imei(), "{profile}");
        assert_eq!(sim.pin_attempts(), 3, "{profile}");
        assert!(
            !sim.cdrom_enabled(),
            "{profile}: ZTE's CD-ROM mode is switched off"
        );
        modem.close().await;
    }
}

#[tokio::test]
async fn no_pin_configured_is_a_clear_error() {
    let sim = locked(Profile::Generic);
    let err = Modem::open(config(&sim)).await.unwrap_err();
    assert!(matches!(err, ModemError::PinRequired), "{err:?}");
    assert_eq!(sim.pin_attempts(), 3, "nothing was tried");
}

#[tokio::test]
async fn a_rejected_pin_is_sent_once_and_never_retried() {
    let sim = locked(Profile::Zte);
    let mut cfg = config(&sim);
    cfg.pin = Some("0000".into());
    let err = Modem::open(cfg.clone()).await.unwrap_err();
    assert!(matches!(err, ModemError::PinRejected), "{err:?}");
    assert_eq!(sim.pin_attempts(), 2);
    // A supervisor reconnecting with the same wrong PIN does not burn attempts.
    for _ in 0..3 {
        let err = Modem::open(cfg.clone()).await.unwrap_err();
        assert!(matches!(err, ModemError::PinRejected), "{err:?}");
    }
    assert_eq!(
        sim.pin_attempts(),
        2,
        "the SIM is not driven towards its PUK"
    );
}

#[tokio::test]
async fn a_pin_never_shows_in_debug_output() {
    let mut cfg = simgate_modem::ModemConfig::new("/dev/ttyUSB0");
    cfg.pin = Some("4321".into());
    let shown = format!("{cfg:?}");
    assert!(!shown.contains("4321"), "{shown}");
}
