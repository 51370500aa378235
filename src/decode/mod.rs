//! Turn text into structure, leniently: keep raw values, record what was odd as findings,
//! never stop at the first problem. Judging is the rules' job. `decode` reads the paste's
//! inventory (`extract::Paste`) into complete values, once.

pub mod client_defaults;
pub mod client_error;
mod client_signatures;
pub mod code_call;
pub mod code_headers;
pub mod code_idioms;
pub mod code_token;
mod cors;
pub mod curl;
mod curl_error;
pub mod env_hints;
pub mod error_body;
pub mod error_lines;
pub mod exception;
mod exception_words;
mod header_map;
pub mod hidden_body;
pub mod hints;
pub mod httpie;
pub mod js;
pub mod jwt;
pub mod key_hints;
pub mod request;
mod segment;
pub mod time;
pub mod token;
mod type_mismatch;
pub mod unexpanded;

use crate::context::Context;
use crate::extract::{Cleanup, CleanupKind, Paste};
use crate::vocab::{join_and, Code, Finding, Role, Target};
use client_error::ClientError;
use error_body::BodyKind;
use error_body::ErrorBody;
use jwt::Jwt;
use request::Request;

/// The decoded items, with what decoding noticed.
#[derive(Clone, Debug, Default)]
pub struct Decoded {
    pub tokens: Vec<Jwt>,
    pub error_bodies: Vec<ErrorBody>,
    pub requests: Vec<Request>,
    pub client_error: Option<ClientError>,
    pub findings: Vec<Finding>,
    /// What was cleaned before decoding, said back to the user.
    pub cleaned: Vec<Cleanup>,
}

/// The objects of a structured log's stream: three or more flat objects with the same keys (a
/// logger's record, `{"Message": …, "Correlation Id": …}` line after line). Their words are the
/// program's, not an answer's, though a record may quote one.
fn log_stream(objects: &[crate::extract::json::FoundJson]) -> Vec<usize> {
    let keys = |f: &crate::extract::json::FoundJson| {
        let o = f.value.as_object()?;
        let flat = o.len() >= 2 && o.values().all(|v| !v.is_object() && !v.is_array());
        flat.then(|| o.keys().cloned().collect::<Vec<_>>())
    };
    let sets: Vec<Option<Vec<String>>> = objects.iter().map(keys).collect();
    (0..objects.len()).filter(|&i| sets[i].is_some() && sets.iter().filter(|s| **s == sets[i]).count() >= 3).collect()
}

/// Decode the paste's tokens, bodies and requests. `keyed`: the JSON objects that were keys
/// (read by `keys::read`), not bodies.
pub fn decode(paste: &Paste, ctx: &Context, keyed: &[usize]) -> Decoded {
    let mut d = Decoded::default();
    if let Some((cleanup, message)) = &paste.truncated {
        d.cleaned.push(cleanup.clone());
        d.findings.push(Finding::new(Code::InputTruncated, message.clone()));
    }
    d.cleaned.extend(paste.repaired.undone.iter().cloned());
    tokens(paste, ctx, &mut d);
    let mut requests = Vec::new();
    let stream = log_stream(&paste.objects);
    for (i, found) in paste.objects.iter().enumerate().filter(|(i, _)| !keyed.contains(i)) {
        // A HAR export: each entry's request (its response body, when one is there as JSON
        // text, is read with the rest of the paste).
        for entry in found.value.pointer("/log/entries").and_then(|e| e.as_array()).into_iter().flatten() {
            requests.extend(request::from_har(entry, found.span));
        }
        let body = error_body::classify(found).filter(|b| !(b.kind == BodyKind::Other && stream.contains(&i)));
        if let Some(body) = body {
            body_repairs(paste, body, &mut d);
        } else {
            // A structured log carries the answer as a JSON string (`"Body":"{\"errors\":…}"`).
            let mut strings = Vec::new();
            json_strings(&found.value, 0, &mut strings);
            for text in strings.into_iter().filter(|t| t.trim_start().starts_with('{')).take(8) {
                let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { continue };
                let inner = crate::extract::json::FoundJson { value, span: found.span, repaired: Vec::new() };
                if let Some(body) = error_body::classify(&inner) {
                    body_repairs(paste, body, &mut d);
                }
            }
        }
    }
    // An error text quoted in a library's message or in prose is the answer, even beside a token
    // the paste shows from before (a saved token, then the refresh that failed).
    if d.error_bodies.iter().all(|b| b.kind.is_success()) && !paste.tokens_only {
        d.error_bodies.extend(error_body::quoted(paste.text()));
    }
    // A structured log's message quotes the answer with JSON escapes (`\u0027` for `'`): read the
    // strings of the paste's JSON objects as text too.
    if d.error_bodies.is_empty() && !paste.tokens_only {
        for found in paste.objects.iter().filter(|f| f.value.is_object()) {
            let mut strings = Vec::new();
            json_strings(&found.value, 0, &mut strings);
            if let Some(mut b) = strings.iter().find_map(|s| error_body::quoted(s).into_iter().next()) {
                b.span = found.span;
                d.error_bodies.push(b);
                break;
            }
        }
    }
    for b in d.error_bodies.iter_mut() {
        // One API's own text is not another's: "Access denied to resource." is VRS's answer, not
        // an answer of the PDS call the paste makes.
        let api = b.entry.and_then(|e| e.entry().api);
        if api.is_some_and(|a| paste.api.is_some_and(|p| p != a)) {
            b.entry = None;
            b.matched = None;
        }
        if b.entry.is_none() {
            by_code_or_status(paste, b);
        }
        b.retry_after = crate::extract::status::retry_after(paste.text(), b.span);
    }
    requests.extend(request::decode_all(paste));
    for r in requests {
        form_tokens(paste, ctx, &r, &mut d);
        d.requests.push(r);
    }
    if !paste.tokens_only {
        d.client_error = client_error::find(paste.text());
    }
    outside_bodies(paste, &mut d);
    if let Some(f) = unexpanded::find(paste.text(), &d.requests) {
        d.findings.push(f);
    }
    if !paste.tokens_only {
        d.findings.extend(code_idioms::find(paste.text()));
    }
    // An error status shown without its body: where the client keeps it.
    let status = paste.status_lines.iter().map(|(_, s)| *s).rfind(|s| *s >= 400).or(paste.named_status);
    let no_body = d.error_bodies.iter().all(|b| !b.is_error());
    if let Some(f) =
        status.filter(|s| *s >= 400 && no_body && !paste.tokens_only).and_then(|s| hidden_body::find(paste.text(), s))
    {
        d.findings.push(f);
    }
    d
}

