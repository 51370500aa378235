//! The client's clock against the gateway's: `iat` (when the assertion was made) against the
//! `Date:` of the pasted response or the log's time. A whole number of hours is a time-zone
//! mistake; anything else over a few seconds is a clock that needs NTP.

use super::Facts;
use crate::facts::CallTimeSource;
use crate::vocab::{Code, Finding};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let source = f.main.call.source;
    if !matches!(source, CallTimeSource::DateHeader | CallTimeSource::LogLine) {
        return;
    }
    let (Some(at), Some((_, c))) = (f.at(), f.claims()) else { return };
    let Some(iat) = c.get("iat").and_then(serde_json::Value::as_f64).filter(|v| *v < 1e11) else { return };
    let skew = iat - at;
    if skew.abs() < 30.0 {
        return;
    }
    let whose = match source {
        CallTimeSource::DateHeader => "the gateway's clock (the Date: of its answer)",
        _ => "the log's time",
    };
    let way = if skew > 0.0 { "ahead of" } else { "behind" };
    let hours = (skew / 3600.0).round();
    let message = if hours != 0.0 && (skew - hours * 3600.0).abs() <= 120.0 {
        let n = hours.abs() as i64;
        let amount = if n == 1 { "one hour (3600 s)".to_string() } else { format!("{n} hours ({n} × 3600 s)") };
        format!(
            "iat is {amount} {way} {whose}: local time was taken as UTC — British Summer Time, or Python's \
             naive datetime.now() / datetime.utcnow().timestamp() on a machine not set to UTC. Use UTC seconds: \
             int(time.time()) in Python, Math.floor(Date.now() / 1000) in JavaScript, \
             DateTimeOffset.UtcNow.ToUnixTimeSeconds() in .NET; exp = now + 60 to 240 s."
        )
    } else {
        format!(
            "iat is {} s {way} {whose}: the client's clock is off. Keep it in sync with NTP, make the claims \
             from UTC seconds, and use exp = now + 60 to 240 s so a few seconds of skew never matter.",
            skew.abs().round()
        )
    };
    out.push(Finding::new(Code::ClockSkew, message).about("iat"));
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    fn with_date(iat: i64) -> String {
        let token = jwt(&header(), &with(claims(), json!({"iat": iat, "exp": iat + 300})));
        format!("{}\n\nHTTP/1.1 400 Bad Request\nDate: Thu, 09 Oct 2025 08:53:20 GMT\n", curl_to(TOKEN_URL, &token))
    }

    #[test]
    fn fires_on_an_hour_and_on_a_drift() {
        // The Date: above is 1760000000.
        let f = codes(check, &with_date(NOW + 3600), &ctx());
        assert_eq!(f, vec![Code::ClockSkew]);
        fires(check, &with_date(NOW - 95), &ctx(), Code::ClockSkew);
    }

    #[test]
    fn silent_when_clocks_agree_or_nothing_says_when() {
        silent(check, &with_date(NOW + 2), &ctx());
        silent(check, &good_request(), &ctx());
    }
}
