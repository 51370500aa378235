//! The request redaction, case by case: what keeps its value, what keeps only its name.

use super::*;
use crate::decode::curl::parse_curl;
use crate::decode::request::parse_http;
use crate::vocab::Span;

const SPAN: Span = Span { start: 0, end: 0 };
const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

fn how() -> RequestRedaction<'static> {
    RequestRedaction { key: Some(KEY), assertion: &|_| "<redacted JWT>".to_string() }
}

fn curl(args: &str) -> String {
    render_request(&parse_curl(&format!("curl {args}"), SPAN), &how())
}

#[test]
fn form_fields_off_the_list_are_redacted_with_their_names() {
    let out = curl(
        "https://int.api.service.nhs.uk/oauth2/token -d 'grant_type=client_credentials&client_secret=S3cr3t1&access_token=S3cr3t2&private_key=S3cr3t3&password=S3cr3t4&refresh_token=S3cr3t5&code=S3cr3t6&scope=urn%3Anhsd%3Aapim&client_assertion=eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJ4In0.c2ln'",
    );
    for n in 1..=6 {
        assert!(!out.contains(&format!("S3cr3t{n}")), "{out}");
    }
    for kept in [
        "grant_type=client_credentials",
        "client_secret=<redacted>",
        "access_token=<redacted>",
        "private_key=<redacted>",
        "password=<redacted>",
        "refresh_token=<redacted>",
        "code=<redacted>",
        "scope=urn%3Anhsd%3Aapim",
        "client_assertion=<redacted JWT>",
    ] {
        assert!(out.contains(kept), "{kept}: {out}");
    }
}

#[test]
fn a_bare_value_or_a_strange_name_in_a_form_is_redacted_whole() {
    let out = curl("https://x.example/token -d 'grant_type=client_credentials&S3cr3tBare&we ird=S3cr3tV'");
    assert!(!out.contains("S3cr3t"), "{out}");
    assert!(out.contains("grant_type=client_credentials&<redacted>&<redacted>"), "{out}");
}

#[test]
fn client_id_and_apikey_show_first_last_4_or_the_application_id() {
    let out =
        curl(&format!("https://x.example/token -H 'apikey: {KEY}' -d 'client_id=ZyXwVuTsRqPoNmLkJiHgFeDcBa987654'"));
    assert!(out.contains("apikey: AbCd…2345"), "{out}");
    assert!(out.contains("client_id=ZyXw%E2%80%A67654"), "{out}");
    let guid = "3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c";
    assert!(curl(&format!("https://x.example/token -d 'client_id={guid}'")).contains(guid));
}

#[test]
fn query_values_off_the_list_are_redacted() {
    let out = curl("'https://int.api.service.nhs.uk/oauth2/token?client_secret=S3cr3t1&grant_type=client_credentials&x=S3cr3t2&S3cr3t3'");
    assert!(!out.contains("S3cr3t"), "{out}");
    assert!(
        out.contains("/oauth2/token?client_secret=<redacted>&grant_type=client_credentials&x=<redacted>&<redacted>"),
        "{out}"
    );
}

#[test]
fn devtools_request_url_with_a_secret_in_its_query() {
    let r = crate::decode::request::from_url(
        "https://int.api.service.nhs.uk/oauth2/token?client_secret=S3cr3t1",
        Some("POST"),
        RequestSource::Devtools,
        SPAN,
    );
    let out = render_request(&r, &how());
    assert_eq!(out, "Request URL: https://int.api.service.nhs.uk/oauth2/token?client_secret=<redacted>\nMethod: POST");
}

#[test]
fn userinfo_and_fragment_are_redacted() {
    let out = redact_url("https://app:S3cr3t1@int.api.service.nhs.uk/oauth2/token#access_token=S3cr3t2", &how());
    assert_eq!(out, "https://<redacted>@int.api.service.nhs.uk/oauth2/token#<redacted>");
    assert_eq!(redact_url("https:\\\\u:S3cr3t@host/p", &how()), "https:\\\\<redacted>@host/p");
    assert_eq!(redact_url("/oauth2/token?grant_type=x", &how()), "/oauth2/token?grant_type=x");
    assert_eq!(redact_url("$https://u:S3cr3t@host/p", &how()), "$https://<redacted>@host/p");
    assert_eq!(redact_url("u:S3cr3t@host/p", &how()), "u:<redacted>@host/p");
    assert_eq!(redact_url("S3cr3t@host/p", &how()), "<redacted>@host/p");
}

