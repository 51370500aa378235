//! The answer says a header arrived empty (PDS: `Invalid value - '' in header 'X-Request-ID'`)
//! and the code sets that header from a variable or an expression: that value was empty when the
//! call was made (unset, misspelt, or assigned after the headers were built). The answer's own
//! words are the evidence; the code names what to look at.

use super::Facts;
use crate::vocab::{Code, Finding};

/// The header an answer says arrived empty.
pub fn empty_header(said: &str) -> Option<&str> {
    let (_, rest) = said.split_once("'' in header '")?;
    rest.split_once('\'').map(|(name, _)| name)
}

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(name) = f.error_body().and_then(|b| b.diagnostics.as_deref()).and_then(empty_header) else { return };
    let set = f.requests.iter().rev().find_map(|r| r.header(name));
    let message = match set.map(str::trim) {
        Some(v) if v.contains(['$', '{', '(']) => {
            let expr = v.trim_matches(['{', '}', '"', '\'']);
            format!(
                "The answer says {name} arrived empty, and the code sets it from {expr}: that value was empty when \
                 the call was made (a variable never assigned or spelt differently where it was assigned, or \
                 assigned after the headers were built)."
            )
        }
        Some("") | None => format!("The answer says {name} arrived empty: the client sent the header with no value."),
        Some(_) => return,
    };
    out.push(Finding::new(Code::HeaderSentEmpty, message).about(name));
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    const ANSWER: &str = r#"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"value","details":{"coding":[{"system":"https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode","code":"INVALID_VALUE"}]},"diagnostics":"Invalid value - '' in header 'X-Request-ID'"}]}"#;

    #[test]
    fn fires_when_the_answer_names_an_empty_header_the_code_computes() {
        let paste = format!(
            "$headers = @{{ Authorization = \"Bearer $tok\"; \"X-Request-ID\" = \"$requestId\" }}\nInvoke-RestMethod -Uri \"https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9449305552\" -Headers $headers\n{ANSWER}"
        );
        fires(check, &paste, &ctx(), Code::HeaderSentEmpty);
        fires(check, ANSWER, &ctx(), Code::HeaderSentEmpty);
    }

    #[test]
    fn silent_on_another_answer() {
        silent(check, &ANSWER.replace("''", "'abc'"), &ctx());
        silent(check, &good_request(), &ctx());
    }
}
