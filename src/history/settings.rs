//! What the person can configure about history, and the age syntax of `--older-than`.

use std::time::Duration;

use super::redact::{DEFAULT_REDACT_FIELDS, DEFAULT_SECRET_HEADERS};

/// How history behaves. `Default`: on, 10 000 exchanges and 2 000 webhooks, 90 days, 5 MiB
/// response bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistorySettings {
    /// Off: `record` stores nothing; what is stored can still be browsed.
    pub enabled: bool,
    /// Keep at most this many exchanges (the newest); `None`: no limit.
    pub max_entries: Option<usize>,
    /// Keep at most this many webhooks received (entries of the [`WEBHOOK_ENV`]
    /// environment), counted apart: a flood of events anyone can send must not
    /// push the person's exchanges out. `None`: no limit.
    pub max_webhook_entries: Option<usize>,
    /// Drop entries older than this; `None`: keep them.
    pub max_age: Option<Duration>,
    /// Response bodies are cut to this many bytes (on a character boundary); the original
    /// size is kept in `Entry::response_body_truncated_from`.
    pub body_cap: usize,
    /// JSON field names (compared ignoring ASCII case) whose values are stored as `"****"`,
    /// on top of the fixed rules for `cardNumber` and `cvv`.
    pub redact_fields: Vec<String>,
    /// Header-name fragments: a header whose name contains one has its value stored as
    /// `****` (`Authorization` is always handled).
    pub secret_headers: Vec<String>,
}

/// 5 MiB.
pub const DEFAULT_BODY_CAP: usize = 5 * 1024 * 1024;
/// Enough for months of daily use; a full history of 10 000 error-sized exchanges is
/// ~50 MB on disk.
pub const DEFAULT_MAX_ENTRIES: usize = 10_000;
/// Webhooks received, kept apart from the exchanges.
pub const DEFAULT_MAX_WEBHOOK_ENTRIES: usize = 2_000;
/// The environment webhooks received are recorded under: pruned by
/// `max_webhook_entries`, not `max_entries`.
pub const WEBHOOK_ENV: &str = "webhook";
/// 90 days.
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(90 * 24 * 3600);

impl Default for HistorySettings {
    fn default() -> Self {
        HistorySettings {
            enabled: true,
            max_entries: Some(DEFAULT_MAX_ENTRIES),
            max_webhook_entries: Some(DEFAULT_MAX_WEBHOOK_ENTRIES),
            max_age: Some(DEFAULT_MAX_AGE),
            body_cap: DEFAULT_BODY_CAP,
            redact_fields: DEFAULT_REDACT_FIELDS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            secret_headers: DEFAULT_SECRET_HEADERS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        }
    }
}

/// Parses an age such as `30d`, `12h`, `90m`, `45s` or `2w` (one whole number, one unit).
pub fn parse_age(s: &str) -> Result<Duration, String> {
    let text = s.trim();
    let help = || {
        format!(
            "invalid age {s:?}: expected a whole number and a unit s, m, h, d or w, like 30d or 12h"
        )
    };
    let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(help)?;
    let (number, unit) = text.split_at(split);
    let count: u64 = number.parse().map_err(|_| help())?;
    let seconds_per_unit: u64 = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(help()),
    };
    count
        .checked_mul(seconds_per_unit)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("invalid age {s:?}: too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_every_unit_parse() {
        assert_eq!(parse_age("30d"), Ok(Duration::from_secs(30 * 86_400)));
        assert_eq!(parse_age("12h"), Ok(Duration::from_secs(12 * 3600)));
        assert_eq!(parse_age("90m"), Ok(Duration::from_secs(90 * 60)));
        assert_eq!(parse_age("2w"), Ok(Duration::from_secs(14 * 86_400)));
        assert_eq!(parse_age(" 45s "), Ok(Duration::from_secs(45)));
    }

    #[test]
    fn ages_without_number_or_unit_or_with_unknown_unit_are_rejected() {
        for bad in ["", "d", "30", "30 d", "30D", "1.5d", "-1d", "30y", "1d12h"] {
            let err = parse_age(bad).expect_err(bad);
            assert!(err.contains("30d"), "{bad}: {err}");
        }
    }

    #[test]
    fn overflowing_age_is_rejected() {
        assert!(parse_age("99999999999999999999w").is_err());
        assert!(
            parse_age("18446744073709551615w")
                .expect_err("overflow")
                .contains("too large")
        );
    }

    #[test]
    fn defaults_are_on_with_limits() {
        let s = HistorySettings::default();
        assert!(s.enabled);
        assert_eq!(s.max_entries, Some(10_000));
        assert_eq!(s.max_webhook_entries, Some(2_000));
        assert_eq!(s.max_age, Some(Duration::from_secs(90 * 86_400)));
        assert_eq!(s.body_cap, 5 * 1024 * 1024);
    }
}
