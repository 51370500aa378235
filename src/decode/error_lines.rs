//! A program's own error line that is not an exception with a class: a compiler's diagnostic
//! (TypeScript's `file.ts:21:51 - error TS2353: …`), Rust's `Error: …` from `main` with its
//! `Caused by:` below, a command-line tool's `jq: …` or `date: illegal option -- d`, and a
//! structured log's error event (`Level=ERROR … Message="…"`, logfmt's `level=error msg="…"`).
//! Each is read as (language, class, message); `exception.rs` judges whether it is about the
//! auth journey.

/// The command-line tools a token script runs, whose errors start with their name.
const TOOLS: &[&str] =
    &["jq", "date", "gdate", "base64", "openssl", "envsubst", "xxd", "bash", "sh", "zsh", "sed", "awk", "cut", "tr"];

/// Line `line` (the next line `next`) as a program's error line: (language, class, message).
pub(super) fn read(line: &str, next: &str) -> Option<(&'static str, Option<String>, String)> {
    // TypeScript: `src/nhs/token.ts:21:51 - error TS2353: message`, or `error TS2353: message`.
    if let Some((before, rest)) = line.split_once("error TS") {
        let (code, message) = rest.split_once(": ")?;
        let compiler = before.is_empty() || before.trim_end().ends_with(" -") || before.ends_with("): ");
        if compiler && !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()) {
            return Some(("TypeScript", Some(format!("TS{code}")), message.to_string()));
        }
    }
    // Rust: `main` returning an error prints `Error: message`, then `Caused by:` (anyhow) or the
    // process's end.
    if let Some(message) = line.strip_prefix("Error: ") {
        if next.trim().is_empty() || next.trim() == "Caused by:" {
            return Some(("Rust", None, message.to_string()));
        }
    }
    // A tool's own error: `jq: error (at <stdin>:0): …`, `date: illegal option -- d`.
    if let Some((tool, message)) = line.split_once(": ") {
        // A tool's error says so (`date: illegal option`); `date: Wed, 03 Sep 2025 10:00:00 GMT`
        // is a response's Date header, not the tool.
        let m = message.to_ascii_lowercase();
        let says_error = [
            "error",
            "invalid",
            "illegal",
            "unknown",
            "unable",
            "cannot",
            "can't",
            "not found",
            "no such",
            "usage",
            "failed",
            "unrecognized",
            "unrecognised",
            "missing",
            "bad ",
            "extra operand",
            "not permitted",
            "denied",
        ]
        .iter()
        .any(|w| m.contains(w));
        if TOOLS.contains(&tool) && !message.trim().is_empty() && says_error {
            return Some(("shell", Some(tool.to_string()), message.to_string()));
        }
    }
    // Rust: a panic, `thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value:
    // Error(InvalidRsaKey)', src/x.rs:41:6`, or since 1.73 the place first and the message on the
    // next line.
    if let Some(rest) = line.strip_prefix("thread '").and_then(|r| r.split_once("' panicked at ")).map(|(_, r)| r) {
        let message = match rest.strip_prefix('\'') {
            Some(quoted) => quoted.rsplit_once("', ").map_or(quoted, |(m, _)| m),
            None => next.trim(),
        };
        let message = message.split_once("` value: ").map_or(message, |(_, v)| v);
        return (!message.is_empty()).then(|| ("Rust", None, message.to_string()));
    }
    // Elixir: `** (Joken.Error) message`.
    if let Some((class, message)) = line.strip_prefix("** (").and_then(|r| r.split_once(") ")) {
        if !class.contains(' ') && !message.trim().is_empty() {
            return Some(("Elixir", Some(class.to_string()), message.trim().to_string()));
        }
    }
    // Apple's NSError as NSLog prints it: `Error Domain=NSOSStatusErrorDomain Code=-50 "message" …`.
    if let Some(rest) = line.split_once("Error Domain=").map(|(_, r)| r) {
        let domain = rest.split_whitespace().next().unwrap_or("");
        if let Some(message) = rest.split_once('"').and_then(|(_, m)| m.split_once('"')).map(|(m, _)| m) {
            return Some(("Apple (NSError)", Some(domain.to_string()), message.to_string()));
        }
    }
    // Swift: `Fatal error: 'try!' expression unexpectedly raised an error: T(localizedDescription: "m", …)`.
    if let Some(rest) = line.split_once("Fatal error: ").map(|(_, r)| r) {
        let raised = rest.split_once("raised an error: ").map_or(rest, |(_, r)| r);
        let described =
            raised.split_once("localizedDescription: \"").and_then(|(_, m)| m.split_once('"')).map(|(m, _)| m);
        let class = raised.split_once('(').map(|(c, _)| c.to_string()).filter(|c| !c.contains(' '));
        return Some(("Swift", class, described.unwrap_or(raised).trim().to_string()));
    }
    // Vapor's and swift-log's `[ ERROR ] JWTError.createKey: JWT error: Could not create key (File.swift:28)`.
    if let Some(rest) =
        line.trim_start().strip_prefix("[ ERROR ] ").or_else(|| line.trim_start().strip_prefix("[ CRITICAL ] "))
    {
        let rest = rest.rsplit_once(" (").filter(|(_, p)| p.contains(".swift:")).map_or(rest, |(m, _)| m);
        let (class, message) = match rest.split_once(": ") {
            Some((c, m)) if !c.contains(' ') => (Some(c.to_string()), m),
            _ => (None, rest),
        };
        return Some(("Swift", class, message.to_string()));
    }
    // Postman: `There was an error in evaluating the Pre-request Script:Error: Cannot find module …`.
    if let Some((_, rest)) = line.split_once("There was an error in evaluating the ") {
        let message = rest.split_once("Script:").map_or(rest, |(_, m)| m).trim();
        let (class, message) = match message.split_once(": ") {
            Some((c, m)) if !c.contains(' ') => (Some(c.to_string()), m),
            _ => (None, message),
        };
        return Some(("Postman script", class, message.to_string()));
    }
    structured(line)
}

