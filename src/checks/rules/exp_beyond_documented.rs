//! `exp` between 300 and 310 s ahead: accepted by the gateway, beyond what NHS documents, and
//! one clock skew away from "more than 5 minutes in future".

use super::Facts;
use crate::platform::{EXP_DOCUMENTED_MAX, EXP_ENFORCED_MAX};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(exp) = super::number_claim(f, "exp") else { return };
    let Some(at) = f.at() else { return };
    let ahead = exp - at;
    if ahead > EXP_DOCUMENTED_MAX as f64 && ahead <= EXP_ENFORCED_MAX as f64 {
        out.push(
            Finding::new(
                Code::ExpBeyondDocumented,
                format!(
                    "exp is {} s ahead: the gateway allows up to \
                {EXP_ENFORCED_MAX} s, NHS documents {EXP_DOCUMENTED_MAX} s. A client clock a few seconds fast will \
                fail. Use now + 60…240 s.",
                    ahead.round() as i64
                ),
            )
            .about("exp"),
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
    fn fires_between_300_and_310_seconds_ahead() {
        for exp in [NOW + 301, NOW + 310] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": exp }))));
            fires(check, &paste, &ctx(), Code::ExpBeyondDocumented);
        }
    }

    #[test]
    fn silent_up_to_300_seconds_and_beyond_310() {
        silent(check, &good_request(), &ctx());
        for exp in [NOW + 300, NOW + 311] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": exp }))));
            silent(check, &paste, &ctx());
        }
    }
}
