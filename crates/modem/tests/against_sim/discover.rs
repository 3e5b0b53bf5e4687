use std::time::Duration;

use simgate_modem::Vendor;
use simgate_modem::discover::discover_among;
use simgate_sim::{Profile, SimConfig, SimModem};

#[tokio::test]
async fn discovery_finds_modems_groups_ports_by_imei_and_skips_silent_ports() {
    let spawn = |profile, imei: &str| {
        SimModem::spawn(SimConfig {
            profile,
            imei: Some(imei.into()),
            ..SimConfig::default()
        })
        .unwrap()
    };
    // One Huawei stick exposing two AT ports, one Quectel, one hung device.
    let huawei_a = spawn(Profile::Huawei, "359999000000011");
    let huawei_b = spawn(Profile::Huawei, "359999000000011");
    let quectel = spawn(Profile::Quectel, "359999000000029");
    let silent = spawn(Profile::Generic, "359999000000037");
    silent.set_hung(true);
    let paths: Vec<String> = [&huawei_a, &huawei_b, &quectel, &silent]
        .iter()
        .map(|s| s.path().to_string_lossy().into_owned())
        .collect();
    let found = discover_among(paths.clone(), Duration::from_secs(3)).await;
    assert_eq!(found.len(), 2, "{found:?}");
    let huawei = found.iter().find(|d| d.vendor == Vendor::Huawei).unwrap();
    assert_eq!(huawei.imei, "359999000000011");
    let mut both = vec![paths[0].clone(), paths[1].clone()];
    both.sort();
    assert_eq!(huawei.ports, both);
    let q = found.iter().find(|d| d.vendor == Vendor::Quectel).unwrap();
    assert_eq!(
        (q.path.as_str(), q.model.as_str()),
        (paths[2].as_str(), "EC25")
    );
}
