//! White space or invisible characters in the API key, in claims that must match exactly
//! (F-7141: "Extra spaces or hidden characters"), or in the token request's form values the
//! gateway compares exactly (`grant_type=client_credentials+`: a space from a properties file).

use super::{odd_characters, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if let Some(key) = f.ctx.api_key.as_deref().filter(|k| !k.is_empty()) {
        if let Some(what) = odd_characters(key) {
            out.push(
                Finding::new(
                    Code::InvisibleCharsInValue,
                    format!(
                        "The API key you entered has {what}. Keys are compared exactly: copy it again from the portal."
                    ),
                )
                .about("api_key"),
            );
        }
    }
    if let Some((_, c)) = f.claims() {
        for name in ["iss", "sub", "aud", "jti"] {
            if let Some(what) = c.get(name).and_then(|v| v.as_str()).and_then(odd_characters) {
                out.push(
                    Finding::new(
                        Code::InvisibleCharsInValue,
                        format!("{name} has {what}. The gateway compares it exactly."),
                    )
                    .about(name),
                );
            }
        }
    }
    if let Some(r) = f.token_request() {
        for name in ["grant_type", "client_assertion_type", "subject_token_type", "client_id"] {
            if let Some(what) = r.form_value(name).and_then(odd_characters) {
                out.push(
                    Finding::new(
                        Code::InvisibleCharsInValue,
                        format!(
                            "The form field {name} has {what} (a space is sent as + or %20). The gateway compares \
                             it exactly, so the value is not the one it knows: trim it where it is read (a \
                             properties or .env file, a copied value)."
                        ),
                    )
                    .about(name),
                );
            }
        }
    }
    if let Some((_, h)) = f.header() {
        if let Some(what) = h.get("kid").and_then(|v| v.as_str()).and_then(odd_characters) {
            out.push(
                Finding::new(
                    Code::InvisibleCharsInValue,
                    format!("kid has {what}. It must equal the kid in your JWKS exactly."),
                )
                .about("kid"),
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
    fn fires_on_white_space_in_the_typed_key() {
        fires(check, &good_request(), &ctx_with(|c| c.api_key = Some(format!("{KEY} "))), Code::InvisibleCharsInValue);
    }

    #[test]
    fn fires_on_invisible_characters_in_claims_or_kid() {
        let iss = curl_to(TOKEN_URL, &jwt(&header(), &with(claims(), json!({ "iss": format!("{KEY}\u{200b}") }))));
        fires(check, &iss, &ctx(), Code::InvisibleCharsInValue);
        let kid = curl_to(TOKEN_URL, &jwt(&with(header(), json!({ "kid": " test-1" })), &claims()));
        fires(check, &kid, &ctx(), Code::InvisibleCharsInValue);
    }

    #[test]
    fn fires_on_white_space_in_a_form_value() {
        // -d sends the form as written: the + is a space.
        let paste = good_request()
            .replace("--data-urlencode 'grant_type=client_credentials'", "-d 'grant_type=client_credentials+'");
        assert!(paste.contains("-d 'grant_type=client_credentials+'"), "{paste}");
        fires(check, &paste, &ctx(), Code::InvisibleCharsInValue);
    }

    #[test]
    fn silent_on_clean_values() {
        silent(check, &good_request(), &ctx());
    }
}
