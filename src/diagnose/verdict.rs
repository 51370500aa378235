//! The verdict: the one headline a person reads first, decided here so the page, the CLI and
//! the twin say the same thing. The user's error is the ground truth: when the paste holds the
//! answer a server gave, the headline explains that answer and the prediction is evidence
//! beside it. Certainty is data: every verdict says how sure it is, and why.

use serde::Serialize;

use super::todo::{notes, todo};
use crate::catalogue::platform::Match;
use crate::decode::client_error::ClientError;
use crate::decode::error_body::{BodyKind, ErrorBody};
use crate::facts::Server;
use crate::vocab::Prediction;
use crate::vocab::{headline, Certainty, Code, ErrorId, Finding, Provenance};

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Verdict {
    pub from: Provenance,
    pub server: Server,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The `error` code (`invalid_request`), when the answer has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The error's text: `error_description`, else `faultstring` or `diagnostics`, else the
    /// `error` code; for a client error, the library's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<ErrorId>,
    /// One line: `401 invalid_request: Invalid 'iss'/'sub' claims in client_assertion JWT`.
    pub headline: String,
    pub certainty: Certainty,
    /// Why that certainty, in one sentence.
    pub why: String,
    /// What would still block the request, in the gateway's order (each fix once).
    pub todo: Vec<String>,
    /// The finding each to-do line is for (its fix, when the build has no catalogue texts).
    #[serde(skip)]
    pub todo_codes: Vec<Code>,
    /// What a person needs beside the headline: expiry of an old paste, a prediction that
    /// disagrees, what the server is.
    pub notes: Vec<String>,
}

impl Verdict {
    /// How the page and the command line introduce the headline: a client error that came after
    /// the answer is not one that never left the code.
    pub fn from_label(&self) -> &'static str {
        match (self.from, self.server) {
            (Provenance::Client, s) if s != Server::NotSent => {
                "Your code failed reading the answer: the request was sent and answered"
            }
            (from, _) => from.label(),
        }
    }
}

/// The status and text of a pasted body, as the headline shows it.
pub fn of_body(b: &ErrorBody, wire: Option<u16>, named: Option<u16>) -> (Option<u16>, Option<String>, Option<String>) {
    let entry = b.entry.map(ErrorId::entry);
    // What went over the wire, else what the platform sends for this answer, else a status the
    // text names.
    // A status the paste names beats the entry's when the entry was reached by code or status
    // alone (a FHIR code several statuses share).
    let loose = matches!(b.matched, Some(Match::FhirCode | Match::Status | Match::Contained));
    let status = wire.or(named.filter(|_| loose)).or(entry.map(|e| e.status)).or(b.status).or(named);
    // The body's own words first, its description before its code: a JSON:API error's `detail`
    // is its description, a FHIR issue's coding code comes before the coding's display.
    let detail = b.said.clone().filter(|_| matches!(b.kind, BodyKind::JsonApi | BodyKind::Other));
    let text = b
        .error_description
        .clone()
        .or_else(|| b.faultstring.clone())
        .or_else(|| b.diagnostics.clone())
        .or(detail)
        .or_else(|| b.error.clone())
        .or_else(|| b.fhir_code.clone())
        .or_else(|| b.said.clone())
        .or_else(|| entry.and_then(|e| e.description.or(e.faultstring).or(e.diagnostics)).map(String::from));
    let code = b.error.clone().or_else(|| entry.and_then(|e| e.error).map(String::from));
    (status, code, text)
}

/// `Cannot POST /path` (Express's words for a method with no route): the method and the path.
fn no_route(text: &str) -> Option<(&str, &str)> {
    let rest = text.trim().strip_prefix("Cannot ")?;
    let (method, path) = rest.split_once(' ')?;
    let http = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(&method);
    (http && path.starts_with('/') && !path.contains(' ')).then_some((method, path))
}

