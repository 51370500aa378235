//! Tests of `status.rs`.
use super::*;

#[test]
fn statuses() {
    assert_eq!(find_status("I am getting a 500 error: Invalid client identifier."), Some(500));
    assert_eq!(find_status("HTTP/1.1 401 Unauthorized"), Some(401));
    assert_eq!(find_status("status: 415"), Some(415));
    assert_eq!(find_status("exp 1760000300 and 12345"), None);
    assert_eq!(find_status("curl -d a=1"), None);
    assert_eq!(status_line("< HTTP/2 401"), Some(401));
    assert_eq!(status_line("Status Code: 403 Forbidden"), Some(403));
    assert_eq!(status_line("the 401 we got"), None);
    assert_eq!(
        status_line("java.io.IOException: Server returned HTTP response code: 400 for URL: https://x"),
        Some(400)
    );
    assert_eq!(
        status_line("Invoke-RestMethod : The remote server returned an error: (405) Method Not Allowed."),
        Some(405)
    );
    assert_eq!(
        status_line("aiohttp.client_exceptions.ClientResponseError: 415, message='Unsupported Media Type'"),
        Some(415)
    );
    assert_eq!(status_line("WARN[0041] token status=429      source=console"), Some(429));
    assert_eq!(status_line("405 MethodNotAllowed '' https://int.api.service.nhs.uk/oauth2/token"), Some(405));
    assert_eq!(
        status_line("400 https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient?birthdate=eq2010-10-22"),
        Some(400)
    );
    assert_eq!(status_line("400 patients were read"), None);
    let at = |t: &str| {
        let start = t.find('{').unwrap_or(0);
        retry_after(t, crate::vocab::Span { start, end: t.len() })
    };
    assert_eq!(at("HTTP/1.1 429 Too Many Requests\nRetry-After: 60\n\n{\"errors\":[]}"), Some(60));
    assert_eq!(at("headers: { 'content-type': 'application/json', 'retry-after': '1' }\n{\"errors\":[]}"), Some(1));
    assert_eq!(at("HTTP/1.1 429\n\n{\"errors\":[]}"), None);
    assert_eq!(status_line("401 Unauthorized"), Some(401));
    assert_eq!(status_line("300 tokens were fetched"), None);
    assert_eq!(status_line("status=active"), None);
    assert_eq!(status_line("fail: Acme[0] e-RS A016 failed: 504 GatewayTimeout"), Some(504));
    assert_eq!(status_line("[09:13:20.502] POST /referrals/x/$ers.fetchworklist 429 content-length=0"), Some(429));
    assert_eq!(status_line("POST /oauth2/token 200 expires_in=599"), Some(200));
    assert_eq!(status_line("slot 20417733 for UBRN 000049836671"), None);
    assert_eq!(status_line("we made 401 calls today"), None);
    assert_eq!(status_lines("POST https://int.api.service.nhs.uk/x\n403\n412 ms\n"), vec![(38, 403)]);
    assert_eq!(status_lines("Last response\n\n400 \n\n{}"), vec![(15, 400)]);
    assert_eq!(status_lines("we tried\n300\n"), vec![]);
    assert_eq!(status_line(r#"ERROR [vrs] create failed 403 {"issue":[]}"#), Some(403));
    assert_eq!(status_line(r#"415 {"issue":[{"code":"not-supported"}]}"#), Some(415));
    assert_eq!(status_line("response: Status 403"), Some(403));
    assert_eq!(status_line("Status 401"), Some(401));
    assert_eq!(status_line("RuntimeError: https://dev.api.service.nhs.uk/x request returned 404: {..."), Some(404));
    assert_eq!(status_line(r#"retried 3 times {"error":"x"}"#), None);
    assert_eq!(status_line("id 4031 {\"a\":1}"), None);
    // A REPL's tuple of the status and the body.
    assert_eq!(status_line("(403, {'errorDescription': 'Invalid Authentication Token'})"), Some(403));
    assert_eq!(status_line("(3, {'a': 1})"), None);
    assert_eq!(status_line("response 403 Forbidden"), Some(403));
    assert_eq!(
        status_line(
            r#"DEBUG urllib3.connectionpool: https://int.api.service.nhs.uk:443 "POST /oauth2/token HTTP/1.1" 401 187"#
        ),
        Some(401)
    );
    assert_eq!(status_line("response 200 patients were read"), None);
    assert_eq!(find_status("the error code 403 came back."), Some(403));
    assert_eq!(status_line("int returns 400 bad request every time."), None);
    assert_eq!(status_line("<<< 404"), Some(404));
    // A program's spelling of the reason, anywhere on the line.
    assert_eq!(status_line("      NRL read failed 404 NotFound: {\"issue\":[]}"), Some(404));
    assert_eq!(status_line("Response status code does not indicate success: 412 (Precondition Failed)."), Some(412));
    assert_eq!(status_line("E        +  where 401 = <Response [401 Unauthorized]>.status_code"), Some(401));
    assert_eq!(status_line(r#"{"Message": "429 Client Error: Too Many Requests for url: https://x"}"#), Some(429));
    assert_eq!(status_line("23:14:06 status: 201 Created"), Some(201));
    assert_eq!(status_lines("400 {\n  \"issue\": []\n}"), vec![(0, 400)]);
    assert_eq!(status_line("we get 404 not found (sometimes)"), None);
    assert_eq!(status_line("Error: Request failed with status code 401"), Some(401));
    assert_eq!(status_line(r#"{"event": "token_request", "status": 429, "ms": 31}"#), Some(429));
    assert_eq!(status_line(r#"{"resourceType": "DocumentReference", "status": "current"}"#), None);
    assert_eq!(status_line("WARN[0031] 429 POST https://int.api.service.nhs.uk/x body={}"), Some(429));
    assert_eq!(status_line("sent 300 GET requests"), None);
    assert_eq!(status_line("POST https://int.api.service.nhs.uk/oauth2/token  429  48 ms   (pre-request)"), Some(429));
    assert_eq!(status_line("GET https://x.example/a 200 items"), None);
    assert_eq!(status_line("E       assert 429 == 200"), Some(429));
    assert_eq!(status_line("E        +  where 401 = <Response [401]>.status_code"), Some(401));
    assert_eq!(status_line("assert len(items) == 200"), None);
    assert_eq!(status_lines("print(r.status_code)\n$ python send.py\n401\n"), vec![(38, 401)]);
    assert_eq!(status_lines("$ python send.py\n401\n"), vec![]);
    assert_eq!(status_line("page 2 of 300 (ok so far)"), None);
    assert_eq!(status_line("<-- 401 Unauthorized https://x (93ms)"), Some(401));
    // A client's message quoting the answer's status line (Guzzle).
    assert_eq!(status_line("Client error: `POST https://x` resulted in a `429 Too Many Requests` response"), Some(429));
    // An error body answers the error status before it, not an earlier call's 200.
    let lines = [(0, 401), (10, 200), (20, 429), (30, 200)];
    assert_eq!(answering(&lines, 35, true), Some(&(20, 429)));
    assert_eq!(answering(&lines, 35, false), Some(&(30, 200)));
    assert_eq!(answering(&[(10, 200)], 35, true), Some(&(10, 200)));
}
