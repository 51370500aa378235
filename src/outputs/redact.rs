//! Redaction shared by the ticket and the share link: the API key as first 4 + last 4, no
//! signatures, no client secrets, no Authorization values, no private keys (spec §10).

use serde_json::Value;

use crate::decode::jwt::Jwt;
use crate::decode::request::{Request, RequestSource};
use crate::platform::redact as first_last_4;

/// Marker for a removed signature: valid base64url (of the bytes "removed"), so a shared
/// token still decodes as three segments.
pub const SIGNATURE_REMOVED: &str = "cmVtb3ZlZA";

/// Replace every string equal to the key (also inside nested values) with its first/last 4.
pub fn redact_key_in(v: &Value, key: Option<&str>) -> Value {
    match (v, key) {
        (Value::String(s), Some(k)) if !k.is_empty() && (s == k || s.trim() == k.trim()) => {
            Value::String(first_last_4(k))
        }
        (Value::String(s), Some(k)) if k.len() >= 8 && s.contains(k) => Value::String(s.replace(k, &first_last_4(k))),
        (Value::Array(a), _) => Value::Array(a.iter().map(|x| redact_key_in(x, key)).collect()),
        (Value::Object(o), _) => Value::Object(o.iter().map(|(k2, x)| (k2.clone(), redact_key_in(x, key))).collect()),
        (other, _) => other.clone(),
    }
}

/// A token as `header.payload.<removed>`, with key values reduced to first/last 4.
pub fn token_without_signature(t: &Jwt, key: Option<&str>) -> String {
    use base64::Engine;
    let enc = |v: &Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_string(v).unwrap_or_default())
    };
    let part = |p: &crate::decode::jwt::Part| match (&p.json, &p.text) {
        (Some(j), _) => enc(&redact_key_in(j, key)),
        (None, Some(t)) => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(redact_text(t, key)),
        _ => p.b64.chars().take(512).collect(),
    };
    format!("{}.{}.{SIGNATURE_REMOVED}", part(&t.header), part(&t.payload))
}

/// Free text with the key reduced and private key blocks removed.
pub fn redact_text(s: &str, key: Option<&str>) -> String {
    let mut out = strip_private_keys(s);
    if let Some(k) = key.map(str::trim).filter(|k| k.len() >= 8) {
        out = out.replace(k, &first_last_4(k));
    }
    out
}

/// Remove `-----BEGIN … PRIVATE KEY-----` … `-----END … PRIVATE KEY-----` blocks.
pub fn strip_private_keys(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("-----BEGIN") {
        let head_end = rest[start..].find("-----\n").or_else(|| rest[start + 10..].find("-----").map(|i| i + 10));
        let is_private = rest[start..].lines().next().is_some_and(|l| l.contains("PRIVATE KEY"));
        if !is_private || head_end.is_none() {
            out.push_str(&rest[..start + 10]);
            rest = &rest[start + 10..];
            continue;
        }
        out.push_str(&rest[..start]);
        out.push_str("<private key removed>");
        match rest[start..].find("-----END") {
            Some(e) => {
                let after = start + e + 8;
                let close = rest[after..].find("-----").map(|i| after + i + 5).unwrap_or(rest.len());
                rest = &rest[close..];
            }
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// How a request's secrets are replaced.
pub struct RequestRedaction<'a> {
    pub key: Option<&'a str>,
    /// What `client_assertion` / `subject_token` become.
    pub assertion: &'a dyn Fn(&str) -> String,
}

/// A request rendered as a cURL command (or devtools lines), with secrets removed:
/// `client_secret` dropped, Authorization and apikey values masked, tokens replaced.
pub fn render_request(r: &Request, how: &RequestRedaction) -> String {
    let url = r.url.as_deref().map(|u| replace_tokens(&redact_text(u, how.key), how)).unwrap_or_default();
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
        let value = match h.name.to_ascii_lowercase().as_str() {
            "authorization" => {
                let scheme = h.value.split_whitespace().next().unwrap_or("");
                format!("{scheme} <removed>")
            }
            "apikey" | "x-api-key" | "cookie" => "<removed>".to_string(),
            _ => replace_tokens(&redact_text(&h.value, how.key), how),
        };
        parts.push(format!("-H {}", shell_words::quote(&format!("{}: {value}", h.name))));
    }
    if !r.form.is_empty() {
        let body: Vec<String> = r
            .form
            .iter()
            .filter(|(k, _)| k != "client_secret" && k != "password")
            .map(|(k, v)| {
                let v = match k.as_str() {
                    "client_assertion" | "subject_token" | "refresh_token" | "code" => (how.assertion)(v),
                    _ => replace_tokens(&redact_text(v, how.key), how),
                };
                let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
                // Keep markers readable: `<redacted JWT>` is not encoded.
                if v.starts_with('<') {
                    format!("{}={v}", enc(k))
                } else {
                    format!("{}={}", enc(k), enc(&v))
                }
            })
            .collect();
        parts.push(format!("--data-raw {}", shell_words::quote(&body.join("&"))));
        if r.form.iter().any(|(k, _)| k == "client_secret") {
            parts.push("# client_secret removed".to_string());
        }
    } else if let Some(b) = &r.body {
        parts.push(format!("--data-raw {}", shell_words::quote(&replace_tokens(&redact_text(b, how.key), how))));
    }
    parts.join(" \\\n  ")
}

/// Every JWT inside a text replaced as the redaction says (for JSON bodies, URLs, headers).
fn replace_tokens(text: &str, how: &RequestRedaction) -> String {
    let mut out = text.to_string();
    for t in crate::extract::find_tokens(text) {
        if t.compact.starts_with("eyJ") && t.compact.contains('.') {
            out = out.replace(&t.compact, &(how.assertion)(&t.compact));
        }
    }
    out
}
