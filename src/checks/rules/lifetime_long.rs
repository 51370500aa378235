//! `exp − iat` longer than the documented 5 minutes: fine only if the assertion is sent at once.

use serde_json::Value;

use super::Facts;
use crate::decode::time::human_duration;
use crate::platform::EXP_DOCUMENTED_MAX;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    let (Some(Value::Number(e)), Some(Value::Number(i))) = (c.get("exp"), c.get("iat")) else { return };
    let (Some(e), Some(i)) = (e.as_f64(), i.as_f64()) else { return };
    if e >= crate::decode::time::MILLISECONDS_THRESHOLD || i >= crate::decode::time::MILLISECONDS_THRESHOLD {
        return;
    }
    let life = e - i;
    if life > EXP_DOCUMENTED_MAX as f64 {
        out.push(
            Finding::new(
                Code::LifetimeLong,
                format!(
                    "The JWT lives {} (exp − iat); NHS documents at most 5 \
            minutes. Unless it is sent the moment it is made, exp will be too far ahead.",
                    human_duration(life)
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
    fn fires_when_exp_minus_iat_exceeds_5_minutes() {
        for (iat, exp) in [(NOW - 600, NOW + 240), (NOW, NOW + 3600)] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "iat": iat, "exp": exp }))));
            fires(check, &paste, &ctx(), Code::LifetimeLong);
        }
    }

    #[test]
    fn silent_up_to_5_minutes() {
        silent(check, &good_request(), &ctx());
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": NOW + 300 }))));
        silent(check, &paste, &ctx());
    }
}
