//! The result of `analyze`: the top aggregate, plain data, rendered by the page, the command
//! line and the twin alike. It holds what every stage produced; it defines none of their types.

use serde::Serialize;

use crate::decode::client_error::ClientError;
use crate::decode::error_body::ErrorBody;
use crate::decode::jwt::Jwt;
use crate::decode::request::Request;
use crate::decode::Decoded;
use crate::diagnose::verdict::Verdict;
use crate::diagnose::Diagnosis;
use crate::extract::Cleanup;
use crate::extract::Paste;
use crate::facts::Main;
use crate::keys;
use crate::keys::verify::Plan;
use crate::keys::verify::Verified;
use crate::keys::Key;
use crate::platform::Environment;
use crate::vocab::Prediction;
use crate::vocab::{Code, Finding, Severity, Target};

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// What was cleaned from the paste before decoding (quotes, prefixes, invisible characters).
    pub cleaned: Vec<Cleanup>,
    /// What the paste was found to contain, in the order found, for the "found" line.
    pub found: Vec<String>,
    pub tokens: Vec<Jwt>,
    pub error_bodies: Vec<ErrorBody>,
    pub requests: Vec<Request>,
    /// Keys and key sets found in the paste or the key field.
    pub keys: Vec<Key>,
    /// What to verify, and with which key, when a token and a key were both given.
    pub verification: Option<Plan>,
    /// An HTTP status seen in the paste (`HTTP/1.1 401`, "a 500 error").
    pub status: Option<u16>,
    /// The choices made once: the main assertion, request and body, the environment, and what
    /// verifying the signature told.
    pub main: Main,
    /// `Date:` headers and log timestamps: when the pasted call was made.
    pub times: Vec<crate::extract::times::SeenTime>,
    /// A library error that means no request was sent.
    pub client_error: Option<ClientError>,
    pub findings: Vec<Finding>,
    /// The headline: the pasted answer explained, or the predicted one, or the client error.
    pub verdict: Verdict,
    pub predicted: Option<Prediction>,
    pub diagnosis: Vec<Diagnosis>,
}

impl Report {
    /// The aggregate of every stage's value: findings in pipeline order, the disagreement of a
    /// pasted answer with the prediction, the "found" line, the diagnosis and the verdict, and
    /// every span mapped back onto the paste once.
    pub fn assemble(
        paste: Paste,
        decoded: Decoded,
        keys: keys::Read,
        verified: Verified,
        main: Main,
        checked: (Vec<Finding>, Option<Prediction>),
    ) -> Report {
        let (checks, predicted) = checked;
        let mut r = Report {
            cleaned: decoded.cleaned,
            tokens: decoded.tokens,
            error_bodies: decoded.error_bodies,
            requests: decoded.requests,
            client_error: decoded.client_error,
            keys: keys.keys,
            verification: verified.plan,
            status: paste.named_status,
            times: paste.times.clone(),
            main,
            ..Report::default()
        };
        r.findings = decoded.findings;
        r.findings.extend(keys.findings.into_iter().chain(verified.findings).chain(checks));
        if let Some(p) = &predicted {
            let pasted = r.main_body().and_then(|b| b.entry);
            if let Some(msg) = pasted.and_then(|e| crate::diagnose::disagreement(p, e, r.main.on_wire)) {
                r.push(Finding::new(Code::PredictionDisagrees, msg));
            }
        }
        r.found = found_line(&r, keys.found);
        let success = r.error_bodies.iter().find(|b| b.kind.is_success());
        r.verdict = crate::diagnose::verdict::verdict(&crate::diagnose::verdict::Evidence {
            body: r.main_body(),
            status: r.status,
            status_on_wire: r.main.status_on_wire,
            client_error: r.client_error.as_ref(),
            success,
            later_error: success
                .is_some_and(|b| paste.status_lines.iter().any(|(at, c)| *c >= 400 && *at > b.span.end)),
            predicted: predicted.as_ref(),
            server: r.main.server,
            findings: &r.findings,
            main: &r.main,
            api: paste.api,
        });
        let answered = r.verdict.entry.filter(|_| r.verdict.from == crate::vocab::Provenance::Pasted);
        r.diagnosis = crate::diagnose::diagnose(paste.text(), &r.findings, r.main_body(), answered, predicted.as_ref());
        r.predicted = predicted;
        if !paste.repaired.map.is_identity() {
            map_spans(&mut r, &paste.repaired.map);
        }
        if r.found.is_empty() && r.client_error.is_none() && !paste.text().trim().is_empty() {
            r.push(Finding::new(
                Code::NothingRecognised,
                "Nothing here looks like a JWT, an error body or a request. Paste the client_assertion JWT, the \
                 response body, or the request.",
            ));
        }
        r
    }

    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
    pub fn has(&self, code: Code) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity == Severity::Error)
    }
    pub fn has_error(&self) -> bool {
        self.errors().next().is_some()
    }
    /// The findings about one target.
    pub fn findings_on(&self, target: Target) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.target == target)
    }
    /// The client assertion (chosen once, in facts).
    pub fn client_assertion(&self) -> Option<&Jwt> {
        self.main.assertion.and_then(|i| self.tokens.get(i))
    }
    /// The request the verdict judges (chosen once, in facts).
    pub fn main_request(&self) -> Option<&Request> {
        self.main.request.and_then(|i| self.requests.get(i))
    }
    /// The error body the paste shows (chosen once, in facts).
    pub fn main_body(&self) -> Option<&ErrorBody> {
        self.main.body.and_then(|i| self.error_bodies.get(i))
    }
    /// Is there something the platform team can look up? Not for an error that never left the
    /// client, nor for a paste with nothing of the platform in it (an unrelated log): a ticket
    /// then sends them looking for a call that did not happen.
    pub fn worth_a_ticket(&self) -> bool {
        let platform_body = self.main_body().is_some_and(|b| b.entry.is_some() || b.message_id.is_some());
        let platform_request = self
            .main_request()
            .and_then(|r| r.parsed_url())
            .is_some_and(|u| u.host_str().and_then(Environment::from_host).is_some());
        self.verdict.from != crate::vocab::Provenance::Client
            && !self.main.server.is_foreign()
            && (platform_body || platform_request || self.client_assertion().is_some())
    }

    pub fn environment(&self) -> Option<Environment> {
        self.main.environment
    }
}

