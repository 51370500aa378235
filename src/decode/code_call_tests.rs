//! Tests of `code_call.rs`.
use super::*;

const SPAN: Span = Span { start: 0, end: 0 };

#[test]
fn python_requests_params_go_in_the_query_with_no_body() {
    let call = "requests.post(\n    \"https://int.api.service.nhs.uk/oauth2/token\",\n    params={\n        \"grant_type\": \"client_credentials\",\n        \"client_assertion\": client_assertion,\n    },\n)";
    let r = from_code(call, call, SPAN);
    assert_eq!(r.body, None);
    assert_eq!(r.content_type, None);
    assert_eq!(r.query, [("grant_type".to_string(), "client_credentials".to_string())]);
    assert!(r.partial);
}

#[test]
fn json_bodies_and_declared_types() {
    let call = "fetch('https://int.api.service.nhs.uk/oauth2/token', {\n  method: 'POST',\n  headers: { 'Content-Type': 'application/json; charset=utf-8' },\n  body: JSON.stringify({ grant_type: 'client_credentials' })\n})";
    let r = from_code(call, call, SPAN);
    assert_eq!(r.content_type.as_deref(), Some("application/json; charset=utf-8"));
    assert!(r.json_body);
    let ps = "Invoke-RestMethod -Uri 'https://int.api.service.nhs.uk/oauth2/token' -Method Post -Body $body -ContentType 'application/json'";
    let r = from_code(ps, ps, SPAN);
    assert_eq!(r.content_type.as_deref(), Some("application/json"));
    assert_eq!(r.url.as_deref(), Some("https://int.api.service.nhs.uk/oauth2/token"));
}

#[test]
fn an_object_written_in_the_call_is_sent_as_its_library_sends_it() {
    // The JSON.stringify that built the JWT is not the body: UrlFetchApp sends a payload object
    // as a form.
    let input = "const enc = (o) => Utilities.base64EncodeWebSafe(JSON.stringify(o));
                 UrlFetchApp.fetch('https://int.api.service.nhs.uk/oauth2/token', {
  method: 'post',
                   payload: { grant_type: 'client_credentials', client_assertion: jwt }
});";
    let at = input.find("UrlFetchApp").unwrap();
    let r = from_code(&input[at..], input, SPAN);
    assert_eq!(r.content_type.as_deref(), Some("application/x-www-form-urlencoded"));
    assert!(!r.json_body);
    let got = "got.post('https://int.api.service.nhs.uk/oauth2/token', { json: { grant_type: 'client_credentials' } })";
    assert!(from_code(got, got, SPAN).json_body);
}

#[test]
fn ruby_net_http_sends_a_form_type_unless_told_otherwise() {
    let input = "uri = URI(\"https://int.api.service.nhs.uk/oauth2/token\")\nreq = Net::HTTP::Post.new(uri.path)\n\
                 req.body = { grant_type: \"client_credentials\" }.to_json\n";
    let at = input.find("Net::HTTP").unwrap();
    let r = from_code(&input[at..at + 29], input, SPAN);
    assert_eq!(r.content_type.as_deref(), Some("application/x-www-form-urlencoded"));
    assert!(r.json_body);
    assert!(r.form.is_empty());
}

#[test]
fn a_query_built_by_urlencode_with_no_body() {
    let input = "parameters = {'grant_type': 'client_credentials'}\nurl = f\"{TOKEN_URL}?\" + urlencode(parameters)\n\
                 resp = requests.post(url, headers={'Content-Type': 'application/x-www-form-urlencoded'})\n\
                 TOKEN_URL = \"https://int.api.service.nhs.uk/oauth2/token\"\n";
    let at = input.find("requests.post").unwrap();
    let end = input[at..].find('\n').unwrap() + at;
    let r = from_code(&input[at..end], input, SPAN);
    assert_eq!(r.body, None);
    assert_eq!(r.query, [("grant_type".to_string(), "client_credentials".to_string())]);
}

#[test]
fn a_form_written_with_literals() {
    let call = "requests.post('https://int.api.service.nhs.uk/oauth2/token', data={'grant_type': 'client_credentials', 'client_assertion': jwt})";
    let r = from_code(call, call, SPAN);
    assert_eq!(r.content_type.as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(r.form_value("grant_type"), Some("client_credentials"));
    assert_eq!(r.form_value("client_assertion"), None);
    let fetch = "fetch('https://int.api.service.nhs.uk/oauth2/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) })";
    assert_eq!(
        from_code(fetch, fetch, SPAN).content_type.as_deref(),
        Some("application/x-www-form-urlencoded;charset=UTF-8")
    );
}

#[test]
fn powershell_s_form_is_multipart_whatever_its_content_type() {
    let call = "Invoke-RestMethod -Method Post -Uri 'https://int.api.service.nhs.uk/oauth2/token' -Form $body -ContentType 'application/x-www-form-urlencoded'";
    let r = from_code(call, call, crate::vocab::Span { start: 0, end: call.len() });
    assert_eq!(r.content_type.as_deref(), Some("multipart/form-data"));
    assert!(r.content_type_why.as_deref().is_some_and(|w| w.contains("-Form")), "{r:?}");
}
