//! Every jti is single-use, and it is consumed before the key, JWKS and signature checks: a
//! retried assertion fails with "Non-unique 'jti'" (PopulateCache.JTIClaim.xml; IDS-FLOW).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    // The pasted answer comes from a check before the jti's (the JWT has expired, a claim is
    // wrong): the gateway never reached the jti, and a note about reusing it is beside the point.
    let jti_step = crate::vocab::ErrorId::JtiNonUnique.entry().step;
    let answered = f.error_body().and_then(|b| b.entry);
    let step = answered.and_then(|e| e.entry().step);
    if step.is_some_and(|s| jti_step.is_some_and(|j| s < j)) {
        return;
    }
    // An answer that is not the token endpoint's (an API's, the access token's): the assertion
    // already got its token, and its jti is beside the point.
    if answered.is_some() && step.is_none() {
        return;
    }
    let Some(jti) = c.get("jti").and_then(|j| j.as_str()) else { return };
    // The answer is from a check after the jti's: the gateway has spent this jti already.
    let message = if step.is_some_and(|s| jti_step.is_some_and(|j| s > j)) {
        format!(
            "jti \"{jti}\" was spent by the call that got this answer (the gateway records a jti before the checks \
             after it): sign a new assertion, with a new jti, for the next request."
        )
    } else {
        format!(
            "jti \"{jti}\" can be used once per 30 days. If this JWT was already sent — even in a request that \
             failed — sending it again fails with \"Non-unique 'jti' claim in client_assertion JWT\"."
        )
    };
    out.push(Finding::new(Code::JtiSingleUse, message).about("jti"));
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    // A note on every string jti, the correct request included.
    #[test]
    fn fires_on_a_string_jti() {
        fires(check, &good_request(), &ctx(), Code::JtiSingleUse);
    }

    #[test]
    fn silent_when_the_pasted_answer_is_from_an_earlier_check() {
        let expired = format!(
            "{}\n{{\"error\":\"invalid_request\",\"error_description\":\"Invalid 'exp' claim in client_assertion JWT - JWT has expired\",\"message_id\":\"rrt-1\"}}",
            good_request()
        );
        silent(check, &expired, &ctx());
    }

    #[test]
    fn an_answer_from_a_later_check_spent_the_jti() {
        let later = format!(
            "{}\n{{\"error\":\"invalid_request\",\"error_description\":\"Invalid 'kid' header in client_assertion JWT - no matching public key\",\"message_id\":\"rrt-1\"}}",
            good_request()
        );
        let found = findings(check, &later, &ctx());
        assert!(found.iter().any(|f| f.message.contains("was spent")), "{found:?}");
        assert!(!found.iter().any(|f| f.message.contains("Non-unique")), "{found:?}");
    }

    #[test]
    fn silent_beside_an_apis_answer() {
        let api = format!(
            "{}\n{{\"resourceType\":\"OperationOutcome\",\"issue\":[{{\"severity\":\"error\",\"code\":\"forbidden\",\"diagnostics\":\"Access Token expired\"}}]}}",
            good_request()
        );
        silent(check, &api, &ctx());
    }

    #[test]
    fn silent_without_a_string_jti() {
        for jti in [json!(null), json!(42)] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "jti": jti }))));
            silent(check, &paste, &ctx());
        }
    }
}
