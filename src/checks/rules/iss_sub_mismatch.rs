//! `iss` ≠ `sub` (IDS-JS 7.7).

use super::{show, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::IssSubMismatch), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    let Some((_, c)) = f.claims() else { return Check::Pass };
    let (iss, sub) = (c.get("iss"), c.get("sub"));
    let ok = super::js_truthy(iss) && super::js_truthy(sub) && iss == sub;
    (!ok).then(|| Fail::certain("iss and sub are not both present and equal.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    let (Some(iss), Some(sub)) = (c.get("iss"), c.get("sub")) else { return };
    if iss != sub && super::js_truthy(Some(iss)) && super::js_truthy(Some(sub)) {
        let hint = match (iss.as_str(), sub.as_str()) {
            (Some(i), Some(s)) if i.trim() == s.trim() => " They differ only in white space.",
            (_, Some(s)) if super::looks_like_guid(s) => " sub looks like an Application ID (a GUID), not an API key.",
            (Some(i), _) if super::looks_like_guid(i) => " iss looks like an Application ID (a GUID), not an API key.",
            _ => "",
        };
        out.push(
            Finding::new(
                Code::IssSubMismatch,
                format!("iss is {} but sub is {}: they must be equal, both your API key.{hint}", show(iss), show(sub)),
            )
            .about("sub"),
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
    fn fires_when_iss_and_sub_differ() {
        for sub in [json!("ZyXwVuTsRqPoNmLkJiHgFeDcBa987654"), json!(APP_ID), json!(format!("{KEY} "))] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "sub": sub }))));
            fires(check, &paste, &ctx(), Code::IssSubMismatch);
        }
    }

    #[test]
    fn silent_when_equal() {
        silent(check, &good_request(), &ctx());
    }
}
