//! Calendar arithmetic for showing API timestamps (no date crate needed).
//!
//! `X-GCS-Idempotence-Request-Timestamp` carries milliseconds since the Unix epoch; the
//! inspector shows it as `2026-11-23 21:07:03.120 UTC`.

/// Milliseconds in one day.
const MS_PER_DAY: i64 = 86_400_000;

/// The proleptic Gregorian date `(year, month 1..=12, day 1..=31)` of a day count relative to
/// 1970-01-01 (negative counts are before it).
///
/// Howard Hinnant's `civil_from_days`: shift the year to start on 1 March so the leap day is
/// the last day of the year, then split into 400-year eras of 146 097 days each.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146_096
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // year of era, 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from 1 March, 0..=365
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both casts are in range by construction: day is 1..=31, month 1..=12.
    (year, month as u32, day as u32)
}

/// `ms` milliseconds since the Unix epoch as `YYYY-MM-DD HH:MM:SS.mmm UTC`.
pub fn format_epoch_millis(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let ms_of_day = ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let (secs, millis) = (ms_of_day / 1_000, ms_of_day % 1_000);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{millis:03} UTC",
        secs / 3_600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Parses an epoch-milliseconds header value (surrounding white space allowed).
pub fn parse_epoch_millis(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_1970_01_01_midnight() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(format_epoch_millis(0), "1970-01-01 00:00:00.000 UTC");
    }

    #[test]
    fn milliseconds_are_kept_to_three_digits() {
        assert_eq!(
            format_epoch_millis(1_795_468_023_120),
            "2026-11-23 21:07:03.120 UTC"
        );
        assert_eq!(format_epoch_millis(7), "1970-01-01 00:00:00.007 UTC");
    }

    #[test]
    fn leap_days_exist_in_leap_years_only() {
        assert_eq!(
            format_epoch_millis(951_782_400_000),
            "2000-02-29 00:00:00.000 UTC"
        );
        assert_eq!(
            format_epoch_millis(1_709_164_800_000),
            "2024-02-29 00:00:00.000 UTC"
        );
        // 2100 is not a leap year: the day after 28 February is 1 March.
        assert_eq!(
            format_epoch_millis(4_107_542_400_000),
            "2100-03-01 00:00:00.000 UTC"
        );
        assert_eq!(
            format_epoch_millis(4_107_542_400_000 - MS_PER_DAY),
            "2100-02-28 00:00:00.000 UTC"
        );
    }

    #[test]
    fn times_before_the_epoch_count_backwards() {
        assert_eq!(format_epoch_millis(-1), "1969-12-31 23:59:59.999 UTC");
        assert_eq!(
            format_epoch_millis(-2_208_988_800_000),
            "1900-01-01 00:00:00.000 UTC"
        );
    }

    #[test]
    fn last_millisecond_of_year_9999() {
        assert_eq!(
            format_epoch_millis(253_402_300_799_999),
            "9999-12-31 23:59:59.999 UTC"
        );
    }

    #[test]
    fn extreme_values_do_not_overflow() {
        // Only that they format at all; the year is far outside any real timestamp.
        assert!(format_epoch_millis(i64::MAX).ends_with(" UTC"));
        assert!(format_epoch_millis(i64::MIN).ends_with(" UTC"));
    }

    fn days_in_month(year: i64, month: u32) -> u32 {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    #[test]
    fn every_day_follows_the_previous_one() {
        // Walk 1890..2110 day by day (covering 1900, 2000 and 2100): the date must advance by
        // exactly one day each step, and months must end on their last day.
        let mut prev = civil_from_days(-29_220);
        for days in -29_219..51_000 {
            let (y, m, d) = civil_from_days(days);
            let (py, pm, pd) = prev;
            let next_day = (y, m, d) == (py, pm, pd + 1);
            let month_ended = pd == days_in_month(py, pm);
            let next_month = d == 1
                && month_ended
                && ((y == py && m == pm + 1) || (y == py + 1 && m == 1 && pm == 12));
            assert!(next_day || next_month, "{prev:?} -> {:?}", (y, m, d));
            prev = (y, m, d);
        }
    }

    #[test]
    fn epoch_millis_parse_tolerates_white_space_only() {
        assert_eq!(
            parse_epoch_millis(" 1795468023120 "),
            Some(1_795_468_023_120)
        );
        assert_eq!(parse_epoch_millis("17954680231.2"), None);
        assert_eq!(parse_epoch_millis(""), None);
    }
}
