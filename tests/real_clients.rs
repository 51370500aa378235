//! Five real client libraries against a spawned twin (issue 23): pytest-nhsd-apim's
//! ClientCredentialsAuthenticator, Authlib's PrivateKeyJWT and requests-oauthlib (Python, pinned
//! in scripts/python-requirements.txt, installed into target/python by
//! `scripts/ensure-tools.sh test`), openid-client's PrivateKeyJwt and jose with fetch (Node, pinned
//! here, installed by npm from the registry into Cargo's test temp folder). Each client script in
//! tests/real_clients/ is configured as the platform requires (RS512, typ JWT, kid, aud = the
//! token URL, exp ≤ now + 300, a form body without charset, no Basic header) and gets a token and
//! Hello World (200). A wrong kid and a wrong aud get the gateway's 401s, byte for byte. Then each
//! documented default the platform refuses is left as the library has it, and the twin's answer to
//! it is asserted: what the gateway does with that default, as the twin reads the spec.
//!
//! Without python3 and the pinned packages, or node and npm, a test says SKIPPED;
//! `AUTH_TRIAGE_REQUIRE_PYTHON=1` / `AUTH_TRIAGE_REQUIRE_NODE=1` (as `make test` sets them) make it
//! fail instead.

mod common;
use common::fixtures;
use common::root;
use std::path::{Path, PathBuf};
use std::process::Command;

use auth_triage::twin::{App, Config, Log, Twin};
use serde_json::{json, Value};

const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
/// openid-client and the oauth4webapi it runs on, pinned exactly (jose is the generated code's).
const OPENID_CLIENT: &str = "6.9.0";
const OAUTH4WEBAPI: &str = "3.8.8";
const JOSE: &str = auth_triage::outputs::code::pins::JOSE;

const KID: &str = "Invalid 'kid' header in client_assertion JWT - no matching public key";
const AUD: &str = "Missing or invalid 'aud' claim in client_assertion JWT";
const MEDIA: &str = "Content-Type header must be application/x-www-form-urlencoded";
const ALG: &str = "Invalid 'alg' header in client_assertion JWT - unsupported JWT algorithm - must be 'RS512'";
const NO_KID: &str = "Missing 'kid' header in client_assertion JWT";
const TYP: &str = "Invalid 'typ' header in client_assertion JWT - must be 'JWT'";
const EXP: &str = "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future";
const ISS: &str = "Invalid 'iss'/'sub' claims in client_assertion JWT";

fn twin() -> Twin {
    let app = App::parse(&format!("key={KEY},jwks=jwks.json"), &fixtures()).unwrap();
    // The system clock: the libraries sign with the real time.
    let cfg = Config { listen: "127.0.0.1:0".parse().unwrap(), apps: vec![app], log: Log::Off, ..Config::default() };
    Twin::start(cfg).unwrap()
}

/// What a client script printed.
struct Outcome {
    label: String,
    text: String,
    status: u16,
    body: String,
    explain: String,
    hello: String,
}

impl Outcome {
    fn line(text: &str, prefix: &str) -> String {
        text.lines().find_map(|l| l.strip_prefix(prefix)).unwrap_or("").to_string()
    }

