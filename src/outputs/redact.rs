//! Redaction shared by the ticket and the share link, by allow-list (spec §10).
//!
//! A request leaves the page only with what the platform team asks for (§10 item 4: "the exact
//! cURL or HTTP request you are sending (with secrets removed)") and what reproduces the
//! diagnosis; everything else is replaced by [`REDACTED`], its name kept, so the reader still sees
//! *that* a field, header or parameter was sent, never its value. The lists are [`FIELDS`] (form
//! fields, and the same names in a URL query or a JSON body) and [`HEADERS`]; a name on neither
//! list is redacted, whatever it is called. A deny-list ("drop `client_secret`") misses the next
//! secret (`access_token`, `private_key`, `X-Auth-Token`, `Proxy-Authorization`, a secret in a
//! URL's query or userinfo): an allow-list cannot.
//!
//! Besides: the API key as first 4 + last 4 wherever it appears (§10 item 2), no JWT signature
//! (item 3), no private key block, and a name that does not look like a name (a bare value, a
//! value glued to its name, a header without `:`) redacted with its value.

use serde_json::Value;

use crate::decode::jwt::Jwt;
use crate::decode::request::{Request, RequestSource};
use crate::platform::redact as first_last_4;

/// Marker for a removed signature: valid base64url (of the bytes "removed"), so a shared
/// token still decodes as three segments.
pub const SIGNATURE_REMOVED: &str = "cmVtb3ZlZA";

/// What replaces a value that is not on an allow-list.
pub const REDACTED: &str = "<redacted>";

/// What an allowed name keeps of its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// The value as written (the API key inside it still reduced to first/last 4, a JWT inside
    /// it replaced as a token).
    Value,
    /// A JWT: its header and payload at most, never its signature (the share link keeps
    /// `header.payload.<removed>`, the ticket `<redacted JWT>`).
    Token,
    /// The API key or the Application ID: a GUID as written (the Application ID, §10 item 1),
    /// anything else as first 4 + last 4 (the API key, item 2).
    Identifier,
    /// `Authorization`: the scheme (`Basic`, `Bearer`, … from [`AUTH_SCHEMES`]) and never the
    /// credentials; a first word that is not a known scheme is redacted too.
    Scheme,
}

/// The form fields the ticket and the share link keep, and how (the same names in a URL query
/// or a JSON body). Each is what the gateway checks or what identifies the flow:
///
/// - `grant_type`, `client_assertion_type` (§2): the flow and the exact URN the gateway compares;
/// - `client_assertion` (§2, §10 item 3): the JWT, header and payload only;
/// - `client_id` (§2, F-8476 "it must equal your API key"): first/last 4, or the Application ID;
/// - `scope`, `_access_token_expiry_ms` (§2): what was asked for, how long (not secret);
/// - `subject_token_type`, `subject_token`, `requested_token_type` (§5.4 token exchange): the
///   id_token's header and payload, never its signature;
/// - `response_type`, `redirect_uri`, `acr_values` (§5.4 authorize, §14.1): what the flow was.
///
/// Not kept: `client_secret`, `password`, `code`, `code_verifier`, `refresh_token`,
/// `access_token`, `private_key`, `state` and every other name.
pub const FIELDS: &[(&str, Keep)] = &[
    ("grant_type", Keep::Value),
    ("client_assertion_type", Keep::Value),
    ("client_assertion", Keep::Token),
    ("client_id", Keep::Identifier),
    ("scope", Keep::Value),
    ("_access_token_expiry_ms", Keep::Value),
    ("subject_token_type", Keep::Value),
    ("subject_token", Keep::Token),
    ("requested_token_type", Keep::Value),
    ("response_type", Keep::Value),
    ("redirect_uri", Keep::Value),
    ("acr_values", Keep::Value),
];

/// The headers the ticket and the share link keep (names compared without case), and how:
///
/// - `Content-Type` (§2: exactly `application/x-www-form-urlencoded`, else 415), `Accept`;
/// - `Host` (§1.3: the environment a raw HTTP request went to);
/// - `X-Request-ID`, `X-Correlation-ID` (§14.4, §14.2: what the platform team finds a call by);
/// - `NHSD-End-User-Organisation-ODS` (§14.2: "header sent, error says it is missing"; an
///   organisation code, public);
/// - `Authorization` (§10: "strip any Authorization value"): its scheme only, which the
///   diagnosis rests on (a Basic header on the token call, an API called without Bearer);
/// - `apikey`, `X-API-Key` (§10 item 2, §6.3): first/last 4, or the Application ID.
///
/// Not kept: `Cookie`, `Proxy-Authorization`, `X-Auth-Token`, `User-Agent` and every other name.
pub const HEADERS: &[(&str, Keep)] = &[
    ("content-type", Keep::Value),
    ("accept", Keep::Value),
    ("host", Keep::Value),
    ("x-request-id", Keep::Value),
    ("x-correlation-id", Keep::Value),
    ("nhsd-end-user-organisation-ods", Keep::Value),
    ("authorization", Keep::Scheme),
    ("apikey", Keep::Identifier),
    ("x-api-key", Keep::Identifier),
];

