//! `/oauth2-mock/token`: the mock identity deployment (Keycloak), for user-restricted testing.

use super::Facts;
use crate::platform::MOCK_TOKEN_PATH;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(u) = f.post_url() else { return };
    if u.path() == MOCK_TOKEN_PATH {
        out.push(Finding::new(Code::Oauth2MockPath, format!("The request goes to {MOCK_TOKEN_PATH}, the mock identity deployment for user-restricted testing. Application-restricted signed-JWT tokens come from /oauth2/token; aud must equal whichever URL you POST to.")).about("url"));
    }
}
