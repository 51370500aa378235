//! `exp`/`iat`/`nbf` in milliseconds: more than 1e11, i.e. past the year 5000 as seconds.

use super::{time_claims, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for (target, _, c) in time_claims(facts).filter(|(_, _, c)| c.milliseconds) {
        let as_seconds = c.seconds.map(|s| format!("{}", s.floor() as i64)).unwrap_or_default();
        let when = c.utc.as_deref().map(|u| format!(" (that would be {u})")).unwrap_or_default();
        out.push(
            Finding::new(
                Code::TimeClaimInMilliseconds,
                format!(
                    "{} = {} looks like milliseconds{when}: divide by 1000. In seconds it would be {as_seconds} \
                     (Math.floor(Date.now() / 1000) in JavaScript, System.currentTimeMillis() / 1000 in Java).",
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
    fn fires_on_milliseconds() {
        let paste = curl_to(
            TOKEN_URL,
            &jwt(&header(), &with(claims(), json!({ "exp": (NOW + 240) * 1000, "iat": NOW * 1000 }))),
        );
        fires(check, &paste, &ctx(), Code::TimeClaimInMilliseconds);
    }

    #[test]
    fn silent_on_seconds() {
        silent(check, &good_request(), &ctx());
    }
}