/// Why an answer no entry names is what it is: in its own words, and, when an API answered about
/// the resource or the request's content (404, 409, 410, 412, 422) after the token was accepted,
/// that it is not an authentication problem.
fn unknown_answer(b: &ErrorBody, status: Option<u16>, server: Server, headline: Option<&str>) -> String {
    // Its own words that the headline does not already show.
    let own: Vec<&str> = [b.fhir_code.as_deref(), b.said.as_deref(), b.error.as_deref()]
        .into_iter()
        .flatten()
        .filter(|w| Some(*w) != headline)
        .collect();
    let quoted = if own.is_empty() { String::new() } else { format!(" (it says {})", own.join(": ")) };
    // A FHIR 400 whose code is about a value (INVALID_RESOURCE_ID, INVALID_VALUE …), not access.
    let access = |c: &str| ["ACCESS", "TOKEN", "AUTH", "FORBIDDEN", "DENIED", "SCOPE"].iter().any(|w| c.contains(w));
    let fhir_value = status == Some(400) && b.fhir_code.as_deref().is_some_and(|c| !access(c));
    let about_content = matches!(status, Some(404 | 409 | 410 | 412 | 422)) || fhir_value;
    let api = server == Server::ApiProxy
        || matches!(b.kind, BodyKind::OperationOutcome | BodyKind::JsonApi)
        || b.fhir_code.is_some();
    // Express's `Cannot POST /hello/user`: the server has no route for this method at this path.
    let route = [b.said.as_deref(), headline].into_iter().flatten().find_map(no_route);
    if let Some((method, path)) = route {
        format!(
            "the server has no {method} route at {path}: the path exists for another method (Hello World's \
             /hello/* endpoints take GET), or the path is wrong; it answers so whatever the token, so it is not an \
             authentication problem: send the method the API's specification gives for this path"
        )
    } else if status.is_some_and(|s| s >= 500) && api {
        // A 502 or 504 is a proxy that could not reach what stands behind it.
        let gateway = if matches!(status, Some(502 | 504)) {
            " a proxy could not reach the provider system behind it (for GP Connect, Spine's Secure Proxy (SSP) \
             and the GP system it forwards to);"
        } else {
            ""
        };
        format!(
            "this is the API's own answer{quoted}: its backend failed (a 5xx), not an authentication check, so it \
             is not an authentication problem;{gateway} retry the same call later with backoff and jitter, and if \
             it persists give the API's team the message id, the correlation id (X-Correlation-ID) and the time of \
             the call"
        )
    } else if about_content && (api || b.said.is_some()) {
        format!(
            "this is the API's own answer about the resource or the request's content{quoted}, not an auth \
             check: it comes after the token was accepted, so it is not an authentication problem; the API's \
             specification says what it means"
        )
    } else {
        format!("this is the answer you pasted{quoted}, but it is not a text the API Platform is known to send")
    }
}

/// The inputs the verdict weighs.
pub struct Evidence<'a> {
    pub body: Option<&'a ErrorBody>,
    /// A status the paste names anywhere (`a 401`, `status: 415`).
    pub status: Option<u16>,
    /// The status of a response line (`HTTP/1.1 401`): what went over the wire.
    pub status_on_wire: Option<u16>,
    pub client_error: Option<&'a ClientError>,
    /// A token response the paste shows (a 200 with `access_token`).
    pub success: Option<&'a ErrorBody>,
    /// An error status stands after the success body: a later call of the same log failed (the
    /// token was issued, the API call with it was refused), and the latest answer wins.
    pub later_error: bool,
    pub predicted: Option<&'a Prediction>,
    pub server: Server,
    /// Every finding: the errors about the main items become the to-do list, a few notes stand
    /// beside the headline.
    pub findings: &'a [Finding],
    /// The main assertion, request and body the verdict is about.
    pub main: &'a crate::facts::Main,
    /// The API the paste calls, when the catalogue has entries of its own for it.
    pub api: Option<&'static str>,
}

