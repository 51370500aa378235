//! Worked examples from fake data, one click each on the page, so a newcomer can learn by
//! example. Tokens are built at `now` (so their times are current) and carry no real signature.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::platform::Environment;
use crate::vocab::ErrorId;

pub const FAKE_KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
pub const FAKE_APP_ID: &str = "3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c";

#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub paste: String,
    pub key: &'static str,
    /// The catalogue entry the example should be diagnosed as.
    pub expect: ErrorId,
}

fn token(header: Value, payload: Value) -> String {
    let enc = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_string(v).unwrap_or_default());
    format!(
        "{}.{}.{}",
        enc(&header),
        enc(&payload),
        URL_SAFE_NO_PAD.encode(&"example signature (not real) ".repeat(18).as_bytes()[..512])
    )
}

fn claims(env: Environment, now: i64) -> Value {
    json!({"iss": FAKE_KEY, "sub": FAKE_KEY, "aud": env.token_url(), "jti": "0f8fad5b-d9cb-469f-a165-70867728950e", "exp": now + 240})
}

fn header() -> Value {
    json!({"alg": "RS512", "typ": "JWT", "kid": "test-1"})
}

fn curl(url: &str, jwt: &str, extra: &str) -> String {
    format!(
        "curl -X POST {url} \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  --data-urlencode 'grant_type=client_credentials' \\\n  --data-urlencode 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' \\\n  --data-urlencode 'client_assertion={jwt}'{extra}"
    )
}

fn error(status: &str, error: &str, description: &str) -> String {
    format!(
        "\n\nHTTP/1.1 {status}\n{}",
        json!({"error": error, "error_description": description, "message_id": "rrt-1234567890123456789-a-geu2-1234567-1234567-1"})
    )
}

pub fn examples(now: i64) -> Vec<Example> {
    let int = Environment::Int;
    let int_url = int.token_url();
    let mut out = Vec::new();
    out.push(Example {
        id: "sandbox-invalid-client-identifier",
        title: "Sandbox: Invalid client identifier {0}",
        paste: "Today when trying to continue development using the sandbox environments, when I go to authenticate, I am getting a 500 error: Invalid client identifier.\nRequest URL: https://sandbox.api.service.nhs.uk/oauth2/token\nMethod: POST\nResponse Content: “{“fault”:{“faultstring”:“Invalid client identifier {0}”,“detail”:{“errorcode”:“oauth.v2.InvalidClientIdentifier”}}}”".to_string(),
        key: FAKE_KEY,
        expect: ErrorId::OauthV2InvalidClientIdentifier,
    });
    let mut c = claims(int, now);
    c["aud"] = json!(Environment::Prod.token_url());
    out.push(Example {
        id: "prod-aud-on-int",
        title: "Production aud, request to INT",
        paste: curl(
            &int_url,
            &token(header(), c),
            &error("401 Unauthorized", "invalid_request", "Missing or invalid 'aud' claim in client_assertion JWT"),
        ),
        key: FAKE_KEY,
        expect: ErrorId::AudInvalid,
    });
    let mut c = claims(int, now);
    c["exp"] = json!((now + 300) * 1000);
    out.push(Example {
        id: "exp-milliseconds",
        title: "exp in milliseconds",
        paste: curl(
            &int_url,
            &token(header(), c),
            &error(
                "400 Bad Request",
                "invalid_request",
                "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future",
            ),
        ),
        key: FAKE_KEY,
        expect: ErrorId::ExpTooFar,
    });
    out.push(Example {
        id: "missing-typ",
        title: "Missing typ header",
        paste: curl(
            &int_url,
            &token(json!({"alg": "RS512", "kid": "test-1"}), claims(int, now)),
            &error(
                "400 Bad Request",
                "invalid_request",
                "Invalid 'typ' header in client_assertion JWT - must be 'JWT'",
            ),
        ),
        key: FAKE_KEY,
        expect: ErrorId::TypInvalid,
    });
    out.push(Example {
        id: "reused-jti",
        title: "Retried with the same assertion (reused jti)",
        paste: curl(
            &int_url,
            &token(header(), claims(int, now)),
            &error("400 Bad Request", "invalid_request", "Non-unique 'jti' claim in client_assertion JWT"),
        ),
        key: FAKE_KEY,
        expect: ErrorId::JtiNonUnique,
    });
    let mut c = claims(int, now);
    c["iss"] = json!(FAKE_APP_ID);
    c["sub"] = json!(FAKE_APP_ID);
    out.push(Example {
        id: "guid-as-sub",
        title: "Application ID (GUID) as iss/sub",
        paste: curl(
            &int_url,
            &token(header(), c),
            &error("401 Unauthorized", "invalid_request", "Invalid 'iss'/'sub' claims in client_assertion JWT"),
        ),
        key: FAKE_KEY,
        expect: ErrorId::IssSubInvalid,
    });
    let jwt = token(header(), claims(int, now));
    out.push(Example {
        id: "wrong-content-type",
        title: "JSON body instead of a form",
        paste: format!(
            "curl -X POST {int_url} \\\n  -H 'Content-Type: application/json' \\\n  -d '{{\"grant_type\": \"client_credentials\", \"client_assertion_type\": \"urn:ietf:params:oauth:client-assertion-type:jwt-bearer\", \"client_assertion\": \"{jwt}\"}}'{}",
            error("415 Unsupported Media Type", "invalid_request", "Content-Type header must be application/x-www-form-urlencoded")
        ),
        key: FAKE_KEY,
        expect: ErrorId::ContentTypeMustBeFormUrlencoded,
    });
    out
}
