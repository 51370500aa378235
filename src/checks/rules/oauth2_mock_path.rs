//! `/oauth2-mock/token`: the mock identity deployment (Keycloak), for user-restricted testing.
//! In dev it is `/oauth2-mock-dep` since APM-6519: `/oauth2-mock/…` there is no proxy (404).

use super::Facts;
use crate::platform::{dev_mock_moved, first_segment, Environment, MOCK_TOKEN_PATH};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let dev_mock = f.requests.iter().filter_map(|r| r.parsed_url()).find(|u| {
        u.host_str().and_then(Environment::from_host).is_some_and(|env| dev_mock_moved(env, first_segment(u.path())))
    });
    if let Some(u) = dev_mock {
        out.push(
            Finding::new(
                Code::Oauth2MockPath,
                format!(
                    "The request goes to {}, and dev has no /oauth2-mock: dev's mock identity deployment is \
                     /oauth2-mock-dep (identity-service APM-6519), so /oauth2-mock/… there answers 404 (no proxy for \
                     the path). Use https://dev.api.service.nhs.uk/oauth2-mock-dep/… (and aud to match), or int's \
                     /oauth2-mock.",
                    u.path()
                ),
            )
            .about("url"),
        );
        return;
    }
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
    fn fires_on_dev_mock_path_with_its_new_name() {
        let url = "https://dev.api.service.nhs.uk/oauth2-mock/token";
        let paste = curl_to(url, &jwt(&header(), &with(claims(), json!({ "aud": url }))));
        fires(check, &paste, &ctx(), Code::Oauth2MockPath);
        let report = crate::analyze(&paste, &ctx());
        let said = report.findings.iter().find(|f| f.code == Code::Oauth2MockPath).map(|f| f.message.as_str());
        assert!(said.is_some_and(|m| m.contains("/oauth2-mock-dep")), "{said:?}");
    }

    #[test]
    fn silent_on_the_token_path() {
        silent(check, &good_request(), &ctx());
        let url = "https://dev.api.service.nhs.uk/oauth2-mock-dep/token";
        silent(check, &curl_to(url, &jwt(&header(), &with(claims(), json!({ "aud": url })))), &ctx());
    }
}
