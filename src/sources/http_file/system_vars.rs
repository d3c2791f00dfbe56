//! REST Client's system variables, as its documentation lists them:
//! `{{$guid}}`, `{{$randomInt min max}}`, `{{$timestamp [offset unit]}}`,
//! `{{$datetime rfc1123|iso8601|"format" [offset unit]}}`, `{{$localDatetime …}}`,
//! `{{$processEnv NAME}}` and `{{$dotenv NAME}}` (the `.env` beside the file);
//! and JetBrains' `{{$uuid}}`, `{{$random.uuid}}`, `{{$isoTimestamp}}`.
//! Offsets count in `y`, `M`, `w`, `d`, `h`, `m`, `s` or `ms`.

use std::path::Path;

use crate::connect::datetime::civil_from_days;

/// The value of system variable `name` (`$…` with its arguments), or why it
/// has none; None for a name that is not a system variable. `dir`: the
/// request file's folder, where `$dotenv` reads `.env`.
pub(super) fn value(name: &str, dir: Option<&Path>) -> Option<Result<String, String>> {
    let (head, args) = match name.split_once(char::is_whitespace) {
        Some((h, a)) => (h, a.trim()),
        None => (name, ""),
    };
    let result = match head {
        "$guid" | "$uuid" | "$random.uuid" if args.is_empty() => {
            Ok(uuid::Uuid::new_v4().to_string())
        }
        "$randomInt" => random_int(args),
        "$timestamp" => offset(args).map(|ms| (now_ms() + ms).div_euclid(1000).to_string()),
        "$isoTimestamp" if args.is_empty() => Ok(format_time(now_ms(), None, "iso8601")),
        "$datetime" => datetime(args, false),
        "$localDatetime" => datetime(args, true),
        "$processEnv" => process_env(args),
        "$dotenv" => dotenv(args, dir),
        "$aadToken" | "$aadV2Token" => Err(
            "an Azure AD token needs VS Code's sign-in, which cinspect does not have: put the header's value in the file or an @variable".into(),
        ),
        _ => return None,
    };
    Some(result)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2))
}

/// `min max`: a whole number from min up to, not including, max (REST
/// Client's); none given: 0 to 1000 (JetBrains').
fn random_int(args: &str) -> Result<String, String> {
    let words: Vec<&str> = args.split_whitespace().collect();
    let (min, max) = match words.as_slice() {
        [] => (0, 1000),
        [a, b] => match (a.parse::<i64>(), b.parse::<i64>()) {
            (Ok(a), Ok(b)) if a < b => (a, b),
            _ => {
                return Err(format!(
                    "`{args}`: expected two whole numbers, the first smaller"
                ));
            }
        },
        _ => return Err(format!("`{args}`: expected `min max`")),
    };
    let span = (max as i128 - min as i128) as u128;
    let pick = uuid::Uuid::new_v4().as_u128() % span;
    Ok((min as i128 + pick as i128).to_string())
}

/// `[offset unit]` in milliseconds: `-1 d`, `2 h`; nothing is 0.
fn offset(args: &str) -> Result<i64, String> {
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.as_slice() {
        [] => Ok(0),
        [n, unit] => {
            let n: i64 = n
                .parse()
                .map_err(|_| format!("`{n}` is not a whole number of {unit}"))?;
            // Months and years are counted in days here (30 and 365): the calendar's own
            // lengths only where the date is formatted ([`datetime`]).
            let ms = match *unit {
                "y" => 365 * 86_400_000,
                "M" => 30 * 86_400_000,
                "w" => 7 * 86_400_000,
                "d" => 86_400_000,
                "h" => 3_600_000,
                "m" => 60_000,
                "s" => 1000,
                "ms" => 1,
                _ => return Err(format!("`{unit}`: expected y, M, w, d, h, m, s or ms")),
            };
            n.checked_mul(ms)
                .filter(|v| v.abs() < 1 << 50)
                .ok_or_else(|| format!("`{args}` is too far"))
        }
        _ => Err(format!("`{args}`: expected `offset unit`, as `-1 d`")),
    }
}

