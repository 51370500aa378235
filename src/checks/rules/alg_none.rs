//! `alg` is `none`: an unsecured JWT. IDS-JS rejects any alg but RS512.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    if let Some(alg) = h.get("alg").and_then(|a| a.as_str()).filter(|a| a.eq_ignore_ascii_case("none")) {
        out.push(
            Finding::new(
                Code::AlgNone,
                format!(
                    "alg is \"{alg}\": an unsecured JWT that anyone could have written. \
                The platform accepts only RS512, and a tool that accepts alg \"none\" is unsafe."
                ),
            )
            .about("alg"),
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
    fn fires_on_alg_none_in_any_case() {
        for alg in ["none", "None"] {
            let paste = curl_to(TOKEN_URL, &jwt(&with(header(), json!({ "alg": alg })), &claims()));
            fires(check, &paste, &ctx(), Code::AlgNone);
        }
    }

    #[test]
    fn silent_with_rs512() {
        silent(check, &good_request(), &ctx());
    }
}
