//! The rules: one file per problem, named after it. Each rule reads the decoded facts and the
//! context and pushes findings; none stops the others.

mod alg_hmac;
mod alg_none;
mod alg_not_rs512;
mod api_key_shape;
mod app_id_not_guid;
mod aud_mismatch;
mod aud_missing;
mod aud_not_token_url;
mod authorization_header_on_token;
mod client_assertion_missing;
mod client_assertion_type_double_encoded;
mod client_assertion_type_invalid;
mod client_id_mismatch;
mod client_id_sent;
mod client_secret_on_token;
mod content_type_charset;
mod content_type_wrong;
mod environment_mismatch;
mod error_body_old_wording;
mod error_body_unrecognised;
mod exp_beyond_documented;
mod exp_expired;
mod exp_missing;
mod exp_not_number;
mod exp_too_far;
mod grant_type_invalid;
mod grant_type_missing;
mod guid_in_place_of_key;
mod header_key_ignored;
mod iat_in_future;
mod invisible_chars_in_value;
mod iss_sub_mismatch;
mod iss_sub_missing;
mod iss_sub_not_api_key;
mod jti_missing;
mod jti_not_guid;
mod jti_not_string;
mod jti_single_use;
mod kid_missing;
mod lifetime_long;
mod method_not_post;
mod nbf_in_future;
mod not_https;
mod not_nhs_host;
mod oauth2_mock_path;
mod params_in_query;
mod request_body_not_shown;
mod sandbox_no_token_needed;
mod shared_link_redacted;
mod time_claim_fractional;
mod time_claim_in_milliseconds;
mod time_claim_is_string;
mod token_path_wrong;
mod typ_invalid;
mod typ_missing;

use serde_json::Value;
use url::Url;

use crate::context::Context;
use crate::decode::error_body::ErrorBody;
use crate::decode::jwt::Jwt;
use crate::decode::request::Request;
use crate::platform::Environment;
use crate::report::Finding;

/// What the rules see.
pub struct Facts<'a> {
    pub ctx: &'a Context,
    pub tokens: &'a [Jwt],
    pub requests: &'a [Request],
    pub error_bodies: &'a [ErrorBody],
    /// What pasted keys say about the assertion's signature.
    pub verification: Verification,
}

/// The signature, as far as pasted keys (and the edge's verification) tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verification {
    /// No key pasted, or not verified (yet).
    Unknown,
    /// The token's kid is not in the pasted key set.
    KidNotFound,
    /// The pasted key does not verify the signature.
    Invalid,
    /// The pasted key verifies it.
    Valid,
}

pub type Rule = fn(&Facts, &mut Vec<Finding>);

/// Every rule, header first, then claims, then the request, then the bodies.
pub const RULES: &[Rule] = &[
    alg_none::check,
    alg_hmac::check,
    alg_not_rs512::check,
    typ_missing::check,
    typ_invalid::check,
    kid_missing::check,
    header_key_ignored::check,
    iss_sub_missing::check,
    iss_sub_mismatch::check,
    iss_sub_not_api_key::check,
    guid_in_place_of_key::check,
    invisible_chars_in_value::check,
    api_key_shape::check,
    app_id_not_guid::check,
    aud_missing::check,
    aud_mismatch::check,
    aud_not_token_url::check,
    environment_mismatch::check,
    exp_missing::check,
    exp_not_number::check,
    time_claim_is_string::check,
    time_claim_in_milliseconds::check,
    time_claim_fractional::check,
    exp_expired::check,
    exp_too_far::check,
    exp_beyond_documented::check,
    iat_in_future::check,
    nbf_in_future::check,
    lifetime_long::check,
    jti_missing::check,
    jti_not_string::check,
    jti_not_guid::check,
    jti_single_use::check,
    not_https::check,
    not_nhs_host::check,
    token_path_wrong::check,
    oauth2_mock_path::check,
    method_not_post::check,
    content_type_wrong::check,
    content_type_charset::check,
    params_in_query::check,
    grant_type_missing::check,
    grant_type_invalid::check,
    client_assertion_type_invalid::check,
    client_assertion_type_double_encoded::check,
    client_assertion_missing::check,
    client_id_sent::check,
    client_id_mismatch::check,
    authorization_header_on_token::check,
    client_secret_on_token::check,
    request_body_not_shown::check,
    sandbox_no_token_needed::check,
    shared_link_redacted::check,
    error_body_old_wording::check,
    error_body_unrecognised::check,
];

