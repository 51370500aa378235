//! `jti` is a string but not a GUID: accepted (content is not validated), but a uuid4 is
//! recommended so it never repeats (spec §3.2).

use super::{looks_like_guid, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    if let Some(jti) = c.get("jti").and_then(|j| j.as_str()).filter(|j| !looks_like_guid(j)) {
        out.push(
            Finding::new(
                Code::JtiNotGuid,
                format!(
                    "jti \"{jti}\" is accepted, but not a GUID. A fresh uuid4 per \
            assertion is the safe way to never repeat one."
                ),
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
    fn fires_on_a_string_jti_that_is_not_a_guid() {
        let paste = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "jti": "request-1" }))));
        fires(check, &paste, &ctx(), Code::JtiNotGuid);
    }

    #[test]
    fn silent_on_a_guid() {
        silent(check, &good_request(), &ctx());
    }
}
