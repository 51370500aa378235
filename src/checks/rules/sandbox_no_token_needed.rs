//! Sandbox: almost every API is open access and needs no token; Hello World is the exception
//! (PDS spec; NHS-APIKEY-DOC).

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if f.environment().is_some_and(|e| e.is_sandbox()) || f.url_environment().is_some_and(|e| e.is_sandbox()) {
        out.push(Finding::new(
            Code::SandboxNoTokenNeeded,
            "This is the sandbox. Almost every sandbox API is open \
            access and needs no token at all (Hello World is the exception); sandbox does not let you test \
            authorisation. Test signed-JWT auth in INT.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::platform::Environment;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_in_sandbox() {
        let url = "https://sandbox.api.service.nhs.uk/oauth2/token";
        let paste = curl_to(url, &jwt(&header(), &with(claims(), json!({ "aud": url }))));
        fires(check, &paste, &ctx(), Code::SandboxNoTokenNeeded);
        fires(
            check,
            &good_request(),
            &ctx_with(|c| c.environment = Some(Environment::Sandbox)),
            Code::SandboxNoTokenNeeded,
        );
    }

    #[test]
    fn silent_in_int() {
        silent(check, &good_request(), &ctx());
    }
}
