//! Content-Type not exactly `application/x-www-form-urlencoded` (Flow.PostTokenInvalidMediaType
//! → 415). A `; charset` suffix has its own finding.

use super::Facts;
use crate::platform::FORM_CONTENT_TYPE;
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    if !f.is_token_call() {
        return;
    }
    let Some(r) = f.token_request() else { return };
    if r.method.as_deref().is_some_and(|m| m != "POST")
        || (r.source != Some(crate::decode::request::RequestSource::Curl)
            && r.source != Some(crate::decode::request::RequestSource::Http))
    {
        return; // a devtools URL or a bare form body says nothing about headers
    }
    match r.content_type.as_deref() {
        None => out.push(
            Finding::new(
                Code::ContentTypeWrong,
                format!("The request has no Content-Type header. It must be {FORM_CONTENT_TYPE}."),
            )
            .about("content-type"),
        ),
        Some(ct) if ct == FORM_CONTENT_TYPE => {}
        Some(ct) if ct.split(';').next().map(str::trim) == Some(FORM_CONTENT_TYPE) => {}
        Some(ct) => {
            let why = if r.json_body {
                " — the body is JSON"
            } else if r.multipart {
                " — curl -F sends multipart/form-data; use --data-urlencode"
            } else {
                ""
            };
            out.push(
                Finding::new(
                    Code::ContentTypeWrong,
                    format!("Content-Type is \"{ct}\"{why}. The token endpoint needs exactly {FORM_CONTENT_TYPE}."),
                )
                .about("content-type"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_another_or_no_content_type() {
        let json = good_request().replace("application/x-www-form-urlencoded", "application/json");
        fires(check, &json, &ctx(), Code::ContentTypeWrong);
        let none = http("POST", TOKEN_URL, &[], &form_body(&good_jwt()));
        fires(check, &none, &ctx(), Code::ContentTypeWrong);
    }

    #[test]
    fn silent_with_the_form_content_type() {
        silent(check, &good_request(), &ctx());
        let raw =
            http("POST", TOKEN_URL, &["Content-Type: application/x-www-form-urlencoded"], &form_body(&good_jwt()));
        silent(check, &raw, &ctx());
    }

    #[test]
    fn silent_on_a_charset_suffix_which_has_its_own_finding() {
        let paste = good_request().replace("x-www-form-urlencoded'", "x-www-form-urlencoded; charset=UTF-8'");
        silent(check, &paste, &ctx());
    }
}
