//! Token parameters in the URL query instead of the body (IDS-AC-TEST
//! test_access_token_with_params → 415); a query also makes `aud` ≠ proxy.url.

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::ParamsInQuery), decide };

/// The token parameters in the query and no body: the gateway reads no form (415 in its own
/// test, which sends no Content-Type). With the headers not shown, likely the same; with exactly
/// the form type, this step passes and the body's own steps answer. A query beside a body — a
/// form, or JSON text the gateway reads no form from — is judged by the body's own steps and by
/// `aud` (the query is part of proxy.url, step 13).
fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some(r) = f.token_call() else { return Check::Pass };
    let no_body = r.form.is_empty() && r.body.as_deref().is_none_or(|b| b.trim().is_empty());
    if !(r.query.iter().any(|(k, _)| k == "grant_type") && no_body) {
        return Check::Pass;
    }
    // The 415 is the Content-Type condition (spec §2): a request that sends exactly the form type
    // passes it, with no body, and meets the next step (no grant_type in the body: 400).
    let known = super::content_type_wrong::headers_known(r);
    if known && r.content_type.as_deref() == Some(crate::platform::FORM_CONTENT_TYPE) {
        return Check::Pass;
    }
    let why = "The parameters are in the URL query, not the body.";
    Check::Fail(if known { Fail::certain(why) } else { Fail::likely(why) })
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if !f.is_token_call() {
        return;
    }
    let Some(r) = f.token_request() else { return };
    // The browser's legs of a user-restricted flow take their parameters in the query.
    if crate::facts::browser_leg(r) {
        return;
    }
    let names: Vec<&str> = r.query.iter().map(|(k, _)| k.as_str()).collect();
    if names.is_empty() {
        return;
    }
    let token_params =
        names.iter().any(|n| matches!(*n, "grant_type" | "client_assertion" | "client_assertion_type" | "client_id"));
    let what = if token_params { "Token parameters are in the URL query" } else { "The token URL has a query string" };
    out.push(
        Finding::new(
            Code::ParamsInQuery,
            format!(
                "{what} ({}). Send them in the form body; the URL must be \
        exactly the token URL, because aud is compared with the whole URL.",
                names.join(", ")
            ),
        )
        .about("url"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_a_query_string() {
        for query in ["grant_type=client_credentials", "debug=1"] {
            fires(check, &curl_to(&format!("{TOKEN_URL}?{query}"), &good_jwt()), &ctx(), Code::ParamsInQuery);
        }
    }

    #[test]
    fn silent_on_the_authorize_redirect() {
        silent(
            check,
            "GET https://int.api.service.nhs.uk/oauth2/authorize?client_id=x&response_type=code -> 302",
            &ctx(),
        );
    }

    #[test]
    fn the_gateway_answers_415_without_the_form_type_and_400_with_it() {
        let query = format!("{TOKEN_URL}?grant_type=client_credentials");
        let bare = crate::analyze(&format!("curl -X POST '{query}'"), &ctx());
        assert_eq!(bare.predicted.as_ref().map(|p| p.status), Some(415), "{:?}", bare.predicted);
        let typed = format!("curl -X POST '{query}' -H 'Content-Type: application/x-www-form-urlencoded' -d ''");
        let typed = crate::analyze(&typed, &ctx());
        let p = typed.predicted.as_ref().expect("a prediction");
        assert_eq!((p.status, p.error_description.as_deref()), (400, Some("grant_type is missing")), "{p:?}");
    }

    #[test]
    fn silent_without_one() {
        silent(check, &good_request(), &ctx());
    }
}
