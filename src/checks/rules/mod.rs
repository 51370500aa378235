//! The rules: one file per problem, named after it. Each rule reads the decoded facts and the
//! context and pushes findings; none stops the others.

pub mod alg_hmac;
pub mod alg_none;
pub mod alg_not_rs512;
pub mod api_base_path_typo;
pub mod api_key_shape;
pub mod api_key_without_token;
pub mod app_id_not_guid;
pub mod aud_mismatch;
pub mod aud_missing;
pub mod aud_not_token_url;
pub mod authorization_header_on_token;
pub mod authorization_not_bearer;
pub mod bearer_not_access_token;
pub mod client_assertion_missing;
pub mod client_assertion_type_double_encoded;
pub mod client_assertion_type_invalid;
pub mod client_id_mismatch;
pub mod client_id_sent;
pub mod client_secret_on_token;
pub mod clock_skew;
pub mod content_type_charset;
pub mod content_type_wrong;
pub mod environment_mismatch;
pub mod error_body_old_wording;
pub mod error_body_unrecognised;
pub mod exp_beyond_documented;
pub mod exp_expired;
pub mod exp_missing;
pub mod exp_not_number;
pub mod exp_too_far;
pub mod form_body_is_json;
pub mod grant_type_invalid;
pub mod grant_type_missing;
pub mod guid_in_place_of_key;
pub mod header_key_ignored;
pub mod header_name_misspelt;
pub mod header_sent_empty;
pub mod headers_not_sent;
pub mod iat_in_future;
pub mod invisible_chars_in_value;
pub mod iss_sub_mismatch;
pub mod iss_sub_missing;
pub mod iss_sub_not_api_key;
pub mod jti_missing;
pub mod jti_not_guid;
pub mod jti_not_string;
pub mod jti_single_use;
pub mod kid_missing;
pub mod lifetime_long;
pub mod mesh_call;
pub mod method_not_post;
pub mod nbf_in_future;
pub mod not_https;
pub mod not_nhs_host;
pub mod oauth2_mock_path;
pub mod params_in_query;
pub mod request_body_not_shown;
pub mod retry_after_given;
pub mod sandbox_no_token_needed;
pub mod shared_link_redacted;
pub mod signature_length_impossible;
pub mod status_endpoint_key;
pub mod subject_token_malformed;
pub mod subject_token_type_invalid;
pub mod time_claim_fractional;
pub mod time_claim_in_milliseconds;
pub mod time_claim_is_string;
pub mod token_from_other_environment;
pub mod token_path_wrong;
pub mod typ_invalid;
pub mod typ_missing;
pub mod value_placeholder;
pub mod value_stringified_nothing;
pub mod x_request_id_not_uuid;

use serde_json::Value;

use crate::decode::jwt::Jwt;
use crate::facts::Facts;
use crate::vocab::{Finding, Target};

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
    clock_skew::check,
    jti_missing::check,
    jti_not_string::check,
    jti_not_guid::check,
    jti_single_use::check,
    not_https::check,
    not_nhs_host::check,
    token_path_wrong::check,
    api_base_path_typo::check,
    oauth2_mock_path::check,
    method_not_post::check,
    content_type_wrong::check,
    content_type_charset::check,
    params_in_query::check,
    form_body_is_json::check,
    grant_type_missing::check,
    grant_type_invalid::check,
    client_assertion_type_invalid::check,
    client_assertion_type_double_encoded::check,
    client_assertion_missing::check,
    client_id_sent::check,
    client_id_mismatch::check,
    authorization_header_on_token::check,
    authorization_not_bearer::check,
    bearer_not_access_token::check,
    x_request_id_not_uuid::check,
    mesh_call::check,
    status_endpoint_key::check,
    retry_after_given::check,
    token_from_other_environment::check,
    header_name_misspelt::check,
    header_sent_empty::check,
    headers_not_sent::check,
    api_key_without_token::check,
    client_secret_on_token::check,
    request_body_not_shown::check,
    value_placeholder::check,
    value_stringified_nothing::check,
    sandbox_no_token_needed::check,
    shared_link_redacted::check,
    signature_length_impossible::check,
    subject_token_type_invalid::check,
    subject_token_malformed::check,
    error_body_old_wording::check,
    error_body_unrecognised::check,
];

/// Run every rule. A finding its rule did not place goes where its code says: the main
/// assertion, request or body (facts), or the paste.
pub fn run(facts: &Facts) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in RULES {
        rule(facts, &mut findings);
    }
    for f in &mut findings {
        if f.target == Target::Paste {
            f.target = facts.place(f.code.about());
        }
    }
    findings
}

use crate::decode::js::{js_number, js_truthy};
use crate::platform::{looks_like_api_key, looks_like_guid, redact};

/// A JSON value as it would appear in a message: strings quoted, other values as JSON.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => show_str(s),
        other => other.to_string(),
    }
}

/// A string value quoted as in a message, its control characters written as escapes
/// ("client_credentials\r").
pub fn show_str(s: &str) -> String {
    if s.contains(char::is_control) {
        format!("{s:?}")
    } else {
        format!("\"{s}\"")
    }
}

/// White space and invisible characters in a value, named: "a trailing space", "U+200B".
pub fn odd_characters(s: &str) -> Option<String> {
    let mut what = Vec::new();
    if s.starts_with(char::is_whitespace) {
        what.push("leading white space".to_string());
    }
    if s.ends_with("\r") || s.ends_with("\r\n") {
        // A Windows line ending (a .env or properties file edited on Windows, read on Linux): the
        // \r stays on the value.
        what.push("a trailing carriage return (\\r: a Windows line ending, from a file edited on Windows)".to_string());
    } else if s.ends_with('\n') {
        // A value read from a file keeps the file's last line break (`kubectl create secret
        // --from-file`, `cat key.txt`, `echo` without -n).
        what.push("a trailing newline (a line break read from a file)".to_string());
    } else if s.ends_with(char::is_whitespace) {
        what.push("trailing white space".to_string());
    }
    for c in s.chars() {
        if crate::extract::is_invisible(c) || (c.is_control() && c != '\n' && !(c == '\r' && s.trim_end() != s)) {
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
    (!what.is_empty()).then(|| crate::vocab::join_and(&what))
}

/// The time claims of every token, with the token they belong to (as a finding target).
pub(crate) fn time_claims<'a>(
    facts: &'a Facts,
) -> impl Iterator<Item = (Target, &'a Jwt, &'a crate::decode::time::TimeClaim)> {
    facts.tokens.iter().enumerate().flat_map(|(i, t)| t.times.iter().map(move |c| (Target::Token(i), t, c)))
}

/// A claim of the assertion that is a JSON number, as f64.
pub(crate) fn number_claim(facts: &Facts, name: &str) -> Option<f64> {
    let (_, c) = facts.claims()?;
    c.get(name).filter(|v| v.is_number()).and_then(serde_json::Value::as_f64)
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

#[cfg(test)]
pub(crate) mod testing;
