//! A request, a URL, a header, a JSON body as they may leave the page: every value off the
//! allow-lists replaced by [`REDACTED`], its name kept (spec §10 item 4).

use serde_json::Value;

use super::{field, first_last_4, header, redact_key_in, redact_text, Keep, AUTH_SCHEMES, REDACTED};
use crate::decode::request::{Request, RequestSource};

/// How a request's secrets are replaced.
pub struct RequestRedaction<'a> {
    pub key: Option<&'a str>,
    /// What a [`Keep::Token`] value (`client_assertion`, `subject_token`) becomes.
    pub assertion: &'a dyn Fn(&str) -> String,
}

impl RequestRedaction<'_> {
    /// A value kept under `keep`.
    fn value(&self, keep: Keep, v: &str) -> String {
        match keep {
            Keep::Value => replace_tokens(&redact_text(v, self.key), self),
            Keep::Token => (self.assertion)(v.trim()),
            Keep::Identifier if crate::platform::looks_like_guid(v) => v.to_string(),
            Keep::Identifier => first_last_4(v.trim()),
            Keep::Scheme => {
                let mut words = v.split_whitespace();
                match words.next() {
                    Some(s) if AUTH_SCHEMES.iter().any(|a| a.eq_ignore_ascii_case(s)) => match words.next() {
                        Some(_) => format!("{s} {REDACTED}"),
                        None => s.to_string(),
                    },
                    _ => REDACTED.to_string(),
                }
            }
        }
    }
}

/// A form field or JSON member name worth keeping: what APIs and forms use (letters, digits,
/// `_ - . : [ ] $`), at most 64 characters. Anything else (a bare value, text with spaces, a
/// value glued to a name) is not shown even as a name.
fn is_name(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':' | b'[' | b']' | b'$'))
}

/// A header name as HTTP defines one (a token of `tchar`s), at most 64 characters.
fn is_header_name(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `name=value&…` (a form body or a URL query) with every value off [`FIELDS`] redacted. A
/// part without `=` or with a name that is not a name is redacted whole.
fn redact_pairs(s: &str, how: &RequestRedaction) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|part| {
            let Some((name, value)) = url::form_urlencoded::parse(part.as_bytes()).next() else {
                return REDACTED.to_string();
            };
            if !part.contains('=') || !is_name(&name) {
                return REDACTED.to_string();
            }
            let v = match field(&name) {
                Some(keep) => how.value(keep, &value),
                None => REDACTED.to_string(),
            };
            // Keep markers readable: `<redacted JWT>` is not encoded.
            if v.starts_with('<') {
                format!("{}={v}", enc(&name))
            } else {
                format!("{}={}", enc(&name), enc(&v))
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A URL with its userinfo, query values off [`FIELDS`] and fragment redacted; the scheme, host
/// and path (the endpoint the diagnosis rests on) kept, the key and any JWT in them replaced.
pub fn redact_url(u: &str, how: &RequestRedaction) -> String {
    let (u, fragment) = match u.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (u, None),
    };
    let (u, query) = match u.split_once('?') {
        Some((u, q)) => (u, Some(q)),
        None => (u, None),
    };
    // `scheme:` then slashes (either way, as the URL parser reads them), then the authority;
    // else whatever stands before a `://` (a scheme mangled on the way: `$https://` from an
    // unread `$'…'`), or no scheme at all (`host/path`, as cURL takes it).
    let (head, rest) = match u.split_once(':') {
        Some((scheme, rest)) if !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphabetic()) => {
            let after = rest.trim_start_matches(['/', '\\']);
            u.split_at(u.len() - after.len())
        }
        _ => match u.find("://") {
            Some(i) => u.split_at(i + 3),
            None => ("", u),
        },
    };
    let mut out = head.to_string();
    let path = if head.is_empty() && (rest.is_empty() || rest.starts_with(['/', '\\'])) {
        rest
    } else {
        let end = rest.find(['/', '\\']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let host = match authority.rfind('@') {
            Some(at) => {
                out.push_str(&format!("{REDACTED}@"));
                &authority[at + 1..]
            }
            None => authority,
        };
        // The host as the path: a token or the key in it (a pasted URL can hold anything
        // there) is replaced too.
        out.push_str(&replace_tokens(&redact_text(host, how.key), how));
        &rest[end..]
    };
    out.push_str(&replace_tokens(&redact_text(path, how.key), how));
    if let Some(q) = query {
        out.push('?');
        out.push_str(&redact_pairs(q, how));
    }
    if fragment.is_some_and(|f| !f.is_empty()) {
        out.push('#');
        out.push_str(REDACTED);
    }
    out
}

/// One header with its value kept by [`HEADERS`] or redacted.
pub fn redact_header(name: &str, value: &str, how: &RequestRedaction) -> (String, String) {
    if !is_header_name(name.trim()) {
        return (REDACTED.into(), REDACTED.into());
    }
    let v = match header(name) {
        Some(keep) => how.value(keep, value),
        None => REDACTED.to_string(),
    };
    (name.trim().to_string(), v)
}

/// A JSON body with every member off [`FIELDS`] redacted (names kept, at any depth; an array
/// element is judged by the name of its array).
pub fn redact_json(v: &Value, how: &RequestRedaction) -> Value {
    fn walk(v: &Value, keep: Option<Keep>, how: &RequestRedaction) -> Value {
        match v {
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| match is_name(k) {
                        true => (k.clone(), walk(x, field(k), how)),
                        false => (REDACTED.to_string(), Value::String(REDACTED.into())),
                    })
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(|x| walk(x, keep, how)).collect()),
            Value::String(s) => match keep {
                Some(k) => Value::String(how.value(k, s)),
                None => Value::String(REDACTED.into()),
            },
            Value::Number(_) | Value::Bool(_) if keep == Some(Keep::Value) => v.clone(),
            Value::Null => Value::Null,
            _ => Value::String(REDACTED.into()),
        }
    }
    walk(v, None, how)
}

