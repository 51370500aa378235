//! An error body none of whose strings is a known platform error.

use super::Facts;
use crate::decode::error_body::BodyKind;
use crate::vocab::Code;
use crate::vocab::{Finding, Target};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    for (i, b) in f.error_bodies.iter().enumerate().filter(|(_, b)| b.entry.is_none() && !b.kind.is_success()) {
        let text = b
            .error_description
            .as_deref()
            .or(b.errorcode.as_deref())
            .or(b.diagnostics.as_deref())
            .or(b.said.as_deref().filter(|_| b.kind == BodyKind::Other))
            .or(b.error.as_deref())
            .unwrap_or("(no error text)");
        // An API's own FHIR or JSON:API answer, with its code: the API said it, in its terms (the
        // token endpoint answers neither).
        let api = matches!(b.kind, BodyKind::OperationOutcome | BodyKind::JsonApi);
        if let Some(code) = b.fhir_code.as_deref().filter(|_| api) {
            out.push(
                Finding::new(
                    Code::ApiAnswerNotCatalogued,
                    format!(
                        "\"{text}\" ({code}) is the API's own answer, in its own terms: it is not one of the platform's \
                         authentication errors, and this catalogue does not list it. The API's specification says \
                         what {code} means for this request.{}",
                        f.api_call().map(asked).unwrap_or_default()
                    ),
                )
                .span(b.span)
                .on(Target::Body(i)),
            );
            continue;
        }
        out.push(
            Finding::new(
                Code::ErrorBodyUnrecognised,
                format!(
                    "\"{text}\" is not an error string the NHS API \
            Platform is known to send. It may come from another server (CIS2 itself, a proxy, your own code) or be \
            paraphrased.{}",
                    f.api_call().filter(|_| b.kind == BodyKind::Other).map(asked).unwrap_or_default()
                ),
            )
            .span(b.span)
            .on(Target::Body(i)),
        );
    }
}

/// What the call asked of the API, as the paste shows it: its method and path, the names of its
/// search parameters, a JSON Patch's operations. What the API's answer is about.
fn asked(call: &crate::decode::request::Request) -> String {
    let Some(url) = call.parsed_url() else { return String::new() };
    let method = call.method.as_deref().unwrap_or("GET");
    let mut parts = vec![format!("{method} {}", url.path())];
    let params: Vec<String> = url.query_pairs().map(|(k, v)| format!("{k}={v}")).collect();
    if !params.is_empty() {
        parts.push(format!("search parameters {}", params.join(", ")));
    }
    let body = call.body.as_deref().and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok());
    let ops = body.as_ref().map(|b| b.get("patches").unwrap_or(b)).and_then(|p| p.as_array()).map(|ops| {
        ops.iter()
            .filter_map(|o| Some(format!("{} {}", o.get("op")?.as_str()?, o.get("path")?.as_str()?)))
            .collect::<Vec<_>>()
    });
    if let Some(ops) = ops.filter(|o| !o.is_empty()) {
        parts.push(format!("patches {}", ops.join(", ")));
    }
    format!(" The call it answered: {}.", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_an_unknown_error_text() {
        let paste = nhs_error("invalid_request", "Something went wrong with your token");
        fires(check, &paste, &ctx(), Code::ErrorBodyUnrecognised);
    }

    #[test]
    fn an_api_s_own_coded_answer_is_said_as_the_api_s() {
        let paste = "PATCH https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9693797310\n\
                     {\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"structure\",\
                     \"details\":{\"coding\":[{\"system\":\"https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode\",\
                     \"code\":\"INVALID_UPDATE\"}]},\"diagnostics\":\"Invalid update with error - Invalid patch - \
                     Provided patch made no changes to the resource\"}]}";
        fires(check, paste, &ctx(), Code::ApiAnswerNotCatalogued);
        assert!(!codes(check, paste, &ctx()).contains(&Code::ErrorBodyUnrecognised));
        let curl = "curl -X PATCH 'https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/1?x=1' \
                    -H 'Authorization: Bearer 3GTPjaC26sGmCyrz02ua785bdpBP' \
                    -d '{\"patches\":[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"female\"}]}'\n";
        let report = crate::analyze(&format!("{curl}{}", &paste[paste.find('{').unwrap_or(0)..]), &ctx());
        let said = report.findings.iter().find(|f| f.code == Code::ApiAnswerNotCatalogued).map(|f| f.message.clone());
        let said = said.unwrap_or_default();
        assert!(
            said.contains("PATCH /personal-demographics") && said.contains("replace /gender") && said.contains("x=1"),
            "{said}"
        );
    }

    #[test]
    fn silent_on_a_known_error() {
        silent(check, &nhs_error("invalid_request", "grant_type is missing"), &ctx());
        silent(check, &good_request(), &ctx());
    }
}
