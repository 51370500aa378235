//! `auth-triage`: the same analysis on the command line, for scripts and CI pipelines.
//!
//!     auth-triage [--key KEY] [--app-id GUID] [--env ENV] [--now UNIX_SECONDS]
//!                 [--format text|json] [FILE]
//!
//! Reads the paste from FILE (or stdin). Exit status: 0 no error finding, 1 at least one error
//! finding, 2 bad usage or unreadable input.

use std::io::Read;
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
use auth_triage::analyze_with;
use auth_triage::platform::Environment;
use auth_triage::report::Report;
use auth_triage::Context;
use serde_json::{json, Value};

const USAGE: &str =
    "usage: auth-triage [--key KEY] [--app-id GUID] [--env sandbox|int|dev|dep|prod|…] [--now UNIX_SECONDS]
                   [--jwks FILE] [--key-pem FILE] [--format text|json] [FILE]
Reads a paste (JWT, error body, request, or a whole forum post) from FILE or stdin.
--jwks / --key-pem verify the client assertion's signature (JWKS, JWK, PEM public key or certificate).
Exit: 0 no error finding, 1 an error finding, 2 bad usage.
       auth-triage twin --help: a local twin of the token endpoint.";

#[derive(PartialEq)]
enum Format {
    Text,
    Json,
}

struct Args {
    ctx: Context,
    format: Format,
    file: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut ctx = Context::default();
    let mut now: Option<i64> = None;
    let mut format = Format::Text;
    let mut file = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("key") => {
                ctx.api_key =
                    Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|_| "--key is not UTF-8")?)
            }
            Long("app-id") => {
                ctx.app_id =
                    Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|_| "--app-id is not UTF-8")?)
            }
            Long("env") => {
                let v = parser.value().map_err(|e| e.to_string())?.string().map_err(|_| "--env is not UTF-8")?;
                let v = if v.eq_ignore_ascii_case("production") { "prod".to_string() } else { v };
                ctx.environment =
                    Some(Environment::from_label(&v).ok_or_else(|| format!("unknown environment {v:?}"))?);
            }
            Long("now") => {
                let v = parser.value().map_err(|e| e.to_string())?.string().map_err(|_| "--now is not UTF-8")?;
                now = Some(v.trim().parse().map_err(|_| format!("--now wants unix seconds, got {v:?}"))?);
            }
            Long("jwks") | Long("key-pem") => {
                let path = parser.value().map_err(|e| e.to_string())?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.to_string_lossy()))?;
                let keys = ctx.keys_text.get_or_insert_with(String::new);
                keys.push_str(&text);
                keys.push('\n');
            }
            Long("format") => {
                format = match parser.value().map_err(|e| e.to_string())?.string().map_err(|_| "bad --format")?.as_str()
                {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(format!("--format is text or json, not {other:?}")),
                }
            }
            Short('h') | Long("help") => return Err(String::new()),
            Value(v) if file.is_none() => file = Some(v.string().map_err(|_| "file name is not UTF-8")?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    // The clock is read here, at the edge, only when --now is not given.
    ctx.now = now.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    });
    Ok(Args { ctx, format, file })
}

fn main() -> ExitCode {
    // `auth-triage twin …`: the local twin of the token endpoint (src/twin).
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::args_os().nth(1).is_some_and(|a| a == "twin") {
        return auth_triage::twin::main(std::env::args_os().skip(2).collect());
    }
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("auth-triage: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut bytes = Vec::new();
    let read = match &args.file {
        Some(path) if path != "-" => std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)),
        _ => std::io::stdin().read_to_end(&mut bytes),
    };
    if let Err(e) = read {
        eprintln!("auth-triage: cannot read {}: {e}", args.file.as_deref().unwrap_or("stdin"));
        return ExitCode::from(2);
    }
    let input = String::from_utf8_lossy(&bytes);
    // The signature is verified natively (RustCrypto), as the page does with WebCrypto.
    #[cfg(not(target_arch = "wasm32"))]
    let report = analyze_with(&input, &args.ctx, &auth_triage::NATIVE);
    #[cfg(target_arch = "wasm32")]
    let report = auth_triage::analyze(&input, &args.ctx);
    let out = match args.format {
        Format::Json => serde_json::to_string_pretty(&to_json(&report)).unwrap_or_default(),
        Format::Text => auth_triage::outputs::text::render(&report),
    };
    println!("{out}");
    if report.has_error() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The stable JSON shape for scripts (documented in the README).
fn to_json(r: &Report) -> Value {
    let token = |t: &auth_triage::decode::jwt::Jwt| {
        json!({
            "compact": t.compact,
            "role": t.role,
            "kind": t.kind,
            "header": t.header.json.clone().or_else(|| t.header.text.clone().map(Value::String)),
            "payload": t.payload.json.clone().or_else(|| t.payload.text.clone().map(Value::String)),
            "times": t.times,
        })
    };
    let body = |b: &auth_triage::decode::error_body::ErrorBody| serde_json::to_value(b).unwrap_or(Value::Null);
    let request = |q: &auth_triage::decode::request::Request| {
        json!({
            "source": q.source,
            "method": q.method,
            "url": q.url,
            "headers": q.headers.iter().map(|h| json!({"name": h.name, "value": h.value})).collect::<Vec<_>>(),
            "content_type": q.content_type,
            "form": q.form.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>(),
            "query": q.query.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>(),
        })
    };
    json!({
        "found": r.found,
        "cleaned": r.cleaned.iter().map(|c| c.describe()).collect::<Vec<_>>(),
        "environment": r.environment(),
        "main": r.main,
        "status": r.status,
        "token": r.client_assertion().map(token),
        "tokens": r.tokens.iter().map(token).collect::<Vec<_>>(),
        "error_body": r.main_body().map(body),
        "error_bodies": r.error_bodies.iter().map(body).collect::<Vec<_>>(),
        "request": r.main_request().map(request),
        "keys": r.keys,
        "requests": r.requests.iter().map(request).collect::<Vec<_>>(),
        "findings": r.findings,
        "verdict": r.verdict,
        "client_error": r.client_error,
        "predicted": r.predicted,
        "diagnosis": r.diagnosis,
    })
}
