//! `client_assertion_type` URL-encoded twice: after one decode it still holds `%3A`.

use super::Facts;
use crate::platform::CLIENT_ASSERTION_TYPE;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(t) = f.token_request().and_then(|r| r.form_value("client_assertion_type")) else { return };
    if t != CLIENT_ASSERTION_TYPE && t.contains('%') {
        let once: String = url::form_urlencoded::parse(format!("x={t}").as_bytes())
            .map(|(_, v)| v.into_owned())
            .next()
            .unwrap_or_default();
        let twice = if once == CLIENT_ASSERTION_TYPE {
            "It is the right URN encoded twice"
        } else {
            "It still holds %-escapes after decoding"
        };
        out.push(
            Finding::new(
                Code::ClientAssertionTypeDoubleEncoded,
                format!(
                    "client_assertion_type arrives as \
            \"{t}\". {twice} (the body on the wire holds %253A where it should hold %3A): encode it once — curl \
            --data-urlencode, URLSearchParams and form libraries already encode."
                ),
            )
            .about("client_assertion_type"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::platform::CLIENT_ASSERTION_TYPE;
    use crate::vocab::Code;

    const ONCE: &str = "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer";

    #[test]
    fn fires_when_the_urn_is_encoded_twice() {
        // Encoded by hand, then again by --data-urlencode.
        let paste = good_request().replace(
            &format!("client_assertion_type={CLIENT_ASSERTION_TYPE}"),
            &format!("client_assertion_type={ONCE}"),
        );
        fires(check, &paste, &ctx(), Code::ClientAssertionTypeDoubleEncoded);
    }

    #[test]
    fn silent_when_encoded_once() {
        silent(check, &good_request(), &ctx());
        // Encoded by hand and sent with -d: encoded once.
        let body =
            format!("grant_type=client_credentials&client_assertion_type={ONCE}&client_assertion={}", good_jwt());
        silent(check, &curl_body(TOKEN_URL, &body), &ctx());
    }
}
