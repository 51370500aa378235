//! The platform's own errors (spec §5, §6, §8): exact strings to match, and our explanation of
//! each. Pure lookup knowledge, kept as data (`platform_errors.json`) and checked by tests.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformCause {
    pub text: String,
    pub unverified: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// `{"error","error_description","message_id"}` from identity-service.
    Nhs,
    /// Apigee's raw `{"fault":{"faultstring","detail":{"errorcode"}}}`.
    Apigee,
    /// FHIR OperationOutcome with `diagnostics`.
    Fhir,
    /// No body (405).
    Empty,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformError {
    pub id: String,
    pub status: u16,
    #[serde(default)]
    pub status_note: Option<String>,
    pub shape: Shape,
    pub flow: String,
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    /// The exact current `error_description`.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub errorcode: Option<String>,
    #[serde(default)]
    pub faultstring: Option<String>,
    #[serde(default)]
    pub diagnostics: Option<String>,
    /// Old wordings of `description` that still appear in posts and stale deployments.
    #[serde(default)]
    pub old: Vec<String>,
    /// `diagnostics` is matched as a prefix (it carries a value, e.g. the scheme).
    #[serde(default)]
    pub prefix: bool,
    pub title: String,
    pub meaning: String,
    pub causes: Vec<PlatformCause>,
    pub fix: String,
    pub documented: String,
    pub enforced: String,
    pub source: String,
}

impl PlatformError {
    /// The catalogue address a wiki can link to.
    pub fn anchor(&self) -> String {
        format!("#/errors/{}", self.id)
    }
}

#[derive(Deserialize)]
struct File {
    errors: Vec<PlatformError>,
}

/// Every platform error, parsed once from the embedded data. The data is checked by native
/// tests, so a bad file fails CI rather than the page.
pub fn all() -> &'static [PlatformError] {
    static ALL: OnceLock<Vec<PlatformError>> = OnceLock::new();
    ALL.get_or_init(|| {
        serde_json::from_str::<File>(include_str!("platform_errors.json")).map(|f| f.errors).unwrap_or_default()
    })
}

pub fn by_id(id: &str) -> Option<&'static PlatformError> {
    all().iter().find(|e| e.id == id)
}

/// How a body matched an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    Exact,
    /// Through an old wording, mapped to the current entry.
    OldWording,
    /// By `error_description` alone (the `error` differed or was absent).
    DescriptionOnly,
}

/// The entry for an identity-service body: `(error, error_description)` exactly, then an old
/// wording, then the description alone. `message_id` is ignored (spec: how to use, rule 4).
pub fn match_nhs(error: Option<&str>, description: Option<&str>) -> Option<(&'static PlatformError, Match)> {
    let description = description?;
    let nhs = || all().iter().filter(|e| e.shape == Shape::Nhs);
    nhs()
        .find(|e| e.description.as_deref() == Some(description) && e.error.as_deref() == error)
        .map(|e| (e, Match::Exact))
        .or_else(|| nhs().find(|e| e.old.iter().any(|o| o == description)).map(|e| (e, Match::OldWording)))
        .or_else(|| nhs().find(|e| e.description.as_deref() == Some(description)).map(|e| (e, Match::DescriptionOnly)))
}

/// The entry for a raw Apigee fault: by `errorcode` only (Apigee: faultstrings may change).
pub fn match_errorcode(errorcode: &str) -> Option<&'static PlatformError> {
    let code = errorcode.trim();
    all().iter().find(|e| e.errorcode.as_deref() == Some(code))
}

/// The entry for FHIR `diagnostics`.
pub fn match_diagnostics(diagnostics: &str) -> Option<&'static PlatformError> {
    all().iter().filter(|e| e.shape == Shape::Fhir).find(|e| match e.diagnostics.as_deref() {
        Some(d) if e.prefix => diagnostics.starts_with(d),
        Some(d) => diagnostics == d,
        None => false,
    })
}

/// Build the catalogue's indexes now (the page calls this once it is shown, so the first paste
/// does not pay for parsing the catalogue).
pub fn warm() {
    Quotable::get();
}

/// Entries whose exact text (current or old, at least 20 characters) is quoted in prose. When
/// two entries share a text (`grant_type is invalid`), the first (client_credentials) wins.
pub fn quoted_in(text: &str) -> Vec<(&'static PlatformError, Match)> {
    let quoted = Quotable::get().found_in(text);
    quoted_where(|s| quoted.contains(&s))
}

