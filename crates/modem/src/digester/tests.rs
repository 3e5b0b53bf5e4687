//! Byte tables from real modems, and properties over arbitrary input.

use super::*;

fn ctx(echo: &str, prefixes: &[&str]) -> CommandContext {
    CommandContext {
        echo: echo.into(),
        prefixes: prefixes.iter().map(|s| s.to_string()).collect(),
        prompt: false,
        payload_echo: None,
    }
}

fn frames(d: &mut Digester, bytes: &[u8]) -> Vec<Frame> {
    d.push(bytes);
    std::iter::from_fn(|| d.next_frame()).collect()
}

fn line(s: &str) -> Frame {
    Frame::Line(s.into())
}

/// Each row: the command in flight, bytes as real modems send them, the frames expected.
#[test]
fn response_tables_from_real_modems() {
    let rows: Vec<(&str, CommandContext, &[u8], Vec<Frame>)> = vec![
        (
            "echo still on, then OK",
            ctx("ATE0", &[]),
            b"ATE0\r\r\nOK\r\n",
            vec![Frame::Echo, Frame::Final(FinalResult::Ok)],
        ),
        (
            "intermediate without prefix (CGMI)",
            ctx("AT+CGMI", &["+CGMI:"]),
            b"\r\nhuawei\r\n\r\nOK\r\n",
            vec![line("huawei"), Frame::Final(FinalResult::Ok)],
        ),
        (
            "SIMCom doubles the CR",
            ctx("AT+CSQ", &["+CSQ:"]),
            b"\r\r\n+CSQ: 17,99\r\r\n\r\r\nOK\r\r\n",
            vec![line("+CSQ: 17,99"), Frame::Final(FinalResult::Ok)],
        ),
        (
            "Wavecom pads with leading spaces",
            ctx("AT+CREG?", &["+CREG:"]),
            b"\r\n +CREG: 0,1\r\n\r\nOK\r\n",
            vec![line("+CREG: 0,1"), Frame::Final(FinalResult::Ok)],
        ),
        (
            "Huawei noise between response lines",
            ctx("AT+CPMS?", &["+CPMS:"]),
            b"\r\n^RSSI: 18\r\n\r\n+CPMS: \"SM\",2,30,\"SM\",2,30,\"SM\",2,30\r\n\r\n^BOOT:38213,0,0,0,75\r\n\r\n^MODE:5,4\r\n\r\nOK\r\n",
            vec![
                Frame::Urc(Urc::Rssi(18)),
                line("+CPMS: \"SM\",2,30,\"SM\",2,30,\"SM\",2,30"),
                Frame::Urc(Urc::Noise("^BOOT:38213,0,0,0,75".into())),
                Frame::Urc(Urc::Noise("^MODE:5,4".into())),
                Frame::Final(FinalResult::Ok),
            ],
        ),
        (
            "+CMTI arriving mid-response is a URC, not a line",
            ctx("AT+CSQ", &["+CSQ:"]),
            b"\r\n+CSQ: 20,99\r\n\r\n+CMTI: \"SM\",4\r\n\r\nOK\r\n",
            vec![
                line("+CSQ: 20,99"),
                Frame::Urc(Urc::MessageStored {
                    mem: "SM".into(),
                    index: 4,
                }),
                Frame::Final(FinalResult::Ok),
            ],
        ),
        (
            "+CREG as the command's own answer is a line",
            ctx("AT+CREG?", &["+CREG:"]),
            b"\r\n+CREG: 2,5,\"00C3\",\"0D2F\"\r\n\r\nOK\r\n",
            vec![
                line("+CREG: 2,5,\"00C3\",\"0D2F\""),
                Frame::Final(FinalResult::Ok),
            ],
        ),
        (
            "Quectel: +QIND and SMS DONE between lines, odd parentheses in =?",
            ctx("AT+CNMI=?", &["+CNMI:"]),
            b"\r\n+QIND: SMS DONE\r\n\r\n+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)\r\n\r\nOK\r\n",
            vec![
                Frame::Urc(Urc::Noise("+QIND: SMS DONE".into())),
                line("+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)"),
                Frame::Final(FinalResult::Ok),
            ],
        ),
        (
            "ZTE: +ZPBIC and +ZUSIMR noise, +CPIN answered in line",
            ctx("AT+CPIN?", &["+CPIN:"]),
            b"\r\n+ZUSIMR:2\r\n\r\n+CPIN: SIM PIN\r\n\r\n+ZPBIC: 1,0\r\n\r\nOK\r\n",
            vec![
                Frame::Urc(Urc::Noise("+ZUSIMR:2".into())),
                line("+CPIN: SIM PIN"),
                Frame::Urc(Urc::Noise("+ZPBIC: 1,0".into())),
                Frame::Final(FinalResult::Ok),
            ],
        ),
        (
            "SIMCom: +CPIN: READY after boot is noise when nobody asked",
            ctx("AT+CSQ", &["+CSQ:"]),
            b"\r\r\n+CPIN: READY\r\r\n\r\r\n+CSQ: 12,0\r\r\n\r\r\nOK\r\r\n",
            vec![
                Frame::Urc(Urc::Noise("+CPIN: READY".into())),
                line("+CSQ: 12,0"),
                Frame::Final(FinalResult::Ok),
            ],
        ),
        (
            "Wavecom: +CME ERROR with a space before the code",
            ctx("AT+CPMS=\"ME\"", &["+CPMS:"]),
            b"\r\n +CME ERROR: 3\r\n",
            vec![Frame::Final(FinalResult::Cme(CmeError(3)))],
        ),
        (
            "numeric CMS error",
            ctx("AT+CMGS=23", &["+CMGS:"]),
            b"\r\n+CMS ERROR: 500\r\n",
            vec![Frame::Final(FinalResult::Cms(CmsError(500)))],
        ),
        (
            "verbose CME error",
            ctx("AT+CMGF=0", &[]),
            b"\r\n+CME ERROR: SIM PIN required\r\n",
            vec![Frame::Final(FinalResult::Cme(CmeError(11)))],
        ),
        (
            "Huawei COMMAND NOT SUPPORT",
            ctx("AT+CCID", &["+CCID:"]),
            b"\r\nCOMMAND NOT SUPPORT\r\n",
            vec![Frame::Final(FinalResult::Error("COMMAND NOT SUPPORT".into()))],
        ),
        (
            "NO CARRIER ends a command",
            ctx("ATD123;", &[]),
            b"\r\nNO CARRIER\r\n",
            vec![Frame::Final(FinalResult::Call("NO CARRIER".into()))],
        ),
        (
            "plain ERROR",
            ctx("AT+FOO", &[]),
            b"\r\nERROR\r\n",
            vec![Frame::Final(FinalResult::Error("ERROR".into()))],
        ),
        (
            "CMGR: PDU line belongs to the command",
            ctx("AT+CMGR=1", &["+CMGR:"]),
            b"\r\n+CMGR: 0,,24\r\n07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07\r\n\r\nOK\r\n",
            vec![
                line("+CMGR: 0,,24"),
                line("07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07"),
                Frame::Final(FinalResult::Ok),
            ],
        ),
    ];
    for (name, c, bytes, want) in rows {
        let mut d = Digester::new();
        d.set_command(Some(c));
        assert_eq!(frames(&mut d, bytes), want, "{name}");
    }
}

