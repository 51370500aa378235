//! `exp` in the past (IDS-JS 7.2: `new Date() > new Date(exp*1000)`, with JS coercion, so a
//! numeric string that is past counts too).

use super::{js_number, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::decode::time::{human_duration, utc_iso};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::ExpExpired), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some((_, c)) = f.claims() else { return Check::Pass };
    let exp = js_number(c.get("exp"));
    let Some(now) = f.at().filter(|now| !exp.is_nan() && (exp * 1000.0).abs() <= 8.64e15 && exp <= *now) else {
        return Check::Pass;
    };
    let why = match f.main.call.source {
        crate::facts::CallTimeSource::Now => "exp is in the past (by this computer's clock).".to_string(),
        _ => format!(
            "exp was {} s in the past when the call was made ({}).",
            (now - exp).round(),
            f.main.call.describe()
        ),
    };
    Check::Fail(Fail::certain(why))
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    let exp = js_number(c.get("exp"));
    if exp.is_nan() || (exp * 1000.0).abs() > 8.64e15 {
        return;
    }
    let when = utc_iso(exp).unwrap_or_default();
    // A call time read from iat alone is the JWT's making, not its sending: it proves expiry only
    // when exp is not after iat (the JWT was born expired); otherwise it is as unknown as none.
    let made_only = matches!(f.main.call.source, crate::facts::CallTimeSource::Iat);
    let Some(at) = f.at().filter(|at| !made_only || exp <= *at) else {
        // An old paste that does not say when it was sent: expected, and not why it failed.
        let ago = human_duration(f.ctx.now as f64 - exp);
        let message = format!(
            "exp is {when}: expired {ago} ago, now — expected for an old paste. Nothing says when it was sent, \
             so the other checks are judged as if it was sent when it was made. Give the time of the failing \
             call to judge expiry too."
        );
        // With a pasted answer, the answer says what happened, not this note (an answer from a
        // later check says exp passed when it was sent).
        if exp <= f.ctx.now as f64 && f.main.body.is_none() {
            out.push(Finding::new(Code::ExpExpiredOldPaste, message).about("exp"));
        }
        return;
    };
    if exp <= at {
        let by = match f.main.call.source {
            crate::facts::CallTimeSource::Now => "by this computer's clock".to_string(),
            _ => format!("at the time of the call, from {}", f.main.call.describe()),
        };
        let message = format!(
            "exp is {when}: the JWT had expired {} before it was sent ({by}). Make a new assertion for every \
             token request.",
            human_duration(at - exp)
        );
        out.push(Finding::new(Code::ExpExpired, message).about("exp"));
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
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

    #[test]
    fn a_call_time_read_from_iat_alone_leaves_expiry_to_the_old_paste_note() {
        // Only the JWT: when it was made is known, not when it was sent.
        let paste = jwt(&header(), &with(claims(), json!({ "iat": NOW - 900, "exp": NOW - 600 })));
        fires(check, &paste, &ctx(), Code::ExpExpiredOldPaste);
        // Looked at before exp: nothing to say.
        silent(check, &paste, &ctx_with(|c| c.now = NOW - 3_000));
    }

    #[test]
    fn an_old_paste_with_its_answer_needs_no_note() {
        let old =
            curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "iat": NOW - 7_300, "exp": NOW - 7_200 }))));
        fires(check, &old, &ctx(), Code::ExpExpiredOldPaste);
        let answered = format!(
            "{old}\n{{\"error\":\"invalid_request\",\"error_description\":\"Missing or invalid 'aud' claim in client_assertion JWT\",\"message_id\":\"rrt-1\"}}"
        );
        silent(check, &answered, &ctx());
    }
}
