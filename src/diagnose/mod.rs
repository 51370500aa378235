//! Combine the error body, the findings and the prediction into ranked causes: what this paste
//! shows first, then the catalogue's likely causes for that error.

pub mod look_at;
mod todo;
mod token_response;
pub mod verdict;

use serde::Serialize;

use crate::catalogue::sources::{links, SourceLink};
use crate::decode::error_body::ErrorBody;
use crate::vocab::Prediction;
use crate::vocab::{Certainty, ErrorId, Finding, Severity};

/// One ranked cause in the diagnosis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedCause {
    pub rank: usize,
    /// One sentence, specific to this paste where the paste shows it.
    pub text: String,
    /// `true` when the paste shows it; `false` when it is a likely cause we cannot see.
    pub evidenced: bool,
    /// How sure: certain when the paste shows it and the platform's source proves the rule;
    /// likely for UNVERIFIED causes, warnings, and hypotheses.
    pub certainty: Certainty,
    /// Why that certainty.
    pub why: String,
    pub fix: String,
    /// Where its words come from: the finding that shows it, or the entry's cause at this
    /// index (a build without the catalogue's texts fills them in from there).
    #[serde(skip)]
    pub from: CauseFrom,
}

/// Where a ranked cause's words come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CauseFrom {
    /// A finding's message (its fix: the finding's entry).
    Finding(crate::vocab::Code),
    /// The entry's own cause at this index.
    Catalogue(usize),
    #[default]
    Other,
}

impl RankedCause {
    /// The cause is not proven (UNVERIFIED in the spec, or a hypothesis).
    pub fn unverified(&self) -> bool {
        self.certainty != Certainty::Certain
    }

