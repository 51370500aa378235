//! `/oauth2-mock/token`: the mock identity deployment (Keycloak), for user-restricted testing.

use super::Facts;
use crate::platform::MOCK_TOKEN_PATH;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(u) = f.post_url() else { return };
    if u.path() == MOCK_TOKEN_PATH {
        out.push(
            Finding::new(
                Code::Oauth2MockPath,
                format!(
                    "The request goes to {MOCK_TOKEN_PATH}, the mock identity \
            deployment for user-restricted testing. Application-restricted signed-JWT tokens come from /oauth2/token; \
            aud must equal whichever URL you POST to."
                ),
            )
            .about("url"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_on_the_mock_token_path() {
        let url = "https://int.api.service.nhs.uk/oauth2-mock/token";
        let paste = curl_to(url, &jwt(&header(), &with(claims(), json!({ "aud": url }))));
        fires(check, &paste, &ctx(), Code::Oauth2MockPath);
    }

    #[test]
    fn silent_on_the_token_path() {
        silent(check, &good_request(), &ctx());
    }
}
