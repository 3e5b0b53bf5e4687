//! The SMS side of the simulated modem: `AT+CMGS` into the network, messages
//! and status reports out of it, the message storage and its commands
//! (TS 27.005 clauses 3.1-3.5).

use std::time::Instant;

use time::OffsetDateTime;

use crate::SentPdu;
use crate::build;
use crate::core::{Core, Fail, Scheduled, Step};

impl Core {
    /// The SMS commands; `None` when `upper` is not one of them.
    pub(crate) fn execute_sms(&mut self, _now: Instant, upper: &str, _raw: &str) -> Option<Step> {
        let ok = |lines: Vec<String>| Some(Step::Done(Ok(lines)));
        let err = |f: Fail| Some(Step::Done(Err(f)));
        match upper {
            "+CMGF?" => return ok(vec![format!("+CMGF: {}", self.cmgf)]),
            "+CMGF=?" => return ok(vec!["+CMGF: (0,1)".into()]),
            "+CSMS?" => return ok(vec![format!("+CSMS: {},1,1,1", self.csms)]),
            "+CSMS=?" => return ok(vec!["+CSMS: (0,1)".into()]),
            "+CPMS=?" => {
                let mems = match self.profile {
                    crate::Profile::Huawei => "(\"SM\",\"ME\"),(\"SM\",\"ME\"),(\"SM\",\"ME\")",
                    crate::Profile::Wavecom => "(\"SM\",\"SR\"),(\"SM\"),(\"SM\")",
                    crate::Profile::Quectel => {
                        "(\"SM\",\"ME\",\"MT\"),(\"SM\",\"ME\",\"MT\"),(\"SM\",\"ME\",\"MT\")"
                    }
                    _ => "(\"SM\"),(\"SM\"),(\"SM\")",
                };
                return ok(vec![format!("+CPMS: {mems}")]);
            }
            "+CPMS?" => {
                let (u, c) = (self.storage.len(), self.capacity);
                return ok(vec![format!(
                    "+CPMS: \"SM\",{u},{c},\"SM\",{u},{c},\"SM\",{u},{c}"
                )]);
            }
            "+CNMI=?" if self.direct_only => {
                return ok(vec!["+CNMI: (1,2),(0,2),(0),(0,1),(0)".into()]);
            }
            "+CNMI=?" => return ok(vec![self.cnmi_ranges().into()]),
            "+CNMI?" => {
                let c = self.cnmi;
                return ok(vec![format!(
                    "+CNMI: {},{},{},{},{}",
                    c[0], c[1], c[2], c[3], c[4]
                )]);
            }
            "+CMMS?" => return ok(vec![format!("+CMMS: {}", self.cmms)]),
            "+CNMA" => {
                // TS 27.005 clause 3.4.4: only valid while an acknowledgement is expected.
                if self.awaiting_cnma {
                    self.awaiting_cnma = false;
                    self.cnma_count += 1;
                    return ok(Vec::new());
                }
                return err(Fail::Cms(340));
            }
            _ => {}
        }
        let arg = |p: &str| upper.strip_prefix(p).map(str::trim);
        if let Some(v) = arg("+CMGF=") {
            return Some(Step::Done(match v.parse::<u8>() {
                Ok(n @ 0..=1) => {
                    self.cmgf = n;
                    Ok(Vec::new())
                }
                _ => Err(Fail::Cms(302)),
            }));
        }
        if let Some(v) = arg("+CSMS=") {
            if self.direct_only && v == "0" {
                return err(Fail::Cms(303));
            }
            return Some(Step::Done(match v.parse::<u8>() {
                Ok(n @ 0..=1) => {
                    self.csms = n;
                    Ok(vec!["+CSMS: 1,1,1".into()])
                }
                _ => Err(Fail::Cms(303)),
            }));
        }
        if let Some(v) = arg("+CMMS=") {
            return Some(Step::Done(match v.parse::<u8>() {
                Ok(n @ 0..=2) => {
                    self.cmms = n;
                    Ok(Vec::new())
                }
                _ => Err(Fail::Cms(302)),
            }));
        }
        if let Some(v) = arg("+CPMS=") {
            let mems: Vec<&str> = v.split(',').map(|m| m.trim().trim_matches('"')).collect();
            if !mems.iter().all(|m| matches!(*m, "SM" | "ME" | "MT" | "SR")) {
                return err(Fail::Cms(302));
            }
            // TS 27.005 clause 3.2.2: the first memory is the one read and deleted from.
            self.mem1 = mems[0].to_string();
            let (u, c) = (self.storage.len(), self.capacity);
            return ok(vec![format!("+CPMS: {u},{c},{u},{c},{u},{c}")]);
        }
        if let Some(v) = arg("+CNMI=") {
            let vals: Vec<Option<u8>> = v.split(',').map(|x| x.trim().parse().ok()).collect();
            if vals.is_empty() || vals.len() > 5 || vals.iter().any(|x| x.is_none_or(|n| n > 3)) {
                return err(Fail::Cms(303));
            }
            for (i, x) in vals.into_iter().enumerate() {
                self.cnmi[i] = x.unwrap_or(0);
            }
            return ok(Vec::new());
        }
        if let Some(v) = arg("+CMGS=") {
            // TS 27.005 clause 3.5.1: only PDU mode is simulated.
            if self.cmgf != 0 {
                return err(Fail::Cms(302));
            }
            return Some(match v.parse::<usize>() {
                Ok(n @ 1..=176) => Step::Prompt(n),
                _ => Step::Done(Err(Fail::Cms(304))),
            });
        }
        if let Some(v) = arg("+CMGR=") {
            // TS 27.005 clause 3.4.3: +CMGR: <stat>,[<alpha>],<length><CR><LF><pdu>
            let Ok(index) = v.parse::<u32>() else {
                return err(Fail::Cms(321));
            };
            let Some((stat, pdu)) = self.mem().get_mut(&index) else {
                return err(Fail::Cms(321));
            };
            let line = format!("+CMGR: {},,{}", *stat, tpdu_len(pdu));
            let pdu = pdu.clone();
            if *stat == 0 {
                *stat = 1;
            }
            return ok(vec![line, pdu]);
        }
        if let Some(v) = arg("+CMGL=") {
            // TS 27.005 clause 3.4.2: stat 0 unread, 1 read, 4 all.
            let Ok(which) = v.parse::<u8>() else {
                return err(Fail::Cms(302));
            };
            let mut lines = Vec::new();
            for (index, (stat, pdu)) in self.mem().iter_mut() {
                if which == 4 || which == *stat {
                    lines.push(format!("+CMGL: {index},{},,{}", *stat, tpdu_len(pdu)));
                    lines.push(pdu.clone());
                    if *stat == 0 {
                        *stat = 1;
                    }
                }
            }
            return ok(lines);
        }
        if let Some(v) = arg("+CMGD=") {
            // TS 27.005 clause 3.5.4: <index>[,<delflag>]; flag 4 deletes everything.
            let mut it = v.split(',').map(|x| x.trim().parse::<u32>().ok());
            let index = it.next().flatten();
            let flag = it.next().flatten().unwrap_or(0);
            let mem = self.mem();
            match (index, flag) {
                (_, 4) => mem.clear(),
                (_, 1) => mem.retain(|_, (s, _)| *s == 0),
                (Some(i), 0) => {
                    mem.remove(&i);
                }
                _ => return err(Fail::Cms(321)),
            }
            return ok(Vec::new());
        }
        None
    }

