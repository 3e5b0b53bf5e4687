//! Time stamps (TP-SCTS, TP-DT, absolute TP-VP) and the validity period.
//!
//! TS 23.040 9.2.3.11: seven octets of swapped-nibble BCD (year, month, day, hour, minute,
//! second, time zone); the time zone counts quarter hours from GMT, bit 3 of its octet is the
//! sign. TS 23.040 9.2.3.12: TP-VP in relative (one octet), absolute (seven octets, as TP-SCTS)
//! or enhanced (seven octets) format.

use std::fmt;
use std::time::Duration;

use serde::{Serialize, Serializer};

use crate::error::{DecodeError, EncodeError, Field};
use crate::reader::Reader;

/// A time stamp with the sender's own offset from UTC, as carried by the PDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    /// Full year. TS 23.040 gives two digits: 90-99 are read as 1990-1999, 00-89 as 2000-2089.
    pub year: u16,
    /// 1-12.
    pub month: u8,
    /// 1-31, valid for the month.
    pub day: u8,
    /// 0-23.
    pub hour: u8,
    /// 0-59.
    pub minute: u8,
    /// 0-59.
    pub second: u8,
    /// Offset from UTC in quarter hours (TS 23.040 9.2.3.11), e.g. 8 for +02:00, -14 for -03:30.
    pub offset_quarters: i8,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Timestamp {
    /// Offset from UTC in minutes.
    pub fn offset_minutes(&self) -> i32 {
        i32::from(self.offset_quarters) * 15
    }

    /// Seconds since the Unix epoch (UTC), for comparing time stamps from different zones.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes()) * 60
    }

    fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
            && self.offset_quarters.unsigned_abs() <= 79
    }

    /// Reads seven octets in TP-SCTS format (TS 23.040 9.2.3.11).
    pub(crate) fn read(r: &mut Reader<'_>, field: Field) -> Result<Timestamp, DecodeError> {
        let at = r.offset();
        let b = r.take(7, field)?;
        let mut v = [0u8; 6];
        for (i, out) in v.iter_mut().enumerate() {
            let (lo, hi) = (b[i] & 0x0F, b[i] >> 4);
            if lo > 9 || hi > 9 {
                return Err(DecodeError::InvalidTimestamp {
                    field,
                    octet: at + i,
                });
            }
            // Swapped nibbles: the low nibble holds the tens digit.
            *out = lo * 10 + hi;
        }
        let tz = b[6];
        let (tens, units) = (tz & 0x07, tz >> 4);
        if units > 9 {
            return Err(DecodeError::InvalidTimestamp {
                field,
                octet: at + 6,
            });
        }
        let quarters = (tens * 10 + units) as i8;
        let ts = Timestamp {
            year: if v[0] >= 90 {
                1900 + u16::from(v[0])
            } else {
                2000 + u16::from(v[0])
            },
            month: v[1],
            day: v[2],
            hour: v[3],
            minute: v[4],
            second: v[5],
            offset_quarters: if tz & 0x08 != 0 { -quarters } else { quarters },
        };
        if !ts.is_valid() {
            return Err(DecodeError::InvalidTimestamp { field, octet: at });
        }
        Ok(ts)
    }

    /// Writes seven octets in TP-SCTS format (used for an absolute TP-VP, TS 23.040 9.2.3.12.2).
    pub(crate) fn write(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if !self.is_valid() {
            return Err(EncodeError::InvalidTimestamp {
                reason: "date, time or offset out of range",
            });
        }
        let yy = match self.year {
            1990..=1999 => self.year - 1900,
            2000..=2089 => self.year - 2000,
            _ => {
                return Err(EncodeError::InvalidTimestamp {
                    reason: "year outside 1990-2089",
                });
            }
        } as u8;
        for v in [
            yy,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
        ] {
            out.push((v / 10) | ((v % 10) << 4));
        }
        let q = self.offset_quarters.unsigned_abs();
        let sign = if self.offset_quarters < 0 { 0x08 } else { 0 };
        out.push((q / 10) | sign | ((q % 10) << 4));
        Ok(())
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 with the PDU's own offset, e.g. `2026-11-26T14:05:00+01:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let off = self.offset_minutes();
        let sign = if off < 0 { '-' } else { '+' };
        let off = off.unsigned_abs();
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            sign,
            off / 60,
            off % 60
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// TP-VP, how long the service centre keeps trying to deliver (TS 23.040 9.2.3.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Validity {
    /// Relative format (TP-VPF = 10): rounded up to the next step TP-VP can express, from
    /// 5 minutes up to 63 weeks (TS 23.040 9.2.3.12.1).
    Relative(Duration),
    /// Absolute format (TP-VPF = 11): a point in time (TS 23.040 9.2.3.12.2).
    Absolute(Timestamp),
    /// Enhanced format (TP-VPF = 01), kept as its seven raw octets (TS 23.040 9.2.3.12.3).
    Enhanced([u8; 7]),
}

