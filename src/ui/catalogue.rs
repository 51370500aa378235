//! The catalogue's index, filters and search, pure (tested natively): a search matches titles,
//! wordings, ids, HTTP statuses, `error` codes, Apigee error codes and FHIR codes; filters narrow
//! by status and `error` code.

use crate::catalogue::platform::{self, PlatformError};
use crate::vocab::{Code, Severity};

/// What the catalogue shows: a search and two filters (all empty: everything).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filter {
    pub query: String,
    pub status: Option<u16>,
    pub error: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.query.trim().is_empty() && self.status.is_none() && self.error.is_none()
    }
}

fn words(q: &str) -> Vec<String> {
    q.split_whitespace()
        .map(|w| w.trim_matches(['"', '\'', ',', '.']).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// A word matches a status exactly when it is one (`401`), else any text by substring.
fn word_matches(w: &str, statuses: &[u16], texts: &[&str]) -> bool {
    if let Ok(n) = w.parse::<u16>() {
        if (100..600).contains(&n) && w.len() == 3 {
            return statuses.contains(&n);
        }
    }
    texts.iter().any(|t| t.to_lowercase().contains(w))
}

pub fn error_matches(e: &PlatformError, f: &Filter) -> bool {
    if f.status.is_some_and(|s| s != e.status) || f.error.as_deref().is_some_and(|x| Some(x) != e.error) {
        return false;
    }
    let old = e.old.join(" ");
    let texts = [
        e.id.id(),
        e.title,
        e.error.unwrap_or(""),
        e.description.unwrap_or(""),
        e.errorcode.unwrap_or(""),
        e.faultstring.unwrap_or(""),
        e.diagnostics.unwrap_or(""),
        // A FHIR API's `details.coding` code (PDS answers `ACCESS_DENIED`).
        e.fhir_code.unwrap_or(""),
        e.status_note.unwrap_or(""),
        e.meaning,
        &old,
    ];
    words(&f.query).iter().all(|w| word_matches(w, &[e.status], &texts))
}

/// A finding matches a status or `error` code through the platform errors it explains.
pub fn finding_matches(c: Code, f: &Filter) -> bool {
    let explains = c.explains();
    let statuses: Vec<u16> = explains.iter().map(|e| e.entry().status).collect();
    if f.status.is_some_and(|s| !statuses.contains(&s)) {
        return false;
    }
    if let Some(x) = f.error.as_deref() {
        if !explains.iter().any(|e| e.entry().error == Some(x)) {
            return false;
        }
    }
    let entry = c.entry();
    // The `error`, Apigee `errorcode` and FHIR codes of the errors it leads to.
    let codes: Vec<&str> =
        explains.iter().map(|e| e.entry()).flat_map(|e| [e.error, e.errorcode, e.fhir_code]).flatten().collect();
    let codes = codes.join(" ");
    let texts = [c.id(), entry.title, entry.meaning, &codes];
    words(&f.query).iter().all(|w| word_matches(w, &statuses, &texts))
}

/// The platform errors a filter keeps, grouped by status (ascending), catalogue order within.
pub fn errors_by_status(f: &Filter) -> Vec<(u16, Vec<&'static PlatformError>)> {
    let mut groups: Vec<(u16, Vec<&'static PlatformError>)> = Vec::new();
    for e in platform::all().iter().filter(|e| error_matches(e, f)) {
        match groups.iter_mut().find(|(s, _)| *s == e.status) {
            Some((_, list)) => list.push(e),
            None => groups.push((e.status, vec![e])),
        }
    }
    groups.sort_by_key(|(s, _)| *s);
    groups
}

/// The findings a filter keeps, grouped by kind (errors, warnings, notes).
pub fn findings_by_kind(f: &Filter) -> Vec<(Severity, Vec<Code>)> {
    [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .map(|s| (s, Code::ALL.iter().copied().filter(|c| c.severity() == s && finding_matches(*c, f)).collect()))
        .filter(|(_, v): &(Severity, Vec<Code>)| !v.is_empty())
        .collect()
}

/// Every status the platform errors use, ascending.
pub fn statuses() -> Vec<u16> {
    let mut s: Vec<u16> = platform::all().iter().map(|e| e.status).collect();
    s.sort_unstable();
    s.dedup();
    s
}

/// Every `error` code the platform errors use, sorted.
pub fn error_codes() -> Vec<&'static str> {
    let mut s: Vec<&'static str> = platform::all().iter().filter_map(|e| e.error).collect();
    s.sort_unstable();
    s.dedup();
    s
}

/// A rule's text without the spec's internal step numbers: "→ 400 (step 7.1)." reads "→ 400.",
/// "(step 13, after key, JWKS and kid)" reads "(after key, JWKS and kid)".
pub fn without_steps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("(step ") {
        let Some(close) = rest[i..].find(')').map(|c| i + c) else { break };
        let inner = &rest[i + 1..close];
        // `step 7.2` then optionally `, more words`.
        let after_number = inner["step ".len()..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        let kept = after_number.trim_start_matches(',').trim();
        if kept.is_empty() {
            out.push_str(rest[..i].trim_end());
        } else {
            out.push_str(&rest[..i]);
            out.push('(');
            out.push_str(kept);
            out.push(')');
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(query: &str) -> Filter {
        Filter { query: query.into(), ..Filter::default() }
    }
    fn count(f: &Filter) -> usize {
        errors_by_status(f).iter().map(|(_, v)| v.len()).sum()
    }

    #[test]
    fn rules_are_shown_without_internal_step_numbers() {
        assert_eq!(without_steps("alg != \"RS512\" → 400 (step 7.1)."), "alg != \"RS512\" → 400.");
        assert_eq!(
            without_steps("Missing → 401 (step 13, after key, JWKS and kid)."),
            "Missing → 401 (after key, JWKS and kid)."
        );
        assert_eq!(without_steps("no steps (here)"), "no steps (here)");
        for e in platform::all() {
            assert!(!without_steps(e.enforced).contains("(step "), "{}", e.enforced);
        }
        for c in Code::ALL {
            let e = c.entry();
            assert!(!without_steps(e.enforced).contains("step "), "{}", e.enforced);
            assert!(!without_steps(e.documented).contains("(step "), "{}", e.documented);
        }
    }

    #[test]
    fn a_status_finds_every_error_with_it() {
        let all_401 = platform::all().iter().filter(|e| e.status == 401).count();
        assert!(all_401 > 20, "{all_401}");
        assert_eq!(count(&q("401")), all_401);
        assert_eq!(errors_by_status(&q("401")).len(), 1, "one group: 401");
        assert!(count(&q("415")) >= 1);
        assert!(errors_by_status(&q("415")).iter().all(|(s, _)| *s == 415));
    }

    #[test]
    fn error_codes_are_searchable_and_filterable() {
        for code in ["unauthorized_client", "invalid_client"] {
            let found: Vec<_> = errors_by_status(&q(code)).into_iter().flat_map(|(_, v)| v).collect();
            assert!(!found.is_empty(), "{code}");
            assert!(found.iter().any(|e| e.error == Some(code)), "{code}");
            let filtered = Filter { error: Some(code.into()), ..Filter::default() };
            assert!(errors_by_status(&filtered).iter().flat_map(|(_, v)| v).all(|e| e.error == Some(code)));
        }
        assert!(error_codes().contains(&"invalid_request"));
        assert!(statuses().contains(&401));
    }

    #[test]
    fn fhir_codes_and_apigee_error_codes_are_searchable() {
        let ids = |query: &str| -> Vec<&str> {
            errors_by_status(&q(query)).into_iter().flat_map(|(_, v)| v).map(|e| e.id.id()).collect()
        };
        for e in platform::all() {
            for code in [e.fhir_code, e.errorcode].into_iter().flatten() {
                assert!(ids(code).contains(&e.id.id()), "{code} finds {}", e.id.id());
            }
        }
        assert!(ids("ACCESS_DENIED").contains(&"fhir-app-insufficient-permissions"));
        assert!(ids("RESOURCE_NOT_FOUND").contains(&"fhir-resource-not-found"));
        assert!(ids("oauth.v2.InvalidClientIdentifier").contains(&"oauth-v2-invalid-client-identifier"));
    }

    #[test]
    fn words_combine_and_findings_follow_their_errors() {
        assert!(count(&q("jti")) >= 1);
        let f = Filter { status: Some(401), ..q("aud") };
        assert!(count(&f) >= 1 && errors_by_status(&f).iter().all(|(s, _)| *s == 401));
        assert!(findings_by_kind(&q("aud")).iter().any(|(_, v)| v.contains(&Code::AudMismatch)));
        assert!(findings_by_kind(&Filter { status: Some(415), ..Filter::default() })
            .iter()
            .flat_map(|(_, v)| v)
            .all(|c| c.explains().iter().any(|e| e.entry().status == 415)));
        assert!(count(&Filter::default()) == platform::all().len());
    }
}
