//! The recognisers on what people paste: prose is not a request; code, devtools and forms are.

use super::*;

#[test]
fn a_keyword_argument_is_not_a_form_body() {
    let found = find_requests("token = session.fetch_token(TOKEN_URL, grant_type=\"client_credentials\")");
    assert!(found.iter().all(|r| r.kind != RawKind::Form), "{found:?}");
    let found = find_requests("body: grant_type=client_credentials&client_assertion=eyJ.x.y");
    assert!(found.iter().any(|r| r.kind == RawKind::Form), "{found:?}");
}

#[test]
fn prose_naming_curl_or_a_url_is_not_a_request() {
    let reply = "Please send:\nThe exact cURL or HTTP request you make (secrets removed)\n\
                 url: the token URL you call, e.g. https://int.api.service.nhs.uk/oauth2/token\n";
    let found = find_requests(reply);
    assert!(found.iter().all(|r| r.kind != RawKind::Curl), "{found:?}");
    assert!(found.iter().all(|r| !matches!(r.kind, RawKind::Devtools { .. })), "{found:?}");
    for cmd in [
        "curl -X POST https://int.api.service.nhs.uk/oauth2/token",
        "$ curl https://int.api.service.nhs.uk/oauth2/token -d a=1",
        "curl \\\n  -X POST x",
        "curl \"https://int.api.service.nhs.uk/oauth2/token\"",
    ] {
        assert_eq!(find_requests(cmd).first().map(|r| r.kind.clone()), Some(RawKind::Curl), "{cmd}");
    }
    let devtools = find_requests("Request URL: https://sandbox.api.service.nhs.uk/oauth2/token\nMethod: POST");
    assert!(matches!(devtools[0].kind, RawKind::Devtools { .. }));
}

#[test]
fn curl_verbose_lines_are_the_request_sent_once() {
    let sent = "> GET /personal-demographics/FHIR/R4/Patient/9000000009 HTTP/2\n> Host: int.api.service.nhs.uk\n\
                > authorization: Bearer abc\n>\n< HTTP/2 401\n";
    let found = find_requests(sent);
    assert_eq!(found.iter().filter(|r| r.kind == RawKind::Http).count(), 1, "{found:?}");
    // After the curl command that made them, they are that command's request, not a second one.
    let with_command =
        format!("curl -v https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009\n{sent}");
    let found = find_requests(&with_command);
    assert_eq!(found.len(), 1, "{found:?}");
    // A quoted reply's `> ` lines are not a request.
    assert!(find_requests("> GET me a token please\n> thanks\n").is_empty());
}
