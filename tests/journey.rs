//! The whole auth journey: answers after a good token (the API's own set-up for the app), answers
//! that are not about authentication, and rate limits. Each entry fires on the answer the API
//! sends and stays silent on a token-endpoint answer.

use auth_triage::vocab::Provenance;
use auth_triage::{analyze, Context, ErrorId};

fn outcome(diagnostics: &str, code: &str, fhir: &str) -> String {
    format!(
        r#"{{"resourceType":"OperationOutcome","issue":[{{"severity":"error","code":"{code}","details":{{"coding":[{{"system":"https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode","code":"{fhir}"}}]}},"diagnostics":"{diagnostics}"}}]}}"#
    )
}

/// (paste, the entry it must reach, words the verdict's why must hold)
fn firing() -> Vec<(String, ErrorId, &'static str)> {
    vec![
        (
            format!("HTTP/1.1 403 Forbidden\n\n{}", outcome("ASID is not configured in the application", "forbidden", "ACCESS_DENIED")),
            ErrorId::ErsAsidNotConfigured,
            "your token is fine",
        ),
        (
            r#"{"fault":{"faultstring":"Unresolved variable : app.app-restricted-ods-code","detail":{"errorcode":"entities.UnresolvedVariable"}}}"#.to_string(),
            ErrorId::ApigeeUnresolvedAppAttribute,
            "your token is fine",
        ),
        (
            outcome("User does not have the required Business Function at the specified Organisation.", "forbidden", "NO_ACCESS"),
            ErrorId::ErsBusinessFunctionRequired,
            "your token is fine",
        ),
        (
            outcome("Missing or Empty NHSD-End-User-Organisation-ODS header.", "required", "MISSING_HEADER"),
            ErrorId::ErsOdsHeaderMissing,
            "your token is fine",
        ),
        (
            outcome("Invalid value - 'req-42' in header 'X-Request-ID'", "value", "INVALID_VALUE"),
            ErrorId::PdsXRequestIdInvalid,
            "not an authentication problem",
        ),
        (
            r#"{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"not-found","details":{"coding":[{"system":"https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode","code":"RESOURCE_NOT_FOUND","display":"Resource not found"}]}}]}"#.to_string(),
            ErrorId::FhirResourceNotFound,
            "not an authentication problem",
        ),
        (
            r#"{"interval":1,"limit":1,"message":"Your application, My App - INT, has exceeded its quota of 1 requests every 1 minute(s) and is being rate limited.","message_id":"rrt-1","policy":"quota"}"#.to_string(),
            ErrorId::RateLimited,
            "rate limited",
        ),
        ("POST https://int.api.service.nhs.uk/oauth2/token -> 429 Too Many Requests".to_string(), ErrorId::RateLimited, "rate limited"),
        ("GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009\nHTTP/1.1 503 Service Unavailable\nRetry-After: 5\n".to_string(), ErrorId::BackendUnavailable, "not an authentication problem"),
    ]
}

#[test]
fn each_answer_beyond_the_token_endpoint_reaches_its_entry_and_says_where_it_stands() {
    let ctx = Context::at(1_760_000_000);
    for (paste, id, words) in firing() {
        let r = analyze(&paste, &ctx);
        assert_eq!(r.verdict.from, Provenance::Pasted, "{paste}");
        assert_eq!(r.verdict.entry, Some(id), "{paste}\n{}", r.verdict.headline);
        assert!(r.verdict.why.to_lowercase().contains(words), "{id}: {}", r.verdict.why);
        assert!(!r.verdict.why.contains("kid") && !r.verdict.why.contains("signature"), "{id}: an auth cause invented");
    }
}

#[test]
fn a_token_endpoint_answer_is_not_called_beyond_the_token() {
    let ctx = Context::at(1_760_000_000);
    for paste in [
        r#"{"error":"invalid_request","error_description":"Missing 'kid' header in client_assertion JWT","message_id":"rrt-1"}"#,
        "HTTP/1.1 401 Unauthorized\n",
        "I keep getting a 403 from the API",
    ] {
        let r = analyze(paste, &ctx);
        let why = r.verdict.why.to_lowercase();
        for words in ["your token is fine", "not an authentication problem", "rate limited"] {
            assert!(!why.contains(words), "{paste}: {why}");
        }
    }
}

/// The ticket goes to the team that can act: an API's own answer to that API's team, the token
/// endpoint's to the API Platform team.
#[test]
fn the_ticket_is_addressed_to_the_team_that_can_act() {
    use auth_triage::outputs::ticket::{ticket, TicketInput};
    let ctx = Context::at(1_760_000_000);
    let asid = format!(
        "HTTP/1.1 403 Forbidden\n\n{}",
        outcome("ASID is not configured in the application", "forbidden", "ACCESS_DENIED")
    );
    let t = ticket(&analyze(&asid, &ctx), &TicketInput::default());
    assert!(t.contains("To: the API's own team"), "{t}");
    let kid = r#"{"error":"invalid_request","error_description":"Missing 'kid' header in client_assertion JWT","message_id":"rrt-1"}"#;
    let t = ticket(&analyze(kid, &ctx), &TicketInput::default());
    assert!(t.contains("To: the API Platform team"), "{t}");
}

/// A token response is an answer too: its lifetime is the platform's, expires_in a string.
#[test]
fn a_success_body_is_explained_and_a_client_that_cannot_read_it_is_not_sent_away() {
    let ctx = Context::at(1_760_000_000);
    let ok = r#"{"access_token":"c7bdBHQGszmGrQLrsuYzaa3j9oLq","expires_in":"599","token_type":"Bearer","issued_at":"1760000000000"}"#;
    let r = analyze(ok, &ctx);
    assert_eq!((r.verdict.from, r.verdict.status), (Provenance::Pasted, Some(200)));
    assert!(r.verdict.why.contains("599") && r.verdict.why.contains("string") && r.verdict.why.contains("reuse"));
    let go = format!("POST https://int.api.service.nhs.uk/oauth2/token status=200 body={ok}\ntoken: json: cannot unmarshal string into Go struct field TokenResponse.expires_in of type int64");
    let r = analyze(&go, &ctx);
    assert_eq!(r.verdict.from, Provenance::Client);
    assert!(r.verdict.why.contains("was sent and answered"), "{}", r.verdict.why);
    assert!(r.client_error.as_ref().is_some_and(|c| c.fix.contains("string")));
    assert!(!r.worth_a_ticket(), "the client's own parsing: nothing for the platform team");
}
