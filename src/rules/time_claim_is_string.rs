//! `exp`/`iat`/`nbf` written as a JSON string. IDS-JS tests `typeof exp != "number"`.

use super::{time_claims, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for (target, _, c) in time_claims(facts).filter(|(_, _, c)| c.is_string) {
        let hint = match c.seconds {
            Some(_) => format!(" Write it as a number: \"{}\": {}.", c.name, c.raw.trim()),
            None => " It does not even hold a number.".to_string(),
        };
        out.push(
            Finding::new(
                Code::TimeClaimIsString,
                format!("{} is the string \"{}\", not a JSON number.{hint}", c.name, c.raw),
            )
            .about(&c.name)
            .on(target),
        );
    }
}
