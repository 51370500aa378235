//! An HTTP call written in code, read for what it would send: the URL literal, the content type
//! the code sets or its library implies, and the form fields written as literals. What the code
//! leaves to a variable is unknown, not missing: the request is `partial`.
//!
//! Library defaults read here (each from its own documentation): Python requests sends `data=`
//! a dict as a form, `json=` as JSON, `files=` as multipart, and `params=` in the query with no
//! body; fetch sends a `URLSearchParams` body as `application/x-www-form-urlencoded;charset=UTF-8`
//! and a string body as `text/plain;charset=UTF-8`; axios sends an object as JSON; PowerShell's
//! `Invoke-RestMethod -Body` sends a string with the `-ContentType` given; `ConvertTo-Json` and
//! `JSON.stringify` make JSON text.

use url::form_urlencoded;

use super::client_defaults::{spring_written_as, string_default, FORM, JSON_OBJECT, JSON_TEXT, MULTIPART};
use super::request::{Header, Request, RequestSource};
use crate::extract::fields::FORM_FIELDS;
use crate::vocab::Span;

/// What the call sends as its body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Body {
    Form,
    /// An object the client serialises as JSON itself (and says so in its Content-Type).
    Json,
    /// JSON text made by an encoder, sent as a string.
    JsonText,
    Multipart,
    /// Fields in the URL's query, no body (requests' `params=`).
    Query,
    Unknown,
}

/// Read a call. `call` is the statement (from the call to its closing parenthesis), `input` the
/// whole paste, for what the code sets apart from the call (headers, a body built earlier).
pub fn from_code(call: &str, input: &str, span: Span) -> Request {
    let url = crate::extract::vars::call_url(call, input).unwrap_or_default();
    let mut r = Request {
        source: Some(RequestSource::Code),
        span: Some(span),
        url: Some(url.to_string()),
        method: Some(method(call, input)),
        method_implied: true,
        ..Request::default()
    };
    let (body, made_by) = body_kind(call, input);
    let fields: Vec<(String, String)> = literal_fields(call).or_else(|| literal_fields(input)).unwrap_or_default();
    let logged = spring_written_as(input);
    let declared = logged
        .as_ref()
        .map(|(ct, _)| ct.clone())
        .or_else(|| declared_content_type(call))
        .or_else(|| declared_content_type(input));
    let implied: Option<(Option<&str>, String)> = match body {
        Body::Form if call.contains("URLSearchParams") || input.contains("new URLSearchParams") => Some((
            Some("application/x-www-form-urlencoded;charset=UTF-8"),
            "fetch's type for a URLSearchParams body".into(),
        )),
        Body::Form => Some((Some(crate::platform::FORM_CONTENT_TYPE), format!("{made_by} sends a form"))),
        Body::Json => Some((Some("application/json"), format!("{made_by} sends JSON"))),
        Body::Multipart if made_by == " -Form " => Some((
            Some("multipart/form-data"),
            "PowerShell's -Form sends multipart/form-data, whatever -ContentType says".into(),
        )),
        Body::Multipart => Some((Some("multipart/form-data"), format!("{made_by} sends multipart"))),
        Body::JsonText | Body::Unknown => string_default(call, input).map(|(ct, why)| (ct, why.to_string())),
        Body::Query => None,
    };
    let powershell_form = body == Body::Multipart && made_by == " -Form ";
    if let (Some(ct), false) = (&declared, powershell_form) {
        r.headers.push(Header { name: "Content-Type".into(), value: ct.clone() });
    } else if let Some((ct, why)) = implied {
        r.content_type = ct.map(str::to_string);
        r.content_type_why = Some(why);
    }
    for h in super::code_headers::read(call).into_iter().chain(super::code_headers::read(input)) {
        if r.header(&h.name).is_none() {
            r.headers.push(h);
        }
    }
    // axios.get(url, { Authorization: … }): written, but not sent.
    if let Some((names, why)) = super::code_headers::axios_loose(call) {
        r.headers.retain(|h| !names.contains(&h.name));
        r.headers_not_sent = Some((names, why));
    }
    if let Some((_, line)) = &logged {
        r.content_type_why = Some(format!("the client's log: {line}"));
    }
    r.body_why = match body {
        _ if made_by.is_empty() => None,
        Body::JsonText => Some(format!("{made_by} makes JSON text")),
        Body::Json => Some(format!("{made_by} sends it as JSON")),
        _ => None,
    };
    let body = match body {
        // The client wrote the fields as the type its log names (Spring's converter chose JSON).
        _ if logged.as_ref().is_some_and(|(ct, _)| ct.contains("json")) => Body::Json,
        Body::JsonText => Body::Json,
        b => b,
    };
    match body {
        Body::Query => {
            let mut q = form_urlencoded::Serializer::new(String::new());
            q.extend_pairs(fields.iter());
            let q = q.finish();
            if !q.is_empty() && r.url.as_deref().is_some_and(|u| !u.is_empty()) {
                let u = r.url.get_or_insert_default();
                u.push(if u.contains('?') { '&' } else { '?' });
                u.push_str(&q);
            }
        }
        Body::Json => {
            let object: serde_json::Map<String, serde_json::Value> =
                fields.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
            r.body = Some(serde_json::Value::Object(object).to_string());
            r.json_body = true;
        }
        Body::Multipart => r.multipart = true,
        Body::Form | Body::Unknown | Body::JsonText if !fields.is_empty() => {
            let mut b = form_urlencoded::Serializer::new(String::new());
            b.extend_pairs(fields.iter());
            r.body = Some(b.finish());
        }
        Body::Form | Body::Unknown | Body::JsonText => {}
    }
    // A body written as one string literal (`"body": "[object Object]"` in devtools' Copy as
    // fetch) is the whole body, known to the byte.
    let literal = r.body.is_none().then(|| body_literal(call)).flatten();
    if let Some(b) = &literal {
        r.body = Some(b.clone());
    }
    let mut r = r.finish();
    // What the code leaves to variables is unknown, so the body is partial; but JSON text sent as a
    // form holds no form fields at all, whatever its members are (the gateway reads none).
    let form_declared = r.content_type.as_deref().is_some_and(|ct| ct.contains("x-www-form-urlencoded"));
    r.partial = !(r.json_body && form_declared) && literal.is_none();
    r
}