pub fn verdict(e: &Evidence) -> Verdict {
    let mut v = Verdict { server: e.server, ..Verdict::default() };
    // A status that says what it is on its own (429: rate limited; 415 at the token endpoint).
    let bare = e.status_on_wire.or(e.status).and_then(|s| {
        use crate::catalogue::platform::{match_status, match_status_at_token};
        let at_token = || (e.server == Server::TokenEndpoint).then(|| match_status_at_token(s)).flatten();
        // An API's own entry explains that API's answer, not the token endpoint's beside it.
        let api = e.api.filter(|_| !matches!(e.server, Server::TokenEndpoint | Server::MockTokenEndpoint));
        match_status(s, api).or_else(at_token).map(|entry| (s, entry.id))
    });
    // The user's error is the ground truth: an answer the paste holds, even quoted in prose, is the
    // headline; a library error beside it (it may explain what was sent) stands in the report.
    if let Some(b) = e.body {
        pasted_body(&mut v, b, e);
    } else if let Some(c) = e.client_error {
        v.from = Provenance::Client;
        v.error = Some(c.message.clone());
        v.certainty = Certainty::Certain;
        if c.after_response {
            v.why = format!(
                "{} threw this reading the platform's answer: the request was sent and answered; the error is in \
                 reading it",
                c.library
            );
        } else {
            v.server = Server::NotSent;
            v.why = format!("{} threw this before any request was made: no request reached the gateway", c.library);
        }
    } else if let Some(b) = e.success.filter(|b| b.kind == BodyKind::HelloWorld && !e.later_error) {
        let said = b.said.clone().unwrap_or_default();
        v.from = Provenance::Pasted;
        v.status = Some(200);
        v.error = Some(format!("Hello World answered \"{said}\""));
        v.headline = format!("200 OK: Hello World answered \"{said}\"");
        v.certainty = Certainty::Certain;
        v.why = "this is Hello World's own answer: the API accepted the call's access token (or API key); the \
                 same call to another API needs that API's product on the app"
            .into();
    } else if let Some(b) = e.success.filter(|_| !e.later_error) {
        super::token_response::explain(&mut v, b);
    } else if let Some(p) = e.predicted.filter(|p| {
        // A 400, 401 or 403 is answered by many checks, and the status alone names one of
        // them: the walk's check is the more exact reading of the same answer. Other statuses
        // say what they are on their own.
        let many = matches!(p.status, 400 | 401 | 403);
        let other = bare.is_none_or(|(_, id)| many && Some(id) != p.entry);
        // The walk names the check by its error description, or (for these statuses) by an
        // API proxy's exact fault body.
        let names = p.error_description.is_some() || (many && p.entry.is_some() && p.body.is_some());
        e.status_on_wire == Some(p.status) && p.status >= 400 && names && other
    }) {
        // A bare status and a request the walk fails at that very status: the prediction names
        // the check the body would have named, and the pasted status agrees with it.
        predicted(&mut v, p);
        let why = lower_first(&p.why);
        v.why = format!("the paste shows a {} answer but not its body, and {why}", p.status);
        // The request as read fails this check whatever the state the paste cannot show, and the
        // answer it got has this check's status: the two agree, and nothing is assumed.
        if p.assumptions.is_empty() && p.certainty == Certainty::Likely {
            v.certainty = Certainty::Certain;
            v.why.push_str(" The pasted status agrees, and nothing else is assumed.");
        }
    } else if let Some((status, id)) = bare {
        bare_status(&mut v, status, id, e);
    } else if let Some(status) = e.status_on_wire {
        v.from = Provenance::Pasted;
        v.status = Some(status);
        v.certainty = Certainty::Likely;
        v.why = "the paste shows the status the server answered, but not its body".into();
    } else if let Some(status) = e.status.filter(|s| *s >= 400 && e.predicted.is_some_and(|p| p.status != *s)) {
        // The user's own words name the answer (`I am receiving a 401 error`): the ground truth,
        // though neither its response line nor its body is shown. A prediction of another status
        // stands beside it; one of the same status says which check it likely was (below). Words
        // alone, with nothing to predict from, stay the prose view (the entries for that status,
        // and what to paste).
        v.from = Provenance::Pasted;
        v.status = Some(status);
        v.certainty = Certainty::Likely;
        v.why = format!(
            "the paste says the answer was a {status}, but shows neither its response line nor its body: paste the \
             response body to know which check refused the call"
        );
    } else if let Some(p) = e.predicted {
        predicted(&mut v, p);
    }
    if v.headline.is_empty() {
        v.headline = match v.from {
            Provenance::Client if v.server != Server::NotSent => {
                format!("Reading the answer failed: {}", v.error.as_deref().unwrap_or(""))
            }
            Provenance::Client => format!("Not sent: {}", v.error.as_deref().unwrap_or("")),
            _ => headline(v.status, v.code.as_deref(), v.error.as_deref()),
        };
    }
    if v.from != Provenance::None {
        // A check the walk passed (a pasted answer from a later step shows it passed: the URL the
        // paste printed was not the one posted) is not still to do.
        let floor = e.predicted.map(|p| p.step);
        let passed = |f: &Finding| {
            let last = f.code.explains().iter().filter_map(|x| x.entry().step).max();
            matches!((last, floor), (Some(l), Some(p)) if l < p)
        };
        (v.todo_codes, v.todo) =
            todo(e.findings.iter().filter(|f| e.main.holds(f.target) && !passed(f))).into_iter().unzip();
        v.notes = notes(e.findings);
    }
    v
}

