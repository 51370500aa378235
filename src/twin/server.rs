//! The HTTP side of the twin, on hyper 1: one task per connection, at most so many in all and
//! per client IP (room made at a cap: src/twin/conns.rs), a header-read timeout, a write
//! timeout, a body limit (413 before reading more), a body timeout (408), browser requests
//! from other origins refused (403), and each request's panics caught (500, nothing else).

use std::convert::Infallible;
use std::sync::Arc;

use super::conns::{Conn, Conns, WriteTimeout};
use super::console::{escape, Console};
use super::gateway::{is_token_path, Answer, Gateway, Incoming, Why};
use super::page::PageDir;
use super::{Config, Log};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming as Body};
use hyper::header::{HeaderValue, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, ORIGIN};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};

struct State {
    gateway: Gateway,
    cfg: Config,
    /// The origins a page served by the twin itself would have (see `own_origins`).
    origins: Vec<String>,
    /// Standard output (`Log::Stdout`), written by a thread of its own.
    console: Option<Console>,
    /// The built page, served on the twin's own origin (`--page-dir`).
    page: Option<PageDir>,
}

/// Serve until `stop`; then write `--state` a last time and say how many entries it holds.
pub(super) async fn serve(
    listener: tokio::net::TcpListener,
    cfg: Config,
    gateway: Gateway,
    stop: tokio::sync::oneshot::Receiver<()>,
) -> Option<usize> {
    let origins = listener.local_addr().map(own_origins).unwrap_or_default();
    let console = matches!(cfg.log, Log::Stdout).then(Console::stdout);
    let page = cfg.page_dir.as_deref().and_then(|d| PageDir::open(d).ok());
    let mut cfg = cfg;
    // The console's links go to the page the twin serves, unless --page named another.
    if let (Some(_), Ok(addr), true) = (&page, listener.local_addr(), cfg.page == super::DEFAULT_PAGE) {
        cfg.page = format!("http://{addr}/");
    }
    let state = Arc::new(State { gateway, cfg, origins, console, page });
    let saved = Arc::new(tokio::sync::Mutex::new(0));
    let saver = tokio::spawn({
        let (state, saved) = (state.clone(), saved.clone());
        async move {
            let mut every = tokio::time::interval(state.cfg.state_interval);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                save_state(&state, &saved).await;
            }
        }
    });
    accept(listener, state.clone(), stop).await;
    saver.abort();
    save_state(&state, &saved).await
}

/// `--state`: the spent jtis written if they changed since the last write (one write at a
/// time); how many it holds.
async fn save_state(state: &Arc<State>, saved: &tokio::sync::Mutex<u64>) -> Option<usize> {
    let path = state.cfg.state.clone()?;
    let mut saved = saved.lock().await;
    let (version, entries) = {
        let jtis = state.gateway.jtis.lock().unwrap_or_else(|e| e.into_inner());
        (jtis.version(), (jtis.version() != *saved).then(|| jtis.entries()))
    };
    let Some(entries) = entries else {
        return Some(state.gateway.jtis.lock().unwrap_or_else(|e| e.into_inner()).len());
    };
    let n = entries.len();
    let shown = path.display().to_string();
    match tokio::task::spawn_blocking(move || super::state::save(&path, &entries)).await {
        Ok(Ok(())) => {
            *saved = version;
            Some(n)
        }
        Ok(Err(e)) => {
            eprintln!("auth-triage twin: cannot write the state file {shown}: {e}");
            None
        }
        Err(_) => None,
    }
}

