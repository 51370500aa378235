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
            outcome("On Behalf Of User ID (555309871104) provided is invalid or not in the list of allowed OBO Users.", "forbidden", "FORBIDDEN"),
            ErrorId::ErsOboUserNotAllowed,
            "your token is fine",
        ),
        (
            format!("HTTP/1.1 403 Forbidden\n\n{}", outcome("No Legitimate Relationship for Binary with ID e7fdb6e6-f195-4cec-9435-3316f3117451.", "forbidden", "NO_RELATIONSHIP")),
            ErrorId::ErsNoLegitimateRelationship,
            "not an authentication problem",
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
        (
            outcome("On Behalf Of User ID (555061284107) is not permitted for Business Function (SERVICE_PROVIDER_CLINICIAN).", "forbidden", "FORBIDDEN"),
            ErrorId::ErsOboNotPermittedForBusinessFunction,
            "not an authentication problem",
        ),
        (
            "HTTP/1.1 403 Forbidden\ncontent-type: text/plain\n\nSANDBOX_ERROR: An On-Behalf-Of User ID must only be provided if this endpoint is accessed using the e-RS SERVICE_PROVIDER_CLINICIAN_ADMIN Business Function".to_string(),
            ErrorId::ErsSandboxOboRequiresSpca,
            "not an authentication problem",
        ),
        // e-RS's bare 401 on one endpoint while the same token works on others: likely its set-up.
        (
            "GET https://int.api.service.nhs.uk/referrals/FHIR/STU3/ReferralRequest/000049830117 -> 200\nGET https://int.api.service.nhs.uk/referrals/FHIR/R4/ServiceRequest?identifier=1 -> 401 Unauthorized".to_string(),
            ErrorId::ErsRefusedAfterGoodToken,
            "not your token",
        ),
        ("I am getting a 401 error from the eRS API when I retrieve documents".to_string(), ErrorId::ErsRefusedAfterGoodToken, "not your token"),
        ("POST https://int.api.service.nhs.uk/oauth2/token -> 429 Too Many Requests".to_string(), ErrorId::RateLimited, "rate limited"),
        // An API's own answers, read from its proxy's error repository (BaRS, VRS, PSU).
        (
            format!("POST https://int.api.service.nhs.uk/booking-and-referral/FHIR/R4/$process-message\nHTTP/1.1 403 Forbidden\n\n{}", outcome("The access token was provided, but BaRS is not enabled.", "forbidden", "SEND_FORBIDDEN")),
            ErrorId::BarsNotEnabled,
            "your token is fine",
        ),
        (
            format!("HTTP/1.1 404 Not Found\n\n{}", outcome("The target endpoint does not exist in the Endpoint Catalogue.", "not-found", "PROXY_NOT_FOUND")),
            ErrorId::BarsTargetNotInEndpointCatalogue,
            "not an authentication problem",
        ),
        (
            format!("GET https://int.api.service.nhs.uk/validated-relationships/FHIR/R4/RelatedPerson?identifier=9000000017\n403 {}", outcome("Access denied to resource.", "forbidden", "FORBIDDEN")),
            ErrorId::VrsAccessDeniedToResource,
            "your token is fine",
        ),
        (
            format!("PATCH https://int.api.service.nhs.uk/validated-relationships/FHIR/R4/Consent/1\n415 {}", outcome("Unsupported Media Type.", "not-supported", "UNSUPPORTED_MEDIA_TYPE")),
            ErrorId::VrsUnsupportedMediaType,
            "not an authentication problem",
        ),
        (
            format!("POST https://int.api.service.nhs.uk/nhs-app/communication/in-app/FHIR/R4/CommunicationRequest\nHTTP/1.1 403 Forbidden\n\n{}", outcome("Supplier with ID e2efe52b-0cf2-4815-a3c9-7675c7962c54 does not have channel App Message permission", "security", "FORBIDDEN")),
            ErrorId::NhsAppFeaturePermissionMissing,
            "your token is fine",
        ),
        (
            format!("GET https://int.api.service.nhs.uk/immunisation-fhir-api/FHIR/R4/Immunization\nHTTP/1.1 403 Forbidden\n\n{}", outcome("The sender does not have permissions to access this resource. Please check your credentials and permissions.", "forbidden", "SEND_UNAUTHORIZED")),
            ErrorId::ImmsTokenRefused403,
            "the platform is known to send it",
        ),
        (
            format!("HTTP/1.1 409 Conflict\n\n{}", outcome("Request contains a task id and prescription id identical to a record already in the data store.", "duplicate", "REC_CONFLICT")),
            ErrorId::PsuDuplicateTask,
            "not an authentication problem",
        ),
        (
            format!("GET https://int.api.service.nhs.uk/referrals/FHIR/R4/ServiceRequest/000000070000\nHTTP/1.1 401 Unauthorized\n\n{}", outcome("We couldn't verify your identity. Contact your local Registration Authority or IT department for help.", "forbidden", "ACCESS_DENIED")),
            ErrorId::ErsInsufficientIal,
            "does not open this call",
        ),
        (
            format!("POST https://int.api.service.nhs.uk/immunisation-fhir-api/FHIR/R4/Immunization\nHTTP/1.1 403 Forbidden\n\n{}", outcome("Unauthorized request for vaccine type", "forbidden", "")),
            ErrorId::ImmsUnauthorizedVaccineType,
            "your token is fine",
        ),
        (
            format!("GET https://int.api.service.nhs.uk/immunisation-fhir-api/FHIR/R4/Immunization/1\nHTTP/1.1 403 Forbidden\n\n{}", outcome("Unauthorized request", "forbidden", "")),
            ErrorId::ImmsUnauthorizedRequest,
            "your token is fine",
        ),
        (
            format!("GET https://int.api.service.nhs.uk/record-locator/consumer/FHIR/R4/DocumentReference?subject:identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009\nHTTP/1.1 403 Forbidden\n\n{}", outcome("Your organisation 'RJ1' does not have permission to access this resource. Contact the onboarding team.", "forbidden", "ACCESS DENIED")),
            ErrorId::NrlOrgWithoutPointerTypes,
            "your token is fine",
        ),
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
        // Another API's bare 401 is not e-RS's, and a 401 from e-RS's token call is the token endpoint's.
        "GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009 -> 401",
        "our users get a 401 from the API",
        "eRS nightly job: POST https://int.api.service.nhs.uk/oauth2/token -> 401 Unauthorized",
        "POST https://int.api.service.nhs.uk/oauth2/token -> 401 Unauthorized\nnext: GET https://int.api.service.nhs.uk/referrals/FHIR/R4/ServiceRequest",
    ] {
        let r = analyze(paste, &ctx);
        let why = r.verdict.why.to_lowercase();
        for words in ["your token is fine", "not your token", "not an authentication problem", "rate limited"] {
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
    // An API's access rule (VRS's endpoints closed to an application-restricted token): the
    // token was accepted; which calls take which token is the API's.
    let vrs = format!(
        "GET https://int.api.service.nhs.uk/validated-relationships/FHIR/R4/RelatedPerson\nHTTP/1.1 403 Forbidden\n\n{}",
        outcome("Access denied to resource.", "forbidden", "FORBIDDEN")
    );
    let r = analyze(&vrs, &ctx);
    assert!(r.verdict.why.contains("does not open this call to this kind of token"), "{}", r.verdict.why);
    let t = ticket(&r, &TicketInput::default());
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

/// User-restricted answers: the assurance level behind `unauthorized_client`, the actor token's
/// own checks, the dev mock's new base path, e-RS's and PDS's assurance rules. Each reaches its
/// entry with the cause that names the rule, and a near answer does not.
#[test]
fn user_restricted_answers_reach_their_entries_and_name_the_assurance_rule() {
    let ctx = Context::at(1_760_000_000);
    let nhs = |d: &str| format!(r#"{{"error":"invalid_request","error_description":"{d}","message_id":"rrt-1"}}"#);
    let firing: Vec<(String, ErrorId, &str)> = vec![
        (
            r#"{"error":"unauthorized_client","error_description":"you have tried to request authorization but your application is not configured to use this authorization grant type","message_id":"rrt-1"}"#.into(),
            ErrorId::UnauthorizedClient,
            "acr_values",
        ),
        (nhs("Invalid 'exp' claim in act.sub JWT - must be an integer"), ErrorId::ActSubExpNotInteger, "no expiry check"),
        (nhs("Missing 'kid' header in act.sub JWT"), ErrorId::ActSubKidMissing, "act.sub"),
        (nhs("Missing 'aud' claim in act.sub JWT"), ErrorId::ActSubAudMissing, "act.sub"),
        (
            "HTTPError: 404 Client Error: Not Found for url: https://dev.api.service.nhs.uk/oauth2-mock/authorize\n{\"error\":\"invalid_request\",\"error_description\":\"Not Found\"}".into(),
            ErrorId::Oauth2NotFound,
            "oauth2-mock-dep",
        ),
        (
            format!("HTTP/1.1 401 Unauthorized\n\n{}", outcome("The authentication method utilised is not currently supported. Contact your local Registration Authority or IT department for help.", "login", "ACCESS_DENIED")),
            ErrorId::ErsAuthenticationMethodNotSupported,
            "assurance",
        ),
        (
            format!("403 Forbidden\n{}", outcome("Your access token has insufficient permissions. See documentation regarding Patient access restrictions https://digital.nhs.uk/developer/api-catalogue/personal-demographics-service-fhir", "forbidden", "ACCESS_DENIED")),
            ErrorId::PdsPatientAccessRestricted,
            "P9",
        ),
    ];
    for (paste, id, words) in firing {
        let r = analyze(&paste, &ctx);
        assert_eq!(r.verdict.entry, Some(id), "{paste}\n{}", r.verdict.headline);
        let text = auth_triage::outputs::text::render(&r);
        assert!(text.contains(words), "{id}: {words:?} not in\n{text}");
    }
    // Silent: the client-credentials kid error is not the actor token's; another PDS 403 is not
    // the patient-access rule.
    let r = analyze(&nhs("Missing 'kid' header in client_assertion JWT"), &ctx);
    assert_eq!(r.verdict.entry, Some(ErrorId::KidMissing));
    let r = analyze(
        &outcome(
            "Your app has insufficient permissions to use this operation. Please contact support.",
            "forbidden",
            "ACCESS_DENIED",
        ),
        &ctx,
    );
    assert_ne!(r.verdict.entry, Some(ErrorId::PdsPatientAccessRestricted));
    assert_ne!(r.verdict.entry, Some(ErrorId::ErsAuthenticationMethodNotSupported));
}

/// An API's answer that no entry names is explained in its own words; about the resource or the
/// request's content (404, 422 …) it is not an authentication problem. An unknown answer of the
/// token endpoint is not called that.
#[test]
fn an_unknown_api_answer_is_quoted_and_not_made_an_auth_problem() {
    let ctx = Context::at(1_760_000_000);
    for paste in [
        "HTTP/1.1 422 Unprocessable Entity\n{\"statusCode\": 422, \"error\": \"INAPPROPRIATE_VALUE\", \"message\": \"'service' (6709911) does not relate to a Service on the Shortlist\"}",
        "GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9449310378\n404 Not Found\n{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"code\":\"processing\",\"details\":{\"coding\":[{\"code\":\"INVALIDATED_RESOURCE\",\"display\":\"Resource that has been marked as invalid was requested - invalid resources cannot be retrieved\"}]},\"severity\":\"error\"}]}",
        ">>> r.json()\n{'issue': [{'code': 'not-found', 'details': {'coding': [{'code': 'RESOURCE_NOT_FOUND', 'display': 'Resource not found'}]}, 'severity': 'information'}], 'resourceType': 'OperationOutcome'}\n>>> r.status_code\n404",
    ] {
        let r = analyze(paste, &ctx);
        assert_eq!(r.verdict.from, Provenance::Pasted, "{paste}");
        assert!(r.verdict.why.contains("not an authentication problem"), "{paste}: {}", r.verdict.why);
    }
    let r = analyze(
        "HTTP/1.1 401 Unauthorized\n{\"error\":\"invalid_request\",\"error_description\":\"Something new\"}",
        &ctx,
    );
    assert!(!r.verdict.why.contains("not an authentication problem"), "{}", r.verdict.why);
}

/// A 500 with no platform text is the backend's failure: said so, with the ids support needs.
#[test]
fn a_bare_500_from_an_api_says_what_to_give_support() {
    let ctx = Context::at(1_760_000_000);
    let paste = "GET https://int.api.service.nhs.uk/referrals/FHIR/R4/ServiceRequest\nX-Correlation-ID: 9ccf7320-fd19-45ea-874e-c1d87f8ac00d\n\nHTTP/1.1 500 Internal Server Error\n\" - The server encountered an unexpected condition that prevented it from fulfilling the request.\"";
    let r = analyze(paste, &ctx);
    assert_eq!((r.verdict.from, r.verdict.status), (Provenance::Pasted, Some(500)));
    assert_eq!(r.verdict.entry, Some(ErrorId::BackendUnavailable));
    assert!(auth_triage::outputs::text::render(&r).contains("X-Correlation-ID"));
}

/// PDS refuses a write to an application-restricted token: its own text, or its FHIR code in a
/// structured log whose body was cut; a FHIR 400 about a value is not an auth problem.
#[test]
fn a_pds_write_with_the_wrong_access_mode_and_a_bad_value_are_told_apart() {
    let ctx = Context::at(1_760_000_000);
    let r = analyze(
        &format!(
            "HTTP/1.1 403 Forbidden\n{}",
            outcome(
                "Your app has insufficient permissions to use this method. Please contact support.",
                "forbidden",
                "INVALID_METHOD"
            )
        ),
        &ctx,
    );
    assert_eq!(r.verdict.entry, Some(ErrorId::PdsInvalidMethod));
    assert!(r.verdict.why.to_lowercase().contains("your token is fine"), "{}", r.verdict.why);
    let log = r#"{"@mt":"HTTP {Method} {Uri} responded {StatusCode}","Method":"POST","StatusCode":403}
{"@mt":"PDS create patient failed: {Body}","Body":"{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"code\":\"forbidden\",\"details\":{\"coding\":[{\"code\":\"INVALID_METHOD\"}]}}]}"}"#;
    assert_eq!(analyze(log, &ctx).verdict.status, Some(403));
    let value =
        format!("HTTP/1.1 400 Bad Request\n{}", outcome("Resource Id is invalid", "value", "INVALID_RESOURCE_ID"));
    let r = analyze(&value, &ctx);
    assert!(r.verdict.why.contains("not an authentication problem"), "{}", r.verdict.why);
    // Silent: a 400 about access is not called a value problem.
    let access =
        format!("HTTP/1.1 400 Bad Request\n{}", outcome("Missing Authorization header", "security", "ACCESS_DENIED"));
    assert!(!analyze(&access, &ctx).verdict.why.contains("not an authentication problem"));
}

/// JSON:API error bodies (NHS Notify): read with their own code, words and status, also when a
/// structured log carries them as a JSON string; the catalogue's entry by the API's code.
#[test]
fn a_json_api_error_reaches_its_entry_also_inside_a_log_string() {
    let ctx = Context::at(1_760_000_000);
    let body = r#"{"errors":[{"id":"rrt-1-b-geu2-1","code":"CM_FORBIDDEN","status":"403","title":"Forbidden","detail":"Client not recognised or not yet onboarded."}]}"#;
    let r = analyze(body, &ctx);
    assert_eq!((r.verdict.entry, r.verdict.status), (Some(ErrorId::NotifyForbidden), Some(403)));
    let log = format!(
        r#"{{"@mt":"POST {{Url}} -> {{Status}}","Status":403,"Body":{}}}"#,
        serde_json::to_string(body).unwrap()
    );
    assert_eq!(analyze(&log, &ctx).verdict.entry, Some(ErrorId::NotifyForbidden));
    // Silent: another API's JSON:API code the catalogue does not hold is quoted, not matched.
    let other = r#"{"errors":[{"code":"XX_UNKNOWN","status":"404","detail":"No such thing."}]}"#;
    let r = analyze(other, &ctx);
    assert_eq!(r.verdict.entry, None);
    assert!(r.verdict.headline.contains("XX_UNKNOWN"), "{}", r.verdict.headline);
    // Its description (JSON:API's `detail`) is the headline's text, its code beside it.
    assert!(r.verdict.headline.contains("No such thing."), "its words beside the code: {}", r.verdict.headline);
}

/// A 407 is the user's own proxy: the request never reached the platform.
#[test]
fn a_407_is_your_own_proxy_not_the_platform() {
    let ctx = Context::at(1_760_000_000);
    let r = analyze("< HTTP/1.1 407 Proxy Authentication Required\n< Proxy-Authenticate: Basic realm=\"corp\"\n", &ctx);
    assert_eq!((r.verdict.entry, r.verdict.status), (Some(ErrorId::ProxyAuthenticationRequired), Some(407)));
    assert!(
        r.verdict.why.contains("not an authentication problem") || r.verdict.why.contains("proxy"),
        "{}",
        r.verdict.why
    );
    // Silent: the platform's own 401 is not a proxy's.
    assert_ne!(analyze("HTTP/1.1 401 Unauthorized\n", &ctx).verdict.entry, Some(ErrorId::ProxyAuthenticationRequired));
}

/// An API's own text belongs to that API: VRS's "Access denied to resource." in an answer to a
/// PDS call is not VRS's access rule; BaRS's and VRS's 401s are the token's, not "token is fine".
#[test]
fn an_apis_own_text_is_not_taken_for_another_apis_answer() {
    let ctx = Context::at(1_760_000_000);
    let pds = format!(
        "GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009\nHTTP/1.1 403 Forbidden\n\n{}",
        outcome("Access denied to resource.", "forbidden", "FORBIDDEN")
    );
    let r = analyze(&pds, &ctx);
    assert_ne!(r.verdict.entry, Some(ErrorId::VrsAccessDeniedToResource), "{}", r.verdict.headline);
    let imms_text =
        "The sender does not have permissions to access this resource. Please check your credentials and permissions.";
    let pds = format!(
        "GET https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009\nHTTP/1.1 403 Forbidden\n\n{}",
        outcome(imms_text, "forbidden", "SEND_UNAUTHORIZED")
    );
    assert_ne!(analyze(&pds, &ctx).verdict.entry, Some(ErrorId::ImmsTokenRefused403));
    for (paste, id) in [
        (outcome("No Access token was provided.", "unknown", "SEND_UNAUTHORIZED"), ErrorId::BarsNoAccessToken),
        (
            outcome("Invalid access token - Access Denied.", "forbidden", "ACCESS_DENIED"),
            ErrorId::VrsInvalidAccessToken,
        ),
    ] {
        let r = analyze(&format!("HTTP/1.1 401 Unauthorized\n\n{paste}"), &ctx);
        assert_eq!(r.verdict.entry, Some(id));
        let why = r.verdict.why.to_lowercase();
        assert!(!why.contains("your token is fine") && !why.contains("not an authentication problem"), "{why}");
    }
}
