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
        // The gateway judges exp's type (7.6): its own words for a string, once it is not past.
        let hint = match (c.name.as_str(), crate::vocab::ErrorId::ExpNotInteger.entry().description) {
            ("exp", Some(said)) => format!("{hint} The gateway refuses a string exp with \"{said}\"."),
            _ => hint,
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

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_on_a_string_time() {
        for v in [json!((NOW + 240).to_string()), json!("soon")] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": v }))));
            fires(check, &paste, &ctx(), Code::TimeClaimIsString);
        }
    }

    #[test]
    fn silent_on_numbers() {
        silent(check, &good_request(), &ctx());
    }
}