/// The string values of a JSON value, to a depth of 8.
fn json_strings<'a>(v: &'a serde_json::Value, depth: usize, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(a) if depth < 8 => a.iter().for_each(|v| json_strings(v, depth + 1, out)),
        serde_json::Value::Object(o) if depth < 8 => o.values().for_each(|v| json_strings(v, depth + 1, out)),
        _ => {}
    }
}

/// A body the catalogue does not know by its text: its FHIR code with the status that answered
/// it, else a status that says what it is on its own (429).
fn by_code_or_status(paste: &Paste, b: &mut ErrorBody) {
    use crate::catalogue::platform::{match_fhir_code, match_status, Match};
    let line = crate::extract::status::answering(&paste.status_lines, b.span.start, b.is_error()).map(|(_, s)| *s);
    let status = line.or(paste.named_status);
    // The API's own code: a FHIR coding's, or a JSON:API error's (`CM_DENIED`).
    let code = b.fhir_code.as_deref().or(b.error.as_deref().filter(|_| b.kind == BodyKind::JsonApi));
    let status = status.or(b.status);
    if let Some(e) = code.and_then(|c| match_fhir_code(c, status, b.diagnostics.is_some(), paste.api)) {
        b.entry = Some(e.id);
        b.matched = Some(Match::FhirCode);
    } else if let Some(e) = status.and_then(|s| match_status(s, paste.api)) {
        b.entry = Some(e.id);
        b.matched = Some(Match::Status);
    }
}

/// Every token found in the text, decoded with its role and time claims.
fn tokens(paste: &Paste, ctx: &Context, d: &mut Decoded) {
    let text = paste.text();
    for found in &paste.tokens {
        let i = d.tokens.len();
        let mut findings = Vec::new();
        let mut jwt = token::decode_token(&found.compact, found.role, ctx.now, &|o| found.origin(o), i, &mut findings);
        // `b'eyJ…'`: PyJWT before 2.0 returned bytes, and str() or an f-string sends the b'…'.
        let before = &text[..found.start.min(text.len())];
        if before.ends_with("b'") || before.ends_with("b\"") {
            jwt.as_bytes = true;
            let message = "The token is printed as Python bytes (b'eyJ…'): jwt.encode in PyJWT before 2.0 returns \
                           bytes, and str() or an f-string then sends b'eyJ…' — quotes and all — which the gateway \
                           cannot decode. Use token.decode(\"ascii\") (or upgrade to PyJWT 2, whose jwt.encode \
                           returns str).";
            findings.push(Finding::new(Code::TokenAsBytes, message).on(Target::Token(i)));
        }
        if !found.cleaned.is_empty() {
            let what: Vec<String> = found.cleaned.iter().map(|c| c.describe()).collect();
            let message = format!("Before decoding, the page {}.", join_and(&what));
            findings.push(Finding::new(Code::PasteCleaned, message).span(jwt.span).on(Target::Token(i)));
            d.cleaned.extend(found.cleaned.iter().cloned());
        }
        d.findings.extend(findings);
        d.tokens.push(jwt);
    }
    // No assertion pasted: the one the paste's code would sign, read from the code.
    let pasted = d.tokens.iter().any(|t| matches!(t.role, Role::ClientAssertion | Role::Unknown));
    if !pasted && !paste.tokens_only {
        if let Some(mut jwt) = code_token::find(text, ctx.now, ctx.api_key.as_deref()) {
            jwt.times = token::times(&jwt, ctx.now);
            d.tokens.push(jwt);
        }
    }
}

