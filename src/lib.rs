//! Auth Triage: why did the NHS England API Platform reject this token request?
//!
//! One pipeline, each stage a module, each arrow pointing one way:
//!
//! `extract` (what the paste holds, with spans) → `decode` (tokens, error bodies, requests;
//! `keys`) → `facts` (the main assertion, request and body, the environment, the verification
//! outcome: decided once) → `rules` and `predict` (the checks; the gateway's answer) →
//! `diagnose` (ranked causes) → `report` (the aggregate). `vocab` is the leaf every stage
//! speaks; `catalogue` is the data. `analyze` is the one entry point: pure, total and
//! clock-free. The shells (`ui` for the page, the CLI, the twin) only render a `Report`.

pub mod catalogue;
pub mod checks;
pub mod context;
pub mod decode;
pub mod diagnose;
pub mod examples;
pub mod extract;
pub mod facts;
pub mod keys;
pub mod outputs;
pub mod platform;
pub mod report;
pub mod team_notes;
#[cfg(not(target_arch = "wasm32"))]
pub mod twin;
pub mod vocab;

pub mod ui;

#[cfg(not(target_arch = "wasm32"))]
pub use checks::oracle::NATIVE;
pub use checks::oracle::{Oracle, ASSUME};
pub use context::Context;
pub use keys::verify::{Outcome, Plan};
pub use report::Report;
pub use vocab::{join_and, Code, ErrorId, Finding, Severity, Target};

use decode::time::TimeClaim;
use facts::{Facts, Verification};
use vocab::Role;

/// Pastes larger than this are cut (on a character boundary) and the report says so. 64 KiB
/// holds any forum post, request, response and RSA-4096 token many times over, and keeps a
/// paste → verdict within a frame even when the paste is a whole log file.
pub const MAX_INPUT_BYTES: usize = 64 << 10;

/// Analyse a paste. Never panics, never fails, never reads the clock: what cannot be read is a
/// finding, and every problem is collected. The signature is not checked (see `analyze_with`).
pub fn analyze(input: &str, ctx: &Context) -> Report {
    analyze_with(input, ctx, &ASSUME)
}

