//! `auth-triage`: the same analysis on the command line, for scripts and CI pipelines.
//!
//!     auth-triage [--key KEY] [--app-id GUID] [--env ENV] [--now UNIX_SECONDS] [--at TIME]
//!                 [--jwks FILE] [--key-pem FILE] [--format text|json] [FILE]
//!
//! Reads the paste from FILE (or stdin), at most `MAX_INPUT` bytes. Exit status: 0 no error
//! finding, 1 at least one error finding, 2 bad usage, unreadable or oversized input, a key file
//! with no usable key, a signature that was asked for and not verified, or a report that could
//! not be written (a closed pipe, a full disk). Every end is a message on stderr, never a panic.

use std::io::{Read, Write};
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
use auth_triage::analyze_with;
use auth_triage::platform::Environment;
use auth_triage::report::Report;
use auth_triage::{Code, Context, MAX_INPUT_BYTES};

/// The most the CLI reads of a paste: 128 × the core's `MAX_INPUT_BYTES` (8 MiB). The core keeps
/// the 64 KiB around tokens, error bodies and requests of whatever it is given (as the page does
/// with a big paste), so more would only cost memory; a log larger than this is cut by the
/// caller (`tail -c 8M app.log | auth-triage`), never read until memory runs out.
const MAX_INPUT: usize = 128 * MAX_INPUT_BYTES;

/// The most read of a `--jwks` / `--key-pem` file: a JWKS of many RSA-4096 keys or a
/// certificate chain is a few KB.
const MAX_KEY_FILE: usize = 1 << 20;

const USAGE: &str =
    "usage: auth-triage [--key KEY] [--app-id GUID] [--env sandbox|int|dev|dep|prod|…] [--now UNIX_SECONDS]
                   [--at TIME] [--jwks FILE] [--key-pem FILE] [--format text|json] [FILE]
--at: when the failing call was made (ISO-8601 UTC, e.g. 2025-10-09T08:53:20Z, or unix seconds), as the
page's time field: the time checks are judged at that moment.
Reads a paste (JWT, error body, request, or a whole forum post) from FILE or stdin, at most 8 MiB.
--jwks / --key-pem verify the client assertion's signature (JWKS, JWK, PEM public key or certificate).
Exit: 0 no error finding, 1 an error finding, 2 bad usage, unreadable or oversized input, a key
file with no usable key, no signature verified although --jwks/--key-pem asked for it, or
output that could not be written.
       auth-triage twin --help: a local twin of the token endpoint.
       auth-triage code --help: the token call as code for your own stack.";

const CODE_USAGE: &str =
    "usage: auth-triage code --lang python|node|csharp|java|php|go|http|postman --key API_KEY --kid KID
                        [--env sandbox|int|dev|dep|prod|… | --base-url URL] [--key-file PATH | --embed-key PEM_FILE]