async fn accept(listener: tokio::net::TcpListener, state: Arc<State>, mut stop: tokio::sync::oneshot::Receiver<()>) {
    let conns = Conns::new(state.cfg.max_connections, state.cfg.max_connections_per_ip);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => {
                    // Out of file descriptors and the like: wait a little, go on.
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // A place for it, closing the connection that has waited longest without needing
        // the twin if a cap is reached (src/twin/conns.rs).
        let slot = tokio::select! {
            _ = &mut stop => return,
            slot = conns.admit(peer.ip()) => slot,
        };
        let state = state.clone();
        tokio::spawn(async move {
            let conn = slot.conn.clone();
            let mut builder = http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(state.cfg.header_timeout).max_buf_size(64 << 10);
            let io = TokioIo::new(WriteTimeout::new(stream, state.cfg.write_timeout));
            let on = conn.clone();
            let svc = service_fn(move |req| answer(state.clone(), on.clone(), req));
            // Errors here are the client's (bad HTTP, timeouts, resets): hyper has answered
            // what it could (400 for a malformed request) and the connection ends. Closed to
            // make room: dropped here, the socket with it.
            tokio::select! {
                _ = builder.serve_connection(io, svc) => {}
                _ = conn.evicted.notified() => {}
            }
            drop(slot);
        });
    }
}

/// One request, its panics caught: whatever fails inside `handle` (the HTTP side here, the
/// gateway on its blocking task) answers this request 500, labelled as the twin's own, and
/// nothing else. (The release profile unwinds for this: see Cargo.toml.)
async fn answer(state: Arc<State>, conn: Arc<Conn>, req: Request<Body>) -> Result<Response<Full<Bytes>>, Infallible> {
    let (method, target) = (req.method().to_string(), req.uri().to_string());
    conn.reading();
    let answered = CatchUnwind(Box::pin(handle(state.clone(), &conn, req))).await;
    conn.answered();
    match answered {
        Ok(answered) => answered,
        Err(()) => {
            let incoming = Incoming { method, target, ..Incoming::default() };
            let note = "the twin failed on this request (a bug)".to_string();
            Ok(plain(&state, &incoming, StatusCode::INTERNAL_SERVER_ERROR, "panic", note))
        }
    }
}

/// A future whose panic is its output: `Err(())`.
struct CatchUnwind<F>(std::pin::Pin<Box<F>>);

impl<F: std::future::Future> std::future::Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        // The future is not polled again after a panic (its output is ready), so nothing it
        // left half-done is seen; the shared state it touches is behind poison-tolerant locks.
        let inner = &mut self.0;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inner.as_mut().poll(cx))) {
            Ok(std::task::Poll::Ready(v)) => std::task::Poll::Ready(Ok(v)),
            Ok(std::task::Poll::Pending) => std::task::Poll::Pending,
            Err(_) => std::task::Poll::Ready(Err(())),
        }
    }
}

