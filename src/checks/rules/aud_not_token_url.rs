//! No request was pasted, and `aud` is not any environment's token URL (spec §1.3).

use super::Facts;
use crate::platform::{Environment, TOKEN_PATH};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if f.is_token_call() && f.token_request().and_then(|r| r.url.as_ref()).is_some() {
        return; // aud_mismatch compares against the real URL
    }
    let Some((_, c)) = f.claims() else { return };
    let Some(aud) = c.get("aud").and_then(|a| a.as_str()) else { return };
    if Environment::ALL.iter().any(|e| e.token_url() == aud) {
        return;
    }
    let why = match crate::platform::parse_url(aud) {
        None => "it is not a full URL (it needs https://)".to_string(),
        Some(u) => match u.host_str().and_then(Environment::from_host) {
            None => format!("{} is not an NHS API Platform host", u.host_str().unwrap_or("it has no host, and")),
            Some(env) => {
                let want = env.token_url();
                if aud != aud.trim() {
                    "it has white space around it".to_string()
                } else if u.path() == "/oauth2" || u.path() == "/oauth2/" {
                    format!("the path stops at /oauth2; it must be {TOKEN_PATH} ({want})")
                } else if u.path().trim_end_matches('/') == TOKEN_PATH {
                    format!("it has a trailing slash or query; it must be exactly {want}")
                } else if u.scheme() != "https" {
                    format!("it must use https: {want}")
                } else {
                    format!("for {} it must be exactly {want}", env.name())
                }
            }
        },
    };
    out.push(
        Finding::new(Code::AudNotTokenUrl, format!("aud is \"{aud}\", which is no environment's token URL: {why}."))
            .about("aud"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_when_a_lone_token_names_no_token_url() {
        let auds = [
            "https://int.api.service.nhs.uk/oauth2",
            "https://int.api.service.nhs.uk/oauth2/token/",
            "int.api.service.nhs.uk/oauth2/token",
            "https://example.com/oauth2/token",
        ];
        for aud in auds {
            let paste = jwt(&header(), &with(claims(), json!({ "aud": aud })));
            fires(check, &paste, &ctx(), Code::AudNotTokenUrl);
        }
    }

    #[test]
    fn silent_when_aud_is_a_token_url() {
        silent(check, &good_jwt(), &ctx());
        silent(check, &good_request(), &ctx());
    }

    #[test]
    fn silent_when_a_request_is_pasted_as_aud_mismatch_compares_then() {
        let paste = curl_to(
            TOKEN_URL,
            &jwt(&header(), &with(claims(), json!({ "aud": "https://int.api.service.nhs.uk/oauth2" }))),
        );
        silent(check, &paste, &ctx());
    }
}