    /// What `AT+CNMI=?` offers, by profile (TS 27.005 clause 3.4.1).
    fn cnmi_ranges(&self) -> &'static str {
        match self.profile {
            crate::Profile::Huawei => "+CNMI: (0,1,2),(0,1,2,3),(0,2),(0,1,2),(0,1)",
            // Stored status reports only (+CDSI).
            crate::Profile::Wavecom => "+CNMI: (0-3),(0-3),(0-3),(0,2),(0,1)",
            crate::Profile::Zte => "+CNMI: (0-3),(0-3),(0-3),(0,1),(0,1)",
            _ => "+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)",
        }
    }

    /// The PDU after `AT+CMGS` arrived: check it and answer `+CMGS: <mr>`.
    pub(crate) fn finish_cmgs(&mut self, now: Instant, tpdu_len: usize, raw: &[u8]) {
        let text = String::from_utf8_lossy(raw).trim().to_ascii_uppercase();
        let delay = self.cmgs_latency;
        let Ok(bytes) = hex::decode(&text) else {
            return self.answer(now, delay, Err(Fail::Cms(304)));
        };
        // TS 27.005 clause 3.5.1: <length> counts the TPDU only, not the SMSC
        // address field whose first octet gives its own length.
        let smsc_len = bytes.first().map_or(0, |n| usize::from(*n) + 1);
        if bytes.len() != smsc_len + tpdu_len {
            return self.answer(now, delay, Err(Fail::Cms(304)));
        }
        let Some(fields) = build::parse_submit(&bytes) else {
            return self.answer(now, delay, Err(Fail::Cms(304)));
        };
        if let Some(code) = self.fail_cmgs.pop_front() {
            return self.answer(now, delay, Err(Fail::Cms(code)));
        }
        if !matches!(self.reg_stat, 1 | 5) {
            return self.answer(now, delay, Err(Fail::Cms(331)));
        }
        let mr = self.next_mr;
        self.next_mr = self.next_mr.wrapping_add(1);
        let sent = SentPdu {
            hex: text,
            mr,
            tpdu_len,
        };
        if let Some(ledger) = &mut self.ledger {
            ledger.record(&sent);
        }
        self.sent.push(sent);
        // TS 23.040 clause 9.2.3.5: TP-SRR asks for a status report.
        if fields.srr {
            let pdu = build::status_report_pdu(
                mr,
                &fields.address,
                OffsetDateTime::now_utc(),
                self.report_status,
            );
            self.scheduled
                .push(now + delay + self.report_delay, Scheduled::Report(pdu));
        }
        if self.cmgs_without_ok {
            let eol = self.profile.eol();
            self.emit(now, delay, format!("{eol}+CMGS: {mr}{eol}").into_bytes());
            return;
        }
        self.answer(now, delay, Ok(vec![format!("+CMGS: {mr}")]));
    }

    /// An SMS-DELIVER arrives from the network: routed per `+CNMI` `<mt>`
    /// (TS 27.005 clause 3.4.1). Returns false when the storage is full.
    pub(crate) fn deliver(&mut self, now: Instant, pdu: String) -> bool {
        if self.hung {
            return false;
        }
        let mt = self.cnmi[1];
        if mt == 2 || mt == 3 {
            let line = format!("+CMT: ,{}{}{}", tpdu_len(&pdu), self.profile.eol(), pdu);
            self.awaiting_cnma = self.csms == 1;
            self.urc(now, &line);
            return true;
        }
        let Some(index) = self.store(pdu) else {
            return false;
        };
        if mt == 1 && !self.drop_urcs {
            self.urc(now, &format!("+CMTI: \"SM\",{index}"));
        }
        true
    }

    /// A status report arrives: routed per `+CNMI` `<ds>`.
    pub(crate) fn route_report(&mut self, now: Instant, pdu: String) {
        match self.cnmi[3] {
            1 => {
                let line = format!("+CDS: {}{}{}", tpdu_len(&pdu), self.profile.eol(), pdu);
                self.awaiting_cnma = self.csms == 1;
                self.urc(now, &line);
            }
            2 if self.profile == crate::Profile::Wavecom => {
                let index = (1..=self.capacity).find(|i| !self.sr.contains_key(i));
                if let Some(index) = index {
                    self.sr.insert(index, (0, pdu));
                    if !self.drop_urcs {
                        self.urc(now, &format!("+CDSI: \"SR\",{index}"));
                    }
                }
            }
            2 => {
                if let Some(index) = self.store(pdu) {
                    if !self.drop_urcs {
                        self.urc(now, &format!("+CDSI: \"SM\",{index}"));
                    }
                }
            }
            _ => {}
        }
    }

    /// The memory `<mem1>` names.
    fn mem(&mut self) -> &mut std::collections::BTreeMap<u32, (u8, String)> {
        if self.mem1 == "SR" {
            &mut self.sr
        } else {
            &mut self.storage
        }
    }

    /// Puts a PDU into the first free slot (Huawei counts from 0, others from 1).
    fn store(&mut self, pdu: String) -> Option<u32> {
        let first = u32::from(self.profile != crate::Profile::Huawei);
        let index = (first..first + self.capacity).find(|i| !self.storage.contains_key(i))?;
        self.storage.insert(index, (0, pdu));
        Some(index)
    }
}

/// TPDU octets of a PDU with SMSC field (what `<length>` reports).
fn tpdu_len(pdu: &str) -> usize {
    let octets = pdu.len() / 2;
    let smsc = hex::decode(pdu.get(..2).unwrap_or("00"))
        .ok()
        .and_then(|b| b.first().copied())
        .map_or(1, |n| usize::from(n) + 1);
    octets.saturating_sub(smsc)
}
