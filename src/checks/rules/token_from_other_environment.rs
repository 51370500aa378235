//! The token came from one environment's token endpoint and the API call went to another's.
//! Tokens, like apps and keys, exist per environment (spec §1.1): the API's environment does not
//! know a token another issued, and answers that the access token is invalid.

use super::Facts;
use crate::platform::Environment;
use crate::vocab::{Code, Finding};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let env = |r: &crate::decode::request::Request| r.parsed_url()?.host_str().and_then(Environment::from_host);
    let Some(call) = f.api_call() else { return };
    let Some(api_env) = env(call) else { return };
    let token_env = f
        .requests
        .iter()
        .filter(|r| r.parsed_url().is_some_and(|u| u.path().starts_with("/oauth2/token")))
        .find_map(env)
        .filter(|e| *e != api_env);
    let Some(token_env) = token_env else { return };
    out.push(
        Finding::new(
            Code::TokenFromOtherEnvironment,
            format!(
                "The token comes from {}'s token endpoint ({}) but the API call goes to {}: tokens exist per \
                 environment, so {} does not know this one. Get the token from {} with an app and key made \
                 there.",
                token_env.name(),
                token_env.token_url(),
                api_env.name(),
                api_env.name(),
                api_env.token_url()
            ),
        )
        .about("request"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    const PDS: &str = "https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009";

    #[test]
    fn fires_on_a_sandbox_token_used_on_int() {
        let paste = format!(
            "const TOKEN_URL = \"https://sandbox.api.service.nhs.uk/oauth2/token\";\n\
             curl {PDS} -H 'Authorization: Bearer 3GTPjaC26sGmCyrz02ua785bdpBP'"
        );
        fires(check, &paste, &ctx(), Code::TokenFromOtherEnvironment);
    }

    #[test]
    fn silent_when_both_are_one_environment() {
        let paste = format!(
            "const TOKEN_URL = \"https://int.api.service.nhs.uk/oauth2/token\";\n\
             curl {PDS} -H 'Authorization: Bearer 3GTPjaC26sGmCyrz02ua785bdpBP'"
        );
        silent(check, &paste, &ctx());
    }
}
