//! An API that takes only access tokens called with the API key alone: an `apikey` header and
//! no `Authorization` (spec §6.3; §12 case 6, F-3106: PDS does not accept API-key access).

use super::Facts;
use crate::platform::{first_segment, TOKEN_ONLY_BASES};
use crate::vocab::{Code, Finding};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.api_call() else { return };
    let Some(u) = r.parsed_url() else { return };
    let base = first_segment(u.path());
    // The sandbox is open access: no token is needed there (`sandbox-no-token-needed`).
    let sandbox = u.host_str().and_then(crate::platform::Environment::from_host).is_some_and(|e| e.is_sandbox());
    if !TOKEN_ONLY_BASES.contains(&base) || sandbox || r.header("authorization").is_some() {
        return;
    }
    if r.header("apikey").is_none() {
        return;
    }
    out.push(
        Finding::new(
            Code::ApiKeyWithoutToken,
            format!(
                "The call to /{base}/ sends the API key in the apikey header and no Authorization header. This \
                 API is called with an access token, not an API key: get one at the token endpoint (a signed JWT \
                 with the API key as iss and sub) and send Authorization: Bearer <access token>."
            ),
        )
        .about("authorization"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    const PDS: &str = "https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009";

    #[test]
    fn fires_on_an_apikey_alone_to_an_api_that_takes_tokens() {
        fires(check, &format!("curl {PDS} -H 'apikey: {KEY}'"), &ctx(), Code::ApiKeyWithoutToken);
        let notify = format!("curl -X POST https://int.api.service.nhs.uk/comms/v1/messages -H 'apikey: {KEY}'");
        fires(check, &notify, &ctx(), Code::ApiKeyWithoutToken);
    }

    #[test]
    fn silent_with_a_token_on_api_key_apis_and_in_the_sandbox() {
        silent(check, &format!("curl {PDS} -H 'apikey: {KEY}' -H 'Authorization: Bearer abc'"), &ctx());
        let hello = format!("curl https://int.api.service.nhs.uk/hello-world/hello/application -H 'apikey: {KEY}'");
        silent(check, &hello, &ctx());
        let sds = format!("curl https://int.api.service.nhs.uk/spine-directory/FHIR/R4/Device -H 'apikey: {KEY}'");
        silent(check, &sds, &ctx());
        let sandbox = format!(
            "curl https://sandbox.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009 -H 'apikey: {KEY}'"
        );
        silent(check, &sandbox, &ctx());
        silent(check, &good_request(), &ctx());
    }
}
