//! Every compact token among the public JOSE vectors decodes to exactly the header and payload
//! the vector records: same text byte for byte, same JSON with the same key order and digits.

use std::fs;
use std::path::Path;

use auth_triage::decode::jwt::Kind;
use auth_triage::{analyze, Code, Context};
use serde_json::Value;

fn load(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vectors").join(rel);
    serde_json::from_str(&fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// JSON compared as text, so that key order and number digits count.
fn same_json(a: &Value, b: &Value) -> bool {
    serde_json::to_string(a).unwrap() == serde_json::to_string(b).unwrap()
}

struct Case {
    name: String,
    compact: String,
    header: Value,
    /// JSON payload, or the payload text for non-JSON JWS payloads.
    payload: Result<Value, String>,
    header_exact: Option<String>,
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for rel in [
        "rfc7515/A.1-HS256.json",
        "rfc7515/A.2-RS256.json",
        "rfc7515/A.3-ES256.json",
        "rfc7515/A.4-ES512.json",
        "rfc7515/A.5-none.json",
        "rfc7519/3.1-example-jwt.json",
        "rfc7519/6.1-unsecured-jwt.json",
    ] {
        let v = load(rel);
        let payload = if v["payload_is_json_object"] == true {
            Ok(v["expected_payload"].clone())
        } else {
            Err(v["payload_exact"].as_str().unwrap().to_string())
        };
        cases.push(Case {
            name: rel.to_string(),
            compact: v["compact"].as_str().unwrap().to_string(),
            header: v["expected_header"].clone(),
            payload,
            header_exact: v["header_json_exact"].as_str().map(String::from),
        });
    }
    for rel in [
        "rfc7520/jws/4_1.rsa_v15_signature.json",
        "rfc7520/jws/4_2.rsa-pss_signature.json",
        "rfc7520/jws/4_3.ecdsa_signature.json",
        "rfc7520/jws/4_4.hmac-sha2_integrity_protection.json",
    ] {
        let v = load(rel);
        cases.push(Case {
            name: rel.to_string(),
            compact: v["output"]["compact"].as_str().unwrap().to_string(),
            header: v["signing"]["protected"].clone(),
            payload: Err(v["input"]["payload"].as_str().unwrap().to_string()),
            header_exact: None,
        });
    }
    let v = load("jwtio/RS512-default.json");
    cases.push(Case {
        name: "jwtio/RS512-default".into(),
        compact: v["token"].as_str().unwrap().into(),
        header: v["expected_header"].clone(),
        payload: Ok(v["expected_payload"].clone()),
        header_exact: None,
    });
    let v = load("jwtio/default-tokens.json");
    for (alg, t) in v["tokens"].as_object().unwrap() {
        cases.push(Case {
            name: format!("jwtio/default-tokens/{alg}"),
            compact: t["token"].as_str().unwrap().into(),
            header: t["expected_header"].clone(),
            payload: Ok(t["expected_payload"].clone()),
            header_exact: None,
        });
    }
    let v = load("jwtio/e2e-jwt.json");
    for (alg, t) in v["byAlgorithm"].as_object().unwrap() {
        let Some(jwt) = t["jwt"].as_str() else { continue };
        cases.push(Case {
            name: format!("jwtio/e2e-jwt/{alg}"),
            compact: jwt.into(),
            header: serde_json::from_str(t["header"].as_str().unwrap()).unwrap(),
            payload: Ok(serde_json::from_str(t["payload"].as_str().unwrap()).unwrap()),
            header_exact: None,
        });
    }
    cases
}

#[test]
fn every_vector_decodes_exactly() {
    let cases = cases();
    assert!(cases.len() >= 25, "only {} vectors found", cases.len());
    for case in cases {
        let report = analyze(&case.compact, &Context::at(1_760_000_000));
        assert_eq!(report.tokens.len(), 1, "{}: tokens", case.name);
        let t = &report.tokens[0];
        assert_eq!(t.compact, case.compact, "{}", case.name);
        assert_eq!(t.kind, Kind::Jws, "{}", case.name);
        let header = t.header.json.as_ref().unwrap_or_else(|| panic!("{}: header not JSON", case.name));
        assert!(same_json(header, &case.header), "{}: header {header} != {}", case.name, case.header);
        if let Some(exact) = &case.header_exact {
            assert_eq!(t.header.text.as_deref(), Some(exact.as_str()), "{}: header text", case.name);
        }
        match &case.payload {
            Ok(expected) => {
                let got = t.payload.json.as_ref().unwrap_or_else(|| panic!("{}: payload not JSON", case.name));
                assert!(same_json(got, expected), "{}: payload {got} != {expected}", case.name);
            }
            Err(text) => {
                assert_eq!(t.payload.text.as_deref(), Some(text.as_str()), "{}: payload text", case.name);
                assert!(t.payload.json.is_none());
                assert!(report.has(Code::JwtNotJson), "{}: a text payload is named", case.name);
            }
        }
        // Decoding problems: only the empty signature of unsecured tokens.
        let decode_errors: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code.id().starts_with("jwt-") || f.code.id().starts_with("jwe-"))
            .map(|f| f.code)
            .collect();
        let unsecured = case.header["alg"] == "none";
        let expected: Vec<Code> = match (&case.payload, unsecured) {
            (_, true) => vec![Code::JwtEmptySignature],
            (Err(_), _) => vec![Code::JwtNotJson],
            _ => vec![],
        };
        assert_eq!(decode_errors, expected, "{}", case.name);
    }
}

#[test]
fn big_integers_keep_every_digit() {
    // header {"alg":"RS512"}, payload {"exp":123456789012345678901234567890,"n":1.50}
    let token = "eyJhbGciOiJSUzUxMiJ9.eyJleHAiOjEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MCwibiI6MS41MH0.c2ln";
    let report = analyze(token, &Context::at(0));
    let payload = report.tokens[0].payload.json.as_ref().unwrap();
    assert_eq!(serde_json::to_string(payload).unwrap(), r#"{"exp":123456789012345678901234567890,"n":1.50}"#);
}

#[test]
fn jwe_vectors_are_named_as_jwe() {
    for rel in [
        "rfc7520/jwe/5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json",
        "rfc7520/jwe/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json",
        "rfc7520/jwe/5_6.direct_encryption_using_aes-gcm.json",
    ] {
        let v = load(rel);
        let compact = v["output"]["compact"].as_str().unwrap();
        let report = analyze(compact, &Context::at(0));
        assert_eq!(report.tokens[0].kind, Kind::Jwe, "{rel}");
        assert!(report.has(Code::JweNotJws), "{rel}");
        assert!(
            same_json(report.tokens[0].header.json.as_ref().unwrap(), &v["encrypting_content"]["protected"]),
            "{rel}"
        );
    }
}
