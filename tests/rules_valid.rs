#![cfg(not(target_arch = "wasm32"))]
//! The fixtures' valid assertions, sent as the NHS reference request (spec §2) to their own
//! environment's token URL, give no error and no warning: with the signature unchecked, and
//! verified against the fixture JWKS. Notes (jti single use, sandbox needs no token, a valid
//! signature) are allowed.

use auth_triage::platform::Environment;
use auth_triage::{analyze, analyze_with, Code, Context, Finding, Report, Severity};
use serde_json::Value;

const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
const NOW: i64 = 1_760_000_000;

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)).unwrap()
}

/// The spec §2 reference cURL, to `url`, carrying `jwt`.
fn reference_curl(url: &str, jwt: &str) -> String {
    format!(
        "curl -X POST {url} \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  \
         --data-urlencode 'grant_type=client_credentials' \\\n  \
         --data-urlencode 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' \\\n  \
         --data-urlencode 'client_assertion={jwt}'"
    )
}

/// Each valid case: its name, its environment, and the reference request sending it there.
fn valid_pastes() -> Vec<(&'static str, Environment, String)> {
    let cases: Value = serde_json::from_str(&fixture("nhs/client_assertions.json")).unwrap();
    [("valid_int", Environment::Int), ("valid_sandbox", Environment::Sandbox)]
        .into_iter()
        .map(|(name, env)| {
            let case = &cases["cases"][name];
            let url = env.token_url();
            assert_eq!(case["payload"]["aud"].as_str(), Some(url.as_str()), "{name}: aud is not {env:?}'s token URL");
            assert_eq!(case["payload"]["iss"].as_str(), Some(KEY), "{name}: iss is not the API key");
            let jwt = case["jwt"].as_str().unwrap();
            (name, env, reference_curl(&url, jwt))
        })
        .collect()
}

fn ctx() -> Context {
    Context::at(NOW).with_key(KEY)
}

fn errors_and_warnings(report: &Report) -> Vec<&Finding> {
    report.findings.iter().filter(|f| matches!(f.severity, Severity::Error | Severity::Warning)).collect()
}

fn list(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("\n  {:?} {}: {}", f.severity, f.code, f.message)).collect()
}

#[test]
fn valid_assertions_give_no_error_or_warning() {
    for (name, _, paste) in valid_pastes() {
        let report = analyze(&paste, &ctx());
        let bad = errors_and_warnings(&report);
        assert!(bad.is_empty(), "{name}: errors or warnings on a correct request:{}", list(&report.findings));
    }
}

#[test]
fn valid_assertions_verified_against_the_fixture_jwks_give_no_error_or_warning() {
    let jwks = fixture("nhs/jwks.json");
    for (name, _, paste) in valid_pastes() {
        let mut ctx = ctx();
        ctx.keys_text = Some(jwks.clone());
        let report = analyze_with(&paste, &ctx, &auth_triage::NATIVE);
        let bad = errors_and_warnings(&report);
        assert!(bad.is_empty(), "{name}: errors or warnings on a correct, verified request:{}", list(&report.findings));
        assert!(
            report.findings.iter().any(|f| f.code == Code::SignatureValid),
            "{name}: the signature was not verified as valid:{}",
            list(&report.findings)
        );
    }
}

#[test]
fn the_environment_is_the_one_posted_to() {
    for (name, env, paste) in valid_pastes() {
        let report = analyze(&paste, &ctx());
        assert_eq!(report.environment(), Some(env), "{name}");
    }
}