/// The body of a call written as a single string literal: `body: "…"`, `"body": "…"`, followed
/// by a comma, a brace or the end of the line (not a literal that starts an expression).
fn body_literal(call: &str) -> Option<String> {
    for key in ["\"body\":", "body:", "'body':"] {
        let Some(at) = call.find(key) else { continue };
        let rest = call[at + key.len()..].trim_start();
        let Some(lit) = quoted(rest) else { continue };
        let after = rest[lit.len() + 2..].trim_start();
        if after.is_empty() || after.starts_with([',', '}', '\n']) {
            return Some(lit.to_string());
        }
    }
    None
}

/// The call sends GET: it says so, or it is PowerShell's `Invoke-RestMethod`/`Invoke-WebRequest`
/// with no `-Method` (their default is GET).
/// The call's method: Java's HttpURLConnection takes it from `setRequestMethod("…")` and is a
/// GET unless told to write a body (`setDoOutput(true)` makes it a POST); other clients by the
/// call's name.
fn method(call: &str, input: &str) -> String {
    if call.contains(".openConnection(") {
        let set = input.split("setRequestMethod(\"").nth(1).and_then(|r| r.split('"').next());
        let posts = input.contains("setDoOutput(true)");
        return set.map_or(if posts { "POST" } else { "GET" }, |m| m).to_ascii_uppercase();
    }
    if is_get(call) { "GET" } else { "POST" }.to_string()
}

fn is_get(call: &str) -> bool {
    let lower = call.to_ascii_lowercase();
    let powershell = lower.starts_with("invoke-restmethod") || lower.starts_with("invoke-webrequest");
    // A GET method by name: `requests.get(`, `client.GetAsync(`, `http.Get(`, `axios.get(`.
    let head = lower.split('(').next().unwrap_or("");
    head.ends_with(".get")
        || head.ends_with("getasync")
        || head.ends_with("getstringasync")
        || lower.contains("-method get")
        || lower.contains("method: 'get'")
        || lower.contains("method: \"get\"")
        || (powershell && !lower.contains("-method"))
}