/// Offsets found in the repaired text, moved back onto the paste.
fn map_spans(report: &mut Report, map: &crate::extract::typography::SpanMap) {
    let m = |s: &mut crate::vocab::Span| {
        s.start = map.original(s.start);
        s.end = map.original(s.end);
    };
    report.tokens.iter_mut().for_each(|t| m(&mut t.span));
    report.error_bodies.iter_mut().for_each(|b| m(&mut b.span));
    report.requests.iter_mut().filter_map(|r| r.span.as_mut()).for_each(m);
    report.findings.iter_mut().filter_map(|f| f.span.as_mut()).for_each(m);
    report.keys.iter_mut().for_each(|k| m(&mut k.span));
    report.times.iter_mut().for_each(|t| m(&mut t.span));
    if let Some(c) = report.client_error.as_mut() {
        m(&mut c.span);
    }
}

/// The "found" line: what the paste holds, in a fixed order, repeats counted.
fn found_line(report: &Report, keys: Vec<String>) -> Vec<String> {
    use crate::decode::jwt::Kind;
    let mut found: Vec<String> = Vec::new();
    for t in &report.tokens {
        found.push(match (t.kind, t.role) {
            (Kind::Jwe, _) => "JWE".to_string(),
            (_, crate::vocab::Role::Unknown) => "JWT".to_string(),
            (_, crate::vocab::Role::ClientAssertion) => match &t.code {
                Some(c) => format!("client assertion built in code ({})", c.library),
                None => "client assertion JWT".to_string(),
            },
            (_, role) => format!("{} (JWT)", role.label()),
        });
    }
    found.extend(keys);
    found.extend(report.error_bodies.iter().map(|b| b.kind.label().to_string()));
    for r in &report.requests {
        let env = r.parsed_url().and_then(|u| u.host_str().and_then(Environment::from_host));
        let what = r.source.map(|s| s.label()).unwrap_or("request");
        found.push(match env {
            Some(e) => format!("{what} to {}", e.name()),
            None => what.to_string(),
        });
    }
    if let Some(c) = &report.client_error {
        found.push(format!("{} error", c.library));
    }
    count_repeats(found)
}

/// `["JWT", "JWT", "URL"]` → `["JWT ×2", "URL"]`, first-seen order kept.
fn count_repeats(found: Vec<String>) -> Vec<String> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for f in found {
        match out.iter_mut().find(|(x, _)| *x == f) {
            Some((_, n)) => *n += 1,
            None => out.push((f, 1)),
        }
    }
    out.into_iter().map(|(f, n)| if n == 1 { f } else { format!("{f} ×{n}") }).collect()
}