/// A JSON log's error event (zap, pino, Serilog's compact JSON, structlog): its level is an
/// error, and the error it carries (`"error"`, `"err"`, `"exception"`) is the message, else its
/// `msg` / `message`; the event's own message is its class (`load signing key`).
fn json_event(line: &str) -> Option<(&'static str, Option<String>, String)> {
    let (open, close) = (line.find('{')?, line.rfind('}')?);
    let v: serde_json::Value = serde_json::from_str(line.get(open..=close)?).ok()?;
    let o = v.as_object()?;
    let text = |k: &str| o.get(k).and_then(|v| v.as_str()).map(str::trim).filter(|t| !t.is_empty());
    // A serverless runtime's record of what the handler threw (AWS Lambda's
    // `{"errorType": "TypeError", "errorMessage": "…", "stack": […]}`).
    if let Some(m) = text("errorMessage").filter(|_| o.contains_key("errorType") || o.contains_key("stack")) {
        return Some(("application", text("errorType").map(str::to_string), m.to_string()));
    }
    let level = ["level", "severity", "lvl", "@l", "log.level"].iter().find_map(|k| text(k)).unwrap_or_default();
    let level = level.to_ascii_lowercase();
    // pino writes its level as a number (50 error, 60 fatal); the others as words.
    let numeric = o.get("level").and_then(serde_json::Value::as_u64).is_some_and(|n| n >= 50);
    if !(numeric || matches!(level.as_str(), "error" | "fatal" | "critical" | "crit" | "panic" | "dpanic")) {
        return None;
    }
    // An event that records the answer's status reports an answer, not the client's own error.
    let status = ["status", "statusCode", "status_code", "http.status_code", "httpStatus"].iter().any(|k| {
        let v = o.get(*k);
        v.and_then(serde_json::Value::as_u64)
            .or_else(|| v.and_then(|v| v.as_str()).and_then(|t| t.parse().ok()))
            .is_some_and(|n| (100..600).contains(&n))
    });
    if status {
        return None;
    }
    let event = ["msg", "message", "@m", "event"].iter().find_map(|k| text(k));
    let error = ["error", "err", "exception", "@x", "error.message"].iter().find_map(|k| text(k));
    let error = error.or_else(|| o.get("err").and_then(|e| e.get("message")).and_then(|m| m.as_str()));
    match (error, event) {
        (Some(e), event) => Some(("application", event.map(str::to_string), e.to_string())),
        (None, Some(m)) => Some(("application", None, m.to_string())),
        (None, None) => None,
    }
}

