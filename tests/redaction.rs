#![cfg(not(target_arch = "wasm32"))]
//! Redaction by allow-list (issue 24): whatever names a request uses and wherever a secret sits
//! — a form field, a URL query, a JSON body, a header, cURL `-u`, a Basic header, URL userinfo —
//! and however the request is pasted — cURL, raw HTTP, devtools `Request URL:` lines, a HAR
//! export — no value marked secret reaches the ticket or the share link (decoded).

use auth_triage::outputs::redact;
use auth_triage::outputs::{share, ticket};
use auth_triage::{analyze, Context};
use base64::Engine;
use proptest::prelude::*;

const NOW: i64 = 1_760_000_000;
const HOST: &str = "int.api.service.nhs.uk";

fn b64url(s: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// A secret: letters, digits, `-` and `_` (the same in a form, a URL and JSON), long enough that
/// no 9 characters of it turn up by chance.
fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{20,40}".prop_map(|s| format!("S{s}"))
}

/// A form field, query parameter or JSON member name off the allow-list: the names the issue
/// saw leak, and random ones.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "client_secret",
            "access_token",
            "private_key",
            "password",
            "refresh_token",
            "code",
            "code_verifier",
            "state",
            "id_token",
            "assertion",
            "apikey",
        ])
        .prop_map(String::from),
        "[a-z][a-zA-Z0-9_]{0,12}",
    ]
    .prop_filter("allowed names keep their values", |n| redact::field(n).is_none())
}

/// A header name off the allow-list.
fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "Proxy-Authorization",
            "X-Auth-Token",
            "Cookie",
            "X-Client-Secret",
            "User-Agent",
            "Private-Key",
        ])
        .prop_map(String::from),
        "X-[A-Za-z][A-Za-z0-9-]{0,10}",
    ]
    .prop_filter("allowed headers keep their values", |n| redact::header(n).is_none())
}

#[derive(Clone, Debug)]
enum Auth {
    None,
    Bearer(String),
    /// `curl -u user:secret` (a Basic header in every other form).
    Basic(String, String),
    /// A credential with no scheme (`Authorization: <secret>`).
    Raw(String),
}

fn auth() -> impl Strategy<Value = Auth> {
    prop_oneof![
        Just(Auth::None),
        secret().prop_map(Auth::Bearer),
        (secret(), secret()).prop_map(|(u, p)| Auth::Basic(u, p)),
        secret().prop_map(Auth::Raw),
    ]
}

#[derive(Clone, Copy, Debug)]
enum Format {
    Curl,
    Http,
    Devtools,
    Har,
}

#[derive(Clone, Debug)]
struct Case {
    key: String,
    sig: String,
    form: Vec<(String, String)>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    auth: Auth,
    userinfo: Option<(String, String)>,
    /// A JSON body (`--json`) instead of a form: members off the list, one nested.
    json: bool,
    /// A second identifier position: `client_id` and `apikey` carrying another secret (shown as
    /// first/last 4, never whole).
    identifier: Option<String>,
    /// A token success body with a refresh and an id token, instead of the error body.
    success: Option<(String, String)>,
    format: Format,
}

fn case() -> impl Strategy<Value = Case> {
    (
        "[A-Za-z0-9]{32}",
        "[A-Za-z0-9_-]{86}",
        proptest::collection::vec((field_name(), secret()), 0..4),
        proptest::collection::vec((field_name(), secret()), 0..3),
        proptest::collection::vec((header_name(), secret()), 0..3),
        auth(),
        proptest::option::of((secret(), secret())),
        any::<bool>(),
        proptest::option::of(secret()),
        proptest::option::of((secret(), secret())),
        proptest::sample::select(vec![Format::Curl, Format::Http, Format::Devtools, Format::Har]),
    )
        .prop_map(|(key, sig, form, query, headers, auth, userinfo, json, identifier, success, format)| Case {
            key,
            sig,
            form,
            query,
            headers,
            auth,
            userinfo,
            json,
            identifier,
            success,
            format,
        })
}