    /// Token 200 with the gateway's success body, then Hello World 200.
    fn assert_flow(&self) {
        let Outcome { label, text, .. } = self;
        assert_eq!(self.status, 200, "{label}: {text}");
        let v: Value = serde_json::from_str(&self.body).unwrap_or(Value::Null);
        assert_eq!(v["expires_in"], "599", "{label}: {text}");
        assert_eq!(v["token_type"], "Bearer", "{label}: {text}");
        assert_eq!(self.hello, r#"200 {"message":"Hello Application!"}"#, "{label}: {text}");
    }

    /// The gateway's identity-service error, byte for byte (with the message_id the twin chose).
    fn assert_error(&self, status: u16, description: &str) {
        let Outcome { label, text, .. } = self;
        assert_eq!(self.status, status, "{label}: {text}");
        let v: Value = serde_json::from_str(&self.body).unwrap_or(Value::Null);
        let id = v["message_id"].as_str().unwrap_or("");
        assert!(id.starts_with("rrt-"), "{label}: {text}");
        let want = format!(r#"{{"error":"invalid_request","error_description":"{description}","message_id":"{id}"}}"#);
        assert_eq!(self.body, want, "{label}: {text}");
        assert!(self.hello.is_empty(), "{label}: no Hello World after an error: {text}");
    }

    /// A raw Apigee fault, byte for byte (spec §6.1).
    fn assert_fault(&self, status: u16, faultstring: &str, errorcode: &str) {
        let Outcome { label, text, .. } = self;
        assert_eq!(self.status, status, "{label}: {text}");
        let want = format!(r#"{{"fault":{{"faultstring":"{faultstring}","detail":{{"errorcode":"{errorcode}"}}}}}}"#);
        assert_eq!(self.body, want, "{label}: {text}");
        assert!(self.hello.is_empty(), "{label}: no Hello World after an error: {text}");
    }
}

/// Where a library's client runs: its runtime and the folder its script is run from.
struct Lib {
    name: &'static str,
    cmd: &'static str,
    dir: PathBuf,
    script: &'static str,
}

impl Lib {
    /// One run of the client against `twin`: `keep` lists the library defaults left as they are.
    fn run(&self, twin: &Twin, keep: &[&str], kid: &str, aud: Option<&str>, extra: Value) -> Outcome {
        let mut settings = json!({
            "base": twin.url().trim_end_matches('/'),
            "key": KEY,
            "pem": fixtures().join("test-1.pem"),
            "kid": kid,
            "aud": aud,
            "keep": keep,
        });
        if let (Some(s), Some(e)) = (settings.as_object_mut(), extra.as_object()) {
            s.extend(e.clone());
        }
        let out = Command::new(self.cmd)
            .arg(self.script)
            .arg(settings.to_string())
            .current_dir(&self.dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let token = Outcome::line(&text, "token: ");
        let (status, body) = token.split_once(' ').unwrap_or((&token, ""));
        let label = format!("{} keep={keep:?} kid={kid} aud={aud:?} {extra}", self.name);
        // A 200 ends in Hello World; any other answer makes the script exit non-zero.
        let ok = out.status.success();
        assert_eq!(ok, status == "200", "{label}: exit {:?}: {text}", out.status);
        Outcome {
            status: status.parse().unwrap_or(0),
            body: body.to_string(),
            explain: Outcome::line(&text, "explain: "),
            hello: Outcome::line(&text, "hello: "),
            label,
            text,
        }
    }

    fn ok(&self, twin: &Twin, keep: &[&str]) -> Outcome {
        self.run(twin, keep, "test-1", None, json!({}))
    }
}

fn skip(var: &str, what: &str) {
    assert!(std::env::var_os(var).is_none(), "{what} needed ({var} is set)");
    eprintln!("SKIPPED: {what} is not available");
}

fn python_lib(name: &'static str, script: &'static str) -> Lib {
    Lib { name, cmd: "python3", dir: root().join("tests/real_clients"), script }
}

/// python3 with the pinned packages of scripts/python-requirements.txt (target/python, first on
/// PATH under `make test`).
fn have_python() -> bool {
    let import = "import jwt, requests, authlib, requests_oauthlib, pytest_nhsd_apim.identity_service";
    Command::new("python3").args(["-c", import]).output().is_ok_and(|o| o.status.success())
}

#[test]
fn pytest_nhsd_apim_gets_a_token_and_hello_world_and_its_default_base_url_is_another_environment() {
    if !have_python() {
        return skip("AUTH_TRIAGE_REQUIRE_PYTHON", "python3 with pytest-nhsd-apim (scripts/python-requirements.txt)");
    }
    let lib = python_lib("pytest-nhsd-apim", "pytest_nhsd_apim_client.py");
    let twin = twin();
    lib.ok(&twin, &[]).assert_flow();
    // Its own default path, the mock deployment (`/oauth2-mock/token`, aud its own URL).
    let mock = json!({ "path_base": format!("{}/oauth2-mock", twin.url()) });
    lib.run(&twin, &[], "test-1", None, mock).assert_flow();
    lib.run(&twin, &[], "test-1x", None, json!({})).assert_error(401, KID);
    // The default base URL, https://internal-dev.api.service.nhs.uk/oauth2-mock: an INT app's key
    // is not a key there.
    lib.ok(&twin, &["base-url"]).assert_error(401, ISS);
}

#[test]
fn authlib_private_key_jwt_gets_a_token_and_hello_world_and_its_defaults_get_the_gateways_answers() {
    if !have_python() {
        return skip("AUTH_TRIAGE_REQUIRE_PYTHON", "python3 with Authlib (scripts/python-requirements.txt)");
    }
    let lib = python_lib("authlib", "authlib_client.py");
    let twin = twin();
    lib.ok(&twin, &[]).assert_flow();
    lib.run(&twin, &[], "test-1x", None, json!({})).assert_error(401, KID);
    let prod = "https://api.service.nhs.uk/oauth2/token";
    lib.run(&twin, &[], "test-1", Some(prod), json!({})).assert_error(401, AUD);
    // Its defaults, one at a time, then all of them as the docs leave them.
    lib.ok(&twin, &["charset"]).assert_error(415, MEDIA);
    lib.ok(&twin, &["alg"]).assert_error(400, ALG);
    lib.ok(&twin, &["kid"]).assert_error(400, NO_KID);
    lib.ok(&twin, &["exp"]).assert_error(400, EXP);
    lib.ok(&twin, &["charset", "alg", "kid", "exp"]).assert_error(415, MEDIA);
    lib.ok(&twin, &["alg", "kid", "exp"]).assert_error(400, ALG);
}

#[test]
fn requests_oauthlib_gets_a_token_and_hello_world_and_its_automatic_basic_header_is_answered() {
    if !have_python() {
        return skip("AUTH_TRIAGE_REQUIRE_PYTHON", "python3 with requests-oauthlib (scripts/python-requirements.txt)");
    }
    let lib = python_lib("requests-oauthlib", "requests_oauthlib_client.py");
    let twin = twin();
    lib.ok(&twin, &[]).assert_flow();
    lib.run(&twin, &[], "test-1x", None, json!({})).assert_error(401, KID);
    lib.run(&twin, &[], "test-1", Some("https://int.api.service.nhs.uk/oauth2/token/"), json!({}))
        .assert_error(401, AUD);
    // Its automatic `Authorization: Basic base64(client_id:)`: the twin answers as the spec's
    // likeliest reading (§7.4, UNVERIFIED) has it, Apigee's InvalidClientIdentifier after the
    // signature passed, and says so.
    let basic = lib.ok(&twin, &["basic"]);
    basic.assert_fault(500, "Invalid client identifier {0}", "oauth.v2.InvalidClientIdentifier");
    let why = &basic.explain;
    assert!(why.contains("step=14") && why.contains("certainty=likely"), "{}: {}", basic.label, basic.text);
    assert!(why.contains("authorization-header-on-token"), "{}: {}", basic.label, basic.text);
    // include_client_id=True, its way around the header: client_id = the API key in the body.
    lib.ok(&twin, &["client-id"]).assert_flow();
}

/// `openid-client`, `oauth4webapi` and `jose` at their pinned versions in a folder of Cargo's test
/// temp dir (kept between runs), with the Node scripts copied beside them; `None` when npm is
/// missing or cannot install them.
fn node_dir() -> Option<PathBuf> {
    // The two Node tests run at once: one installs while the other waits, rather than reading a
    // half-written node_modules (seen on a fresh machine: jose's package.json there, its files not).
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-clients-node");
    let pins = [("openid-client", OPENID_CLIENT), ("oauth4webapi", OAUTH4WEBAPI), ("jose", JOSE)];
    let have = |(name, version): &(&str, &str)| {
        let manifest = dir.join("node_modules").join(name).join("package.json");
        std::fs::read_to_string(manifest).is_ok_and(|m| m.contains(&format!("\"version\": \"{version}\"")))
    };
    if !pins.iter().all(have) {
        std::fs::create_dir_all(&dir).ok()?;
        std::fs::write(dir.join("package.json"), "{\"private\": true, \"type\": \"module\"}\n").ok()?;
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact"])
            .args(pins.iter().map(|(name, version)| format!("{name}@{version}")))
            .current_dir(&dir)
            .status()
            .ok()?;
        if !status.success() || !pins.iter().all(have) {
            return None;
        }
    }
    for script in ["common.mjs", "openid_client.mjs", "jose_client.mjs"] {
        std::fs::copy(root().join("tests/real_clients").join(script), dir.join(script)).ok()?;
    }
    Some(dir)
}

#[test]
fn openid_client_private_key_jwt_gets_a_token_and_hello_world_and_its_defaults_get_the_gateways_answers() {
    let Some(dir) = node_dir() else {
        return skip(
            "AUTH_TRIAGE_REQUIRE_NODE",
            "node 20 and npm (openid-client, oauth4webapi, jose from the registry)",
        );
    };
    let lib = Lib { name: "openid-client", cmd: "node", dir, script: "openid_client.mjs" };
    let twin = twin();
    let ok = lib.ok(&twin, &[]);
    ok.assert_flow();
    // oauth4webapi reads the platform's string expires_in ("599") as a number.
    assert!(ok.text.contains("expires_in: number 599"), "{}", ok.text);
    lib.run(&twin, &[], "test-1x", None, json!({})).assert_error(401, KID);
    lib.ok(&twin, &["charset"]).assert_error(415, MEDIA);
    lib.ok(&twin, &["typ"]).assert_error(400, TYP);
    // aud = the issuer, not the token URL.
    lib.ok(&twin, &["aud"]).assert_error(401, AUD);
    lib.ok(&twin, &["charset", "typ", "aud"]).assert_error(415, MEDIA);
    lib.ok(&twin, &["typ", "aud"]).assert_error(400, TYP);
}

#[test]
fn jose_with_fetch_gets_a_token_and_hello_world_and_its_defaults_get_the_gateways_answers() {
    let Some(dir) = node_dir() else {
        return skip("AUTH_TRIAGE_REQUIRE_NODE", "node 20 and npm (jose from the registry)");
    };
    let lib = Lib { name: "jose", cmd: "node", dir, script: "jose_client.mjs" };
    let twin = twin();
    lib.ok(&twin, &[]).assert_flow();
    lib.run(&twin, &[], "test-2", None, json!({})).assert_error(401, KID);
    let prod = "https://api.service.nhs.uk/oauth2/token";
    lib.run(&twin, &[], "test-1", Some(prod), json!({})).assert_error(401, AUD);
    lib.ok(&twin, &["charset"]).assert_error(415, MEDIA);
    lib.ok(&twin, &["kid"]).assert_error(400, NO_KID);
    lib.ok(&twin, &["typ"]).assert_error(400, TYP);
    lib.ok(&twin, &["typ", "kid", "charset"]).assert_error(415, MEDIA);
    lib.ok(&twin, &["typ", "kid"]).assert_error(400, NO_KID);
}