Prints a program that signs a new client assertion per token request (RS512; iss = sub = the API key, aud = the
token URL, a random jti, exp = now + 300) and calls Hello World with the token. --env (default int) picks the token
URL; --base-url posts to URL/oauth2/token instead (the local twin: http://127.0.0.1:9000) and signs that as aud.
The program reads the private key from --key-file at run time (default private.pem); --embed-key writes the PEM of
that file into the program instead (keep it secret). http: a .http file (it cannot sign: it takes an assertion);
postman: a v2.1 collection whose pre-request script signs with what Postman's sandbox has (no library fetched).";

/// `auth-triage code …` (the arguments after `code`).
fn code_main(args: Vec<std::ffi::OsString>) -> ExitCode {
    use auth_triage::outputs::code::{generate, KeySource, Lang, Params};
    use lexopt::prelude::*;
    let parse = || -> Result<Option<(Lang, Params)>, String> {
        let mut parser = lexopt::Parser::from_args(args);
        let (mut lang, mut key, mut kid, mut env, mut base, mut source) = (None, None, None, None, None, None);
        let value = |parser: &mut lexopt::Parser, what: &str| {
            let v = parser.value().map_err(|e| e.to_string())?;
            v.into_string().map_err(|_| format!("{what} is not UTF-8"))
        };
        while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
            match arg {
                Long("lang") => {
                    let v = value(&mut parser, "--lang")?;
                    lang = Some(Lang::parse(&v).ok_or_else(|| format!("--lang {v:?}: not one of the languages"))?);
                }
                Long("key") => key = Some(value(&mut parser, "--key")?),
                Long("kid") => kid = Some(value(&mut parser, "--kid")?),
                Long("env") => {
                    let v = value(&mut parser, "--env")?;
                    let v = if v.eq_ignore_ascii_case("production") { "prod".to_string() } else { v };
                    env = Some(Environment::from_label(&v).ok_or_else(|| format!("unknown environment {v:?}"))?);
                }
                Long("base-url") => base = Some(value(&mut parser, "--base-url")?),
                Long("key-file") => source = Some(KeySource::File(value(&mut parser, "--key-file")?)),
                Long("embed-key") => {
                    let path = value(&mut parser, "--embed-key")?;
                    let pem = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
                    source = Some(KeySource::Pem(pem));
                }
                Short('h') | Long("help") => return Ok(None),
                other => return Err(other.unexpected().to_string()),
            }
        }
        let lang = lang.ok_or("--lang is needed")?;
        let (key, kid) = (key.ok_or("--key API_KEY is needed")?, kid.ok_or("--kid KID is needed")?);
        let params = match base {
            Some(b) => Params::for_base(&b, &key, &kid),
            None => Params::for_env(env.unwrap_or(Environment::Int), &key, &kid),
        };
        Ok(Some((lang, source.map_or(params.clone(), |s| params.with_key(s)))))
    };
    match parse() {
        Ok(Some((lang, params))) => match write_out(generate(lang, &params).trim_end()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                say(&format!("auth-triage code: cannot write to stdout: {e}"));
                ExitCode::from(2)
            }
        },
        Ok(None) => match write_out(CODE_USAGE) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(2),
        },
        Err(e) => {
            say(&format!("auth-triage code: {e}"));
            say(CODE_USAGE);
            ExitCode::from(2)
        }
    }
}