#[test]
fn the_cmgs_prompt_is_recognised_without_a_line_end() {
    let mut d = Digester::new();
    d.set_command(Some(CommandContext {
        prompt: true,
        payload_echo: Some("0011AA".into()),
        ..ctx("AT+CMGS=3", &["+CMGS:"])
    }));
    assert_eq!(frames(&mut d, b"\r\n> "), vec![Frame::Prompt]);
    // Echoed PDU with Ctrl-Z, then the answer.
    assert_eq!(
        frames(&mut d, b"0011AA\x1a\r\n+CMGS: 7\r\n\r\nOK\r\n"),
        vec![Frame::Echo, line("+CMGS: 7"), Frame::Final(FinalResult::Ok)]
    );
    // A bare '>' with the space still to come is a prompt too.
    let mut d = Digester::new();
    d.set_command(Some(CommandContext {
        prompt: true,
        ..ctx("AT+CMGS=3", &[])
    }));
    assert_eq!(frames(&mut d, b">"), vec![Frame::Prompt]);
}

#[test]
fn bytes_split_anywhere_give_the_same_frames() {
    let input: &[u8] =
        b"\r\n^RSSI: 9\r\n\r\n+CMT: ,24\r\n07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07\r\n\r\n+CSQ: 9,99\r\n\r\nOK\r\n";
    let mut whole = Digester::new();
    whole.set_command(Some(ctx("AT+CSQ", &["+CSQ:"])));
    let want = frames(&mut whole, input);
    assert_eq!(want.len(), 4, "{want:?}");
    assert!(matches!(
        &want[1],
        Frame::Urc(Urc::Deliver { length: 24, .. })
    ));
    for split in 0..input.len() {
        let mut d = Digester::new();
        d.set_command(Some(ctx("AT+CSQ", &["+CSQ:"])));
        let mut got = frames(&mut d, &input[..split]);
        got.extend(frames(&mut d, &input[split..]));
        assert_eq!(got, want, "split at {split}");
    }
}

