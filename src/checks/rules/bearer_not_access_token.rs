//! An API called with a Bearer token that cannot be a platform access token: a JWT (the
//! platform's access tokens are opaque), or a value the code names as an id_token (CIS2's or NHS
//! login's, sent before it was exchanged at /oauth2/token).

use super::Facts;
use crate::vocab::{Code, Finding};

/// What the Bearer token of `authorization` is, when it cannot be an access token.
pub fn not_an_access_token(authorization: &str) -> Option<&'static str> {
    let token = authorization.trim().strip_prefix("Bearer ")?.trim();
    let lower = token.to_ascii_lowercase().replace(['_', '-'], "");
    if lower.contains("idtoken") {
        return Some("the id_token the code names");
    }
    let parts: Vec<&str> = token.split('.').collect();
    let jwt = parts.len() == 3 && parts[0].starts_with("eyJ") && parts[1].starts_with("eyJ");
    jwt.then_some("a JWT")
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(what) = f.api_call().and_then(|r| r.header("Authorization")).and_then(not_an_access_token) else {
        return;
    };
    out.push(
        Finding::new(
            Code::BearerNotAccessToken,
            format!(
                "The Bearer token is {what}. The platform's access tokens are opaque strings from /oauth2/token: a \
                 CIS2 or NHS login id_token must first be exchanged for one there (token exchange), and a client \
                 assertion is what you send to get one."
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

    const API: &str = "https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9693632109";

    #[test]
    fn fires_on_a_jwt_or_an_id_token_as_the_bearer() {
        let jwt = good_jwt();
        fires(check, &format!("curl {API} -H 'Authorization: Bearer {jwt}'"), &ctx(), Code::BearerNotAccessToken);
        let code = format!("r = httpx.get(\"{API}\", headers={{\"Authorization\": f\"Bearer {{id_token}}\"}})");
        fires(check, &code, &ctx(), Code::BearerNotAccessToken);
    }

    #[test]
    fn silent_on_an_opaque_token() {
        silent(check, &format!("curl {API} -H 'Authorization: Bearer 3GTPjaC26sGmCyrz02ua785bdpBP'"), &ctx());
        silent(check, &format!("curl {API} -H 'Authorization: Bearer $TOKEN'"), &ctx());
    }
}
