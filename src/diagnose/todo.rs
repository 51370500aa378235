//! What the verdict lists beside its headline: the to-do list (every error finding, in the
//! gateway's order, each fix once) and the notes that stand apart from it.

use crate::vocab::{Code, Finding, Severity, Step};

/// The gateway step of the earliest error a finding explains; `None` for a finding that
/// explains no gateway error.
fn step(code: Code) -> Option<Step> {
    code.explains().iter().filter_map(|e| e.entry().step).min()
}

/// What would still block the request: every error finding, in the gateway's order, each fix
/// once (`title: fix`, with the finding's code).
pub fn todo<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<(Code, String)> {
    let mut errors: Vec<(Step, usize, &Finding)> = findings
        .enumerate()
        .filter(|(_, f)| f.severity == Severity::Error)
        // Only what the gateway checks on the request blocks it (a key file's lint does not).
        .filter_map(|(i, f)| step(f.code).map(|s| (s, i, f)))
        .collect();
    errors.sort_by_key(|(s, i, _)| (*s, *i));
    let mut fixes: Vec<u16> = Vec::new();
    let mut out = Vec::new();
    for (_, _, f) in errors {
        let entry = f.code.entry();
        if fixes.contains(&entry.fix_group) {
            continue;
        }
        fixes.push(entry.fix_group);
        out.push((f.code, format!("{}: {}", entry.title, entry.fix)));
    }
    out
}

/// The findings a person needs beside the headline (the catalogue marks them `verdict_note`),
/// most pressing first: what is true of the request (the sandbox does not test auth, an unknown
/// value), then of the token (an old paste's expiry), then a pasted answer this request would
/// not get.
pub fn notes(findings: &[Finding]) -> Vec<String> {
    let rank = |f: &Finding| match (f.code == Code::PredictionDisagrees, f.code.about()) {
        (true, _) => 2,
        (_, crate::vocab::About::Request) => 0,
        _ => 1,
    };
    let mut picked: Vec<&Finding> =
        findings.iter().filter(|f| f.code.verdict_note() || f.code == Code::PredictionDisagrees).collect();
    picked.sort_by_key(|f| rank(f));
    let mut out: Vec<String> = Vec::new();
    for f in picked {
        if !out.contains(&f.message) {
            out.push(f.message.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn todo_is_in_the_gateways_order_each_fix_once_and_notes_stand_apart() {
        // Reported out of order: the aud error (a later step) before the typ error.
        let findings = vec![
            Finding::new(Code::AudMismatch, "aud"),
            Finding::new(Code::TypMissing, "typ"),
            Finding::new(Code::AudMismatch, "aud again"),
            Finding::new(Code::ExpExpiredOldPaste, "exp is old: expired now — expected for an old paste"),
            Finding::new(Code::SandboxNoTokenNeeded, "sandbox"),
        ];
        let (codes, t): (Vec<Code>, Vec<String>) = todo(findings.iter()).into_iter().unzip();
        assert_eq!(codes, [Code::TypMissing, Code::AudMismatch]);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].starts_with(Code::TypMissing.entry().title), "{t:?}");
        assert!(t[1].starts_with(Code::AudMismatch.entry().title), "{t:?}");
        let n = notes(&findings);
        assert_eq!(n, vec!["sandbox".to_string(), "exp is old: expired now — expected for an old paste".to_string()]);
    }
}
