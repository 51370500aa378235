//! The checks: the rules (one file per problem, each with its finding) and the gateway walk
//! (`gateway::STEPS`, the check order written once, walked by `predict`). A gateway rule exports
//! the predicate its finding is made from; the walk reads the same predicate.

pub mod gateway;
pub mod oracle;
pub mod predict;
pub mod rules;
pub mod step;

use crate::facts::Facts;
use crate::vocab::{Finding, Prediction};

/// What the checks found and what the gateway would answer.
pub struct Checked {
    pub findings: Vec<Finding>,
    pub predicted: Option<Prediction>,
}

/// Run every rule and walk the gateway's steps. The oracle is told the answer the user pasted,
/// so an observed state-dependent error is the predicted failure of its step.
pub fn run(facts: &Facts, oracle: &dyn oracle::Oracle) -> Checked {
    let observed = oracle::Observed { inner: oracle, pasted: facts.error_body().and_then(|b| b.entry) };
    Checked { findings: rules::run(facts), predicted: predict::predict(facts, &observed) }
}
