//! A token response the paste shows (a 200 with an access token): what a user asking about one
//! needs to know, said as the verdict's why.

use super::verdict::Verdict;
use crate::decode::error_body::ErrorBody;
use crate::vocab::{Certainty, Provenance};

/// A token response the paste shows, with what a user asking about one needs to know.
pub fn explain(v: &mut Verdict, b: &ErrorBody) {
    let expires = b.json.get("expires_in").map(|v| v.to_string()).unwrap_or_else(|| "\"599\"".into());
    v.from = Provenance::Pasted;
    v.status = Some(200);
    v.error = Some(format!("an access token (expires_in {expires})"));
    v.headline = format!("200 OK: an access token (expires_in {expires})");
    v.certainty = Certainty::Certain;
    v.why = "this is the platform's token response: the token lives expires_in seconds (599), fixed by the \
             platform whatever the assertion's exp; expires_in is a JSON string, which a client that reads it \
             as a number fails on; reuse the token until shortly before it expires rather than fetching one per \
             call"
        .into();
    if b.json.get("issued_at").is_some() {
        v.why.push_str(
            "; issued_at is in milliseconds since the epoch (13 digits), unlike a JWT's times in seconds: \
             divide it by 1000 before adding expires_in",
        );
    }
    if b.json.get("refresh_token").is_none() && b.json.get("access_token").is_some() {
        v.why.push_str(
            "; an answer with no refresh token is the application-restricted kind (client_credentials, a signed \
             JWT): it never carries one, and a new token comes from signing a new assertion; refresh tokens come \
             only with user-restricted answers (authorization code, token exchange)",
        );
    }
    if b.json.get("refresh_token").is_some() {
        // The fields of a user-restricted answer (spec §14: authorization code, token exchange).
        v.why.push_str(
            "; refresh_token gets a new access token without the user signing in again (grant_type=refresh_token \
             with client_id and client_secret in the form body); store the refresh_token each answer gives and \
             send that one next time (likely a new one each time: refresh_count counts the refreshes); \
             refresh_token_expires_in is the refresh period in seconds, also a string, set by the platform: once it \
             is over the refresh fails with \"refresh token refresh period has expired\" and the user signs in \
             again. Neither lifetime can be asked for in the request",
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_token_response_with_a_refresh_token_explains_its_fields() {
        let ctx = crate::context::Context { now: 1_760_000_000, ..Default::default() };
        let body = r#"{"access_token":"x","expires_in":"599","refresh_token":"y","refresh_token_expires_in":"43199","refresh_count":"0","token_type":"Bearer"}"#;
        let why = crate::analyze(body, &ctx).verdict.why;
        assert!(why.contains("refresh_token_expires_in") && why.contains("refresh period has expired"), "{why}");
        let plain =
            crate::analyze(r#"{"access_token":"x","expires_in":"599","token_type":"Bearer"}"#, &ctx).verdict.why;
        assert!(!plain.contains("refresh_token") && plain.contains("no refresh token"), "{plain}");
    }
}
