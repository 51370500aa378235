//! `aud` ≠ the exact URL the request is POSTed to (proxy.url: the complete URL including any
//! query — APIGEE-PROXYURL; VerifyJWT.ClientCredentials.xml; F-7141 "character-for-character").

use url::Url;

use super::{show, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::platform::Environment;
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1): VerifyJWT's `<Audience ref="proxy.url"/>`.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::AudMismatch), decide };

fn decide(f: &Facts, oracle: &dyn Oracle) -> Check {
    let Some((t, c)) = f.claims() else { return Check::Pass };
    // The URL the request goes to, else the token URL that aud names, else the environment's.
    let target = f.token_call().and_then(|r| r.parsed_url()).map(|u| u.to_string()).or_else(|| {
        let aud = t.claim_str("aud").filter(|a| Environment::ALL.iter().any(|e| e.token_url() == *a));
        aud.map(String::from).or_else(|| f.environment().map(|e| e.token_url()))
    });
    let fits = |a: &str| {
        oracle.aud_received_at(a)
            || match target.as_deref() {
                Some(url) => a == url.trim(),
                None => Environment::ALL.iter().any(|e| e.token_url() == a),
            }
    };
    let aud = c.get("aud");
    if aud.and_then(|a| a.as_str()).is_some_and(fits) {
        return Check::Pass;
    }
    // RFC 7519 §4.1.3 allows aud as an array of strings; whether the gateway's VerifyJWT takes
    // one that holds the URL is not settled by its source: likely, not certain.
    if aud.and_then(|a| a.as_array()).is_some_and(|a| a.iter().filter_map(|v| v.as_str()).any(fits)) {
        return Check::assume(
            "aud as an array holding the token URL is accepted (RFC 7519 allows an array; the platform's source \
             does not settle it)",
        );
    }
    Check::Fail(Fail::certain(match (aud, target) {
        (None, _) => "The payload has no aud.".to_string(),
        (Some(a), Some(url)) => format!("aud {} is not {url}.", show(a)),
        (Some(a), None) => format!("aud {} is no environment's token URL.", show(a)),
    }))
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let (Some((_, c)), Some(req)) = (f.claims(), f.token_request()) else { return };
    if !f.is_token_call() {
        return;
    }
    let Some(post) = req.url.as_deref().map(str::trim) else { return };
    let Some(aud) = c.get("aud") else { return };
    if aud.as_array().is_some_and(|a| a.iter().any(|v| v.as_str() == Some(post))) {
        out.push(
            Finding::new(
                Code::AudArray,
                format!(
                    "aud is an array, {}, holding \"{post}\". RFC 7519 §4.1.3 allows an array of strings, and the \
                     gateway likely accepts it, but the platform's source does not settle it: the string \"{post}\" \
                     is the form every NHS sample uses.",
                    show(aud)
                ),
            )
            .about("aud"),
        );
        return;
    }
    let Some(aud_s) = aud.as_str() else {
        out.push(
            Finding::new(
                Code::AudMismatch,
                format!("aud is {}, not a string; it must be the string \"{post}\".", show(aud)),
            )
            .about("aud"),
        );
        return;
    };
    if aud_s == post {
        return;
    }
    out.push(
        Finding::new(
            Code::AudMismatch,
            format!("aud is \"{aud_s}\" but the request is POSTed to \"{post}\": {}.", difference(aud_s, post)),
        )
        .about("aud"),
    );
}

/// Why two URLs differ, in words.
pub fn difference(aud: &str, post: &str) -> String {
    if aud.trim() == post {
        return "aud has white space around it".into();
    }
    let (Some(a), Some(p)) = (crate::platform::parse_url(aud), crate::platform::parse_url(post)) else {
        return if !aud.starts_with("http") {
            "aud is not a full URL (it needs https://)".into()
        } else {
            "they differ".into()
        };
    };
    let env = |u: &Url| u.host_str().and_then(Environment::from_host);
    if a.host_str() != p.host_str() {
        return match (env(&a), env(&p)) {
            (Some(ea), Some(ep)) => format!(
                "aud names {} ({}) but the request goes to {} ({})",
                ea.name(),
                a.host_str().unwrap_or(""),
                ep.name(),
                p.host_str().unwrap_or("")
            ),
            _ => format!("the hosts differ ({} vs {})", a.host_str().unwrap_or("none"), p.host_str().unwrap_or("none")),
        };
    }
    if a.scheme() != p.scheme() {
        return format!("the schemes differ ({} vs {})", a.scheme(), p.scheme());
    }
    if a.path() != p.path() {
        if a.path().trim_end_matches('/') == p.path().trim_end_matches('/') {
            return "one has a trailing slash and the other not".into();
        }
        return format!("the paths differ ({} vs {})", a.path(), p.path());
    }
    if a.query() != p.query() {
        return "the query strings differ (the gateway compares the whole URL, query included)".into();
    }
    "they differ character for character".into()
}

#[cfg(test)]
mod array_tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn an_array_holding_the_url_is_a_warning_not_a_mismatch() {
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "aud": [TOKEN_URL] }))));
        assert_eq!(codes(check, &paste, &ctx()), vec![Code::AudArray]);
        let other = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "aud": ["https://example.org"] }))));
        assert_eq!(codes(check, &other, &ctx()), vec![Code::AudMismatch]);
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_when_aud_is_not_the_url_posted_to() {
        let auds = [
            json!(format!("{TOKEN_URL}/")),
            json!("https://sandbox.api.service.nhs.uk/oauth2/token"),
            // An array holding the URL is likely accepted (aud-array, a warning): see array_tests.
            json!(["https://example.org"]),
        ];
        for aud in auds {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "aud": aud }))));
            fires(check, &paste, &ctx(), Code::AudMismatch);
        }
    }

    #[test]
    fn silent_when_aud_is_the_url_posted_to() {
        silent(check, &good_request(), &ctx());
        let sandbox = "https://sandbox.api.service.nhs.uk/oauth2/token";
        silent(check, &curl_to(sandbox, &jwt(&header(), &with(claims(), json!({ "aud": sandbox })))), &ctx());
    }
}
