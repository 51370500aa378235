//! NumericDate claims (`exp`, `iat`, `nbf`) read as a person needs them: UTC ISO-8601 and
//! relative to `now`, with the value's raw form kept and its oddities named.

use serde::Serialize;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Above this, a NumericDate is almost certainly milliseconds (1e11 s is the year 5138).
pub const MILLISECONDS_THRESHOLD: f64 = 1e11;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeClaim {
    pub name: String,
    /// The value exactly as it stands in the JSON (digits of a number, or the string).
    pub raw: String,
    /// The value was a JSON string, not a number.
    pub is_string: bool,
    /// The number has a fraction or an exponent.
    pub fractional: bool,
    /// The number is so large it is surely milliseconds.
    pub milliseconds: bool,
    /// Seconds since the epoch, as the claim is best read (milliseconds divided down).
    pub seconds: Option<f64>,
    /// UTC, ISO-8601, of `seconds`.
    pub utc: Option<String>,
    /// "expires in 4 min", "expired 3 h ago", …
    pub relative: Option<String>,
}

impl TimeClaim {
    /// Read a claim value; `None` when it is neither a number nor a string.
    pub fn read(name: &str, value: &Value, now: i64) -> Option<TimeClaim> {
        let (raw, is_string) = match value {
            Value::Number(n) => (n.to_string(), false),
            Value::String(s) => (s.clone(), true),
            _ => return None,
        };
        let trimmed = raw.trim();
        let fractional = trimmed.contains(['.', 'e', 'E']);
        let parsed: Option<f64> = trimmed.parse::<f64>().ok().filter(|f| f.is_finite());
        let milliseconds = parsed.is_some_and(|f| f.abs() >= MILLISECONDS_THRESHOLD);
        let seconds = parsed.map(|f| if milliseconds { f / 1000.0 } else { f });
        let utc = seconds.and_then(utc_iso);
        let relative = seconds.map(|s| relative(name, s - now as f64));
        Some(TimeClaim { name: name.to_string(), raw, is_string, fractional, milliseconds, seconds, utc, relative })
    }
}

/// `2025-10-09T08:58:20Z` for unix seconds (fractions shown only when present).
pub fn utc_iso(seconds: f64) -> Option<String> {
    if !seconds.is_finite() || seconds.abs() > 253_402_300_799.0 {
        return None;
    }
    let whole = seconds.floor() as i64;
    let nanos = ((seconds - seconds.floor()) * 1e9).round() as i64;
    let t = OffsetDateTime::from_unix_timestamp(whole).ok()?;
    let t = if nanos > 0 { t + time::Duration::nanoseconds(nanos.min(999_999_999)) } else { t };
    t.format(&Rfc3339).ok()
}

/// A duration in the largest unit that keeps it readable: "42 s", "4 min", "3 h", "12 days".
pub fn human_duration(secs: f64) -> String {
    let s = secs.abs();
    if s < 90.0 {
        format!("{} s", s.round() as i64)
    } else if s < 90.0 * 60.0 {
        format!("{} min", (s / 60.0).round() as i64)
    } else if s < 48.0 * 3600.0 {
        format!("{} h", (s / 3600.0).round() as i64)
    } else if s < 730.0 * 86400.0 {
        format!("{} days", (s / 86400.0).round() as i64)
    } else {
        format!("{} years", (s / 31_557_600.0).round() as i64)
    }
}

/// The claim's time as a person would say it; `delta` = claim − now.
pub fn relative(name: &str, delta: f64) -> String {
    let d = human_duration(delta);
    let future = delta > 0.0;
    match (name, future) {
        ("exp", true) => format!("expires in {d}"),
        ("exp", false) if delta == 0.0 => "expires now".to_string(),
        ("exp", false) => format!("expired {d} ago"),
        ("iat", true) => format!("issued {d} in the future"),
        ("iat", false) => format!("issued {d} ago"),
        ("nbf", true) => format!("not valid for another {d}"),
        ("nbf", false) => format!("valid since {d} ago"),
        (_, true) => format!("in {d}"),
        (_, false) => format!("{d} ago"),
    }
}

