//! Table-driven: malformed tokens name the problem with its segment and byte offset, and paste
//! hygiene strips what people paste around tokens and says so.

use std::fs;
use std::path::Path;

use auth_triage::{analyze, Code, Context, Severity};
use serde_json::Value;

fn table(name: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let v: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    v["cases"].as_array().unwrap().clone()
}

#[test]
fn malformed_tokens_are_named_with_segment_and_offset() {
    let cases = table("malformed.json");
    assert!(cases.len() >= 12);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        let code = Code::from_id(case["code"].as_str().unwrap()).unwrap_or_else(|| panic!("{name}: unknown code"));
        let report = analyze(input, &Context::at(1_760_000_000));
        let finding = report
            .findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("{name}: no {code:?} in {:#?}", report.findings));
        let at = finding.at.as_ref().unwrap_or_else(|| panic!("{name}: no location"));
        assert_eq!(at.segment, case["segment"].as_str().unwrap(), "{name}");
        assert_eq!(at.offset as u64, case["offset"].as_u64().unwrap(), "{name}: offset ({})", finding.message);
        let span = finding.span.unwrap_or_else(|| panic!("{name}: no span"));
        assert!(span.start <= span.end && span.end <= input.len(), "{name}: span {span:?}");
        assert!(finding.message.len() > 20, "{name}: message says something");
    }
}

#[test]
fn paste_hygiene_strips_and_says_so() {
    for case in table("hygiene.json") {
        let name = case["name"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        let report = analyze(input, &Context::at(1_760_000_000));
        assert_eq!(report.tokens.len(), 1, "{name}");
        assert_eq!(report.tokens[0].compact, case["compact"].as_str().unwrap(), "{name}");
        let decode_errors: Vec<_> =
            report.errors().filter(|f| f.code.id().starts_with("jwt-") || f.code.id().starts_with("jwe-")).collect();
        assert!(decode_errors.is_empty(), "{name}: {decode_errors:#?}");
        let kinds: Vec<String> = report
            .cleaned
            .iter()
            .map(|c| serde_json::to_value(c.what).unwrap().as_str().unwrap().to_string())
            .collect();
        let expected: Vec<String> =
            case["cleaned"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()).collect();
        assert_eq!(kinds, expected, "{name}");
        assert_eq!(report.has(Code::PasteCleaned), !expected.is_empty(), "{name}");
        // The span points back at the token's first character in the paste.
        let span = report.tokens[0].span;
        assert_eq!(&input[span.start..span.start + 3], "eyJ", "{name}");
    }
}

#[test]
fn time_claims_are_shown_and_flagged() {
    // {"alg":"RS512"} . {"exp":"1760000300","iat":1760000000000,"nbf":1759999999.5}
    let payload = base64_url(r#"{"exp":"1760000300","iat":1760000000000,"nbf":1759999999.5}"#);
    let token = format!("eyJhbGciOiJSUzUxMiJ9.{payload}.c2ln");
    let report = analyze(&token, &Context::at(1_760_000_000));
    let times = &report.tokens[0].times;
    assert_eq!(times.len(), 3);
    assert_eq!(times[0].utc.as_deref(), Some("2025-10-09T08:58:20Z"));
    assert_eq!(times[0].relative.as_deref(), Some("expires in 5 min"));
    assert_eq!(times[1].utc.as_deref(), Some("2025-10-09T08:53:20Z"));
    assert_eq!(times[1].relative.as_deref(), Some("issued 0 s ago"));
    assert_eq!(times[2].relative.as_deref(), Some("valid since 1 s ago"));
    for (code, subject) in
        [(Code::TimeClaimIsString, "exp"), (Code::TimeClaimInMilliseconds, "iat"), (Code::TimeClaimFractional, "nbf")]
    {
        let f = report.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("{code:?}"));
        assert_eq!(f.field.as_deref(), Some(subject));
    }
    let expired = analyze(
        &format!("eyJhbGciOiJSUzUxMiJ9.{}.c2ln", base64_url(r#"{"exp":1759989200}"#)),
        &Context::at(1_760_000_000),
    );
    assert_eq!(expired.tokens[0].times[0].relative.as_deref(), Some("expired 3 h ago"));
}

#[test]
fn prose_without_anything_says_so() {
    let report = analyze("hello, it does not work", &Context::at(0));
    assert!(report.has(Code::NothingRecognised));
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert!(analyze("", &Context::at(0)).findings.is_empty());
}

fn base64_url(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

#[test]
fn large_pastes_are_cut_and_the_report_says_how_much_was_analysed() {
    // Cut by the core: bytes over the cap, on a character boundary (é is two bytes).
    let big = format!("{}{}", "x".repeat(auth_triage::MAX_INPUT_BYTES - 1), "é".repeat(10));
    let r = analyze(&big, &Context::at(0));
    let f = r.findings.iter().find(|f| f.code == Code::InputTruncated).expect("input-truncated");
    assert_eq!(
        f.message,
        format!("The paste is {} bytes; only the first {} were analysed.", big.len(), auth_triage::MAX_INPUT_BYTES - 1)
    );
    // Cut at the edge (the page's paste box keeps only the start): the report gives the
    // paste's real length, and what was analysed.
    let mut ctx = Context::at(0);
    ctx.pasted_len = Some(5_242_880);
    let kept = "y".repeat(auth_triage::MAX_INPUT_BYTES);
    let r = analyze(&kept, &ctx);
    let f = r.findings.iter().find(|f| f.code == Code::InputTruncated).expect("input-truncated");
    assert_eq!(
        f.message,
        format!(
            "The paste is 5242880 characters; the page kept {} bytes of it (the lines around tokens, error bodies \
             and requests, the latest first; its start when there are none), and analysed those.",
            kept.len()
        )
    );
    // Small pastes are not cut.
    assert!(!analyze("hello", &Context::at(0)).findings.iter().any(|f| f.code == Code::InputTruncated));
}
