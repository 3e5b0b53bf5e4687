//! Errors of the modem driver, including the typed `+CMS ERROR` and `+CME ERROR` codes.

use std::fmt;
use std::time::Duration;

/// An error reported by the modem driver.
///
/// [`ModemError::is_temporary`] tells the outbox whether a send may be retried later
/// (possibly on another modem) without risk of sending the message twice.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum ModemError {
    /// The serial port could not be opened.
    #[error("cannot open serial port {path}: {reason}")]
    Open {
        /// The device path that was tried.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// The port went away (USB unplug, I/O error, or the driver was closed).
    #[error("modem disconnected: {reason}")]
    Disconnected {
        /// What ended the connection.
        reason: String,
    },
    /// No final result arrived within the command's timeout. Nothing was
    /// transmitted to the network (for `AT+CMGS`, the PDU had not been written yet).
    #[error("{command} timed out after {after:?}")]
    Timeout {
        /// The command, without arguments that could carry personal data.
        command: String,
        /// How long the driver waited.
        after: Duration,
    },
    /// The PDU of an `AT+CMGS` was written to the modem but no answer was received
    /// (timeout or unplug). The message may or may not have been sent: it must not be
    /// retried automatically.
    #[error("send outcome unknown: the PDU was handed to the modem but {reason}")]
    Uncertain {
        /// Why the outcome is unknown.
        reason: String,
    },
    /// The modem answered `+CMS ERROR: <n>` (3GPP TS 27.005 clause 3.2.5).
    #[error("+CMS ERROR {0}")]
    Cms(CmsError),
    /// The modem answered `+CME ERROR: <n>` (3GPP TS 27.007 clause 9.2).
    #[error("+CME ERROR {0}")]
    Cme(CmeError),
    /// The modem answered a plain `ERROR` (or a vendor equivalent such as
    /// `COMMAND NOT SUPPORT`) to a command.
    #[error("{command} rejected by the modem: {result}")]
    Rejected {
        /// The command, without arguments that could carry personal data.
        command: String,
        /// The final result line as the modem sent it.
        result: String,
    },
    /// The modem answered, but not in a form the driver understands.
    #[error("unexpected response to {command}: {detail}")]
    Unexpected {
        /// The command, without arguments that could carry personal data.
        command: String,
        /// What was wrong with the answer.
        detail: String,
    },
    /// The SIM asks for a PIN and none was configured.
    #[error("the SIM needs a PIN and none was given")]
    PinRequired,
    /// The SIM rejected the configured PIN. It is never retried automatically,
    /// so that the SIM does not become PUK-locked.
    #[error("the SIM rejected the PIN; not retrying so the SIM is not locked")]
    PinRejected,
    /// The SIM asks for something SimGate cannot supply (PUK, PIN2, a network
    /// personalisation code ...). The value is the `+CPIN:` code as reported.
    #[error("the SIM is locked: {0}")]
    SimLocked(String),
    /// The caller passed something the modem cannot accept.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

impl ModemError {
    /// Whether the operation may be tried again later without risk of a duplicate.
    ///
    /// True for timeouts before anything reached the network, disconnects (the
    /// modem will be re-attached or another one used), and the `+CMS ERROR`
    /// codes that describe transient conditions (network timeout, congestion,
    /// SIM busy, no network service ...). False for [`ModemError::Uncertain`]:
    /// a PDU that may have been sent is never resent automatically.
    pub fn is_temporary(&self) -> bool {
        match self {
            ModemError::Timeout { .. } | ModemError::Disconnected { .. } => true,
            ModemError::Cms(e) => e.is_temporary(),
            ModemError::Cme(e) => e.is_temporary(),
            _ => false,
        }
    }
}

/// A `+CMS ERROR` code: 3GPP TS 27.005 clause 3.2.5.
///
/// Codes 0..=127 are TS 24.011 RP causes (annex E-2), 128..=255 TS 23.040
/// clause 9.2.3.22 TP-FCS values, 300..=500 errors of the mobile equipment itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CmsError(pub u16);

impl CmsError {
    /// The numeric code.
    pub fn code(self) -> u16 {
        self.0
    }

    /// The meaning of the code as given by the specification.
    pub fn meaning(self) -> &'static str {
        match self.0 {
            // TS 24.011 annex E-2: RP-cause values.
            1 => "unassigned (unallocated) number",
            8 => "operator determined barring",
            10 => "call barred",
            21 => "short message transfer rejected",
            27 => "destination out of service",
            28 => "unidentified subscriber",
            29 => "facility rejected",
            30 => "unknown subscriber",
            38 => "network out of order",
            41 => "temporary failure",
            42 => "congestion",
            47 => "resources unavailable, unspecified",
            50 => "requested facility not subscribed",
            69 => "requested facility not implemented",
            81 => "invalid short message transfer reference value",
            95 => "invalid message, unspecified",
            96 => "invalid mandatory information",
            97 => "message type non-existent or not implemented",
            98 => "message not compatible with short message protocol state",
            99 => "information element non-existent or not implemented",
            111 => "protocol error, unspecified",
            127 => "interworking, unspecified",
            // TS 23.040 clause 9.2.3.22: TP-Failure-Cause.
            0x80 => "telematic interworking not supported",
            0x81 => "short message type 0 not supported",
            0x82 => "cannot replace short message",
            0x8F => "unspecified TP-PID error",
            0x90 => "data coding scheme (alphabet) not supported",
            0x91 => "message class not supported",
            0x9F => "unspecified TP-DCS error",
            0xA0 => "command cannot be actioned",
            0xA1 => "command unsupported",
            0xAF => "unspecified TP-Command error",
            0xB0 => "TPDU not supported",
            0xC0 => "SC busy",
            0xC1 => "no SC subscription",
            0xC2 => "SC system failure",
            0xC3 => "invalid SME address",
            0xC4 => "destination SME barred",
            0xC5 => "SM rejected, duplicate SM",
            0xC6 => "TP-VPF not supported",
            0xC7 => "TP-VP not supported",
            0xD0 => "SIM SMS storage full",
            0xD1 => "no SMS storage capability in SIM",
            0xD2 => "error in MS",
            0xD3 => "memory capacity exceeded",
            0xD4 => "SIM application toolkit busy",
            0xD5 => "SIM data download error",
            0xFF => "unspecified error cause",
            // TS 27.005 clause 3.2.5: ME errors.
            300 => "ME failure",
            301 => "SMS service of ME reserved",
            302 => "operation not allowed",
            303 => "operation not supported",
            304 => "invalid PDU mode parameter",
            305 => "invalid text mode parameter",
            310 => "(U)SIM not inserted",
            311 => "(U)SIM PIN required",
            312 => "PH-(U)SIM PIN required",
            313 => "(U)SIM failure",
            314 => "(U)SIM busy",
            315 => "(U)SIM wrong",
            316 => "(U)SIM PUK required",
            317 => "(U)SIM PIN2 required",
            318 => "(U)SIM PUK2 required",
            320 => "memory failure",
            321 => "invalid memory index",
            322 => "memory full",
            330 => "SMSC address unknown",
            331 => "no network service",
            332 => "network timeout",
            340 => "no +CNMA acknowledgement expected",
            500 => "unknown error",
            n if n < 128 => "network cause",
            n if n < 256 => "TP-Failure-Cause",
            _ => "manufacturer specific",
        }
    }

    /// Whether the condition is transient, so the send may be retried later.
    pub fn is_temporary(self) -> bool {
        matches!(
            self.0,
            // RP causes that TS 24.011 annex E classes as temporary.
            38 | 41 | 42 | 47
            // TP-FCS: service centre busy / system failure; SIM toolkit busy.
            | 0xC0 | 0xC2 | 0xD4
            // ME: SIM busy, memory failure, no network service, network timeout, unknown.
            | 314 | 320 | 331 | 332 | 500
        )
    }
}

