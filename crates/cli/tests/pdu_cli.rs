//! `simgate pdu …` run as users run it: the built binary, its stdout, stderr and exit code.

use std::process::{Command, Output};

fn simgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_simgate"))
        .args(args)
        .output()
        .expect("run simgate")
}

/// The SMS-DELIVER walkthrough on dreamfabric.com/sms: "hellohello" from 27838890001.
const DREAMFABRIC: &str =
    "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37";

#[test]
fn decode_prints_the_documented_json() {
    let out = simgate(&["pdu", "decode", DREAMFABRIC]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["type"], "deliver");
    assert_eq!(json["smsc"], "+27381000015");
    assert_eq!(json["originator"]["number"], "27838890001");
    assert_eq!(json["timestamp"], "1999-03-29T15:16:59+02:00");
    assert_eq!(json["encoding"], "gsm7");
    assert_eq!(json["text"], "hellohello");
}

#[test]
fn decode_without_smsc_flag() {
    let out = simgate(&["pdu", "decode", "--no-smsc", &DREAMFABRIC[16..]]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["smsc"], serde_json::Value::Null);
    assert_eq!(json["text"], "hellohello");
}

#[test]
fn malformed_pdu_exits_1_with_a_one_line_reason() {
    let out = simgate(&["pdu", "decode", "07917283010010F5040BC8723888"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("TP-OA") && err.contains("octet 14"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn encode_prints_length_and_hex_per_part() {
    let out = simgate(&[
        "pdu",
        "encode",
        "--to",
        "+46708251358",
        "--text",
        "hellohello",
        "--validity",
        "4d",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "23 0011000B916407281553F80000AA0AE8329BFD4697D9EC37\n"
    );
    let long = "x".repeat(400);
    let out = simgate(&[
        "pdu",
        "encode",
        "--to",
        "+4915112345678",
        "--text",
        &long,
        "--report",
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 3);
    for line in stdout.lines() {
        let (len, hex) = line.split_once(' ').unwrap();
        assert_eq!(len.parse::<usize>().unwrap(), hex.len() / 2 - 1);
    }
}

#[test]
fn encode_rejects_a_bad_number() {
    let out = simgate(&["pdu", "encode", "--to", "+49 151", "--text", "x"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("recipient"));
}

#[test]
fn segments_reports_ucs2_characters_and_the_optimisation() {
    let text = format!(
        "Don’t miss our sale — 20% off everything… {}",
        "x".repeat(30)
    );
    let out = simgate(&["pdu", "segments", &text]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["encoding"], "ucs2");
    assert_eq!(json["segments"], 2);
    assert_eq!(
        json["ucs2_chars"][0],
        serde_json::json!({"char": "’", "index": 3})
    );
    assert_eq!(json["optimisation"]["segments_saved"], 1);
    assert_eq!(
        json["optimisation"]["text"],
        format!(
            "Don't miss our sale - 20% off everything... {}",
            "x".repeat(30)
        )
    );
}
