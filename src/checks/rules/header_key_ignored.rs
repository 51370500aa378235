//! `jku`, `x5u`, `jwk`, `x5c` in the header: the platform ignores them and fetches only the JWKS
//! registered for the app (Javascript.SetServiceCalloutUrl.xml; F-5033). Tools that trust them
//! can be fooled by any token.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    for name in ["jku", "x5u", "jwk", "x5c"] {
        if h.contains_key(name) {
            out.push(
                Finding::new(
                    Code::HeaderKeyIgnored,
                    format!(
                        "The header carries {name}. The platform ignores it and \
                    uses only the JWKS registered for your app; a key or key URL inside a token proves nothing about \
                    who signed it."
                    ),
                )
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
    fn fires_on_key_material_in_the_header() {
        for (name, v) in [
            ("jku", json!("https://example.com/jwks.json")),
            ("x5c", json!(["MIIB"])),
            ("jwk", json!({ "kty": "RSA" })),
        ] {
            let paste = curl_to(TOKEN_URL, &jwt(&with(header(), json!({ name: v })), &claims()));
            fires(check, &paste, &ctx(), Code::HeaderKeyIgnored);
        }
    }

    #[test]
    fn silent_with_alg_typ_kid_only() {
        silent(check, &good_request(), &ctx());
    }
}
