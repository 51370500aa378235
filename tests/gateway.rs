//! The gateway's answer, predicted: every NHS fixture assertion POSTed as a cURL predicts
//! exactly the answer in the spec's fixture table; the seed forum paste is explained; each body
//! shape is read even with forum damage.

use std::fs;
use std::path::Path;

use auth_triage::decode::error_body::BodyKind;
use auth_triage::vocab::Certainty;
use auth_triage::{analyze, Code, Context, Report};
use serde_json::Value;

const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
const NOW: i64 = 1_760_000_000;
const INT: &str = "https://int.api.service.nhs.uk/oauth2/token";
const SANDBOX: &str = "https://sandbox.api.service.nhs.uk/oauth2/token";

fn fixture(rel: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)).unwrap()
}

fn curl(url: &str, jwt: &str) -> String {
    format!(
        "curl -X POST {url} \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  --data-urlencode 'grant_type=client_credentials' \\\n  --data-urlencode 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' \\\n  --data-urlencode 'client_assertion={jwt}'"
    )
}

fn ctx() -> Context {
    Context::at(NOW).with_key(KEY)
}

/// The spec's §12.1 table: case → (URL POSTed to, status, error_description or None for 200).
const EXPECTED: &[(&str, &str, u16, Option<&str>)] = &[
    ("valid_int", INT, 200, None),
    ("valid_sandbox", SANDBOX, 200, None),
    (
        "alg_rs256",
        INT,
        400,
        Some("Invalid 'alg' header in client_assertion JWT - unsupported JWT algorithm - must be 'RS512'"),
    ),
    ("missing_kid", INT, 400, Some("Missing 'kid' header in client_assertion JWT")),
    ("missing_typ", INT, 400, Some("Invalid 'typ' header in client_assertion JWT - must be 'JWT'")),
    ("iss_sub_mismatch", INT, 400, Some("Missing or non-matching 'iss'/'sub' claims in client_assertion JWT")),
    ("iss_sub_app_guid", INT, 401, Some("Invalid 'iss'/'sub' claims in client_assertion JWT")),
    ("aud_prod_on_int", INT, 401, Some("Missing or invalid 'aud' claim in client_assertion JWT")),
    ("aud_no_token_path", INT, 401, Some("Missing or invalid 'aud' claim in client_assertion JWT")),
    ("aud_trailing_slash", INT, 401, Some("Missing or invalid 'aud' claim in client_assertion JWT")),
    ("missing_aud", INT, 401, Some("Missing or invalid 'aud' claim in client_assertion JWT")),
    ("exp_milliseconds", INT, 400, Some("Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future")),
    ("exp_string", INT, 400, Some("Invalid 'exp' claim in client_assertion JWT - must be an integer")),
    ("exp_too_far_360s", INT, 400, Some("Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future")),
    ("missing_exp", INT, 400, Some("Missing 'exp' claim in client_assertion JWT")),
    (
        "jti_integer",
        INT,
        400,
        Some("Invalid 'jti' claim in client_assertion JWT - must be a unique string value such as a GUID"),
    ),
    ("missing_jti", INT, 400, Some("Missing 'jti' claim in client_assertion JWT")),
    ("with_iat_nbf", INT, 200, None),
    ("malformed_not_a_jwt", INT, 400, Some("Malformed JWT in client_assertion")),
];

fn cases() -> serde_json::Map<String, Value> {
    let v: Value = serde_json::from_str(&fixture("nhs/client_assertions.json")).unwrap();
    v["cases"].as_object().unwrap().clone()
}

#[test]
fn every_fixture_predicts_the_spec_answer() {
    let cases = cases();
    assert_eq!(cases.len(), EXPECTED.len());
    for &(name, url, status, description) in EXPECTED {
        let jwt = cases[name]["jwt"].as_str().unwrap();
        let report = analyze(&curl(url, jwt), &ctx());
        let p = report.predicted.as_ref().unwrap_or_else(|| panic!("{name}: no prediction"));
        assert_eq!(p.status, status, "{name}: {}", p.headline());
        assert_eq!(p.error_description.as_deref(), description, "{name}");
        if status != 200 {
            assert_eq!(p.error.as_deref(), Some("invalid_request"), "{name}");
        } else {
            assert!(!p.assumptions.is_empty(), "{name}: a 200 rests on stated assumptions");
            assert!(p.assumptions.iter().any(|a| a.contains("signature")), "{name}");
        }
        // the request was read as the spec's reference request
        assert_eq!(report.requests.len(), 1, "{name}");
        assert_eq!(report.requests[0].form_value("client_assertion"), Some(jwt), "{name}");
    }
}

