//! Vendor profiles: how each family of dongles identifies itself and which
//! quirks of its AT dialect the simulator reproduces.

use std::fmt;
use std::str::FromStr;

/// A family of modems whose dialect the simulator speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Profile {
    /// A modem that follows TS 27.005/27.007 to the letter.
    #[default]
    Generic,
    /// Huawei E-series sticks (E3531, E173 ...): `^RSSI`/`^MODE`/`^BOOT`
    /// noise between response lines, `COMMAND NOT SUPPORT`, ICCID via `AT^ICCID?`,
    /// USSD replies as packed 7-bit hex.
    Huawei,
    /// ZTE MF-series sticks: the SIM PIN must be entered before anything else.
    Zte,
    /// SIMCom SIM800/SIM7600 modules: `\r\r\n` line ends, `+CCID` without prefix.
    Simcom,
    /// Quectel EC25/M35 modules: ICCID via `AT+QCCID`, `+QIND` URCs.
    Quectel,
    /// Wavecom/Sierra Fastrack: leading spaces in responses.
    Wavecom,
}

impl Profile {
    /// Every profile, for tests that cover them all.
    pub const ALL: [Profile; 6] = [
        Profile::Generic,
        Profile::Huawei,
        Profile::Zte,
        Profile::Simcom,
        Profile::Quectel,
        Profile::Wavecom,
    ];

    /// The profile's command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Generic => "generic",
            Profile::Huawei => "huawei",
            Profile::Zte => "zte",
            Profile::Simcom => "simcom",
            Profile::Quectel => "quectel",
            Profile::Wavecom => "wavecom",
        }
    }

    /// `AT+CGMI` answer.
    pub fn manufacturer(self) -> &'static str {
        match self {
            Profile::Generic => "SimGate",
            Profile::Huawei => "huawei",
            Profile::Zte => "ZTE CORPORATION",
            Profile::Simcom => "SIMCOM_Ltd",
            Profile::Quectel => "Quectel",
            Profile::Wavecom => "WAVECOM MODEM",
        }
    }

    /// `AT+CGMM` answer.
    pub fn model(self) -> &'static str {
        match self {
            Profile::Generic => "Virtual GSM Modem",
            Profile::Huawei => "E3531",
            Profile::Zte => "MF190",
            Profile::Simcom => "SIM800L",
            Profile::Quectel => "EC25",
            Profile::Wavecom => "MULTIBAND  900E  1800",
        }
    }

    /// `AT+CGMR` answer.
    pub fn revision(self) -> &'static str {
        match self {
            Profile::Generic => "1.0.0",
            Profile::Huawei => "22.521.23.00.00",
            Profile::Zte => "BD_MF190V1.0.0B03",
            Profile::Simcom => "Revision:1418B04SIM800L24",
            Profile::Quectel => "EC25EFAR06A06M4G",
            Profile::Wavecom => "641b09gg.Q2406B",
        }
    }

    /// Line terminator around response lines (V.250 says CR LF; SIMCom doubles the CR).
    pub(crate) fn eol(self) -> &'static str {
        match self {
            Profile::Simcom => "\r\r\n",
            _ => "\r\n",
        }
    }

    /// Text before each information line (Wavecom pads with a space).
    pub(crate) fn lead(self) -> &'static str {
        match self {
            Profile::Wavecom => " ",
            _ => "",
        }
    }

    /// The final result for a command the modem does not know.
    pub(crate) fn unknown_command(self) -> &'static str {
        match self {
            Profile::Huawei => "COMMAND NOT SUPPORT",
            _ => "ERROR",
        }
    }

    /// Whether the modem sends informational URCs between response lines.
    pub(crate) fn noisy(self) -> bool {
        matches!(self, Profile::Huawei)
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A profile name that is not one of [`Profile::ALL`].
#[derive(Debug, Clone, thiserror::Error)]
#[error("unknown modem profile {0:?} (known: generic, huawei, zte, simcom, quectel, wavecom)")]
pub struct UnknownProfile(pub String);

impl FromStr for Profile {
    type Err = UnknownProfile;
    fn from_str(s: &str) -> Result<Profile, UnknownProfile> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownProfile(s.to_string()))
    }
}
