//! An API called with `Authorization` that is not `Bearer <access token>`, or with the API key
//! in a header the platform does not read (spec §6: the platform reads `Authorization: Bearer`
//! for tokens and `apikey` for API-key APIs).

use super::Facts;
use crate::vocab::{Code, Finding};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request().filter(|r| r.parsed_url().is_some_and(|u| !u.path().starts_with("/oauth2"))) else {
        return;
    };
    if let Some(a) = r.header("authorization") {
        let scheme = a.split_whitespace().next().unwrap_or("");
        if !scheme.eq_ignore_ascii_case("bearer") {
            let shown = crate::platform::redact(a.trim());
            out.push(
                Finding::new(
                    Code::AuthorizationNotBearer,
                    format!(
                        "Authorization is \"{shown}\" without \"Bearer \": APIs on the platform read \
                         Authorization: Bearer <access token>, the access_token from /oauth2/token."
                    ),
                )
                .about("authorization"),
            );
        }
    }
    if r.header("x-api-key").is_some() && r.header("apikey").is_none() {
        out.push(
            Finding::new(
                Code::ApiKeyHeaderName,
                "The API key is sent as x-api-key; the platform reads it only from the header named apikey \
                 (APIs that take API-key authentication).",
            )
            .about("x-api-key"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    const API: &str = "https://int.api.service.nhs.uk/referrals/FHIR/R4/Binary/1";

    #[test]
    fn fires_without_bearer_and_on_x_api_key() {
        let paste = format!("URL: {API}\nAuthorization: 3GTPjaC26sGmCyrz02ua785bdpBP\n");
        fires(check, &paste, &ctx(), Code::AuthorizationNotBearer);
        let paste = format!("curl {API} -H 'x-api-key: {KEY}'");
        fires(check, &paste, &ctx(), Code::ApiKeyHeaderName);
    }

    #[test]
    fn silent_with_bearer_and_apikey() {
        silent(check, &format!("curl {API} -H 'Authorization: Bearer 3GTPjaC26sGmCyrz02ua785bdpBP'"), &ctx());
        silent(check, &format!("curl {API} -H 'apikey: {KEY}'"), &ctx());
        silent(check, &good_request(), &ctx());
    }
}
