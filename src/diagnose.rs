//! Combine the error body, the findings and the prediction into ranked causes: what this paste
//! shows first, then the catalogue's likely causes for that error.

use crate::catalogue::platform;
use crate::decode::error_body::BodyKind;
use crate::report::{Cause, Diagnosis, Finding, Report, Severity};

pub fn diagnose(report: &Report) -> Vec<Diagnosis> {
    let pasted = report.error_bodies.iter().filter(|b| b.kind != BodyKind::TokenSuccess).find_map(|b| b.entry.clone());
    let predicted = report.predicted.as_ref().and_then(|p| p.entry.clone());
    let mut entries: Vec<String> = Vec::new();
    for e in [pasted, predicted].into_iter().flatten() {
        if !entries.contains(&e) {
            entries.push(e);
        }
    }
    if entries.is_empty() {
        // No error to explain: explain the most severe finding that leads to one.
        if let Some(e) = report.errors().find_map(|f| f.code.explains().first()) {
            entries.push((*e).to_string());
        }
    }
    entries.iter().filter_map(|id| explain(id, &report.findings)).collect()
}

fn explain(id: &str, findings: &[Finding]) -> Option<Diagnosis> {
    let entry = platform::by_id(id)?;
    let mut evidence: Vec<(&Finding, usize)> =
        findings.iter().filter_map(|f| f.code.explains().iter().position(|e| *e == id).map(|pos| (f, pos))).collect();
    evidence.sort_by_key(|(f, pos)| (f.severity, *pos));
    let guessy = id == "oauth-v2-invalid-client-identifier";
    let mut causes: Vec<Cause> = evidence
        .iter()
        .map(|(f, _)| Cause {
            rank: 0,
            text: f.message.clone(),
            evidenced: true,
            unverified: guessy || f.severity != Severity::Error,
            fix: f.code.entry().fix.to_string(),
        })
        .collect();
    causes.extend(entry.causes.iter().map(|c| Cause {
        rank: 0,
        text: c.text.clone(),
        evidenced: false,
        unverified: c.unverified,
        fix: entry.fix.clone(),
    }));
    for (i, c) in causes.iter_mut().enumerate() {
        c.rank = i + 1;
    }
    let summary = match causes.first() {
        Some(c) => format!("Most likely: {}", c.text),
        None => first_sentence(&entry.meaning).to_string(),
    };
    Some(Diagnosis {
        entry: entry.id.clone(),
        title: entry.title.clone(),
        summary,
        meaning: entry.meaning.clone(),
        causes,
        fix: entry.fix.clone(),
        documented: entry.documented.clone(),
        enforced: entry.enforced.clone(),
        source: entry.source.clone(),
    })
}

fn first_sentence(s: &str) -> &str {
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s,
    }
}
