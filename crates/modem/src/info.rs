//! Identity and status of a modem: `+CGMI`, `+CGSN`, `+CSQ`, `+CREG` ...

use serde::Serialize;

/// Network registration state, from `+CREG: <n>,<stat>` (TS 27.007 clause 7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Registration {
    /// 0: not registered, not searching.
    NotRegistered,
    /// 1: registered, home network (also 6, 9: home, SMS only / CSFB not preferred).
    Home,
    /// 2: not registered, searching.
    Searching,
    /// 3: registration denied.
    Denied,
    /// 4: unknown.
    Unknown,
    /// 5: registered, roaming (also 7, 10).
    Roaming,
    /// 8: attached for emergency services only.
    EmergencyOnly,
}

impl Registration {
    /// Maps `<stat>` of TS 27.007 clause 7.2.
    pub fn from_stat(stat: u8) -> Registration {
        match stat {
            0 => Registration::NotRegistered,
            1 | 6 | 9 => Registration::Home,
            2 => Registration::Searching,
            3 => Registration::Denied,
            5 | 7 | 10 => Registration::Roaming,
            8 => Registration::EmergencyOnly,
            _ => Registration::Unknown,
        }
    }

    /// Whether messages can be sent (home or roaming).
    pub fn is_registered(self) -> bool {
        matches!(self, Registration::Home | Registration::Roaming)
    }
}

/// Converts `+CSQ` `<rssi>` to dBm (TS 27.007 clause 8.5): 0 is -113 dBm or
/// less, 2..=30 are -109..=-53 dBm in 2 dB steps, 31 is -51 dBm or more, 99 is
/// "not known".
pub fn rssi_to_dbm(rssi: u8) -> Option<i32> {
    match rssi {
        0..=31 => Some(-113 + 2 * i32::from(rssi)),
        _ => None,
    }
}

/// Signal bars 0..=4 for a dBm value, as a phone would show them.
pub fn dbm_to_bars(dbm: i32) -> u8 {
    match dbm {
        d if d >= -73 => 4,
        d if d >= -83 => 3,
        d if d >= -93 => 2,
        d if d >= -103 => 1,
        _ => 0,
    }
}

/// What `simgate modem info` and the Modems page show about one modem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModemInfo {
    /// `AT+CGMI` (TS 27.007 clause 5.1).
    pub manufacturer: String,
    /// `AT+CGMM` (clause 5.2).
    pub model: String,
    /// `AT+CGMR` (clause 5.3).
    pub revision: String,
    /// `AT+CGSN` (clause 5.4).
    pub imei: String,
    /// `AT+CIMI` (clause 5.6); absent when the SIM is locked or missing.
    pub imsi: Option<String>,
    /// The SIM's ICCID (`AT+CCID`, `AT^ICCID?`, `AT+QCCID` by vendor).
    pub iccid: Option<String>,
    /// `AT+COPS?` operator name (clause 7.3).
    pub operator: Option<String>,
    /// `AT+CSQ` converted to dBm (clause 8.5).
    pub signal_dbm: Option<i32>,
    /// The same as 0-4 bars.
    pub signal_bars: Option<u8>,
    /// `AT+CREG?` (clause 7.2).
    pub registration: Registration,
    /// `AT+CNUM` (clause 7.1), when the SIM knows its own number.
    pub own_number: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csq_maps_to_dbm_per_ts_27_007() {
        assert_eq!(rssi_to_dbm(0), Some(-113));
        assert_eq!(rssi_to_dbm(2), Some(-109));
        assert_eq!(rssi_to_dbm(21), Some(-71));
        assert_eq!(rssi_to_dbm(31), Some(-51));
        assert_eq!(rssi_to_dbm(99), None);
        assert_eq!(dbm_to_bars(-71), 4);
        assert_eq!(dbm_to_bars(-109), 0);
    }

    #[test]
    fn registration_codes_map_to_home_and_roaming() {
        assert_eq!(Registration::from_stat(1), Registration::Home);
        assert_eq!(Registration::from_stat(5), Registration::Roaming);
        assert_eq!(Registration::from_stat(7), Registration::Roaming);
        assert!(!Registration::from_stat(2).is_registered());
    }
}
