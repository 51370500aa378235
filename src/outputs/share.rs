//! The share link: the state needed to reproduce a diagnosis, without any secret, in the URL
//! fragment (never the query, so it never reaches a server). It holds the error body, the
//! environment, the request as `redact` allows it (every value off its allow-lists `<redacted>`,
//! its name kept), and the client assertion's header and payload without the signature; values
//! equal to the API key are reduced to first/last 4.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::outputs::redact::{redact_body_json, render_request, token_without_signature, RequestRedaction};
use crate::platform::redact as first_last_4;
use crate::platform::Environment;
use crate::report::Report;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    /// A paste rebuilt from the redacted parts: request, tokens, status, error body.
    pub paste: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<Environment>,
    /// The API key as first/last 4, when one was entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// When the diagnosis was made (unix seconds): time checks are judged at this moment.
    pub at: i64,
}

/// Build the shared state from a report.
pub fn shared(report: &Report, key: Option<&str>, env: Option<Environment>, now: i64) -> Shared {
    let key = key.map(str::trim).filter(|k| !k.is_empty());
    let mut lines: Vec<String> = Vec::new();
    let tok = |t: &str| {
        report
            .tokens
            .iter()
            .find(|x| x.compact == t)
            .map(|x| token_without_signature(x, key))
            .unwrap_or_else(|| "<removed>".into())
    };
    // The main request, the client assertion and the error: what the diagnosis rests on. (A
    // paste holding thousands of requests would make a link no one can share.)
    let redaction = RequestRedaction { key, assertion: &tok };
    let request = report.main_request();
    let rendered = request.map(|r| render_request(r, &redaction));
    if let Some(t) = report.client_assertion() {
        // Sent under a name the allow-list redacts (or not in the request at all): given apart.
        let cut = token_without_signature(t, key);
        let in_request = rendered.as_ref().is_some_and(|r| r.contains(&cut));
        lines.extend(rendered);
        if !in_request {
            lines.push(cut);
        }
    } else {
        lines.extend(rendered);
    }
    if let Some(s) = report.status {
        lines.push(format!("HTTP/1.1 {s}"));
    }
    if let Some(b) = report.main_body() {
        lines.push(serde_json::to_string(&redact_body_json(b, key)).unwrap_or_default());
    }
    let mut paste = crate::outputs::redact::without_signatures(lines.join("\n\n"), report);
    if let Some(k) = key.filter(|k| k.len() >= 8) {
        paste = paste.replace(k, &first_last_4(k));
    }
    Shared { paste, env, key: key.map(first_last_4), at: now }
}

/// `share=<base64url(JSON)>`, to put after `#`.
pub fn encode(s: &Shared) -> String {
    format!("share={}", URL_SAFE_NO_PAD.encode(serde_json::to_vec(s).unwrap_or_default()))
}

/// Read a `share=` value back; `None` when it is not one of ours.
pub fn decode(value: &str) -> Option<Shared> {
    let bytes = URL_SAFE_NO_PAD.decode(value.trim().trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}
