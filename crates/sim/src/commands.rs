//! The AT commands the simulated modem understands (TS 27.007 and 27.005),
//! with each vendor profile's variations.

use std::time::Instant;

use crate::core::{Answer, Core, Fail, Step};
use crate::profile::Profile;

/// How long SIMCom and Quectel modules take after a restart before SMS
/// commands work (they announce it with `SMS Ready`).
const SMS_BOOT: std::time::Duration = std::time::Duration::from_millis(600);

impl Core {
    /// Runs one command (the text after `AT`, or after `;`).
    pub(crate) fn execute(&mut self, now: Instant, cmd: &str) -> Step {
        let upper = cmd.to_ascii_uppercase();
        if !self.unlocked && self.blocked_by_pin(&upper) {
            // TS 27.005 clause 3.2.5 code 311 for SMS commands, TS 27.007 9.2.1 code 11 otherwise.
            return Step::Done(Err(
                if upper.starts_with("+CM") || upper.starts_with("+CPMS") {
                    Fail::Cms(311)
                } else {
                    Fail::Cme(11)
                },
            ));
        }
        // SIMCom and Quectel refuse SMS commands until "SMS Ready" after a restart.
        let booting = self.sms_ready_at.is_some_and(|t| now < t);
        const SMS: &[&str] = &["+CMG", "+CPMS", "+CNMI", "+CSMS", "+CNMA", "+CMMS"];
        if booting && SMS.iter().any(|p| upper.starts_with(p)) {
            return Step::Done(Err(Fail::Cms(314)));
        }
        if let Some(step) = self.execute_sms(now, &upper, cmd) {
            return step;
        }
        Step::Done(self.execute_general(now, &upper, cmd))
    }

    /// Which commands a locked SIM refuses. ZTE sticks refuse almost everything
    /// until the PIN is entered.
    fn blocked_by_pin(&self, upper: &str) -> bool {
        const ALWAYS_OK: &[&str] = &["E0", "E1", "E", "V1", "Z", "&F", "Q0", "+CPIN", "+CMEE"];
        if ALWAYS_OK.iter().any(|p| upper.starts_with(p)) {
            return false;
        }
        if self.profile == Profile::Zte {
            return true;
        }
        const NEEDS_SIM: &[&str] = &[
            "+CIMI", "+CMG", "+CPMS", "+CNMI", "+CSMS", "+CNMA", "+CUSD", "+CSCA", "+CNUM",
        ];
        NEEDS_SIM.iter().any(|p| upper.starts_with(p))
    }

