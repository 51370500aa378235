//! Auth Triage: why did the NHS England API Platform reject this token request?
//!
//! The flow, one folder each: `paste` (find what the paste holds) → `decode` (tokens, error
//! bodies, requests) → `rules` (one file per problem) → `predict` (the gateway's answer) →
//! `catalogue` (what each finding and error means). `analyze` is the one entry point: pure,
//! total, and clock-free. The Yew shell (`ui`, feature `web`) only renders its `Report`.

pub mod catalogue;
pub mod context;
pub mod decode;
pub mod paste;
pub mod platform;
pub mod predict;
pub mod report;
pub mod rules;

#[cfg(feature = "web")]
pub mod ui;

pub use catalogue::Code;
pub use context::Context;
pub use report::{Finding, Report, Severity};

use decode::time::TimeClaim;

/// Pastes larger than this are cut (on a character boundary) and the report says so.
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// Analyse a paste. Never panics, never fails, never reads the clock: what cannot be read is a
/// finding, and every problem is collected.
pub fn analyze(input: &str, ctx: &Context) -> Report {
    let mut report = Report::default();
    let input = cap(input, &mut report);

    for found in paste::find_tokens(input) {
        let mut findings = Vec::new();
        let mut jwt = decode::jwt::decode(&found.compact, &|i| found.origin(i), &mut findings);
        jwt.role = found.role;
        jwt.times = ["exp", "iat", "nbf"]
            .iter()
            .filter_map(|name| jwt.claim(name).and_then(|v| TimeClaim::read(name, v, ctx.now)))
            .collect();
        if !found.cleaned.is_empty() {
            let what: Vec<String> = found.cleaned.iter().map(|c| c.describe()).collect();
            report.push(Finding::new(Code::PasteCleaned, format!("Before decoding, the page {}.", join_and(&what))).span(jwt.span));
            report.cleaned.extend(found.cleaned.iter().cloned());
        }
        report.findings.extend(findings);
        report.found.push(match jwt.kind {
            decode::jwt::Kind::Jwe => "JWE".to_string(),
            _ => "JWT".to_string(),
        });
        report.tokens.push(jwt);
    }

    let facts = rules::Facts { ctx, tokens: &report.tokens, requests: &report.requests, error_bodies: &report.error_bodies };
    let findings = rules::run(&facts);
    report.findings.extend(findings);

    if report.found.is_empty() && !input.trim().is_empty() {
        report.push(Finding::new(
            Code::NothingRecognised,
            "Nothing here looks like a JWT, an error body or a request. Paste the client_assertion JWT, the response body, or the request.",
        ));
    }
    report
}

fn cap<'a>(input: &'a str, report: &mut Report) -> &'a str {
    if input.len() <= MAX_INPUT_BYTES {
        return input;
    }
    let mut end = MAX_INPUT_BYTES;
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    report.cleaned.push(paste::Cleanup { what: paste::CleanupKind::Truncated, count: end });
    report.push(Finding::new(
        Code::InputTruncated,
        format!("The paste is {} bytes; only the first {end} were analysed.", input.len()),
    ));
    &input[..end]
}

/// "a, b and c"
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
