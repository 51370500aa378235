//! Error bodies: NHS identity-service JSON, raw Apigee faults, FHIR OperationOutcome, token
//! success bodies — each matched to its catalogue entry.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::catalogue::platform::{self, Match};
use crate::extract::json::FoundJson;
use crate::extract::Cleanup;
use crate::vocab::{ErrorId, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// `{"error","error_description","message_id"}`
    Nhs,
    /// `{"fault":{"faultstring","detail":{"errorcode"}}}`
    ApigeeFault,
    /// FHIR `OperationOutcome`
    OperationOutcome,
    /// A token success body (`access_token`, `expires_in`, …).
    TokenSuccess,
    /// Hello World's own success: `{"message": "Hello Application!"}` (or `Hello User!`,
    /// `Hello World!`): the token or API key was accepted (HW spec).
    HelloWorld,
    /// An error string quoted in prose, without its JSON.
    Quoted,
    /// JSON:API's `{"errors":[{"status","code","title","detail"}]}` (NHS Notify and others).
    JsonApi,
    /// A server's HTML error page (Express's `Cannot POST /path`, a gateway's page): its words.
    HtmlPage,
    /// Another server's own flat error object: MESH's `{"errorCode","errorDescription"}`,
    /// FastAPI's `{"detail"}`, RFC 7807's `{"title","status","detail"}`, ASP.NET's `{"Message"}`.
    Other,
}

impl BodyKind {
    /// A success body, not an error: a token, or Hello World's answer.
    pub fn is_success(self) -> bool {
        matches!(self, BodyKind::TokenSuccess | BodyKind::HelloWorld)
    }

