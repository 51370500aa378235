//! The platform's own errors (spec §5, §6, §8): exact strings to match, and our explanation of
//! each. Pure lookup knowledge, kept as data (`platform_errors.json`) and checked by tests.

use std::sync::OnceLock;

use serde::Serialize;

use super::Cause;
use crate::vocab::{ErrorId, Step};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
    /// Another server's flat error object (MESH's, FastAPI's), matched by its words
    /// (`diagnostics`).
    Other,
}

/// Where in the auth journey an error stands, for the verdict's first words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Journey {
    /// The token endpoint (identity-service) refused the token request.
    Token,
    /// An API proxy refused the call's credentials (token, API key).
    ApiAuth,
    /// The token is fine: the API's own set-up for the app (ASID, ODS code, access mode) is missing.
    AfterToken,
    /// The token is fine, but this API's access rules do not open this call to its kind of token
    /// (application-restricted, or the user's proofing level): another token, not a set-up, is
    /// the answer.
    AccessRule,
    /// Not about authentication at all: the API's own answer (not found, validation, backend).
    NotAuth,
    /// Rate limited: too many requests for the app, the API or the platform.
    RateLimit,
}

/// A platform error: the exact strings to match and our explanation (static data, generated).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlatformError {
    pub id: ErrorId,
    pub status: u16,
    pub status_note: Option<&'static str>,
    pub shape: Shape,
    pub flow: &'static str,
    /// The step of spec §4.1 that raises it (token endpoint errors only).
    pub step: Option<Step>,
    pub error: Option<&'static str>,
    /// The exact current `error_description`.
    pub description: Option<&'static str>,
    pub errorcode: Option<&'static str>,
    pub faultstring: Option<&'static str>,
    pub diagnostics: Option<&'static str>,
    /// Old wordings of `description` that still appear in posts and stale deployments.
    pub old: &'static [&'static str],
    /// `diagnostics` is matched as a prefix (it carries a value, e.g. the scheme).
    pub prefix: bool,
    /// `diagnostics` (or `faultstring`) is matched anywhere in the text (it carries values).
    pub contains: bool,
    /// The FHIR `details.coding` code, matched when no `diagnostics` matched.
    pub fhir_code: Option<&'static str>,
    /// Statuses this entry explains when the answer's body is absent or unknown (a 429 is rate
    /// limiting, whoever sent it).
    pub by_status: &'static [u16],
    /// The API whose answer this is (`crate::platform::APIS`), for an entry that explains one
    /// API's bare status: e-RS's 401 on one endpoint while others work.
    pub api: Option<&'static str>,
    pub journey: Journey,
    /// What a paste shows for this error are hypotheses to test, not proof (spec §7: the
    /// `InvalidClientIdentifier` case has several causes that look alike).
    pub evidence_is_hypothesis: bool,
    pub title: &'static str,
    pub meaning: &'static str,
    pub causes: &'static [Cause],
    pub fix: &'static str,
    pub documented: &'static str,
    pub enforced: &'static str,
    pub source: &'static str,
}

impl PlatformError {
    /// The raw body Apigee sends for this error (`{"fault":…}`), for the Apigee-shaped entries;
    /// identity-service's JSON carries a `message_id` the sender adds.
    pub fn apigee_body(&self) -> Option<String> {
        (self.shape == Shape::Apigee).then(|| {
            serde_json::json!({"fault": {"faultstring": self.faultstring.unwrap_or_default(),
                "detail": {"errorcode": self.errorcode.unwrap_or_default()}}})
            .to_string()
        })
    }

    /// The catalogue address a wiki can link to.
    pub fn anchor(&self) -> String {
        self.id.anchor()
    }
}

/// Every platform error.
pub fn all() -> &'static [PlatformError] {
    super::errors()
}

