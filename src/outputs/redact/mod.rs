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

pub mod request;

use serde_json::Value;

use crate::decode::jwt::Jwt;
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

/// Belt and braces: the signature of every token the paste holds (16 characters or more) replaced
/// by [`SIGNATURE_REMOVED`] wherever it still stands in an output (a token whose edges inside a
/// kept value differ from the paste's is not found there again by the request redaction).
pub fn without_signatures(text: String, report: &crate::report::Report) -> String {
    let mut out = text;
    for sig in report.tokens.iter().filter_map(|t| t.signature.as_ref()).map(|s| s.b64.as_str()) {
        if sig.len() >= 16 && out.contains(sig) {
            out = out.replace(sig, SIGNATURE_REMOVED);
        }
    }
    out
}
