//! A JSON body sent to the token endpoint, which reads only a form (RaiseFault.MissingGrantType
//! when the header says form, 415 when it says JSON).

use super::Facts;
use crate::vocab::{Code, Finding};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request().filter(|r| f.is_token_call() && r.json_body) else { return };
    let said = match r.content_type.as_deref() {
        Some(ct) if ct.contains("x-www-form-urlencoded") => " although Content-Type says form",
        _ => "",
    };
    let made = r.body_why.as_deref().map(|w| format!(" ({w})")).unwrap_or_default();
    out.push(
        Finding::new(
            Code::FormBodyIsJson,
            format!(
                "The body is JSON{made}{said}: the token endpoint reads only a form body, so it finds no grant_type. \
                 axios and fetch send a JS object as JSON — send new URLSearchParams({{ grant_type, \
                 client_assertion_type, client_assertion }}) instead (data= in Python requests, \
                 FormUrlEncodedContent in .NET)."
            ),
        )
        .about("body"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_a_json_body() {
        let paste = format!(
            "curl -X POST {TOKEN_URL} -H 'Content-Type: application/x-www-form-urlencoded' \
             -d '{{\"grant_type\":\"client_credentials\"}}'"
        );
        fires(check, &paste, &ctx(), Code::FormBodyIsJson);
    }

    #[test]
    fn silent_on_a_form_body() {
        silent(check, &good_request(), &ctx());
    }
}
