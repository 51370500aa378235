//! `iss`/`sub` differ from the API key the user typed (VerifyAPIKey.FromJWT on `sub`).

use super::{redact, Facts};
use crate::checks::oracle::Oracle;
use crate::checks::step::{Check, Fail, GatewayCheck};
use crate::vocab::Code;
use crate::vocab::Finding;

/// The gateway's predicate for this step (spec §4.1); the finding below is made from it.
pub const GATEWAY: GatewayCheck = GatewayCheck { code: Some(Code::IssSubNotApiKey), decide };

fn decide(f: &Facts, _: &dyn Oracle) -> Check {
    // No claims to read (no assertion in the paste): nothing to compare the key with.
    let Some((_, c)) = f.claims() else { return Check::Pass };
    let sub = c.get("sub").and_then(|s| s.as_str()).unwrap_or("");
    f.key().filter(|k| *k != sub).map(|_| Fail::likely("sub is not the API key you entered.")).into()
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let (Some((_, c)), Some(key)) = (f.claims(), f.key()) else { return };
    for name in ["iss", "sub"] {
        let Some(v) = c.get(name).and_then(|v| v.as_str()) else { continue };
        if v == key {
            continue;
        }
        let why = if v.trim() == key.trim() {
            "they differ only in white space".to_string()
        } else if super::looks_like_guid(v) {
            "it looks like an Application ID (a GUID)".to_string()
        } else {
            format!("{name} starts {} ", redact(v))
        };
        out.push(
            Finding::new(
                Code::IssSubNotApiKey,
                format!(
                    "{name} is not the API key you entered ({}): {why}. The \
                gateway looks up sub as an API key of this environment.",
                    redact(key)
                )
                .replace(" : ", ": ")
                .replace("  ", " "),
            )
            .about(name),
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
    fn fires_when_iss_and_sub_are_not_the_typed_key() {
        let other = ctx_with(|c| c.api_key = Some("ZyXwVuTsRqPoNmLkJiHgFeDcBa987654".into()));
        fires(check, &good_request(), &other, Code::IssSubNotApiKey);
        let guid = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "sub": APP_ID }))));
        fires(check, &guid, &ctx(), Code::IssSubNotApiKey);
    }

    #[test]
    fn silent_when_both_are_the_key() {
        silent(check, &good_request(), &ctx());
    }
}
