//! A token request URL without its body: the form fields and the JWT cannot be checked.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if !f.is_token_call() {
        return;
    }
    let Some(r) = f.token_request() else { return };
    if r.body.is_none() && r.form.is_empty() && f.assertion().is_none() {
        out.push(Finding::new(
            Code::RequestBodyNotShown,
            "The paste shows the token URL but not the request body or \
            the JWT, so client_id, client_assertion_type and the claims could not be checked. Paste the body (or the \
            cURL) and the JWT to narrow it down.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_a_token_url_alone() {
        fires(check, &format!("POST {TOKEN_URL} returns 400"), &ctx(), Code::RequestBodyNotShown);
    }

    #[test]
    fn silent_when_the_body_is_shown() {
        silent(check, &good_request(), &ctx());
        // The URL and the JWT, without the body.
        silent(check, &format!("POST {TOKEN_URL}\nclient_assertion: {}", good_jwt()), &ctx());
    }
}
