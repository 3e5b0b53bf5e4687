//! Unsolicited result codes (URCs): lines a modem sends on its own, between or
//! even in the middle of command responses.

/// One unsolicited result code, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Urc {
    /// `+CMTI: <mem>,<index>`: a message was stored (TS 27.005 clause 3.4.1).
    MessageStored {
        /// Storage name, e.g. `SM` or `ME`.
        mem: String,
        /// Index in that storage.
        index: u32,
    },
    /// `+CMT: [<alpha>],<length><CR><LF><pdu>`: a message routed directly to
    /// the host (TS 27.005 clause 3.4.1, PDU mode).
    Deliver {
        /// TPDU length in octets as announced by the modem.
        length: usize,
        /// The PDU in hex, SMSC address included.
        pdu: String,
    },
    /// `+CDS: <length><CR><LF><pdu>`: a status report routed directly to the host.
    StatusReport {
        /// TPDU length in octets as announced by the modem.
        length: usize,
        /// The PDU in hex, SMSC address included.
        pdu: String,
    },
    /// `+CDSI: <mem>,<index>`: a status report was stored.
    StatusReportStored {
        /// Storage name.
        mem: String,
        /// Index in that storage.
        index: u32,
    },
    /// `+CUSD: <m>[,<str>,<dcs>]`: a USSD reply (TS 27.007 clause 7.15).
    Ussd {
        /// 0 no further action, 1 further action required, 2 terminated by network,
        /// 3 other client responded, 4 not supported, 5 timeout.
        status: u8,
        /// The reply string exactly as the modem sent it (may be hex).
        text: Option<String>,
        /// The data coding scheme (TS 23.038 clause 5).
        dcs: Option<u8>,
    },
    /// `+CREG: <stat>[,<lac>,<ci>]` (TS 27.007 clause 7.2).
    Registration {
        /// The registration status code.
        stat: u8,
    },
    /// Huawei `^RSSI: <rssi>`: the signal level changed (same scale as `+CSQ`).
    Rssi(u8),
    /// A line a modem sends only to inform (Huawei `^BOOT`, `^MODE`, `^SRVST`,
    /// `RDY`, `SMS Ready`, `+CPIN: READY` after boot ...); carries no action.
    Noise(String),
    /// A URC that announced a second line (`+CMT`, `+CDS`) whose second line
    /// never came or was not a PDU.
    Malformed(String),
    /// A line nobody asked for that SimGate does not know.
    Unknown(String),
}

/// Prefixes of URCs that SimGate acts on or knows to be informational.
const NOISE_PREFIXES: &[&str] = &[
    "^BOOT:",
    "^MODE:",
    "^SRVST:",
    "^SIMST:",
    "^SYSSTART",
    "^DSFLOWRPT:",
    "^HCSQ:",
    "^CEND:",
    "^ORIG:",
    "^CONF:",
    "^CONN:",
    "^STIN:",
    "^SMMEMFULL",
    "^NWTIME:",
    "^CSNR:",
    "^RSSILVL:",
    "RDY",
    "SMS READY",
    "CALL READY",
    "PB DONE",
    "+PBREADY",
    "+QIND:",
    "+CFUN:",
    "+CPIN:",
    "+CGREG:",
    "+CEREG:",
    "+CIEV:",
    "+ZPBIC:",
    "+ZUSIMR:",
    "+ZEND",
    "+ZSTART",
    "+NITZ:",
    "+CTZV:",
    "*PSUTTZ:",
    "DST:",
    "RING",
    "+CRING:",
    "+CLIP:",
];

/// Whether `line` starts like a URC SimGate knows (case-insensitive).
pub(crate) fn is_known_urc(line: &str) -> bool {
    const ACTIONABLE: &[&str] = &[
        "+CMTI:", "+CMT:", "+CDS:", "+CDSI:", "+CUSD:", "+CREG:", "^RSSI:",
    ];
    ACTIONABLE
        .iter()
        .chain(NOISE_PREFIXES)
        .any(|p| starts_with_ignore_case(line, p))
}

/// Whether this URC header announces a PDU on the following line
/// (`+CMT:` and `+CDS:` in PDU mode, TS 27.005 clause 3.4.1).
pub(crate) fn announces_pdu(line: &str) -> bool {
    starts_with_ignore_case(line, "+CMT:") || starts_with_ignore_case(line, "+CDS:")
}

