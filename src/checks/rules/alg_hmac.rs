//! `alg` is HS256/HS384/HS512: a shared-secret MAC, not a private-key signature.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, h)) = f.header() else { return };
    if let Some(alg) = h.get("alg").and_then(|a| a.as_str()).filter(|a| a.to_ascii_uppercase().starts_with("HS")) {
        out.push(
            Finding::new(
                Code::AlgHmac,
                format!(
                    "alg is \"{alg}\": an HMAC with a shared secret. The platform needs \
                RS512, signed with your private key; never share a secret in place of a key pair."
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
    fn fires_on_an_hmac_alg() {
        for alg in ["HS256", "hs512"] {
            let paste = curl_to(TOKEN_URL, &jwt(&with(header(), json!({ "alg": alg })), &claims()));
            fires(check, &paste, &ctx(), Code::AlgHmac);
        }
    }

    #[test]
    fn silent_with_rs512() {
        silent(check, &good_request(), &ctx());
    }
}