/// How the call sends its body: what the call says, else what the paste built it with; and the
/// words of the paste that decided it.
fn body_kind(call: &str, input: &str) -> (Body, &'static str) {
    let find = |s: &str, words: &[&'static str]| words.iter().copied().find(|w| s.contains(w));
    if let Some(kind) = inline_object(call) {
        return kind;
    }
    for s in [call, input] {
        if let Some(w) = find(s, MULTIPART) {
            return (Body::Multipart, w);
        }
        if let Some(w) = find(s, JSON_OBJECT) {
            return (Body::Json, w);
        }
        if let Some(w) = find(s, JSON_TEXT) {
            return (Body::JsonText, w);
        }
        if s.contains("params=") && !s.contains("data=") {
            return (Body::Query, "params=");
        }
        // The URL built with its query (`f"{TOKEN_URL}?" + urlencode(parameters)`) and a call
        // that sends no body: the fields go in the query.
        let no_body = find(call, &["data=", "json=", "files=", "body", "content="]).is_none();
        if no_body && input.contains("urlencode(") && (input.contains("?\" +") || input.contains("?' +")) {
            return (Body::Query, "urlencode(");
        }
        if let Some(w) = find(s, FORM) {
            return (Body::Form, w);
        }
        // axios.post(url, { … }): an object is sent as JSON.
        if call.contains("axios.post(") && call.contains('{') {
            return (Body::Json, "axios.post(url, {…})");
        }
    }
    (Body::Unknown, "")
}

/// A body written in the call as an object: its library decides how it is sent, whatever else the
/// paste's code does (a `JSON.stringify` that built the JWT's header is not the body). Apps
/// Script's `UrlFetchApp` sends a `payload` object as a form (its documentation); got, request
/// and needle send `form: {…}` as a form and got and ky `json: {…}` as JSON; jQuery sends a
/// `data` object as a form.
fn inline_object(call: &str) -> Option<(Body, &'static str)> {
    let squeezed: String = call.chars().filter(|c| !c.is_whitespace()).collect();
    let jquery = ["$.ajax(", "$.post(", "jQuery.ajax(", "jQuery.post("].iter().any(|w| squeezed.starts_with(w));
    let url_fetch = squeezed.starts_with("UrlFetchApp.fetch(") && squeezed.contains("payload:");
    let axios = squeezed.starts_with("axios(") || squeezed.starts_with("axios.request(");
    if url_fetch {
        Some((Body::Form, "UrlFetchApp's payload object"))
    } else if squeezed.contains("form:{") {
        Some((Body::Form, "form: {…}"))
    } else if jquery && squeezed.contains("data:{") {
        Some((Body::Form, "jQuery's data object"))
    } else if axios && squeezed.contains("data:{") {
        // axios sends an object as JSON; from 1.0 it sends a form instead when the Content-Type
        // it is given says form. Either way the object is what the code sends.
        Some((
            Body::Json,
            if squeezed.contains("x-www-form-urlencoded") {
                "axios before 1.0 (whatever Content-Type says; 1.x makes a data object a form when that header \
                 says form)"
            } else {
                "axios"
            },
        ))
    } else if squeezed.contains("json:{") {
        Some((Body::Json, "json: {…}"))
    } else {
        None
    }
}

/// A Content-Type the code sets: `"Content-Type": "…"`, `-ContentType '…'`,
/// `MediaType.APPLICATION_JSON`, `ContentType = "…"`.
fn declared_content_type(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    for key in ["content-type", "content_type", "-contenttype", "contenttype"] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(key) {
            let at = from + p + key.len();
            from = at;
            // `"content_type": "…"` in a printed result (Ansible's) is the answer's type.
            if key == "content_type" && s[..at - key.len()].ends_with('"') {
                continue;
            }
            let rest = s[at..].trim_start_matches(['"', '\'']).trim_start();
            let rest = rest.strip_prefix([':', '=', ',']).unwrap_or(rest).trim_start();
            if let Some(lit) = quoted(rest) {
                if lit.contains('/') {
                    return Some(lit.to_string());
                }
            }
        }
    }
    if s.contains("MediaType.APPLICATION_JSON") {
        return Some("application/json".into());
    }
    // A media type passed as an argument (`new StringContent(json, Encoding.UTF8, "application/json")`),
    // on a line that is not about Accept.
    s.lines().filter(|l| !l.to_ascii_lowercase().contains("accept")).find_map(|l| {
        ["\"", "'"].iter().find_map(|q| {
            let at = l.find(&format!("{q}application/")).or_else(|| l.find(&format!("{q}multipart/")))?;
            quoted(&l[at..]).map(str::to_string)
        })
    })
}

/// The string literal at the start of `s`, without its quotes.
fn quoted(s: &str) -> Option<&str> {
    let q = s.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let inner = &s[1..];
    inner.find(q).map(|end| &inner[..end])
}

/// The token request's fields written with a literal value (`"grant_type": "client_credentials"`,
/// `grant_type = 'client_credentials'`, `form.add("grant_type", "client_credentials")`,
/// `{ "grant_type", "client_credentials" }`). None when no field is named at all.
fn literal_fields(s: &str) -> Option<Vec<(String, String)>> {
    let mut named = false;
    let mut out = Vec::new();
    for name in FORM_FIELDS {
        let mut from = 0;
        while let Some(p) = s[from..].find(name) {
            let at = from + p;
            from = at + name.len();
            let before = s[..at].chars().next_back();
            let after = s[from..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if word(before) || word(after) {
                continue;
            }
            named = true;
            let rest = s[from..].trim_start_matches(['"', '\'', ']']).trim_start();
            let Some(rest) = rest.strip_prefix([':', '=', ',']) else { continue };
            if let Some(v) = quoted(rest.trim_start()) {
                if !out.iter().any(|(k, _): &(String, String)| k == name) {
                    out.push((name.to_string(), v.to_string()));
                }
                break;
            }
        }
    }
    named.then_some(out)
}

#[cfg(test)]
#[path = "code_call_tests.rs"]
mod tests;