/// Authorization schemes (IANA's HTTP Authentication Scheme Registry, and AWS's), kept as
/// written; any other first word of an Authorization value may be the credential itself.
pub const AUTH_SCHEMES: &[&str] = &[
    "Basic",
    "Bearer",
    "Digest",
    "DPoP",
    "HOBA",
    "Mutual",
    "Negotiate",
    "NTLM",
    "OAuth",
    "PrivateToken",
    "SCRAM-SHA-1",
    "SCRAM-SHA-256",
    "vapid",
    "AWS4-HMAC-SHA256",
];

/// How a form field, a query parameter or a JSON member of this name is kept (`None`: redacted).
pub fn field(name: &str) -> Option<Keep> {
    FIELDS.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
}

/// How a header of this name is kept (`None`: redacted).
pub fn header(name: &str) -> Option<Keep> {
    HEADERS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name.trim())).map(|(_, k)| *k)
}

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
    if let Some(b) = body.filter(|b| !b.trim().is_empty()) {
        parts.extend(redact_body(r, &b, how));
    }
    parts.join(" \\\n  ")
}

/// Belt and braces: the signature of every token the paste holds (16 characters or more) replaced
/// by [`SIGNATURE_REMOVED`] wherever it still stands in an output (a token whose edges inside a
/// kept value differ from the paste's is not found there again by [`replace_tokens`]).
pub fn without_signatures(text: String, report: &crate::report::Report) -> String {
    let mut out = text;
    for sig in report.tokens.iter().filter_map(|t| t.signature.as_ref()).map(|s| s.b64.as_str()) {
        if sig.len() >= 16 && out.contains(sig) {
            out = out.replace(sig, SIGNATURE_REMOVED);
        }
    }
    out
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
mod tests {
    use super::*;
    use crate::decode::request::{parse_curl, parse_http};
    use crate::vocab::Span;

    const SPAN: Span = Span { start: 0, end: 0 };
    const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    fn how() -> RequestRedaction<'static> {
        RequestRedaction { key: Some(KEY), assertion: &|_| "<redacted JWT>".to_string() }
    }

    fn curl(args: &str) -> String {
        render_request(&parse_curl(&format!("curl {args}"), SPAN), &how())
    }

    #[test]
    fn form_fields_off_the_list_are_redacted_with_their_names() {
        let out = curl(
            "https://int.api.service.nhs.uk/oauth2/token -d 'grant_type=client_credentials&client_secret=S3cr3t1&access_token=S3cr3t2&private_key=S3cr3t3&password=S3cr3t4&refresh_token=S3cr3t5&code=S3cr3t6&scope=urn%3Anhsd%3Aapim&client_assertion=eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJ4In0.c2ln'",
        );
        for n in 1..=6 {
            assert!(!out.contains(&format!("S3cr3t{n}")), "{out}");
        }
        for kept in [
            "grant_type=client_credentials",
            "client_secret=<redacted>",
            "access_token=<redacted>",
            "private_key=<redacted>",
            "password=<redacted>",
            "refresh_token=<redacted>",
            "code=<redacted>",
            "scope=urn%3Anhsd%3Aapim",
            "client_assertion=<redacted JWT>",
        ] {
            assert!(out.contains(kept), "{kept}: {out}");
        }
    }

    #[test]
    fn a_bare_value_or_a_strange_name_in_a_form_is_redacted_whole() {
        let out = curl("https://x.example/token -d 'grant_type=client_credentials&S3cr3tBare&we ird=S3cr3tV'");
        assert!(!out.contains("S3cr3t"), "{out}");
        assert!(out.contains("grant_type=client_credentials&<redacted>&<redacted>"), "{out}");
    }

    #[test]
    fn client_id_and_apikey_show_first_last_4_or_the_application_id() {
        let out = curl(&format!(
            "https://x.example/token -H 'apikey: {KEY}' -d 'client_id=ZyXwVuTsRqPoNmLkJiHgFeDcBa987654'"
        ));
        assert!(out.contains("apikey: AbCd…2345"), "{out}");
        assert!(out.contains("client_id=ZyXw%E2%80%A67654"), "{out}");
        let guid = "3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c";
        assert!(curl(&format!("https://x.example/token -d 'client_id={guid}'")).contains(guid));
    }

    #[test]
    fn query_values_off_the_list_are_redacted() {
        let out = curl("'https://int.api.service.nhs.uk/oauth2/token?client_secret=S3cr3t1&grant_type=client_credentials&x=S3cr3t2&S3cr3t3'");
        assert!(!out.contains("S3cr3t"), "{out}");
        assert!(
            out.contains(
                "/oauth2/token?client_secret=<redacted>&grant_type=client_credentials&x=<redacted>&<redacted>"
            ),
            "{out}"
        );
    }

    #[test]
    fn devtools_request_url_with_a_secret_in_its_query() {
        let r = crate::decode::request::from_url(
            "https://int.api.service.nhs.uk/oauth2/token?client_secret=S3cr3t1",
            Some("POST"),
            RequestSource::Devtools,
            SPAN,
        );
        let out = render_request(&r, &how());
        assert_eq!(
            out,
            "Request URL: https://int.api.service.nhs.uk/oauth2/token?client_secret=<redacted>\nMethod: POST"
        );
    }

    #[test]
    fn userinfo_and_fragment_are_redacted() {
        let out = redact_url("https://app:S3cr3t1@int.api.service.nhs.uk/oauth2/token#access_token=S3cr3t2", &how());
        assert_eq!(out, "https://<redacted>@int.api.service.nhs.uk/oauth2/token#<redacted>");
        assert_eq!(redact_url("https:\\\\u:S3cr3t@host/p", &how()), "https:\\\\<redacted>@host/p");
        assert_eq!(redact_url("/oauth2/token?grant_type=x", &how()), "/oauth2/token?grant_type=x");
        assert_eq!(redact_url("$https://u:S3cr3t@host/p", &how()), "$https://<redacted>@host/p");
        assert_eq!(redact_url("u:S3cr3t@host/p", &how()), "u:<redacted>@host/p");
        assert_eq!(redact_url("S3cr3t@host/p", &how()), "<redacted>@host/p");
    }

    #[test]
    fn headers_off_the_list_are_redacted_and_authorization_keeps_its_scheme() {
        let out = curl(
            "https://x.example/token -H 'Proxy-Authorization: Basic S3cr3t1' -H 'X-Auth-Token: S3cr3t2' -H 'Cookie: s=S3cr3t3' -H 'Authorization: Bearer S3cr3t4' -H 'X-Request-ID: 60E0B220-8136-4CA5-AE46-1D97EF59D068' -H 'Content-Type: application/x-www-form-urlencoded' -u app:S3cr3t5",
        );
        assert!(!out.contains("S3cr3t"), "{out}");
        for kept in [
            "Proxy-Authorization: <redacted>",
            "X-Auth-Token: <redacted>",
            "Cookie: <redacted>",
            "Authorization: Bearer <redacted>",
            "Authorization: Basic <redacted>",
            "X-Request-ID: 60E0B220-8136-4CA5-AE46-1D97EF59D068",
            "Content-Type: application/x-www-form-urlencoded",
        ] {
            assert!(out.contains(kept), "{kept}: {out}");
        }
        // A first word that is no scheme may be the credential itself.
        assert!(curl("https://x.example/ -H 'Authorization: S3cr3t6'").contains("Authorization: <redacted>"));
        let (name, value) = redact_header("X Weird S3cr3t", "v", &how());
        assert_eq!((name.as_str(), value.as_str()), ("<redacted>", "<redacted>"));
    }

    #[test]
    fn json_body_members_off_the_list_are_redacted_at_any_depth() {
        let out = curl(
            r#"https://x.example/token --json '{"grant_type":"client_credentials","client_secret":"S3cr3t1","nested":{"private_key":"S3cr3t2","list":["S3cr3t3",4]},"scope":["a","b"],"n":7}'"#,
        );
        assert!(!out.contains("S3cr3t") && !out.contains(":7"), "{out}");
        assert!(out.contains(r#"{"grant_type":"client_credentials","client_secret":"<redacted>","nested":{"private_key":"<redacted>","list":["<redacted>","<redacted>"]},"scope":["a","b"],"n":"<redacted>"}"#), "{out}");
        // Not valid JSON: nothing of it, still shaped as JSON.
        assert!(curl(r#"https://x.example/ --json '{"client_secret": S3cr3t'"#).contains("--data-raw '{<redacted>}'"));
    }

    #[test]
    fn raw_http_and_other_bodies() {
        let r = parse_http(
            "POST /oauth2/token HTTP/1.1\r\nHost: int.api.service.nhs.uk\r\nX-Auth-Token: S3cr3t1\r\nContent-Type: text/plain\r\n\r\nS3cr3t2",
            SPAN,
        );
        let out = render_request(&r, &how());
        assert!(!out.contains("S3cr3t"), "{out}");
        assert!(out.contains(" https://int.api.service.nhs.uk/oauth2/token \\\n"), "{out}");
        assert!(out.contains("--data-raw '<redacted>'"), "{out}");
        let out = curl("https://x.example/ -F 'client_secret=S3cr3t1' -F 'grant_type=client_credentials' -F 'key=@/home/me/S3cr3t.pem'");
        assert!(!out.contains("S3cr3t"), "{out}");
        for kept in ["-F 'client_secret=<redacted>'", "-F 'grant_type=client_credentials'", "-F 'key=<redacted>'"] {
            assert!(out.contains(kept), "{kept}: {out}");
        }
    }

    #[test]
    fn a_token_success_body_keeps_only_its_documented_members() {
        let found = crate::extract::json::find_objects(
            r#"{"access_token":"S3cr3t1","refresh_token":"S3cr3t2","id_token":"S3cr3t3","expires_in":"599","token_type":"Bearer"}"#,
        );
        let body = crate::decode::error_body::classify(&found[0]).unwrap();
        let out = redact_body_json(&body, None).to_string();
        assert!(!out.contains("S3cr3t"), "{out}");
        assert!(out.contains(r#""expires_in":"599""#) && out.contains(r#""access_token":"<7 characters>""#), "{out}");
    }
}
