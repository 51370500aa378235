//! The field corpus: pastes rebuilt from real public reports (tests/field/cases, see its
//! README), each with its source, the expected headline, what the report must mention and what
//! it must not claim. `make field` prints pass/total and each failure.

use std::path::Path;

use auth_triage::platform::Environment;
use auth_triage::vocab::Provenance;
use auth_triage::{analyze, Context, Report};
use serde_json::Value;

struct Case {
    id: String,
    classes: Vec<String>,
    source: String,
    ctx: Context,
    paste: String,
    expect: Value,
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/field/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let c = &v["context"];
            let mut ctx = Context::at(c["now"].as_i64().unwrap_or_else(|| panic!("{}: context.now", p.display())));
            ctx.api_key = c["api_key"].as_str().map(String::from);
            ctx.app_id = c["app_id"].as_str().map(String::from);
            ctx.environment = c["env"].as_str().and_then(Environment::from_label);
            Case {
                id: v["id"].as_str().unwrap().to_string(),
                classes: v["classes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect(),
                source: v["source"].as_str().unwrap().to_string(),
                ctx,
                paste: v["paste"].as_str().unwrap().to_string(),
                expect: v["expect"].clone(),
            }
        })
        .collect()
}

fn from_name(f: Provenance) -> &'static str {
    match f {
        Provenance::Pasted => "pasted",
        Provenance::Predicted => "predicted",
        Provenance::Client => "client",
        Provenance::None => "none",
    }
}

/// What the report claims about this paste: the verdict, the prediction, what it saw (findings,
/// causes seen in the paste), the client error. The catalogue's general list of known causes of
/// an error is knowledge, not a claim about this paste, and is left out.
fn claims(report: &Report) -> String {
    let v = &report.verdict;
    let mut out = vec![v.headline.clone(), v.why.clone()];
    out.extend(v.notes.iter().cloned());
    out.extend(v.todo.iter().cloned());
    if let Some(p) = &report.predicted {
        out.push(p.headline());
        out.push(p.why.clone());
    }
    if let Some(c) = &report.client_error {
        out.push(c.cause.clone());
        out.push(c.fix.clone());
    }
    out.extend(report.findings.iter().map(|f| f.message.clone()));
    for d in &report.diagnosis {
        out.extend(d.causes.iter().filter(|c| c.evidenced).map(|c| c.text.clone()));
    }
    out.join("\n")
}

/// Why a case fails (empty: it passes).
fn judge(case: &Case, report: &Report, text: &str) -> Vec<String> {
    let mut why = Vec::new();
    let want = &case.expect["headline"];
    let v = &report.verdict;
    let from = want["from"].as_str().unwrap_or("");
    if from_name(v.from) != from {
        why.push(format!("headline from {} (want {from}): {}", from_name(v.from), v.headline));
    }
    if let Some(status) = want["status"].as_u64() {
        if v.status.map(u64::from) != Some(status) {
            why.push(format!("status {:?} (want {status})", v.status));
        }
    }
    if let Some(error) = want["error"].as_str() {
        let got = v.error.as_deref().unwrap_or("");
        // The headline's text holds the expected one (or, for a pasted answer, is part of it).
        let part_of_pasted = from == "pasted" && !got.is_empty() && error.contains(got);
        if !got.contains(error) && !part_of_pasted {
            why.push(format!("error {got:?} (want {error:?})"));
        }
    }
    if let Some(c) = want["certainty"].as_str() {
        if v.certainty.label() != c {
            why.push(format!("certainty {} (want {c})", v.certainty.label()));
        }
    }
    let lower = text.to_lowercase();
    for m in case.expect["mentions"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if !lower.contains(&m.to_lowercase()) {
            why.push(format!("does not mention {m:?}"));
        }
    }
    let claimed = claims(report).to_lowercase();
    for m in case.expect["must_not"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if claimed.contains(&m.to_lowercase()) {
            why.push(format!("says {m:?}"));
        }
    }
    why
}

/// Cases known to fail, with what the analysis lacks (tests/field/known_failures.txt).
fn known_failures() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/field/known_failures.txt");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split('#').next())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn field_corpus() {
    let cases = cases();
    let known = known_failures();
    let (mut failed, mut regressions) = (Vec::new(), Vec::new());
    for case in &cases {
        let report = analyze(&case.paste, &case.ctx);
        let text = auth_triage::outputs::text::render(&report);
        let why = judge(case, &report, &text);
        if !why.is_empty() {
            failed.push(case.id.clone());
            println!("✘ {} [{}]\n    {}", case.id, case.classes.join(", "), why.join("\n    "));
            if !known.contains(&case.id) {
                regressions.push(case.id.clone());
            }
        }
    }
    println!("field corpus: {} passed, {} failed", cases.len() - failed.len(), failed.len());
    let stale: Vec<&String> = known.iter().filter(|k| !failed.contains(k)).collect();
    assert!(regressions.is_empty(), "field cases fail that are not known failures: {regressions:?}");
    assert!(stale.is_empty(), "known failures that now pass (remove them from known_failures.txt): {stale:?}");
}

#[test]
fn the_corpus_covers_every_class_from_different_sources() {
    let cases = cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let classes = [
        "typography",
        "wire-vs-code",
        "ground-truth",
        "server",
        "certainty",
        "surrounding-errors",
        "sources",
        "tool-shapes",
        "token-calls",
        "clocks",
        "jwks-hosting",
        "client-side",
    ];
    for class in classes {
        let mut sources: Vec<&str> =
            cases.iter().filter(|c| c.classes.iter().any(|x| x == class)).map(|c| c.source.as_str()).collect();
        sources.sort();
        sources.dedup();
        assert!(sources.len() >= 3, "class {class}: {} different sources", sources.len());
    }
    for c in &cases {
        assert!(c.source.starts_with("https://"), "{}: source {:?}", c.id, c.source);
    }
}

/// The user's error is the ground truth: whenever a paste holds an error body, the headline
/// explains that error — or states a disagreement backed by what went over the wire.
#[test]
fn a_pasted_error_is_always_the_headline() {
    for case in cases() {
        let report = analyze(&case.paste, &case.ctx);
        if let Some(body) = report.main_body() {
            assert_eq!(report.verdict.from, Provenance::Pasted, "{}: {}", case.id, report.verdict.headline);
            assert_eq!(report.verdict.entry, body.entry, "{}", case.id);
        }
    }
}