impl fmt::Display for CmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0, self.meaning())
    }
}

/// A `+CME ERROR` code: 3GPP TS 27.007 clause 9.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CmeError(pub u16);

/// TS 27.007 clause 9.2.1 (general errors) and 9.2.2 (GPRS-related) codes with
/// their verbose texts, used both for [`CmeError::meaning`] and to read the
/// verbose form (`+CME ERROR: SIM PIN required`) that `AT+CMEE=2` modems send.
const CME_CODES: &[(u16, &str)] = &[
    (0, "phone failure"),
    (1, "no connection to phone"),
    (2, "phone-adaptor link reserved"),
    (3, "operation not allowed"),
    (4, "operation not supported"),
    (5, "PH-SIM PIN required"),
    (6, "PH-FSIM PIN required"),
    (7, "PH-FSIM PUK required"),
    (10, "SIM not inserted"),
    (11, "SIM PIN required"),
    (12, "SIM PUK required"),
    (13, "SIM failure"),
    (14, "SIM busy"),
    (15, "SIM wrong"),
    (16, "incorrect password"),
    (17, "SIM PIN2 required"),
    (18, "SIM PUK2 required"),
    (20, "memory full"),
    (21, "invalid index"),
    (22, "not found"),
    (23, "memory failure"),
    (24, "text string too long"),
    (25, "invalid characters in text string"),
    (26, "dial string too long"),
    (27, "invalid characters in dial string"),
    (30, "no network service"),
    (31, "network timeout"),
    (32, "network not allowed - emergency calls only"),
    (40, "network personalization PIN required"),
    (41, "network personalization PUK required"),
    (42, "network subset personalization PIN required"),
    (43, "network subset personalization PUK required"),
    (44, "service provider personalization PIN required"),
    (45, "service provider personalization PUK required"),
    (46, "corporate personalization PIN required"),
    (47, "corporate personalization PUK required"),
    (100, "unknown"),
    (103, "illegal MS"),
    (106, "illegal ME"),
    (107, "GPRS services not allowed"),
    (111, "PLMN not allowed"),
    (112, "location area not allowed"),
    (113, "roaming not allowed in this location area"),
];

