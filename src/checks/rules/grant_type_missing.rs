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

/// The form's fields are there to judge one by one: a form body is shown. A JSON body has no form
/// fields at all; the gateway stops on it earlier (415, or no grant_type), and form-body-is-json
/// says why, so the steps for single fields have nothing of their own to add.
pub fn fields_shown(r: &crate::decode::request::Request) -> bool {
    body_shown(r) && !r.json_body
}

/// A field not shown in a partial body, or written as a placeholder, is unknown: assumed right,
/// and said so.
pub fn unknown(r: &crate::decode::request::Request, name: &str) -> bool {
    match r.form_value(name) {
        None => r.partial,
        Some(v) => crate::extract::vars::is_placeholder(v),
    }
}

/// A multipart body (FormData, `curl -F`) sent under the form Content-Type: the header passes the
/// 415 step, and the gateway reads no form field from the parts.
fn multipart_under_form(r: &crate::decode::request::Request) -> bool {
    r.multipart && r.form.is_empty() && r.content_type.as_deref() == Some(crate::platform::FORM_CONTENT_TYPE)
}

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    if f.token_call().is_some_and(multipart_under_form) {
        return Check::Fail(Fail::likely(
            "The body is multipart/form-data under a form Content-Type: no form field is read from it.",
        ));
    }
    let Some(r) = f.token_call().filter(|r| body_shown(r)) else { return Check::Pass };
    if unknown(r, "grant_type") {
        return Check::unknown_field("grant_type is right (it is not shown in the paste)");
    }
    r.form_value("grant_type").is_none().then(|| Fail::certain("The body has no grant_type.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if let Some(r) = f.token_request().filter(|r| multipart_under_form(r)) {
        let how = if r.source == Some(crate::decode::request::RequestSource::Curl) { "curl -F" } else { "FormData" };
        out.push(
            Finding::new(
                Code::GrantTypeMissing,
                format!(
                    "The body is built with {how}, which sends multipart/form-data whatever the Content-Type header \
                     says; under the form Content-Type the gateway reads no grant_type from it. Send a form-encoded \
                     body (URLSearchParams, curl --data-urlencode)."
                ),
            )
            .about("grant_type"),
        );
        return;
    }
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
    fn fires_on_form_data_under_the_form_type() {
        let code = "const body = new FormData();\nbody.append(\"grant_type\", \"client_credentials\");\n\
                    await fetch(\"https://int.api.service.nhs.uk/oauth2/token\", { method: \"POST\", headers: \
                    { \"Content-Type\": \"application/x-www-form-urlencoded\" }, body });";
        fires(check, code, &ctx(), Code::GrantTypeMissing);
    }

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
