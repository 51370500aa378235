//! The local twin over real HTTP on loopback: every NHS fixture POSTed as cURL would gets the
//! spec's status and body byte for byte; tokens work on the Hello World API; replays, bad
//! input, slow clients, panics and load are handled. Run with `cargo test --test twin`.

mod common;
use common::fixtures;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use auth_triage::platform::Environment;
use auth_triage::twin::{App, Config, Log, Product, Twin};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::signature::{SignatureEncoding, Signer as _};
use serde_json::{json, Value};

const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
const APP_ID: &str = "3f1c2b7e-9a4d-4c1e-8b2a-5d6e7f8a9b0c";
const NOW: i64 = 1_760_000_000;
const INT: &str = "https://int.api.service.nhs.uk/oauth2/token";
const URN: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

fn cases() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(fixtures().join("client_assertions.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["cases"].as_object().unwrap().clone()
}

fn case_jwt(name: &str) -> String {
    cases()[name]["jwt"].as_str().unwrap().to_string()
}

fn app() -> App {
    let spec = format!("key={KEY},app-id={APP_ID},jwks=jwks.json");
    App::parse(&spec, &fixtures()).unwrap()
}

fn config(env: Environment, apps: Vec<App>) -> (Config, Arc<Mutex<Vec<String>>>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let cfg = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        env,
        now: Some(NOW),
        apps,
        log: Log::Memory(lines.clone()),
        // Generous: under load (200 RSA checks at once on two cores) a connection may wait for
        // a worker; the slow-client test sets its own short timeouts.
        header_timeout: Duration::from_secs(30),
        body_timeout: Duration::from_secs(30),
        test_hooks: true,
        ..Config::default()
    };
    (cfg, lines)
}

fn twin(env: Environment) -> (Twin, Arc<Mutex<Vec<String>>>) {
    let (cfg, lines) = config(env, vec![app()]);
    (Twin::start(cfg).unwrap(), lines)
}