impl CmeError {
    /// The numeric code.
    pub fn code(self) -> u16 {
        self.0
    }

    /// The meaning of the code as given by the specification.
    pub fn meaning(self) -> &'static str {
        CME_CODES
            .iter()
            .find(|(c, _)| *c == self.0)
            .map_or("manufacturer specific", |(_, m)| m)
    }

    /// Reads the numeric or the verbose (`AT+CMEE=2`) form of the code.
    pub fn parse(text: &str) -> Option<CmeError> {
        let text = text.trim();
        if let Ok(n) = text.parse::<u16>() {
            return Some(CmeError(n));
        }
        CME_CODES
            .iter()
            .find(|(_, m)| m.eq_ignore_ascii_case(text))
            .map(|(c, _)| CmeError(*c))
    }

    /// Whether the condition is transient (SIM busy, no network yet, network timeout).
    pub fn is_temporary(self) -> bool {
        matches!(self.0, 14 | 30 | 31 | 100)
    }
}

impl fmt::Display for CmeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0, self.meaning())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cms_codes_have_spec_meanings_and_retry_classes() {
        assert_eq!(CmsError(330).meaning(), "SMSC address unknown");
        assert_eq!(CmsError(42).meaning(), "congestion");
        assert!(CmsError(332).is_temporary());
        assert!(CmsError(42).is_temporary());
        assert!(!CmsError(304).is_temporary());
        assert!(!CmsError(21).is_temporary());
        assert!(ModemError::Cms(CmsError(331)).is_temporary());
        assert!(!ModemError::Cms(CmsError(500 - 200)).is_temporary());
    }

    #[test]
    fn cme_verbose_and_numeric_forms_parse_to_the_same_code() {
        assert_eq!(CmeError::parse("SIM PIN required"), Some(CmeError(11)));
        assert_eq!(CmeError::parse("sim pin required"), Some(CmeError(11)));
        assert_eq!(CmeError::parse(" 16"), Some(CmeError(16)));
        assert_eq!(CmeError::parse("incorrect password"), Some(CmeError(16)));
        assert_eq!(CmeError::parse("something odd"), None);
    }

    #[test]
    fn an_uncertain_send_is_never_temporary() {
        let e = ModemError::Uncertain {
            reason: "timeout".into(),
        };
        assert!(!e.is_temporary());
        assert!(
            ModemError::Timeout {
                command: "AT+CMGS".into(),
                after: Duration::from_secs(1)
            }
            .is_temporary()
        );
    }
}
