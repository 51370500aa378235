//! `alg` is not exactly `RS512` (IDS-JS: `jwtHeaders.alg != "RS512"`; VerifyJWT pinned to RS512).

use super::{show, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::AlgNotRs512), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some((_, h)) = f.header() else { return Check::Pass };
    match h.get("alg") {
        Some(v) if v.as_str() == Some("RS512") => Check::Pass,
        Some(v) => Check::Fail(Fail::certain(format!("alg is {}.", show(v)))),
        None => Check::Fail(Fail::certain("alg is missing.")),
    }
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    let message = match h.get("alg") {
        None => "The header has no alg. The platform needs \"alg\": \"RS512\".".to_string(),
        Some(v) if v.as_str() == Some("RS512") => return,
        Some(v) => match v.as_str() {
            Some(a) if a.eq_ignore_ascii_case("none") || a.to_ascii_uppercase().starts_with("HS") => return,
            Some(a) if a.eq_ignore_ascii_case("RS512") => {
                format!("alg is \"{a}\": the gateway compares it exactly, so it must be \"RS512\" in capitals.")
            }
            Some(a) => format!("alg is \"{a}\"; the platform accepts only \"RS512\" (RSASSA-PKCS1-v1_5 with SHA-512)."),
            None => format!("alg is {}, not a string; it must be \"RS512\".", show(v)),
        },
    };
    out.push(Finding::new(Code::AlgNotRs512, message).about("alg"));
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_on_another_alg_a_lowercase_one_or_none_at_all() {
        for alg in [json!("RS256"), json!("rs512"), json!("PS512"), json!(512), json!(null)] {
            let paste = curl_to(TOKEN_URL, &jwt(&with(header(), json!({ "alg": alg })), &claims()));
            fires(check, &paste, &ctx(), Code::AlgNotRs512);
        }
    }

    #[test]
    fn silent_with_rs512() {
        silent(check, &good_request(), &ctx());
    }

    #[test]
    fn silent_on_hmac_and_none_which_have_their_own_findings() {
        for alg in ["HS256", "none"] {
            let paste = curl_to(TOKEN_URL, &jwt(&with(header(), json!({ "alg": alg })), &claims()));
            silent(check, &paste, &ctx());
        }
    }
}