pub fn run(facts: &Facts) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in RULES {
        rule(facts, &mut findings);
    }
    findings
}

impl<'a> Facts<'a> {
    /// The client assertion: the token found as `client_assertion`, else the first readable
    /// signed token that is not an access token or subject token.
    pub fn assertion(&self) -> Option<&'a Jwt> {
        crate::decode::jwt::client_assertion(self.tokens)
    }

    /// The assertion's claims object, when it decoded to one.
    pub fn claims(&self) -> Option<(&'a Jwt, &'a serde_json::Map<String, Value>)> {
        let t = self.assertion()?;
        Some((t, t.payload.object()?))
    }

    pub fn header(&self) -> Option<(&'a Jwt, &'a serde_json::Map<String, Value>)> {
        let t = self.assertion()?;
        Some((t, t.header.object()?))
    }

    /// The token request: one to an `/oauth2…` path, else one carrying form fields, else the
    /// first request with a URL.
    pub fn token_request(&self) -> Option<&'a Request> {
        let oauth = |r: &&Request| r.parsed_url().is_some_and(|u| u.path().starts_with("/oauth2"));
        self.requests
            .iter()
            .find(oauth)
            .or_else(|| {
                self.requests
                    .iter()
                    .find(|r| r.form_value("client_assertion").is_some() || r.form_value("grant_type").is_some())
            })
            .or_else(|| self.requests.iter().find(|r| r.url.is_some()))
    }

    /// The URL the token request goes to, when one was pasted.
    pub fn post_url(&self) -> Option<&'a Url> {
        self.token_request().and_then(Request::parsed_url)
    }

    /// Is the pasted request a call to the token endpoint (as opposed to an API call)?
    pub fn is_token_call(&self) -> bool {
        match self.token_request() {
            Some(r) => match r.parsed_url() {
                Some(u) => u.path().starts_with("/oauth2"),
                None => r.form_value("grant_type").is_some() || r.form_value("client_assertion").is_some(),
            },
            None => false,
        }
    }

    /// The environment: chosen by the user, else the request's host, else the `aud` host.
    pub fn environment(&self) -> Option<Environment> {
        self.ctx.environment.or_else(|| self.url_environment()).or_else(|| self.aud_environment())
    }

    pub fn url_environment(&self) -> Option<Environment> {
        self.post_url().and_then(|u| u.host_str().and_then(Environment::from_host))
    }

    pub fn aud_environment(&self) -> Option<Environment> {
        let (t, _) = self.claims()?;
        let aud = t.claim_str("aud")?;
        crate::platform::parse_url(aud).and_then(|u| u.host_str().and_then(Environment::from_host))
    }

    /// The API key the user typed (as typed).
    pub fn key(&self) -> Option<&'a str> {
        self.ctx.api_key()
    }
}

