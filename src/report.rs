//! The result of `analyze`: the top aggregate, plain data, rendered by the page, the command
//! line and the twin alike. It holds what every stage produced; it defines none of their types.

use serde::Serialize;

use crate::decode::client_error::ClientError;
use crate::decode::error_body::ErrorBody;
use crate::decode::jwt::Jwt;
use crate::decode::request::Request;
use crate::diagnose::verdict::Verdict;
use crate::diagnose::Diagnosis;
use crate::extract::Cleanup;
use crate::facts::Main;
use crate::keys::verify::Plan;
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
    pub fn environment(&self) -> Option<Environment> {
        self.main.environment
    }
}
