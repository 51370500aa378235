//! `client_assertion_type` missing or not the jwt-bearer URN (RaiseFault.MissingOrInvalidClientAssertionType).

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::platform::CLIENT_ASSERTION_TYPE;
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::ClientAssertionTypeInvalid), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some(r) = f.token_call().filter(|r| super::grant_type_missing::fields_shown(r)) else { return Check::Pass };
    if super::grant_type_missing::unknown(r, "client_assertion_type") {
        return Check::unknown_field("client_assertion_type is right (it is not shown in the paste)");
    }
    (r.form_value("client_assertion_type") != Some(CLIENT_ASSERTION_TYPE))
        .then(|| Fail::certain("client_assertion_type is not the jwt-bearer URN after one decode."))
        .into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request() else { return };
    if !matches!(decide(f, &crate::checks::oracle::ASSUME), Check::Fail(_)) {
        return;
    }
    match r.form_value("client_assertion_type") {
        Some(t) if t == CLIENT_ASSERTION_TYPE => {}
        // Not shown in a partial body, or a placeholder: unknown, not wrong.
        None if r.partial => {}
        Some(t) if crate::extract::vars::is_placeholder(t) => {}
        Some(t) if t.contains('%') => {} // double encoding has its own finding
        Some(t) => out.push(
            Finding::new(
                Code::ClientAssertionTypeInvalid,
                format!("client_assertion_type is \"{t}\"; it must be exactly {CLIENT_ASSERTION_TYPE}."),
            )
            .about("client_assertion_type"),
        ),
        None => out.push(
            Finding::new(
                Code::ClientAssertionTypeInvalid,
                format!(
                    "The form body has no client_assertion_type. Add client_assertion_type={CLIENT_ASSERTION_TYPE}."
                ),
            )
            .about("client_assertion_type"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::platform::CLIENT_ASSERTION_TYPE;
    use crate::vocab::Code;

    #[test]
    fn fires_on_a_wrong_or_missing_client_assertion_type() {
        let wrong =
            good_request().replace(CLIENT_ASSERTION_TYPE, "urn:ietf:params:oauth:client-assertion-type:jwt_bearer");
        fires(check, &wrong, &ctx(), Code::ClientAssertionTypeInvalid);
        let missing = form(&[("grant_type", "client_credentials"), ("client_assertion", &good_jwt())]);
        fires(check, &curl_body(TOKEN_URL, &missing), &ctx(), Code::ClientAssertionTypeInvalid);
    }

    #[test]
    fn silent_with_the_jwt_bearer_urn() {
        silent(check, &good_request(), &ctx());
    }
}