struct Reply {
    status: u16,
    headers: hyper::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

/// One HTTP/1.1 request on a fresh connection, with hyper's client.
async fn send(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut tx, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
    tokio::spawn(conn);
    let mut req = hyper::Request::builder().method(method).uri(path);
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req = req.header("host", addr.to_string());
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(Full::new(Bytes::from(body.to_string()))).unwrap();
    let res = tx.send_request(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let body = body.collect().await.unwrap().to_bytes().to_vec();
    Reply { status: parts.status.as_u16(), headers: parts.headers, body }
}

/// The form body cURL sends with `--data-urlencode` for the three fields.
fn form(jwt: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_assertion_type", URN)
        .append_pair("client_assertion", jwt)
        .finish()
}

async fn post_token(addr: SocketAddr, jwt: &str) -> Reply {
    let ct = [("content-type", "application/x-www-form-urlencoded")];
    send(addr, "POST", "/oauth2/token", &ct, &form(jwt)).await
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// The identity-service body, byte for byte, with the message_id the twin chose.
fn nhs_body(reply: &Reply, error: &str, description: &str) -> String {
    let id = reply.json()["message_id"].as_str().unwrap_or("").to_string();
    assert!(id.starts_with("rrt-"), "message_id {id:?}");
    format!(r#"{{"error":"{error}","error_description":"{description}","message_id":"{id}"}}"#)
}

/// A raw Apigee fault, byte for byte (spec §6.1).
fn fault(faultstring: &str, errorcode: &str) -> String {
    format!(r#"{{"fault":{{"faultstring":"{faultstring}","detail":{{"errorcode":"{errorcode}"}}}}}}"#)
}

/// The spec's §12.1 table: case → (twin environment, status, error, error_description).
const EXPECTED: &[(&str, Environment, u16, &str, &str)] = &[
    ("valid_int", Environment::Int, 200, "", ""),
    ("valid_sandbox", Environment::Sandbox, 200, "", ""),
    (
        "alg_rs256",
        Environment::Int,
        400,
        "invalid_request",
        "Invalid 'alg' header in client_assertion JWT - unsupported JWT algorithm - must be 'RS512'",
    ),
    ("missing_kid", Environment::Int, 400, "invalid_request", "Missing 'kid' header in client_assertion JWT"),
    (
        "missing_typ",
        Environment::Int,
        400,
        "invalid_request",
        "Invalid 'typ' header in client_assertion JWT - must be 'JWT'",
    ),
    (
        "iss_sub_mismatch",
        Environment::Int,
        400,
        "invalid_request",
        "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT",
    ),
    (
        "iss_sub_app_guid",
        Environment::Int,
        401,
        "invalid_request",
        "Invalid 'iss'/'sub' claims in client_assertion JWT",
    ),
    (
        "aud_prod_on_int",
        Environment::Int,
        401,
        "invalid_request",
        "Missing or invalid 'aud' claim in client_assertion JWT",
    ),
    (
        "aud_no_token_path",
        Environment::Int,
        401,
        "invalid_request",
        "Missing or invalid 'aud' claim in client_assertion JWT",
    ),
    (
        "aud_trailing_slash",
        Environment::Int,
        401,
        "invalid_request",
        "Missing or invalid 'aud' claim in client_assertion JWT",
    ),
    ("missing_aud", Environment::Int, 401, "invalid_request", "Missing or invalid 'aud' claim in client_assertion JWT"),
    (
        "exp_milliseconds",
        Environment::Int,
        400,
        "invalid_request",
        "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future",
    ),
    (
        "exp_string",
        Environment::Int,
        400,
        "invalid_request",
        "Invalid 'exp' claim in client_assertion JWT - must be an integer",
    ),
    (
        "exp_too_far_360s",
        Environment::Int,
        400,
        "invalid_request",
        "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future",
    ),
    ("missing_exp", Environment::Int, 400, "invalid_request", "Missing 'exp' claim in client_assertion JWT"),
    (
        "jti_integer",
        Environment::Int,
        400,
        "invalid_request",
        "Invalid 'jti' claim in client_assertion JWT - must be a unique string value such as a GUID",
    ),
    ("missing_jti", Environment::Int, 400, "invalid_request", "Missing 'jti' claim in client_assertion JWT"),
    ("with_iat_nbf", Environment::Int, 200, "", ""),
    ("malformed_not_a_jwt", Environment::Int, 400, "invalid_request", "Malformed JWT in client_assertion"),
];

#[test]
fn every_fixture_gets_the_spec_answer_byte_for_byte() {
    let all = cases();
    assert_eq!(all.len(), 19);
    assert_eq!(EXPECTED.len(), all.len(), "every fixture has its expected answer");
    rt().block_on(async {
        for &(name, env, status, error, description) in EXPECTED {
            // A fresh twin per case: the fixtures share one jti, and the spec's table is each
            // one's first use.
            let (twin, lines) = twin(env);
            let jwt = case_jwt(name);
            let r = post_token(twin.addr(), &jwt).await;
            assert_eq!(r.status, status, "{name}: {}", r.text());
            assert_eq!(r.header("content-type"), "application/json", "{name}");
            let explain = r.header("x-auth-triage").to_string();
            assert!(explain.starts_with("step="), "{name}: explained in one header: {explain}");
            if status == 200 {
                let v = r.json();
                let token = v["access_token"].as_str().unwrap().to_string();
                assert_eq!(token.len(), 28);
                assert!(token.chars().all(|c| c.is_ascii_alphanumeric()));
                let expected = format!(
                    r#"{{"access_token":"{token}","expires_in":"599","token_type":"Bearer","issued_at":"{NOW}000"}}"#
                );
                assert_eq!(r.text(), expected, "{name}");
                // The token opens the Hello World API …
                let auth = format!("Bearer {token}");
                let hello =
                    send(twin.addr(), "GET", "/hello-world/hello/application", &[("authorization", &auth)], "").await;
                assert_eq!(
                    (hello.status, hello.text().as_str()),
                    (200, r#"{"message":"Hello Application!"}"#),
                    "{name}"
                );
                // … and the same assertion again is a replay.
                let again = post_token(twin.addr(), &jwt).await;
                assert_eq!(again.status, 400, "{name}");
                let replay = nhs_body(&again, "invalid_request", "Non-unique 'jti' claim in client_assertion JWT");
                assert_eq!(again.text(), replay);
                assert!(again.header("x-auth-triage").contains("entry=jti-non-unique"));
            } else {
                assert_eq!(r.text(), nhs_body(&r, error, description), "{name}");
                assert!(explain.contains("see=http://127.0.0.1:8080/#/errors/"), "{name}: {explain}");
            }
            // One console line per request, and never a secret in it.
            let lines = lines.lock().unwrap().clone();
            assert_eq!(lines.len(), if status == 200 { 3 } else { 1 }, "{name}: {lines:?}");
            for line in &lines {
                assert!(!line.contains(KEY), "{line}");
                if let Some(sig) = jwt.rsplit('.').next().filter(|s| s.len() > 8) {
                    assert!(!line.contains(sig), "{line}");
                }
            }
            if name == "valid_int" {
                eprintln!("sample console lines:\n{}", lines.join("\n"));
                assert!(lines[0].contains("sub=AbCd…2345"), "{}", lines[0]);
            }
        }
    });
}

/// The token endpoint seen through each environment's host: a client that reaches the twin
/// under `int.api.service.nhs.uk` is answered as INT; another environment's host knows no
/// app of this one (keys are per environment).
#[test]
fn host_header_names_the_environment() {
    let (twin, _) = twin(Environment::Int);
    rt().block_on(async {
        let ct = ("content-type", "application/x-www-form-urlencoded");
        let body = form(&case_jwt("valid_int"));
        let uri = "http://int.api.service.nhs.uk/oauth2/token";
        let r = send(twin.addr(), "POST", uri, &[ct, ("host", "int.api.service.nhs.uk")], &body).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let (twin, _) = self::twin(Environment::Int);
        let r = send(twin.addr(), "POST", "/oauth2/token", &[ct, ("host", "sandbox.api.service.nhs.uk")], &body).await;
        assert_eq!(r.text(), nhs_body(&r, "invalid_request", "Invalid 'iss'/'sub' claims in client_assertion JWT"));
    });
}

#[test]
fn method_content_type_and_paths() {
    let (twin, _) = twin(Environment::Int);
    rt().block_on(async {
        let a = twin.addr();
        let r = send(a, "GET", "/oauth2/token", &[], "").await;
        assert_eq!((r.status, r.header("allow"), r.body.len()), (405, "POST", 0));
        let r = send(a, "POST", "/oauth2/token", &[("content-type", "application/json")], "{}").await;
        let expected = nhs_body(&r, "invalid_request", "Content-Type header must be application/x-www-form-urlencoded");
        assert_eq!((r.status, r.text()), (415, expected));
        let ct = [("content-type", "application/x-www-form-urlencoded")];
        let r = send(a, "POST", "/oauth2/token", &ct, "grant_type=client-credentials").await;
        assert_eq!((r.status, r.text()), (400, nhs_body(&r, "unsupported_grant_type", "grant_type is invalid")));
        let r = send(a, "POST", "/oauth2/token", &ct, "client_assertion_type=x").await;
        assert_eq!((r.status, r.text()), (400, nhs_body(&r, "invalid_request", "grant_type is missing")));
        let r = send(a, "POST", "/oauth2/token", &ct, "grant_type=authorization_code&code=x").await;
        assert_eq!(r.status, 501, "another flow is not emulated, and the twin says so: {}", r.text());
        let r = send(a, "POST", "/oauth2/tokens", &ct, "").await;
        assert_eq!((r.status, r.text()), (404, nhs_body(&r, "invalid_request", "Not Found")));
        let r = send(a, "GET", "/nowhere", &[], "").await;
        let fault = fault(
            r"Unable to identify proxy for host: secure and url: \/nowhere",
            "messaging.adaptors.http.flow.ApplicationNotFound",
        );
        assert_eq!((r.status, r.text().as_str()), (404, fault.as_str()));
    });
}

#[test]
fn hello_world_answers_like_an_api_proxy() {
    let (twin, _) = twin(Environment::Int);
    rt().block_on(async {
        let a = twin.addr();
        let path = "/hello-world/hello/application";
        let invalid = fault("Invalid access token", "oauth.v2.InvalidAccessToken");
        let r = send(a, "GET", path, &[], "").await;
        assert_eq!((r.status, r.text().as_str()), (401, invalid.as_str()));
        assert!(r.header("www-authenticate").starts_with("Bearer realm=\"null\",error=\"invalid_token\""));
        let r = send(a, "GET", path, &[("authorization", "Bearer ")], "").await;
        assert_eq!((r.status, r.text().as_str()), (401, invalid.as_str()));
        let bad = fault("Invalid Access Token", "keymanagement.service.invalid_access_token");
        let r = send(a, "GET", path, &[("authorization", "Bearer ThisTokenIsInvalid")], "").await;
        assert_eq!((r.status, r.text().as_str()), (401, bad.as_str()));
        // A real token, then the twin's clock past its 599 seconds.
        let token = post_token(a, &case_jwt("valid_int")).await.json()["access_token"].as_str().unwrap().to_string();
        let auth = format!("Bearer {token}");
        assert_eq!(send(a, "GET", path, &[("authorization", &auth)], "").await.status, 200);
        twin.set_now(NOW + 599);
        let expired = fault("Access Token expired", "keymanagement.service.access_token_expired");
        let r = send(a, "GET", path, &[("authorization", &auth)], "").await;
        assert_eq!((r.status, r.text().as_str()), (401, expired.as_str()));
    });
}

/// An assertion signed here with the fixture's private key (test-1), RS512.
struct Assertions {
    key: rsa::pkcs1v15::SigningKey<sha2::Sha512>,
}

impl Assertions {
    fn new() -> Assertions {
        let pem = std::fs::read_to_string(fixtures().join("test-1.pem")).unwrap();
        Assertions { key: rsa::pkcs1v15::SigningKey::new(rsa::RsaPrivateKey::from_pkcs1_pem(&pem).unwrap()) }
    }
    fn sign(&self, claims: &Value) -> String {
        use base64::Engine;
        let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        let header = json!({"alg": "RS512", "typ": "JWT", "kid": "test-1"});
        let input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()));
        let sig = self.key.sign(input.as_bytes()).to_vec();
        format!("{input}.{}", b64(&sig))
    }
    fn assertion(&self, now: i64, jti: &str) -> String {
        self.sign(&json!({"iss": KEY, "sub": KEY, "aud": INT, "jti": jti, "exp": now + 300, "iat": now}))
    }
}

#[test]
fn jti_is_spent_even_by_a_failed_request_and_kept_30_days() {
    let signer = Assertions::new();
    let (twin, _) = twin(Environment::Int);
    rt().block_on(async {
        let a = twin.addr();
        // A wrong aud fails at step 13, after the jti was cached (step 8).
        let wrong = signer.sign(&json!({"iss": KEY, "sub": KEY, "aud": "https://api.service.nhs.uk/oauth2/token",
            "jti": "spent-1", "exp": NOW + 300}));
        assert_eq!(post_token(a, &wrong).await.status, 401);
        let r = post_token(a, &signer.assertion(NOW, "spent-1")).await;
        assert_eq!(r.text(), nhs_body(&r, "invalid_request", "Non-unique 'jti' claim in client_assertion JWT"));
        // A too-far exp (7.11) does not spend it.
        let far = signer.sign(&json!({"iss": KEY, "sub": KEY, "aud": INT, "jti": "kept-1", "exp": NOW + 400}));
        assert_eq!(post_token(a, &far).await.status, 400);
        assert_eq!(post_token(a, &signer.assertion(NOW, "kept-1")).await.status, 200);
        // 30 days later (twin clock), the jti is free again.
        let later = NOW + 2_592_000;
        twin.set_now(later);
        assert_eq!(post_token(a, &signer.assertion(later, "spent-1")).await.status, 200);
        // A wrong signature: the twin verifies against the registered JWKS.
        let good = signer.assertion(later, "sig-1");
        let (input, _) = good.rsplit_once('.').unwrap();
        let forged = format!("{input}.{}", case_jwt("valid_int").rsplit('.').next().unwrap());
        let r = post_token(a, &forged).await;
        assert_eq!(r.text(), nhs_body(&r, "public_key error", "JWT signature verification failed"));
    });
}

/// A client whose `aud` is the URL it posts to (pytest-nhsd-apim, NHS's tutorials) names the
/// twin's own URL: accepted, as is the environment's token URL; anything else gets the
/// gateway's 401, and the console says which aud came and which were expected. The mock
/// deployment's `/oauth2-mock/token` is the same proxy on another base path, its `aud` its own.
#[test]
fn aud_is_the_twins_own_url_or_the_environments_and_the_mock_path_answers() {
    let signer = Assertions::new();
    let (twin, lines) = twin(Environment::Int);
    let claims = |aud: &str, jti: &str| json!({"iss": KEY, "sub": KEY, "aud": aud, "jti": jti, "exp": NOW + 300});
    let ct = [("content-type", "application/x-www-form-urlencoded")];
    rt().block_on(async {
        let a = twin.addr();
        let own = format!("{}/oauth2/token", twin.url());
        let r = post_token(a, &signer.sign(&claims(&own, "own-1"))).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let explained = r.header("x-auth-triage");
        assert!(explained.contains("note=aud is the twin's own URL"), "{explained}");
        assert!(!explained.contains("aud-mismatch") && !explained.contains("not-https"), "{explained}");
        let token = r.json()["access_token"].as_str().unwrap().to_string();
        let auth = format!("Bearer {token}");
        let hello = send(a, "GET", "/hello-world/hello/application", &[("authorization", &auth)], "").await;
        assert_eq!(hello.status, 200);
        assert_eq!(post_token(a, &signer.sign(&claims(INT, "env-1"))).await.status, 200);

        // Another name of the twin is not the URL posted to (Host says 127.0.0.1).
        let other = format!("http://localhost:{}/oauth2/token", a.port());
        let r = post_token(a, &signer.sign(&claims(&other, "other-1"))).await;
        assert_eq!(r.text(), nhs_body(&r, "invalid_request", "Missing or invalid 'aud' claim in client_assertion JWT"));
        let line = lines.lock().unwrap().last().cloned().unwrap();
        let said = format!("aud \"{other}\" received; expected \"{INT}\" or the twin's own \"{own}\"");
        assert!(line.contains(&said), "{line}");

        // The mock deployment: the same token handling, its aud its own URL.
        let mock_env = "https://int.api.service.nhs.uk/oauth2-mock/token";
        let mock_own = format!("{}/oauth2-mock/token", twin.url());
        for (i, aud) in [mock_env, mock_own.as_str()].into_iter().enumerate() {
            let body = form(&signer.sign(&claims(aud, &format!("mock-{i}"))));
            let r = send(a, "POST", "/oauth2-mock/token", &ct, &body).await;
            assert_eq!(r.status, 200, "{aud}: {}", r.text());
        }
        let r = send(a, "POST", "/oauth2-mock/token", &ct, &form(&signer.sign(&claims(INT, "mock-int")))).await;
        assert_eq!(r.text(), nhs_body(&r, "invalid_request", "Missing or invalid 'aud' claim in client_assertion JWT"));
        let line = lines.lock().unwrap().last().cloned().unwrap();
        assert!(line.contains(&format!("expected \"{mock_env}\" or the twin's own \"{mock_own}\"")), "{line}");
        let r = send(a, "GET", "/oauth2-mock/token", &[], "").await;
        assert_eq!((r.status, r.header("allow")), (405, "POST"));
    });
}

/// `--page-dir`: the built page on the twin's own origin, so that it posts to the twin under
/// its own CSP (`connect-src 'self'`); files outside the folder are not served, other paths
/// stay the gateway's, and a foreign Origin is still refused while the twin's own passes.
#[test]
fn the_page_is_served_on_the_twins_own_origin() {
    let dir = std::env::temp_dir().join(format!("auth-triage-twin-page-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>page</title>").unwrap();
    std::fs::write(dir.join("assets/app.js"), "export {};").unwrap();
    let (mut cfg, lines) = config(Environment::Int, vec![app()]);
    cfg.page_dir = Some(dir.clone());
    let twin = Twin::start(cfg).unwrap();
    let signer = Assertions::new();
    rt().block_on(async {
        let a = twin.addr();
        let r = send(a, "GET", "/", &[], "").await;
        assert_eq!(
            (r.status, r.header("content-type"), r.text().as_str()),
            (200, "text/html; charset=utf-8", "<!doctype html><title>page</title>")
        );
        let r = send(a, "GET", "/assets/app.js", &[], "").await;
        assert_eq!((r.status, r.header("content-type")), (200, "text/javascript; charset=utf-8"));
        let r = send(a, "HEAD", "/index.html", &[], "").await;
        assert_eq!((r.status, r.header("content-length"), r.body.len()), (200, "34", 0));
        for outside in ["/../Cargo.toml", "/assets/%2e%2e/index.html", "/nowhere.js"] {
            let r = send(a, "GET", outside, &[], "").await;
            assert_eq!(r.status, 404, "{outside}");
            assert!(r.text().contains("ApplicationNotFound"), "{outside}: {}", r.text());
        }
        // The page posts from its own origin: allowed; another origin: refused.
        let ct = ("content-type", "application/x-www-form-urlencoded");
        let own = twin.url();
        let body = form(&signer.assertion(NOW, "page-1"));
        let r = send(a, "POST", "/oauth2/token", &[ct, ("origin", &own)], &body).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let body = form(&signer.assertion(NOW, "page-2"));
        let r = send(a, "POST", "/oauth2/token", &[ct, ("origin", "http://evil.example")], &body).await;
        assert_eq!((r.status, r.header("x-auth-triage").starts_with("twin=cross-origin")), (403, true));
    });
    // The console links point at the page the twin serves.
    rt().block_on(send(twin.addr(), "GET", "/oauth2/token", &[], ""));
    let line = lines.lock().unwrap().last().cloned().unwrap();
    assert!(line.ends_with(&format!(" {}/#/errors/token-method-not-allowed", twin.url())), "{line}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `POST /__twin/register`: the page served by the twin registers a public key for an API key
/// (a new app, or the JWKS of one it has), and the next token request with that key passes; a
/// private key, a non-JSON body and a foreign Origin are refused.
#[test]
fn the_page_registers_a_public_key_with_the_twin() {
    let (cfg, lines) = config(Environment::Int, vec![]);
    let twin = Twin::start(cfg).unwrap();
    let signer = Assertions::new();
    let jwks = std::fs::read_to_string(fixtures().join("jwks.json")).unwrap();
    let own = twin.url();
    rt().block_on(async {
        let a = twin.addr();
        let r = post_token(a, &signer.assertion(NOW, "reg-1")).await;
        assert_eq!(r.status, 401, "{}", r.text());
        let ct = ("content-type", "application/json");
        let body = json!({"key": KEY, "jwks": jwks}).to_string();
        let r = send(a, "POST", "/__twin/register", &[ct, ("origin", &own)], &body).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["kids"], json!(["test-1"]));
        assert!(r.header("x-auth-triage").starts_with("twin=register"), "{}", r.header("x-auth-triage"));
        assert!(!r.text().contains(KEY), "the answer names the key by its first/last 4 only");
        let r = post_token(a, &signer.assertion(NOW, "reg-2")).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let r = send(a, "POST", "/__twin/register", &[ct, ("origin", "http://evil.example")], &body).await;
        assert_eq!(r.status, 403);
        let r = send(a, "POST", "/__twin/register", &[("content-type", "text/plain")], &body).await;
        assert_eq!(r.status, 415);
        let private = json!({"key": KEY, "jwks": {"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB", "d": "AQAB"}]}});
        let r = send(a, "POST", "/__twin/register", &[ct], &private.to_string()).await;
        assert_eq!(r.status, 400, "{}", r.text());
    });
    assert!(lines.lock().unwrap().iter().any(|l| l.contains("/__twin/register") && l.contains("-> 200")));
}

#[test]
fn apps_without_key_or_product_and_unknown_keys() {
    let signer = Assertions::new();
    let mut no_jwks = app();
    no_jwks.jwks = None;
    let (cfg, _) = config(Environment::Int, vec![no_jwks]);
    let t = Twin::start(cfg).unwrap();
    rt().block_on(async {
        let r = post_token(t.addr(), &signer.assertion(NOW, "a-1")).await;
        let d =
            "You need to register a public key to use this authentication method - please contact support to configure";
        assert_eq!((r.status, r.text()), (403, nhs_body(&r, "public_key error", d)));
    });
    let mut user_only = app();
    user_only.products = vec![Product::UserRestricted];
    let (cfg, _) = config(Environment::Int, vec![user_only]);
    let t = Twin::start(cfg).unwrap();
    rt().block_on(async {
        let r = post_token(t.addr(), &signer.assertion(NOW, "a-2")).await;
        let d = "you have tried to request authorization but your application is not configured \
                 to use this authorization grant type";
        assert_eq!((r.status, r.text()), (401, nhs_body(&r, "unauthorized_client", d)));
    });
    let (cfg, _) = config(Environment::Int, vec![]);
    let t = Twin::start(cfg).unwrap();
    rt().block_on(async {
        let r = post_token(t.addr(), &signer.assertion(NOW, "a-3")).await;
        let d = "Invalid 'iss'/'sub' claims in client_assertion JWT";
        assert_eq!((r.status, r.text()), (401, nhs_body(&r, "invalid_request", d)));
    });
}

#[test]
fn load_200_fresh_jtis_and_one_jti_from_50_clients() {
    let signer = Assertions::new();
    let fresh: Vec<String> = (0..200).map(|i| signer.assertion(NOW, &format!("load-{i}"))).collect();
    let one = signer.assertion(NOW, "the-same-one");
    let (twin, _) = twin(Environment::Int);
    let a = twin.addr();
    rt().block_on(async {
        let started = Instant::now();
        let tasks: Vec<_> =
            fresh.into_iter().map(|jwt| tokio::spawn(async move { post_token(a, &jwt).await })).collect();
        for t in tasks {
            let r = t.await.unwrap();
            assert_eq!(r.status, 200, "{}", r.text());
        }
        eprintln!("200 concurrent token requests: {:?}", started.elapsed());
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let jwt = one.clone();
                tokio::spawn(async move { post_token(a, &jwt).await })
            })
            .collect();
        let mut statuses = Vec::new();
        for t in tasks {
            let r = t.await.unwrap();
            if r.status == 400 {
                assert_eq!(r.text(), nhs_body(&r, "invalid_request", "Non-unique 'jti' claim in client_assertion JWT"));
            }
            statuses.push(r.status);
        }
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 400).count(), 49, "{statuses:?}");
    });
}

