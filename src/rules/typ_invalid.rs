//! `typ` present but not `jwt` ignoring case (IDS-JS: `typ.toLowerCase() != "jwt"`).

use super::{show, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

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
    use crate::rules::testing::*;
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