    pub fn label(self) -> &'static str {
        match self {
            BodyKind::Nhs => "NHS error body",
            BodyKind::ApigeeFault => "Apigee fault",
            BodyKind::OperationOutcome => "FHIR OperationOutcome",
            BodyKind::TokenSuccess => "token response",
            BodyKind::HelloWorld => "Hello World answer",
            BodyKind::Quoted => "quoted error text",
            BodyKind::JsonApi => "JSON:API error",
            BodyKind::HtmlPage => "HTML error page",
            BodyKind::Other => "error body",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorBody {
    pub kind: BodyKind,
    pub span: Span,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repaired: Vec<Cleanup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faultstring: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errorcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<String>,
    /// `details.coding[0].code` of the first issue (ACCESS_DENIED, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fhir_code: Option<String>,
    /// The body's own words when none of the fields above holds them: a FHIR coding's `display`,
    /// another server's `message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub said: Option<String>,
    /// A status the body states itself (JSON:API's `errors[0].status`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The answer's `Retry-After` header, in seconds, when the paste shows it beside the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
    /// The body as pasted (after repair); an `access_token` value is replaced by its length.
    pub json: Value,
    /// The catalogue entry it matched, and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<ErrorId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<Match>,
}

impl ErrorBody {
    /// An answer that refuses the call (not a token response, not Hello World's greeting).
    pub fn is_error(&self) -> bool {
        !matches!(self.kind, BodyKind::TokenSuccess | BodyKind::HelloWorld)
    }
}

fn s(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(String::from)
}

/// Read a JSON object found in the paste as an error (or success) body, if it is one: the object
/// itself, else the first object inside it that is one (an axios error printed by Node holds the
/// answer at `response.data`; a client's log wraps it in its own fields).
pub fn classify(found: &FoundJson) -> Option<ErrorBody> {
    match classify_value(&found.value, found) {
        // A flat object of a shape any server might use is the answer only when nothing inside
        // the paste's object is a better one.
        Some(b) if b.kind == BodyKind::Other => nested(&found.value, found, 0).or(Some(b)),
        Some(b) => Some(b),
        None => nested(&found.value, found, 0),
    }
}

/// The keys another server's flat error object keeps its words in, those that name an error on
/// their own first.
const OWN_WORDS: &[&str] = &["errorDescription", "error_message", "errorMessage", "Message", "detail"];
/// Keys whose words might be anything (a log event's `message`): an error only with a status or
/// a code beside them, or an error status answering just before the object.
const LOOSE_WORDS: &[&str] = &["message", "title", "description"];
/// Keys of a log event, not of an answer.
const LOG_KEYS: &[&str] = &["level", "severity", "timestamp", "@timestamp", "time", "ts", "logger", "msg", "stack"];

/// A log event's `error` field holding the client's words (`"error": "ReadTimeout(…)"` beside
/// `timestamp`, `level`, `logger`): not an answer's error code.
fn log_event_error(obj: &Map<String, Value>) -> bool {
    let code_like =
        |e: &str| !e.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    LOG_KEYS.iter().any(|k| obj.contains_key(*k)) && !obj.get("error").and_then(Value::as_str).is_some_and(code_like)
}

/// Another server's own flat error object (every value a scalar), its words, code and status.
fn other_server(obj: &Map<String, Value>, body: &mut ErrorBody) -> bool {
    let flat = obj.len() <= 10 && obj.values().all(|v| !v.is_object() && !v.is_array());
    if !flat || LOG_KEYS.iter().any(|k| obj.contains_key(*k)) {
        return false;
    }
    let words = |keys: &[&str]| keys.iter().find_map(|k| s(obj, k).filter(|w| !w.trim().is_empty() && w.len() <= 600));
    let status = ["status", "statusCode", "status_code", "httpStatus", "code"].iter().find_map(|k| {
        let v = obj.get(*k)?;
        let n = v.as_u64().or_else(|| v.as_str().and_then(|t| t.parse().ok()))?;
        u16::try_from(n).ok().filter(|n| (400..600).contains(n))
    });
    let code = ["errorCode", "error_code", "code"]
        .iter()
        .find_map(|k| s(obj, k).filter(|c| !c.trim().is_empty() && c.parse::<u16>().is_err()));
    let Some(said) = words(OWN_WORDS).or_else(|| words(LOOSE_WORDS)) else { return false };
    body.kind = BodyKind::Other;
    if let Some(e) = platform::match_said(&said) {
        body.entry = Some(e.id);
        body.matched = Some(Match::Exact);
    }
    body.said = Some(said);
    body.error = code;
    body.status = status;
    true
}

/// An object read as another server's answer only by loose words (`{"message": "…"}`): it is an
/// answer only where an error status answers just before it.
pub fn needs_answering_status(b: &ErrorBody) -> bool {
    b.kind == BodyKind::Other
        && b.status.is_none()
        && b.error.is_none()
        && b.json.as_object().is_none_or(|o| !OWN_WORDS.iter().any(|k| o.contains_key(*k)))
}

fn nested(v: &Value, found: &FoundJson, depth: usize) -> Option<ErrorBody> {
    let children: Vec<&Value> = match v {
        Value::Object(o) if depth < 6 => o.values().collect(),
        Value::Array(a) if depth < 6 => a.iter().take(16).collect(),
        _ => return None,
    };
    // Inside another object, a bare code (`{"error": "invalid_request"}` in a log event's state)
    // is the client's own summary: the answer's words, quoted elsewhere, say more.
    let says = |b: &ErrorBody| {
        b.entry.is_some()
            || [&b.error_description, &b.said, &b.diagnostics, &b.faultstring].iter().any(|t| t.is_some())
            || b.kind == BodyKind::TokenSuccess
    };
    children.into_iter().find_map(|c| {
        // A loose `{"message": …}` inside another object is the client's words, not an answer.
        let answer = |b: &ErrorBody| says(b) && !needs_answering_status(b);
        c.is_object().then(|| classify_value(c, found)).flatten().filter(answer).or_else(|| nested(c, found, depth + 1))
    })
}

fn classify_value(value: &Value, found: &FoundJson) -> Option<ErrorBody> {
    let obj = value.as_object()?;
    let mut body = ErrorBody {
        kind: BodyKind::Nhs,
        span: found.span,
        repaired: found.repaired.clone(),
        error: None,
        error_description: None,
        message_id: None,
        faultstring: None,
        errorcode: None,
        diagnostics: None,
        fhir_code: None,
        said: None,
        status: None,
        retry_after: None,
        json: value.clone(),
        entry: None,
        matched: None,
    };
    let google = obj.get("error").and_then(Value::as_object).filter(|e| {
        e.get("message").is_some_and(Value::is_string)
            && e.get("code").and_then(Value::as_u64).is_some_and(|c| c >= 400)
    });
    if let Some(page) = obj.get(crate::extract::markup::HTML_PAGE) {
        body.kind = BodyKind::HtmlPage;
        body.said = page.get("text").and_then(Value::as_str).map(str::to_string);
    } else if let Some(fault) = obj.get("fault").and_then(Value::as_object) {
        body.kind = BodyKind::ApigeeFault;
        body.faultstring = s(fault, "faultstring");
        body.errorcode = fault.get("detail").and_then(Value::as_object).and_then(|d| s(d, "errorcode"));
        if let Some(e) = body.errorcode.as_deref().and_then(platform::match_errorcode) {
            body.entry = Some(e.id);
            body.matched = Some(Match::Exact);
        }
    } else if obj.get("resourceType").and_then(Value::as_str) == Some("OperationOutcome") {
        body.kind = BodyKind::OperationOutcome;
        let issue = obj.get("issue").and_then(Value::as_array).and_then(|a| a.first()).and_then(Value::as_object);
        if let Some(issue) = issue {
            body.diagnostics = s(issue, "diagnostics");
            let coding = issue
                .get("details")
                .and_then(|d| d.get("coding"))
                .and_then(Value::as_array)
                .and_then(|c| c.first())
                .and_then(Value::as_object);
            body.fhir_code = coding.and_then(|c| s(c, "code"));
            body.said = coding.and_then(|c| s(c, "display"));
        }
        if let Some(e) = body.diagnostics.as_deref().and_then(platform::match_diagnostics) {
            body.entry = Some(e.id);
            body.matched = Some(Match::Exact);
        }
    } else if let Some(inner) = google {
        // Another server's own shape (Google's, and APIs that copy it):
        // `{"error": {"code": 400, "message": "…", "status": "INVALID_ARGUMENT"}}`.
        body.kind = BodyKind::Nhs;
        body.said = s(inner, "message");
        body.status = inner.get("code").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok());
        if let Some(e) = body.said.as_deref().and_then(platform::match_contained) {
            body.entry = Some(e.id);
            body.matched = Some(Match::Contained);
        }
    } else if (obj.get("error").is_some_and(Value::is_string) && !log_event_error(obj))
        || obj.get("error_description").is_some_and(Value::is_string)
    {
        body.kind = BodyKind::Nhs;
        body.error = s(obj, "error");
        body.error_description = s(obj, "error_description");
        body.message_id = s(obj, "message_id");
        // Another server's own shape: `{"statusCode": 422, "error": "INAPPROPRIATE_VALUE", "message": "…"}`.
        body.said = s(obj, "message").filter(|_| body.error_description.is_none());
        if let Some((e, how)) = platform::match_nhs(body.error.as_deref(), body.error_description.as_deref()) {
            body.entry = Some(e.id);
            body.matched = Some(how);
        }
    } else if let (Some(message), true) =
        (s(obj, "message"), obj.contains_key("message_id") || obj.contains_key("policy"))
    {
        // The platform's generic JSON (a rate-limit body: message, message_id, policy, …).
        body.kind = BodyKind::Nhs;
        body.message_id = s(obj, "message_id");
        if let Some(e) = platform::match_contained(&message) {
            body.entry = Some(e.id);
            body.matched = Some(Match::Contained);
        }
        body.error_description = Some(message);
    } else if let Some(first) =
        obj.get("errors").and_then(Value::as_array).and_then(|a| a.first()).and_then(Value::as_object)
    {
        // JSON:API: the API's own code, its words, its status and the platform's message id.
        body.kind = BodyKind::JsonApi;
        body.error = s(first, "code");
        body.said = s(first, "detail").or_else(|| s(first, "title"));
        body.message_id = s(first, "id").filter(|id| id.starts_with("rrt-"));
        body.status = first
            .get("status")
            .and_then(|v| v.as_str().and_then(|s| s.parse().ok()).or(v.as_u64().and_then(|n| u16::try_from(n).ok())));
        body.error.as_ref()?;
    } else if obj.contains_key("access_token") && (obj.contains_key("expires_in") || obj.contains_key("token_type")) {
        body.kind = BodyKind::TokenSuccess;
        if let Some(Value::String(t)) = body.json.get_mut("access_token") {
            *t = format!("<{} characters>", t.chars().count());
        }
    } else if let Some(m) = s(obj, "message")
        .filter(|m| obj.len() == 1 && matches!(m.as_str(), "Hello Application!" | "Hello User!" | "Hello World!"))
    {
        body.kind = BodyKind::HelloWorld;
        body.said = Some(m);
    } else if !other_server(obj, &mut body) {
        return None;
    }
    Some(body)
}

/// Error texts quoted in prose when no JSON body was found: "I get Invalid 'iss'/'sub' claims…".
pub fn quoted(text: &str) -> Vec<ErrorBody> {
    platform::quoted_in(text)
        .into_iter()
        .map(|(e, how)| {
            let needle = [e.description, e.faultstring, e.diagnostics]
                .into_iter()
                .flatten()
                .chain(e.old.iter().copied())
                .find(|n| text.contains(*n))
                .unwrap_or("");
            let start = text.find(needle).unwrap_or(0);
            // An entry matched by its start (`Invalid token type '`) carries a value after it: the
            // words as pasted run to the quote that opened them, else to the line's end.
            let end = if e.prefix { quoted_end(text, start, start + needle.len()) } else { start + needle.len() };
            let said = &text[start..end];
            ErrorBody {
                kind: BodyKind::Quoted,
                span: Span { start, end },
                repaired: Vec::new(),
                error: e.error.map(String::from),
                // The words as pasted (an old wording stays as it was sent), not the entry's.
                error_description: e
                    .description
                    .filter(|_| e.shape == platform::Shape::Nhs)
                    .map(|_| needle.to_string()),
                message_id: None,
                faultstring: e.faultstring.map(String::from),
                errorcode: e.errorcode.map(String::from),
                diagnostics: e.diagnostics.map(|d| if e.prefix { said.to_string() } else { d.to_string() }),
                fhir_code: None,
                said: None,
                status: None,
                retry_after: None,
                json: Value::String(said.to_string()),
                entry: Some(e.id),
                matched: Some(how),
            }
        })
        .collect()
}

/// Where quoted words starting at `start` end: at the quote that opened them (`"…"`, `“…”`),
/// else at the end of their line; never before `min`.
fn quoted_end(text: &str, start: usize, min: usize) -> usize {
    let open = text[..start].chars().next_back();
    let close = match open {
        Some('"') => Some('"'),
        Some('“') => Some('”'),
        Some('`') => Some('`'),
        _ => None,
    };
    let rest = &text[min..];
    let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let cut = close.and_then(|c| rest[..line_end].find(c)).unwrap_or(line_end);
    min + rest[..cut].trim_end().len()
}

#[cfg(test)]
#[path = "error_body_tests.rs"]
mod tests;
