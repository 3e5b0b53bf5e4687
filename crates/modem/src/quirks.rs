//! Vendor quirk profiles, chosen from `AT+CGMI`/`AT+CGMM` (TS 27.007 clauses 5.1, 5.2).

use serde::Serialize;

use crate::status::Identity;

/// A family of modems whose dialect differs from the specification in known ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Vendor {
    /// Huawei E-series: `^RSSI`/`^MODE`/`^BOOT` noise (silenced with `AT^CURC=0`),
    /// `COMMAND NOT SUPPORT`, ICCID via `AT^ICCID?`, USSD as packed 7-bit hex.
    Huawei,
    /// ZTE MF-series: the PIN must come before anything else; the CD-ROM
    /// mode is switched off with `AT+ZCDRUN=8`.
    Zte,
    /// SIMCom modules: `\r\r\n` line ends.
    Simcom,
    /// Quectel modules: ICCID via `AT+QCCID`, USSD replies in UCS-2.
    Quectel,
    /// Wavecom / Sierra: leading spaces, stored status reports only.
    Wavecom,
    /// Anything else: the specification as written.
    Generic,
}

impl Vendor {
    /// Picks the profile from the manufacturer and model strings.
    pub fn detect(manufacturer: &str, model: &str) -> Vendor {
        let m = format!("{manufacturer} {model}").to_ascii_lowercase();
        if m.contains("huawei") {
            Vendor::Huawei
        } else if m.contains("zte") {
            Vendor::Zte
        } else if m.contains("simcom") || m.contains("sim800") || m.contains("sim7") {
            Vendor::Simcom
        } else if m.contains("quectel") {
            Vendor::Quectel
        } else if m.contains("wavecom") || m.contains("sierra") {
            Vendor::Wavecom
        } else {
            Vendor::Generic
        }
    }

    /// ICCID commands to try, the vendor's own first.
    pub(crate) fn iccid_commands(self) -> Vec<Identity> {
        match self {
            Vendor::Huawei => vec![Identity::ICCID_HUAWEI, Identity::ICCID],
            Vendor::Quectel => vec![Identity::ICCID_QUECTEL, Identity::ICCID],
            _ => vec![
                Identity::ICCID,
                Identity::ICCID_HUAWEI,
                Identity::ICCID_QUECTEL,
            ],
        }
    }

    /// Commands sent after identification to tame the vendor's dialect.
    pub(crate) fn init_commands(self) -> &'static [&'static str] {
        match self {
            // Periodic status URCs off; USSD in the 7-bit hex mode handled in `ussd`.
            Vendor::Huawei => &["AT^CURC=0"],
            // Turn off the virtual CD-ROM ("autorun") so the stick comes up as a
            // modem on the next plug-in without a mode switch.
            Vendor::Zte => &["AT+ZCDRUN=8"],
            _ => &[],
        }
    }

    /// Whether USSD strings (request and reply) travel as packed 7-bit hex.
    pub(crate) fn ussd_packed(self) -> bool {
        self == Vendor::Huawei
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendors_are_recognised_from_cgmi_and_cgmm() {
        assert_eq!(Vendor::detect("huawei", "E3531"), Vendor::Huawei);
        assert_eq!(Vendor::detect("ZTE CORPORATION", "MF190"), Vendor::Zte);
        assert_eq!(Vendor::detect("SIMCOM_Ltd", "SIM800L"), Vendor::Simcom);
        assert_eq!(Vendor::detect("Quectel", "EC25"), Vendor::Quectel);
        assert_eq!(
            Vendor::detect("WAVECOM MODEM", "MULTIBAND"),
            Vendor::Wavecom
        );
        assert_eq!(Vendor::detect("Acme", "X1"), Vendor::Generic);
    }
}