pub fn by_id(id: &str) -> Option<&'static PlatformError> {
    ErrorId::from_id(id).map(ErrorId::entry)
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
    /// By the FHIR code alone (the `diagnostics` were absent or not the catalogue's).
    FhirCode,
    /// By a text the entry carries inside a longer message (`… and is being rate limited`).
    Contained,
    /// By the answer's status alone: the body was absent or unknown.
    Status,
}

/// The entry for an identity-service body: `(error, error_description)` exactly, then an old
/// wording, then the description alone. `message_id` is ignored (spec: how to use, rule 4).
pub fn match_nhs(error: Option<&str>, description: Option<&str>) -> Option<(&'static PlatformError, Match)> {
    let description = description?;
    let nhs = || all().iter().filter(|e| e.shape == Shape::Nhs);
    nhs()
        .find(|e| e.description == Some(description) && e.error == error)
        .map(|e| (e, Match::Exact))
        .or_else(|| nhs().find(|e| e.old.contains(&description)).map(|e| (e, Match::OldWording)))
        .or_else(|| nhs().find(|e| e.description == Some(description)).map(|e| (e, Match::DescriptionOnly)))
}

/// The entry for a raw Apigee fault: by `errorcode` only (Apigee: faultstrings may change).
pub fn match_errorcode(errorcode: &str) -> Option<&'static PlatformError> {
    let code = errorcode.trim();
    all().iter().find(|e| e.errorcode == Some(code))
}

/// The entry for FHIR `diagnostics`.
pub fn match_diagnostics(diagnostics: &str) -> Option<&'static PlatformError> {
    all().iter().filter(|e| e.shape == Shape::Fhir).find(|e| match e.diagnostics {
        Some(d) if e.prefix => diagnostics.starts_with(d),
        Some(d) if e.contains => diagnostics.contains(d),
        Some(d) => diagnostics == d,
        None => false,
    })
}

/// The entry for a FHIR `details.coding` code when no `diagnostics` matched (an OperationOutcome
/// with the code alone, or with a text the catalogue does not hold).
/// With the answer's status known, the entry must have it (a 401 ACCESS_DENIED is not the
/// 403 one); without it, the code must name one entry only.
/// A body with a text of its own that matched no entry is not one API's entry whose text is
/// another (`text_known`): an API's own text names its cause; the platform's generic entries
/// (rate limited, access denied) still explain their code.
/// One API's entry explains only that API's answer (`api`, from `crate::platform::api_of`): an
/// e-RS ACCESS_DENIED is not another API's.
pub fn match_fhir_code(
    code: &str,
    status: Option<u16>,
    text_known: bool,
    api: Option<&str>,
) -> Option<&'static PlatformError> {
    let by_code = move || {
        all()
            .iter()
            .filter(move |e| e.shape == Shape::Fhir && e.fhir_code == Some(code))
            .filter(move |e| !text_known || e.diagnostics.is_none() || e.api.is_none())
            .filter(move |e| e.api.is_none() || e.api == api)
    };
    match status {
        Some(s) => by_code().find(|e| e.status == s),
        None => by_code().next().filter(|_| by_code().count() == 1),
    }
}

/// The entry for another server's flat error object, by its words exactly.
pub fn match_said(said: &str) -> Option<&'static PlatformError> {
    let said = said.trim();
    all().iter().filter(|e| e.shape == Shape::Other).find(|e| e.diagnostics == Some(said))
}

/// An entry whose text stands inside a message (the entry carries values around it).
pub fn match_contained(text: &str) -> Option<&'static PlatformError> {
    all().iter().filter(|e| e.contains).find(|e| e.diagnostics.or(e.faultstring).is_some_and(|d| text.contains(d)))
}

/// The entry that explains a status whose body is absent or unknown: the called API's own entry
/// for it first (`api`, from `crate::platform::api_of`), else one that holds for any server.
pub fn match_status(status: u16, api: Option<&str>) -> Option<&'static PlatformError> {
    let by = |e: &&PlatformError| e.by_status.contains(&status);
    let own = api.and_then(|a| all().iter().filter(by).find(|e| e.api == Some(a)));
    own.or_else(|| all().iter().filter(by).find(|e| e.api.is_none()))
}