#[test]
fn two_line_urcs_with_no_command_in_flight() {
    let mut d = Digester::new();
    let got = frames(
        &mut d,
        b"\r\n+CDS: 25\r\n07911326040000F006A70B911346610089F6208062917314482080629173148200\r\n\r\n+CDSI: \"SM\",2\r\n",
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        matches!(&got[0], Frame::Urc(Urc::StatusReport { length: 25, pdu }) if pdu.starts_with("0791"))
    );
    assert_eq!(
        got[1],
        Frame::Urc(Urc::StatusReportStored {
            mem: "SM".into(),
            index: 2
        })
    );
}

#[test]
fn a_two_line_urc_header_without_its_pdu_does_not_swallow_the_final_result() {
    let mut d = Digester::new();
    d.set_command(Some(ctx("AT", &[])));
    let got = frames(&mut d, b"\r\n+CMT: ,24\r\nOK\r\n");
    assert_eq!(
        got,
        vec![
            Frame::Urc(Urc::Malformed("+CMT: ,24".into())),
            Frame::Final(FinalResult::Ok)
        ]
    );
}

#[test]
fn garbage_never_panics_and_never_grows_without_bound() {
    let mut d = Digester::new();
    let noise: Vec<u8> = (0..20_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    d.push(&noise);
    while d.next_frame().is_some() {}
    assert!(d.buf.len() <= MAX_LINE);
    let mut d = Digester::new();
    d.push(&[b'x'; MAX_LINE + 10]);
    assert!(matches!(d.next_frame(), Some(Frame::Urc(Urc::Unknown(_)))));
    assert!(d.buf.is_empty());
}

#[test]
fn ussd_replies_parse_with_commas_inside_the_text() {
    let mut d = Digester::new();
    let got = frames(&mut d, b"\r\n+CUSD: 0,\"Balance: 5,00 EUR\",15\r\n");
    assert_eq!(
        got,
        vec![Frame::Urc(Urc::Ussd {
            status: 0,
            text: Some("Balance: 5,00 EUR".into()),
            dcs: Some(15)
        })]
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_ctx() -> impl Strategy<Value = Option<CommandContext>> {
        prop_oneof![
            Just(None),
            Just(Some(CommandContext {
                echo: "AT+CSQ".into(),
                prefixes: vec!["+CSQ:".into()],
                prompt: false,
                payload_echo: None,
            })),
            Just(Some(CommandContext {
                echo: "AT+CMGS=23".into(),
                prefixes: vec!["+CMGS:".into()],
                prompt: true,
                payload_echo: Some("0011".into()),
            })),
        ]
    }

    proptest! {
        /// A modem's garbage is input: any bytes, cut anywhere, never panic,
        /// and the buffer stays bounded.
        #[test]
        fn arbitrary_bytes_in_arbitrary_chunks_never_panic(
            ctx in any_ctx(),
            chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..600), 0..20),
        ) {
            let mut d = Digester::new();
            d.set_command(ctx);
            for c in &chunks {
                d.push(c);
                while d.next_frame().is_some() {}
                prop_assert!(d.buf.len() <= MAX_LINE + 600);
            }
        }

        /// Frames do not depend on how the bytes were split into reads.
        #[test]
        fn splitting_never_changes_the_frames(
            lines in proptest::collection::vec(
                prop_oneof![
                    Just("OK"), Just("ERROR"), Just("+CSQ: 12,99"), Just("+CMTI: \"SM\",1"),
                    Just("^RSSI: 9"), Just("+CME ERROR: 10"), Just("huawei"), Just("+CMS ERROR: 42"),
                ],
                0..12,
            ),
            cut in 0usize..400,
        ) {
            let bytes: Vec<u8> = lines.iter().flat_map(|l| format!("\r\n{l}\r\n").into_bytes()).collect();
            let ctx = Some(CommandContext { echo: "AT+CSQ".into(), prefixes: vec!["+CSQ:".into()], prompt: false, payload_echo: None });
            let mut whole = Digester::new();
            whole.set_command(ctx.clone());
            whole.push(&bytes);
            let want: Vec<Frame> = std::iter::from_fn(|| whole.next_frame()).collect();
            let cut = cut.min(bytes.len());
            let mut d = Digester::new();
            d.set_command(ctx);
            d.push(&bytes[..cut]);
            let mut got: Vec<Frame> = std::iter::from_fn(|| d.next_frame()).collect();
            d.push(&bytes[cut..]);
            got.extend(std::iter::from_fn(|| d.next_frame()));
            prop_assert_eq!(got, want);
        }
    }
}
