//! The shared vocabulary: small value types every stage speaks. A leaf: it imports nothing of
//! the crate. The ids `Code` and `ErrorId` are generated from the catalogue's data by build.rs.

use serde::{Serialize, Serializer};

include!(concat!(env!("OUT_DIR"), "/ids.rs"));

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

/// How sure a prediction or a cause is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Follows from the platform's source and what was pasted.
    Certain,
    /// Depends on something the source does not prove (spec: UNVERIFIED), or on what the paste
    /// does not show.
    Likely,
    /// The paste does not tell.
    #[default]
    Unknown,
}

impl Certainty {
    pub fn label(self) -> &'static str {
        match self {
            Certainty::Certain => "certain",
            Certainty::Likely => "likely",
            Certainty::Unknown => "unknown",
        }
    }
}

/// A step of the gateway's check order (spec §4.1): `7.10` is `Step::new(7, 10)`, `13` is
/// `Step::new(13, 0)`. Ordered as the gateway runs them; written as the spec writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Step {
    pub major: u8,
    pub minor: u8,
}

impl Step {
    pub const fn new(major: u8, minor: u8) -> Step {
        Step { major, minor }
    }
    /// The token is issued (spec §4.1's last step): every check passed.
    pub const ISSUED: Step = Step::new(16, 0);
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.minor {
            0 => write!(f, "{}", self.major),
            m => write!(f, "{}.{m}", self.major),
        }
    }
}

impl Serialize for Step {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The gateway's answer to the token request, as the walk of its steps predicts it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prediction {
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// The exact body for non-identity-service answers (raw Apigee fault).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The catalogue entry of the answer (absent for 200).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<ErrorId>,
    /// The step of spec §4.1 that decides.
    pub step: Step,
    pub certainty: Certainty,
    /// Why, in one sentence about this paste.
    pub why: String,
    /// What the prediction takes for granted because it cannot be checked here.
    pub assumptions: Vec<String>,
    /// What was assumed about the request when it was not pasted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

impl Prediction {
    /// The answer as one line: `400 invalid_request: Missing 'kid' header in client_assertion JWT`.
    pub fn headline(&self) -> String {
        match (&self.error, &self.error_description, &self.body) {
            (Some(e), Some(d), _) => headline(Some(self.status), Some(e), Some(d)),
            (_, _, Some(b)) => headline(Some(self.status), None, Some(b)),
            (None, Some(d), None) => headline(Some(self.status), None, Some(d)),
            _ if self.status == 200 => "200 OK: an access token".to_string(),
            _ if self.status == 405 => "405 Method Not Allowed (empty body, Allow: POST)".to_string(),
            _ => self.status.to_string(),
        }
    }

    /// What the prediction says beside a pasted answer whose headline is `pasted`: the same
    /// answer is said once.
    pub fn beside(&self, pasted: &str) -> (&'static str, Option<String>) {
        let likely = self.certainty == Certainty::Likely;
        match (self.headline() == pasted, likely) {
            (true, true) => ("This request would likely get the same answer.", None),
            (true, false) => ("This request would get the same answer.", None),
            (false, true) => ("This request would get (likely): ", Some(self.headline())),
            (false, false) => ("This request would get: ", Some(self.headline())),
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

/// What kind of thing a finding code is about (from the catalogue's data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum About {
    Token,
    Request,
    Body,
    Key,
    Paste,
    ApiKey,
    AppId,
}

/// The one thing a finding is about: an item of the report (by index) or a field the user typed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "kebab-case")]
pub enum Target {
    /// The paste as a whole.
    #[default]
    Paste,
    /// `Report::tokens[i]`.
    Token(usize),
    /// `Report::requests[i]`.
    Request(usize),
    /// `Report::error_bodies[i]`.
    Body(usize),
    /// `Report::keys[i]`.
    Key(usize),
    /// The API key field.
    ApiKey,
    /// The Application ID field.
    AppId,
}

/// Where the headline comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The paste holds the answer a server gave (a body, a quoted error, a status line).
    Pasted,
    /// No answer was pasted: the gateway's answer, predicted from the request and token.
    Predicted,
    /// The error never left the client: a library refused to build or sign the request.
    Client,
    /// Nothing to say yet.
    #[default]
    None,
}

impl Provenance {
    /// How the page and the command line introduce the headline.
    pub fn label(self) -> &'static str {
        match self {
            Provenance::Pasted => "The answer you pasted",
            Provenance::Predicted => "What the gateway would answer (predicted)",
            Provenance::Client => "The error never left your code: no request reached the gateway",
            Provenance::None => "",
        }
    }
}

/// One line from a status, an error code and a text:
/// `401 invalid_request: Invalid 'iss'/'sub' claims in client_assertion JWT`.
pub fn headline(status: Option<u16>, code: Option<&str>, text: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(s) = status {
        out.push_str(&s.to_string());
    }
    match (code, text) {
        (Some(c), Some(t)) if c != t => out.push_str(&format!(" {c}: {t}")),
        (_, Some(t)) => out.push_str(&format!(" {t}")),
        (Some(c), None) => out.push_str(&format!(" {c}")),
        (None, None) => {}
    }
    out.trim().to_string()
}

/// The role a token plays, as the paste shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Sent as `client_assertion` (or shaped like one: `aud` is a token URL).
    ClientAssertion,
    /// Sent as `subject_token` (token exchange).
    SubjectToken,
    /// Sent as `Authorization: Bearer` to an API.
    AccessToken,
    #[default]
    Unknown,
}

impl Role {
    /// What the paste shows the token to be.
    pub fn label(self) -> &'static str {
        match self {
            Role::ClientAssertion => "client assertion",
            Role::SubjectToken => "subject token",
            Role::AccessToken => "access token",
            Role::Unknown => "JWT",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// A sentence about this input, naming the values involved.
    pub message: String,
    /// What the finding is about.
    pub target: Target,
    /// The claim, header or request field inside the target, for annotating it in place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<TokenLocation>,
}

impl Finding {
    /// A finding about the thing its code is about; the stage that knows which one places it
    /// with `on` (the pipeline places every finding before the report is built).
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        let target = match code.about() {
            About::ApiKey => Target::ApiKey,
            About::AppId => Target::AppId,
            _ => Target::Paste,
        };
        Finding { code, severity: code.severity(), message: message.into(), target, field: None, span: None, at: None }
    }
    pub fn on(mut self, target: Target) -> Self {
        self.target = target;
        self
    }
    pub fn span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    pub fn at(mut self, segment: &str, offset: usize) -> Self {
        self.at = Some(TokenLocation { segment: segment.to_string(), offset });
        self
    }
    /// The claim, header or field inside the target.
    pub fn about(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }
}

impl Code {
    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id() == id)
    }
    /// The catalogue address a wiki can link to.
    pub fn anchor(self) -> String {
        format!("#/findings/{}", self.id())
    }
}

impl ErrorId {
    pub fn from_id(id: &str) -> Option<ErrorId> {
        ErrorId::ALL.iter().copied().find(|e| e.id() == id)
    }
    /// The catalogue address a wiki can link to.
    pub fn anchor(self) -> String {
        format!("#/errors/{}", self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl Serialize for ErrorId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// "a, b and c"
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl std::fmt::Display for ErrorId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