/// The walk's prediction as the headline.
/// A status that says what it is on its own (429: rate limited), with no body to read.
fn bare_status(v: &mut Verdict, status: u16, id: ErrorId, e: &Evidence) {
    // A status that says what it is on its own (429: rate limited), with no body to read.
    v.from = Provenance::Pasted;
    v.status = Some(status);
    v.entry = Some(id);
    v.error = Some(id.entry().title.to_string());
    // The status is certain as an observation; what it means is certain only where one thing
    // answers with it (the rate limit's 429; the one token-endpoint check with this status).
    let only = id.entry().journey == crate::catalogue::Journey::RateLimit
        || (e.server == Server::TokenEndpoint
            && crate::catalogue::platform::match_status_at_token(status).is_some_and(|x| x.id == id));
    v.certainty = if only && id.entry().api.is_none() { Certainty::Certain } else { Certainty::Likely };
    v.why = format!(
        "the paste shows a {status} answer and no body; {}",
        // One API's bare status: its likely causes, not a settled one (the body would say).
        if id.entry().api.is_some() {
            "from this API that most often means its own set-up for your app, not your token: the body's \
             diagnostics would say which check refused the call, and the likely causes are below"
        } else {
            journey(id).unwrap_or(if id.entry().step.is_some() {
                "at the token endpoint only one check answers with this status"
            } else {
                "the status says what it is"
            })
        }
    );
}

/// `s` with its first letter in lower case, to follow a clause ("The header …" → "the header …").
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if c.clone().next().is_some_and(char::is_lowercase) => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

fn predicted(v: &mut Verdict, p: &Prediction) {
    v.from = Provenance::Predicted;
    v.status = Some(p.status);
    v.code = p.error.clone();
    v.error = p.error_description.clone().or_else(|| p.body.clone());
    v.entry = p.entry;
    v.certainty = p.certainty;
    v.why = p.why.clone();
    v.headline = p.headline();
}

/// An answer the paste holds: certain as an observation, likely only as to which platform text it is.
fn pasted_body(v: &mut Verdict, b: &ErrorBody, e: &Evidence) {
    let (status, code, text) = of_body(b, e.status_on_wire, e.status);
    v.from = Provenance::Pasted;
    v.status = status;
    v.code = code;
    v.error = text;
    v.entry = b.entry;
    v.certainty = Certainty::Certain;
    // A pasted answer is certain as an observation; it is likely only as to which platform
    // text it is (an unknown text). An error whose causes are hypotheses (spec §7, the
    // catch-all) is still certain: its causes carry their own certainty.
    let hypothesis = b.entry.is_some_and(|e| e.entry().evidence_is_hypothesis);
    v.why = match (b.kind, b.entry) {
        // The observation is certain; only what causes it is a hypothesis (each cause says so).
        (_, Some(_)) if hypothesis => "this is the answer you pasted, and the platform sends exactly this; what \
                                        causes it is not settled by the platform's source, so the causes below \
                                        are likely, not certain"
            .into(),
        (_, Some(id)) if journey(id).is_some() => {
            format!("this is the answer you pasted: {}", journey(id).unwrap_or_default())
        }
        (BodyKind::Quoted, Some(_)) => "this is the error you quoted; the platform sends exactly this text".into(),
        (_, Some(_)) => "this is the answer you pasted, and the platform is known to send it".into(),
        (_, None) => {
            v.certainty = Certainty::Likely;
            unknown_answer(b, status, e.server, v.error.as_deref())
        }
    };
}

/// What the verdict says first of an answer beyond the token endpoint, by where it stands in the
/// auth journey.
fn journey(id: ErrorId) -> Option<&'static str> {
    use crate::catalogue::Journey;
    match id.entry().journey {
        Journey::AfterToken => Some(
            "your token is fine; this API's own set-up for your app is missing, and the API's team sets it up \
             (what to ask them is below)",
        ),
        Journey::AccessRule => Some(
            "your token is fine, but this API does not open this call to this kind of token (its access rules for \
             application-restricted tokens or the user's level): the call needs another kind of token, as below",
        ),
        Journey::NotAuth if id.entry().status >= 500 => Some(
            "it is not an authentication problem: the API's backend failed (a 5xx; a 502 or 504 is a proxy that \
             could not reach the provider system behind it, for GP Connect Spine's Secure Proxy (SSP) and the GP \
             system); retry the same call later with backoff and jitter, and if it persists give the API's team the \
             message id, the correlation id (X-Correlation-ID) and the time of the call",
        ),
        Journey::NotAuth => Some("it is not an authentication problem: it is the API's own answer about the request"),
        Journey::RateLimit => Some("you are being rate limited; your token and request are not at fault"),
        Journey::Token | Journey::ApiAuth => None,
    }
}

#[cfg(test)]
#[path = "verdict_tests.rs"]
mod tests;
