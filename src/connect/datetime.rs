//! Calendar arithmetic for showing API timestamps and reading HTTP dates (no date crate needed).
//!
//! `X-GCS-Idempotence-Request-Timestamp` carries milliseconds since the Unix epoch; the
//! inspector shows it as `2026-11-23 21:07:03.120 UTC`. The simulator reads a request's `Date`
//! with [`parse_http_date`].

use std::ops::RangeInclusive;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds in one day.
const MS_PER_DAY: i64 = 86_400_000;

/// Seconds in one day.
const SECS_PER_DAY: i64 = 86_400;

/// Day names, Sunday first (the index is the weekday), as IMF-fixdate and asctime write them.
const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Day names as RFC 850 writes them, Sunday first.
const LONG_DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

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

/// The day count relative to 1970-01-01 of a proleptic Gregorian date; the inverse of
/// [`civil_from_days`] for real dates (Howard Hinnant's `days_from_civil`). A day past the end
/// of its month counts on into the next one.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = year - i64::from(month <= 2); // years start on 1 March
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400); // year of era, 0..=399
    let mp = i64::from((month + 9) % 12); // month from March, 0..=11
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1; // day of year from 1 March
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // day of era
    era * 146_097 + doe - 719_468
}

/// Seconds since the Unix epoch of `t`, negative before it (saturating far out of range).
pub fn unix_secs(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// Seconds since the Unix epoch of an HTTP-date as a client may send it (RFC 7231 §7.1.1.1,
/// which says a recipient must accept all three forms):
/// - IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, also with a one-digit day
///   (`Sun, 6 Nov 1994 …`: RFC 1123's `1*2DIGIT`, and what the Java SDK 7.0.0 and later send);
/// - the obsolete RFC 850 form, `Sunday, 06-Nov-94 08:49:37 GMT`;
/// - the obsolete asctime form, `Sun Nov  6 08:49:37 1994` (or `Sun Nov 06 …`).
///
/// As in the grammar, names are case-sensitive, the zone is `GMT` and the blanks are single
/// spaces; the day name must be that date's and the date must exist. `now` (seconds since the
/// epoch) places RFC 850's two-digit year. None for anything else.
pub fn parse_http_date(value: &str, now: i64) -> Option<i64> {
    let now_year = civil_from_days(now.div_euclid(SECS_PER_DAY)).0;
    imf_fixdate(value)
        .or_else(|| rfc850_date(value, now_year))
        .or_else(|| asctime_date(value))?
        .unix_secs()
}

/// The fields of an HTTP-date, as written.
struct HttpDate {
    /// 0 for Sunday.
    weekday: usize,
    year: i64,
    month: u32,
    day: u32,
    secs_of_day: i64,
}

impl HttpDate {
    /// None when the date does not exist (30 February) or is not on the day named.
    fn unix_secs(&self) -> Option<i64> {
        let days = days_from_civil(self.year, self.month, self.day);
        let exists = civil_from_days(days) == (self.year, self.month, self.day);
        // 1970-01-01 was a Thursday.
        let weekday = usize::try_from((days + 4).rem_euclid(7)).ok()?;
        (exists && weekday == self.weekday).then_some(days * SECS_PER_DAY + self.secs_of_day)
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`, the day in one or two digits.
fn imf_fixdate(value: &str) -> Option<HttpDate> {
    let (weekday, rest) = value.split_once(", ")?;
    let [day, month, year, time] = fields(rest.strip_suffix(" GMT")?, ' ')?;
    Some(HttpDate {
        weekday: index_of(&DAY_NAMES, weekday)?,
        year: number(year, 4..=4)?,
        month: month_number(month)?,
        day: number(day, 1..=2)?,
        secs_of_day: time_of_day(time)?,
    })
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`.
fn rfc850_date(value: &str, now_year: i64) -> Option<HttpDate> {
    let (weekday, rest) = value.split_once(", ")?;
    let [date, time] = fields(rest.strip_suffix(" GMT")?, ' ')?;
    let [day, month, year] = fields(date, '-')?;
    Some(HttpDate {
        weekday: index_of(&LONG_DAY_NAMES, weekday)?,
        year: full_year(number(year, 2..=2)?, now_year),
        month: month_number(month)?,
        day: number(day, 2..=2)?,
        secs_of_day: time_of_day(time)?,
    })
}

/// `Sun Nov  6 08:49:37 1994`: the day is two digits, or a space and one digit.
fn asctime_date(value: &str) -> Option<HttpDate> {
    let (weekday, rest) = value.split_once(' ')?;
    let (month, rest) = rest.split_once(' ')?;
    let (day, rest) = rest.split_at_checked(2)?;
    let day = match day.strip_prefix(' ') {
        Some(digit) => number(digit, 1..=1)?,
        None => number(day, 2..=2)?,
    };
    let [time, year] = fields(rest.strip_prefix(' ')?, ' ')?;
    Some(HttpDate {
        weekday: index_of(&DAY_NAMES, weekday)?,
        year: number(year, 4..=4)?,
        month: month_number(month)?,
        day,
        secs_of_day: time_of_day(time)?,
    })
}

/// `HH:MM:SS` as seconds into the day. Second 60 is a leap second (RFC 5322, which HTTP's
/// date format comes from); it counts as the first second of the next minute.
fn time_of_day(text: &str) -> Option<i64> {
    let [hour, minute, second] = fields(text, ':')?;
    let (hour, minute, second): (i64, i64, i64) = (
        number(hour, 2..=2)?,
        number(minute, 2..=2)?,
        number(second, 2..=2)?,
    );
    (hour < 24 && minute < 60 && second <= 60).then_some(hour * 3_600 + minute * 60 + second)
}

/// RFC 850's two-digit year. RFC 7231 reads one that would be more than 50 years in the future
/// as the most recent past year with those digits; this takes the year with those digits in
/// the century around now (`now_year - 49 ..= now_year + 50`), which keeps that rule.
fn full_year(two_digits: i64, now_year: i64) -> i64 {
    let year = now_year - now_year.rem_euclid(100) + two_digits;
    if year > now_year + 50 {
        year - 100
    } else if year <= now_year - 50 {
        year + 100
    } else {
        year
    }
}

fn month_number(name: &str) -> Option<u32> {
    u32::try_from(index_of(&MONTH_NAMES, name)? + 1).ok()
}

fn index_of(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|n| *n == name)
}

/// `text` split at every `sep` into exactly `N` fields.
fn fields<const N: usize>(text: &str, sep: char) -> Option<[&str; N]> {
    text.split(sep).collect::<Vec<_>>().try_into().ok()
}

/// A number written in ASCII digits only (no sign, no blanks), as many as `digits` allows.
fn number<T: FromStr>(text: &str, digits: RangeInclusive<usize>) -> Option<T> {
    let plain = digits.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| text.parse().ok()).flatten()
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

    /// Wed, 02 Dec 2026 10:00:00 GMT.
    const DEC_2: i64 = 1_796_205_600;
    /// Sun, 06 Nov 1994 08:49:37 GMT, RFC 7231's example.
    const NOV_6_1994: i64 = 784_111_777;

    fn parse(value: &str) -> Option<i64> {
        parse_http_date(value, DEC_2)
    }

    #[test]
    fn days_from_civil_inverts_civil_from_days() {
        for days in [
            -719_468, -29_220, -1, 0, 1, 11_016, 20_424, 51_000, 2_932_896,
        ] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(days_from_civil(2026, 12, 2) * SECS_PER_DAY + 36_000, DEC_2);
    }

    #[test]
    fn unix_secs_counts_both_ways_from_the_epoch() {
        use std::time::Duration;
        assert_eq!(unix_secs(UNIX_EPOCH + Duration::from_secs(90)), 90);
        assert_eq!(unix_secs(UNIX_EPOCH - Duration::from_secs(90)), -90);
    }

    #[test]
    fn imf_fixdate_with_a_two_digit_day() {
        assert_eq!(parse("Wed, 02 Dec 2026 10:00:00 GMT"), Some(DEC_2));
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT"), Some(NOV_6_1994));
    }

    #[test]
    fn imf_fixdate_with_a_one_digit_day_as_the_java_sdk_sends() {
        assert_eq!(parse("Wed, 2 Dec 2026 10:00:00 GMT"), Some(DEC_2));
        assert_eq!(parse("Sun, 6 Nov 1994 08:49:37 GMT"), Some(NOV_6_1994));
    }

    #[test]
    fn rfc850_date_and_its_two_digit_year() {
        assert_eq!(parse("Wednesday, 02-Dec-26 10:00:00 GMT"), Some(DEC_2));
        assert_eq!(
            parse("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(NOV_6_1994),
            "94 is 1994: 2094 is more than 50 years after 2026"
        );
        assert_eq!(full_year(76, 2026), 2076);
        assert_eq!(full_year(77, 2026), 1977);
        assert_eq!(full_year(10, 2090), 2110, "the nearer 2110, not 2010");
    }

    #[test]
    fn asctime_date_with_a_padded_or_two_digit_day() {
        assert_eq!(parse("Wed Dec  2 10:00:00 2026"), Some(DEC_2));
        assert_eq!(parse("Wed Dec 02 10:00:00 2026"), Some(DEC_2));
        assert_eq!(parse("Sun Nov  6 08:49:37 1994"), Some(NOV_6_1994));
        assert_eq!(
            parse("Sat Dec 12 10:00:00 2026"),
            Some(DEC_2 + 10 * SECS_PER_DAY)
        );
    }

    #[test]
    fn leap_days_and_leap_seconds() {
        assert!(parse("Thu, 29 Feb 2024 12:00:00 GMT").is_some());
        assert_eq!(parse("Wed, 02 Dec 2026 09:59:60 GMT"), Some(DEC_2));
    }

    #[test]
    fn garbage_and_near_misses_are_refused() {
        for bad in [
            "",
            "garbage",
            "1796205600",
            "2026-12-02T10:00:00Z",
            "Wed, 2 Dec 2026 10:00:00 UTC",
            "Wed, 2 Dec 2026 10:00:00 gmt",
            "Wed, 2 Dec 2026 10:00:00 +0000",
            "wed, 2 Dec 2026 10:00:00 GMT",
            "Wed, 2 dec 2026 10:00:00 GMT",
            "Thu, 2 Dec 2026 10:00:00 GMT",
            "Wed,  2 Dec 2026 10:00:00 GMT",
            "Wed, 2  Dec 2026 10:00:00 GMT",
            " Wed, 2 Dec 2026 10:00:00 GMT",
            "Wed, 2 Dec 2026 10:00:00 GMT ",
            "Wed, 002 Dec 2026 10:00:00 GMT",
            "Wed, +2 Dec 2026 10:00:00 GMT",
            "Wed, 2 Dec 26 10:00:00 GMT",
            "Wed, 2 Dec 02026 10:00:00 GMT",
            "Wed, 2 Dec 2026 10:00 GMT",
            "Wed, 2 Dec 2026 1:00:00 GMT",
            "Wed, 2 Dec 2026 24:00:00 GMT",
            "Wed, 2 Dec 2026 10:60:00 GMT",
            "Wed, 2 Dec 2026 10:00:61 GMT",
            "Wed, 0 Dec 2026 10:00:00 GMT",
            "Mon, 30 Feb 2026 10:00:00 GMT",
            "Thu, 32 Dec 2026 10:00:00 GMT",
            "Wed, 2 Dec 2026 10:00:00",
            "Wed, 2 D\u{e9}c 2026 10:00:00 GMT",
            "Wednesday, 2-Dec-26 10:00:00 GMT",
            "Wednesday, 02-Dec-2026 10:00:00 GMT",
            "Wed, 02-Dec-26 10:00:00 GMT",
            "Wednesday 02-Dec-26 10:00:00 GMT",
            "Wed Dec 2 10:00:00 2026",
            "Wed Dec  2 10:00:00 2026 GMT",
            "Wed Dec  2 10:00:00 26",
            "Wednesday Dec  2 10:00:00 2026",
            "Wed Dec \u{c00}2 10:00:00 2026",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn what_httpdate_formats_is_read_back() {
        use std::time::Duration;
        for secs in [0, NOV_6_1994, DEC_2, 253_402_300_799] {
            let t = UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs());
            let text = httpdate::fmt_http_date(t);
            assert_eq!(parse_http_date(&text, DEC_2), Some(secs), "{text}");
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
