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
pub use facts::Verification;
pub use keys::verify::Plan;
pub use report::Report;
pub use vocab::{join_and, Code, ErrorId, Finding, Severity, Target};

use facts::Facts;

/// Pastes larger than this are cut (on a character boundary) and the report says so.
pub use extract::MAX_INPUT_BYTES;

/// Analyse a paste. Never panics, never fails, never reads the clock: what cannot be read is a
/// finding, and every problem is collected. The signature is not checked (see `analyze_with`).
pub fn analyze(input: &str, ctx: &Context) -> Report {
    analyze_with(input, ctx, &ASSUME)
}

/// Analyse a paste, asking `oracle` what the paste cannot show: the signature (when a token and
/// a key to check it with were both given; RustCrypto natively, WebCrypto's results on the
/// page) and the gateway's state (the twin knows it; the page and the CLI do not). One line a
/// stage, each stage a value; only `extract` reads the input.
pub fn analyze_with(input: &str, ctx: &Context, oracle: &dyn Oracle) -> Report {
    let paste = extract::extract(input, ctx);
    let keys = keys::read(&paste, ctx, oracle.read_pem());
    let decoded = decode::decode(&paste, ctx, &keys.objects);
    let verified = keys::verify::verify_assertion(&decoded.tokens, &keys.keys, &|plan| oracle.verify(plan));
    let (tokens, requests, bodies) = (&decoded.tokens, &decoded.requests, &decoded.error_bodies);
    let facts = Facts::new(ctx, tokens, requests, bodies, verified.verification.clone(), &paste.times);
    let facts = facts.seen(
        decoded.client_error.as_ref().is_some_and(|c| !c.after_response),
        paste.status_line,
        &paste.status_lines,
    );
    // CIS2's and NHS login's own endpoints have rules of their own: the platform's do not apply.
    let checked = match facts.main.server.is_foreign() {
        true => (Vec::new(), None),
        false => checks::run(&facts, oracle),
    };
    let main = facts.main.clone();
    Report::assemble(paste, decoded, keys, verified, main, checked)
}