#[test]
fn a_bare_fixture_jwt_predicts_without_a_request() {
    let cases = cases();
    for &(name, url, status, description) in EXPECTED {
        if url != INT || name.starts_with("aud_") || name == "missing_aud" {
            continue; // these need the URL they are POSTed to
        }
        let report = analyze(cases[name]["jwt"].as_str().unwrap(), &ctx());
        let p = report.predicted.as_ref().unwrap_or_else(|| panic!("{name}"));
        assert_eq!((p.status, p.error_description.as_deref()), (status, description), "{name}");
        assert!(p.basis.as_deref().unwrap_or("").contains("No request was pasted"), "{name}");
    }
}

#[test]
fn valid_fixtures_at_real_time_have_expired() {
    let jwt = cases()["valid_int"]["jwt"].as_str().unwrap().to_string();
    // Sent at real time (the call's time given, as the page's time field does).
    let mut ctx = Context::at(1_795_000_000).with_key(KEY);
    ctx.call_at = Some(1_795_000_000);
    let report = analyze(&curl(INT, &jwt), &ctx);
    let p = report.predicted.clone().unwrap();
    assert_eq!(p.error_description.as_deref(), Some("Invalid 'exp' claim in client_assertion JWT - JWT has expired"));
    assert!(report.has(Code::ExpExpired));
}

#[test]
fn a_replayed_fixture_is_explained_by_the_pasted_error() {
    let jwt = cases()["valid_int"]["jwt"].as_str().unwrap().to_string();
    let paste = format!("{}\n\nHTTP/1.1 400 Bad Request\n{{\"error\":\"invalid_request\",\"error_description\":\"Non-unique 'jti' claim in client_assertion JWT\",\"message_id\":\"rrt-1\"}}", curl(INT, &jwt));
    let report = analyze(&paste, &ctx());
    let p = report.predicted.as_ref().unwrap();
    assert_eq!(p.entry.map(|e| e.id()), Some("jti-non-unique"));
    assert_eq!(p.certainty, Certainty::Likely);
    assert_eq!(report.diagnosis[0].entry.id(), "jti-non-unique");
    assert!(report.diagnosis[0].causes.iter().any(|c| c.evidenced), "the single-use note is evidence");
    assert_eq!(report.status, Some(400));
}

#[test]
fn a_pasted_error_that_disagrees_is_called_out() {
    let jwt = cases()["missing_kid"]["jwt"].as_str().unwrap().to_string();
    let paste = format!("{}\n{{\"error\":\"invalid_request\",\"error_description\":\"Invalid 'iss'/'sub' claims in client_assertion JWT\"}}", curl(INT, &jwt));
    let report = analyze(&paste, &ctx());
    let f = report.findings.iter().find(|f| f.code == Code::PredictionDisagrees).expect("disagreement");
    assert!(f.message.contains("Missing 'kid' header"), "{}", f.message);
    assert_eq!(report.diagnosis[0].entry.id(), "iss-sub-invalid", "the error they got comes first");
    assert_eq!(report.diagnosis[1].entry.id(), "kid-missing", "then what this request would get");
}

const SEED: &str = "Today when trying to continue development using the sandbox environments, when I go to authenticate, I am getting a 500 error: Invalid client identifier.
Request URL: https://sandbox.api.service.nhs.uk/oauth2/token
Method: POST
Response Content: “{“fault”:{“faultstring”:“Invalid client identifier {0}”,“detail”:{“errorcode”:“oauth.v2.InvalidClientIdentifier”}}}”";

