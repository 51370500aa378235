//! The token request goes to a path other than `/oauth2/token` (RaiseFault.NotFound.xml for
//! other `/oauth2/` paths).

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::platform::{MOCK_TOKEN_PATH, TOKEN_PATH};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::TokenPathWrong), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some(u) = f.token_call().and_then(crate::decode::request::Request::parsed_url) else { return Check::Pass };
    let path = u.path();
    if path == TOKEN_PATH || path == MOCK_TOKEN_PATH {
        return Check::Pass;
    }
    if f.token_call().is_some_and(crate::facts::browser_leg) {
        return Check::Pass;
    }
    let why = format!("The request goes to {path}, not {TOKEN_PATH}.");
    let nhs = u.host_str().and_then(crate::platform::Environment::from_host).is_some();
    // Another /oauth2/… path on a platform host: the proxy's NotFound. A trailing slash, the
    // bare /oauth2 or another host: likely the same, not proven.
    let exact = nhs && path.starts_with("/oauth2/") && path.trim_end_matches('/') != TOKEN_PATH;
    Check::Fail(if exact { Fail::certain(why) } else { Fail::likely(why) })
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if !matches!(decide(f, &crate::checks::oracle::ASSUME), Check::Fail(_)) {
        return;
    }
    let Some(u) = f.post_url() else { return };
    let path = u.path();
    let why = if path.trim_end_matches('/') == TOKEN_PATH {
        "a trailing slash".to_string()
    } else if path == "/oauth2" || path == "/oauth2/" {
        "the path stops at /oauth2".to_string()
    } else {
        format!("the path is {path}")
    };
    out.push(
        Finding::new(
            Code::TokenPathWrong,
            format!("The request goes to {u} — {why}. The token endpoint is exactly {TOKEN_PATH}."),
        )
        .about("url"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_another_oauth2_path() {
        for url in [
            "https://int.api.service.nhs.uk/oauth2/token/",
            "https://int.api.service.nhs.uk/oauth2",
            "https://int.api.service.nhs.uk/oauth2/authorize",
        ] {
            fires(check, &curl_to(url, &good_jwt()), &ctx(), Code::TokenPathWrong);
        }
    }

    #[test]
    fn silent_on_the_token_and_mock_token_paths() {
        silent(check, &good_request(), &ctx());
        silent(check, "GET https://int.api.service.nhs.uk/oauth2-mock/authorize?client_id=x -> 404", &ctx());
        silent(check, &curl_to("https://int.api.service.nhs.uk/oauth2-mock/token", &good_jwt()), &ctx());
    }
}
