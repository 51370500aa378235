//! `typ` present but not `jwt` ignoring case (IDS-JS: `typ.toLowerCase() != "jwt"`).

use super::{show, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::TypInvalid), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some((_, h)) = f.header() else { return Check::Pass };
    let ok = h.get("typ").and_then(|t| t.as_str()).is_some_and(|t| t.to_lowercase() == "jwt");
    (!ok).then(|| Fail::certain("typ is missing or not JWT.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    let Some(typ) = h.get("typ") else { return };
    if typ.as_str().is_some_and(|t| t.to_lowercase() == "jwt") {
        return;
    }
    out.push(
        Finding::new(Code::TypInvalid, format!("typ is {}; it must be the string \"JWT\" (any case).", show(typ)))
            .about("typ"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_when_typ_is_not_jwt() {
        for typ in [json!("JOSE"), json!("at+jwt"), json!(1)] {
            let paste = curl_to(TOKEN_URL, &jwt(&with(header(), json!({ "typ": typ })), &claims()));
            fires(check, &paste, &ctx(), Code::TypInvalid);
        }
    }

    #[test]
    fn silent_on_jwt_in_any_case() {
        silent(check, &good_request(), &ctx());
        let paste = curl_to(TOKEN_URL, &jwt(&with(header(), json!({ "typ": "jwt" })), &claims()));
        silent(check, &paste, &ctx());
    }
}
