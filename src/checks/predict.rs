//! Walk the gateway's steps (`gateway::STEPS`, spec §4.1) over what was pasted and return the
//! first failing step exactly as the gateway answers it. What cannot be checked here is asked
//! of the oracle; what it does not know becomes a stated assumption.

use crate::checks::gateway::{Decides, STEPS};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail};
use crate::facts::Facts;
use crate::platform::TOKEN_PATH;
use crate::vocab::{Certainty, ErrorId, Prediction, Step};

/// The answer the catalogue gives for `id`, with why.
pub fn failed(id: ErrorId, fail: Fail) -> Prediction {
    let e = id.entry();
    Prediction {
        status: e.status,
        error: e.error.map(String::from),
        error_description: e.description.map(String::from),
        body: e.apigee_body(),
        entry: Some(id),
        step: e.step.unwrap_or(Step::ISSUED),
        certainty: fail.certainty,
        why: fail.why,
        assumptions: Vec::new(),
        basis: None,
    }
}

/// Predict the gateway's answer to the token request in the paste, if there is one to predict.
pub fn predict(f: &Facts, oracle: &dyn Oracle) -> Option<Prediction> {
    if f.assertion().is_none() && !f.is_token_call() {
        return None;
    }
    // Another flow (authorization code, refresh token) has checks of its own.
    let grant = f.token_request().filter(|_| f.is_token_call()).and_then(|r| r.form_value("grant_type"));
    if matches!(grant, Some("authorization_code" | "refresh_token")) {
        return None;
    }
    let mut assumptions: Vec<String> = Vec::new();
    let mut weakened = false;
    for row in STEPS {
        let before = assumptions.len();
        for check in row.checks {
            match (check.decide)(f, oracle) {
                Check::Pass => {}
                Check::Assume { text, weakens } => {
                    weakened |= weakens;
                    assumptions.push(text);
                }
                Check::Stop => return None,
                Check::Fail(fail) => {
                    let Decides::Error(id) = row.decides else { continue };
                    // What this step assumed is moot once it fails.
                    assumptions.truncate(before);
                    let mut p = failed(id, fail);
                    if weakened {
                        p.certainty = p.certainty.max(Certainty::Likely);
                    }
                    p.assumptions = assumptions;
                    p.basis = basis(f);
                    return Some(p);
                }
            }
        }
    }
    Some(Prediction {
        status: 200,
        error: None,
        error_description: None,
        body: None,
        entry: None,
        step: Step::ISSUED,
        certainty: if assumptions.is_empty() { Certainty::Certain } else { Certainty::Likely },
        why: "Every check that can be made here passes.".into(),
        assumptions,
        basis: basis(f),
    })
}

/// What was assumed about the request when it was not pasted (or its body was not).
fn basis(f: &Facts) -> Option<String> {
    match f.token_request().filter(|_| f.is_token_call()) {
        Some(r) if !r.form.is_empty() || r.body.is_some() => None,
        Some(_) => Some(
            "The request body was not pasted: assuming a correct form body (grant_type, client_assertion_type) \
             carrying this JWT."
                .to_string(),
        ),
        None => {
            let url = f
                .assertion()
                .and_then(|t| t.claim_str("aud"))
                .filter(|a| a.ends_with(TOKEN_PATH))
                .map(String::from)
                .or_else(|| f.environment().map(|e| e.token_url()));
            Some(match url {
                Some(u) => format!("No request was pasted: assuming a correct form POST to {u}."),
                None => "No request was pasted: assuming a correct form POST to the token URL.".to_string(),
            })
        }
    }
}
