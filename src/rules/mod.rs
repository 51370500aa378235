//! The rules: one file per problem, named after it. Each rule reads the decoded facts and the
//! context and pushes findings; none stops the others.

mod time_claim_fractional;
mod time_claim_in_milliseconds;
mod time_claim_is_string;

use crate::context::Context;
use crate::decode::error_body::ErrorBody;
use crate::decode::jwt::Jwt;
use crate::decode::request::Request;
use crate::report::Finding;

/// What the rules see.
pub struct Facts<'a> {
    pub ctx: &'a Context,
    pub tokens: &'a [Jwt],
    pub requests: &'a [Request],
    pub error_bodies: &'a [ErrorBody],
}

pub type Rule = fn(&Facts, &mut Vec<Finding>);

pub const RULES: &[Rule] = &[
    time_claim_is_string::check,
    time_claim_in_milliseconds::check,
    time_claim_fractional::check,
];

pub fn run(facts: &Facts) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in RULES {
        rule(facts, &mut findings);
    }
    findings
}

/// The time claims of every token, with the token they belong to.
pub(crate) fn time_claims<'a>(facts: &'a Facts) -> impl Iterator<Item = (&'a Jwt, &'a crate::decode::time::TimeClaim)> {
    facts.tokens.iter().flat_map(|t| t.times.iter().map(move |c| (t, c)))
}
