//! No `jti` (IDS-JS 7.8).

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::JtiMissing), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some((_, c)) = f.claims() else { return Check::Pass };
    (!c.contains_key("jti")).then(|| Fail::certain("The payload has no jti.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    if !c.contains_key("jti") {
        out.push(
            Finding::new(Code::JtiMissing, "The payload has no jti. Add a fresh uuid4 string for every assertion.")
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
    fn fires_without_jti() {
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "jti": null }))));
        fires(check, &paste, &ctx(), Code::JtiMissing);
    }

    #[test]
    fn silent_with_jti() {
        silent(check, &good_request(), &ctx());
    }
}
