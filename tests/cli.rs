//! The command line: same core, stable JSON, exit codes 0 / 1 / 2.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

const KEY: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_auth-triage"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A child that ends before reading (bad usage) closes its stdin: not an error here.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SEED: &str = "I am getting a 500 error: Invalid client identifier.
Request URL: https://sandbox.api.service.nhs.uk/oauth2/token
Method: POST
Response Content: “{“fault”:{“faultstring”:“Invalid client identifier {0}”,“detail”:{“errorcode”:“oauth.v2.InvalidClientIdentifier”}}}”";

#[test]
fn json_for_the_seed_paste() {
    let (code, out, _) = run(&["--key", KEY, "--now", "1760000000", "--format", "json"], SEED);
    assert_eq!(code, 0, "no error finding in the seed paste itself");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error_body"]["kind"], "apigee_fault");
    assert_eq!(v["error_body"]["errorcode"], "oauth.v2.InvalidClientIdentifier");
    assert_eq!(v["request"]["method"], "POST");
    assert_eq!(v["request"]["url"], "https://sandbox.api.service.nhs.uk/oauth2/token");
    assert_eq!(v["diagnosis"][0]["entry"], "oauth-v2-invalid-client-identifier");
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["code"].is_string() && f["severity"].is_string() && f["message"].is_string()));
}

#[test]
fn json_for_a_fixture_with_an_error_and_exit_1() {
    let fixtures: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nhs/client_assertions.json"))
            .unwrap(),
    )
    .unwrap();
    let jwt = fixtures["cases"]["exp_milliseconds"]["jwt"].as_str().unwrap();
    let (code, out, _) = run(&["--key", KEY, "--now", "1760000000", "--format", "json", "-"], jwt);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["token"]["compact"], jwt);
    assert_eq!(v["token"]["header"], serde_json::json!({"alg": "RS512", "typ": "JWT", "kid": "test-1"}));
    assert_eq!(v["token"]["payload"]["exp"].to_string(), "1760000300000", "digits kept");
    assert_eq!(v["predicted"]["status"], 400);
    assert_eq!(v["predicted"]["error"], "invalid_request");
    assert_eq!(
        v["predicted"]["error_description"],
        "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future"
    );
    assert!(v["predicted"]["assumptions"].is_array());
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["code"] == "time-claim-in-milliseconds"));
}

#[test]
fn text_output_and_a_file_argument() {
    let dir = std::env::temp_dir().join(format!("auth-triage-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("paste.txt");
    std::fs::write(&file, SEED).unwrap();
    let (code, out, _) = run(&["--key", KEY, "--now", "1760000000", file.to_str().unwrap()], "");
    assert_eq!(code, 0);
    assert!(out.contains("Invalid client identifier {0} [oauth-v2-invalid-client-identifier]"), "{out}");
    assert!(out.contains("Fix:"), "{out}");
}

#[test]
fn signature_verification_with_a_jwks_or_pem() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nhs/");
    let fixtures: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}client_assertions.json")).unwrap()).unwrap();
    let jwt = fixtures["cases"]["valid_int"]["jwt"].as_str().unwrap();
    for flag in [["--jwks", "jwks.json"], ["--key-pem", "test-1.pem.pub"]] {
        let path = format!("{dir}{}", flag[1]);
        let (code, out, err) = run(&["--key", KEY, "--now", "1760000000", "--format", "json", flag[0], &path], jwt);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert!(v["findings"].as_array().unwrap().iter().any(|f| f["code"] == "signature-valid"), "{flag:?}");
    }
    let tampered = format!("{}A", &jwt[..jwt.len() - 1]);
    let (code, out, _) = run(&["--now", "1760000000", "--jwks", &format!("{dir}jwks.json")], &tampered);
    assert_eq!(code, 1);
    assert!(out.contains("signature-mismatch") || out.contains("does not match"), "{out}");
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["--format", "xml"][..],
        &["--now", "yesterday"],
        &["--env", "mars"],
        &["--bogus"],
        &["a", "b"],
        &["/no/such/file"],
        &["--jwks", "/no/such/jwks"],
    ] {
        let (code, _, err) = run(args, "");
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("auth-triage"), "{args:?}: {err}");
    }
}

