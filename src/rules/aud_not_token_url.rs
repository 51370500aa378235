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
