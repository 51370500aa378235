//! Auth Triage: why did the NHS England API Platform reject this token request?
//!
//! The flow, one folder each: `paste` (find what the paste holds) → `decode` (tokens, error
//! bodies, requests) → `rules` (one file per problem) → `predict` (the gateway's answer) →
//! `catalogue` (what each finding and error means). `analyze` is the one entry point: pure,
//! total, and clock-free. The Yew shell (`ui`, feature `web`) only renders its `Report`.

pub mod catalogue;
pub mod context;
pub mod decode;
pub mod diagnose;
pub mod examples;
pub mod keys;
pub mod paste;
pub mod outputs;
pub mod platform;
pub mod predict;
pub mod report;
pub mod rules;
pub mod team_notes;
#[cfg(not(target_arch = "wasm32"))]
pub mod twin;

#[cfg(feature = "web")]
pub mod ui;

pub use catalogue::Code;
pub use context::Context;
pub use report::{Finding, Report, Severity};

use decode::jwt::Role;
use decode::time::TimeClaim;

/// Pastes larger than this are cut (on a character boundary) and the report says so. 64 KiB
/// holds any forum post, request, response and RSA-4096 token many times over, and keeps a
/// paste → verdict within a frame even when the paste is a whole log file.
pub const MAX_INPUT_BYTES: usize = 64 << 10;

/// Analyse a paste. Never panics, never fails, never reads the clock: what cannot be read is a
/// finding, and every problem is collected.
pub fn analyze(input: &str, ctx: &Context) -> Report {
    let mut report = Report::default();
    let input = cap(input, ctx.pasted_len, &mut report);

    // paste → decode: tokens, error bodies, requests, status.
    for found in paste::find_tokens(input) {
        let mut findings = Vec::new();
        let mut jwt = decode::jwt::decode(&found.compact, &|i| found.origin(i), &mut findings);
        jwt.role = found.role;
        if jwt.role == Role::Unknown && jwt.claim_str("aud").is_some_and(|a| a.contains("/oauth2")) {
            jwt.role = Role::ClientAssertion;
        }
        jwt.times = time_claims(&jwt, ctx.now);
        if !found.cleaned.is_empty() {
            let what: Vec<String> = found.cleaned.iter().map(|c| c.describe()).collect();
            report.push(Finding::new(Code::PasteCleaned, format!("Before decoding, the page {}.", join_and(&what))).span(jwt.span));
            report.cleaned.extend(found.cleaned.iter().cloned());
        }
        report.findings.extend(findings);
        report.found.push(match (jwt.kind, jwt.role) {
            (decode::jwt::Kind::Jwe, _) => "JWE".to_string(),
            (_, Role::ClientAssertion) => "client assertion JWT".to_string(),
            (_, Role::AccessToken) => "access token (JWT)".to_string(),
            (_, Role::SubjectToken) => "subject token (JWT)".to_string(),
            _ => "JWT".to_string(),
        });
        report.tokens.push(jwt);
    }
    // A paste that is nothing but tokens needs no further search.
    let mut covered = 0;
    let tokens_only = !report.tokens.is_empty()
        && report.tokens.iter().all(|t| {
            let gap = input.get(covered..t.span.start).unwrap_or("");
            covered = t.span.end.max(covered);
            gap.trim().is_empty()
        })
        && input.get(covered..).unwrap_or("").trim().is_empty();
    if !tokens_only {
        for key in keys::parse::pem_keys(input) {
            report.found.push(key.source.label().to_string());
            report.keys.push(key);
        }
        for found in paste::json::find_objects(input) {
            let found_keys = keys::parse::json_keys(&found);
            if !found_keys.is_empty() {
                report.found.push(match found_keys[0].source {
                    keys::KeySource::Jwks => format!("JWKS ({} key{})", found_keys.len(), if found_keys.len() == 1 { "" } else { "s" }),
                    other => other.label().to_string(),
                });
                report.keys.extend(found_keys);
                continue;
            }
            if let Some(body) = decode::error_body::classify(&found) {
                if !body.repaired.is_empty() {
                    let what: Vec<String> = body.repaired.iter().map(|c| c.describe()).collect();
                    report.push(Finding::new(Code::BodyRepaired, format!("The {} had forum formatting: the page {}.", body.kind.label(), join_and(&what))).span(body.span));
                }
                report.found.push(body.kind.label().to_string());
                report.error_bodies.push(body);
            }
        }
        if report.error_bodies.is_empty() {
            for body in decode::error_body::quoted(input) {
                report.found.push(body.kind.label().to_string());
                report.error_bodies.push(body);
            }
        }
        for request in paste::requests::find_requests(input) {
            // The form field is the authority on what the client assertion is, found or not.
            for (field, role) in [("client_assertion", Role::ClientAssertion), ("subject_token", Role::SubjectToken)] {
                let Some(value) = request.form_value(field).filter(|v| !v.is_empty()) else { continue };
                if let Some(t) = report.tokens.iter_mut().find(|t| t.compact == value) {
                    t.role = role;
                    continue;
                }
                let base = input.find(value).or(request.span.map(|s| s.start)).unwrap_or(0);
                let exact = input.get(base..base + value.len()) == Some(value);
                let origin = |i: usize| if exact { base + i } else { base };
                let mut findings = Vec::new();
                let mut jwt = decode::jwt::decode(value, &origin, &mut findings);
                jwt.role = role;
                jwt.times = time_claims(&jwt, ctx.now);
                report.findings.extend(findings);
                report.tokens.push(jwt);
            }
            let env = request.parsed_url().and_then(|u| u.host_str().and_then(platform::Environment::from_host));
            let what = request.source.map(|s| s.label()).unwrap_or("request");
            report.found.push(match env {
                Some(e) => format!("{what} to {}", e.name()),
                None => what.to_string(),
            });
            report.requests.push(request);
        }
        report.status = paste::requests::find_status(input);
    }

    // Keys from the key field, then what they say about the assertion's signature.
    if let Some(text) = ctx.keys_text.as_deref().filter(|t| !t.trim().is_empty()) {
        let before = report.keys.len();
        report.keys.extend(keys::parse::keys_in(text));
        if report.keys.len() == before {
            report.push(Finding::new(Code::KeyUnreadable, "The key field holds no PEM key, certificate, JWK or JWKS that could be read."));
        }
    }
    keys::lint::lint(&report.keys, &mut report.findings);

    report.found = count_repeats(std::mem::take(&mut report.found));

    // check → predict → explain.
    let facts = rules::Facts {
        ctx,
        tokens: &report.tokens,
        requests: &report.requests,
        error_bodies: &report.error_bodies,
        verification: rules::Verification::Unknown,
    };
    let mut verification = rules::Verification::Unknown;
    if let Some(t) = facts.assertion() {
        let mut found = Vec::new();
        let plan = keys::verify::plan(t, &report.keys, &mut found);
        if found.iter().any(|f| f.code == Code::KidNotInJwks) {
            verification = rules::Verification::KidNotFound;
        } else if found.iter().any(|f| f.code == Code::SignatureMismatch) {
            verification = rules::Verification::Invalid;
        }
        if let (Some(plan), Some(checked)) = (&plan, &ctx.signature) {
            if checked.token == plan.token && checked.kid == plan.kid {
                let f = keys::verify::outcome(plan, checked.valid);
                verification = match f.code {
                    Code::SignatureValid => rules::Verification::Valid,
                    Code::SignatureWrongAlg => rules::Verification::Valid,
                    _ => rules::Verification::Invalid,
                };
                found.push(f);
            }
        }
        report.findings.extend(found);
        report.verification = plan;
    }
    let facts = rules::Facts { verification, ..facts };
    let findings = rules::run(&facts);
    let predicted = predict::predict(&facts);
    report.environment = facts.environment();
    report.findings.extend(findings);
    if let Some(p) = &predicted {
        let pasted = report.error_bodies.iter().filter_map(|b| b.entry.as_deref()).next();
        if let Some(msg) = pasted.and_then(|e| predict::disagreement(p, e)) {
            report.push(Finding::new(Code::PredictionDisagrees, msg));
        }
    }
    report.predicted = predicted;
    report.diagnosis = diagnose::diagnose(&report);

    if report.found.is_empty() && !input.trim().is_empty() {
        report.push(Finding::new(
            Code::NothingRecognised,
            "Nothing here looks like a JWT, an error body or a request. Paste the client_assertion JWT, the response body, or the request.",
        ));
    }
    report
}

