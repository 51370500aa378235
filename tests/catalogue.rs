//! Catalogue invariants: unique codes, every entry complete, every code produced by a fixture,
//! every error string of the platform spec present, old wordings mapped.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use auth_triage::catalogue::platform;
use auth_triage::platform::Environment;
use auth_triage::{analyze, analyze_with, Code, Context};
use serde_json::Value;

fn fixture(rel: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)).unwrap()
}

#[test]
fn codes_are_unique_and_round_trip() {
    let mut seen = HashSet::new();
    for &code in Code::ALL {
        assert!(seen.insert(code.id()), "duplicate id {}", code.id());
        assert_eq!(Code::from_id(code.id()), Some(code));
        assert!(code.id().chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()), "{}", code.id());
    }
    // Platform ids live under #/errors/, finding ids under #/findings/: unique within each.
    let mut platform_ids = HashSet::new();
    for e in platform::all() {
        assert!(platform_ids.insert(e.id.id()), "duplicate platform id {}", e.id);
    }
}

/// A snapshot of the codes: a rename or removal shows up in review (anchors are public).
#[test]
fn code_list_snapshot() {
    let ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
    let snapshot = fixture("codes.snapshot");
    let expected: Vec<&str> = snapshot.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(ids, expected, "codes changed: update tests/fixtures/codes.snapshot on purpose");
}

#[test]
fn every_entry_is_complete() {
    for &code in Code::ALL {
        let e = code.entry();
        assert!(
            !e.title.is_empty() && !e.meaning.is_empty() && !e.fix.is_empty() && !e.source.is_empty(),
            "{}",
            code.id()
        );
        assert!(!e.causes.is_empty(), "{} has no causes", code.id());
        assert!(!e.documented.is_empty() && !e.enforced.is_empty(), "{}", code.id());
        for id in code.explains() {
            assert!(platform::by_id(id.id()).is_some(), "{} explains unknown {id}", code.id());
        }
    }
    let all = platform::all();
    assert!(all.len() >= 45, "only {} platform entries", all.len());
    for e in all {
        assert!(!e.title.is_empty() && !e.meaning.is_empty() && !e.fix.is_empty() && !e.source.is_empty(), "{}", e.id);
        assert!(!e.causes.is_empty(), "{} has no causes", e.id);
        assert!(
            e.description.is_some()
                || e.errorcode.is_some()
                || e.diagnostics.is_some()
                || e.fhir_code.is_some()
                || !e.by_status.is_empty()
                || e.status == 405,
            "{} matches nothing",
            e.id
        );
        assert!((200..600).contains(&e.status), "{}", e.id);
    }
}

#[test]
fn every_code_is_produced_by_its_fixture() {
    let v: Value = serde_json::from_str(&fixture("codes.json")).unwrap();
    let cases = v["cases"].as_object().unwrap();
    for &code in Code::ALL {
        let (paste, ctx) = if code == Code::InputTruncated {
            ("x".repeat(auth_triage::MAX_INPUT_BYTES + 10), Context::at(1_760_000_000))
        } else {
            let case = cases.get(code.id()).unwrap_or_else(|| panic!("no fixture for {}", code.id()));
            let mut ctx = Context::at(case["now"].as_i64().unwrap());
            ctx.api_key = case["key"].as_str().map(String::from);
            ctx.app_id = case["app_id"].as_str().map(String::from);
            ctx.environment = case["env"].as_str().and_then(Environment::from_label);
            ctx.shared = case["shared"].as_bool().unwrap_or(false);
            ctx.call_at = case["call_at"].as_i64();
            (case["paste"].as_str().unwrap().to_string(), ctx)
        };
        let verify = code != Code::InputTruncated && cases[code.id()]["verify"].as_bool().unwrap_or(false);
        let report = if verify { analyze_with(&paste, &ctx, &auth_triage::NATIVE) } else { analyze(&paste, &ctx) };
        assert!(
            report.has(code),
            "{}: not produced; got {:?}",
            code.id(),
            report.findings.iter().map(|f| f.code.id()).collect::<Vec<_>>()
        );
    }
    assert_eq!(cases.len() + 1, Code::ALL.len(), "fixtures for codes that no longer exist");
}

