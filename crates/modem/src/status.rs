//! Typed identity and status queries (TS 27.007 clauses 5, 7 and 8).

use std::time::Duration;

use crate::command::{AtCommand, Request, SHORT, SIM, split_params, value_after};
use crate::error::ModemError;
use crate::info::Registration;

/// An identity query answered by one line, optionally prefixed
/// (`AT+CGMI`, `AT+CGMM`, `AT+CGMR`, `AT+CGSN`, `AT+CIMI`, `AT+CCID` ...).
#[derive(Debug, Clone)]
pub struct Identity {
    text: &'static str,
    /// Prefixes some firmwares put before the value (`+CGMR:`, `Revision:`).
    strip: &'static [&'static str],
    timeout: Duration,
}

impl Identity {
    /// `AT+CGMI`: manufacturer (clause 5.1).
    pub const MANUFACTURER: Identity = Identity {
        text: "AT+CGMI",
        timeout: SIM,
        strip: &["+CGMI:", "Manufacturer:"],
    };
    /// `AT+CGMM`: model (clause 5.2).
    pub const MODEL: Identity = Identity {
        text: "AT+CGMM",
        timeout: SIM,
        strip: &["+CGMM:", "Model:"],
    };
    /// `AT+CGMR`: revision (clause 5.3).
    pub const REVISION: Identity = Identity {
        text: "AT+CGMR",
        timeout: SIM,
        strip: &["+CGMR:", "Revision:"],
    };
    /// `AT+CGSN`: IMEI (clause 5.4).
    pub const IMEI: Identity = Identity {
        text: "AT+CGSN",
        timeout: SIM,
        strip: &["+CGSN:", "IMEI:"],
    };
    /// `AT+CIMI`: IMSI (clause 5.6).
    pub const IMSI: Identity = Identity {
        text: "AT+CIMI",
        timeout: SIM,
        strip: &["+CIMI:"],
    };
    /// `AT+CCID`: ICCID (vendor command, widely implemented).
    pub const ICCID: Identity = Identity {
        text: "AT+CCID",
        timeout: SIM,
        strip: &["+CCID:", "+ICCID:"],
    };
    /// `AT+QCCID`: ICCID on Quectel.
    pub const ICCID_QUECTEL: Identity = Identity {
        text: "AT+QCCID",
        timeout: SIM,
        strip: &["+QCCID:"],
    };
    /// `AT^ICCID?`: ICCID on Huawei.
    pub const ICCID_HUAWEI: Identity = Identity {
        text: "AT^ICCID?",
        timeout: SIM,
        strip: &["^ICCID:"],
    };
}

impl Identity {
    /// The same query with another timeout (discovery probes are quick).
    pub fn with_timeout(mut self, timeout: Duration) -> Identity {
        self.timeout = timeout;
        self
    }
}

impl AtCommand for Identity {
    type Output = String;
    fn request(&self) -> Request {
        let mut r = Request::new(self.text, self.text, self.timeout).retries(1);
        r.prefixes = self.strip.iter().map(|s| s.to_string()).collect();
        r
    }
    fn parse(&self, lines: &[String]) -> Result<String, ModemError> {
        let line =
            lines
                .iter()
                .find(|l| !l.trim().is_empty())
                .ok_or_else(|| ModemError::Unexpected {
                    command: self.text.into(),
                    detail: "no value line".into(),
                })?;
        let value = self
            .strip
            .iter()
            .find_map(|p| value_after(line, p))
            .unwrap_or(line);
        Ok(value.trim().trim_matches('"').to_string())
    }
}

/// `AT+CSQ`: received signal strength `<rssi>` (clause 8.5).
#[derive(Debug, Clone, Copy)]
pub struct SignalQuality;

impl AtCommand for SignalQuality {
    type Output = u8;
    fn request(&self) -> Request {
        Request::new("AT+CSQ", "AT+CSQ", SHORT)
            .prefix("+CSQ:")
            .retries(1)
    }
    fn parse(&self, lines: &[String]) -> Result<u8, ModemError> {
        lines
            .iter()
            .find_map(|l| value_after(l, "+CSQ:"))
            .and_then(|v| v.split(',').next()?.trim().parse().ok())
            .ok_or_else(|| ModemError::Unexpected {
                command: "AT+CSQ".into(),
                detail: "no +CSQ: <rssi>,<ber> line".into(),
            })
    }
}

/// `AT+CREG?`: `+CREG: <n>,<stat>[,<lac>,<ci>[,<AcT>]]` (clause 7.2).
#[derive(Debug, Clone, Copy)]
pub struct RegistrationQuery;

impl AtCommand for RegistrationQuery {
    type Output = Registration;
    fn request(&self) -> Request {
        Request::new("AT+CREG?", "AT+CREG?", SHORT)
            .prefix("+CREG:")
            .retries(1)
    }
    fn parse(&self, lines: &[String]) -> Result<Registration, ModemError> {
        let params = lines
            .iter()
            .find_map(|l| value_after(l, "+CREG:"))
            .map(split_params)
            .unwrap_or_default();
        params
            .get(1)
            .and_then(|s| s.parse::<u8>().ok())
            .map(Registration::from_stat)
            .ok_or_else(|| ModemError::Unexpected {
                command: "AT+CREG?".into(),
                detail: "no +CREG: <n>,<stat> line".into(),
            })
    }
}

/// `AT+COPS?`: `+COPS: <mode>[,<format>,<oper>[,<AcT>]]` (clause 7.3); the
/// operator name, if registered.
#[derive(Debug, Clone, Copy)]
pub struct OperatorQuery;

impl AtCommand for OperatorQuery {
    type Output = Option<String>;
    fn request(&self) -> Request {
        Request::new("AT+COPS?", "AT+COPS?", SIM)
            .prefix("+COPS:")
            .retries(1)
    }
    fn parse(&self, lines: &[String]) -> Result<Option<String>, ModemError> {
        let params = lines
            .iter()
            .find_map(|l| value_after(l, "+COPS:"))
            .map(split_params)
            .ok_or_else(|| ModemError::Unexpected {
                command: "AT+COPS?".into(),
                detail: "no +COPS: line".into(),
            })?;
        Ok(params.get(2).filter(|s| !s.is_empty()).cloned())
    }
}

/// `AT+CNUM`: `+CNUM: [<alpha>],<number>,<type>` (clause 7.1); the first
/// number, if the SIM stores one.
#[derive(Debug, Clone, Copy)]
pub struct OwnNumber;

impl AtCommand for OwnNumber {
    type Output = Option<String>;
    fn request(&self) -> Request {
        Request::new("AT+CNUM", "AT+CNUM", SIM).prefix("+CNUM:")
    }
    fn parse(&self, lines: &[String]) -> Result<Option<String>, ModemError> {
        Ok(lines
            .iter()
            .find_map(|l| value_after(l, "+CNUM:"))
            .map(split_params)
            .and_then(|p| p.get(1).cloned())
            .filter(|n| !n.is_empty()))
    }
}
