//! `iss` or `sub` missing (IDS-JS 7.7).

use super::{js_truthy, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    for name in ["iss", "sub"] {
        if !js_truthy(c.get(name)) {
            let what = if c.contains_key(name) { "is empty" } else { "is missing" };
            out.push(
                Finding::new(Code::IssSubMissing, format!("{name} {what}. Both iss and sub must hold your API key."))
                    .about(name),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;
    use serde_json::json;

    #[test]
    fn fires_when_iss_or_sub_is_missing_or_empty() {
        for change in [json!({ "iss": null }), json!({ "sub": "" })] {
            let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), change)));
            fires(check, &paste, &ctx(), Code::IssSubMissing);
        }
    }

    #[test]
    fn silent_with_both() {
        silent(check, &good_request(), &ctx());
    }
}