/// A request body: a form by [`redact_pairs`], JSON by [`redact_json`], multipart parts as
/// `-F` words the same way; anything else is redacted whole.
fn redact_body(r: &Request, body: &str, how: &RequestRedaction) -> Vec<String> {
    let quote = |s: &str| shell_words::quote(s).into_owned();
    if r.multipart {
        return body
            .split("; ")
            .map(|part| {
                let part = match part.split_once('=') {
                    Some((name, v)) if is_name(name) => match field(name).filter(|_| !v.starts_with(['@', '<'])) {
                        Some(keep) => format!("{name}={}", how.value(keep, v)),
                        None => format!("{name}={REDACTED}"),
                    },
                    _ => REDACTED.to_string(),
                };
                format!("-F {}", quote(&part))
            })
            .collect();
    }
    let trimmed = body.trim();
    let redacted = if r.json_body || trimmed.starts_with('{') || trimmed.starts_with('[') {
        match serde_json::from_str::<Value>(trimmed) {
            Ok(v) => serde_json::to_string(&redact_json(&v, how)).unwrap_or_else(|_| REDACTED.into()),
            // Still shaped as JSON, so the reopened link sees a JSON body.
            Err(_) => format!("{{{REDACTED}}}"),
        }
    } else if !r.form.is_empty() {
        redact_pairs(trimmed, how)
    } else {
        REDACTED.to_string()
    };
    vec![format!("--data-raw {}", quote(&redacted))]
}

/// A request rendered as a cURL command (or devtools lines) keeping only what the allow-lists
/// name; every other value is [`REDACTED`], its name kept.
pub fn render_request(r: &Request, how: &RequestRedaction) -> String {
    let url = r.url.as_deref().map(|u| redact_url(u, how)).unwrap_or_default();
    if matches!(r.source, Some(RequestSource::Devtools | RequestSource::Url)) && r.body.is_none() {
        let mut s = format!("Request URL: {url}");
        if let Some(m) = &r.method {
            s.push_str(&format!("\nMethod: {m}"));
        }
        return s;
    }
    let mut parts = vec!["curl".to_string()];
    if let Some(m) = r.method.as_deref().filter(|_| !r.method_implied) {
        parts.push(format!("-X {}", shell_words::quote(m)));
    }
    if !url.is_empty() {
        parts.push(shell_words::quote(&url).into_owned());
    }
    for h in &r.headers {
        let (name, value) = redact_header(&h.name, &h.value, how);
        parts.push(format!("-H {}", shell_words::quote(&format!("{name}: {value}"))));
    }
    let body = match (&r.body, r.form.is_empty()) {
        (Some(b), _) => Some(b.clone()),
        // A form known only by its fields.
        (None, false) => {
            let mut s = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in &r.form {
                s.append_pair(k, v);
            }
            Some(s.finish())
        }
        (None, true) => None,
    };
    // A body curl reads from a file: its name, not its content (which the paste does not show).
    for f in &r.body_files {
        parts.push(format!("--data-binary {}", shell_words::quote(&format!("@{f}"))));
    }
    if let Some(b) = body.filter(|b| !b.trim().is_empty()) {
        parts.extend(redact_body(r, &b, how));
    }
    parts.join(" \\\n  ")
}

/// Every JWT inside a text replaced as the redaction says (in a kept value, a URL's path).
fn replace_tokens(text: &str, how: &RequestRedaction) -> String {
    let mut out = text.to_string();
    for t in crate::extract::find_tokens(text) {
        if t.compact.starts_with("eyJ") && t.compact.contains('.') {
            out = out.replace(&t.compact, &(how.assertion)(&t.compact));
        }
    }
    out
}

/// A response body as the outputs show it. Error bodies (NHS, Apigee, OperationOutcome) are the
/// platform's own answer and kept (§10 item 6: the `message_id`; the error itself), the key
/// reduced. A token success body (§2, §14.5) keeps only its documented non-secret members; its
/// tokens (`refresh_token`, `id_token`, …) are redacted; `access_token` is already its length.
pub fn redact_body_json(b: &crate::decode::error_body::ErrorBody, key: Option<&str>) -> Value {
    use crate::decode::error_body::BodyKind;
    const SUCCESS_KEPT: &[&str] = &[
        "expires_in",
        "token_type",
        "issued_at",
        "issued_token_type",
        "refresh_token_expires_in",
        "refresh_count",
        "scope",
    ];
    let json = redact_key_in(&b.json, key);
    match (b.kind, json) {
        (BodyKind::TokenSuccess, Value::Object(o)) => Value::Object(
            o.into_iter()
                .map(|(k, v)| {
                    let length_marker = k == "access_token"
                        && v.as_str().is_some_and(|s| s.starts_with('<') && s.ends_with(" characters>"));
                    match SUCCESS_KEPT.contains(&k.as_str()) || length_marker {
                        true => (k, v),
                        false => (k, Value::String(REDACTED.into())),
                    }
                })
                .collect(),
        ),
        (_, json) => json,
    }
}

#[cfg(test)]
mod tests;