async fn handle(state: Arc<State>, conn: &Conn, req: Request<Body>) -> Result<Response<Full<Bytes>>, Infallible> {
    if state.cfg.test_hooks && req.uri().path() == "/__twin/panic-in-handler" {
        panic!("test hook: a panic in the HTTP handler");
    }
    let header = |name| req.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(String::from);
    let mut incoming = Incoming {
        method: req.method().as_str().to_string(),
        target: req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into()),
        host: header(hyper::header::HOST).or_else(|| req.uri().authority().map(|a| a.to_string())),
        content_type: header(CONTENT_TYPE),
        authorization: header(hyper::header::AUTHORIZATION),
        body: Vec::new(),
    };
    // A browser names the page that sent a request in `Origin`; programs send none. A page
    // elsewhere must not drive the twin (a no-cors form POST needs no CORS consent), nor a page
    // whose name was rebound to 127.0.0.1: only the twin's own origin passes.
    if let Some(other) =
        req.headers().get_all(ORIGIN).iter().find(|o| !state.origins.iter().any(|own| own.as_bytes() == o.as_bytes()))
    {
        let own = state.origins.first().map(String::as_str).unwrap_or("its own");
        let note = format!(
            "refused: this request comes from a web page at {} (its Origin header); the twin answers programs, which \
             send no Origin, and pages of its own origin ({own})",
            String::from_utf8_lossy(other.as_bytes())
        );
        return Ok(plain(&state, &incoming, StatusCode::FORBIDDEN, "cross-origin", note));
    }
    if let Some(file) = super::page::answer(state.page.as_ref(), &incoming, state.gateway.env).await {
        return Ok(file);
    }
    let max = state.cfg.max_body;
    let declared = header(CONTENT_LENGTH).and_then(|n| n.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        let note = format!("the body is over {max} bytes");
        return Ok(plain(&state, &incoming, StatusCode::PAYLOAD_TOO_LARGE, "too-large", note));
    }
    let read = tokio::time::timeout(state.cfg.body_timeout, Limited::new(req.into_body(), max).collect()).await;
    match read {
        Ok(Ok(body)) => incoming.body = body.to_bytes().to_vec(),
        Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            let note = format!("the body is over {max} bytes");
            return Ok(plain(&state, &incoming, StatusCode::PAYLOAD_TOO_LARGE, "too-large", note));
        }
        Ok(Err(_)) => {
            let note = "the body could not be read".to_string();
            return Ok(plain(&state, &incoming, StatusCode::BAD_REQUEST, "bad-body", note));
        }
        Err(_) => {
            let note = "the body did not arrive in time".to_string();
            return Ok(plain(&state, &incoming, StatusCode::REQUEST_TIMEOUT, "body-timeout", note));
        }
    }
    // A token request is judged by the core, which reads at most MAX_INPUT_BYTES of it: one
    // that comes to more (a long Authorization or path beside a body near --max-body) is
    // refused whole rather than judged in part.
    let judged = judged_len(&incoming, state.gateway.env);
    if is_token_path(incoming.path()) && judged > crate::MAX_INPUT_BYTES {
        let note = format!(
            "the request is {judged} bytes as the core reads it (line, Content-Type, Authorization, body); it judges at \
             most {}",
            crate::MAX_INPUT_BYTES
        );
        return Ok(plain(&state, &incoming, StatusCode::PAYLOAD_TOO_LARGE, "too-large", note));
    }
    // The gateway's work is synchronous CPU work (analysis, RSA): a blocking task, which also
    // keeps a panic inside this one request.
    let worker = state.clone();
    let request = incoming.clone();
    conn.working();
    let answer = tokio::task::spawn_blocking(move || {
        if worker.cfg.test_hooks && request.path() == "/__twin/panic" {
            panic!("test hook: a panic inside one request");
        }
        worker.gateway.answer(&request)
    })
    .await;
    let answer = match answer {
        Ok(a) => a,
        Err(_) => {
            let note = "the twin failed on this request (a bug)".to_string();
            return Ok(plain(&state, &incoming, StatusCode::INTERNAL_SERVER_ERROR, "panic", note));
        }
    };
    log(&state, &incoming, &answer);
    Ok(respond(&state, answer))
}

/// An upper bound on the bytes of the paste the gateway hands the core for this request: the
/// request line (with the longest environment host), Host, Content-Type and Authorization
/// lines and the body as UTF-8 (an invalid byte becomes the 3-byte U+FFFD).
fn judged_len(req: &Incoming, env: crate::platform::Environment) -> usize {
    let longest_host = crate::platform::Environment::ALL.iter().map(|e| e.host().len()).max().unwrap_or(64);
    let lines = 256 + 2 * longest_host.max(env.host().len());
    let body: usize =
        req.body.utf8_chunks().map(|c| c.valid().len() + if c.invalid().is_empty() { 0 } else { 3 }).sum();
    let header = |h: &Option<String>| h.as_ref().map_or(0, String::len);
    lines + req.method.len() + req.target.len() + header(&req.content_type) + header(&req.authorization) + body
}

/// `http://127.0.0.1:PORT`, `http://localhost:PORT`, `http://[::1]:PORT` and the address it
/// listens on: where a page served by the twin itself would come from.
fn own_origins(addr: std::net::SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut own =
        vec![format!("http://127.0.0.1:{port}"), format!("http://localhost:{port}"), format!("http://[::1]:{port}")];
    let listening = format!("http://{addr}");
    if !addr.ip().is_unspecified() && !own.contains(&listening) {
        own.push(listening);
    }
    own
}

/// An answer of the twin's own (not the gateway's): text, labelled `twin=<reason>` in
/// `X-Auth-Triage`, and the connection closes.
fn plain(
    state: &State,
    req: &Incoming,
    status: StatusCode,
    reason: &'static str,
    text: String,
) -> Response<Full<Bytes>> {
    let answer = Answer {
        status: status.as_u16(),
        headers: vec![("content-type", "text/plain; charset=utf-8".into()), ("connection", "close".into())],
        body: format!("auth-triage twin: {text}\n").into_bytes(),
        why: Why { step: "http".into(), note: text, twin: Some(reason), ..Why::default() },
    };
    log(state, req, &answer);
    let mut r = respond(state, answer);
    r.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
    r
}