    fn execute_general(&mut self, now: Instant, upper: &str, raw: &str) -> Answer {
        let p = self.profile;
        match upper {
            "E0" | "E" => {
                self.echo = false;
                return Ok(Vec::new());
            }
            "E1" => {
                self.echo = true;
                return Ok(Vec::new());
            }
            "Z" | "&F" | "Z0" => {
                self.echo = true;
                self.cmee = 0;
                return Ok(Vec::new());
            }
            "V1" | "Q0" | "&W" => return Ok(Vec::new()),
            "I" => {
                return Ok(vec![
                    p.manufacturer().into(),
                    p.model().into(),
                    p.revision().into(),
                ]);
            }
            "+CGMI" | "+GMI" => return Ok(vec![p.manufacturer().into()]),
            "+CGMM" | "+GMM" => return Ok(vec![p.model().into()]),
            "+CGMR" | "+GMR" => return Ok(vec![p.revision().into()]),
            "+CGSN" | "+GSN" => return Ok(vec![self.id.imei.clone()]),
            "+CIMI" => return Ok(vec![self.id.imsi.clone()]),
            "+COPS?" => {
                return Ok(vec![if matches!(self.reg_stat, 1 | 5) {
                    format!("+COPS: 0,0,\"{}\",2", self.id.operator)
                } else {
                    "+COPS: 0".into()
                }]);
            }
            "+CSQ" => return Ok(vec![format!("+CSQ: {},99", self.rssi)]),
            "+CREG?" => return Ok(vec![format!("+CREG: {},{}", self.creg_n, self.reg_stat)]),
            "+CREG=?" => return Ok(vec!["+CREG: (0-2)".into()]),
            "+CMEE?" => return Ok(vec![format!("+CMEE: {}", self.cmee)]),
            "+CFUN?" => return Ok(vec!["+CFUN: 1".into()]),
            "+CFUN=1" => return Ok(Vec::new()),
            "+CFUN=1,1" => {
                self.reset(now);
                return Ok(Vec::new());
            }
            "+CPIN?" => {
                return Ok(vec![
                    match (self.unlocked, self.pin_attempts) {
                        (true, _) => "+CPIN: READY",
                        (false, 0) => "+CPIN: SIM PUK",
                        (false, _) => "+CPIN: SIM PIN",
                    }
                    .into(),
                ]);
            }
            "+CNUM" => return Ok(vec!["+CNUM: ,\"+4915100000001\",145".into()]),
            "+CSCA?" => return Ok(vec!["+CSCA: \"+491722270333\",145".into()]),
            _ => {}
        }
        // ICCID: each vendor has its own command and answer shape.
        match (upper, p) {
            ("+CCID" | "+ICCID", Profile::Generic | Profile::Zte | Profile::Wavecom) => {
                return Ok(vec![format!("+CCID: {}", self.id.iccid)]);
            }
            ("+CCID" | "+ICCID", Profile::Simcom) => return Ok(vec![self.id.iccid.clone()]),
            ("^ICCID?", Profile::Huawei) => return Ok(vec![format!("^ICCID: {}", self.id.iccid)]),
            ("+QCCID", Profile::Quectel) => return Ok(vec![format!("+QCCID: {}", self.id.iccid)]),
            ("^CURC=0", Profile::Huawei) => {
                self.curc = false;
                return Ok(Vec::new());
            }
            ("^CURC=1", Profile::Huawei) => {
                self.curc = true;
                return Ok(Vec::new());
            }
            ("^CURC?", Profile::Huawei) => {
                return Ok(vec![format!("^CURC: {}", u8::from(self.curc))]);
            }
            ("^USSDMODE=0" | "^USSDMODE=1", Profile::Huawei) => return Ok(Vec::new()),
            ("+ZCDRUN=8", Profile::Zte) => {
                self.cdrom = false;
                return Ok(vec![
                    "Close autorun state result(0:FAIL 1:SUCCESS):1".into(),
                ]);
            }
            _ => {}
        }
        if let Some(v) = upper.strip_prefix("+CMEE=") {
            return match v.parse::<u8>() {
                Ok(n @ 0..=2) => {
                    self.cmee = n;
                    Ok(Vec::new())
                }
                _ => Err(Fail::Cme(4)),
            };
        }
        if let Some(v) = upper.strip_prefix("+CREG=") {
            return match v.parse::<u8>() {
                Ok(n @ 0..=2) => {
                    self.creg_n = n;
                    Ok(Vec::new())
                }
                _ => Err(Fail::Cme(4)),
            };
        }
        if upper.starts_with("+CPIN=") {
            return self.enter_pin(&raw["+CPIN=".len()..]);
        }
        if upper.starts_with("+CUSD") {
            return self.ussd_request(now, &raw["+CUSD".len()..]);
        }
        Err(Fail::Unknown)
    }

    /// `AT+CPIN=<pin>` (TS 27.007 clause 8.3): three wrong PINs block the SIM.
    fn enter_pin(&mut self, arg: &str) -> Answer {
        let given = arg.split(',').next().unwrap_or("").trim().trim_matches('"');
        if self.unlocked {
            return Err(Fail::Cme(3));
        }
        if self.pin_attempts == 0 {
            return Err(Fail::Cme(12));
        }
        if self.pin.as_deref() == Some(given) {
            self.unlocked = true;
            self.pin_attempts = 3;
            Ok(Vec::new())
        } else {
            self.pin_attempts -= 1;
            Err(Fail::Cme(16))
        }
    }

