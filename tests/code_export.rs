//! Code export (`outputs::code`): every generated file compared byte for byte with its golden
//! file (`tests/code_export/golden/`; `AUTH_TRIAGE_UPDATE_GOLDEN=1` rewrites them), the shape
//! NHS's tutorials use checked in each, and the Python, Node and Postman ones run against a
//! spawned twin: each gets a token (200) and Hello World (200); a wrong kid gets the gateway's
//! 401. Python needs `requests` + PyJWT[crypto] (`scripts/ensure-tools.sh test`: target/python),
//! Node needs npm (`jose` and `crypto-js`, pinned, installed into Cargo's test temp folder).
//! Without them a test says SKIPPED; `AUTH_TRIAGE_REQUIRE_PYTHON=1` / `AUTH_TRIAGE_REQUIRE_NODE=1`
//! make it fail instead.

mod common;
use common::fixtures;
use common::root;
use std::path::{Path, PathBuf};
use std::process::Command;

use auth_triage::outputs::code::{generate, pins, KeySource, Lang, Params, ASSERTION_TYPE};
use auth_triage::platform::Environment;
use auth_triage::twin::{App, Config, Log, Twin};

const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
/// crypto-js as Postman's sandbox has it (the collection's signer uses its SHA-512 only).
const CRYPTO_JS: &str = "4.2.0";

#[test]
fn every_language_matches_its_golden_file() {
    let params = Params::for_env(Environment::Int, KEY, "test-1");
    let update = std::env::var_os("AUTH_TRIAGE_UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for lang in Lang::ALL {
        let path = root().join("tests/code_export/golden").join(lang.file_name());
        let code = generate(lang, &params);
        if update {
            std::fs::write(&path, &code).unwrap();
            continue;
        }
        let golden = std::fs::read_to_string(&path).unwrap_or_default();
        if golden != code {
            stale.push(format!("{} ({})", path.display(), lang.id()));
        }
    }
    assert!(stale.is_empty(), "differs from its golden file (AUTH_TRIAGE_UPDATE_GOLDEN=1 rewrites): {stale:?}");
}

