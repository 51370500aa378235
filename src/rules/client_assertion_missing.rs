//! A token request with a form body but no `client_assertion`.

use super::Facts;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request().filter(|r| r.form_value("grant_type") == Some("client_credentials")) else {
        return;
    };
    match r.form_value("client_assertion") {
        Some(a) if !a.trim().is_empty() => {}
        None if r.partial => {}
        _ => {
            let hint = if r.header("authorization").is_some_and(|a| a.contains("eyJ")) {
                " The JWT is in the Authorization header instead."
            } else {
                ""
            };
            out.push(
                Finding::new(
                    Code::ClientAssertionMissing,
                    format!("The form body has no client_assertion: the signed JWT is not sent.{hint}"),
                )
                .about("client_assertion"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::platform::CLIENT_ASSERTION_TYPE;
    use crate::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_when_the_form_has_no_client_assertion() {
        let without = form(&[("grant_type", "client_credentials"), ("client_assertion_type", CLIENT_ASSERTION_TYPE)]);
        fires(check, &curl_body(TOKEN_URL, &without), &ctx(), Code::ClientAssertionMissing);
        let empty = form(&[
            ("grant_type", "client_credentials"),
            ("client_assertion_type", CLIENT_ASSERTION_TYPE),
            ("client_assertion", " "),
        ]);
        fires(check, &curl_body(TOKEN_URL, &empty), &ctx(), Code::ClientAssertionMissing);
        let in_header = curl_body(TOKEN_URL, &without)
            .replace("-d '", &format!("-H 'Authorization: Bearer {}' \\\n  -d '", good_jwt()));
        fires(check, &in_header, &ctx(), Code::ClientAssertionMissing);
    }

    #[test]
    fn silent_with_a_client_assertion() {
        silent(check, &good_request(), &ctx());
        silent(check, &curl_body(TOKEN_URL, &form_body(&good_jwt())), &ctx());
    }
}
