//! `iat` in the future: the client clock is ahead (not checked by the gateway, but the same
//! clock makes `exp` too far ahead).

use super::Facts;
use crate::decode::time::human_duration;
use crate::platform::IAT_FUTURE_TOLERANCE;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(iat) = super::number_claim(f, "iat") else { return };
    let Some(at) = f.at() else { return };
    let ahead = iat - at;
    if ahead > IAT_FUTURE_TOLERANCE as f64 {
        out.push(
            Finding::new(
                Code::IatInFuture,
                format!(
                    "iat is {} in the future: the clock that made this JWT is \
            ahead of this one, or iat is not in seconds.",
                    human_duration(ahead)
                ),
            )
            .about("iat"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_when_iat_is_ahead() {
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "iat": NOW + 60 }))));
        fires(check, &paste, &ctx(), Code::IatInFuture);
    }

    #[test]
    fn silent_when_iat_is_now_or_within_tolerance() {
        silent(check, &good_request(), &ctx());
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "iat": NOW + 10 }))));
        silent(check, &paste, &ctx());
    }
}
