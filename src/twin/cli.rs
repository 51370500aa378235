//! `auth-triage twin [--listen ADDR] [--env ENV] [--now UNIX_SECONDS] [--config FILE]
//! [--app key=KEY,app-id=GUID,jwks=FILE[,products=signed-jwt|…]]… [--page URL]
//! [--page-dir DIR] [--max-body BYTES] [--state FILE]`

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

use super::{parse_env, App, Config};

/// `auth-triage twin --help`: the options and every bound the twin holds itself to.
pub fn usage() -> String {
    use super::jti::{ENTRY_BYTES, JTI_WINDOW_DAYS};
    use super::MAX_BODY_LIMIT;
    let jti = super::JtiLimits::default();
    let cfg = Config::default();
    format!(
        "usage: auth-triage twin [--listen ADDR] [--env sandbox|int|dev|dep|prod|…]
         [--now UNIX_SECONDS] [--config FILE] [--page URL] [--page-dir DIR] [--max-body BYTES]
         [--state FILE]
         [--app key=KEY,app-id=GUID,jwks=FILE[,products=signed-jwt|user-restricted|api-key]]…
A local twin of the platform's token endpoint (default 127.0.0.1:9000, environment int), answering
POST /oauth2/token (and the mock deployment's /oauth2-mock/token) as the gateway does, and
GET /hello-world/hello/application with its tokens. aud: the environment's token URL, or the URL
the request was posted to (http://HOST:PORT/oauth2/token, the twin's own).
--now: a fixed clock, for tests only: a real client's exp is judged against it.
--page-dir DIR: the built page served on the twin's own origin (default dist/ when it holds
  index.html), so the page opened from the twin can post to it; --page URL: where the console
  links point (default the page the twin serves, else http://127.0.0.1:8080/).

--max-body BYTES: {} by default, at most {MAX_BODY_LIMIT} (the core judges at most {} bytes of a
  request: its line, headers and body; a token request that comes to more gets 413, whole).
Spent jtis: kept {JTI_WINDOW_DAYS} days per sub as SHA-256 digests, {ENTRY_BYTES} bytes each whatever their length;
  at most {} MiB in all ({} jtis) and {} MiB per sub ({} jtis). Beyond a bound the oldest
  are evicted first (an evicted jti could be used again; the gateway would refuse it).
  A restart forgets them unless --state FILE keeps them (issued tokens are forgotten either
  way): digests and expiry times, written every {} s when they changed and when the twin stops
  (Ctrl-C, SIGTERM), atomically (a temporary file renamed over it), read back within the bounds.
Connections: at most {} at once, {} per client IP; at a cap the one that has waited longest
  without needing the twin (answered and unread or idle, else still sending after {} ms) is
  closed to make room. {} s to send the headers (or the next request), {} s for a body, {} s for a
  write that makes no progress. A browser Origin other than the twin's own gets 403.",
        super::DEFAULT_MAX_BODY,
        crate::MAX_INPUT_BYTES,
        jti.total_bytes >> 20,
        group(jti.total_entries()),
        jti.per_sub_bytes >> 20,
        group(jti.per_sub_entries()),
        cfg.state_interval.as_secs(),
        cfg.max_connections,
        cfg.max_connections_per_ip,
        super::conns::FRESH_GRACE.as_millis(),
        cfg.header_timeout.as_secs(),
        cfg.body_timeout.as_secs(),
        cfg.write_timeout.as_secs(),
    )
}

/// `104857` → `104,857`.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The configuration, or `None` for `--help`.
fn parse(args: Vec<OsString>) -> Result<Option<Config>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut cfg = Config::default();
    let (mut listen, mut env, mut now, mut page, mut apps) = (None, None, None, None, Vec::new());
    let text = |v: OsString, what: &str| v.into_string().map_err(|_| format!("{what} is not UTF-8"));
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("listen") => listen = Some(text(parser.value().map_err(|e| e.to_string())?, "--listen")?),
            Long("env") => env = Some(parse_env(&text(parser.value().map_err(|e| e.to_string())?, "--env")?)?),
            Long("now") => {
                let v = text(parser.value().map_err(|e| e.to_string())?, "--now")?;
                now = Some(v.trim().parse::<i64>().map_err(|_| format!("--now wants unix seconds, got {v:?}"))?);
            }
            Long("config") => cfg.read_file(Path::new(&parser.value().map_err(|e| e.to_string())?))?,
            Long("app") => {
                apps.push(App::parse(&text(parser.value().map_err(|e| e.to_string())?, "--app")?, Path::new("."))?)
            }
            Long("page") => page = Some(text(parser.value().map_err(|e| e.to_string())?, "--page")?),
            Long("page-dir") => cfg.page_dir = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("state") => cfg.state = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("max-body") => {
                let v = text(parser.value().map_err(|e| e.to_string())?, "--max-body")?;
                cfg.max_body = v.parse().map_err(|_| format!("--max-body wants bytes, got {v:?}"))?;
            }
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    if let Some(l) = listen {
        cfg.listen = l.parse().map_err(|e| format!("--listen {l:?}: {e} (want IP:PORT)"))?;
        cfg.listen_explicit = true;
    }
    // The panic hooks, for checking a build by hand (a release binary answers them 500 too).
    cfg.test_hooks = std::env::var_os("AUTH_TRIAGE_TWIN_TEST_HOOKS").is_some_and(|v| v == "1");
    cfg.env = env.unwrap_or(cfg.env);
    cfg.now = now.or(cfg.now);
    cfg.page = page.unwrap_or(cfg.page);
    cfg.apps.extend(apps);
    if cfg.page_dir.is_none() && Path::new("dist/index.html").is_file() {
        cfg.page_dir = Some("dist".into());
    }
    if cfg.apps.is_empty() {
        eprintln!("auth-triage twin: no app registered (--app or --config): every token request will get 401");
    }
    cfg.check()?;
    Ok(Some(cfg))
}

/// `auth-triage twin …` (the arguments after `twin`).
pub fn main(args: Vec<OsString>) -> ExitCode {
    let cfg = match parse(args) {
        Ok(Some(c)) => c,
        Ok(None) => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("auth-triage twin: {e}");
            eprintln!("{}", usage());
            return ExitCode::from(2);
        }
    };
    if !cfg.listen.ip().is_loopback() {
        let addr = cfg.listen;
        eprintln!("auth-triage twin: serving on {addr}, not loopback: anyone who can reach it can use it");
    }
    match super::run(cfg) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("auth-triage twin: {e}");
            ExitCode::from(2)
        }
    }
}