/// TS 23.040 9.2.3.12.1: the relative TP-VP octet for a duration, rounded up.
pub(crate) fn relative_vp(d: Duration) -> Result<u8, EncodeError> {
    let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    let minutes = secs.div_ceil(60);
    let vp = match minutes {
        // 0-143: (VP + 1) x 5 minutes, up to 12 hours.
        0..=720 => minutes.div_ceil(5).saturating_sub(1),
        // 144-167: 12 hours + (VP - 143) x 30 minutes.
        721..=1440 => 143 + (minutes - 720).div_ceil(30),
        // 168-196: (VP - 166) days.
        1441..=43_200 => 166 + minutes.div_ceil(1440),
        // 197-255: (VP - 192) weeks.
        43_201..=635_040 => 192 + minutes.div_ceil(10_080),
        _ => return Err(EncodeError::ValidityTooLong { seconds: secs }),
    };
    Ok(vp as u8)
}

/// TS 23.040 9.2.3.12.1: the duration a relative TP-VP octet stands for.
pub(crate) fn relative_duration(vp: u8) -> Duration {
    let vp = u64::from(vp);
    let minutes = match vp {
        0..=143 => (vp + 1) * 5,
        144..=167 => 720 + (vp - 143) * 30,
        168..=196 => (vp - 166) * 1440,
        _ => (vp - 192) * 10_080,
    };
    Duration::from_secs(minutes * 60)
}

impl Serialize for Validity {
    /// `{"relative_seconds": N}`, `{"absolute": "<RFC 3339>"}` or `{"enhanced_hex": "…"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(1))?;
        match self {
            Validity::Relative(d) => m.serialize_entry("relative_seconds", &d.as_secs())?,
            Validity::Absolute(t) => m.serialize_entry("absolute", t)?,
            Validity::Enhanced(raw) => {
                m.serialize_entry("enhanced_hex", &crate::hex::encode_upper(raw))?;
            }
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: [u8; 7]) -> Result<Timestamp, DecodeError> {
        Timestamp::read(&mut Reader::new(&bytes, 0), Field::ServiceCentreTimestamp)
    }

    #[test]
    fn negative_quarter_hour_zone_is_read_with_its_sign() {
        // 2026-11-26 08:30:15, zone -03:30 = -14 quarters: tens 1 | sign 0x08, units 4 -> 0x49.
        let ts = read([0x62, 0x11, 0x62, 0x80, 0x03, 0x51, 0x49]).unwrap();
        assert_eq!(ts.offset_quarters, -14);
        assert_eq!(ts.to_string(), "2026-11-26T08:30:15-03:30");
        // +05:45 (Nepal) = 23 quarters -> tens 2, units 3 -> 0x32.
        let ts = read([0x62, 0x11, 0x62, 0x80, 0x03, 0x51, 0x32]).unwrap();
        assert_eq!(ts.to_string(), "2026-11-26T08:30:15+05:45");
        assert_eq!(ts.unix_seconds() + 23 * 15 * 60, {
            let utc = Timestamp {
                offset_quarters: 0,
                ..ts
            };
            utc.unix_seconds()
        });
    }

    #[test]
    fn impossible_dates_are_typed_errors() {
        // Month 13.
        assert_eq!(
            read([0x62, 0x31, 0x62, 0x80, 0x03, 0x51, 0x00]),
            Err(DecodeError::InvalidTimestamp {
                field: Field::ServiceCentreTimestamp,
                octet: 0
            })
        );
        // A non-decimal nibble in the minutes.
        assert_eq!(
            read([0x62, 0x11, 0x62, 0x80, 0x0A, 0x51, 0x00]),
            Err(DecodeError::InvalidTimestamp {
                field: Field::ServiceCentreTimestamp,
                octet: 4
            })
        );
    }

    #[test]
    fn write_then_read_round_trips() {
        let ts = Timestamp {
            year: 2027,
            month: 2,
            day: 28,
            hour: 23,
            minute: 59,
            second: 1,
            offset_quarters: -20,
        };
        let mut out = Vec::new();
        ts.write(&mut out).unwrap();
        assert_eq!(read(out.try_into().unwrap()).unwrap(), ts);
    }

    #[test]
    fn relative_validity_rounds_up_to_the_next_step() {
        // TS 23.040 9.2.3.12.1 ranges.
        assert_eq!(relative_vp(Duration::from_secs(0)).unwrap(), 0);
        assert_eq!(relative_vp(Duration::from_secs(300)).unwrap(), 0);
        assert_eq!(relative_vp(Duration::from_secs(301)).unwrap(), 1);
        assert_eq!(relative_vp(Duration::from_secs(12 * 3600)).unwrap(), 143);
        assert_eq!(relative_vp(Duration::from_secs(24 * 3600)).unwrap(), 167);
        assert_eq!(relative_vp(Duration::from_secs(2 * 86_400)).unwrap(), 168);
        assert_eq!(relative_vp(Duration::from_secs(30 * 86_400)).unwrap(), 196);
        assert_eq!(relative_vp(Duration::from_secs(31 * 86_400)).unwrap(), 197);
        assert_eq!(
            relative_vp(Duration::from_secs(63 * 7 * 86_400)).unwrap(),
            255
        );
        assert!(relative_vp(Duration::from_secs(64 * 7 * 86_400)).is_err());
        for vp in 0..=255u8 {
            assert_eq!(relative_vp(relative_duration(vp)).unwrap(), vp);
        }
    }
}