/// A structured log's error event: its level is an error and its message is quoted.
fn structured(line: &str) -> Option<(&'static str, Option<String>, String)> {
    if line.trim_start().starts_with('{') || line.contains("\t{") {
        if let Some(event) = json_event(line) {
            return Some(event);
        }
    }
    let lower = line.to_ascii_lowercase();
    let level = ["level=error", "level=fatal", "level=\"error\"", "\"level\":\"error\""];
    if !level.iter().any(|l| lower.contains(l)) {
        return None;
    }
    let at = ["message=\"", "msg=\""].iter().filter_map(|k| lower.find(k).map(|i| i + k.len())).min()?;
    let message = line[at..].split('"').next().unwrap_or("").trim();
    let logger = ["Logger=", "logger="].iter().find_map(|k| {
        let i = line.find(k)? + k.len();
        line[i..].split_whitespace().next().map(str::to_string)
    });
    (!message.is_empty()).then(|| ("application", logger, message.to_string()))
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn a_date_header_is_not_the_date_tool() {
        assert!(read("date: Wed, 03 Sep 2025 10:00:00 GMT", "").is_none());
        assert_eq!(read("date: illegal option -- d", "").unwrap().2, "illegal option -- d");
    }

    #[test]
    fn a_json_logs_error_event() {
        let zap = r#"{"level":"fatal","ts":"2026-01-20T11:04:12.551Z","msg":"load signing key","error":"x509: failed to parse private key"}"#;
        let (_, class, message) = read(zap, "").unwrap();
        assert_eq!(
            (class.as_deref(), message.as_str()),
            (Some("load signing key"), "x509: failed to parse private key")
        );
        let pino = r#"{"level":50,"time":1,"err":{"type":"Error","message":"secretOrPrivateKey must have a value"},"msg":"sign failed"}"#;
        assert_eq!(read(pino, "").unwrap().2, "secretOrPrivateKey must have a value");
        assert!(read(r#"{"level":"info","msg":"token ok"}"#, "").is_none());
        let lambda = "2025-02-03T10:15:22.123Z\tid\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\"Passphrase required for encrypted key\",\"stack\":[]}";
        let (_, class, message) = read(lambda, "").unwrap();
        assert_eq!((class.as_deref(), message.as_str()), (Some("TypeError"), "Passphrase required for encrypted key"));
    }

    #[test]
    fn elixir_apple_and_swift() {
        let ex = read("** (Joken.Error) A map was expected for the key parameter in the signer creation.", "").unwrap();
        assert_eq!((ex.0, ex.1.as_deref()), ("Elixir", Some("Joken.Error")));
        let ns = r#"2026-12-08 16:32:11.204 App[5512:1880332] Error Domain=NSOSStatusErrorDomain Code=-50 "RSA private key creation from data failed" UserInfo={}"#;
        assert_eq!(read(ns, "").unwrap().2, "RSA private key creation from data failed");
        let swift = r#"Thread 1: Fatal error: 'try!' expression unexpectedly raised an error: SwiftJWT.JWTError(localizedDescription: "Provided private key could not be used to sign JWT", internalError: x)"#;
        assert_eq!(read(swift, "").unwrap().2, "Provided private key could not be used to sign JWT");
        let vapor = "[ ERROR ] JWTError.createKey: JWT error: Could not create key (NHSAuthController.swift:28)";
        let v = read(vapor, "").unwrap();
        assert_eq!((v.1.as_deref(), v.2.as_str()), (Some("JWTError.createKey"), "JWT error: Could not create key"));
    }

    #[test]
    fn a_rust_panic_and_a_postman_script_error() {
        let old = "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: Error(InvalidRsaKey)', src/bin/t.rs:41:6";
        assert_eq!(read(old, "").unwrap().2, "Error(InvalidRsaKey)");
        let new = "thread 'main' panicked at src/bin/t.rs:41:6:";
        assert_eq!(read(new, "called `Result::unwrap()` on an `Err` value: InvalidRsaKey").unwrap().2, "InvalidRsaKey");
        let pm = "▼ There was an error in evaluating the Pre-request Script:Error: Cannot find module 'jsonwebtoken'";
        let (language, class, message) = read(pm, "").unwrap();
        assert_eq!(
            (language, class.as_deref(), message.as_str()),
            ("Postman script", Some("Error"), "Cannot find module 'jsonwebtoken'")
        );
    }

    #[test]
    fn each_shape() {
        let ts = "src/nhs/token.ts:21:51 - error TS2353: Object literal may only specify known properties, and 'kid' does not exist in type '{ typ?: string | undefined; }'.";
        let (language, class, message) = read(ts, "").unwrap();
        assert_eq!((language, class.as_deref()), ("TypeScript", Some("TS2353")));
        assert!(message.contains("'kid' does not exist in type"));
        assert_eq!(read("Error: builder error: failed to parse header value", "").unwrap().0, "Rust");
        let (_, tool, message) = read("jq: invalid JSON text passed to --argjson", "").unwrap();
        assert_eq!((tool.as_deref(), message.as_str()), (Some("jq"), "invalid JSON text passed to --argjson"));
        let log = "2026-10-06 09:14:31.220 Level=ERROR Logger=u.n.a.SdsConfigurationValidator Thread=\"main\" Message=\"The environment variable(s) X_APIKEY must be provided.\"";
        let (language, logger, message) = read(log, "").unwrap();
        assert_eq!((language, logger.as_deref()), ("application", Some("u.n.a.SdsConfigurationValidator")));
        assert_eq!(message, "The environment variable(s) X_APIKEY must be provided.");
        assert_eq!(read("time=1 level=error msg=\"token request failed\"", "").unwrap().2, "token request failed");
    }

    #[test]
    fn prose_and_other_lines_are_not_error_lines() {
        for line in [
            "Note: the key is fine",
            "Error: see below",
            "error TSX is not a code: x",
            "level=info msg=\"token ok\"",
            "Level=ERROR Message=\"\"",
            "mytool: failed",
        ] {
            let next = if line == "Error: see below" { "more words" } else { "" };
            assert_eq!(read(line, next), None, "{line}");
        }
    }
}
