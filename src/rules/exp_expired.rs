//! `exp` in the past (IDS-JS 7.2: `new Date() > new Date(exp*1000)`, with JS coercion, so a
//! numeric string that is past counts too).

use super::{js_number, Facts};
use crate::decode::time::{human_duration, utc_iso};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    let exp = js_number(c.get("exp"));
    if exp.is_nan() || (exp * 1000.0).abs() > 8.64e15 {
        return;
    }
    let now = f.ctx.now as f64;
    if exp <= now {
        let when = utc_iso(exp).unwrap_or_default();
        out.push(
            Finding::new(Code::ExpExpired, format!("exp is {when}: the JWT expired {} ago (by this computer's clock). Make a new assertion for every token request.", human_duration(now - exp)))
                .about("exp"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_when_exp_is_now_or_past() {
        for exp in [json!(NOW - 60), json!(NOW), json!((NOW - 60).to_string())] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": exp }))));
            fires(check, &paste, &ctx(), Code::ExpExpired);
        }
    }

    #[test]
    fn silent_when_exp_is_ahead() {
        silent(check, &good_request(), &ctx());
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": NOW + 1 }))));
        silent(check, &paste, &ctx());
    }
}