/// Analyse a paste, asking `oracle` what the paste cannot show: the signature (when a token and
/// a key to check it with were both given; RustCrypto natively, WebCrypto's results on the
/// page) and the gateway's state (the twin knows it; the page and the CLI do not).
pub fn analyze_with(input: &str, ctx: &Context, oracle: &dyn Oracle) -> Report {
    let mut report = Report::default();
    let input = cap(input, ctx.pasted_len, &mut report);
    let input: &str = &input;
    // Forum and editor typography undone first, so every reader below sees what was typed.
    let repaired = extract::typography::repair(input);
    report.cleaned.extend(repaired.undone.iter().cloned());
    let input = repaired.text.as_str();

    // extract → decode: tokens, keys, error bodies, requests, status.
    for found in extract::find_tokens(input) {
        let at = Target::Token(report.tokens.len());
        let mut findings = Vec::new();
        let mut jwt = decode::jwt::decode(&found.compact, &|i| found.origin(i), &mut findings);
        jwt.role = found.role;
        if jwt.role == Role::Unknown && jwt.claim_str("aud").is_some_and(|a| a.contains("/oauth2")) {
            jwt.role = Role::ClientAssertion;
        }
        jwt.times = time_claims(&jwt, ctx.now);
        // `b'eyJ…'`: PyJWT before 2.0 returned bytes, and str() or an f-string sends the b'…'.
        let before = &input[..found.start.min(input.len())];
        if before.ends_with("b'") || before.ends_with("b\"") {
            jwt.as_bytes = true;
            let message = "The token is printed as Python bytes (b'eyJ…'): jwt.encode in PyJWT before 2.0 returns \
                           bytes, and str() or an f-string then sends b'eyJ…' — quotes and all — which the gateway \
                           cannot decode. Use token.decode(\"ascii\") (or upgrade to PyJWT 2, whose jwt.encode \
                           returns str).";
            findings.push(Finding::new(Code::TokenAsBytes, message));
        }
        if !found.cleaned.is_empty() {
            let what: Vec<String> = found.cleaned.iter().map(|c| c.describe()).collect();
            findings.push(
                Finding::new(Code::PasteCleaned, format!("Before decoding, the page {}.", join_and(&what)))
                    .span(jwt.span),
            );
            report.cleaned.extend(found.cleaned.iter().cloned());
        }
        report.findings.extend(findings.into_iter().map(|f| f.on(at)));
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
    let mut key_found = Vec::new();
    let mut har_requests = Vec::new();
    if !tokens_only {
        for key in keys::parse::pem_keys(input) {
            key_found.push(key.source.label().to_string());
            report.keys.push(key);
        }
        for found in extract::json::find_objects(input) {
            let found_keys = keys::parse::json_keys(&found);
            if !found_keys.is_empty() {
                key_found.push(match found_keys[0].source {
                    keys::KeySource::Jwks => {
                        format!("JWKS ({} key{})", found_keys.len(), if found_keys.len() == 1 { "" } else { "s" })
                    }
                    other => other.label().to_string(),
                });
                report.keys.extend(found_keys);
                continue;
            }
            // A HAR export: each entry's request (its response body, when one is there as JSON
            // text, is read below with the rest of the paste).
            for entry in found.value.pointer("/log/entries").and_then(|e| e.as_array()).into_iter().flatten() {
                har_requests.extend(decode::request::from_har(entry, found.span));
            }
            if let Some(mut body) = decode::error_body::classify(&found) {
                for c in repaired.edits_in(body.span.start, body.span.end) {
                    match body.repaired.iter_mut().find(|r| r.what == c.what) {
                        Some(r) => r.count += c.count,
                        None => body.repaired.push(c),
                    }
                }
                if !body.repaired.is_empty() {
                    let what: Vec<String> = body.repaired.iter().map(|c| c.describe()).collect();
                    let message =
                        format!("The {} had forum formatting: the page {}.", body.kind.label(), join_and(&what));
                    let at = Target::Body(report.error_bodies.len());
                    report.push(Finding::new(Code::BodyRepaired, message).span(body.span).on(at));
                }
                report.error_bodies.push(body);
            }
        }
        if report.error_bodies.is_empty() {
            report.error_bodies.extend(decode::error_body::quoted(input));
        }
        let raws = extract::requests::find_requests(input);
        har_requests.extend(decode::request::decode_all(input, &raws));
        for request in har_requests {
            // The form field is the authority on what the client assertion is, found or not.
            for (field, role) in [("client_assertion", Role::ClientAssertion), ("subject_token", Role::SubjectToken)] {
                let Some(value) = request.form_value(field).filter(|v| !v.is_empty()) else { continue };
                // A variable or placeholder is an unknown, not a token to decode.
                if extract::vars::is_placeholder(value) {
                    continue;
                }
                if let Some(t) = report.tokens.iter_mut().find(|t| t.compact == value) {
                    t.role = role;
                    continue;
                }
                // The same token, but the form's value also holds invisible characters at its end:
                // the form is what was sent, so its value replaces the token found in the text.
                let same = report.tokens.iter().position(|t| {
                    value.strip_prefix(t.compact.as_str()).is_some_and(|rest| {
                        !rest.is_empty() && rest.chars().all(|c| c.is_whitespace() || extract::is_invisible(c))
                    })
                });
                if let Some(i) = same {
                    report.findings.retain(|f| f.target != Target::Token(i));
                    let base = report.tokens[i].span.start;
                    report.tokens[i] = form_token(value, role, ctx.now, &|o| base + o, i, &mut report.findings);
                    continue;
                }
                let base = input.find(value).or(request.span.map(|s| s.start)).unwrap_or(0);
                let exact = input.get(base..base + value.len()) == Some(value);
                let origin = |i: usize| if exact { base + i } else { base };
                let i = report.tokens.len();
                let jwt = form_token(value, role, ctx.now, &origin, i, &mut report.findings);
                report.tokens.push(jwt);
            }
            report.requests.push(request);
        }
        report.status = extract::requests::find_status(input);
        report.client_error = decode::client_error::find(input);
    }

    // What typography was undone outside the bodies (those say their own).
    let outside: Vec<String> = {
        let in_body = |at: usize| report.error_bodies.iter().any(|b| b.span.start <= at && at < b.span.end);
        let rest = repaired.edits.iter().filter(|(at, _)| !in_body(*at)).map(|(_, what)| *what);
        let lines = repaired
            .undone
            .iter()
            .filter(|c| matches!(c.what, extract::CleanupKind::QuoteMarks | extract::CleanupKind::WrappedToken));
        lines.chain(extract::typography::count(rest).iter()).map(|c| c.describe()).collect()
    };
    if !outside.is_empty() {
        let message = format!("Before reading the paste, the page {}.", join_and(&outside));
        report.push(Finding::new(Code::PasteCleaned, message));
    }

    // Keys from the key field.
    if let Some(text) = ctx.keys_text.as_deref().filter(|t| !t.trim().is_empty()) {
        let before = report.keys.len();
        report.keys.extend(keys::parse::keys_in(text));
        if report.keys.len() == before {
            report.push(Finding::new(
                Code::KeyUnreadable,
                "The key field holds no PEM key, certificate, JWK or JWKS that could be read.",
            ));
        }
    }
    keys::lint::lint(&report.keys, &mut report.findings);

    // facts: the choices made once, then the signature of the main assertion.
    let assertion = facts::choose_assertion(&report.tokens);
    let mut verification = Verification::NotChecked;
    if let Some(i) = assertion {
        let at = Target::Token(i);
        match keys::verify::plan(&report.tokens[i], &report.keys) {
            Ok(plan) => {
                let outcome = oracle.verify(&plan);
                verification = match &outcome {
                    Outcome::Valid => Verification::Valid,
                    Outcome::Invalid => Verification::Invalid,
                    Outcome::CouldNotVerify(why) => Verification::CouldNotVerify(why.clone()),
                    Outcome::NotChecked => Verification::NotChecked,
                };
                report.findings.extend(keys::verify::outcome(&plan, &outcome).map(|f| f.on(at)));
                report.verification = Some(plan);
            }
            Err(why) => {
                verification = why.verification();
                report.findings.extend(why.finding().map(|f| f.on(at)));
            }
        }
    }
    report.times = extract::times::find(input);
    let facts = Facts::new(ctx, &report.tokens, &report.requests, &report.error_bodies, verification, &report.times);

    // Which server answered: CIS2's and NHS login's own endpoints have rules of their own, and
    // the API Platform's checks do not apply to them.
    let server = diagnose::verdict::server(
        facts.token_request(),
        facts.error_body(),
        facts.assertion(),
        report.client_error.is_some(),
    );

    // check → predict → explain.
    let checks::Checked { findings, predicted } = if server.is_foreign() {
        checks::Checked { findings: Vec::new(), predicted: None }
    } else {
        checks::run(&facts, oracle)
    };
    let main = facts.main.clone();
    report.findings.extend(findings);
    let on_wire = extract::requests::status_line(input).is_some()
        && facts.token_request().is_some_and(|r| r.source == Some(decode::request::RequestSource::Http));
    if let Some(p) = &predicted {
        let pasted = facts.error_body().and_then(|b| b.entry);
        if let Some(msg) = pasted.and_then(|e| checks::predict::disagreement(p, e, on_wire)) {
            report.push(Finding::new(Code::PredictionDisagrees, msg));
        }
    }
    report.main = main;
    report.found = found_line(&report, key_found);
    report.diagnosis = diagnose::diagnose(&report.findings, report.main_body(), predicted.as_ref());
    report.verdict = diagnose::verdict::verdict(&diagnose::verdict::Evidence {
        body: report.main_body(),
        status: report.status,
        // The status that answered the pasted body: the last one before it (or the last one).
        status_on_wire: {
            let lines = extract::requests::status_lines(input);
            let before = report.main_body().map(|b| b.span.start).unwrap_or(usize::MAX);
            lines.iter().rev().find(|(at, _)| *at <= before).or(lines.last()).map(|(_, c)| *c)
        },
        client_error: report.client_error.as_ref(),
        predicted: predicted.as_ref(),
        server,
        findings: &report.findings,
        main: &report.main,
    });
    report.predicted = predicted;

    if !repaired.map.is_identity() {
        map_spans(&mut report, &repaired.map);
    }
    if report.found.is_empty() && !input.trim().is_empty() {
        report.push(Finding::new(
            Code::NothingRecognised,
            "Nothing here looks like a JWT, an error body or a request. Paste the client_assertion JWT, the response \
             body, or the request.",
        ));
    }
    report
}

/// Offsets found in the repaired text, moved back onto the paste.
fn map_spans(report: &mut Report, map: &extract::typography::SpanMap) {
    let m = |s: &mut vocab::Span| {
        s.start = map.original(s.start);
        s.end = map.original(s.end);
    };
    report.tokens.iter_mut().for_each(|t| m(&mut t.span));
    report.error_bodies.iter_mut().for_each(|b| m(&mut b.span));
    report.requests.iter_mut().filter_map(|r| r.span.as_mut()).for_each(m);
    report.findings.iter_mut().filter_map(|f| f.span.as_mut()).for_each(m);
    report.keys.iter_mut().for_each(|k| m(&mut k.span));
    report.times.iter_mut().for_each(|t| m(&mut t.span));
    if let Some(c) = report.client_error.as_mut() {
        m(&mut c.span);
    }
}

/// The "found" line: what the paste holds, in a fixed order, repeats counted.
fn found_line(report: &Report, keys: Vec<String>) -> Vec<String> {
    use decode::jwt::Kind;
    let mut found: Vec<String> = Vec::new();
    for t in &report.tokens {
        found.push(
            match (t.kind, t.role) {
                (Kind::Jwe, _) => "JWE",
                (_, Role::ClientAssertion) => "client assertion JWT",
                (_, Role::AccessToken) => "access token (JWT)",
                (_, Role::SubjectToken) => "subject token (JWT)",
                _ => "JWT",
            }
            .to_string(),
        );
    }
    found.extend(keys);
    found.extend(report.error_bodies.iter().map(|b| b.kind.label().to_string()));
    for r in &report.requests {
        let env = r.parsed_url().and_then(|u| u.host_str().and_then(platform::Environment::from_host));
        let what = r.source.map(|s| s.label()).unwrap_or("request");
        found.push(match env {
            Some(e) => format!("{what} to {}", e.name()),
            None => what.to_string(),
        });
    }
    count_repeats(found)
}

/// A token taken from a form field (the authority on its role), decoded, its findings placed on
/// `tokens[index]`.
fn form_token(
    value: &str,
    role: Role,
    now: i64,
    origin: &dyn Fn(usize) -> usize,
    index: usize,
    out: &mut Vec<Finding>,
) -> decode::jwt::Jwt {
    let mut findings = Vec::new();
    let mut jwt = decode::jwt::decode(value, origin, &mut findings);
    jwt.role = role;
    jwt.times = time_claims(&jwt, now);
    out.extend(findings.into_iter().map(|f| f.on(Target::Token(index))));
    jwt
}

fn time_claims(jwt: &decode::jwt::Jwt, now: i64) -> Vec<TimeClaim> {
    ["exp", "iat", "nbf"]
        .iter()
        .filter_map(|name| jwt.claim(name).and_then(|v| TimeClaim::read(name, v, now)))
        .collect()
}

fn cap<'a>(input: &'a str, pasted_len: Option<usize>, report: &mut Report) -> std::borrow::Cow<'a, str> {
    // Over the cap, a pre-pass over the whole paste keeps what is worth analysing (the page's
    // box does the same before the paste reaches the core).
    let (kept, parts) = if input.len() > MAX_INPUT_BYTES {
        let w = extract::window::window(input, MAX_INPUT_BYTES);
        (std::borrow::Cow::Owned(w.text), w.parts)
    } else {
        (std::borrow::Cow::Borrowed(input), 0)
    };
    let end = kept.len();
    let message = match pasted_len {
        Some(total) => format!(
            "The paste is {total} characters; the page kept {end} bytes of it (the lines around tokens, error bodies \
             and requests, the latest first; its start when there are none), and analysed those."
        ),
        None if parts > 0 => format!(
            "The paste is {} bytes; the {end} bytes around its tokens, error bodies and requests ({parts} part{}, \
             the latest first) were analysed.",
            input.len(),
            if parts == 1 { "" } else { "s" }
        ),
        None if end < input.len() => format!("The paste is {} bytes; only the first {end} were analysed.", input.len()),
        None => return kept,
    };
    report.cleaned.push(extract::Cleanup { what: extract::CleanupKind::Truncated, count: end });
    report.push(Finding::new(Code::InputTruncated, message));
    kept
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
