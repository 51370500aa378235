//! No `grant_type` in the form (RaiseFault.MissingGrantType).

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::GrantTypeMissing), decide };

/// The form body is shown (in whole or in part).
pub fn body_shown(r: &crate::decode::request::Request) -> bool {
    !r.form.is_empty() || r.body.is_some()
}

/// A field not shown in a partial body, or written as a placeholder, is unknown: assumed right,
/// and said so.
pub fn unknown(r: &crate::decode::request::Request, name: &str) -> bool {
    match r.form_value(name) {
        None => r.partial,
        Some(v) => crate::extract::vars::is_placeholder(v),
    }
}

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some(r) = f.token_call().filter(|r| body_shown(r)) else { return Check::Pass };
    if unknown(r, "grant_type") {
        return Check::unknown_field("grant_type is right (it is not shown in the paste)");
    }
    r.form_value("grant_type").is_none().then(|| Fail::certain("The body has no grant_type.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request().filter(|r| !r.form.is_empty() && !r.partial) else { return };
    if decide(f, &crate::checks::oracle::ASSUME) == Check::Pass {
        return;
    }
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
    use crate::checks::rules::testing::*;
    use crate::platform::CLIENT_ASSERTION_TYPE;
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
