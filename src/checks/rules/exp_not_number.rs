//! `exp` present but neither a number nor a string (null, boolean, object, array): IDS-JS
//! `typeof exp != "number"`. Strings have their own finding (time_claim_is_string).

use serde_json::Value;

use super::{show, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::ExpNotNumber), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some(exp) = f.claims().and_then(|(_, c)| c.get("exp")) else { return Check::Pass };
    (!exp.is_number()).then(|| Fail::certain("exp is not a JSON number.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    match c.get("exp") {
        None | Some(Value::Number(_) | Value::String(_)) => {}
        Some(v) => out.push(
            Finding::new(
                Code::ExpNotNumber,
                format!("exp is {}; it must be a JSON number of seconds, e.g. {}.", show(v), f.ctx.now + 300),
            )
            .about("exp"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_on_a_boolean_object_or_array_exp() {
        for exp in [json!(true), json!({ "at": NOW + 240 }), json!([NOW + 240])] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": exp }))));
            fires(check, &paste, &ctx(), Code::ExpNotNumber);
        }
    }

    #[test]
    fn silent_on_a_number_and_on_a_string_which_has_its_own_finding() {
        silent(check, &good_request(), &ctx());
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": (NOW + 240).to_string() }))));
        silent(check, &paste, &ctx());
    }
}