/// `auth-triage twin --help` (and `-h`) prints the twin's usage on stdout and exits 0, as
/// does `auth-triage code --help`; a bad option of either exits 2 with the usage on stderr.
#[test]
fn twin_and_code_help_exit_0() {
    for args in [&["twin", "--help"][..], &["twin", "-h"], &["code", "--help"], &["code", "-h"]] {
        let (code, out, err) = run(args, "");
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.starts_with(&format!("usage: auth-triage {}", args[0])), "{args:?}: {out}");
    }
    for args in [&["twin", "--bogus"][..], &["code", "--lang", "cobol"]] {
        let (code, _, err) = run(args, "");
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(&format!("usage: auth-triage {}", args[0])), "{args:?}: {err}");
    }
}

/// One choice of the main request serves every output: with an API call pasted above the token
/// call, the verdict, the ticket, the share link and the CLI all judge the token call.
#[test]
fn every_output_judges_the_token_call_pasted_below_an_api_call() {
    let cases: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nhs/client_assertions.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let jwt = cases["cases"]["missing_kid"]["jwt"].as_str().unwrap();
    let paste = format!(
        "curl https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/9000000009 -H 'Authorization: Bearer abc'\n\n\
         curl -X POST https://int.api.service.nhs.uk/oauth2/token -H 'Content-Type: application/x-www-form-urlencoded' \
         -d 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={jwt}'"
    );
    let ctx = auth_triage::Context::at(1_760_000_000).with_key("AbCdEfGhIjKlMnOpQrStUvWxYz012345");
    let report = auth_triage::analyze(&paste, &ctx);
    assert!(report.verdict.headline.contains("kid"), "{}", report.verdict.headline);
    let ticket = auth_triage::outputs::ticket::ticket(&report, &auth_triage::outputs::ticket::TicketInput::default());
    let request = ticket.split("4. Request").nth(1).unwrap().split("5. ").next().unwrap();
    assert!(request.contains("/oauth2/token") && !request.contains("personal-demographics"), "{request}");
    let shared = auth_triage::outputs::share::shared(&report, None, None, 1_760_000_000);
    assert!(shared.paste.contains("/oauth2/token") && !shared.paste.contains("personal-demographics"));
    let (_, out, _) = run(&["--format", "json", "--now", "1760000000"], &paste);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(json["request"]["url"].as_str().unwrap().ends_with("/oauth2/token"), "{}", json["request"]);
}

/// The binary with `sh` around it (for `ulimit` and redirections the test cannot make itself):
/// `script` runs with the binary as `$0`.
fn sh(script: &str) -> (i32, String, String) {
    let out = Command::new("sh")
        .args(["-c", script, env!("CARGO_BIN_EXE_auth-triage")])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/nhs/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn valid_jwt() -> String {
    let fixtures: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("client_assertions.json")).unwrap()).unwrap();
    fixtures["cases"]["valid_int"]["jwt"].as_str().unwrap().to_string()
}

