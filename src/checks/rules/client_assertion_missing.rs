//! A token request with a form body but no `client_assertion`.

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::ClientAssertionMissing), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let request = f.token_call();
    match request.filter(|r| super::grant_type_missing::fields_shown(r)).map(|r| (r, r.form_value("client_assertion")))
    {
        Some((r, None)) if r.partial => Check::unknown_field("the body carries this JWT as client_assertion"),
        // A variable or placeholder: the JWT it stands for is not in the paste, unless it was
        // printed elsewhere (then that is the one).
        Some((_, Some(a))) if crate::extract::vars::is_placeholder(a) => match f.assertion() {
            None => Check::Stop,
            Some(_) => Check::unknown_field(format!("client_assertion {a} holds the JWT printed in the paste")),
        },
        Some((_, None)) => Check::Fail(Fail::certain("The body has no client_assertion.")),
        Some((_, Some(a))) if a.trim().is_empty() => Check::Fail(Fail::certain("client_assertion is empty.")),
        _ if f.assertion().is_some() => Check::Pass,
        // No JWT anywhere: a body that carries none, else nothing to judge.
        // (A body posted to an API is that API's, not a token request's.)
        _ if f.token_request().is_some_and(|r| {
            r.body.is_some() && !r.json_body && r.parsed_url().is_none_or(|u| u.path().starts_with("/oauth2"))
        }) =>
        {
            Check::Fail(Fail::likely("No client assertion JWT was found."))
        }
        _ => Check::Stop,
    }
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request() else { return };
    if !matches!(decide(f, &crate::checks::oracle::ASSUME), Check::Fail(_)) {
        return;
    }
    match r.form_value("client_assertion") {
        Some(a) if !a.trim().is_empty() => {}
        None if r.partial => {}
        _ => {
            let hint = if r.header("authorization").is_some_and(|a| a.contains("eyJ")) {
                " The JWT is in the Authorization header instead."
            } else {
                ""
            };
            out.push(
                Finding::new(
                    Code::ClientAssertionMissing,
                    format!("The form body has no client_assertion: the signed JWT is not sent.{hint}"),
                )
                .about("client_assertion"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::platform::CLIENT_ASSERTION_TYPE;
    use crate::vocab::Code;

    #[test]
    fn fires_when_the_form_has_no_client_assertion() {
        let without = form(&[("grant_type", "client_credentials"), ("client_assertion_type", CLIENT_ASSERTION_TYPE)]);
        fires(check, &curl_body(TOKEN_URL, &without), &ctx(), Code::ClientAssertionMissing);
        let empty = form(&[
            ("grant_type", "client_credentials"),
            ("client_assertion_type", CLIENT_ASSERTION_TYPE),
            ("client_assertion", " "),
        ]);
        fires(check, &curl_body(TOKEN_URL, &empty), &ctx(), Code::ClientAssertionMissing);
        let in_header = curl_body(TOKEN_URL, &without)
            .replace("-d '", &format!("-H 'Authorization: Bearer {}' \\\n  -d '", good_jwt()));
        fires(check, &in_header, &ctx(), Code::ClientAssertionMissing);
    }

    #[test]
    fn silent_with_a_client_assertion() {
        silent(check, &good_request(), &ctx());
        silent(check, &curl_body(TOKEN_URL, &form_body(&good_jwt())), &ctx());
    }

    #[test]
    fn silent_on_a_body_posted_to_an_api() {
        // An API's own POST (an e-RS operation with a FHIR body) is not a token request.
        let api = "https://int.api.service.nhs.uk/referrals/FHIR/STU3/ReferralRequest/1/$ers.recordReviewOutcome";
        silent(
            check,
            &format!("curl -X POST '{api}' -H 'Content-Type: application/fhir+json' -d @outcome.json"),
            &ctx(),
        );
    }
}