#[test]
fn the_seed_forum_paste() {
    let report = analyze(SEED, &ctx());
    assert_eq!(report.status, Some(500));
    assert_eq!(report.error_bodies.len(), 1);
    let body = &report.error_bodies[0];
    assert_eq!(body.kind, BodyKind::ApigeeFault);
    assert_eq!(body.errorcode.as_deref(), Some("oauth.v2.InvalidClientIdentifier"));
    assert_eq!(report.requests[0].method.as_deref(), Some("POST"));
    assert_eq!(report.requests[0].url.as_deref(), Some(SANDBOX));
    assert_eq!(report.environment(), Some(auth_triage::platform::Environment::Sandbox));
    let d = &report.diagnosis[0];
    assert_eq!(d.entry.id(), "oauth-v2-invalid-client-identifier");
    // The platform team's checks (F-8476), in the fix.
    for needle in ["iss and sub", "client_id", "Application ID", "active key", "still exists"] {
        assert!(d.fix.contains(needle), "fix lacks {needle:?}: {}", d.fix);
    }
    assert!(d.causes.iter().any(|c| c.text.contains("regenerated")), "regenerated key cause");
    assert!(d.causes.iter().all(|c| c.unverified()), "every hypothesis is shown as likely, never as fact");
    assert!(d.meaning.contains("{0}"));
    for code in [Code::BodyRepaired, Code::RequestBodyNotShown, Code::SandboxNoTokenNeeded] {
        assert!(report.has(code), "{code:?}");
    }
    assert!(!report.has_error(), "nothing in the paste itself is wrong");
}

#[test]
fn the_seed_with_a_guid_client_id_ranks_it_first() {
    let jwt = cases()["valid_sandbox"]["jwt"].as_str().unwrap().to_string();
    let paste = format!(
        "{SEED}\ncurl -X POST {SANDBOX} -H 'Content-Type: application/x-www-form-urlencoded' -d 'grant_type=client_credentials&client_id=3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={jwt}'"
    );
    let report = analyze(&paste, &ctx());
    let d = &report.diagnosis[0];
    assert_eq!(d.entry.id(), "oauth-v2-invalid-client-identifier");
    assert!(d.causes[0].evidenced, "{:#?}", d.causes);
    assert!(d.causes[0].text.contains("client_id"), "{}", d.causes[0].text);
    assert_eq!(report.predicted.as_ref().unwrap().entry.map(|e| e.id()), Some("oauth-v2-invalid-client-identifier"));
}

fn body_of(paste: &str) -> Report {
    analyze(paste, &Context::at(NOW))
}