fn time_claims(jwt: &decode::jwt::Jwt, now: i64) -> Vec<TimeClaim> {
    ["exp", "iat", "nbf"].iter().filter_map(|name| jwt.claim(name).and_then(|v| TimeClaim::read(name, v, now))).collect()
}

fn cap<'a>(input: &'a str, pasted_len: Option<usize>, report: &mut Report) -> &'a str {
    let mut end = input.len().min(MAX_INPUT_BYTES);
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    let message = match pasted_len {
        Some(total) => format!("The paste is {total} characters; the page kept only the first {end} bytes, and analysed those."),
        None if end < input.len() => format!("The paste is {} bytes; only the first {end} were analysed.", input.len()),
        None => return input,
    };
    report.cleaned.push(paste::Cleanup { what: paste::CleanupKind::Truncated, count: end });
    report.push(Finding::new(Code::InputTruncated, message));
    &input[..end]
}

/// `["JWT", "JWT", "URL"]` → `["JWT ×2", "URL"]`, first-seen order kept.
fn count_repeats(found: Vec<String>) -> Vec<String> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for f in found {
        match out.iter_mut().find(|(x, _)| *x == f) {
            Some((_, n)) => *n += 1,
            None => out.push((f, 1)),
        }
    }
    out.into_iter().map(|(f, n)| if n == 1 { f } else { format!("{f} ×{n}") }).collect()
}

/// "a, b and c"
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