/// `rfc1123|iso8601|"format" [offset unit]`.
fn datetime(args: &str, local: bool) -> Result<String, String> {
    let (format, rest) = if let Some(quoted) = args.strip_prefix(['"', '\'']) {
        let q = &args[..1];
        let end = quoted
            .find(q)
            .ok_or_else(|| format!("`{args}`: the format's quote is not closed"))?;
        (&quoted[..end], &quoted[end + 1..])
    } else {
        match args.split_once(char::is_whitespace) {
            Some((f, r)) => (f, r),
            None => (args, ""),
        }
    };
    if format.is_empty() {
        return Err("expected a format: rfc1123, iso8601 or a quoted one".into());
    }
    if format.len() > 100 {
        return Err("the format is longer than 100 characters".into());
    }
    let at = now_ms() + offset(rest)?;
    let zone = local.then(|| local_offset_secs(at));
    Ok(format_time(at, zone, format))
}

/// The local time zone's offset from UTC at `ms`, in seconds.
fn local_offset_secs(ms: i64) -> i64 {
    let t = ms.div_euclid(1000) as libc::time_t;
    // SAFETY: localtime_r writes only into `tm`, which lives for the call.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    if ok { tm.tm_gmtoff } else { 0 }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `ms` since the epoch at `zone` seconds from UTC (None: UTC itself, `Z`), as `rfc1123`, `iso8601`
/// or a day.js format (YYYY YY MMM MM M DD D ddd HH H hh h mm m ss s SSS A a Z ZZ,
/// `[text]` as it is).
fn format_time(ms: i64, zone: Option<i64>, format: &str) -> String {
    let utc = zone.is_none();
    let zone = zone.unwrap_or(0);
    let local = ms + zone * 1000;
    let days = local.div_euclid(86_400_000);
    let of_day = local.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (h, mi, s, milli) = (
        of_day / 3_600_000,
        of_day / 60_000 % 60,
        of_day / 1000 % 60,
        of_day % 1000,
    );
    let weekday = DAYS[(days + 4).rem_euclid(7) as usize];
    let mon = MONTHS[(month - 1) as usize];
    let sign = if zone < 0 { '-' } else { '+' };
    let (zh, zm) = (zone.abs() / 3600, zone.abs() / 60 % 60);
    match format {
        "rfc1123" if utc => {
            return format!("{weekday}, {day:02} {mon} {year:04} {h:02}:{mi:02}:{s:02} GMT");
        }
        "rfc1123" => {
            return format!(
                "{weekday}, {day:02} {mon} {year:04} {h:02}:{mi:02}:{s:02} {sign}{zh:02}{zm:02}"
            );
        }
        "iso8601" if utc => {
            return format!("{year:04}-{month:02}-{day:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z");
        }
        "iso8601" => {
            return format!(
                "{year:04}-{month:02}-{day:02}T{h:02}:{mi:02}:{s:02}{sign}{zh:02}:{zm:02}"
            );
        }
        _ => {}
    }
    let tokens: [(&str, String); 21] = [
        ("YYYY", format!("{year:04}")),
        ("YY", format!("{:02}", year.rem_euclid(100))),
        ("MMM", mon.to_string()),
        ("MM", format!("{month:02}")),
        ("M", month.to_string()),
        ("DD", format!("{day:02}")),
        ("D", day.to_string()),
        ("ddd", weekday.to_string()),
        ("HH", format!("{h:02}")),
        ("H", h.to_string()),
        ("hh", format!("{:02}", (h + 11) % 12 + 1)),
        ("h", ((h + 11) % 12 + 1).to_string()),
        ("mm", format!("{mi:02}")),
        ("m", mi.to_string()),
        ("ss", format!("{s:02}")),
        ("s", s.to_string()),
        ("SSS", format!("{milli:03}")),
        ("A", if h < 12 { "AM" } else { "PM" }.to_string()),
        ("a", if h < 12 { "am" } else { "pm" }.to_string()),
        ("ZZ", format!("{sign}{zh:02}{zm:02}")),
        ("Z", format!("{sign}{zh:02}:{zm:02}")),
    ];
    let mut out = String::new();
    let mut rest = format;
    'scan: while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[')
            && let Some(end) = inner.find(']')
        {
            out.push_str(&inner[..end]);
            rest = &inner[end + 1..];
            continue;
        }
        for (token, value) in &tokens {
            if let Some(after) = rest.strip_prefix(token) {
                out.push_str(value);
                rest = after;
                continue 'scan;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `NAME`: the variable of cinspect's own process environment.
fn process_env(args: &str) -> Result<String, String> {
    let name = env_name(args)?;
    std::env::var(name).map_err(|_| format!("the environment has no {name}"))
}

/// `NAME`: from `.env` in the request file's folder (`NAME=value` lines).
fn dotenv(args: &str, dir: Option<&Path>) -> Result<String, String> {
    let name = env_name(args)?;
    let dir = dir.ok_or("the request is not from a file, so there is no .env beside it")?;
    let path = dir.join(".env");
    // A regular file of at most 1 MB: a FIFO planted there would block for ever.
    let text =
        crate::config::read_settings_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .rev()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("export ").unwrap_or(l);
            l.split_once('=')
        })
        .find(|(n, _)| n.trim() == name)
        .map(|(_, v)| {
            let v = v.trim();
            let unquoted = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')));
            unquoted.unwrap_or(v).to_owned()
        })
        .ok_or_else(|| format!("{} has no {name}", path.display()))
}

/// One name; REST Client's `%name` (a name from its settings) is not read.
fn env_name(args: &str) -> Result<&str, String> {
    match args.split_whitespace().collect::<Vec<_>>().as_slice() {
        [name] if name.starts_with('%') => Err(format!(
            "`{name}`: a name from REST Client's settings, which cinspect does not read"
        )),
        [name] => Ok(name),
        _ => Err("expected one variable name".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::datetime::days_from_civil;

    fn ok(name: &str) -> String {
        match value(name, None) {
            Some(Ok(v)) => v,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn rest_clients_system_variables_fill() {
        assert_eq!(ok("$guid").len(), 36);
        for _ in 0..50 {
            let n: i64 = ok("$randomInt 5 8").parse().unwrap();
            assert!((5..8).contains(&n), "{n}");
        }
        let now: i64 = ok("$timestamp").parse().unwrap();
        let day_ago: i64 = ok("$timestamp -1 d").parse().unwrap();
        assert!((now - day_ago - 86_400).abs() <= 1);
        let iso = ok("$datetime iso8601");
        assert!(iso.ends_with('Z') && iso.len() == 24, "{iso}");
        assert!(ok("$datetime rfc1123 1 h").ends_with(" GMT"));
        assert_eq!(ok("$datetime \"[year] YYYY\"").len(), 9);
        assert!(ok("$localDatetime iso8601").len() >= 25);
        assert_eq!(value("$unknown", None), None);
    }

    #[test]
    fn bad_arguments_say_what_is_expected() {
        let err = |name: &str| match value(name, None) {
            Some(Err(e)) => e,
            other => panic!("{name}: {other:?}"),
        };
        assert!(err("$randomInt 9 1").contains("the first smaller"));
        assert!(err("$timestamp 1 fortnight").contains("expected y, M"));
        assert!(err("$datetime").contains("expected a format"));
        assert!(err("$processEnv %key").contains("REST Client's settings"));
        assert!(err("$dotenv KEY").contains("not from a file"));
        assert!(err("$aadToken new").contains("Azure AD"));
    }

    #[test]
    fn a_dotenv_beside_the_file_and_the_process_environment() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(
            dir.path().join(".env"),
            "# x\nexport TOKEN=\"abc\"\nOTHER=1\n",
        )
        .unwrap();
        assert_eq!(
            value("$dotenv TOKEN", Some(dir.path())),
            Some(Ok("abc".into()))
        );
        assert!(matches!(
            value("$dotenv NONE", Some(dir.path())),
            Some(Err(_))
        ));
        let path = std::env::var("PATH").unwrap_or_default();
        assert_eq!(value("$processEnv PATH", None), Some(Ok(path)));
    }

    #[test]
    fn formats_are_the_documented_ones() {
        // 2024-02-29T13:05:09.007Z, a Thursday.
        let ms = days_from_civil(2024, 2, 29) * 86_400_000 + 47_109_007;
        assert_eq!(
            format_time(ms, None, "rfc1123"),
            "Thu, 29 Feb 2024 13:05:09 GMT"
        );
        assert_eq!(format_time(ms, None, "iso8601"), "2024-02-29T13:05:09.007Z");
        assert_eq!(
            format_time(ms, Some(3600), "iso8601"),
            "2024-02-29T14:05:09+01:00"
        );
        assert_eq!(
            format_time(ms, None, "DD-MM-YYYY hh:mm A"),
            "29-02-2024 01:05 PM"
        );
    }
}