/// The shape of NHS's tutorials in every program; nothing the platform refuses.
#[test]
fn every_language_has_the_tutorials_shape() {
    let params = Params::for_env(Environment::Int, KEY, "test-1");
    for lang in Lang::ALL {
        let code = generate(lang, &params);
        let id = lang.id();
        assert!(code.contains("https://int.api.service.nhs.uk/oauth2/token"), "{id}: the token URL (aud)");
        assert!(code.contains("https://int.api.service.nhs.uk/hello-world/hello/application"), "{id}: Hello World");
        assert!(code.contains("application/x-www-form-urlencoded"), "{id}: the Content-Type");
        assert!(!code.contains("x-www-form-urlencoded;"), "{id}: no charset");
        assert!(!code.contains("Basic "), "{id}: no Basic header");
        assert!(code.contains("client_credentials"), "{id}: grant_type");
        assert!(!code.contains("-----\\nMII") && !code.contains("-----\nMII"), "{id}: no key written in");
        if !matches!(lang, Lang::Http) {
            assert!(code.contains("RS512") && code.contains("300"), "{id}: RS512, exp now + 300");
            assert!(code.contains(ASSERTION_TYPE), "{id}: client_assertion_type");
        }
        if !matches!(lang, Lang::Http | Lang::Postman) {
            assert!(code.contains("private.pem"), "{id}: the key read from private.pem");
        }
    }
    // A key is written in only when passed explicitly, and then quoted as a literal.
    let pem = "-----BEGIN PRIVATE KEY-----\nMIIB\"x\\\n-----END PRIVATE KEY-----\n";
    let embedded = params.clone().with_key(KeySource::Pem(pem.into()));
    for lang in [Lang::Python, Lang::Node, Lang::CSharp, Lang::Go] {
        let code = generate(lang, &embedded);
        assert!(code.contains(r#""-----BEGIN PRIVATE KEY-----\nMIIB\"x\\\n-----END PRIVATE KEY-----\n""#), "{code}");
        assert!(!code.contains("private.pem"), "{}", lang.id());
    }
    assert!(generate(Lang::Php, &embedded).contains("'-----BEGIN PRIVATE KEY-----\nMIIB\"x\\\\\n"));
    // Java reads \u escapes before strings: a control character is an octal escape there.
    let odd = Params::for_env(Environment::Int, "a\u{1}b\"", "k");
    assert!(generate(Lang::Java, &odd).contains(r#"API_KEY = "a\001b\"";"#));
    assert!(generate(Lang::Python, &odd).contains(r#"API_KEY = "a\u0001b\"""#));
}

fn twin() -> Twin {
    let app = App::parse(&format!("key={KEY},jwks=jwks.json"), &fixtures()).unwrap();
    // The system clock: the programs sign with the real time.
    let cfg = Config { listen: "127.0.0.1:0".parse().unwrap(), apps: vec![app], log: Log::Off, ..Config::default() };
    Twin::start(cfg).unwrap()
}

/// The program for `lang` against the twin, written into `dir`, run with `cmd`: (exit ok, stdout).
fn run(lang: Lang, twin: &Twin, kid: &str, dir: &Path, cmd: &[&str]) -> (bool, String) {
    let key = fixtures().join("test-1.pem").display().to_string();
    let params = Params::for_base(&twin.url(), KEY, kid).with_key(KeySource::File(key));
    let file = dir.join(lang.file_name());
    std::fs::write(&file, generate(lang, &params)).unwrap();
    let out = Command::new(cmd[0]).args(&cmd[1..]).arg(&file).current_dir(dir).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn assert_flow(lang: Lang, (ok, out): (bool, String)) {
    assert!(ok, "{}: {out}", lang.id());
    assert!(out.contains("token: 200"), "{}: {out}", lang.id());
    assert!(out.contains("Hello Application!"), "{}: {out}", lang.id());
}

fn assert_wrong_kid(lang: Lang, (ok, out): (bool, String)) {
    assert!(!ok, "{}: {out}", lang.id());
    let said = "Invalid 'kid' header in client_assertion JWT - no matching public key";
    assert!(out.contains("401") && out.contains(said), "{}: {out}", lang.id());
}

fn skip(var: &str, what: &str) {
    assert!(std::env::var_os(var).is_none(), "{what} needed ({var} is set)");
    eprintln!("SKIPPED: {what} is not available");
}

#[test]
fn the_python_program_gets_a_token_and_hello_world_from_the_twin() {
    let python = ["python3", "-c", "import jwt, requests, cryptography"];
    if !Command::new(python[0]).args(&python[1..]).output().is_ok_and(|o| o.status.success()) {
        return skip("AUTH_TRIAGE_REQUIRE_PYTHON", "python3 with requests + PyJWT[crypto]");
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("code-export-python");
    std::fs::create_dir_all(&dir).unwrap();
    let twin = twin();
    assert_flow(Lang::Python, run(Lang::Python, &twin, "test-1", &dir, &["python3"]));
    assert_wrong_kid(Lang::Python, run(Lang::Python, &twin, "test-2", &dir, &["python3"]));
}

/// `jose` and `crypto-js` at their pinned versions in a folder of Cargo's test temp dir (kept
/// between runs), or `None` when npm is missing or cannot install them.
fn node_modules() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("code-export-node");
    let have = |name: &str, version: &str| {
        let manifest = dir.join("node_modules").join(name).join("package.json");
        std::fs::read_to_string(manifest).is_ok_and(|m| m.contains(&format!("\"version\": \"{version}\"")))
    };
    if have("jose", pins::JOSE) && have("crypto-js", CRYPTO_JS) {
        return Some(dir);
    }
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(dir.join("package.json"), "{\"private\": true, \"type\": \"module\"}\n").ok()?;
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact"])
        .arg(format!("jose@{}", pins::JOSE))
        .arg(format!("crypto-js@{CRYPTO_JS}"))
        .current_dir(&dir)
        .status()
        .ok()?;
    (status.success() && have("jose", pins::JOSE) && have("crypto-js", CRYPTO_JS)).then_some(dir)
}

#[test]
fn the_node_program_and_the_postman_collection_get_a_token_and_hello_world_from_the_twin() {
    let Some(dir) = node_modules() else {
        return skip("AUTH_TRIAGE_REQUIRE_NODE", "node 20 and npm (jose, crypto-js from the registry)");
    };
    let twin = twin();
    assert_flow(Lang::Node, run(Lang::Node, &twin, "test-1", &dir, &["node"]));
    assert_wrong_kid(Lang::Node, run(Lang::Node, &twin, "test-1x", &dir, &["node"]));

    // The collection, run by a minimal Postman sandbox (pm.variables, require('crypto-js')):
    // its pre-request script signs RS512 itself, for a PKCS#1 key and a PKCS#8 one.
    let harness = root().join("tests/code_export/run_postman.mjs");
    std::fs::copy(&harness, dir.join("run_postman.mjs")).unwrap();
    let collection = dir.join(Lang::Postman.file_name());
    std::fs::write(&collection, generate(Lang::Postman, &Params::for_base(&twin.url(), KEY, "test-1"))).unwrap();
    let pkcs8 = pkcs8_of(&fixtures().join("test-1.pem"), &dir);
    for pem in [Some(fixtures().join("test-1.pem")), pkcs8].into_iter().flatten() {
        let out = Command::new("node").arg("run_postman.mjs").arg(&collection).arg(&pem).current_dir(&dir).output();
        let out = out.unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {text}{}", pem.display(), String::from_utf8_lossy(&out.stderr));
        assert!(text.contains("pass: token: 200") && text.contains("pass: hello: 200"), "{text}");
    }
}

/// The fixture key as PKCS#8 (`openssl pkcs8 -topk8`), if openssl is installed.
fn pkcs8_of(pem: &Path, dir: &Path) -> Option<PathBuf> {
    let out = dir.join("test-1.pkcs8.pem");
    let args = ["pkcs8", "-topk8", "-nocrypt", "-in"];
    let ok = Command::new("openssl").args(args).arg(pem).arg("-out").arg(&out).status().is_ok_and(|s| s.success());
    ok.then_some(out)
}