/// A line on stderr; a closed or full stderr is ignored (there is nowhere left to say it).
fn say(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

/// Read at most `cap` bytes; more is an error that says the cap, never a read until memory
/// runs out (`/dev/zero`, an endless pipe).
fn read_capped(from: impl Read, what: &str, cap: usize, hint: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    from.take(cap as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read {what}: {e}"))?;
    if bytes.len() > cap {
        return Err(format!("{what} is larger than {} MiB, the most auth-triage reads{hint}", cap >> 20));
    }
    Ok(bytes)
}

#[derive(PartialEq)]
enum Format {
    Text,
    Json,
}

struct Args {
    ctx: Context,
    format: Format,
    file: Option<String>,
    /// `--jwks` / `--key-pem` were given: a signature must be verified.
    verify: bool,
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut ctx = Context::default();
    let mut now: Option<i64> = None;
    let mut format = Format::Text;
    let mut file = None;
    let mut verify = false;
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
            Long("at") => {
                let v = parser.value().map_err(|e| e.to_string())?.string().map_err(|_| "--at is not UTF-8")?;
                let v = v.trim();
                // The time of the failing call, as the page's field takes it (ISO-8601 UTC), or unix seconds.
                ctx.call_at = Some(match v.parse::<i64>() {
                    Ok(secs) => secs,
                    Err(_) => auth_triage::decode::time::parse_call_time(v).map_err(|e| format!("--at: {e}"))?,
                });
            }
            Long("now") => {
                let v = parser.value().map_err(|e| e.to_string())?.string().map_err(|_| "--now is not UTF-8")?;
                now = Some(v.trim().parse().map_err(|_| format!("--now wants unix seconds, got {v:?}"))?);
            }
            Long(flag @ ("jwks" | "key-pem")) => {
                let flag = format!("--{flag}");
                let path = parser.value().map_err(|e| e.to_string())?;
                let shown = format!("{flag} {}", path.to_string_lossy());
                let file = std::fs::File::open(&path).map_err(|e| format!("cannot read {shown}: {e}"))?;
                let bytes = read_capped(file, &shown, MAX_KEY_FILE, ": a JWKS or a PEM key is a few KB")?;
                let text = String::from_utf8(bytes).map_err(|_| format!("{shown} is not text (UTF-8)"))?;
                usable_key(&text).map_err(|why| format!("{shown} holds no usable public key: {why}"))?;
                let keys = ctx.keys_text.get_or_insert_with(String::new);
                keys.push_str(&text);
                keys.push('\n');
                verify = true;
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
    Ok(Args { ctx, format, file, verify })
}

/// A key file must hold at least one public RSA key the verifier can use (a JWKS member, a
/// JWK, a PEM public key or certificate); else say what was found instead.
fn usable_key(text: &str) -> Result<(), String> {
    let keys = auth_triage::keys::parse::keys_in(text);
    if keys.iter().any(|k| k.public_jwk.is_some()) {
        return Ok(());
    }
    let found: Vec<String> = keys
        .iter()
        .map(|k| match &k.problem {
            Some(p) => format!("a {} ({p})", k.source.label()),
            None => format!("a {} of type {:?}", k.source.label(), k.kty),
        })
        .collect();
    Err(match found.is_empty() {
        true => "no PEM key, certificate, JWK or JWKS could be read in it".into(),
        false => format!("found {}", auth_triage::join_and(&found)),
    })
}

/// With `--jwks` / `--key-pem`, the signature was checked (valid, invalid, or a kid not in the
/// set); else why not, so a CI check that asked for verification never passes without one.
fn verified(report: &Report) -> Result<(), String> {
    let checked = [Code::SignatureValid, Code::SignatureWrongAlg, Code::SignatureMismatch, Code::KidNotInJwks];
    if checked.iter().any(|c| report.has(*c)) {
        return Ok(());
    }
    Err(match report.findings.iter().find(|f| f.code == Code::SignatureUnverifiable) {
        Some(f) => f.message.clone(),
        None if report.client_assertion().is_none() => "the paste holds no client assertion to verify".into(),
        None => "the client assertion is not a signed JWT (JWS)".into(),
    })
}

/// The report on stdout, flushed: a closed pipe or a full disk is an error. (A descriptor 1
/// closed before start, `>&-`, is /dev/null to Rust's runtime, as `> /dev/null` is.)
fn write_out(out: &str) -> std::io::Result<()> {
    let mut lock = std::io::stdout().lock();
    writeln!(lock, "{out}")?;
    lock.flush()
}

fn main() -> ExitCode {
    // `auth-triage twin …`: the local twin of the token endpoint (src/twin).
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::args_os().nth(1).is_some_and(|a| a == "twin") {
        return auth_triage::twin::main(std::env::args_os().skip(2).collect());
    }
    if std::env::args_os().nth(1).is_some_and(|a| a == "code") {
        return code_main(std::env::args_os().skip(2).collect());
    }
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                say(&format!("auth-triage: {e}"));
            }
            say(USAGE);
            return ExitCode::from(2);
        }
    };
    let hint = ": pass the part that matters, e.g. `tail -c 8M app.log | auth-triage`";
    let read = match &args.file {
        Some(path) if path != "-" => std::fs::File::open(path)
            .map_err(|e| format!("cannot read {path}: {e}"))
            .and_then(|f| read_capped(f, path, MAX_INPUT, hint)),
        _ => read_capped(std::io::stdin().lock(), "stdin", MAX_INPUT, hint),
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            say(&format!("auth-triage: {e}"));
            return ExitCode::from(2);
        }
    };
    let input = String::from_utf8_lossy(&bytes);
    // The signature is verified natively (RustCrypto), as the page does with WebCrypto.
    #[cfg(not(target_arch = "wasm32"))]
    let report = analyze_with(&input, &args.ctx, &auth_triage::NATIVE);
    #[cfg(target_arch = "wasm32")]
    let report = auth_triage::analyze(&input, &args.ctx);
    let out = match args.format {
        Format::Json => serde_json::to_string_pretty(&auth_triage::outputs::json::out(&report)).unwrap_or_default(),
        Format::Text => auth_triage::outputs::text::render(&report),
    };
    if let Err(e) = write_out(&out) {
        say(&format!("auth-triage: cannot write the report to stdout: {e}"));
        return ExitCode::from(2);
    }
    if args.verify {
        if let Err(why) = verified(&report) {
            say(&format!("auth-triage: --jwks/--key-pem was given but no signature was verified: {why}"));
            return ExitCode::from(2);
        }
    }
    if report.has_error() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
