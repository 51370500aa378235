//! The result of `analyze`: plain data, rendered by the page and the command line alike.

use serde::Serialize;

use crate::catalogue::Code;
use crate::decode::error_body::ErrorBody;
use crate::decode::jwt::Jwt;
use crate::decode::request::Request;
use crate::paste::Cleanup;
use crate::platform::Environment;
use crate::predict::Prediction;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    /// A symbol and a word, so that severity never depends on colour alone.
    pub fn icon(self) -> &'static str {
        match self {
            Severity::Error => "✘",
            Severity::Warning => "⚠",
            Severity::Note => "ℹ",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Byte offsets `[start, end)` in the text the user pasted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Where in a token a problem sits: the segment and the byte offset inside the compact token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenLocation {
    pub segment: String,
    pub offset: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// A sentence about this input, naming the values involved.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<TokenLocation>,
    /// The claim, header or request field the finding is about, for annotating it in place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl Finding {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Finding { code, severity: code.severity(), message: message.into(), span: None, at: None, subject: None }
    }
    pub fn span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    pub fn at(mut self, segment: &str, offset: usize) -> Self {
        self.at = Some(TokenLocation { segment: segment.to_string(), offset });
        self
    }
    pub fn about(mut self, subject: &str) -> Self {
        self.subject = Some(subject.to_string());
        self
    }
}

/// One ranked cause in the diagnosis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cause {
    pub rank: usize,
    /// One sentence, specific to this paste where the paste shows it.
    pub text: String,
    /// `true` when the paste shows it; `false` when it is a likely cause we cannot see.
    pub evidenced: bool,
    /// `true` for causes the platform's source does not prove (spec: UNVERIFIED).
    pub unverified: bool,
    pub fix: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnosis {
    /// The catalogue entry (platform error or finding) that explains the failure.
    pub entry: String,
    pub title: String,
    /// One sentence: what happened and the most likely cause.
    pub summary: String,
    /// The entry's full explanation.
    pub meaning: String,
    pub causes: Vec<Cause>,
    /// The catalogue's fix: the checks to make, in order.
    pub fix: String,
    pub documented: String,
    pub enforced: String,
    pub source: String,
}

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
    pub keys: Vec<crate::keys::Key>,
    /// What to verify, and with which key, when a token and a key were both given.
    pub verification: Option<crate::keys::verify::Plan>,
    /// An HTTP status seen in the paste (`HTTP/1.1 401`, "a 500 error").
    pub status: Option<u16>,
    pub environment: Option<Environment>,
    pub findings: Vec<Finding>,
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
    /// The client assertion, chosen as the rules choose it (else the first token).
    pub fn client_assertion(&self) -> Option<&Jwt> {
        crate::decode::jwt::client_assertion(&self.tokens).or_else(|| self.tokens.first())
    }
}
