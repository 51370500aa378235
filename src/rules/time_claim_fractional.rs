//! `exp`/`iat`/`nbf` with a fraction or exponent. Passes the gateway's `typeof` test.

use super::{time_claims, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for (target, _, c) in time_claims(facts).filter(|(_, _, c)| c.fractional && c.seconds.is_some()) {
        out.push(
            Finding::new(
                Code::TimeClaimFractional,
                format!(
                    "{} = {} is not a whole number of seconds. The gateway accepts it, but round down to be safe.",
                    c.name,
                    c.raw.trim()
                ),
            )
            .about(&c.name)
            .on(target),
        );
    }
}
