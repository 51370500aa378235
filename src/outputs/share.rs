//! The share link: the state needed to reproduce a diagnosis, without any secret, in the URL
//! fragment (never the query, so it never reaches a server). It holds the error body, the
//! environment, the request as `redact` allows it (every value off its allow-lists `<redacted>`,
//! its name kept), and the client assertion's header and payload without the signature; values
//! equal to the API key are reduced to first/last 4. It keeps when the call was made and the
//! evidence for it (the answer's `Date:` header, the log line's time, the time typed), so the
//! recipient's verdict judges expiry at the same moment: none of them is a secret.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::decode::time::utc_iso;
use crate::extract::times::TimeSource;
use crate::facts::CallTimeSource;
use crate::outputs::redact::request::{redact_body_json, render_request, RequestRedaction};
use crate::outputs::redact::token_without_signature;
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
    /// The time of the failing call the user typed (unix seconds), which the recipient's page
    /// puts in its time field. (A `Date:` header or a log line's time is kept in the paste.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_at: Option<i64>,
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
    // When the call was made, as the paste said it: the time of its log line, then the status
    // with the answer's `Date:` header (the last one, as the core reads it).
    let call = &report.main.call;
    if let (Some(at), CallTimeSource::LogLine) = (call.at, call.source) {
        lines.extend(utc_iso(at as f64));
    }
    let date = report.times.iter().rev().find(|t| t.source == TimeSource::DateHeader).and_then(|t| http_date(t.at));
    match (report.status, date) {
        (Some(s), Some(d)) => lines.push(format!("HTTP/1.1 {s}\nDate: {d}")),
        (Some(s), None) => lines.push(format!("HTTP/1.1 {s}")),
        (None, Some(d)) => lines.push(format!("Date: {d}")),
        (None, None) => {}
    }
    if let Some(b) = report.main_body() {
        lines.push(serde_json::to_string(&redact_body_json(b, key)).unwrap_or_default());
    }
    let mut paste = crate::outputs::redact::without_signatures(lines.join("\n\n"), report);
    if let Some(k) = key.filter(|k| k.len() >= 8) {
        paste = paste.replace(k, &first_last_4(k));
    }
    let call_at = call.at.filter(|_| call.source == CallTimeSource::Field);
    Shared { paste, env, key: key.map(first_last_4), at: now, call_at }
}

/// `Thu, 09 Oct 2025 08:53:20 GMT` for unix seconds.
fn http_date(at: i64) -> Option<String> {
    let t = std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(u64::try_from(at).ok()?))?;
    Some(httpdate::fmt_http_date(t))
}

impl Shared {
    /// The context the link reopens with (the page builds the same from its fields): judged at
    /// the moment it was made, with the key as first/last 4, the call time it kept, and marked
    /// shared (signatures were removed).
    pub fn context(&self) -> crate::Context {
        let mut ctx = crate::Context::at(self.at);
        ctx.api_key = self.key.clone();
        ctx.environment = self.env;
        ctx.call_at = self.call_at;
        ctx.shared = true;
        ctx
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Context};
    use serde_json::Value;

    const NOW: i64 = 1_760_000_000;

    fn fixture(name: &str) -> Value {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap()
    }

    /// Every paste the examples and the fixtures hold, with the context it is judged in.
    fn cases() -> Vec<(String, String, Context)> {
        let key = crate::examples::FAKE_KEY;
        let mut out: Vec<(String, String, Context)> = crate::examples::examples(NOW)
            .into_iter()
            .map(|e| (format!("example {}", e.id), e.paste, Context::at(NOW).with_key(e.key)))
            .collect();
        for (name, case) in fixture("codes.json")["cases"].as_object().into_iter().flatten() {
            let mut ctx = Context::at(NOW).with_key(case["key"].as_str().unwrap_or(""));
            ctx.app_id = case["app_id"].as_str().map(String::from);
            ctx.environment = case["env"].as_str().and_then(crate::platform::Environment::from_label);
            out.push((format!("codes.json {name}"), case["paste"].as_str().unwrap_or("").to_string(), ctx));
        }
        for file in ["hygiene.json", "malformed.json"] {
            for case in fixture(file)["cases"].as_array().into_iter().flatten() {
                let input = case["input"].as_str().unwrap_or("").to_string();
                out.push((format!("{file} {}", case["name"]), input, Context::at(NOW).with_key(key)));
            }
        }
        for (name, case) in fixture("nhs/client_assertions.json")["cases"].as_object().into_iter().flatten() {
            let jwt = case["jwt"].as_str().unwrap_or("");
            let request = format!("curl -X POST https://int.api.service.nhs.uk/oauth2/token -d 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={jwt}'");
            out.push((format!("client_assertions.json {name}"), request.clone(), Context::at(NOW).with_key(key)));
            // The same with the gateway's answer and its Date: header (a moment after NOW).
            let answered = format!("{request}\nHTTP/1.1 400 Bad Request\nDate: Thu, 09 Oct 2025 08:58:27 GMT\n\n{{\"error\":\"invalid_request\",\"error_description\":\"Invalid exp claim in JWT - JWT has expired\"}}");
            out.push((
                format!("client_assertions.json {name} answered"),
                answered,
                Context::at(NOW + 86_400).with_key(key),
            ));
        }
        out
    }

