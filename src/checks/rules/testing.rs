//! What every rule's own tests share: a correct token request to build on, and a runner for one
//! rule over a paste (the whole pipeline decodes it; only the rule under test judges it).
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use super::Rule;
use crate::facts::Facts;
use crate::vocab::Code;
use crate::{analyze, Context};

pub const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
pub const NOW: i64 = 1_760_000_000;
pub const TOKEN_URL: &str = "https://int.api.service.nhs.uk/oauth2/token";

pub fn header() -> Value {
    json!({"alg": "RS512", "typ": "JWT", "kid": "test-1"})
}

pub fn claims() -> Value {
    json!({"iss": KEY, "sub": KEY, "aud": TOKEN_URL, "jti": "0f8fad5b-d9cb-469f-a165-70867728950e",
           "exp": NOW + 240, "iat": NOW})
}

/// `base` with the members of `changes` set (a `null` removes the member).
pub fn with(mut base: Value, changes: Value) -> Value {
    if let (Some(b), Some(c)) = (base.as_object_mut(), changes.as_object()) {
        for (k, v) in c {
            if v.is_null() {
                b.remove(k);
            } else {
                b.insert(k.clone(), v.clone());
            }
        }
    }
    base
}

/// A compact JWS (the signature is 512 bytes of zeros: rules do not verify).
pub fn jwt(header: &Value, claims: &Value) -> String {
    let enc = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.{}", enc(header), enc(claims), URL_SAFE_NO_PAD.encode([0u8; 512]))
}

/// The NHS reference request (spec §2) to `url` carrying `jwt`.
pub fn curl_to(url: &str, jwt: &str) -> String {
    format!(
        "curl -X POST {url} \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  \
         --data-urlencode 'grant_type=client_credentials' \\\n  \
         --data-urlencode 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' \\\n  \
         --data-urlencode 'client_assertion={jwt}'"
    )
}

/// A correct token request to INT.
pub fn good_request() -> String {
    curl_to(TOKEN_URL, &jwt(&header(), &claims()))
}

/// The context of a user who typed the right key.
pub fn ctx() -> Context {
    Context::at(NOW).with_key(KEY)
}

/// The codes one rule emits for a paste.
pub fn codes(rule: Rule, paste: &str, ctx: &Context) -> Vec<Code> {
    findings(rule, paste, ctx).into_iter().map(|f| f.code).collect()
}

/// The findings one rule emits for a paste.
pub fn findings(rule: Rule, paste: &str, ctx: &Context) -> Vec<crate::vocab::Finding> {
    let report = analyze(paste, ctx);
    let facts = Facts::new(
        ctx,
        &report.tokens,
        &report.requests,
        &report.error_bodies,
        report.main.verification,
        &report.times,
    );
    let mut out = Vec::new();
    rule(&facts, &mut out);
    out
}

/// The rule emits `code` for this paste.
#[track_caller]
pub fn fires(rule: Rule, paste: &str, ctx: &Context, code: Code) {
    let got = codes(rule, paste, ctx);
    assert!(got.contains(&code), "expected {code} for:\n{paste}\ngot {got:?}");
}

/// The rule emits nothing for this paste.
#[track_caller]
pub fn silent(rule: Rule, paste: &str, ctx: &Context) {
    let got = codes(rule, paste, ctx);
    assert!(got.is_empty(), "expected silence for:\n{paste}\ngot {got:?}");
}

/// The Application ID of the fixtures (a uuid4; not an API key).
pub const APP_ID: &str = "3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c";

/// The correct assertion `good_request()` carries.
pub fn good_jwt() -> String {
    jwt(&header(), &claims())
}

/// `ctx()` with some fields changed (app_id, environment, shared …).
pub fn ctx_with(change: impl FnOnce(&mut Context)) -> Context {
    let mut c = ctx();
    change(&mut c);
    c
}

/// A form body of these fields, each value encoded once.
pub fn form(fields: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

/// The reference form body (spec §2) carrying `jwt`.
pub fn form_body(jwt: &str) -> String {
    form(&[
        ("grant_type", "client_credentials"),
        ("client_assertion_type", crate::platform::CLIENT_ASSERTION_TYPE),
        ("client_assertion", jwt),
    ])
}

/// A cURL POST of `body` (already form-encoded) to `url`, with the form Content-Type.
pub fn curl_body(url: &str, body: &str) -> String {
    format!("curl -X POST {url} \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  -d '{body}'")
}

/// A raw HTTP request to `url`: request line, Host, `headers` ("Name: value"), blank line, body.
pub fn http(method: &str, url: &str, headers: &[&str], body: &str) -> String {
    let u = url::Url::parse(url).expect("a test URL");
    let target = match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    };
    let mut text = format!("{method} {target} HTTP/1.1\nHost: {}\n", u.host_str().unwrap_or(""));
    for h in headers {
        text.push_str(h);
        text.push('\n');
    }
    format!("{text}\n{body}\n")
}

/// An identity-service error body (`{"error", "error_description", "message_id"}`).
pub fn nhs_error(error: &str, description: &str) -> String {
    json!({"error": error, "error_description": description, "message_id": "rrt-1234-5678"}).to_string()
}