/// The entry a bare status names at the token endpoint: the one token-endpoint step that answers
/// with it (405: the method, 415: the content type), when exactly one does. A status several
/// steps share (400, 401) names none.
pub fn match_status_at_token(status: u16) -> Option<&'static PlatformError> {
    let mut at = all().iter().filter(|e| e.step.is_some() && e.status == status);
    let first = at.next()?;
    at.next().is_none().then_some(first)
}

/// The entries an address `#/catalogue?code=…` names: by id, Apigee `errorcode`, FHIR code,
/// OAuth `error`, or the exact text of an `error_description`, `faultstring` or `diagnostics`
/// (an old wording finds the current entry); failing those, the entries whose text holds it.
/// Case and surrounding white space are ignored; catalogue order is kept.
pub fn find_by_code(q: &str) -> Vec<&'static PlatformError> {
    let q = q.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let same = |s: Option<&str>| s.is_some_and(|s| s.eq_ignore_ascii_case(q));
    let exact: Vec<&'static PlatformError> = all()
        .iter()
        .filter(|e| {
            e.id.id().eq_ignore_ascii_case(q)
                || same(e.errorcode)
                || same(e.fhir_code)
                || same(e.error)
                || same(e.description)
                || same(e.faultstring)
                || same(e.diagnostics)
                || e.old.iter().any(|o| o.eq_ignore_ascii_case(q))
        })
        .collect();
    if !exact.is_empty() || q.chars().count() < 4 {
        return exact;
    }
    let lower = q.to_lowercase();
    let holds = |s: Option<&str>| s.is_some_and(|s| s.to_lowercase().contains(&lower));
    all().iter().filter(|e| holds(e.description) || holds(e.faultstring) || holds(e.diagnostics)).collect()
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
        let current = [e.description, e.faultstring, e.diagnostics];
        let hit = current
            .into_iter()
            .flatten()
            .find(|s| quoted(s))
            .map(|s| (s, Match::Exact))
            .or_else(|| e.old.iter().copied().find(|o| quoted(o)).map(|s| (s, Match::OldWording)));
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
                let texts =
                    [e.description, e.faultstring, e.diagnostics].into_iter().flatten().chain(e.old.iter().copied());
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
                [e.description, e.faultstring, e.diagnostics].into_iter().flatten().chain(e.old.iter().copied())
            })
            .collect();
        let ids = |v: Vec<(&PlatformError, Match)>| v.into_iter().map(|(e, m)| (e.id, m)).collect::<Vec<_>>();
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

#[cfg(test)]
mod permalink_tests {
    use super::*;

    fn ids(q: &str) -> Vec<&'static str> {
        find_by_code(q).into_iter().map(|e| e.id.id()).collect()
    }

    #[test]
    fn an_address_finds_its_entry_by_every_name_it_has() {
        assert_eq!(ids("kid-missing"), ["kid-missing"]);
        assert_eq!(ids("  Missing 'kid' header in client_assertion JWT "), ["kid-missing"]);
        assert_eq!(ids("entities.UnresolvedVariable"), ["apigee-unresolved-app-attribute"]);
        assert!(ids("ACCESS_DENIED").contains(&"fhir-app-insufficient-permissions"));
        assert_eq!(ids("access_denied"), ids("ACCESS_DENIED"), "case is ignored");
        assert!(ids("unauthorized_client").contains(&"unauthorized-client"));
        // An old wording finds today's entry; a fragment finds the entries that hold it.
        let old = all().iter().find(|e| !e.old.is_empty()).expect("an entry with an old wording");
        assert!(find_by_code(old.old[0]).iter().any(|e| e.id == old.id));
        assert!(ids("act.sub JWT").contains(&"act-sub-exp-not-integer"));
    }

    #[test]
    fn nothing_for_nothing_or_a_stranger() {
        assert!(ids("").is_empty() && ids("zz").is_empty() && ids("no such error anywhere").is_empty());
    }
}