    /// Verdicts that rest on what a link never carries, by design: the signature's bytes (a
    /// too-short or mismatching signature) and the public key typed beside the paste. The
    /// link's token is re-encoded from its decoded header and payload (`redact`), so a fault
    /// in the token's own encoding is not carried either (seen here; left to `redact`).
    fn rests_on_what_the_link_removes(name: &str, report: &Report) -> bool {
        use crate::vocab::ErrorId;
        matches!(
            report.verdict.entry,
            Some(
                ErrorId::SignatureVerificationFailed
                    | ErrorId::KidNoMatchingKey
                    | ErrorId::ClientAssertionMalformed
                    // The Bearer token's shape (a JWT): the link does not carry the token.
                    | ErrorId::FhirInvalidAccessToken
            )
        ) || name == "codes.json invisible-chars-in-value"
    }

    /// A share link reproduces the verdict: the headline its paste gets, with its key, its
    /// environment and its call time, is the original paste's.
    #[test]
    fn a_share_link_keeps_the_verdict_headline() {
        let (mut differ, mut compared) = (Vec::new(), 0);
        let all = cases();
        assert!(all.len() > 150, "{} cases", all.len());
        for (name, paste, ctx) in &all {
            let original = analyze(paste, ctx);
            if rests_on_what_the_link_removes(name, &original) {
                continue;
            }
            compared += 1;
            let link = encode(&shared(&original, ctx.api_key.as_deref(), ctx.environment, ctx.now));
            let state = decode(link.strip_prefix("share=").unwrap()).expect("decodes");
            let reopened = analyze(&state.paste, &state.context());
            if reopened.verdict.headline != original.verdict.headline || reopened.main.call != original.main.call {
                differ.push(format!(
                    "{name} ({:?}):\n  original: {}\n  via link: {}\n  link paste: {}",
                    original.main.call, original.verdict.headline, reopened.verdict.headline, state.paste
                ));
            }
        }
        assert!(compared > 100, "{compared} compared");
        assert!(differ.is_empty(), "{} of {compared} differ:\n{}", differ.len(), differ.join("\n"));
    }

    /// The field corpus (real pastes, each at its own moment): whatever else a link leaves out,
    /// the moment of the call it was judged at is the original's.
    #[test]
    fn a_share_link_keeps_the_call_time_of_every_field_case() {
        let dir = format!("{}/tests/field/cases", env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for path in std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()) {
            if path.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let c = &case["context"];
            let mut ctx = Context::at(c["now"].as_i64().unwrap_or(NOW));
            ctx.api_key = c["api_key"].as_str().map(String::from);
            ctx.environment = c["env"].as_str().and_then(crate::platform::Environment::from_label);
            ctx.call_at = c["call_at"].as_i64();
            let original = analyze(case["paste"].as_str().unwrap_or(""), &ctx);
            if !matches!(
                original.main.call.source,
                CallTimeSource::DateHeader | CallTimeSource::LogLine | CallTimeSource::Field
            ) {
                continue;
            }
            checked += 1;
            let state = shared(&original, ctx.api_key.as_deref(), ctx.environment, ctx.now);
            let reopened = analyze(&state.paste, &state.context());
            assert_eq!(reopened.main.call, original.main.call, "{}:\n{}", path.display(), state.paste);
        }
        assert!(checked >= 20, "{checked} field cases say when they were sent");
    }

    /// The time of the call survives the link, from each of its sources.
    #[test]
    fn the_call_time_and_its_evidence_are_kept() {
        let jwt = "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCIsImtpZCI6InRlc3QtMSJ9.eyJpc3MiOiJBYkNkRWZHaElqS2xNbk9wUXJTdFV2V3hZejAxMjM0NSIsInN1YiI6IkFiQ2RFZkdoSWpLbE1uT3BRclN0VXZXeFl6MDEyMzQ1IiwiYXVkIjoiaHR0cHM6Ly9pbnQuYXBpLnNlcnZpY2UubmhzLnVrL29hdXRoMi90b2tlbiIsImp0aSI6IjZiMmE2ZjBlLTNjMWQtNGI4ZS05ZjQ3LTJhMWM1ZDllOGI3MSIsImV4cCI6MTc2MDAwMDI0MH0.c2lnbmF0dXJl";
        let body = r#"{"error":"invalid_request","error_description":"Invalid exp claim in JWT - JWT has expired"}"#;
        let key = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
        // exp is 1760000240; sent 67 s after it, said by the Date: header; the link is made a day later.
        let paste = format!("{jwt}\nHTTP/1.1 401 Unauthorized\nDate: Thu, 09 Oct 2025 08:58:27 GMT\n\n{body}");
        let later = NOW + 86_400;
        let original = analyze(&paste, &Context::at(later).with_key(key));
        assert_eq!(original.main.call.at, Some(1_760_000_307));
        let state = shared(&original, Some(key), None, later);
        assert!(state.paste.contains("Date: Thu, 09 Oct 2025 08:58:27 GMT"), "{}", state.paste);
        let reopened = analyze(&state.paste, &state.context());
        assert_eq!(reopened.main.call, original.main.call);
        assert_eq!(reopened.verdict.headline, original.verdict.headline);
        // The time typed into the field travels beside the paste.
        let mut ctx = Context::at(later).with_key(key);
        ctx.call_at = Some(1_760_000_300);
        let original = analyze(&format!("{jwt}\n{body}"), &ctx);
        let state = shared(&original, Some(key), None, later);
        assert_eq!(state.call_at, Some(1_760_000_300));
        assert_eq!(analyze(&state.paste, &state.context()).main.call, original.main.call);
        // A log line's time, without the rest of the line.
        let log = format!("2025-10-09T08:58:27Z ERROR token call failed secret=hunter2\n{jwt}\n{body}");
        let original = analyze(&log, &Context::at(later).with_key(key));
        let state = shared(&original, Some(key), None, later);
        assert!(!state.paste.contains("hunter2"), "{}", state.paste);
        assert_eq!(analyze(&state.paste, &state.context()).main.call, original.main.call);
    }
}
