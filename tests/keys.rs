#![cfg(not(target_arch = "wasm32"))]
//! Keys and signatures: every fixture verifies against the fixture JWKS (RS256 reported as a
//! valid signature with the wrong algorithm); one flipped bit fails; public vectors verify with
//! their keys; JWKS lint; the builder's output passes the analyzer and verifies.

use auth_triage::keys::build;
use auth_triage::platform::Environment;
use auth_triage::{analyze, analyze_with, Code, Context, Report};
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::Value;

const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
const NOW: i64 = 1_760_000_000;

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)).unwrap()
}

/// Analyse with a key field, the signature verified natively (the page does it with WebCrypto).
fn verified(paste: &str, keys: &str) -> Report {
    let mut ctx = Context::at(NOW).with_key(KEY);
    ctx.keys_text = Some(keys.to_string());
    analyze_with(paste, &ctx, &auth_triage::NATIVE)
}

fn flip(jwt: &str) -> String {
    let (head, sig) = jwt.rsplit_once('.').unwrap();
    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(sig).unwrap();
    bytes[10] ^= 0x01;
    format!("{head}.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

#[test]
fn every_fixture_verifies_and_a_flipped_bit_does_not() {
    let jwks = fixture("nhs/jwks.json");
    let cases: Value = serde_json::from_str(&fixture("nhs/client_assertions.json")).unwrap();
    for (name, case) in cases["cases"].as_object().unwrap() {
        let jwt = case["jwt"].as_str().unwrap();
        if name == "malformed_not_a_jwt" {
            continue;
        }
        let r = verified(jwt, &jwks);
        let expected = if name == "alg_rs256" { Code::SignatureWrongAlg } else { Code::SignatureValid };
        if name == "missing_kid" {
            // One key, no kid in the token: that key is used.
            assert!(r.has(Code::SignatureValid), "{name}");
            continue;
        }
        assert!(r.has(expected), "{name}: {:?}", r.findings.iter().map(|f| f.code.id()).collect::<Vec<_>>());
        if name == "alg_rs256" {
            let f = r.findings.iter().find(|f| f.code == Code::SignatureWrongAlg).unwrap();
            assert!(f.message.contains("valid RS256 signature") && f.message.contains("only RS512"), "{}", f.message);
        }
        let bad = verified(&flip(jwt), &jwks);
        let f = bad
            .findings
            .iter()
            .find(|f| f.code == Code::SignatureMismatch)
            .unwrap_or_else(|| panic!("{name}: flipped bit not caught"));
        assert!(f.message.contains("does not match"), "{}", f.message);
    }
}

#[test]
fn a_mismatching_signature_predicts_signature_verification_failed() {
    let cases: Value = serde_json::from_str(&fixture("nhs/client_assertions.json")).unwrap();
    let jwt = flip(cases["cases"]["valid_int"]["jwt"].as_str().unwrap());
    let r = verified(&jwt, &fixture("nhs/jwks.json"));
    assert_eq!(r.predicted.unwrap().error_description.as_deref(), Some("JWT signature verification failed"));
}

#[test]
fn public_vectors_verify_with_their_keys() {
    let load = |rel: &str| -> Value { serde_json::from_str(&fixture(&format!("vectors/{rel}"))).unwrap() };
    let a2 = load("rfc7515/A.2-RS256.json");
    let r = verified(a2["compact"].as_str().unwrap(), &a2["public_jwk"].to_string());
    assert!(
        r.has(Code::SignatureWrongAlg),
        "A.2 is a valid RS256 signature: {:?}",
        r.findings.iter().map(|f| f.code.id()).collect::<Vec<_>>()
    );
    for rel in ["rfc7520/jws/4_1.rsa_v15_signature.json", "rfc7520/jws/4_2.rsa-pss_signature.json"] {
        let v = load(rel);
        let key = &v["input"]["key"];
        let public = serde_json::json!({"keys": [{"kty": "RSA", "kid": key["kid"], "n": key["n"], "e": key["e"]}]});
        let r = verified(v["output"]["compact"].as_str().unwrap(), &public.to_string());
        assert!(
            r.has(Code::SignatureWrongAlg),
            "{rel}: {:?}",
            r.findings.iter().map(|f| f.code.id()).collect::<Vec<_>>()
        );
    }
    let jwtio = load("jwtio/RS512-default.json");
    let r = verified(jwtio["token"].as_str().unwrap(), jwtio["public_key_pem"].as_str().unwrap());
    assert!(r.has(Code::SignatureValid), "{:?}", r.findings.iter().map(|f| f.code.id()).collect::<Vec<_>>());
    assert!(r.has(Code::JwksSmallKey) && r.has(Code::JwksNotASet), "2048-bit PEM: compliance notes");
    // A certificate and a PKCS#1 public key of the same key verify as well.
    let cases: Value = serde_json::from_str(&fixture("nhs/client_assertions.json")).unwrap();
    for file in ["nhs/test-1.pem.pub", "nhs/test-1.pkcs1.pub", "nhs/test-1.crt", "nhs/test-1.pem"] {
        let r = verified(cases["cases"]["valid_int"]["jwt"].as_str().unwrap(), &fixture(file));
        assert!(
            r.has(Code::SignatureValid),
            "{file}: {:?}",
            r.findings.iter().map(|f| f.code.id()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn jwks_lint() {
    let mut jwks: Value = serde_json::from_str(&fixture("nhs/jwks.json")).unwrap();
    jwks["keys"][0]["d"] = Value::String("secret".into());
    let r = analyze(&jwks.to_string(), &Context::at(NOW));
    let f = r.findings.iter().find(|f| f.code == Code::JwksPrivateKey).expect("private member flagged");
    assert!(f.message.contains("(d)") && f.message.contains("never be uploaded"), "{}", f.message);
    let cases: Value = serde_json::from_str(&fixture("nhs/client_assertions.json")).unwrap();
    let jwt = cases["cases"]["valid_int"]["jwt"].as_str().unwrap();
    let other = r#"{"keys":[{"kty":"RSA","kid":"prod-1","n":"AQAB","e":"AQAB"},{"kty":"RSA","kid":"Test-1","n":"AQAB","e":"AQAB"}]}"#;
    let r = verified(jwt, other);
    let f = r.findings.iter().find(|f| f.code == Code::KidNotInJwks).unwrap();
    assert!(f.message.contains("\"prod-1\" and \"Test-1\""), "{}", f.message);
    assert_eq!(r.predicted.unwrap().entry.map(|e| e.id()), Some("kid-no-matching-key"));
}

#[test]
fn builder_output_passes_the_analyzer_and_verifies() {
    let a =
        build::assertion(Environment::Int, KEY, "test-1", 240, NOW, "0f8fad5b-d9cb-469f-a165-70867728950e").unwrap();
    let key = rsa::RsaPrivateKey::from_pkcs1_pem(&fixture("nhs/test-1.pem")).unwrap();
    let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha512>::new(key);
    let sig = signer.sign(a.signing_input.as_bytes()).to_vec();
    let compact = a.compact(&sig);
    let curl = a.curl(&compact);
    assert!(!curl.contains("client_id") && !curl.to_lowercase().contains("authorization"));
    let r = verified(&curl, &fixture("nhs/jwks.json"));
    assert!(r.has(Code::SignatureValid));
    let errors: Vec<_> = r.errors().map(|f| f.code.id()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(r.predicted.unwrap().status, 200);
    // the private key parsed from PEM gives WebCrypto a private JWK
    let k = auth_triage::keys::parse::pem_keys(&fixture("nhs/test-1.pem"));
    assert!(k[0].private_jwk.as_ref().is_some_and(|j| j["d"].is_string()));
    assert!(build::assertion(Environment::Int, "3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c", "k", 60, NOW, "x").is_err());
    assert!(build::assertion(Environment::Int, KEY, "k", 3600, NOW, "x").is_err());
}
