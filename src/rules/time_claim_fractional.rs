//! `exp`/`iat`/`nbf` with a fraction or exponent. Passes the gateway's `typeof` test.

use super::{time_claims, Facts};
use crate::catalogue::Code;
use crate::report::Finding;

pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for (_, c) in time_claims(facts).filter(|(_, c)| c.fractional && c.seconds.is_some()) {
        out.push(
            Finding::new(
                Code::TimeClaimFractional,
                format!(
                    "{} = {} is not a whole number of seconds. The gateway accepts it, but round down to be safe.",
                    c.name,
                    c.raw.trim()
                ),
            )
            .about(&c.name),
        );
    }
}