/// An error body, with the forum formatting that was repaired inside it said once.
fn body_repairs(paste: &Paste, mut body: ErrorBody, d: &mut Decoded) {
    // `{"message": "…"}` is an answer only under the error status it answers.
    if error_body::needs_answering_status(&body) {
        let near = crate::extract::status::answering(&paste.status_lines, body.span.start, true)
            .is_some_and(|(at, s)| *s >= 400 && body.span.start.saturating_sub(*at) <= 400);
        if !near {
            return;
        }
    }
    for c in paste.repaired.edits_in(body.span.start, body.span.end) {
        match body.repaired.iter_mut().find(|r| r.what == c.what) {
            Some(r) => r.count += c.count,
            None => body.repaired.push(c),
        }
    }
    if !body.repaired.is_empty() {
        let what: Vec<String> = body.repaired.iter().map(|c| c.describe()).collect();
        let message = format!("The {} had forum formatting: the page {}.", body.kind.label(), join_and(&what));
        let at = Target::Body(d.error_bodies.len());
        d.findings.push(Finding::new(Code::BodyRepaired, message).span(body.span).on(at));
    }
    d.error_bodies.push(body);
}

/// The form field is the authority on what the client assertion is, found in the text or not.
fn form_tokens(paste: &Paste, ctx: &Context, request: &Request, d: &mut Decoded) {
    let text = paste.text();
    for (field, role) in [("client_assertion", Role::ClientAssertion), ("subject_token", Role::SubjectToken)] {
        let Some(value) = request.form_value(field).filter(|v| !v.is_empty()) else { continue };
        // A variable or placeholder is an unknown, not a token to decode.
        if crate::extract::vars::is_placeholder(value) {
            continue;
        }
        if let Some(t) = d.tokens.iter_mut().find(|t| t.compact == value) {
            t.role = role;
            continue;
        }
        // The same token, but the form's value also holds invisible characters at its end: the
        // form is what was sent, so its value replaces the token found in the text.
        let same = d.tokens.iter().position(|t| {
            value.strip_prefix(t.compact.as_str()).is_some_and(|rest| {
                !rest.is_empty() && rest.chars().all(|c| c.is_whitespace() || crate::extract::is_invisible(c))
            })
        });
        if let Some(i) = same {
            d.findings.retain(|f| f.target != Target::Token(i));
            let base = d.tokens[i].span.start;
            d.tokens[i] = token::decode_token(value, role, ctx.now, &|o| base + o, i, &mut d.findings);
            continue;
        }
        let base = text.find(value).or(request.span.map(|s| s.start)).unwrap_or(0);
        let exact = text.get(base..base + value.len()) == Some(value);
        let origin = |i: usize| if exact { base + i } else { base };
        let i = d.tokens.len();
        let jwt = token::decode_token(value, role, ctx.now, &origin, i, &mut d.findings);
        d.tokens.push(jwt);
    }
}

/// What typography was undone outside the bodies (those say their own).
fn outside_bodies(paste: &Paste, d: &mut Decoded) {
    let repaired = &paste.repaired;
    let in_body = |at: usize| d.error_bodies.iter().any(|b| b.span.start <= at && at < b.span.end);
    let rest = repaired.edits.iter().filter(|(at, _)| !in_body(*at)).map(|(_, what)| *what);
    let lines = repaired
        .undone
        .iter()
        .filter(|c| matches!(c.what, CleanupKind::QuoteMarks | CleanupKind::WrappedToken | CleanupKind::LogPrefix));
    let outside: Vec<String> =
        lines.chain(crate::extract::typography::count(rest).iter()).map(|c| c.describe()).collect();
    if !outside.is_empty() {
        let message = format!("Before reading the paste, the page {}.", join_and(&outside));
        d.findings.push(Finding::new(Code::PasteCleaned, message));
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::json::find_objects;

    #[test]
    fn a_loggers_records_are_a_stream_not_answers() {
        let line = |m: &str| format!("2023-11-27T09:14:02Z\t{{\"Message\": \"{m}\", \"Correlation Id\": \"c0\"}}\n");
        let log: String =
            ["Processing message 37", "Parsing", "429 Client Error: Too Many Requests"].map(line).concat();
        assert_eq!(super::log_stream(&find_objects(&log)), vec![0, 1, 2]);
        // Two records are not yet a stream; objects with other keys are not part of it.
        let two: String = ["a", "b"].map(line).concat() + "{\"Message\": \"failed\"}";
        assert!(super::log_stream(&find_objects(&two)).is_empty());
    }
}