/// A time of a failing call as typed: ISO-8601 in UTC (`2025-10-09T08:53:20Z`; a space for `T`,
/// seconds' fractions, no offset or `+00:00` are accepted; another offset is applied). The error
/// says what was expected.
pub fn parse_call_time(typed: &str) -> Result<i64, String> {
    use time::format_description::well_known::Rfc3339;
    let t = typed.trim();
    let expected = "Write the time as ISO-8601 in UTC, e.g. 2025-10-09T08:53:20Z.";
    if t.is_empty() {
        return Err(expected.into());
    }
    let mut s = t.to_string();
    if s.len() > 10 && s.as_bytes()[10] == b' ' {
        s.replace_range(10..11, "T");
    }
    let tail = s.get(19..).unwrap_or("");
    let has_offset = tail.contains(['Z', 'z', '+']) || tail.contains('-');
    if s.len() >= 19 && !has_offset {
        s.push('Z');
    }
    time::OffsetDateTime::parse(&s, &Rfc3339)
        .map(|d| d.unix_timestamp())
        .map_err(|_| format!("\"{t}\" is not a time the page can read. {expected}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_seconds_millis_strings_and_fractions() {
        let now = 1_760_000_000;
        let c = TimeClaim::read("exp", &serde_json::json!(1_760_000_300), now).unwrap();
        assert_eq!(c.utc.as_deref(), Some("2025-10-09T08:58:20Z"));
        assert_eq!(c.relative.as_deref(), Some("expires in 5 min"));
        assert!(!c.milliseconds && !c.is_string && !c.fractional);

        let c = TimeClaim::read("exp", &serde_json::json!(1_760_000_300_000u64), now).unwrap();
        assert!(c.milliseconds);
        assert_eq!(c.utc.as_deref(), Some("2025-10-09T08:58:20Z"));

        let c = TimeClaim::read("exp", &serde_json::json!("1760000300"), now).unwrap();
        assert!(c.is_string);

        let c = TimeClaim::read("exp", &serde_json::from_str("1760000300.5").unwrap(), now).unwrap();
        assert!(c.fractional);
        assert_eq!(c.utc.as_deref(), Some("2025-10-09T08:58:20.5Z"));

        let c = TimeClaim::read("exp", &serde_json::json!(1_759_989_200), now).unwrap();
        assert_eq!(c.relative.as_deref(), Some("expired 3 h ago"));
        assert!(TimeClaim::read("exp", &serde_json::json!(true), now).is_none());
        let c = TimeClaim::read("exp", &serde_json::json!("soon"), now).unwrap();
        assert_eq!(c.seconds, None);
    }

    #[test]
    fn out_of_range_has_no_date() {
        assert_eq!(utc_iso(1e300), None);
        assert_eq!(utc_iso(f64::NAN), None);
        assert_eq!(utc_iso(0.0).as_deref(), Some("1970-01-01T00:00:00Z"));
    }
}

#[cfg(test)]
mod call_time_tests {
    use super::parse_call_time;

    #[test]
    fn call_times_are_iso_8601_utc() {
        assert_eq!(parse_call_time("2025-10-09T08:53:20Z"), Ok(1_760_000_000));
        assert_eq!(parse_call_time("2025-10-09 08:53:20"), Ok(1_760_000_000));
        assert_eq!(parse_call_time(" 2025-10-09T08:53:20.250+00:00 "), Ok(1_760_000_000));
        assert_eq!(parse_call_time("2025-10-09T09:53:20+01:00"), Ok(1_760_000_000));
        for bad in ["", "now", "yesterday 9am", "09/10/2025 08:53", "2025-13-09T08:53:20Z"] {
            let e = parse_call_time(bad).unwrap_err();
            assert!(e.contains("ISO-8601"), "{bad}: {e}");
        }
    }
}
