//! The checks: the rules (one file per problem, each with its finding) and the gateway walk
//! (`gateway::STEPS`, the check order written once, walked by `predict`). A gateway rule exports
//! the predicate its finding is made from; the walk reads the same predicate.

pub mod gateway;
pub mod oracle;
pub mod predict;
pub mod rules;
pub mod state;
pub mod step;

use crate::facts::Facts;
use crate::vocab::{Finding, Prediction};

/// Run every rule and walk the gateway's steps. The oracle is told the answer the user pasted,
/// so an observed state-dependent error is the predicted failure of its step.
/// What they found, and what the gateway would answer.
pub fn run(facts: &Facts, oracle: &dyn oracle::Oracle) -> (Vec<Finding>, Option<Prediction>) {
    let observed = oracle::Observed { inner: oracle, pasted: facts.error_body().and_then(|b| b.entry) };
    (rules::run(facts), predict::predict(facts, &observed))
}