/// The entries with a text for which `quoted` holds, current wordings before old ones; a text
/// shared by two entries goes to the first.
fn quoted_where(quoted: impl Fn(&'static str) -> bool) -> Vec<(&'static PlatformError, Match)> {
    let mut out: Vec<(&'static PlatformError, Match)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for e in all() {
        let current = [e.description.as_deref(), e.faultstring.as_deref(), e.diagnostics.as_deref()];
        let hit = current
            .into_iter()
            .flatten()
            .find(|s| quoted(s))
            .map(|s| (s, Match::Exact))
            .or_else(|| e.old.iter().map(String::as_str).find(|o| quoted(o)).map(|s| (s, Match::OldWording)));
        if let Some((s, how)) = hit {
            if !seen.contains(&s) {
                seen.push(s);
                out.push((e, how));
            }
        }
    }
    out
}

/// Every catalogue text long enough to be recognised in prose, indexed by its first two bytes,
/// so a paste is read once rather than once per text.
struct Quotable {
    by_start: std::collections::HashMap<[u8; 2], Vec<&'static str>>,
    /// One bit per two-byte start: most positions are rejected without hashing.
    starts: Vec<u64>,
}

impl Quotable {
    const MIN_LEN: usize = 20;

    fn get() -> &'static Quotable {
        static Q: OnceLock<Quotable> = OnceLock::new();
        Q.get_or_init(|| {
            let mut by_start: std::collections::HashMap<[u8; 2], Vec<&'static str>> = Default::default();
            for e in all() {
                let texts = [e.description.as_deref(), e.faultstring.as_deref(), e.diagnostics.as_deref()]
                    .into_iter()
                    .flatten()
                    .chain(e.old.iter().map(String::as_str));
                for t in texts.filter(|t| t.len() >= Self::MIN_LEN) {
                    let list = by_start.entry([t.as_bytes()[0], t.as_bytes()[1]]).or_default();
                    if !list.contains(&t) {
                        list.push(t);
                    }
                }
            }
            let mut starts = vec![0u64; 1024];
            for k in by_start.keys() {
                let i = u16::from_le_bytes(*k) as usize;
                starts[i / 64] |= 1 << (i % 64);
            }
            Quotable { by_start, starts }
        })
    }

    /// The texts that occur in `text`.
    fn found_in(&self, text: &str) -> Vec<&'static str> {
        let bytes = text.as_bytes();
        let mut found: Vec<&'static str> = Vec::new();
        for (i, pair) in bytes.windows(2).enumerate() {
            let k = u16::from_le_bytes([pair[0], pair[1]]) as usize;
            if self.starts[k / 64] & (1 << (k % 64)) == 0 {
                continue;
            }
            if let Some(list) = self.by_start.get(&[pair[0], pair[1]]) {
                for t in list {
                    if bytes[i..].starts_with(t.as_bytes()) && !found.contains(t) {
                        found.push(t);
                    }
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod quoted_tests {
    use super::*;

    /// What `quoted_in` must equal: every text of at least 20 characters searched for on its own.
    fn naive(text: &str) -> Vec<(&'static PlatformError, Match)> {
        quoted_where(|s| s.len() >= Quotable::MIN_LEN && text.contains(s))
    }

    #[test]
    fn one_pass_search_finds_what_searching_each_text_finds() {
        let texts: Vec<&str> = all()
            .iter()
            .flat_map(|e| {
                [e.description.as_deref(), e.faultstring.as_deref(), e.diagnostics.as_deref()]
                    .into_iter()
                    .flatten()
                    .chain(e.old.iter().map(String::as_str))
            })
            .collect();
        let ids = |v: Vec<(&PlatformError, Match)>| v.into_iter().map(|(e, m)| (e.id.clone(), m)).collect::<Vec<_>>();
        for (i, t) in texts.iter().enumerate() {
            let next = texts[(i * 7 + 3) % texts.len()];
            for prose in [
                t.to_string(),
                format!("I get “{t}” when I post"),
                format!("{t}{next}"),
                format!("{}…{next}", t.get(..t.len() / 2).unwrap_or(t)),
            ] {
                assert_eq!(ids(quoted_in(&prose)), ids(naive(&prose)), "{prose}");
            }
        }
        assert!(quoted_in("").is_empty() && quoted_in("x").is_empty());
    }
}