#[test]
fn body_shapes_with_forum_damage() {
    let nhs = body_of("Response: {“error”: “invalid_request”, “error_description”: “Missing or invalid 'aud' claim in client_assertion JWT”, “message_id”: “rrt-5733186035035051424-a-geu2-1852433-7579831-1”}");
    let b = &nhs.error_bodies[0];
    assert_eq!((b.kind, b.entry.map(|e| e.id())), (BodyKind::Nhs, Some("aud-invalid")));
    assert_eq!(b.message_id.as_deref(), Some("rrt-5733186035035051424-a-geu2-1852433-7579831-1"));

    let html = body_of("{&quot;error&quot;:&quot;public_key error&quot;,&quot;error_description&quot;:&quot;The JWKS endpoint, for your client_assertion can&#39;t be reached&quot;}");
    assert_eq!(html.error_bodies[0].entry.map(|e| e.id()), Some("jwks-unreachable"));

    let fault = body_of("‘{‘fault’:{‘faultstring’:‘Invalid Access Token’,‘detail’:{‘errorcode’:‘keymanagement.service.invalid_access_token’}}}’");
    assert_eq!(fault.error_bodies[0].entry.map(|e| e.id()), Some("keymanagement-invalid-access-token"));

    let oo = body_of(
        r#"HTTP/1.1 401 Unauthorized
{
  "resourceType": "OperationOutcome",
  "issue": [{"severity": "error", "code": "forbidden", "details": {"coding": [{"system": "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode", "version": "1", "code": "ACCESS_DENIED", "display": "Access Denied - Unauthorised"}]}, "diagnostics": "Invalid token type 'bearer', must be 'Bearer'"}]
}"#,
    );
    let b = &oo.error_bodies[0];
    assert_eq!(
        (b.kind, b.entry.map(|e| e.id()), b.fhir_code.as_deref()),
        (BodyKind::OperationOutcome, Some("fhir-invalid-token-type"), Some("ACCESS_DENIED"))
    );
    assert_eq!(oo.status, Some(401));

    let ok = body_of(
        r#"{"access_token": "Sr5PGv19wTEHJdDr2wx2f7IGd0cw", "expires_in": "599", "token_type": "Bearer", "issued_at": "1760000000000"}"#,
    );
    let b = &ok.error_bodies[0];
    assert_eq!(b.kind, BodyKind::TokenSuccess);
    assert_eq!(b.json["access_token"], "<28 characters>", "the access token itself is not kept");

    // Hello World's own success is an answer too: the verdict says the call was accepted.
    let hello = body_of("HTTP/1.1 200 OK\n\n{\"message\": \"Hello Application!\"}");
    assert_eq!(hello.error_bodies[0].kind, BodyKind::HelloWorld);
    assert_eq!(hello.verdict.headline, "200 OK: Hello World answered \"Hello Application!\"");
    assert!(!hello.findings.iter().any(|f| f.code.id() == "error-body-unrecognised"));
    assert!(body_of(r#"{"message": "Hello there"}"#).error_bodies.is_empty(), "another message is no answer");

    let quoted = body_of("we keep getting Invalid 'iss'/'sub' claims in client_assertion JWT on INT");
    assert_eq!(quoted.error_bodies[0].entry.map(|e| e.id()), Some("iss-sub-invalid"));
    assert_eq!(quoted.error_bodies[0].kind, BodyKind::Quoted);

    let placeholderless = body_of(
        r#"{"fault":{"faultstring":"Invalid client identifier","detail":{"errorcode":"oauth.v2.InvalidClientIdentifier"}}}"#,
    );
    assert_eq!(placeholderless.error_bodies[0].entry.map(|e| e.id()), Some("oauth-v2-invalid-client-identifier"));
}

#[test]
fn a_whole_forum_post_with_everything() {
    let jwt = cases()["aud_prod_on_int"]["jwt"].as_str().unwrap().to_string();
    let post = format!(
        "Hi all, INT keeps failing.\n\nPOST /oauth2/token HTTP/1.1\nHost: int.api.service.nhs.uk\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={jwt}\n\nand I get back HTTP/1.1 401 Unauthorized with\n{{\"error\": \"invalid_request\", \"error_description\": \"Missing or invalid 'aud' claim in client_assertion JWT\", \"message_id\": \"rrt-1\"}}\n\nThanks!"
    );
    let report = analyze(&post, &ctx());
    assert_eq!(report.tokens.len(), 1);
    assert_eq!(report.tokens[0].role, auth_triage::vocab::Role::ClientAssertion);
    assert_eq!(report.requests[0].url.as_deref(), Some(INT));
    assert_eq!(report.status, Some(401));
    assert_eq!(report.predicted.as_ref().unwrap().entry.map(|e| e.id()), Some("aud-invalid"));
    assert!(!report.has(Code::PredictionDisagrees));
    let d = &report.diagnosis[0];
    assert_eq!(d.entry.id(), "aud-invalid");
    assert!(d.causes[0].evidenced && d.causes[0].text.contains("api.service.nhs.uk"), "{:#?}", d.causes[0]);
    assert!(report.has(Code::EnvironmentMismatch));
    // where each thing was found
    let s = report.tokens[0].span;
    assert_eq!(&post[s.start..s.end], jwt);
    let b = report.error_bodies[0].span;
    assert!(post[b.start..b.end].starts_with("{\"error\""));
}

#[test]
fn an_expired_assertion_whose_request_fails_earlier_still_gets_that_answer() {
    // Expired at the time of analysis, nothing saying when it was sent, and a body without
    // grant_type: whenever it was sent, the gateway stops at grant_type (before expiry).
    let jwt = cases()["valid_int"]["jwt"].as_str().unwrap().to_string();
    let paste = format!(
        "curl -X POST {INT} -H 'Content-Type: application/x-www-form-urlencoded' \\\n  --data-urlencode 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' \\\n  --data-urlencode 'client_assertion={jwt}'"
    );
    let report = analyze(&paste, &Context::at(1_795_000_000).with_key(KEY));
    let p = report.predicted.as_ref().expect("a prediction, not none");
    assert_eq!(p.error_description.as_deref(), Some("grant_type is missing"));
}

#[test]
fn a_log_time_without_a_zone_an_hour_from_iat_is_local_time() {
    use base64::Engine;
    let b64 = |v: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
    let header = br#"{"alg":"RS512","typ":"JWT","kid":"test-1"}"#;
    let payload = format!(
        r#"{{"iss":"{KEY}","sub":"{KEY}","aud":"{INT}","jti":"6b2a6f0e-3c1d-4b8e-9f47-2a1c5d9e8b72","iat":1760000000,"exp":1760000240}}"#
    );
    let jwt = format!("{}.{}.{}", b64(header), b64(payload.as_bytes()), b64(&[7u8; 512]));
    let at = |line: &str| {
        let paste = format!("{line} INFO POST {INT}\n{}", curl(INT, &jwt));
        analyze(&paste, &Context::at(1_795_000_000).with_key(KEY)).main.call.at
    };
    // iat is 08:53:20Z. A log printing 09:53:25 with no zone is a UTC+1 clock: five seconds after
    // iat, not an hour and past exp. With its zone written, it is what it says.
    assert_eq!(at("2025-10-09 09:53:25,118"), Some(1_760_000_005));
    assert_eq!(at("2025-10-09T09:53:25Z"), Some(1_760_003_605));
    // Not a whole number of hours from iat: read as UTC.
    assert_eq!(at("2025-10-09 09:20:25,118"), Some(1_760_001_625));
}

#[test]
fn a_pasted_answer_from_a_step_the_paste_does_not_show_is_the_prediction() {
    let jwt = cases()["valid_int"]["jwt"].as_str().unwrap().to_string();
    // Only the JWT and a 415 body: the request's Content-Type is not in the paste, and the answer
    // says what it was.
    let paste = format!(
        "{jwt}\n\n{{\"error\":\"invalid_request\",\"error_description\":\"Content-Type header must be application/x-www-form-urlencoded\",\"message_id\":\"rrt-1\"}}"
    );
    let p = analyze(&paste, &ctx()).predicted.unwrap();
    assert_eq!((p.status, p.certainty), (415, Certainty::Likely));
    assert!(p.why.contains("does not show the request"), "{}", p.why);
    // The whole request shown, with its Content-Type right: the answer is not taken as the step's.
    let shown = format!(
        "{}\n\n{{\"error\":\"invalid_request\",\"error_description\":\"Content-Type header must be application/x-www-form-urlencoded\"}}",
        curl(INT, &jwt)
    );
    assert_eq!(analyze(&shown, &ctx()).predicted.unwrap().status, 200);
    // The JWT shown has a kid: a pasted "Missing 'kid'" does not become this JWT's answer.
    let kid = format!(
        "{jwt}\n\n{{\"error\":\"invalid_request\",\"error_description\":\"Missing 'kid' header in client_assertion JWT\"}}"
    );
    let report = analyze(&kid, &ctx());
    assert_ne!(report.predicted.as_ref().and_then(|p| p.entry).map(|e| e.id()), Some("kid-missing"));
}

#[test]
fn a_bare_405_answers_a_printed_url_whose_method_is_not_shown() {
    let paste = format!(
        "405 MethodNotAllowed '' {INT}?grant_type=client_credentials&client_assertion=eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCIsImtpZCI6ImludC0xIn0.eyJpc3Mi...\n  Allow: POST\n"
    );
    let report = analyze(&paste, &ctx());
    assert_eq!(report.predicted.as_ref().map(|p| p.status), Some(405));
    assert!(!report.has(Code::JweNotJws), "a token printed cut with dots is not a JWE");
    assert!(report.findings.iter().any(|f| f.code == Code::JwtSegmentCount && f.message.contains("cut short")));
}

#[test]
fn a_request_that_was_never_sent_is_not_predicted_to_expire() {
    let jwt = cases()["valid_int"]["jwt"].as_str().unwrap().to_string();
    let paste = format!("{}\ncurl: (1) Protocol \"'https\" not supported or disabled in libcurl\n", curl(INT, &jwt));
    // Long after exp, with nothing saying when it was made: sent now it would expire, but it was
    // never sent, and a fixed client signs a new one.
    let report = analyze(&paste, &Context::at(NOW + 86_400).with_key(KEY));
    assert!(report.client_error.is_some());
    assert_ne!(report.predicted.map(|p| p.entry.map(|e| e.id())), Some(Some("exp-expired")));
}
