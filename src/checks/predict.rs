//! Walk the gateway's steps (`gateway::STEPS`, spec §4.1) over what was pasted and return the
//! first failing step exactly as the gateway answers it. What cannot be checked here is asked
//! of the oracle; what it does not know becomes a stated assumption.

use crate::checks::gateway::{Decides, STEPS};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail};
use crate::facts::{CallTime, CallTimeSource, Facts, Main};
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
/// When nothing in the paste says when an expired assertion was sent, both outcomes are given:
/// sent now, it fails on expiry; sent before `exp`, the walk as judged at its `iat`.
pub fn predict(f: &Facts, oracle: &dyn Oracle) -> Option<Prediction> {
    if let Some((path, fail)) = no_proxy(f) {
        // Apigee's own fault names the path; the virtual host NHS hosts show is "secure" (GH-89).
        let body = serde_json::json!({"fault": {
            "faultstring": format!("Unable to identify proxy for host: secure and url: {path}"),
            "detail": {"errorcode": "messaging.adaptors.http.flow.ApplicationNotFound"}}});
        // Before the first of identity-service's steps: the host's router answers.
        let step = Step::new(0, 0);
        return Some(Prediction { body: Some(body.to_string()), step, ..failed(ErrorId::ProxyNotFound, fail) });
    }
    // The answer pasted: its body's entry, else a bare status only one token-endpoint step sends
    // (405: the method), at the token endpoint.
    let bare = f
        .main
        .status_on_wire
        .filter(|_| f.error_body().is_none() && f.main.server == crate::facts::Server::TokenEndpoint)
        .and_then(crate::catalogue::platform::match_status_at_token)
        .map(|e| e.id);
    let pasted = f.error_body().and_then(|b| b.entry).or(bare);
    let p = walk(f, oracle, pasted)?;
    // From code, only what the code shows is judged: a failure it shows is the answer; a pass
    // says nothing of what it computes (its key, its time, its signature), so no 200 is predicted.
    if p.status == 200 && f.assertion().is_some_and(|t| t.code.is_some()) {
        return None;
    }
    let exp = f.claims().and_then(|(_, c)| c.get("exp")).and_then(serde_json::Value::as_f64);
    let unknown_time = time_unknown(f);
    let expired_now = exp.is_some_and(|e| e <= f.ctx.now as f64);
    // A request the client never sent has no "sent now": its assertion is judged as made, and a
    // fixed client makes a new one.
    let never_sent = f.main.server == crate::facts::Server::NotSent;
    if !unknown_time || !expired_now || never_sent || f.error_body().is_some() || p.entry == Some(ErrorId::ExpExpired) {
        return Some(p);
    }
    let now = Main { call: CallTime { at: Some(f.ctx.now), source: CallTimeSource::Now }, ..f.main.clone() };
    // Sent now, a check before expiry may fail first: then that is the answer, whenever it was sent.
    let Some(sent_now) =
        walk(&Facts { main: now, ..*f }, oracle, pasted).filter(|n| n.entry == Some(ErrorId::ExpExpired))
    else {
        return Some(p);
    };
    Some(match p.status {
        // Sent before exp it would pass: the expiry is the answer to watch, and only likely.
        200 => Prediction {
            certainty: Certainty::Likely,
            why: "Nothing in the paste says when it was sent. Sent now, it fails on expiry: exp has passed. Sent \
                  before exp, expiry is not the cause, and every check that can be made here passes (200 OK, \
                  likely)."
                .into(),
            assumptions: p.assumptions,
            basis: p.basis,
            ..sent_now
        },
        // Another check fails whenever it was sent: that is the answer; expiry comes first only now.
        _ => Prediction {
            why: format!(
                "{} (Nothing in the paste says when it was sent: sent now, it would fail on expiry first, as exp \
                 has passed.)",
                p.why
            ),
            ..p
        },
    })
}

