//! A token request URL without its body: the form fields and the JWT cannot be checked.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if !f.is_token_call() {
        return;
    }
    // A browser's leg of the user-restricted flow (/authorize, /callback) has no body to show.
    let Some(r) = f.token_request().filter(|r| !crate::facts::browser_leg(r)) else { return };
    if !(r.body.is_none() && r.form.is_empty() && f.assertion().is_none()) {
        return;
    }
    // The answer pasted belongs to another flow (authorization code, refresh token): its own
    // fields are what the body would show, not a client assertion.
    let flow = f.error_body().and_then(|b| b.entry).map(|e| e.entry().flow);
    let message = match flow {
        Some(flow) if flow != "client_credentials" && flow != "any" && flow != "token_exchange" => format!(
            "The paste shows the token URL but not the request body, so the {} request's fields (grant_type, \
             client_id, client_secret, code or refresh_token) could not be checked. Paste the body (or the cURL) to \
             check them too.",
            flow.replace('_', " ")
        ),
        _ => "The paste shows the token URL but not the request body or the JWT, so client_id, \
              client_assertion_type and the claims could not be checked. Paste the body (or the cURL) and the JWT to \
              check them too."
            .to_string(),
    };
    out.push(Finding::new(Code::RequestBodyNotShown, message));
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn silent_on_a_browser_leg() {
        silent(check, "https://int.api.service.nhs.uk/oauth2/callback?code=4a1b&state=1f2e", &ctx());
    }

    #[test]
    fn fires_on_a_token_url_alone() {
        fires(check, &format!("POST {TOKEN_URL} returns 400"), &ctx(), Code::RequestBodyNotShown);
    }

    #[test]
    fn another_flow_s_answer_names_that_flow_s_fields() {
        let paste = format!(
            "POST {TOKEN_URL}\n{{\"error\":\"invalid_request\",\"error_description\":\"refresh_token is missing\"}}"
        );
        let r = crate::analyze(&paste, &ctx());
        let f = r.findings.iter().find(|f| f.code == Code::RequestBodyNotShown).expect("fires");
        assert!(!f.message.contains("client_assertion") && f.message.contains("refresh_token"), "{}", f.message);
    }

    #[test]
    fn silent_when_the_body_is_shown() {
        silent(check, &good_request(), &ctx());
        // The URL and the JWT, without the body.
        silent(check, &format!("POST {TOKEN_URL}\nclient_assertion: {}", good_jwt()), &ctx());
    }
}
