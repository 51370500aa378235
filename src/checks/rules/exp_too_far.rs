//! `exp` more than 310 s ahead (IDS-JS 7.11: `seconds_remaining > 310`). NHS documents 300 s.

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::decode::time::human_duration;
use crate::platform::{EXP_DOCUMENTED_MAX, EXP_ENFORCED_MAX};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::ExpTooFar), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let (Some(exp), Some(at)) = (super::number_claim(f, "exp"), f.at()) else { return Check::Pass };
    let ahead = exp - at;
    (ahead > EXP_ENFORCED_MAX as f64).then(|| Fail::certain(format!("exp is {} s ahead.", ahead.round() as i64))).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(exp) = super::number_claim(f, "exp") else { return };
    let Some(at) = f.at() else { return };
    let ahead = exp - at;
    if decide(f, &crate::checks::oracle::ASSUME) != Check::Pass {
        // Milliseconds are a thousand times too large; deciseconds (Date.now()/100) ten times.
        let ratio = exp / at;
        let unit = if exp >= crate::decode::time::MILLISECONDS_THRESHOLD {
            " (it is in milliseconds: divide by 1000)"
        } else if (8.0..12.0).contains(&ratio) {
            " (it is about ten times too large: deciseconds, as Date.now()/100 gives — use Math.floor(Date.now() / \
                1000))"
        } else {
            zone(ahead, super::number_claim(f, "iat").map(|iat| exp - iat))
        };
        out.push(
            Finding::new(
                Code::ExpTooFar,
                format!(
                    "exp is {} ahead{unit}. The gateway rejects more than \
                {EXP_ENFORCED_MAX} s ahead of its clock; NHS documents {EXP_DOCUMENTED_MAX} s (5 minutes).",
                    human_duration(ahead)
                ),
            )
            .about("exp"),
        );
    }
}

/// Ahead by a whole number of hours beyond a usual lifetime (1–10 min): local time taken for UTC.
/// An exact hour with no iat is as likely a lifetime of an hour (`now + 3600`), so it is not said.
fn zone(ahead: f64, lifetime: Option<f64>) -> &'static str {
    let hours = (ahead / 3600.0).floor();
    let rest = ahead - hours * 3600.0;
    let usual = match lifetime {
        Some(l) => l <= 600.0 && (-120.0..=720.0).contains(&rest),
        None => (60.0..=720.0).contains(&rest),
    };
    if (1.0..=14.0).contains(&hours) && usual {
        " (a whole number of hours beyond a usual lifetime: the clock that made it is likely local time read as \
         UTC, a time zone offset such as BST's UTC+1; make exp from a UTC clock: time.time(), Date.now() / 1000, \
         DateTime.UtcNow, datetime2unix(now(UTC)))"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn an_hour_and_a_lifetime_ahead_is_a_time_zone() {
        let paste =
            curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "iat": NOW + 3600, "exp": NOW + 3900 }))));
        let f = crate::analyze(&paste, &ctx());
        let m = &f.findings.iter().find(|f| f.code == Code::ExpTooFar).expect("fires").message;
        assert!(m.contains("UTC"), "{m}");
        let hour = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": NOW + 3600 }))));
        let f = crate::analyze(&hour, &ctx());
        let m = &f.findings.iter().find(|f| f.code == Code::ExpTooFar).expect("fires").message;
        assert!(!m.contains("time zone"), "{m}");
    }

    #[test]
    fn fires_more_than_310_seconds_ahead() {
        for exp in [NOW + 311, NOW + 3600] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": exp }))));
            fires(check, &paste, &ctx(), Code::ExpTooFar);
        }
    }

    #[test]
    fn silent_up_to_310_seconds_ahead() {
        silent(check, &good_request(), &ctx());
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": NOW + 310 }))));
        silent(check, &paste, &ctx());
    }
}
