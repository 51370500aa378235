//! `jti` not a string (IDS-JS 7.9: `typeof jti != "string"`).

use super::{show, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::JtiNotString), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some(jti) = f.claims().and_then(|(_, c)| c.get("jti")) else { return Check::Pass };
    (!jti.is_string()).then(|| Fail::certain("jti is not a string.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    if let Some(jti) = c.get("jti").filter(|j| !j.is_string()) {
        out.push(
            Finding::new(
                Code::JtiNotString,
                format!("jti is {}, not a string. Send it as a string, ideally a uuid4.", show(jti)),
            )
            .about("jti"),
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
    fn fires_on_a_jti_that_is_not_a_string() {
        for jti in [json!(42), json!(true)] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "jti": jti }))));
            fires(check, &paste, &ctx(), Code::JtiNotString);
        }
    }

    #[test]
    fn silent_on_a_string() {
        silent(check, &good_request(), &ctx());
    }
}
