#![cfg(not(target_arch = "wasm32"))]
//! The support ticket and the share link: what the platform team asks for, and never a secret.

use auth_triage::examples::{examples, FAKE_KEY};
use auth_triage::outputs::{share, ticket};
use auth_triage::{analyze, Code, Context};
use base64::Engine;
use proptest::prelude::*;

const NOW: i64 = 1_760_000_000;

fn b64(s: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

fn input(key: &str) -> ticket::TicketInput {
    ticket::TicketInput {
        app_name: Some("Triage demo".into()),
        app_id: Some("3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c".into()),
        api_key: Some(key.into()),
        failed_at: "2025-10-09T08:53:20Z".into(),
    }
}

#[test]
fn the_ticket_holds_what_the_platform_team_asks_for() {
    let ex = examples(NOW).into_iter().find(|e| e.id == "prod-aud-on-int").unwrap();
    let report = analyze(&ex.paste, &Context::at(NOW).with_key(FAKE_KEY));
    let t = ticket::ticket(&report, &input(FAKE_KEY));
    for needle in [
        "Application name: Triage demo",
        "Application ID: 3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c",
        "API key (first/last 4 characters only): AbCd…2345",
        "\"kid\": \"test-1\"",
        "\"iss\": \"AbCd…2345\"",
        "client_assertion=<redacted JWT>",
        "Time of a failing call (UTC): 2025-10-09T08:53:20Z",
        "message_id: rrt-1234567890123456789-a-geu2-1234567-1234567-1",
        "Missing or invalid 'aud' claim in client_assertion JWT",
        "HTTP 401",
    ] {
        assert!(t.contains(needle), "ticket lacks {needle:?}:\n{t}");
    }
    assert!(!t.contains(FAKE_KEY));
    let jwt_sig = report.tokens[0].signature.as_ref().unwrap().b64.clone();
    assert!(!t.contains(&jwt_sig));
}

#[test]
fn a_share_link_reproduces_the_verdict_without_secrets() {
    let mut pastes: Vec<(String, &str)> = examples(NOW).into_iter().map(|e| (e.paste, e.key)).collect();
    let fixtures: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/nhs/client_assertions.json")).unwrap();
    for (_, case) in fixtures["cases"].as_object().unwrap() {
        let jwt = case["jwt"].as_str().unwrap();
        pastes.push((format!("curl -X POST https://int.api.service.nhs.uk/oauth2/token -H 'Content-Type: application/x-www-form-urlencoded' -d 'grant_type=client_credentials&client_id={FAKE_KEY}&client_secret=UdsgcsZEksvC0Z2u&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={jwt}' -H 'Authorization: Basic c2VjcmV0OnNlY3JldA=='"), FAKE_KEY));
    }
    for (paste, key) in pastes {
        let ctx = Context::at(NOW).with_key(key);
        let original = analyze(&paste, &ctx);
        let link = share::encode(&share::shared(&original, Some(key), None, NOW));
        assert!(!link.contains(key));
        let state = share::decode(link.strip_prefix("share=").unwrap()).expect("decodes");
        for secret in [key, "UdsgcsZEksvC0Z2u", "c2VjcmV0OnNlY3JldA=="] {
            assert!(!state.paste.contains(secret), "{secret} leaked into {}", state.paste);
        }
        for t in &original.tokens {
            if let Some(sig) = t.signature.as_ref().filter(|s| s.b64.len() > 8) {
                assert!(!state.paste.contains(&sig.b64), "signature leaked");
            }
        }
        let mut shared_ctx = Context::at(state.at);
        shared_ctx.api_key = state.key.clone();
        shared_ctx.environment = state.env;
        shared_ctx.shared = true;
        let reopened = analyze(&state.paste, &shared_ctx);
        assert!(reopened.has(Code::SharedLinkRedacted));
        assert_eq!(
            reopened.predicted.as_ref().map(|p| p.headline()),
            original.predicted.as_ref().map(|p| p.headline()),
            "verdict changed for:\n{paste}\n---\n{}",
            state.paste
        );
        assert_eq!(reopened.diagnosis.first().map(|d| &d.entry), original.diagnosis.first().map(|d| &d.entry));
    }
}

#[test]
fn every_example_shows_its_expected_diagnosis() {
    for ex in examples(1_795_000_000) {
        let report = analyze(&ex.paste, &Context::at(1_795_000_000).with_key(ex.key));
        assert_eq!(report.diagnosis.first().map(|d| d.entry), Some(ex.expect), "{}", ex.id);
    }
}

fn alnum(n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        proptest::sample::select(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".to_vec()),
        n,
    )
    .prop_map(|v| String::from_utf8(v).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever is pasted around them, the ticket and the share link never hold the full key,
    /// a signature, a private key or a client secret.
    #[test]
    fn no_secret_ever_leaves(
        key in alnum(32),
        secret in alnum(16),
        sig in alnum(86),
        noise in "[ -~\n]{0,80}",
        where_key in 0usize..4,
        with_pem in any::<bool>(),
        with_basic in any::<bool>(),
    ) {
        let iss = if where_key == 0 { "someone-else".to_string() } else { key.clone() };
        let payload = format!(r#"{{"iss":"{iss}","sub":"{iss}","aud":"https://int.api.service.nhs.uk/oauth2/token","jti":"{noise_id}","exp":{exp}}}"#, noise_id = "x", exp = NOW + 200);
        let jwt = format!("{}.{}.{sig}", b64(r#"{"alg":"RS512","typ":"JWT","kid":"k"}"#), b64(&payload));
        let pem = if with_pem { "\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n" } else { "" };
        let auth = if with_basic { format!(" -H 'Authorization: Basic {secret}'") } else { String::new() };
        let paste = format!(
            "{noise}\ncurl -X POST https://int.api.service.nhs.uk/oauth2/token -H 'Content-Type: application/x-www-form-urlencoded'{auth} -d 'grant_type=client_credentials&client_id={key}&client_secret={secret}&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={jwt}'\n{pem}{{\"error\":\"invalid_request\",\"error_description\":\"apikey {key}\"}}\n{noise}"
        );
        let report = analyze(&paste, &Context::at(NOW).with_key(&key));
        let t = ticket::ticket(&report, &input(&key));
        let state = share::shared(&report, Some(&key), None, NOW);
        let link = share::encode(&state);
        for (what, text) in [("ticket", t.as_str()), ("share paste", state.paste.as_str()), ("share link", link.as_str())] {
            prop_assert!(!text.contains(&key), "{} holds the key", what);
            prop_assert!(!text.contains(&sig), "{} holds the signature", what);
            prop_assert!(!text.contains(&secret), "{} holds the client secret", what);
            prop_assert!(!text.contains("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"), "{} holds the private key", what);
        }
    }
}

/// Every paste the page ships or tests with: the examples and the fixtures sent as cURL.
fn known_pastes() -> Vec<String> {
    let mut pastes: Vec<String> = examples(NOW).into_iter().map(|e| e.paste).collect();
    let fixtures: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/nhs/client_assertions.json")).unwrap();
    for (_, case) in fixtures["cases"].as_object().unwrap() {
        let jwt = case["jwt"].as_str().unwrap();
        pastes.push(jwt.to_string());
        pastes.push(format!("curl -X POST https://int.api.service.nhs.uk/oauth2/token -H 'Content-Type: application/x-www-form-urlencoded' -d 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={jwt}'\nHTTP/1.1 401 Unauthorized\nDate: Thu, 09 Oct 2025 08:53:20 GMT\n{{\"error\":\"invalid_request\",\"error_description\":\"Missing or invalid 'aud' claim in client_assertion JWT\"}}"));
    }
    pastes
}

#[test]
fn prose_in_a_forum_reply_never_replaces_the_real_request() {
    let paste = "Reply from support: please send the exact cURL or HTTP request you make, with secrets removed.\n\
                 Here it is:\n\
                 curl -X POST https://int.api.service.nhs.uk/oauth2/token -d 'grant_type=client_credentials'";
    let report = analyze(paste, &Context::at(NOW));
    let t = ticket::ticket(&report, &ticket::TicketInput::default());
    assert!(t.contains("https://int.api.service.nhs.uk/oauth2/token"), "{t}");
    assert_eq!(report.requests.len(), 1, "{:?}", report.requests);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The ticket never holds a value the user or the paste did not give: empty fields say
    /// "(fill in)", free text that is not a time is never copied, and the time of the call is
    /// the one typed or the paste's own, never the moment of pasting.
    #[test]
    fn the_ticket_invents_nothing(which in 0usize..64, typed in "[ -~]{0,24}", name in proptest::option::of("[A-Za-z ]{1,12}")) {
        let pastes = known_pastes();
        let paste = &pastes[which % pastes.len()];
        let report = analyze(paste, &Context::at(NOW));
        let input = ticket::TicketInput { app_name: name.clone(), failed_at: typed.clone(), ..Default::default() };
        let t = ticket::ticket(&report, &input);
        let line = |head: &str| t.lines().find(|l| l.trim_start().starts_with(head)).unwrap_or("").to_string();
        match name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => prop_assert!(line("1. Application name:").ends_with(n)),
            None => prop_assert!(line("1. Application name:").ends_with("(fill in)")),
        }
        prop_assert!(line("Application ID:").ends_with("(fill in)"));
        prop_assert!(line("2. API key").ends_with("(not entered)"));
        let time = line("5. Time of a failing call (UTC):");
        let given = auth_triage::decode::time::parse_call_time(&typed).ok();
        let seen = report.times.iter().map(|s| s.at).collect::<Vec<_>>();
        match given {
            Some(at) => prop_assert!(time.ends_with(&auth_triage::decode::time::utc_iso(at as f64).unwrap())),
            None if seen.is_empty() => prop_assert!(time.ends_with("(fill in)"), "{}", time),
            None => prop_assert!(seen.iter().any(|at| time.contains(&auth_triage::decode::time::utc_iso(*at as f64).unwrap())), "{}", time),
        }
        let typed_text = typed.trim();
        if given.is_none() && typed_text.len() >= 4 && !paste.contains(typed_text) {
            prop_assert!(!t.contains(typed_text), "free text copied: {:?}", typed_text);
        }
        prop_assert!(!t.contains(&auth_triage::decode::time::utc_iso(NOW as f64).unwrap()) || paste.contains("08:53:20") || given.is_some(),
            "the moment of analysing is not the time of the call");
    }
}

/// An old paste: a production-aud assertion sent to INT, with the 401 it got. `date` adds the
/// response's `Date:` header.
fn old_aud_paste(date: Option<&str>) -> String {
    let claims = format!(
        r#"{{"iss":"{FAKE_KEY}","sub":"{FAKE_KEY}","aud":"https://api.service.nhs.uk/oauth2/token","jti":"6a1f5f3e-1b7c-4d0e-9c55-2f0c7c1a9b11","exp":{}}}"#,
        NOW + 240
    );
    let jwt = format!("{}.{}.c2lnbmF0dXJl", b64(r#"{"alg":"RS512","typ":"JWT","kid":"test-1"}"#), b64(&claims));
    let date = date.map(|d| format!("Date: {d}\n")).unwrap_or_default();
    format!(
        "curl -X POST https://int.api.service.nhs.uk/oauth2/token -H 'Content-Type: application/x-www-form-urlencoded' -d 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={jwt}'\nHTTP/1.1 401 Unauthorized\n{date}\n{{\"error\":\"invalid_request\",\"error_description\":\"Missing or invalid 'aud' claim in client_assertion JWT\"}}"
    )
}

#[test]
fn an_old_paste_gets_one_coherent_verdict_in_the_page_and_the_cli() {
    let later = Context::at(NOW + 400 * 86_400).with_key(FAKE_KEY);
    // The Date: header says the call was made before exp: the 401 is explained, the to-do
    // lists every remaining defect in the gateway's order, nothing contradicts the headline.
    let r = analyze(&old_aud_paste(Some("Thu, 09 Oct 2025 08:55:00 GMT")), &later);
    let v = &r.verdict;
    assert!(v.headline.starts_with("401 invalid_request: Missing or invalid 'aud'"), "{}", v.headline);
    assert!(v.todo.iter().any(|t| t.contains("aud")), "{:?}", v.todo);
    assert!(v.todo.iter().any(|t| t.to_lowercase().contains("environment")), "{:?}", v.todo);
    assert!(v.notes.is_empty(), "{:?}", v.notes);
    assert!(!r.has(Code::PredictionDisagrees));
    let text = auth_triage::outputs::text::render(&r);
    assert!(text.contains("To do, in the gateway's order:"), "{text}");
    // Without any time: the answer is from the aud check, after exp's, so exp passed when it was
    // sent; no note about an old paste's expiry stands beside it, and nothing says it expired.
    let r = analyze(&old_aud_paste(None), &later);
    assert!(r.verdict.headline.starts_with("401 invalid_request: Missing or invalid 'aud'"));
    assert!(!r.has(Code::ExpExpiredOldPaste) && !r.has(Code::ExpExpired), "{:?}", r.findings);
    assert!(r.verdict.notes.iter().all(|n| !n.contains("expired")), "{:?}", r.verdict.notes);
    assert!(r.verdict.todo.iter().all(|t| !t.to_lowercase().contains("expired")), "{:?}", r.verdict.todo);
}

/// A ticket is worth writing only when the platform team has something to look up.
#[test]
fn a_ticket_is_worth_it_only_with_something_of_the_platform() {
    let ctx = Context::at(1_760_000_000);
    let client = "Traceback (most recent call last):\n  File \"get_token.py\", line 12, in <module>\n    token = \
                  jwt.encode(claims, key, algorithm=\"RS512\")\njwt.exceptions.InvalidKeyError: Could not parse the \
                  provided public key.";
    let r = analyze(client, &ctx);
    assert!(!r.found.is_empty(), "what was found is said: {:?}", r.found);
    assert!(!r.has(Code::NothingRecognised));
    assert!(!r.worth_a_ticket(), "an error that never left the client");
    let log = "2025-10-09 08:53:20 INFO worker started\n2025-10-09 08:53:21 ERROR disk full on /var/lib/app";
    assert!(!analyze(log, &ctx).worth_a_ticket(), "an unrelated log");
    let pasted = "{\"error\":\"invalid_request\",\"error_description\":\"Missing 'kid' header in client_assertion \
                  JWT\",\"message_id\":\"rrt-1\"}";
    assert!(analyze(pasted, &ctx).worth_a_ticket(), "a platform answer with its message id");
}
