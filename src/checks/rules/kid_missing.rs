//! No (or an empty) `kid` header: the gateway cannot pick your key (IDS-JS).

use super::{js_truthy, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::KidMissing), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some((_, h)) = f.header() else { return Check::Pass };
    (!js_truthy(h.get("kid"))).then(|| Fail::certain("The header has no kid.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    if decide(f, &crate::checks::oracle::ASSUME) != Check::Pass {
        let what = if h.contains_key("kid") { "kid is empty" } else { "The header has no kid" };
        out.push(
            Finding::new(
                Code::KidMissing,
                format!(
                    "{what}. Set it to the kid of your public key in the JWKS \
            registered for this app (e.g. \"test-1\")."
                ),
            )
            .about("kid"),
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
    fn fires_without_kid_or_with_an_empty_one() {
        for kid in [json!(null), json!("")] {
            let paste = curl_to(TOKEN_URL, &jwt(&with(header(), json!({ "kid": kid })), &claims()));
            fires(check, &paste, &ctx(), Code::KidMissing);
        }
    }

    #[test]
    fn silent_with_a_kid() {
        silent(check, &good_request(), &ctx());
    }
}
