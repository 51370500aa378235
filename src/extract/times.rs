//! When was the pasted call made? A `Date:` header of a pasted response (what went over the
//! wire), or a log line's timestamp. Pasted assertions are almost always expired by the time
//! they are pasted: their expiry is judged as of the call when the paste says when that was.

use serde::Serialize;
use time::{Date, Month, PrimitiveDateTime, Time};

use crate::vocab::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    /// The `Date:` header of a pasted response.
    DateHeader,
    /// A timestamp at the start of a log line.
    LogLine,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SeenTime {
    pub at: i64,
    pub source: TimeSource,
    pub span: Span,
    /// The time says its zone (`Z`, `+01:00`, an HTTP date's GMT); a log's bare `06:20:04` may be
    /// local time.
    pub zoned: bool,
}

/// Every `Date:` header and log-line timestamp, in order.
pub fn find(input: &str) -> Vec<SeenTime> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in input.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim_end_matches(['\n', '\r']);
        // `Date: …`, `< date: …` (curl -v), `header: Date: …` (Python http.client), `"date": "…"` (HAR).
        let lower = t.to_ascii_lowercase();
        if let Some(i) = lower.find("date:").or_else(|| lower.find("\"date\"")) {
            let before = lower[..i].trim_end_matches(['"', ' ', '<', '\'']);
            let header_like = before.is_empty() || before.ends_with("header:") || before.ends_with(',');
            let value = t[i..].split_once(':').map_or("", |(_, v)| v);
            let value = value.trim().trim_matches(['"', ',', ' ', '\'']).trim_end_matches("\\r\\n");
            if header_like {
                if let Ok(when) = httpdate::parse_http_date(value) {
                    if let Ok(d) = when.duration_since(std::time::UNIX_EPOCH) {
                        let span = Span { start: start + i, end: start + t.len() };
                        out.push(SeenTime {
                            at: d.as_secs() as i64,
                            source: TimeSource::DateHeader,
                            span,
                            zoned: true,
                        });
                        continue;
                    }
                }
            }
        }
        // An HTTP date printed anywhere (`r.headers["Date"]` → 'Thu, 03 Jul 2025 13:20:12 GMT').
        if let Some(gmt) = t.find(" GMT") {
            let end = gmt + 4;
            if end >= 29 && t.is_char_boundary(end - 29) {
                if let Ok(when) = httpdate::parse_http_date(&t[end - 29..end]) {
                    if let Ok(d) = when.duration_since(std::time::UNIX_EPOCH) {
                        let span = Span { start: start + end - 29, end: start + end };
                        out.push(SeenTime {
                            at: d.as_secs() as i64,
                            source: TimeSource::DateHeader,
                            span,
                            zoned: true,
                        });
                        continue;
                    }
                }
            }
        }
        if let Some((at, zoned)) = leading_timestamp(t.trim_start_matches(['[', ' '])) {
            let span = Span { start, end: start + t.len() };
            out.push(SeenTime { at, source: TimeSource::LogLine, span, zoned });
        }
    }
    out
}

/// `2025-03-17T12:34:56Z`, `2025-03-17 12:34:56,123`, `2025-03-17T12:34:56.789+00:00` at the start
/// of a line, read as UTC (an offset, when written, is applied), and whether it says its zone.
fn leading_timestamp(s: &str) -> Option<(i64, bool)> {
    let b = s.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = Date::from_calendar_date(num(0..4)?, Month::try_from(num(5..7)? as u8).ok()?, num(8..10)? as u8).ok()?;
    let time = Time::from_hms(num(11..13)? as u8, num(14..16)? as u8, num(17..19)? as u8).ok()?;
    let mut at = PrimitiveDateTime::new(date, time).assume_utc().unix_timestamp();
    // A written offset: skip fractions, then `Z` or `±HH:MM`.
    let rest = s[19..].trim_start_matches(|c: char| c == '.' || c == ',' || c.is_ascii_digit());
    let mut zoned = rest.starts_with('Z');
    if let Some(sign) = rest.chars().next().filter(|c| *c == '+' || *c == '-') {
        let hh: i64 = rest.get(1..3).and_then(|h| h.parse().ok()).unwrap_or(0);
        let mm: i64 = rest.get(4..6).and_then(|m| m.parse().ok()).unwrap_or(0);
        let off = hh * 3600 + mm * 60;
        at -= if sign == '+' { off } else { -off };
        zoned = true;
    }
    Some((at, zoned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_headers_in_the_shapes_tools_print() {
        for line in [
            "Date: Tue, 18 Mar 2025 12:01:02 GMT",
            "< date: Tue, 18 Mar 2025 12:01:02 GMT",
            "header: Date: Tue, 18 Mar 2025 12:01:02 GMT",
        ] {
            let t = find(line);
            assert_eq!(t.len(), 1, "{line}");
            assert_eq!((t[0].at, t[0].source), (1_742_299_262, TimeSource::DateHeader), "{line}");
        }
    }

    #[test]
    fn log_timestamps_with_and_without_offsets() {
        assert_eq!(find("2025-03-18T12:01:02Z INFO posting")[0].at, 1_742_299_262);
        assert_eq!(find("2025-03-18 12:01:02,123 ERROR 401")[0].at, 1_742_299_262);
        assert_eq!(find("[2025-03-18T13:01:02+01:00] call")[0].at, 1_742_299_262);
        assert!(find("2025-03-18T12:01:02Z x")[0].zoned && !find("2025-03-18 12:01:02,123 x")[0].zoned);
    }

    #[test]
    fn nothing_in_prose() {
        assert!(find("I tried on 18 March and it failed. Update: 2025 was a year.").is_empty());
    }
}
