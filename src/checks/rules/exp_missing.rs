//! No `exp` (IDS-JS 7.5).

use super::Facts;
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::ExpMissing), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some((_, c)) = f.claims() else { return Check::Pass };
    (!c.contains_key("exp")).then(|| Fail::certain("The payload has no exp.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    if !c.contains_key("exp") {
        out.push(
            Finding::new(
                Code::ExpMissing,
                format!("The payload has no exp. Add \"exp\": {} (now + 300 s, in seconds).", f.ctx.now + 300),
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
    fn fires_without_exp() {
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "exp": null }))));
        fires(check, &paste, &ctx(), Code::ExpMissing);
    }

    #[test]
    fn silent_with_exp() {
        silent(check, &good_request(), &ctx());
    }
}