/// Before any of identity-service's steps: a path no proxy owns on that host (dev's
/// `/oauth2-mock`, moved to `/oauth2-mock-dep`; a retired base path) is Apigee's own 404
/// ApplicationNotFound. Likely: that the path is gone is read from the proxy's deployments.
fn no_proxy(f: &Facts) -> Option<(String, Fail)> {
    use crate::platform::{dev_mock_moved, first_segment, retired, Environment};
    let u = f.token_call().and_then(crate::decode::request::Request::parsed_url)?;
    let env = u.host_str().and_then(Environment::from_host)?;
    let first = first_segment(u.path());
    let gone = dev_mock_moved(env, first) || retired(first).is_some();
    let why = format!("No proxy owns /{first}/ on {}: the path is not deployed there.", env.name());
    gone.then(|| (u.path().to_string(), Fail::likely(why)))
}

/// Walk the steps in order; the first failing check of the first failing row is the answer.
/// The answer the user pasted is evidence: when it comes from a later row, the gateway got past
/// this one, so a failure here that is only likely (a signature cut in the post, a charset the
/// platform may accept) did not happen to the request that was sent.
fn walk(f: &Facts, oracle: &dyn Oracle, pasted: Option<ErrorId>) -> Option<Prediction> {
    let pasted_row = pasted.and_then(|id| STEPS.iter().position(|s| s.decides == Decides::Error(id)));
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
    // An assertion read from the code that signs it, not pasted: what the library writes is
    // judged; what the code computes was given a value that passes, and is said so.
    if let Some(code) = f.assertion().and_then(|t| t.code.as_ref()) {
        weakened = true;
        assumptions.push(format!(
            "the assertion is the one this code would sign with {}: its header as that library writes it, its \
             claims as the code writes them",
            code.library
        ));
        assumptions.extend(code.assumed.iter().cloned());
    }
    for (at, row) in STEPS.iter().enumerate() {
        let before = assumptions.len();
        let got_past = pasted_row.is_some_and(|p| p > at);
        let mut failing = None;
        for check in row.checks {
            match (check.decide)(f, oracle) {
                Check::Pass => {}
                Check::Assume { text, weakens } => {
                    weakened |= weakens;
                    assumptions.push(text);
                }
                Check::Stop => return None,
                Check::Fail(fail) if got_past && fail.certainty != Certainty::Certain => {
                    assumptions.push(format!(
                        "the request sent passed this check, as the later answer you pasted shows (here: {})",
                        fail.why
                    ));
                }
                Check::Fail(fail) => {
                    let Decides::Error(id) = row.decides else { continue };
                    failing = Some((id, fail));
                    break;
                }
            }
        }
        // The answer pasted comes from this step, and the paste does not show what the request
        // sent for it: the request that was sent failed here.
        let failing = failing.or_else(|| match row.decides {
            Decides::Error(id) if pasted_row == Some(at) => unshown(f, id, at).map(|missing| {
                let why = format!(
                    "The answer you pasted comes from this step, and the paste does not show {missing}: the \
                     request that was sent failed here."
                );
                (id, Fail::likely(why))
            }),
            _ => None,
        });
        if let Some((id, fail)) = failing {
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

/// What the paste does not show of what step `id` (row `at`) judges: of the request (its method,
/// its body) for the steps before the JWT is read; the JWT for its own steps; when it was sent
/// for its expiry. A step whose input the paste shows is judged from it, whatever was pasted.
fn unshown(f: &Facts, id: ErrorId, at: usize) -> Option<&'static str> {
    let jwt_read = STEPS.iter().position(|s| s.decides == Decides::Error(ErrorId::ClientAssertionMalformed));
    if jwt_read.is_some_and(|j| at < j) {
        return match f.token_call() {
            None => Some("the request"),
            Some(r) if r.method.is_none() => Some("the request's method"),
            Some(r) if r.form.is_empty() && r.body.is_none() => Some("the request's body"),
            Some(_) => None,
        };
    }
    if f.assertion().is_none() {
        return Some("the JWT");
    }
    (id == ErrorId::ExpExpired && time_unknown(f)).then_some("when it was sent")
}

/// Nothing in the paste says when the call was made (at most the assertion's own `iat`).
fn time_unknown(f: &Facts) -> bool {
    matches!(f.main.call.source, CallTimeSource::Iat | CallTimeSource::Unknown)
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