/// Raw bytes to the twin; what comes back before it closes (bounded by `wait`).
fn raw(addr: SocketAddr, bytes: &[u8], wait: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(wait)).unwrap();
    s.write_all(bytes).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    (String::from_utf8_lossy(&out).into_owned(), started.elapsed())
}

#[test]
fn bad_input_slow_clients_and_panics() {
    let (mut cfg, _) = config(Environment::Int, vec![app()]);
    cfg.header_timeout = Duration::from_secs(1);
    cfg.body_timeout = Duration::from_secs(1);
    let twin = Twin::start(cfg).unwrap();
    let a = twin.addr();
    // Malformed HTTP: 400 from hyper's parser.
    let (r, _) = raw(a, b"THIS IS NOT HTTP\r\n\r\n", Duration::from_secs(5));
    assert!(r.starts_with("HTTP/1.1 400"), "{r:?}");
    // A huge declared body: 413 at once, without reading it.
    let head = "POST /oauth2/token HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\n";
    let (r, took) = raw(a, format!("{head}content-length: 100000000\r\n\r\ngrant").as_bytes(), Duration::from_secs(5));
    assert!(r.starts_with("HTTP/1.1 413"), "{r:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    // The same, chunked (no length declared): cut at the limit.
    let chunk = "x".repeat(40_000);
    let chunked = format!("{head}transfer-encoding: chunked\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n", chunk.len());
    let (r, _) = raw(a, chunked.as_bytes(), Duration::from_secs(5));
    assert!(r.starts_with("HTTP/1.1 413"), "{r:?}");
    // Headers that never finish: disconnected after the header timeout (1 s here).
    let (r, took) = raw(a, b"POST /oauth2/token HTTP/1.1\r\nhost: x\r\n", Duration::from_secs(8));
    assert!(took < Duration::from_secs(6), "slow headers took {took:?}: {r:?}");
    // A client that connects and says nothing: disconnected too.
    let (_, took) = raw(a, b"", Duration::from_secs(8));
    assert!(took < Duration::from_secs(6), "idle connection took {took:?}");
    // A body that never finishes: 408 after the body timeout.
    let (r, took) = raw(a, format!("{head}content-length: 100\r\n\r\ngrant_type").as_bytes(), Duration::from_secs(8));
    assert!(r.starts_with("HTTP/1.1 408"), "{r:?}");
    assert!(took < Duration::from_secs(6), "{took:?}");
    // A panic inside one request: 500 for it, and the twin serves on.
    let (r, _) = raw(a, b"GET /__twin/panic HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n", Duration::from_secs(5));
    assert!(r.starts_with("HTTP/1.1 500"), "{r:?}");
    rt().block_on(async {
        assert_eq!(post_token(a, &case_jwt("valid_int")).await.status, 200);
    });
}

#[test]
fn loopback_only_unless_listen_is_explicit() {
    let (mut cfg, _) = config(Environment::Int, vec![]);
    cfg.listen = "0.0.0.0:0".parse().unwrap();
    assert!(cfg.check_listen().is_err());
    assert!(Twin::start(cfg.clone()).is_err());
    cfg.listen_explicit = true;
    assert!(cfg.check_listen().is_ok());
    assert!(App::parse("key=K,products=signed-jwt|nope", Path::new(".")).is_err());
    assert!(App::parse("app-id=x", Path::new(".")).is_err());
}

/// The binary: `auth-triage twin --config FILE`, one token request, its console line.
#[test]
fn command_line_with_a_config_file() {
    let dir = std::env::temp_dir().join(format!("auth-triage-twin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixtures().join("jwks.json"), dir.join("jwks.json")).unwrap();
    let config = json!({"listen": "127.0.0.1:0", "env": "int", "now": NOW,
        "apps": [{"key": KEY, "app-id": APP_ID, "jwks": "jwks.json", "products": ["signed-jwt"]}]});
    std::fs::write(dir.join("twin.json"), config.to_string()).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_auth-triage"))
        .args(["twin", "--config"])
        .arg(dir.join("twin.json"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut out, &mut first).unwrap();
    let addr: SocketAddr = first.split("http://").nth(1).and_then(|s| s.split('/').next()).unwrap().parse().unwrap();
    let status = rt().block_on(async { post_token(addr, &case_jwt("valid_int")).await.status });
    let mut lines = String::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !lines.contains("-> 200") && Instant::now() < deadline {
        let mut l = String::new();
        if std::io::BufRead::read_line(&mut out, &mut l).unwrap_or(0) == 0 {
            break;
        }
        lines.push_str(&l);
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status, 200);
    assert!(
        lines.contains("POST /oauth2/token sub=AbCd…2345") && lines.contains("-> 200 access token issued"),
        "{lines}"
    );
    // Non-loopback from a config file without --listen: refused, exit 2.
    let refuse = dir.with_extension("refuse.json");
    std::fs::write(&refuse, json!({"listen": "0.0.0.0:0", "apps": []}).to_string()).unwrap();
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_auth-triage"))
        .args(["twin", "--config"])
        .arg(&refuse)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&refuse);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("not a loopback address"), "{stderr}");
    assert_eq!(refused.status.code(), Some(2));
}

/// The spec's reference request (§2), with the real cURL when it is installed.
#[test]
fn curl_reference_request() {
    if std::process::Command::new("curl").arg("--version").output().is_err() {
        eprintln!("SKIPPED: curl is not installed");
        return;
    }
    let (twin, _) = twin(Environment::Int);
    let out = std::process::Command::new("curl")
        .args(["-s", "-X", "POST", &format!("{}/oauth2/token", twin.url())])
        .args(["-H", "Content-Type: application/x-www-form-urlencoded"])
        .args(["--data-urlencode", "grant_type=client_credentials"])
        .args(["--data-urlencode", &format!("client_assertion_type={URN}")])
        .args(["--data-urlencode", &format!("client_assertion={}", case_jwt("with_iat_nbf"))])
        .args(["-w", "\n%{http_code}"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, status) = text.rsplit_once('\n').unwrap();
    assert_eq!(status, "200", "{text}");
    assert!(body.starts_with(r#"{"access_token":""#) && body.contains(r#""expires_in":"599""#), "{body}");
}

/// A client written as the NHS samples write it (Python `requests` + PyJWT) runs its whole
/// flow against the twin. Skipped, saying so, when Python or its packages are missing
/// (`scripts/ensure-tools.sh test` installs them); `AUTH_TRIAGE_REQUIRE_PYTHON=1` fails instead.
#[test]
fn python_requests_pyjwt_client_runs_its_flow() {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import jwt, requests, cryptography"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("AUTH_TRIAGE_REQUIRE_PYTHON").is_none(),
            "python3 with requests + PyJWT[crypto] needed"
        );
        eprintln!("SKIPPED: python3 with requests and PyJWT[crypto] is not installed");
        return;
    }
    let (twin, lines) = twin(Environment::Int);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/twin/nhs_client.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .env("TWIN_URL", twin.url())
        .env("NHS_API_KEY", KEY)
        .env("NHS_KID", "test-1")
        .env("NHS_PRIVATE_KEY", fixtures().join("test-1.pem"))
        .env("NHS_TOKEN_AUD", INT)
        .env("NHS_NOW", NOW.to_string())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("token: 200") && stdout.contains("Hello Application!"), "{stdout}");
    assert!(stdout.contains("retry with the same assertion: 400 Non-unique 'jti' claim"), "{stdout}");
    assert_eq!(lines.lock().unwrap().len(), 3);
}

/// One analysis per request: the twin answers the core's walk as its oracle, never runs the
/// analysis again, and the walk asks about the jti at most once.
#[test]
fn one_analysis_per_request() {
    use auth_triage::twin::{Clock, Gateway, Incoming};
    let (cfg, _) = config(Environment::Int, vec![app()]);
    let gateway = Gateway::new(&cfg, Arc::new(Clock::new(Some(NOW))));
    let cases = cases();
    for (i, name) in cases.keys().enumerate() {
        let body = format!(
            "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={}",
            case_jwt(name)
        );
        let req = Incoming {
            method: "POST".into(),
            target: "/oauth2/token".into(),
            host: Some("int.api.service.nhs.uk".into()),
            content_type: Some("application/x-www-form-urlencoded".into()),
            authorization: None,
            body: body.into_bytes(),
        };
        let before = gateway.counts();
        gateway.answer(&req);
        let after = gateway.counts();
        assert_eq!(after.0, before.0 + 1, "{name}: analyses per request");
        assert!(after.1 - before.1 <= 1, "{name}: jti asked {} times", after.1 - before.1);
        assert_eq!(after.0, i as u64 + 1);
    }
}
