//! Wall-clock helpers: milliseconds since the epoch and the UTC calendar fields the API's
//! compact timestamps and the card expiry check need (no date crate for so little).

use std::time::{SystemTime, UNIX_EPOCH};

use crate::connect::datetime::civil_from_days;

/// Milliseconds since the Unix epoch (0 if the clock is before the epoch).
pub fn now_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// A UTC calendar date and time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UtcDateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl UtcDateTime {
    /// The calendar fields of `millis` since the epoch.
    pub fn from_millis(millis: u64) -> Self {
        let secs = millis / 1000;
        let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
        let rem = secs % 86_400;
        let (year, month, day) = civil_from_days(days);
        // rem < 86_400, so each field fits in u32.
        Self {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
        }
    }

    /// Now, in UTC.
    pub fn now() -> Self {
        Self::from_millis(now_millis())
    }

    /// The API's `statusCodeChangeDateTime` format: `YYYYMMDDhhmmss`.
    pub fn compact(&self) -> String {
        format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_first_of_january_1970() {
        let t = UtcDateTime::from_millis(0);
        assert_eq!(t.compact(), "19700101000000");
    }

    #[test]
    fn known_instant_matches_its_calendar_date() {
        // 2016-03-10T09:40:54Z, the fixture's statusCodeChangeDateTime.
        let t = UtcDateTime::from_millis(1_457_602_854_000);
        assert_eq!(t.compact(), "20160310094054");
    }

    #[test]
    fn leap_day_is_handled() {
        // 2024-02-29T23:59:59Z
        let t = UtcDateTime::from_millis(1_709_251_199_000);
        assert_eq!((t.year, t.month, t.day), (2024, 2, 29));
        assert_eq!((t.hour, t.minute, t.second), (23, 59, 59));
    }

    #[test]
    fn now_is_after_2024() {
        assert!(UtcDateTime::now().year >= 2024);
    }
}