/// Backticked strings of the spec's error tables, by column header.
fn spec_strings(columns: &[&str]) -> Vec<String> {
    let spec = fixture("nhs/spec.md");
    let mut out = Vec::new();
    let mut header: Vec<String> = Vec::new();
    for line in spec.lines() {
        if !line.starts_with('|') {
            header.clear();
            continue;
        }
        let cells: Vec<String> = line.trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect();
        if header.is_empty() {
            header = cells;
            continue;
        }
        if cells.iter().all(|c| c.chars().all(|ch| ch == '-' || ch == ':')) {
            continue;
        }
        for (i, h) in header.iter().enumerate() {
            if !columns.iter().any(|c| h.contains(c)) {
                continue;
            }
            let Some(cell) = cells.get(i) else { continue };
            let mut rest = cell.as_str();
            while let Some(start) = rest.find('`') {
                let Some(len) = rest[start + 1..].find('`') else { break };
                let s = &rest[start + 1..start + 1 + len];
                if !s.contains('…') && !s.contains('<') && s.len() > 3 {
                    out.push(s.replace("\\|", "|"));
                }
                rest = &rest[start + 2 + len..];
            }
        }
    }
    out
}

#[test]
fn every_spec_error_string_is_in_the_catalogue() {
    let known: HashSet<String> = platform::all()
        .iter()
        .flat_map(|e| {
            [e.description, e.errorcode, e.diagnostics, e.faultstring]
                .into_iter()
                .flatten()
                .chain(e.old.iter().copied())
                .map(String::from)
        })
        .collect();
    let strings = spec_strings(&[
        "`error_description`",
        "Old `error_description`",
        "Current equivalent",
        "`errorcode`",
        "`diagnostics`",
    ]);
    assert!(strings.len() > 80, "spec parse found only {}", strings.len());
    // Backticked words in those columns that are not error strings: a commit id, `error` codes
    // quoted in a note, policy and fault names, a JS expression.
    const NOT_MESSAGES: &[&str] = &[
        "2c1795a8",
        "invalid_request",
        "unsupported_grant_type",
        "unknown_error",
        "RaiseFault.401Unauthorized",
        "FailedToResolveAPIKey",
        "invalid_client-app_not_approved",
        "consumer_key_expired",
        "\"1760000300\"*1000",
    ];
    // Whole bodies quoted in the tables must be recognised as they stand.
    let (bodies, strings): (Vec<&String>, Vec<&String>) = strings.iter().partition(|s| s.starts_with('{'));
    for body in bodies {
        let r = analyze(body, &Context::at(0));
        assert!(r.error_bodies.first().and_then(|b| b.entry.as_ref()).is_some(), "body not recognised: {body}");
    }
    let missing: Vec<&&String> =
        strings.iter().filter(|s| !known.contains(s.as_str()) && !NOT_MESSAGES.contains(&s.as_str())).collect();
    assert!(missing.is_empty(), "spec strings missing from the catalogue: {missing:#?}");
}

#[test]
fn old_wordings_map_to_current_entries() {
    for e in platform::all() {
        for old in e.old {
            let (found, how) = platform::match_nhs(e.error, Some(old)).unwrap_or_else(|| panic!("{old}"));
            assert_eq!(found.id, e.id, "{old}");
            assert_eq!(how, platform::Match::OldWording);
        }
    }
    let r =
        analyze(r#"{"error":"invalid_request","error_description":"Invalid iss/sub claims in JWT"}"#, &Context::at(0));
    assert_eq!(r.error_bodies[0].entry.map(|e| e.id()), Some("iss-sub-invalid"));
    assert!(r.has(Code::ErrorBodyOldWording));
}

#[test]
fn the_placeholder_is_explained() {
    let e = platform::by_id("oauth-v2-invalid-client-identifier").unwrap();
    assert!(e.meaning.contains("{0}") && e.meaning.contains("placeholder"));
    assert!(e.meaning.contains("does not say which identifier"));
}