pub(crate) fn starts_with_ignore_case(line: &str, prefix: &str) -> bool {
    line.len() >= prefix.len()
        && line.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Parses a single-line URC. `line` is trimmed and known not to be a final result.
pub(crate) fn parse_single(line: &str) -> Urc {
    let upper_rest = |p: &str| line[p.len()..].trim().to_string();
    if starts_with_ignore_case(line, "+CMTI:") {
        return parse_mem_index(&upper_rest("+CMTI:"))
            .map(|(mem, index)| Urc::MessageStored { mem, index })
            .unwrap_or_else(|| Urc::Malformed(line.to_string()));
    }
    if starts_with_ignore_case(line, "+CDSI:") {
        return parse_mem_index(&upper_rest("+CDSI:"))
            .map(|(mem, index)| Urc::StatusReportStored { mem, index })
            .unwrap_or_else(|| Urc::Malformed(line.to_string()));
    }
    if starts_with_ignore_case(line, "+CUSD:") {
        return parse_cusd(&upper_rest("+CUSD:")).unwrap_or_else(|| Urc::Malformed(line.into()));
    }
    if starts_with_ignore_case(line, "+CREG:") {
        // An unsolicited +CREG carries <stat> first (TS 27.007 clause 7.2, <n>=1 or 2).
        let rest = upper_rest("+CREG:");
        return match rest.split(',').next().and_then(|s| s.trim().parse().ok()) {
            Some(stat) => Urc::Registration { stat },
            None => Urc::Malformed(line.to_string()),
        };
    }
    if starts_with_ignore_case(line, "^RSSI:") {
        return match upper_rest("^RSSI:").parse() {
            Ok(v) => Urc::Rssi(v),
            Err(_) => Urc::Malformed(line.to_string()),
        };
    }
    if NOISE_PREFIXES
        .iter()
        .any(|p| starts_with_ignore_case(line, p))
    {
        return Urc::Noise(line.to_string());
    }
    Urc::Unknown(line.to_string())
}

/// Completes a two-line URC (`+CMT`/`+CDS` header plus the PDU line).
pub(crate) fn parse_two_line(header: &str, pdu_line: &str) -> Urc {
    let pdu_ok = !pdu_line.is_empty()
        && pdu_line.len() % 2 == 0
        && pdu_line.bytes().all(|b| b.is_ascii_hexdigit());
    // The length is the last parameter of the header in both forms.
    let params = header.split_once(':').map_or("", |(_, p)| p);
    let length = params
        .rsplit(',')
        .next()
        .and_then(|s| s.trim().parse::<usize>().ok());
    match (pdu_ok, length) {
        (true, Some(length)) if starts_with_ignore_case(header, "+CMT:") => Urc::Deliver {
            length,
            pdu: pdu_line.to_ascii_uppercase(),
        },
        (true, Some(length)) => Urc::StatusReport {
            length,
            pdu: pdu_line.to_ascii_uppercase(),
        },
        _ => Urc::Malformed(header.to_string()),
    }
}

fn parse_mem_index(rest: &str) -> Option<(String, u32)> {
    let (mem, index) = rest.split_once(',')?;
    Some((
        mem.trim().trim_matches('"').to_string(),
        index.trim().parse().ok()?,
    ))
}

/// `+CUSD: <m>[,<str>[,<dcs>]]` (TS 27.007 clause 7.15).
pub(crate) fn parse_cusd(rest: &str) -> Option<Urc> {
    let (status, tail) = match rest.split_once(',') {
        Some((s, t)) => (s, Some(t)),
        None => (rest, None),
    };
    let status = status.trim().parse().ok()?;
    let (text, dcs) = match tail {
        None => (None, None),
        Some(t) => {
            let t = t.trim();
            if let Some(stripped) = t.strip_prefix('"') {
                // The string may itself contain commas: find its closing quote.
                let end = stripped.rfind('"')?;
                let text = stripped[..end].to_string();
                let dcs = stripped[end + 1..]
                    .trim_start_matches(',')
                    .trim()
                    .parse()
                    .ok();
                (Some(text), dcs)
            } else {
                let (text, dcs) = match t.rsplit_once(',') {
                    Some((a, b)) => (a, b.trim().parse().ok()),
                    None => (t, None),
                };
                (Some(text.to_string()), dcs)
            }
        }
    };
    Some(Urc::Ussd { status, text, dcs })
}
