//! The command line's JSON: a stable shape for scripts (documented in the README), derived
//! from these types rather than written by hand.

use serde::Serialize;
use serde_json::Value;

use crate::decode::jwt::{Jwt, Kind};
use crate::decode::request::{Request, RequestSource};
use crate::decode::time::TimeClaim;
use crate::report::Report;
use crate::vocab::Role;

#[derive(Serialize)]
pub struct Token<'a> {
    pub compact: &'a str,
    pub role: Role,
    pub kind: Kind,
    /// The decoded JSON, else the decoded text.
    pub header: Option<Value>,
    pub payload: Option<Value>,
    pub times: &'a [TimeClaim],
}

#[derive(Serialize)]
pub struct Pair<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

#[derive(Serialize)]
pub struct RequestOut<'a> {
    pub source: Option<RequestSource>,
    pub method: Option<&'a str>,
    pub url: Option<&'a str>,
    pub headers: Vec<Pair<'a>>,
    pub content_type: Option<&'a str>,
    pub form: Vec<Pair<'a>>,
    pub query: Vec<Pair<'a>>,
}

/// The whole report, for scripts: the main items chosen once, then every item, the findings,
/// the verdict, the prediction and the diagnosis.
#[derive(Serialize)]
pub struct Out<'a> {
    pub found: &'a [String],
    pub cleaned: Vec<String>,
    pub environment: Option<crate::platform::Environment>,
    pub main: &'a crate::facts::Main,
    pub status: Option<u16>,
    pub token: Option<Token<'a>>,
    pub tokens: Vec<Token<'a>>,
    pub error_body: Option<&'a crate::decode::error_body::ErrorBody>,
    pub error_bodies: &'a [crate::decode::error_body::ErrorBody],
    pub request: Option<RequestOut<'a>>,
    pub keys: &'a [crate::keys::Key],
    pub requests: Vec<RequestOut<'a>>,
    pub findings: &'a [crate::vocab::Finding],
    pub verdict: &'a crate::diagnose::verdict::Verdict,
    pub client_error: Option<&'a crate::decode::client_error::ClientError>,
    pub predicted: Option<&'a crate::vocab::Prediction>,
    pub diagnosis: &'a [crate::diagnose::Diagnosis],
}

fn token(t: &Jwt) -> Token<'_> {
    let part = |p: &crate::decode::jwt::Part| p.json.clone().or_else(|| p.text.clone().map(Value::String));
    Token {
        compact: &t.compact,
        role: t.role,
        kind: t.kind,
        header: part(&t.header),
        payload: part(&t.payload),
        times: &t.times,
    }
}

fn pairs(list: &[(String, String)]) -> Vec<Pair<'_>> {
    list.iter().map(|(k, v)| Pair { name: k, value: v }).collect()
}

fn request(q: &Request) -> RequestOut<'_> {
    RequestOut {
        source: q.source,
        method: q.method.as_deref(),
        url: q.url.as_deref(),
        headers: q.headers.iter().map(|h| Pair { name: &h.name, value: &h.value }).collect(),
        content_type: q.content_type.as_deref(),
        form: pairs(&q.form),
        query: pairs(&q.query),
    }
}

/// The report in the CLI's JSON shape.
pub fn out(r: &Report) -> Out<'_> {
    Out {
        found: &r.found,
        cleaned: r.cleaned.iter().map(|c| c.describe()).collect(),
        environment: r.environment(),
        main: &r.main,
        status: r.status,
        token: r.client_assertion().map(token),
        tokens: r.tokens.iter().map(token).collect(),
        error_body: r.main_body(),
        error_bodies: &r.error_bodies,
        request: r.main_request().map(request),
        keys: &r.keys,
        requests: r.requests.iter().map(request).collect(),
        findings: &r.findings,
        verdict: &r.verdict,
        client_error: r.client_error.as_ref(),
        predicted: r.predicted.as_ref(),
        diagnosis: &r.diagnosis,
    }
}
