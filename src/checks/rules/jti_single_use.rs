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
    let earlier = f.error_body().and_then(|b| b.entry).and_then(|e| e.entry().step);
    if earlier.is_some_and(|s| jti_step.is_some_and(|j| s < j)) {
        return;
    }
    if let Some(jti) = c.get("jti").and_then(|j| j.as_str()) {
        out.push(
            Finding::new(
                Code::JtiSingleUse,
                format!(
                    "jti \"{jti}\" can be used once per 30 days. If this JWT was \
                already sent — even in a request that failed — sending it again fails with \"Non-unique 'jti' claim \
                in client_assertion JWT\"."
                ),
            )
            .about("jti"),
        );
    }
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
    fn silent_without_a_string_jti() {
        for jti in [json!(null), json!(42)] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "jti": jti }))));
            silent(check, &paste, &ctx());
        }
    }
}