    /// `AT+CFUN=1,1`: the modem restarts with default settings.
    pub(crate) fn reset(&mut self, now: Instant) {
        self.echo = true;
        self.cmee = 0;
        self.cnmi = [0; 5];
        self.csms = 0;
        self.creg_n = 0;
        self.curc = true;
        self.unlocked = self.pin.is_none();
        self.hung = false;
        let boot = match self.profile {
            Profile::Huawei => "^SYSSTART",
            Profile::Quectel | Profile::Simcom => "RDY",
            _ => "+CFUN: 1",
        };
        let later = now + self.cmd_latency * 2;
        self.scheduled
            .push(later, crate::core::Scheduled::Urc(boot.into()));
        if matches!(self.profile, Profile::Quectel | Profile::Simcom) {
            let ready = now + SMS_BOOT;
            self.sms_ready_at = Some(ready);
            self.scheduled
                .push(ready, crate::core::Scheduled::Urc("SMS Ready".into()));
        }
    }

    /// `AT+CUSD=<n>[,<str>[,<dcs>]]` (TS 27.007 clause 7.15): `OK` now, the
    /// network's reply as a `+CUSD` URC a little later.
    fn ussd_request(&mut self, now: Instant, rest: &str) -> Answer {
        if rest == "=?" {
            return Ok(vec!["+CUSD: (0-2)".into()]);
        }
        let Some(args) = rest.strip_prefix('=') else {
            return Err(Fail::Cme(4));
        };
        let mut parts = args.splitn(3, ',');
        let n = parts.next().unwrap_or("").trim();
        if n == "2" {
            return Ok(Vec::new());
        }
        let code = parts
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .to_string();
        if code.is_empty() {
            return Ok(Vec::new());
        }
        // Huawei sticks take the code itself packed into 7-bit hex.
        let code = if self.profile == Profile::Huawei {
            self.ussd
                .keys()
                .find(|k| crate::build::ussd_packed_hex(k).as_deref() == Some(code.as_str()))
                .cloned()
                .unwrap_or(code)
        } else {
            code
        };
        let line = match self.ussd.get(&code) {
            Some(reply) => self.ussd_line(reply),
            // TS 27.007 clause 7.15: <m>=4, operation not supported.
            None => "+CUSD: 4".to_string(),
        };
        let due = now + self.cmgs_latency;
        self.scheduled.push(due, crate::core::Scheduled::Urc(line));
        Ok(Vec::new())
    }

    /// The `+CUSD` line for a reply in the profile's encoding.
    fn ussd_line(&self, reply: &str) -> String {
        match self.profile {
            // Packed GSM 7-bit hex, DCS 15 (TS 23.038 clause 5: GSM 7 bit, language unspecified).
            Profile::Huawei => match crate::build::ussd_packed_hex(reply) {
                Some(hex) => format!("+CUSD: 0,\"{hex}\",15"),
                None => format!("+CUSD: 0,\"{}\",72", ucs2_hex(reply)),
            },
            // UCS-2 hex, DCS 72 (0x48: UCS-2, TS 23.038 clause 5).
            Profile::Quectel => format!("+CUSD: 0,\"{}\",72", ucs2_hex(reply)),
            _ => format!("+CUSD: 0,\"{reply}\",15"),
        }
    }
}

fn ucs2_hex(text: &str) -> String {
    text.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

/// TS 27.007 clause 9.2.1 verbose texts for the codes the simulator uses.
pub(crate) fn cme_verbose(n: u16) -> &'static str {
    match n {
        3 => "operation not allowed",
        4 => "operation not supported",
        10 => "SIM not inserted",
        11 => "SIM PIN required",
        12 => "SIM PUK required",
        16 => "incorrect password",
        30 => "no network service",
        _ => "unknown",
    }
}