fn respond(state: &State, a: Answer) -> Response<Full<Bytes>> {
    let explain = explain_header(state, &a.why);
    let mut r = Response::new(Full::new(Bytes::from(a.body)));
    *r.status_mut() = StatusCode::from_u16(a.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in a.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            r.headers_mut().append(name, v);
        }
    }
    if let Ok(v) = HeaderValue::from_str(&explain) {
        r.headers_mut().insert("x-auth-triage", v);
    }
    r
}

/// The catalogue link of an answer.
fn link(state: &State, why: &Why) -> Option<String> {
    let page = state.cfg.page.trim_end_matches('#');
    why.entry.as_ref().map(|e| format!("{page}#/errors/{e}"))
}

/// `X-Auth-Triage: step=7.9; entry=jti-invalid; findings=jti-not-string,…; see=http://…`, or
/// for an answer of the twin's own `twin=too-large; step=http; note=…` (ASCII only; never a
/// secret).
fn explain_header(state: &State, why: &Why) -> String {
    let mut parts = Vec::new();
    match why.twin {
        Some(reason) => parts.extend([format!("twin={reason}"), format!("step={}", why.step)]),
        None => parts.extend([
            format!("step={}", why.step),
            format!("entry={}", why.entry.map(|e| e.id()).unwrap_or("success")),
        ]),
    }
    if why.likely {
        parts.push("certainty=likely".into());
    }
    if !why.findings.is_empty() {
        parts.push(format!("findings={}", why.findings.join(",")));
    }
    if !why.note.is_empty() {
        parts.push(format!("note={}", why.note));
    }
    if let Some(l) = link(state, why) {
        parts.push(format!("see={l}"));
    }
    parts.join("; ").chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '?' }).collect()
}

/// One console line per request: request, verdict, findings, link. The key only as its
/// first/last 4 (in `who`); no token, signature or body. What the request chose (its path, its
/// `sub` and `jti`, a note quoting it) is escaped and cut (`console::escape`): it cannot start
/// a line of its own or speak to the terminal.
fn log(state: &State, req: &Incoming, a: &Answer) {
    /// Characters kept of a path or of `who` (a `jti` can be as long as a body).
    const FIELD: usize = 200;
    if matches!(state.cfg.log, Log::Off) {
        return;
    }
    let why = &a.why;
    let (method, path) = (escape(&req.method, 20), escape(req.path(), FIELD));
    let mut line = format!("[twin {}] {method} {path}", state.gateway.env.label());
    if !why.who.is_empty() {
        line.push_str(&format!(" {}", escape(&why.who, FIELD)));
    }
    let note = escape(&why.note, 2 * FIELD);
    let verdict = match (&why.entry, a.status) {
        (None, 200) if why.step == crate::vocab::Step::ISSUED.to_string() => "access token issued".to_string(),
        (None, 200) => "OK".to_string(),
        (Some(e), _) => e.id().to_string(),
        (None, _) => note.clone(),
    };
    line.push_str(&format!(" -> {} {verdict} (step {}", a.status, escape(&why.step, 20)));
    if why.likely {
        line.push_str(", likely");
    }
    line.push(')');
    if !why.note.is_empty() && why.entry.is_some() {
        line.push_str(&format!(" - {note}"));
    }
    if !why.findings.is_empty() {
        line.push_str(&format!(" findings: {}", escape(&why.findings.join(", "), 4 * FIELD)));
    }
    if let Some(l) = link(state, why) {
        line.push_str(&format!(" {}", escape(&l, 2 * FIELD)));
    }
    match (&state.cfg.log, &state.console) {
        (Log::Memory(lines), _) => lines.lock().unwrap_or_else(|e| e.into_inner()).push(line),
        (_, Some(console)) => console.line(line),
        _ => {}
    }
}
