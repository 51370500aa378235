//! The support ticket the platform team asks for (spec §10, F-8476), redacted: the API key as
//! first/last 4, the JWT without its signature, the request keeping only the fields and headers
//! `redact` allows (every other value `<redacted>`, its name kept).

use crate::outputs::redact::redact_key_in;
use crate::outputs::redact::request::{redact_body_json, render_request, RequestRedaction};
use crate::platform::redact as first_last_4;
use crate::report::Report;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TicketInput {
    pub app_name: Option<String>,
    pub app_id: Option<String>,
    pub api_key: Option<String>,
    /// The time of a failing call as the user typed it (ISO-8601, UTC); empty when not given.
    /// The ticket shows it only when it reads as a time, else the paste's time, else "(fill in)".
    pub failed_at: String,
}

pub fn ticket(report: &Report, input: &TicketInput) -> String {
    let key = input.api_key.as_deref().map(str::trim).filter(|k| !k.is_empty());
    let env = report.environment().map(|e| e.name()).unwrap_or("(say which environment)");
    let fill = |v: &Option<String>| {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(String::from).unwrap_or_else(|| "(fill in)".into())
    };
    let mut t = String::new();
    let error = report
        .main_body()
        .and_then(|b| b.error_description.clone().or(b.faultstring.clone()).or(b.diagnostics.clone()))
        .or_else(|| report.predicted.as_ref().map(|p| p.headline()))
        .unwrap_or_else(|| "token request failing".into());
    t.push_str(&format!("Subject: {env}: {error}\n"));
    t.push_str(&format!("To: {}\n\n", addressee(report)));
    t.push_str(&format!(
        "1. Application name: {}\n   Application ID: {}\n   Environment: {env}\n",
        fill(&input.app_name),
        fill(&input.app_id)
    ));
    t.push_str(&format!(
        "2. API key (first/last 4 characters only): {}\n",
        key.map(first_last_4).unwrap_or_else(|| "(not entered)".into())
    ));
    t.push_str("3. JWT header and payload (signature removed):\n");
    match report.client_assertion() {
        Some(tok) => {
            for (name, part) in [("header", &tok.header), ("payload", &tok.payload)] {
                let shown = match (&part.json, &part.text) {
                    (Some(j), _) => serde_json::to_string_pretty(&redact_key_in(j, key)).unwrap_or_default(),
                    (None, Some(text)) => crate::outputs::redact::redact_text(text, key),
                    _ => "(could not be decoded)".into(),
                };
                t.push_str(&format!("   {name}:\n{}\n", indent(&shown, "   ")));
            }
        }
        None => t.push_str("   (no JWT in the paste)\n"),
    }
    t.push_str("4. Request (secrets removed):\n");
    let redaction = RequestRedaction { key, assertion: &|_| "<redacted JWT>".to_string() };
    match report.main_request() {
        Some(r) => t.push_str(&format!("{}\n", indent(&render_request(r, &redaction), "   "))),
        None => t.push_str("   (no request in the paste)\n"),
    }
    t.push_str(&format!("5. Time of a failing call (UTC): {}\n", call_time(report, &input.failed_at)));
    let message_id = report.main_body().and_then(|b| b.message_id.clone());
    t.push_str(&format!("6. message_id: {}\n", message_id.unwrap_or_else(|| "(none in the response)".into())));
    t.push_str("7. Response:\n");
    match report.main_body() {
        Some(b) => {
            let status = report.status.map(|s| format!("   HTTP {s}\n")).unwrap_or_default();
            let body = serde_json::to_string_pretty(&redact_body_json(b, key)).unwrap_or_default();
            t.push_str(&format!("{status}{}\n", indent(&body, "   ")));
        }
        None => t.push_str("   (no error body in the paste)\n"),
    }
    if let Some(d) = report.diagnosis.first() {
        t.push_str(&format!("\nAuth Triage's reading: {} — {}\n", d.title, d.summary));
    }
    // Belt and braces: whatever path a value took, the full key and a signature never leave.
    let t = crate::outputs::redact::without_signatures(t, report);
    match key {
        Some(k) if k.len() >= 8 => t.replace(k, &first_last_4(k)),
        _ => t,
    }
}

/// Item 5: the time the user gave (when it reads as one), else the one the paste shows (a
/// `Date:` header, a log line), else "(fill in)" — never the moment of pasting.
fn call_time(report: &Report, typed: &str) -> String {
    use crate::facts::CallTimeSource;
    if let Ok(at) = crate::decode::time::parse_call_time(typed) {
        return crate::decode::time::utc_iso(at as f64).unwrap_or_default();
    }
    let call = &report.main.call;
    match (call.at, call.source) {
        (Some(at), CallTimeSource::DateHeader | CallTimeSource::LogLine) => {
            format!("{} (from {})", crate::decode::time::utc_iso(at as f64).unwrap_or_default(), call.describe())
        }
        _ => "(fill in)".into(),
    }
}

/// Which team the ticket goes to, and why: an API's own answer (its set-up for the app, or not
/// about authentication) goes to that API's team; the token endpoint, an API's authentication
/// and rate limits to the API Platform team.
pub fn addressee(report: &Report) -> String {
    use crate::catalogue::Journey;
    let journey = report.verdict.entry.map(|e| e.entry().journey);
    match journey {
        Some(Journey::AfterToken) => "the API's own team (through the developer portal's support for that API), not \
                                      the API Platform team: the token was accepted, and this API's set-up for your \
                                      app is theirs"
            .into(),
        Some(Journey::AccessRule) => "the API's own team, not the API Platform team: the token was accepted, and \
                                      which calls this API opens to which kind of token is theirs"
            .into(),
        Some(Journey::NotAuth) => "the API's own team, not the API Platform team: this is the API's answer about the \
                                   request, not about authentication"
            .into(),
        _ => "the API Platform team (NHS developer help and support): the platform's token endpoint or gateway \
              answered"
            .into(),
    }
}

fn indent(s: &str, pad: &str) -> String {
    s.lines().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n")
}