impl Case {
    /// Every value marked secret, in every form it may take on the way out.
    fn secrets(&self) -> Vec<String> {
        let mut s: Vec<String> = vec![self.key.clone(), self.sig.clone()];
        s.extend(self.form.iter().chain(&self.query).chain(&self.headers).map(|(_, v)| v.clone()));
        match &self.auth {
            Auth::None => {}
            Auth::Bearer(t) | Auth::Raw(t) => s.push(t.clone()),
            Auth::Basic(u, p) => s.extend([u.clone(), p.clone(), b64(&format!("{u}:{p}"))]),
        }
        if let Some((u, p)) = &self.userinfo {
            s.extend([u.clone(), p.clone()]);
        }
        s.extend(self.identifier.clone());
        if let Some((r, i)) = &self.success {
            s.extend([r.clone(), i.clone()]);
        }
        s
    }

    fn jwt(&self) -> String {
        let claims = format!(
            r#"{{"iss":"{k}","sub":"{k}","aud":"https://{HOST}/oauth2/token","jti":"0f8fad5b-d9cb-469f-a165-70867728950e","exp":{}}}"#,
            NOW + 200,
            k = self.key
        );
        format!("{}.{}.{}", b64url(r#"{"alg":"RS512","typ":"JWT","kid":"test-1"}"#), b64url(&claims), self.sig)
    }

    fn url(&self) -> String {
        let userinfo = self.userinfo.as_ref().map(|(u, p)| format!("{u}:{p}@")).unwrap_or_default();
        let query: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
        format!("https://{userinfo}{HOST}/oauth2/token{query}")
    }

    /// The form fields, allowed and not.
    fn fields(&self) -> Vec<(String, String)> {
        let mut f = vec![
            ("grant_type".to_string(), "client_credentials".to_string()),
            ("client_assertion_type".into(), "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into()),
            ("client_assertion".into(), self.jwt()),
        ];
        f.extend(self.form.iter().cloned());
        if let Some(id) = &self.identifier {
            f.push(("client_id".into(), id.clone()));
        }
        f
    }

    fn form_body(&self) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.fields() {
            s.append_pair(&k, &v);
        }
        s.finish()
    }

    fn json_body(&self) -> String {
        let mut o = serde_json::Map::new();
        for (k, v) in self.fields() {
            o.insert(k, serde_json::Value::String(v));
        }
        let nested: serde_json::Map<String, serde_json::Value> =
            self.form.iter().map(|(k, v)| (k.clone(), serde_json::json!([v, {"value": v}]))).collect();
        o.insert("credentials".into(), serde_json::Value::Object(nested));
        serde_json::Value::Object(o).to_string()
    }

    /// Every header as sent, `Authorization` and `apikey` among them.
    fn header_lines(&self) -> Vec<(String, String)> {
        let mut h = vec![("Content-Type".to_string(), "application/x-www-form-urlencoded".to_string())];
        h.extend(self.headers.iter().cloned());
        match &self.auth {
            Auth::None => {}
            Auth::Bearer(t) => h.push(("Authorization".into(), format!("Bearer {t}"))),
            Auth::Basic(u, p) => h.push(("Authorization".into(), format!("Basic {}", b64(&format!("{u}:{p}"))))),
            Auth::Raw(t) => h.push(("Authorization".into(), t.clone())),
        }
        if let Some(id) = &self.identifier {
            h.push(("apikey".into(), id.clone()));
        }
        h
    }

    fn request(&self) -> String {
        let json = self.json && !matches!(self.format, Format::Devtools);
        let body = if json { self.json_body() } else { self.form_body() };
        match self.format {
            Format::Curl => {
                let mut s = format!("curl -X POST '{}'", self.url());
                for (k, v) in self.header_lines() {
                    // cURL's own -u for Basic.
                    if let (Auth::Basic(u, p), "Authorization") = (&self.auth, k.as_str()) {
                        s.push_str(&format!(" -u '{u}:{p}'"));
                        continue;
                    }
                    s.push_str(&format!(" -H '{k}: {v}'"));
                }
                match json {
                    true => s.push_str(&format!(" --json '{body}'")),
                    false => s.push_str(&format!(" -d '{body}'")),
                }
                s
            }
            Format::Http => {
                let target = self.url();
                let mut s = format!("POST {target} HTTP/1.1\r\nHost: {HOST}\r\n");
                for (k, v) in self.header_lines() {
                    let v = if json && k == "Content-Type" { "application/json".into() } else { v };
                    s.push_str(&format!("{k}: {v}\r\n"));
                }
                s.push_str(&format!("\r\n{body}"));
                s
            }
            Format::Devtools => {
                let mut s = format!("Request URL: {}\nRequest Method: POST\n\nRequest Headers\n", self.url());
                for (k, v) in self.header_lines() {
                    s.push_str(&format!("{k}: {v}\n"));
                }
                s.push_str("\nForm Data\n");
                for (k, v) in self.fields() {
                    s.push_str(&format!("{k}: {v}\n"));
                }
                s
            }
            Format::Har => {
                let headers: Vec<serde_json::Value> =
                    self.header_lines().iter().map(|(k, v)| serde_json::json!({"name": k, "value": v})).collect();
                let post = match json {
                    true => serde_json::json!({"mimeType": "application/json", "text": body}),
                    false => serde_json::json!({
                        "mimeType": "application/x-www-form-urlencoded",
                        "params": self.fields().iter().map(|(k, v)| serde_json::json!({"name": k, "value": v})).collect::<Vec<_>>(),
                    }),
                };
                serde_json::json!({"log": {"entries": [{"request": {
                    "method": "POST", "url": self.url(), "headers": headers, "postData": post,
                }}]}})
                .to_string()
            }
        }
    }

    fn paste(&self) -> String {
        let answer = match &self.success {
            Some((refresh, id)) => format!(
                r#"HTTP/1.1 200 OK
{{"access_token":"{}","refresh_token":"{refresh}","id_token":"{id}","expires_in":"599","token_type":"Bearer","issued_at":"1760000000000"}}"#,
                "A".repeat(28)
            ),
            None => "HTTP/1.1 401 Unauthorized\n{\"error\":\"invalid_request\",\"error_description\":\"Missing or invalid 'aud' claim in client_assertion JWT\",\"message_id\":\"rrt-1\"}".into(),
        };
        format!("{}\n\n{answer}\n", self.request())
    }
}

/// Where a secret (or any 9 characters of it, or its %-encoded form) shows in a text.
fn leak(text: &str, secret: &str) -> Option<String> {
    let enc: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    if text.contains(secret) || text.contains(&enc) {
        return Some(secret.to_string());
    }
    let chars: Vec<char> = secret.chars().collect();
    chars.windows(9).map(|w| w.iter().collect::<String>()).find(|w| text.contains(w.as_str()))
}

/// The ticket, the share link's paste, and the share link itself decoded (its JSON).
fn outputs(paste: &str, key: &str) -> Vec<(&'static str, String)> {
    let report = analyze(paste, &Context::at(NOW).with_key(key));
    let input = ticket::TicketInput { api_key: Some(key.into()), ..Default::default() };
    let t = ticket::ticket(&report, &input);
    let state = share::shared(&report, Some(key), None, NOW);
    let link = share::encode(&state);
    let decoded =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(link.strip_prefix("share=").unwrap()).unwrap();
    vec![
        ("ticket", t),
        ("share paste", state.paste),
        ("share link", link),
        ("share link decoded", String::from_utf8(decoded).unwrap()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    /// No value marked secret, in any position and any paste format, reaches either output.
    #[test]
    fn no_secret_in_any_position_reaches_the_ticket_or_the_share_link(c in case()) {
        let paste = c.paste();
        for (what, text) in outputs(&paste, &c.key) {
            for s in c.secrets() {
                if let Some(piece) = leak(&text, &s) {
                    prop_assert!(false, "{} holds {:?} (of secret {:?}):\n{}\n--- paste:\n{}", what, piece, s, text, paste);
                }
            }
        }
    }
}

/// One request in every format, with every value off the list: each keeps its name and shows
/// `<redacted>`, and what the platform team needs is still there.
#[test]
fn names_are_kept_and_what_the_platform_team_needs_stays() {
    let c = Case {
        key: "AbCdEfGhIjKlMnOpQrStUvWxYz012345".into(),
        sig: "s".repeat(86),
        form: vec![("client_secret".into(), "Sform-secret-0123456789".into())],
        query: vec![("client_secret".into(), "Squery-secret-0123456789".into())],
        headers: vec![("X-Auth-Token".into(), "Sheader-secret-0123456789".into())],
        auth: Auth::Bearer("Sbearer-secret-0123456789".into()),
        userinfo: None,
        json: false,
        identifier: None,
        success: None,
        format: Format::Curl,
    };
    for format in [Format::Curl, Format::Http, Format::Har] {
        let c = Case { format, ..c.clone() };
        for (what, text) in outputs(&c.paste(), &c.key) {
            if what == "share link" {
                continue;
            }
            for needle in [
                "grant_type=client_credentials",
                "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer",
                "client_secret=<redacted>",
                "/oauth2/token?client_secret=<redacted>",
                "X-Auth-Token: <redacted>",
                "Authorization: Bearer <redacted>",
                "Content-Type: application/x-www-form-urlencoded",
            ] {
                assert!(text.contains(needle), "{format:?} {what} lacks {needle:?}:\n{text}");
            }
        }
    }
}

/// The share link still reproduces the verdict once the allow-list has redacted a request full
/// of secrets: every value the gateway's checks read is on the list.
#[test]
fn a_redacted_share_link_reproduces_the_verdict() {
    let c = Case {
        key: "AbCdEfGhIjKlMnOpQrStUvWxYz012345".into(),
        sig: "s".repeat(86),
        form: vec![("client_secret".into(), "Sform-secret-0123456789".into())],
        query: vec![],
        headers: vec![("Proxy-Authorization".into(), "Basic Sheader-secret-0123456789".into())],
        auth: Auth::Basic("Suser-0123456789abcd".into(), "Spass-0123456789abcd".into()),
        userinfo: None,
        json: false,
        identifier: None,
        success: None,
        format: Format::Curl,
    };
    for format in [Format::Curl, Format::Http, Format::Har, Format::Devtools] {
        let c = Case { format, ..c.clone() };
        let ctx = Context::at(NOW).with_key(&c.key);
        let original = analyze(&c.paste(), &ctx);
        let state = share::shared(&original, Some(&c.key), None, NOW);
        let mut shared_ctx = Context::at(state.at);
        shared_ctx.api_key = state.key.clone();
        shared_ctx.shared = true;
        let reopened = analyze(&state.paste, &shared_ctx);
        assert_eq!(reopened.verdict.headline, original.verdict.headline, "{format:?}:\n{}", state.paste);
        assert_eq!(reopened.diagnosis.first().map(|d| d.entry), original.diagnosis.first().map(|d| d.entry));
    }
}

/// The leaks issue 24 saw, each pasted as it was found: none reaches either output.
#[test]
fn the_leaks_seen_in_issue_24_are_closed() {
    let key = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    let jwt = Case {
        key: key.into(),
        sig: "s".repeat(86),
        form: vec![],
        query: vec![],
        headers: vec![],
        auth: Auth::None,
        userinfo: None,
        json: false,
        identifier: None,
        success: None,
        format: Format::Curl,
    }
    .jwt();
    let token = "https://int.api.service.nhs.uk/oauth2/token";
    let form = format!("grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={jwt}");
    let cases = [
        format!("curl -X POST '{token}?client_secret=Squery-curl-0123456789' -d '{form}'"),
        format!("Request URL: {token}?client_secret=Squery-devtools-0123456789\nRequest Method: POST\n"),
        format!(
            "curl -X POST {token} --json '{{\"grant_type\":\"client_credentials\",\"client_secret\":\"Sjson-0123456789\",\"client_assertion\":\"{jwt}\"}}'"
        ),
        format!("curl -X POST {token} -d '{form}&access_token=Saccess-0123456789&private_key=Sprivate-0123456789'"),
        format!(
            "curl -X POST {token} -H 'Proxy-Authorization: Basic Sproxy-0123456789' -H 'X-Auth-Token: Sxauth-0123456789' -d '{form}'"
        ),
    ];
    for paste in cases {
        for (what, text) in outputs(&paste, key) {
            for s in ["Squery-curl", "Squery-devtools", "Sjson-", "Saccess-", "Sprivate-", "Sproxy-", "Sxauth-"] {
                assert!(!text.contains(s), "{what} holds {s}:\n{text}");
            }
        }
    }
}

/// A token in a URL's host (fuzz target `analyze`, tests/fuzz/regressions/analyze/): the host
/// was kept as written, so the client assertion's signature standing in it reached the ticket
/// and the share link; the host is now redacted as the path is.
#[test]
fn a_token_in_a_urls_host_leaves_no_signature() {
    let key = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    let sig = "Zq3Xv8Lk2Pw7Nb4Rt9Hc1Ms6Yd0Fg5Ja3Ue8Ko2Wi7Qx4Bn9Tl1Cp6Vr0Ez5Sh3Dy8Gm2Af7Ij4Ow9Uk1Xs6Nc0";
    let claims =
        format!(r#"{{"iss":"{key}","sub":"{key}","aud":"https://{HOST}/oauth2/token","jti":"j","exp":{}}}"#, NOW + 200);
    let jwt = format!("{}.{}.{sig}", b64url(r#"{"alg":"RS512","typ":"JWT"}"#), b64url(&claims));
    for url in [
        format!("https://int.api.{jwt}/oauth2/token"),
        format!("https://u:p@{jwt}/oauth2/token"),
        format!("https://{jwt}"),
    ] {
        let paste = format!("curl -X POST '{url}'\n{{\"error\":\"invalid_request\"}}");
        for (what, text) in outputs(&paste, key) {
            assert!(!text.contains(sig), "{what} holds the signature:\n{text}");
        }
    }
    let how = redact::request::RequestRedaction { key: Some(key), assertion: &|_| "<redacted JWT>".into() };
    assert_eq!(redact::request::redact_url(&format!("https://{jwt}/p"), &how), "https://<redacted JWT>/p");
}

/// A request whose JSON body has a member named `error` (fuzz target `redaction`,
/// tests/fuzz/regressions/redaction/): it was taken for the platform's error body, which the
/// outputs keep as written, so its secrets reached the ticket; what a request sends is never
/// the answer.
#[test]
fn a_request_body_with_an_error_member_is_not_the_answer() {
    let key = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    let paste = format!(
        "POST /oauth2/token HTTP/1.1\nHost: {HOST}\nContent-Type: application/json\n\n{{\"error\":\"Serror-secret-0123456789\",\"grant_type\":\"client_credentials\"}}\n\nHTTP/1.1 415 Unsupported Media Type\n{{\"error\":\"invalid_request\",\"error_description\":\"Content-Type header must be application/x-www-form-urlencoded\",\"message_id\":\"rrt-1\"}}\n"
    );
    for (what, text) in outputs(&paste, key) {
        assert!(!text.contains("Serror-secret"), "{what} holds the secret:\n{text}");
    }
    let report = analyze(&paste, &Context::at(NOW).with_key(key));
    assert_eq!(report.main_body().and_then(|b| b.message_id.as_deref()), Some("rrt-1"));
}

/// A quoted cURL value that runs on to the next line (fuzz target `redaction`,
/// tests/fuzz/regressions/redaction/): the command was cut at the line's end, split on spaces
/// for its open quote, and a header's secret value stood alone as the URL, which the outputs
/// keep; the cut command now reads as if its quote closed there.
#[test]
fn a_quoted_value_across_lines_does_not_turn_a_header_into_the_url() {
    let key = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    let paste = format!(
        "curl -H 'X-Auth-Token: Sheader-secret-0123456789' -d 'grant_type=client_credentials&scope=a\nb' 'https://{HOST}/oauth2/token'\n"
    );
    for (what, text) in outputs(&paste, key) {
        assert!(!text.contains("Sheader-secret"), "{what} holds the secret:\n{text}");
    }
}