/// A uuid shape: 8-4-4-4-12 hex digits (the Application ID is a uuid4). A heuristic only.
pub fn looks_like_guid(s: &str) -> bool {
    let s = s.trim().trim_matches(['{', '}']);
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Observed API-key shape: 32 ASCII letters and digits (spec §1.2, UNVERIFIED as a rule).
pub fn looks_like_api_key(s: &str) -> bool {
    s.len() == 32 && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The first 4 and last 4 characters, as the forum redacts keys (`RtUM…yStAG`).
pub fn redact(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 8 {
        return "…".repeat(1);
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// A JSON value as it would appear in a message: strings quoted, other values as JSON.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

/// White space and invisible characters in a value, named: "a trailing space", "U+200B".
pub fn odd_characters(s: &str) -> Option<String> {
    let mut what = Vec::new();
    if s.starts_with(char::is_whitespace) {
        what.push("leading white space".to_string());
    }
    if s.ends_with(char::is_whitespace) {
        what.push("trailing white space".to_string());
    }
    for c in s.chars() {
        if crate::paste::is_invisible(c) || (c.is_control() && c != '\n') {
            let name = format!("the invisible character U+{:04X}", c as u32);
            if !what.contains(&name) {
                what.push(name);
            }
        }
    }
    let inner = s.trim();
    if inner.contains(char::is_whitespace) {
        what.push("white space inside".to_string());
    }
    (!what.is_empty()).then(|| crate::join_and(&what))
}

/// JavaScript's `Number(value)` (ToNumber), for emulating the gateway's checks (spec §4.2).
pub fn js_number(v: Option<&Value>) -> f64 {
    match v {
        None => f64::NAN,
        Some(Value::Null) => 0.0,
        Some(Value::Bool(b)) => f64::from(u8::from(*b)),
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        Some(Value::String(s)) => js_string_number(s),
        Some(Value::Array(a)) => match a.as_slice() {
            [] => 0.0,
            [one] => match one {
                Value::String(s) => js_string_number(s),
                Value::Number(_) | Value::Bool(_) | Value::Null => js_number(Some(one)),
                _ => f64::NAN,
            },
            _ => f64::NAN,
        },
        Some(Value::Object(_)) => f64::NAN,
    }
}

fn js_string_number(s: &str) -> f64 {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.is_empty() {
        return 0.0;
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).map(|n| n as f64).unwrap_or(f64::NAN);
    }
    match t {
        "Infinity" | "+Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        _ if t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')) => {
            t.parse().unwrap_or(f64::NAN)
        }
        _ => f64::NAN,
    }
}

/// JavaScript truthiness of an optional JSON value.
pub fn js_truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes() {
        assert!(looks_like_guid("3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c"));
        assert!(!looks_like_guid("AbCdEfGhIjKlMnOpQrStUvWxYz012345"));
        assert!(looks_like_api_key("AbCdEfGhIjKlMnOpQrStUvWxYz012345"));
        assert_eq!(redact("AbCdEfGhIjKlMnOpQrStUvWxYz012345"), "AbCd…2345");
        assert_eq!(redact("short"), "…");
    }

    #[test]
    fn javascript_number_coercion() {
        assert_eq!(js_number(Some(&json!("1760000300"))), 1_760_000_300.0);
        assert!(js_number(Some(&json!("soon"))).is_nan());
        assert!(js_number(None).is_nan());
        assert_eq!(js_number(Some(&json!(null))), 0.0);
        assert_eq!(js_number(Some(&json!(true))), 1.0);
        assert_eq!(js_number(Some(&json!(" 12 "))), 12.0);
        assert_eq!(js_number(Some(&json!([7]))), 7.0);
        assert!(!js_truthy(Some(&json!(""))));
        assert!(js_truthy(Some(&json!("k"))));
    }

    #[test]
    fn odd_characters_are_named() {
        assert_eq!(odd_characters("abc"), None);
        assert_eq!(odd_characters("abc ").as_deref(), Some("trailing white space"));
        assert_eq!(odd_characters("a\u{200b}bc").as_deref(), Some("the invisible character U+200B"));
    }
}

/// The time claims of every token, with the token they belong to.
pub(crate) fn time_claims<'a>(facts: &'a Facts) -> impl Iterator<Item = (&'a Jwt, &'a crate::decode::time::TimeClaim)> {
    facts.tokens.iter().flat_map(|t| t.times.iter().map(move |c| (t, c)))
}

/// A claim of the assertion that is a JSON number, as f64.
pub(crate) fn number_claim(facts: &Facts, name: &str) -> Option<f64> {
    let (_, c) = facts.claims()?;
    c.get(name).filter(|v| v.is_number()).and_then(serde_json::Value::as_f64)
}
