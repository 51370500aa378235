//! A value that is what a language writes for nothing, or for an object, in place of a string:
//! `Bearer null`, `client_assertion=undefined`, a body of `[object Object]`, `[object Promise]`,
//! `System.Threading.Tasks.Task`1[System.String]`, `<coroutine object …>`. The variable held no
//! value (the call that should have set it failed, or was not awaited) and was sent as text.

use super::Facts;
use crate::vocab::{Code, Finding};

/// What each language writes for a variable that held nothing.
pub(super) const NOTHING: &[&str] = &["null", "undefined", "None", "nil", "NaN"];

/// What a stringified value says happened, if `v` is one.
fn stringified(v: &str) -> Option<&'static str> {
    let t = v.trim();
    match t {
        _ if NOTHING.contains(&t) => Some(
            "the variable held no value when the request was built (the call that should have set it failed or \
             returned nothing), and the language wrote that out as text",
        ),
        "[object Object]" => Some(
            "a JavaScript object was turned into text where a string was needed (pass the string itself, or a \
             URLSearchParams for a form body)",
        ),
        _ if t == "[object Promise]"
            || t.starts_with("System.Threading.Tasks.Task")
            || t.starts_with("<coroutine object") =>
        {
            Some("an asynchronous result was sent without awaiting it: await the call that makes the value")
        }
        _ => None,
    }
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    for r in f.requests {
        // (what, the value judged, what is shown before it: the Authorization header is said whole)
        // `Bearer null`, or the whole header `undefined` (fetch writes an undefined value as text).
        let bearer = r.header("authorization").map(|a| match a.strip_prefix("Bearer ") {
            Some(t) => ("the Authorization header", t, "Bearer "),
            None => ("the Authorization header", a, ""),
        });
        let apikey = r.header("apikey").map(|k| ("the apikey header", k, ""));
        let fields = r.form.iter().map(|(k, v)| (k.as_str(), v.as_str(), ""));
        let body = r.body.as_deref().filter(|_| r.form.iter().all(|(_, v)| v.is_empty())).map(|b| ("the body", b, ""));
        for (name, value, before) in bearer.into_iter().chain(apikey).chain(fields).chain(body) {
            let Some(why) = stringified(value) else { continue };
            let message = format!("{name} is \"{before}{}\": {why}.", value.trim());
            if !out.iter().any(|f: &Finding| f.message == message) {
                out.push(Finding::new(Code::ValueStringifiedNothing, message).about(name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_a_null_bearer_token_and_an_undefined_assertion() {
        let api = "curl https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009 -H 'Authorization: Bearer null'";
        fires(check, api, &ctx(), Code::ValueStringifiedNothing);
        fires(check, &curl_to(TOKEN_URL, "undefined"), &ctx(), Code::ValueStringifiedNothing);
        fires(check, &curl_to(TOKEN_URL, "[object Promise]"), &ctx(), Code::ValueStringifiedNothing);
        let whole = "URL: https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009\nRequest Headers\nauthorization: \"undefined\"\n";
        fires(check, whole, &ctx(), Code::ValueStringifiedNothing);
    }

    #[test]
    fn silent_on_real_values_and_words_that_merely_hold_null() {
        silent(check, &good_request(), &ctx());
        silent(check, &curl_to(TOKEN_URL, "nullable"), &ctx());
    }
}