    /// The tag the page and the command line put before it.
    pub fn tag(&self) -> &'static str {
        match (self.evidenced, self.unverified()) {
            (true, _) => "seen in your paste",
            (false, true) => "likely",
            (false, false) => "known cause",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnosis {
    /// The catalogue entry that explains the failure.
    pub entry: ErrorId,
    pub title: String,
    /// One sentence: what happened and the most likely cause.
    pub summary: String,
    /// The entry's full explanation.
    pub meaning: String,
    pub causes: Vec<RankedCause>,
    /// The catalogue's fix: the checks to make, in order.
    pub fix: String,
    pub documented: String,
    pub enforced: String,
    pub source: Vec<SourceLink>,
    /// The paste's lines about this error, to check first (pointers, not proof).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub look_at: Option<look_at::LookAt>,
}

/// Explain the pasted error first (its body's entry, else the entry the verdict read from a
/// status alone), then the predicted one; with neither, the most severe finding that leads to
/// an error.
pub fn diagnose(
    text: &str,
    findings: &[Finding],
    body: Option<&ErrorBody>,
    answered: Option<ErrorId>,
    predicted: Option<&Prediction>,
) -> Vec<Diagnosis> {
    let mut entries: Vec<ErrorId> = Vec::new();
    let pasted = body.and_then(|b| b.entry).or(answered);
    for e in [pasted, predicted.and_then(|p| p.entry)].into_iter().flatten() {
        if !entries.contains(&e) {
            entries.push(e);
        }
    }
    if entries.is_empty() {
        let worst = findings.iter().filter(|f| f.severity == Severity::Error).find_map(|f| f.code.explains().first());
        entries.extend(worst.copied());
    }
    entries.into_iter().map(|id| explain(id, findings, text)).collect()
}

fn explain(id: ErrorId, findings: &[Finding], text: &str) -> Diagnosis {
    let entry = id.entry();
    let mut evidence: Vec<(&Finding, usize)> =
        findings.iter().filter_map(|f| f.code.explains().iter().position(|e| *e == id).map(|pos| (f, pos))).collect();
    evidence.sort_by_key(|(f, pos)| (f.severity, *pos));
    let mut causes: Vec<RankedCause> = evidence
        .iter()
        .map(|(f, _)| {
            let (certainty, why) = if entry.evidence_is_hypothesis {
                (Certainty::Likely, "the paste shows it; for this error it is one of several hypotheses (spec §7)")
            } else if f.severity != Severity::Error {
                (Certainty::Likely, "the paste shows it, but the gateway may accept it")
            } else {
                (Certainty::Certain, "the paste shows it, and the platform's source enforces the rule")
            };
            RankedCause {
                rank: 0,
                text: f.message.clone(),
                evidenced: true,
                certainty,
                why: why.to_string(),
                fix: f.code.entry().fix.to_string(),
                from: CauseFrom::Finding(f.code),
            }
        })
        .collect();
    causes.extend(entry.causes.iter().enumerate().map(|(i, c)| RankedCause {
        rank: 0,
        text: c.text.to_string(),
        evidenced: false,
        certainty: Certainty::Likely,
        why: if c.unverified {
            "a known cause of this error that the platform's source does not prove (UNVERIFIED)".to_string()
        } else {
            "a known cause of this error; the paste does not show whether it applies".to_string()
        },
        fix: entry.fix.to_string(),
        from: CauseFrom::Catalogue(i),
    }));
    for (i, c) in causes.iter_mut().enumerate() {
        c.rank = i + 1;
    }
    Diagnosis {
        entry: id,
        title: entry.title.to_string(),
        summary: first_sentence(entry.meaning).to_string(),
        meaning: entry.meaning.to_string(),
        causes,
        fix: entry.fix.to_string(),
        documented: entry.documented.to_string(),
        enforced: entry.enforced.to_string(),
        source: links(entry.source),
        look_at: look_at::look_at(text, id),
    }
}

fn first_sentence(s: &str) -> &str {
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s,
    }
}

/// Does a pasted error agree with the prediction? When not, say why in this paste's terms.
/// A pasted error from an earlier step than the predicted one is what the gateway answers when
/// something this paste does not show fails there: it agrees. "Another request" is said only
/// when `wire`: the request and the answer both went over the wire as pasted (raw HTTP,
/// `curl -v`, a HAR), so nothing was edited in between.
pub fn disagreement(pred: &Prediction, pasted_entry: ErrorId, wire: bool) -> Option<String> {
    if pred.entry == Some(pasted_entry) {
        return None;
    }
    let pasted_step = pasted_entry.entry().step;
    if pasted_step.is_some_and(|s| s < pred.step) {
        return None;
    }
    // An API's answer comes from the call made with the token: a token request that would get its
    // token agrees with it (that call came next).
    if pasted_entry.entry().flow == "api" && pred.step == crate::vocab::Step::ISSUED {
        return None;
    }
    let pasted = pasted_entry.entry().title;
    let later = pasted_step.is_some_and(|s| s > pred.step);
    let hint = match pasted_entry {
        ErrorId::JtiNonUnique => {
            "The assertion was sent before: make a new one for every request, including retries.".to_string()
        }
        ErrorId::ExpExpired => "The JWT was older when it was sent than it looks here, or the clocks differ: \
                                make a new assertion per request."
            .to_string(),
        // The host's router answered before any proxy: none of the token endpoint's checks ran.
        ErrorId::ProxyNotFound => "No API proxy owns this URL's path on this host, so none of the token endpoint's \
                                   checks ran: the cause is the path, or what is deployed at it in this environment \
                                   (the findings about the URL say which)."
            .to_string(),
        // The subject token's own claims (and act.sub's, for NHS login delegated access): checked
        // once the client assertion has passed, and decided by the subject token the paste shows.
        _ if pasted_step.is_none() && pasted_entry.entry().flow == "token_exchange" => {
            "This answer is about the subject token (or the actor token in its act.sub), checked after the client \
             assertion passed: the client assertion here gets that far, and the subject token's own claims decide \
             it (read the subject token below)."
                .to_string()
        }
        _ if pred.step == crate::vocab::Step::ISSUED => {
            "Everything visible here passes, so the cause is one of the assumptions \
                                           (key, JWKS, kid, signature, subscription) that only the gateway can check."
                .to_string()
        }
        _ if later && wire => "The request and this answer were both pasted as they went over the wire, yet the \
                               gateway got past that check: this answer probably came from another request."
            .to_string(),
        _ if later => "The gateway got past that check, so what was sent is not exactly what is pasted here (an \
                       edited or placeholder value, another attempt, or another environment)."
            .to_string(),
        _ => "The gateway stopped at a check that depends on what only it knows (the app, its key, its JWKS) or on \
              a part of the request not pasted here."
            .to_string(),
    };
    Some(format!("You got \"{pasted}\"; from what is pasted, this request would first get {}. {hint}", pred.headline()))
}
