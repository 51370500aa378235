//! No `typ` header. IDS-JS: `typeof typ != "string"` fails.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    if !h.contains_key("typ") {
        let hint = if h.contains_key("type") { " The header has \"type\": the name must be \"typ\"." } else { "" };
        out.push(
            Finding::new(
                Code::TypMissing,
                format!(
                    "The header has no typ. The platform requires \"typ\": \
            \"JWT\" (RFC 7519 makes it optional; the gateway does not).{hint}"
                ),
            )
            .about("typ"),
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
    fn fires_without_typ() {
        for change in [json!({ "typ": null }), json!({ "typ": null, "type": "JWT" })] {
            let paste = curl_to(TOKEN_URL, &jwt(&with(header(), change), &claims()));
            fires(check, &paste, &ctx(), Code::TypMissing);
        }
    }

    #[test]
    fn silent_with_typ() {
        silent(check, &good_request(), &ctx());
    }
}