#[test]
fn headers_off_the_list_are_redacted_and_authorization_keeps_its_scheme() {
    let out = curl(
        "https://x.example/token -H 'Proxy-Authorization: Basic S3cr3t1' -H 'X-Auth-Token: S3cr3t2' -H 'Cookie: s=S3cr3t3' -H 'Authorization: Bearer S3cr3t4' -H 'X-Request-ID: 60E0B220-8136-4CA5-AE46-1D97EF59D068' -H 'Content-Type: application/x-www-form-urlencoded' -u app:S3cr3t5",
    );
    assert!(!out.contains("S3cr3t"), "{out}");
    for kept in [
        "Proxy-Authorization: <redacted>",
        "X-Auth-Token: <redacted>",
        "Cookie: <redacted>",
        "Authorization: Bearer <redacted>",
        "Authorization: Basic <redacted>",
        "X-Request-ID: 60E0B220-8136-4CA5-AE46-1D97EF59D068",
        "Content-Type: application/x-www-form-urlencoded",
    ] {
        assert!(out.contains(kept), "{kept}: {out}");
    }
    // A first word that is no scheme may be the credential itself.
    assert!(curl("https://x.example/ -H 'Authorization: S3cr3t6'").contains("Authorization: <redacted>"));
    let (name, value) = redact_header("X Weird S3cr3t", "v", &how());
    assert_eq!((name.as_str(), value.as_str()), ("<redacted>", "<redacted>"));
}

#[test]
fn json_body_members_off_the_list_are_redacted_at_any_depth() {
    let out = curl(
        r#"https://x.example/token --json '{"grant_type":"client_credentials","client_secret":"S3cr3t1","nested":{"private_key":"S3cr3t2","list":["S3cr3t3",4]},"scope":["a","b"],"n":7}'"#,
    );
    assert!(!out.contains("S3cr3t") && !out.contains(":7"), "{out}");
    assert!(out.contains(r#"{"grant_type":"client_credentials","client_secret":"<redacted>","nested":{"private_key":"<redacted>","list":["<redacted>","<redacted>"]},"scope":["a","b"],"n":"<redacted>"}"#), "{out}");
    // Not valid JSON: nothing of it, still shaped as JSON.
    assert!(curl(r#"https://x.example/ --json '{"client_secret": S3cr3t'"#).contains("--data-raw '{<redacted>}'"));
}

#[test]
fn raw_http_and_other_bodies() {
    let r = parse_http(
        "POST /oauth2/token HTTP/1.1\r\nHost: int.api.service.nhs.uk\r\nX-Auth-Token: S3cr3t1\r\nContent-Type: text/plain\r\n\r\nS3cr3t2",
        SPAN,
    );
    let out = render_request(&r, &how());
    assert!(!out.contains("S3cr3t"), "{out}");
    assert!(out.contains(" https://int.api.service.nhs.uk/oauth2/token \\\n"), "{out}");
    assert!(out.contains("--data-raw '<redacted>'"), "{out}");
    let out = curl("https://x.example/ -F 'client_secret=S3cr3t1' -F 'grant_type=client_credentials' -F 'key=@/home/me/S3cr3t.pem'");
    assert!(!out.contains("S3cr3t"), "{out}");
    for kept in ["-F 'client_secret=<redacted>'", "-F 'grant_type=client_credentials'", "-F 'key=<redacted>'"] {
        assert!(out.contains(kept), "{kept}: {out}");
    }
}

#[test]
fn a_token_success_body_keeps_only_its_documented_members() {
    let found = crate::extract::json::find_objects(
        r#"{"access_token":"S3cr3t1","refresh_token":"S3cr3t2","id_token":"S3cr3t3","expires_in":"599","token_type":"Bearer"}"#,
    );
    let body = crate::decode::error_body::classify(&found[0]).unwrap();
    let out = redact_body_json(&body, None).to_string();
    assert!(!out.contains("S3cr3t"), "{out}");
    assert!(out.contains(r#""expires_in":"599""#) && out.contains(r#""access_token":"<7 characters>""#), "{out}");
}
