//! The checks: the rules (one file per problem, each with its finding) and the gateway walk
//! (`gateway::STEPS`, the check order written once, walked by `predict`). A gateway rule exports
//! the predicate its finding is made from; the walk reads the same predicate.

pub mod api_call;
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
    // The token request that gets its token is followed by the API call: what that call would
    // get is the answer to watch.
    let predicted = match (predict::predict(facts, &observed), api_call::predict(facts)) {
        (Some(token), Some(api)) if token.step == crate::vocab::Step::ISSUED => {
            Some(Prediction { assumptions: [token.assumptions, api.assumptions].concat(), ..api })
        }
        (token, api) => token.or(api),
    };
    (rules::run(facts), predicted)
}
