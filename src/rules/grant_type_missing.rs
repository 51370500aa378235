//! No `grant_type` in the form (RaiseFault.MissingGrantType).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request().filter(|r| !r.form.is_empty() && !r.partial) else { return };
    if r.form_value("grant_type").is_none() {
        out.push(
            Finding::new(Code::GrantTypeMissing, "The form body has no grant_type. Add grant_type=client_credentials.")
                .about("grant_type"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::platform::CLIENT_ASSERTION_TYPE;
    use crate::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_when_the_form_has_no_grant_type() {
        let body = form(&[("client_assertion_type", CLIENT_ASSERTION_TYPE), ("client_assertion", &good_jwt())]);
        fires(check, &curl_body(TOKEN_URL, &body), &ctx(), Code::GrantTypeMissing);
    }

    #[test]
    fn silent_with_grant_type() {
        silent(check, &good_request(), &ctx());
    }
}
