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

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_on_a_fractional_time() {
        for (name, v) in [("exp", json!(NOW as f64 + 240.5)), ("iat", json!(1.76e9))] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ name: v }))));
            fires(check, &paste, &ctx(), Code::TimeClaimFractional);
        }
    }

    #[test]
    fn silent_on_whole_seconds() {
        silent(check, &good_request(), &ctx());
    }
}