/// An endless stdin ends with a message at the cap, in bounded memory: under a 256 MiB
/// address-space limit, reading all of `/dev/zero` would abort instead of exiting 2.
#[test]
fn an_endless_stdin_ends_at_the_cap_with_a_message() {
    let (code, out, err) = sh(r#"ulimit -v 262144 && exec "$0" --now 1760000000 < /dev/zero"#);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("stdin is larger than 8 MiB") && err.contains("tail -c"), "{err}");
    assert!(out.is_empty(), "{out}");
    // Up to the cap is read and analysed (the core keeps what matters of it).
    let dir = std::env::temp_dir().join(format!("auth-triage-cli-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.log");
    let mut big = "x".repeat(8 * 1024 * 1024 - SEED.len() - 1);
    big.push('\n');
    big.push_str(SEED);
    std::fs::write(&file, &big).unwrap();
    let (code, out, err) = run(&["--now", "1760000000", file.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("oauth-v2-invalid-client-identifier"), "{out}");
    std::fs::write(&file, format!("{big}x")).unwrap();
    let (code, _, err) = run(&["--now", "1760000000", file.to_str().unwrap()], "");
    assert_eq!(code, 2);
    assert!(err.contains("is larger than 8 MiB"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_endless_key_file_ends_at_its_cap_with_a_message() {
    let (code, out, err) = sh(r#"ulimit -v 262144 && exec "$0" --now 1760000000 --jwks /dev/zero < /dev/null"#);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--jwks /dev/zero is larger than 1 MiB"), "{err}");
    assert!(out.is_empty());
}

/// A full disk: the report cannot be written, exit 2 with a message, no panic.
#[test]
fn a_full_stdout_exits_2_with_a_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_auth-triage"))
        .args(["--now", "1760000000", &fixture("client_assertions.json")])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write the report to stdout") && !err.contains("panicked"), "{err}");
}

/// A reader that went away (`auth-triage … | head -c0`): exit 2 with a message, no panic.
#[test]
fn a_closed_pipe_exits_2_with_a_message() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_auth-triage"))
        .args(["--now", "1760000000"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reading end closes before the paste arrives, so the report meets a closed pipe.
    drop(child.stdout.take());
    child.stdin.take().unwrap().write_all(SEED.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write the report to stdout") && err.contains("Broken pipe"), "{err}");
}

/// `--jwks` / `--key-pem` asked for verification: a file with no usable key is an error, and so
/// is a paste whose signature could not be verified — never exit 0 predicting success.
#[test]
fn a_key_file_without_a_usable_key_exits_2() {
    let dir = std::env::temp_dir().join(format!("auth-triage-cli-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jwt = valid_jwt();
    for (name, text) in [
        ("garbage.json", "this is not a key\n"),
        ("empty-set.json", r#"{"keys": []}"#),
        ("ec.json", r#"{"keys": [{"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA", "kid": "test-1"}]}"#),
        ("broken.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        for flag in ["--jwks", "--key-pem"] {
            let (code, out, err) = run(&["--now", "1760000000", flag, path.to_str().unwrap()], &jwt);
            assert_eq!(code, 2, "{name} {flag}: {out}{err}");
            assert!(err.contains(&format!("{flag} ")) && err.contains("holds no usable public key"), "{name}: {err}");
        }
    }
    let binary = dir.join("binary.pem");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    let (code, _, err) = run(&["--jwks", binary.to_str().unwrap()], &jwt);
    assert_eq!(code, 2);
    assert!(err.contains("is not text"), "{err}");
    // A usable key, but nothing it could verify: the paste has no token, or an HS256 one.
    let jwks = fixture("jwks.json");
    let (code, out, err) = run(&["--now", "1760000000", "--jwks", &jwks], SEED);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no signature was verified: the paste holds no client assertion"), "{err}");
    assert!(out.contains("oauth-v2-invalid-client-identifier"), "the report is still printed: {out}");
    let hs256 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhIiwic3ViIjoiYSJ9.c2lnbmF0dXJl";
    let (code, _, err) = run(&["--now", "1760000000", "--jwks", &jwks], hs256);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no signature was verified"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--at` is the page's time field: the time checks are judged at the moment the call was made.
#[test]
fn at_judges_the_time_checks_at_the_call() {
    let fixtures: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/nhs/client_assertions.json"))
            .unwrap(),
    )
    .unwrap();
    let jwt = fixtures["cases"]["valid_int"]["jwt"].as_str().unwrap();
    let paste = format!(
        "curl -X POST https://int.api.service.nhs.uk/oauth2/token -H 'Content-Type: application/x-www-form-urlencoded' \
         --data-urlencode 'grant_type=client_credentials' --data-urlencode \
         'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' --data-urlencode \
         'client_assertion={jwt}'"
    );
    let key = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    let at = |when: &str| {
        let (_, out, err) = run(&["--key", key, "--now", "1795000000", "--at", when, "--format", "json"], &paste);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
        v["predicted"]["status"].as_u64()
    };
    // Made at 1760000000, valid 300 s: sent at once it passes; sent an hour later it has expired.
    assert_eq!(at("2025-10-09T08:53:30Z"), Some(200));
    assert_eq!(at("1760003600"), Some(400));
    let (code, _, err) = run(&["--at", "yesterday", "--format", "json"], &paste);
    assert_eq!(code, 2);
    assert!(err.contains("ISO-8601"), "{err}");
}
