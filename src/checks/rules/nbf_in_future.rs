//! `nbf` more than 10 s in the future: VerifyJWT `TimeAllowance 10s` raises TokenNotYetValid,
//! which no FaultRule handles, so likely `unknown_error` (spec §3.2, UNVERIFIED).

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::decode::time::human_duration;
use crate::platform::NBF_ALLOWANCE;
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::NbfInFuture), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let (Some(nbf), Some(at)) = (super::number_claim(f, "nbf"), f.at()) else { return Check::Pass };
    (nbf - at > NBF_ALLOWANCE as f64)
        .then(|| {
            Fail::likely("nbf is more than 10 s in the future (VerifyJWT TokenNotYetValid has no handler of its own).")
        })
        .into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(nbf) = super::number_claim(f, "nbf") else { return };
    let Some(at) = f.at() else { return };
    let ahead = nbf - at;
    if ahead > NBF_ALLOWANCE as f64 {
        out.push(
            Finding::new(
                Code::NbfInFuture,
                format!(
                    "nbf is {} in the future (the gateway allows {NBF_ALLOWANCE} \
            s): the clock that made it is ahead of the gateway's. The JWT is not valid yet; the platform likely \
            answers unknown_error. Keep the clock in sync with NTP, or set nbf a few seconds in the past (or leave it \
            out).",
                    human_duration(ahead)
                ),
            )
            .about("nbf"),
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
    fn fires_when_nbf_is_more_than_10_seconds_ahead() {
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "nbf": NOW + 60 }))));
        fires(check, &paste, &ctx(), Code::NbfInFuture);
    }

    #[test]
    fn silent_when_nbf_is_absent_past_or_within_10_seconds() {
        silent(check, &good_request(), &ctx());
        for nbf in [NOW, NOW + 10] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "nbf": nbf }))));
            silent(check, &paste, &ctx());
        }
    }
}
